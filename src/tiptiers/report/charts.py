"""Tier timelines: one or several countries' placements year by year, as Vega-Lite.

Defines :func:`timeline_data` (the points, Watch List runs, downgrades and gaps of each
country, with the law engine's verdict on every downgrade from the Watch List to Tier 3:
automatic under 22 U.S.C. 7107(b)(2)(D)(i), or not forced by the clock), :func:`timeline_spec` (the
Vega-Lite v6 chart, made with Altair) and :func:`render_chart` (SVG, PNG or a
self-contained HTML file, offline).

The y axis runs from Tier 1 at the top to Tier 3, with Special Case in a row of its own
below (it is not a rank). A line joins two placements only when they are in consecutive
reports and both ranked: a year the record does not hold for the country is a gap in the
line, and for one country a grey band, never a line drawn across.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tiptiers.countries import Registry
from tiptiers.model import RANKED_TIERS, Presence, Record, Tier
from tiptiers.report.maps import TIER_COLORS, render_spec

#: Row order of the y axis: the ranked tiers, best first, then Special Case apart.
Y_ORDER: tuple[str, ...] = (*(t.label for t in RANKED_TIERS), Tier.SPECIAL_CASE.label)
#: Colours of compared countries (Okabe & Ito, skipping the hues the tiers use most).
COUNTRY_COLORS: tuple[str, ...] = (
    "#000000",
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#999999",
)
MAX_COUNTRIES = len(COUNTRY_COLORS)
WATCH_LIST_SHADE = "#F7EFA0"
DOWNGRADE = "Downgrade"
AUTOMATIC = "Automatic downgrade, 7107(b)(2)(D)(i)"


@dataclass(frozen=True)
class Timeline:
    """What a timeline shows of one country."""

    iso3: str
    name: str
    points: list[dict[str, Any]] = field(default_factory=list)
    watch_list_runs: list[tuple[int, int]] = field(default_factory=list)
    downgrades: list[dict[str, Any]] = field(default_factory=list)
    gaps: list[dict[str, Any]] = field(default_factory=list)


def timeline_data(record: Record, iso3: str, name: str, kind: str = "country") -> Timeline:
    """The placements of one country laid out for a timeline (pure; no I/O)."""
    from tiptiers.law.explain import explain

    history = record.history(iso3)
    tl = Timeline(iso3, name)
    if not history:
        return tl
    by_year = {p.year: p for p in history}
    segment = 0
    prev_ranked = False
    for y in record.years:
        if y < history[0].year:
            continue
        p = by_year.get(y)
        if p is None:
            if y <= history[-1].year or record.lookup(iso3, y).presence is not Presence.NOT_RANKED:
                look = record.reader_lookup(iso3, y)
                tl.gaps.append({"country": name, "year": y, "note": look.note})
            prev_ranked = False
            continue
        ranked = p.tier.ranked
        if not (ranked and prev_ranked):
            segment += 1
        prev_ranked = ranked
        before = by_year.get(y - 1)
        change = ""
        if before is not None and ranked and before.tier.ranked and before.tier != p.tier:
            change = "upgrade" if p.tier < before.tier else "downgrade"
        tl.points.append(
            {
                "country": name,
                "iso3": iso3,
                "year": y,
                "tier": p.tier.value,
                "tier_label": p.tier.label,
                "segment": f"{iso3}-{segment}",
                "change": change,
            }
        )
        if change == "downgrade":
            mandatory = None
            if before is not None and before.tier is Tier.T2WL and p.tier is Tier.T3:
                mandatory = explain(record, iso3, y, name, kind).watch_list.mandatory
            tl.downgrades.append(
                {
                    "country": name,
                    "year": y,
                    "tier_label": p.tier.label,
                    "from": before.tier.label if before else "",
                    "marker": AUTOMATIC if mandatory else DOWNGRADE,
                    "why": (
                        "automatic: no Watch List year or waiver was left"
                        if mandatory
                        else "not forced by the clock (a waiver year was available; none granted)"
                        if mandatory is False
                        else "a finding of the report"
                    ),
                }
            )
    run_start: int | None = None
    last = None
    for pt in tl.points:
        y = pt["year"]
        on = pt["tier"] == Tier.T2WL.value
        if on and run_start is not None and last == y - 1:
            last = y
            continue
        if run_start is not None:
            tl.watch_list_runs.append((run_start, last if last is not None else run_start))
            run_start = None
        if on:
            run_start, last = y, y
        else:
            last = y
    if run_start is not None:
        tl.watch_list_runs.append((run_start, last if last is not None else run_start))
    return tl


def chart_title(names: Sequence[str]) -> str:
    if len(names) == 1:
        return f"{names[0]}: tier placements in the TIP Report"
    return f"{', '.join(names[:-1])} and {names[-1]}: tier placements in the TIP Report"


def timeline_spec(
    record: Record,
    registry: Registry,
    iso3s: Sequence[str],
    *,
    width: int = 640,
    height: int = 200,
    title: bool = True,
    shadow: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The Vega-Lite v6 spec of the tier timeline of one or several countries.

    Watch List runs are shaded, downgrades marked (an automatic downgrade of
    7107(b)(2)(D)(i) filled, one the clock did not force hollow), gaps left as gaps.
    ``shadow`` are a published cycle's placements (``iso3``, ``year``, ``tier``,
    ``tier_label``, ``cycle``, ``official``) of these countries, drawn as outlined diamonds beside the record's
    points, never joined to its line (:mod:`tiptiers.queries.layers`).
    """
    import altair as alt

    countries = [registry.get(i) for i in iso3s]
    lines = [timeline_data(record, c.iso3, c.common_name, c.kind) for c in countries]
    names = [c.common_name for c in countries]  # the legend: names as readers say them
    single = len(countries) == 1
    first, last = record.first_year, max([record.last_year, *(int(p["year"]) for p in shadow)])
    x = alt.X(
        "year:Q",
        title="Report year",
        scale=alt.Scale(domain=[first - 0.5, last + 0.5], nice=False, zero=False),
        axis=alt.Axis(format="d", tickMinStep=1, values=list(range(first, last + 1, 2))),
    )
    y = alt.Y(
        "tier_label:N",
        title=None,
        scale=alt.Scale(domain=list(Y_ORDER), paddingInner=0.25),
        axis=alt.Axis(labelFontSize=11, labelLimit=160),
    )
    points = [pt for tl in lines for pt in tl.points]
    runs = [
        {"country": tl.name, "start": a - 0.45, "end": b + 0.45, "years": _span(a, b)}
        for tl in lines
        for a, b in tl.watch_list_runs
    ]
    downs = [d for tl in lines for d in tl.downgrades]
    gaps = [
        {**g, "start": g["year"] - 0.45, "end": g["year"] + 0.45} for tl in lines for g in tl.gaps
    ]
    color_scale = alt.Scale(domain=names, range=list(COUNTRY_COLORS[: len(names)]))
    layers: list[Any] = []
    sc_row = alt.Chart(alt.InlineData(values=[{"tier_label": Tier.SPECIAL_CASE.label}])).mark_rect(
        color="#F2F2F2"
    )
    layers.append(sc_row.encode(y=alt.Y("tier_label:N")))
    if runs and single:
        layers.append(
            alt.Chart(alt.InlineData(values=runs))
            .mark_rect(opacity=0.6, color=WATCH_LIST_SHADE)
            .encode(
                x=alt.X("start:Q"),
                x2=alt.X2("end:Q"),
                tooltip=[alt.Tooltip("years:N", title="Watch List run")],
            )
        )
    elif runs:
        # Compared countries: each run shades that country's own strip of the Watch List row.
        layers.append(
            alt.Chart(alt.InlineData(values=[{**r, "tier_label": Tier.T2WL.label} for r in runs]))
            .mark_rect(opacity=0.22)
            .encode(
                x=alt.X("start:Q"),
                x2=alt.X2("end:Q"),
                y=alt.Y("tier_label:N", scale=alt.Scale(domain=list(Y_ORDER))),
                yOffset=alt.YOffset("country:N", scale=alt.Scale(domain=names)),
                color=alt.Color("country:N", scale=color_scale, legend=None),
                tooltip=[
                    alt.Tooltip("country:N", title="Country"),
                    alt.Tooltip("years:N", title="Watch List run"),
                ],
            )
        )
    if single and gaps:
        layers.append(
            alt.Chart(alt.InlineData(values=gaps))
            .mark_rect(color="#BBBBBB", opacity=0.35)
            .encode(
                x=alt.X("start:Q"),
                x2=alt.X2("end:Q"),
                tooltip=[
                    alt.Tooltip("year:Q", title="Year", format="d"),
                    alt.Tooltip("note:N", title="Not in the record"),
                ],
            )
        )
    base = alt.Chart(alt.InlineData(values=points))
    offset: dict[str, Any] = {}
    if not single:
        offset["yOffset"] = alt.YOffset(
            "country:N", scale=alt.Scale(domain=names, paddingInner=0.2)
        )
    line_enc: dict[str, Any] = {
        "x": x,
        "y": y,
        "detail": alt.Detail("segment:N"),
        "order": alt.Order("year:Q"),
        **offset,
    }
    line_enc["color"] = (
        alt.value("#555555")
        if single
        else alt.Color(
            "country:N", scale=color_scale, title="Country", legend=alt.Legend(orient="top")
        )
    )
    layers.append(base.mark_line(strokeWidth=2, interpolate="step-after").encode(**line_enc))
    tier_scale = alt.Scale(
        domain=[t.value for t in Tier], range=[TIER_COLORS[t.value] for t in Tier]
    )
    point_enc: dict[str, Any] = {
        "x": x,
        "y": y,
        "tooltip": [
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("year:Q", title="Report", format="d"),
            alt.Tooltip("tier_label:N", title="Tier"),
        ],
        **offset,
    }
    if single:
        point_enc["fill"] = alt.Fill("tier:N", scale=tier_scale, legend=None)
        point_enc["stroke"] = alt.value("#333333")
    else:
        point_enc["fill"] = alt.Color("country:N", scale=color_scale, legend=None)
        point_enc["stroke"] = alt.value("white")
    layers.append(
        base.mark_point(filled=True, size=70 if single else 45, strokeWidth=0.8, opacity=1).encode(
            **point_enc
        )
    )
    if downs:
        layers.append(
            alt.Chart(alt.InlineData(values=downs))
            .mark_point(size=110, strokeWidth=1.5, opacity=1, yOffset=-13)
            .encode(
                x=x,
                y=y,
                shape=alt.value("triangle-down"),
                fill=alt.condition(
                    f"datum.marker === {json.dumps(AUTOMATIC)}",
                    alt.value("#000000"),
                    alt.value("white"),
                ),
                stroke=alt.value("#000000"),
                **offset,
                tooltip=[
                    alt.Tooltip("country:N", title="Country"),
                    alt.Tooltip("year:Q", title="Downgraded in", format="d"),
                    alt.Tooltip("from:N", title="From"),
                    alt.Tooltip("tier_label:N", title="To"),
                    alt.Tooltip("why:N", title="Why"),
                ],
            )
        )
    if shadow:
        layers.append(
            alt.Chart(
                alt.InlineData(
                    values=[{**p, "country": names[list(iso3s).index(p["iso3"])]} for p in shadow]
                )
            )
            .mark_point(
                shape="diamond", size=150, strokeWidth=2, filled=True, opacity=1, xOffset=9
            )
            .encode(
                x=x,
                y=y,
                fill=alt.Fill("tier:N", scale=tier_scale, legend=None),
                stroke=alt.value("#000000"),
                **offset,
                tooltip=[
                    alt.Tooltip("country:N", title="Country"),
                    alt.Tooltip("cycle:N", title="Published cycle"),
                    alt.Tooltip("tier_label:N", title="Its placement"),
                    alt.Tooltip("official:N", title="Official"),
                ],
            )
        )
    subtitle = [
        "Shaded: Tier 2 Watch List runs."
        + (" Grey: no placement in the record." if single and gaps else "")
        + " Lines join consecutive reports only.",
        "Triangles: downgrades; filled where automatic (22 U.S.C. 7107(b)(2)(D)(i): no Watch"
        " List year or waiver left), hollow where the clock did not force it.",
    ]
    if shadow:
        subtitle.append(
            "Outlined diamonds: a published cycle's own placements, not the State Department's."
        )
    props: dict[str, Any] = {"width": width, "height": height}
    if title:
        props["title"] = alt.TitleParams(
            chart_title(names),
            subtitle=subtitle,
            anchor="start",
            fontSize=14,
            subtitleFontSize=10.5,
            subtitleColor="#444444",
        )
    chart = (
        alt.layer(*layers)
        .properties(**props)
        .resolve_scale(fill="independent", color="independent")
        .configure_view(stroke="#DDDDDD")
        .configure_axis(gridColor="#EEEEEE")
    )
    spec: dict[str, Any] = chart.to_dict(validate=False)
    return spec


