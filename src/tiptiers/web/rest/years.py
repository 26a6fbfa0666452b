"""``/api/v1/years/{year}`` and ``/api/v1/coverage``: one report's placements, what changed
from the report before, its Watch List clock, its Tier 3 list, its regions, and how complete
the record is year by year."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from tiptiers import analysis, api
from tiptiers.countries import registry
from tiptiers.errors import InvalidRegion, InvalidTier
from tiptiers.law.explain import CLOCK_COLUMNS, ClockEntry
from tiptiers.law.sanctions import Consequences
from tiptiers.model import Record, Tier
from tiptiers.queries import normalise_region
from tiptiers.queries.changes import CHANGE_COLUMNS
from tiptiers.queries.coverage import coverage
from tiptiers.queries.layers import (
    BESIDE_COLUMNS,
    beside_official,
    check_cycle_year,
    cycle_clock,
    find_published,
)
from tiptiers.queries.years import YEAR_COLUMNS
from tiptiers.web.responses import parameters
from tiptiers.web.rest.common import (
    INVALID,
    NO_YEAR,
    Items,
    RegionParam,
    ReplyDep,
    SourceParam,
    YearParam,
    error_doc,
    ok_doc,
)

router = APIRouter()


@router.get(
    "/years/{year}",
    tags=["record"],
    summary="Every placement of one report",
    description="The JSON array of `tiptiers year YEAR --format json`, sorted by tier then"
    " name, optionally one tier or one regional bureau. A partial year's rows are not the"
    " report's totals: its answer carries the caveat in the `X-Tiptiers-Caveat` header"
    " (see also `/api/v1/coverage`). With `source=cycle:ID` (a published reporting cycle"
    " of that report year): an object with the cycle (`source`: its name, its caption"
    " saying whose placements these are), the counts, the number that differ, and `rows`:"
    " each country the cycle or the official report places, the cycle's `tier` (null: not"
    " assessed by the cycle) beside `official_tier` and `differs`; the caption is also the"
    " `X-Tiptiers-Caveat` header, and the CSV has one row per country.",
    responses={
        **ok_doc("The placements.", True),
        404: error_doc(
            "No report for that year in the record; with `source`, no published cycle of that"
            " number and report year (drafts are never a source)."
        ),
        **INVALID,
    },
)
async def year(
    reply: ReplyDep,
    year: YearParam,
    tier: Annotated[
        str | None,
        Query(
            max_length=40,
            description="1, 2, 2WL, 3 or special_case (or a label).",
            json_schema_extra={"enum": ["1", "2", "2WL", "3", "special_case"]},
        ),
    ] = None,
    region: RegionParam = None,
    source: SourceParam = None,
) -> Response:
    with parameters({InvalidTier: "tier"}):
        t = Tier.parse(tier) if tier is not None else None
    with parameters({InvalidRegion: "region"}):
        r = normalise_region(region) if region is not None else None
    cycle = find_published(reply.state.published(), source, year) if source else None
    if cycle is not None:
        return reply.result(
            ("year-source", year, cycle.id, t, r),
            lambda record: beside_official(record, registry(), cycle, t, r),
            csv_name=f"tiptiers-{year}-cycle-{cycle.id}.csv",
            csv_columns=BESIDE_COLUMNS,
            with_caveat=True,
        )

    def rows(record: Record) -> list[dict[str, Any]]:
        return api.placements(year, t, r, record=record).to_rows()

    suffix = "".join(f"-{x}" for x in (t, r) if x)
    return reply.answer(
        ("year", year, t, r),
        rows,
        rows,
        csv_name=f"tiptiers-{year}{suffix}.csv",
        csv_columns=YEAR_COLUMNS,
        caveat=lambda record: record.coverage[year].caveat(),
        source=lambda: reply.state.store.year_record(year),  # its rows, not the whole record
    )


@router.get(
    "/years/{year}/changes",
    tags=["record"],
    summary="What changed from the previous report",
    description="Upgrades, downgrades, newly ranked and no longer listed, as"
    " `tiptiers changes YEAR --format json`.",
    responses={**ok_doc("The changes.", True), **NO_YEAR, **INVALID},
)
async def changes(reply: ReplyDep, year: YearParam) -> Response:
    return reply.result(
        ("changes", year),
        lambda record: api.changes(year, record=record),
        csv_name=f"tiptiers-{year}-changes.csv",
        csv_columns=CHANGE_COLUMNS,
        with_caveat=True,
    )


@router.get(
    "/years/{year}/clock",
    tags=["law"],
    summary="The Watch List clock for the report of a year",
    description="Every country on the Watch List clock for that report, from the record"
    " before it (22 U.S.C. 7107(b)(2)(D)-(F)). The year may be one past the record's"
    " last (the next report). With `source=cycle:ID`, the clock for the report after a"
    " published cycle's (`year` must be that one), the cycle's placements read as the"
    " latest year: who would face the automatic downgrade if they were the report (the"
    " cycle's caption in the `X-Tiptiers-Caveat` header).",
    responses={**ok_doc("The clock entries.", True), **NO_YEAR, **INVALID},
)
async def clock(reply: ReplyDep, year: YearParam, source: SourceParam = None) -> Response:
    cycle = find_published(reply.state.published(), source) if source else None
    if cycle is not None:
        check_cycle_year(cycle, year, ahead=1)
        return reply.result(
            ("clock-source", year, cycle.id),
            lambda record: cycle_clock(record, cycle, year, api.name_of),
            csv_name=f"tiptiers-{year}-clock-cycle-{cycle.id}.csv",
            csv_columns=CLOCK_COLUMNS,
            with_caveat=True,
        )
    return reply.result(
        ("clock", year),
        lambda record: Items(api.clock(year, record=record), ClockEntry.to_row),
        csv_name=f"tiptiers-{year}-clock.csv",
        csv_columns=CLOCK_COLUMNS,
    )


@router.get(
    "/years/{year}/sanctions",
    tags=["law"],
    summary="The Tier 3 governments of a report and what the law provided",
    responses={**ok_doc("One consequences object per Tier 3 government.", True), **NO_YEAR},
)
async def sanctions(reply: ReplyDep, year: YearParam) -> Response:
    return reply.result(
        ("sanctions", year),
        lambda record: Items(api.sanctions(year, record=record), Consequences.summary_row),
        csv_name=f"tiptiers-{year}-tier3.csv",
    )


@router.get(
    "/years/{year}/regions",
    tags=["analysis"],
    summary="Tier counts per regional bureau, with the change from the report before",
    responses={**ok_doc("The regions table.", True), **NO_YEAR, **INVALID},
)
async def regions(reply: ReplyDep, year: YearParam) -> Response:
    return reply.result(
        ("regions", year),
        lambda r: analysis.regions(r, registry(), year),
        csv_name=f"tiptiers-{year}-regions.csv",
        with_caveat=True,
    )


@router.get(
    "/coverage",
    tags=["record"],
    summary="How complete the record is, year by year",
    description="Counts per tier and which lists are complete; partial years' counts are"
    " not the reports' totals.",
    responses=ok_doc("The coverage.", True),
)
async def coverage_(reply: ReplyDep) -> Response:
    return reply.answer(
        ("coverage",),
        lambda record: coverage(record).to_dict(),
        lambda record: coverage(record).to_dict()["coverage"],
        csv_name="tiptiers-coverage.csv",
    )
