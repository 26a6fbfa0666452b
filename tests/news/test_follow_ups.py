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
