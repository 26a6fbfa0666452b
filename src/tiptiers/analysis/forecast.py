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
countries the text bars (findings, not readings: docs/LAW.md E7); the model learns that rate.

:func:`backtest` predicts every year from the years before it only, and scores the model
against the naive "same tier as last year" baseline (log-loss, Brier score, accuracy).
The baseline gives the previous tier probability ``1 - ε`` and each of the four other
outcomes ``ε / 4`` (ε = ``BASELINE_SMOOTHING``), so that its log-loss is finite.
Pure: no I/O, no randomness: the same record gives the same figures.

With ``cycle`` (a published reporting cycle, :mod:`tiptiers.queries.layers`), the forecast
of the report after the cycle's reads the cycle's placements as the latest year
(:func:`~tiptiers.queries.layers.shadow_record`): the previous tier and the clock are the
cycle's, while the model is still fit on the official record alone (a team's placements
are not the State Department's practice it learns).

The model (what it sees, how it is fit) is :mod:`tiptiers.analysis.forecast_model`; the
backtest is :mod:`tiptiers.analysis.backtest`; this module is the forecast itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from tiptiers.analysis.base import TIER_COLUMNS, Registry, Tabular
from tiptiers.analysis.forecast_model import (
    MODEL_DESCRIPTION,
    OUTCOMES,
    fit,
    forecast_years,
    lookup_fn,
    model_description,
    most_likely,
    observations,
    situation_of,
)
from tiptiers.errors import RangeNotInRecord, year_span
from tiptiers.law.decision import WatchListState
from tiptiers.law.permitted import permitted
from tiptiers.law.watchlist import clock_before
from tiptiers.model import (
    RANKED_TIERS,
    Country,
    Presence,
    Record,
    Tier,
)
from tiptiers.queries.layers import PublishedCycle, check_cycle_year, shadow_record


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
    source: PublishedCycle | None = None  # the published cycle read as the previous year

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
            "source": self.source.to_dict() if self.source is not None else None,
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


def check_forecast_year(record: Record, year: int) -> None:
    lo, hi = forecast_years(record)
    if not lo <= year <= hi:
        raise RangeNotInRecord(
            f"Cannot forecast {year}: a forecast needs the report before it and a move to learn"
            f" from; with the record covering {year_span(record.years)}, forecasts run"
            f" {lo}–{hi}."
        )
    if year - 1 not in record.coverage:
        raise RangeNotInRecord(f"Cannot forecast {year}: the record has no {year - 1} report.")


def forecast(
    record: Record,
    registry: Registry,
    year: int | None = None,
    *,
    strict: bool = False,
    cycle: PublishedCycle | None = None,
) -> Forecast:
    """Forecast the report of ``year`` (default: the one after the record's last) for every
    country ranked in the report before it, from the record before ``year`` only
    (``strict``: see :func:`watch_list_possible`).

    With ``cycle``, the report after the cycle's (``year`` may only name it: UnknownSource
    otherwise) for every country the cycle placed, its placements read as the report
    before; the model is fit on the official record only.

    >>> from tiptiers.countries import registry
    >>> from tiptiers.record import packaged_record
    >>> f = forecast(packaged_record(), registry(), 2014)
    >>> tha = next(c for c in f.countries if c.country.iso3 == "THA")
    >>> tha.permitted, tha.probabilities[Tier.T2WL]
    ('not_allowed', 0.0)
    """
    learn = record
    if cycle is not None:
        year = check_cycle_year(cycle, year, ahead=1)
        record = shadow_record(record, cycle)
    year = record.last_year + 1 if year is None else year
    check_forecast_year(record, year)
    past = record_before(record, year)
    official = past if cycle is None else record_before(learn, year)
    model = fit(observations(official), year, strict=strict)
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
        situation, state = situation_of(past, p, year, always_clock=True)
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
        state, _ = clock_before(year, lookup_fn(past, iso3))
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
    if cycle is not None:
        caveat = (
            f"{cycle.caption} Forecast from the cycle's {prev_year} placements as the report"
            f" before; a country the cycle did not assess is not forecast. The model is fit"
            " on the official record only."
        )
    last = min(year - 1, official.last_year) if official.years else year - 1
    trained = (model.first_year, last) if model.first_year is not None else None
    return Forecast(
        year,
        prev_year,
        trained,
        model.moves,
        tuple(out),
        tuple(left_out),
        caveat,
        model_description(strict),
        cycle,
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
