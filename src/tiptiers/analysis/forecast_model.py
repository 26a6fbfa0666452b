"""The forecast's transition model (docs/FORECAST.md): what it sees of each country-year
(the previous tier and, on the Watch List, the clock of 22 U.S.C. 7107(b)(2)(D)-(F)), how
it is fit on the record before a report year only, and the naive baseline it is scored
against. :mod:`tiptiers.analysis.forecast` forecasts with it, :mod:`tiptiers.analysis.backtest`
scores it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from tiptiers.law.decision import ClockStatus, WatchListState
from tiptiers.law.versions import WATCH_LIST_EXISTS
from tiptiers.law.watchlist import clock_before
from tiptiers.model import (
    RANKED_TIERS,
    TIERS,
    Lookup,
    Placement,
    Presence,
    Record,
    Tier,
)

DECAY = 0.7  # weight of a move per year of age (a move into the year before counts 1)
PRIOR = 5.0  # pseudo-moves pulling a distribution toward the one above it
BASELINE_SMOOTHING = 0.01  # ε of the naive baseline
LOG_FLOOR = 1e-15  # probabilities are floored here for log-loss (a forbidden tier that happens)

OUTCOMES: tuple[Tier, ...] = TIERS  # Tier 1, 2, Watch List, 3 and Special Case

# The clock before a report, as the model conditions on it (Watch List countries only).
CLOCK_CLASSES: dict[ClockStatus, str] = {
    ClockStatus.NO_CLOCK: "no_clock",
    ClockStatus.OFF_LIST: "counting",
    ClockStatus.COUNTING: "counting",
    ClockStatus.WAIVER_NEEDED: "waiver_needed",
    ClockStatus.DOWNGRADE_MANDATORY: "downgrade_mandatory",
    ClockStatus.RELISTING_BARRED: "relisting_barred",
    ClockStatus.UNDETERMINED: "undetermined",
}
NOT_ON_CLOCK = "-"
UNSETTLED = "undetermined"  # the engine cannot settle the clock: the model uses the tier alone

MODEL_DESCRIPTION = (
    "Empirical transition model P(tier | previous tier, Watch List clock), fit on the moves"
    " between consecutive reports before the year forecast (the tier alone where the clock is"
    " undetermined), each weighted"
    f" {DECAY}^(years of age), smoothed toward P(tier | previous tier) and toward all moves"
    f" with {PRIOR:g} pseudo-moves each; Watch List probability 0 where the law forbids it"
    f" (no Watch List before the {WATCH_LIST_EXISTS.first_in_force()} report; automatic"
    " downgrade mandatory)."
)


# -- what the model sees ----------------------------------------------------------------
@dataclass(frozen=True)
class Situation:
    """A country before the report of ``year``: its tier in ``year - 1`` and its clock."""

    iso3: str
    year: int
    previous: Tier
    clock: str  # a value of CLOCK_CLASSES, or NOT_ON_CLOCK when not on the Watch List
    status: ClockStatus | None  # the engine's clock status (None when not computed)

    @property
    def key(self) -> tuple[Tier, str]:
        return (self.previous, self.clock)


@dataclass(frozen=True)
class Observation:
    """A move from ``situation.previous`` to ``outcome`` (None: the record lacks it)."""

    situation: Situation
    outcome: Tier | None


def lookup_fn(record: Record, iso3: str) -> Callable[[int], Lookup]:
    return lambda y: record.lookup(iso3, y)


def situation_of(
    record: Record, p: Placement, year: int, *, always_clock: bool = False
) -> tuple[Situation, WatchListState | None]:
    """The situation of a country placed ``p`` in ``year - 1``, read from ``record``
    before ``year`` only (the clock reads earlier years only)."""
    state: WatchListState | None = None
    if p.tier is Tier.T2WL or always_clock:
        state, _ = clock_before(year, lookup_fn(record, p.iso3))
    clock = CLOCK_CLASSES[state.status] if state and p.tier is Tier.T2WL else NOT_ON_CLOCK
    return Situation(p.iso3, year, p.tier, clock, state.status if state else None), state


def observations(record: Record) -> list[Observation]:
    """Every move in the record between consecutive reports from a ranked tier, with its
    situation (outcome None where the later report has no placement for the country and
    does not settle that it was unranked)."""
    out: list[Observation] = []
    for y in record.years:
        if y - 1 not in record.coverage:
            continue
        for p in record.year(y - 1):
            if p.tier not in RANKED_TIERS:
                continue
            look = record.lookup(p.iso3, y)
            if look.presence is Presence.NOT_RANKED:
                continue
            situation, _ = situation_of(record, p, y)
            out.append(Observation(situation, look.tier))
    return out


# -- the model ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TransitionModel:
    """Weighted counts of moves before ``year``, and the smoothed probabilities from them."""

    year: int
    overall: Mapping[Tier, float]
    by_tier: Mapping[Tier, Mapping[Tier, float]]
    by_situation: Mapping[tuple[Tier, str], Mapping[Tier, float]]
    moves: int
    first_year: int | None
    decay: float = DECAY
    prior: float = PRIOR
    strict: bool = False  # also 0 for a Watch List the engine reads 7107(b)(2)(F) as barring

    def support(self, situation: Situation) -> float:
        """Weighted number of earlier moves from the same situation."""
        return sum(self.by_situation.get(situation.key, {}).values())

    def probabilities(self, situation: Situation) -> dict[Tier, float]:
        """P(tier in ``year`` | situation), with the law's zeros (sums to 1)."""
        k = len(OUTCOMES)
        n0 = sum(self.overall.values())
        p0 = {t: (self.overall.get(t, 0.0) + 1.0) / (n0 + k) for t in OUTCOMES}
        p1 = _smooth(self.by_tier.get(situation.previous, {}), p0, self.prior)
        p2 = (
            p1
            if situation.clock == UNSETTLED
            else _smooth(self.by_situation.get(situation.key, {}), p1, self.prior)
        )
        if not watch_list_possible(situation.year, situation.status, strict=self.strict):
            p2[Tier.T2WL] = 0.0
        total = sum(p2.values())
        return {t: p2[t] / total for t in OUTCOMES}


