"""The Watch List clock: consecutive years, waiver years, the automatic downgrade and the
re-listing cap — 22 U.S.C. 7107(b)(2)(D)-(F) (docs/LAW.md §4.4-§4.5, E4-E7).

:func:`clock_before` replays a country's published placements before a report year and
says where it stood: still counting, needing a waiver, facing a mandatory downgrade, or
barred from the Watch List by 7107(b)(2)(F). Where the statute is ambiguous (docs/LAW.md E1,
E5, E6, E7) the clock is computed under every reading; if the readings agree the result
stands with an informational flag, and if they disagree the clock is ``undetermined``
and the flag says why. A year the record does not settle makes the clock undetermined.
The re-listing cap itself is :mod:`tiptiers.law.relisting`; what the clock still permits a
country is :mod:`tiptiers.law.permitted`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tiptiers.law.decision import ClockStatus, Flag, WaiverYear, WatchListState
from tiptiers.law.history import LookupFn, count_text, years_text
from tiptiers.law.relisting import relisting_cap
from tiptiers.law.versions import (
    COUNTING_STARTS,
    MAX_WAIVER_YEARS,
    RELISTING_CAP_YEARS,
    WATCH_LIST_YEARS_BEFORE_DOWNGRADE,
)
from tiptiers.model import Lookup, Placement, Presence, Tier


@dataclass(frozen=True)
class _Run:
    """Consecutive Watch List years found walking back from a report year."""

    counted: tuple[int, ...]  # counted Watch List years, oldest first
    listed_since: int | None  # first year of the run, counted or not
    unknown_year: int | None  # a year the record does not settle, which stopped the walk
    unknown_note: str
    gap_years: tuple[int, ...]  # Special Case years met (E1/E5)


def _walk_back(year: int, lookup: LookupFn, start: int, gap_policy: str) -> _Run:
    """Walk back from ``year - 1`` over consecutive Watch List years.

    ``gap_policy`` says what a Special Case year does to a streak: "break" (the State
    reading: any placement other than the Watch List breaks it) or "pause" (it is skipped and
    the years either side are treated as consecutive; docs/LAW.md E5). A year the report
    ranked the country on no list is on no list, so it breaks the "2 consecutive years" of
    7107(b)(2)(D)(i) under either policy. A year the record does not settle stops the walk
    (``unknown_year``).
    """
    counted: list[int] = []
    gaps: list[int] = []
    listed_since: int | None = None
    y = year - 1
    while True:
        look = lookup(y)
        if look.presence is Presence.OUT_OF_RECORD:
            if y >= start:
                return _Run(tuple(reversed(counted)), listed_since, y, look.note, tuple(gaps))
            break
        tier = look.tier
        if tier is Tier.SPECIAL_CASE:
            gaps.append(y)
            if gap_policy == "break":
                break
            y -= 1
            continue
        if tier is Tier.T2WL:
            listed_since = y
            if y >= start:
                counted.append(y)
            y -= 1
            continue
        if look.presence is Presence.NOT_PUBLISHED and (y >= start or counted):
            return _Run(tuple(reversed(counted)), listed_since, y, look.note, tuple(gaps))
        break  # Tier 1, Tier 2, Tier 3, or known to be off the Watch List
    return _Run(tuple(reversed(counted)), listed_since, None, "", tuple(gaps))


def state_words(state: WatchListState) -> str:
    """A clock state in words, never empty: its reason, or what its status means."""
    if state.reason:
        return state.reason
    return {
        ClockStatus.OFF_LIST: "off the Watch List, with no counted year before this report",
        ClockStatus.NO_CLOCK: "under a law with no automatic downgrade",
    }.get(state.status, state.status.value.replace("_", " "))


@dataclass(frozen=True)
class _Reading:
    state: WatchListState
    label: str


def _status_for(
    year: int,
    counted: tuple[int, ...],
    lookup: LookupFn,
    waiver_policy: str,
) -> tuple[ClockStatus, tuple[WaiverYear, ...], str]:
    """Clock status before ``year`` for a run of counted Watch List years (7107(b)(2)(D)).

    ``waiver_policy`` (E6): "all" counts every waiver year of the streak against the cap in
    force for ``year``; "current_rule" counts only waiver years granted under the same cap,
    though a streak never gets more waiver years than the most generous cap in force during
    it (a country waived twice under the 2-year rule gets no third waiver in 2019).
    """
    before = WATCH_LIST_YEARS_BEFORE_DOWNGRADE.require(year)
    cap = MAX_WAIVER_YEARS.require(year)
    waivers: list[WaiverYear] = []
    for y in counted[before:]:
        p = lookup(y).placement
        stated = p is not None and p.waiver is True
        waivers.append(
            WaiverYear(y, "stated" if stated else "implied", p.flag_basis if stated and p else "")
        )
    counted_against = [
        w for w in waivers if waiver_policy == "all" or MAX_WAIVER_YEARS.at(w.year) == cap
    ]
    n = len(counted)
    if n == 0:
        return ClockStatus.OFF_LIST, (), ""
    if n < before:
        return (
            ClockStatus.COUNTING,
            tuple(waivers),
            f"on the Watch List in {years_text(counted)}: {n} of the {before} counted years"
            f" before a further year triggers the automatic downgrade",
        )
    most = max([cap, *(MAX_WAIVER_YEARS.require(y) for y in counted)])
    if len(counted_against) < cap and len(waivers) < most:
        return (
            ClockStatus.WAIVER_NEEDED,
            tuple(waivers),
            f"on the Watch List in {years_text(counted)} ({n} consecutive counted years,"
            f" {len(counted_against)} of at most {cap} waiver years used): another Watch List"
            f" year needs a waiver, and one is still available",
        )
    used = len(counted_against) if len(counted_against) >= cap else len(waivers)
    limit = cap if len(counted_against) >= cap else most
    earlier = sorted({MAX_WAIVER_YEARS.require(w.year) for w in waivers} - {limit})
    waived = (
        f"{used} of at most {limit} waiver years used"
        if used <= limit
        else f"{count_text(used, 'waiver year')} used, granted under the"
        f" {'/'.join(map(str, earlier))}-year rule then in force; the {limit}-year limit of the"
        f" {year} law leaves none"
    )
    return (
        ClockStatus.DOWNGRADE_MANDATORY,
        tuple(waivers),
        f"on the Watch List in {years_text(counted)} ({n} consecutive counted years,"
        f" {waived}): no waiver can keep it on the Watch List, so another year there means an"
        " automatic downgrade to Tier 3",
    )


def downgrade_start_text(year: int) -> str:
    """When the automatic downgrade begins, for a report whose law has none yet.

    >>> downgrade_start_text(2005)
    'the automatic downgrade begins with the 2009 report'
    """
    first = COUNTING_STARTS.first_in_force(after=year)
    if first is None:
        return "the law applied here has no automatic downgrade"
    return f"the automatic downgrade begins with the {first} report"


_OFF_TIERS = (Tier.T1, Tier.T2, Tier.T3)


def streak_broken(year: int, lookup: LookupFn) -> bool:
    """Whether the report before ``year`` took the country off the Watch List for certain
    (published on Tier 1, 2 or 3, or named on no complete Watch List or Tier 3 list), so
    that :func:`clock_before` is ``off_list`` (or ``no_clock`` before the 2009 report) for
    it under every reading: no consecutive Watch List year ends the year before
    (22 U.S.C. 7107(b)(2)(D)(i)), and (F) applies only to a country on the Watch List.
    A cheap test, for listing the clock of every country without replaying each.
    """
    look = lookup(year - 1)
    if look.presence is Presence.OFF_WATCH_LIST:
        return True
    return look.presence is Presence.PUBLISHED and look.tier in _OFF_TIERS


class Clocks:
    """:func:`clock_before` for one ``lookup``, each report year read once.

    A lookup is a pure function of the year, so the clock before a report does not change
    while one question is answered: the engine's settling step and its hints of what is
    missing try several values of a fact (docs/LAW.md §2.2), each a whole pass of
    22 U.S.C. 7107(b) that begins with the same clock of 7107(b)(2)(D). Share one
    ``Clocks`` between the passes of one question, never between lookups.
    """

    __slots__ = ("_read", "lookup")

    def __init__(self, lookup: LookupFn) -> None:
        self.lookup = lookup
        self._read: dict[int, tuple[WatchListState, tuple[Flag, ...]]] = {}

    def before(self, year: int) -> tuple[WatchListState, tuple[Flag, ...]]:
        """The clock before the report of ``year`` and its flags (7107(b)(2)(D), (F))."""
        got = self._read.get(year)
        if got is None:
            got = self._read[year] = clock_before(year, self.lookup)
        return got


def clock_before(year: int, lookup: LookupFn) -> tuple[WatchListState, tuple[Flag, ...]]:
    """Where a country stood on the Watch List clock before the report of ``year``.

    Implements 22 U.S.C. 7107(b)(2)(D)(i) (automatic downgrade after 2 consecutive counted
    years), 7107(b)(2)(D)(ii) (waivers, 2 years to 2018 and 1 year from 2019) and
    7107(b)(2)(F) (re-listing cap, from 2019), reading placements from ``lookup``. A year
    the record does not settle is tried as the Watch List, Tier 2 and Tier 3: the clock is
    settled only if all three give the same status.
    """
    start = COUNTING_STARTS.at(year)
    if start is None:
        return _no_clock(year, lookup), ()
    base = _walk_back(year, lookup, start, "break")
    unknown = _unknown_years(year, lookup, start, base)
    if unknown:
        return _settle_unknown(year, lookup, unknown)
    runs = [base]
    gap_years: tuple[int, ...] = ()
    if base.gap_years:  # E5: a Special Case year breaks the streak, or it is skipped
        paused = _walk_back(year, lookup, start, "pause")
        if paused.unknown_year is not None:
            return _settle_unknown(year, lookup, (paused.unknown_year,))
        gap_years = paused.gap_years
        if paused.counted != base.counted:
            runs.append(paused)
    e6 = _e6_relevant(year, base)
    readings, flags = _readings(year, lookup, start, runs, e6)
    statuses = {r.state.status for r in readings}
    if gap_years:
        flags += _e5_flags(gap_years, readings, statuses)
    if e6:
        flags += _e6_flags(year, readings, statuses)
    return _one_state(readings, statuses), tuple(dict.fromkeys(flags))


def _no_clock(year: int, lookup: LookupFn) -> WatchListState:
    """Before the 2009 report the law had no automatic downgrade: no clock, only how long
    the country had been on the Watch List."""
    since = _walk_back(year, lookup, year, "break").listed_since
    reason = f"the {year} report's law had no automatic downgrade ({downgrade_start_text(year)})"
    if since is not None:
        reason = f"on the Watch List since {since}; " + reason
    return WatchListState(ClockStatus.NO_CLOCK, listed_since=since, reason=reason)


def _e6_relevant(year: int, base: _Run) -> bool:
    """E6: a waiver year of the streak was granted under another cap than this report's."""
    cap_now = MAX_WAIVER_YEARS.require(year)
    before = WATCH_LIST_YEARS_BEFORE_DOWNGRADE.require(year)
    return any(MAX_WAIVER_YEARS.at(y) != cap_now for y in base.counted[before:])