def _span(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}–{b}"


def chart_countries(record: Record, registry: Registry, names: Sequence[str]) -> list[str]:
    """The ISO3 codes of the countries to chart, from names, aliases or codes: each once,
    at most :data:`MAX_COUNTRIES`, and at least one with a placement in the record
    (raises UnknownCountry or BadInput)."""
    from tiptiers.errors import BadInput

    iso3s: list[str] = []
    for text in names:
        iso3 = registry.resolve(text).iso3
        if iso3 not in iso3s:
            iso3s.append(iso3)
    if not iso3s:
        raise BadInput("Give at least one country to chart.")
    if len(iso3s) > MAX_COUNTRIES:
        raise BadInput(f"A chart compares at most {MAX_COUNTRIES} countries; got {len(iso3s)}.")
    if not any(record.history(i) for i in iso3s):
        listed = ", ".join(registry.get(i).common_name for i in iso3s)
        raise BadInput(f"No placement in the record for {listed}: nothing to chart.")
    return iso3s


def render_chart(
    record: Record, registry: Registry, iso3s: Sequence[str], path: Path, fmt: str | None
) -> None:
    """Write the timeline of ``iso3s`` to ``path`` (svg, png or html), offline."""
    from tiptiers.report.maps import format_for

    format_for(path, fmt)
    spec = timeline_spec(record, registry, iso3s)
    names = [registry.get(i).common_name for i in iso3s]
    render_spec(spec, path, fmt, chart_title(names))


