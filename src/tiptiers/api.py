"""The Python API: the record, the statute and their answers, in a few calls.

Every function reads the default database (the embedded SQLite file, created and seeded on
first use, or ``$TIPTIERS_DATABASE_URL``) unless given ``record=``; use
:func:`use_database` to point them at another one.

>>> history("Burma").country.iso3
'MMR'
>>> [c.iso3 for c, p in placements(2017, tier="3").rows][:3]
['BLR', 'BLZ', 'BDI']
>>> resolve("DPRK").name
'Korea, North'
>>> explain("China", 2013).watch_list.mandatory
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tiptiers.countries import registry
from tiptiers.countries import resolve as _resolve
from tiptiers.model import Country, Record, Tier

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tiptiers.analysis import (
        Audit,
        Backtest,
        Forecast,
        RegionTable,
        Trajectory,
        TransitionMatrix,
    )
    from tiptiers.analysis.kelley import FigureYear, KSRow
    from tiptiers.analysis.panel import Panel, Progress
    from tiptiers.analysis.sanctions_applied import GovernmentOutcome, SanctionsApplied
    from tiptiers.analysis.trajectory import WatchListRuns
    from tiptiers.documents import ReportRelease
    from tiptiers.law.assessment import Assessment
    from tiptiers.law.decision import Decision
    from tiptiers.law.explain import ClockEntry
    from tiptiers.law.pd_text import DeterminationChange, ParsedDetermination
    from tiptiers.law.sanctions import Consequences
    from tiptiers.law.scenario import Replay, Scenario
    from tiptiers.news import NewsCheck
    from tiptiers.queries.changes import YearChanges
    from tiptiers.queries.coverage import CountDifference, Coverage
    from tiptiers.queries.determinations import DeterminationListing
    from tiptiers.queries.history import CountryHistory
    from tiptiers.queries.layers import BesideOfficial, PublishedCycle
    from tiptiers.queries.years import YearPlacements
    from tiptiers.report.panel import FileProgress
    from tiptiers.sources import CountrySources
    from tiptiers.store import Store

_database_url: str | None = None
_store: Store | None = None
_notify: Callable[[str], None] | None = None


def on_store_note(notify: Callable[[str], None] | None) -> None:
    """Call ``notify`` with the store's one-line note when opening it refreshed the packaged
    record, or found it out of date and left it (the CLI prints it on stderr)."""
    global _notify
    _notify = notify


def use_database(url: str | None) -> None:
    """Read from the database at ``url`` (a path, a SQLite or PostgreSQL URL); None: default."""
    global _database_url, _store
    _database_url, _store = url, None


def store() -> Store:
    """The open store (created and seeded on first use)."""
    global _store
    if _store is None:
        from tiptiers.store import Store

        _store = Store.open(_database_url)
        if _store.packaged_note and _notify is not None:
            _notify(_store.packaged_note)
    return _store


def record() -> Record:
    """The whole published record as the database holds it."""
    return store().record()


def coverage(*, record: Record | None = None) -> Coverage:
    """The record's coverage per report year: counts per tier, complete lists, release dates."""
    from tiptiers.queries.coverage import coverage as _coverage

    return _coverage(record or _record())


def releases() -> dict[int, ReportRelease]:
    """Each report's release date and the tier counts sources print for it (packaged data)."""
    from tiptiers.record import packaged_releases

    return dict(packaged_releases())


def count_differences(*, record: Record | None = None) -> list[CountDifference]:
    """Where a source's printed counts differ from the record's: the years that need attention."""
    from tiptiers.queries.coverage import count_differences as _diffs

    return _diffs(record or _record(), releases())


def resolve(text: str) -> Country:
    """A country from a name, alias, ISO2 or ISO3 (raises UnknownCountry)."""
    return _resolve(text)


def name_of(iso3: str) -> str:
    return registry().get(iso3).name


def history(country: str, *, record: Record | None = None) -> CountryHistory:
    """A country's placements, year by year, with changes, gaps and roles (without
    ``record``: read with one query for the country's rows, not the whole record)."""
    from tiptiers.queries.history import country_history

    if record is None:
        record = store().country_record(registry().resolve(country).iso3)
    return country_history(record, registry(), country)


