"""The dashboard in headless Chromium: the map draws coloured countries, the year selector
changes them, hover and click work, search finds Burma by its aliases, China's page explains
2017 citing 22 U.S.C. 7107, and every page fits a phone. Screenshots of each page go to
``test-output/web/`` for a person to look at.

Runs Debian's /usr/bin/chromium through Playwright (no browser download), against the app
served by uvicorn in a thread on 127.0.0.1. Skipped locally without Chromium; under CI
(``CI`` set) a missing browser fails instead.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tiptiers.model import Record, Tier
from tiptiers.report.maps import TIER_COLORS

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "web"
TIMEOUT = 15_000  # ms


def _need_chromium() -> None:
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(f"the browser tests must run under CI, and {CHROMIUM} is missing")
    pytest.skip(f"no {CHROMIUM}")


@pytest.fixture(scope="module")
def base_url(web_db: str) -> Iterator[str]:
    """The app served by uvicorn in a background thread on a free loopback port."""
    _need_chromium()
    import uvicorn

    from tiptiers.web.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(web_db), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A desktop-sized page that fails the test on a script error or a request off the app."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    pg.on(
        "request",
        lambda r: None if r.url.startswith(base_url) else problems.append(f"off-app: {r.url}"),
    )
    yield pg
    context.close()
    assert problems == []


def shot(pg: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def wait_for_chart(pg: Any, selector: str) -> None:
    pg.wait_for_selector(f'{selector}[data-rendered="true"] svg')


def map_fills(pg: Any) -> Counter[str]:
    """How many country shapes of the drawn map have each tier colour (by tier code); the
    small states' dots (symbols) are not shapes."""
    by_colour = {v.lower(): k for k, v in TIER_COLORS.items()}
    fills = pg.eval_on_selector_all(
        "#map svg path",
        "els => els.filter(e => !(e.__data__ && e.__data__.mark"
        " && e.__data__.mark.marktype === 'symbol'))"
        ".map(e => (e.getAttribute('fill') || '').toLowerCase())",
    )
    return Counter(by_colour[f] for f in fills if f in by_colour)


def legend_counts(pg: Any) -> dict[str, int]:
    items = pg.eval_on_selector_all(
        "#legend li[data-tier]",
        "els => els.map(e => [e.dataset.tier, (e.querySelector('.count') || {}).textContent])",
    )
    return {tier: int(n) for tier, n in items if n is not None}


def test_map_draws_countries_in_tier_colours(page: Any, base_url: str, record: Record) -> None:
    page.goto(f"{base_url}/?year=2015")
    wait_for_chart(page, "#map")
    fills = map_fills(page)
    counts = record.counts(2015)
    for tier in (Tier.T1, Tier.T2, Tier.T2WL, Tier.T3):
        assert fills[tier.value] > 0.6 * counts[tier], (tier, fills)  # small states have no shape
        assert fills[tier.value] <= counts[tier] + 1  # Somaliland takes Somalia's colour
    assert fills["none"] > 0  # Antarctica is left out; Greenland and others are not ranked
    assert legend_counts(page) == {t.value: n for t, n in counts.items()}
    shot(page, "home-2015")


