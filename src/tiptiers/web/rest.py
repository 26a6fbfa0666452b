"""The REST API under ``/api/v1``: the record and the law's answers as JSON or CSV.

Defines :func:`api_router`. Every endpoint parses its parameters, asks the core
(:mod:`tiptiers.api`, :mod:`tiptiers.queries`, :mod:`tiptiers.law`) and returns the same
JSON the CLI prints with ``--format json`` (``CountryHistory.to_dict()``,
``YearPlacements.to_rows()``, ``Decision.to_dict()``, ...). Lists also come as CSV, with the
CLI's columns, for ``?format=csv`` or ``Accept: text/csv``. Serialised bodies are kept in the
app's memo (:class:`tiptiers.web.state.WebState`), so a repeated request costs a dict
look-up. Errors are raised as :class:`tiptiers.errors.TiptiersError` and written as JSON by
the handlers of :mod:`tiptiers.web.app`; a core error about one query or body value (an
unknown tier, region, kind or country, a bad range) is answered 422 naming it in ``field``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from tiptiers import analysis, api
from tiptiers.analysis.audit import FINDING_COLUMNS, KINDS
from tiptiers.countries import registry
from tiptiers.errors import (
    BadInput,
    InvalidRange,
    InvalidRegion,
    InvalidTier,
    TiptiersError,
    UnknownCountry,
)
from tiptiers.law.sanctions import CONSEQUENCE_COLUMNS
from tiptiers.model import Record, Tier
from tiptiers.queries import REGIONS, coverage, normalise_region
from tiptiers.web.responses import (
    JSON_TYPE,
    MARKDOWN_TYPE,
    csv_body,
    json_body,
    negotiate,
    parameters,
    range_field,
    wants_csv,
)
from tiptiers.web.responses import Body as Serialised
from tiptiers.web.state import WebState

PREFIX = "/api/v1"

# -- CSV columns: the CLI's, so that `tiptiers X --format csv` and the API agree ---------------
COUNTRY_CSV = ("iso3", "country", "year", "tier", "change", "previous_tier", "source")
YEAR_CSV = ("iso3", "name", "year", "tier")
CHANGES_CSV = ("iso3", "name", "kind", "previous_tier", "tier")
TRACE_CSV = ("step", "rule", "citation", "explanation", "outcome")
COUNTRIES_CSV = ("iso3", "iso2", "name", "common_name", "region", "cow_code", "kind", "aliases")

# -- OpenAPI documentation ---------------------------------------------------------------------
FormatParam = Annotated[
    Literal["json", "csv"] | None,
    Query(
        alias="format",
        description="json (default) or csv. Also `Accept: text/csv`.",
    ),
]
CodeParam = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        description="ISO3, ISO2 or a name or alias: CHN, CN, China, Burma, Myanmar, DPRK.",
        examples=["CHN"],
    ),
]
YearParam = Annotated[int, Path(description="Report year, e.g. 2017.", examples=[2017])]
NewsFormatParam = Annotated[
    Literal["json", "markdown", "csv"] | None,
    Query(
        alias="format",
        description="json (default), markdown (as `tiptiers check-news --format markdown`) or"
        " csv (one row per claim). Also `Accept: text/markdown` or `Accept: text/csv`.",
    ),
]
NEWS_FORMATS = {"json": "application/json", "markdown": "text/markdown", "csv": "text/csv"}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["error", "message"],
                    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
                }
            }
        },
    }


def _ok(description: str, csv: bool) -> dict[int | str, dict[str, Any]]:
    content: dict[str, Any] = {"application/json": {}}
    if csv:
        content["text/csv"] = {}
    return {200: {"description": description, "content": content}}


UNKNOWN_COUNTRY = {404: _error("Unknown country: the message lists suggestions.")}
NO_YEAR = {404: _error("No report for that year in the record: the message names the years.")}
INVALID = {422: _error("A parameter is invalid: the message names it.")}


def api_router(state: WebState) -> APIRouter:
    """The ``/api/v1`` endpoints over ``state``'s record."""
    router = APIRouter(prefix=PREFIX, tags=["record"])

    def answer(
        request: Request,
        fmt: str | None,
        key: Hashable,
        json_data: Callable[[Record], Any],
        csv_rows: Callable[[Record], Iterable[Mapping[str, Any]]] | None = None,
        *,
        csv_name: str = "tiptiers.csv",
        csv_columns: Sequence[str] | None = None,
        caveat: Callable[[Record], str] | None = None,
    ) -> Response:
        """The memoised answer to ``key``: JSON, or CSV where the request asks for it and the
        answer is a list; ``caveat`` (a partial year's) goes in the X-Tiptiers-Caveat header."""
        as_csv = csv_rows is not None and wants_csv(fmt, request.headers.get("accept"))

        def compute(record: Record) -> Serialised:
            if as_csv:
                assert csv_rows is not None
                body = csv_body(csv_rows(record), csv_name, csv_columns)
            else:
                body = json_body(json_data(record))
            return replace(body, caveat=caveat(record)) if caveat else body

        return state.memo(("api", key, as_csv), compute).response()

    # -- countries ---------------------------------------------------------------------------
    @router.get(
        "/countries",
        summary="Search countries by name, alias or code",
        responses=_ok("Countries matching q, best first (all, by name, without q).", True),
    )
    async def countries(
        request: Request,
        q: Annotated[
            str, Query(max_length=100, description="Part of a name, an alias or a code.")
        ] = "",
        limit: Annotated[int, Query(ge=1, le=500, description="At most this many.")] = 50,
        fmt: FormatParam = None,
    ) -> Response:
        def rows(_: Record) -> list[dict[str, Any]]:
            return [
                {
                    "iso3": c.iso3,
                    "iso2": c.iso2,
                    "name": c.name,
                    "common_name": c.common_name,
                    "region": c.region,
                    "cow_code": c.cow_code,
                    "kind": c.kind,
                    "aliases": list(c.aliases),
                }
                for c in registry().search(q, limit=limit)
            ]

        return answer(
            request,
            fmt,
            ("countries", q, limit),
            rows,
            rows,
            csv_name="tiptiers-countries.csv",
            csv_columns=COUNTRIES_CSV,
        )

    @router.get(
        "/countries/{code}",
        summary="A country's placements, year by year",
        description="The JSON of `tiptiers country NAME --format json`: placements with the"
        " change from the previous published year, the years the record lacks (never filled"
        " in) and the roles the reports gave the country.",
        responses={**_ok("The country's history.", True), **UNKNOWN_COUNTRY, **INVALID},
    )
    async def country(request: Request, code: CodeParam, fmt: FormatParam = None) -> Response:
        iso3 = registry().resolve(code).iso3

        def data(record: Record) -> dict[str, Any]:
            return api.history(iso3, record=record).to_dict()

        def rows(record: Record) -> list[dict[str, Any]]:
            h = api.history(iso3, record=record)
            return [
                {"iso3": h.country.iso3, "country": h.country.name, **p}
                for p in h.to_dict()["placements"]
            ]

        return answer(
            request,
            fmt,
            ("country", iso3),
            data,
            rows,
            csv_name=f"tiptiers-{iso3}.csv",
            csv_columns=COUNTRY_CSV,
        )

    @router.get(
        "/countries/{code}/explain/{year}",
        tags=["law"],
        summary="Why the report of a year placed a country where it did",
        description="The law engine's explanation (`Decision.to_dict()`, versioned by"
        " `trace_version`), each trace step citing its section of 22 U.S.C. The CSV form is"
        " the trace.",
        responses={
            **_ok("The decision with its trace.", True),
            **UNKNOWN_COUNTRY,
            **NO_YEAR,
            **INVALID,
        },
    )
    async def explain(
        request: Request, code: CodeParam, year: YearParam, fmt: FormatParam = None
    ) -> Response:
        c = registry().resolve(code)

        def data(record: Record) -> dict[str, Any]:
            return {"name": c.name, **api.explain(c.iso3, year, record=record).to_dict()}

        def rows(record: Record) -> list[dict[str, Any]]:
            d = api.explain(c.iso3, year, record=record)
            return [{"step": i, **s.to_dict()} for i, s in enumerate(d.trace, 1)]

        return answer(
            request,
            fmt,
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
            **_ok("The consequences.", True),
            **UNKNOWN_COUNTRY,
            **NO_YEAR,
            **INVALID,
        },
    )
    async def consequences(
        request: Request, code: CodeParam, year: YearParam, fmt: FormatParam = None
    ) -> Response:
        c = registry().resolve(code)
        return answer(
            request,
            fmt,
            ("consequences", c.iso3, year),
            lambda record: api.consequences(c.iso3, year, record=record).to_dict(),
            lambda record: api.consequences(c.iso3, year, record=record).to_rows(),
            csv_name=f"tiptiers-{c.iso3}-{year}-consequences.csv",
            csv_columns=CONSEQUENCE_COLUMNS,
        )

    # -- years -------------------------------------------------------------------------------
    @router.get(
        "/years/{year}",
        summary="Every placement of one report",
        description="The JSON array of `tiptiers year YEAR --format json`, sorted by tier then"
        " name, optionally one tier or one regional bureau. A partial year's rows are not the"
        " report's totals: its answer carries the caveat in the `X-Tiptiers-Caveat` header"
        " (see also `/api/v1/coverage`).",
        responses={**_ok("The placements.", True), **NO_YEAR, **INVALID},
    )
    async def year(
        request: Request,
        year: YearParam,
        tier: Annotated[
            str | None,
            Query(max_length=40, description="1, 2, 2WL, 3 or special_case (or a label)."),
        ] = None,
        region: Annotated[
            str | None,
            Query(
                max_length=40,
                description="Regional bureau: "
                + ", ".join(f"{k} ({v})" for k, v in REGIONS.items()),
            ),
        ] = None,
        fmt: FormatParam = None,
    ) -> Response:
        with parameters({InvalidTier: "tier"}):
            t = Tier.parse(tier) if tier is not None else None
        with parameters({InvalidRegion: "region"}):
            r = normalise_region(region) if region is not None else None

        def rows(record: Record) -> list[dict[str, Any]]:
            return api.placements(year, t, r, record=record).to_rows()

        suffix = "".join(f"-{x}" for x in (t, r) if x)
        return answer(
            request,
            fmt,
            ("year", year, t, r),
            rows,
            rows,
            csv_name=f"tiptiers-{year}{suffix}.csv",
            csv_columns=YEAR_CSV,
            caveat=lambda record: record.coverage[year].caveat(),
        )

    @router.get(
        "/years/{year}/changes",
        summary="What changed from the previous report",
        description="Upgrades, downgrades, newly ranked and no longer listed, as"
        " `tiptiers changes YEAR --format json`.",
        responses={**_ok("The changes.", True), **NO_YEAR, **INVALID},
    )
    async def changes(request: Request, year: YearParam, fmt: FormatParam = None) -> Response:
        return answer(
            request,
            fmt,
            ("changes", year),
            lambda record: api.changes(year, record=record).to_dict(),
            lambda record: api.changes(year, record=record).to_dict()["changes"],
            csv_name=f"tiptiers-{year}-changes.csv",
            csv_columns=CHANGES_CSV,
            caveat=lambda record: api.changes(year, record=record).caveat(),
        )

    @router.get(
        "/years/{year}/clock",
        tags=["law"],
        summary="The Watch List clock for the report of a year",
        description="Every country on the Watch List clock for that report, from the record"
        " before it (22 U.S.C. 7107(b)(2)(D)-(F)). The year may be one past the record's"
        " last (the next report).",
        responses={**_ok("The clock entries.", True), **NO_YEAR, **INVALID},
    )
    async def clock(request: Request, year: YearParam, fmt: FormatParam = None) -> Response:
        def data(record: Record) -> list[dict[str, Any]]:
            return [e.to_dict() for e in api.clock(year, record=record)]

        def rows(record: Record) -> list[dict[str, Any]]:
            return [
                {k: v for k, v in d.items() if k not in ("flags", "streak_years")}
                for d in data(record)
            ]

        return answer(
            request,
            fmt,
            ("clock", year),
            data,
            rows,
            csv_name=f"tiptiers-{year}-clock.csv",
        )

    @router.get(
        "/years/{year}/sanctions",
        tags=["law"],
        summary="The Tier 3 governments of a report and what the law provided",
        responses={**_ok("One consequences object per Tier 3 government.", True), **NO_YEAR},
    )
    async def sanctions(request: Request, year: YearParam, fmt: FormatParam = None) -> Response:
        def data(record: Record) -> list[dict[str, Any]]:
            return [c.to_dict() for c in api.sanctions(year, record=record)]

        def rows(record: Record) -> list[dict[str, Any]]:
            return [
                {
                    "iso3": c.iso3,
                    "name": c.name,
                    "year": c.year,
                    "version": c.version,
                    "applies": c.applies,
                    "fiscal_year": c.fiscal_year,
                    "earliest_determination": c.deadlines[0].date.isoformat()
                    if c.deadlines
                    else "",
                    "latest_determination": c.deadlines[1].date.isoformat() if c.deadlines else "",
                    "recorded_determination": c.recorded_determination,
                }
                for c in api.sanctions(year, record=record)
            ]

        return answer(
            request, fmt, ("sanctions", year), data, rows, csv_name=f"tiptiers-{year}-tier3.csv"
        )

    @router.get(
        "/coverage",
        summary="How complete the record is, year by year",
        description="Counts per tier and which lists are complete; partial years' counts are"
        " not the reports' totals.",
        responses=_ok("The coverage.", True),
    )
    async def coverage_(request: Request, fmt: FormatParam = None) -> Response:
        return answer(
            request,
            fmt,
            ("coverage",),
            lambda record: coverage(record).to_dict(),
            lambda record: coverage(record).to_dict()["coverage"],
            csv_name="tiptiers-coverage.csv",
        )

    # -- the law on facts ----------------------------------------------------------------------
    @router.post(
        "/evaluate",
        tags=["law"],
        summary="Decide a tier from assessment facts",
        description="Assessment facts in (the JSON Schema of `tiptiers schema assessment`),"
        " the decision with its trace out. Missing facts give `undetermined` naming them;"
        " facts the governing statute version does not know are rejected (422).",
        responses={
            **_ok("The decision with its trace.", False),
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
    async def evaluate(request: Request) -> Response:
        try:
            facts = await request.json()
        except ValueError:
            raise BadInput(
                "body: not valid JSON; send the assessment facts as a JSON object"
                " (see /api/v1/schema/assessment)."
            ) from None
        if not isinstance(facts, dict):
            raise BadInput(
                "body: must be a JSON object of assessment facts (see /api/v1/schema/assessment)."
            )
        d = api.evaluate(facts, record=state.record())
        name = registry().get(d.iso3).name
        return json_body({"name": name, **d.to_dict()}).response()

    @router.get(
        "/schema/assessment",
        tags=["law"],
        summary="The JSON Schema of the assessment facts that /evaluate reads",
        responses=_ok("A JSON Schema.", False),
    )
    async def assessment_schema() -> Response:
        from tiptiers.law.assessment import assessment_schema as schema

        return state.memo(("api", "schema"), lambda _: json_body(schema())).response()

    _add_analysis(router, answer, state)
    return router


Answer = Callable[..., Response]
FromParam = Annotated[
    int | None, Query(alias="from", description="First report year (default: the first).")
]
ToParam = Annotated[
    int | None, Query(alias="to", description="Last report year (default: the last).")
]
RegionParam = Annotated[
    str | None,
    Query(
        max_length=40,
        description="Regional bureau: " + ", ".join(f"{k} ({v})" for k, v in REGIONS.items()),
    ),
]
KindParam = Annotated[
    str | None, Query(max_length=40, description="Only this kind: " + ", ".join(KINDS))
]
NO_RANGE = {422: _error("The year range is reversed, empty or outside the record.")}


def _add_analysis(router: APIRouter, answer: Answer, state: WebState) -> None:
    """The analysis endpoints (:mod:`tiptiers.analysis`) and the news claim check."""
    tags = ["analysis"]

    # Audit, forecast and backtest take 0.1-0.2 s the first time: plain `def`, so FastAPI
    # runs them in its thread pool and the event loop keeps serving other requests.
    @router.get(
        "/audit",
        tags=tags,
        summary="The record replayed under the law of each year, with findings",
        description="Implied waivers, Watch List placements over the limit or barred by the"
        " re-listing cap, mandatory and discretionary Tier 3, exits from the clock by upgrade,"
        " gaps in the record and the engine's ambiguity flags, each with its citation (as"
        " `tiptiers audit --format json`). `summary=true`: counts per year and kind.",
        responses={**_ok("The audit.", True), **NO_RANGE},
    )
    def audit(
        request: Request,
        start: FromParam = None,
        end: ToParam = None,
        country: Annotated[
            str | None, Query(min_length=1, max_length=100, description="Only this country.")
        ] = None,
        kind: KindParam = None,
        summary: Annotated[bool, Query(description="Counts per year and kind only.")] = False,
        fmt: FormatParam = None,
    ) -> Response:
        with parameters({UnknownCountry: "country"}):
            iso3 = registry().resolve(country).iso3 if country is not None else None

        def run(record: Record) -> Any:
            return analysis.audit(record, registry(), start, end, iso3, kind=kind)

        with parameters({InvalidRange: range_field(start, end), BadInput: "kind"}):
            if summary:
                return answer(
                    request,
                    fmt,
                    ("audit-summary", start, end, iso3, kind),
                    lambda r: run(r).summary_dict(),
                    lambda r: run(r).summary_rows(),
                    csv_name="tiptiers-audit-summary.csv",
                )
            return answer(
                request,
                fmt,
                ("audit", start, end, iso3, kind),
                lambda r: run(r).to_dict(),
                lambda r: run(r).to_rows(),
                csv_name="tiptiers-audit.csv",
                csv_columns=FINDING_COLUMNS,
            )

    @router.get(
        "/years/{year}/regions",
        tags=tags,
        summary="Tier counts per regional bureau, with the change from the report before",
        responses={**_ok("The regions table.", True), **NO_YEAR, **INVALID},
    )
    async def regions(request: Request, year: YearParam, fmt: FormatParam = None) -> Response:
        return answer(
            request,
            fmt,
            ("regions", year),
            lambda r: analysis.regions(r, registry(), year).to_dict(),
            lambda r: analysis.regions(r, registry(), year).to_rows(),
            csv_name=f"tiptiers-{year}-regions.csv",
            caveat=lambda r: analysis.regions(r, registry(), year).caveat(),
        )

    @router.get(
        "/transitions",
        tags=tags,
        summary="The tier-to-tier matrix of moves between consecutive reports",
        description="Counts and row probabilities; a year the record lacks is a gap, not a move.",
        responses={**_ok("The matrix.", True), **NO_RANGE},
    )
    async def transitions(
        request: Request,
        start: FromParam = None,
        end: ToParam = None,
        region: RegionParam = None,
        fmt: FormatParam = None,
    ) -> Response:
        with parameters({InvalidRegion: "region"}):
            code = normalise_region(region) if region is not None else None
        with parameters({InvalidRange: range_field(start, end)}):
            return answer(
                request,
                fmt,
                ("transitions", start, end, code),
                lambda r: analysis.transitions(r, registry(), start, end, code).to_dict(),
                lambda r: analysis.transitions(r, registry(), start, end, code).to_rows(),
                csv_name="tiptiers-transitions.csv",
            )

    @router.get(
        "/countries/{code}/trajectory",
        tags=tags,
        summary="A country's runs through the tiers",
        description="Runs such as 'Watch List 2009–2012 (4 years)', gaps kept as gaps, and"
        " how long the country has held its tier.",
        responses={**_ok("The trajectory.", True), **UNKNOWN_COUNTRY, **INVALID},
    )
    async def trajectory(request: Request, code: CodeParam, fmt: FormatParam = None) -> Response:
        iso3 = registry().resolve(code).iso3
        return answer(
            request,
            fmt,
            ("trajectory", iso3),
            lambda r: analysis.trajectory(r, registry(), iso3).to_dict(),
            lambda r: analysis.trajectory(r, registry(), iso3).to_rows(),
            csv_name=f"tiptiers-{iso3}-trajectory.csv",
        )

    @router.get(
        "/watch-list-runs",
        tags=tags,
        summary="The longest Tier 2 Watch List runs in the record",
        responses={**_ok("The runs, longest first.", True), **INVALID},
    )
    async def watch_list_runs(
        request: Request,
        top: Annotated[int, Query(ge=1, le=200, description="How many runs.")] = 10,
        fmt: FormatParam = None,
    ) -> Response:
        return answer(
            request,
            fmt,
            ("watch-list-runs", top),
            lambda r: analysis.longest_watch_list_runs(r, registry(), top).to_dict(),
            lambda r: analysis.longest_watch_list_runs(r, registry(), top).to_rows(),
            csv_name="tiptiers-watch-list-runs.csv",
        )

    @router.get(
        "/forecast",
        tags=tags,
        summary="What the law permits each country next, and how likely each tier is",
        description="For the report of `year` (default: the one after the record's last), from"
        " a model fit only on the record before it. `strict`: also rule out a Watch List"
        " placement the engine reads the re-listing cap (7107(b)(2)(F)) as barring.",
        responses={**_ok("The forecast.", True), **NO_RANGE, **INVALID},
    )
    def forecast(
        request: Request,
        year: Annotated[int | None, Query(description="The report to forecast.")] = None,
        strict: Annotated[bool, Query(description="The strict reading of (F).")] = False,
        fmt: FormatParam = None,
    ) -> Response:
        with parameters({InvalidRange: "year"}):
            return answer(
                request,
                fmt,
                ("forecast", year, strict),
                lambda r: analysis.forecast(r, registry(), year, strict=strict).to_dict(),
                lambda r: analysis.forecast(r, registry(), year, strict=strict).to_rows(),
                csv_name=f"tiptiers-forecast{'-' + str(year) if year else ''}.csv",
            )

    @router.get(
        "/forecast/backtest",
        tags=tags,
        summary="The forecast scored year by year against 'same tier as last year'",
        responses={**_ok("Log-loss, Brier score and accuracy per year.", True), **NO_RANGE},
    )
    def backtest(
        request: Request,
        start: FromParam = None,
        end: ToParam = None,
        strict: Annotated[bool, Query(description="The strict reading of (F).")] = False,
        fmt: FormatParam = None,
    ) -> Response:
        with parameters({InvalidRange: range_field(start, end)}):
            return answer(
                request,
                fmt,
                ("backtest", start, end, strict),
                lambda r: analysis.backtest(r, registry(), start, end, strict=strict).to_dict(),
                lambda r: analysis.backtest(r, registry(), start, end, strict=strict).to_rows(),
                csv_name="tiptiers-backtest.csv",
            )

    @router.post(
        "/check-news",
        tags=["news"],
        summary="Check the TIP claims of a news article against the record and the law",
        description="The article as plain text or HTML in `text`; `year` is the report year"
        " if known (otherwise inferred from the text). Each claim comes back with its verdict,"
        " its quote and what the record and the statute of that year say. The body is JSON,"
        " or a form (`application/x-www-form-urlencoded`, a blank `year` meaning none; the"
        " answer to a form is sent as a download, for the dashboard's buttons; CSV always is)."
        " `?format=markdown` (or `Accept: text/markdown`) answers the Markdown that"
        " `tiptiers check-news --format markdown` prints; `?format=csv` (or"
        " `Accept: text/csv`) one row per claim.",
        responses={
            200: {
                "description": "The claims and their verdicts.",
                "content": {"application/json": {}, "text/markdown": {}, "text/csv": {}},
            },
            **INVALID,
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/NewsArticle"}},
                    "application/x-www-form-urlencoded": {
                        "schema": {"$ref": "#/components/schemas/NewsArticle"}
                    },
                },
            }
        },
    )
    async def check_news(request: Request, fmt: NewsFormatParam = None) -> Response:
        as_format = negotiate(fmt, request.headers.get("accept"), NEWS_FORMATS)
        article, from_form = await _read_article(request)
        # A long article takes a moment: checked in the thread pool, off the event loop.
        return await run_in_threadpool(
            _news_answer, article, state.record(), as_format, download=from_form
        )