def placement_sources(country: str, *, record: Record | None = None) -> CountrySources:
    """What a reader can cite for each of a country's placements: the report year's official
    page and the country's narrative where known, beside the compilation the row came from;
    how the row was compiled, its trust level in words, and the per-row flags (tier read
    from the next report, year inferred, another source disagrees)."""
    from tiptiers.record import packaged_disagreements, packaged_report_addresses
    from tiptiers.sources import CountrySources, row_source

    h = history(country, record=record)
    addresses, disagreements = packaged_report_addresses(), packaged_disagreements()
    name = h.country.common_name or h.country.name
    return CountrySources(
        h.country.iso3,
        h.country.name,
        tuple(
            row_source(
                h.country.iso3, name, r.year, r.tier.value, r.source, addresses, disagreements
            )
            for r in h.rows
        ),
    )


def placements(
    year: int,
    tier: str | Tier | None = None,
    region: str | None = None,
    *,
    record: Record | None = None,
) -> YearPlacements:
    """Every placement of one report, optionally one tier or region (without ``record``:
    read with one query for the year's rows, not the whole record)."""
    from tiptiers.queries.years import year_placements

    t = Tier.parse(tier) if isinstance(tier, str) else tier
    return year_placements(record or store().year_record(year), registry(), year, t, region)


def changes(year: int, *, record: Record | None = None) -> YearChanges:
    """Upgrades, downgrades, newly ranked and no longer listed versus the previous report."""
    from tiptiers.queries.changes import year_changes

    return year_changes(record or _record(), registry(), year)


def explain(country: str, year: int, *, record: Record | None = None) -> Decision:
    """Why the report of ``year`` placed ``country`` where it did, under the law of that year."""
    from tiptiers.law.explain import explain as _explain

    c = resolve(country)
    return _explain(record or _record(), c.iso3, year, c.common_name, c.kind)


def clock(
    year: int, *, record: Record | None = None, source: str | None = None
) -> list[ClockEntry]:
    """Every country on the Watch List clock for the report of ``year``; with ``source``
    ``cycle:ID``, from that published cycle's placements as the latest year (``year`` must
    be the report after the cycle's: UnknownSource otherwise)."""
    from tiptiers.law.explain import clock as _clock

    cycle = published_source(source)
    if cycle is not None:
        from tiptiers.queries.layers import cycle_clock

        return list(cycle_clock(record or _record(), cycle, year, name_of).entries)
    return _clock(record or _record(), year, name_of)


def consequences(country: str, year: int, *, record: Record | None = None) -> Consequences:
    """What a Tier 3 placement meant under the law of ``year``."""
    from dataclasses import replace

    from tiptiers.law.sanctions import consequences as _consequences

    c = resolve(country)
    # its sentences name the country as readers say it; its "name" is the report's
    return replace(_consequences(record or _record(), c.iso3, year, c.common_name), name=c.name)


def sanctions(year: int, *, record: Record | None = None) -> list[Consequences]:
    """The consequences for every Tier 3 government of the report of ``year``."""
    from dataclasses import replace

    from tiptiers.law.sanctions import sanctions as _sanctions

    reg = registry()
    # sentences (and the order) by the names readers say; each "name" is the report's
    names = {c.iso3: c.common_name for c in reg}
    return [
        replace(s, name=reg.get(s.iso3).name) for s in _sanctions(record or _record(), year, names)
    ]


def determinations(
    which: str | int | None = None, *, record: Record | None = None
) -> DeterminationListing:
    """The Presidential Determinations on record (22 U.S.C. 7107(d)) with each fiscal year's
    completeness: all (``None``), those acting on a report year (an int or a year as text),
    or one government's (a name, alias or code)."""
    from tiptiers.queries.determinations import determinations as _determinations

    rec = record or _record()
    if which is None:
        return _determinations(rec)
    text = str(which).strip()
    if text.isdigit():
        return _determinations(rec, year=int(text))
    c = resolve(text)
    return _determinations(rec, iso3=c.iso3, name=c.name)


