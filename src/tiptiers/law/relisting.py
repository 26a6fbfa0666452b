"""The re-listing cap of 22 U.S.C. 7107(b)(2)(F), from the 2019 report (docs/LAW.md §4.5,
§7 example 7, E7): a country on the special watch list under (A)(iii) for 2 consecutive
years after the enactment of (D) (23 December 2008), plus any waiver years, and
subsequently placed on list C, may not be on that list for more than 1 consecutive year
after, "notwithstanding" the automatic downgrade and the waiver of (D).

The text answers whether the cap reaches a streak or a Tier 3 year from before 2019: it
does. It leaves open whether the Tier 3 year must follow the streak at once and whether the
cap covers every later re-entry or only the first (E7(b), (d)); where those readings
disagree the clock is undetermined. Where it names no tier for the barred country (E7(a)),
:mod:`tiptiers.law.exceptions` leaves the tier open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from tiptiers.law.decision import ClockStatus, Flag, WatchListState
from tiptiers.law.history import LookupFn, years_text
from tiptiers.law.versions import (
    COUNTING_STARTS,
    RELISTING_CAP_YEARS,
    RELISTING_STREAK_YEARS,
    version_for,
)
from tiptiers.model import Tier


def relisting_cap(
    year: int, counted: tuple[int, ...], lookup: LookupFn, start: int, state: WatchListState
) -> tuple[WatchListState, list[Flag]]:
    """7107(b)(2)(F) on a clock that would allow another Watch List year (``state``, with
    ``counted`` its counted years): ``relisting_barred`` where the cap applies under every
    reading the text leaves open, ``undetermined`` where they disagree, with the flags."""
    flags: list[Flag] = []
    verdicts = _relisting_verdicts(year, counted, lookup, start)
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
                f" and back on the Watch List in {years_text(counted)}: under"
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
            reason=state.reason + "; whether the re-listing cap of 7107(b)(2)(F) also"
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
