"""The news check's follow-ups of issues 23/24: "no longer on" means what the words say,
"Serbia and Montenegro" named after the split, and a contrast ("X, not Y") that must not
hand one country's claim to the other. Sentences written for these tests; facts from the
packaged record (or a small record of the test's own where the record has no such case).
"""

from __future__ import annotations

from collections.abc import Callable

from tests.news.conftest import check

from tiptiers.countries import registry
from tiptiers.model import Record
from tiptiers.news import check_text


def one(text: str, year: int | None = None) -> tuple[str, str, str]:
    """(kind, verdict, explanation) of the text's one claim."""
    (c,) = check(text, year).claims
    return c.kind, c.verdict, c.explanation


# -- "no longer on <tier>" ----------------------------------------------------------------
def test_no_longer_is_supported_when_the_report_before_had_it_on_the_tier() -> None:
    kind, verdict, why = one("In the 2002 report Albania was no longer on Tier 3.")
    assert (kind, verdict) == ("no_longer", "supported")
    assert why == "Albania was Tier 2 in the 2002 report; it was Tier 3 in the 2001 report."


def test_no_longer_is_contradicted_when_the_country_left_the_tier_in_an_earlier_report() -> None:
    # Albania: Tier 3 in 2001 only; the words say it left in 2004, it left in 2002
    kind, verdict, why = one("By the 2004 report, Albania was no longer on Tier 3.")
    assert (kind, verdict) == ("no_longer", "contradicted")
    assert "Albania was Tier 2 in the 2003 report" in why
    assert why.endswith("did not leave Tier 3 in 2004 (Tier 3 in 2001).")


def test_no_longer_is_contradicted_when_the_country_is_still_on_the_tier() -> None:
    assert one("In the 2014 report Cuba is no longer on Tier 3.")[:2] == (
        "no_longer",
        "contradicted",
    )


def test_no_longer_is_contradicted_when_the_country_never_held_the_tier() -> None:
    kind, verdict, why = one("Ghana was no longer on Tier 3 in the 2010 report.")
    assert (kind, verdict) == ("no_longer", "contradicted")
    assert "never Tier 3 in the record" in why


def test_no_longer_passes_over_a_report_that_did_not_rank_the_country() -> None:
    # Singapore: Tier 2 in 2002, not in the (complete) 2003 report, Tier 2 again in 2004
    kind, verdict, why = one("In the 2004 report Singapore was no longer on Tier 3.")
    assert (kind, verdict) == ("no_longer", "contradicted")
    assert "Singapore was Tier 2 in the 2002 report (the 2003 report did not rank Singapore)" in why


def test_no_longer_reaches_back_to_the_last_report_that_ranked_it(
    make_record: Callable[..., Record],
) -> None:
    rec = make_record(
        [("GHA", 2010, "3"), ("GHA", 2012, "2WL"), ("FRA", 2010, "1"), ("FRA", 2011, "1")],
        range(2010, 2013),
    )
    (c,) = check_text("The 2012 report: Ghana is no longer on Tier 3.", rec, registry()).claims
    assert (c.kind, c.verdict) == ("no_longer", "supported")
    assert c.explanation == (
        "Ghana was Tier 2 Watch List in the 2012 report; it was Tier 3 in the 2010 report"
        " (the 2011 report did not rank Ghana)."
    )


def test_no_longer_is_not_in_the_record_where_the_report_before_may_have_ranked_it() -> None:
    # Congo (Kinshasa): Tier 3 in 2001, in no 2002 list, but the record's 2002 Tier 2 list is
    # one short of the printed count, so it may have left Tier 3 in 2002
    kind, verdict, why = one(
        "In the 2003 report the Democratic Republic of the Congo was no longer on Tier 3."
    )
    assert (kind, verdict) == ("no_longer", "not_in_record")
    assert "2002 Tier 2 list has 51 of the 52 countries the report printed" in why


def test_no_longer_across_the_split_reads_serbia_and_montenegros_last_report() -> None:
    # the joint government left the Watch List in 2005, not 2007
    kind, verdict, why = one("Serbia was lifted off the Watch List in the 2007 trafficking report.")
    assert (kind, verdict) == ("no_longer", "contradicted")
    assert "Serbia and Montenegro was Tier 2 in the 2006 report" in why


# -- "Serbia and Montenegro" after the split ----------------------------------------------
SPLIT = (
    "The {year} report ranked no government of Serbia and Montenegro: the reports of"
    " 2003–2006 ranked it as one, and from 2007 the report ranks Serbia and Montenegro apart,"
    " so the claim is read as one about each."
)


def test_the_joint_government_named_after_the_split_is_read_as_its_members() -> None:
    kind, verdict, why = one("Serbia and Montenegro sat on Tier 2 in the 2007 report.")
    assert (kind, verdict) == ("tier", "supported")
    assert why == SPLIT.format(year=2007) + (
        " Serbia: Serbia was Tier 2 in the 2007 report."
        " Montenegro: Montenegro was Tier 2 in the 2007 report."
    )


def test_members_that_differ_leave_the_joint_claim_unclear_never_contradicted() -> None:
    # 2009: Serbia Tier 2, Montenegro on the Watch List
    kind, verdict, why = one("The 2009 report put Serbia and Montenegro on Tier 2.")
    assert (kind, verdict) == ("tier", "unclear")
    assert why.startswith(SPLIT.format(year=2009) + " The members' answers differ.")
    assert "Montenegro was Tier 2 Watch List in the 2009 report" in why


def test_a_joint_claim_both_members_contradict_is_contradicted() -> None:
    kind, verdict, why = one("Serbia and Montenegro sat on Tier 3 in the 2007 report.")
    assert (kind, verdict) == ("tier", "contradicted")
    assert "Serbia was Tier 2 in the 2007 report" in why
    assert "Montenegro was Tier 2 in the 2007 report" in why


