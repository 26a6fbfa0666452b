"""Commands over the record: country, year, changes, countries, export, info, import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from tiptiers.cli.common import (
    DbOpt,
    Format,
    FormatOpt,
    RegionOpt,
    SourceOpt,
    emit_json,
    progress_bar,
    render,
    table,
    tier_text,
    use_db,
)
from tiptiers.cli.program import app
from tiptiers.countries import name_key


@app.command(rich_help_panel="The record")
def country(
    name: Annotated[
        str, typer.Argument(help="Name, alias, ISO2 or ISO3: China, DPRK, CIV, Myanmar.")
    ],
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """A country's placements year by year, with each change and the roles the record holds.

    Years the record lacks are shown as gaps, never filled in.
    """
    use_db(db)
    from tiptiers import api
    from tiptiers.queries.history import HISTORY_COLUMNS

    h = api.history(name)

    def tables() -> list[Any]:
        rows = [
            (
                str(line.year),
                tier_text(line.tier.value) if line.tier else f"[dim]{line.words}[/]",
                line.change,
                "; ".join(line.notes),
            )
            for line in h.lines()
        ]
        roles = h.roles.describe()
        caption = (
            f"{h.country.common_name} is described as {roles} (reports 2001–2009)."
            if roles
            else None
        )
        return [
            table(
                f"{h.country.common_name} ({h.country.iso3}) — TIP Report placements",
                ["Year", "Tier", "Change", "Notes"],
                rows,
                caption,
            )
        ]

    render(
        fmt,
        json_data=h.to_dict,
        csv_rows=h.to_rows,
        csv_columns=HISTORY_COLUMNS,
        table_fn=tables,
    )


@app.command(rich_help_panel="The record")
def year(
    report_year: Annotated[int, typer.Argument(metavar="YEAR", help="Report year, e.g. 2017.")],
    tier: Annotated[
        str | None,
        typer.Option("--tier", "-t", help="Only this tier: 1, 2, 2WL, 3 or special_case."),
    ] = None,
    region: RegionOpt = None,
    source: SourceOpt = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """Every placement of one report, grouped by tier, with counts. With --source cycle:ID,
    a published cycle's placements beside the official ones, where they differ marked."""
    use_db(db)
    from tiptiers import api
    from tiptiers.queries.layers import parse_source
    from tiptiers.queries.years import YEAR_COLUMNS

    if parse_source(source) is not None:
        assert source is not None
        _year_beside(api.beside_official(source, report_year, tier, region), fmt)
        return
    yp = api.placements(report_year, tier, region)

    def tables() -> list[Any]:
        out: list[Any] = []
        groups = yp.by_tier()
        counts = ", ".join(f"{t.label}: {len(cs)}" for t, cs in groups.items())
        caveat = yp.coverage.caveat()
        title = f"The {yp.year} TIP Report"
        if yp.region_filter:
            from tiptiers.queries import REGIONS

            title += f" — {REGIONS[yp.region_filter]}"
        rows = [
            (
                tier_text(t.value),
                str(len(cs)),
                "; ".join(sorted((c.common_name for c in cs), key=name_key)),
            )
            for t, cs in groups.items()
        ]
        out.append(table(title, ["Tier", "Count", "Countries"], rows, caveat or None))
        if not caveat:
            out.append(f"[dim]{counts}[/]")
        return out

    render(
        fmt,
        json_data=yp.to_rows,
        csv_rows=yp.to_rows,
        csv_columns=YEAR_COLUMNS,
        table_fn=tables,
        caveat=yp.coverage.caveat(),
    )


def _year_beside(beside: Any, fmt: Format) -> None:
    """A published cycle's year beside the official one: a table of the countries it placed
    (the differences first; how many it left out below), or its JSON and CSV of every
    country; whose placements these are is the caption."""
    from tiptiers.queries.layers import BESIDE_COLUMNS

    def tables() -> list[Any]:
        rows = sorted((r for r in beside.rows if r.tier), key=lambda r: not r.differs)
        left = len(beside.not_assessed)
        out: list[Any] = [
            table(
                beside.cycle.label,
                ["Country", "This cycle", f"Official {beside.year}", "Differs"],
                [
                    (
                        r.country.common_name,
                        tier_text(r.tier.value) if r.tier else r.words,
                        tier_text(r.official.tier.value) if r.official.tier else r.official.words,
                        "differs" if r.differs else "",
                    )
                    for r in rows
                ],
                f"{beside.cycle.caption} {beside.summary()}",
            )
        ]
        if beside.official_in_record and rows:
            out.append(
                table(
                    "By regional bureau",
                    ["Bureau", "Placed", "Differ", "Lower", "Higher"],
                    [
                        (g["name"], g["placed"], g["differ"], g["lower"], g["higher"])
                        for g in beside.by_region()
                    ],
                )
            )
        if left:
            out.append(
                f"[dim]{left} {'country' if left == 1 else 'countries'} of the official report"
                " not assessed by this cycle: --format csv lists every country.[/]"
            )
        return out

    render(
        fmt,
        json_data=beside.to_dict,
        csv_rows=beside.to_rows,
        csv_columns=BESIDE_COLUMNS,
        table_fn=tables,
        caveat=beside.caveat(),
    )