def resolve_government(name: str) -> str | None:
    """The ISO3 code of a government as a Presidential Determination names it ('the DPRK',
    'Macau (Special Administrative Region of the PRC)', 'ROC'), or None."""
    from tiptiers.law.pd_text import name_candidates

    reg = registry()
    for cand in name_candidates(name):
        found = reg.find(cand)
        if found is not None:
            return found.iso3
    return None


def import_determination(
    text: str, *, source: str = "", force: bool = False, write: bool = True, yes: bool = False
) -> tuple[ParsedDetermination, list[str], DeterminationChange]:
    """Read a Presidential Determination's text (Federal Register or White House print) and,
    unless ``write`` is False, record it in the store, replacing that fiscal year's rows.

    Refuses (BadInput, nothing written) a text that is not a determination, names a
    government tiptiers does not know, or names a government the record does not place on
    Tier 3 in the report year; with ``force`` the last is recorded, the mismatch noted in the
    year's document row as a finding. A replacement that would remove rows on record, or put
    part of a document in place of the whole, is refused too unless ``yes``
    (:class:`~tiptiers.errors.NeedsConfirmation`, whose ``details`` list what would go).
    Returns the parse, the mismatches and the change."""
    import time

    from tiptiers.documents import DeterminationYear, DocumentSeen
    from tiptiers.errors import BadInput, NeedsConfirmation
    from tiptiers.law.pd_text import TIME_BUDGET, determination_change, parse_determination
    from tiptiers.model import Tier

    parsed = parse_determination(
        text, resolve_government, source=source, budget=TIME_BUDGET, clock=time.monotonic
    )
    if parsed.unresolved:
        shown = parsed.unresolved[:10]
        more = len(parsed.unresolved) - len(shown)
        raise BadInput(
            "the determination names governments tiptiers does not know: "
            + ", ".join(shown)
            + (f" and {more} more" if more else "")
            + "; add them as aliases in scripts/countries_overrides.csv."
        )
    if not parsed.rows:
        raise BadInput(
            f"no government could be read from PD {parsed.pd_number}: its paragraphs are not in"
            " the Federal Register or White House wording tiptiers reads; nothing written."
        )
    rec = _record()
    rec.check_year(parsed.report_year)
    off = sorted(
        {
            f"{r.country} ({r.iso3})"
            for r in parsed.rows
            if (p := rec.get(r.iso3, parsed.report_year)) is None or p.tier is not Tier.T3
        }
    )
    if off and not force:
        raise BadInput(
            f"PD {parsed.pd_number} names governments the record does not place on Tier 3 in"
            f" the {parsed.report_year} report: {', '.join(off)}; nothing written (--force"
            " records it with the mismatch noted as a finding)."
        )
    note = (
        f"Imported with --force: not on Tier 3 in the {parsed.report_year} record: "
        + ", ".join(off)
        + "."
        if off
        else ""
    )
    year = DeterminationYear(
        parsed.fiscal_year,
        parsed.report_year,
        parsed.pd_number,
        parsed.pd_date,
        DocumentSeen.COMPLETE if parsed.complete else DocumentSeen.PARTIAL,
        "whole text" if parsed.complete else parsed.stops_at,
        note,
    )
    before = rec.determinations.years.get(parsed.fiscal_year)
    change = determination_change(
        rec.determinations.rows,
        before.document.value if before is not None else DocumentSeen.NOT_FOUND.value,
        parsed,
    )
    if write and change.needs_confirmation and not yes:
        what = [f"remove {len(change.removed)} row(s) on record"] if change.removed else []
        if change.less_of_the_document:
            what.append("put part of the document in place of the whole one on record")
        raise NeedsConfirmation(
            f"PD {parsed.pd_number} would {' and '.join(what)} for FY{parsed.fiscal_year}"
            " (see above); pass --yes to replace, or check that the text is complete"
            " (--dry-run shows the change).",
            change.lines(),
        )
    if write:
        store().import_determination(parsed.rows, year, source_name=source or "a determination")
    return parsed, off, change


