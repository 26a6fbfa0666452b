"""The dashboard's HTML pages: the map, a country, a year, search, the news claim check.

Defines :func:`pages_router` and :func:`templates`. Each page asks the core for its answers
(:mod:`tiptiers.api`, :mod:`tiptiers.queries`, :mod:`tiptiers.law`), hands them to a Jinja2
template and keeps the rendered HTML in the app's memo, keyed by the page and its URL
parameters: the state of every view is in its URL, and a page is rendered once per revision
of the record. Charts are Vega-Lite specs compiled to Vega here (`page_chart`) and drawn in
the browser by the vendored Vega (`static/dashboard.js`); the home map is also drawn here,
as SVG.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Form, Path, Query, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from tiptiers import analysis, api
from tiptiers.analysis import Forecast
from tiptiers.countries import registry
from tiptiers.errors import BadInput, TiptiersError, year_span
from tiptiers.glossary import (
    SECTION_NOTE,
    determination_words,
    term_anchor,
    version_words,
    what_happened,
)
from tiptiers.glossary import STATUS_WORDS as STATUS_LABELS
from tiptiers.model import TIERS, Record, Tier, entity_exists
from tiptiers.queries import REGIONS
from tiptiers.queries.changes import CHANGE_TITLES
from tiptiers.queries.layers import (
    NOT_ASSESSED,
    BesideOfficial,
    CountryBeside,
    PublishedCycle,
    beside_official,
    country_beside,
    find_published,
    sources,
)
from tiptiers.report.maps import (
    MAYBE_MISSING_LABEL,
    MISSING_LABEL,
    NO_RECORD_LABEL,
    SOURCE_LINE,
    TIER_COLORS,
    legend_labels,
    spec_to_vega,
    vega_to_page_svg,
)
from tiptiers.sources import Citation
from tiptiers.sources import cite as cite_source
from tiptiers.web.assets import asset_url
from tiptiers.web.reports import RETRY_AFTER, Job, ReportJobs, ReportsBusy
from tiptiers.web.responses import HEAD_FLAG
from tiptiers.web.state import WebState

# Content-Security-Policy of the pages: every script, style, image and data file from this
# app ('unsafe-eval' because Vega compiles its expressions with Function()).
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

#: How the news page names each verdict (its sign is news.render.VERDICT_MARKS, the CLI's).
VERDICT_WORDS = {
    "supported": "supported",
    "contradicted": "contradicted",
    "not_in_record": "not in the record",
    "unclear": "unclear",
}
#: The longest article whose check gets a shareable link (?text=...) on the news page.
SHAREABLE_CHARS = 1500


@cache
def templates() -> jinja2.Environment:
    """The Jinja2 environment of the dashboard (templates are package data)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tiptiers.web", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    from tiptiers.news.render import VERDICT_MARKS

    env.globals.update(
        TIERS=TIERS,
        REGIONS=REGIONS,
        TIER_COLORS=TIER_COLORS,
        NO_RECORD_LABEL=NO_RECORD_LABEL,
        MAYBE_MISSING_LABEL=MAYBE_MISSING_LABEL,
        MISSING_LABEL=MISSING_LABEL,
        CHANGE_TITLES=CHANGE_TITLES,
        STATUS_LABELS=STATUS_LABELS,
        VERDICT_LABELS={v: (VERDICT_MARKS[v], w) for v, w in VERDICT_WORDS.items()},
        year_span=year_span,
        common_name=registry().common_name,
        plain_version=version_words,
        what_happened=what_happened,
        determination_words=determination_words,
        term_anchor=term_anchor,
        SECTION_NOTE=SECTION_NOTE,
        asset=asset_url,
        SOURCE_LINE=SOURCE_LINE.split(" · ")[0],  # charts: the map adds its boundaries
    )
    env.filters["tier"] = _tier
    env.filters["vega"] = page_chart
    env.filters["urlq"] = lambda v: quote(str(v), safe="")
    return env


def _tier(code: str | Tier | None) -> Tier | None:
    if code is None or code == "":
        return None
    return code if isinstance(code, Tier) else Tier(code)


def page_chart(spec: dict[str, Any]) -> dict[str, Any]:
    """What a page's chart script draws (``{{ spec|vega|tojson }}``): the Vega-Lite
    ``spec`` compiled to Vega here, so the browser loads and runs Vega alone (no Vega-Lite,
    no compile in the page), and under "dark" the top-level parts the dark theme changes
    (background, config), which the script swaps in for a reader in dark mode. ``{}`` for
    no chart."""
    if not spec:
        return {}
    light = spec_to_vega(spec)
    dark = spec_to_vega(spec, theme="dark")
    changed = {k: v for k, v in dark.items() if light.get(k) != v}
    changed["background"] = "transparent"  # the page's own dark ground
    return {"spec": light, "dark": changed}