@app.command(rich_help_panel="The record")
def changes(
    report_year: Annotated[int, typer.Argument(metavar="YEAR", help="Report year, e.g. 2013.")],
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """Upgrades, downgrades, newly ranked and no-longer-listed versus the previous report."""
    use_db(db)
    from tiptiers import api
    from tiptiers.queries.changes import CHANGE_COLUMNS, CHANGE_TITLES

    ch = api.changes(report_year)

    def tables() -> list[Any]:
        if ch.previous_year is None:
            return [f"{report_year} is the first report in the record: nothing to compare."]
        rows = []
        for kind, items in ch.grouped().items():
            for c, x in items:
                rows.append(
                    (
                        CHANGE_TITLES[kind],
                        c.common_name,
                        tier_text(x.previous.value if x.previous else None),
                        tier_text(x.current.value if x.current else None),
                    )
                )
        return [
            table(
                f"Changes in the {ch.year} report (from {ch.previous_year})",
                ["Change", "Country", str(ch.previous_year), str(ch.year)],
                rows,
                ch.caveat() or None,
            )
        ]

    render(
        fmt,
        json_data=ch.to_dict,
        csv_rows=ch.to_rows,
        csv_columns=CHANGE_COLUMNS,
        table_fn=tables,
        caveat=ch.caveat(),
    )


@app.command(rich_help_panel="The record")
def countries(
    query: Annotated[
        str | None, typer.Argument(help="Part of a name or alias; omit to list all.")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Search the country registry: names as the report prints them, aliases, codes."""
    from tiptiers.countries import registry
    from tiptiers.model import REGISTRY_COLUMNS
    from tiptiers.queries import REGIONS

    found = registry().search(query or "", limit=50)
    rows = [c.to_dict() for c in found]
    if not rows and fmt is Format.table:
        sys.stderr.write(f"No country matches '{query}'.\n")
        raise typer.Exit(1)
    render(
        fmt,
        json_data=lambda: rows,
        csv_rows=lambda: rows,
        csv_columns=REGISTRY_COLUMNS,
        table_fn=lambda: table(
            None,
            ["ISO3", "Name in the report", "Common name", "Region", "Aliases"],
            [
                (
                    r["iso3"],
                    r["name"],
                    r["common_name"],
                    REGIONS.get(r["region"] or "", ""),
                    ", ".join(r["aliases"][:4]),
                )
                for r in rows
            ],
        ),
    )


@app.command(rich_help_panel="The record")
def export(
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="csv (default), json, or table (to read); with -o FILE, the file's suffix says it.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of stdout ('-': stdout). With --panel: a folder"
            " for the whole package, or one file named by its suffix (.csv, .json, .parquet,"
            " .dta; .zip: the package zipped).",
            show_default=False,
        ),
    ] = None,
    panel: Annotated[
        bool,
        typer.Option(
            "--panel",
            help="The researcher's panel: one row per country-year with the tier and the previous"
            " report's, the Watch List streak and clock, waiver years, automatic downgrade, the"
            " determinations (and Kelley & Simmons' coding beside them), ISO/COW codes, region"
            " then and today, and completeness. With -o DIR: CSV, Parquet and Stata .dta (with"
            " .a/.b/.c missing codes), a codebook and a Frictionless datapackage.json.",
        ),
    ] = False,
    panel_formats: Annotated[
        str | None,
        typer.Option(
            "--panel-formats",
            help="With --panel -o DIR: the data files to write, comma-separated (csv, parquet,"
            " dta). Default: all three.",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        int | None, typer.Option("--from", help="With --panel: first report year.")
    ] = None,
    end: Annotated[int | None, typer.Option("--to", help="With --panel: last report year.")] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="With --panel -o DIR: replace files of the same name that an earlier"
            " tiptiers export did not write (e.g. your own codebook.md).",
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar (for scripts).")
    ] = False,
    db: DbOpt = None,
) -> None:
    """The whole record, one row per country-year (iso3, country, year, tier, source, ...).

    --panel gives the researcher's panel instead: every country the record places in every
    report year, with derived variables (docs/PANEL.md has the codebook). E.g. tiptiers
    export --panel -o panel/ writes a Frictionless Data Package; tiptiers export --panel
    -o panel.dta writes the Stata file alone; tiptiers export --panel > panel.csv prints
    the CSV.
    """
    use_db(db)
    from tiptiers import api
    from tiptiers.errors import BadInput

    if output is not None and not output.strip():
        raise BadInput("-o is empty: give a file or folder name, or '-' for stdout.")
    target = None if output in (None, "-") else Path(output)
    if not panel:
        extra = [
            name
            for name, given in (
                ("--panel-formats", panel_formats is not None),
                ("--from", start is not None),
                ("--to", end is not None),
                ("--force", force),
            )
            if given
        ]
        if extra:
            verb = "applies" if len(extra) == 1 else "apply"
            raise BadInput(f"{', '.join(extra)} {verb} only with --panel.")
        from tiptiers.countries import registry
        from tiptiers.queries.export import EXPORT_COLUMNS, export_rows

        kind = fmt or Format.csv
        rows = list(export_rows(api.record(), registry()))
        if target is not None:
            from tiptiers.report.files import write_atomically

            def write(out: Any) -> None:
                _export_to(out, rows, kind, EXPORT_COLUMNS)

            write_atomically(target, write)
            sys.stderr.write(f"Wrote {len(rows)} placements to {target}\n")
            return
        _export_to(sys.stdout, rows, kind, EXPORT_COLUMNS)
        return
    _export_panel(fmt, target, panel_formats, start, end, quiet, force)


def _export_panel(
    fmt: Format | None,
    output: Path | None,
    formats_text: str | None,
    start: int | None,
    end: int | None,
    quiet: bool,
    force: bool,
) -> None:
    """`export --panel`: the panel's CSV/JSON on stdout, or the whole package into a folder,
    or one file named by its suffix."""
    from tiptiers import api
    from tiptiers.errors import BadInput
    from tiptiers.report.panel import parse_formats, single_file_format

    if fmt is Format.table:
        raise BadInput("The panel comes as csv or json (--format), or as files with -o DIR.")
    if output is None:
        if formats_text is not None:
            raise BadInput("--panel-formats needs -o DIR: on stdout the panel is CSV or JSON.")
        if force:
            raise BadInput("--force applies only with -o DIR.")
        from tiptiers.analysis.panel import PANEL_COLUMNS

        p = api.panel(start, end)
        _export_to(sys.stdout, p.to_rows(), fmt or Format.csv, PANEL_COLUMNS)
        return
    kind = single_file_format(output)
    if kind is not None:
        if fmt is not None and fmt.value != kind:
            raise BadInput(
                f"{output} names a {kind} file but --format says {fmt.value}: drop --format"
                " (the suffix says it) or change the suffix."
            )
        if formats_text is not None:
            raise BadInput(f"--panel-formats applies to a folder; {output} is one {kind} file.")
        from tiptiers.report.files import check_file_target

        check_file_target(output)  # before the progress bar: a refusal is one line, alone
    elif fmt is Format.json:
        raise BadInput(
            "With -o DIR the panel is written as files: drop --format json, or name a .json file."
        )
    else:
        from tiptiers.report.files import check_writable_dir
        from tiptiers.report.panel import package_names, plan_replacement

        check_writable_dir(output)
        plan_replacement(output, package_names(parse_formats(formats_text)), force)
    steps = 1 if kind is not None else len(parse_formats(formats_text)) + 2
    with progress_bar("Panel", None, "countries", quiet) as bar:

        def countries(done: int, total: int) -> None:
            assert bar is not None
            bar.update(completed=done, total=total + steps)

        paths = api.write_panel(
            output,
            formats_text,
            start=start,
            end=end,
            progress=countries if bar else None,
            file_progress=bar.step if bar else None,
            replace=force,
        )
    for path in paths:
        typer.echo(f"Wrote {path}")


def _export_to(out: Any, rows: list[dict[str, Any]], fmt: Format, columns: Any) -> None:
    if fmt is Format.table:
        _export_table(out, rows)
    elif fmt is Format.json:
        import json

        out.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        from tiptiers.tabular import csv_text

        out.write(csv_text(rows, columns))


def _export_table(out: Any, rows: list[dict[str, Any]]) -> None:
    """The record as a table a person reads: year, country, tier and the source in words, by
    country then year (the codes and the other columns are in the CSV and the JSON)."""
    from rich.console import Console

    from tiptiers.sources import cite

    citations: dict[str, str] = {}
    lines = [
        (
            str(r["year"]),
            r["country"],
            tier_text(r["tier"]),
            citations.setdefault(r["source"], cite(r["source"]).short()),
        )
        for r in rows
    ]
    t = table(
        f"The record: {len(rows)} placements",
        ["Year", "Country", "Tier", "Source"],
        lines,
        "The CSV (the default) and JSON have every column, with codes for programs.",
    )
    Console(file=out, highlight=False, soft_wrap=False).print(t)


@app.command(rich_help_panel="The record")
def info(
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="List where a source's printed tier counts (or number of countries ranked)"
            " differ from the record's counts: the years that still need attention.",
        ),
    ] = False,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """Coverage of the record per year: counts per tier, partial lists, each report's release
    date, the database.

    Partial years' counts are not the reports' totals. With --check: the printed counts that
    differ from the record's, as data.
    """
    use_db(db)
    from tiptiers import api
    from tiptiers.model import TIERS

    if check:
        _info_check(fmt)
        return
    st = api.store()
    data = {**api.coverage().to_dict(), "database": st.describe()}

    def tables() -> list[Any]:
        rows = []
        for c in data["coverage"]:
            # complete only against the printed counts: a year whose lists were compiled
            # whole but hold fewer countries than printed is "short" (docs/DATA.md)
            status = {
                "complete": "complete",
                "partial": "[yellow]partial[/]" if c["partial"] else "[yellow]short[/]",
                "differs": "differs",
                "unchecked": "unchecked",
            }[c["year_status"]]
            rows.append(
                (
                    str(c["year"]),
                    c["release_date"] or "not recorded",
                    str(c["rows"]),
                    *[str(c[t.value]) for t in TIERS],
                    status,
                    c["note"],
                )
            )
        return [
            table(
                f"The record: {data['placements']} placements of {data['countries']} countries"
                f" and territories, {data['years']}",
                ["Year", "Released", "Rows", "T1", "T2", "T2WL", "T3", "SC", "Complete", "Note"],
                rows,
                f"Database: {data['database']}. A year is complete where the record matches"
                " the counts printed for the report; partial and short years' counts are not"
                " the reports' totals (short: the lists were compiled whole, yet hold fewer"
                " than printed); see docs/DATA.md for the sources. 'tiptiers info --check'"
                " lists where sources print other counts.",
            )
        ]

    render(
        fmt,
        json_data=lambda: data,
        csv_rows=lambda: data["coverage"],
        table_fn=tables,
    )


def _info_check(fmt: str) -> None:
    from tiptiers import api
    from tiptiers.queries.coverage import COUNT_DIFFERENCE_COLUMNS

    diffs = [d.to_dict() for d in api.count_differences()]

    def tables() -> list[Any]:
        rows = [
            (
                str(d["year"]),
                d["list"],
                str(d["printed"]),
                str(d["recorded"]),
                f"{d['difference']:+d}",
                "complete" if d["record_list_complete"] else "[yellow]partial[/]",
            )
            for d in diffs
        ]
        return [
            table(
                f"Printed counts that differ from the record's: {len(diffs)}",
                ["Year", "List", "Printed", "Record", "Diff", "Record's list"],
                rows,
                "'ranked' is the number of countries a source says the report ranked or covered"
                " (it may include Special Cases). On a complete list a difference is a conflict"
                " between sources; on a partial list it is the record's gap. Each source and"
                " its note: --format json or csv.",
            )
        ]

    render(
        fmt,
        json_data=lambda: diffs,
        csv_rows=lambda: diffs,
        csv_columns=COUNT_DIFFERENCE_COLUMNS,
        table_fn=tables,
    )


@app.command("import", rich_help_panel="The record")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="A CSV in the export format, or the text of a 'Tier Placements' page; or the"
            " word 'determination' followed by the text of a Presidential Determination."
        ),
    ],
    determination_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[FILE]",
            help="With 'determination': the determination's text as the Federal Register or"
            " the White House prints it.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="A determination naming a government not on Tier 3 that report year is"
            " recorded anyway, the mismatch noted as a finding.",
        ),
    ] = False,
    report_year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", help="Report year of a Tier Placements text (required for text)."
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace years already in the database.")
    ] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            help="Confirm a --replace that removes more than a few rows or empties a year, or a"
            " determination that removes rows on record or replaces a whole document by part"
            " of it.",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check the file and show what would change; write nothing."),
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or json")] = Format.table,
    db: DbOpt = None,
) -> None:
    """Import placements from a CSV or a report's Tier Placements text; or, as 'import
    determination FILE', a Presidential Determination's text (22 U.S.C. 7107(d)).

    Every line is validated first and written in one transaction; a bad file changes
    nothing and lists each bad line. Re-importing a year needs --replace; a replace that
    would remove more than a few rows, or empty a year, shows what would change and needs
    --yes. --dry-run shows what would change (rows added, removed and changed per year)
    and writes nothing.
    """
    use_db(db)
    from tiptiers import api
    from tiptiers.errors import BadInput, year_span
    from tiptiers.importing import parse_import, plan_import
    from tiptiers.inputs import IMPORT_LIMIT, read_text

    if str(file) == "determination":
        if determination_file is None:
            raise BadInput(
                "import determination needs the file: tiptiers import determination FILE."
            )
        _import_determination(determination_file, force, dry_run, yes, fmt)
        return
    if determination_file is not None:
        raise BadInput(
            f"import takes one file ({file}); to import a Presidential Determination:"
            " tiptiers import determination FILE."
        )
    text = read_text(file, IMPORT_LIMIT, "an import file")
    parsed = parse_import(text, str(file), report_year)
    plan = plan_import(api.record(), parsed)
    if dry_run:
        if fmt is Format.json:
            emit_json({**plan.to_dict(), "dry_run": True})
        else:
            sys.stdout.write("\n".join([*plan.lines(), "Dry run: nothing was written."]) + "\n")
        return
    if replace and plan.needs_confirmation() and not yes:
        sys.stderr.write("\n".join(plan.lines()) + "\n")
        emptied = plan.emptied_years
        what = f"{plan.removed} existing row{'s' if plan.removed != 1 else ''}"
        if emptied:
            what += f" and every row of {year_span(list(emptied))}"
        raise BadInput(
            f"{file}: the replace would remove {what} (see above); pass --yes to replace,"
            " or check that the file is complete."
        )
    result = api.store().import_parsed(parsed, replace=replace)
    if fmt is Format.json:
        emit_json(result.to_dict())
    else:
        sys.stdout.write(result.summary() + "\n")


def _import_determination(file: Path, force: bool, dry_run: bool, yes: bool, fmt: Format) -> None:
    """Parse a Presidential Determination's text and record it (one fiscal year replaced;
    a replacement that removes rows on record, or a whole document by part of it, needs
    --yes and shows what would go)."""
    from tiptiers import api
    from tiptiers.errors import NeedsConfirmation
    from tiptiers.inputs import IMPORT_LIMIT, read_text

    text = read_text(file, IMPORT_LIMIT, "a determination text")
    try:
        parsed, off, change = api.import_determination(
            text, source=file.name, force=force, write=not dry_run, yes=yes
        )
    except NeedsConfirmation as exc:
        sys.stderr.write("\n".join(exc.details) + "\n")
        raise
    seen = "the whole text" if parsed.complete else f"a partial text (it stops {parsed.stops_at})"
    summary = (
        f"{'Would record' if dry_run else 'Recorded'} PD {parsed.pd_number}"
        f"{' of ' + parsed.pd_date if parsed.pd_date else ''} for fiscal year"
        f" {parsed.fiscal_year} (the {parsed.report_year} report): {len(parsed.rows)} rows from"
        f" {seen}."
        + (f" Not on Tier 3 in the record, recorded as a finding: {', '.join(off)}." if off else "")
        + (" Dry run: nothing was written." if dry_run else "")
    )
    if dry_run or change.needs_confirmation:
        summary = "\n".join([*change.lines(), summary])
    if fmt is Format.json:
        emit_json(
            {
                "pd_number": parsed.pd_number,
                "pd_date": parsed.pd_date,
                "fiscal_year": parsed.fiscal_year,
                "report_year": parsed.report_year,
                "complete": parsed.complete,
                "stops_at": parsed.stops_at,
                "rows": [r.to_dict() for r in parsed.rows],
                "not_on_tier3": off,
                "change": change.to_dict(),
                "dry_run": dry_run,
            }
        )
    else:
        sys.stdout.write(summary + "\n")
