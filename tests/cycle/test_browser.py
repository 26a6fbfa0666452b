"""A cycle through its pages in headless Chromium, on PostgreSQL: three people (analyst,
reviewer, decider) sign in and take five countries from facts to a published cycle — one
override with its reason, one placement the statute refuses, one 409 between two tabs — and
every page fits a phone. Screenshots go to ``test-output/cycle/`` for a person to look at.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from tests.cycle.conftest import PASSWORD, team

from tiptiers.cycle.service import Cycles
from tiptiers.store import Store

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "cycle"
TIMEOUT = 20_000  # ms
PHONE = {"width": 390, "height": 844}


def _need_chromium() -> None:
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(f"the browser tests must run under CI, and {CHROMIUM} is missing")
    pytest.skip(f"no {CHROMIUM}")


@contextmanager
def serve(url: str) -> Iterator[str]:
    """The app over the database at ``url``, served by uvicorn in a background thread on a
    free loopback port: its address."""
    _need_chromium()
    import uvicorn

    from tiptiers.web.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(url), log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def served(postgres_database: str) -> Iterator[tuple[str, Cycles]]:
    _need_chromium()
    svc = Cycles(Store.open(postgres_database))
    with serve(postgres_database) as base:
        yield base, svc
    svc.store.close()


@pytest.fixture
def browser(served: tuple[str, Cycles]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def signed_in(browser: Any, base: str, name: str, viewport: dict[str, int] | None = None) -> Any:
    page = browser.new_context(viewport=viewport or {"width": 1200, "height": 900}).new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{base}/cycles/1")
    assert "/cycles/login" in page.url  # the cycle is not published: a sign-in first
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(f"{base}/cycles/1")
    return page


def fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"{page.url} is {width}px wide"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def facts(page: Any, base: str, iso3: str, values: dict[str, str]) -> None:
    page.goto(f"{base}/cycles/1/countries/{iso3}")
    for name, value in values.items():
        page.select_option(f"#f-{name}", value)
    page.click("#facts-form button[type=submit]")
    page.wait_for_load_state()


def test_three_people_run_a_cycle_through_the_pages(
    served: tuple[str, Cycles], browser: Any
) -> None:
    base, svc = served
    team(svc)
    ana = signed_in(browser, base, "ana")
    rev = signed_in(browser, base, "rev")
    dec = signed_in(browser, base, "dec")
    b_list = {
        "fully_complies": "false",
        "making_significant_efforts": "true",
        "victims_very_significant_or_significantly_increasing": "false",
        "no_evidence_of_increasing_efforts_vs_prior_year": "false",
    }
    c_list = {"fully_complies": "false", "making_significant_efforts": "false"}
    plans = {
        "THA": (b_list, "3", "2"),
        "BRA": (b_list, "3", "3"),
        "KGZ": (c_list, "3", "3"),
        "COG": (c_list, "3", "3"),
        "DJI": (c_list, "3", "3"),
    }
    for iso3, (values, rec, _final) in plans.items():
        facts(ana, base, iso3, values)
        if iso3 == "THA":
            # concrete actions (a V2019+ fact) through the JSON field
            ana.fill(
                "#facts_json",
                '{"concrete_actions": [{"description": "new shelters", "date": "2025-09-01"}]}',
            )
            ana.click("#facts-form button[type=submit]")
            ana.wait_for_load_state()
            assert "Tier 2" in ana.inner_text("#supported")
        ana.click("text=Add evidence")
        ana.fill("#e-fact", "making_significant_efforts")
        ana.fill("#e-title", "Annual statistics of the ministry")
        ana.fill("#e-date", "2025-06-01")
        ana.click("form[action$='/evidence'] button[type=submit]")
        ana.wait_for_load_state()
        ana.select_option("#r-tier", rec)
        ana.fill("#r-why", "what the evidence shows")
        ana.click("#recommend-form button[type=submit]")
        ana.wait_for_load_state()
        rev.goto(f"{base}/cycles/1/countries/{iso3}")
        rev.select_option("#v-verdict", "clear")
        rev.fill("#v-text", "agreed")
        rev.click("#review-form button[type=submit]")
        rev.wait_for_load_state()
    shot(ana, "workspace")
    # a 409: two tabs of the analyst on DJI, the second save is refused and shows the first
    tab1 = ana
    tab2 = ana.context.new_page()
    tab1.goto(f"{base}/cycles/1/countries/DJI")
    tab2.goto(f"{base}/cycles/1/countries/DJI")
    tab1.select_option("#f-prior_fy_assistance_received", "true")
    tab1.click("#facts-form button[type=submit]")
    tab1.wait_for_load_state()
    tab2.select_option("#f-prior_fy_assistance_received", "false")
    response = None
    with tab2.expect_navigation() as nav:
        tab2.click("#facts-form button[type=submit]")
    response = nav.value
    assert response is not None and response.status == 409
    assert "Not saved: ana changed" in tab2.inner_text("main")
    shot(tab2, "conflict")
    # the decider: THA as recommended differs from the law (an override with its reason),
    # COG on the Watch List is refused citing the section
    for iso3, (_values, _rec, final) in plans.items():
        dec.goto(f"{base}/cycles/1/countries/{iso3}")
        if iso3 == "COG":
            dec.select_option("#d-tier", "2WL")
            dec.fill("#d-reason", "we would rather")
            with dec.expect_navigation() as nav:
                dec.click("#decide-form button[type=submit]")
            assert nav.value.status == 422
            assert "7107(b)(2)(D)(i)" in dec.inner_text(".error-message")
            shot(dec, "refused")
        dec.select_option("#d-tier", final)
        if iso3 == "THA":
            dec.fill("#d-reason", "the evidence of efforts is stronger than the analyst found")
        dec.click("#decide-form button[type=submit]")
        dec.wait_for_load_state()
        assert dec.locator(".error-message").count() == 0, dec.inner_text(".error-message")
    dec.goto(f"{base}/cycles/1/overrides")
    assert "THA" in dec.inner_html("#overrides") and "stronger than the analyst" in dec.inner_text(
        "#overrides"
    )
    shot(dec, "overrides")
    dec.goto(f"{base}/cycles/1/determinations")
    shot(dec, "determinations")
    dec.goto(f"{base}/cycles/1/compare")
    shot(dec, "compare")
    dec.goto(f"{base}/cycles/1/history")
    assert "verify" in dec.inner_text("#chain")
    shot(dec, "history")
    adm = signed_in(browser, base, "adm")
    shot(adm, "board")
    adm.click("button[value=publish]")
    adm.wait_for_load_state()
    assert "published" in adm.inner_text("h1")
    assert svc.verify(1).ok
    # published: public, and every page fits a phone
    phone = browser.new_context(viewport=PHONE).new_page()
    phone.set_default_timeout(TIMEOUT)
    for path, name in (
        ("/cycles/1", "board-phone"),
        ("/cycles/1/countries/THA", "workspace-phone"),
        ("/cycles/1/overrides", "overrides-phone"),
        ("/cycles/1/compare", "compare-phone"),
        ("/cycles/1/history", "history-phone"),
    ):
        phone.goto(base + path)
        assert phone.url == base + path
        fits(phone)
        shot(phone, name)


def test_a_forged_session_and_a_missing_csrf_token_are_refused(
    served: tuple[str, Cycles], browser: Any
) -> None:
    base, svc = served
    team(svc)
    ctx = browser.new_context()
    ctx.add_cookies(
        [
            {
                "name": "tiptiers_session",
                "value": "eyJ1IjoiYWRtIn0.forged.sig",
                "url": base + "/cycles",
            }
        ]
    )
    page = ctx.new_page()
    page.goto(f"{base}/cycles/1")
    assert "/cycles/login" in page.url
    r = page.request.post(
        f"{base}/cycles/1/countries/THA/facts", form={"version": "1", "fully_complies": "true"}
    )
    assert r.status == 403 and "security token" in r.text()
    assert svc.verify(1).events == 6 and svc.assessment(1, "THA", "adm")["version"] == 1
