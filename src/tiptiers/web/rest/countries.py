"""``/api/v1/countries``: search, a country's history, and the law and analysis of one
country (why a report placed it, what Tier 3 meant, its runs through the tiers)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from tiptiers import analysis, api
from tiptiers.countries import registry
from tiptiers.law.sanctions import CONSEQUENCE_COLUMNS
from tiptiers.model import REGISTRY_COLUMNS, Record
from tiptiers.queries.history import HISTORY_COLUMNS
from tiptiers.sources import ROW_SOURCE_COLUMNS
from tiptiers.web.rest.common import (
    INVALID,
    NO_YEAR,
    UNKNOWN_COUNTRY,
    CodeParam,
    ReplyDep,
    YearParam,
    ok_doc,
)

# The CSV columns of an explanation's trace (the CLI prints it as a table or JSON only).
TRACE_CSV = ("step", "rule", "citation", "explanation", "outcome")

router = APIRouter()


@router.get(
    "/countries",
    tags=["record"],
    summary="Search countries by name, alias or code",
    responses=ok_doc("Countries matching q, best first (all, by name, without q).", True),
)
async def countries(
    reply: ReplyDep,
    q: Annotated[
        str, Query(max_length=100, description="Part of a name, an alias or a code.")
    ] = "",
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many.")] = 50,
) -> Response:
    def rows(_: Record) -> list[dict[str, Any]]:
        return [c.to_dict() for c in registry().search(q, limit=limit)]

    return reply.answer(
        ("countries", q, limit),
        rows,
        rows,
        csv_name="tiptiers-countries.csv",
        csv_columns=REGISTRY_COLUMNS,
    )


@router.get(
    "/countries/{code}",
    tags=["record"],
    summary="A country's placements, year by year",
    description="The JSON of `tiptiers country NAME --format json`: placements with the"
    " change from the previous published year, the years the record lacks (never filled"
    " in) and the roles the reports gave the country.",
    responses={**ok_doc("The country's history.", True), **UNKNOWN_COUNTRY, **INVALID},
)
async def country(reply: ReplyDep, code: CodeParam) -> Response:
    iso3 = registry().resolve(code).iso3

    return reply.result(
        ("country", iso3),
        lambda record: api.history(iso3, record=record),
        csv_name=f"tiptiers-{iso3}.csv",
        csv_columns=HISTORY_COLUMNS,
        source=lambda: reply.state.store.country_record(iso3),  # its rows, not the whole record
    )


@router.get(
    "/countries/{code}/sources",
    tags=["record"],
    summary="What a reader can cite for each of a country's placements",
    description="Per placement: the report year's official page (the primary document; its"
    " `url_status` says how the address is known, `pattern_only` meaning inferred and never"
    " seen) and the country's narrative where its address is known, beside the compilation"
    " the row was taken from; how the row was compiled and its trust level in words; and the"
    " flags a researcher filters on: `tier_from_next_report`, `year_inferred`,"
    " `source_disagrees` (with the other source's tier).",
    responses={**ok_doc("The country's placements and their sources.", True), **UNKNOWN_COUNTRY},
)
async def sources(reply: ReplyDep, code: CodeParam) -> Response:
    iso3 = registry().resolve(code).iso3
    return reply.result(
        ("sources", iso3),
        lambda record: api.placement_sources(iso3, record=record),
        csv_name=f"tiptiers-{iso3}-sources.csv",
        csv_columns=ROW_SOURCE_COLUMNS,
        source=lambda: reply.state.store.country_record(iso3),
    )


@router.get(
    "/countries/{code}/explain/{year}",
    tags=["law"],
    summary="Why the report of a year placed a country where it did",
    description="The law engine's explanation (`Decision.to_dict()`, versioned by"
    " `trace_version`), each trace step citing its section of 22 U.S.C. The CSV form is"
    " the trace.",
    responses={
        **ok_doc("The decision with its trace.", True),
        **UNKNOWN_COUNTRY,
        **NO_YEAR,
        **INVALID,
    },
)
async def explain(reply: ReplyDep, code: CodeParam, year: YearParam) -> Response:
    c = registry().resolve(code)

    def data(record: Record) -> dict[str, Any]:
        return {"name": c.name, **api.explain(c.iso3, year, record=record).to_dict()}

    def rows(record: Record) -> list[dict[str, Any]]:
        d = api.explain(c.iso3, year, record=record)
        return [{"step": i, **s.to_dict()} for i, s in enumerate(d.trace, 1)]

    return reply.answer(
        ("explain", c.iso3, year),
        data,
        rows,
        csv_name=f"tiptiers-{c.iso3}-{year}-why.csv",
        csv_columns=TRACE_CSV,
    )


@router.get(
    "/countries/{code}/consequences/{year}",
    tags=["law"],
    summary="What a Tier 3 placement meant under the law of that year",
    description="Determinations d1-d4, restrictions, exceptions, who decides and the"
    " deadlines (22 U.S.C. 7107(c)-(f)); for another tier, says that none apply."
    " The CSV form has one row per part: the summary, each restriction, exception,"
    " determination, deadline, other consequence and flag.",
    responses={
        **ok_doc("The consequences.", True),
        **UNKNOWN_COUNTRY,
        **NO_YEAR,
        **INVALID,
    },
)
async def consequences(reply: ReplyDep, code: CodeParam, year: YearParam) -> Response:
    c = registry().resolve(code)
    return reply.result(
        ("consequences", c.iso3, year),
        lambda record: api.consequences(c.iso3, year, record=record),
        csv_name=f"tiptiers-{c.iso3}-{year}-consequences.csv",
        csv_columns=CONSEQUENCE_COLUMNS,
    )


@router.get(
    "/countries/{code}/trajectory",
    tags=["analysis"],
    summary="A country's runs through the tiers",
    description="Runs such as 'Watch List 2009–2012 (4 years)', gaps kept as gaps, and"
    " how long the country has held its tier.",
    responses={**ok_doc("The trajectory.", True), **UNKNOWN_COUNTRY, **INVALID},
)
async def trajectory(reply: ReplyDep, code: CodeParam) -> Response:
    iso3 = registry().resolve(code).iso3
    return reply.result(
        ("trajectory", iso3),
        lambda r: analysis.trajectory(r, registry(), iso3),
        csv_name=f"tiptiers-{iso3}-trajectory.csv",
    )
