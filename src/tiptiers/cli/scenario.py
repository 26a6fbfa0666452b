"""The scenario command: replay the Watch List clock over the record under a changed law."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tiptiers.cli.common import DbOpt, Format, FormatOpt, render, table, tier_text, use_db
from tiptiers.cli.program import app

PANEL = "The law"


@app.command(rich_help_panel=PANEL)
def scenario(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A scenario file (YAML or JSON; see 'tiptiers schema scenario'), or a bundled"
            " one by name: baseline, one-year-waiver-from-2009, no-waivers,"
            " three-year-watch-list-limit, no-automatic-downgrade, no-relisting-bar.",
        ),
    ],
    start: Annotated[
        int | None, typer.Option("--from", help="First report year to list (default: all).")
    ] = None,
    end: Annotated[
        int | None, typer.Option("--to", help="Last report year to list (default: all).")
    ] = None,
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            metavar="OTHER",
            help="Compare with another scenario instead of the law as it was.",
        ),
    ] = None,
    traces: Annotated[
        bool,
        typer.Option("--traces/--no-traces", help="JSON: include both explanations' steps."),
    ] = True,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """What if the law had been different? Replay the Watch List clock over the record.

    Lists every country-year whose tier the scenario changes (with the reason from the
    clock), the counts per year, and who the scenario's clock treats differently in the next
    report. Only what the clock forces changes; every other finding is held fixed — the
    output says so. E.g. tiptiers scenario examples/one-year-waiver-from-2009.yaml --from 2012
    """
    use_db(db)
    from tiptiers import api

    r = api.scenario(file, against=against, start=start, end=end)
    from tiptiers.law.scenario import CSV_COLUMNS

    def tables() -> list[Any]:
        from rich.text import Text

        out: list[Any] = [
            Text.from_markup(f"[bold]{r.scenario.name}[/] — against {r.against.name.lower()}"),
        ]
        if r.scenario.description:
            out.append(Text(r.scenario.description))
        out.append(
            table(
                f"Changed country-years, {r.first}–{r.last}",
                ["Year", "Country", "As it was", "Scenario", "Why"],
                [
                    (
                        c.year,
                        c.name,
                        tier_text(c.actual.value),
                        tier_text(c.scenario.value),
                        c.sentence.split(" — ", 1)[-1],
                    )
                    for c in r.changes
                ],
                r.summary() if r.changes else "No country-year changes in these years.",
            )
        )
        counts = [c for c in r.counts if c.tier3_added or c.tier3_removed]
        if counts:
            out.append(
                table(
                    "Counts per year",
                    ["Year", "Tier 3 added", "Tier 3 removed (Watch List instead)"],
                    [(c.year, c.tier3_added, c.tier3_removed) for c in counts],
                )
            )
        out.append(
            table(
                f"The next report ({r.forward_year}): whose clock differs",
                ["Country", "As it was", "Scenario", "Scenario's clock"],
                [(f.name, f.actual.value, f.scenario.value, f.scenario_reason) for f in r.forward],
                None if r.forward else "No country's clock differs.",
            )
        )
        out.append(Text("Limits of this counterfactual:", style="bold"))
        out.extend(Text(f"- {line}") for line in r.limits)
        return out

    render(
        fmt.value,
        json_data=lambda: r.to_dict(traces=traces),
        csv_rows=r.to_rows,
        csv_columns=CSV_COLUMNS,
        table_fn=tables,
        caveat=" ".join(r.limits[:2]) if fmt is not Format.table else "",
    )
