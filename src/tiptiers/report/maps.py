"""World maps of the tier placements: a Vega-Lite choropleth, rendered offline.

Defines :data:`TIER_COLORS` (the palette every chart, map and page of tiptiers shares),
:func:`map_spec` (the Vega-Lite v6 spec of one report year's world map, made with Altair)
and :func:`render_map` (that map as SVG, PNG or a self-contained HTML file, through
vl-convert, with no browser and no network).

The geometry is Natural Earth's 1:110m countries as the npm package world-atlas ships it
(``data/world-110m.json``, TopoJSON, object ``countries``, feature ids = ISO 3166-1 numeric
codes); it is joined to the record through the country registry. A shape whose country has
no placement in the record for the year is drawn as one of two greys, kept apart: "Not
ranked by the report" (the year's lists are complete and do not name it; shapes the report
never ranks too) and "Missing from our record" (the year's lists are partial: the report may
have ranked it). Nothing is carried forward or guessed, and a partial year says so in the
subtitle. The light grey is a plain fill; "missing" is a hollow shape with a dashed outline, so
that it stays apart from the tiers and from "not ranked" without telling colours apart.

Small states (Malta, Singapore, the island states: no shape at 1:110m, or one of a few
pixels) are drawn as dots, coloured like the shapes, with the same tooltip and link:
:func:`small_states` picks them from the areas in ``data/map-points.csv`` (computed from
Natural Earth's 1:50m and the packaged 1:110m geometry by ``scripts/build_map_points.py``),
and :func:`dot_positions` moves dots that would overlap apart, a thin line joining each
moved dot to its place.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import textwrap
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tiptiers.countries import Registry
from tiptiers.errors import BadInput
from tiptiers.model import JOINT_ENTITIES, MAYBE_MISSING_WORDS, TIERS, Record, joint_entity
from tiptiers.record import DATA_DIR
from tiptiers.report.files import write_bytes_atomically

if TYPE_CHECKING:
    from tiptiers.queries.layers import BesideOfficial

#: Tier code -> colour, shared by maps, charts and report pages. Okabe & Ito's palette for
#: colour-blind readers, ordered cool (Tier 1) to warm (Tier 3); Special Case is a hue of its
#: own, 'none' (not ranked by the report) a light grey and 'missing' (missing from our
#: record) a darker grey.
TIER_COLORS: dict[str, str] = {
    "1": "#0072B2",
    "2": "#56B4E9",
    "2WL": "#F0E442",
    "3": "#D55E00",
    "special_case": "#CC79A7",
    "none": "#D9D9D9",
    "missing": "#FCFCFC",
}
#: The dashed outline that marks "missing" (on the map, in its legend, and on the pages'
#: swatches): hollow with a dashed edge, told apart from the tiers and from "not ranked" by
#: its form, not its colour (for colour-blind readers, and in dark mode).
MISSING_STROKE = "#555555"
MISSING_DASH = [3, 2]
#: The map's two categories without a placement (the codes of :data:`TIER_COLORS`): the
#: report did not rank the country, or our record lacks its row (Presence.category).
NO_RECORD_LABEL = "Not ranked by the report"
MISSING_LABEL = "Missing from our record"
#: 'none' in a year whose lists are marked complete but hold fewer countries than the report
#: printed (2004, 2005, 2008 ...): not ranked, or one of the countries our record lacks.
MAYBE_MISSING_LABEL = MAYBE_MISSING_WORDS[:1].upper() + MAYBE_MISSING_WORDS[1:]
SOURCE_LINE = (
    "Source: U.S. State Department TIP Reports, as held in the tiptiers record"
    " · Boundaries: Natural Earth 1:110m"
)
GEOMETRY_FILE = "world-110m.json"
GEOMETRY_OBJECT = "countries"

# Shapes of the 1:110m geometry that have no ISO numeric id: joined by name where the report
# ranks the government that the shape belongs to.
# AMBIGUITY: Natural Earth draws Somaliland apart from Somalia; the report ranks Somalia
# within its recognised borders, so the shape takes Somalia's placement. "N. Cyprus" (the
# area administered by Turkish Cypriots) has its own section in the report but no tier, so it
# stays unjoined and is drawn as not ranked.
_NAMED_SHAPES = {"Kosovo": "XKX", "Somaliland": "SOM"}
_ANTARCTICA = "010"

#: Where small states are drawn as dots: one row per shape of Natural Earth's 1:50m
#: countries (key, name, lon, lat, area_km2, area_110m_km2), generated from the geometry by
#: scripts/build_map_points.py.
MAP_POINTS_FILE = "map-points.csv"
#: The width (pixels) at which the map's sizes are reckoned: the width of map_spec's default.
REFERENCE_WIDTH = 900
#: A country is a dot where its 1:110m shape is missing or covers fewer pixels than this at
#: the reference width (10 square pixels: about 3 by 3, too small to see or click).
MIN_SHAPE_PIXELS = 10
#: Dots: their area (square pixels at the reference width; scaled with the map's width, to
#: between 0.7 and 1.2 times), and the least distance between two dots' centres
#: (pixels at the reference width) below which they are moved apart.
DOT_SIZE = 60
DOT_GAP = 10.0
#: The Equal Earth projection of a sphere of radius 1 is 2 x 2.70663 wide (Šavrič, Patterson
#: & Jenny 2018): the map's pixels per unit of radius are the width over that.
_EQUAL_EARTH_WIDTH = 5.41326
_EARTH_RADIUS_KM = 6371.0088
_EE = (1.340264, -0.081106, 0.000893, 0.003796)
_EE_M = math.sqrt(3) / 2


@cache
def _geometry_text() -> str:
    with open(os.path.join(DATA_DIR, GEOMETRY_FILE), encoding="utf-8") as f:
        return f.read()


@cache
def geometry() -> dict[str, Any]:
    """The packaged TopoJSON world (parsed once per process; do not mutate)."""
    data: dict[str, Any] = json.loads(_geometry_text())
    return data


def geometry_json() -> str:
    """The packaged TopoJSON world as text (what a web app serves at its geometry URL)."""
    return _geometry_text()


@cache
def _shape_keys() -> tuple[tuple[str, str], ...]:
    """(join key, shape name) of every shape: its numeric id, or its name where it has none."""
    out = []
    for g in geometry()["objects"][GEOMETRY_OBJECT]["geometries"]:
        name = str(g.get("properties", {}).get("name", ""))
        out.append((str(g["id"]) if g.get("id") else name, name))
    return tuple(out)


def _iso3_of(key: str, registry: Registry) -> str | None:
    """The ISO3 code of the country a shape's join key (numeric id or name) stands for."""
    if key == _ANTARCTICA:
        return None
    if key in _NAMED_SHAPES:
        return _NAMED_SHAPES[key]
    c = registry.by_numeric(key) if key.isdigit() else None
    return c.iso3 if c is not None else None


