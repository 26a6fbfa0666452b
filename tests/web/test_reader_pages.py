"""What a reader meets on the dashboard's pages, without a browser (issue 23, items 4-6):
sentences rather than codes, a glossary every code links to, facts before gaps, and words
that do not accuse a country of what the law only required."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from tiptiers.glossary import glossary


class Visible(HTMLParser):
    """The text a reader sees (no scripts, no styles) and the ids of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.ids: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for k, v in attrs:
            if k == "id" and v:
                self.ids.add(v)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def visible(client: TestClient, path: str) -> Visible:
    r = client.get(path)
    assert r.status_code == 200, path
    v = Visible()
    v.feed(r.text)
    return v


def test_the_glossary_has_an_anchor_for_every_code(client: TestClient) -> None:
    page = visible(client, "/glossary")
    for section in glossary():
        for term in section.terms:
            assert term.slug in page.ids
            assert term.term in page.text
    assert "is the same provision as 22 U.S.C. 7107(d)(1)(B)" in page.text


def test_the_glossary_is_in_the_navigation(client: TestClient) -> None:
    assert re.search(r'<a href="/glossary">Glossary</a>', client.get("/").text)


#: Codes a reader should never meet in a page's text (they stay in JSON, CSV and the glossary).
CODES = re.compile(
    r"\bV20\d\d\b|\bd[1-4]\b|\(d[1-4]|ambiguity E\d|docs/LAW\.md|(?<![./])\b[a-z]+_[a-z_]+\b"
    r"|downgrade mandatory|has no row|POST /api"
)


def test_pages_speak_in_words_not_codes(client: TestClient) -> None:
    for path in (
        "/",
        "/year/2023",
        "/year/2024",
        "/year/2013",
        "/country/PRK",
        "/country/CHN?year=2013",
        "/country/ABW?year=2023",
        "/country/COD",
        "/compare?c=CHN,PRK,THA",
        "/scenarios",
        "/check-news",
    ):
        text = visible(client, path).text
        if path == "/check-news":  # the programs' note at the foot of the page names them
            text = text.split("For programs:")[0]
        if path == "/scenarios":  # the scenario as a file, for programs
            text = text.split("This scenario as a file")[0]
        found = sorted({m.group(0) for m in CODES.finditer(text)})
        assert found == [], (path, found)


def test_110d_is_said_to_be_7107d_where_it_appears(client: TestClient) -> None:
    for path in ("/year/2023", "/country/PRK"):
        text = visible(client, path).text
        assert "110(d)" in text and "is the same provision as 22 U.S.C. 7107(d)(1)(B)" in text


def test_the_changes_show_facts_and_sum_up_the_gaps_in_one_sentence(
    client: TestClient,
) -> None:
    from tiptiers import api

    # 2020: Namibia and Singapore have no 2019 row (2019's lists partial)
    changes = api.changes(2020, record=client.app.state.web.record())  # type: ignore[attr-defined]
    unknown = changes.unknown()
    assert unknown, "2020 has countries whose change the record cannot tell"
    html = client.get("/year/2020").text
    table = html[
        html.index('id="changes-table"') : html.index("</table>", html.index('id="changes-table"'))
    ]
    assert 'data-kind="unpublished"' not in table and "Change not known" not in table
    assert table.count("<tr data-kind=") == len(changes.changes) - len(unknown) - sum(
        1 for _, ch in changes.changes if ch.kind == "unchanged"
    )
    text = visible(client, "/year/2020").text
    assert text.count("missing from our record, so whether they changed tier is not known") == 1
    before = sum(1 for _, ch in unknown if ch.previous is None)
    assert before >= 2  # Namibia and Singapore at least
    assert f"For {before} countries the 2019 placement" in text


@pytest.mark.parametrize("iso3", ["ABW", "BTN", "COD"])
def test_a_country_upgraded_off_the_watch_list_is_not_called_a_downgrade(
    client: TestClient, iso3: str
) -> None:
    """Aruba, Bhutan and DR Congo in 2023: the law barred another Watch List year; the
    report upgraded them. The clock table says both, neither as a downgrade."""
    html = client.get("/year/2023").text
    table = html[html.index('id="clock-table"') :]
    at = table.index(f'data-iso3="{iso3}"')
    row = table[table.rindex("<tr", 0, at) : table.index("</tr>", at)]
    v = Visible()
    v.feed(row)
    assert "could not stay on the Watch List" in v.text
    assert "left the Watch List up, to Tier 2" in v.text
    assert "downgrade" not in v.text.lower()


def test_north_korea_s_determinations_say_what_is_known_and_sum_up_the_rest(
    client: TestClient,
) -> None:
    text = visible(client, "/country/PRK").text
    assert (
        "Withheld in the part of PD" not in text and "a waiver may be in the part not seen" in text
    )
    assert text.count("a waiver may be in the part not seen") == 1
    assert "(sentence cut off)" not in text and "Papu…" not in text
    # its 7107(d)(1)(A)(ii) restriction, in words; never the 7107(d)(2) of the source's old
    # label 'd2' (issue 24: one definition of each code)
    assert "aid and exchange funding withheld" in text
    assert "already under comparable restrictions" not in text.lower()


def test_pages_name_countries_as_readers_say_them(client: TestClient) -> None:
    """The year page's clock table, a country page and the compare chart's legend say
    "Democratic Republic of the Congo" and "North Korea", not the report's inverted forms
    (which stay in JSON and CSV, and as the alias on the country page)."""
    year = visible(client, "/year/2010").text
    assert "Democratic Republic of the Congo" in year and "Saint Vincent and the Grenadines" in year
    assert "Congo, Democratic Republic of the" not in year
    assert "St. Vincent and the Grenadines" not in year
    country = visible(client, "/country/PRK").text
    assert "In the report: Korea, North" in country
    assert country.count("Korea, North") == 1
    compare = client.get("/compare?c=PRK,KOR").text
    assert '"North Korea"' in compare and '"South Korea"' in compare
    assert '"Korea, North"' not in compare
    rows = client.get("/compare.csv?c=PRK").text.splitlines()
    assert rows[0].startswith("year,iso3,name,common_name,")
    assert ',"Korea, North",North Korea,' in rows[1]


def test_a_year_short_of_the_printed_counts_is_never_called_complete(client: TestClient) -> None:
    """2004's lists were compiled whole, but they hold 138 countries where the report printed
    140: the coverage page calls it short, the year page and the map say it may miss some."""
    page = client.get("/coverage").text
    row = page.split('<tr data-year="2004"', 1)[1].split("</tr>", 1)[0]
    assert 'data-status="partial"' in row and ">short</strong>" in row and "complete" not in row
    row = page.split('<tr data-year="2015"', 1)[1].split("</tr>", 1)[0]
    assert "complete: matches the printed counts" in row
    for path in ("/year/2004", "/?year=2004"):
        assert "The 2004 record may be missing countries" in visible(client, path).text, path
    notes = visible(client, "/coverage").text
    assert "has no row" not in notes and "medium-high" not in notes
