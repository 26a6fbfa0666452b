"""The forecast: what the law permits, probabilities from the past only, and the backtest.

The central trap: a forecast for YEAR must not see YEAR's placements (or any later). The
tests rewrite every placement from YEAR on and check that nothing in the forecast moves.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import pytest

from tiptiers.analysis import backtest, forecast
from tiptiers.analysis.forecast import record_before
from tiptiers.analysis.forecast_model import BASELINE_SMOOTHING, baseline
from tiptiers.countries import Registry
from tiptiers.model import RANKED_TIERS, TIERS, Placement, Record, Tier, YearCoverage

ROTATE = {
    Tier.T1: Tier.T3,
    Tier.T2: Tier.T2WL,
    Tier.T2WL: Tier.T1,
    Tier.T3: Tier.T2,
    Tier.SPECIAL_CASE: Tier.T2WL,
}


def rewritten_from(record: Record, year: int) -> Record:
    """The record with every placement from ``year`` on changed (tiers rotated, every
    third one dropped, waivers flipped), the coverage of those years changed, and one
    more report year added."""
    kept = [p for p in record if p.year < year]
    later = [p for p in record if p.year >= year]
    changed = [
        Placement(p.iso3, p.year, ROTATE[p.tier], "rewritten", waiver=not p.waiver)
        for i, p in enumerate(later)
        if i % 3
    ]
    extra_year = record.last_year + 1
    extra = [Placement(p.iso3, extra_year, Tier.T3) for p in record.year(record.last_year)]
    cov = [
        c if y < year else YearCoverage(y, {t: y % 2 == 0 for t in TIERS}, "rewritten")
        for y, c in record.coverage.items()
    ]
    cov.append(YearCoverage(extra_year, {t: True for t in TIERS}))
    return Record.build([*kept, *changed, *extra], cov)


@pytest.mark.parametrize("year", [2005, 2013, 2017, 2021, 2025])
def test_forecast_uses_nothing_from_its_year_or_later(
    record: Record, reg: Registry, year: int
) -> None:
    altered = rewritten_from(record, year)
    assert forecast(altered, reg, year).to_dict() == forecast(record, reg, year).to_dict()


def test_the_rewrite_would_be_seen_by_a_later_forecast(record: Record, reg: Registry) -> None:
    # Guard on the guard: the rewrite is visible to any forecast that may read those years.
    altered = rewritten_from(record, 2013)
    assert forecast(altered, reg, 2014).to_dict() != forecast(record, reg, 2014).to_dict()


@pytest.mark.parametrize("year", [2004, 2013, 2020])
def test_backtest_predictions_use_nothing_from_their_year_or_later(
    record: Record, reg: Registry, year: int
) -> None:
    # Each backtest year is predicted as the forecast from the record cut at that year.
    altered = rewritten_from(record, year)
    made = forecast(record_before(record, year), reg, year)
    expected = {c.country.iso3: c.probabilities for c in made.countries}
    for r in (record, altered):
        preds = backtest(r, reg, year, year).predictions
        assert preds
        for p in preds:
            assert p.model == expected[p.situation.iso3]


def test_probabilities_sum_to_one_and_obey_the_law(record: Record, reg: Registry) -> None:
    f = forecast(record, reg, 2014)
    for c in f.countries:
        assert math.isclose(sum(c.probabilities.values()), 1.0)
        assert c.previous in RANKED_TIERS
    tha = next(c for c in f.countries if c.country.iso3 == "THA")
    # Thailand 2010-2013 on the Watch List, both waivers used: the downgrade is automatic.
    assert tha.permitted == "not_allowed"
    assert tha.probabilities[Tier.T2WL] == 0.0
    assert tha.sentence.startswith("Watch List not permitted: automatic downgrade")
    # No Watch List before the 2004 report.
    early = forecast(record, reg, 2003)
    assert all(c.probabilities[Tier.T2WL] == 0.0 for c in early.countries)


def test_what_the_law_permits(record: Record, reg: Registry) -> None:
    f = forecast(record, reg, 2017)
    chn = next(c for c in f.countries if c.country.iso3 == "CHN")
    assert (chn.permitted, chn.sentence) == (
        "waiver_needed",
        "Watch List only with a waiver; one waiver year left.",
    )
    assert chn.clock.waivers_left == 1


def test_next_report_is_the_default_and_gaps_are_not_forecast(
    record: Record, reg: Registry
) -> None:
    f = forecast(record, reg)
    assert f.year == record.last_year + 1
    assert f.trained_on == (record.first_year + 1, record.last_year)
    forecast_iso = {c.country.iso3 for c in f.countries}
    assert forecast_iso == {p.iso3 for p in record.year(record.last_year) if p.tier in RANKED_TIERS}
    # The 2025 record is complete: only its Special Cases are left out, each listed as not
    # forecast (they have no tier to start from), and there is no partial-year caveat.
    kinds = {n.reason for n in f.not_forecast}
    assert kinds == {"special_case"}
    assert f.caveat == ""


def test_strict_law_zeroes_a_barred_watch_list(record: Record, reg: Registry) -> None:
    f = forecast(record, reg, strict=True)
    barred = [c for c in f.countries if c.clock.status.value == "relisting_barred"]
    assert barred and all(c.probabilities[Tier.T2WL] == 0.0 for c in barred)
    loose = forecast(record, reg)
    assert any(
        c.probabilities[Tier.T2WL] > 0
        for c in loose.countries
        if c.clock.status.value == "relisting_barred"
    )


def test_baseline_is_smoothed_so_log_loss_is_finite() -> None:
    b = baseline(Tier.T2WL)
    assert math.isclose(sum(b.values()), 1.0)
    assert b[Tier.T2WL] == 1 - BASELINE_SMOOTHING
    assert b[Tier.T3] == BASELINE_SMOOTHING / 4


def test_backtest_is_reproducible_and_pinned(record: Record, reg: Registry) -> None:
    first = backtest(record, reg)
    assert first.to_dict() == backtest(record, reg).to_dict()
    o = first.overall
    # The figures of docs/FORECAST.md: update both together.
    assert (first.start, first.end, o.n) == (2003, 2025, 3803)
    assert (round(o.model.log_loss, 4), round(o.model.brier, 4), round(o.model.accuracy, 4)) == (
        0.7316,
        0.3661,
        0.762,
    )
    assert (
        round(o.baseline.log_loss, 4),
        round(o.baseline.brier, 4),
        round(o.baseline.accuracy, 4),
    ) == (1.5357, 0.5039, 0.7449)
    assert [c.label for c in first.not_better() if "log_loss" in c.worse()] == ["2004"]


def test_cli_forms(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("forecast", "2014", "--format", "json")
    assert code == 0
    data = json.loads(out)
    tha = next(c for c in data["countries"] if c["iso3"] == "THA")
    assert tha["watch_list"] == "not_allowed" and tha["probabilities"]["2WL"] == 0.0
    code, out, _ = cli("forecast", "2014", "--format", "csv")
    assert "p_tier_2wl" in out.splitlines()[0]
    code, out, _ = cli("forecast", "--backtest", "--from", "2013", "--to", "2014", "-f", "csv")
    assert code == 0
    assert [ln.split(",")[0] for ln in out.splitlines()] == ["label", "2013", "2014", "all years"]
    code, out, _ = cli("forecast", "--backtest", "--from", "2014", "--to", "2014")
    assert code == 0 and "Backtest 2014–2014" in out
