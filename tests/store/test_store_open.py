"""Opening the store: where it is, seeding (also by two processes at once), reading, errors."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tiptiers.errors import StoreError
from tiptiers.record import packaged_record
from tiptiers.store import (
    SCHEMA_VERSION,
    Store,
    default_path,
    hide_password,
    read,
    resolve_url,
)
from tiptiers.store.packaged import seed_name

PLACEMENTS = 4193


# -- seeding ------------------------------------------------------------------------------
def test_first_open_seeds_the_packaged_record(store_url: str) -> None:
    with Store.open(store_url) as store:
        record = store.record()
        assert len(record) == PLACEMENTS
        assert record == packaged_record()
        assert record.roles == packaged_record().roles
        assert dict(record.coverage) == dict(packaged_record().coverage)
        # the printed counts reach a stored record too: its years are checked against them
        assert record.year_check(2014).complete and not record.year_check(2020).complete
        assert store.revision() == 1
        assert [(e["name"], e["placements"], e["revision"]) for e in store.imports()] == [
            (seed_name(), PLACEMENTS, 1)
        ]


def test_reopening_does_not_seed_again(store_url: str) -> None:
    Store.open(store_url).close()
    with Store.open(store_url) as store:
        assert store.revision() == 1
        assert len(store.imports()) == 1
        assert len(store.record()) == PLACEMENTS


def test_record_is_cached_per_revision(store_url: str) -> None:
    with Store.open(store_url) as store:
        assert store.record() is store.record()


_SEEDER = textwrap.dedent(
    """
    import os, sys, time
    url, ready, go = sys.argv[1], sys.argv[2], sys.argv[3]
    import sqlalchemy, tiptiers.record, tiptiers.store  # the slow imports, before the start
    open(ready, "w").close()
    while not os.path.exists(go):
        time.sleep(0.001)
    store = tiptiers.store.Store.open(url)
    print(len(store.record()), store.revision())
    """
)


def test_concurrent_first_opens_seed_once(store_url: str, is_sqlite: bool, tmp_path: Path) -> None:
    go = tmp_path / "go"
    env = {k: v for k, v in os.environ.items() if k != "TIPTIERS_DATABASE_URL"}
    ready = [tmp_path / f"ready-{i}" for i in range(4)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _SEEDER, store_url, str(r), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for r in ready
    ]
    deadline = time.monotonic() + 60
    while not all(r.exists() for r in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()  # all at once
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert out.split() == [str(PLACEMENTS), "1"]
    with Store.open(store_url) as store:
        assert store.record() == packaged_record()
        assert store.revision() == 1
        assert len(store.imports()) == 1  # seeded exactly once
    if is_sqlite:
        path = Path(store_url)
        assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temp files
        con = sqlite3.connect(path)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert con.execute("SELECT count(*) FROM placements").fetchone() == (PLACEMENTS,)
        finally:
            con.close()


# -- the two read paths ---------------------------------------------------------------------
def test_sqlite3_and_sqlalchemy_read_the_same_record(tmp_path: Path) -> None:
    from tiptiers.model import Placement, Roles, Tier

    store = Store.open(str(tmp_path / "x.sqlite3"))
    _, fast = read.read_with_sqlite3(store, None)
    _, full = read.read_with_sqlalchemy(store, None)
    assert fast == full == packaged_record()
    # also with what an import adds: a new year, changed roles, unknown flags
    year = packaged_record().last_year + 1
    store.import_rows(
        [
            Placement("CHN", year, Tier.T3, "t", waiver=None, auto_downgrade=True),
            Placement("AFG", year, Tier.SPECIAL_CASE, "t", sanctions_full_waiver=False),
        ],
        {"CHN": Roles(True, None, False)},
        {year},
        source_name="t.csv",
    )
    _, fast = read.read_with_sqlite3(store, None)
    _, full = read.read_with_sqlalchemy(store, None)
    assert fast == full
    assert fast.roles["CHN"] == Roles(True, None, False)
    assert fast.get("CHN", year) == Placement("CHN", year, Tier.T3, "t", None, True, "", None)


def test_reading_an_existing_sqlite_file_does_not_import_sqlalchemy(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    Store.open(str(path)).close()
    code = textwrap.dedent(
        f"""
        import sys
        import tiptiers.store
        assert "sqlalchemy" not in sys.modules, "import tiptiers.store imported sqlalchemy"
        store = tiptiers.store.Store.open({str(path)!r})
        assert len(store.record()) == {PLACEMENTS}
        assert store.revision() == 1
        assert "sqlalchemy" not in sys.modules, "reading imported sqlalchemy"
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- where the database is ---------------------------------------------------------------------
def test_a_plain_path_is_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "a" / "mine.sqlite3"
    path.parent.mkdir()
    store = Store.open(str(path))
    assert path.is_file()
    assert store.url == f"sqlite:///{path}"
    assert store.describe() == f"SQLite file {path}"
    assert len(store.record()) == PLACEMENTS


