"""CLI tests run against a fresh SQLite database of their own, never the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tiptiers import api


@pytest.fixture(autouse=True)
def cli_database(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    path = tmp_path_factory.getbasetemp() / "cli.sqlite3"
    monkeypatch.setenv("TIPTIERS_DATABASE_URL", str(path))
    api.use_database(None)
    yield path
    api.use_database(None)