def spec_json(spec: dict[str, Any]) -> str:
    """A spec as compact, key-sorted JSON (stable bytes for deterministic output)."""
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# -- a static timeline for printed pages -----------------------------------------------
# The annual report draws one timeline per country (close to two hundred of them). Through
# Vega-Lite and vl-convert each costs about 0.1 s, so the report draws the same chart here
# as plain SVG: the same data (timeline_data), palette and conventions, in about a
# millisecond, with <title> tooltips in the HTML and crisp vectors in the PDF.
_ROW_GAP = 0.6  # extra space before the Special Case row, in rows


def timeline_svg(
    tl: Timeline,
    first: int,
    last: int,
    *,
    width: int = 640,
    height: int = 150,
    label: str | None = None,
    tooltips: bool = True,
) -> str:
    """A static SVG tier timeline of one country from ``first`` to ``last`` (report years).

    ``tooltips`` adds a <title> to each mark (for the screen; print has no use for them).
    """
    from html import escape

    left, right, top, bottom = 112.0, 8.0, 14.0, 22.0
    plot_w = width - left - right
    plot_h = height - top - bottom
    n_years = max(last - first + 1, 1)
    step = plot_w / n_years
    rows = len(Y_ORDER) + _ROW_GAP
    row_h = plot_h / rows

    def xc(year: float) -> float:
        return left + (year - first + 0.5) * step

    def yc(tier_label: str) -> float:
        i = Y_ORDER.index(tier_label)
        extra = _ROW_GAP if tier_label == Tier.SPECIAL_CASE.label else 0.0
        return top + (i + extra + 0.5) * row_h

    def f(v: float) -> str:
        return f"{v:.1f}".rstrip("0").rstrip(".")

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label or "Tier timeline of " + tl.name)}" '
        'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="10">'
    ]
    pattern = f"gap-{tl.iso3.lower()}"
    out.append(f'<rect width="{width}" height="{height}" fill="#FFFFFF"/>')
    sc_top = yc(Tier.SPECIAL_CASE.label) - row_h / 2
    out.append(
        f'<rect x="{f(left)}" y="{f(sc_top)}" width="{f(plot_w)}" height="{f(row_h)}" '
        'fill="#F2F2F2"/>'
    )
    for a, b in tl.watch_list_runs:
        if b < first or a > last:
            continue
        a, b = max(a, first), min(b, last)
        out.append(
            f'<rect x="{f(xc(a) - step * 0.45)}" y="{f(top)}" width="{f(step * (b - a + 0.9))}" '
            f'height="{f(plot_h)}" fill="{WATCH_LIST_SHADE}">'
            f"<title>Tier 2 Watch List {_span(a, b)}</title></rect>"
        )
    for g in tl.gaps:
        if first <= g["year"] <= last:
            out.append(
                f'<rect x="{f(xc(g["year"]) - step * 0.45)}" y="{f(top)}" '
                f'width="{f(step * 0.9)}" height="{f(plot_h)}" fill="url(#{pattern})" '
                f'stroke="#BBBBBB" stroke-width="0.5">'
                f"<title>{g['year']}: {escape(g['note'])}</title></rect>"
            )
    grid = "".join(f"M{f(xc(y))},{f(top)}V{f(top + plot_h)}" for y in range(first, last + 1))
    out.append(f'<path d="{grid}" stroke="#E6E6E6" stroke-width="0.5" fill="none"/>')
    tick_every = 1 if n_years <= 13 else (2 if n_years <= 26 else 4)
    for y in range(first, last + 1):
        if (y - first) % tick_every:
            continue
        out.append(
            f'<text x="{f(xc(y))}" y="{f(height - 7)}" text-anchor="middle" fill="#333333">'
            f"{y}</text>"
        )
    for lab in Y_ORDER:
        out.append(
            f'<text x="{f(left - 6)}" y="{f(yc(lab) + 3.5)}" text-anchor="end" fill="#222222">'
            f"{escape(lab)}</text>"
        )
    out.append(
        f'<rect x="{f(left)}" y="{f(top)}" width="{f(plot_w)}" height="{f(plot_h)}" '
        'fill="none" stroke="#CCCCCC" stroke-width="0.7"/>'
    )
    pts = [p for p in tl.points if first <= p["year"] <= last]
    segments: dict[str, list[dict[str, Any]]] = {}
    for p in pts:
        segments.setdefault(p["segment"], []).append(p)
    for seg in segments.values():
        if len(seg) < 2:
            continue
        d = [f"M{f(xc(seg[0]['year']))},{f(yc(seg[0]['tier_label']))}"]
        for before, after in itertools.pairwise(seg):
            d.append(f"H{f(xc(after['year']))}")
            if before["tier_label"] != after["tier_label"]:
                d.append(f"V{f(yc(after['tier_label']))}")
        out.append(f'<path d="{"".join(d)}" fill="none" stroke="#555555" stroke-width="1.6"/>')
    radius = min(4.5, step * 0.3, row_h * 0.35)
    for p in pts:
        out.append(
            f'<circle cx="{f(xc(p["year"]))}" cy="{f(yc(p["tier_label"]))}" r="{f(radius)}" '
            f'fill="{TIER_COLORS[p["tier"]]}" stroke="#333333" stroke-width="0.7">'
            f"<title>{p['year']}: {escape(p['tier_label'])}</title></circle>"
        )
    for dg in tl.downgrades:
        if not first <= dg["year"] <= last:
            continue
        cx, cy = xc(dg["year"]), yc(dg["tier_label"]) - radius - 2.5
        s = 4.5
        fill = "#000000" if dg["marker"] == AUTOMATIC else "#FFFFFF"
        out.append(
            f'<path d="M{f(cx - s)},{f(cy - s * 1.4)}H{f(cx + s)}L{f(cx)},{f(cy)}Z" '
            f'fill="{fill}" stroke="#000000" stroke-width="1">'
            f"<title>{dg['year']}: {escape(dg['marker'])} from {escape(dg['from'])} to "
            f"{escape(dg['tier_label'])} ({escape(dg['why'])})</title></path>"
        )
    out.insert(
        1,
        f'<defs><pattern id="{pattern}" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="4" height="4" fill="#F4F4F4"/>'
        '<line x1="0" y1="0" x2="0" y2="4" stroke="#C8C8C8" stroke-width="1.2"/>'
        "</pattern></defs>",
    )
    out.append("</svg>")
    svg = "".join(out)
    return svg if tooltips else _TITLES.sub("", svg)


