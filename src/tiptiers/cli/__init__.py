"""The tiptiers command line: one thin command per use case, ``--format table|json|csv``.

Commands live in modules by topic (query, law, scenario, analysis, render, news, serve) and import
what they need only when they run. :func:`main` imports only the module of the command it
is asked for (:data:`COMMANDS`; ``--help``, no command or a name it does not know import
them all), so that a JSON query does not pay for the other commands' imports.

To add a command: decorate it with ``@app.command()`` in a module of this package and name
it in :data:`COMMANDS` (a test checks that every registered command is listed there).
Errors a user can fix print one line on stderr and exit with code 2; never a traceback.
"""

from __future__ import annotations

import sys
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


@app.callback()
def _group() -> None:
    # A callback keeps tiptiers a group of commands even when only one command module is
    # imported (Typer runs a lone command as the whole program).
    pass


#: Which module of this package defines each command.
COMMANDS: dict[str, str] = {
    "country": "query",
    "year": "query",
    "changes": "query",
    "countries": "query",
    "export": "query",
    "info": "query",
    "import": "query",
    "explain": "law",
    "clock": "law",
    "schema": "law",
    "evaluate": "law",
    "consequences": "law",
    "sanctions": "law",
    "determinations": "determinations",
    "scenario": "scenario",
    "audit": "analysis",
    "regions": "analysis",
    "transitions": "analysis",
    "trajectory": "analysis",
    "forecast": "analysis",
    "sanctions-applied": "analysis",
    "map": "render",
    "chart": "render",
    "report": "render",
    "check-news": "news",
    "serve": "serve",
}
_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


def register(argv: list[str] | None = None) -> None:
    """Import the command modules that ``argv`` needs: the module of its command, or every
    module (for the overall help, or a command name not in :data:`COMMANDS`)."""
    import importlib

    args = sys.argv[1:] if argv is None else argv
    command = next((a for a in args if not a.startswith("-")), None)
    names = (COMMANDS[command],) if command in COMMANDS else _MODULES
    for name in names:
        importlib.import_module(f"tiptiers.cli.{name}")


def command_name(info: Any) -> str:
    """The name Typer gives a registered command (its function's, with dashes)."""
    return str(info.name or info.callback.__name__.lower().replace("_", "-"))


@contextmanager
def _only_the_command(argv: list[str] | None) -> Iterator[None]:
    """While a known command runs, the app lists only that command: Typer reads the
    signature of every listed command's function (evaluating its annotations) each time it
    builds the program, which cost a query more than the query itself."""
    args = sys.argv[1:] if argv is None else argv
    command = next((a for a in args if not a.startswith("-")), None)
    every = app.registered_commands
    if command in COMMANDS:
        app.registered_commands = [c for c in every if command_name(c) == command]
    try:
        yield
    finally:
        app.registered_commands = every


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tiptiers`` console script."""
    from tiptiers.errors import TiptiersError

    register(argv)
    try:
        with _only_the_command(argv):
            app(args=argv, prog_name="tiptiers", standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    except TiptiersError as exc:
        sys.stderr.write(f"tiptiers: {exc.message}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("tiptiers: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line; the traceback on request
        import os

        if os.environ.get("TIPTIERS_DEBUG"):
            raise
        sys.stderr.write(
            f"tiptiers: internal error ({type(exc).__name__}: {exc}). This is a bug in"
            " tiptiers; run again with TIPTIERS_DEBUG=1 for the traceback and report it.\n"
        )
        return 1
    return 0


def run() -> None:
    """Console-script wrapper: exit with :func:`main`'s code."""
    raise SystemExit(main())


if __name__ == "__main__":
    run()
