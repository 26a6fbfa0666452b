"""Fixtures shared by every test directory.

``record`` and ``reg``: the packaged record and the country registry, read once per session
(the web tests override ``record`` with the one their app serves). ``make_record``: a small
record of one's own from (iso3, year, tier) rows.

``postgres_url``: the server named by ``TIPTIERS_TEST_POSTGRES_URL`` (start one with
``eval "$(bash .ci/postgres.sh)"``). Without it the test is skipped, except under CI
(``CI`` set), where a missing or unreachable server fails the test instead of skipping it.
``postgres_database``: a fresh, empty database on that server for one test, dropped after.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator

import pytest

from tiptiers.countries import Registry, registry
from tiptiers.model import TIERS, Placement, Record, Tier, YearCoverage
from tiptiers.record import packaged_record


@pytest.fixture(scope="session")
def record() -> Record:
    return packaged_record()


@pytest.fixture(scope="session")
def reg() -> Registry:
    return registry()


def build_record(
    rows: Iterable[tuple[str, int, str]], years: Iterable[int], partial: Iterable[int] = ()
) -> Record:
    """A record from (iso3, year, tier) rows; every year complete unless in ``partial``
    (then only its Watch List and Tier 3 lists are complete)."""
    part = set(partial)
    cov = [
        YearCoverage(y, {t: (y not in part or t in (Tier.T2WL, Tier.T3)) for t in TIERS})
        for y in years
    ]
    return Record.build((Placement(i, y, Tier.parse(t)) for i, y, t in rows), cov)


@pytest.fixture(scope="session")
def make_record() -> Callable[..., Record]:
    """:func:`build_record`, for tests that need a small record of their own."""
    return build_record


POSTGRES_ENV = "TIPTIERS_TEST_POSTGRES_URL"
_HOW = 'start one with: eval "$(bash .ci/postgres.sh)"'


def _libpq(url: str) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://...) as libpq takes it."""
    scheme, sep, rest = url.partition("://")
    return f"postgresql://{rest}" if sep and scheme.startswith("postgres") else url


def _with_database(url: str, name: str) -> str:
    head, sep, tail = url.rpartition("/")
    query = tail.partition("?")[1:]
    return f"{head}/{name}{''.join(query)}" if sep else url


def _unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required under CI: {why}; {_HOW}", pytrace=False)
    pytest.skip(f"no PostgreSQL: {why} ({_HOW})")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test server's URL (SQLAlchemy form), checked to accept connections."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        _unavailable(f"{POSTGRES_ENV} is not set")
    try:
        import psycopg

        with psycopg.connect(_libpq(url), connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        _unavailable(f"cannot connect to {POSTGRES_ENV} ({' '.join(str(exc).split())})")
    return url


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[str]:
    """A new empty database for one test; its URL. Dropped afterwards."""
    import psycopg

    name = f"tiptiers_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(postgres_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(postgres_url, name)
    finally:
        _drop_database(postgres_url, name)


def _drop_database(postgres_url: str, name: str) -> None:
    """Drop a test database, waiting out a server process on it that FORCE may not end (an
    autovacuum worker on a new database is the server's, not the test role's: "must be a
    member of the role whose process is being terminated")."""
    import time

    import psycopg

    for attempt in range(50):
        try:
            with psycopg.connect(_libpq(postgres_url), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            if attempt == 49:
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session", autouse=True)
def _session_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test touches the user's database: by default everything reads a session SQLite file
    (seeded on first use); tests that need their own database set their own."""
    mp = pytest.MonkeyPatch()
    mp.setenv("TIPTIERS_DATABASE_URL", str(tmp_path_factory.mktemp("db") / "session.sqlite3"))
    mp.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    yield
    mp.undo()
