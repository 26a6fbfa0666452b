"""``what_each_value_gives``: for a fact an undetermined decision lacks, the answer of
22 U.S.C. 7107(b) under each value the engine tries, with the deciding section. A reporting
cycle shows it as "what is still missing to decide"."""

from __future__ import annotations

import pytest

from tiptiers.law.assessment import parse_assessment
from tiptiers.law.evaluate import ValueOutcome, evaluate_assessment, what_each_value_gives
from tiptiers.record import packaged_record


def assessment(country: str, **facts: object):  # type: ignore[no-untyped-def]
    return parse_assessment({"country": country, "report_year": 2026, **facts}, "test")


def test_a_finding_on_significant_efforts_settles_tier_2_or_3() -> None:
    record = packaged_record()
    a = assessment("Thailand", fully_complies=False)
    d = evaluate_assessment(a, record, "THA")
    assert d.tier is None and d.missing == ("making_significant_efforts",)
    yes, no = what_each_value_gives(a, record, "THA", "making_significant_efforts")
    assert no == ValueOutcome("false", "3", "22 U.S.C. 7107(b)(1)(C)")
    assert yes.value == "true" and yes.outcome.startswith("still needs")
    assert yes.citation == "22 U.S.C. 7107(b)(1)(B)"


@pytest.mark.parametrize(
    ("iso3", "country", "facts"),
    [
        ("AFG", "Afghanistan", {"fully_complies": False, "making_significant_efforts": True}),
        ("KGZ", "Kyrgyzstan", {"fully_complies": False}),
        ("BRA", "Brazil", {}),
    ],
)
def test_every_missing_fact_still_matters(
    iso3: str, country: str, facts: dict[str, object]
) -> None:
    """The engine drops a missing fact every value of which gives one tier (docs/LAW.md
    §2.2): each fact it still names gives different answers; each tier it gives is cited."""
    record = packaged_record()
    a = assessment(country, **facts)
    d = evaluate_assessment(a, record, iso3)
    assert d.missing
    for fact in d.missing:
        given = what_each_value_gives(a, record, iso3, fact)
        assert len(given) >= 2, fact
        assert len({g.outcome for g in given}) > 1, (fact, given)
        for g in given:
            if not g.outcome.startswith("still needs"):
                assert g.citation.startswith("22 U.S.C. 7107"), g


def test_a_fact_with_no_values_to_try_gives_nothing() -> None:
    a = assessment("Thailand", fully_complies=False)
    assert what_each_value_gives(a, packaged_record(), "THA", "country") == ()
