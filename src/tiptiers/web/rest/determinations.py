"""``/api/v1/determinations`` and ``/api/v1/releases``: the Presidential Determinations on
record (22 U.S.C. 7107(d)) with each fiscal year's completeness, and each report's release
date with the printed counts that differ from the record's."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from tiptiers import api
from tiptiers.countries import registry
from tiptiers.errors import UnknownCountry, YearNotInRecord
from tiptiers.model import Record
from tiptiers.queries.coverage import COUNT_DIFFERENCE_COLUMNS
from tiptiers.queries.determinations import DETERMINATION_LIST_COLUMNS
from tiptiers.queries.determinations import determinations as _determinations
from tiptiers.web.responses import parameters
from tiptiers.web.rest.common import INVALID, ReplyDep, ok_doc

router = APIRouter(tags=["record"])


@router.get(
    "/determinations",
    summary="What the President determined for Tier 3 governments",
    description="The JSON of `tiptiers determinations [YEAR|COUNTRY] --format json`: one row"
    " per government per paragraph of each fiscal year's Presidential Determination (PD"
    " number and date, the determination, its section, its source) and, per fiscal year,"
    " whether the record has the whole document (`complete`), only its opening (`partial`:"
    " a government it does not name is not seen, not unsanctioned) or none (`not_found`)."
    " `year` is the report year whose Tier 3 list the determination acts on.",
    responses={**ok_doc("The determinations.", True), **INVALID},
)
async def determinations(
    reply: ReplyDep,
    year: Annotated[
        int | None,
        Query(ge=2001, le=2100, description="Report year, e.g. 2017 (fiscal year 2018)."),
    ] = None,
    country: Annotated[
        str | None, Query(max_length=80, description="A country: name, alias, ISO2 or ISO3.")
    ] = None,
) -> Response:
    with parameters({UnknownCountry: "country"}):
        c = registry().resolve(country) if country is not None else None

    def result(record: Record) -> Any:
        with parameters({YearNotInRecord: "year"}):
            return _determinations(
                record, year=year, iso3=c.iso3 if c else None, name=c.name if c else None
            )

    return reply.result(
        ("determinations", year, c.iso3 if c else None),
        result,
        csv_name=f"tiptiers-determinations{f'-{year}' if year else ''}"
        f"{f'-{c.iso3}' if c else ''}.csv",
        csv_columns=DETERMINATION_LIST_COLUMNS,
    )


@router.get(
    "/releases",
    summary="Each report's release date, and printed counts that differ from the record",
    description="The JSON of `tiptiers info --check --format json`: every count a source"
    " prints for a report (per tier, or the number of countries ranked) that differs from the"
    " record's, with whether the record's list is complete. The release dates themselves are"
    " in `/api/v1/coverage` (`release_date`).",
    responses={**ok_doc("The differences.", True)},
)
async def releases(reply: ReplyDep) -> Response:
    def rows(record: Record) -> list[dict[str, Any]]:
        return [d.to_dict() for d in api.count_differences(record=record)]

    return reply.answer(
        ("releases",),
        rows,
        rows,
        csv_name="tiptiers-count-differences.csv",
        csv_columns=COUNT_DIFFERENCE_COLUMNS,
    )
