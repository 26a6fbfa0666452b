"""A crawl of the dashboard from ``/``: every internal link a page offers answers (issue 23:
the server-drawn map once linked shapes to ``/null`` and ``/undefined``).

Every page path is visited once; of the links that differ only in their query, every year
of the home map (each draws its own map on the server) and, for another page, its first
link (a country's page for one year), so the crawl reaches every country, every year and
every template with real data in a few hundred pages. Marked slow (a minute or two).
"""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

#: Paths whose every query variant is crawled (each year of the map and of the tables).
EVERY_QUERY = ("/",)
#: How many query variants of another path are crawled.
VARIANTS = 1
#: Links the crawl does not follow: downloads and builds (checked by their own tests).
SKIP = ("/docs", "/redoc", "/openapi.json", "/assets/", "/static/")
SKIP_SUFFIX = ("/report.pdf", "/report.html")


class Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("href", "xlink:href", "src"):
            v = a.get(key)
            if v and tag in ("a", "link", "script", "img"):
                self.links.append(v)


@pytest.mark.slow
def test_no_internal_link_is_broken(client: TestClient) -> None:
    base = "http://testserver"
    seen: set[str] = set()
    variants: Counter[str] = Counter()
    queue = deque(["/"])
    broken: list[tuple[str, str, int]] = []
    pages = 0
    while queue:
        url = queue.popleft()
        r = client.get(url, follow_redirects=True)
        pages += 1
        if r.status_code >= 400:
            broken.append((url, "", r.status_code))
            continue
        if "text/html" not in r.headers.get("content-type", ""):
            continue
        parser = Hrefs()
        parser.feed(r.text)
        for href in parser.links:
            if href.startswith(("mailto:", "data:", "javascript:")):
                continue
            target = urldefrag(urljoin(base + url, href))[0]
            parts = urlsplit(target)
            if parts.netloc != "testserver":
                continue
            path = parts.path
            if path in ("/null", "/undefined") or "undefined" in path or "/null" in path:
                broken.append((href, url, 0))
                continue
            if path.startswith(SKIP) or path.endswith(SKIP_SUFFIX) or path.startswith("/api/"):
                continue
            local = path + (f"?{parts.query}" if parts.query else "")
            if local in seen:
                continue
            if path not in EVERY_QUERY:
                if variants[path] >= VARIANTS:
                    continue
                variants[path] += 1
            seen.add(local)
            queue.append(local)
    assert broken == []
    assert pages > 300, pages  # the crawl reached the countries and the years
