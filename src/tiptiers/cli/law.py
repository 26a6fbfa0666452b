"""Commands of the statute: explain, clock, evaluate, schema, consequences, sanctions."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tiptiers.cli.common import (
    DataFormat,
    DataFormatOpt,
    DbOpt,
    Format,
    FormatOpt,
    SourceOpt,
    console,
    emit_json,
    render,
    table,
    tier_text,
    use_db,
)
from tiptiers.cli.program import app
from tiptiers.countries import name_key, registry

if TYPE_CHECKING:
    from tiptiers.law.decision import Decision
    from tiptiers.law.sanctions import Consequences

PANEL = "The law"
STATUS_STYLE = {
    "downgrade_mandatory": "bold red",
    "relisting_barred": "red",
    "waiver_needed": "yellow",
    "counting": "cyan",
    "undetermined": "magenta",
    "no_clock": "dim",
    "off_list": "dim",
}


def status_markup(status: str) -> str:
    """The clock status ``status`` (a code) in words, coloured; the JSON and CSV keep the code."""
    from tiptiers.glossary import status_words

    return f"[{STATUS_STYLE.get(status, 'default')}]{status_words(status)}[/]"


def decision_renderables(d: Decision, title: str) -> list[Any]:
    """A decision as rich renderables: the answer, the trace, the flags."""
    from rich.panel import Panel
    from rich.text import Text

    from tiptiers.glossary import version_words
    from tiptiers.law.history import count_text

    out: list[Any] = []
    wl = d.watch_list
    head = Text.from_markup(
        f"[bold]{title}[/]\n"
        f"Tier: {tier_text(d.tier.value) if d.tier else '[magenta]undetermined[/]'}"
        f"\nLaw: {version_words(d.version)}\n"
        + f"Watch List clock: {status_markup(wl.status.value)}"
        + (
            f" ({count_text(wl.consecutive_years, 'counted year')},"
            f" {count_text(wl.waiver_years_used, 'waiver year')} used)"
            if wl.consecutive_years
            else ""
        )
        + (
            "\n[bold]Downgrade: "
            + (
                "mandatory (automatic)"
                if wl.mandatory
                else "not forced by the clock (a waiver was available; none was granted)"
                if wl.status.value == "waiver_needed"
                else "not forced by the clock"
            )
            + "[/]"
            if wl.mandatory is not None
            else ""
        )
        + (f"\nMissing facts: {', '.join(d.missing)}" if d.missing else "")
        + "".join(f"\n{r[:1].upper()}{r[1:]}" for r in d.readings)
    )
    out.append(Panel(head, expand=False))
    rows = [
        (str(i), s.rule.replace("_", " "), s.citation, s.explanation)
        for i, s in enumerate(d.trace, 1)
    ]
    out.append(table("Why", ["#", "Rule", "Citation", "Explanation"], rows))
    if d.flags:
        out.append(
            table(
                "Flags",
                ["Flag", "Blocking", "What the engine met"],
                [(f.title, "yes" if f.blocking else "no", f.message) for f in d.flags],
            )
        )
    return out


@app.command(rich_help_panel=PANEL)
def explain(
    country: Annotated[str, typer.Argument(help="Name, alias, ISO2 or ISO3.")],
    report_year: Annotated[int, typer.Argument(metavar="YEAR", help="Report year, e.g. 2013.")],
    fmt: DataFormatOpt = DataFormat.table,
    db: DbOpt = None,
) -> None:
    """Why the report of YEAR placed COUNTRY where it did, under the law of that year.

    Replays the published record through the Watch List clock and cites each rule:
    e.g. China 2013 (automatic downgrade) or China 2017 (a Tier 3 the clock did not force).
    """
    use_db(db)
    from tiptiers import api

    d = api.explain(country, report_year)
    c = api.resolve(country)
    render(
        fmt,
        json_data=lambda: {"name": c.name, **d.to_dict()},
        table_fn=lambda: decision_renderables(d, f"{c.common_name}, {report_year} report"),
    )


@app.command(rich_help_panel=PANEL)
def clock(
    report_year: Annotated[
        int, typer.Argument(metavar="YEAR", help="The report year to look ahead to.")
    ],
    source: SourceOpt = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """Every country on the Watch List clock for the report of YEAR, from the record before it.

    Status (the code in --format json|csv): may stay on the Watch List (counting), only with a
    waiver (waiver_needed), could not stay on the Watch List (downgrade_mandatory: no waiver
    left; it had to go up or down), could not return to the Watch List (relisting_barred,
    7107(b)(2)(F)) or not settled by the record (undetermined).

    With --source cycle:ID, the clock for the report after a published cycle's, its
    placements read as the latest year: who would face the automatic downgrade if they were
    the report. E.g. tiptiers clock 2027 --source cycle:1 (for a 2026 cycle).
    """
    use_db(db)
    from tiptiers import api
    from tiptiers.law.explain import CLOCK_COLUMNS, empty_clock_reason

    cycle = api.published_source(source)
    note = ""
    if cycle is not None:
        from tiptiers.queries.layers import cycle_clock

        got = cycle_clock(api.record(), cycle, report_year, api.name_of)
        entries, note = list(got.entries), got.caveat()
    else:
        entries = api.clock(report_year)
    data = [e.to_dict() for e in entries]

    def tables() -> Any:
        rows = [
            (
                registry().common_name(e.iso3, e.name),
                status_markup(e.status.value),
                str(e.state.consecutive_years),
                str(e.state.waiver_years_used),
                "" if e.state.waivers_left is None else str(e.state.waivers_left),
                e.state.summary() + _flag_note(e),
            )
            for e in entries
        ]
        from collections import Counter

        from tiptiers.glossary import status_words

        counts = Counter(status_words(e.status.value) for e in entries)
        caption = ", ".join(f"{k}: {v}" for k, v in counts.items())
        caption = caption or empty_clock_reason(report_year)
        whose = "from the record before it"
        if cycle is not None:
            caption = f"{note} {caption}"
            whose = f"from {cycle.label}"
        return table(
            f"Watch List clock for the {report_year} report ({whose})",
            ["Country", "Status", "Years", "Waivers used", "Left", "Record"],
            rows,
            caption,
        )

    render(
        fmt,
        json_data=lambda: data,
        csv_rows=lambda: [e.to_row() for e in entries],
        csv_columns=CLOCK_COLUMNS,
        table_fn=tables,
        caveat=note,
    )


def _flag_note(e: Any) -> str:
    """Why an undetermined clock is undetermined: the blocking flags, else the reason."""
    if e.status.value != "undetermined":
        return ""
    blocking = [f for f in e.flags if f.blocking]
    if blocking:
        return "".join(f" — {f.title}: {f.message}" for f in blocking)
    return f" — {e.state.reason}"


class SchemaName(StrEnum):
    assessment = "assessment"
    scenario = "scenario"


@app.command(rich_help_panel=PANEL)
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which schema.")] = SchemaName.assessment,
) -> None:
    """Print the JSON Schema of an assessment file (the facts 'tiptiers evaluate' reads) or
    of a scenario file (the statute parameters 'tiptiers scenario' replays)."""
    if name is SchemaName.scenario:
        from tiptiers.law.scenario import scenario_schema

        emit_json(scenario_schema())
        return
    from tiptiers.law.assessment import assessment_schema

    emit_json(assessment_schema())


@app.command(rich_help_panel=PANEL)
def evaluate(
    files: Annotated[
        list[Path], typer.Argument(help="YAML or JSON files, each one assessment or a list.")
    ],
    fmt: DataFormatOpt = DataFormat.table,
    db: DbOpt = None,
) -> None:
    """Decide tiers from assessment facts, against the recorded history.

    Missing facts give 'undetermined' naming them; facts the governing statute version
    does not know are rejected. See 'tiptiers schema assessment'.
    """
    use_db(db)
    from tiptiers import api
    from tiptiers.law_files import read_assessments

    items = [a for f in files for a in read_assessments(f)]
    decisions = [(api.assessed_country(a), api.evaluate(a)) for a in items]
    if fmt is DataFormat.json:
        data = [{"name": c.name, **d.to_dict()} for c, d in decisions]
        emit_json(data[0] if len(data) == 1 else data)
        return
    con = console()
    for c, d in decisions:
        for r in decision_renderables(d, f"{c.common_name}, {d.year} report (assessment)"):
            con.print(r)


def consequences_renderables(c: Consequences) -> list[Any]:
    from rich.panel import Panel

    out: list[Any] = [
        Panel(
            f"[bold]{registry().common_name(c.iso3, c.name)}, {c.year} report[/]\n{c.summary}",
            expand=False,
        )
    ]
    if not c.applies:
        return out
    out.append(table("Restrictions", ["What the law provided"], [(r,) for r in c.restrictions]))
    out.append(table("Exceptions", ["Not restricted"], [(e,) for e in c.exceptions]))
    out.append(
        table(
            f"Determinations (decided by {c.decider})",
            ["Code", "Determination", "Citation", "Effect"],
            [(d.code, d.name, d.citation, d.effect) for d in c.determinations],
        )
    )
    out.append(
        table(
            "Deadlines",
            ["Event", "Date", "Citation", "Computed"],
            [(d.event, d.date.isoformat(), d.citation, d.basis) for d in c.deadlines],
        )
    )
    if c.actual:
        out.append(
            table(
                "What the President determined (the record of Presidential Determinations)",
                ["Document", "Fiscal year", "Determination", "Section"],
                [(d.document, str(d.fiscal_year), d.describe(), d.citation) for d in c.actual],
                (c.document.partial_note() if c.document else "")
                + (" " if c.document and not c.document.complete else "")
                + "Source: "
                + c.actual[0].source,
            )
        )
    out.append(f"On record: {c.recorded_determination}")
    for o in c.other:
        out.append(f"Also: {o}")
    if c.flags:
        out.append(table("Flags", ["Code", "Note"], [(f.code, f.message) for f in c.flags]))
    return out


@app.command(rich_help_panel=PANEL)
def consequences(
    country: Annotated[str, typer.Argument(help="Name, alias, ISO2 or ISO3.")],
    report_year: Annotated[int, typer.Argument(metavar="YEAR", help="Report year.")],
    fmt: DataFormatOpt = DataFormat.table,
    db: DbOpt = None,
) -> None:
    """What a Tier 3 placement in the report of YEAR meant under the law of that year.

    Determinations d1-d4, the restrictions and their exceptions, who decides, and the
    deadlines (45-90 days after the report; the fiscal year affected).
    """
    use_db(db)
    from tiptiers import api

    c = api.consequences(country, report_year)
    render(fmt, json_data=c.to_dict, table_fn=lambda: consequences_renderables(c))


@app.command(rich_help_panel=PANEL)
def sanctions(
    report_year: Annotated[int, typer.Argument(metavar="YEAR", help="Report year.")],
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """The Tier 3 governments of a report and what the law then provided for each."""
    use_db(db)
    from tiptiers import api
    from tiptiers.law.sanctions import determinations_note, sanctions_summary

    items = api.sanctions(report_year)
    rec = api.record()
    caveat = rec.coverage[report_year].caveat() if report_year in rec.coverage else ""

    def tables() -> list[Any]:
        if not items:
            return [sanctions_summary(report_year, items)]
        first = items[0]
        out: list[Any] = [sanctions_summary(report_year, items)]
        note = determinations_note(rec, report_year)
        out.append(
            table(
                None,
                ["Country", "Determination on record"],
                sorted(  # by the names shown
                    (
                        (
                            registry().common_name(c.iso3, c.name),
                            c.determination_brief if c.applies else "—",
                        )
                        for c in items
                    ),
                    key=lambda row: name_key(row[0]),
                ),
                " ".join(x for x in (note, caveat) if x) or None,
            )
        )
        if first.applies:
            out.append(
                table(
                    "What d1 withholding means",
                    ["Restriction"],
                    [(r,) for r in first.restrictions],
                )
            )
        return out

    render(
        fmt,
        json_data=lambda: [c.to_dict() for c in items],
        csv_rows=lambda: [c.summary_row() for c in items],
        table_fn=tables,
        caveat=caveat,
    )
