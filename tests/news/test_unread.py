"""No silent misses, and work in proportion to the article.

A sentence that names a country and a tier (or a ranking word) but gives no claim is reported
as unread in every output; the JSON gives each sentence once and claims point to it, so one
long list of countries does not make the answer grow with its square; a hostile article is
cut off at a number of claims or a time budget, with a note saying where.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from tiptiers.countries import registry
from tiptiers.news import NewsCheck, check_text
from tiptiers.news import check as news_check
from tiptiers.news.render import CLAIM_COLUMNS, claim_rows, markdown
from tiptiers.record import packaged_record

# One claim it reads, one sentence about a placement it cannot read.
ARTICLE = (
    "The 2017 Trafficking in Persons report downgraded China to Tier 3. "
    "Officials in Chad called the ranking an insult to their efforts."
)


def check(text: str, year: int | None = None, **kw: object) -> NewsCheck:
    return check_text(text, packaged_record(), registry(), year, **kw)  # type: ignore[arg-type]


def test_a_placement_sentence_that_gives_no_claim_is_unread_and_counted() -> None:
    result = check(ARTICLE)
    assert [c.country["iso3"] for c in result.claims if c.country] == ["CHN"]
    assert [u.countries for u in result.unread] == [("Chad",)]
    assert result.message == (
        "1 claim checked: 1 supported; 1 sentence about placements could not be read."
    )


def test_a_sentence_without_a_tier_or_ranking_word_is_not_unread() -> None:
    result = check(ARTICLE + " Chad's capital hosted a conference on the report.")
    assert len(result.unread) == 1


def test_unread_sentences_are_in_the_json_markdown_and_csv() -> None:
    result = check(ARTICLE)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["unread_count"] == 1
    (u,) = data["unread"]
    by_id = {s["id"]: s for s in data["sentences"]}
    assert by_id[u["sentence_id"]]["unread"] is True
    assert by_id[u["sentence_id"]]["text"].startswith("Officials in Chad")
    assert ARTICLE[u["start"] : u["end"]].startswith("Officials in Chad")
    md = markdown(result, "a.txt")
    assert "## Not read" in md and "Officials in Chad" in md
    out = io.StringIO()
    writer = csv.DictWriter(out, CLAIM_COLUMNS)
    writer.writeheader()
    writer.writerows(claim_rows(result))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["verdict"] for r in rows] == ["supported", "unread"]
    assert rows[1]["quote"].startswith("Officials in Chad")


def test_an_article_with_only_unread_sentences_says_so() -> None:
    result = check("Officials in Chad called the 2017 ranking an insult to anti-trafficking work.")
    assert not result.claims
    assert result.message == "No claims checked; 1 sentence about placements could not be read."
    assert "## Not read" in markdown(result, "a.txt")


def test_the_unread_sentence_is_its_own_segment_for_highlighting() -> None:
    result = check(ARTICLE)
    marked = [s.text for s in result.segments() if s.verdict == "unread"]
    assert marked == ["Officials in Chad called the ranking an insult to their efforts."]


def _list_article(n: int) -> str:
    names = sorted({c.common_name for c in registry()})[:n]
    return "In the 2017 report, Tier 3 countries include " + ", ".join(names) + "."


def test_the_json_grows_linearly_with_a_long_list_of_countries() -> None:
    """Each claim points to its sentence instead of carrying it: four times the countries
    make about four times the JSON, not sixteen."""
    small = len(json.dumps(check(_list_article(40)).to_dict()))
    large = len(json.dumps(check(_list_article(160)).to_dict()))
    assert large < 5.5 * small


def test_the_sentence_is_given_once_for_all_its_claims() -> None:
    data = check(_list_article(40)).to_dict()
    assert len(data["claims"]) >= 30
    assert len(data["sentences"]) == 1
    assert all("sentence" not in c for c in data["claims"])
    assert all(len(c["quote"]) <= news_check.MAX_QUOTE for c in data["claims"])


def test_the_check_stops_at_the_claim_cap_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(news_check, "MAX_CLAIMS", 3)
    text = " ".join(
        f"The 2017 report downgraded {name} to Tier 3."
        for name in ("China", "Mali", "Iran", "Chad")
    )
    result = check(text)
    assert len(result.claims) == 3
    assert any("stopped at 3 claims" in n for n in result.notes)


def test_the_check_stops_when_its_time_is_up_and_says_so() -> None:
    ticks = iter(range(0, 10_000, 7))
    text = " ".join(f"The 2017 report downgraded {n} to Tier 3." for n in ("China", "Mali"))
    result = check(text, budget=10.0, clock=lambda: float(next(ticks)))
    assert len(result.claims) < 2
    assert any("stopped after 10 seconds" in n for n in result.notes)


def test_a_long_text_without_line_breaks_is_read_in_linear_time() -> None:
    """A name that could be a person's ('Chad') looks for a headline around it; in a text of
    one long line it looks no further than a headline's length (no timing: the check must
    reach the claim cap, which it did not when each name scanned the whole line)."""
    names = sorted({c.common_name for c in registry()})
    sentence = "In the 2017 report, Tier 3 countries include " + ", ".join(names) + ". "
    result = check("Human trafficking. " + sentence * 12, budget=None)
    assert len(result.claims) == news_check.MAX_CLAIMS
    assert any(f"stopped at {news_check.MAX_CLAIMS} claims" in n for n in result.notes)
