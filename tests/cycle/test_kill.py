"""A process killed with SIGKILL in the middle of saving loses nothing it committed: every
save it reported is in the database, the chain verifies, and SQLite's file (in WAL mode,
synchronous=NORMAL) is intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from tests.cycle.conftest import team

from tiptiers.cycle.service import Cycles
from tiptiers.store import Store

SAVER = textwrap.dedent(
    """
    import sys
    from tiptiers.cycle.service import Cycles
    from tiptiers.store import Store

    svc = Cycles(Store.open(sys.argv[1]))
    version = svc.assessment(1, "THA", "ana")["version"]
    n = 0
    while True:
        n += 1
        facts = {"fully_complies": False, "making_significant_efforts": n % 2 == 0}
        version = svc.save_facts("ana", 1, "THA", facts, version)["version"]
        svc.add_evidence("ana", 1, "THA", {"fact": "fully_complies", "title": f"source {n}"})
        print(version, n, flush=True)
    """
)


def kill_during_saves(url: str) -> tuple[int, int]:
    """Run the saver until it has reported 15 saves, SIGKILL it in the middle of the next
    ones; the last version and evidence count it reported."""
    proc = subprocess.Popen(
        [sys.executable, "-c", SAVER, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    last = (0, 0)
    deadline = time.monotonic() + 120
    while last[1] < 15:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "the saver stopped"
        last = tuple(int(x) for x in line.split())  # type: ignore[assignment]
        assert time.monotonic() < deadline
    time.sleep(0.013)  # somewhere inside a later save
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for line in proc.stdout:  # saves reported before the kill, still in the pipe
        last = tuple(int(x) for x in line.split())  # type: ignore[assignment]
    return last


def check(url: str, reported: tuple[int, int]) -> None:
    svc = Cycles(Store.open(url))
    state = svc.assessment(1, "THA", "ana")
    version, saves = reported
    assert state["version"] >= version  # nothing committed was lost
    assert len(state["evidence"]) >= saves
    check = svc.verify(1)
    assert check.ok, check.why
    svc.store.close()


def test_sigkill_during_saves_on_sqlite(tmp_path: Path) -> None:
    url = str(tmp_path / "kill.db")
    store = Store.open(url)
    team(Cycles(store))
    store.close()
    reported = kill_during_saves(url)
    # the file is in WAL mode and the killed writer left its log: the last commits may
    # be only there, and the next open must read them
    assert Path(url + "-wal").exists()
    check(url, reported)
    import sqlite3

    con = sqlite3.connect(url)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


@pytest.mark.postgres
def test_sigkill_during_saves_on_postgresql(postgres_database: str) -> None:
    store = Store.open(postgres_database)
    team(Cycles(store))
    store.close()
    check(postgres_database, kill_during_saves(postgres_database))