def _smooth(
    counts: Mapping[Tier, float], prior: Mapping[Tier, float], strength: float
) -> dict[Tier, float]:
    n = sum(counts.values())
    return {t: (counts.get(t, 0.0) + strength * prior[t]) / (n + strength) for t in OUTCOMES}


def watch_list_possible(year: int, status: ClockStatus | None, *, strict: bool = False) -> bool:
    """False where the law forbids a Watch List placement in ``year``: no Watch List yet
    (22 U.S.C. 7107(b)(2)(A), from the 2004 report) or the automatic downgrade of
    7107(b)(2)(D)(i) with no waiver left; with ``strict``, also where the engine reads the
    re-listing cap of 7107(b)(2)(F) as barring it (State's practice differs: E7)."""
    if not WATCH_LIST_EXISTS.at(year):
        return False
    if strict and status is ClockStatus.RELISTING_BARRED:
        return False
    return status is not ClockStatus.DOWNGRADE_MANDATORY


def fit(
    observed: Iterable[Observation],
    year: int,
    *,
    decay: float = DECAY,
    prior: float = PRIOR,
    strict: bool = False,
) -> TransitionModel:
    """Fit the model for the report of ``year`` on the moves INTO years before ``year``
    (moves into ``year`` or later are ignored, whatever is passed)."""
    overall: dict[Tier, float] = {}
    by_tier: dict[Tier, dict[Tier, float]] = {}
    by_situation: dict[tuple[Tier, str], dict[Tier, float]] = {}
    moves = 0
    first: int | None = None
    for o in observed:
        s = o.situation
        if o.outcome is None or s.year >= year:
            continue
        w = decay ** (year - 1 - s.year)
        overall[o.outcome] = overall.get(o.outcome, 0.0) + w
        row = by_tier.setdefault(s.previous, {})
        row[o.outcome] = row.get(o.outcome, 0.0) + w
        cell = by_situation.setdefault(s.key, {})
        cell[o.outcome] = cell.get(o.outcome, 0.0) + w
        moves += 1
        first = s.year if first is None else min(first, s.year)
    return TransitionModel(year, overall, by_tier, by_situation, moves, first, decay, prior, strict)


def baseline(previous: Tier, smoothing: float = BASELINE_SMOOTHING) -> dict[Tier, float]:
    """The naive forecast: the same tier as last year with probability ``1 - smoothing``,
    and ``smoothing`` shared equally by the other outcomes.

    >>> baseline(Tier.T2)[Tier.T2], baseline(Tier.T2)[Tier.T3]
    (0.99, 0.0025)
    """
    other = smoothing / (len(OUTCOMES) - 1)
    return {t: (1.0 - smoothing if t is previous else other) for t in OUTCOMES}


def most_likely(probs: Mapping[Tier, float]) -> Tier:
    """The most probable outcome (ties go to the better tier, for determinism)."""
    return max(OUTCOMES, key=lambda t: (probs[t], -OUTCOMES.index(t)))


def forecast_years(record: Record) -> tuple[int, int]:
    """The years a forecast can be made for: two reports earlier are needed (one move)."""
    return record.first_year + 2, record.last_year + 1


def model_description(strict: bool) -> str:
    """The model in words, for the answers' ``model`` field (``strict``: the strict-law model)."""
    if not strict:
        return MODEL_DESCRIPTION
    return MODEL_DESCRIPTION.removesuffix(").") + "; re-listing barred by 7107(b)(2)(F))."
