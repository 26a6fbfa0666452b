"""The chart of the sanctions actually applied: per report year, the Tier 3 governments
stacked by what their Presidential Determination under 22 U.S.C. 7107(d) applied.

Defines :func:`sanctions_applied_spec` (Vega-Lite, made with Altair) and
:func:`render_sanctions_chart` (SVG, PNG or a self-contained HTML file, offline). What the
record does not hold keeps a colour of its own (grey: not in the part of the document seen,
or no document at all), so that a missing determination never reads as "no sanctions".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tiptiers.analysis.sanctions_applied import OUTCOMES, SanctionsApplied
from tiptiers.report.maps import render_spec

#: One colour per outcome (ColorBrewer RdBu for what was decided, greys for what is unknown).
OUTCOME_COLORS: dict[str, str] = {
    "full_restrictions": "#B2182B",
    "restrictions_seen": "#EF8A62",
    "partial_waiver": "#92C5DE",
    "full_waiver": "#2166AC",
    "waiver": "#4393C3",
    "other": "#8073AC",
    "not_seen": "#A6A6A6",
    "no_document": "#DDDDDD",
    "not_named": "#000000",
}


def chart_title(result: SanctionsApplied) -> str:
    return (
        f"Tier 3 governments by the sanctions applied, {result.start}–{result.end} reports"
        " (22 U.S.C. 7107(d))"
    )


def sanctions_applied_spec(
    result: SanctionsApplied, *, width: int = 640, height: int = 300, title: bool = True
) -> dict[str, Any]:
    """The Vega-Lite spec: one stacked bar per report year, one segment per outcome."""
    import altair as alt

    values = [
        {
            "year": y.year,
            "fiscal_year": y.fiscal_year,
            "outcome": OUTCOMES[k],
            "order": i,
            "governments": n,
            "document": y.document,
        }
        for y in result.years
        for i, (k, n) in enumerate(y.counts().items())
        if n
    ]
    used = [k for k in OUTCOMES if any(y.counts()[k] for y in result.years)]
    scale = alt.Scale(domain=[OUTCOMES[k] for k in used], range=[OUTCOME_COLORS[k] for k in used])
    chart = (
        alt.Chart(alt.InlineData(values=values))
        .mark_bar(stroke="#FFFFFF", strokeWidth=0.5)
        .encode(
            x=alt.X("year:O", title="Report year (the determination is for the next fiscal year)"),
            y=alt.Y("governments:Q", title="Tier 3 governments", stack="zero"),
            color=alt.Color(
                "outcome:N",
                title=None,
                scale=scale,
                legend=alt.Legend(orient="bottom", columns=3, labelLimit=260),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title="Report"),
                alt.Tooltip("fiscal_year:O", title="Fiscal year"),
                alt.Tooltip("outcome:N", title="Outcome"),
                alt.Tooltip("governments:Q", title="Governments"),
                alt.Tooltip("document:N", title="Document on record"),
            ],
        )
        .properties(width=width, height=height)
    )
    if title:
        chart = chart.properties(
            title=alt.Title(
                chart_title(result),
                subtitle="Grey: the record does not hold the determination (a partial document"
                " or none), which is not 'no sanctions'.",
            )
        )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def render_sanctions_chart(result: SanctionsApplied, path: Path, fmt: str | None) -> None:
    """Write the chart to ``path`` as SVG, PNG or HTML (by ``fmt`` or the suffix), offline."""
    from tiptiers.report.maps import format_for

    format_for(path, fmt)
    render_spec(sanctions_applied_spec(result), path, fmt, chart_title(result))
