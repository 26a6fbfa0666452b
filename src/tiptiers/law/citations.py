"""The sections of 22 U.S.C. that rules cite, in one place so that a rule's docstring and
the trace a user sees quote the same text (docs/LAW.md explains each)."""

from __future__ import annotations

from functools import cache

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

_CODE_PAGE = "https://www.law.cornell.edu/uscode/text/{title}/{section}"


@cache  # a handful of distinct citations, asked for on every trace step
def url(citation: str) -> str | None:
    """The page of a cited section of the U.S. Code (Cornell LII), or None for a citation
    that is not one (a memo, the project's guide).

    >>> url(WAIVER)
    'https://www.law.cornell.edu/uscode/text/22/7107'
    >>> url("19 U.S.C. 4205(b)(6)"), url("State practice")
    ('https://www.law.cornell.edu/uscode/text/19/4205', None)
    """
    import re

    m = re.match(r"\s*(\d+) U\.S\.C\. (\d+[a-z]?)", citation)
    if m is None:
        return None
    return _CODE_PAGE.format(title=m.group(1), section=m.group(2))
