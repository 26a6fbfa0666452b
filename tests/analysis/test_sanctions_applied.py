"""The sanctions actually applied, and the audit of the determinations: never counting a
missing determination as 'no sanctions'.

The determinations here are made up for the test (PD numbers 0000-nn), on small records of
the test's own; the real ones are tested where the record holds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tiptiers.analysis import audit
from tiptiers.analysis.sanctions_applied import (
    OUTCOMES,
    SANCTIONS_APPLIED_COLUMNS,
    country_determinations,
    outcome_of,
    sanctions_applied,
)
from tiptiers.countries import Registry
from tiptiers.documents import DeterminationYear, DocumentSeen, PresidentialDetermination
from tiptiers.errors import InvalidRange
from tiptiers.model import Determinations, Record


@dataclass(frozen=True)
class Row:
    report_year: int
    iso3: str
    code: str
    detail: str = ""


#: The made-up documents: report year -> (PD number, date, how much was seen).
DOCUMENTS = {2021: ("0000-01", "", "complete"), 2022: ("0000-02", "", "partial")}


def held(rows: list[Row], signed: str = "") -> Determinations:
    """The rows as the record holds them, with their year's document (``signed``: the
    2021 document's date)."""
    docs = dict(DOCUMENTS)
    if signed:
        docs[2021] = ("0000-01", signed, "complete")
    years = [
        DeterminationYear(y + 1, y, n, d, DocumentSeen(seen), "the second paragraph")
        for y, (n, d, seen) in docs.items()
    ]
    return Determinations.build(
        (
            PresidentialDetermination(
                r.report_year + 1,
                r.report_year,
                docs[r.report_year][0],
                docs[r.report_year][1],
                r.iso3,
                r.iso3,
                r.code,
                r.detail,
                complete=docs[r.report_year][2] == "complete",
            )
            for r in rows
        ),
        years,
    )


@pytest.fixture
def small(make_record: Callable[..., Record]) -> Record:
    rows = [
        ("CHN", 2021, "3"),
        ("RUS", 2021, "3"),
        ("IRN", 2021, "3"),
        ("PRK", 2021, "3"),
        ("CUB", 2021, "2WL"),
        ("CHN", 2022, "3"),
        ("RUS", 2022, "3"),
        ("CHN", 2023, "3"),
    ]
    return make_record(rows, [2021, 2022, 2023])


WHOLE = [
    Row(2021, "CHN", "d1A_i"),
    Row(2021, "CHN", "other", detail="(d)(1)(B) vote"),
    Row(2021, "RUS", "d1A_ii"),
    Row(2021, "RUS", "d4_partial", detail="exchange funding allowed"),
    Row(2021, "IRN", "d4_full"),
    Row(2021, "CUB", "d1A_i"),
]
PART = [Row(2022, "CHN", "d1A_i")]


def test_each_government_gets_what_its_codes_say(small: Record, reg: Registry) -> None:
    y = sanctions_applied(small, reg, determinations=held(WHOLE + PART)).year(2021)
    got = {g.iso3: g.outcome for g in y.governments}
    assert got == {
        "CHN": "full_restrictions",
        "RUS": "partial_waiver",
        "IRN": "full_waiver",
        "PRK": "not_named",
    }
    assert y.document == "complete" and y.tier3 == 4 and y.note() == ""


def test_a_partial_document_never_says_no_sanctions(small: Record, reg: Registry) -> None:
    y = sanctions_applied(small, reg, determinations=held(WHOLE + PART)).year(2022)
    got = {g.iso3: g.outcome for g in y.governments}
    assert got == {"CHN": "restrictions_seen", "RUS": "not_seen"}
    assert "Only part of PD 0000-02" in y.note() and "not seen" in y.note()


def test_a_year_without_a_document_is_unknown_not_clean(small: Record, reg: Registry) -> None:
    y = sanctions_applied(small, reg, determinations=held(WHOLE + PART)).year(2023)
    assert [g.outcome for g in y.governments] == ["no_document"]
    assert y.document == "none" and "nothing is known" in y.note()


def test_the_counts_add_up_to_the_tier3_list(small: Record, reg: Registry) -> None:
    result = sanctions_applied(small, reg, determinations=held(WHOLE + PART))
    for row in result.to_rows():
        assert sum(row[k] for k in OUTCOMES) == row["tier3"]
        assert tuple(row) == SANCTIONS_APPLIED_COLUMNS


def test_reports_before_2003_triggered_no_determination(
    make_record: Callable[..., Record], reg: Registry
) -> None:
    rec = make_record([("CHN", 2002, "3"), ("CHN", 2003, "3")], [2002, 2003])
    assert [y.year for y in sanctions_applied(rec, reg, determinations=held([])).years] == [2003]
    with pytest.raises(InvalidRange, match="begin with the 2003 report"):
        sanctions_applied(rec, reg, 2002, determinations=held([]))


@pytest.mark.parametrize(
    ("codes", "document", "outcome"),
    [
        (["d1A_i", "d4_full"], "partial", "full_waiver"),
        (["d1A_ii", "d4_partial", "other"], "complete", "partial_waiver"),
        (["d1A_i", "other"], "complete", "full_restrictions"),
        (["d1A_i"], "partial", "restrictions_seen"),
        (["d1A"], "partial", "restrictions_seen"),
        (["d4"], "partial", "waiver"),
        (["d3"], "complete", "other"),
        (["other"], "complete", "other"),
        ([], "complete", "not_named"),
        ([], "partial", "not_seen"),
        ([], "none", "no_document"),
    ],
)
def test_outcome_of(codes: list[str], document: str, outcome: str) -> None:
    assert outcome_of(codes, document) == outcome


