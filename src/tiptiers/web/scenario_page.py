"""The dashboard's Scenarios page (``/scenarios``): what if the law had been different?

A user picks a bundled scenario or sets the clock's parameters with form controls; the page
replays it over the record (:func:`tiptiers.law.scenario.replay`) and shows the changed
countries on a map and in a table with both explanations, the counts per year, the forward
look and the limits of the counterfactual. The form is a GET, so the URL encodes the scenario
and reopens it: ``/scenarios?s=one-year-waiver-from-2009`` or
``/scenarios?s=custom&waiver=1&waiver_from=2009&limit=2&limit_from=2009&downgrade=on&relisting=on``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from tiptiers import api
from tiptiers.countries import registry
from tiptiers.errors import TiptiersError
from tiptiers.model import Record
from tiptiers.web.state import WebState

DEFAULT = "one-year-waiver-from-2009"
CUSTOM = "custom"
# How the map colours each kind of change (the table says the same in words).
CHANGE_COLORS = {
    "tier3_added": ("Tier 3 instead of the Watch List", "#B2182B"),
    "tier3_removed": ("Watch List instead of Tier 3", "#E69F00"),
    "both": ("Both, in different years", "#7B3294"),
    "none": ("No change", "#D9D9D9"),
}


def _custom_document(
    waiver: int | None,
    waiver_from: int | None,
    limit: int | None,
    limit_from: int | None,
    downgrade: str | None,
    relisting: str | None,
) -> dict[str, Any]:
    """The scenario document the form's controls describe (only what differs from the law)."""
    from tiptiers.law.versions import (
        COUNTING_STARTS,
        MAX_WAIVER_YEARS,
        RELISTING_CAP_YEARS,
        WATCH_LIST_YEARS_BEFORE_DOWNGRADE,
    )

    start: int = COUNTING_STARTS.law_steps[0][1]  # the law's first counted report
    params: dict[str, Any] = {}
    if waiver is not None:
        params[MAX_WAIVER_YEARS.name] = {waiver_from or start: waiver}
    if limit is not None:
        params[WATCH_LIST_YEARS_BEFORE_DOWNGRADE.name] = {limit_from or start: limit}
    if downgrade == "off":
        params[COUNTING_STARTS.name] = {start: None}
    if relisting == "off":
        params[RELISTING_CAP_YEARS.name] = {RELISTING_CAP_YEARS.first_in_force() or start: None}
    return {
        "name": "Custom scenario",
        "description": "Set on the Scenarios page.",
        "parameters": params,
    }


def _controls(scenario: Any) -> dict[str, Any]:
    """The form's controls as the scenario sets them (the law's values where it does not)."""
    from tiptiers.law.versions import (
        COUNTING_STARTS,
        MAX_WAIVER_YEARS,
        RELISTING_CAP_YEARS,
        WATCH_LIST_YEARS_BEFORE_DOWNGRADE,
    )

    def first(name: str, law: Any) -> tuple[Any, int]:
        steps = scenario.parameters.get(name)
        if steps:
            return steps[0][1], steps[0][0]
        return law.law_steps[0][1], law.law_steps[0][0]

    waiver, waiver_from = first(MAX_WAIVER_YEARS.name, MAX_WAIVER_YEARS)
    limit, limit_from = first(
        WATCH_LIST_YEARS_BEFORE_DOWNGRADE.name, WATCH_LIST_YEARS_BEFORE_DOWNGRADE
    )
    counting = scenario.parameters.get(COUNTING_STARTS.name)
    relisting = scenario.parameters.get(RELISTING_CAP_YEARS.name)
    return {
        "waiver": waiver,
        "waiver_from": waiver_from,
        "limit": limit,
        "limit_from": limit_from,
        "downgrade": not (counting and counting[0][1] is None),
        "relisting": not (relisting and relisting[0][1] is None),
    }


