"""The three lists of 22 U.S.C. 7107(b)(1) and what a list A or B finding must rest on
(docs/LAW.md §4.1 step 2, §3.3, E8, E12).

(A) the government fully complies with the minimum standards; (B) it does not but makes
significant efforts to; (C) neither. From the 2019 report lists A and B rest "only on
concrete actions ... recorded during the reporting period" (April 1 of the year before to
March 31, "to the extent concurrent reporting data is available"), and a government policy
or pattern of 7107(b)(3)(B) is "proof of failure" to make significant efforts.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tiptiers.law import citations as cite
from tiptiers.law.decision import Flag, Step, TraceStep
from tiptiers.law.versions import at_least

if TYPE_CHECKING:
    from tiptiers.law.assessment import Assessment

LIST_SENTENCES = {
    "A": "The government fully complies with the minimum standards: list A (Tier 1).",
    "B": "It does not fully comply but makes significant efforts: list B (Tier 2).",
    "C": "It neither complies nor makes significant efforts: list C (Tier 3).",
}
LIST_TIER_CODES = {"A": "1", "B": "2", "C": "3"}


def statutory_list(a: Assessment) -> tuple[str | None, list[str]]:
    """7107(b)(1)(A)-(C): list A if it fully complies, B if significant efforts, else C.

    Returns (list or None, missing facts).
    """
    if a.fully_complies is None:
        return None, ["fully_complies"]
    if a.fully_complies:
        return "A", []
    if a.making_significant_efforts is None:
        return None, ["making_significant_efforts"]
    return ("B" if a.making_significant_efforts else "C"), []


def list_step(a: Assessment) -> tuple[str | None, Step]:
    """7107(b)(1): the list the findings give, as a step of the trace (or the facts it lacks)."""
    lst, missing = statutory_list(a)
    if lst is None:
        sentence = "The list (A, B or C) cannot be decided without " + ", ".join(missing) + "."
        return None, Step(
            (TraceStep("statutory_list", "22 U.S.C. 7107(b)(1)", sentence),),
            (),
            True,
            tuple(missing),
        )
    step = TraceStep("statutory_list", cite.LISTS[lst], LIST_SENTENCES[lst], LIST_TIER_CODES[lst])
    return lst, Step((step,))


def reporting_period_of(a: Assessment) -> tuple[date, date]:
    """The reporting period of an assessment: its own where it gives one (concurrent data
    for another span, docs/LAW.md E12), else April 1 to March 31 (7107(b)(1))."""
    if a.reporting_period is not None:
        return a.reporting_period.start, a.reporting_period.end
    return reporting_period(a.report_year)


def reporting_period(report_year: int) -> tuple[date, date]:
    """April 1 of the year before to March 31 of the report year (7107(b)(1), from 2019)."""
    return date(report_year - 1, 4, 1), date(report_year, 3, 31)


def evidence_guards(a: Assessment, lst: str) -> Step:
    """From the 2019 law, what a list A or B finding must rest on: no policy or pattern that
    is proof of failure (7107(b)(3)(B), E8), and concrete actions within the reporting
    period (7107(b)(1), E12)."""
    if not at_least(a.report_year, "V2019") or lst not in ("A", "B"):
        return Step()
    if a.government_policy_or_pattern:
        return _proof_of_failure(a)
    return _concrete_actions(a, lst)


def _proof_of_failure(a: Assessment) -> Step:
    """7107(b)(3)(B): a policy or pattern beside an A or B finding (E8)."""
    step = TraceStep(
        "proof_of_failure",
        cite.PROOF_OF_FAILURE,
        "A government policy or pattern ("
        + ", ".join(a.government_policy_or_pattern or ())
        + ") is to be considered proof of failure to make significant efforts.",
    )
    flag = Flag(
        "E8",
        "A list A/B finding coexists with a government policy or pattern; the statute"
        " calls it proof of failure but stops short of requiring list C.",
        blocking=True,
    )
    return Step((step,), (flag,), stop=True)


def _concrete_actions(a: Assessment, lst: str) -> Step:
    """7107(b)(1): lists A and B rest only on concrete actions in the reporting period."""
    if a.concrete_actions is None:
        step = TraceStep(
            "concrete_actions",
            cite.CONCRETE_ACTIONS,
            "From 2019, lists A and B rest only on concrete actions in the reporting"
            " period; none were given.",
        )
        return Step((step,), stop=True, missing=("concrete_actions",))
    start, end = reporting_period_of(a)
    period = f"{start.isoformat()} to {end.isoformat()}"
    flags = []
    if a.reporting_period is not None:
        flags.append(
            Flag(
                "E12",
                f"The reporting period is taken as {period}"
                f" ({a.reporting_period.reason.rstrip('.')}), not April 1 to March 31: the"
                " statute's period holds 'to the extent concurrent reporting data is"
                " available'.",
            )
        )
    inside = [c for c in a.concrete_actions if start <= c.date <= end]
    outside = [c for c in a.concrete_actions if not start <= c.date <= end]
    if outside:
        flags.append(
            Flag(
                "E12",
                f"{len(outside)} concrete action(s) fall outside the reporting period"
                f" {period} and cannot support list {lst}.",
                blocking=not inside,
            )
        )
    if not inside:
        sentence = (
            f"No concrete action falls within the reporting period {period}, so list {lst}"
            " has no basis."
        )
        return Step(
            (TraceStep("concrete_actions", cite.CONCRETE_ACTIONS, sentence),),
            tuple(flags),
            stop=True,
        )
    sentence = (
        f"The finding rests on {len(inside)} concrete action(s) within the reporting period"
        f" {period}."
    )
    return Step((TraceStep("concrete_actions", cite.CONCRETE_ACTIONS, sentence),), tuple(flags))