def test_a_country_history_lists_its_tier3_years_and_stray_determinations(
    small: Record, reg: Registry
) -> None:
    china = country_determinations(small, reg, "CHN", determinations=held(WHOLE + PART))
    assert [(g.year, g.outcome) for g in china] == [
        (2021, "full_restrictions"),
        (2022, "restrictions_seen"),
        (2023, "no_document"),
    ]
    assert china[0].to_dict()["codes"] == ["d1A_i", "other"]
    cuba = country_determinations(small, reg, "CUB", determinations=held(WHOLE))
    assert [(g.year, g.outcome) for g in cuba] == [(2021, "full_restrictions")]


# -- the audit -------------------------------------------------------------------------------
def test_audit_finds_a_determination_for_a_government_off_tier3(
    small: Record, reg: Registry
) -> None:
    a = audit(small, reg, kind="determination_not_tier3", determinations=held(WHOLE))
    assert [(f.iso3, f.year, f.tier.value if f.tier else None) for f in a.findings] == [
        ("CUB", 2021, "2WL")
    ]
    assert a.findings[0].citation == "22 U.S.C. 7107(d)"
    assert "7107(c)" in a.findings[0].sentence


def test_audit_finds_a_tier3_government_a_whole_document_does_not_name(
    small: Record, reg: Registry
) -> None:
    a = audit(small, reg, kind="tier3_without_determination", determinations=held(WHOLE + PART))
    # North Korea is missing from the whole 2021 document; Russia 2022 is only "not seen".
    assert [(f.iso3, f.year) for f in a.findings] == [("PRK", 2021)]
    assert "7107(c)" in a.findings[0].citation and "7107(d)" in a.findings[0].citation


def _with_release(rec: Record, year: int, day: str) -> Record:
    cov = dict(rec.coverage)
    cov[year] = cov[year]._replace(release_date=day)
    return Record(rec.placements, cov, rec.roles)


@pytest.mark.parametrize(
    ("signed", "days", "finding"),
    [
        ("2021-08-14", "44 days after", "1 day too early"),
        ("2021-08-15", "45 days", None),
        ("2021-09-29", "90 days", None),
        ("2021-09-30", "91 days after", "1 day late"),
    ],
)
def test_audit_finds_a_determination_outside_45_to_90_days(
    small: Record, reg: Registry, signed: str, days: str, finding: str | None
) -> None:
    rec = _with_release(small, 2021, "2021-07-01")
    a = audit(rec, reg, kind="determination_outside_window", determinations=held(WHOLE, signed))
    if finding is None:
        assert a.findings == ()
        return
    (f,) = a.findings  # one per document, not per government
    assert days in f.sentence and finding in f.sentence
    assert f.citation == "22 U.S.C. 7107(c), 22 U.S.C. 7107(d)"
    assert f.detail == "0000-01"


def test_audit_judges_no_window_without_a_release_date_or_a_readable_date(
    small: Record, reg: Registry
) -> None:
    kind = "determination_outside_window"
    late = held(WHOLE, "2030-01-01")
    assert audit(small, reg, kind=kind, determinations=late).findings == ()
    rec = _with_release(small, 2021, "2021-07-01")
    assert audit(rec, reg, kind=kind, determinations=held(WHOLE, "not seen")).findings == ()


def test_audit_of_one_country_keeps_its_own_determination_findings(
    small: Record, reg: Registry
) -> None:
    a = audit(small, reg, country="North Korea", determinations=held(WHOLE))
    assert {f.kind for f in a.findings} >= {"tier3_without_determination"}
    assert all(f.iso3 == "PRK" for f in a.findings)


# -- on the record's own determinations -------------------------------------------------------
def test_the_complete_documents_name_every_tier3_government(record: Record, reg: Registry) -> None:
    result = sanctions_applied(record, reg)
    whole = [y for y in result.years if y.document == "complete"]
    assert [y.year for y in whole] == [2021, 2022, 2023, 2024]
    for y in whole:
        assert y.counts()["not_named"] == 0 and y.counts()["not_seen"] == 0
    assert result.year(2023).tier3 == 24


def test_china_2017_is_not_in_the_part_of_pd_2017_15_seen(record: Record, reg: Registry) -> None:
    (g,) = [x for x in country_determinations(record, reg, "CHN") if x.year == 2017]
    assert g.outcome == "not_seen" and "PD 2017-15" in g.note
    assert sanctions_applied(record, reg, 2015, 2015).year(2015).document == "none"


def test_the_record_s_determinations_are_all_for_tier3_governments(
    record: Record, reg: Registry
) -> None:
    a = audit(record, reg)
    kinds = a.by_kind()
    assert kinds["determination_not_tier3"] == 0 and kinds["tier3_without_determination"] == 0
    late = {f.detail for f in a.findings if f.kind == "determination_outside_window"}
    assert "2022-06" in late  # PD 2022-06 of 2021-12-21, 173 days after the 2021 report
    assert "2003-35" not in late  # 90 days: the last day of the window


def test_2003_is_classified_from_the_text() -> None:
    """PD 2003-35 (FY2004): the texts on record say Burma, Cuba and North Korea were
    sanctioned, Liberia and Sudan waived, and ten governments found under 7107(d)(3)."""
    from tiptiers.countries import registry
    from tiptiers.record import packaged_record

    (year,) = sanctions_applied(packaged_record(), registry(), 2003, 2003).years
    by = {g.iso3: g.outcome for g in year.governments}
    assert sorted(i for i, o in by.items() if o == "restrictions_seen") == ["CUB", "MMR", "PRK"]
    assert sorted(i for i, o in by.items() if o == "waiver") == ["LBR", "SDN"]
    assert sum(o == "other" for o in by.values()) == 10
    assert {g.codes for g in year.governments if g.outcome == "other"} == {("d3",)}
