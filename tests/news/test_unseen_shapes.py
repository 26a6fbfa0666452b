"""Constructions of articles the reader had never seen (issue 25), one self-written sentence
or two each: scope and co-reference, state against change, one country across many years,
unfamiliar names, background years. Verdicts come from the packaged record; a reading that
could be wrong is marked uncertain and is never reported *contradicted*."""

from __future__ import annotations

from typing import Any

from tests.news.conftest import claim_rows

from tiptiers.countries import registry
from tiptiers.news import NewsCheck, check_text
from tiptiers.record import packaged_record

LEAD = "Human trafficking report. "


def check(text: str, year: int | None = None) -> NewsCheck:
    return check_text(LEAD + text, packaged_record(), registry(), year)


def rows(text: str, year: int | None = None) -> list[tuple[Any, ...]]:
    kinds = ("tier", "move", "remained", "no_longer", "streak")
    return claim_rows(LEAD + text, year, reading=True, kinds=kinds)


def test_the_three_of_the_sentence_before_move_and_the_list_they_join_stands() -> None:
    """A motion verb moves its subject; the countries it joins are on the tier (a state)."""
    got = rows(
        "Belize, Mauritania and Zimbabwe made too little progress last year. The three"
        " slipped into the lowest tier of the 2010 report, joining Burma, Eritrea and Iran.",
        2010,
    )
    moved = [r for r in got if r[0] == "move"]
    assert [r[1] for r in moved] == ["BLZ", "MRT", "ZWE"]
    assert all(r[6] == "uncertain" and r[5] != "contradicted" for r in moved)
    assert [r for r in got if r[0] == "tier"] == [
        ("tier", "MMR", "3", None, 2010, "supported", "certain"),
        ("tier", "ERI", "3", None, 2010, "supported", "certain"),
        ("tier", "IRN", "3", None, 2010, "supported", "certain"),
    ]


def test_falling_into_a_category_is_where_a_country_stands() -> None:
    got = rows("Mali and Nigeria both fall into the Tier 2 category of the 2012 report.", 2012)
    assert got == [
        ("tier", "MLI", "2", None, 2012, "supported", "certain"),
        ("tier", "NGA", "2", None, 2012, "supported", "certain"),
    ]


def test_a_motion_verb_over_a_list_is_uncertain_and_never_contradicted() -> None:
    got = rows("Belarus, Russia and Chad fell into the lowest tier of the 2016 report.", 2016)
    assert {r[1] for r in got} == {"BLR", "RUS", "TCD"}
    assert all(r[6] == "uncertain" and r[5] == "unclear" for r in got)
    claim = check("Belarus fell into the lowest tier with Russia and Chad.", 2016).claims
    assert all(c.verdict != "contradicted" or c.reading == "certain" for c in claim)


def test_a_run_of_years_gives_a_claim_for_each_year() -> None:
    got = rows(
        "The agency had ranked Ghana as Tier 2 Watch List, the second-lowest grade, in 2015"
        " and 2016.",
        2019,
    )
    assert got == [
        ("tier", "GHA", "2WL", None, 2015, "supported", "certain"),
        ("tier", "GHA", "2WL", None, 2016, "supported", "certain"),
    ]


def test_one_country_across_many_years() -> None:
    got = rows(
        "In the 2019 report, Kenya was left where it stood. Over the years the country"
        " attained Tier 2 status in 2011, 2012 and 2013, spending time on the Tier 2 Watch"
        " List in 2009 and 2010.",
        2019,
    )
    assert [(r[1], r[2], r[4]) for r in got] == [
        ("KEN", "2", 2011),
        ("KEN", "2", 2012),
        ("KEN", "2", 2013),
        ("KEN", "2WL", 2009),
        ("KEN", "2WL", 2010),
    ]
    # found through "the country": an uncertain reading, so never "contradicted"
    assert all(r[6] == "uncertain" and r[5] in ("supported", "unclear") for r in got)


def test_years_that_name_something_else_are_not_a_history() -> None:
    """ "the 2010 Act", "the 2022 World Cup": a year followed by a name dates no placement."""
    for text in (
        "Kenya, a Tier 2 country, passed its anti-trafficking Act of 2010 and the 2010 Act rules.",
        "Qatar, on the Tier 2 Watch List, hosts the World Cup in 2022 World Cup stadiums.",
    ):
        assert not any(r[4] in (2010, 2022) for r in rows(text, 2016))


