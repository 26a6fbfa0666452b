"""The forecast backtested (docs/FORECAST.md): every report year predicted from the years
before it only, scored against the naive "same tier as last year" baseline by log-loss,
Brier score and accuracy, by year and by the situation before the report (the previous tier
and the Watch List clock of 22 U.S.C. 7107(b)(2)(D)-(F)). Pure: the same record gives the
same figures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tiptiers.analysis.base import TIER_COLUMNS, Registry, Tabular
from tiptiers.analysis.forecast_model import (
    BASELINE_SMOOTHING,
    CLOCK_CLASSES,
    LOG_FLOOR,
    MODEL_DESCRIPTION,
    NOT_ON_CLOCK,
    OUTCOMES,
    Situation,
    baseline,
    fit,
    forecast_years,
    model_description,
    most_likely,
    observations,
)
from tiptiers.errors import InvalidRange, RangeNotInRecord, year_span
from tiptiers.model import (
    Record,
    Tier,
)


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
        raise RangeNotInRecord(f"The backtest cannot start in {lo}: {runs}")
    if not lo_ok <= hi <= record.last_year:
        raise RangeNotInRecord(f"The backtest cannot end in {hi}: {runs}")
    if lo > hi:
        raise RangeNotInRecord(f"The year range is reversed: it starts in {lo} and ends in {hi}.")
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
        model_description(strict),
    )


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
