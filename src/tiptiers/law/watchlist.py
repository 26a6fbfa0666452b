"""The Watch List clock: consecutive years, waiver years, the automatic downgrade and the
re-listing cap — 22 U.S.C. 7107(b)(2)(D)-(F).

:func:`clock_before` replays a country's published placements before a report year and
says where it stood: still counting, needing a waiver, facing a mandatory downgrade, or
barred from the Watch List by 7107(b)(2)(F). Where the statute is ambiguous (RULES.md E1,
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
    WATCH_LIST_YEARS_BEFORE_DOWNGRADE,
)
from tiptiers.model import Lookup, Presence, Tier

LookupFn = Callable[[int], Lookup]


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
    gap_years: tuple[int, ...]  # Special Case / not-ranked years met (E1/E5)


def _walk_back(
    year: int, lookup: LookupFn, start: int, gap_policy: str, unknown_as: str | None = None
) -> _Run:
    """Walk back from ``year - 1`` over consecutive Watch List years.

    ``gap_policy`` says what a Special Case or not-ranked year does to a streak: "break"
    (the State reading: any placement other than the Watch List breaks it) or "pause"
    (it is skipped and the years either side are treated as consecutive). ``unknown_as``
    bounds a year the record does not settle: "on" (as if on the Watch List) or "off";
    None stops the walk there.
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
        gap = tier is Tier.SPECIAL_CASE or look.presence is Presence.NOT_RANKED
        if gap:
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
            if unknown_as == "on":
                listed_since = y
                if y >= start:
                    counted.append(y)
                y -= 1
                continue
            if unknown_as is None:
                return _Run(tuple(reversed(counted)), listed_since, y, look.note, tuple(gaps))
        break  # Tier 1, Tier 2, Tier 3, or known to be off the Watch List
    return _Run(tuple(reversed(counted)), listed_since, None, "", tuple(gaps))


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
    return (
        ClockStatus.DOWNGRADE_MANDATORY,
        tuple(waivers),
        f"on the Watch List in {years_text(counted)} ({n} consecutive counted years,"
        f" {used} of at most {limit} waiver years used): no waiver can keep it"
        f" on the Watch List, so another year there means an automatic downgrade to Tier 3",
    )


def _relisting_barred(
    year: int,
    counted: tuple[int, ...],
    lookup: LookupFn,
    start: int,
    reading: tuple[str, str, str],
) -> tuple[bool, int | None, tuple[int, ...]]:
    """7107(b)(2)(F): after a streak of 2+ counted Watch List years was followed by Tier 3,
    the country may be on the Watch List for at most 1 consecutive year.

    ``reading`` = (when, which, reach) for E7: when is "immediately" (Tier 3 right after the
    streak) or "subsequently" (any later Tier 3); which is "every" (every later re-entry)
    or "first" (only the first Watch List run after that Tier 3); reach is "reach_back"
    (the text: streaks counted from 2009) or "prospective" (only a Tier 3 placement made
    under the 2019 law, as State's practice of re-listing suggests).
    Returns (barred, the Tier 3 year, the earlier streak).
    """
    cap = RELISTING_CAP_YEARS.at(year)
    if cap is None or len(counted) < cap:
        return False, None, ()
    when, which, reach = reading
    enacted = RELISTING_CAP_YEARS.steps[0][0]
    first_current = counted[0]
    tiers: dict[int, Tier | None] = {}
    for y in range(start, first_current):
        tiers[y] = lookup(y).tier
    # candidate Tier 3 years before the current run
    for t in sorted((y for y, tier in tiers.items() if tier is Tier.T3), reverse=True):
        if reach == "prospective" and t < enacted:
            continue
        streak: list[int] = []
        y = t - 1
        while y >= start and tiers.get(y) is Tier.T2WL:
            streak.insert(0, y)
            y -= 1
        if when == "subsequently" and len(streak) < 2:
            # look for any earlier streak of 2+ before t
            run: list[int] = []
            for yy in range(start, t):
                if tiers.get(yy) is Tier.T2WL:
                    run.append(yy)
                    if len(run) >= 2:
                        streak = list(run)
                else:
                    run = []
        if len(streak) < 2:
            continue
        if which == "first":
            between = [y for y in range(t + 1, first_current) if tiers.get(y) is Tier.T2WL]
            if between:
                continue
        return True, t, tuple(streak)
    return False, None, ()


_E7_WORDS = (
    ("if the Tier 3 year must follow the streak immediately", "if any later Tier 3 year counts"),
    ("if it covers every re-entry", "if it covers only the first re-entry after that Tier 3"),
    (
        "if it reaches back to streaks counted from 2009, as the text says",
        "if it applies only after a Tier 3 placement made under the 2019 law, as State's"
        " re-listings suggest",
    ),
)


