"""Issue 27 (hardening, round three): what the outside attack found, one test each, through
the app in process. The worst inputs against a served app (time, memory, output bounds) are
in ``test_worst_inputs.py``."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

V1 = "/api/v1"


# -- defect 6: 500s ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/assets/x/%00",
        "/assets/x/a%00b",
        "/assets/x/" + "a" * 1200,
        "/assets/x/" + "/".join(["a" * 250] * 8),
        "/static/%00",
        "/static/" + "a" * 3000,
    ],
)
def test_odd_asset_names_are_404_without_a_traceback(
    client: TestClient, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        r = client.get(path)
    assert r.status_code == 404, r.text[:200]
    assert r.json()["error"] == "NotFound"
    assert len(r.json()["message"]) < 300  # the name is not sent back whole
    assert "Traceback" not in caplog.text


def test_an_unknown_asset_name_is_not_remembered(client: TestClient) -> None:
    from tiptiers.web import assets

    assets.asset_bytes("vendor/vega.min.js")
    before = assets._read.cache_info().currsize
    for i in range(300):
        assert client.get(f"/assets/0123456789ab/nope-{i}.js").status_code == 404
    assert assets._read.cache_info().currsize == before
    assert assets.digest.cache_info().currsize <= len(assets._index())


def test_a_known_asset_is_still_served(client: TestClient) -> None:
    from tiptiers.web.assets import asset_url

    r = client.get(asset_url("vendor/vega.min.js"))
    assert r.status_code == 200 and "immutable" in r.headers["cache-control"]


def _replay(client: TestClient, parameters: dict[str, object]) -> tuple[int, dict[str, object]]:
    r = client.post(
        f"{V1}/scenarios/replay", json={"scenario": {"name": "x", "parameters": parameters}}
    )
    return r.status_code, r.json()


def test_a_rule_before_the_parameters_it_needs_is_replayed_saying_what_it_assumes(
    client: TestClient,
) -> None:
    """A re-listing bar from 2009 (its streak length exists from 2019) and a clock counting
    from 2005 (its thresholds exist from 2009) were a 500, then a 422 the OpenAPI schema could
    not foresee; now the replay uses the needed parameter's first value from that year and
    says so first in its limits, and a value the scenario gives is used instead."""
    status, body = _replay(client, {"relisting_cap_years": {"2009": 1}})
    assert status == 200, body
    assert str(body["limits"][0]).startswith(  # type: ignore[index]
        "relisting_streak_years has no value before 2019, but the scenario's re-listing bar"
        " applies from 2009: its first value (2) is used from 2009"
    )
    status, body = _replay(client, {"clock_counting_starts": {"2005": 2005}})
    assert status == 200, body
    assert [str(x).split(" ")[0] for x in body["limits"][:2]] == [  # type: ignore[index]
        "watch_list_years_before_downgrade",
        "max_waiver_years",
    ]
    status, body = _replay(
        client, {"relisting_cap_years": {"2009": 1}, "relisting_streak_years": {"2009": 2}}
    )
    assert status == 200, body
    assert not any("has no value before" in str(x) for x in body["limits"])  # type: ignore[attr-defined]


def test_every_parameter_from_the_first_report_on_is_an_answer_or_a_4xx(
    client: TestClient,
) -> None:
    """Each statute parameter alone at its least and greatest value from 2001 and 2009: no
    combination reaches a parameter the law did not define yet (what made the 500)."""
    from tiptiers.law import versions

    values = {
        "count": lambda s: [s.minimum or 0, s.maximum if s.maximum is not None else 5],
        "year": lambda s: [2001, 2020],
        "switch": lambda s: [True, False],
        "month_day": lambda s: ["06-30", "01-01"],
        "day_range": lambda s: [[0, 1], [45, 90]],
        "text": lambda s: ["the Secretary"],
    }
    for name, spec in versions.SPECS.items():
        for value in [*values[spec.kind](spec), *([None] if spec.nullable else [])]:
            for year in ("2001", "2009"):
                status, body = _replay(client, {name: {year: value}})
                assert status in (200, 422), (name, value, year, body)


@pytest.mark.parametrize("key", ["२००९", " 2009", "2009 ", "2009\n", "０２００９", "+2009"])
def test_a_year_key_the_schema_refuses_is_refused(client: TestClient, key: str) -> None:
    status, body = _replay(client, {"max_waiver_years": {key: 1}})
    assert status == 422, body
    assert "is not a report year" in str(body["message"])


# -- point 10: X-Frame-Options beside the CSP -------------------------------------------------
@pytest.mark.parametrize(
    "path", ["/", "/country/CHN", "/year/2017", "/docs", f"{V1}/countries/CHN", "/nope"]
)
def test_answers_that_may_not_be_framed_say_so_twice(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/embed/map?year=2017", "/embed/country/CHN"])
def test_embeds_may_be_framed(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert "x-frame-options" not in r.headers
    assert "frame-ancestors" not in r.headers["content-security-policy"]


# -- defect 9: slow clients -------------------------------------------------------------------
def test_a_slow_body_is_408_and_the_connection_closes() -> None:
    """A client that sends its body slower than the bound is answered 408 (the app's own
    bound: uvicorn has none for bodies), whatever the endpoint does with the body."""
    import asyncio
    import json

    from tiptiers.web.security import BodyLimit

    async def echo(scope, receive, send):  # type: ignore[no-untyped-def]
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"read"})

    async def run(pause: float) -> list[dict[str, object]]:
        chunks = iter([b"a" * 10, b"b" * 10, b"c" * 10])

        async def receive() -> dict[str, object]:
            await asyncio.sleep(pause)
            chunk = next(chunks, b"")
            return {"type": "http.request", "body": chunk, "more_body": bool(chunk)}

        sent: list[dict[str, object]] = []

        async def send(message: dict[str, object]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/api/v1/evaluate", "headers": []}
        await BodyLimit(echo, seconds=0.2)(scope, receive, send)
        return sent

    slow = asyncio.run(run(0.15))
    assert slow[0]["status"] == 408
    assert (b"connection", b"close") in slow[0]["headers"]  # type: ignore[operator]
    assert json.loads(slow[1]["body"])["error"] == "RequestTimeout"  # type: ignore[arg-type]
    fast = asyncio.run(run(0.0))
    assert fast[0]["status"] == 200 and fast[1]["body"] == b"read"


def test_serve_sets_uvicorns_timeouts() -> None:
    from tiptiers.cli.serve import SERVER_LIMITS

    assert SERVER_LIMITS["timeout_keep_alive"] <= 5
    assert SERVER_LIMITS["limit_concurrency"] is not None
    assert SERVER_LIMITS["timeout_graceful_shutdown"] is not None


# -- defect 7 and issue 23's honest progress: PDF builds ---------------------------------------
def _stand_in(monkeypatch: pytest.MonkeyPatch, seconds: float, log: list[tuple[str, float]]):  # type: ignore[no-untyped-def]
    """A builder that takes ``seconds``, lays out 10 pages and notes when it runs."""
    import time

    from tiptiers.report import document

    def fake_pdf(year: int, *args: object, progress=None, **kwargs: object) -> bytes:  # type: ignore[no-untyped-def]
        import logging

        log.append(("start", time.monotonic()))
        for page in range(1, 11):
            logging.getLogger("weasyprint.progress").info(
                "Step 5 - Creating layout - Page %d", page
            )
            time.sleep(seconds / 10)
        log.append(("end", time.monotonic()))
        return b"%PDF-1.7 stand-in"

    monkeypatch.setattr(document, "build_report_pdf", fake_pdf)


def test_head_never_starts_a_build(web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tiptiers.web.app import create_app
    from tiptiers.web.reports import ReportJobs

    log: list[tuple[str, float]] = []
    _stand_in(monkeypatch, 0.01, log)
    jobs = ReportJobs(in_process=True)
    with TestClient(create_app(web_db, reports=jobs)) as client:
        for path in ("/year/2013/report.pdf", "/year/2013/report.pdf/status"):
            r = client.head(path)
            assert r.status_code in (200, 202) and r.content == b""
        import time

        time.sleep(0.3)
        assert log == [] and jobs.find(2013, client.app.state.web.revision) is None  # type: ignore[attr-defined]


def test_one_build_at_a_time_across_workers_and_a_bounded_queue(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two ReportJobs sharing one directory (the workers of one server): their builds never
    overlap; past the queue's slots a request is refused (ReportsBusy: 503, Retry-After)."""
    import time

    from tiptiers.record import packaged_record
    from tiptiers.web.reports import ReportJobs, ReportsBusy

    log: list[tuple[str, float]] = []
    _stand_in(monkeypatch, 0.3, log)
    record = packaged_record()
    a = ReportJobs(in_process=True, queue=3, directory=tmp_path)
    b = ReportJobs(in_process=True, queue=3, directory=tmp_path)
    jobs = [a.job(2013, 1, record), b.job(2014, 1, record), a.job(2015, 1, record)]
    with pytest.raises(ReportsBusy):
        b.job(2016, 1, record)
    assert a.job(2013, 1, record) is jobs[0]  # the same year again takes no slot
    for job in jobs:
        assert job.done.wait(10) and job.state in ("ready",), job.error
    times = sorted(t for _, t in log)
    spans = [(log[i][1], log[i + 1][1]) for i in range(0, len(log), 2)]
    assert len(spans) == 3 and times == [t for span in sorted(spans) for t in span]  # no overlap
    assert b.find(2013, 1) is not None and b.find(2013, 1).pdf == b"%PDF-1.7 stand-in"  # type: ignore[union-attr]
    b.job(2016, 1, record).done.wait(10)  # slots free again
    time.sleep(0.05)


