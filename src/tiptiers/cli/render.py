"""Commands that make documents: map, chart, report.

Thin: they parse, check what they can before any work, call ``tiptiers.report`` and write
the result atomically. Heavy libraries (Altair, vl-convert, Jinja2, WeasyPrint, rich) load
only inside the command that needs them.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tiptiers.cli.common import DbOpt, SourceOpt, progress_bar, use_db
from tiptiers.cli.program import app

if TYPE_CHECKING:
    from tiptiers.countries import Registry
    from tiptiers.model import Record
    from tiptiers.report.document import Progress

PANEL = "Reports, maps and charts"


class ImageFormat(StrEnum):
    svg = "svg"
    png = "png"
    html = "html"


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    both = "both"


OutFileOpt = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        help="File to write (.svg, .png or .html).",
        show_default=False,
    ),
]
ImageFormatOpt = Annotated[
    ImageFormat | None,
    typer.Option(
        "--format", "-f", help="svg, png or html (default: from the file name).", show_default=False
    ),
]


def _record_and_registry() -> tuple[Record, Registry]:
    from tiptiers import api
    from tiptiers.countries import registry

    return api.record(), registry()


@app.command("map", rich_help_panel=PANEL)
def map_(
    report_year: Annotated[int, typer.Argument(metavar="YEAR", help="Report year, e.g. 2017.")],
    output: OutFileOpt,
    fmt: ImageFormatOpt = None,
    source: SourceOpt = None,
    db: DbOpt = None,
) -> None:
    """A world map of the placements of the report of YEAR, coloured by tier.

    Rendered offline: SVG, PNG, or one self-contained HTML file (Vega inlined), e.g. tiptiers map 2017 -o map.svg. With --source cycle:ID, a published cycle's own placements, titled as the cycle's and not the State Department's.
    """
    use_db(db)
    from tiptiers import api
    from tiptiers.queries.layers import parse_source
    from tiptiers.report.maps import format_for, prewarm

    kind = format_for(output, fmt.value if fmt else None)
    parse_source(source)  # a malformed source fails before any work
    if kind != "html":
        prewarm()  # vl-convert's engine starts while the record loads
    api.write_map(report_year, output, kind, source=source)
    typer.echo(f"Wrote {output}")


@app.command(rich_help_panel=PANEL)
def chart(
    country: Annotated[str, typer.Argument(help="Name, alias, ISO2 or ISO3.")],
    output: OutFileOpt,
    compare: Annotated[
        list[str] | None,
        typer.Option(
            "--compare",
            "-c",
            help="Another country to draw on the same chart (repeat for more).",
            show_default=False,
        ),
    ] = None,
    fmt: ImageFormatOpt = None,
    db: DbOpt = None,
) -> None:
    """The tier timeline of COUNTRY, with Watch List runs and downgrades marked.

    Downgrades are filled where automatic under 22 U.S.C. 7107(b)(2)(D)(i). Years the record does not hold are gaps, never lines drawn across. E.g. tiptiers chart China --compare Russia -o chart.png
    """
    use_db(db)
    from tiptiers import api
    from tiptiers.report.maps import format_for, prewarm

    kind = format_for(output, fmt.value if fmt else None)
    if kind != "html":
        prewarm()  # vl-convert's engine starts while the record loads
    api.write_chart([country, *(compare or [])], output, kind)
    typer.echo(f"Wrote {output}")


@app.command(rich_help_panel=PANEL)
def report(
    report_year: Annotated[int, typer.Argument(metavar="YEAR", help="Report year, e.g. 2017.")],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Directory to write tip-report-YEAR.html / .pdf into (created if missing).",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="html, pdf or both.")
    ] = ReportFormat.html,
    countries: Annotated[
        str | None,
        typer.Option(
            "--countries",
            help="Country profiles for these only, comma-separated (default: every country"
            " placed that year).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar (for scripts).")
    ] = False,
    source: SourceOpt = None,
    db: DbOpt = None,
) -> None:
    """The annual report of YEAR as one self-contained HTML file and/or a PDF.

    Tier lists, the map, regions, changes with the law engine's reasons, the Watch List clock for the next report, Tier 3 consequences, a profile per country and a methodology appendix generated from the statute as code.

    With --source cycle:ID, the same report of a published cycle's placements for its year (tip-report-YEAR-cycle-ID.html/.pdf), titled on every page as the cycle's shadow placements and not the State Department's, with a chapter of where they differ from the official report. E.g. tiptiers report 2026 --source cycle:1 -o out -f pdf

    Written to a temporary directory and moved into place: a failure leaves nothing half-written. E.g. tiptiers report 2017 -o out --format both --countries China,Russia
    """
    use_db(db)
    from tiptiers.report.document import (
        PdfProgress,
        expected_pages,
        pdf_progress,
        profile_countries,
        report_steps,
        resolve_countries,
        write_report,
    )
    from tiptiers.report.files import check_writable_dir
    from tiptiers.report.maps import prewarm

    prewarm()  # the map is rendered through vl-convert
    record, registry = _record_and_registry()
    from tiptiers import api

    cycle = api.published_source(source)
    laid_out = record  # what the report shows: the record, or the cycle's year over it
    if cycle is not None:
        from tiptiers.queries.layers import check_cycle_year, shadow_record

        check_cycle_year(cycle, report_year)
        laid_out = shadow_record(record, cycle)
    laid_out.check_year(report_year)
    names = countries.split(",") if countries is not None else None
    iso3s = resolve_countries(registry, names)
    check_writable_dir(output)  # before the progress bar: a refusal is one line, alone
    n_profiles = len(profile_countries(laid_out, registry, report_year, iso3s))
    total = report_steps(n_profiles) + (2 if fmt is ReportFormat.both else 1)

    def build(progress: Progress | None) -> list[Path]:
        return write_report(
            report_year, output, fmt.value, iso3s, record=record, registry=registry,
            progress=progress, cycle=cycle,
        )  # fmt: skip

    if fmt is ReportFormat.html:  # a second or two: the content's steps are the work
        with progress_bar(f"Report {report_year}", total, "starting", quiet) as bar:
            paths = build(bar.step if bar else None)
    else:
        # The PDF's layout is most of the time: the bar follows WeasyPrint's stages and the
        # pages it lays out (PdfProgress), not the content's steps, done in the first 5%.
        with progress_bar(f"Report {report_year}", 1000, "starting", quiet, percent=True) as bar:

            def show(fraction: float, what: str, _pages: int) -> None:
                if bar is not None:
                    bar.update(completed=int(fraction * 1000), description=what)

            pages = expected_pages(laid_out, registry, report_year, iso3s)
            watch = PdfProgress(total, pages, show)
            with pdf_progress(watch if bar else None):
                paths = build(watch.tick if bar else None)
    for p in paths:
        typer.echo(f"Wrote {p}")