def assessed_country(a: Assessment) -> Country:
    """The country an assessment is about: the registry's, or — with ``history:
    assessment_only`` and a name the registry does not know — a hypothetical one."""
    from tiptiers.errors import UnknownCountry
    from tiptiers.law.evaluate import hypothetical_country

    try:
        return resolve(a.country)
    except UnknownCountry:
        if a.history != "assessment_only":
            raise
        return hypothetical_country(a)


def evaluate(
    assessment: Assessment | Mapping[str, Any] | str | Path,
    *,
    record: Record | None = None,
) -> Decision:
    """Decide a tier from assessment facts (a mapping, a model, or a YAML/JSON file path)."""
    from tiptiers.law.assessment import Assessment, parse_assessment
    from tiptiers.law.evaluate import evaluate_assessment

    if isinstance(assessment, str | Path):
        from tiptiers.law_files import read_assessments

        items = read_assessments(Path(assessment))
        if len(items) != 1:
            from tiptiers.errors import BadInput

            raise BadInput(f"{assessment}: holds {len(items)} assessments; evaluate one at a time")
        a = items[0]
    elif isinstance(assessment, Assessment):
        a = assessment
    else:
        a = parse_assessment(dict(assessment))
    c = assessed_country(a)
    return evaluate_assessment(a, record or _record(), c.iso3, c.kind)


# -- analysis ----------------------------------------------------------------------------
def audit(
    start: int | None = None,
    end: int | None = None,
    country: str | None = None,
    *,
    kind: str | None = None,
    record: Record | None = None,
    source: str | None = None,
) -> Audit:
    """Replay the record under the law of each year and list what the law says of it; with
    ``source`` ``cycle:ID``, a published cycle's placements for its report year, over the
    official reports before it (raises UnknownSource for an unknown, draft or other-year
    cycle)."""
    from tiptiers.analysis import audit as _audit

    cycle = published_source(source)
    return _audit(record or _record(), registry(), start, end, country, kind=kind, cycle=cycle)


def regions(year: int, *, record: Record | None = None) -> RegionTable:
    """Counts per tier per regional bureau for one report, with changes."""
    from tiptiers.analysis import regions as _regions

    return _regions(record or _record(), registry(), year)


def transitions(
    start: int | None = None,
    end: int | None = None,
    region: str | None = None,
    *,
    record: Record | None = None,
) -> TransitionMatrix:
    """The tier-to-tier matrix of moves between consecutive published reports."""
    from tiptiers.analysis import transitions as _transitions

    return _transitions(record or _record(), registry(), start, end, region)


def trajectory(country: str, *, record: Record | None = None) -> Trajectory:
    """A country's runs of tiers and of gaps."""
    from tiptiers.analysis import trajectory as _trajectory

    return _trajectory(record or _record(), registry(), country)


def longest_watch_list_runs(top: int = 10, *, record: Record | None = None) -> WatchListRuns:
    """The ``top`` longest unbroken Watch List runs across the record (``tiptiers trajectory
    --longest N``)."""
    from tiptiers.analysis.trajectory import longest_watch_list_runs as _longest

    return _longest(record or _record(), registry(), top)


def forecast(
    year: int | None = None,
    *,
    strict: bool = False,
    record: Record | None = None,
    source: str | None = None,
) -> Forecast:
    """What the law permits each country in the report of ``year``, and how likely each tier
    is, from the record before ``year`` only; with ``source`` ``cycle:ID``, the report after
    that published cycle's, its placements read as the report before."""
    from tiptiers.analysis import forecast as _forecast

    cycle = published_source(source)
    return _forecast(record or _record(), registry(), year, strict=strict, cycle=cycle)


def backtest(
    start: int | None = None,
    end: int | None = None,
    *,
    baseline_smoothing: float | None = None,
    strict: bool = False,
    record: Record | None = None,
) -> Backtest:
    """The forecast scored year by year against "same tier as last year" (``tiptiers
    forecast --backtest``): ``baseline_smoothing`` is the probability the baseline leaves to
    other tiers (``--baseline-smoothing``), ``strict`` scores the strict-law model
    (``--strict-law``)."""
    from tiptiers.analysis import backtest as _backtest
    from tiptiers.analysis.forecast_model import BASELINE_SMOOTHING

    smoothing = BASELINE_SMOOTHING if baseline_smoothing is None else baseline_smoothing
    return _backtest(
        record or _record(), registry(), start, end, baseline_smoothing=smoothing, strict=strict
    )