def test_changing_the_year_changes_colours_and_counts(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/?year=2015")
    wait_for_chart(page, "#map")
    before_fills, before_counts = map_fills(page), legend_counts(page)
    page.select_option("#year-select", "2003")
    with page.expect_navigation():
        page.click("form.year-picker button[type=submit]")
    assert page.url.endswith("/?year=2003")
    wait_for_chart(page, "#map")
    after_fills, after_counts = map_fills(page), legend_counts(page)
    assert after_fills != before_fills and after_counts != before_counts
    assert after_counts["2WL"] == 0 and after_fills["2WL"] == 0  # no Watch List before 2004
    assert page.inner_text("h1") == "TIP Report tiers, 2003"
    shot(page, "home-2003")
    with page.expect_navigation():
        page.click("a[rel=next]")
    assert page.url.endswith("/?year=2004")


def test_hover_names_the_country_and_a_click_opens_it(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/?year=2017")
    wait_for_chart(page, "#map")
    box = _tier3_point(page)  # China and Russia are large Tier 3 shapes
    assert box is not None
    page.mouse.move(box["x"] - 5, box["y"] - 5)
    page.mouse.move(box["x"], box["y"])
    tip = page.wait_for_selector("#vg-tooltip-element.visible")
    text = tip.inner_text()
    assert "Tier 3" in text and "Country" in text, text
    name = text.split("Country", 1)[1].split("2017 report", 1)[0].strip()
    with page.expect_navigation():
        page.mouse.click(box["x"], box["y"])
    assert re.search(r"/country/[A-Z]{3}\?year=2017$", page.url), page.url
    assert page.inner_text("h1") == name


def test_the_year_slider_keeps_the_focus_from_year_to_year(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/?year=2017")
    wait_for_chart(page, "#map")
    for _ in range(40):  # tab to the slider, as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "year-slider":
            break
    assert page.evaluate("document.activeElement.id") == "year-slider"
    for year in (2016, 2015):
        with page.expect_navigation():
            page.keyboard.press("ArrowLeft")
        wait_for_chart(page, "#map")
        assert page.inner_text("h1") == f"TIP Report tiers, {year}"
        assert page.evaluate("document.activeElement.id") == "year-slider"
        assert page.url == f"{base_url}/?year={year}"  # the focus flag is not kept in the URL
    shot(page, "home-slider-focus")


def test_the_map_has_a_meaningful_name(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/?year=2017")
    wait_for_chart(page, "#map")
    label = page.get_attribute("#map", "aria-label") or ""
    assert label.startswith("World map of the 2017 tier placements;"), label
    assert "Vega" not in label
    assert "lists every country" in label


def test_the_claims_can_be_downloaded_from_the_news_page(page: Any, base_url: str) -> None:
    text = "The 2017 TIP report downgraded China to Tier 3, which also includes Iran and Belarus."
    page.goto(f"{base_url}/check-news")
    page.fill("#news-text", text)
    with page.expect_navigation():
        page.click("form.news-form button[type=submit]")
    with page.expect_download() as got:
        page.click("#news-csv")
    download = got.value
    assert download.suggested_filename == "tiptiers-news-check.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [(r["iso3"], r["verdict"]) for r in rows] == [
        ("CHN", "supported"),
        ("IRN", "supported"),
        ("BLR", "supported"),
    ]
    with page.expect_download() as got_json:
        page.click("#news-json")
    data = json.loads(Path(got_json.value.path()).read_text(encoding="utf-8"))
    assert data["report_year"]["year"] == 2017 and len(data["claims"]) == 3
    assert page.url == f"{base_url}/check-news"  # the page stays, with its result
    assert "3 claims checked: 3 supported." in page.inner_text("#news-message")


@pytest.mark.parametrize("query", ["Burma", "Myanmar", "MMR"])
def test_search_opens_burma(page: Any, base_url: str, query: str) -> None:
    page.goto(f"{base_url}/year/2017")
    page.fill("#site-q", query)
    with page.expect_navigation():
        page.press("#site-q", "Enter")
    assert page.url == f"{base_url}/country/MMR"
    assert page.inner_text("h1") == "Burma"
    if query == "Burma":
        wait_for_chart(page, "#timeline")
        shot(page, "country-burma")


def test_china_2017_is_tier_3_and_the_why_panel_cites_7107(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/country/CHN?year=2017")
    wait_for_chart(page, "#timeline")
    row = page.inner_text('#placements tr[data-year="2017"]')
    assert "Tier 3" in row
    why = page.inner_text("#why")
    assert "Why: the 2017 placement under the law" in why
    assert "22 U.S.C. 7107(b)(2)(D)(i)" in why and "none was granted" in why
    assert page.locator("#timeline svg").count() == 1
    shot(page, "country-china-2017")
    page.select_option("#why-year", "2013")
    with page.expect_navigation():
        page.click("#why button[type=submit]")
    assert "mandatory (automatic)" in page.inner_text("#why")


def test_year_page_and_keyboard(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/year/2013")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/year/2013#main")
    assert "China" in page.inner_text("#clock-table")
    shot(page, "year-2013")


def test_api_docs_render_offline(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert "/api/v1/countries/{code}" in page.inner_text(".swagger-ui")
    shot(page, "docs")


def test_news_check_marks_each_claim_in_the_text(page: Any, base_url: str) -> None:
    article = Path(__file__).resolve().parents[2] / "docs" / "examples" / "article.txt"
    page.goto(f"{base_url}/year/2017")
    with page.expect_navigation():
        page.click("nav a[href='/check-news']")
    page.fill("#news-text", article.read_text())
    with page.expect_navigation():
        page.click("form.news-form button[type=submit]")
    assert "8 claims checked: 7 supported, 1 contradicted." in page.inner_text("#news-message")
    bad = page.locator("#article mark.v-contradicted")
    assert bad.count() == 1 and bad.inner_text() == "Thailand was dropped to the bottom tier"
    colour = bad.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour != page.locator("#article mark.v-supported").first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    page.click("#ref-6")  # the reference after the claim leads to its verdict
    assert page.url.endswith("#claim-6")
    assert "contradicted" in page.inner_text("#claim-6")
    shot(page, "check-news")


def test_the_year_tables_fit_a_phone_with_every_value_labelled(browser: Any, base_url: str) -> None:
    """At 390 px the changes and the clock tables become one card per row: no sideways
    scrolling, and the new tier and the waivers left are on screen, each with its label."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    pg.goto(f"{base_url}/year/2017")
    for table in ("#changes-table", "#clock-table"):
        widths = pg.eval_on_selector(
            table, "t => [t.scrollWidth, t.parentElement.clientWidth, t.parentElement.scrollWidth]"
        )
        assert widths[0] <= widths[1] and widths[2] <= widths[1], (table, widths)
    haiti = pg.locator('#changes-table tr[data-iso3="HTI"]')
    assert haiti.locator(".change-kind").inner_text() == "Upgrades"
    new_tier = haiti.locator("td.change-to")
    box = new_tier.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    shown = haiti.evaluate(
        """tr => Array.from(tr.querySelectorAll('td[data-label]')).map(td =>
            getComputedStyle(td, '::before').content.replace(/^"|"$/g, '') + td.innerText.trim()
        ).join(' ')"""
    )
    assert shown == "2016: Tier 3 → 2017: Tier 2 Watch List", shown
    left = pg.locator('#clock-table tr[data-iso3="GIN"] td[data-label="Waivers left"]')
    box = left.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390, box
    label = left.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Waivers left: "', label
    pg.locator("#changes").screenshot(path=str(SHOTS / "phone-year-2017-changes.png"))
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/?year=2015",
        "/country/CHN?year=2013",
        "/year/2017",
        "/search?q=congo",
        "/check-news?text=The+2017+TIP+report+downgraded+China+to+Tier+3%2C+which+also+includes"
        "+Iran%2C+Russia+and+Belarus.",
        "/scenarios?s=one-year-waiver-from-2009",
    ],
)
def test_pages_fit_a_phone(browser: Any, base_url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    pg.goto(base_url + path)
    if pg.locator("[data-vega-spec]").count():
        wait_for_chart(pg, "[data-vega-spec]")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    shot(pg, f"phone-{name}")
    context.close()


# -- wrong turns (issue: the dashboard as good as the best data sites) ----------------------
def phone(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    return pg


@pytest.mark.parametrize("query", ["Greenland", "Atlantis", "Narnia"])
def test_search_goes_to_a_country_only_on_an_exact_name(
    page: Any, base_url: str, query: str
) -> None:
    """A name no country has stays on the search page and offers the near misses, each
    with its latest tier, instead of opening the nearest spelling."""
    page.goto(f"{base_url}/")
    page.fill("#site-q", query)
    with page.expect_navigation():
        page.press("#site-q", "Enter")
    assert page.url.startswith(f"{base_url}/search?q="), page.url
    assert f"No country is called “{query}”" in page.inner_text("#no-match")
    first = page.locator("#results li").first
    assert re.search(r"(Tier \d|Watch List|Special Case).* in 20\d\d", first.inner_text())
    if query == "Greenland":
        assert "Ireland" in first.inner_text()
        shot(page, "search-greenland")


def test_search_with_a_near_miss_fits_a_phone(browser: Any, base_url: str) -> None:
    pg = phone(browser)
    pg.goto(f"{base_url}/search?q=Greenland")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    assert pg.locator("#results li").count() >= 1
    pg.context.close()


INTERNAL = re.compile(
    r"UNVERIFIED|\bE\d{1,2}\b|the engine|\bV20\d\d\b|factbook/|scorecard-diplomacy|sure2018|web:|github:"
)


@pytest.mark.parametrize(
    "path", ["/country/AFG", "/country/CHN?year=2013", "/country/GAB?year=2024"]
)
def test_a_country_page_cites_sources_in_plain_language(
    page: Any, base_url: str, path: str
) -> None:
    page.goto(base_url + path)
    text = page.inner_text("main")
    assert INTERNAL.findall(text) == []
    sources = page.locator("ol.sources li")
    assert sources.count() >= 1
    first_ref = page.locator("#placements td.source-ref a").first
    target = first_ref.get_attribute("href") or ""
    assert page.locator(target).count() == 1  # each placement's [n] leads to its citation


@pytest.mark.parametrize("path", ["/year", "/years", "/countries"])
def test_index_paths_answer_a_browser_with_a_page(page: Any, base_url: str, path: str) -> None:
    response = page.goto(base_url + path)
    assert response is not None and response.ok
    assert "text/html" in (response.headers.get("content-type") or "")
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("year", [2025, 2017])
def test_every_legend_link_of_the_map_finds_its_section(
    page: Any, base_url: str, year: int
) -> None:
    page.goto(f"{base_url}/?year={year}")
    links = page.eval_on_selector_all("#legend a", "els => els.map(e => e.getAttribute('href'))")
    assert links
    for href in links:
        path, _, anchor = href.partition("#")
        page.goto(base_url + path)
        assert page.locator(f"[id='{anchor}']").count() == 1, href


def test_the_api_docs_lead_back_to_the_site(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/docs")
    assert page.get_attribute("html", "lang") == "en"
    with page.expect_navigation():
        page.click("nav.tiptiers-back a[href='/']")
    assert page.url == f"{base_url}/"


def test_the_tier3_table_says_each_determination_once(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/year/2017")
    rows = page.locator("#tier3-table tbody tr")
    texts = [rows.nth(i).locator("th").inner_text() for i in range(rows.count())]
    assert texts and len(texts) == len(set(texts)), texts
    assert page.locator("#tier3-table a[href*='/api/']").count() == 0
    assert "China" in page.inner_text("#tier3-table")


def test_the_html_report_fits_a_phone(browser: Any, base_url: str) -> None:
    pg = phone(browser)
    # served as a download: read it, then show it as the file opens in a phone's browser
    pg.set_content(pg.request.get(f"{base_url}/year/2017/report.html").text())
    widths = pg.eval_on_selector(
        "table.regions", "t => [t.scrollWidth, t.getBoundingClientRect().right]"
    )
    assert widths[0] <= 390 and widths[1] <= 390, widths
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    pg.locator("table.regions").screenshot(path=str(SHOTS / "phone-report-regions.png"))
    pg.context.close()


@pytest.mark.slow
def test_the_pdf_is_built_in_a_worker_while_the_site_stays_fast(
    browser: Any, base_url: str
) -> None:
    """Asking for a PDF shows its progress at once; another page loads in full while the
    worker builds it; the download starts by itself; a second request is served at once."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    pg.goto(f"{base_url}/year/2016")
    with pg.expect_navigation():
        pg.click("a[href='/year/2016/report.pdf']")
    pg.wait_for_selector("#pdf-job[data-state='building'], #pdf-job[data-state='queued']")
    assert pg.locator("#pdf-progress").is_visible()
    other = context.new_page()
    other.set_default_timeout(TIMEOUT)
    other.goto(f"{base_url}/year/2013")
    assert "China" in other.inner_text("#clock-table")
    status = other.request.get(f"{base_url}/year/2016/report.pdf/status").json()
    assert status["state"] in ("queued", "building"), status  # loaded while the PDF builds
    shot(pg, "pdf-progress")
    with pg.expect_download(timeout=300_000) as got:
        pass
    assert Path(got.value.path()).read_bytes()[:4] == b"%PDF"
    again = other.request.get(f"{base_url}/year/2016/report.pdf")
    assert again.status == 200 and again.body()[:4] == b"%PDF"
    context.close()


def test_a_scenario_shows_its_changes_on_the_map_and_in_the_table_and_its_url_reopens_it(
    page: Any, base_url: str
) -> None:
    """Issue 14: pick a bundled scenario, see the changed countries on the map and in the
    table with the explanations; set a parameter by hand, and the URL reopens the same."""
    page.goto(f"{base_url}/scenarios?s=one-year-waiver-from-2009")
    wait_for_chart(page, "#scenario-map")
    coloured = page.eval_on_selector_all(
        "#scenario-map svg path",
        "els => els.filter(e => ['#b2182b', '#7b3294', '#e69f00'].includes("
        "(e.getAttribute('fill') || '').toLowerCase())).length",
    )
    assert coloured >= 20
    china = page.locator('#scenario-changes tr[data-iso3="CHN"][data-year="2012"]')
    assert "no waiver was left" in china.inner_text()
    china.locator("summary").click()
    assert "7107(b)(2)(D)" in china.locator("details").inner_text()
    assert "held fixed" in page.inner_text("#limits")
    shot(page, "scenario-one-year-waiver")
    # a custom parameter: changing it selects "Custom", and the form's URL encodes it
    page.fill("#waiver", "0")
    page.dispatch_event("#waiver", "change")
    assert page.eval_on_selector("#scenario-select", "e => e.value") == "custom"
    page.click("#scenario-form button[type=submit]")
    wait_for_chart(page, "#scenario-map")
    assert "s=custom" in page.url and "waiver=0" in page.url
    summary = page.inner_text("#summary")
    assert (
        summary.startswith("Custom scenario")
        and page.locator('#scenario-changes tr[data-iso3="CHN"][data-year="2011"]').count() == 1
    )
    url = page.url
    page.goto(f"{base_url}/scenarios")
    page.goto(url)
    wait_for_chart(page, "#scenario-map")
    assert page.inner_text("#summary") == summary
    assert page.input_value("#waiver") == "0"


# -- what users of data sites expect -------------------------------------------------------
@pytest.mark.parametrize("width", [1280, 390])
def test_compare_puts_several_countries_on_one_chart_and_one_table(
    browser: Any, base_url: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    pg.goto(f"{base_url}/compare")
    # the picker adds one country at a time, by any of its names (a datalist suggests them)
    assert pg.eval_on_selector_all("#compare-choices option", "os => os.length") > 150
    for name in ("China", "Russia", "Thailand"):
        pg.fill("#compare-add", name)
        with pg.expect_navigation():
            pg.press("#compare-add", "Enter")
    assert pg.url == f"{base_url}/compare?c=CHN,RUS,THA"  # the URL names the view
    wait_for_chart(pg, "#compare-chart")
    heads = pg.eval_on_selector_all("#compare-table thead th", "els => els.map(e => e.innerText)")
    assert heads == ["Year", "China", "Russia", "Thailand"]
    row = pg.locator('#compare-table tr[data-year="2013"]')
    assert row.locator("td.downgrade").count() == 2  # China and Russia: automatic downgrades
    assert "Tier 3" in row.inner_text()
    pg.reload()  # the shared address reproduces the same view
    assert pg.eval_on_selector_all("#compare-table thead th", "els => els.length") == 4
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    shot(pg, "compare" if width > 400 else "phone-compare")
    with pg.expect_download() as got:
        pg.click("#compare-table ~ p a.csv, a.csv[href^='/compare.csv']")
    rows = list(csv.DictReader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8"))))
    assert {r["iso3"] for r in rows} == {"CHN", "RUS", "THA"}
    # a name with a comma in it is one country (issue 23: "Korea, North" once broke the box)
    pg.fill("#compare-add", "Korea, North")
    with pg.expect_navigation():
        pg.press("#compare-add", "Enter")
    assert pg.url == f"{base_url}/compare?c=CHN,RUS,THA,PRK"
    heads = pg.eval_on_selector_all("#compare-table thead th", "els => els.map(e => e.innerText)")
    assert heads == ["Year", "China", "Russia", "Thailand", "North Korea"]
    pg.fill("#compare-add", "South Korea")
    with pg.expect_navigation():
        pg.press("#compare-add", "Enter")
    assert pg.url.endswith("c=CHN,RUS,THA,PRK,KOR")
    with pg.expect_navigation():
        pg.click('.chosen a.remove[aria-label="Remove Russia"]')
    assert pg.url.endswith("c=CHN,THA,PRK,KOR")
    context.close()


@pytest.mark.parametrize(
    ("path", "chart", "name"),
    [
        ("/?year=2017", "#map", "tiptiers-map-2017"),
        ("/country/CHN", "#timeline", "tiptiers-CHN"),
        ("/compare?c=CHN,RUS", "#compare-chart", "tiptiers-compare"),
    ],
)
def test_every_chart_downloads_as_png_and_svg_with_its_source_line(
    page: Any, base_url: str, path: str, chart: str, name: str
) -> None:
    page.goto(base_url + path)
    wait_for_chart(page, chart)
    with page.expect_download() as got_svg:
        page.click(f"{chart} ~ .downloads .download-svg")
    assert got_svg.value.suggested_filename == f"{name}.svg"
    svg = Path(got_svg.value.path()).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Source: U.S. State Department TIP Reports" in svg
    with page.expect_download() as got_png:
        page.click(f"{chart} ~ .downloads .download-png")
    assert got_png.value.suggested_filename == f"{name}.png"
    assert Path(got_png.value.path()).read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_coverage_page_shows_which_years_are_partial(
    browser: Any, base_url: str, record: Record, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.goto(f"{base_url}/")
    with pg.expect_navigation():
        pg.click("nav a[href='/coverage']")
    # partial: a list marked incomplete, or fewer countries than the report printed
    partial = [
        y
        for y in record.years
        if record.coverage[y].partial or record.year_check(y).status == "partial"
    ]
    shown = pg.eval_on_selector_all(
        "#coverage-table tr.partial", "els => els.map(e => Number(e.dataset.year))"
    )
    assert shown == partial and partial
    assert 2004 in shown and "short" in pg.inner_text('#coverage-table tr[data-year="2004"]')
    lists = next(y for y in partial if record.coverage[y].partial)
    assert "incomplete" in pg.inner_text(f'#coverage-table tr[data-year="{lists}"]')
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    shot(pg, "coverage" if width > 400 else "phone-coverage")
    context.close()


def test_dark_mode_follows_the_reader_and_keeps_the_tier_colours(
    browser: Any, base_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    pg = context.new_page()
    pg.goto(f"{base_url}/?year=2017")
    wait_for_chart(pg, "#map")
    background = pg.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert background == "rgb(20, 24, 28)", background
    assert pg.get_attribute("#map", "data-theme") == "dark"
    fills = map_fills(pg)
    assert fills["3"] > 0 and fills["1"] > 0  # the same colour-blind-safe palette
    shot(pg, "home-dark")
    context.close()


def test_country_and_year_pages_print_without_navigation(page: Any, base_url: str) -> None:
    for path in ("/country/CHN?year=2013", "/year/2013"):
        page.goto(base_url + path)
        page.emulate_media(media="print")
        assert not page.locator(".site-header nav").is_visible()
        assert not page.locator("form").first.is_visible()
        assert page.locator("h1").is_visible()
        page.emulate_media(media="screen")
        assert page.locator(".site-header nav").is_visible()


def test_the_map_and_a_country_chart_can_be_framed_by_other_sites(
    browser: Any, base_url: str
) -> None:
    """/embed/ pages draw inside another site's frame; every other page refuses to be framed.
    The other site is a second server on another port (another origin) of the loopback."""
    import http.server

    host_page = (
        f'<iframe id="a" src="{base_url}/embed/map?year=2017" width="800" height="500"></iframe>'
        f'<iframe id="b" src="{base_url}/embed/country/CHN" width="800" height="400"></iframe>'
        f'<iframe id="c" src="{base_url}/year/2017" width="800" height="300"></iframe>'
    ).encode()

    class Host(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(host_page)

        def log_message(self, *args: Any) -> None:
            pass

    other = http.server.HTTPServer(("127.0.0.1", 0), Host)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1000, "height": 1300})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    try:
        pg.goto(f"http://127.0.0.1:{other.server_address[1]}/")
        pg.frame_locator("#a").locator('#map[data-rendered="true"] svg').wait_for()
        pg.frame_locator("#b").locator('#timeline[data-rendered="true"] svg').wait_for()
        pg.wait_for_timeout(500)
        urls = [f.url for f in pg.frames]
        assert f"{base_url}/embed/map?year=2017" in urls
        assert f"{base_url}/year/2017" not in urls, urls  # frame-ancestors 'none': blocked
        shot(pg, "embed")
    finally:
        context.close()
        other.shutdown()


def _tier3_point(page: Any) -> dict[str, float]:
    """A point of the drawn map that a Tier 3 shape covers."""
    box: dict[str, float] | None = page.evaluate(
        """colour => {
            const r = document.querySelector('#map svg').getBoundingClientRect();
            for (let y = r.top + 5; y < r.bottom; y += 6) {
                for (let x = r.left + 5; x < r.right; x += 6) {
                    const e = document.elementFromPoint(x, y);
                    if (e && (e.getAttribute('fill') || '').toLowerCase() === colour) {
                        return {x: x, y: y};
                    }
                }
            }
            return null;
        }""",
        TIER_COLORS["3"].lower(),
    )
    assert box is not None
    return box


def _hover_tier3(page: Any) -> str:
    box = _tier3_point(page)
    page.mouse.move(box["x"] - 5, box["y"] - 5)
    page.mouse.move(box["x"], box["y"])
    return str(page.wait_for_selector("#vg-tooltip-element.visible").inner_text())


def test_the_map_tooltip_gives_the_change_the_clock_and_the_determination(
    page: Any, base_url: str
) -> None:
    page.goto(f"{base_url}/?year=2017")
    wait_for_chart(page, "#map")
    text = _hover_tier3(page)
    for title in (
        "2017 report",
        "2016 report",
        "Watch List clock for 2018",
        "Tier 3 determination",
    ):
        assert title in text, text
    shot(page, "home-tooltip")


def test_the_map_is_usable_from_the_keyboard(page: Any, base_url: str) -> None:
    """Every country of the map is also a link in a list reachable by Tab."""
    page.goto(f"{base_url}/?year=2017")
    wait_for_chart(page, "#map")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#map-list-3') !== null"):
            break
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#map-list-3 li') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/country/[A-Z]{3}\?year=2017$", page.url)


def test_the_play_button_runs_the_years_and_pauses(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/?year=2015")
    wait_for_chart(page, "#map")
    with page.expect_navigation():
        page.click("#play")
    assert page.url.endswith("/?year=2016#play")
    with page.expect_navigation(timeout=10_000):
        pass  # the next year follows by itself
    assert page.url.endswith("/?year=2017#play")
    wait_for_chart(page, "#map")
    page.click("#play")  # pause
    assert page.get_attribute("#play", "aria-pressed") == "false"
    page.wait_for_timeout(2500)
    assert page.url.endswith("/?year=2017")


# -- share every view, tap previews (issue 16) ----------------------------------------------
def _visible(pg: Any, selector: str) -> bool:
    return bool(pg.is_visible(selector))


def test_the_tier_filter_lives_in_the_address_and_reopens_the_view(
    page: Any, base_url: str
) -> None:
    page.goto(f"{base_url}/?year=2017")
    wait_for_chart(page, "#map")
    assert _visible(page, "[data-tier-filter]") and _visible(page, "#map-list-3")
    page.uncheck("[data-tier-filter] input[value='3']")
    page.uncheck("[data-tier-filter] input[value='2WL']")
    assert page.url == f"{base_url}/?year=2017&tier=1&tier=2&tier=special_case"
    assert not _visible(page, "#map-list-3") and _visible(page, "#map-list-1")
    page.goto(page.url)  # the shared address restores the filter
    wait_for_chart(page, "#map")
    assert not page.is_checked("[data-tier-filter] input[value='3']")
    assert page.is_checked("[data-tier-filter] input[value='1']")
    assert not _visible(page, "#map-list-3") and not _visible(page, "#map-list-2WL")
    with page.expect_navigation():
        page.click("a[rel=next]")  # another year keeps the filter
    assert page.url == f"{base_url}/?year=2018&tier=1&tier=2&tier=special_case"
    assert not _visible(page, "#map-list-3")
    page.check("[data-tier-filter] input[value='3']")
    page.check("[data-tier-filter] input[value='2WL']")
    assert page.url == f"{base_url}/?year=2018"  # all ticked: the plain address


def test_the_year_page_filters_its_placements_by_tier_on_a_phone(
    browser: Any, base_url: str
) -> None:
    pg = phone(browser)
    try:
        pg.goto(f"{base_url}/year/2017?tier=3")
        assert _visible(pg, "#tier-3") and not _visible(pg, "#tier-1")
        assert not _visible(pg, "#tier-2WL")
        pg.check("[data-tier-filter] input[value='1']")
        assert _visible(pg, "#tier-1")
        assert pg.url == f"{base_url}/year/2017?tier=1&tier=3"
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        shot(pg, "phone-year-tier-filter")
    finally:
        pg.context.close()


def test_a_tap_on_a_phone_previews_the_country_and_a_second_tap_opens_it(
    browser: Any, base_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    try:
        pg.goto(f"{base_url}/?year=2017")
        wait_for_chart(pg, "#map")
        assert not _visible(pg, "#map-preview")
        point = _tier3_point(pg)
        pg.touchscreen.tap(point["x"], point["y"])
        pg.wait_for_selector("#map-preview", state="visible")
        assert pg.url == f"{base_url}/?year=2017"  # the first tap did not navigate
        text = pg.inner_text("#map-preview")
        for title in ("Country", "2017 report", "2016 report", "Watch List clock for 2018"):
            assert title in text, text
        assert "Tier 3" in text, text
        href = pg.get_attribute("#map-preview a.open", "href")
        assert href is not None and re.fullmatch(r"/country/[A-Z]{3}\?year=2017", href)
        box = pg.locator("#map-preview").bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844  # on screen
        scrolled = pg.evaluate("window.scrollY")  # the map is kept in sight above the panel
        drawn = pg.locator("#map").bounding_box()
        assert drawn is not None and drawn["y"] >= 0 and drawn["y"] + drawn["height"] <= box["y"]
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / "phone-map-tap-preview.png"))
        with pg.expect_navigation():
            pg.touchscreen.tap(point["x"], point["y"] - scrolled)
        assert pg.url == base_url + href
    finally:
        context.close()
