"""Fixtures of the analysis tests: a runner for the CLI that reads the packaged record (never
the user's database). The record, the registry and ``make_record`` are in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tiptiers.record import packaged_record

CliRunner = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> CliRunner:
    """Run ``tiptiers ARGS`` through ``tiptiers.cli.main`` on the packaged record:
    returns (exit code, stdout, stderr)."""
    from tiptiers import api
    from tiptiers.cli import main

    monkeypatch.delenv("TIPTIERS_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setattr(api, "record", packaged_record)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run
