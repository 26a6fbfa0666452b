"""Why a country moved between two reports (tiptiers.law.changes): the rule and the section."""

from __future__ import annotations

from tiptiers.law.changes import change_reason, listing_change_reason
from tiptiers.law.explain import explain
from tiptiers.model import Change, Record, Tier


def test_an_automatic_downgrade_is_named_as_such(record: Record) -> None:
    d = explain(record, "CHN", 2013, "China")
    reason, cite = change_reason(d, Change("CHN", 2013, 2012, Tier.T2WL, Tier.T3, "downgrade"))
    assert reason.startswith("Automatic downgrade: before this report it was on the Watch List")
    assert cite == "22 U.S.C. 7107(b)(2)(D)(i)"


def test_a_tier_3_with_a_waiver_left_names_both_grounds(record: Record) -> None:
    d = explain(record, "CHN", 2017, "China")
    reason, cite = change_reason(d, Change("CHN", 2017, 2016, Tier.T2WL, Tier.T3, "downgrade"))
    assert reason.startswith("Not forced by the clock: ")
    assert cite == "22 U.S.C. 7107(b)(1)(C); 22 U.S.C. 7107(b)(2)(D)(i)"


def test_every_move_of_a_report_has_a_reason_and_a_section(record: Record) -> None:
    for ch in record.changes(2014):
        if ch.kind in ("upgrade", "downgrade"):
            reason, cite = change_reason(explain(record, ch.iso3, 2014, ch.iso3), ch)
            assert reason and cite.startswith("22 U.S.C. 7107(b)"), (ch, reason, cite)


def test_a_move_to_a_special_case_cites_no_list(record: Record) -> None:
    ch = Change("LBY", 2016, 2015, Tier.T3, Tier.SPECIAL_CASE, "to_special_case")
    assert "not a statutory list" in listing_change_reason(record, ch)