def test_a_stay_of_the_joint_government_across_the_split_reads_each_member() -> None:
    kind, verdict, why = one("Serbia and Montenegro remained on Tier 2 in the 2007 report.")
    assert (kind, verdict) == ("remained", "supported")
    assert (
        "Montenegro was Tier 2 in the 2007 report, as Serbia and Montenegro was in the 2006" in why
    )


def test_the_members_named_for_the_joint_years_still_read_the_joint_placement() -> None:
    kind, verdict, why = one("In the 2005 report, Montenegro was on Tier 2.")
    assert (kind, verdict) == ("tier", "supported")
    assert why.startswith("The 2005 report ranked Montenegro as part of one government")
    assert one("In the 2005 report, Serbia and Montenegro was on Tier 2.")[1] == "supported"


# -- a contrast between two countries -------------------------------------------------------
def claims(text: str) -> list[tuple[str, str, bool, str]]:
    return [
        (c.country["iso3"], c.kind, c.negated, c.verdict)
        for c in check("The 2010 report came out in June 2010. " + text).claims
        if c.country
    ]


IRAN_NOT_GHANA = [("IRN", "tier", False, "supported"), ("GHA", "tier", True, "supported")]


def test_the_contrasted_country_never_takes_the_claim_whatever_the_shape() -> None:
    # Iran was Tier 3 in 2010, Ghana Tier 2: each shape says Iran was, Ghana was not
    for text in (
        "Iran, not Ghana, was placed on Tier 3.",
        "Iran rather than Ghana was placed on Tier 3.",
        "Iran, but not Ghana, was placed on Tier 3.",
        "Iran and not Ghana was placed on Tier 3.",
        "Not Ghana but Iran was placed on Tier 3.",
        "The report placed Iran, not Ghana, on Tier 3.",
        "Tier 3 included Iran but not Ghana.",
    ):
        assert sorted(claims(text), reverse=True) == IRAN_NOT_GHANA, text


def test_a_wrong_contrast_is_contradicted_for_the_right_country() -> None:
    got = claims("Ghana rather than Iran was placed on Tier 3.")
    assert sorted(got) == [
        ("GHA", "tier", False, "contradicted"),
        ("IRN", "tier", True, "contradicted"),
    ]


def test_a_contrast_inside_a_list_keeps_the_list_and_denies_the_others() -> None:
    got = claims("Iran, Sudan and Cuba, not Ghana or Kenya, were on Tier 3.")
    assert sorted(got) == [
        ("CUB", "tier", False, "supported"),
        ("GHA", "tier", True, "supported"),
        ("IRN", "tier", False, "supported"),
        ("KEN", "tier", True, "supported"),
        ("SDN", "tier", False, "supported"),
    ]


def test_unlike_says_nothing_of_the_other_countrys_placement() -> None:
    assert claims("Unlike Ghana, Iran was placed on Tier 3.") == [
        ("IRN", "tier", False, "supported")
    ]
    assert claims("Ghana, unlike Iran, was not placed on Tier 3.") == [
        ("GHA", "tier", True, "supported")
    ]


def test_a_cleft_contrast_is_left_unread_rather_than_given_to_the_wrong_country() -> None:
    assert claims("It was Iran, not Ghana, that the report placed on Tier 3.") == []


def test_a_negated_join_denies_the_subject_not_the_company_it_would_have_joined() -> None:
    # the country joined is on the tier whatever the subject did: the negation is the subject's
    assert sorted(claims("Ghana did not join Iran on Tier 3.")) == [
        ("GHA", "tier", True, "supported"),
        ("IRN", "tier", False, "supported"),
    ]
    assert sorted(claims("The Gambia never joined Iran and Cuba on Tier 3.")) == [
        ("CUB", "tier", False, "supported"),
        ("GMB", "tier", True, "supported"),
        ("IRN", "tier", False, "supported"),
    ]
    assert sorted(claims("Ghana joined Iran on Tier 3.")) == [
        ("GHA", "tier", False, "contradicted"),
        ("IRN", "tier", False, "supported"),
    ]


def test_a_contrast_after_the_tier_that_ends_the_clause() -> None:
    for text in (
        "The report placed Iran on Tier 3, not Ghana.",
        "Iran was put on Tier 3 instead of Ghana.",
    ):
        assert sorted(claims(text), reverse=True) == IRAN_NOT_GHANA, text
    # "not Tier 2" is a tier, not a country: nothing more is read
    assert claims("Iran was placed on Tier 3, not Tier 2.") == [("IRN", "tier", False, "supported")]


def test_an_elliptical_clause_says_its_own_polarity() -> None:
    for text in (
        "Ghana was not placed on Tier 3, but Iran was.",
        "Ghana wasn't put on Tier 3; Iran was.",
        "Iran was placed on Tier 3; Ghana was not.",
        "Ghana was not placed on Tier 3, as Iran was.",
    ):
        assert sorted(claims(text), reverse=True) == IRAN_NOT_GHANA, text


def test_as_after_a_negation_is_an_uncertain_reading_never_a_contradiction() -> None:
    (first, second) = check(
        "The 2010 report came out in June 2010. Iran was not placed on Tier 2, as was Ghana."
    ).claims
    assert (first.country["iso3"], first.negated, first.verdict) == ("IRN", True, "supported")
    # Ghana was on Tier 2 in 2010: read as "not either", the record contradicts it
    assert (second.country["iso3"], second.reading, second.verdict) == (
        "GHA",
        "uncertain",
        "unclear",
    )
