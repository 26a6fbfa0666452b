"""The dashboard's HTML, without a browser: what each page says, its links and downloads,
search with aliases, error pages, and that nothing is loaded from outside the app."""

from __future__ import annotations

import json
import re
import threading
import time
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tiptiers import analysis, api
from tiptiers.countries import registry
from tiptiers.model import Record, Tier
from tiptiers.report.maps import TIER_COLORS


class Links(HTMLParser):
    """Every URL a page refers to (href, src, action) and its application/json scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.citations: list[str] = []  # links to a cited source, for the reader to follow
        self.json: dict[str, Any] = {}
        self._json_id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and "external" in (a.get("rel") or "").split():
            self.citations.append(str(a.get("href")))
            return
        for key in ("href", "src", "action"):
            if a.get(key):
                self.urls.append(str(a[key]))
        if tag == "script" and a.get("type") == "application/json":
            self._json_id = a.get("id")

    def handle_data(self, data: str) -> None:
        if self._json_id:
            self.json[self._json_id] = json.loads(data)
            self._json_id = None


def parse(html: str) -> Links:
    p = Links()
    p.feed(html)
    return p


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


PAGES = ["/", "/?year=2013", "/country/CHN", "/country/CHN?year=2013", "/year/2017", "/search"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_only_from_the_app(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    links = parse(r.text)
    external = [u for u in links.urls if re.match(r"^(https?:)?//", u)]
    assert external == []
    for u in links.urls:
        if u.startswith(("/static/", "/assets/")):
            assert client.get(u).status_code == 200, u
    assert 'class="skip-link" href="#main"' in r.text and 'id="main"' in r.text


def one_link_of_each_shape(client: TestClient) -> dict[str, str]:
    """The pages' own links by shape (a country page, a year's CSV, ...): one URL of each."""
    links: dict[str, str] = {}
    for path in PAGES:
        for u in parse(client.get(path).text).urls:
            u = u.split("#")[0]
            shape = re.sub(r"\d{4}", "Y", re.sub(r"/country/[A-Z]{3}", "/country/C", u))
            shape = re.sub(r"/countries/[A-Z]{3}", "/countries/C", shape)
            if u.startswith("/"):
                links.setdefault(shape, u)
    return links


def test_every_kind_of_link_of_the_pages_answers(client: TestClient) -> None:
    """One link of each shape answers 200; the PDF report, which takes most of a minute to
    render, has a test of its own below."""
    links = one_link_of_each_shape(client)
    for u in links.values():
        if not u.endswith(".pdf"):
            assert client.get(u, follow_redirects=True).status_code == 200, u
    assert any(u.endswith("format=csv") for u in links) and "/country/C" in links


@pytest.mark.slow
def test_the_pdf_report_link_answers_with_the_pdf(client: TestClient, web_db: str) -> None:
    """The link of the pages, followed on an app of its own: the session's app has served the
    fuzz, whose requests queue PDF builds of their own and stop and start its lifespan."""
    from tiptiers.web.app import create_app

    pdfs = [u for u in one_link_of_each_shape(client).values() if u.endswith(".pdf")]
    assert pdfs, "no page links the PDF report"
    with TestClient(create_app(web_db)) as own:
        for u in pdfs:
            r = own.get(u, follow_redirects=True)
            assert r.status_code in (200, 202), u
            status: dict[str, object] = {}
            for _ in range(1200):  # built in a worker process: wait (at most 10 minutes)
                status = own.get(u + "/status").json()
                if status["state"] in ("ready", "failed"):
                    break
                time.sleep(0.5)
            r = own.get(u, follow_redirects=True)
            assert r.status_code == 200 and r.content.startswith(b"%PDF"), (u, status)


def test_home_map_of_the_chosen_year(client: TestClient, record: Record) -> None:
    html = client.get("/?year=2015").text
    spec = parse(html).json["map-spec"]
    assert re.search(r"/assets/[0-9a-f]{12}/world-110m\.json", json.dumps(spec))
    assert "/country/{iso3}" not in json.dumps(spec)  # hrefs are filled in
    assert '"href"' in json.dumps(spec)
    text = text_of(html)
    legend = dict(re.findall(r'<li data-tier="([^"]+)">.*?<span class="count">(\d+)</span>', html))
    assert legend == {t.value: str(n) for t, n in record.counts(2015).items()}
    assert "Tier 2 Watch List" in text and "Not ranked by the report" in text
    assert "Missing from our record" not in text  # 2015 is complete: nothing is missing
    assert 'option value="2015" selected' in html
    assert "Partial record" not in text  # 2015 is complete
    for colour in (TIER_COLORS["1"], TIER_COLORS["3"], TIER_COLORS["none"]):
        assert colour in html  # legend swatches use the map's palette


def test_home_map_is_drawn_in_the_page_and_compiled_for_vega_alone(client: TestClient) -> None:
    """The map is on screen as soon as the HTML is (an SVG drawn on the server, with the
    countries' links); the script draws the interactive map from a Vega spec compiled on
    the server, so the page loads no Vega-Lite."""
    html = client.get("/?year=2015").text
    figure = html[html.index('<div id="map"') : html.index('<div id="map-preview"')]
    assert '<div class="chart-static" aria-hidden="true"><svg' in figure
    assert figure.count("<path") > 150
    assert TIER_COLORS["3"] in figure and TIER_COLORS["1"] in figure
    assert 'xlink:href="/country/CHN?year=2015"' in figure
    svg = figure[figure.index("<svg") :]
    assert "vega.github.io" not in svg and "aria-label" not in svg  # the div names the map
    assert "vega-lite" not in html
    chart = parse(html).json["map-spec"]
    assert "/vega/v" in chart["spec"]["$schema"]
    assert chart["dark"]["background"] == "transparent" and "config" in chart["dark"]
    assert re.search(r'rel="preload" href="/assets/[0-9a-f]{12}/world-110m\.json"', html)


def test_home_defaults_to_the_latest_year_and_shows_its_caveat(
    client: TestClient, record: Record
) -> None:
    html = client.get("/").text
    assert f'TIP Report tiers, <span class="year">{record.last_year}</span>' in html
    # The latest year (2025) is complete: no caveat; a partial year's page shows its own.
    assert record.coverage[record.last_year].caveat() == ""
    caveat = record.coverage[2024].caveat()
    assert caveat and caveat in text_of(client.get("/?year=2024").text)


def test_assets_have_fingerprinted_names_a_long_cache_and_compression(
    client: TestClient,
) -> None:
    """Vega and the map are fetched once per release: their URLs carry their hash and are
    cached for a year; they travel compressed; an old fingerprint is not served."""
    html = client.get("/").text
    urls = re.findall(r'(?:src|href)="(/assets/[0-9a-f]{12}/[^"]+)"', html)
    assert any(u.endswith("/vendor/vega.min.js") for u in urls), urls
    for u in urls:
        r = client.get(u, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200, u
        assert (
            "immutable" in r.headers["cache-control"]
            and "max-age=31536000" in r.headers["cache-control"]
        )
        if u.endswith(".js"):
            assert r.headers["content-encoding"] == "gzip", u
    vega = next(u for u in urls if u.endswith("/vendor/vega.min.js"))
    plain = client.get(vega, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content.startswith(b"!function")
    assert "Accept-Encoding" in plain.headers["vary"]
    zipped = client.get(vega, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["vary"] == "Accept-Encoding"
    stale = "/assets/000000000000/" + vega.split("/", 3)[3]
    assert client.get(stale).status_code == 404
    page = client.get("/year/2017", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"


def test_world_geometry_is_served_from_package_data(client: TestClient) -> None:
    r = client.get("/static/world-110m.json")
    assert r.status_code == 200
    topo = r.json()
    assert topo["type"] == "Topology" and "countries" in topo["objects"]


def test_country_page(client: TestClient, record: Record) -> None:
    html = client.get("/country/CHN?year=2017").text
    text = text_of(html)
    assert "<h1>China</h1>" in html
    assert re.search(r'data-year="2017" data-tier="3"', html)
    assert "Why: the 2017 placement under the law" in text
    d = api.explain("CHN", 2017, record=record)
    for step in d.trace:
        assert step.citation in text
    assert "22 U.S.C. 7107(b)(2)(D)(i)" in text
    assert "none was granted" in text
    assert "What Tier 3 meant in 2017" in text
    assert "timeline-spec" in parse(html).json
    assert "/api/v1/countries/CHN?format=csv" in html
    assert "/api/v1/countries/CHN/explain/2017?format=csv" in html


def test_country_page_shows_gaps_as_gaps(client: TestClient, record: Record) -> None:
    html = client.get("/country/SGP").text
    # 2019, a partial year: the report ranked Singapore, our record has no row (issue 23:
    # "missing from our record", never "no placement"); 2003, a year whose lists are
    # complete without it: not ranked by the report
    for y, words in ((2019, "missing from our record"), (2003, "not ranked by the report")):
        assert record.get("SGP", y) is None
        row = re.search(rf'<tr class="gap" data-year="{y}">(.*?)</tr>', html, re.S)
        assert row is not None, y
        assert words in row.group(1) and "no placement" not in row.group(1)
    # the home map of a partial year has the two greys apart in its legend
    home = client.get("/?year=2019").text
    assert "Not ranked by the report" in home and "Missing from our record" in home


def test_country_page_clock_state(client: TestClient, record: Record) -> None:
    nxt = record.last_year + 1
    on_clock = api.clock(nxt, record=record)[0]
    text = text_of(client.get(f"/country/{on_clock.iso3}").text)
    assert f"The next report ({nxt}): the Watch List clock" in text
    assert on_clock.state.reason in text
    outlook = next(
        f
        for f in analysis.forecast(record, registry()).countries
        if f.country.iso3 == on_clock.iso3
    )
    assert outlook.sentence in text
    off = text_of(client.get("/country/GBR").text)
    assert f"not on the Watch List clock for the {nxt} report" in off


def test_a_government_that_no_longer_exists_has_no_clock(
    client: TestClient, record: Record
) -> None:
    """Serbia and Montenegro (ranked 2003-2006) is not on the next report's clock: the page
    says who is, not a clock state for a government the report no longer ranks."""
    nxt = record.last_year + 1
    text = text_of(client.get("/country/SCG").text)
    assert f"The clock for {nxt} runs for them, not for Serbia and Montenegro." in text
    assert "not on the Watch List clock" not in text
    assert "What the law permits" not in text


def test_country_page_redirects_codes_and_names_to_iso3(client: TestClient) -> None:
    r = client.get("/country/Myanmar?year=2010", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/country/MMR?year=2010"


def test_year_page(client: TestClient, record: Record) -> None:
    html = client.get("/year/2013").text
    text = text_of(html)
    yp = api.placements(2013, record=record)
    for t, n in yp.counts().items():
        if n:
            assert f'id="tier-{t}"' in html
    assert "Changes from the previous report" in text
    changes = re.search(r'<table id="changes-table"[^>]*>(.*?)</table>', html, re.S)
    assert changes and "China" in changes.group(1) and "Downgrades" in changes.group(1)
    clock = re.search(r'<table id="clock-table"[^>]*>(.*?)</table>', html, re.S)
    assert clock and 'data-iso3="CHN" data-status="downgrade_mandatory"' in clock.group(1)
    assert 'id="clock-next-table"' in html  # 2014 follows in the record
    tier3 = re.search(r'<table id="tier3-table">.*?<tbody>(.*?)</tbody>', html, re.S)
    # each Tier 3 government once, grouped by what the record says of its determination
    assert tier3 and len(re.findall('href="/country/', tier3.group(1))) == yp.counts()["3"]
    for csv_link in (
        "/years/2013?format=csv",
        "/years/2013/changes?format=csv",
        "/clock?format=csv",
    ):
        assert csv_link in html


def test_year_page_of_the_first_report(client: TestClient, record: Record) -> None:
    text = text_of(client.get(f"/year/{record.first_year}").text)
    assert "is the first report in the record" in text


def test_year_page_says_why_an_early_report_has_no_clock_and_no_determinations(
    client: TestClient,
) -> None:
    """The core's sentences (empty_clock_reason, sanctions_summary), of the whole year."""
    text = text_of(client.get("/year/2002").text)
    assert "the special watch list (22 U.S.C. 7107(b)(2)(A)) begins with the 2004 report" in text
    assert "The record lists 19 governments on Tier 3 in the 2002 report" in text
    text = text_of(client.get("/year/2017").text)
    assert "for each between 2017-08-11 and 2017-09-25, 45 to 90 days after the report" in text


@pytest.mark.parametrize("query", ["Burma", "Myanmar", "MMR", "burma", "mm"])
def test_search_aliases_open_burma(client: TestClient, query: str) -> None:
    r = client.get("/search", params={"q": query}, follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/country/MMR"


def test_search_with_several_matches_lists_them(client: TestClient) -> None:
    r = client.get("/search", params={"q": "congo"})
    assert r.status_code == 200
    results = re.search(r'<ul class="results" id="results"[^>]*>(.*?)</ul>', r.text, re.S)
    assert results
    assert "/country/COD" in results.group(1) and "/country/COG" in results.group(1)


def test_search_of_a_near_miss_and_of_nothing(client: TestClient) -> None:
    """Only an exact name, alias or code opens a country: a near miss is offered."""
    r = client.get("/search", params={"q": "Chna"}, follow_redirects=False)
    assert r.status_code == 404 and "Did you mean one of these?" in r.text
    assert '<a href="/country/CHN">China</a>' in r.text and "in 2025" in r.text
    nothing = client.get("/search", params={"q": "qqqqzzzz"})
    assert nothing.status_code == 404 and "No country is called" in nothing.text


def test_search_page_lists_every_country(client: TestClient) -> None:
    html = client.get("/search").text
    assert html.count('<li><a href="/country/') > 180


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/country/Chna", 404, "Did you mean: China?"),
        ("/year/1999", 404, "it covers 2001"),
        ("/year/abc", 422, "year: Input should be a valid integer"),
        ("/?year=1999", 404, "No report for 1999"),
        ("/country/CHN?year=1900", 404, "No report for 1900"),
        ("/no/such/page", 404, "No such page"),
    ],
)
def test_error_pages(client: TestClient, path: str, status: int, says: str) -> None:
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert says in r.text
    assert "Traceback" not in r.text


