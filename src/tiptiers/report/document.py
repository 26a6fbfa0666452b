"""The annual tier report as one self-contained HTML file and as a PDF.

Defines :func:`gather` (everything a report of one year says, computed from the record and
the law engine: placements by tier, the map, regions, changes with their reasons, the Watch
List clock for the next report, Tier 3 consequences, country profiles and a methodology
appendix generated from ``tiptiers.law``), :func:`render_html` (that content through the
Jinja2 template, for the screen or for print), :func:`html_to_pdf` (WeasyPrint),
:func:`build_report_html` / :func:`build_report_pdf` (the one-call forms the web app and
the Python API use) and :func:`write_report` (both files into a directory, atomically).

Output is deterministic: the same record gives byte-identical HTML (no clock time, fixed
ordering everywhere). Footnotes cite sections of 22 U.S.C.; in the PDF they sit at the foot
of the page, and pages are numbered through CSS ``@page`` counters.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tiptiers.countries import Registry, name_key
from tiptiers.errors import BadInput
from tiptiers.model import RANKED_TIERS, TIERS, Change, Country, Presence, Record, Tier
from tiptiers.queries import REGIONS
from tiptiers.queries.changes import CHANGE_ORDER, CHANGE_TITLES
from tiptiers.queries.history import HistoryLine, country_history
from tiptiers.report.files import check_writable_dir, refused, unwritable
from tiptiers.report.maps import TIER_COLORS

if TYPE_CHECKING:
    from tiptiers.law.decision import Decision, Flag
    from tiptiers.law.explain import ClockEntry
    from tiptiers.queries.layers import BesideOfficial, PublishedCycle
    from tiptiers.sources import RowSource

Progress = Callable[[str], None]
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
FORMATS = ("html", "pdf", "both")
STATUS_TITLES = {
    "downgrade_mandatory": "Could not stay on the Watch List: up a tier, or down to Tier 3",
    "relisting_barred": "Could not return to the Watch List (the re-listing cap)",
    "waiver_needed": "Needs a waiver to stay on the Watch List",
    "counting": "Counting: another Watch List year needs no waiver yet",
    "undetermined": "Undetermined: the record does not settle the clock",
    "no_clock": "No clock under the law of that year",
}


def file_stem(year: int, cycle: PublishedCycle | None = None) -> str:
    """The report's file name without its suffix: ``tip-report-2017``; a published cycle's
    ``tip-report-2026-cycle-3`` (never the official report's name)."""
    return f"tip-report-{year}" + (f"-cycle-{cycle.id}" if cycle is not None else "")


# -- content ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ChangeRow:
    country: Country
    change: Change
    reason: str
    citation: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    country: Country
    chart_svg: str
    chart_svg_print: str
    rows: list[HistoryLine]  # year by year to the report's year, gaps included
    latest: Decision | None
    latest_year: int | None
    placement: str  # this year's tier label or the record's note
    roles: str
    source: RowSource | None = None  # what a reader can cite for this year's placement


@dataclass
class ReportContent:
    """Everything the report of one year shows, computed once for both HTML and PDF."""

    year: int
    version: Any
    coverage: Any
    previous_year: int | None
    counts: dict[str, int]
    by_tier: list[tuple[Tier, list[Country]]]
    map_svg: str
    map_note: str
    map_spec: dict[str, Any]
    regions: list[dict[str, Any]]  # per bureau, then "ALL"; counts with change from before
    regions_caveat: str
    changes: dict[str, list[ChangeRow]]
    clock_year: int
    clock: dict[str, list[dict[str, Any]]]
    clock_outcome_known: bool
    clock_empty: str  # why no one is on the clock, where no one is
    sanctions: list[Any]
    sanctions_common: Any
    sanctions_summary: str  # the year's sentence, of every Tier 3 government
    determinations_note: str  # which PD acts on the year's Tier 3 list, how much is on record
    profiles: list[Profile]
    methodology: dict[str, Any]
    record_span: str
    total_placements: int
    extra: dict[str, Any] = field(default_factory=dict)
    applied: Any = None  # the sanctions actually applied (a SanctionsYear), from 2003


def report_steps(n_profiles: int) -> int:
    """How many times :func:`gather` calls ``progress`` (for a progress bar's total)."""
    return 7 + n_profiles


def resolve_countries(registry: Registry, names: Iterable[str] | None) -> list[str] | None:
    """ISO3 codes of the countries a user named (raises UnknownCountry); None: all."""
    if names is None:
        return None
    out: list[str] = []
    for text in names:
        if not text.strip():
            continue
        iso3 = registry.resolve(text.strip()).iso3
        if iso3 not in out:
            out.append(iso3)
    if not out:
        raise BadInput("--countries names no country; give names or codes separated by commas.")
    return out


def profile_countries(
    record: Record, registry: Registry, year: int, iso3s: Sequence[str] | None
) -> list[str]:
    """The countries that get a profile: those named, else every country placed in ``year``;
    sorted by name."""
    chosen = list(iso3s) if iso3s is not None else [p.iso3 for p in record.year(year)]
    return sorted(chosen, key=lambda i: (name_key(registry.get(i).name), i))


def gather(
    record: Record,
    registry: Registry,
    year: int,
    iso3s: Sequence[str] | None = None,
    progress: Progress | None = None,
    cycle: PublishedCycle | None = None,
) -> ReportContent:
    """Compute the content of the report of ``year`` (raises YearNotInRecord).

    ``iso3s`` limits the country profiles (None: every country placed that year).

    With ``cycle`` (a published reporting cycle of ``year``: UnknownSource otherwise), the
    same report of the cycle's placements, read as that year's over the official reports
    before it (:func:`tiptiers.queries.layers.shadow_record`): its tiers, map, changes from
    the previous official report with the law's reasons, the clock for the next report,
    what the law provides for its Tier 3 governments and the profiles, with a chapter of
    where it differs from the official report (``extra["layer"]``). No Presidential
    Determination acts on a cycle's list, so none is shown.
    """
    from tiptiers.law.versions import version_for

    tick = progress or (lambda _step: None)
    layer = None
    if cycle is not None:
        from tiptiers.queries.layers import beside_official, check_cycle_year, shadow_record

        check_cycle_year(cycle, year)
        layer = beside_official(record, registry, cycle)
        record = shadow_record(record, cycle)
    cov = record.for_readers(year)
    version = version_for(year)
    profiles_for = profile_countries(record, registry, year, iso3s)

    # placements by tier
    placed = sorted(record.year(year), key=lambda p: (name_key(registry.get(p.iso3).name), p.iso3))
    by_tier = [(t, [registry.get(p.iso3) for p in placed if p.tier is t]) for t in TIERS]
    counts = {t.value: len(cs) for t, cs in by_tier}
    tick("Tier placements")

    map_spec, map_svg, map_note = _map(record, registry, year, layer)
    tick("World map")

    # a cycle's moves are those of the countries it assessed: one it left out did not
    # leave the report, and the regions' changes count the same countries both years
    moved = record if layer is None else _only(record, layer.cycle.placements)
    regions, regions_caveat = _regions(moved, registry, year)
    tick("Regions")

    changes = _changes(moved, registry, year)
    tick("Changes and their reasons")

    clock_year, clock, known = _clock(record, registry, year)
    tick("Watch List clock")

    sanctions, common = _sanctions(record, registry, year)
    applied = _applied(record, registry, year) if layer is None else None
    tick("Tier 3 consequences")

    profiles = []
    for iso3 in profiles_for:
        profiles.append(_profile(record, registry, year, iso3, official=layer is None))
        tick(f"Profile: {registry.get(iso3).common_name}")

    methodology = _methodology(record, year)
    tick("Methodology and coverage")
    from tiptiers.errors import year_span
    from tiptiers.law.explain import empty_clock_reason
    from tiptiers.law.sanctions import determinations_note, sanctions_summary

    return ReportContent(
        year=year,
        version=version,
        coverage=cov,
        previous_year=record.previous_year(year),
        counts=counts,
        by_tier=by_tier,
        map_svg=map_svg,
        map_note=map_note,
        map_spec=map_spec,
        regions=regions,
        regions_caveat=regions_caveat,
        changes=changes,
        clock_year=clock_year,
        clock=clock,
        clock_outcome_known=known,
        clock_empty="" if clock else empty_clock_reason(clock_year),
        sanctions=sanctions,
        sanctions_common=common,
        sanctions_summary=sanctions_summary(year, sanctions),
        determinations_note=determinations_note(record, year),
        profiles=profiles,
        methodology=methodology,
        # a cycle's report: the official years beneath the cycle's own
        record_span=year_span(tuple(y for y in record.years if layer is None or y < year)),
        total_placements=len(placed),
        applied=applied,
        extra={} if layer is None else {"layer": layer, "official": _official_words(layer)},
    )


def _only(record: Record, iso3s: Iterable[str]) -> Record:
    """The record of these countries alone (every year, the same coverage)."""
    keep = set(iso3s)
    return Record.build(
        (p for p in record if p.iso3 in keep),
        record.coverage.values(),
        record.roles,
        record.determinations,
    )


def _official_words(layer: BesideOfficial) -> dict[str, str]:
    """ISO3 -> the official placement of the cycle's year in words (a cycle's profiles)."""
    return {r.country.iso3: r.official.words for r in layer.rows}


def _map(
    record: Record, registry: Registry, year: int, layer: BesideOfficial | None = None
) -> tuple[dict[str, Any], str, str]:
    from tiptiers.report.maps import map_spec, small_states, spec_to_svg

    size: dict[str, Any] = {"href_template": None, "width": 680, "height": 355, "title": False}
    if layer is not None:
        from tiptiers.report.maps import cycle_map_spec

        spec = cycle_map_spec(layer, registry, **size)
    else:
        spec = map_spec(record, registry, year, **size)
    svg = spec_to_svg(spec)
    svg = _strip_xml_declaration(svg)
    dots = small_states(registry)
    small = [registry.get(p.iso3).common_name for p in record.year(year) if p.iso3 in dots]
    small.sort(key=name_key)
    note = f"Too small to show at this scale, drawn as dots: {', '.join(small)}." if small else ""
    return spec, svg, note


MAP_PNG_URL = "tiptiers-report:map.png"


def map_png(content: ReportContent) -> bytes:
    """The map as PNG, for print: WeasyPrint lays out a raster map in a tenth of the time it
    takes to draw the 10,000-point vector one; at scale 2 it prints at about 200 dpi."""
    from tiptiers.report.maps import spec_to_png

    return spec_to_png(content.map_spec, scale=2.0)


def _strip_xml_declaration(svg: str) -> str:
    if svg.startswith("<?xml"):
        svg = svg[svg.index("?>") + 2 :].lstrip()
    return svg


def _regions(record: Record, registry: Registry, year: int) -> tuple[list[dict[str, Any]], str]:
    """One row per regional bureau and a last one for all of them: the counts per tier and
    their change from the previous report, as :func:`tiptiers.analysis.regions.regions`
    computes them (the ``tiptiers regions`` table), and the names of the countries that
    moved; with the table's caveat on partial years (this one's and the previous one's)."""
    from tiptiers.analysis.regions import regions

    table = regions(record, registry, year)
    changes = record.changes(year) if table.previous_year is not None else []
    moves: dict[str, dict[str, list[str]]] = {
        code: {"upgrade": [], "downgrade": [], "other": []} for code in REGIONS
    }
    for ch in changes:
        c = registry.get(ch.iso3)
        if c.region not in moves or ch.kind == "unchanged":
            continue
        key = ch.kind if ch.kind in ("upgrade", "downgrade") else "other"
        moves[c.region][key].append(c.common_name)
    out = []
    for row in (*table.rows, table.total):
        names = moves.get(row.code, {"upgrade": [], "downgrade": [], "other": []})
        for v in names.values():
            v.sort(key=name_key)
        deltas = [row.delta(t) for t in TIERS]
        total_delta = None if row.previous is None else row.total - sum(row.previous.values())
        out.append(
            {
                "code": row.code,
                "name": row.name,
                "counts": [row.counts[t] for t in TIERS],
                "deltas": [_signed(d) for d in deltas],
                "total": row.total,
                "total_delta": _signed(total_delta),
                "upgrades": names["upgrade"],
                "downgrades": names["downgrade"],
                "other": names["other"],
            }
        )
    return out, table.caveat()


def _signed(delta: int | None) -> str:
    """A change in a count as the tables print it: '+2', '-3'; '' for none or no change."""
    return f"{delta:+d}" if delta else ""


def _changes(record: Record, registry: Registry, year: int) -> dict[str, list[ChangeRow]]:
    from tiptiers.law.changes import change_reason, listing_change_reason
    from tiptiers.law.explain import explain

    out: dict[str, list[ChangeRow]] = {k: [] for k in CHANGE_ORDER if k != "unchanged"}
    for ch in record.changes(year):
        if ch.kind == "unchanged":
            continue
        c = registry.get(ch.iso3)
        if ch.kind in ("upgrade", "downgrade"):
            d = explain(record, ch.iso3, year, c.name, c.kind)
            reason, citation = change_reason(d, ch)
            flags = tuple(flag_text(f) for f in d.flags if f.code != "E2")
        else:
            reason, citation, flags = listing_change_reason(record, ch), "", ()
        out[ch.kind].append(ChangeRow(c, ch, reason, citation, flags))
    for rows in out.values():
        rows.sort(key=lambda r: (name_key(r.country.name), r.country.iso3))
    return {k: v for k, v in out.items() if v}


#: How sure the statute versions and criteria are, in a reader's words (the tags of the
#: project's law guide, docs/LAW.md).
CONFIDENCE_WORDS = {
    "ENACTED": "from the enacted text",
    "SECONDARY": "from secondary sources",
    "NOTES": "from the amendment notes",
    "UNVERIFIED": "not verified",
}


def flag_text(flag: Flag) -> str:
    """A flag of the law engine as a reader sees it: the core's plain-English title
    (``Flag.title``, from ``tiptiers.law.decision``), then its message.

    Codes (E1–E16, CLOCK_EXIT_UPGRADE, ...) are for programs: the JSON has them, a reader
    gets the title.
    """
    return f"{flag.title}. {flag.message}"


def _clock(
    record: Record, registry: Registry, year: int
) -> tuple[int, dict[str, list[dict[str, Any]]], bool]:
    from tiptiers.law.explain import clock

    nxt = year + 1
    entries: list[ClockEntry] = clock(record, nxt, lambda i: registry.get(i).name)
    known = nxt in record.coverage
    out: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        outcome = ""
        if known:
            look = record.lookup(e.iso3, nxt)
            outcome = look.tier.label if look.tier else _presence_short(look.presence)
        out.setdefault(e.status.value, []).append(
            {
                "name": e.name,
                "iso3": e.iso3,
                "years": e.state.consecutive_years,
                "waivers_used": e.state.waiver_years_used,
                "waivers_left": e.state.waivers_left,
                "listed_since": e.state.listed_since,
                "reason": e.state.reason,
                "outcome": outcome,
                "flags": [flag_text(f) for f in e.flags],
            }
        )
    return nxt, out, known


def _presence_short(p: Presence) -> str:
    return {
        Presence.OFF_WATCH_LIST: "missing from our record (Tier 1 or 2, or not ranked)",
    }.get(p, p.words)


def _sanctions(record: Record, registry: Registry, year: int) -> tuple[list[Any], Any]:
    from tiptiers.law.sanctions import sanctions

    names = {c.iso3: c.name for c in registry}
    items = sanctions(record, year, names)
    items.sort(key=lambda c: (name_key(c.name), c.iso3))
    common = next((c for c in items if c.applies), items[0] if items else None)
    return items, common


def _applied(record: Record, registry: Registry, year: int) -> Any:
    """What the determinations on record applied to the year's Tier 3 governments (a
    :class:`~tiptiers.analysis.sanctions_applied.SanctionsYear`); None before the 2003
    report, which triggered none."""
    from tiptiers.analysis.sanctions_applied import sanctions_applied
    from tiptiers.law.versions import SANCTIONS_FROM_REPORT

    if not SANCTIONS_FROM_REPORT.at(year):
        return None
    return sanctions_applied(record, registry, year, year).year(year)


def _profile(
    record: Record, registry: Registry, year: int, iso3: str, *, official: bool = True
) -> Profile:
    """A country's profile; ``official`` False (a cycle's report): the year's placement is
    the cycle's, cited by the report's caption rather than as a row of the record."""
    from tiptiers.law.explain import explain
    from tiptiers.report.charts import timeline_data, timeline_svg

    c = registry.get(iso3)
    tl = timeline_data(record, iso3, c.common_name, c.kind)
    svg = timeline_svg(tl, record.first_year, year, width=640, height=150)
    svg_print = timeline_svg(tl, record.first_year, year, width=640, height=150, tooltips=False)
    history = country_history(record, registry, iso3)
    rows = history.lines(until=year)
    placed = [line.year for line in rows if line.tier is not None]
    latest_year = placed[-1] if placed else None
    latest = explain(record, iso3, latest_year, c.name, c.kind) if latest_year else None
    look = record.reader_lookup(iso3, year)
    placement = look.tier.label if look.tier else look.note
    source = None
    if look.placement is not None and official:
        from tiptiers.record import packaged_disagreements, packaged_report_addresses
        from tiptiers.sources import row_source

        source = row_source(
            iso3,
            c.common_name or c.name,
            year,
            look.placement.tier.value,
            look.placement.source,
            packaged_report_addresses(),
            packaged_disagreements(),
        )
    return Profile(
        c,
        svg,
        svg_print,
        rows,
        latest,
        latest_year,
        placement,
        history.roles.describe(),
        source,
    )


def _methodology(record: Record, year: int) -> dict[str, Any]:
    from tiptiers.law import citations as cite
    from tiptiers.law.decision import AMBIGUITIES
    from tiptiers.law.exceptions import EXCEPTIONS
    from tiptiers.law.standards import MINIMUM_STANDARDS, criteria_in_force
    from tiptiers.law.versions import PARAMETERS, VERSIONS, version_for

    in_force = version_for(year)
    exceptions = [
        {
            "id": e.id,
            "citation": e.citation,
            "overrides": ", ".join(sorted(e.overrides)),
            "text": (e.applies.__doc__ or "").strip().replace("\n    ", " ").replace("  ", " "),
        }
        for e in EXCEPTIONS
    ]
    parameters = [
        {
            "name": p.name.replace("_", " "),
            "citation": p.citation,
            "value": _param_value(p.at(year), p.name),
            "steps": "; ".join(f"from {first}: {_param_value(v, p.name)}" for first, v in p.steps),
            "note": p.note,
        }
        for p in PARAMETERS
    ]
    citations = [
        (name.replace("_", " ").lower(), value)
        for name, value in vars(cite).items()
        if name.isupper() and isinstance(value, str)
    ]
    citations += [(f"list {k}", v) for k, v in cite.LISTS.items()]
    citations.sort(key=lambda nv: (nv[1], nv[0]))
    coverage = [
        {
            "year": c.year,
            "complete": [t.short for t in TIERS if c.complete[t]],
            "partial": c.partial,
            "check": record.year_check(c.year).sentence(),
            "note": c.note,
            "rows": sum(record.counts(c.year).values()),
        }
        for c in record.coverage.values()
    ]
    from tiptiers.sources import cite as cite_source

    by_citation: Counter[Any] = Counter()
    for p in record.year(year):
        c = cite_source(p.source)
        by_citation[(c.publisher, c.title, c.year, c.url)] += 1
    return {
        "version": in_force,
        "versions": VERSIONS,
        "exceptions": exceptions,
        "standards": MINIMUM_STANDARDS,
        "criteria": criteria_in_force(year),
        "parameters": parameters,
        "citations": citations,
        "ambiguities": [t for _, t in sorted(AMBIGUITIES.items(), key=lambda kv: int(kv[0][1:]))],
        "confidence": CONFIDENCE_WORDS,
        "first_report": {v.id: v.first_report for v in VERSIONS},
        "coverage": coverage,
        "sources": sorted(by_citation.items(), key=lambda kv: (-kv[1], kv[0][:2])),
    }


def _param_value(v: Any, name: str = "") -> str:
    """A dated parameter's value as the appendix prints it. Only the report's due date is a
    (month, day) pair; any other tuple (e.g. a window of days) is printed as a range."""
    from tiptiers.law.versions import REPORT_DUE

    if v is None:
        return "not in force"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, tuple) and name != REPORT_DUE.name:
        return "–".join(str(x) for x in v)
    if isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, int) for x in v):
        from tiptiers.law.params import month_day_text

        return month_day_text(v)
    return str(v)


