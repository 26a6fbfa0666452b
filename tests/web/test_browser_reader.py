# ruff: noqa: F811 (the browser fixtures of test_browser.py, imported)
"""The grapher basics in headless Chromium, at desktop and phone width, light and dark
(issue 23): the Map / Chart / Table tabs and their addresses, the sortable and filterable
table, Share / Embed / Cite, the map's links, and axe-core's accessibility check of every
page outside /docs.

axe-core comes from the npm registry (``npm install`` into ``test-output/axe`` once) and is
put into the page by the test only: the app never serves it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.test_browser import SHOTS, TIMEOUT, base_url, browser  # noqa: F401

pytestmark = pytest.mark.browser

AXE_VERSION = "4.11"
AXE_DIR = Path(__file__).resolve().parents[2] / "test-output" / "axe"
WIDTHS = {"desktop": 1280, "phone": 390}
SCHEMES = ("light", "dark")
#: Every kind of page outside /docs (the API's own Swagger page).
AXE_PAGES = (
    "/",
    "/?view=chart",
    "/?view=table&year=2024",
    "/year/2023",
    "/country/CHN",
    "/country/PRK?year=2023",
    "/compare?c=CHN,PRK,THA",
    "/coverage",
    "/search",
    "/search?q=congo",
    "/glossary",
    "/check-news",
    "/scenarios",
    "/cite",
    "/embed/map",
    "/embed/country/CHN",
    "/embed/tiers",
)


def axe_source() -> str:
    path = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI"):
                pytest.fail("npm is needed under CI to fetch axe-core for the accessibility test")
            pytest.skip("no npm to fetch axe-core")
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(AXE_DIR),
                f"axe-core@{AXE_VERSION}",
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return path.read_text(encoding="utf-8")


def context_page(b: Any, width: int, scheme: str, **extra: Any) -> Any:
    context = b.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, **extra)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    return pg


@pytest.fixture(params=[(w, s) for w in WIDTHS for s in SCHEMES], ids=lambda p: f"{p[0]}-{p[1]}")
def view(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, str]]:
    """A page at desktop or phone width in light or dark mode that fails the test on a
    script error; and its name, for screenshots."""
    width, scheme = request.param
    pg = context_page(browser, WIDTHS[width], scheme)
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    yield pg, f"{width}-{scheme}"
    pg.context.close()
    assert problems == []


def test_the_home_tabs_switch_the_view_and_the_address(
    view: tuple[Any, str],
    base_url: str,
) -> None:
    pg, name = view
    pg.goto(f"{base_url}/?year=2017")
    pg.wait_for_selector('#map[data-rendered="true"] svg')
    shot_all = SHOTS / f"reader-home-map-{name}.png"
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(shot_all), full_page=False)
    assert pg.get_attribute("#tab-map", "aria-selected") == "true"
    pg.click("#tab-chart")
    assert "view=chart" in pg.url and "year=2017" in pg.url
    assert pg.is_hidden("#panel-map") and pg.is_visible("#panel-chart")
    pg.wait_for_selector('#tiers-chart[data-rendered="true"] svg')
    bars = pg.eval_on_selector_all(
        "#tiers-chart svg path[aria-roledescription=bar]", "e => e.length"
    )
    assert bars == 0 or bars > 50  # Vega names bars when its ARIA is on
    pg.screenshot(path=str(SHOTS / f"reader-home-chart-{name}.png"))
    pg.click("#tab-table")
    assert "view=table" in pg.url
    rows = pg.eval_on_selector_all("#placements-table tbody tr", "e => e.length")
    assert rows > 150
    pg.screenshot(path=str(SHOTS / f"reader-home-table-{name}.png"))
    pg.go_back()
    assert pg.is_visible("#panel-chart") and pg.is_hidden("#panel-table")
    # the next year keeps the view
    pg.click("#tab-table")
    pg.click("a[rel=next]")
    assert "year=2018" in pg.url and "view=table" in pg.url
    assert pg.is_visible("#panel-table")


def test_the_table_sorts_and_filters(view: tuple[Any, str], base_url: str) -> None:
    pg, _ = view
    pg.goto(f"{base_url}/?year=2017&view=table")
    first = pg.inner_text("#placements-table tbody tr:first-child th")
    assert first == "Afghanistan"
    pg.click("#placements-table thead th:nth-child(3) button")  # Tier 2017, best first
    assert pg.get_attribute("#placements-table thead th:nth-child(3)", "aria-sort") == "ascending"
    tiers = pg.eval_on_selector_all(
        "#placements-table tbody tr", "rs => rs.map(r => r.dataset.tier)"
    )
    assert tiers[0] == "1" and tiers[-1] in ("3", "special_case")
    pg.click("#placements-table thead th:nth-child(3) button")
    assert pg.get_attribute("#placements-table thead th:nth-child(3)", "aria-sort") == "descending"
    pg.fill("#table-filter", "near east")
    shown = pg.eval_on_selector_all(
        "#placements-table tbody tr:not([hidden])", "rs => rs.map(r => r.cells[1].innerText)"
    )
    assert len(shown) > 5 and set(shown) == {"Near East"}
    assert pg.inner_text("#table-count").startswith(f"{len(shown)} of ")
    pg.fill("#table-filter", "eritrea")
    assert pg.inner_text("#placements-table tbody tr:not([hidden]) th") == "Eritrea"
    csv = pg.get_attribute("#panel-table a.csv", "href")
    assert csv == "/api/v1/years/2017?format=csv"


def test_share_embed_and_cite_on_every_view(
    view: tuple[Any, str],
    base_url: str,
) -> None:
    from tiptiers.version import __version__

    pg, name = view
    for path in ("/?year=2016&view=chart", "/country/CHN", "/year/2019", "/compare?c=CHN,THA"):
        pg.goto(base_url + path)
        pg.click("[data-share]")
        assert pg.input_value("#share-dialog textarea") == pg.url
        pg.click("#share-dialog [data-close]")
        pg.click("[data-cite]")
        pg.wait_for_function(
            "document.querySelector('#share-dialog textarea').value.includes('tiptiers')"
        )
        text = pg.input_value("#share-dialog textarea")
        assert f"version {__version__}" in text and pg.url in text, text
        if path == "/country/CHN":
            pg.screenshot(path=str(SHOTS / f"reader-cite-{name}.png"))
        pg.click("#share-dialog [data-close]")
        if pg.locator("[data-embed]").count():
            pg.click("[data-embed]")
            code = pg.input_value("#share-dialog textarea")
            assert code.startswith('<iframe src="' + base_url + "/embed/")
            if "view=chart" in path:
                assert "/embed/tiers" in code
            pg.click("#share-dialog [data-close]")


def test_the_cite_page_gives_four_formats_without_a_script(
    browser: Any,
    base_url: str,
) -> None:
    pg = context_page(browser, 1280, "light", java_script_enabled=False)
    pg.goto(f"{base_url}/cite?url={base_url}/country/CHN")
    text = pg.inner_text("main")
    assert "@software" in text or "@misc" in text
    assert f"{base_url}/country/CHN" in text
    pg.goto(f"{base_url}/cite?url=https://elsewhere.example/x")
    assert "elsewhere.example" not in pg.inner_text("main")
    pg.context.close()


def test_grey_countries_link_to_their_page_and_no_shape_to_null(
    browser: Any,
    base_url: str,
) -> None:
    static = context_page(browser, 1280, "light", java_script_enabled=False)
    pg = context_page(browser, 1280, "light")
    for year in (2023, 2024):
        static.goto(f"{base_url}/?year={year}")  # the map drawn on the server
        links = static.eval_on_selector_all(
            "#map a", "as => as.map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))"
        )
        assert len(links) > 150
        assert not [h for h in links if not h.startswith("/country/")]
        pg.goto(f"{base_url}/?year={year}")  # the interactive map
        pg.wait_for_selector('#map[data-rendered="true"] svg')
        live = pg.eval_on_selector_all(
            "#map svg path",
            "ps => ps.filter(p => p.__data__ && p.__data__.href !== undefined"
            " && /null|undefined/.test(String(p.__data__.href))).length",
        )
        assert live == 0
    pg.context.close()
    static.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_serious_violation_outside_docs(
    browser: Any,
    base_url: str,
    width: str,
    scheme: str,
) -> None:
    """axe-core on every kind of page (each tab of the home page, the pages of a country, a
    year, the compare view, the glossary, the embeds...): 0 serious or critical violations."""
    axe = axe_source()
    pg = context_page(browser, WIDTHS[width], scheme, bypass_csp=True)
    found: dict[str, list[str]] = {}
    for path in AXE_PAGES:
        pg.goto(base_url + path)
        pg.wait_for_function(  # every chart on screen drawn (a hidden tab's is not)
            "Array.from(document.querySelectorAll('[data-vega-spec], [data-vega-url]'))"
            ".filter(e => e.offsetParent !== null).every(e => e.hasAttribute('data-rendered'))"
        )
        pg.evaluate(axe)
        result = pg.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"
        )
        if result:
            found[path] = result
    pg.context.close()
    assert found == {}, json.dumps(found, indent=1)


def test_the_embedded_map_s_legend_leaves_the_map_clear_on_a_phone(
    view: tuple[Any, str], base_url: str
) -> None:
    pg, name = view
    pg.goto(f"{base_url}/embed/map?year=2024")
    pg.wait_for_selector('#map[data-rendered="true"] svg')
    shape = pg.eval_on_selector("#map", "e => e.getBoundingClientRect().bottom")
    legend = pg.eval_on_selector("#legend", "e => e.getBoundingClientRect().top")
    assert legend >= shape
    labels = pg.eval_on_selector_all("#legend li", "ls => ls.map(l => l.innerText)")
    assert any(label.startswith("Tier 3 (") for label in labels)
    assert pg.evaluate("document.documentElement.scrollWidth") <= pg.viewport_size["width"]
    pg.screenshot(path=str(SHOTS / f"reader-embed-map-{name}.png"), full_page=True)


def test_small_states_are_dots_with_a_tooltip_and_a_link_and_missing_is_dashed(
    view: tuple[Any, str], base_url: str
) -> None:
    """Malta, Singapore and the island states have no shape at the map's scale: each is a
    dot in its tier's colour that shows its tooltip and opens its page; "missing from our
    record" is hollow and dashed, "not ranked" a plain grey, in light and in dark mode."""
    pg, name = view
    pg.goto(f"{base_url}/?year=2024")
    pg.wait_for_selector('#map[data-rendered="true"] svg')
    pg.screenshot(path=str(SHOTS / f"reader-map-dots-{name}.png"))
    dots = pg.eval_on_selector_all(
        "#map svg path",
        "ps => ps.filter(p => p.__data__ && p.__data__.mark && p.__data__.mark.marktype === 'symbol'"
        " && p.__data__.datum && p.__data__.datum.dot_lon !== undefined).map(p => {"
        " const r = p.getBoundingClientRect();"
        " return {iso3: p.__data__.datum.iso3, fill: p.getAttribute('fill'),"
        " x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width}; })",
    )
    by_iso3 = {d["iso3"]: d for d in dots}
    assert {"MLT", "SGP", "BHR", "PLW", "MDV"} <= set(by_iso3)
    assert by_iso3["MLT"]["fill"].lower() == "#f0e442"  # Malta: Tier 2 Watch List in 2024
    assert by_iso3["MLT"]["w"] >= 6  # big enough to point at
    # the greys: two, told apart by form as well as colour, in either scheme
    dark = name.endswith("dark")
    fills = pg.eval_on_selector_all(
        "#map svg path",
        "ps => ps.map(p => [(p.getAttribute('fill') || '').toLowerCase(),"
        " p.getAttribute('stroke-dasharray') || ''])",
    )
    hollow = "#252c33" if dark else "#fcfcfc"
    grey = "#5b6570" if dark else "#d9d9d9"
    assert any(f == hollow and dash == "3,2" for f, dash in fills)
    assert any(f == grey and dash in ("", "1,0") for f, dash in fills)
    # hover: the tooltip names it; click: its page
    pg.mouse.move(by_iso3["MLT"]["x"], by_iso3["MLT"]["y"])
    pg.wait_for_selector("#vg-tooltip-element.visible")
    assert "Malta" in pg.inner_text("#vg-tooltip-element")
    pg.mouse.click(by_iso3["MLT"]["x"], by_iso3["MLT"]["y"])
    pg.wait_for_url("**/country/MLT?year=2024")
    assert "Malta" in pg.inner_text("h1")