def map_spec(
    changes: dict[str, str],
    sentences: dict[str, str],
    geometry_url: str,
    known: Collection[str] = (),
) -> dict[str, Any]:
    """A Vega-Lite world map of the countries a scenario changes, coloured by kind of change;
    a changed small state (too small for its shape: ``report.maps.small_states``) is a dot,
    placed as on the main map among the small states of ``known`` (the record's countries)."""
    from tiptiers.report.maps import DOT_SIZE, PROJECTION, dot_positions, shape_iso3, small_states

    reg = registry()

    def row_of(iso3: str) -> dict[str, Any]:
        kind = changes.get(iso3, "none")
        row: dict[str, Any] = {
            "name": reg.get(iso3).common_name,
            "label": CHANGE_COLORS[kind][0],
            "first": sentences.get(iso3, "No change under this scenario"),
        }
        if kind != "none":
            row["href"] = f"#c-{iso3}"
        return row

    rows = [{"key": key, **row_of(iso3)} for key, iso3 in sorted(shape_iso3(reg).items())]
    small = small_states(reg)
    at = dot_positions({i: p for i, p in small.items() if i in known or i in changes})
    dots = [
        {**row_of(i), "lon": at[i][0], "lat": at[i][1]}
        for i in sorted(changes)
        if i in at and changes[i] != "none"
    ]
    labels = [label for label, _ in CHANGE_COLORS.values()]
    colors = [color for _, color in CHANGE_COLORS.values()]
    encoding = {  # the shapes' and the dots' alike
        "color": {
            "field": "label",
            "type": "nominal",
            "scale": {"domain": labels, "range": colors},
            "legend": None,
        },
        "tooltip": [
            {"field": "name", "type": "nominal", "title": "Country"},
            {"field": "first", "type": "nominal", "title": "Under the scenario"},
        ],
        "href": {"field": "href", "type": "nominal"},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "World map of the countries whose tier the scenario changes; the"
        " table below lists every change with its reason.",
        "width": "container",
        "height": "container",
        "autosize": {"type": "fit", "contains": "padding"},
        "projection": dict(PROJECTION),
        "layer": [
            {
                "data": {"sphere": True},
                "mark": {
                    "type": "geoshape",
                    "fill": "#F3F7FA",
                    "stroke": "#C8D3DC",
                    "strokeWidth": 0.5,
                    "aria": False,  # the ground only
                },
            },
            {
                "data": {
                    "url": geometry_url,
                    "format": {"type": "topojson", "feature": "countries"},
                },
                "transform": [
                    {
                        "calculate": "isValid(datum.id) ? datum.id : datum.properties.name",
                        "as": "key",
                    },
                    {"filter": "datum.key !== '010'"},
                    {
                        "lookup": "key",
                        "from": {
                            "data": {"values": rows},
                            "key": "key",
                            "fields": ["name", "label", "first", "href"],
                        },
                    },
                    {
                        "calculate": "isValid(datum.label) ? datum.label : 'No change'",
                        "as": "label",
                    },
                    {
                        "calculate": "isValid(datum.name) ? datum.name : datum.properties.name",
                        "as": "name",
                    },
                    {
                        "calculate": "isValid(datum.first) ? datum.first : 'Not in the record'",
                        "as": "first",
                    },
                ],
                "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.5},
                "encoding": encoding,
            },
            *(
                [
                    {
                        "data": {"values": dots},
                        "mark": {
                            "type": "circle",
                            "size": DOT_SIZE,
                            "opacity": 1,
                            "stroke": "#333333",
                            "strokeWidth": 0.8,
                        },
                        "encoding": {
                            "longitude": {"field": "lon", "type": "quantitative"},
                            "latitude": {"field": "lat", "type": "quantitative"},
                            **encoding,
                        },
                    }
                ]
                if dots
                else []
            ),
        ],
    }