# -- rendering -------------------------------------------------------------------------
class _Notes:
    """Footnotes: in print, CSS footnotes at the page foot; on screen, numbered notes
    collected at the end, one number per distinct text."""

    def __init__(self, medium: str) -> None:
        self.medium = medium
        self.items: list[str] = []

    def __call__(self, text: str) -> Any:
        from markupsafe import Markup, escape

        if self.medium == "print":
            return Markup('<span class="fn">') + escape(text) + Markup("</span>")
        if text in self.items:
            n = self.items.index(text) + 1
        else:
            self.items.append(text)
            n = len(self.items)
        return Markup(f'<sup class="fn-call"><a href="#note-{n}">{n}</a></sup>')


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["join_names"] = lambda names: ", ".join(names)
    from tiptiers.countries import registry

    env.globals["common_name"] = registry().common_name
    return env


def render_html(content: ReportContent, medium: str = "screen") -> str:
    """The report as one HTML document: ``medium`` "screen" (the HTML file) or "print"
    (what WeasyPrint lays out as the PDF)."""
    from markupsafe import Markup

    env = _environment()
    css = (TEMPLATE_DIR / "report.css").read_text(encoding="utf-8")
    notes = _Notes(medium)
    html: str = env.get_template("report.html.j2").render(
        c=content,
        medium=medium,
        css=Markup(css),
        fn=notes,
        notes=notes,
        tiers=TIERS,
        ranked=RANKED_TIERS,
        colors=TIER_COLORS,
        change_titles=CHANGE_TITLES,
        status_titles=STATUS_TITLES,
        svg=Markup,
        regions=REGIONS,
        map_png=MAP_PNG_URL,
        flag_text=flag_text,
    )
    return html


