"""Claim extraction and verdicts, one English shape at a time (the issue's own examples first).

Each test names the trap it guards. Facts come from the packaged record.
"""

from __future__ import annotations

from typing import Any

import pytest

from tiptiers.countries import registry
from tiptiers.model import Tier
from tiptiers.news import NewsCheck, check_text
from tiptiers.record import packaged_record


def check(text: str, year: int | None = None) -> NewsCheck:
    return check_text(text, packaged_record(), registry(), year)


def rows(text: str, year: int | None = None) -> list[tuple[Any, ...]]:
    """(kind, iso3 or topic, tier, year, verdict) of every claim."""
    out = []
    for c in check(text, year).claims:
        who = c.consequence if c.kind == "consequence" else c.country["iso3"] if c.country else None
        out.append((c.kind, who, c.tier.value if c.tier else None, c.year, c.verdict))
    return out


# -- the examples -----------------------------------------------------------------
def test_the_report_drops_belarus_into_the_bottom_tier_alongside_iran_and_eritrea() -> None:
    got = rows(
        "The 2015 trafficking report drops Belarus into the bottom tier alongside Iran and Eritrea."
    )
    assert got == [
        ("move", "BLR", "3", 2015, "supported"),
        ("tier", "IRN", "3", 2015, "supported"),
        ("tier", "ERI", "3", 2015, "supported"),
    ]


def test_malaysia_was_upgraded_to_the_watch_list() -> None:
    assert rows("Malaysia was upgraded to the Watch List in the 2015 TIP report.") == [
        ("move", "MYS", "2WL", 2015, "supported")
    ]


@pytest.mark.parametrize(
    ("sentence", "topics"),
    [
        (
            "Countries in the lowest tier risk losing U.S. aid, although the White House can"
            " waive the penalties.",
            [("aid", "supported"), ("waiver", "supported")],
        ),
        (
            "Tier 3 countries automatically lose all U.S. humanitarian aid.",
            [("aid", "contradicted")],
        ),
        ("Sanctions apply to Tier 2 Watch List countries.", [("scope", "contradicted")]),
    ],
)
def test_consequence_claims_are_checked_against_the_statute(
    sentence: str, topics: list[tuple[str, str]]
) -> None:
    result = check(f"In the 2017 Trafficking in Persons report, Belarus was on Tier 3. {sentence}")
    got = [(c.consequence, c.verdict) for c in result.claims if c.kind == "consequence"]
    assert got == topics


def test_humanitarian_aid_is_named_as_the_exception() -> None:
    c = check(
        "The 2017 report is out. Tier 3 countries automatically lose all U.S. humanitarian aid."
    ).claims[0]
    assert c.explanation.startswith(
        "Humanitarian and trade-related assistance are outside the sanctions"
    )
    assert "not automatic" in c.explanation
    assert c.citation == "22 U.S.C. 7107(d)"


def test_cuba_upgraded_to_tier_2_in_2016_says_what_the_record_says() -> None:
    c = check("Cuba was upgraded to Tier 2 in the 2016 report.").claims[0]
    assert c.verdict == "contradicted"
    assert c.explanation == (
        "Cuba was Tier 2 Watch List in both the 2015 and 2016 reports: no change (Tier 3 until 2014)."
    )


def test_cuba_on_tier_3_in_2016_is_contradicted_with_its_history() -> None:
    c = check("In the 2016 report, Cuba was on Tier 3.").claims[0]
    assert c.explanation == (
        "Cuba was Tier 2 Watch List in the 2016 report (Tier 3 until 2014; again from 2019)."
    )


def test_serbia_in_2004_is_checked_against_serbia_and_montenegro() -> None:
    """The 2003-2006 reports ranked one government (issue 24): a claim about Serbia or
    Montenegro those years is checked against its placement, and the explanation says so."""
    (c,) = check("The 2004 report placed Serbia on the Tier 2 Watch List.").claims
    assert c.verdict == "supported"
    assert c.explanation == (
        "The 2004 report ranked Serbia as part of one government, Serbia and Montenegro (SCG)."
        " Serbia and Montenegro was Tier 2 Watch List in the 2004 report."
    )
    (c,) = check("In 2005 Montenegro was on Tier 3.").claims
    assert c.verdict == "contradicted" and "Serbia and Montenegro was Tier 2" in c.explanation
    assert rows("The 2004 report placed Serbia and Montenegro on the Tier 2 Watch List.") == [
        ("tier", "SCG", "2WL", 2004, "supported")
    ]


