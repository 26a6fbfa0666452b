"""The Watch List waiver of 22 U.S.C. 7107(b)(2)(D)(ii) (docs/LAW.md §4.4, E9, E14): whether
one was granted with its prongs, who may grant it, and what the decision says about it where
the report needed one, had none left, or needed none.

The waiver keeps a country on the Watch List for a year instead of the automatic downgrade of
(D)(i), "for up to" 2 years to 2018 and 1 year from 2019 (``MAX_WAIVER_YEARS``), if the
President (from the 2011 report the Secretary of State, by delegation) determines that the
country has a written plan to begin making significant efforts, that the plan would
constitute them, and that it devotes sufficient resources to it, reporting the credible
evidence to the Senate Foreign Relations and House Foreign Affairs committees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tiptiers.law import citations as cite
from tiptiers.law.decision import ClockStatus, Flag, TraceStep, WatchListState
from tiptiers.law.versions import MAX_WAIVER_YEARS, WAIVER_DECIDER

if TYPE_CHECKING:
    from tiptiers.law.assessment import Assessment


def waiver_ok(a: Assessment) -> tuple[bool | None, list[str]]:
    """Whether a waiver was granted with every prong of 22 U.S.C. 7107(b)(2)(D)(ii)
    (docs/LAW.md §4.4): a written plan to begin making significant efforts, that the plan
    would constitute them, sufficient resources devoted to it, and the credible evidence
    reported to the committees. None while a fact is missing, with the missing facts (the
    assessment's ``waiver.*`` names). The decision procedure reads it for a year that needs
    the waiver, and a reporting cycle for a decider's Watch List placement that needs one."""
    w = a.waiver
    if w is None or w.granted is None:
        return None, ["waiver.granted"]
    if not w.granted:
        return False, []
    prongs = {
        "waiver.written_plan_exists": w.written_plan_exists,
        "waiver.plan_would_constitute_significant_efforts": (
            w.plan_would_constitute_significant_efforts
        ),
        "waiver.sufficient_resources_devoted": w.sufficient_resources_devoted,
        "waiver.credible_evidence_reported_to_SFRC_HFAC": w.credible_evidence_reported_to_SFRC_HFAC,
    }
    missing = [k for k, v in prongs.items() if v is None]
    if missing:
        return None, missing
    return all(prongs.values()), []


def may_decide(given: str, authority: str) -> bool:
    """Whether ``given`` held the waiver authority: the one the parameter names for the year,
    or the President, whom the statute names and who keeps an authority he has delegated
    (docs/LAW.md E14)."""
    g = given.lower()
    return g in authority.lower() or "president" in g


def granted_flags(a: Assessment) -> tuple[Flag, ...]:
    """What a granted waiver carries: E9 always (State's added precondition), E14 where the
    recorded decider held no authority that year."""
    y = a.report_year
    authority = WAIVER_DECIDER.require(y)
    given = a.waiver.decider if a.waiver else None
    flags = [
        Flag(
            "E9",
            "State's memoranda add a precondition the statute lacks: that the country"
            " merits the Watch List; tiptiers applies the statute's three prongs.",
        )
    ]
    if given is not None and not may_decide(given, authority):
        flags.append(
            Flag(
                "E14",
                f"The waiver is recorded as decided by the {given}; for the {y} report the"
                f" authority lay with {authority} (the statute names the President).",
            )
        )
    return tuple(flags)


def granted_text(a: Assessment, clock: WatchListState) -> str:
    """The sentence of a waiver that keeps the country on the Watch List."""
    given = a.waiver.decider if a.waiver else None
    authority = WAIVER_DECIDER.require(a.report_year)
    decided = f"decided by the {given}" if given else f"the authority: {authority}"
    return (
        f"A waiver was granted ({decided}) with a written plan, significant efforts and"
        f" sufficient resources: waiver year {clock.waiver_years_used + 1} of at most"
        f" {clock.max_waiver_years}."
    )


def none_left(a: Assessment, clock: WatchListState, on_watch_list: bool) -> list[TraceStep]:
    """A waiver asked for when no waiver year is left: (D)(ii) cannot give one."""
    if not (
        on_watch_list
        and a.waiver is not None
        and a.waiver.granted
        and clock.status is ClockStatus.DOWNGRADE_MANDATORY
    ):
        return []
    return [
        TraceStep(
            "waiver",
            cite.WAIVER,
            "A waiver was asked for, but none is left: the law allows at most"
            f" {MAX_WAIVER_YEARS.at(a.report_year)} waiver year(s).",
        )
    ]


def not_needed(a: Assessment, on_watch_list: bool, clock: WatchListState) -> list[Flag]:
    """A waiver recorded as granted where the report needed none: (D)(ii) waives only the
    automatic downgrade of (D)(i), so it changes nothing, and the engine says so."""
    if a.waiver is None or not a.waiver.granted:
        return []
    if on_watch_list and clock.status not in (ClockStatus.OFF_LIST, ClockStatus.COUNTING):
        return []  # needed, barred or spent (each said in the trace), or open
    why = (
        "another Watch List year was still within the counted years"
        if on_watch_list
        else "it is not placed on the Watch List"
    )
    return [
        Flag(
            "WAIVER_NOT_NEEDED",
            f"A waiver is recorded as granted, but the {a.report_year} report needed no"
            f" waiver: {why}. 7107(b)(2)(D)(ii) waives only the automatic downgrade of (D)(i),"
            " so it changes nothing here.",
        )
    ]


STILL_AVAILABLE = TraceStep(
    "waiver",
    cite.WAIVER,
    "A waiver year is still available; whether it was granted decides between the Watch List"
    " and Tier 3.",
)


def refused(a: Assessment) -> TraceStep:
    """A waiver year was available, and none valid was granted: the downgrade applies."""
    declined = a.waiver is not None and a.waiver.granted is False
    return TraceStep(
        "waiver",
        cite.WAIVER,
        (
            "A waiver year was still available, but no waiver was granted."
            if declined
            else "A waiver was granted, but not every prong of 7107(b)(2)(D)(ii) holds."
        )
        + " Without it the automatic downgrade applies.",
    )