def sanctions_applied(
    start: int | None = None, end: int | None = None, *, record: Record | None = None
) -> SanctionsApplied:
    """Per report year (from 2003), how many Tier 3 governments received full restrictions, a
    partial waiver or a full national-interest waiver under 22 U.S.C. 7107(d), and how many
    the record cannot say (a partial document, or none): ``tiptiers sanctions-applied``."""
    from tiptiers.analysis.kelley import panel_source
    from tiptiers.analysis.sanctions_applied import sanctions_applied as _applied

    return _applied(
        record or _record(),
        registry(),
        start,
        end,
        second_source=panel_source(_kelley_simmons()),
    )


def country_determinations(
    country: str, *, record: Record | None = None
) -> list[GovernmentOutcome]:
    """A country's history of Presidential Determinations: one entry per year it was on
    Tier 3 (from 2003) or was named in a determination, with what was applied."""
    from tiptiers.analysis.sanctions_applied import country_determinations as _history

    return _history(record or _record(), registry(), resolve(country).iso3)


def write_sanctions_chart(
    path: str | Path,
    fmt: str | None = None,
    *,
    start: int | None = None,
    end: int | None = None,
    record: Record | None = None,
) -> Path:
    """Write the chart of the sanctions applied per report year (``tiptiers
    sanctions-applied --chart``): SVG, PNG or HTML, by ``fmt`` or the suffix; offline."""
    from tiptiers.report.files import check_file_target
    from tiptiers.report.maps import format_for
    from tiptiers.report.sanctions_chart import render_sanctions_chart

    out = Path(path)
    kind = format_for(out, fmt)
    check_file_target(out)
    render_sanctions_chart(sanctions_applied(start, end, record=record), out, kind)
    return out


def panel(
    start: int | None = None,
    end: int | None = None,
    *,
    progress: Progress | None = None,
    record: Record | None = None,
) -> Panel:
    """The researcher's panel (``tiptiers export --panel``): one row per country-year with
    the tier, the Watch List clock, waiver years, automatic downgrade, codes, region, source
    and completeness; ``.to_dataframe()`` gives pandas, ``.fields`` the codebook."""
    from tiptiers.analysis.kelley import panel_source
    from tiptiers.analysis.panel import panel as _panel
    from tiptiers.record import packaged_disagreements

    return _panel(
        record or _record(),
        registry(),
        start,
        end,
        progress=progress,
        second_source=panel_source(kelley_simmons()),
        releases=releases(),
        disagreements=packaged_disagreements(),
    )


def kelley_simmons() -> list[KSRow]:
    """Kelley & Simmons' coding of the Presidential Determinations, 2003-2011 reports: the
    second source the panel shows beside the PD texts on record (docs/PANEL.md)."""
    return list(_kelley_simmons())


@functools.cache
def _kelley_simmons() -> tuple[KSRow, ...]:
    import csv
    import io

    from tiptiers.analysis.kelley import parse_rows
    from tiptiers.record import data_text

    text = data_text("kelley_simmons_determinations.csv")
    return tuple(parse_rows(csv.DictReader(io.StringIO(text))))


def kelley_figure() -> list[FigureYear]:
    """Kelley's published Figure 3.12 counts (2003-2013) reproduced from Kelley & Simmons'
    coding under the reading of :mod:`tiptiers.analysis.kelley`, year by year, with what
    differs and why."""
    import csv
    import io

    from tiptiers.analysis.kelley import parse_figure, reproduce_figure
    from tiptiers.record import data_text

    figure = parse_figure(csv.DictReader(io.StringIO(data_text("kelley_figure_3_12.csv"))))
    return reproduce_figure(_kelley_simmons(), figure)


