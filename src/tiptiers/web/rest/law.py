"""``/api/v1/evaluate`` and ``/api/v1/schema/assessment``: the law on assessment facts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from tiptiers import api
from tiptiers.countries import registry
from tiptiers.web.responses import json_body
from tiptiers.web.rest.common import INVALID, UNKNOWN_COUNTRY, StateDep, json_object, ok_doc

router = APIRouter(tags=["law"])


@router.post(
    "/evaluate",
    summary="Decide a tier from assessment facts",
    description="Assessment facts in (the JSON Schema of `tiptiers schema assessment`),"
    " the decision with its trace out. Missing facts give `undetermined` naming them."
    " Facts the schema refuses (a fact the governing statute version does not know, a"
    " category or waiver the tier does not allow, a scope without d4) are rejected (422);"
    " facts the schema cannot check against one another (a prior placement after the"
    " report or given twice, a reporting period out of order or out of reach, a waiver the"
    " clock did not need) give `undetermined` with a blocking `CONFLICTING_FACTS` flag"
    " naming what to change (docs/LAW.md §2.2).",
    responses={
        **ok_doc("The decision with its trace.", False),
        **UNKNOWN_COUNTRY,
        **INVALID,
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Assessment"}}
            },
        }
    },
)
async def evaluate(request: Request, state: StateDep) -> Response:
    facts = await json_object(request, "the assessment facts (see /api/v1/schema/assessment)")
    d = api.evaluate(facts, record=state.record())
    name = registry().get(d.iso3).name
    return json_body({"name": name, **d.to_dict()}).response()


@router.get(
    "/schema/assessment",
    summary="The JSON Schema of the assessment facts that /evaluate reads",
    responses=ok_doc("A JSON Schema.", False),
)
async def assessment_schema(state: StateDep) -> Response:
    from tiptiers.law.assessment import assessment_schema as schema

    return state.memo(("api", "schema"), lambda _: json_body(schema())).response()