def html_to_pdf(html: str, resources: dict[str, tuple[bytes, str]] | None = None) -> bytes:
    """Lay out print HTML as PDF with WeasyPrint.

    ``resources`` maps ``tiptiers-report:`` URLs to (bytes, MIME type); nothing else is
    fetched, from the network or the disk. (Large images go this way rather than as data:
    URIs, which WeasyPrint's HTML parser reads a character at a time.)
    """
    return layout_to_pdf(html_layout(html, resources))


PDF_OPTIONS: dict[str, Any] = {
    "pdf_identifier": b"tiptiers-report",
    "uncompressed_pdf": False,
    "custom_metadata": False,
}


def html_layout(html: str, resources: dict[str, tuple[bytes, str]] | None = None) -> Any:
    """Print HTML laid out in pages by WeasyPrint (a ``weasyprint.Document``), before it is
    written as PDF; ``resources`` as :func:`html_to_pdf`. Tests read the page boxes."""
    import logging

    import weasyprint  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    served = dict(resources or {})

    class InlineFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in served:
                raise ValueError(f"the report fetches nothing from outside: {url}")
            body, mime = served[url]
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

    fetcher = InlineFetcher(allowed_protocols={"tiptiers-report"}, fail_on_errors=True)
    doc = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=str(TEMPLATE_DIR))
    return doc.render(**PDF_OPTIONS)


