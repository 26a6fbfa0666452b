"""The record in the web app: read once, re-read only when the store's revision changes,
checked at most once a second; answers remembered per revision and bounded in number."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tiptiers.importing import parse_csv
from tiptiers.record import packaged_record
from tiptiers.store import Store
from tiptiers.web.state import WebState

NEW_YEAR = packaged_record().last_year + 1


def import_new_year(url: str) -> None:
    """What another process (``tiptiers import``) does to the database."""
    text = f"iso3,year,tier\nCHN,{NEW_YEAR},3\nFRA,{NEW_YEAR},1\n"
    with Store.open(url) as other:
        other.import_parsed(parse_csv(text, "new.csv"))


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_import_is_seen_after_the_next_check(fresh_db: str) -> None:
    clock = Clock()
    state = WebState(Store.open(fresh_db), clock=clock)
    before = state.record()
    years = state.memo("years", lambda r: r.years)
    assert NEW_YEAR not in years
    import_new_year(fresh_db)
    clock.now += 0.5
    assert state.record() is before  # not checked yet: within the second
    assert state.memo("years", lambda r: r.years) == years
    clock.now += 0.5
    after = state.record()
    assert NEW_YEAR in after.years and after.get("CHN", NEW_YEAR) is not None
    assert state.memo("years", lambda r: r.years) == after.years  # old answers are gone
    assert state.loads == 2


def test_the_revision_is_checked_at_most_once_a_second(
    fresh_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    store = Store.open(fresh_db)
    state = WebState(store, clock=clock)
    state.record()  # read once
    checks: list[int] = []
    reads: list[int] = []
    real_revision, real_record = store.revision, store.record
    monkeypatch.setattr(store, "revision", lambda: checks.append(1) or real_revision())
    monkeypatch.setattr(store, "record", lambda: reads.append(1) or real_record())
    for _ in range(300):  # three seconds of requests, one every 10 ms
        state.memo("k", lambda r: len(r))
        clock.now += 0.01
    assert 2 <= len(checks) <= 3
    assert reads == []  # nothing changed: the record is never read again
    assert state.loads == 1


def test_memo_is_bounded_and_keeps_the_recently_used(fresh_db: str) -> None:
    state = WebState(Store.open(fresh_db), memo_size=2)
    computed: list[str] = []

    def answer(key: str) -> Any:
        return state.memo(key, lambda r: computed.append(key) or key)

    answer("a")
    answer("b")
    answer("a")  # a is now the most recent
    answer("c")  # evicts b
    answer("a")
    answer("b")
    assert computed == ["a", "b", "c", "b"]
    assert len(state) == 2


def test_errors_are_not_remembered(fresh_db: str) -> None:
    state = WebState(Store.open(fresh_db))
    calls: list[int] = []

    def failing(record: Any) -> Any:
        calls.append(1)
        return record.check_year(1900)

    for _ in range(2):
        with pytest.raises(Exception, match="No report for 1900"):
            state.memo("bad", failing)
    assert len(calls) == 2


def test_the_app_serves_an_imported_year_without_a_restart(fresh_db: str) -> None:
    from tiptiers.web.app import create_app

    app = create_app(fresh_db, check_interval=0)
    with TestClient(app) as client:
        assert client.get(f"/api/v1/years/{NEW_YEAR}").status_code == 404
        assert client.get("/healthz").status_code == 200
        import_new_year(fresh_db)
        rows = client.get(f"/api/v1/years/{NEW_YEAR}").json()
        assert {r["iso3"]: r["tier"] for r in rows} == {"CHN": "3", "FRA": "1"}
        history = client.get("/api/v1/countries/CHN").json()
        assert history["placements"][-1]["year"] == NEW_YEAR
        assert f"/year/{NEW_YEAR}" in client.get("/").text


def test_a_remembered_slow_answer_skips_the_thread_pool(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tiptiers.web.rest import common

    calls: list[object] = []
    real = common.run_in_threadpool

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(func)
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(common, "run_in_threadpool", counted)
    for path in ("/api/v1/forecast/backtest?from=2012&to=2014", "/api/v1/audit?from=2015&to=2016"):
        first = client.get(path)
        again = client.get(path)
        assert first.status_code == again.status_code == 200
        assert first.content == again.content
    assert len(calls) == 2  # once each: the repeats came from the memo on the event loop


def test_a_country_or_a_year_reads_only_its_rows(fresh_db: str) -> None:
    from fastapi.testclient import TestClient

    from tiptiers.web.app import create_app

    app = create_app(fresh_db)
    with TestClient(app) as c:
        china = c.get("/api/v1/countries/CHN")
        year = c.get("/api/v1/years/2017?format=csv")
        assert china.status_code == year.status_code == 200
        assert app.state.web.loads == 0  # neither built the whole record
        assert c.get("/api/v1/coverage").status_code == 200
        assert app.state.web.loads == 1
        assert c.get("/api/v1/countries/CHN").content == china.content  # remembered


def test_the_memo_is_bounded_by_bytes_not_only_by_count(fresh_db: str) -> None:
    """1,300 distinct answers of 100 kB each (the panel over every year pair grew a worker
    from 78 to 1,095 MB) stay within the byte bound; an answer over a quarter of it is served
    but not kept (issue 27, defect 5)."""
    from tiptiers.web.responses import Body

    limit = 4 * 1024 * 1024
    state = WebState(Store.open(fresh_db), memo_bytes=limit)
    for i in range(1300):
        body = state.memo(("panel", i), lambda _r, i=i: Body(bytes([i % 256]) * 100_000, "x/y"))
        assert len(body.content) == 100_000
        assert state.memo_bytes <= limit
    assert len(state) <= limit // 100_000
    big = state.memo("big", lambda _r: Body(b"x" * (limit // 2), "x/y"))
    assert len(big.content) == limit // 2 and state.peek("big") is None
    state.clear()
    assert state.memo_bytes == 0 and len(state) == 0