def _readings(
    year: int, lookup: LookupFn, start: int, runs: list[_Run], e6: bool
) -> tuple[list[_Reading], list[Flag]]:
    """The clock under each reading: each streak (E5) under each count of waiver years (E6)."""
    flags: list[Flag] = []
    readings: list[_Reading] = []
    for run in runs:
        for wp in ("all", "current_rule") if e6 else ("all",):
            state, f = _state_for(year, run, lookup, start, wp)
            flags.extend(f)
            policy = "break" if run is runs[0] else "pause"
            readings.append(_Reading(state, f"{policy}/{wp}"))
    return readings, flags


def _e5_flags(
    gap_years: tuple[int, ...], readings: list[_Reading], statuses: set[ClockStatus]
) -> list[Flag]:
    """E5: whether a Special Case year breaks or pauses the streak, and whether it matters."""
    if not gap_years:
        return []
    gaps = years_text(sorted(set(gap_years)))
    if len(statuses) == 1:
        return [
            Flag(
                "E5",
                f"{gaps}: a Special Case year; whether it breaks or pauses the streak does"
                " not change the result here.",
            )
        ]
    return [
        Flag(
            "E5",
            f"{gaps}: a Special Case year; the statute does not say whether it breaks"
            " the streak (then it was "
            + state_words(readings[0].state)
            + ") or pauses it (then it was "
            + state_words(readings[-1].state)
            + ").",
            blocking=True,
        )
    ]


