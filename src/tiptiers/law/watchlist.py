"""The Watch List clock: consecutive years, waiver years, the automatic downgrade and the
re-listing cap — 22 U.S.C. 7107(b)(2)(D)-(F).

:func:`clock_before` replays a country's published placements before a report year and
says where it stood: still counting, needing a waiver, facing a mandatory downgrade, or
barred from the Watch List by 7107(b)(2)(F). Where the statute is ambiguous (docs/LAW.md E1,
E5, E6, E7) the clock is computed under every reading; if the readings agree the result
stands with an informational flag, and if they disagree the clock is ``undetermined``
and the flag says why. A year the record does not settle makes the clock undetermined.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from tiptiers.law.decision import ClockStatus, Flag, WaiverYear, WatchListState
from tiptiers.law.versions import (
    COUNTING_STARTS,
    MAX_WAIVER_YEARS,
    RELISTING_CAP_YEARS,
    RELISTING_STREAK_YEARS,
    WATCH_LIST_EXISTS,
    WATCH_LIST_YEARS_BEFORE_DOWNGRADE,
    version_for,
)
from tiptiers.model import Lookup, Placement, Presence, Tier

LookupFn = Callable[[int], Lookup]


def count_text(n: int, noun: str) -> str:
    """'1 waiver year', '2 waiver years', '0 counted years'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def years_text(years: tuple[int, ...] | list[int]) -> str:
    """'2009', '2009 and 2010', '2009, 2010 and 2011'."""
    ys = [str(y) for y in years]
    if len(ys) <= 1:
        return "".join(ys)
    return f"{', '.join(ys[:-1])} and {ys[-1]}"


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


def _relisting_verdicts(
    year: int, counted: tuple[int, ...], lookup: LookupFn, start: int
) -> dict[tuple[str, str, str], tuple[bool, int | None, tuple[int, ...]]]:
    """7107(b)(2)(F): after a streak of 2+ counted Watch List years was followed by Tier 3,
    the country may be on the Watch List for at most 1 consecutive year — under each reading.

    A reading (E7) is (when, which, reach): when is "immediately" (Tier 3 right after the
    streak) or "subsequently" (any later Tier 3); which is "every" (every later re-entry)
    or "first" (only the first Watch List run after that Tier 3). Reach is no question of
    the text: (F)(i)(I) counts the streak from the enactment of (D) and "subsequently" puts
    no date on the Tier 3 year ("reach_back", the law); "prospective" (only a Tier 3 placed
    under the 2019 law) is State's later practice, computed to say where it departs from the
    text. Each verdict is (barred, the Tier 3 year, the earlier streak). The record is read
    once for all readings.
    """
    cap = RELISTING_CAP_YEARS.at(year)
    if cap is None or len(counted) < cap:
        return dict.fromkeys(_ALL_READINGS, (False, None, ()))
    enacted = RELISTING_CAP_YEARS.first_in_force() or year
    streak_needed = RELISTING_STREAK_YEARS.require(year)
    first_current = counted[0]
    tiers = {y: lookup(y).tier for y in range(start, first_current)}
    wl = [y for y, t in tiers.items() if t is Tier.T2WL]
    candidates = []  # (t, streak immediately before, any 2+ streak before, re-entered since)
    for t in sorted((y for y, tier in tiers.items() if tier is Tier.T3), reverse=True):
        before: list[int] = []
        y = t - 1
        while y >= start and tiers.get(y) is Tier.T2WL:
            before.insert(0, y)
            y -= 1
        earlier: list[int] = []
        run: list[int] = []
        for yy in range(start, t):
            if tiers.get(yy) is Tier.T2WL:
                run.append(yy)
                if len(run) >= streak_needed:
                    earlier = list(run)
            else:
                run = []
        reentered = any(t < y < first_current for y in wl)
        candidates.append((t, before, earlier, reentered))
    out: dict[tuple[str, str, str], tuple[bool, int | None, tuple[int, ...]]] = {}
    for reading in _ALL_READINGS:
        when, which, reach = reading
        out[reading] = (False, None, ())
        for t, before, earlier, reentered in candidates:
            if reach == "prospective" and t < enacted:
                continue
            streak = before if len(before) >= streak_needed or when == "immediately" else earlier
            if len(streak) < streak_needed or (which == "first" and reentered):
                continue
            out[reading] = (True, t, tuple(streak))
            break
    return out