def _responsive(spec: dict[str, Any], *, height: bool = False) -> dict[str, Any]:
    """A report spec drawn at the size of its container (a phone or a desktop), untitled:
    the page prints the title and the notes as text, which can wrap."""
    out = {k: v for k, v in spec.items() if k != "title"}
    out["width"] = "container"
    if height:
        out["height"] = "container"
    out["autosize"] = {"type": "fit" if height else "fit-x", "contains": "padding"}
    return out


def _subtitle(spec: dict[str, Any]) -> list[str]:
    """The subtitle lines of a report chart (what its marks mean), to print as text."""
    title = spec.get("title")
    sub = title.get("subtitle", []) if isinstance(title, dict) else []
    return [sub] if isinstance(sub, str) else list(sub)


def _without_legends(node: Any) -> Any:
    """A spec whose encodings draw no legend (the page prints it as text, with counts)."""
    if isinstance(node, dict):
        return {
            k: None if k == "legend" and isinstance(v, dict) else _without_legends(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_without_legends(v) for v in node]
    return node


def map_details(record: Record, year: int) -> dict[str, dict[str, str]]:
    """The map's tooltip beyond the tier, by ISO3: the previous report's tier and the
    change, the Watch List clock before the next report (where the record reaches it) and
    the Tier 3 determination the record holds."""
    from tiptiers.model import classify_change

    previous = record.previous_year(year)
    later = next((n for n in record.years if n > year), None)
    clock_year = year + 1 if (later == year + 1 or year == record.last_year) else None
    clock = {e.iso3: e for e in api.clock(clock_year, record=record)} if clock_year else {}
    sanctions = {c.iso3: c for c in api.sanctions(year, record=record)}
    out: dict[str, dict[str, str]] = {}
    for p in record.year(year):
        lines: dict[str, str] = {}
        if previous is not None:
            before = record.get(p.iso3, previous)
            if before is None:
                lines[f"{previous} report"] = record.reader_lookup(p.iso3, previous).words
            else:
                kind = classify_change(before.tier, p.tier)
                change = "no change" if kind == "unchanged" else kind.replace("_", " ")
                lines[f"{previous} report"] = before.tier.label + (f" ({change})" if change else "")
        if clock_year is not None:
            entry = clock.get(p.iso3)
            lines[f"Watch List clock for {clock_year}"] = (
                STATUS_LABELS.get(entry.status.value, entry.status.value)
                if entry is not None
                else "not on the Watch List"
            )
        s = sanctions.get(p.iso3)
        lines["Tier 3 determination"] = (
            (s.recorded_determination or "not in the record") if s is not None else "—"
        )
        out[p.iso3] = lines
    return out


def _page_map(record: Record, year: int, *, legend: bool) -> dict[str, Any]:
    """The map of ``year`` drawn at its container's size; without its legend where the
    page prints the legend as text with counts (the home page), with it in an embed."""
    from tiptiers.report.maps import map_spec

    spec = map_spec(
        record,
        registry(),
        year,
        geometry_url=asset_url("world-110m.json"),
        details=map_details(record, year),
    )
    return _responsive(spec if legend else _without_legends(spec), height=True)


def _layer_map(beside: BesideOfficial) -> dict[str, Any]:
    """The map of a published cycle's placements (:func:`tiptiers.report.maps.cycle_map_spec`)
    drawn as the home map is, its legend printed by the page; a country links to its page,
    which shows the cycle's placement beside the official one."""
    from tiptiers.report.maps import cycle_map_spec

    spec = cycle_map_spec(
        beside,
        registry(),
        geometry_url=asset_url("world-110m.json"),
        href_template="/country/{iso3}",
        title=False,
    )
    return _responsive(_without_legends(spec), height=True)


def shadow_points(beside: Sequence[CountryBeside]) -> list[dict[str, Any]]:
    """A country's placements in published cycles as the diamonds of its timeline
    (:func:`tiptiers.report.charts.timeline_spec`'s ``shadow``)."""
    return [
        {
            "iso3": b.official.iso3,
            "year": b.cycle.year,
            "tier": b.tier.value,
            "tier_label": b.tier.label,
            "cycle": b.cycle.label,
            "official": b.official.words + (" (differs)" if b.differs else ""),
        }
        for b in beside
    ]


#: The ``source`` query parameter of the map and compare pages (tiptiers.queries.layers).
SourceQuery = Annotated[
    str | None,
    Query(
        max_length=20,
        description="official (the default) or cycle:ID, a published cycle's placements",
    ),
]


def render(name: str, **context: Any) -> str:
    return templates().get_template(name).render(**context)


#: The policy of an /embed/ page: the same without frame-ancestors, so any site may frame it.
EMBED_CSP = CSP.replace("; frame-ancestors 'none'", "")


def html(text: str, status: int = 200, *, frameable: bool = False) -> HTMLResponse:
    return HTMLResponse(
        text, status, headers={"Content-Security-Policy": EMBED_CSP if frameable else CSP}
    )


def pages_router(state: WebState, reports: ReportJobs) -> APIRouter:
    """The dashboard pages over ``state``'s record (not in the OpenAPI schema); annual-report
    PDFs are built by ``reports``."""
    router = APIRouter(include_in_schema=False)

    def page(key: tuple[Any, ...], build: Any) -> HTMLResponse:
        return html(state.memo(("page", *key), build))

    def next_forecast() -> Forecast | None:
        """The forecast of the report after the record's last, computed once per revision
        (None where the record cannot support one: a country page still shows)."""
        try:
            return state.memo(("forecast-next",), lambda r: analysis.forecast(r, registry()))
        except TiptiersError:
            return None

    def base(record: Record, **context: Any) -> dict[str, Any]:
        return {"latest": record.last_year, "years": record.years, "q": "", **context}

    def report_year(year: int | None) -> int:
        """``year``, or the record's last where none is asked, checked against the record."""
        record = state.record()
        y = record.last_year if year is None else year
        record.check_year(y)
        return y

    # -- home: the map ---------------------------------------------------------------------
    @router.get("/")
    async def home(
        year: Annotated[int | None, Query(description="Report year")] = None,
        view: Annotated[
            Literal["map", "chart", "table"], Query(description="map, chart or table")
        ] = "map",
        source: SourceQuery = None,
    ) -> Response:
        cycles = state.published()
        cycle = find_published(cycles, source)
        vq = "" if view == "map" else f"&view={view}"
        if cycle is not None:
            if year is not None:  # a cycle is of one report year: its address names no other
                return RedirectResponse(f"/?source={cycle.source}{vq}", status_code=302)
            key = ("home-layer", cycle.id, view, tuple(c.id for c in cycles))
            return page(key, lambda r: layer_home(r, cycle, view))
        y = report_year(year)
        ids = tuple(c.id for c in cycles)

        def build(record: Record) -> str:
            from tiptiers.report.maps import SOURCE_LINE, map_subtitle

            yp = api.placements(y, record=record)
            spec = _page_map(record, y, legend=False)
            # What a screen reader says for the map (Vega's SVG takes it from "description";
            # without one it says "Vega visualization").
            label = (
                f"World map of the {y} tier placements; the legend below counts each tier"
                f" and the {y} year page lists every country."
            )
            spec["description"] = label
            chart = page_chart(spec)
            previous = record.previous_year(y)
            return render(
                "home.html",
                map_label=label,
                **base(record),
                view=view,
                vq=vq,
                layer=None,
                sources=sources(cycles),
                embed=f"/embed/map?year={y}",
                chart_embed="/embed/tiers",
                previous_tiers={
                    p.iso3: p.tier for p in (record.year(previous) if previous else ())
                },
                TIER_ORDER={t.value: i for i, t in enumerate(TIERS)},
                year=y,
                yp=yp,
                counts=yp.counts(),
                chart=chart,
                # the map drawn here, on screen as soon as the page is: the script draws
                # the interactive one over it once Vega has loaded
                static_map=vega_to_page_svg(chart["spec"], asset_url("world-110m.json")),
                notes=[n for n in map_subtitle(record, registry(), y) if n != yp.coverage.caveat()],
                source=SOURCE_LINE,
                previous=previous,
                next=next((n for n in record.years if n > y), None),
            )

        return page(("home", y, view, ids), build)

    def layer_home(record: Record, cycle: PublishedCycle, view: str) -> str:
        """The home page over a published cycle's placements: its map, legend, list and
        table, captioned as the cycle's and not the State Department's, each country beside
        its official placement (the chart of tiers over time stays the record's)."""
        beside = beside_official(record, registry(), cycle)
        y = cycle.year
        spec = _layer_map(beside)
        label = (
            f"World map of the shadow placements of {cycle.name} for the {y} report, not the"
            " State Department's; the legend below counts each tier and the table lists"
            " every country beside its official placement."
        )
        spec["description"] = label
        chart = page_chart(spec)
        return render(
            "home.html",
            map_label=label,
            **base(record),
            view=view,
            vq="" if view == "map" else f"&view={view}",
            layer=beside,
            sources=sources(state.published()),
            embed=f"/embed/map?source={cycle.source}",
            embed_title=cycle.heading,
            chart_embed="/embed/tiers",
            TIER_ORDER={t.value: i for i, t in enumerate(TIERS)},
            year=y,
            counts=beside.counts(),
            chart=chart,
            static_map=vega_to_page_svg(chart["spec"], asset_url("world-110m.json")),
            source=f"Source: {cycle.label}, published {cycle.published_on} with tiptiers."
            " Boundaries: Natural Earth 1:110m",
        )

    @router.get("/charts/tiers-over-time.json")
    async def tiers_over_time() -> Response:
        """The home page's chart (the world's placements per tier in every report year), as
        the compiled Vega the page draws when its Chart tab is opened: not in the page, so
        the map's first visit does not carry it."""
        from tiptiers.report.charts import tiers_over_time_spec

        def build(record: Record) -> str:
            return json.dumps(page_chart(_responsive(tiers_over_time_spec(record))))

        return Response(
            state.memo(("chart", "tiers-over-time"), build), media_type="application/json"
        )

    @router.get("/embed/tiers")
    async def embed_tiers() -> Response:
        """The chart of tiers over time, alone, for other sites to frame."""

        def build(record: Record) -> str:
            from tiptiers.report.charts import tiers_over_time_spec

            return render(
                "embed.html",
                kind="chart",
                title="TIP Report tier placements per report year",
                spec=_responsive(tiers_over_time_spec(record)),
                notes=[
                    "A year marked * is partial in the record: its bar is not the report's total."
                ],
                source=SOURCE_LINE.split(" · ")[0],
                download="tiptiers-tiers-over-time",
                full="/?view=chart",
            )

        return html(state.memo(("page", "embed-tiers"), build), frameable=True)

    # -- how to cite a page ----------------------------------------------------------------
    def cited_url(request: Request, url: str) -> str:
        """The address to cite: ``url`` if it is a page of this site, else the site."""
        root = str(request.base_url)
        return url if url.startswith(root) else root

    @router.get("/cite")
    async def cite_page(
        request: Request, url: Annotated[str, Query(max_length=2000)] = ""
    ) -> Response:
        """How to cite a page of tiptiers (``url``, this site's address): the citation of
        :func:`tiptiers.citation.cite` (title, publisher, version, date, URL) as text,
        BibTeX, RIS and CSL-JSON, with the State Department's report beside it."""
        from datetime import date

        from tiptiers.citation import PRIMARY_SOURCE, cite

        c = cite(url=cited_url(request, url), accessed=date.today().isoformat())
        formats = [("Text", "text"), ("BibTeX", "bibtex"), ("RIS", "ris"), ("CSL-JSON", "csl-json")]
        return html(
            render(
                "cite.html",
                **base(state.record()),
                citations=[(label, c.render(f)) for label, f in formats],
                primary=PRIMARY_SOURCE,
            )
        )

    # -- a country -------------------------------------------------------------------------
    @router.get("/country/{code}")
    async def country(
        code: Annotated[str, Path(max_length=100)],
        year: Annotated[int | None, Query(description="Year of the 'why' panel")] = None,
    ) -> Response:
        c = registry().resolve(code)
        if c.iso3 != code:
            target = f"/country/{c.iso3}" + (f"?{urlencode({'year': year})}" if year else "")
            return RedirectResponse(target, status_code=302)
        record = state.record()
        if year is not None:
            record.check_year(year)

        cycles = state.published()

        def build(record: Record) -> str:
            from tiptiers.report.charts import timeline_spec

            h = api.history(c.iso3, record=record)
            shadow = country_beside(record, cycles, c.iso3)
            chart = (
                timeline_spec(record, registry(), [c.iso3], shadow=shadow_points(shadow))
                if h.rows
                else {}
            )
            why_year = year
            if why_year is None:
                why_year = h.rows[-1].year if h.rows else record.last_year
            decision = api.explain(c.iso3, why_year, record=record)
            # the law reads the year's lists as compiled; a reader is told where they are
            # short of the printed counts (the trace itself is the law's and stays as it is)
            why_look = record.reader_lookup(c.iso3, why_year)
            conseq = (
                api.consequences(c.iso3, why_year, record=record)
                if decision.tier is Tier.T3
                else None
            )
            next_year = record.last_year + 1
            clock_entry = next(
                (e for e in api.clock(next_year, record=record) if e.iso3 == c.iso3), None
            )
            forecast = next_forecast()
            outlook = next(
                (f for f in (forecast.countries if forecast else ()) if f.country.iso3 == c.iso3),
                None,
            )
            trajectory = analysis.trajectory(record, registry(), c.iso3)
            determinations = api.country_determinations(c.iso3, record=record)
            from tiptiers.analysis.sanctions_applied import gaps_sentence

            sources: list[Citation] = []
            for r in h.rows:
                if (cited := cite_source(r.source)) not in sources:
                    sources.append(cited)
            return render(
                "country.html",
                sources=sources,
                row_sources=api.placement_sources(c.iso3, record=record).rows,
                source_index={r.year: sources.index(cite_source(r.source)) + 1 for r in h.rows},
                **base(record),
                country=c,
                history=h,
                lines=h.lines(),
                spec=_responsive(chart),
                chart_notes=_subtitle(chart),
                why_year=why_year,
                why_short=why_look.note if why_look.maybe_missing else "",
                decision=decision,
                consequences=conseq,
                clock_entry=clock_entry,
                outlook=outlook,
                trajectory=trajectory,
                determinations=determinations,
                determination_gaps=gaps_sentence(c.common_name, determinations),
                next_year=next_year,
                ranked_next=entity_exists(c.iso3, next_year),
                last=record.lookup(c.iso3, record.last_year),
                region=REGIONS.get(c.region or "", ""),
                shadow=shadow,
            )

        return page(("country", c.iso3, year, tuple(x.id for x in cycles)), build)

    # -- a year ----------------------------------------------------------------------------
    @router.get("/year/{year}")
    async def year_page(year: int) -> Response:
        state.record().check_year(year)
        cycles = sources(state.published(), year)

        def build(record: Record) -> str:
            yp = api.placements(year, record=record)
            by_tier: dict[Tier, dict[str, list[Any]]] = {}
            for c, p in yp.rows:
                by_tier.setdefault(p.tier, {}).setdefault(c.region or "", []).append(c)
            later = next((n for n in record.years if n > year), None)
            clock_next_year = year + 1 if (later == year + 1 or year == record.last_year) else None
            sanctions = api.sanctions(year, record=record)
            from tiptiers.law.explain import empty_clock_reason
            from tiptiers.law.sanctions import determinations_note, sanctions_summary

            return render(
                "year.html",
                **base(record),
                year=year,
                yp=yp,
                counts=yp.counts(),
                by_tier=by_tier,
                placed={c.iso3: p.tier for c, p in yp.rows},
                changes=api.changes(year, record=record),
                clock=api.clock(year, record=record),
                clock_next=api.clock(clock_next_year, record=record) if clock_next_year else None,
                clock_next_year=clock_next_year,
                sanctions=sanctions,
                sanctions_summary=sanctions_summary(year, sanctions),
                determinations_note=determinations_note(record, year),
                empty_clock_reason=empty_clock_reason,
                previous=record.previous_year(year),
                next=later,
                cycles=cycles,
            )

        return page(("year", year, tuple(c.id for c in cycles)), build)

    @router.get("/year/{year}/report.html")
    def report(year: int, source: SourceQuery = None) -> Response:
        """The annual report of ``year`` (tiptiers.report), one self-contained HTML file;
        with ``source=cycle:ID``, the report laid out over that published cycle's
        placements, titled as the cycle's (an unknown, draft or other-year cycle is 404).

        Plain ``def``: the first build takes about a second, in FastAPI's thread pool."""
        from tiptiers.report.document import build_report_html, file_stem

        cycle = find_published(state.published(), source, year)
        if cycle is None:
            state.record().check_year(year)
        text = state.memo(
            ("report", year, cycle.id if cycle else None),
            lambda r: build_report_html(year, record=r, registry=registry(), cycle=cycle),
        )
        # Opened in the browser (a reader reads it there and saves it from there), not a
        # 2 MB download.
        name = file_stem(year, cycle)
        return HTMLResponse(text, headers={"Content-Disposition": f'inline; filename="{name}.html"'})

    @router.get("/year/{year}/report.pdf")
    async def report_pdf(year: int, request: Request) -> Response:
        """The annual report of ``year`` as a PDF, once built.

        The build (about half a minute) runs in a worker process (:mod:`tiptiers.web.reports`),
        one at a time per server: until it is done a browser gets a page that shows its
        progress and fetches the PDF when it is ready; another client gets 202 with the
        job's state and ``Retry-After``; with every build slot taken, 503 and
        ``Retry-After``. A ``HEAD`` request never starts a build. The PDF is kept for the
        record's revision."""
        from tiptiers.report.document import file_stem

        record = state.record()
        record.check_year(year)
        job = _job(year, request, record)
        if job is None:
            return JSONResponse({"year": year, "state": "not_started"}, 202)
        if isinstance(job, Response):
            return job
        pdf = job.pdf
        if pdf is not None:
            return Response(
                pdf,
                media_type="application/pdf",
                headers={"Content-Disposition": f'attachment; filename="{file_stem(year)}.pdf"'},
            )
        status = reports.status(job)
        if "text/html" in request.headers.get("accept", ""):
            page_html = render("report-pdf.html", **base(record), year=year, job=status)
            return html(page_html, 202)
        return JSONResponse(status, 202, headers={"Retry-After": "5"})

    def _job(year: int, request: Request, record: Record) -> Job | Response | None:
        """The PDF build of ``year``: a ``HEAD`` request only finds one (None: not started),
        any other starts it if needed; a full queue is the 503 answer."""
        if request.scope.get(HEAD_FLAG):
            return reports.find(year, state.revision)
        try:
            return reports.job(year, state.revision, record)
        except ReportsBusy as busy:
            return _busy(busy, request, record, year)

    def _busy(busy: ReportsBusy, request: Request, record: Record, year: int) -> Response:
        headers = {"Retry-After": str(RETRY_AFTER)}
        if "text/html" in request.headers.get("accept", ""):
            page_html = error_page(record, 503, "Busy", busy.message)
            response = html(page_html, 503)
            response.headers.update(headers)
            return response
        return JSONResponse(busy.to_dict(), 503, headers=headers)

    @router.get("/year/{year}/report.pdf/status")
    async def report_pdf_status(year: int, request: Request) -> Response:
        """The state of the PDF build of ``year`` (starting it if needed; a ``HEAD`` request
        starts nothing), as JSON."""
        record = state.record()
        record.check_year(year)
        job = _job(year, request, record)
        if job is None:
            return JSONResponse({"year": year, "state": "not_started"})
        if isinstance(job, Response):
            return job
        return JSONResponse(reports.status(job), headers={"Cache-Control": "no-store"})

    # -- charts other sites may frame ---------------------------------------------------------
    @router.get("/embed/map")
    async def embed_map(
        year: Annotated[int | None, Query(description="Report year")] = None,
        source: SourceQuery = None,
    ) -> Response:
        """The world map of one year, alone, for other sites to frame (``<iframe>``); with
        ``source=cycle:ID``, a published cycle's placements, captioned as the cycle's and
        not the State Department's (an unknown, draft or other-year cycle is 404)."""
        cycles = state.published()
        cycle = find_published(cycles, source, year)
        if cycle is not None:
            key = ("page", "embed-map-layer", cycle.id, tuple(c.id for c in cycles))
            return html(state.memo(key, lambda r: embed_layer(r, cycle)), frameable=True)
        y = report_year(year)

        def build(record: Record) -> str:
            # the legend as text under the map, with its counts: drawn inside the map it
            # covered a phone's map (issue 23)
            spec = _page_map(record, y, legend=False)
            return render(
                "embed.html",
                kind="map",
                title=f"TIP Report tiers, {y}",
                spec=spec,
                notes=[],
                legend=legend_labels(record, y),
                source=f"{SOURCE_LINE} Tiers of the {y} report.",
                download=f"tiptiers-map-{y}",
                full=f"/?year={y}",
            )

        return html(state.memo(("page", "embed-map", y), build), frameable=True)

    def embed_layer(record: Record, cycle: PublishedCycle) -> str:
        """A published cycle's map alone, as the home page's layer draws it: its legend
        counts the cycle's placements, its caption says whose they are."""
        beside = beside_official(record, registry(), cycle)
        counts = beside.counts()
        legend = {t.value: f"{t.label} ({counts[t.value]})" for t in TIERS if counts[t.value]}
        left = len(beside.not_assessed)
        legend["none"] = NOT_ASSESSED + (f" ({left} placed by the official report)" if left else "")
        return render(
            "embed.html",
            kind="map",
            title=cycle.heading,
            spec=_layer_map(beside),
            notes=[beside.summary()],
            legend=legend,
            source=f"Source: {cycle.label}, published {cycle.published_on} with tiptiers."
            " Boundaries: Natural Earth 1:110m.",
            download=f"tiptiers-map-{cycle.year}-cycle-{cycle.id}",
            full=f"/?source={cycle.source}",
        )

    @router.get("/embed/country/{code}")
    async def embed_country(code: Annotated[str, Path(max_length=100)]) -> Response:
        """A country's tier timeline, alone, for other sites to frame."""
        c = registry().resolve(code)

        def build(record: Record) -> str:
            from tiptiers.report.charts import timeline_spec

            if not record.history(c.iso3):
                raise BadInput(f"No placement in the record for {c.common_name}: nothing to chart.")
            chart = timeline_spec(record, registry(), [c.iso3])
            return render(
                "embed.html",
                kind="timeline",
                title=f"{c.common_name}: tier placements in the TIP Report",
                spec=_responsive(chart),
                notes=_subtitle(chart),
                source=SOURCE_LINE.split(" · ")[0],
                download=f"tiptiers-{c.iso3}",
                full=f"/country/{c.iso3}",
            )

        return html(state.memo(("page", "embed-country", c.iso3), build), frameable=True)

    # -- several countries side by side ------------------------------------------------------
    def compared(record: Record, c: str) -> tuple[list[str], list[Any], list[Any]]:
        """The countries of ``c`` (names, aliases or codes, comma-separated), their histories
        and the table rows: one per year, a cell per country (tier, change or gap)."""
        from tiptiers.queries.history import country_history
        from tiptiers.report.charts import chart_countries

        names = [n.strip() for n in c.split(",") if n.strip()]
        iso3s = chart_countries(record, registry(), names)
        histories = [country_history(record, registry(), i) for i in iso3s]
        by_year: dict[int, dict[str, Any]] = {}
        for h in histories:
            for line in h.lines():
                by_year.setdefault(line.year, {})[h.country.iso3] = line
        rows = [(y, [by_year[y].get(i) for i in iso3s]) for y in sorted(by_year)]
        return iso3s, histories, rows

    @router.get("/compare")
    async def compare(
        c: Annotated[
            str,
            Query(
                max_length=200, description="Countries: names, aliases or codes, comma-separated"
            ),
        ] = "",
        add: Annotated[
            str, Query(max_length=100, description="One more country: a name, alias or code")
        ] = "",
        source: SourceQuery = None,
    ) -> Response:
        """Several countries' tier timelines on one chart and one table, the Watch List runs
        shaded and the downgrades marked: the web twin of ``tiptiers chart A --compare B``.
        The URL names the countries by code, so it reproduces the view; the picker adds one
        country at a time (``add``), by any of its names, so a name with a comma in it
        ("Korea, North") is one country, never two. ``source=cycle:ID`` adds a published
        cycle's placements beside the record's: a row of the table and diamonds on the
        chart, labelled as the cycle's, where they differ marked."""
        record = state.record()
        cycles = state.published()
        cycle = find_published(cycles, source)
        sq = f"&source={cycle.source}" if cycle else ""
        if add.strip():
            added = registry().resolve(add.strip()).iso3
            c = ",".join([*(n for n in c.split(",") if n.strip()), added])
        if c.strip():
            iso3s = compared(record, c)[0]
            canonical = ",".join(iso3s)
            if canonical != c or add.strip():
                return RedirectResponse(f"/compare?c={quote(canonical, safe=',')}{sq}", 302)

        def build(record: Record) -> str:
            from tiptiers.report.charts import timeline_spec

            if not c.strip():
                return render(
                    "compare.html",
                    **base(record),
                    countries=[],
                    rows=[],
                    spec={},
                    notes=[],
                    c="",
                    choices=_choices(record),
                    sources=sources(cycles),
                    layer=None,
                    sq=sq,
                )
            iso3s, histories, rows = compared(record, c)
            layer = shadow = None
            if cycle is not None:
                mine = [country_beside(record, [cycle], i) for i in iso3s]
                shadow = {
                    "cycle": cycle,
                    "cells": [b[0] if b else None for b in mine],
                    "after": max([y for y, _ in rows if y <= cycle.year], default=None),
                }
                layer = beside_official(record, registry(), cycle)
            points = shadow_points([b for b in (shadow or {}).get("cells", []) if b])
            chart = timeline_spec(record, registry(), iso3s, shadow=points)
            return render(
                "compare.html",
                **base(record),
                countries=[h.country for h in histories],
                rows=rows,
                spec=_responsive(chart),
                notes=_subtitle(chart),
                c=c,
                choices=_choices(record),
                without={i: ",".join(j for j in iso3s if j != i) for i in iso3s},
                sources=sources(cycles),
                layer=layer,
                shadow=shadow,
                sq=sq,
            )

        return page(("compare", c, cycle.id if cycle else None, tuple(x.id for x in cycles)), build)

    @router.get("/compare.csv")
    async def compare_csv(c: Annotated[str, Query(max_length=200)]) -> Response:
        """The compare page's table as CSV: one row per country and year."""
        from tiptiers.tabular import csv_text

        histories, rows = compared(state.record(), c)[1:]
        out = [
            {
                "year": y,
                "iso3": h.country.iso3,
                "name": h.country.name,
                "common_name": h.country.common_name,
                "tier": line.tier.value if line.tier else "",
                "change": line.change,
                "notes": "; ".join(line.notes),
            }
            for y, cells in rows
            for h, line in zip(histories, cells, strict=True)
            if line is not None
        ]
        columns = ("year", "iso3", "name", "common_name", "tier", "change", "notes")
        return Response(
            csv_text(out, columns),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="tiptiers-compare.csv"'},
        )

    # -- the years and what the record holds of each -----------------------------------------
    @router.get("/coverage")
    async def coverage_page() -> Response:
        """Every report year: its placements per tier, which lists are complete, its release
        date where a source gives it (the table of ``tiptiers info``)."""
        from tiptiers.queries.coverage import coverage

        def build(record: Record) -> str:
            cov = coverage(record)
            return render("coverage.html", **base(record), cov=cov, data=cov.to_dict())

        return page(("coverage",), build)

    @router.get("/years")
    @router.get("/year")
    async def years_index() -> Response:
        return RedirectResponse("/coverage", status_code=302)

    @router.get("/countries")
    async def countries_index() -> Response:
        return RedirectResponse("/search", status_code=302)

    # -- the glossary: every code the data uses, in words ---------------------------------
    @router.get("/glossary")
    async def glossary_page() -> Response:
        """What every code of the JSON, the CSV and the API means (tiers, the clock, the
        determinations, statute versions, open readings), each under its own anchor."""
        from tiptiers.glossary import glossary

        def build(record: Record) -> str:
            return render("glossary.html", **base(record), sections=glossary())

        return page(("glossary",), build)

    # -- search ----------------------------------------------------------------------------
    @router.get("/search")
    async def search(
        q: Annotated[str, Query(max_length=100, description="Name, alias or code")] = "",
    ) -> Response:
        from tiptiers.queries.search import find_countries

        text = q.strip()
        found = find_countries(state.record(), registry(), text)
        if found.exact is not None:  # only a name, alias or code goes straight to a country
            return RedirectResponse(f"/country/{found.exact.iso3}", status_code=302)

        def build(record: Record) -> str:
            if not text:
                ranked = set(record.countries)
                every = [(c, c.iso3 in ranked) for c in registry().search("")]
                return render(
                    "search.html",
                    **base(record),
                    found=None,
                    everyone=every,
                    region_names=REGIONS,
                )
            return render(
                "search.html",
                **{**base(record), "q": text},
                found=find_countries(record, registry(), text),
                everyone=[],
                region_names=REGIONS,
            )

        status = 200 if not text or (found.matches and not found.near_misses) else 404
        return html(state.memo(("page", "search", text), build), status)

    # -- the news claim check --------------------------------------------------------------
    def news_page(text: str, year_field: str, *, submitted: bool) -> HTMLResponse:
        """The form, and for a submitted article its claims marked in the text with their
        verdicts (:func:`tiptiers.news.check_text`, as ``tiptiers check-news``)."""
        from tiptiers.news import check_text

        record = state.record()
        context: dict[str, Any] = {
            **base(record),
            "text": text,
            "year_field": year_field,
            "result": None,
            "error": None,
            "share": None,
        }
        status = 200
        try:
            year = _form_year(year_field)
            if submitted:
                result = check_text(text, record, registry(), year)
                context["result"] = result
                context["claims_by_id"] = {c.id: c for c in result.claims}
                if len(text) <= SHAREABLE_CHARS:
                    params = {"text": text, **({"year": year} if year else {})}
                    context["share"] = "/check-news?" + urlencode(params)
        except TiptiersError as exc:
            context["error"] = exc.message[:1].upper() + exc.message[1:]
            status = exc.http_status
        return html(render("news.html", **context), status)

    @router.get("/check-news")
    def news_form(
        text: Annotated[str, Query(max_length=SHAREABLE_CHARS * 2)] = "",
        year: Annotated[str, Query(max_length=4)] = "",
    ) -> Response:
        """The news check form; with ``?text=`` (a short article) also its check."""
        return news_page(text, year, submitted=bool(text))

    @router.post("/check-news")
    def news_check(
        text: Annotated[str, Form(max_length=400_000)] = "",
        year: Annotated[str, Form(max_length=4)] = "",
    ) -> Response:
        """Plain ``def``: a long article takes a moment, in FastAPI's thread pool."""
        return news_page(text, year, submitted=True)

    return router


def _choices(record: Record) -> list[tuple[str, str]]:
    """The countries a picker offers (name and code), those the record places: the search
    box's suggestions on the compare page."""
    placed = set(record.countries)
    return sorted((c.common_name, c.iso3) for c in registry().search("") if c.iso3 in placed)


def _form_year(value: str) -> int | None:
    """The report year typed in a form field: blank for "infer it from the text".

    >>> _form_year(" 2017 "), _form_year("")
    (2017, None)
    >>> _form_year("17")
    Traceback (most recent call last):
    ...
    tiptiers.errors.BadInput: Report year '17' is not a year: type four digits, such as 2017, or leave it blank.
    """
    v = value.strip()
    if not v:
        return None
    if not (v.isdigit() and len(v) == 4):
        raise BadInput(
            f"Report year '{v}' is not a year: type four digits, such as 2017, or leave it blank."
        )
    return int(v)


def error_page(record: Record | None, status: int, title: str, message: str, **extra: Any) -> str:
    """The HTML of an error page (unknown country, year not in the record, bad parameter)."""
    ctx: dict[str, Any] = {"latest": None, "years": (), "q": ""}
    if record is not None:
        ctx = {"latest": record.last_year, "years": record.years, "q": ""}
    return render(
        "error.html",
        **ctx,
        status=status,
        title=title,
        message=message,
        suggestions=extra.get("suggestions", []),
    )