def test_pages_are_rendered_once(
    client: TestClient, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tiptiers.web import pages

    app.state.web.clear()
    calls: list[str] = []
    real = pages.render

    def counting(name: str, **context: Any) -> str:
        calls.append(name)
        return real(name, **context)

    monkeypatch.setattr(pages, "render", counting)
    first = client.get("/year/2008").text
    assert client.get("/year/2008").text == first
    assert calls.count("year.html") == 1


def test_year_page_offers_the_annual_report(client: TestClient) -> None:
    html = client.get("/year/2014").text
    assert '<a href="/year/2014/report.html">' in html  # opened in the browser (issue 23)
    r = client.get("/year/2014/report.html")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["content-disposition"] == 'inline; filename="tip-report-2014.html"'
    assert "2014" in r.text and "Thailand" in r.text
    assert client.get("/year/1999/report.html").status_code == 404


def test_year_page_offers_the_pdf_report(web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF is built by a job off the request path: 202 with its state until it is
    ready (a page with its progress for a browser), then the file, kept for the next."""

    from tiptiers.report import document
    from tiptiers.web.app import create_app
    from tiptiers.web.reports import ReportJobs

    built: list[int] = []
    release = threading.Event()

    def fake_pdf(year: int, *args: object, **kwargs: object) -> bytes:
        built.append(year)
        release.wait(10)
        return b"%PDF-1.7 stand-in"

    monkeypatch.setattr(document, "build_report_pdf", fake_pdf)
    with TestClient(create_app(web_db, reports=ReportJobs(in_process=True))) as client:
        assert '<a href="/year/2013/report.pdf">' in client.get("/year/2013").text
        waiting = client.get("/year/2013/report.pdf", headers={"Accept": "application/json"})
        assert waiting.status_code == 202 and waiting.headers["retry-after"] == "5"
        assert waiting.json()["state"] in ("queued", "building")
        page = client.get("/year/2013/report.pdf", headers={"Accept": "text/html"})
        assert page.status_code == 202 and 'id="pdf-progress"' in page.text
        release.set()
        for _ in range(200):
            if client.get("/year/2013/report.pdf/status").json()["state"] == "ready":
                break
            threading.Event().wait(0.05)
        r = client.get("/year/2013/report.pdf")
        assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
        assert r.headers["content-disposition"] == 'attachment; filename="tip-report-2013.pdf"'
        assert r.content.startswith(b"%PDF") and built == [2013]
        assert client.get("/year/2013/report.pdf").status_code == 200 and built == [2013]
        assert client.get("/year/1999/report.pdf").status_code == 404


def test_country_page_trajectory(client: TestClient, record: Record) -> None:
    text = text_of(client.get("/country/RUS").text)
    t = analysis.trajectory(record, registry(), "RUS")
    assert t.change_sentence() in text
    assert "Longest Watch List run: " in text


# -- sentences of the country page (issue 16: wrong turns) ----------------------------------
def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize("iso3", ["THA", "KIR"])
def test_the_clock_paragraph_ends_its_sentence_once(
    client: TestClient, record: Record, iso3: str
) -> None:
    html = client.get(f"/country/{iso3}").text
    clock = _text(html[html.index('id="clock-h"') : html.index('id="why"')])
    assert ".)." not in clock and "not ranked.)" not in clock, clock
    if iso3 == "KIR":  # absent from the last report: its note is quoted in the parentheses
        assert record.lookup("KIR", record.years[-1]).tier is None
        assert "do not name it)." in clock, clock


def test_a_year_whose_tier_1_list_is_complete_offers_only_tier_2(
    client: TestClient, record: Record
) -> None:
    """2024: Tier 1, the Watch List and Tier 3 are complete, Tier 2 is not; Ghana has no
    2024 row, so the page says it was Tier 2 (or a Special Case, or not ranked)."""
    cov = record.coverage[2024]
    assert cov.complete[Tier.T1] and not cov.complete[Tier.T2]
    assert record.lookup("GHA", 2024).tier is None
    text = _text(client.get("/country/GHA").text)
    assert "so it was Tier 2, a Special Case or not ranked." in text
    assert not re.search(r"2024 [^.]*Tier 1 or Tier 2", text)


def test_an_app_started_again_after_a_stop_still_builds_pdfs(
    web_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every TestClient (and schemathesis's ASGI calls) starts and stops the app's lifespan: a
    stop must not leave the PDF builder refusing work for the next start."""
    from tiptiers.report import document
    from tiptiers.web.app import create_app
    from tiptiers.web.reports import ReportJobs

    monkeypatch.setattr(document, "build_report_pdf", lambda *a, **k: b"%PDF-1.7 stand-in")
    app = create_app(web_db, reports=ReportJobs(in_process=True))
    with TestClient(app):
        pass
    with TestClient(app) as client:
        client.get("/year/2013/report.pdf")
        for _ in range(200):
            status = client.get("/year/2013/report.pdf/status").json()
            if status["state"] in ("ready", "failed"):
                break
            threading.Event().wait(0.05)
        assert status["state"] == "ready", status


def test_country_page_links_each_placement_to_its_report(client: TestClient) -> None:
    """Issue 23, item 1: the primary document beside the compilation, how the row was
    compiled and its trust in words; a row read from the next report says so."""
    html = client.get("/country/PLW").text
    row = re.search(r'<li id="placement-source-2024"(.*?)</li>', html, re.S)
    assert row is not None
    assert 'href="https://www.state.gov/reports/2024-trafficking-in-persons-report/"' in row.group(
        1
    )
    assert "data-year-inferred" in row.group(1) and "Report year inferred." in row.group(1)
    assert "trust:" in row.group(1)
    china = client.get("/country/CHN").text
    assert "the 2013 report, official page (State Department)" in china
    assert "academic dataset coded from the reports" in china  # its trust in words
    tha = re.search(
        r'<li id="placement-source-2018"(.*?)</li>', client.get("/country/THA").text, re.S
    )
    assert tha is not None and "data-trust=" in html


def test_a_short_year_says_a_country_may_be_missing_not_that_it_was_not_ranked(
    client: TestClient,
) -> None:
    """2004's lists hold fewer countries than the report printed: the home map's legend and a
    country page's gap say the country may be missing from our record."""
    home = text_of(client.get("/?year=2004").text)
    assert "Not ranked, or missing from our record (the 2004 lists hold fewer countries" in home
    assert "Not ranked by the report" in text_of(client.get("/?year=2006").text)
    page = text_of(client.get("/country/COG").text)
    assert "2005 not ranked, or missing from our record No 2005 placement in the record." in page
    assert "2006 not ranked by the report" in page
    # the law's trace stays the law's; beside it, the reader is told
    why = text_of(client.get("/country/COG?year=2005").text)
    assert "(record) Not in the 2005 report: the record's 2005 lists are complete" in why
    assert "For readers: No 2005 placement in the record." in why
    assert "For readers" not in text_of(client.get("/country/COG?year=2006").text)
