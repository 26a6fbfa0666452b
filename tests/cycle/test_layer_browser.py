"""A published cycle beside the official record, in headless Chromium: a small cycle is
published in a temporary database, then a reader picks it on the home map (the map
recoloured, captioned as the cycle's and not the State Department's, a country it did not
assess shown as such), on the compare page (a row and diamonds beside the record's) and on a
country's page, at desktop and phone width, light and dark. Screenshots go to
``test-output/layer/`` for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from tests.cycle.test_browser import ARGS, CHROMIUM, serve
from tests.cycle.test_layers import publish

from tiptiers.cycle.service import Cycles
from tiptiers.report.maps import TIER_COLORS
from tiptiers.store import Store

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "layer"
TIMEOUT = 20_000  # ms
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: The cycle: Thailand (Tier 2 in the official 2025 report) on Tier 3, Malaysia (Tier 2)
#: on the Watch List; Brazil (Watch List) and Russia (Tier 3) as the report placed them.
CYCLE = {"THA": "3", "MYS": "2WL", "BRA": "2WL", "RUS": "3"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """The app on a database with one published 2025 cycle and one draft; (URL, cycle id)."""
    url = str(tmp_path_factory.mktemp("layer") / "layer.db")
    svc = Cycles(Store.open(url))
    publish(svc, 2025, {"THA": "1"}, "Unfinished draft", go=False)
    cid = publish(svc, 2025, CYCLE, "Coalition shadow report 2025")
    svc.store.close()
    with serve(url) as base:
        yield base, cid


@pytest.fixture(scope="module")
def browser(served: tuple[str, int]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def new_page(browser: Any, base: str, size: str, scheme: str) -> tuple[Any, list[str]]:
    context = browser.new_context(viewport=SIZES[size], color_scheme=scheme)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    pg.on("request", lambda r: None if r.url.startswith(base) else problems.append(f"off: {r.url}"))
    return pg, problems


def shot(pg: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def choose(pg: Any) -> None:
    """Submit the source picker and wait for the page it loads (a loaded machine may take
    a while to draw a new map the first time)."""
    with pg.expect_navigation(timeout=60_000):
        pg.click(".source-picker button")


def lowest_point_of(pg: Any, colour: str) -> dict[str, float]:
    """The lowest point of the drawn map that a shape of ``colour`` covers."""
    at: dict[str, float] | None = pg.evaluate(
        """colour => {
            const r = document.querySelector('#map svg').getBoundingClientRect();
            for (let y = r.bottom - 5; y > r.top; y -= 4) {
                for (let x = r.left + 5; x < r.right; x += 4) {
                    const e = document.elementFromPoint(x, y);
                    if (e && (e.getAttribute('fill') || '').toLowerCase() === colour) {
                        return {x: x, y: y};
                    }
                }
            }
            return null;
        }""",
        colour,
    )
    assert at is not None
    return at


def fits(pg: Any, size: str) -> None:
    assert pg.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_published_cycle_is_a_layer_beside_the_official_record(
    browser: Any, served: tuple[str, int], size: str, scheme: str
) -> None:
    base, cid = served
    pg, problems = new_page(browser, base, size, scheme)
    tag = f"{size}-{scheme}"

    # the home map offers the official report and the published cycle, never the draft
    pg.goto(f"{base}/?year=2025")
    options = pg.eval_on_selector_all("#source-select option", "os => os.map(o => o.textContent)")
    assert options[0].startswith("Official report")
    assert any("Coalition shadow report 2025" in o for o in options)
    assert not any("Unfinished" in o for o in options)
    pg.select_option("#source-select", f"cycle:{cid}")
    choose(pg)
    assert unquote(pg.url).endswith(f"/?source=cycle:{cid}")
    pg.wait_for_selector('#map[data-rendered="true"] svg')
    note = pg.inner_text(".layer-note")
    assert "Shadow placements of Coalition shadow report 2025" in note
    assert "not the State Department's" in note
    assert "2 differ from the official placement" in note  # Thailand, Malaysia
    assert pg.get_attribute(".layer-note a", "href") == f"/cycles/{cid}/compare"
    # the map is the cycle's: four shapes in its tiers, every other country not assessed
    fills = pg.eval_on_selector_all(
        "#map svg path", "els => els.map(e => (e.getAttribute('fill') || '').toLowerCase())"
    )
    assert fills.count(TIER_COLORS["3"].lower()) == 2  # Thailand, Russia
    assert fills.count(TIER_COLORS["2WL"].lower()) == 2  # Malaysia, Brazil
    assert fills.count(TIER_COLORS["1"].lower()) == 0
    legend = pg.inner_text("#legend")
    assert "Not assessed by this cycle" in legend
    counts = pg.eval_on_selector_all(
        "#legend li[data-tier]",
        "els => Object.fromEntries(els.map(e => [e.dataset.tier,"
        " (e.querySelector('.count') || {}).textContent]))",
    )
    assert counts["3"] == "2" and counts["2WL"] == "2" and counts["1"] == "0"
    assert pg.get_attribute("#source-select option:checked", "value") == f"cycle:{cid}"
    fits(pg, size)
    shot(pg, f"map-{tag}")
    if size == "desktop":  # the tooltip: the cycle's placement and the official one
        at = lowest_point_of(pg, TIER_COLORS["3"].lower())  # Thailand, south of Russia
        pg.mouse.move(at["x"] - 3, at["y"] - 3)
        pg.mouse.move(at["x"], at["y"])
        tip = pg.wait_for_selector("#vg-tooltip-element.visible").inner_text()
        assert "Thailand" in tip and "This cycle" in tip and "Tier 3" in tip, tip
        assert "Official 2025 report" in tip and "Tier 2 (differs)" in tip, tip
        with pg.expect_navigation():
            pg.mouse.click(at["x"], at["y"])
        assert pg.url.endswith("/country/THA")
        pg.go_back()
        pg.wait_for_selector('#map[data-rendered="true"] svg')

    # the table beside the official report, where they differ said
    pg.click("#tab-table")
    row = pg.locator("#placements-table tr", has_text="Thailand")
    assert "Tier 3" in row.inner_text() and "Tier 2" in row.inner_text()
    assert "differs" in row.inner_text()
    assert "not assessed" in pg.locator("#placements-table tr", has_text="France").inner_text()

    # back to the official map in one choice
    pg.click("#tab-map")
    pg.select_option("#source-select", "official")
    choose(pg)
    assert "/?year=2025&source=official" in unquote(pg.url)
    pg.wait_for_selector('#map[data-rendered="true"] svg')
    assert pg.query_selector(".layer-note") is None

    # compare: the cycle's row and diamonds beside the record's
    pg.goto(f"{base}/compare?c=THA,MYS")
    pg.select_option("#source-select", f"cycle:{cid}")
    choose(pg)
    assert unquote(pg.url).endswith(f"/compare?c=THA,MYS&source=cycle:{cid}")
    pg.wait_for_selector('#compare-chart[data-rendered="true"] svg')
    shadow = pg.inner_text(".shadow-row")
    assert "Coalition shadow report 2025" in shadow and "≠ official Tier 2" in shadow
    assert "not the State Department's" in pg.inner_text("#compare-table caption")
    assert "not the State Department's" in pg.inner_text(".layer-note")
    diamonds = pg.eval_on_selector_all(
        "#compare-chart svg path[aria-roledescription='point']",
        "els => els.filter(e => (e.getAttribute('aria-label') || '').includes('Published cycle'))"
        ".length",
    )
    assert diamonds == 2
    fits(pg, size)
    shot(pg, f"compare-{tag}")

    # a country's page: the cycle's placement beside the official one
    pg.goto(f"{base}/country/THA")
    pg.wait_for_selector('#timeline[data-rendered="true"] svg')
    section = pg.inner_text("#shadow")
    assert "Coalition shadow report 2025" in section and "differs" in section
    assert "not the State Department's" in section
    fits(pg, size)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for part in ("#shadow", "#timeline"):
        pg.locator(part).screenshot(path=str(SHOTS / f"country{part.replace('#', '-')}-{tag}.png"))
    pg.context.close()
    assert problems == []


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_published_cycle_map_is_embedded_labelled_as_the_cycle_s(
    browser: Any, served: tuple[str, int], size: str
) -> None:
    """The layer's Embed button gives the iframe of the cycle's map, titled as the cycle's;
    the embed draws the cycle's colours with its caption and links back to the layer."""
    base, cid = served
    pg, problems = new_page(browser, base, size, "light")
    pg.goto(f"{base}/?source=cycle:{cid}")
    pg.wait_for_selector('#map[data-rendered="true"] svg')
    # the analyses of these placements, a link each
    links = pg.eval_on_selector_all(
        ".layer-analyses a", "els => els.map(e => e.getAttribute('href'))"
    )
    assert links == [
        f"/year/2025/report.html?source=cycle:{cid}",
        f"/api/v1/audit?source=cycle:{cid}&format=csv",
        f"/api/v1/years/2026/clock?source=cycle:{cid}&format=csv",
    ]
    fits(pg, size)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.locator(".layer-analyses").screenshot(path=str(SHOTS / f"analyses-{size}.png"))
    pg.click("[data-embed]")
    snippet = pg.input_value("#share-dialog textarea")
    assert f'src="{base}/embed/map?source=cycle:{cid}"' in snippet
    assert (
        'title="Shadow placements of Coalition shadow report 2025 (cycle'
        f' {cid}) for the 2025 report — not the State Department&#39;s (tiptiers)"'
        in snippet.replace("'", "&#39;")
    )
    pg.keyboard.press("Escape")

    pg.goto(f"{base}/embed/map?source=cycle:{cid}")
    pg.wait_for_selector('#map[data-rendered="true"] svg')
    caption = pg.inner_text("figcaption")
    assert "Shadow placements of Coalition shadow report 2025" in caption
    assert "not the State Department's" in caption
    assert "2 differ from the official placement" in caption
    assert "Not assessed by this cycle" in caption
    fills = pg.eval_on_selector_all(
        "#map svg path", "els => els.map(e => (e.getAttribute('fill') || '').toLowerCase())"
    )
    assert fills.count(TIER_COLORS["3"].lower()) == 2  # Thailand, Russia
    assert fills.count(TIER_COLORS["2WL"].lower()) == 2  # Malaysia, Brazil
    assert pg.get_attribute("figcaption a", "href") == f"/?source=cycle:{cid}"
    fits(pg, size)
    shot(pg, f"embed-{size}")
    pg.context.close()
    assert problems == []