def write_panel(
    directory: str | Path,
    formats: Iterable[str] | str | None = None,
    *,
    start: int | None = None,
    end: int | None = None,
    progress: Progress | None = None,
    file_progress: FileProgress | None = None,
    record: Record | None = None,
    replace: bool = False,
) -> list[Path]:
    """Write the panel as a Frictionless Data Package into ``directory``: CSV, Parquet and
    Stata ``.dta`` (or the ``formats`` given, e.g. ``"csv,dta"``), ``codebook.md`` and
    ``datapackage.json``; atomically. A path ending in ``.csv``, ``.json``, ``.parquet``,
    ``.dta`` or ``.zip`` (and not an existing folder) is written as that one file instead
    (``.zip``: the package zipped). Files in the folder that an earlier tiptiers export did
    not write are refused unless ``replace``. Returns the paths written."""
    from tiptiers.errors import BadInput
    from tiptiers.report.files import check_file_target, check_writable_dir, write_bytes_atomically
    from tiptiers.report.panel import (
        package_names,
        parse_formats,
        plan_replacement,
        single_file_format,
    )
    from tiptiers.report.panel import write_panel as _write

    out = Path(directory)
    if not str(directory).strip():
        raise BadInput("The output path is empty: give a folder (or a .csv/.dta/... file).")
    kind = single_file_format(out)
    if kind is not None:
        if formats is not None:
            raise BadInput(f"{out} is one {kind} file: the formats apply to a package's folder.")
        check_file_target(out)
        from tiptiers.report.panel import single_file_bytes

        p = panel(start, end, progress=progress, record=record)
        if file_progress:
            file_progress(out.name)
        write_bytes_atomically(out, single_file_bytes(p, kind))
        return [out]
    wanted = parse_formats(
        formats if formats is None or isinstance(formats, str) else list(formats)
    )
    check_writable_dir(out)
    plan_replacement(out, package_names(wanted), replace)  # before the panel is computed
    p = panel(start, end, progress=progress, record=record)
    return _write(p, out, wanted, file_progress, replace=replace)


# -- documents and news --------------------------------------------------------------------
def report_html(
    year: int,
    countries: Iterable[str] | None = None,
    *,
    record: Record | None = None,
    source: str | None = None,
) -> str:
    """The annual report of ``year`` as one self-contained HTML document; with ``source``
    ``cycle:ID``, the report of that published cycle's placements (its own year only)."""
    from tiptiers.report import build_report_html

    cycle = published_source(source)
    rec = record or _record()
    return build_report_html(year, countries, record=rec, registry=registry(), cycle=cycle)


def report_pdf(
    year: int,
    countries: Iterable[str] | None = None,
    *,
    record: Record | None = None,
    source: str | None = None,
) -> bytes:
    """The annual report of ``year`` as a PDF (``source``: as :func:`report_html`)."""
    from tiptiers.report import build_report_pdf

    cycle = published_source(source)
    rec = record or _record()
    return build_report_pdf(year, countries, record=rec, registry=registry(), cycle=cycle)


def published_cycles() -> list[PublishedCycle]:
    """The published reporting cycles of the database, with their placements: the record
    sources shown beside the official record (a draft cycle is never one)."""
    from tiptiers.cycle.published import published_cycles as _published

    return _published(store())


def beside_official(
    source: str,
    year: int | None = None,
    tier: str | Tier | None = None,
    region: str | None = None,
    *,
    record: Record | None = None,
) -> BesideOfficial:
    """The placements of ``source`` (``cycle:ID``, a published cycle; of ``year`` where
    given) beside the official record's of the same report, optionally one tier of the
    cycle's or one regional bureau (raises UnknownSource, BadInput)."""
    from tiptiers.queries import normalise_region
    from tiptiers.queries.layers import UnknownSource, find_published
    from tiptiers.queries.layers import beside_official as _beside

    cycle = find_published(published_cycles(), source, year)
    if cycle is None:
        raise UnknownSource(
            f"Source '{source}' is the official record: ask for a published cycle, cycle:ID."
        )
    t = Tier.parse(tier) if isinstance(tier, str) else tier
    r = normalise_region(region) if region is not None else None
    return _beside(record or _record(), registry(), cycle, t, r)


