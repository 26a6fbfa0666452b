"""What every command shares: the output format, the database option, one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any

import typer

from tiptiers.errors import BadInput


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class DataFormat(StrEnum):
    table = "table"
    json = "json"


FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="table (for people), json or csv (for programs)."),
]
DataFormatOpt = Annotated[
    DataFormat,
    typer.Option("--format", "-f", help="table (for people) or json (for programs)."),
]
RegionOpt = Annotated[
    str | None,
    typer.Option("--region", "-r", help="Only this regional bureau: AF, EAP, EUR, NEA, SCA, WHA."),
]
SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source",
        "-s",
        help="Whose placements: official (the State Department's record, the default) or"
        " cycle:ID, a published reporting cycle's own, shown beside the official ones"
        " (tiptiers cycle list).",
        show_default=False,
    ),
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: a SQLite file path or a URL (sqlite:///..., postgresql+psycopg://...)."
        " Default: $TIPTIERS_DATABASE_URL, else the embedded SQLite file.",
        show_default=False,
    ),
]


def use_db(db: str | None) -> None:
    if db is not None:
        from tiptiers.api import use_database

        use_database(db)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def emit_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    from tiptiers.tabular import csv_text

    sys.stdout.write(csv_text(rows, columns))


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def progress_console() -> Any:
    """The console for a progress bar: stderr, if it is an interactive terminal.

    Elsewhere (a file, a pipe, a CI log) there is no bar: rich would print the bar's last
    state, or an empty line, when it stops, ahead of the result or of a one-line error.
    """
    from rich.console import Console

    c = Console(stderr=True)
    return c if c.is_interactive else None


class Bar:
    """A running progress bar (see :func:`progress_bar`)."""

    def __init__(self, bar: Any, task: Any) -> None:
        self._bar, self._task = bar, task

    def step(self, description: str) -> None:
        """One step done; ``description`` names the next."""
        self._bar.update(self._task, advance=1, description=description)

    def update(self, **fields: Any) -> None:
        """Set the bar's fields: ``completed``, ``total``, ``description``."""
        self._bar.update(self._task, **fields)


@contextmanager
def progress_bar(
    title: str, total: int | None, first: str, quiet: bool, *, percent: bool = False
) -> Iterator[Bar | None]:
    """A transient progress bar on stderr, titled ``title``, of ``total`` steps (None: not
    known yet), showing ``first`` until the first step (``percent``: a percentage and the
    time elapsed rather than steps done of the total); None with ``quiet`` or where stderr
    is not an interactive terminal (see :func:`progress_console`)."""
    console = None if quiet else progress_console()
    if console is None:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    done: tuple[Any, ...] = (
        (TaskProgressColumn(), TimeElapsedColumn()) if percent else (MofNCompleteColumn(),)
    )
    columns = (
        TextColumn(f"[bold]{title}[/]"),
        BarColumn(),
        *done,
        TextColumn("{task.description}"),
    )
    with Progress(*columns, transient=True, console=console) as bar:
        yield Bar(bar, bar.add_task(first, total=total))


def table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    caption: str | None = None,
) -> Any:
    from rich.table import Table

    t = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    return t


def render(
    fmt: str,
    *,
    json_data: Callable[[], Any],
    csv_rows: Callable[[], Iterable[dict[str, Any]]] | None = None,
    csv_columns: Sequence[str] | None = None,
    table_fn: Callable[[], Any],
    caveat: str = "",
) -> None:
    """Print an answer in the chosen format (table rendering imports rich only when used).

    ``caveat`` (a partial year's) is part of the table; with JSON or CSV, whose shape is the
    API's, it goes to stderr as one ``tiptiers: note:`` line, so a script's data stay clean
    and its log still says the counts are not the report's totals.
    """
    if caveat and fmt in ("json", "csv"):
        sys.stderr.write(f"tiptiers: note: {caveat}\n")
    if fmt == "json":
        emit_json(json_data())
    elif fmt == "csv":
        if csv_rows is None:
            raise BadInput("this command has no CSV form: use --format json")
        emit_csv(csv_rows(), csv_columns)
    else:
        out = table_fn()
        c = console()
        for item in out if isinstance(out, list) else [out]:
            c.print(item)


TIER_STYLE = {"1": "green", "2": "cyan", "2WL": "yellow", "3": "red", "special_case": "magenta"}


def tier_text(code: str | None) -> str:
    from tiptiers.model import Tier

    if code is None:
        return "—"
    t = Tier(code)
    return f"[{TIER_STYLE[t.value]}]{t.label}[/]"