def _e7_words() -> tuple[tuple[str, str], ...]:
    """The two answers to each E7 question, in words (the years from the parameters)."""
    return (
        (
            "if the Tier 3 year must follow the streak immediately",
            "if any later Tier 3 year counts",
        ),
        ("if it covers every re-entry", "if it covers only the first re-entry after that Tier 3"),
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


def _e7_dimensions(verdicts: Mapping[tuple[str, ...], bool]) -> str:
    """Say which of the E7 questions decide the case, and which way."""
    options = (("immediately", "subsequently"), ("every", "first"))
    parts = []
    for d, (a, b) in enumerate(options):
        decisive = any(
            verdicts[r] != verdicts[(*r[:d], b, *r[d + 1 :])] for r in verdicts if r[d] == a
        )
        if decisive:
            yes_a = any(v for r, v in verdicts.items() if r[d] == a)
            yes_b = any(v for r, v in verdicts.items() if r[d] == b)
            words = _e7_words()[d]
            parts.append(
                f"it can bar it {words[0] if yes_a else words[1]}, but not"
                f" {words[1] if yes_a else words[0]}"
                if yes_a != yes_b
                else f"the answer turns on whether {words[0][3:]} or {words[1][3:]}"
            )
    return "; ".join(parts)


#: The readings of 7107(b)(2)(F) the text leaves open (docs/LAW.md E7(b), (d)).
READINGS_E7 = tuple(
    (when, which) for when in ("immediately", "subsequently") for which in ("every", "first")
)
#: Each of them under the text ("reach_back") and under State's later practice ("prospective").
_ALL_READINGS = tuple((*r, reach) for r in READINGS_E7 for reach in ("reach_back", "prospective"))


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
        since = _walk_back(year, lookup, year, "break").listed_since
        reason = (
            f"the {year} report's law had no automatic downgrade ({downgrade_start_text(year)})"
        )
        if since is not None:
            reason = f"on the Watch List since {since}; " + reason
        return WatchListState(ClockStatus.NO_CLOCK, listed_since=since, reason=reason), ()
    base = _walk_back(year, lookup, start, "break")
    unknown = _unknown_years(year, lookup, start, base)
    if unknown:
        return _settle_unknown(year, lookup, unknown)
    runs = [base]
    gap_years: tuple[int, ...] = ()
    if base.gap_years:
        paused = _walk_back(year, lookup, start, "pause")
        if paused.unknown_year is not None:
            return _settle_unknown(year, lookup, (paused.unknown_year,))
        gap_years = paused.gap_years
        if paused.counted != base.counted:
            runs.append(paused)
    cap_now = MAX_WAIVER_YEARS.require(year)
    before = WATCH_LIST_YEARS_BEFORE_DOWNGRADE.require(year)
    e6_relevant = any(MAX_WAIVER_YEARS.at(y) != cap_now for y in base.counted[before:])
    waiver_policies = ("all", "current_rule") if e6_relevant else ("all",)
    flags: list[Flag] = []
    readings: list[_Reading] = []
    for run in runs:
        for wp in waiver_policies:
            state, f = _state_for(year, run, lookup, start, wp)
            flags.extend(f)
            policy = "break" if run is base else "pause"
            readings.append(_Reading(state, f"{policy}/{wp}"))
    statuses = {r.state.status for r in readings}
    if gap_years:
        gaps = years_text(sorted(set(gap_years)))
        if len(statuses) == 1:
            flags.append(
                Flag(
                    "E5",
                    f"{gaps}: a Special Case year; whether it breaks or pauses the streak does"
                    " not change the result here.",
                )
            )
        else:
            flags.append(
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
            )
    if e6_relevant:
        old = [
            w.year for w in readings[0].state.waiver_years if MAX_WAIVER_YEARS.at(w.year) != cap_now
        ]
        if len(statuses) == 1:
            flags.append(
                Flag(
                    "E6",
                    f"Waiver year(s) {years_text(old)} were granted under the earlier"
                    f" {MAX_WAIVER_YEARS.at(old[0])}-year rule; counting them against the"
                    f" {cap_now}-year cap or not gives the same result here.",
                )
            )
        else:
            flags.append(
                Flag(
                    "E6",
                    f"Waiver year(s) {years_text(old)} were granted under the earlier"
                    f" {MAX_WAIVER_YEARS.at(old[0])}-year rule. If they count against the"
                    f" {cap_now}-year cap of the {year} law (the text suggests 'up to"
                    f" {cap_now} year' per streak), no waiver is left; if not, one is.",
                    blocking=True,
                )
            )
    flags = list(dict.fromkeys(flags))
    if len(statuses) == 1:
        return readings[0].state, tuple(flags)
    return (
        replace(
            readings[0].state,
            status=ClockStatus.UNDETERMINED,
            reason="the readings of the statute disagree: "
            + "; ".join(f"{r.label}: {r.state.reason}" for r in readings),
            readings=tuple(r.state for r in readings),
        ),
        tuple(flags),
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
    verdicts = _relisting_verdicts(year, run.counted, lookup, start)
    text = {r: verdicts[(*r, "reach_back")] for r in READINGS_E7}
    barred = {v[0] for v in text.values()}
    if True in barred:
        flags.extend(_practice_note(verdicts))
    if barred == {True}:
        _, t, streak = text[("immediately", "every")]
        state = replace(
            state,
            status=ClockStatus.RELISTING_BARRED,
            reason=(
                f"on the Watch List in {years_text(streak)}, placed on Tier 3 in {t},"
                f" and back on the Watch List in {years_text(run.counted)}: under"
                " 7107(b)(2)(F) it may not stay on the Watch List another year, and"
                " no waiver can change that"
            ),
        )
        flags.append(
            Flag(
                "E7",
                "7107(b)(2)(F) applies under every reading; it does not say where the country"
                " goes instead (Tier 2 if the Watch List tests are cleared, else Tier 3).",
            )
        )
    elif barred == {True, False}:
        flags.append(
            Flag(
                "E7",
                "Whether 7107(b)(2)(F) bars another Watch List year depends on how it is read: "
                + _e7_dimensions({r: v[0] for r, v in text.items()})
                + ".",
                blocking=True,
            )
        )
        _, t, _ = next(v for v in text.values() if v[0])
        state = replace(
            state,
            status=ClockStatus.UNDETERMINED,
            reason=reason + "; whether the re-listing cap of 7107(b)(2)(F) also"
            " applies depends on how it is read",
            readings=(
                state,
                replace(
                    state,
                    status=ClockStatus.RELISTING_BARRED,
                    reason=f"placed on Tier 3 in {t} after a Watch List streak and back on the"
                    " Watch List since: under a reading of 7107(b)(2)(F) by which it applies,"
                    " it may not stay on the Watch List another year",
                ),
            ),
        )
    return state, flags


def _practice_note(
    verdicts: Mapping[tuple[str, str, str], tuple[bool, int | None, tuple[int, ...]]],
) -> list[Flag]:
    """An informational E7 note where (F) bars the Watch List only because its Tier 3 year
    came before the 2019 law: the text reaches it, State's later re-listings do not."""
    departs = [
        v
        for r in READINGS_E7
        if (v := verdicts[(*r, "reach_back")])[0] and not verdicts[(*r, "prospective")][0]
    ]
    if not departs:
        return []
    _, t, _ = departs[0]
    first_counted = COUNTING_STARTS.first_in_force()
    enacted = version_for(first_counted).enacted if first_counted else None
    since = f" from {enacted.isoformat()}, the enactment of (D)," if enacted else ""
    return [
        Flag(
            "E7",
            f"7107(b)(2)(F)(i)(I) counts the earlier streak{since} and 'subsequently' puts no"
            " date on the Tier 3 year, so the"
            f" Tier 3 placement of {t} brings the cap on although it came before the"
            f" {RELISTING_CAP_YEARS.first_in_force()} law. State's later re-listings after such"
            " a Tier 3 year depart from the text: a finding about the record, not a reading of"
            " the statute.",
        )
    ]


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
            f"{words[fill]}: {state.status.value}" for fill, (state, _) in tries.items()
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


# -- what the law still permits: the legal test behind the forecast ---------------------
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