def test_a_relative_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = Store.open("rel.sqlite3")
    assert store.url == f"sqlite:///{tmp_path / 'rel.sqlite3'}"
    assert (tmp_path / "rel.sqlite3").is_file()


def test_a_sqlite_url_is_used_as_is(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    store = Store.open(url)
    assert store.url == url
    assert (tmp_path / "u.sqlite3").is_file()
    assert store.record() == packaged_record()


def test_in_memory_sqlite_works() -> None:
    store = Store.open("sqlite://")
    assert store.describe() == "SQLite database in memory"
    assert store.record() == packaged_record()


def test_environment_variable_names_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_path = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("TIPTIERS_DATABASE_URL", str(env_path))
    assert Store.open().url == f"sqlite:///{env_path}"
    assert env_path.is_file()
    explicit = tmp_path / "explicit.sqlite3"
    assert Store.open(str(explicit)).url == f"sqlite:///{explicit}"  # --db beats the env


def test_postgres_from_the_environment(postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIPTIERS_DATABASE_URL", postgres_database)
    with Store.open() as store:
        assert store.url == postgres_database
        assert store.describe().startswith("PostgreSQL database postgresql+psycopg://")
        assert len(store.record()) == PLACEMENTS


def test_default_is_the_user_data_directory(tmp_path: Path) -> None:
    # XDG_DATA_HOME points into tmp_path (tests/store/conftest.py)
    expected = tmp_path / "xdg-data" / "tiptiers" / "tiptiers.sqlite3"
    store = Store.open()
    assert store.url == f"sqlite:///{expected}"
    assert expected.is_file()


@pytest.mark.parametrize("xdg", [None, "", "relative/dir", "/abs/data"])
def test_default_path_agrees_with_platformdirs(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert default_path() == os.path.join(platformdirs.user_data_dir("tiptiers"), "tiptiers.sqlite3")


def test_resolve_url_and_hide_password() -> None:
    assert resolve_url("postgres://u:p@127.0.0.1/db") == "postgresql+psycopg://u:p@127.0.0.1/db"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert hide_password("postgresql+psycopg://u:p%40ss@h:5432/db?x=1") == (
        "postgresql+psycopg://u:***@h:5432/db?x=1"
    )
    assert hide_password("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert hide_password("/plain/path") == "/plain/path"


# -- errors ------------------------------------------------------------------------------------
def _one_line(exc: StoreError) -> str:
    assert "\n" not in exc.message
    return exc.message


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not SQLite\n" * 100)
    with pytest.raises(StoreError) as info:
        Store.open(str(path))
    msg = _one_line(info.value)
    assert msg.startswith(f"Cannot use the tiptiers database at sqlite:///{path}: it is not a")
    assert "point --db or TIPTIERS_DATABASE_URL at a tiptiers database or at a new file" in msg
    assert path.read_text().startswith("hello")  # untouched


def test_a_sqlite_database_of_something_else(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError) as info:
        Store.open(str(path))
    assert _one_line(info.value) == (
        f"Cannot use the tiptiers database at sqlite:///{path}: it is not a tiptiers "
        "database (no such table: meta); point --db or TIPTIERS_DATABASE_URL at a tiptiers "
        "database or at a new file."
    )


def test_an_empty_file_is_not_seeded_over(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with pytest.raises(StoreError, match="not a tiptiers database"):
        Store.open(str(path))


def test_a_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        Store.open(str(tmp_path))
    assert f"{tmp_path} is a directory" in _one_line(info.value)


def test_a_path_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as info:
        Store.open(str(blocker / "sub" / "db.sqlite3"))
    msg = _one_line(info.value)
    assert msg.startswith(f"Cannot use the tiptiers database at sqlite:///{blocker}/sub/db.sqlite3")
    assert f"{blocker}/sub does not exist" in msg and "TIPTIERS_DATABASE_URL" in msg
    with pytest.raises(StoreError) as info:
        Store.open(str(blocker / "db.sqlite3"))
    assert f"{blocker} is not a directory; create" in _one_line(info.value)


def test_a_newer_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    Store.open(str(path)).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET schema_version = 99")
    con.commit()
    con.close()
    with pytest.raises(StoreError) as info:
        Store.open(str(path))
    assert f"schema version 99 and this tiptiers reads version {SCHEMA_VERSION}" in _one_line(
        info.value
    )


@pytest.mark.parametrize(
    "url",
    ["mysql://u:secret@127.0.0.1/db", "nosuchdb+driver://u:secret@127.0.0.1/db"],
)
def test_unsupported_urls(url: str) -> None:
    with pytest.raises(StoreError) as info:
        Store.open(url)
    msg = _one_line(info.value)
    assert "secret" not in msg and "u:***@127.0.0.1" in msg
    assert "SQLite" in msg and "PostgreSQL" in msg


def test_an_unreachable_server_names_the_url_without_its_password() -> None:
    url = "postgresql+psycopg://someone:s3cret@127.0.0.1:1/nowhere"
    with pytest.raises(StoreError) as info:
        Store.open(url)
    msg = _one_line(info.value)
    assert msg.startswith(
        "Cannot use the tiptiers database at postgresql+psycopg://someone:***@127.0.0.1:1/nowhere:"
    )
    assert "s3cret" not in msg
    assert msg.endswith("check that the server is running and the URL is right, or pass --db "
                        "PATH or URL, or set TIPTIERS_DATABASE_URL.")


@pytest.mark.parametrize(
    ("user", "password"), [("postgres", "postgres"), ("u", "p")]
)
def test_a_password_that_is_also_a_word_of_the_message_leaves_the_message_whole(
    user: str, password: str
) -> None:
    """Only the password is hidden: not every "p" of the sentence, nor the scheme."""
    with pytest.raises(StoreError) as info:
        Store.open(f"postgresql+psycopg://{user}:{password}@127.0.0.1:1/{user}")
    msg = _one_line(info.value)
    assert msg.startswith(
        f"Cannot use the tiptiers database at postgresql+psycopg://{user}:***@127.0.0.1:1/{user}:"
    )
    assert msg.endswith("or pass --db PATH or URL, or set TIPTIERS_DATABASE_URL.")


def test_a_postgres_database_of_something_else(postgres_database: str) -> None:
    import psycopg

    with psycopg.connect(postgres_database.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("CREATE TABLE placements (x int)")
    with pytest.raises(StoreError) as info:
        Store.open(postgres_database)
    assert "it is not a tiptiers database (it has tables placements but no meta table)" in (
        _one_line(info.value)
    )


def test_a_missing_directory_is_created_only_for_the_default_location(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "x.sqlite3"
    for url in (str(missing), f"sqlite:///{missing}"):
        with pytest.raises(StoreError) as exc:
            Store.open(url)
        message = exc.value.message
        assert f"{missing.parent} does not exist; create it first" in message
        assert not (tmp_path / "no").exists()
    monkeypatch.setenv("TIPTIERS_DATABASE_URL", str(missing))
    with pytest.raises(StoreError):
        Store.open()
    monkeypatch.delenv("TIPTIERS_DATABASE_URL")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh" / "share"))
    with Store.open() as store:  # the default location: its directories are made
        assert store.url == f"sqlite:///{tmp_path}/fresh/share/tiptiers/tiptiers.sqlite3"