def shape_iso3(registry: Registry) -> dict[str, str]:
    """Join key of each map shape -> the ISO3 code of the country the record knows it as."""
    out: dict[str, str] = {}
    for key, _name in _shape_keys():
        iso3 = _iso3_of(key, registry)
        if iso3 is not None:
            out[key] = iso3
    return out


@cache
def _map_points() -> tuple[dict[str, str], ...]:
    with open(os.path.join(DATA_DIR, MAP_POINTS_FILE), encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def km2_per_pixel(width: int = REFERENCE_WIDTH) -> float:
    """Square kilometres per square pixel of the map ``width`` pixels wide (Equal Earth keeps
    areas, so this holds everywhere on the map)."""
    return (_EARTH_RADIUS_KM * _EQUAL_EARTH_WIDTH / width) ** 2


def small_states(registry: Registry) -> dict[str, tuple[float, float]]:
    """ISO3 -> (longitude, latitude) of each country the map draws as a dot: its 1:110m
    shape is missing, or covers fewer than :data:`MIN_SHAPE_PIXELS` square pixels at the
    reference width. The place is the centroid of its largest polygon at 1:50m."""
    limit = MIN_SHAPE_PIXELS * km2_per_pixel()
    out: dict[str, tuple[float, float]] = {}
    for row in _map_points():
        iso3 = _iso3_of(row["key"], registry)
        if iso3 is None:
            continue
        area = row["area_110m_km2"]
        if not area or float(area) < limit:
            out[iso3] = (float(row["lon"]), float(row["lat"]))
    return out


def _project(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth on the unit sphere (y up), as d3-geo computes it."""
    a1, a2, a3, a4 = _EE
    t = math.asin(_EE_M * math.sin(math.radians(lat)))
    t2 = t * t
    t6 = t2 * t2 * t2
    x = math.radians(lon) * math.cos(t) / (_EE_M * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    return x, t * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))


def _unproject(x: float, y: float) -> tuple[float, float]:
    """The inverse of :func:`_project` (Newton's method on the parametric latitude)."""
    a1, a2, a3, a4 = _EE
    t = y
    for _ in range(12):
        t2 = t * t
        t6 = t2 * t2 * t2
        fy = t * (a1 + a2 * t2 + t6 * (a3 + a4 * t2)) - y
        fpy = a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)
        t -= fy / fpy
    t2 = t * t
    t6 = t2 * t2 * t2
    lon = _EE_M * x * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)) / math.cos(t)
    return math.degrees(lon), math.degrees(math.asin(math.sin(t) / _EE_M))


