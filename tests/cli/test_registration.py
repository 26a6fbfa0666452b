"""The CLI imports only the module of the command it runs: every command must be named in
``tiptiers.cli.COMMANDS`` with the module that defines it."""

from __future__ import annotations

import importlib
import subprocess
import sys

import typer.main

from tiptiers import cli
from tiptiers.cli.program import app, command_name


def test_every_command_is_listed_with_its_module() -> None:
    for name in set(cli.COMMANDS.values()):
        importlib.import_module(f"tiptiers.cli.{name}")
    registered = {
        command_name(c): c.callback.__module__
        for c in app.registered_commands
        if c.callback is not None
    }
    # a group of commands (tiptiers cycle ..., tiptiers users ...) is named by its module
    for g in app.registered_groups:
        module = {c.callback.__module__ for c in g.typer_instance.registered_commands if c.callback}
        registered[str(g.name)] = module.pop()
    listed = {command: f"tiptiers.cli.{module}" for command, module in cli.COMMANDS.items()}
    assert registered == listed


def test_a_query_imports_no_other_command_module() -> None:
    code = (
        "import sys; from tiptiers.cli import register; register(['country', 'CHN']);"
        " print(sorted(m for m in sys.modules if m.startswith('tiptiers.cli.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == (
        "['tiptiers.cli.common', 'tiptiers.cli.program', 'tiptiers.cli.query']"
    )


def test_the_console_script_pauses_the_collector_only_while_it_loads() -> None:
    # run() loads Typer and the command's module with the collector off, freezes what
    # they allocated, and runs the command with the collector on.
    code = """
import gc, sys
import tiptiers.cli as cli
seen = {}
load = cli.register
def register(argv=None):
    seen["loading"] = gc.isenabled()
    load(argv)
def main(argv=None):
    seen["running"] = gc.isenabled()
    seen["frozen"] = gc.get_freeze_count() > 10_000
    return 3
cli.register, cli.main = register, main
sys.argv[1:] = ["country", "CHN"]
try:
    cli.run()
except SystemExit as exc:
    seen["exit"] = exc.code
print(sorted(seen.items()))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == (
        "[('exit', 3), ('frozen', True), ('loading', False), ('running', True)]"
    )


def test_the_help_lists_every_command() -> None:
    cli.register([])
    group = typer.main.get_command(app)
    assert set(group.list_commands(None)) == set(cli.COMMANDS)  # type: ignore[attr-defined, arg-type]