def _e7_dimensions(verdicts: Mapping[tuple[str, ...], bool]) -> str:
    """Say which of the E7 questions decide the case, and which way."""
    options = (("immediately", "subsequently"), ("every", "first"), ("reach_back", "prospective"))
    parts = []
    for d, (a, b) in enumerate(options):
        decisive = any(
            verdicts[r] != verdicts[(*r[:d], b, *r[d + 1 :])] for r in verdicts if r[d] == a
        )
        if decisive:
            yes_a = any(v for r, v in verdicts.items() if r[d] == a)
            yes_b = any(v for r, v in verdicts.items() if r[d] == b)
            words = _E7_WORDS[d]
            parts.append(
                f"it can bar it {words[0] if yes_a else words[1]}, but not"
                f" {words[1] if yes_a else words[0]}"
                if yes_a != yes_b
                else f"the answer turns on whether {words[0][3:]} or {words[1][3:]}"
            )
    return "; ".join(parts)


READINGS_E7 = tuple(
    (when, which, reach)
    for when in ("immediately", "subsequently")
    for which in ("every", "first")
    for reach in ("reach_back", "prospective")
)


def clock_before(year: int, lookup: LookupFn) -> tuple[WatchListState, tuple[Flag, ...]]:
    """Where a country stood on the Watch List clock before the report of ``year``.

    Implements 22 U.S.C. 7107(b)(2)(D)(i) (automatic downgrade after 2 consecutive counted
    years), 7107(b)(2)(D)(ii) (waivers, 2 years to 2018 and 1 year from 2019) and
    7107(b)(2)(F) (re-listing cap, from 2019), reading placements from ``lookup``.
    """
    start = COUNTING_STARTS.at(year)
    flags: list[Flag] = []
    if start is None:
        run = _walk_back(year, lookup, year, "break")
        since = run.listed_since
        reason = (
            f"the {year} report's law had no automatic downgrade (it begins with the 2009 report)"
        )
        if since is not None:
            reason = f"on the Watch List since {since}; " + reason
        return (
            WatchListState(ClockStatus.NO_CLOCK, listed_since=since, reason=reason),
            (),
        )
    readings: list[_Reading] = []
    runs = {policy: _walk_back(year, lookup, start, policy) for policy in ("break", "pause")}
    base = runs["break"]
    gap_matters = bool(runs["pause"].gap_years) and runs["pause"] != runs["break"]
    policies = ("break", "pause") if gap_matters else ("break",)
    cap_now = MAX_WAIVER_YEARS.require(year)
    e6_relevant = any(
        MAX_WAIVER_YEARS.at(y) != cap_now
        for y in base.counted[WATCH_LIST_YEARS_BEFORE_DOWNGRADE.require(year) :]
    )
    waiver_policies = ("all", "current_rule") if e6_relevant else ("all",)
    if base.unknown_year is not None:
        return _bounded(year, lookup, start, base)
    for policy in policies:
        run = runs[policy]
        if run.unknown_year is not None:
            return (
                WatchListState(
                    ClockStatus.UNDETERMINED,
                    consecutive_years=len(run.counted),
                    streak_years=run.counted,
                    listed_since=run.listed_since,
                    max_waiver_years=cap_now,
                    years_before_downgrade=WATCH_LIST_YEARS_BEFORE_DOWNGRADE.at(year),
                    reason=f"the clock cannot be settled: {run.unknown_note}",
                ),
                (),
            )
        for wp in waiver_policies:
            status, waivers, reason = _status_for(year, run.counted, lookup, wp)
            state = WatchListState(
                status,
                consecutive_years=len(run.counted),
                streak_years=run.counted,
                listed_since=run.listed_since,
                waiver_years=waivers,
                max_waiver_years=cap_now,
                years_before_downgrade=WATCH_LIST_YEARS_BEFORE_DOWNGRADE.at(year),
                reason=reason,
            )
            # (F) matters only where another Watch List year would otherwise be possible.
            if (
                RELISTING_CAP_YEARS.at(year) is not None
                and run.counted
                and status in (ClockStatus.COUNTING, ClockStatus.WAIVER_NEEDED)
            ):
                verdicts = {
                    r: _relisting_barred(year, run.counted, lookup, start, r) for r in READINGS_E7
                }
                barred = {v[0] for v in verdicts.values()}
                if barred == {True}:
                    _, t, streak = verdicts[("immediately", "every", "reach_back")]
                    if t is None:
                        _, t, streak = next(v for v in verdicts.values() if v[0])
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
                            "7107(b)(2)(F) applies under every reading; it does not say where"
                            " the country goes instead (Tier 2 if the Watch List tests are"
                            " cleared, else Tier 3).",
                        )
                    )
                elif barred == {True, False}:
                    flags.append(
                        Flag(
                            "E7",
                            "Whether 7107(b)(2)(F) bars another Watch List year depends on how"
                            " it is read: "
                            + _e7_dimensions({r: v[0] for r, v in verdicts.items()})
                            + ".",
                            blocking=True,
                        )
                    )
                    state = replace(
                        state,
                        status=ClockStatus.UNDETERMINED,
                        reason=reason + "; whether the re-listing cap of 7107(b)(2)(F) also"
                        " applies depends on how it is read (E7)",
                    )
            readings.append(_Reading(state, f"{policy}/{wp}"))
    flags = list(dict.fromkeys(flags))
    distinct = {
        (r.state.status, r.state.consecutive_years, r.state.waiver_years_used) for r in readings
    }
    if gap_matters:
        gaps = years_text(sorted(set(runs["pause"].gap_years)))
        if len(distinct) == 1:
            flags.append(
                Flag(
                    "E5",
                    f"{gaps}: a Special Case or not-ranked year; whether it breaks or pauses"
                    " the streak does not change the result here.",
                )
            )
        else:
            flags.append(
                Flag(
                    "E5",
                    f"{gaps}: a Special Case or not-ranked year; the statute does not say"
                    " whether it breaks the streak (then: "
                    + readings[0].state.reason
                    + ") or pauses it (then: "
                    + readings[-1].state.reason
                    + ").",
                    blocking=True,
                )
            )
    if e6_relevant:
        old = [
            w.year for w in readings[0].state.waiver_years if MAX_WAIVER_YEARS.at(w.year) != cap_now
        ]
        if len(distinct) == 1:
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
    if len(distinct) == 1:
        return readings[0].state, tuple(flags)
    first = readings[0].state
    return (
        replace(
            first,
            status=ClockStatus.UNDETERMINED,
            reason="the readings of the statute disagree: "
            + "; ".join(f"{r.label}: {r.state.reason}" for r in readings),
        ),
        tuple(flags),
    )


