"""What a reader meets on the dashboard's pages, without a browser (issue 23, items 4-6):
sentences rather than codes, a glossary every code links to, facts before gaps, and words
that do not accuse a country of what the law only required."""

from __future__ import annotations

import re
from html.parser import HTMLParser

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