def test_the_progress_follows_the_pages_laid_out(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tiptiers.record import packaged_record
    from tiptiers.web.reports import ReportJobs

    log: list[tuple[str, float]] = []
    _stand_in(monkeypatch, 1.0, log)
    jobs = ReportJobs(in_process=True, directory=tmp_path)
    job = jobs.job(2013, 1, packaged_record())
    seen = []
    while not job.done.wait(0.05):
        status = jobs.status(job)
        if status["state"] != "ready":  # the build can end between the wait and the read
            seen.append((status["progress"], status["pages"]))
    assert job.state == "ready" and jobs.status(job)["progress"] == 1.0
    progress = [p for p, _ in seen]
    assert progress == sorted(progress)  # never goes back
    assert len({n for _, n in seen}) >= 5  # moved with the pages
    assert max(progress) < 0.6  # 10 of ~200 expected pages: honest, not "99%"


@pytest.mark.slow
def test_a_real_pdf_builds_progress_is_honest(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A real report (five profiles) through WeasyPrint: the fraction only grows, moves
    through WeasyPrint's stages and pages, and is not at 90% or more for most of the build
    (the CLI bar sat at 99% for 31 of 34 s: the content's steps were all it counted)."""
    import time

    from tiptiers.countries import registry
    from tiptiers.record import packaged_record
    from tiptiers.report import document as d

    record, reg = packaged_record(), registry()
    iso3s = [p.iso3 for p in record.year(2023)][:5]
    seen: list[tuple[float, float, str]] = []
    started = time.monotonic()
    watch = d.PdfProgress(
        d.report_steps(5) + 1,
        d.expected_pages(record, reg, 2023, iso3s),
        lambda f, what, _n: seen.append((time.monotonic() - started, f, what)),
    )
    with d.pdf_progress(watch):
        d.write_report(
            2023, tmp_path / "out", "pdf", iso3s, record=record, registry=reg,
            progress=watch.tick,
        )  # fmt: skip
    total = time.monotonic() - started
    fractions = [f for _, f, _ in seen]
    assert fractions == sorted(fractions)
    stages = {what.split(" of about")[0].rstrip("0123456789 ") for _, _, what in seen}
    assert {"reading the HTML", "applying the styles", "writing the PDF"} <= stages
    assert any(w.startswith("laying out page") for w in stages)
    at_ninety = next(t for t, f, _ in seen if f >= 0.9) if fractions[-1] >= 0.9 else total
    assert total - at_ninety < 0.4 * total, (at_ninety, total)
