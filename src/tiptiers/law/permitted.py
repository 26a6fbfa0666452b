"""What the law still permits a country in a report, from the Watch List clock before it
(22 U.S.C. 7107(b)(2)(A), (D), (F); docs/LAW.md §4.4-§4.5): the legal test behind the
forecast and the reporting cycle.
"""

from __future__ import annotations

from tiptiers.law.decision import ClockStatus, WatchListState
from tiptiers.law.history import LookupFn
from tiptiers.law.versions import (
    RELISTING_CAP_YEARS,
    WATCH_LIST_EXISTS,
    WATCH_LIST_YEARS_BEFORE_DOWNGRADE,
)
from tiptiers.law.watchlist import clock_before
from tiptiers.model import Lookup, Placement, Presence, Tier


def permitted(year: int, lookup: LookupFn, state: WatchListState) -> tuple[str, str]:
    """What the law permits a country in the report of ``year``, from the clock before it
    (22 U.S.C. 7107(b)(2)(A), (D), (F); docs/LAW.md §4.4-§4.5): (code, sentence).

    Codes: allowed, allowed_one_year, waiver_needed, not_allowed, undetermined,
    no_watch_list. ``lookup`` reads the placements before ``year``; ``state`` is
    :func:`clock_before` of ``year`` over it.
    """
    status = state.status
    if not WATCH_LIST_EXISTS.at(year):
        return "no_watch_list", f"Tier 1, 2 or 3: the {year} law has no Watch List."
    if status is ClockStatus.NO_CLOCK:
        return "allowed", f"Any tier: the {year} law has no automatic downgrade yet."
    if status in (ClockStatus.OFF_LIST, ClockStatus.COUNTING):
        n = state.consecutive_years + 1
        limit = WATCH_LIST_YEARS_BEFORE_DOWNGRADE.require(year)
        if n <= (RELISTING_CAP_YEARS.at(year + 1) or 0) and _relisting_next(year, lookup):
            return (
                "allowed_one_year",
                "Any tier; the Watch List for one year only: 7107(b)(2)(F) would bar a second.",
            )
        if n < limit:
            return "allowed", f"Any tier; a Watch List year would be counted year {n} of {limit}."
        return (
            "allowed",
            f"Any tier; a Watch List year would be counted year {n} of {limit}: no waiver is"
            " needed yet, but the year after would need one.",
        )
    if status is ClockStatus.WAIVER_NEEDED:
        left = state.waivers_left or 0
        return (
            "waiver_needed",
            f"Watch List only with a waiver; {_WORDS.get(left, str(left))} waiver"
            f" year{'' if left == 1 else 's'} left.",
        )
    if status is ClockStatus.DOWNGRADE_MANDATORY:
        return (
            "not_allowed",
            "Watch List not permitted: automatic downgrade to Tier 3 unless upgraded to Tier 2"
            " or Tier 1.",
        )
    if status is ClockStatus.RELISTING_BARRED:
        return (
            "not_allowed",
            "Watch List not permitted (7107(b)(2)(F)): Tier 2 or Tier 1 if the Watch List tests"
            " are cleared, else Tier 3.",
        )
    return "undetermined", f"The record does not settle the clock: {state.reason}."


_WORDS = {0: "no", 1: "one", 2: "two"}


def _relisting_next(year: int, lookup: LookupFn) -> bool:
    """Whether a Watch List placement in ``year`` would leave the country barred by
    7107(b)(2)(F) from the Watch List in ``year + 1`` (the clock asked with a hypothetical
    placement; only years before ``year`` are read from ``lookup``)."""
    if RELISTING_CAP_YEARS.at(year + 1) is None:
        return False

    def with_year(y: int) -> Lookup:
        if y == year:
            look = lookup(y)
            return Lookup(look.iso3, y, Presence.PUBLISHED, Placement(look.iso3, y, Tier.T2WL), "")
        return lookup(y)

    state, _ = clock_before(year + 1, with_year)
    return state.status is ClockStatus.RELISTING_BARRED
