"""Fixtures of the web tests: one app over a fresh SQLite database for the whole session.

``web_db``: the database file (seeded from the packaged record on first use);
``app``: :func:`tiptiers.web.app.create_app` over it; ``client``: a TestClient of that app.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tiptiers.model import Record


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("web") / "web.sqlite3")


@pytest.fixture(scope="session")
def app(web_db: str) -> FastAPI:
    from tiptiers.web.app import create_app

    return create_app(web_db)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def record(app: FastAPI) -> Record:
    rec: Record = app.state.web.record()
    return rec


@pytest.fixture
def fresh_db(tmp_path: Path) -> str:
    """A database of one's own, for a test that writes to it."""
    return str(tmp_path / "own.sqlite3")