class NewsArticle(BaseModel):
    """The body of POST /api/v1/check-news."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The article: plain text or HTML.")
    year: int | None = Field(None, description="The report year, if known.")


NEWS_CSV_NAME = "tiptiers-news-check.csv"
NEWS_JSON_NAME = "tiptiers-news-check.json"
NEWS_MD_NAME = "tiptiers-news-check.md"
NEWS_LABEL = "article"  # what the Markdown calls the text (the CLI names the file)
FORM_TYPE = "application/x-www-form-urlencoded"


def _in_body(exc: ValidationError) -> list[dict[str, Any]]:
    """A pydantic model's errors located in the request body, as FastAPI's are."""
    return [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]


async def _read_article(request: Request) -> tuple[NewsArticle, bool]:
    """The article of a check-news request (a JSON object, or a form) and whether it was a
    form. Not JSON, or not an object: BadInput; a wrong or missing field: a validation error
    naming every field."""
    content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    from_form = content_type == FORM_TYPE
    data: Any
    if from_form:
        form = await request.form()
        data = {k: v for k, v in form.items()}
        if isinstance(data.get("year"), str) and not data["year"].strip():
            data["year"] = None
    else:
        try:
            data = await request.json()
        except ValueError:
            raise BadInput(
                'body: not valid JSON; send {"text": "...", "year": 2017} as a JSON object'
                " (year optional)."
            ) from None
        if not isinstance(data, dict):
            raise BadInput('body: must be a JSON object: {"text": "...", "year": 2017}.')
    try:
        return NewsArticle.model_validate(data), from_form
    except ValidationError as exc:
        raise RequestValidationError(_in_body(exc)) from None


def _news_answer(
    article: NewsArticle, record: Record, as_format: str, *, download: bool
) -> Response:
    """The check of ``article`` in ``as_format`` (json, markdown or csv): the same check and the
    same Markdown as ``tiptiers check-news``."""
    from tiptiers.news import check_text
    from tiptiers.news.render import CLAIM_COLUMNS, claim_rows, markdown

    fields: dict[type[TiptiersError], str | None] = {InvalidRange: "year", BadInput: "text"}
    with parameters(fields):
        result = check_text(article.text, record, registry(), article.year)
    if as_format == "csv":
        return csv_body(claim_rows(result), NEWS_CSV_NAME, CLAIM_COLUMNS).response()
    if as_format == "markdown":
        content, media, name = markdown(result, NEWS_LABEL).encode(), MARKDOWN_TYPE, NEWS_MD_NAME
    else:
        content, media, name = json_body(result.to_dict()).content, JSON_TYPE, NEWS_JSON_NAME
    body = Serialised(content, media, name if download else None)
    return body.response()
