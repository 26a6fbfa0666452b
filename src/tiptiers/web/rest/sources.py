"""``/api/v1/sources`` and ``/api/v1/countries/{code}/cycles``: the record sources beside
the official record — the published reporting cycles (docs/CYCLE.md, "Beside the official
record") — and one country's placement in each of them beside the official one
(:mod:`tiptiers.queries.layers`). A cycle that is not published is never listed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from tiptiers.countries import registry
from tiptiers.model import Record
from tiptiers.queries.layers import OFFICIAL, country_beside, sources
from tiptiers.report.maps import SOURCE_LINE
from tiptiers.web.rest.common import (
    INVALID,
    UNKNOWN_COUNTRY,
    CodeParam,
    OptionalYearParam,
    ReplyDep,
    ok_doc,
)

router = APIRouter(tags=["record"])
#: The CSV columns of the sources list.
SOURCE_COLUMNS = ("source", "id", "year", "name", "published_at", "label", "caption", "countries")


@router.get(
    "/sources",
    summary="The record sources: the official record and the published cycles",
    description="`official` (the State Department's reports as the record holds them) first,"
    " then every published reporting cycle (of `year`, where given), newest report first:"
    " each with the `source` name the `source` parameter of `/api/v1/years/{year}` takes"
    " (`cycle:ID`), its report year, when it was published and a caption saying whose"
    " placements these are. Cycles still open or closed are drafts and never listed.",
    responses={**ok_doc("The sources.", True), **INVALID},
)
async def sources_(reply: ReplyDep, year: OptionalYearParam = None) -> Response:
    cycles = sources(reply.state.published(), year)

    def rows(_: Record) -> list[dict[str, Any]]:
        official = {
            "source": OFFICIAL,
            "id": None,
            "year": None,
            "name": "U.S. State Department, Trafficking in Persons Report",
            "published_at": None,
            "label": OFFICIAL,
            "caption": SOURCE_LINE.split(" · ")[0],
            "countries": None,
        }
        return [official, *(c.to_dict() for c in cycles)]

    return reply.answer(
        ("sources", year, tuple(c.id for c in cycles)),
        rows,
        rows,
        csv_name="tiptiers-sources.csv",
        csv_columns=SOURCE_COLUMNS,
    )


@router.get(
    "/countries/{code}/cycles",
    summary="A country's placement in every published cycle, beside the official one",
    description="One object per published reporting cycle that placed the country, oldest"
    " report first: the cycle (`source`, with its caption), its `tier`, the official"
    " record's `official_tier` for the same report (null where the record lacks it, with"
    " `official_status` saying why), whether they `differs`, and the decider's `reason`.",
    responses={**ok_doc("The cycles' placements.", True), **UNKNOWN_COUNTRY, **INVALID},
)
async def country_cycles(reply: ReplyDep, code: CodeParam) -> Response:
    iso3 = registry().resolve(code).iso3
    cycles = reply.state.published()

    def rows(record: Record) -> list[dict[str, Any]]:
        return [b.to_dict() for b in country_beside(record, cycles, iso3)]

    def csv_rows(record: Record) -> list[dict[str, Any]]:
        return [
            {**{k: v for k, v in d.items() if k != "source"}, "source": d["source"]["source"]}
            for d in rows(record)
        ]

    return reply.answer(
        ("country-cycles", iso3, tuple(c.id for c in cycles)),
        rows,
        csv_rows,
        csv_name=f"tiptiers-{iso3}-cycles.csv",
        csv_columns=(
            "source",
            "year",
            "tier",
            "official_tier",
            "official_status",
            "differs",
            "reason",
        ),
    )