def _e6_flags(year: int, readings: list[_Reading], statuses: set[ClockStatus]) -> list[Flag]:
    """E6: waiver years granted under the 2-year rule, met by the 1-year cap of 2019."""
    cap_now = MAX_WAIVER_YEARS.require(year)
    old = [w.year for w in readings[0].state.waiver_years if MAX_WAIVER_YEARS.at(w.year) != cap_now]
    if len(statuses) == 1:
        return [
            Flag(
                "E6",
                f"Waiver year(s) {years_text(old)} were granted under the earlier"
                f" {MAX_WAIVER_YEARS.at(old[0])}-year rule; counting them against the"
                f" {cap_now}-year cap or not gives the same result here.",
            )
        ]
    return [
        Flag(
            "E6",
            f"Waiver year(s) {years_text(old)} were granted under the earlier"
            f" {MAX_WAIVER_YEARS.at(old[0])}-year rule. If they count against the"
            f" {cap_now}-year cap of the {year} law (the text suggests 'up to"
            f" {cap_now} year' per streak), no waiver is left; if not, one is.",
            blocking=True,
        )
    ]


def _one_state(readings: list[_Reading], statuses: set[ClockStatus]) -> WatchListState:
    """The clock where every reading agrees; else undetermined, carrying every reading."""
    if len(statuses) == 1:
        return readings[0].state
    return replace(
        readings[0].state,
        status=ClockStatus.UNDETERMINED,
        reason="the readings of the statute disagree: "
        + "; ".join(f"{r.label}: {r.state.reason}" for r in readings),
        readings=tuple(r.state for r in readings),
    )