def _bounded(
    year: int, lookup: LookupFn, start: int, run: _Run
) -> tuple[WatchListState, tuple[Flag, ...]]:
    """The clock when the record does not settle a year: settled only if treating the unknown
    year(s) as on and as off the Watch List gives the same status."""
    cap = MAX_WAIVER_YEARS.require(year)
    before = WATCH_LIST_YEARS_BEFORE_DOWNGRADE.at(year)
    outcomes = []
    for unknown_as in ("off", "on"):
        r = _walk_back(year, lookup, start, "break", unknown_as)
        status, waivers, reason = _status_for(year, r.counted, lookup, "all")
        outcomes.append((status, r, waivers, reason))
    if outcomes[0][0] is outcomes[1][0] and outcomes[0][0] is not ClockStatus.OFF_LIST:
        status, r, waivers, reason = outcomes[0]
        return (
            WatchListState(
                status,
                consecutive_years=len(r.counted),
                streak_years=r.counted,
                listed_since=r.listed_since,
                waiver_years=waivers,
                max_waiver_years=cap,
                years_before_downgrade=before,
                reason=f"{reason}; the record lacks {run.unknown_year}, but the result is the"
                " same whether it was on the Watch List then or not",
            ),
            (),
        )
    if {o[0] for o in outcomes} <= {ClockStatus.OFF_LIST, ClockStatus.COUNTING}:
        r = outcomes[1][1]
        return (
            WatchListState(
                ClockStatus.COUNTING,
                consecutive_years=len(outcomes[0][1].counted),
                streak_years=outcomes[0][1].counted,
                listed_since=outcomes[0][1].listed_since,
                max_waiver_years=cap,
                years_before_downgrade=before,
                reason=f"the record lacks {run.unknown_year} ({run.unknown_note}); even if it"
                f" was on the Watch List then, it had at most {len(r.counted)} counted year(s),"
                " so no waiver or downgrade is in play",
            ),
            (),
        )
    return (
        WatchListState(
            ClockStatus.UNDETERMINED,
            consecutive_years=len(run.counted),
            streak_years=run.counted,
            listed_since=run.listed_since,
            max_waiver_years=cap,
            years_before_downgrade=before,
            reason=f"the clock cannot be settled: {run.unknown_note}",
        ),
        (),
    )
