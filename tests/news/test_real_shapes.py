"""Shapes of real articles, one sentence each (self-written): how the reading of issue 15
dates and reads them. Facts come from the packaged record."""

from __future__ import annotations

from typing import Any

from tests.news.conftest import check, claim_rows

from tiptiers.news.text import read_document
from tiptiers.news.year import infer_year


def rows(text: str, year: int | None = None) -> list[tuple[Any, ...]]:
    return claim_rows(text, year)


def test_a_ranking_that_declined_from_one_tier_last_year_to_another_this_year() -> None:
    got = rows(
        "Papua New Guinea's rating slid from the Tier 2 watchlist last year to Tier 3"
        " this year.",
        2016,
    )
    assert got == [("move", "PNG", "3", "downgrade", 2016, "supported")]


def test_placed_on_its_global_list_of_the_worst_offenders() -> None:
    got = rows(
        "The report placed China on its annual list of the worst offenders in forced labor and"
        " sex trafficking.",
        2017,
    )
    assert got == [("tier", "CHN", "3", None, 2017, "supported")]


def test_the_reports_inverted_names_in_a_list() -> None:
    got = rows("Tier 3 countries include Iran, Korea, North, and Syria.", 2016)
    assert [r[1] for r in got] == ["IRN", "PRK", "SYR"]


def test_for_the_previous_three_years_ends_the_year_before() -> None:
    (claim,) = check(
        "In the previous three years, China sat on the Tier 2 Watch List.", 2017
    ).claims
    assert (claim.kind, claim.year, claim.verdict) == ("streak", 2016, "supported")
    assert claim.record["years"] == [2014, 2015, 2016]


def test_an_iso_date_line_dates_an_article_that_names_no_year() -> None:
    ry = infer_year(read_document("Source: example (2014-06)\nThailand fell to Tier 3."))
    assert (ry.year, ry.how) == (2014, "dateline")
    before_june = infer_year(read_document("(2015-03)\nThailand stayed on Tier 3."))
    assert before_june.year == 2014


def test_the_report_for_a_year_published_the_next_year_is_that_years_report() -> None:
    text = "September 26, 2021\nThe department released its Trafficking in Persons report for 2020."
    assert infer_year(read_document(text)).year == 2021


def test_a_report_not_out_yet_is_not_the_articles_report() -> None:
    text = (
        "July 10, 2025 — Nigeria was placed in Tier 2 in the 2024 TIP Report. The 2025"
        " Trafficking in Persons Report is still in production."
    )
    assert infer_year(read_document(text)).year == 2024


def test_a_background_year_does_not_become_the_articles_report() -> None:
    text = "June 28, 2017 — Burma was on the Watch List in the 2015 TIP report."
    ry = infer_year(read_document(text))
    assert (ry.year, ry.how) == (2017, "dateline")
    assert rows(text) == [("tier", "MMR", "2WL", None, 2015, "supported")]


def test_a_list_after_a_preposition_is_not_a_list_of_the_tier() -> None:
    result = check("Officials in Canada and Mexico praised their Tier 1 rankings.", 2016)
    assert result.claims == ()
    assert [u.countries for u in result.unread] == [("Canada", "Mexico")]


def test_the_ranks_of_a_tier_are_its_members() -> None:
    got = rows("A ranking held currently by Iran, North Korea and Russia: Tier 3.", 2014)
    assert [(r[0], r[1], r[2]) for r in got] == [
        ("tier", "IRN", "3"),
        ("tier", "PRK", "3"),
        ("tier", "RUS", "3"),
    ]


def test_us_in_a_list_of_countries_is_the_united_states() -> None:
    got = rows("Georgia remains in Tier 1, along with the US, UK and Switzerland.", 2016)
    assert [(r[0], r[1]) for r in got] == [
        ("remained", "GEO"),
        ("tier", "USA"),
        ("tier", "GBR"),
        ("tier", "CHE"),
    ]
    assert rows("U.S. aid to Chad and Mali depends on the Tier 3 ranking.", 2016) == []


def test_sentences_run_together_without_a_space_are_two() -> None:
    got = rows(
        "The U.S. downgraded South Korea in its annual report.In the 2022 report, Tier 3"
        " countries include China and Russia."
    )
    assert ("tier", "CHN", "3", None, 2022, "supported") in got


def test_a_question_mark_inside_an_address_is_no_question() -> None:
    text = (
        "Source: http://example.org/?p=12 (2017-06-28)\nThe report named nations including"
        " Russia, Syria and Iran among the worst countries for human trafficking."
    )
    assert [r[1] for r in rows(text)] == ["RUS", "SYR", "IRN"]


def test_a_move_in_parentheses_and_a_world_cup_that_is_no_ranking() -> None:
    got = rows(
        "This year the report downgraded Qatar (downgrade to the Tier 2 watchlist), where"
        " migrants build the stadiums of the 2022 FIFA World Cup.",
        2014,
    )
    assert got == [("move", "QAT", "2WL", "downgrade", 2014, "supported")]