def _state_for(
    year: int, run: _Run, lookup: LookupFn, start: int, waiver_policy: str
) -> tuple[WatchListState, list[Flag]]:
    """The clock for one reading: 7107(b)(2)(D), then (F) where it can make a difference."""
    status, waivers, reason = _status_for(year, run.counted, lookup, waiver_policy)
    state = WatchListState(
        status,
        consecutive_years=len(run.counted),
        streak_years=run.counted,
        listed_since=run.listed_since,
        waiver_years=waivers,
        max_waiver_years=MAX_WAIVER_YEARS.require(year),
        years_before_downgrade=WATCH_LIST_YEARS_BEFORE_DOWNGRADE.at(year),
        reason=reason,
    )
    flags: list[Flag] = []
    literal = _literal_streak(year, run, lookup, start)
    if literal != run.counted:
        extra = [y for y in literal if y not in run.counted]
        lit_status, _, _ = _status_for(year, literal, lookup, waiver_policy)
        same = "the same result" if lit_status is status else f"the status '{lit_status.value}'"
        flags.append(
            Flag(
                "E4",
                f"{years_text(extra)} put the country on the special watch list under category"
                " (i) or (ii) while it was published on another tier. 7107(b)(2)(D)(i), in"
                f" every version since {COUNTING_STARTS.first_in_force()}, counts years on 'the"
                " special watch list described in subparagraph (A)', all three categories: read"
                " literally, it counts those"
                f" years too ({count_text(len(literal), 'year')}, which would give {same})."
                " The engine follows State's reading: only Tier 2 Watch List years count.",
            )
        )
    # (F) matters only where another Watch List year would otherwise be possible.
    if RELISTING_CAP_YEARS.at(year) is None or status not in (
        ClockStatus.COUNTING,
        ClockStatus.WAIVER_NEEDED,
    ):
        return state, flags
    state, f = relisting_cap(year, run.counted, lookup, start, state)
    return state, [*flags, *f]


def _special_watch_list_year(y: int, lookup: LookupFn) -> bool:
    """Was the country on the statutory special watch list (7107(b)(2)(A)) in report ``y``,
    under any category: (iii) as published, (i) Tier 1 after list B, (ii) Tier 2 after Tier 3?
    """
    look = lookup(y)
    if look.categories:
        return True
    tier = look.tier
    if tier is Tier.T2WL:
        return True
    prev = lookup(y - 1).tier
    if tier is Tier.T1:
        return prev is not None and prev.statutory_list == "B"
    if tier is Tier.T2:
        return prev is Tier.T3
    return False


def _literal_streak(year: int, run: _Run, lookup: LookupFn, start: int) -> tuple[int, ...]:
    """Consecutive counted years on the special watch list under any category (docs/LAW.md E4:
    the literal reading of "the special watch list described in subparagraph (A)")."""
    years: list[int] = []
    y = year - 1
    while y >= start and _special_watch_list_year(y, lookup):
        years.insert(0, y)
        y -= 1
    return tuple(years) if len(years) > len(run.counted) else run.counted


def _unknown_years(year: int, lookup: LookupFn, start: int, base: _Run) -> tuple[int, ...]:
    """Years the record does not settle and that can change the clock: the one that stopped
    the walk back, and (where (F) is in force) any before the current run."""
    if base.unknown_year is not None:
        return (base.unknown_year,)
    if RELISTING_CAP_YEARS.at(year) is None or not base.counted:
        return ()
    return tuple(
        y for y in range(start, base.counted[0]) if lookup(y).presence is Presence.NOT_PUBLISHED
    )