def test_for_years_is_no_claim_about_the_report_year() -> None:
    assert rows("For years, Ghana was a Tier 1 country.", 2020) == []


def test_when_dates_a_move_to_the_time_just_named() -> None:
    got = rows("Ghana held Tier 2 until last year, when it was downgraded to the Watch List.", 2022)
    assert [(r[0], r[1], r[4]) for r in got] == [("move", "GHA", 2021)]


def test_an_apposition_after_the_tier_moved_from() -> None:
    got = rows(
        "Ghana was moved from Tier 2, a rank it had held for years, to the Watch List.", 2019
    )
    assert [(r[0], r[1], r[2], r[3]) for r in got] == [("move", "GHA", "2WL", "downgrade")]


def test_a_title_names_the_country_the_article_names_in_full() -> None:
    got = rows(
        "The Sultanate of Oman welcomed the 2015 report. The Sultanate has been placed on Tier 2.",
        2015,
    )
    assert got == [("tier", "OMN", "2", None, 2015, "supported", "certain")]
    assert rows("The Kingdom has been placed on Tier 2.", 2015) == []  # no kingdom named


def test_a_garbled_watch_list_is_the_watch_list() -> None:
    got = rows("The report kept Thailand on the Tier 2 wish list.", 2017)
    assert [(r[1], r[2]) for r in got] == [("THA", "2WL")]


def test_the_report_compared_with_is_not_the_articles() -> None:
    result = check_text(
        "Reuters, June 2019 -- The annual trafficking report downgraded several countries"
        " from the 2018 report, among them Vietnam, which fell to the Tier 2 Watch List.",
        packaged_record(),
        registry(),
    )
    assert result.report_year.year == 2019


def test_a_tier_implied_by_its_definition_and_the_other_members_of_the_group() -> None:
    """ "not doing enough" says what Tier 3 is without naming it: an uncertain reading, carried
    to "The other N countries are ..." a few sentences on."""
    got = rows(
        "Chad is one of 14 countries, among them Eritrea and Libya, that are not doing enough"
        " to fight human trafficking, the 2012 report says. The minister was not available."
        " Aid groups welcomed the findings. The other 11 countries are: Algeria, Cuba, Iran,"
        " Kuwait and Syria.",
        2012,
    )
    assert {r[1] for r in got} == {"TCD", "ERI", "LBY", "DZA", "CUB", "IRN", "KWT", "SYR"}
    assert all(r[2] == "3" and r[6] == "uncertain" for r in got)
    assert {r[1] for r in got if r[5] == "supported"} >= {"ERI", "LBY", "DZA", "IRN", "SYR"}
    assert not any(r[5] == "contradicted" for r in got)


def test_an_implied_tier_needs_the_sentence_to_be_about_trafficking() -> None:
    assert rows("Ghana is not doing enough to fix its roads, the 2012 report says.", 2012) == []


def test_moves_in_other_words() -> None:
    # Haiti stayed on the Watch List in 2014 (the sentence is wrong about it); Sudan rose
    assert rows("Haiti and Sudan improved their rating in the trafficking report.", 2014) == [
        ("move", "HTI", None, "upgrade", 2014, "contradicted", "certain"),
        ("move", "SDN", None, "upgrade", 2014, "supported", "certain"),
    ]
    got = rows(
        "Uzbekistan drew criticism for its cotton harvest. Still, the department rewarded it"
        " with an upgrade.",
        2015,
    )
    assert [(r[0], r[1], r[3], r[6]) for r in got] == [("move", "UZB", "upgrade", "uncertain")]
    got = rows("Ghana's elevated ranking from the Tier 2 Watch List to Tier 2 is welcome.", 2017)
    assert [(r[0], r[1], r[2], r[3]) for r in got] == [("move", "GHA", "2", "upgrade")]


def test_where_a_country_ranked_and_a_list_that_joins_another() -> None:
    got = rows("Mali falls into the Tier 2 category, where Ghana ranked last year.", 2015)
    assert ("tier", "GHA", "2", None, 2014) in [r[:5] for r in got]
    got = rows("Libya joined Iran on a list of Tier 3 offenders.", 2011)
    assert {(r[1], r[2]) for r in got} == {("LBY", "3"), ("IRN", "3")}


