"""The research endpoints: the sanctions actually applied, and the researcher's panel.

``GET /api/v1/sanctions-applied`` answers, per report year, how many Tier 3 governments
received full restrictions, a partial waiver or a full national-interest waiver under
22 U.S.C. 7107(d), as ``tiptiers sanctions-applied`` prints it.
``GET /api/v1/panel`` serves the panel of
:func:`tiptiers.analysis.panel.panel` as JSON (rows and the codebook's fields), CSV,
Parquet, Stata ``.dta`` or the whole Frictionless Data Package as a ZIP; the files are the
ones ``tiptiers export --panel`` writes (:mod:`tiptiers.report.panel`). Each body is
computed once per revision of the record and kept in the app's memo.
``GET /api/v1/citation`` gives :func:`tiptiers.citation.cite` (what ``tiptiers cite``
prints) for the page a reader cites.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from tiptiers.errors import InvalidRange
from tiptiers.model import Record
from tiptiers.web.responses import Body, json_body, negotiate, parameters, range_field
from tiptiers.web.rest.common import (
    NO_RANGE,
    FromParam,
    ReplyDep,
    StateDep,
    ToParam,
    ok_doc,
)

PANEL_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "dta": "application/x-stata-dta",
    "zip": "application/zip",
}

PanelFormat = Annotated[
    Literal["json", "csv", "parquet", "dta", "zip"] | None,
    Query(
        alias="format",
        description="json (default: the codebook's fields and the rows), csv, parquet, dta"
        " (Stata 14+) or zip (the whole Frictionless Data Package: the three files, codebook.md"
        " and datapackage.json). Also by `Accept`.",
    ),
]

router = APIRouter(tags=["analysis"])


@router.get(
    "/sanctions-applied",
    summary="Per report year, the Tier 3 governments by the sanctions actually applied",
    description="From the Presidential Determinations on record (22 U.S.C. 7107(d)): full"
    " restrictions, partial waivers, full national-interest waivers, other provisions, and"
    " what the record cannot say (a government not named in the part of a document on"
    " record, or no document at all), never counted as 'no sanctions'. The JSON lists each"
    " year's governments with their outcome; the CSV is one row per year.",
    responses={**ok_doc("The sanctions applied, year by year.", True), **NO_RANGE},
)
def sanctions_applied(
    reply: ReplyDep,
    start: FromParam = None,
    end: ToParam = None,
) -> Response:
    from tiptiers.analysis.sanctions_applied import SANCTIONS_APPLIED_COLUMNS

    def run(record: Record) -> Any:
        from tiptiers import api

        return api.sanctions_applied(start, end, record=record)

    with parameters({InvalidRange: range_field(start, end)}):
        return reply.result(
            ("sanctions-applied", start, end),
            lambda r: run(r),
            csv_name="tiptiers-sanctions-applied.csv",
            csv_columns=SANCTIONS_APPLIED_COLUMNS,
        )


@router.get(
    "/panel",
    summary="The researcher's panel: one row per country-year, with derived variables",
    description="What `tiptiers export --panel` writes: every country the record places in"
    " every report year, with the tier, the Watch List clock (streak, counted years, waiver"
    " years used), the automatic downgrade (stated or derived by the law engine), ISO and"
    " COW codes, the regional bureau, each row's source and each year's completeness. The"
    " codebook is docs/PANEL.md and the `fields` of the JSON form.",
    responses={
        200: {
            "description": "The panel in the format asked for.",
            "content": {media: {} for media in PANEL_TYPES.values()},
        },
        **NO_RANGE,
    },
)
def panel(
    request: Request,
    state: StateDep,
    start: FromParam = None,
    end: ToParam = None,
    fmt: PanelFormat = None,
) -> Response:
    # Plain `def`: the first computation takes about a second; FastAPI runs it in its
    # thread pool so the event loop keeps serving other requests.
    kind = negotiate(fmt, request.headers.get("accept"), PANEL_TYPES)

    def compute(record: Record) -> Body:
        from tiptiers import api
        from tiptiers.report import panel as files

        p = api.panel(start, end, record=record)  # with the second source, as the CLI
        span = f"{p.start}-{p.end}"
        if kind == "json":
            return json_body(p.to_dict())
        if kind == "zip":
            content = files.zip_bytes(files.package_files(p))
        else:
            content = files.WRITERS[kind](p)
        return Body(content, PANEL_TYPES[kind], f"{files.STEM}-{span}.{kind}")

    with parameters({InvalidRange: range_field(start, end)}):
        return state.memo(("panel", kind, start, end), compute).response()


CITATION_TYPES = {
    "json": "application/json",
    "text": "text/plain; charset=utf-8",
    "bibtex": "application/x-bibtex; charset=utf-8",
    "csl-json": "application/vnd.citationstyles.csl+json",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "cff": "application/x-yaml; charset=utf-8",
}


@router.get(
    "/citation",
    summary="How to cite tiptiers: title, publisher, version, date, commit and URL",
    description="The citation `tiptiers cite` prints (tiptiers.citation.cite): the version"
    " and the git commit this server runs, as a sentence, BibTeX, CSL-JSON, RIS or"
    " CITATION.cff, or all of them as JSON. `url` is the address cited (the page a reader is"
    " on; default: this server's address), with today as the access date.",
    responses={
        200: {
            "description": "The citation in the format asked for.",
            "content": {media.split(";")[0]: {} for media in CITATION_TYPES.values()},
        },
        422: {"description": "A parameter is invalid: the message names it."},
    },
)
def citation(
    request: Request,
    fmt: Annotated[
        Literal["json", "text", "bibtex", "csl-json", "ris", "cff"],
        Query(alias="format", description="json (the facts and every format), or one format."),
    ] = "json",
    url: Annotated[
        str | None,
        Query(
            description="The address cited: http(s), at most 2,000 characters.",
            max_length=2000,
            pattern=r"^https?://[^\s]+$",
        ),
    ] = None,
) -> Response:
    from datetime import date

    from tiptiers.citation import cite

    c = cite(url=url or str(request.base_url), accessed=date.today().isoformat())
    if fmt == "json":
        return json_body(c.to_dict()).response()
    return Response(c.render(fmt), media_type=CITATION_TYPES[fmt])