FILLS = (Tier.T2WL, Tier.T2, Tier.T3)


def fill_options(look: Lookup) -> tuple[Tier, ...]:
    """The placements a year the record does not settle is tried as (docs/LAW.md E5): the
    Watch List and Tier 3 unless that year's list is complete and does not name the country,
    and always Tier 2, which stands for any placement off both (Tier 1, Tier 2, not ranked).
    A year the record has no report for is tried as all three."""
    if look.presence is Presence.OUT_OF_RECORD:
        return FILLS
    return tuple(t for t in FILLS if t is Tier.T2 or t in look.open_tiers)


def _filled(lookup: LookupFn, fill: Tier, window: range) -> LookupFn:
    """``lookup`` with every year the record does not settle read as ``fill`` where that
    year's lists leave ``fill`` open (else as Tier 2): a year whose lists leave the country
    open, and a year of ``window`` (the clock's counted years) that the record has no report
    for at all, as when a report beyond the record's last year is evaluated."""

    def filled(y: int) -> Lookup:
        look = lookup(y)
        if look.presence is Presence.NOT_PUBLISHED or (
            look.presence is Presence.OUT_OF_RECORD and y in window
        ):
            tier = fill if fill in fill_options(look) else Tier.T2
            return Lookup(look.iso3, y, Presence.PUBLISHED, Placement(look.iso3, y, tier), "")
        return look

    return filled


def _settle_unknown(
    year: int, lookup: LookupFn, unknown: tuple[int, ...]
) -> tuple[WatchListState, tuple[Flag, ...]]:
    """The clock when the record does not settle a year: tried with the year(s) as the Watch
    List, Tier 2 and Tier 3, less the tiers whose lists for the year are complete
    (:func:`fill_options`); settled only where every try gives the same status."""
    window = range(COUNTING_STARTS.require(year), year)
    lacking = sorted(
        {*unknown, *(y for y in window if lookup(y).presence is Presence.OUT_OF_RECORD)}
    )
    open_fills = {t for y in lacking for t in fill_options(lookup(y))}
    tries = {
        fill: clock_before(year, _filled(lookup, fill, window))
        for fill in FILLS
        if fill in open_fills
    }
    statuses = {state.status for state, _ in tries.values()}
    missing = years_text(lacking)
    note = lookup(lacking[0]).note.rstrip(".")
    if len(statuses) == 1 and ClockStatus.UNDETERMINED not in statuses:
        state, settled = tries[Tier.T2]
        return (
            replace(
                state,
                reason=f"{state.reason}; the record lacks {missing}, but the result is the same"
                " whatever the placement was then",
            ),
            settled,
        )
    if statuses <= {ClockStatus.OFF_LIST, ClockStatus.COUNTING}:
        high, _ = tries.get(Tier.T2WL, tries[Tier.T2])
        low, _ = tries[Tier.T2]
        return (
            replace(
                low,
                status=ClockStatus.COUNTING,
                waiver_years=(),
                reason=f"the record lacks {missing} ({note}); even if it was on the Watch List"
                f" then, it had at most {count_text(high.consecutive_years, 'counted year')}, so no"
                " waiver"
                " or downgrade is in play",
            ),
            (),
        )
    low, _ = tries[Tier.T2]
    flags: tuple[Flag, ...] = ()
    if statuses == {ClockStatus.UNDETERMINED}:
        # whatever the missing year was, the statute's readings leave it open: say which
        flags = tuple(dict.fromkeys(f for _, fs in tries.values() for f in fs if f.blocking))
        reason = f"{low.reason}; and the record lacks {missing}, which would not settle it"
    else:
        was = "was" if len(lacking) == 1 else "were"
        words = {
            Tier.T2WL: "on the Watch List",
            Tier.T2: "off the Watch List and Tier 3",
            Tier.T3: "on Tier 3",
        }
        reason = f"the clock cannot be settled: {note}. If {missing} {was} " + "; ".join(
            f"{words[fill]}: {state.status.words}" for fill, (state, _) in tries.items()
        )
    return (
        replace(
            low,
            status=ClockStatus.UNDETERMINED,
            waiver_years=(),
            reason=reason,
            readings=tuple(state for state, _ in tries.values()),
        ),
        flags,
    )