def write_map(
    year: int,
    path: str | Path,
    fmt: str | None = None,
    *,
    record: Record | None = None,
    source: str | None = None,
) -> Path:
    """Write the world map of the report of ``year`` (``tiptiers map``): SVG, PNG or one
    self-contained HTML file, by ``fmt`` or the file's suffix; offline, atomically. With
    ``source`` ``cycle:ID``, the map of that published cycle's placements, titled as the
    cycle's and not the State Department's."""
    from tiptiers.queries.layers import parse_source
    from tiptiers.report.files import check_writable_dir
    from tiptiers.report.maps import format_for, render_map

    out = Path(path)
    kind = format_for(out, fmt)
    if parse_source(source) is not None:
        from tiptiers.report.cycle import write_cycle_map

        assert source is not None
        return write_cycle_map(beside_official(source, year, record=record), out, kind)
    check_writable_dir(out.parent)
    rec = record or _record()
    rec.check_year(year)
    render_map(rec, registry(), year, out, kind)
    return out


def write_chart(
    countries: str | Iterable[str],
    path: str | Path,
    fmt: str | None = None,
    *,
    record: Record | None = None,
) -> Path:
    """Write the tier timeline of one country or several compared (``tiptiers chart``),
    Watch List runs and downgrades marked: SVG, PNG or HTML, offline, atomically."""
    from tiptiers.report.charts import chart_countries, render_chart
    from tiptiers.report.files import check_writable_dir
    from tiptiers.report.maps import format_for

    out = Path(path)
    kind = format_for(out, fmt)
    rec = record or _record()
    names = [countries] if isinstance(countries, str) else list(countries)
    iso3s = chart_countries(rec, registry(), names)
    check_writable_dir(out.parent)
    render_chart(rec, registry(), iso3s, out, kind)
    return out


def check_news(text: str, year: int | None = None, *, record: Record | None = None) -> NewsCheck:
    """Check what an article says about TIP placements against the record and the law."""
    from tiptiers.news import check_text

    return check_text(text, record or _record(), registry(), year)


def _record() -> Record:
    return record()


def published_source(source: str | None) -> PublishedCycle | None:
    """The published cycle ``source`` names: None for the official record (``official``, or
    none given); UnknownSource for an unknown or draft cycle, BadInput for a malformed name."""
    from tiptiers.queries.layers import find_published, parse_source

    if parse_source(source) is None:
        return None
    return find_published(published_cycles(), source)


# -- scenarios -----------------------------------------------------------------------------
def scenarios() -> dict[str, Scenario]:
    """The bundled example scenarios, by name ('one-year-waiver-from-2009', 'no-waivers', ...)."""
    from tiptiers.law_files import bundled_scenarios

    return bundled_scenarios()


def scenario(
    file: str | Path | Mapping[str, Any] | Scenario,
    *,
    against: str | Path | Mapping[str, Any] | Scenario | None = None,
    start: int | None = None,
    end: int | None = None,
    record: Record | None = None,
) -> Replay:
    """Replay a scenario (a file, a bundled name, a mapping or a :class:`Scenario`) over the
    published record, against the law as it was (or ``against``), reporting ``start``-``end``.

    >>> r = scenario("one-year-waiver-from-2009", start=2012, end=2012)
    >>> [c.iso3 for c in r.changes if c.iso3 == "CHN"], r.changes[0].scenario.value
    (['CHN'], '3')
    """
    from tiptiers.analysis.base import year_range
    from tiptiers.law.scenario import BASELINE, replay

    rec = record or _record()
    lo, hi = year_range(rec, start, end)
    return replay(
        rec,
        _scenario(file),
        against=BASELINE if against is None else _scenario(against),
        first=lo,
        last=hi,
        name=name_of,
    )


def _scenario(s: str | Path | Mapping[str, Any] | Scenario) -> Scenario:
    from tiptiers.law.scenario import Scenario, scenario_from_dict

    if isinstance(s, Scenario):
        return s
    if isinstance(s, str | Path):
        from tiptiers.law_files import read_scenario

        return read_scenario(s)
    return scenario_from_dict(s)
