"""The tiptiers command line: one thin command per use case, ``--format table|json|csv``.

Commands live in modules by topic (query, law, scenario, analysis, render, news, serve) and import
what they need only when they run. :func:`main` imports only the module of the command it
is asked for (:data:`COMMANDS`; ``--help``, no command or a name it does not know import
them all), so that a JSON query does not pay for the other commands' imports.

To add a command: decorate it with ``@app.command()`` (the Typer program of
:mod:`tiptiers.cli.program`) in a module of this package and name it in :data:`COMMANDS` (a
test checks that every registered command is listed there). This module itself imports
neither Typer nor a command, so that the console script (:func:`run`) can load them with the
garbage collector paused.
Errors a user can fix print one line on stderr and exit with code 2; never a traceback.
"""

from __future__ import annotations

import gc
import sys

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
    "cite": "cite",
    "cycle": "cycle",
    "users": "cycle",
    "db": "db",
}
_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


def _command(argv: list[str] | None) -> str | None:
    """The command ``argv`` names, if it is one of :data:`COMMANDS`."""
    args = sys.argv[1:] if argv is None else argv
    command = next((a for a in args if not a.startswith("-")), None)
    return command if command in COMMANDS else None


def register(argv: list[str] | None = None) -> None:
    """Import Typer's program and the command modules that ``argv`` needs: the module of
    its command, or every module (for the overall help, or a command name not in
    :data:`COMMANDS`)."""
    import importlib

    command = _command(argv)
    names = (COMMANDS[command],) if command is not None else _MODULES
    for name in names:
        importlib.import_module(f"tiptiers.cli.{name}")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tiptiers`` console script."""
    from tiptiers.errors import TiptiersError

    if (sys.argv[1:] if argv is None else argv) in (["--version"], ["-V"]):
        from tiptiers.version import __version__  # no need to load Typer to say it

        sys.stdout.write(f"tiptiers {__version__}\n")
        return 0
    register(argv)
    from tiptiers import api
    from tiptiers.cli.program import app, only_the_command

    api.on_store_note(lambda note: sys.stderr.write(f"tiptiers: note: {note}\n"))

    try:
        with only_the_command(_command(argv)):
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
    """Console-script wrapper: exit with :func:`main`'s code.

    The garbage collector is paused while Typer and the command's module load: they
    allocate tens of thousands of objects that live as long as the process, and collecting
    while they load only walks them again and again. Once loaded they are frozen (moved out
    of the collector's sight) and the collector runs again for the command; they are
    frozen once more at the end, so the collection at exit does not walk what the command
    kept either. This is about an eighth of a query's run (docs/PERFORMANCE.md, start-up).
    """
    gc.disable()
    try:
        register()
    finally:
        gc.freeze()
        gc.enable()
    code = main()
    gc.freeze()
    raise SystemExit(code)


if __name__ == "__main__":
    run()
