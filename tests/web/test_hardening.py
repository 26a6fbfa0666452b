"""One anonymous request must not harm the server or its users: bodies are bounded, nesting
is bad input, redirects ignore the Host header, an unavailable database is not described to
the client, and every answer carries the headers that stop content sniffing."""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tiptiers.web.app import DATABASE_UNAVAILABLE, create_app
from tiptiers.web.security import MAX_BODY_BYTES

V1 = "/api/v1"
POSTS = [f"{V1}/check-news", f"{V1}/evaluate"]


# -- nesting and size ---------------------------------------------------------------------------
@pytest.mark.parametrize("url", POSTS)
def test_deeply_nested_json_is_bad_input(client: TestClient, url: str) -> None:
    for body in (b"[" * 2000, b'{"a":' * 5000 + b"1" + b"}" * 5000):
        r = client.post(url, content=body, headers={"content-type": "application/json"})
        assert r.status_code == 422, r.text
        assert r.json()["error"] == "BadInput"
        assert "not valid JSON" in r.json()["message"]


@pytest.mark.parametrize("url", [*POSTS, "/check-news"])
def test_a_body_over_the_limit_is_413_before_it_is_read(client: TestClient, url: str) -> None:
    body = b"x" * (MAX_BODY_BYTES + 1)
    r = client.post(url, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"] == "BodyTooLarge"
    assert f"{MAX_BODY_BYTES:,} bytes" in r.json()["message"]


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        (f"{V1}/check-news", "application/json"),
        (f"{V1}/evaluate", "application/json"),
        (f"{V1}/check-news", "application/x-www-form-urlencoded"),
        ("/check-news", "application/x-www-form-urlencoded"),  # the page's form (FastAPI's Form)
    ],
)
def test_a_streamed_body_over_the_limit_is_413(
    client: TestClient, url: str, content_type: str
) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
        yield b"text="
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"a" * 65536

    r = client.post(url, content=chunks(), headers={"content-type": content_type})
    assert r.status_code == 413, r.text
    assert r.json()["error"] == "BodyTooLarge"


def test_a_body_under_the_limit_is_read(client: TestClient) -> None:
    text = "China is on Tier 3. " * 1000
    r = client.post(f"{V1}/check-news", json={"text": text, "year": 2017})
    assert r.status_code == 200


def test_a_content_length_that_is_not_a_number_is_400(client: TestClient) -> None:
    r = client.post(
        f"{V1}/evaluate",
        content=b"{}",
        headers={"content-type": "application/json", "content-length": "lots"},
    )
    assert r.status_code == 400
    assert r.json()["error"] == "BadRequest"


# -- redirects and headers --------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/v1/countries/", "/country/CHN/", "/docs/", "/year/2017/"])
def test_redirects_do_not_trust_the_host_header(client: TestClient, path: str) -> None:
    r = client.get(path, headers={"host": "evil.example"}, follow_redirects=False)
    assert 300 <= r.status_code < 400
    location = r.headers["location"]
    assert "evil.example" not in location
    assert location == path.rstrip("/")


@pytest.mark.parametrize(
    "path",
    ["/", "/country/CHN", "/api/v1/countries/CHN", "/static/world-110m.json", "/docs", "/nope"],
)
def test_every_answer_says_nosniff_and_a_referrer_policy(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"


def test_the_docs_page_has_a_csp_that_allows_only_its_own_script(client: TestClient) -> None:
    r = client.get("/docs")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
    scripts = re.findall(r"<script>(.*?)</script>", r.text, re.DOTALL)
    assert scripts
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


# -- the database ----------------------------------------------------------------------------
def test_an_unavailable_database_is_503_without_its_location(
    fresh_db: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(fresh_db, check_interval=0)
    with TestClient(app) as c:
        assert c.get("/readyz").json()["status"] == "ready"
        os.remove(fresh_db)
        with caplog.at_level(logging.ERROR, logger="tiptiers.web"):
            for path in (f"{V1}/countries/CHN", "/readyz"):
                r = c.get(path)
                assert r.status_code == 503
                assert r.json() == {"error": "StoreError", "message": DATABASE_UNAVAILABLE}
                assert os.path.basename(fresh_db) not in r.text
            page = c.get("/country/CHN", headers={"accept": "text/html"})
            assert page.status_code == 503 and os.path.basename(fresh_db) not in page.text
        assert os.path.basename(fresh_db) in caplog.text  # the operator's log has it
        assert c.get("/healthz").status_code == 200  # alive, not ready


def test_readyz_names_the_revision(client: TestClient) -> None:
    r = client.get("/readyz")
    assert r.status_code == 200
    assert r.json() == {"status": "ready", "revision": client.app.state.web.store.revision()}  # type: ignore[attr-defined]


# -- memory ---------------------------------------------------------------------------------
def _list_article(size: int) -> str:
    """An article of about ``size`` bytes that names every country over and over, in long
    lists of Tier 3 placements (what made a response of order N² before)."""
    from tiptiers.countries import registry

    names = [c.name for c in registry().search("", limit=500)]
    parts: list[str] = []
    total, i = 0, 0
    while total < size:
        start = (i * 7) % len(names)
        part = (
            f"In the {2010 + i % 14} report the State Department placed "
            + ", ".join(names[start : start + 40])
            + " on Tier 3. "
        )
        parts.append(part)
        total += len(part.encode())
        i += 1
    return "".join(parts)


def _peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads /proc")
def test_a_250_kb_list_of_countries_keeps_the_server_under_300_mb(web_db: str) -> None:
    import subprocess

    import httpx
    from tests.web.serving import serve, wait_until_up

    article = _list_article(250_000)
    assert len(article.encode()) >= 250_000
    proc = serve("--host", "127.0.0.1", "--port", "0", "--db", web_db, stderr=subprocess.DEVNULL)
    try:
        url, _ = wait_until_up(proc)
        for fmt in ("json", "markdown", "csv"):
            r = httpx.post(
                f"{url}/api/v1/check-news?format={fmt}", json={"text": article}, timeout=300
            )
            assert r.status_code == 200, r.text[:200]
            assert len(r.content) < 20 * len(article)  # linear in the article
        assert _peak_rss_mb(proc.pid) < 300
    finally:
        proc.terminate()
        proc.wait(timeout=10)
