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
    MISSING_LABEL,
    NO_RECORD_LABEL,
    TIER_COLORS,
    code_of,
    format_for,
    map_spec,
    render_map,
    shape_iso3,
    spec_to_svg,
)


def _layer(spec: dict, i: int = 1) -> dict:
    return spec["layer"][i]


def _join_table(spec: dict) -> dict[str, dict]:
    """The rows the countries layer looks its shapes up in, by ISO3."""
    lookup = next(t for t in _layer(spec)["transform"] if "lookup" in t)
    data = lookup["from"]["data"]
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
    group = group.split('class="mark-group role-legend"', 1)[0]
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