_TITLES = re.compile(r"<title>[^<]*</title>")


def tiers_over_time_spec(record: Record) -> dict[str, Any]:
    """The Vega-Lite spec of the world's placements over time: for every report year of the
    record, a bar of the number of governments on each tier, stacked from Tier 1 to Tier 3
    (Special Cases on top). A year whose record is partial is marked "partial" on its axis
    label and in its tooltip: its bar counts the record, not the report's totals. Each bar
    links to its year's page."""
    import altair as alt

    tiers = list(Tier)
    rows = []
    partial_years = []
    for year in record.years:
        cov = record.coverage.get(year)
        partial = bool(cov and cov.partial)
        if partial:
            partial_years.append(year)
        counts = record.counts(year)
        for order, t in enumerate(tiers):
            if counts[t]:
                rows.append(
                    {
                        "year": str(year),
                        "tier": t.label,
                        "order": order,
                        "count": counts[t],
                        "record": "partial: counts the record, not the report's totals"
                        if partial
                        else "complete",
                        "href": f"/year/{year}",
                    }
                )
    axis_label = (
        "indexof("
        + json.dumps([str(y) for y in partial_years])
        + ", datum.value) >= 0 ? datum.value + '*' : datum.value"
    )
    chart = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_bar()
        .encode(
            x=alt.X(
                "year:O",
                title="Report year (* partial record)",
                axis=alt.Axis(labelAngle=-60, labelExpr=axis_label),
            ),
            y=alt.Y("count:Q", title="Governments placed", stack="zero"),
            color=alt.Color(
                "tier:N",
                title="Tier",
                scale=alt.Scale(
                    domain=[t.label for t in tiers], range=[TIER_COLORS[t.value] for t in tiers]
                ),
                sort=[t.label for t in tiers],
                legend=alt.Legend(orient="top", direction="horizontal", title=None),
            ),
            order=alt.Order("order:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("year:N", title="Report"),
                alt.Tooltip("tier:N", title="Tier"),
                alt.Tooltip("count:Q", title="Governments"),
                alt.Tooltip("record:N", title="Record of the year"),
            ],
            href=alt.Href("href:N"),
        )
        .properties(title="Tier placements per report year", width=760, height=300)
    )
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec["description"] = (
        "Stacked bars: the number of governments on each tier in every report year of the"
        " record; the table view lists the counts."
    )
    return spec
