"""Kelley & Simmons' coding of the determinations, the panel's second source: what its codes
mean is worked out by reproducing Kelley's published Figure 3.12 counts (2003-2013)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

import pytest

from tiptiers import api
from tiptiers.analysis import kelley
from tiptiers.analysis.kelley import FIGURE_DIFFERENCES, KSRow


def test_the_reading_reproduces_the_published_counts_or_says_why_not() -> None:
    years = api.kelley_figure()
    assert [y.year for y in years] == list(range(2003, 2014))
    agree = {y.year for y in years if y.agrees}
    assert agree == {2003, 2004, 2005, 2010}
    for y in years:
        if y.agrees:
            assert y.difference == ""
        else:
            assert y.difference == FIGURE_DIFFERENCES[y.year]  # listed, with its reason
    assert set(FIGURE_DIFFERENCES) == {y.year for y in years} - agree
    # the differences are exactly what the notes say
    got = {y.year: (y.reproduced, y.published) for y in years}
    assert got[2006][0] == {"Full waiver*": 4, "Partial waiver": 4, "Sanctioned": 4}
    assert got[2007][0]["Sanctioned"] - got[2007][1]["Sanctioned"] == 1
    assert got[2007][1]["Partial waiver"] - got[2007][0]["Partial waiver"] == 1
    assert got[2008][0]["Sanctioned"] - got[2008][1]["Sanctioned"] == 1
    assert got[2009][0]["Partial waiver"] - got[2009][1]["Partial waiver"] == 1
    assert got[2011][1]["Sanctioned"] - got[2011][0]["Sanctioned"] == 1
    assert got[2012][0] is None and got[2013][0] is None  # outside the source
    # in every year the source covers, the full waivers (with (d)(3) findings) agree
    for y in years:
        if y.reproduced is not None and y.year != 2006:
            assert y.reproduced["Full waiver*"] == y.published["Full waiver*"]


def _cells(reading: Callable[[KSRow], str]) -> int:
    """Published cells (year x category) a reading of the restriction codes reproduces."""
    published = {y.year: y.published for y in api.kelley_figure()}
    counted = kelley.reproduce_figure(api.kelley_simmons(), published, reading)
    return sum(
        y.reproduced[k] == y.published[k] for y in counted if y.reproduced for k in y.published
    )


def test_the_reading_is_the_one_the_published_counts_support() -> None:
    """Of the readings of 0/1/2 in d1ai, d1aii and d1b, the one chosen reproduces the most
    published cells; reading 2 as 'partly waived' instead, or d1b as irrelevant, does worse."""

    def reading(waived: set[int], use_b: bool) -> Callable[[KSRow], str]:
        def outcome(r: KSRow) -> str:
            if r.fullwaiver == 1:
                return "full_waiver"
            if r.d3 == 1:
                return "subsequent_compliance"
            coded = [v for v in (r.d1ai, r.d1aii, *((r.d1b,) if use_b else ())) if v is not None]
            return "partial_waiver" if any(v in waived for v in coded) else "sanctioned"

        return outcome

    chosen = _cells(lambda r: r.outcome)
    assert chosen == _cells(reading({0, 1}, True))
    others = [
        _cells(reading(w, b))
        for w, b in product(({0, 1}, {2}, {1}, {0}, {1, 2}), (True, False))
        if (w, b) != ({0, 1}, True)
    ]
    assert chosen > max(others)


def test_the_panel_shows_the_second_source_beside_the_record() -> None:
    p = api.panel(2003, 2011)
    lbr = p.row("LBR", 2003)
    assert (lbr["ks_determination"], lbr["ks_codes"]) == ("partial_waiver", "d1aii=2;d1b=0")
    assert p.row("PRK", 2005)["ks_determination"] is None  # not in the source
    assert p.why_missing("PRK", 2005, "ks_determination") == "c"
    # beside, never merged: the record's own column still says what the texts on record say
    dza = p.row("DZA", 2008)
    assert (dza["determination"], dza["ks_determination"]) == ("full_waiver", "full_waiver")
    ecu = p.row("ECU", 2005)
    assert ecu["determination"] == "not_seen" and ecu["ks_determination"] == "full_waiver"
    assert api.panel(2012, 2012).row("DZA", 2012)["ks_determination"] is None


def test_docs_panel_md_has_the_reproduction() -> None:
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "PANEL.md").read_text(encoding="utf-8")
    assert kelley.figure_markdown(api.kelley_figure()) in docs


def test_sanctions_applied_shows_the_second_source_beside_the_record(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = api.sanctions_applied(2005, 2005)
    (year,) = result.to_dict()["years"]
    ecu = next(g for g in year["governments"] if g["iso3"] == "ECU")
    assert ecu["outcome"] == "not_seen"  # the record's texts, unchanged
    assert ecu["second_source"]["outcome"] == "full_waiver"
    assert year["second_source_counts"] == {
        "full_waiver": 3,
        "subsequent_compliance": 6,
        "partial_waiver": 2,
        "sanctioned": 2,
        "not_coded": 1,
    }
    assert api.sanctions_applied(2015, 2015).to_dict()["years"][0]["second_source_counts"] is None
    from tiptiers.cli import main

    assert main(["sanctions-applied", "--from", "2011", "--to", "2012"]) == 0
    out = capsys.readouterr().out
    assert "a second source: Kelley & Simmons" in out and "│ 2011 │ 23 │ 13" in out