def test_a_tier_under_which_countries_are_classified_and_but_also() -> None:
    got = rows("As for Chad and Niger, they have been classified under Tier 2 Watch List.", 2016)
    assert {r[1] for r in got} == {"TCD", "NER"}
    got = rows(
        "Countries that stayed on the Tier 3 blacklist included Iran and Syria but also Eritrea.",
        2016,
    )
    assert {r[1] for r in got} == {"IRN", "SYR", "ERI"}


def test_an_implied_tier_of_one_country_is_a_judgement_not_a_placement() -> None:
    assert rows("Japan is not doing enough to fight human trafficking.", 2004) == []


def test_an_implied_tier_is_about_the_period_the_report_covers() -> None:
    got = rows(
        "Belize and Cuba failed to make significant efforts against trafficking last year.", 2010
    )
    assert {(r[1], r[4], r[6]) for r in got} == {
        ("BLZ", 2010, "uncertain"),
        ("CUB", 2010, "uncertain"),
    }


def test_the_first_edition_of_the_report_is_the_first_report() -> None:
    got = rows(
        "Ghana was classified as a Tier 2 country, the middle of the scale, in the first"
        " edition of the report.",
        2023,
    )
    assert [(r[1], r[2], r[4]) for r in got] == [("GHA", "2", 2001)]


def test_tier_2_as_short_for_the_watch_list_the_article_names() -> None:
    got = rows(
        "The 2017 report placed Thailand on the Tier 2 Watch List. Officials noted that the"
        " report kept Thailand at Tier 2 for a second year.",
        2017,
    )
    assert ("THA", "2WL", "supported", "certain") in [(r[1], r[2], r[5], r[6]) for r in got]
    short = [r for r in got if r[2] == "2"]
    assert short and all(r[5] == "unclear" and r[6] == "uncertain" for r in short)


def _decisions(text: str, year: int) -> list[tuple[Any, ...]]:
    return [
        (c.consequence, c.country["iso3"] if c.country else None, c.qualifiers, c.verdict)
        for c in check(text, year).claims
        if c.kind == "consequence"
    ]


def test_what_was_decided_is_checked_against_the_determination_on_record() -> None:
    """ "waived", "imposed": what the President decided, checked against the Presidential
    Determination on the report's Tier 3 list, not against what the law allows."""
    # PD 2023-14 (complete) waived, in whole or in part, 15 of the 24 governments it names
    assert _decisions(
        "After the report, the President waived the sanctions for most of the Tier 3 countries.",
        2023,
    ) == [("decided", None, ("waived", "most"), "supported")]
    assert (
        _decisions("The President waived the sanctions for all of the Tier 3 countries.", 2023)[0][
            3
        ]
        == "contradicted"
    )
    # PD 2023-02 (complete) restricted Cuba and North Korea
    got = _decisions("The President imposed sanctions on Cuba and North Korea.", 2022)
    assert got == [
        ("decided", "CUB", ("imposed",), "supported"),
        ("decided", "PRK", ("imposed",), "supported"),
    ]


def test_a_decision_in_a_partial_document_is_not_checkable() -> None:
    # FY2020's document (on the 2019 report) is on record only in part
    got = _decisions("The President waived the sanctions for Burma.", 2019)
    assert got == [("decided", "MMR", ("waived",), "not_in_record")]
    got = _decisions("The President waived the sanctions for most of the Tier 3 countries.", 2019)
    assert [g[3] for g in got] == ["not_in_record"]


def test_the_first_time_in_n_years_is_a_run_that_ends_the_year_before() -> None:
    got = rows("Ghana has lost its Tier 2 ranking for the first time in three years.", 2015)
    assert ("no_longer", "GHA", "2", None, 2015) in [r[:5] for r in got]
    streak = [r for r in got if r[0] == "streak"]
    assert [(r[1], r[2], r[4]) for r in streak] == [("GHA", "2", 2014)]
    got = rows("Ghana was downgraded by one tier for the first time in ten years.", 2015)
    assert [(r[0], r[4]) for r in got] == [("move", 2015)]


def test_when_dates_a_move_even_with_a_run_in_words() -> None:
    got = rows(
        "Ghana held Tier 2 until last year, when it was downgraded for the first time in a decade.",
        2022,
    )
    assert [(r[0], r[1], r[4]) for r in got] == [("move", "GHA", 2021)]