def layout_to_pdf(layout: Any) -> bytes:
    """A document laid out by :func:`html_layout`, written as PDF bytes."""
    pdf: bytes = layout.write_pdf(**PDF_OPTIONS)
    return pdf


#: The stages of a PDF build as WeasyPrint logs them, each with the share of the build's time
#: done when it starts (the mean of two builds of the 2023 report, 220 pages, on a loaded
#: 2-core machine: docs/PERFORMANCE.md) and what a reader is told. Before the first: the
#: content (one tick per section and profile); "Creating layout - Page N" moves the bar page
#: by page; within a stage without such steps the bar moves at the pace of the build so far,
#: never past the next stage's start.
PDF_STAGES: tuple[tuple[str, float, str], ...] = (
    ("Step 1 ", 0.044, "reading the HTML"),
    ("Step 3 ", 0.087, "applying the styles"),
    ("Step 4 ", 0.191, "building the page structure"),
    ("Step 5 - Creating layout - Page", 0.244, "laying out pages"),
    ("Repagination", 0.496, "numbering the pages"),
    ("Step 6 ", 0.649, "writing the PDF"),
    ("Step 7 ", 0.944, "adding the PDF's metadata"),
)
#: Pages of a report beyond one per country profile (the 2023 report: 187 profiles, 220
#: pages): the expected count until a build of the year has been seen.
PAGES_BEYOND_PROFILES = 33
_PAGE_STEP = re.compile(r"Creating layout - Page (\d+)")
PdfReport = Callable[[float, str, int], None]


