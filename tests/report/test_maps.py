"""The world map (tiptiers.report.maps): the Vega-Lite spec, and the SVG, PNG and HTML that
vl-convert renders from it offline."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tiptiers.countries import Registry
from tiptiers.errors import BadInput, YearNotInRecord
from tiptiers.model import Record, Tier
from tiptiers.report.maps import (
    DOT_GAP,
    MIN_SHAPE_PIXELS,
    MISSING_DASH,
    MISSING_LABEL,
    NO_RECORD_LABEL,
    REFERENCE_WIDTH,
    TIER_COLORS,
    _project,
    _unproject,
    code_of,
    dot_table,
    format_for,
    km2_per_pixel,
    map_spec,
    render_map,
    shape_iso3,
    small_states,
    spec_to_svg,
)

ROOT = Path(__file__).resolve().parents[2]


def _layer(spec: dict, i: int = 1) -> dict:
    return spec["layer"][i]


def _join_table(spec: dict) -> dict[str, dict]:
    """The rows the countries layer looks its shapes up in, by ISO3."""
    lookup = next(t for t in _layer(spec)["transform"] if "lookup" in t)
    return _by_iso3(spec, lookup["from"]["data"])


def _by_iso3(spec: dict, data: dict) -> dict[str, dict]:
    """The rows of a layer's inline data (Altair moves them to the spec's datasets), by ISO3."""
    rows = data["values"] if "values" in data else spec["datasets"][data["name"]]
    return {r["iso3"]: r for r in rows}


def test_spec_is_an_equal_earth_choropleth_with_counts_in_the_legend(
    record: Record, reg: Registry
) -> None:
    spec = map_spec(record, reg, 2015)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    assert spec["projection"] == {"type": "equalEarth", "fit": {"type": "Sphere"}}
    color = _layer(spec)["encoding"]["color"]
    counts = record.counts(2015)
    assert color["scale"]["domain"] == [f"{t.label} ({counts[t]})" for t in Tier if counts[t]] + [
        NO_RECORD_LABEL
    ]
    assert "Tier 3 (23)" in color["scale"]["domain"]  # 31/89/44/23 match the news (coverage.csv)
    assert color["scale"]["range"] == [TIER_COLORS[t.value] for t in Tier] + [TIER_COLORS["none"]]
    assert {t["field"] for t in _layer(spec)["encoding"]["tooltip"]} == {"name", "status"}


def test_spec_links_each_placed_country_to_its_page(record: Record, reg: Registry) -> None:
    spec = map_spec(record, reg, 2017, href_template="/c/{iso3}/{year}")
    assert _layer(spec)["encoding"]["href"] == {"field": "href", "type": "nominal"}
    chn = _join_table(spec)["CHN"]
    assert chn["href"] == "/c/CHN/2017" and chn["tier"] == "3"
    assert "href" not in _layer(map_spec(record, reg, 2017, href_template=None))["encoding"]


def test_geometry_is_inline_by_default_and_a_url_on_request(record: Record, reg: Registry) -> None:
    inline = _layer(map_spec(record, reg, 2017))["data"]
    assert inline["values"]["type"] == "Topology" and "url" not in inline
    linked = _layer(map_spec(record, reg, 2017, geometry_url="/static/world.json"))["data"]
    assert linked == {
        "url": "/static/world.json",
        "format": {"type": "topojson", "feature": "countries"},
    }


def test_a_partial_year_says_so_and_a_complete_one_does_not(record: Record, reg: Registry) -> None:
    partial = map_spec(record, reg, 2017)["title"]["subtitle"]
    assert any("2017 record is partial" in line for line in partial)
    assert not any("partial" in line for line in map_spec(record, reg, 2015)["title"]["subtitle"])


def test_unplaced_countries_are_no_record_never_carried_forward(
    record: Record, reg: Registry
) -> None:
    # The record has no 2024 row for Bolivia (2024's Tier 2 list is partial): its 2023 Watch
    # List is not carried forward, and it is missing from our record, not "not ranked".
    table = _join_table(map_spec(record, reg, 2024))
    bol = table["BOL"]
    assert record.get("BOL", 2023) is not None
    assert bol["tier"] == "missing" and bol["legend"] == MISSING_LABEL
    assert bol["status"] == "Missing from our record (not on the Watch List or Tier 3)"
    # Palau (too small for the map's shapes) and Thailand 2024: ranked by the report and in
    # the record since the re-import
    assert code_of(record, "PLW", 2024) == "2" and table["THA"]["tier"] == "2"
    # a complete year: a country the report did not rank is 'none', never 'missing'
    vut = _join_table(map_spec(record, reg, 2018))["VUT"]
    assert vut["tier"] == "none" and vut["legend"] == NO_RECORD_LABEL
    assert vut["status"] == "Not ranked by the report"
    for iso3, row in _join_table(map_spec(record, reg, 2017)).items():
        p = record.get(iso3, 2017)
        assert row["tier"] == (p.tier.value if p else code_of(record, iso3, 2017))


def test_shapes_join_by_numeric_code_and_by_name_where_there_is_none(reg: Registry) -> None:
    joined = shape_iso3(reg)
    assert joined["156"] == "CHN" and joined["840"] == "USA"
    assert joined["Kosovo"] == "XKX"  # no ISO numeric id in world-atlas
    assert "010" not in joined  # Antarctica is not drawn


def test_year_not_in_record(record: Record, reg: Registry) -> None:
    with pytest.raises(YearNotInRecord):
        map_spec(record, reg, 1999)


@pytest.mark.parametrize(
    ("name", "fmt", "kind"), [("a.svg", None, "svg"), ("a.PNG", None, "png"), ("a", "html", "html")]
)
def test_format_from_suffix_or_option(name: str, fmt: str | None, kind: str) -> None:
    assert format_for(Path(name), fmt) == kind


def test_unknown_format_is_one_line_error() -> None:
    with pytest.raises(BadInput, match="cannot tell the format"):
        format_for(Path("map.gif"))


def _country_fills(svg: str) -> list[str]:
    """Fill colours of the country shapes (the second layer's marks) of a rendered map."""
    group = svg.split('class="mark-shape role-mark layer_1_marks"', 1)[1]
    group = re.split(r'class="mark-group role-legend"|layer_2_marks', group, maxsplit=1)[0]
    return re.findall(r'<path[^>]*?fill="(#[0-9a-fA-F]{6})"', group)


def test_svg_has_one_shape_per_country_in_its_tier_colour(record: Record, reg: Registry) -> None:
    svg = spec_to_svg(map_spec(record, reg, 2015, href_template=None))
    fills = [f.upper() for f in _country_fills(svg)]
    shapes = shape_iso3(reg)
    # 177 shapes in world-atlas 110m, minus Antarctica
    assert len(fills) == 176
    expected: Counter[str] = Counter()
    for iso3 in shapes.values():
        p = record.get(iso3, 2015)
        expected[TIER_COLORS[p.tier.value if p else "none"]] += 1
    expected[TIER_COLORS["none"]] += 176 - len(shapes)  # e.g. Western Sahara, N. Cyprus
    assert Counter(fills) == expected
    assert expected[TIER_COLORS["3"]] >= 20


def test_map_png_and_self_contained_html(record: Record, reg: Registry, output_dir: Path) -> None:
    png = output_dir / "map-2017.png"
    render_map(record, reg, 2017, png, "png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html_path = output_dir / "map-2017.html"
    render_map(record, reg, 2017, html_path, "html")
    page = html_path.read_text(encoding="utf-8")
    assert "vegaEmbed(" in page and "function" in page  # the libraries are inline
    assert not re.search(r"<script[^>]+src=", page)  # nothing loaded from anywhere
    assert "cdn.jsdelivr" not in page
    spec = json.loads(page.split('vegaEmbed("#vis", ', 1)[1].split(", {renderer", 1)[0])
    assert spec["projection"]["type"] == "equalEarth"


def _dots(spec: dict) -> dict[str, dict]:
    """The small states' dots of a map spec, by ISO3 (the last layer: circles)."""
    layer = spec["layer"][-1]
    assert layer["mark"]["type"] == "circle"
    return _by_iso3(spec, layer["data"])


def test_small_states_are_dots_coloured_linked_and_tooltipped(
    record: Record, reg: Registry
) -> None:
    spec = map_spec(record, reg, 2024)
    dots = _dots(spec)
    # every placed country with no shape at this scale is a dot (Malta, Singapore, Palau...)
    on_map = set(shape_iso3(reg).values())
    unshaped = {p.iso3 for p in record.year(2024)} - on_map
    assert len(unshaped) >= 15 and unshaped <= set(dots)
    mlt = dots["MLT"]
    assert mlt["tier"] == record.get("MLT", 2024).tier.value  # type: ignore[union-attr]
    assert mlt["href"] == "/country/MLT?year=2024"
    assert mlt["legend"].startswith(record.get("MLT", 2024).tier.label)  # type: ignore[union-attr]
    layer = spec["layer"][-1]
    countries = _layer(spec)
    # the same colour scale, tooltip and link as the shapes
    assert layer["encoding"]["color"] == countries["encoding"]["color"]
    assert layer["encoding"]["tooltip"] == countries["encoding"]["tooltip"]
    assert layer["encoding"]["href"] == {"field": "href", "type": "nominal"}
    # and a reader is told, in the subtitle
    assert any("drawn as a dot" in line for line in spec["title"]["subtitle"])
    # the dots are in the PNG/SVG the CLI writes, as circles in the tier colours
    svg = spec_to_svg(map_spec(record, reg, 2024, href_template=None))
    circles = svg.split("layer_3_marks", 1)[1].split("role-legend", 1)[0]
    assert circles.count("<path") == len(dots)
    assert TIER_COLORS["2WL"].lower() in circles.lower()


def test_which_states_are_small_comes_from_the_geometry(reg: Registry) -> None:
    small = small_states(reg)
    # no shape at 1:110m, or one under the pixel limit (Luxembourg: about 2 square pixels)
    assert {"MLT", "SGP", "BHR", "PLW", "LUX"} <= set(small)
    assert not {"FRA", "BEL", "USA", "CHN"} & set(small)
    limit = MIN_SHAPE_PIXELS * km2_per_pixel()
    assert 10_000 < limit < 20_000  # 10 square pixels of a 900-pixel-wide world
    # every country the record ever placed is either a shape of some size or a dot
    from tiptiers.record import packaged_record

    rec = packaged_record()
    shapes = set(shape_iso3(reg).values())
    from tiptiers.model import JOINT_ENTITIES

    joint = {j.iso3 for j in JOINT_ENTITIES}  # drawn on its members' shapes (Serbia and Montenegro)
    for iso3 in rec.countries:
        assert iso3 in shapes or iso3 in small or iso3 in joint, iso3


def test_the_points_file_agrees_with_the_packaged_geometry(reg: Registry) -> None:
    """map-points.csv's 1:110m areas are those of the packaged geometry (recomputed by the
    script that wrote them), so the choice of dots follows the geometry the maps draw."""
    import csv
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_map_points", ROOT / "scripts" / "build_map_points.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    areas = script._areas(json.loads(script.PACKAGED_110M.read_text(encoding="utf-8")))
    path = ROOT / "src" / "tiptiers" / "data" / "map-points.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) > 230
    for row in rows:
        if row["area_110m_km2"]:
            assert abs(float(row["area_110m_km2"]) - areas[row["key"]]) <= 1, row
        else:
            assert row["key"] not in areas, row
    by_key = {r["key"]: r for r in rows}
    # real areas, to a few percent (France, metropolitan and overseas, is 640,000 km2)
    assert 600_000 < float(by_key["250"]["area_km2"]) < 680_000
    assert 15_000 < float(by_key["242"]["area_km2"]) < 22_000  # Fiji, across the antimeridian


def test_dots_do_not_overlap_and_stay_put_from_year_to_year(record: Record, reg: Registry) -> None:
    rows = dot_table(record, reg, 2024, None)
    scale = REFERENCE_WIDTH / 5.41326
    pts = {r["iso3"]: _project(r["dot_lon"], r["dot_lat"]) for r in rows}
    keys = sorted(pts)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            d = ((pts[a][0] - pts[b][0]) ** 2 + (pts[a][1] - pts[b][1]) ** 2) ** 0.5 * scale
            assert d >= DOT_GAP * 0.98, (a, b, d)
    # a moved dot stays near its place (the Caribbean's are within 25 pixels)
    for r in rows:
        x0, y0 = _project(r["lon"], r["lat"])
        x1, y1 = _project(r["dot_lon"], r["dot_lat"])
        assert ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 * scale < 25, r["iso3"]
    before = {r["iso3"]: (r["dot_lon"], r["dot_lat"]) for r in dot_table(record, reg, 2010, None)}
    assert before == {r["iso3"]: (r["dot_lon"], r["dot_lat"]) for r in rows}


def test_equal_earth_round_trip() -> None:
    for lon, lat in [(0, 0), (14.44, 35.89), (-175.2, -21.2), (120, 80), (-60, -55)]:
        back = _unproject(*_project(lon, lat))
        assert abs(back[0] - lon) < 1e-6 and abs(back[1] - lat) < 1e-6


def test_missing_is_hollow_and_dashed_apart_from_not_ranked(record: Record, reg: Registry) -> None:
    spec = map_spec(record, reg, 2024)
    dash = _layer(spec)["encoding"]["strokeDash"]["scale"]
    ranges = dict(zip(dash["domain"], dash["range"], strict=True))
    assert ranges[MISSING_LABEL] == MISSING_DASH and ranges[NO_RECORD_LABEL] == [1, 0]
    assert TIER_COLORS["missing"] not in {TIER_COLORS[t.value] for t in Tier}
    assert TIER_COLORS["missing"] != TIER_COLORS["none"]
    svg = spec_to_svg(map_spec(record, reg, 2024, href_template=None))
    shapes = svg.split("layer_1_marks", 1)[1].split("layer_2_marks", 1)[0]
    missing = re.findall(r'<path[^>]*fill="#fcfcfc"[^>]*>', shapes, flags=re.I)
    assert missing and all('stroke-dasharray="3,2"' in p for p in missing)
    # the legend's symbol for it is dashed too (one legend: colour and dash merged)
    legend = svg.split("role-legend", 1)[1]
    assert "stroke-dasharray" in legend
def test_the_joint_government_is_drawn_on_both_shapes_with_a_note(
    record: Record, reg: Registry
) -> None:
    """2003-2006: one government, Serbia and Montenegro, drawn on the shapes of today's
    Serbia and Montenegro, and the subtitle says so; from 2007 each shape is its own."""
    from tiptiers.report.maps import join_table, map_subtitle

    rows = {r["key"]: r for r in join_table(record, reg, 2004, None)}
    srb, mne = rows[reg.get("SRB").numeric or ""], rows[reg.get("MNE").numeric or ""]
    assert (srb["iso3"], srb["tier"]) == (mne["iso3"], mne["tier"]) == ("SCG", "2WL")
    assert srb["status"] == "Tier 2 Watch List (one government; today Serbia)"
    from tiptiers.report.maps import dot_table

    dots = [d for d in dot_table(record, reg, 2004, None) if d["iso3"] == "SCG"]
    assert [d["tier"] for d in dots] == ["2WL"] * len(dots)  # Montenegro's dot, if it is one
    assert any("drawn on the shapes of today's Serbia and Montenegro" in ln
               for ln in map_subtitle(record, reg, 2004))  # fmt: skip
    rows = {r["key"]: r for r in join_table(record, reg, 2008, None)}
    assert rows[reg.get("SRB").numeric or ""]["iso3"] == "SRB"
    assert not any("Montenegro" in ln for ln in map_subtitle(record, reg, 2008))


def test_the_scenario_map_draws_a_changed_small_state_as_a_dot(record: Record) -> None:
    from tiptiers.web.scenario_page import map_spec as scenario_map

    spec = scenario_map(
        {"MLT": "tier3_added", "FRA": "tier3_added"},
        {"MLT": "Malta moves", "FRA": "France moves"},
        "/world.json",
        set(record.countries),
    )
    dots = spec["layer"][-1]
    assert dots["mark"]["type"] == "circle"
    (malta,) = dots["data"]["values"]  # France has a shape; only Malta is a dot
    assert malta["name"] == "Malta" and malta["href"] == "#c-MLT"
    assert malta["first"] == "Malta moves"
