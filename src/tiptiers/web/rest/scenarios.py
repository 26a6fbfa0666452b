"""``/api/v1/scenarios``: statute scenarios replayed over the record (see docs/SCENARIOS.md).

``POST /scenarios/replay`` takes a scenario (a bundled one by name, or the document of
``/schema/scenario``), optionally another to compare with, and a year range; it answers the
replay of :func:`tiptiers.law.scenario.replay` as JSON, or its changed country-years as CSV.
The work is bounded: a scenario has at most a few values per parameter, the replay reads the
record once, and the body size is capped by the app. A bad scenario is 422 naming the field
(``scenario.parameters.max_waiver_years.2009``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from tiptiers import api
from tiptiers.errors import BadInput, InvalidRange
from tiptiers.law.params import ParameterError
from tiptiers.web.responses import Body, csv_body, json_body, wants_csv
from tiptiers.web.rest.common import (
    FIRST_YEAR,
    INVALID,
    LAST_YEAR,
    NO_RANGE,
    FormatParam,
    StateDep,
    json_object,
    ok_doc,
)

router = APIRouter(tags=["law"])
BODY = ("scenario", "against", "from", "to", "traces")


def _scenario(value: Any, field: str) -> Any:
    """A bundled scenario's name, or a scenario document; errors name ``field``."""
    from tiptiers.law.scenario import scenario_from_dict

    if isinstance(value, str):
        bundled = api.scenarios()
        if value not in bundled:
            raise BadInput(
                f"{field}: no bundled scenario {value!r}; one of {', '.join(bundled)}, or a"
                " scenario document (see /api/v1/schema/scenario).",
                field=field,
            )
        return bundled[value]
    try:
        return scenario_from_dict(value)
    except ParameterError as exc:
        raise ParameterError(f"{field}.{exc.message}", field=f"{field}.{exc.field}") from None


def _year(body: dict[str, Any], key: str) -> int | None:
    v = body.get(key)
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():  # JSON's 2012.0 is the integer 2012
        v = int(v)
    if isinstance(v, bool) or not isinstance(v, int) or not FIRST_YEAR <= v <= LAST_YEAR:
        raise BadInput(
            f"{key}: {v!r} is not a report year ({FIRST_YEAR}-{LAST_YEAR}).", field=key
        )
    return v


@router.get(
    "/scenarios",
    summary="The bundled example scenarios",
    responses=ok_doc("Each bundled scenario by name, as its document.", False),
)
async def bundled(state: StateDep) -> Response:
    return state.memo(
        ("api", "scenarios"),
        lambda _: json_body({k: s.to_dict() for k, s in api.scenarios().items()}),
    ).response()


@router.get(
    "/schema/scenario",
    summary="The JSON Schema of a scenario document",
    responses=ok_doc("A JSON Schema.", False),
)
async def scenario_schema(state: StateDep) -> Response:
    from tiptiers.law.scenario import scenario_schema as schema

    return state.memo(("api", "schema", "scenario"), lambda _: json_body(schema())).response()


@router.post(
    "/scenarios/replay",
    summary="Replay a statute scenario over the published record",
    description='Body: `{"scenario": NAME or DOCUMENT, "against": NAME or DOCUMENT'
    ' (default: the law as it was), "from": YEAR, "to": YEAR, "traces": true}`. The'
    " answer lists every country-year whose tier the scenario changes (with both"
    " explanations unless `traces` is false), the counts per year, the forward look at the"
    " next report and the limits of the counterfactual. `?format=csv`: the changed"
    " country-years. A bad scenario is 422 naming the field.",
    responses={**ok_doc("The replay.", True), **INVALID, **NO_RANGE},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["scenario"],
                        "additionalProperties": False,
                        "properties": {
                            "scenario": {"$ref": "#/components/schemas/ScenarioChoice"},
                            "against": {
                                "anyOf": [
                                    {"$ref": "#/components/schemas/ScenarioChoice"},
                                    {"type": "null"},
                                ]
                            },
                            "from": {
                                "type": ["integer", "null"],
                                "minimum": 2001,
                                "maximum": 2100,
                            },
                            "to": {"type": ["integer", "null"], "minimum": 2001, "maximum": 2100},
                            "traces": {"type": "boolean"},
                        },
                    },
                    "example": {"scenario": "one-year-waiver-from-2009", "from": 2012},
                }
            },
        }
    },
)
async def replay(request: Request, state: StateDep, fmt: FormatParam = None) -> Response:
    from tiptiers.analysis.base import year_range
    from tiptiers.law.scenario import BASELINE, CSV_COLUMNS, forced_tier3
    from tiptiers.law.scenario import replay as run

    body = await json_object(request, '{"scenario": "no-waivers"} or a scenario document')
    for key in body:
        if key not in BODY:
            raise BadInput(
                f"{key}: not a field of the request; one of {', '.join(BODY)}.", field=key
            )
    if "scenario" not in body:
        raise BadInput(
            "scenario: required (a bundled name or a scenario document).", field="scenario"
        )
    scenario = _scenario(body["scenario"], "scenario")
    against = BASELINE if body.get("against") is None else _scenario(body["against"], "against")
    traces = body.get("traces", True)
    if not isinstance(traces, bool):
        raise BadInput("traces: must be true or false.", field="traces")
    record = state.record()
    try:
        lo, hi = year_range(record, _year(body, "from"), _year(body, "to"))
    except InvalidRange as exc:
        exc.field = "to" if "ends in" in exc.message and "reversed" not in exc.message else "from"
        raise
    as_csv = wants_csv(fmt, request.headers.get("accept"))

    def compute() -> Body:
        # a tenth of a second of work: in the thread pool, not on the event loop
        forced = state.memo(("scenario", "forced"), forced_tier3)
        r = run(
            record, scenario, against=against, first=lo, last=hi, name=api.name_of, forced=forced
        )
        if as_csv:
            return csv_body(r.to_rows(), "tiptiers-scenario.csv", CSV_COLUMNS)
        return json_body(r.to_dict(traces=traces))

    body_out: Body = await run_in_threadpool(compute)
    return body_out.response()
