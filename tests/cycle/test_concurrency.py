"""Concurrent writers keep the trail whole: threads of two service objects (two engines,
as two server workers would be) save facts, add evidence and meet each other's versions
at once; afterwards every reported save is there, each stale save was a 409 conflict and
nothing else, the events are numbered without a gap and ``cycle verify`` passes, on
SQLite (in WAL mode) and on PostgreSQL."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from tests.cycle.conftest import COUNTRIES, team

from tiptiers.cli import main
from tiptiers.cycle.core import Conflict
from tiptiers.cycle.service import Cycles
from tiptiers.store import Store

THREADS_PER_SERVICE = 5  # two threads on each country: their versions collide
SAVES = 12


def hammer(url: str) -> tuple[dict[str, int], int, list[BaseException]]:
    """Two services on ``url``, ten threads; the saves each country took, the conflicts
    met, and any other error."""
    services = [Cycles(Store.open(url)) for _ in range(2)]
    saved = dict.fromkeys(COUNTRIES, 0)
    conflicts = 0
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(2 * THREADS_PER_SERVICE)

    def work(svc: Cycles, iso3: str, k: int) -> None:
        nonlocal conflicts
        try:
            version = svc.assessment(1, iso3, "ana", history=False)["version"]
            start.wait()
            done = 0
            while done < SAVES:
                facts = {"fully_complies": False, "making_significant_efforts": (done + k) % 2 == 0}
                try:
                    version = svc.save_facts("ana", 1, iso3, facts, version)["version"]
                except Conflict as c:
                    with lock:
                        conflicts += 1
                    version = c.current["version"]
                    continue
                svc.add_evidence(
                    "ana", 1, iso3, {"fact": "fully_complies", "title": f"s{k}.{done}"}
                )
                done += 1
                with lock:
                    saved[iso3] += 1
        except BaseException as exc:  # reported by the test
            errors.append(exc)

    threads = [
        threading.Thread(target=work, args=(svc, COUNTRIES[k % len(COUNTRIES)], k))
        for n, svc in enumerate(services)
        for k in range(n * THREADS_PER_SERVICE, (n + 1) * THREADS_PER_SERVICE)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=300)
    for svc in services:
        svc.store.close()
    return saved, conflicts, errors


def check(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(url)
    team(Cycles(store))
    store.close()
    saved, _conflicts, errors = hammer(url)
    assert not errors, errors[:3]
    assert sum(saved.values()) == 2 * THREADS_PER_SERVICE * SAVES
    svc = Cycles(Store.open(url))
    try:
        for iso3 in COUNTRIES:
            state = svc.assessment(1, iso3, "ana")
            assert len(state["evidence"]) == saved[iso3]
            # a save that changed the facts is one new version and its events (one
            # timestamp); a save of the facts as they stood changes nothing
            saves = {e["at"] for e in state["history"] if e["action"] == "fact"}
            assert state["version"] - 1 == len(saves) >= SAVES
        seqs = [e["seq"] for e in svc.history(1, "ana")]
        assert seqs == list(range(1, len(seqs) + 1))
        check_ = svc.verify(1)
        assert check_.ok, check_.why
    finally:
        svc.store.close()
    assert main(["cycle", "verify", "1", "--db", url]) == 0
    assert "chain intact" in capsys.readouterr().out


def test_concurrent_saves_on_sqlite_keep_the_chain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(tmp_path / "busy.db")
    check(url, capsys)
    with sqlite3.connect(url) as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.postgres
def test_concurrent_saves_on_postgresql_keep_the_chain(
    postgres_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    check(postgres_database, capsys)
