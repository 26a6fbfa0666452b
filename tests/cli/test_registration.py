"""The CLI imports only the module of the command it runs: every command must be named in
``tiptiers.cli.COMMANDS`` with the module that defines it."""

from __future__ import annotations

import importlib
import subprocess
import sys

import typer.main

from tiptiers import cli


def test_every_command_is_listed_with_its_module() -> None:
    for name in set(cli.COMMANDS.values()):
        importlib.import_module(f"tiptiers.cli.{name}")
    registered = {
        cli.command_name(c): c.callback.__module__
        for c in cli.app.registered_commands
        if c.callback is not None
    }
    listed = {command: f"tiptiers.cli.{module}" for command, module in cli.COMMANDS.items()}
    assert registered == listed


def test_a_query_imports_no_other_command_module() -> None:
    code = (
        "import sys; from tiptiers.cli import register; register(['country', 'CHN']);"
        " print(sorted(m for m in sys.modules if m.startswith('tiptiers.cli.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['tiptiers.cli.common', 'tiptiers.cli.query']"


def test_the_help_lists_every_command() -> None:
    cli.register([])
    group = typer.main.get_command(cli.app)
    assert set(group.list_commands(None)) == set(cli.COMMANDS)  # type: ignore[attr-defined, arg-type]
