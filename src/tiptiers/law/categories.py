"""The special watch list of 22 U.S.C. 7107(b)(2)(A) (docs/LAW.md §4.1 step 3, §4.3, §4.5,
E1, E3): its three categories — (i) list A after list B in the previous annual report,
(ii) list B after list C, (iii) list B meeting a Watch List test — and the tests of (iii) as
the 2003 law wrote them and the 2019 law rewrote them. A (iii) country is published as the
Tier 2 Watch List; the special watch list exists from the 2004 report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tiptiers.law import citations as cite
from tiptiers.law.decision import Flag, Step, TraceStep
from tiptiers.law.versions import VERSIONS, WATCH_LIST_EXISTS, at_least
from tiptiers.model import Tier

if TYPE_CHECKING:
    from tiptiers.law.assessment import Assessment
    from tiptiers.law.history import LookupFn


def categories(a: Assessment, lst: str, lookup: LookupFn) -> tuple[list[str], bool | None, Step]:
    """7107(b)(2)(A): the categories a list-A or list-B government is on the special watch
    list under, whether a (iii) test is met (None: the facts do not settle it), and the
    step of the trace."""
    y = a.report_year
    if not WATCH_LIST_EXISTS.at(y) or lst not in ("A", "B"):
        return [], False, Step()
    prev = lookup(y - 1).tier
    flags = _special_case_before(a, lst, prev, lookup)
    prev_list = prev.statutory_list if prev else None
    cats = ["(i)"] if lst == "A" and prev_list == "B" else []
    cats += ["(ii)"] if lst == "B" and prev_list == "C" else []
    if lst != "B":
        return cats, False, Step(_listed(cats), flags)
    iii_met, iii_missing, iii_why = iii_test(a)
    tests = TraceStep(
        "watch_list_tests",
        cite.WATCH_LIST,
        f"The Watch List tests of 7107(b)(2)(A)(iii) as {tests_law(y)} wrote them: {iii_why}.",
    )
    if iii_met is None:
        return cats, None, Step((tests,), flags, stop=True, missing=tuple(iii_missing))
    if iii_met:
        cats.append("(iii)")
    elif "(ii)" in cats:
        flags += (
            Flag(
                "E3",
                "Upgraded from Tier 3, it is on the statutory special watch list under"
                " (ii) without a (iii) test; whether that is published as Tier 2 Watch"
                " List is State practice. The engine publishes Tier 2.",
            ),
        )
    return cats, iii_met, Step((tests, *_listed(cats)), flags)


def _listed(cats: list[str]) -> tuple[TraceStep, ...]:
    if not cats:
        return ()
    sentence = "On the special watch list under category " + " and ".join(cats) + "."
    return (TraceStep("special_watch_list", "22 U.S.C. 7107(b)(2)(A)", sentence),)


def _special_case_before(
    a: Assessment, lst: str, prev: Tier | None, lookup: LookupFn
) -> tuple[Flag, ...]:
    """E1: the previous report treated it as a Special Case; the year before that would put
    it under (i) or (ii) if the Special Case year is not the 'previous annual report'."""
    y = a.report_year
    if prev is not Tier.SPECIAL_CASE:
        return ()
    before = lookup(y - 2).tier
    if before is None or (lst, before.statutory_list) not in (("B", "C"), ("A", "B")):
        return ()
    cat = "(ii)" if lst == "B" else "(i)"
    return (
        Flag(
            "E1",
            f"The previous report ({y - 1}) treated it as a Special Case; if that year does"
            f" not count as the 'previous annual report', the {y - 2} placement"
            f" ({before.label}) puts it under category {cat} of the special watch list. The"
            " engine reads the Special Case year as the previous report.",
        ),
    )


def iii_test(a: Assessment) -> tuple[bool | None, list[str], str]:
    """7107(b)(2)(A)(iii): the Watch List tests of the governing version.

    To 2018: (I) absolute number of victims very significant or significantly increasing,
    (II) no evidence of increasing efforts, or (III) efforts rest on commitments.
    From 2019: (I) estimated number ... and not taking proportional concrete actions, or (II).
    """
    y = a.report_year
    limbs: list[tuple[str, bool | None]] = []
    if at_least(y, "V2019"):
        v = a.victims_very_significant_or_significantly_increasing
        p = a.taking_proportional_concrete_actions
        if v is False or p is True:
            limb1: bool | None = False
        elif v is True and p is False:
            limb1 = True
        else:
            limb1 = None
        limbs.append(("(I) estimated victims without proportional concrete actions", limb1))
        missing_i = [
            f
            for f, val in (
                ("victims_very_significant_or_significantly_increasing", v),
                ("taking_proportional_concrete_actions", p),
            )
            if val is None and limb1 is None
        ]
    else:
        limbs.append(
            (
                "(I) absolute number of victims very significant or increasing",
                a.victims_very_significant_or_significantly_increasing,
            )
        )
        missing_i = (
            ["victims_very_significant_or_significantly_increasing"]
            if a.victims_very_significant_or_significantly_increasing is None
            else []
        )
    limbs.append(
        (
            "(II) no evidence of increasing efforts",
            a.no_evidence_of_increasing_efforts_vs_prior_year,
        )
    )
    missing = list(missing_i)
    if a.no_evidence_of_increasing_efforts_vs_prior_year is None:
        missing.append("no_evidence_of_increasing_efforts_vs_prior_year")
    if not at_least(y, "V2019"):
        limbs.append(("(III) efforts rest on commitments", a.efforts_rest_on_commitments))
        if a.efforts_rest_on_commitments is None:
            missing.append("efforts_rest_on_commitments")
    met = [name for name, v in limbs if v is True]
    if met:
        return True, [], "meets " + "; ".join(met)
    if all(v is False for _, v in limbs):
        return False, [], "meets none of the (iii) tests"
    return None, missing, "the (iii) tests cannot be settled"


def tests_law(report_year: int) -> str:
    """The law that wrote the Watch List tests a report applies: the 2003 law's (iii)(I)-(III)
    stood unchanged until the 2019 law rewrote (I) and dropped (III).

    >>> tests_law(2013), tests_law(2020)
    ('the 2003 law', 'the 2019 law')
    """
    wrote = next(
        v for v in reversed(VERSIONS) if v.id in ("V2003", "V2019") and at_least(report_year, v.id)
    )
    return f"the {wrote.enacted.year} law"
