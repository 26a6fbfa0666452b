"""The sections of 22 U.S.C. that rules cite, in one place so that a rule's docstring and
the trace a user sees quote the same text (docs/LAW.md explains each)."""

from __future__ import annotations

VERSION = "22 U.S.C. 7107(b)"
LISTS = {
    "A": "22 U.S.C. 7107(b)(1)(A)",
    "B": "22 U.S.C. 7107(b)(1)(B)",
    "C": "22 U.S.C. 7107(b)(1)(C)",
}
LIST_LEAD_IN = "22 U.S.C. 7107(b)(1)"
SPECIAL_WATCH_LIST = "22 U.S.C. 7107(b)(2)(A)"
WATCH_LIST = "22 U.S.C. 7107(b)(2)(A)(iii)"
DOWNGRADE = "22 U.S.C. 7107(b)(2)(D)(i)"
WAIVER = "22 U.S.C. 7107(b)(2)(D)(ii)"
RELISTING = "22 U.S.C. 7107(b)(2)(F)"
PROOF_OF_FAILURE = "22 U.S.C. 7107(b)(3)(B)"
CONCRETE_ACTIONS = "22 U.S.C. 7102(5)"
POLICY = "22 U.S.C. 7107(a)"
NOTICE = "22 U.S.C. 7107(c)"
DETERMINATIONS = "22 U.S.C. 7107(d)"
