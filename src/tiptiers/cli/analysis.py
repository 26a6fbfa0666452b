"""Commands of the analysis: audit, regions, transitions, trajectory, forecast, and the
sanctions actually applied.

Each parses its options, calls :mod:`tiptiers.analysis` on the record and the registry,
and renders the typed answer as a table, JSON or CSV. Heavy imports stay inside the
commands so that ``tiptiers --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tiptiers.cli.common import (
    DbOpt,
    Format,
    FormatOpt,
    RegionOpt,
    render,
    table,
    tier_text,
    use_db,
)
from tiptiers.cli.program import app

if TYPE_CHECKING:
    from tiptiers.analysis.audit import Audit
    from tiptiers.analysis.backtest import Backtest
    from tiptiers.analysis.forecast import Forecast
    from tiptiers.analysis.regions import RegionTable
    from tiptiers.analysis.sanctions_applied import SanctionsApplied
    from tiptiers.analysis.trajectory import Trajectory, WatchListRuns
    from tiptiers.analysis.transitions import TransitionMatrix

PANEL = "Analysis"

FromOpt = Annotated[
    int | None,
    typer.Option(
        "--from", help="First report year (default: the record's first).", show_default=False
    ),
]
ToOpt = Annotated[
    int | None,
    typer.Option("--to", help="Last report year (default: the record's last).", show_default=False),
]
#: --source without -s (the audit's -s is --summary): a published cycle read as a year's
#: placements over the official reports before it.
CycleSourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source",
        help="official (the State Department's record, the default) or cycle:ID, a published"
        " reporting cycle (tiptiers cycle list): its own placements read as its report year's"
        " over the official reports before it, labelled as the cycle's and never written"
        " into the record.",
        show_default=False,
    ),
]

KIND_LABELS = {
    "watch_list_over_limit": "WL over limit",
    "relisting_cap_exceeded": "Relisting cap",
    "tier3_not_forced": "T3 not forced",
    "mandatory_downgrade": "Mandatory T3",
    "clock_exit_upgrade": "Clock exit up",
    "record_gap": "Record gap",
    "ambiguity": "Ambiguity",
    "determination_not_tier3": "PD off Tier 3",
    "tier3_without_determination": "T3 without PD",
    "determination_outside_window": "PD outside 45-90 days",
}


def _inputs() -> tuple[Any, Any]:
    from tiptiers import api
    from tiptiers.countries import registry

    return api.record(), registry()


def _pct(p: float | None) -> str:
    if p is None:
        return "—"
    return f"{p:.0%}" if p >= 0.005 or p == 0 else "<1%"


# -- audit ----------------------------------------------------------------------------------
@app.command(rich_help_panel=PANEL)
def audit(
    start: FromOpt = None,
    end: ToOpt = None,
    country: Annotated[
        str | None,
        typer.Option("--country", "-c", help="Only this country (name, alias, ISO2 or ISO3)."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="Only this kind: watch_list_over_limit, relisting_cap_exceeded,"
            " tier3_not_forced, mandatory_downgrade, clock_exit_upgrade, record_gap,"
            " ambiguity, determination_not_tier3, tier3_without_determination,"
            " determination_outside_window.",
        ),
    ] = None,
    summary: Annotated[
        bool, typer.Option("--summary", "-s", help="Counts per year and per kind only.")
    ] = False,
    source: CycleSourceOpt = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """Replay the record under the law in force each year and list what does not add up.

    Implied waivers, Watch List placements over the limit or barred by the re-listing cap,
    mandatory Tier 3 and Tier 3 the clock did not force placements, exits from the clock by upgrade, gaps in
    the record and every ambiguity the law engine met — each with its citation.

    With --source cycle:ID, the same audit of a published cycle's own placements for its
    report year, over the official reports before it: e.g. a third Watch List year without a
    waiver in the team's shadow placements. E.g. tiptiers audit --source cycle:1
    """
    use_db(db)
    from tiptiers.analysis import audit as run_audit

    record, reg = _inputs()
    from tiptiers import api

    cycle = api.published_source(source)
    a = run_audit(record, reg, start, end, country, kind=kind, cycle=cycle)
    # a cycle's caption goes to stderr with JSON/CSV (the table has it in its caption)
    note = a.caveat() if cycle is not None else ""
    if summary:
        render(
            fmt,
            json_data=a.summary_dict,
            csv_rows=a.summary_rows,
            table_fn=lambda: _audit_summary_tables(a),
            caveat=note,
        )
        return
    from tiptiers.analysis.audit import FINDING_COLUMNS

    render(
        fmt,
        json_data=a.to_dict,
        csv_rows=a.to_rows,
        csv_columns=FINDING_COLUMNS,
        table_fn=lambda: _audit_tables(a),
        caveat=note,
    )


def _finding_label(kind: str, code: str, detail: str) -> str:
    if kind == "ambiguity":
        return f"Ambiguity {code}"
    if detail == "implied_waiver":
        return "Implied waiver"
    return KIND_LABELS[kind]


def _audit_title(a: Audit) -> str:
    who = f"{a.country.common_name}, " if a.country else ""
    span = str(a.start) if a.start == a.end else f"{a.start}–{a.end}"
    if a.source is not None:
        return f"Audit of the placements of {a.source.label} under the law: {who}{span}"
    return f"Audit of the record under the law: {who}{span}"


def _audit_tables(a: Audit) -> list[Any]:
    rows = [
        (
            str(f.year),
            f.country,
            _finding_label(f.kind, f.code, f.detail),
            f.citation.removeprefix("22 U.S.C. "),
            f.sentence,
        )
        for f in a.findings
    ]
    counts = ", ".join(f"{KIND_LABELS[k]}: {n}" for k, n in a.by_kind().items() if n)
    n = len(a.findings)
    caption = f"{n} finding{'' if n == 1 else 's'} over {a.placements_replayed} placements" + (
        f" ({counts})." if counts else "."
    )
    if a.caveat():
        caption += " " + a.caveat()
    return [
        table(
            _audit_title(a),
            ["Year", "Country", "Finding", "22 U.S.C.", "What the record shows"],
            rows,
            caption,
        )
    ]


def _audit_summary_tables(a: Audit) -> list[Any]:
    from tiptiers.analysis.audit import KINDS

    short = {
        "watch_list_over_limit": "WL>",
        "relisting_cap_exceeded": "Relist",
        "tier3_not_forced": "T3 unforced",
        "mandatory_downgrade": "Mand T3",
        "clock_exit_upgrade": "Exit up",
        "record_gap": "Gap",
        "ambiguity": "Ambig",
        "determination_not_tier3": "PD≠T3",
        "tier3_without_determination": "No PD",
        "determination_outside_window": "PD day",
    }
    kinds = a.by_kind()
    # The determination kinds get a column only where they found something: the table
    # stays within a terminal's width for the years without determinations.
    shown = [k for k in KINDS if kinds[k] or not k.startswith(("determination", "tier3_"))]
    rows = [
        (
            f"{r['year']}{'*' if r['partial'] else ''}",
            *[str(r[k]) if r[k] else "·" for k in shown],
            str(r["total"]),
        )
        for r in a.summary_rows()
    ]
    rows.append(("All", *[str(kinds[k]) for k in shown], str(sum(kinds.values()))))
    legend = "; ".join(f"{short[k]} = {k}" for k in shown)
    caption = f"* a partial year. {legend}."
    if a.source is not None:
        caption = f"{a.source.caption} {caption}"
    out: list[Any] = [
        table(
            _audit_title(a) + " — findings per year",
            ["Year", *[short[k] for k in shown], "Total"],
            rows,
            caption,
        )
    ]
    codes = a.by_code()
    if codes:
        from tiptiers.law.decision import AMBIGUITIES

        out.append(
            table(
                "Ambiguities the law engine met",
                ["Code", "Findings", "Ambiguity"],
                [(c, str(n), AMBIGUITIES.get(c, "")) for c, n in codes.items()],
            )
        )
    return out


# -- regions --------------------------------------------------------------------------------
@app.command(rich_help_panel=PANEL)
def regions(
    report_year: Annotated[int, typer.Argument(metavar="YEAR", help="Report year, e.g. 2017.")],
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """Tier counts per regional bureau in the report of YEAR, with the change from the
    report before and the upgrades and downgrades in each bureau."""
    use_db(db)
    from tiptiers.analysis import regions as run_regions

    record, reg = _inputs()
    t = run_regions(record, reg, report_year)
    render(fmt, json_data=t.to_dict, csv_rows=t.to_rows, table_fn=lambda: _region_tables(t))


def _region_tables(t: RegionTable) -> list[Any]:
    from tiptiers.model import TIERS

    def cell(n: int, d: int | None) -> str:
        return str(n) if not d else f"{n} ({d:+d})"

    rows = []
    for r in (*t.rows, t.total):
        name = f"[bold]{r.name}[/]" if r.code == "ALL" else r.name
        rows.append(
            (
                name,
                *[cell(r.counts[tier], r.delta(tier)) for tier in TIERS],
                cell(r.total, None if r.previous is None else r.total - sum(r.previous.values())),
                str(r.changes["upgrade"]),
                str(r.changes["downgrade"]),
            )
        )
    versus = f" (change from {t.previous_year})" if t.previous_year else ""
    caption = "Regions are the State Department's regional bureaus as the registry has them today."
    if t.caveat():
        caption = t.caveat() + " " + caption
    return [
        table(
            f"Tier placements by region, {t.year} report{versus}",
            [
                "Region",
                "Tier 1",
                "Tier 2",
                "Watch List",
                "Tier 3",
                "Special",
                "Total",
                "Up",
                "Down",
            ],
            rows,
            caption,
        )
    ]


# -- transitions ----------------------------------------------------------------------------
@app.command(rich_help_panel=PANEL)
def transitions(
    start: FromOpt = None,
    end: ToOpt = None,
    region: RegionOpt = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """The tier-to-tier matrix: how countries moved between consecutive reports.

    Counts and row probabilities (each row sums to 1). A year the record lacks is a gap,
    not a move.
    """
    use_db(db)
    from tiptiers.analysis import transitions as run_transitions

    record, reg = _inputs()
    m = run_transitions(record, reg, start, end, region)
    render(fmt, json_data=m.to_dict, csv_rows=m.to_rows, table_fn=lambda: _transition_tables(m))


def _transition_tables(m: TransitionMatrix) -> list[Any]:
    from tiptiers.model import TIERS

    probs = m.probabilities()
    rows = []
    for t in TIERS:
        row = probs[t]
        rows.append(
            (
                tier_text(t.value),
                *[
                    "·"
                    if not m.counts[t][u]
                    else f"{m.counts[t][u]} ({_pct(row[u] if row else None)})"
                    for u in TIERS
                ],
                str(m.row_total(t)),
            )
        )
    where = ""
    if m.region:
        from tiptiers.queries import REGIONS

        where = f", {REGIONS[m.region]}"
    stay = m.stay_rate()
    caption = (
        f"{m.total} moves between consecutive reports; a gap in the record is not a move."
        + (f" {stay:.0%} kept their tier." if stay is not None else "")
        + " Rows: the tier before; columns: the tier after (row shares in brackets)."
    )
    if m.caveat():
        caption += " " + m.caveat()
    return [
        table(
            f"Tier transitions {m.start}–{m.end}{where}",
            ["From \\ to", *[t.short for t in TIERS], "Moves"],
            rows,
            caption,
        )
    ]


# -- trajectory -----------------------------------------------------------------------------
@app.command(rich_help_panel=PANEL)
def trajectory(
    country: Annotated[
        str | None, typer.Argument(help="Name, alias, ISO2 or ISO3 (omit with --longest).")
    ] = None,
    longest: Annotated[
        int | None,
        typer.Option(
            "--longest",
            "-l",
            help="Also (or only) the N longest Watch List runs.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """A country's runs through the tiers ("Watch List 2009–2012 (4 years), Tier 3 2013"),
    how long it has held its tier, and the longest Watch List runs in the record."""
    use_db(db)
    from tiptiers.analysis import longest_watch_list_runs
    from tiptiers.analysis import trajectory as run_trajectory
    from tiptiers.errors import BadInput

    if country is None and longest is None:
        raise BadInput("Give a COUNTRY, or --longest N for the longest Watch List runs.")
    if country is not None and longest is not None and fmt is Format.csv:
        raise BadInput("CSV holds one table: ask for a COUNTRY or --longest, not both.")
    record, reg = _inputs()
    t = run_trajectory(record, reg, country) if country is not None else None
    runs = longest_watch_list_runs(record, reg, longest) if longest is not None else None

    def data() -> Any:
        if t is not None and runs is not None:
            return {**t.to_dict(), "longest_watch_list_runs": runs.to_dict()}
        return t.to_dict() if t is not None else runs.to_dict() if runs is not None else None

    def tables() -> list[Any]:
        out: list[Any] = []
        if t is not None:
            out.extend(_trajectory_tables(t))
        if runs is not None:
            out.extend(_longest_tables(runs))
        return out

    render(
        fmt,
        json_data=data,
        csv_rows=t.to_rows if t is not None else runs.to_rows if runs is not None else None,
        table_fn=tables,
    )


def _trajectory_tables(t: Trajectory) -> list[Any]:
    rows = [
        (
            tier_text(r.tier.value) if r.tier else f"[dim]{r.label}[/]",
            str(r.start) if r.years == 1 else f"{r.start}–{r.end}",
            str(r.years),
            r.note,
        )
        for r in t.runs
    ]
    longest = t.longest_watch_list_run()
    caption = t.change_sentence() + (
        f" Longest Watch List run: {longest.text()}." if longest else ""
    )
    return [
        table(
            f"{t.country.common_name} ({t.country.iso3}) — runs through the tiers",
            ["Tier", "Years", "Count", "Note"],
            rows,
            caption,
        )
    ]


def _longest_tables(w: WatchListRuns) -> list[Any]:
    rows = [
        (
            str(i),
            r.country.common_name,
            f"{r.run.start}–{r.run.end}",
            str(r.run.years) + ("+" if r.may_be_longer else ""),
            r.before or "(first in the record)",
            r.after,
        )
        for i, r in enumerate(w.runs, 1)
    ]
    caption = f"{w.tied_beyond} more run(s) as long as the last shown." if w.tied_beyond else None
    return [
        table(
            f"The {len(w.runs)} longest Watch List runs in the record",
            ["#", "Country", "Years", "Length", "Before", "After"],
            rows,
            caption,
        )
    ]


# -- forecast -------------------------------------------------------------------------------
@app.command(rich_help_panel=PANEL)
def forecast(
    report_year: Annotated[
        int | None,
        typer.Argument(metavar="[YEAR]", help="The report to forecast (default: the next one)."),
    ] = None,
    run_backtest: Annotated[
        bool,
        typer.Option(
            "--backtest",
            help="Predict every year from earlier years only and score the model against"
            " 'same tier as last year'.",
        ),
    ] = False,
    start: Annotated[
        int | None,
        typer.Option("--from", help="With --backtest: first year scored.", show_default=False),
    ] = None,
    end: Annotated[
        int | None,
        typer.Option("--to", help="With --backtest: last year scored.", show_default=False),
    ] = None,
    smoothing: Annotated[
        float,
        typer.Option(
            "--baseline-smoothing",
            help="With --backtest: ε of the baseline (previous tier 1-ε, ε/4 to each other outcome).",
        ),
    ] = 0.01,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict-law",
            help="Also give 0 to a Watch List placement the engine reads the re-listing cap"
            " (7107(b)(2)(F)) as barring; State has not always followed that reading.",
        ),
    ] = False,
    source: CycleSourceOpt = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """What the law still permits each country in the report of YEAR, and how likely each tier
    is, from a model fit only on the record before YEAR.

    With --backtest: log-loss, Brier score and accuracy of the model, year by year, beside
    the naive 'same tier as last year' baseline.

    With --source cycle:ID: the report after a published cycle's, its placements read as
    the report before (the clock and the previous tier are the cycle's; the model is still
    fit on the official record). E.g. tiptiers forecast --source cycle:1
    """
    use_db(db)
    from tiptiers.errors import BadInput

    if run_backtest:
        if source is not None:
            raise BadInput("--backtest scores the official record: leave out --source.")
        if report_year is not None:
            raise BadInput("--backtest scores every year: limit it with --from/--to, not YEAR.")
        from tiptiers.analysis import backtest

        record, reg = _inputs()
        b = backtest(record, reg, start, end, baseline_smoothing=smoothing, strict=strict)
        render(fmt, json_data=b.to_dict, csv_rows=b.to_rows, table_fn=lambda: _backtest_tables(b))
        return
    if start is not None or end is not None:
        raise BadInput("--from and --to go with --backtest; a forecast is for one YEAR.")
    from tiptiers import api
    from tiptiers.analysis import forecast as run_forecast

    record, reg = _inputs()
    cycle = api.published_source(source)
    f = run_forecast(record, reg, report_year, strict=strict, cycle=cycle)
    render(
        fmt,
        json_data=f.to_dict,
        csv_rows=f.to_rows,
        table_fn=lambda: _forecast_tables(f),
        caveat=f.caveat.replace(" — ", " - ") if cycle is not None else "",
    )


def _forecast_tables(f: Forecast) -> list[Any]:
    from tiptiers.model import TIERS

    rows = [
        (
            c.country.common_name,
            tier_text(c.previous.value),
            c.sentence,
            *[_pct(c.probabilities[t]) for t in TIERS],
            c.most_likely.short,
        )
        for c in f.countries
    ]
    trained = (
        f"fit on {f.moves} moves into {f.trained_on[0]}–{f.trained_on[1]}"
        if f.trained_on
        else "no earlier moves"
    )
    caption = f"Model: {trained}, nothing from {f.year} or later. {f.model}"
    if f.caveat:
        caption = f.caveat + " " + caption
    out: list[Any] = [
        table(
            f"Forecast for the {f.year} report (countries ranked in {f.previous_year})"
            if f.source is None
            else f"Forecast for the {f.year} report from {f.source.label}",
            [
                "Country",
                str(f.previous_year),
                "The law permits",
                *[t.short for t in TIERS],
                "Likely",
            ],
            rows,
            caption,
        )
    ]
    if f.not_forecast:
        words = {
            "special_case": "Special Case",
            "off_watch_list": "missing from our record (Tier 1 or 2)",
            "not_published": "missing from our record",
        }
        out.append(
            table(
                f"Not forecast: no ranked {f.previous_year} placement in the record",
                ["Country", str(f.previous_year), "The law permits"],
                [
                    (n.country.common_name, words.get(n.reason, n.reason), n.sentence or "—")
                    for n in f.not_forecast
                ],
            )
        )
    return out


def _backtest_tables(b: Backtest) -> list[Any]:
    def row(c: Any) -> tuple[str, ...]:
        worse = c.worse()
        return (
            c.label + ("*" if c.partial else ""),
            str(c.n),
            f"{c.model.log_loss:.3f}",
            f"{c.baseline.log_loss:.3f}",
            f"{c.model.brier:.3f}",
            f"{c.baseline.brier:.3f}",
            f"{c.model.accuracy:.1%}",
            f"{c.baseline.accuracy:.1%}",
            ", ".join(worse) if worse else "—",
        )

    cols = [
        "Year",
        "n",
        "LL model",
        "LL base",
        "Brier model",
        "Brier base",
        "Acc model",
        "Acc base",
        "Model not better on",
    ]
    caption = (
        "Each year predicted from earlier years only. Log-loss (natural log) and Brier"
        " (multi-class, 0–2): lower is better. Baseline: same tier as last year with"
        f" probability 1-ε, ε/4 to each other outcome (ε = {b.baseline_smoothing:g})."
        " * a partial year: scored only where the record has the placement."
    )
    return [
        table(
            f"Backtest {b.start}–{b.end}: model vs 'same tier as last year'",
            cols,
            [*[row(c) for c in b.by_year], row(b.overall)],
            caption,
        ),
        table(
            "By situation before the report (previous tier and Watch List clock)",
            ["Situation", *cols[1:]],
            [row(c) for c in b.by_situation],
        ),
    ]


# -- sanctions actually applied -------------------------------------------------------------
@app.command("sanctions-applied", rich_help_panel=PANEL)
def sanctions_applied(
    start: FromOpt = None,
    end: ToOpt = None,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart",
            help="Also draw the chart to this file (.png, .svg or .html, offline).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """What the President actually decided for the Tier 3 governments, report year by year.

    How many received full restrictions, a partial waiver or a full national-interest
    waiver under 22 U.S.C. 7107(d), from the Presidential Determinations on record. Where
    only part of a determination is on record, governments withheld may have a waiver in the
    part not seen, and those not named are counted as not seen, never as 'no sanctions'.
    E.g. tiptiers sanctions-applied --from 2017 --chart sanctions.png
    """
    use_db(db)
    from tiptiers import api

    if chart is not None:
        from tiptiers.report.files import check_file_target
        from tiptiers.report.maps import format_for, prewarm

        format_for(chart)
        check_file_target(chart)  # before the work: a refusal is one line
        prewarm()
    result = api.sanctions_applied(start, end)
    from tiptiers.analysis.sanctions_applied import SANCTIONS_APPLIED_COLUMNS

    render(
        fmt,
        json_data=result.to_dict,
        csv_rows=result.to_rows,
        csv_columns=SANCTIONS_APPLIED_COLUMNS,
        table_fn=lambda: _sanctions_applied_tables(result),
    )
    if chart is not None:
        from tiptiers.report.sanctions_chart import render_sanctions_chart

        render_sanctions_chart(result, chart, None)
        sys.stderr.write(f"Wrote {chart}\n")


#: Column headers of the sanctions-applied table (the caption says what each means).
APPLIED_HEADERS = {
    "full_restrictions": "Full",
    "restrictions_seen": "Held",
    "partial_waiver": "Part w.",
    "full_waiver": "Full w.",
    "waiver": "Waiver",
    "other": "Other",
    "not_seen": "Unseen",
    "no_document": "No text",
    "not_named": "Unnamed",
}


def _sanctions_applied_tables(result: SanctionsApplied) -> list[Any]:
    from tiptiers.analysis.sanctions_applied import OUTCOME_MEANINGS

    shown = [k for k in APPLIED_HEADERS if any(y.counts()[k] for y in result.years)]
    doc = {"complete": "whole", "partial": "[yellow]part[/]", "none": "[red]none[/]"}
    rows = []
    for y in result.years:
        counts = y.counts()
        rows.append(
            (
                str(y.year),
                ", ".join(y.pd_numbers) or "—",
                doc.get(y.document, y.document),
                str(y.tier3),
                *[str(counts[k]) if counts[k] else "" for k in shown],
            )
        )
    caption = (
        "Year: the TIP Report whose Tier 3 list (T3) the determination (PD) acts on, for the"
        " next fiscal year. Text: how much of the PD is on record. "
        + "; ".join(f"{APPLIED_HEADERS[k]}: {OUTCOME_MEANINGS[k]}" for k in shown)
        + "."
    )
    if {y.document for y in result.years} & {"partial", "none"}:
        caption += (
            " Where the text on record is partial or missing, the counts say what the record"
            " holds, not what was applied: a missing determination is not 'no sanctions'."
        )
    span = f"{result.start}–{result.end}"
    out = [
        table(
            f"Sanctions applied to Tier 3 governments, {span} reports (22 U.S.C. 7107(d))",
            ["Year", "PD", "Text", "T3", *[APPLIED_HEADERS[k] for k in shown]],
            rows,
            caption,
        )
    ]
    second = [(y, y.second_counts()) for y in result.years]
    coded = [(y, c) for y, c in second if c is not None]
    if coded:
        keys = ("full_waiver", "subsequent_compliance", "partial_waiver", "sanctioned", "not_coded")
        out.append(
            table(
                "Beside it, a second source: Kelley & Simmons' coding of the whole texts",
                ["Year", "T3", "Full w.", "(d)(3)", "Part w.", "Sanctioned", "Not coded"],
                [
                    (str(y.year), str(y.tier3), *[str(c[k]) if k in c else "" for k in keys])
                    for y, c in coded
                ],
                "Their coding, as docs/PANEL.md reads it (it reproduces Kelley's published"
                " counts for 2003-2005 and 2010, and differs from them by one government in"
                " 2006-2009 and 2011); shown beside the record's texts, never merged into them. (d)(3): a"
                " finding of compliance or significant efforts after the report. Not coded:"
                " North Korea, which the source leaves out.",
            )
        )
    return out
