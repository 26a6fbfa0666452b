"""A database seeded from an older packaged record, opened by this tiptiers: refreshed when
nothing was imported since (once, even by concurrent opens; a killed refresh leaves the old
record), left alone with a notice when something was (tiptiers db refresh brings it in)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tiptiers.cli import main
from tiptiers.model import Placement, Tier
from tiptiers.record import packaged_record
from tiptiers.store import Store, migrations, resolve_url
from tiptiers.store import packaged as pk
from tiptiers.store import refresh as rf

OLD_YEAR = 2022  # the old record lacks this year's rows (the re-import completed it)


def _age(url: str, *, imported: bool = False) -> int:
    """Make ``url`` a database seeded from an older packaged record (as a tiptiers before
    fingerprints left it), with a reporting-cycle user that must survive, and with
    ``imported`` a user's import since. Returns how many placements the old record lacks."""
    with Store.open(url) as store:
        migrations.upgrade(store)
        if imported:
            _import_one(store)
    engine = create_engine(resolve_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE sources SET name = 'packaged record' WHERE id = 1"))
            lacking = conn.execute(
                text("DELETE FROM placements WHERE year = :y"), {"y": OLD_YEAR}
            ).rowcount
            conn.execute(text("UPDATE coverage SET note = 'old note' WHERE year = 2001"))
            conn.execute(
                text(
                    "INSERT INTO users (name, password_hash, site_admin, created_at)"
                    " VALUES ('ana', NULL, false, '2026-01-01T00:00:00+00:00')"
                )
            )
    finally:
        engine.dispose()
    return int(lacking)


def _users(url: str) -> list[str]:
    engine = create_engine(resolve_url(url))
    try:
        with engine.connect() as conn:
            return [str(n) for n in conn.execute(text("SELECT name FROM users")).scalars()]
    finally:
        engine.dispose()


def _import_one(store: Store) -> None:
    year = packaged_record().last_year + 1
    store.import_rows([Placement("CHN", year, Tier.T3, "mine")], {}, {year}, source_name="mine.csv")


def test_a_new_database_holds_this_packaged_record(store_url: str) -> None:
    with Store.open(store_url) as store:
        assert store.packaged_note is None
        state, changes = rf.diff(store)
        assert state is None
        assert not any(c.any for c in changes)  # the seed's rows are the packaged rows


def test_an_old_database_is_refreshed_on_open(store_url: str) -> None:
    lacking = _age(store_url)
    assert lacking > 0
    with Store.open(store_url) as store:
        note = store.packaged_note
        assert note is not None and "\n" not in note
        assert f"placements {lacking} added, 0 changed, 0 removed" in note
        assert "coverage 0 added, 1 changed, 0 removed" in note
        assert store.record() == packaged_record()
        assert store.revision() == 2
        log = store.imports()
        assert [e["name"] for e in log] == ["packaged record", f"{pk.seed_name()} refreshed"]
        assert log[-1]["revision"] == 2
    assert _users(store_url) == ["ana"]  # reporting cycles' tables untouched
    with Store.open(store_url) as store:  # once
        assert store.packaged_note is None
        assert store.revision() == 2


def test_an_old_database_with_an_import_is_kept_and_noticed(store_url: str) -> None:
    lacking = _age(store_url, imported=True)
    with Store.open(store_url) as store:
        note = store.packaged_note
        assert note is not None
        assert "mine.csv" in note and "tiptiers db refresh --yes" in note
        assert store.revision() == 2  # nothing written
        assert not [p for p in store.record() if p.year == OLD_YEAR]
        state, changes = rf.diff(store)
        assert state is not None and state.imports == ("mine.csv",)
        assert rf.refresh(store) is None  # not without force
        by_table = {c.table: c for c in changes}
        assert by_table["placements"].added == lacking
        assert by_table["placements"].removed == 1  # the import's row
        done = rf.refresh(store, force=True)
        assert done is not None and done.overwritten == ("mine.csv",)
        assert store.record() == packaged_record()
    assert _users(store_url) == ["ana"]


_OPENER = textwrap.dedent(
    """
    import os, sys, time
    url, ready, go = sys.argv[1], sys.argv[2], sys.argv[3]
    import sqlalchemy, alembic.command, tiptiers.record, tiptiers.store
    open(ready, "w").close()
    while not os.path.exists(go):
        time.sleep(0.001)
    store = tiptiers.store.Store.open(url)
    print(len(store.record()), store.revision())
    """
)


def test_concurrent_opens_of_an_old_database_refresh_once(store_url: str, tmp_path: Path) -> None:
    _age(store_url)
    go = tmp_path / "go"
    env = {k: v for k, v in os.environ.items() if k != "TIPTIERS_DATABASE_URL"}
    ready = [tmp_path / f"ready-{i}" for i in range(3)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPENER, store_url, str(r), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for r in ready
    ]
    deadline = time.monotonic() + 120
    while not all(r.exists() for r in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        assert out.split() == [str(len(packaged_record())), "2"]
    with Store.open(store_url) as store:
        names = [e["name"] for e in store.imports()]
        assert names == ["packaged record", f"{pk.seed_name()} refreshed"]  # exactly once


_KILLED = textwrap.dedent(
    """
    import sys, time
    url, inside = sys.argv[1], sys.argv[2]
    from tiptiers.store import refresh

    def stall():  # called by refresh after the tables are rewritten, before the commit
        open(inside, "w").close()
        time.sleep(600)
        return "never"

    refresh.seed_name = stall
    import tiptiers.store
    tiptiers.store.Store.open(url)
    """
)


def test_a_killed_refresh_leaves_the_old_record(store_url: str, tmp_path: Path) -> None:
    lacking = _age(store_url)
    inside = tmp_path / "inside"
    env = {k: v for k, v in os.environ.items() if k != "TIPTIERS_DATABASE_URL"}
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED, store_url, str(inside)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 120
    while not inside.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert inside.exists(), proc.communicate()[1]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    engine = create_engine(resolve_url(store_url))
    try:
        with engine.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM placements")).scalar_one()
            names = list(conn.execute(text("SELECT name FROM sources")).scalars())
    finally:
        engine.dispose()
    assert count == len(packaged_record()) - lacking  # the old record, whole
    assert names == ["packaged record"]
    with Store.open(store_url) as store:  # and the next open refreshes it
        assert store.record() == packaged_record()
        assert store.revision() == 2


def test_cli_says_it_once_and_db_refresh_brings_it_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(tmp_path / "old.sqlite3")
    _age(url)
    assert main(["country", "CHN", "--format", "json", "--db", url]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("tiptiers: note: ") and "refreshed" in err[0]
    assert main(["country", "CHN", "--format", "json", "--db", url]) == 0
    assert capsys.readouterr().err == ""  # said once

    url = str(tmp_path / "mine.sqlite3")
    _age(url, imported=True)
    assert main(["country", "CHN", "--format", "json", "--db", url]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "tiptiers db refresh --yes" in err[0]
    assert main(["db", "refresh", "--dry-run", "--format", "json", "--db", url]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["written"] is False and dry["imports_replaced"] == ["mine.csv"]
    assert {c["table"]: c["removed"] for c in dry["changes"]}["placements"] == 1
    assert main(["db", "refresh", "--db", url]) == 2  # replacing imports needs --yes
    assert "--yes" in capsys.readouterr().err
    assert main(["db", "refresh", "--yes", "--format", "json", "--db", url]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["written"] is True and done["revision"] == 3
    assert main(["db", "refresh", "--db", url]) == 0
    assert "nothing to refresh" in capsys.readouterr().out
    with Store.open(url) as store:
        assert store.record() == packaged_record()


def test_an_old_database_with_an_import_gets_the_statute_s_codes(store_url: str) -> None:
    """A database whose determinations still carry the source's labels (Alembic 0004: d1, d2
    the (d)(1)(A) restrictions, d3/d4 the waivers) and an import since is not refreshed, but
    its codes are migrated on open: one meaning per code (issue 24)."""
    from alembic import command

    _age(store_url, imported=True)
    engine = create_engine(resolve_url(store_url))
    try:
        with engine.begin() as conn:
            command.downgrade(migrations.config(conn), "0004_determination_codes")
            old = dict(
                conn.execute(
                    text("SELECT determination, count(*) FROM determinations GROUP BY 1")
                ).all()
            )
    finally:
        engine.dispose()
    assert {"d1", "d2", "d3", "d4", "compliance", "waiver"} <= set(old)
    with Store.open(store_url) as store:
        assert store.packaged_note is not None and "mine.csv" in store.packaged_note
        assert store.record().determinations == packaged_record().determinations
        assert [p for p in store.record() if p.source == "mine"]  # the import is kept
