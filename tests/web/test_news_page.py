"""The dashboard's news check page: the form, the article with each claim marked with its
verdict (the same claims as ``tiptiers check-news``), and one-line errors for bad input."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tiptiers.countries import registry
from tiptiers.model import Record
from tiptiers.news import check_text

ARTICLE = (Path(__file__).resolve().parents[2] / "docs" / "examples" / "article.txt").read_text()
HTML = {"accept": "text/html"}


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_form_is_linked_from_every_page(client: TestClient) -> None:
    r = client.get("/check-news")
    assert r.status_code == 200
    assert '<form class="news-form" action="/check-news" method="post">' in r.text
    assert 'name="text"' in r.text and 'name="year"' in r.text
    assert 'id="news-result"' not in r.text
    assert '<a href="/check-news">News check</a>' in client.get("/").text


def test_each_claim_is_marked_in_the_text_with_its_verdict(
    client: TestClient, record: Record
) -> None:
    r = client.post("/check-news", data={"text": ARTICLE, "year": ""}, headers=HTML)
    assert r.status_code == 200
    expected = check_text(ARTICLE, record, registry())
    assert "8 claims checked: 7 supported, 1 contradicted." in r.text
    rows = re.findall(r'<tr id="claim-(\d+)" data-verdict="([a-z_]+)">', r.text)
    assert rows == [(str(c.id), c.verdict) for c in expected.claims]
    # Every claim has its numbered reference in the text, after the words it quotes.
    article = r.text.split('id="article"', 1)[1].split("</div>", 1)[0]
    for c in expected.claims:
        assert f'href="#claim-{c.id}" id="ref-{c.id}"' in article
    marked = re.findall(r'<mark class="claim v-([a-z_]+)"[^>]*>([^<]*)</mark>', article)
    assert ("contradicted", "Thailand was dropped to the bottom tier") in marked
    # The marks leave the text as it was: stripped of tags and references, it is the article.
    plain = re.sub(r"<sup[^>]*>.*?</sup>", "", article.split(">", 1)[1])
    assert unescape(re.sub(r"<[^>]+>", "", plain)) == expected.text
    # Verdicts are printed, not only coloured; the contradiction says what the record holds.
    text = text_of(r.text)
    assert "✗ contradicted" in text and "✓ supported" in text
    assert "Thailand was Tier 2 Watch List in both the 2016 and 2017 reports" in text
    assert "2017, stated in the text" in text


def test_a_short_article_can_be_shared_by_its_address(client: TestClient) -> None:
    text = "The 2014 Trafficking in Persons report downgraded Thailand to Tier 3."
    r = client.post("/check-news", data={"text": text, "year": "2014"}, headers=HTML)
    link = unescape(re.search(r'<a href="([^"]+)" id="news-share">', r.text).group(1))
    shared = client.get(link)
    assert shared.status_code == 200
    assert "1 claim checked: 1 supported." in shared.text
    assert 'value="2014"' in shared.text
    long = client.post("/check-news", data={"text": ARTICLE * 6}, headers=HTML)
    assert 'id="news-share"' not in long.text  # too long for an address


def test_an_article_without_claims_says_so(client: TestClient) -> None:
    r = client.post("/check-news", data={"text": "The weather in Paris was mild on Sunday."})
    assert r.status_code == 200
    assert "No TIP claims found" in text_of(r.text)
    assert "<mark" not in r.text


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"text": ""}, "The text is empty; nothing to check."),
        ({"text": "\x00\x01\x02 binary"}, "Not a text file (it holds binary data)"),
        ({"text": ARTICLE, "year": "17"}, "Report year '17' is not a year"),
        ({"text": ARTICLE, "year": "1999"}, "Report year 1999 is out of range"),
    ],
)
def test_bad_input_is_one_line_on_the_form(
    client: TestClient, data: dict[str, str], says: str
) -> None:
    r = client.post("/check-news", data=data, headers=HTML)
    assert r.status_code == 422
    error = re.search(r'<p class="error-message" role="alert" id="news-error">([^<]*)</p>', r.text)
    assert error is not None and unescape(error.group(1)).startswith(says)
    assert "Traceback" not in r.text
    assert '<form class="news-form"' in r.text  # the form stays, with what was typed
    if data["text"].strip() and "\x00" not in data["text"]:
        assert "downgraded China to Tier 3" in r.text


def test_a_sentence_that_could_not_be_read_is_marked_in_its_own_colour(
    client: TestClient,
) -> None:
    text = (
        "The 2017 Trafficking in Persons report downgraded China to Tier 3. "
        "Officials in Chad called the ranking an insult to their efforts."
    )
    r = client.post("/check-news", data={"text": text, "year": ""}, headers=HTML)
    assert r.status_code == 200
    assert "1 sentence about placements could not be read" in r.text
    article = r.text.split('id="article"', 1)[1].split("</div>", 1)[0]
    marked = re.findall(r'<mark class="unread"[^>]*>([^<]*)</mark>', article)
    assert marked == ["Officials in Chad called the ranking an insult to their efforts."]
    listed = r.text.split('id="unread"', 1)[1].split("</ul>", 1)[0]
    assert "Chad" in listed and "insult" in listed
    assert 'id="unread-count">1<' in r.text
