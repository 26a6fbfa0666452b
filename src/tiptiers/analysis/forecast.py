"""The next report: what the law still permits each country, and a tier forecast, backtested.

:func:`forecast` takes a report year and, for every country ranked in the report before it,
says which placements the law still permits given the record — from the Watch List clock of
:func:`tiptiers.law.watchlist.clock_before` (22 U.S.C. 7107(b)(2)(D)-(F)): "Watch List only
with a waiver; one waiver year left", "Watch List not permitted: automatic downgrade unless
upgraded" — and gives a probability for each tier.

The probabilities come from an empirical transition model fit ONLY on the record before
that year (the record is cut at the year before anything is computed): the moves between
consecutive reports, conditioned on the previous tier and, for a Watch List country, on
the clock (counting, waiver needed, downgrade mandatory, re-listing barred; where the
engine cannot settle the clock, on the previous tier alone).
Older moves weigh less (``DECAY`` per year of age: State's practice changes), and each
distribution is smoothed toward the one above it (previous tier, then all moves) with
``PRIOR`` pseudo-moves. Then the law: a Watch List placement gets probability 0 where no
Watch List existed (before 2004) or the automatic downgrade was mandatory. The re-listing
cap of 7107(b)(2)(F) is not applied as a zero, because State has placed on the Watch List
countries the engine reads as barred (an open ambiguity, E7); the model learns that rate.

:func:`backtest` predicts every year from the years before it only, and scores the model
against the naive "same tier as last year" baseline (log-loss, Brier score, accuracy).
The baseline gives the previous tier probability ``1 - ε`` and each of the four other
outcomes ``ε / 4`` (ε = ``BASELINE_SMOOTHING``), so that its log-loss is finite.
Pure: no I/O, no randomness: the same record gives the same figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from tiptiers.analysis.base import TIER_COLUMNS, Registry, Tabular
from tiptiers.errors import InvalidRange, year_span
from tiptiers.law.decision import ClockStatus, WatchListState
from tiptiers.law.permitted import permitted
from tiptiers.law.versions import WATCH_LIST_EXISTS
from tiptiers.law.watchlist import clock_before
from tiptiers.model import (
    RANKED_TIERS,
    TIERS,
    Country,
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


def _lookup_fn(record: Record, iso3: str) -> Callable[[int], Lookup]:
    return lambda y: record.lookup(iso3, y)


def _situation(
    record: Record, p: Placement, year: int, *, always_clock: bool = False
) -> tuple[Situation, WatchListState | None]:
    """The situation of a country placed ``p`` in ``year - 1``, read from ``record``
    before ``year`` only (the clock reads earlier years only)."""
    state: WatchListState | None = None
    if p.tier is Tier.T2WL or always_clock:
        state, _ = clock_before(year, _lookup_fn(record, p.iso3))
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
            situation, _ = _situation(record, p, y)
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


# -- forecast -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CountryForecast:
    """One country's forecast for a report."""

    country: Country
    year: int
    previous: Tier
    clock: WatchListState
    permitted: str  # a code of permitted()
    sentence: str
    probabilities: dict[Tier, float]
    support: float  # weighted earlier moves from the same situation

    @property
    def most_likely(self) -> Tier:
        return most_likely(self.probabilities)

    def to_dict(self) -> dict[str, Any]:
        return {
            "iso3": self.country.iso3,
            "name": self.country.name,
            "year": self.year,
            "previous_tier": self.previous.value,
            "clock": self.clock.status.value,
            "consecutive_years": self.clock.consecutive_years,
            "waivers_left": self.clock.waivers_left,
            "watch_list": self.permitted,
            "permitted": self.sentence,
            "probabilities": {t.value: round(p, 6) for t, p in self.probabilities.items()},
            "most_likely": self.most_likely.value,
            "support": round(self.support, 3),
        }


@dataclass(frozen=True)
class NotForecast:
    """A country the forecast leaves out, and why (with what the law says where known)."""

    country: Country
    reason: str  # special_case, or the record's presence for the year before (not_published, ...)
    why: str
    permitted: str = ""
    sentence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "iso3": self.country.iso3,
            "name": self.country.name,
            "reason": self.reason,
            "why": self.why,
            "watch_list": self.permitted or None,
            "permitted": self.sentence,
        }