class PdfProgress:
    """The progress of a PDF build, from its real work: the content's sections and profiles
    (the ``ticks`` of :func:`gather`), then WeasyPrint's stages, and the pages it lays out.
    ``report(fraction, what, pages)`` is called at each, and at each :meth:`poll` (within a
    long stage, the fraction moves at the pace of the build so far, up to the next stage's
    start); the fraction only grows. ``clock`` is the time source.

    >>> seen = []
    >>> p = PdfProgress(10, 100, lambda f, w, n: seen.append((f, w, n)), clock=lambda: 0.0)
    >>> p.tick("Tier placements"); p.log("Step 5 - Creating layout - Page 50")
    >>> [(round(f, 3), w, n) for f, w, n in seen]
    [(0.004, 'Tier placements', 0), (0.37, 'laying out page 50 of about 100', 50)]
    """

    def __init__(
        self,
        ticks: int,
        pages: int,
        report: PdfReport,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        import threading
        import time

        self._lock = threading.Lock()
        self._ticks, self._pages, self._report = max(1, ticks), max(1, pages), report
        self._clock = clock or time.monotonic
        self._started = self._clock()
        self._done_ticks = 0
        self._stage = (0.0, PDF_STAGES[0][1], self._started, "starting")  # from, to, since
        self.pages = 0
        self.fraction = 0.0

    def _say(self, fraction: float, what: str) -> None:
        with self._lock:  # the log's thread and the ticker's: one report at a time
            self.fraction = max(self.fraction, min(fraction, 0.999))
            self._report(self.fraction, what, self.pages)

    def _enter(self, index: int, what: str) -> None:
        start = PDF_STAGES[index][1]
        end = PDF_STAGES[index + 1][1] if index + 1 < len(PDF_STAGES) else 1.0
        self._stage = (start, end, self._clock(), what)
        self._say(start, what)

    def tick(self, what: str) -> None:
        """One section or profile of the content done."""
        self._done_ticks += 1
        share = PDF_STAGES[0][1] * min(1.0, self._done_ticks / self._ticks)
        self._stage = (share, PDF_STAGES[0][1], self._clock(), what)
        self._say(share, what)

    def log(self, message: str) -> None:
        """One message of WeasyPrint's progress log."""
        page = _PAGE_STEP.search(message)
        if page and "up-to-date" not in message and "Repagination" not in message:
            self.pages = int(page.group(1))
            expected = max(self._pages, self.pages + 1)
            low, high = PDF_STAGES[3][1], PDF_STAGES[4][1]
            what = f"laying out page {self.pages} of about {expected}"
            done = low + (high - low) * self.pages / expected
            self._stage = (done, done + (high - low) / expected, self._clock(), what)
            self._say(done, what)
            return
        for index, (prefix, _share, what) in enumerate(PDF_STAGES):
            if message.startswith(prefix) or (prefix == "Repagination" and prefix in message):
                if not prefix.startswith("Step 5"):
                    self._enter(index, what)
                return

    def poll(self) -> None:
        """Move within the current stage at the pace of the build so far (the stage's share
        of the time expected from the elapsed time and the fraction done), never to its end."""
        start, end, since, what = self._stage
        now = self._clock()
        if start <= 0 or now <= since:
            return
        expected_total = (since - self._started) / start
        into = (now - since) / max(1e-9, (end - start) * expected_total)
        self._say(start + (end - start) * min(0.95, into), what)


@contextlib.contextmanager
def pdf_progress(progress: PdfProgress | None) -> Iterator[None]:
    """While the block runs, WeasyPrint's progress log goes to ``progress`` (None: nothing
    is watched)."""
    if progress is None:
        yield
        return
    import logging

    class Relay(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            progress.log(record.getMessage())

    import threading

    stop = threading.Event()

    def ticker() -> None:  # within a long stage the bar keeps the build's pace
        while not stop.wait(0.5):
            progress.poll()

    logger = logging.getLogger("weasyprint.progress")
    handler, level = Relay(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    thread = threading.Thread(target=ticker, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        logger.removeHandler(handler)
        logger.setLevel(level)


def expected_pages(
    record: Record, registry: Registry, year: int, iso3s: Sequence[str] | None
) -> int:
    """The pages a report is expected to have before it is laid out (see
    :data:`PAGES_BEYOND_PROFILES`)."""
    return len(profile_countries(record, registry, year, iso3s)) + PAGES_BEYOND_PROFILES


def content_layout(content: ReportContent) -> Any:
    """The print rendering of a report's content, laid out in pages (see :func:`html_layout`)."""
    return html_layout(
        render_html(content, "print"), {MAP_PNG_URL: (map_png(content), "image/png")}
    )


def content_to_pdf(content: ReportContent) -> bytes:
    """The print rendering of a report's content, laid out as PDF."""
    return layout_to_pdf(content_layout(content))


def _packaged_if_none(registry: Registry | None) -> Registry:
    if registry is None:
        from tiptiers.countries import registry as packaged

        return packaged()
    return registry


def build_report_html(
    year: int,
    countries: Iterable[str] | None = None,
    *,
    record: Record,
    registry: Registry | None = None,
    progress: Progress | None = None,
    cycle: PublishedCycle | None = None,
) -> str:
    """The report of ``year`` as one self-contained HTML string (images inline).

    ``countries`` (names or codes) limits the country profiles; None gives every country
    placed that year. ``record`` is the caller's (the store's, or the packaged one);
    ``registry`` defaults to the packaged registry; ``cycle``: a published cycle's report
    (see :func:`gather`). Raises YearNotInRecord, UnknownCountry, UnknownSource.
    """
    registry = _packaged_if_none(registry)
    iso3s = _checked(record, registry, year, countries, cycle)
    return render_html(gather(record, registry, year, iso3s, progress, cycle), "screen")


def build_report_pdf(
    year: int,
    countries: Iterable[str] | None = None,
    *,
    record: Record,
    registry: Registry | None = None,
    progress: Progress | None = None,
    cycle: PublishedCycle | None = None,
) -> bytes:
    """The report of ``year`` as PDF bytes (WeasyPrint); arguments as :func:`build_report_html`."""
    registry = _packaged_if_none(registry)
    iso3s = _checked(record, registry, year, countries, cycle)
    return content_to_pdf(gather(record, registry, year, iso3s, progress, cycle))


def _checked(
    record: Record,
    registry: Registry,
    year: int,
    countries: Iterable[str] | None,
    cycle: PublishedCycle | None,
) -> list[str] | None:
    """The year checked (the record's, or the cycle's own: UnknownSource otherwise) and the
    countries named resolved, before any work."""
    if cycle is not None:
        from tiptiers.queries.layers import check_cycle_year

        check_cycle_year(cycle, year)
    else:
        record.check_year(year)
    return resolve_countries(registry, countries)


def write_report(
    year: int,
    out_dir: Path,
    fmt: str = "html",
    countries: Iterable[str] | None = None,
    *,
    record: Record,
    registry: Registry | None = None,
    progress: Progress | None = None,
    cycle: PublishedCycle | None = None,
) -> list[Path]:
    """Write ``tip-report-YEAR.html`` and/or ``.pdf`` into ``out_dir``; returns their paths
    (a published ``cycle``'s report: ``tip-report-YEAR-cycle-ID``).

    Everything is checked first (year, countries, format, the directory) and written into a
    temporary directory beside the target, then moved into place: a failure leaves nothing
    half-written. ``progress`` is called once per step (see :func:`report_steps`), plus once
    per file rendered.
    """
    if fmt not in FORMATS:
        raise BadInput(f"Unknown report format '{fmt}': use html, pdf or both.")
    registry = _packaged_if_none(registry)
    iso3s = _checked(record, registry, year, countries, cycle)
    out_dir = Path(out_dir)
    check_writable_dir(out_dir)
    staging = _staging_dir(out_dir)  # fails now, before the work, if the system refuses
    try:
        content = gather(record, registry, year, iso3s, progress, cycle)
        names: list[str] = []
        stem = file_stem(year, cycle)
        if fmt in ("html", "both"):
            names.append(f"{stem}.html")
            _write(staging / names[-1], render_html(content, "screen").encode("utf-8"))
            if progress:
                progress("HTML")
        if fmt in ("pdf", "both"):
            names.append(f"{stem}.pdf")
            _write(staging / names[-1], content_to_pdf(content))
            if progress:
                progress("PDF")
        return _move_into_place(staging, out_dir, names)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise unwritable(out_dir, exc) from None
        raise


def _staging_dir(out_dir: Path) -> Path:
    """A new temporary directory beside (or, if it exists, inside) ``out_dir``."""
    exists = out_dir.is_dir()
    parent = out_dir if exists else (out_dir.parent if str(out_dir.parent) else Path("."))
    try:
        return Path(tempfile.mkdtemp(prefix=".tiptiers-report-", dir=parent))
    except OSError as exc:
        raise refused(parent, exc) from None


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    os.chmod(path, 0o644)


def _move_into_place(staging: Path, out_dir: Path, names: Sequence[str]) -> list[Path]:
    """Rename the staged files into ``out_dir`` (or the staging directory to ``out_dir``)."""
    if out_dir.is_dir():
        for name in names:
            os.replace(staging / name, out_dir / name)
        staging.rmdir()
    else:
        os.chmod(staging, 0o755)
        os.rename(staging, out_dir)
    return [out_dir / name for name in names]
