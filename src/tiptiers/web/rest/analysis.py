"""The analysis endpoints (:mod:`tiptiers.analysis`) over the whole record: the audit, the
transition matrix, the longest Watch List runs, the forecast and its backtest. (The analyses
of one country or one year live with their resource: ``countries`` and ``years``.)"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from tiptiers import analysis
from tiptiers.analysis.audit import FINDING_COLUMNS, KINDS
from tiptiers.countries import registry
from tiptiers.errors import BadInput, InvalidRange, InvalidRegion, UnknownCountry
from tiptiers.model import Record
from tiptiers.queries import normalise_region
from tiptiers.queries.layers import check_cycle_year, find_published
from tiptiers.web.responses import parameters, range_field
from tiptiers.web.rest.common import (
    INVALID,
    NO_RANGE,
    FromParam,
    RegionParam,
    ReplyDep,
    SourceParam,
    ToParam,
    ok_doc,
)

KindParam = Annotated[
    str | None,
    Query(
        max_length=40,
        description="Only this kind: " + ", ".join(KINDS),
        json_schema_extra={"enum": list(KINDS)},
    ),
]

router = APIRouter(tags=["analysis"])

# Audit, forecast and backtest take 0.1-0.2 s the first time: computed in the thread pool
# (off_loop), so the event loop keeps serving other requests; once remembered, they are
# served on the loop without paying for the pool.


@router.get(
    "/audit",
    summary="The record replayed under the law of each year, with findings",
    description="Implied waivers, Watch List placements over the limit or barred by the"
    " re-listing cap, mandatory Tier 3 and Tier 3 the clock did not force, exits from the clock by upgrade,"
    " gaps in the record and the engine's ambiguity flags, each with its citation (as"
    " `tiptiers audit --format json`). `summary=true`: counts per year and kind. With"
    " `source=cycle:ID`, the audit of a published reporting cycle's own placements: its"
    " report year alone (`from`/`to` may only name it), read over the official reports"
    " before it, labelled as the cycle's (`source`, and the caption in the"
    " `X-Tiptiers-Caveat` header); nothing is written into the record.",
    responses={
        **ok_doc("The audit.", True),
        **NO_RANGE,
        404: {
            "description": "With `source`: no published cycle of that number, or `from`/`to`"
            " naming another report year than the cycle's (drafts are never a source)."
        },
    },
)
async def audit(
    reply: ReplyDep,
    start: FromParam = None,
    end: ToParam = None,
    country: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Only this country.")
    ] = None,
    kind: KindParam = None,
    summary: Annotated[bool, Query(description="Counts per year and kind only.")] = False,
    source: SourceParam = None,
) -> Response:
    with parameters({UnknownCountry: "country"}):
        iso3 = registry().resolve(country).iso3 if country is not None else None
    cycle = find_published(reply.state.published(), source) if source else None
    if cycle is not None:
        for asked in (start, end):
            check_cycle_year(cycle, asked)
    of = cycle.id if cycle is not None else None

    def run(record: Record) -> Any:
        return analysis.audit(record, registry(), start, end, iso3, kind=kind, cycle=cycle)

    with parameters({InvalidRange: range_field(start, end), BadInput: "kind"}):
        if summary:
            key: tuple[Any, ...] = ("audit-summary", start, end, iso3, kind, of)
            return await reply.off_loop(
                key,
                lambda: reply.answer(
                    key,
                    lambda r: run(r).summary_dict(),
                    lambda r: run(r).summary_rows(),
                    csv_name="tiptiers-audit-summary.csv",
                    caveat=(lambda r: run(r).caveat()) if cycle is not None else None,
                ),
            )
        return await reply.result_off_loop(
            ("audit", start, end, iso3, kind, of),
            lambda r: run(r),
            csv_name=f"tiptiers-audit{f'-cycle-{of}' if of else ''}.csv",
            csv_columns=FINDING_COLUMNS,
            with_caveat=cycle is not None,
        )


@router.get(
    "/transitions",
    summary="The tier-to-tier matrix of moves between consecutive reports",
    description="Counts and row probabilities; a year the record lacks is a gap, not a move.",
    responses={**ok_doc("The matrix.", True), **NO_RANGE},
)
async def transitions(
    reply: ReplyDep,
    start: FromParam = None,
    end: ToParam = None,
    region: RegionParam = None,
) -> Response:
    with parameters({InvalidRegion: "region"}):
        code = normalise_region(region) if region is not None else None
    with parameters({InvalidRange: range_field(start, end)}):
        return reply.result(
            ("transitions", start, end, code),
            lambda r: analysis.transitions(r, registry(), start, end, code),
            csv_name="tiptiers-transitions.csv",
        )


@router.get(
    "/watch-list-runs",
    summary="The longest Tier 2 Watch List runs in the record",
    responses={**ok_doc("The runs, longest first.", True), **INVALID},
)
async def watch_list_runs(
    reply: ReplyDep,
    top: Annotated[int, Query(ge=1, le=200, description="How many runs.")] = 10,
) -> Response:
    return reply.result(
        ("watch-list-runs", top),
        lambda r: analysis.longest_watch_list_runs(r, registry(), top),
        csv_name="tiptiers-watch-list-runs.csv",
    )


@router.get(
    "/forecast",
    summary="What the law permits each country next, and how likely each tier is",
    description="For the report of `year` (default: the one after the record's last), from"
    " a model fit only on the record before it. `strict`: also rule out a Watch List"
    " placement the engine reads the re-listing cap (7107(b)(2)(F)) as barring. With"
    " `source=cycle:ID`, the report after a published cycle's (`year` may only name it),"
    " the cycle's placements read as the report before; the model is still fit on the"
    " official record (the cycle's caption in `caveat` and the `X-Tiptiers-Caveat` header).",
    responses={
        **ok_doc("The forecast.", True),
        **NO_RANGE,
        **INVALID,
        404: {
            "description": "With `source`: no published cycle of that number, or a `year`"
            " other than the report after the cycle's (drafts are never a source)."
        },
    },
)
async def forecast(
    reply: ReplyDep,
    year: Annotated[
        int | None, Query(ge=2001, le=2100, description="The report to forecast.")
    ] = None,
    strict: Annotated[bool, Query(description="The strict reading of (F).")] = False,
    source: SourceParam = None,
) -> Response:
    cycle = find_published(reply.state.published(), source) if source else None
    if cycle is not None:
        year = check_cycle_year(cycle, year, ahead=1)
    of = cycle.id if cycle is not None else None
    with parameters({InvalidRange: "year"}):
        return await reply.result_off_loop(
            ("forecast", year, strict, of),
            lambda r: Labelled(analysis.forecast(r, registry(), year, strict=strict, cycle=cycle)),
            csv_name=f"tiptiers-forecast{'-' + str(year) if year else ''}"
            f"{f'-cycle-{of}' if of else ''}.csv",
            with_caveat=cycle is not None,
        )


class Labelled:
    """A forecast as a result whose ``caveat()`` is its caveat (a cycle's caption), in
    ASCII for the X-Tiptiers-Caveat header."""

    def __init__(self, f: Any) -> None:
        self.f = f

    def to_dict(self) -> Any:
        return self.f.to_dict()

    def to_rows(self) -> Any:
        return self.f.to_rows()

    def caveat(self) -> str:
        return str(self.f.caveat).replace(" — ", " - ")


@router.get(
    "/forecast/backtest",
    summary="The forecast scored year by year against 'same tier as last year'",
    responses={**ok_doc("Log-loss, Brier score and accuracy per year.", True), **NO_RANGE},
)
async def backtest(
    reply: ReplyDep,
    start: FromParam = None,
    end: ToParam = None,
    strict: Annotated[bool, Query(description="The strict reading of (F).")] = False,
) -> Response:
    with parameters({InvalidRange: range_field(start, end)}):
        return await reply.result_off_loop(
            ("backtest", start, end, strict),
            lambda r: analysis.backtest(r, registry(), start, end, strict=strict),
            csv_name="tiptiers-backtest.csv",
        )