def scenario_router(state: WebState) -> APIRouter:
    """The ``/scenarios`` page over ``state``'s record."""
    from tiptiers.web.assets import asset_url
    from tiptiers.web.pages import html, render

    router = APIRouter(include_in_schema=False)

    @router.get("/scenarios")
    async def scenarios_page(
        s: Annotated[str | None, Query(max_length=60)] = None,
        against: Annotated[str | None, Query(max_length=60)] = None,
        waiver: Annotated[int | None, Query(ge=0, le=10)] = None,
        waiver_from: Annotated[int | None, Query(ge=2001, le=2100)] = None,
        limit: Annotated[int | None, Query(ge=1, le=10)] = None,
        limit_from: Annotated[int | None, Query(ge=2001, le=2100)] = None,
        downgrade: Annotated[str | None, Query(pattern="^(on|off)$")] = None,
        relisting: Annotated[str | None, Query(pattern="^(on|off)$")] = None,
        start: Annotated[int | None, Query(alias="from", ge=2001, le=2100)] = None,
        end: Annotated[int | None, Query(alias="to", ge=2001, le=2100)] = None,
    ) -> Response:
        from tiptiers.analysis.base import year_range
        from tiptiers.law.scenario import BASELINE, forced_tier3, replay, scenario_from_dict

        record = state.record()
        bundled = api.scenarios()
        custom = s == CUSTOM or (
            s is None and any(v is not None for v in (waiver, limit, downgrade, relisting))
        )
        chosen = CUSTOM if custom else (s or DEFAULT)
        query: dict[str, Any] = {"s": chosen}
        error = ""
        try:
            if custom:
                doc = _custom_document(waiver, waiver_from, limit, limit_from, downgrade, relisting)
                scenario = scenario_from_dict(doc, id=CUSTOM)
                query.update(
                    (k, v)
                    for k, v in (
                        ("waiver", waiver),
                        ("waiver_from", waiver_from),
                        ("limit", limit),
                        ("limit_from", limit_from),
                        ("downgrade", downgrade),
                        ("relisting", relisting),
                    )
                    if v is not None
                )
            elif chosen in bundled:
                scenario = bundled[chosen]
            else:
                raise TiptiersError(
                    f"s: no bundled scenario {chosen!r}; choose one of {', '.join(bundled)}."
                )
            other = BASELINE
            if against:
                if against not in bundled:
                    raise TiptiersError(f"against: no bundled scenario {against!r}.")
                other = bundled[against]
                query["against"] = against
            lo, hi = year_range(record, start, end)
            if start is not None:
                query["from"] = lo
            if end is not None:
                query["to"] = hi
        except TiptiersError as exc:
            error = exc.message
            scenario, other, lo, hi = BASELINE, BASELINE, record.first_year, record.last_year

        def build(record: Record) -> str:
            forced = state.memo(("scenario", "forced"), forced_tier3)
            r = replay(
                record, scenario, against=other, first=lo, last=hi, name=api.name_of, forced=forced
            )
            first_sentence: dict[str, str] = {}
            for c in r.changes:
                first_sentence.setdefault(c.iso3, c.sentence)
            kinds = r.by_country()
            spec = map_spec(
                kinds, first_sentence, asset_url("world-110m.json"), set(record.countries)
            )
            legend = {
                k: (label, color, sum(1 for v in kinds.values() if v == k))
                for k, (label, color) in CHANGE_COLORS.items()
                if k != "none"
            }
            return render(
                "scenario.html",
                latest=record.last_year,
                years=record.years,
                q="",
                r=r,
                error=error,
                bundled=bundled,
                chosen=chosen,
                against=against or "",
                controls=_controls(scenario),
                start=start,
                end=end,
                spec=spec,
                legend=legend,
                share="/scenarios?" + urlencode(query),
                scenario_json=scenario.to_dict(),
                colors=CHANGE_COLORS,
            )

        if custom or error:
            text = await run_in_threadpool(build, record)
        else:
            key = ("page", "scenario", chosen, against, start, end)
            text = await run_in_threadpool(state.memo, key, build)
        return html(text, 422 if error else 200)

    return router