@dataclass(frozen=True)
class Forecast(Tabular):
    """The forecast for the report of ``year``, from the record before it only."""

    year: int
    previous_year: int
    trained_on: tuple[int, int] | None  # the years of the moves the model learnt from
    moves: int
    countries: tuple[CountryForecast, ...]
    not_forecast: tuple[NotForecast, ...]
    caveat: str
    model: str = MODEL_DESCRIPTION

    def expected_counts(self) -> dict[Tier, float]:
        """The expected number of the forecast countries on each tier."""
        return {t: sum(c.probabilities[t] for c in self.countries) for t in OUTCOMES}

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "previous_year": self.previous_year,
            "trained_on": list(self.trained_on) if self.trained_on else None,
            "moves": self.moves,
            "model": self.model,
            "caveat": self.caveat,
            "expected_counts": {t.value: round(n, 3) for t, n in self.expected_counts().items()},
            "countries": [c.to_dict() for c in self.countries],
            "not_forecast": [n.to_dict() for n in self.not_forecast],
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per country forecast, a probability column per tier (the CSV form)."""
        rows = []
        for c in self.countries:
            d = c.to_dict()
            probs = d.pop("probabilities")
            rows.append({**d, **{f"p_{TIER_COLUMNS[Tier(k)]}": v for k, v in probs.items()}})
        return rows


def record_before(record: Record, year: int) -> Record:
    """The record cut at ``year``: only the reports before it (so nothing later can leak)."""
    return Record.build(
        (p for p in record if p.year < year),
        (c for y, c in record.coverage.items() if y < year),
        record.roles,
    )


def forecast_years(record: Record) -> tuple[int, int]:
    """The years a forecast can be made for: two reports earlier are needed (one move)."""
    return record.first_year + 2, record.last_year + 1


def check_forecast_year(record: Record, year: int) -> None:
    lo, hi = forecast_years(record)
    if not lo <= year <= hi:
        raise InvalidRange(
            f"Cannot forecast {year}: a forecast needs the report before it and a move to learn"
            f" from; with the record covering {year_span(record.years)}, forecasts run"
            f" {lo}–{hi}."
        )
    if year - 1 not in record.coverage:
        raise InvalidRange(f"Cannot forecast {year}: the record has no {year - 1} report.")


def forecast(
    record: Record, registry: Registry, year: int | None = None, *, strict: bool = False
) -> Forecast:
    """Forecast the report of ``year`` (default: the one after the record's last) for every
    country ranked in the report before it, from the record before ``year`` only
    (``strict``: see :func:`watch_list_possible`).

    >>> from tiptiers.countries import registry
    >>> from tiptiers.record import packaged_record
    >>> f = forecast(packaged_record(), registry(), 2014)
    >>> tha = next(c for c in f.countries if c.country.iso3 == "THA")
    >>> tha.permitted, tha.probabilities[Tier.T2WL]
    ('not_allowed', 0.0)
    """
    year = record.last_year + 1 if year is None else year
    check_forecast_year(record, year)
    past = record_before(record, year)
    model = fit(observations(past), year, strict=strict)
    out: list[CountryForecast] = []
    left_out: list[NotForecast] = []
    prev_year = year - 1
    placed = {p.iso3: p for p in past.year(prev_year)}
    for p in placed.values():
        c = registry.get(p.iso3)
        if p.tier not in RANKED_TIERS:
            left_out.append(
                NotForecast(c, "special_case", f"A Special Case in {prev_year}: not ranked.")
            )
            continue
        situation, state = _situation(past, p, year, always_clock=True)
        assert state is not None
        code, sentence = permitted(year, partial(past.lookup, p.iso3), state)
        out.append(
            CountryForecast(
                c,
                year,
                p.tier,
                state,
                code,
                sentence,
                model.probabilities(situation),
                model.support(situation),
            )
        )
    for iso3 in past.countries:
        if iso3 in placed:
            continue
        look = past.lookup(iso3, prev_year)
        if look.presence is Presence.NOT_RANKED:
            continue
        state, _ = clock_before(year, _lookup_fn(past, iso3))
        code, sentence = permitted(year, partial(past.lookup, iso3), state)
        left_out.append(
            NotForecast(
                registry.get(iso3),
                look.presence.value,
                look.note,
                code,
                sentence,
            )
        )
    out.sort(key=lambda f: (_permitted_order(f.permitted), f.previous, f.country.name))
    left_out.sort(key=lambda n: n.country.name)
    cov = past.coverage[prev_year]
    caveat = (
        f"{cov.caveat()} Countries without a {prev_year} placement are not forecast."
        if cov.partial
        else ""
    )
    trained = (model.first_year, year - 1) if model.first_year is not None else None
    return Forecast(
        year, prev_year, trained, model.moves, tuple(out), tuple(left_out), caveat, _model(strict)
    )


_PERMITTED_ORDER = (
    "not_allowed",
    "waiver_needed",
    "undetermined",
    "allowed_one_year",
    "allowed",
    "no_watch_list",
)


def _permitted_order(code: str) -> int:
    return _PERMITTED_ORDER.index(code) if code in _PERMITTED_ORDER else len(_PERMITTED_ORDER)


# -- backtest -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scores:
    """Mean log-loss (natural log), multi-class Brier score (0–2) and accuracy over ``n``."""

    n: int
    log_loss: float
    brier: float
    accuracy: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "log_loss": round(self.log_loss, 6),
            "brier": round(self.brier, 6),
            "accuracy": round(self.accuracy, 6),
        }


@dataclass(frozen=True)
class Prediction:
    """One backtest prediction: the situation, the outcome and both forecasts."""

    situation: Situation
    outcome: Tier
    model: dict[Tier, float]
    baseline: dict[Tier, float]

    def to_dict(self) -> dict[str, Any]:
        s = self.situation
        return {
            "iso3": s.iso3,
            "year": s.year,
            "previous_tier": s.previous.value,
            "clock": s.clock,
            "tier": self.outcome.value,
            "model_most_likely": most_likely(self.model).value,
            **{f"p_{TIER_COLUMNS[t]}": round(p, 6) for t, p in self.model.items()},
            "model_log_loss": round(_log_loss(self.model, self.outcome), 6),
            "baseline_log_loss": round(_log_loss(self.baseline, self.outcome), 6),
        }


@dataclass(frozen=True)
class Comparison:
    """The model's and the baseline's scores on the same predictions."""

    label: str
    model: Scores
    baseline: Scores
    partial: bool = False

    @property
    def n(self) -> int:
        return self.model.n

    def worse(self) -> list[str]:
        """The metrics on which the model does NOT beat the baseline (ties count)."""
        out = []
        if self.model.log_loss >= self.baseline.log_loss:
            out.append("log_loss")
        if self.model.brier >= self.baseline.brier:
            out.append("brier")
        if self.model.accuracy <= self.baseline.accuracy:
            out.append("accuracy")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "n": self.n,
            "partial": self.partial,
            "model": self.model.to_dict(),
            "baseline": self.baseline.to_dict(),
            "model_not_better_on": self.worse(),
        }

    def to_row(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "n": self.n,
            "partial": self.partial,
            "model_log_loss": round(self.model.log_loss, 6),
            "baseline_log_loss": round(self.baseline.log_loss, 6),
            "model_brier": round(self.model.brier, 6),
            "baseline_brier": round(self.baseline.brier, 6),
            "model_accuracy": round(self.model.accuracy, 6),
            "baseline_accuracy": round(self.baseline.accuracy, 6),
            "model_not_better_on": self.worse(),
        }


@dataclass(frozen=True)
class Backtest(Tabular):
    """Every year from ``start`` to ``end`` predicted from the years before it only."""

    start: int
    end: int
    baseline_smoothing: float
    overall: Comparison
    by_year: tuple[Comparison, ...]
    by_situation: tuple[Comparison, ...]
    predictions: tuple[Prediction, ...] = field(repr=False)
    model: str = MODEL_DESCRIPTION

    def not_better(self) -> list[Comparison]:
        """The years and situations where the model does not beat the baseline on some metric."""
        return [c for c in (*self.by_year, *self.by_situation) if c.worse()]

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start,
            "to": self.end,
            "model": self.model,
            "baseline": "same tier as last year, probability 1 - ε; ε shared equally by the"
            " other four outcomes",
            "baseline_smoothing": self.baseline_smoothing,
            "overall": self.overall.to_dict(),
            "by_year": [c.to_dict() for c in self.by_year],
            "by_situation": [c.to_dict() for c in self.by_situation],
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per year, then one for all years (the CSV form)."""
        return [c.to_row() for c in (*self.by_year, self.overall)]


def backtest(
    record: Record,
    registry: Registry | None = None,
    start: int | None = None,
    end: int | None = None,
    *,
    baseline_smoothing: float = BASELINE_SMOOTHING,
    strict: bool = False,
) -> Backtest:
    """Predict each report from ``start`` to ``end`` (default: every year that has two
    earlier reports) from the years before it only, and score model and baseline on the
    countries whose placement the record holds.

    Each year's prediction is the one :func:`forecast` makes from the record cut at that
    year: the situations are computed once, each from the years before its own (the clock
    reads only earlier years), and each year's model is fit on earlier moves only.
    """
    lo_ok, _ = forecast_years(record)
    lo = lo_ok if start is None else start
    hi = record.last_year if end is None else end
    if not 0 < baseline_smoothing < 1:
        raise InvalidRange(
            f"The baseline smoothing must be between 0 and 1 (exclusive), not {baseline_smoothing}."
        )
    runs = (
        f"each year scored needs two earlier reports, so with the record covering"
        f" {year_span(record.years)} a backtest runs {lo_ok}–{record.last_year}."
    )
    if not lo_ok <= lo <= record.last_year:
        raise InvalidRange(f"The backtest cannot start in {lo}: {runs}")
    if not lo_ok <= hi <= record.last_year:
        raise InvalidRange(f"The backtest cannot end in {hi}: {runs}")
    if lo > hi:
        raise InvalidRange(f"The year range is reversed: it starts in {lo} and ends in {hi}.")
    observed = observations(record)
    predictions: list[Prediction] = []
    per_year: list[Comparison] = []
    for y in range(lo, hi + 1):
        if y not in record.coverage or y - 1 not in record.coverage:
            continue
        model = fit(observed, y, strict=strict)
        preds = [
            Prediction(
                o.situation,
                o.outcome,
                model.probabilities(o.situation),
                baseline(o.situation.previous, baseline_smoothing),
            )
            for o in observed
            if o.situation.year == y and o.outcome is not None
        ]
        predictions.extend(preds)
        per_year.append(_compare(str(y), preds, record.coverage[y].partial))
    groups: dict[tuple[Tier, str], list[Prediction]] = {}
    for p in predictions:
        groups.setdefault(p.situation.key, []).append(p)
    by_situation = tuple(
        _compare(_situation_label(key), groups[key])
        for key in sorted(groups, key=lambda k: (k[0], _clock_order(k[1])))
    )
    return Backtest(
        lo,
        hi,
        baseline_smoothing,
        _compare("all years", predictions),
        tuple(per_year),
        by_situation,
        tuple(predictions),
        _model(strict),
    )


def _model(strict: bool) -> str:
    if not strict:
        return MODEL_DESCRIPTION
    return MODEL_DESCRIPTION.removesuffix(").") + "; re-listing barred by 7107(b)(2)(F))."


def _clock_order(clock: str) -> int:
    order = (NOT_ON_CLOCK, *dict.fromkeys(CLOCK_CLASSES.values()))
    return order.index(clock) if clock in order else len(order)


def _situation_label(key: tuple[Tier, str]) -> str:
    tier, clock = key
    return tier.label if clock == NOT_ON_CLOCK else f"{tier.label} ({clock})"


def _log_loss(probs: Mapping[Tier, float], outcome: Tier) -> float:
    return -math.log(max(probs[outcome], LOG_FLOOR))


def _brier(probs: Mapping[Tier, float], outcome: Tier) -> float:
    return sum((probs[t] - (1.0 if t is outcome else 0.0)) ** 2 for t in OUTCOMES)


def _scores(preds: list[Prediction], which: str) -> Scores:
    n = len(preds)
    if n == 0:
        return Scores(0, math.nan, math.nan, math.nan)
    ll = br = hits = 0.0
    for p in preds:
        probs = p.model if which == "model" else p.baseline
        ll += _log_loss(probs, p.outcome)
        br += _brier(probs, p.outcome)
        hits += most_likely(probs) is p.outcome
    return Scores(n, ll / n, br / n, hits / n)


def _compare(label: str, preds: list[Prediction], partial: bool = False) -> Comparison:
    return Comparison(label, _scores(preds, "model"), _scores(preds, "baseline"), partial)
