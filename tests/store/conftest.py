"""Fixtures of the store tests: every store test runs on SQLite and on PostgreSQL.

``store_url`` is a fresh database location: a SQLite file path in ``tmp_path``, or a new
database on the test PostgreSQL server (see ``postgres_database`` in tests/conftest.py).
The user's own database is never touched: ``TIPTIERS_DATABASE_URL`` is unset and
``XDG_DATA_HOME`` points into ``tmp_path``.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_user_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TIPTIERS_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A location for a new database: a SQLite file path, or a new PostgreSQL database."""
    if request.param == "sqlite":
        (tmp_path / "db").mkdir()
        return str(tmp_path / "db" / "tiptiers.sqlite3")
    return str(request.getfixturevalue("postgres_database"))


@pytest.fixture
def is_sqlite(store_url: str) -> bool:
    return "://" not in store_url
