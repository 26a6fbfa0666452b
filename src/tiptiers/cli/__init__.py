"""The tiptiers command line: one thin command per use case, ``--format table|json|csv``.

Commands live in modules by topic (query, law, analysis, render, news, serve) and import
what they need only when they run, so that ``tiptiers --help`` and a JSON query start fast.
Errors a user can fix print one line on stderr and exit with code 2; never a traceback.
"""

from __future__ import annotations

import sys

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

_MODULES = ("query", "law", "analysis", "render", "news", "serve")


def _register() -> None:
    import importlib

    for name in _MODULES:
        try:
            importlib.import_module(f"tiptiers.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tiptiers.cli.{name}":
                raise


_register()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tiptiers`` console script."""
    from tiptiers.errors import TiptiersError

    try:
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
