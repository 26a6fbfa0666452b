"""The Typer program every command registers on (``@app.command()``), and how it is shown
only the command it runs.

Imported by :func:`tiptiers.cli.register` with the command modules, never by
``tiptiers.cli`` itself: the console script pauses the garbage collector before Typer loads
(see :func:`tiptiers.cli.run`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer

app = typer.Typer(
    name="tiptiers",
    help="The U.S. Trafficking in Persons Report tier system: the record of placements since"
    " 2001, the statute (22 U.S.C. 7106-7107) as code, analysis, maps and reports.\n\n"
    "Start with: tiptiers info · tiptiers country China · tiptiers year 2017 --tier 3 ·"
    " tiptiers explain China 2013 · tiptiers clock 2013",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(show: bool) -> None:
    if show:
        from tiptiers.version import __version__

        typer.echo(f"tiptiers {__version__}")
        raise typer.Exit()


@app.callback()
def _group(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        help="Print the version of tiptiers and exit.",
        callback=_version,
        is_eager=True,
    ),
) -> None:
    # A callback keeps tiptiers a group of commands even when only one command module is
    # imported (Typer runs a lone command as the whole program).
    pass


def command_name(info: Any) -> str:
    """The name Typer gives a registered command (its function's, with dashes)."""
    return str(info.name or info.callback.__name__.lower().replace("_", "-"))


@contextmanager
def only_the_command(command: str | None) -> Iterator[None]:
    """While a known command runs, the app lists only that command: Typer reads the
    signature of every listed command's function (evaluating its annotations) each time it
    builds the program, which cost a query more than the query itself."""
    every = app.registered_commands
    if command is not None:
        app.registered_commands = [c for c in every if command_name(c) == command]
    try:
        yield
    finally:
        app.registered_commands = every