PREFIX = (
    "The {years} report{s} ranked {name} as part of one government, Serbia and Montenegro (SCG),"
    " so the claim is compared with Serbia and Montenegro's {years} placement{s}. "
)


def test_a_move_across_the_split_is_compared_with_serbia_and_montenegro() -> None:
    """The 2007 report was the first to rank Serbia and Montenegro apart: a 2007 move is
    measured from the one government's 2006 placement, not from "not ranked" (issue 24)."""
    (c,) = check("Serbia was upgraded to Tier 1 in the 2007 report.").claims
    assert (c.kind, c.verdict) == ("move", "contradicted")
    assert c.explanation == PREFIX.format(years=2006, s="", name="Serbia") + (
        "Serbia was Tier 2 in the 2007 report, as Serbia and Montenegro was in the 2006"
        " report: no change."
    )
    assert c.record["previous_iso3"] == "SCG" and c.record["previous_tier"] == "2"
    (c,) = check("In 2007 Montenegro fell to the Watch List.").claims
    assert c.verdict == "contradicted"
    assert "compared with Serbia and Montenegro's 2006 placement" in c.explanation
    (c,) = check("The 2007 trafficking report did not downgrade Montenegro.").claims
    assert (c.negated, c.verdict) == (True, "supported")
    (c,) = check("Serbia rose from the Watch List to Tier 2 in the 2007 trafficking report.").claims
    assert (c.from_tier, c.verdict) == (Tier.T2WL, "contradicted")
    assert c.explanation.endswith(
        "Serbia and Montenegro was Tier 2 in the 2006 report, so Serbia did not move from"
        " Tier 2 Watch List in 2007."
    )


def test_a_stay_across_the_split_is_compared_with_serbia_and_montenegro() -> None:
    (c,) = check("Montenegro remained on Tier 2 in the 2007 report.").claims
    assert (c.kind, c.verdict) == ("remained", "supported")
    assert c.explanation == PREFIX.format(years=2006, s="", name="Montenegro") + (
        "Montenegro was Tier 2 in the 2007 report, as Serbia and Montenegro was in the 2006 report."
    )
    # left the Watch List: the one government was on it in 2004, and left it in 2005
    (c,) = check("Serbia was lifted off the Watch List in the 2007 trafficking report.").claims
    assert (c.kind, c.verdict) == ("no_longer", "contradicted")
    assert c.explanation == PREFIX.format(years=2006, s="", name="Serbia") + (
        "Serbia was Tier 2 in the 2007 report, but Serbia and Montenegro was Tier 2 in the 2006"
        " report, so Serbia did not leave Tier 2 Watch List in 2007 (Tier 2 Watch List in 2004)."
    )


def test_a_run_across_the_split_counts_serbia_and_montenegros_years() -> None:
    (c,) = check("Serbia has been on Tier 2 since 2005.", 2008).claims
    assert (c.kind, c.verdict) == ("streak", "supported")
    assert c.explanation == PREFIX.format(years="2005–2006", s="s", name="Serbia") + (
        "Serbia was Tier 2 in every report from 2005 to 2008."
    )
    # the one government was on the Watch List in 2004: that run is broken
    (c,) = check("Montenegro has been on Tier 2 since 2004.", 2007).claims
    assert c.verdict == "contradicted"
    assert c.explanation.startswith(PREFIX.format(years="2004–2006", s="s", name="Montenegro"))
    assert "Serbia and Montenegro was Tier 2 Watch List in the 2004 report" in c.explanation
    # a run that ends before the split is about the one government's years only
    (c,) = check("Montenegro has been on Tier 2 for three consecutive years.", 2009).claims
    assert c.verdict == "contradicted" and "compared with" not in c.explanation


def test_moves_after_the_split_are_the_members_own() -> None:
    (c,) = check("Montenegro was downgraded to the Watch List in the 2008 report.").claims
    assert c.verdict == "supported"
    assert c.explanation == (
        "Montenegro went from Tier 2 (2007) to Tier 2 Watch List (2008): a downgrade."
    )


# -- lists, moves, negations ----------------------------------------------------------------
def test_a_list_after_the_tier_gives_one_claim_per_country() -> None:
    got = rows("Tier 3, which includes Iran, Syria, North Korea and Cuba, grew in the 2013 report.")
    assert [r[1] for r in got] == ["IRN", "SYR", "PRK", "CUB"]
    assert {r[4] for r in got} == {"supported"}