@cache
def _spread(places: tuple[tuple[str, float, float], ...]) -> dict[str, tuple[float, float]]:
    gap = DOT_GAP * _EQUAL_EARTH_WIDTH / REFERENCE_WIDTH  # in units of the unit sphere
    at = {iso3: list(_project(lon, lat)) for iso3, lon, lat in places}
    keys = sorted(at)
    for _ in range(100):
        moved = False
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                pa, pb = at[a], at[b]
                dx, dy = pb[0] - pa[0], pb[1] - pa[1]
                d = math.hypot(dx, dy)
                if d >= gap * 0.999:
                    continue
                if d < 1e-9:  # the same place: apart along a fixed direction
                    dx, dy, d = 1.0, 0.0, 1.0
                push = (gap - d) / 2 / d
                pa[0] -= dx * push
                pa[1] -= dy * push
                pb[0] += dx * push
                pb[1] += dy * push
                moved = True
        if not moved:
            break
    return {iso3: _unproject(x, y) for iso3, (x, y) in at.items()}


def dot_positions(places: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """ISO3 -> (longitude, latitude) where each dot is drawn: its place, or nearby where
    dots would overlap at the reference width (moved apart until their centres are at least
    :data:`DOT_GAP` pixels apart; the same places always give the same positions)."""
    return _spread(tuple(sorted((k, lon, lat) for k, (lon, lat) in places.items())))


def shown_as(record: Record, iso3: str, year: int) -> str:
    """The government a country's shape shows in ``year``: a joint entity the report ranked in
    its place that year (Serbia and Montenegro, 2003-2006, on the shapes of today's Serbia and
    Montenegro: docs/PANEL.md), else the country itself."""
    j = joint_entity(iso3)
    if j is not None and iso3 != j.iso3 and j.ranked(year) and record.get(j.iso3, year):
        return j.iso3
    return iso3


def joint_note(record: Record, registry: Registry, year: int) -> list[str]:
    """A line for each joint entity the map of ``year`` draws on its members' shapes."""
    out = []
    for j in JOINT_ENTITIES:
        if j.ranked(year) and record.get(j.iso3, year) is not None:
            names = " and ".join(registry.get(m).name for m in j.members)
            out.append(
                f"{j.name}, ranked as one government in {year}, is drawn on the shapes of "
                f"today's {names}."
            )
    return out


def legend_labels(record: Record, year: int) -> dict[str, str]:
    """Tier code -> legend label with the count in the record, e.g. 'Tier 3 (23)'.

    Tiers with no placement in the year are left out; 'none' (not ranked by the report) is
    always there, 'missing' (from our record) where the year's lists are partial, with the
    number of countries the record knows that it lacks (those placed in the report before or
    after, or in no other report but the year's lists leave open).
    """
    counts = record.counts(year)
    out = {t.value: f"{t.label} ({counts[t]})" for t in TIERS if counts[t]}
    # a year whose lists hold fewer countries than the report printed: a country they do not
    # name may be one of those missing (Record.reader_lookup)
    out["none"] = (
        MAYBE_MISSING_LABEL if record.for_readers(year).short_of_print else NO_RECORD_LABEL
    )
    if record.coverage[year].partial:
        out["missing"] = MISSING_LABEL
    return out


def map_title(year: int) -> str:
    return f"Trafficking in Persons Report {year}: tier placements"


def map_subtitle(record: Record, registry: Registry, year: int) -> list[str]:
    """The lines under the title: what the colours mean and, for a partial year, the caveat."""
    cov = record.for_readers(year)  # a year short of the printed counts says so too
    lines = []
    if cov.caveat():
        lines.append(cov.caveat())
    placed = {p.iso3 for p in record.year(year)}
    dots = len(placed & set(small_states(registry)))
    if dots:
        lines.append(
            f"{dots} placed {'country is' if dots == 1 else 'countries are'} too small to "
            "show at this scale and drawn as a dot."
        )
    return lines + joint_note(record, registry, year)


def _status(record: Record, iso3: str, year: int) -> str:
    words = record.reader_lookup(iso3, year).words
    return words[:1].upper() + words[1:]


def code_of(record: Record, iso3: str, year: int) -> str:
    """The map's colour code of a country-year: its tier code, 'none' (not ranked by the
    report) or 'missing' (from our record)."""
    look = record.lookup(iso3, year)
    if look.tier is not None:
        return look.tier.value
    return "missing" if look.presence.missing else "none"


def _row(
    record: Record,
    registry: Registry,
    year: int,
    iso3: str,
    labels: Mapping[str, str],
    href_template: str | None,
) -> dict[str, Any]:
    """The values the map shows for one country: name, colour code, legend, status, link."""
    code = code_of(record, iso3, year)
    row: dict[str, Any] = {
        "iso3": iso3,
        "name": registry.get(iso3).common_name,
        "tier": code,
        "legend": labels[code],
        "status": _status(record, iso3, year),
    }
    if href_template is not None:  # a grey country's page says what is known of it
        row["href"] = href_template.format(iso3=iso3, year=year)
    return row


def join_table(
    record: Record, registry: Registry, year: int, href_template: str | None
) -> list[dict[str, Any]]:
    """One row per map shape that the registry knows: the values the map shows for it."""
    labels = legend_labels(record, year)
    rows = []
    for key, shape in sorted(shape_iso3(registry).items()):
        iso3 = shown_as(record, shape, year)  # Serbia and Montenegro on both shapes, 2003-2006
        row = {"key": key, **_row(record, registry, year, iso3, labels, href_template)}
        if iso3 != shape:
            row["status"] += f" (one government; today {registry.get(shape).name})"
        rows.append(row)
    return rows


def dot_table(
    record: Record, registry: Registry, year: int, href_template: str | None
) -> list[dict[str, Any]]:
    """One row per dot: each small state (:func:`small_states`) that the record places in
    any year, with the values its shape would show, where it is and where its dot is drawn
    (``lon``/``lat``, ``dot_lon``/``dot_lat``). The same states, at the same places, every
    year: a state the year does not place is a grey dot."""
    labels = legend_labels(record, year)
    known = set(record.countries)
    places = {i: at for i, at in small_states(registry).items() if i in known}
    dots = dot_positions(places)
    rows = []
    for iso3 in sorted(places):
        (lon, lat), (dlon, dlat) = places[iso3], dots[iso3]
        shown = shown_as(record, iso3, year)  # Montenegro's dot: Serbia and Montenegro, 2003-2006
        row = _row(record, registry, year, shown, labels, href_template)
        if shown != iso3:
            row["status"] += f" (one government; today {registry.get(iso3).name})"
        row.update(lon=lon, lat=lat, dot_lon=round(dlon, 3), dot_lat=round(dlat, 3))
        rows.append(row)
    return rows


#: The world maps' projection. The sphere (the map's ground) bounds every country, so the
#: projection is fitted to it alone: the same map as fitting it to every shape (the default
#: of Vega-Lite, which passes this through), without a pass over the 10,000 points of the
#: countries (about 30 ms in a browser drawing the map).
PROJECTION: dict[str, Any] = {"type": "equalEarth", "fit": {"type": "Sphere"}}


def map_spec(
    record: Record,
    registry: Registry,
    year: int,
    *,
    geometry_url: str | None = None,
    width: int = 900,
    height: int = 470,
    href_template: str | None = "/country/{iso3}?year={year}",
    title: bool = True,
    details: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    """The Vega-Lite v6 spec of the world map of ``year``'s placements, coloured by tier.

    Equal Earth projection; tooltip with the country's name and tier; a legend with the count
    per tier; an ``href`` to the country's page (``href_template`` with ``{iso3}`` and
    ``{year}``; None for no links); ``title`` False leaves the title, subtitle and source
    line to the page around the map. ``geometry_url`` None embeds the packaged TopoJSON;
    otherwise the spec loads it from that URL. ``details`` adds lines to the tooltip: by
    ISO3, a title and a value each (every country the same titles, in the same order).
    Raises YearNotInRecord.
    """
    import altair as alt

    record.check_year(year)
    labels = legend_labels(record, year)
    topo_format = alt.DataFormat(type="topojson", feature=GEOMETRY_OBJECT)  # type: ignore[no-untyped-call]
    # Altair walks inline values item by item; the 100 kB of TopoJSON arcs would cost it
    # a third of a second, so the spec names a placeholder URL that is swapped for the
    # values after to_dict().
    shapes = alt.UrlData(url=geometry_url or _INLINE_PLACEHOLDER, format=topo_format)
    table = join_table(record, registry, year, href_template)
    dot_rows = dot_table(record, registry, year, href_template)
    fields = ["iso3", "name", "tier", "legend", "status"]
    titles: list[str] = []
    for lines in (details or {}).values():
        titles = list(lines)
        break
    extra = {t: f"detail{i}" for i, t in enumerate(titles)}
    if details:
        for row in (*table, *dot_rows):
            mine = details.get(row["iso3"]) or {}
            for t, field in extra.items():
                row[field] = mine.get(t, "—")
        fields += list(extra.values())
    if href_template is not None:
        fields.append("href")
    none = json.dumps(labels["none"])  # unjoined shapes share the legend entry
    not_ranked = json.dumps(NO_RECORD_LABEL)
    encode: dict[str, Any] = {
        "color": alt.Color(
            "legend:N",
            title="Tier (placements in the record)",
            scale=alt.Scale(
                domain=list(labels.values()),
                range=[TIER_COLORS[code] for code in labels],
            ),
            legend=alt.Legend(
                orient="bottom-left",
                fillColor="white",
                padding=6,
                cornerRadius=3,
                labelFontSize=11,
                labelLimit=320,
                titleFontSize=11,
                symbolStrokeColor="#888888",
                symbolStrokeWidth=0.5,
            ),
            sort=list(labels.values()),
        ),
        # "missing" is dashed (its legend symbol too: the legends of one field merge)
        "strokeDash": alt.StrokeDash(
            "legend:N",
            title="Tier (placements in the record)",
            scale=alt.Scale(
                domain=list(labels.values()),
                range=[MISSING_DASH if code == "missing" else [1, 0] for code in labels],
            ),
            sort=list(labels.values()),
        ),
        "tooltip": [
            alt.Tooltip("name:N", title="Country"),
            alt.Tooltip("status:N", title=f"{year} report"),
            *[alt.Tooltip(f"{field}:N", title=t) for t, field in extra.items()],
        ],
    }
    if href_template is not None:
        encode["href"] = alt.Href("href:N")
    is_missing = "datum.tier === 'missing'"
    countries = (
        alt.Chart(shapes)
        .mark_geoshape()
        .transform_calculate(key="isValid(datum.id) ? datum.id : datum.properties.name")
        .transform_filter(f"datum.key !== '{_ANTARCTICA}'")
        .transform_lookup(
            lookup="key",
            from_=alt.LookupData(data=alt.InlineData(values=table), key="key", fields=fields),
        )
        .transform_calculate(
            name="isValid(datum.name) ? datum.name : datum.properties.name",
            legend=f"isValid(datum.legend) ? datum.legend : {none}",
            status=f"isValid(datum.status) ? datum.status : {not_ranked}",
            # a shape the registry does not know links nowhere (not to "/null")
            **({"href": "isValid(datum.href) ? datum.href : ''"} if href_template else {}),
        )
        .encode(
            **encode,
            stroke=alt.condition(is_missing, alt.value(MISSING_STROKE), alt.value("white")),
            strokeWidth=alt.condition(is_missing, alt.value(0.9), alt.value(0.5)),
        )
    )
    layers: list[Any] = [countries]
    if dot_rows:
        dot_data = alt.InlineData(values=dot_rows)
        moved = [r for r in dot_rows if (r["dot_lon"], r["dot_lat"]) != (r["lon"], r["lat"])]
        if moved:  # a thin line from a moved dot to the state's place
            layers.append(
                alt.Chart(alt.InlineData(values=moved))
                .mark_rule(color=MISSING_STROKE, strokeWidth=0.6, aria=False)
                .encode(
                    longitude="lon:Q",
                    latitude="lat:Q",
                    longitude2="dot_lon:Q",
                    latitude2="dot_lat:Q",
                )
            )
        layers.append(
            alt.Chart(dot_data)
            .mark_circle(
                # smaller on a narrow map (a phone), where the dots would crowd
                size=alt.ExprRef(  # type: ignore[no-untyped-call]
                    f"{DOT_SIZE} * clamp(width / {REFERENCE_WIDTH}, 0.7, 1.2)"
                ),
                opacity=1,
                stroke="#333333",
                strokeWidth=0.8,
            )
            .encode(
                longitude="dot_lon:Q",
                latitude="dot_lat:Q",
                **encode,
                stroke=alt.condition(is_missing, alt.value(MISSING_STROKE), alt.value("#333333")),
            )
        )
    sphere = alt.Chart(alt.SphereGenerator(sphere=True)).mark_geoshape(
        fill="#F3F7FA",
        stroke="#C8D3DC",
        strokeWidth=0.5,
        aria=False,  # the ground only
    )
    subtitle = map_subtitle(record, registry, year)
    props: dict[str, Any] = {"width": width, "height": height}
    if title:
        props["title"] = alt.TitleParams(
            map_title(year),
            # lines kept within the map's width (about 7 pixels a character at 11 pixels)
            subtitle=[
                *(part for line in subtitle for part in textwrap.wrap(line, width // 7)),
                SOURCE_LINE,
            ],
            anchor="start",
            fontSize=16,
            subtitleFontSize=11,
            subtitleColor="#444444",
        )
    chart = (
        alt.layer(sphere, *layers)
        .project(type="equalEarth")
        .properties(**props)
        .configure_view(stroke=None)
    )
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec["projection"] = dict(PROJECTION)  # (Altair's schema takes no Sphere as fit)
    if geometry_url is None:
        _inline_geometry(spec)
    return spec


_INLINE_PLACEHOLDER = "tiptiers:inline-geometry"


def _inline_geometry(node: Any, url: str = _INLINE_PLACEHOLDER) -> None:
    """Replace the data loaded from ``url`` (the placeholder, or the URL a page serves the
    geometry at) in a spec with the packaged TopoJSON values."""
    if isinstance(node, dict):
        if node.get("url") == url:
            del node["url"]
            node["values"] = json.loads(_geometry_text())
            return
        for v in node.values():
            _inline_geometry(v, url)
    elif isinstance(node, list):
        for v in node:
            _inline_geometry(v, url)


# -- rendering -------------------------------------------------------------------------
FORMATS = ("svg", "png", "html")
VENDOR_DIR = Path(__file__).resolve().parent.parent / "web" / "static" / "vendor"
_VENDOR_LIBS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")


def format_for(path: Path, fmt: str | None = None) -> str:
    """The output format: ``fmt`` if given, else the file's suffix (raises BadInput)."""
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise BadInput(
            f"{path}: cannot tell the format; use a .svg, .png or .html file name "
            "or --format svg|png|html."
        )
    return chosen


_warm_up: Any = None


def prewarm() -> None:
    """Start vl-convert's JavaScript engine in a background thread (about a third of a
    second), so that it is ready when the spec is: a command calls this first, then loads
    the record and Altair while the engine starts. Idempotent; only an optimisation."""
    global _warm_up
    if _warm_up is not None:
        return
    import threading

    def warm() -> None:
        import contextlib

        import vl_convert as vlc

        # A failed warm-up changes nothing: the real call reports any error.
        with contextlib.suppress(Exception):
            vlc.vegalite_to_svg({"mark": "point", "data": {"values": []}})

    _warm_up = threading.Thread(target=warm, name="vl-convert-warm-up", daemon=True)
    _warm_up.start()


def _ready() -> None:
    if _warm_up is not None:
        _warm_up.join()


def spec_to_svg(spec: dict[str, Any]) -> str:
    """A Vega-Lite spec as SVG text, offline."""
    import vl_convert as vlc

    _ready()
    svg: str = vlc.vegalite_to_svg(spec, vl_version=_vl_version())
    return svg


def spec_to_vega(spec: dict[str, Any], *, theme: str | None = None) -> dict[str, Any]:
    """A Vega-Lite spec compiled to a Vega spec, offline (``theme`` a vl-convert theme
    name, e.g. "dark"), so that a browser draws it with Vega alone, without Vega-Lite."""
    import vl_convert as vlc

    _ready()
    vega: dict[str, Any] = vlc.vegalite_to_vega(spec, vl_version=_vl_version(), theme=theme)
    return vega


#: Where vl-convert resolves a relative link (Vega's default base URL), and what an SVG
#: drawn for a page keeps of the numbers of its paths (a tenth of a pixel).
_VEGA_BASE_LINK = re.compile(r'xlink:href="https://vega\.github\.io/vega-datasets/+')
_LONG_DECIMALS = re.compile(r"(\d\.\d)\d+")
_SVG_ARIA = re.compile(r' (?:aria-label|aria-roledescription|role)="[^"]*"')


def vega_to_page_svg(
    vega: dict[str, Any], geometry_url: str, *, width: int = 900, height: int = 474
) -> str:
    """A compiled Vega map (``spec_to_vega``) drawn here as SVG, ``width`` x ``height``, for a
    page to show before its script has drawn the interactive map: the geometry the page
    loads from ``geometry_url`` inlined, a transparent ground, the same links to the
    countries' pages, coordinates to a tenth of a pixel and no per-shape labels (the page
    names the map as a whole), so that it weighs what the page can afford."""
    import copy

    import vl_convert as vlc

    spec = copy.deepcopy(vega)
    _inline_geometry(spec, geometry_url)
    sizes = {"width": width, "height": height}
    spec["signals"] = [
        {"name": s["name"], "value": sizes[s["name"]]} if s.get("name") in sizes else s
        for s in spec.get("signals", [])
    ]
    spec["background"] = "transparent"
    _ready()
    svg: str = vlc.vega_to_svg(spec)
    svg = _VEGA_BASE_LINK.sub('xlink:href="/', svg)
    return _SVG_ARIA.sub("", _LONG_DECIMALS.sub(r"\1", svg))


def spec_to_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """A Vega-Lite spec as PNG bytes, offline (``scale`` 2 for sharp print)."""
    import vl_convert as vlc

    _ready()
    png: bytes = vlc.vegalite_to_png(spec, vl_version=_vl_version(), scale=scale)
    return png


@cache
def _vl_version() -> str:
    """The vl-convert Vega-Lite version matching Altair's schema (major.minor)."""
    import altair as alt
    import vl_convert as vlc

    wanted = "_".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    available = list(vlc.get_vegalite_versions())
    for v in reversed(available):
        if v.lstrip("v").replace(".", "_") == wanted:
            return str(v)
    return str(available[-1])


@cache
def vendor_scripts() -> str:
    """The vendored Vega, Vega-Lite and vega-embed libraries as inline <script> elements."""
    parts = []
    for name in _VENDOR_LIBS:
        text = (VENDOR_DIR / name).read_text(encoding="utf-8")
        parts.append(f"<script>{_script_safe(text)}</script>")
    return "\n".join(parts)


def _script_safe(text: str) -> str:
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def spec_to_html(spec: dict[str, Any], title: str) -> str:
    """A self-contained interactive HTML page of a spec: Vega inlined, no CDN, no network."""
    from html import escape

    data = _script_safe(json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<style>body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:1.5rem}"
        "</style>\n"
        f"{vendor_scripts()}\n</head>\n<body>\n"
        '<div id="vis"></div>\n'
        f'<script>vegaEmbed("#vis", {data}, {{renderer: "svg", actions: false}})'
        '.catch(function (e) { document.getElementById("vis").textContent = String(e); });'
        "</script>\n</body>\n</html>\n"
    )


def render_spec(spec: dict[str, Any], path: Path, fmt: str | None, title: str) -> None:
    """Write a spec to ``path`` as SVG, PNG or HTML, atomically (raises BadInput)."""
    kind = format_for(path, fmt)
    if kind == "png":
        png = spec_to_png(spec)
        write_bytes_atomically(path, png)
        return
    text = spec_to_svg(spec) if kind == "svg" else spec_to_html(spec, title)
    write_bytes_atomically(path, text.encode("utf-8"))


def render_map(record: Record, registry: Registry, year: int, path: Path, fmt: str) -> None:
    """Write the map of ``year`` to ``path`` as ``fmt`` (svg, png or html), offline.

    HTML is one self-contained file (the vendored Vega libraries inlined); SVG and PNG are
    rendered by vl-convert without a browser. Raises YearNotInRecord or BadInput.
    """
    format_for(path, fmt)  # fail on a bad format before the work
    spec = map_spec(record, registry, year, href_template=None)
    render_spec(spec, path, fmt, map_title(year))


def cycle_map_spec(
    beside: BesideOfficial,
    registry: Registry,
    *,
    geometry_url: str | None = None,
    href_template: str | None = None,
    title: bool = True,
    width: int = 900,
    height: int = 470,
) -> dict[str, Any]:
    """The world map of a published cycle's placements (:func:`tiptiers.report.maps.map_spec`
    over the cycle's own one-year record): the legend and the tooltip name them as the
    cycle's, a country it did not assess is "Not assessed by this cycle", and the tooltip
    adds the official placement of the same report and whether it differs. ``title`` puts
    the cycle's label and the caption (not the State Department's) on the map itself."""
    from tiptiers.queries.layers import NOT_ASSESSED

    cycle, year = beside.cycle, beside.year
    official = f"Official {year} report"
    details = {
        r.country.iso3: {official: r.official.words + (" (differs)" if r.differs else "")}
        for r in beside.rows
    }
    spec = map_spec(
        cycle.record(),
        registry,
        year,
        geometry_url=geometry_url,
        href_template=href_template,
        title=False,
        details=details,
        width=width,
        height=height,
    )
    # map_spec speaks of the official record: here its words are the cycle's
    text = json.dumps(spec)
    for theirs, ours in (
        ("Tier (placements in the record)", "Tier (this cycle)"),
        (NO_RECORD_LABEL, NOT_ASSESSED),
        (f"{year} report", "This cycle"),
    ):
        text = text.replace(json.dumps(theirs), json.dumps(ours))
    out: dict[str, Any] = json.loads(text)
    if title:
        out["title"] = {
            "text": cycle.label,
            "subtitle": [cycle.caption, beside.summary()],
            "anchor": "start",
        }
    return out
