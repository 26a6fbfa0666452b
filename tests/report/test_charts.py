"""Tier timelines (tiptiers.report.charts): the data the law engine marks, the Vega-Lite
chart, and the static SVG the report draws."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tiptiers.countries import Registry
from tiptiers.model import Record
from tiptiers.report.charts import (
    AUTOMATIC,
    DOWNGRADE,
    Y_ORDER,
    render_chart,
    timeline_data,
    timeline_spec,
    timeline_svg,
)


def test_china_watch_list_runs_and_downgrades_as_the_law_engine_reads_them(
    record: Record,
) -> None:
    tl = timeline_data(record, "CHN", "China")
    assert tl.watch_list_runs == [(2005, 2012), (2014, 2016)]
    marks = {d["year"]: d["marker"] for d in tl.downgrades}
    # 2013: no waiver left after 2009-2012, automatic; 2017: a waiver year was still available.
    assert marks == {2005: DOWNGRADE, 2013: AUTOMATIC, 2017: DOWNGRADE}
    assert tl.gaps == []


def test_years_the_record_lacks_break_the_line(record: Record) -> None:
    # No source found states Singapore's tier in 2019 (the 2019 lists are partial).
    tl = timeline_data(record, "SGP", "Singapore")
    assert [g["year"] for g in tl.gaps if g["year"] > 2003] == [2019]
    segment = {p["year"]: p["segment"] for p in tl.points}
    assert segment[2018] != segment[2020]
    assert segment[2020] == segment[2021]


def test_special_case_is_a_row_of_its_own_and_never_joined_by_a_line(record: Record) -> None:
    tl = timeline_data(record, "AFG", "Afghanistan")  # Special Case in 2003
    segment = {p["year"]: p["segment"] for p in tl.points}
    assert len({segment[2002], segment[2003], segment[2004]}) == 3
    assert Y_ORDER[-1] == "Special Case" and Y_ORDER[0] == "Tier 1"


def test_vega_lite_spec_orders_tiers_top_down_and_compares_countries(
    record: Record, reg: Registry
) -> None:
    spec = timeline_spec(record, reg, ["CHN", "RUS"])
    encodings = [layer.get("encoding", {}) for layer in spec["layer"]]
    ys = [e["y"] for e in encodings if e.get("y", {}).get("field") == "tier_label"]
    assert ys and all(y["scale"]["domain"] == list(Y_ORDER) for y in ys if "scale" in y)
    assert any(e.get("yOffset", {}).get("field") == "country" for e in encodings)
    lines = [layer for layer in spec["layer"] if layer["mark"]["type"] == "line"]
    assert lines[0]["encoding"]["detail"]["field"] == "segment"
    assert "China" in spec["title"]["text"] and "Russia" in spec["title"]["text"]


def test_static_svg_draws_each_point_and_no_line_across_a_gap(record: Record) -> None:
    tl = timeline_data(record, "SGP", "Singapore")
    svg = timeline_svg(tl, 2001, 2025)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<circle") == len(tl.points)
    lines = re.findall(r'<path d="(M[^"]*)" fill="none" stroke="#555555"', svg)
    assert len(lines) == 3  # 2001-2002, 2004-2018 and 2020-2025: none across 2003 or 2019
    assert svg.count("2019: No 2019 placement in the record") == 1  # the hatched gap
    assert timeline_svg(tl, 2001, 2025) == svg  # deterministic


def test_static_svg_stops_at_the_report_year(record: Record) -> None:
    svg = timeline_svg(timeline_data(record, "CHN", "China"), 2001, 2013)
    assert "<title>2013: Tier 3</title>" in svg and "2014:" not in svg
    assert svg.count('fill="#000000" stroke="#000000"') == 1  # the automatic downgrade


def test_chart_files(record: Record, reg: Registry, output_dir: Path) -> None:
    png = output_dir / "chart-china-russia.png"
    render_chart(record, reg, ["CHN", "RUS", "USA"], png, None)
    assert png.read_bytes()[:4] == b"\x89PNG"
    svg = output_dir / "chart-china.svg"
    render_chart(record, reg, ["CHN"], svg, None)
    assert "China: tier placements" in svg.read_text(encoding="utf-8")


def test_the_compare_legend_and_title_use_the_names_readers_say(
    record: Record, reg: Registry
) -> None:
    spec = timeline_spec(record, reg, ["PRK", "KOR"])
    text = json.dumps(spec)
    assert '"North Korea"' in text and '"South Korea"' in text
    assert "Korea, North" not in text and "Korea, South" not in text
    assert spec["title"]["text"] == "North Korea and South Korea: tier placements in the TIP Report"