def test_a_downgrade_is_contradicted_when_the_previous_tier_was_not_better() -> None:
    # Belarus was already Tier 3 in 2016
    assert rows("The 2017 report downgraded Belarus to Tier 3.") == [
        ("move", "BLR", "3", 2017, "contradicted")
    ]


def test_kept_on_the_watch_list_needs_both_years() -> None:
    assert rows("The 2017 report kept Cuba on the Watch List.") == [
        ("remained", "CUB", "2WL", 2017, "supported")
    ]
    assert rows("The 2015 report kept Cuba on the Watch List.") == [
        ("remained", "CUB", "2WL", 2015, "contradicted")  # Tier 3 in 2014
    ]


def test_was_not_downgraded_is_a_negated_move() -> None:
    result = check("In the 2016 TIP report, Malaysia was not downgraded.")
    c = result.claims[0]
    assert (c.kind, c.move, c.negated, c.verdict) == ("move", "downgrade", True, "supported")


def test_no_longer_on_tier_3() -> None:
    assert rows("In the 2015 report Cuba is no longer on Tier 3.") == [
        ("no_longer", "CUB", "3", 2015, "supported")
    ]
    assert rows("In the 2014 report Cuba is no longer on Tier 3.") == [
        ("no_longer", "CUB", "3", 2014, "contradicted")
    ]


def test_lowest_top_and_watch_list_words_map_to_tiers() -> None:
    got = rows(
        "In the 2017 report, Iran stayed in the lowest tier, Canada kept its top tier ranking"
        " and Cuba remained on the watch list."
    )
    assert [(r[1], r[2]) for r in got] == [("IRN", "3"), ("CAN", "1"), ("CUB", "2WL")]


def test_a_hedge_is_not_a_claim() -> None:
    assert (
        rows("Activists urged the department to downgrade Thailand to Tier 3 in the 2017 report.")
        == []
    )
    assert rows("Thailand could be downgraded to Tier 3 in the 2018 report.") == []


def test_a_question_is_not_a_claim() -> None:
    assert rows("Will Thailand be placed on Tier 3 in the 2017 report?") == []


def test_last_year_dates_the_clause() -> None:
    got = rows(
        "Belarus, which was on the Watch List last year, was downgraded to Tier 3 in the 2015 report."
    )
    assert got == [
        ("tier", "BLR", "2WL", 2014, "supported"),
        ("move", "BLR", "3", 2015, "supported"),
    ]


def test_streaks_and_since() -> None:
    # Burma: Tier 2 Watch List 2012-2016, Tier 3 in 2016
    assert rows(
        "Burma remained on the Tier 2 Watch List for a third consecutive year in the 2015 report."
    ) == [("streak", "MMR", "2WL", 2015, "supported")]
    assert rows(
        "Burma remained on the Tier 2 Watch List for a third consecutive year in the 2016 report."
    ) == [("streak", "MMR", "2WL", 2016, "contradicted")]
    c = check("Cuba had been ranked Tier 3 since 2003, the 2015 report noted.").claims[0]
    assert (c.kind, c.since, c.year, c.verdict) == ("streak", 2003, 2014, "supported")


# -- what is not a country, or not a claim --------------------------------------------------
def test_capitals_and_ministries_alone_are_not_claims() -> None:
    assert (
        rows(
            "Beijing's foreign ministry rejected the 2017 report. Officials in Minsk said the Tier 3"
            " ranking was unfair. Belarus's Foreign Ministry called it biased."
        )
        == []
    )


def test_a_capital_tied_to_a_tier_is_read_as_its_country() -> None:
    result = check("In the 2021 report, Kuala Lumpur was downgraded to Tier 3.")
    c = result.claims[0]
    assert (c.country["iso3"], c.verdict) == ("MYS", "supported")
    assert c.explanation.startswith("‘Kuala Lumpur’ read as Malaysia (its capital).")


def test_georgia_the_us_state_and_chad_the_person_are_not_countries() -> None:
    text = (
        "In the 2017 report, officials in Atlanta, Georgia, were placed on Tier 3 watch by Chad"
        " Smith's group. Georgia Gov. Brian Kemp stayed on Tier 1 of his own list. Georgia kept"
        " its Tier 1 ranking."
    )
    assert rows(text) == [("remained", "GEO", "1", 2017, "supported")]


def test_lowercase_chad_and_turkey_are_words() -> None:
    assert rows("In the 2023 report the chad and the turkey stayed on Tier 3.") == []


def test_other_rankings_are_not_tip_tiers() -> None:
    assert (
        rows(
            "The U.S. Trade Representative kept Thailand on its Priority Watch List in the 2014"
            " review. Freedom House ranked Russia in its lowest tier, separate from the trafficking report."
        )
        == []
    )


def test_ambiguous_congo_is_decided_only_when_both_agree() -> None:
    both = check("In the 2017 report, Congo was downgraded to Tier 3.").claims[0]
    assert both.verdict == "supported" and both.country["candidates"] == ["COD", "COG"]
    split = check("In the 2013 report, Korea was on Tier 3.").claims[0]
    assert split.verdict == "unclear"


# -- the record decides: partial years and years outside it ---------------------------------
def test_a_partial_year_that_does_not_settle_the_tier_is_not_in_record() -> None:
    # 2024: the Tier 2 list is partial; Bolivia has no row
    c = check("In the 2024 report, Bolivia was on Tier 2.").claims[0]
    assert c.verdict == "not_in_record"
    assert "so it was Tier 2, a Special Case or not ranked" in c.explanation


def test_a_complete_list_that_omits_the_country_contradicts() -> None:
    # 2024: the Tier 3 list is complete and does not name Ghana (which has no 2024 row)
    c = check("In the 2024 report, Ghana was on Tier 3.").claims[0]
    assert c.verdict == "contradicted"
    assert "complete and does not name Ghana" in c.explanation


def test_a_year_the_record_lacks_is_not_in_record() -> None:
    assert rows("Belarus was on Tier 3 in the 2030 report.") == [
        ("tier", "BLR", "3", 2030, "not_in_record")
    ]


def test_no_watch_list_before_2004() -> None:
    c = check("Greece was placed on the Watch List in the 2003 report.").claims[0]
    assert c.verdict == "contradicted"
    assert "no Watch List before the 2004 report" in c.explanation


def test_without_a_year_claims_are_unclear_and_say_where_the_country_stood() -> None:
    c = check("The State Department kept Eritrea on Tier 3 of its trafficking report.").claims[0]
    assert c.verdict == "unclear"
    assert "give --year" in c.explanation and "Eritrea was Tier 3 in" in c.explanation


def test_offsets_point_into_html_source() -> None:
    html = "<html><body><p>The 2021 report: <b>Malaysia</b>&nbsp;fell to Tier&nbsp;3.</p></body></html>"
    result = check(html)
    c = result.claims[0]
    assert html[c.country["start"] : c.country["end"]] == "Malaysia"
    assert html[c.start : c.end] == "Malaysia</b>&nbsp;fell to Tier&nbsp;3"
    assert result.text[c.plain_start : c.plain_end] == "Malaysia fell to Tier 3"


def test_the_json_contract_is_versioned_and_serialisable() -> None:
    import json

    data = check("The 2017 report downgraded China to Tier 3.").to_dict()
    assert data["schema"] == "tiptiers.news-check/2"
    assert json.loads(json.dumps(data)) == data
    claim = data["claims"][0]
    assert claim["quote"] == "downgraded China to Tier 3"
    assert claim["record"] == {
        "year": 2017,
        "tier": "3",
        "presence": "published",
        "previous_year": 2016,
        "previous_tier": "2WL",
    }


def test_a_list_short_of_its_printed_count_does_not_contradict() -> None:
    """The record's 2001 Tier 3 list is marked complete but holds 22 of the 23 governments
    the report printed: a country it does not name may be the missing one, so a claim that
    it was on Tier 3 is not in the record, never contradicted. A list whose count matches
    the printed one (2002 Tier 3, 19 of 19) still contradicts."""
    short = check("New Zealand was placed on Tier 3 in the 2001 report.").claims
    assert [(c.country["iso3"], c.verdict) for c in short if c.country] == [
        ("NZL", "not_in_record")
    ]
    assert "22 of the 23" in short[0].explanation
    full = check("New Zealand was placed on Tier 3 in the 2002 report.").claims
    assert [(c.country["iso3"], c.verdict) for c in full if c.country] == [("NZL", "contradicted")]
