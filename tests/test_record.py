"""The packaged record: validated on load, complete as shipped, honest about its gaps."""

from __future__ import annotations

import csv
import io

import pytest

from tiptiers.countries import registry
from tiptiers.errors import BadInput, InvalidTier, YearNotInRecord
from tiptiers.model import Placement, Presence, Record, Tier, YearCoverage
from tiptiers.record import (
    data_text,
    packaged_record,
    parse_coverage_rows,
    parse_placement_rows,
)

# PROVENANCE.md's coverage table: rows and counts per tier, per year.
PROVENANCE_COUNTS = {
    2001: (80, 11, 47, 0, 22, 0),
    2013: (188, 30, 92, 44, 21, 1),
    2014: (188, 31, 89, 44, 23, 1),
    2017: (188, 36, 80, 46, 23, 3),
    2018: (187, 39, 80, 42, 22, 4),
    2019: (185, 33, 90, 38, 21, 3),
    2021: (188, 28, 95, 45, 17, 3),
    2022: (188, 30, 99, 34, 22, 3),
    2024: (160, 33, 72, 32, 21, 2),
    2025: (188, 33, 106, 25, 20, 4),
}


def test_every_row_of_the_shared_file_ships() -> None:
    rec = packaged_record()
    # the shared file's 4,197 rows, with Serbia's and Montenegro's copies of the one 2003-2006
    # placement of Serbia and Montenegro as one row a year (docs/DATA.md)
    assert len(rec) == 4197 - 4
    assert len(rec.countries) == 190
    assert rec.years == tuple(range(2001, 2026))


@pytest.mark.parametrize("year", sorted(PROVENANCE_COUNTS))
def test_counts_match_the_provenance_table(year: int) -> None:
    rows, t1, t2, wl, t3, sc = PROVENANCE_COUNTS[year]
    counts = packaged_record().counts(year)
    assert sum(counts.values()) == rows
    assert [counts[t] for t in Tier] == [t1, t2, wl, t3, sc]


def test_every_country_resolves_and_keeps_the_report_name() -> None:
    reg = registry()
    for row in csv.DictReader(io.StringIO(data_text("placements.csv"))):
        assert reg.get(row["iso3"]).name == row["country"]


def test_tier_codes_are_the_five_codes() -> None:
    codes = {p.tier.value for p in packaged_record()}
    assert codes == {"1", "2", "2WL", "3", "special_case"}


def test_stated_flags_are_kept_and_blank_means_unknown() -> None:
    rec = packaged_record()
    assert rec.get("CHN", 2013).auto_downgrade is True  # type: ignore[union-attr]
    assert rec.get("CHN", 2016).waiver is None  # type: ignore[union-attr]
    assert sum(1 for p in rec if p.waiver) == 55
    assert sum(1 for p in rec if p.auto_downgrade) == 6


def test_roles_are_per_country() -> None:
    roles = packaged_record().roles["CHN"]
    assert (roles.origin, roles.transit, roles.destination) == (True, False, True)


def test_unknown_tier_code_fails_loudly() -> None:
    rows = [{"iso3": "CHN", "year": "2001", "tier": "4"}]
    with pytest.raises(BadInput, match=r"placements.csv line 2: Unknown tier '4'"):
        parse_placement_rows(rows)


def test_duplicate_country_year_fails_loudly() -> None:
    p = Placement("CHN", 2001, Tier.T2)
    cov = YearCoverage(2001, dict.fromkeys(Tier, True))
    with pytest.raises(ValueError, match="duplicate placement for CHN 2001"):
        Record.build([p, p], [cov])


def test_placements_need_coverage_for_their_year() -> None:
    with pytest.raises(ValueError, match=r"years without coverage data: \[2001\]"):
        Record.build([Placement("CHN", 2001, Tier.T2)], [])


def test_coverage_has_one_row_per_year() -> None:
    cov = parse_coverage_rows(csv.DictReader(io.StringIO(data_text("coverage.csv"))))
    assert [c.year for c in cov] == list(range(2001, 2026))


def test_partial_years_are_the_provenance_ones() -> None:
    rec = packaged_record()
    partial = {y for y, c in rec.coverage.items() if c.partial}
    assert partial == {2011, 2017, 2019, 2023, 2024}
    # 2016, 2018 and 2025 are complete since the 2026-12-04 re-import; 2012, 2013, 2014 and
    # 2022 since the 2026-12-07 one.
    assert not {2012, 2013, 2014, 2015, 2016, 2018, 2020, 2021, 2022, 2025} & partial


class TestLookup:
    def test_published(self) -> None:
        look = packaged_record().lookup("CHN", 2017)
        assert look.presence is Presence.PUBLISHED and look.tier is Tier.T3

    def test_a_missing_row_in_a_complete_year_is_not_ranked(self) -> None:
        look = packaged_record().lookup("KIR", 2001)
        assert look.presence is Presence.NOT_RANKED
        assert look.on_watch_list is False

    def test_a_missing_row_where_watch_list_and_tier_3_are_complete_is_off_the_list(
        self,
    ) -> None:
        # Bolivia: no 2024 row; 2024's Tier 1 list is complete and does not name it either
        look = packaged_record().lookup("BOL", 2024)
        assert look.presence is Presence.OFF_WATCH_LIST
        assert look.on_watch_list is False
        assert "so it was Tier 2, a Special Case or not ranked." in look.note

    def test_a_missing_row_in_a_partial_year_is_not_published(self) -> None:
        # Namibia: ranked in the reports either side, no 2019 row (2019 lists partial).
        look = packaged_record().lookup("NAM", 2019)
        assert look.presence is Presence.NOT_PUBLISHED
        assert look.on_watch_list is None
        assert look.tier is None

    def test_a_year_outside_the_record(self) -> None:
        look = packaged_record().lookup("CHN", 2030)
        assert look.presence is Presence.OUT_OF_RECORD
        assert look.note == "The record has no 2030 report; it covers 2001–2025."

    def test_check_year_names_the_covered_years(self) -> None:
        with pytest.raises(YearNotInRecord) as e:
            packaged_record().check_year(1999)
        assert e.value.message == "No report for 1999 in the record: it covers 2001–2025."


def test_tier_parse_rejects_nonsense() -> None:
    with pytest.raises(InvalidTier):
        Tier.parse("Tier 5")


class TestYearCheck:
    """A year is complete only where the record matches the printed counts of its report
    (report_releases.csv), never because coverage.csv says so (issue 24)."""

    def test_the_years_the_printed_counts_confirm(self) -> None:
        rec = packaged_record()
        complete = {y for y in rec.years if rec.year_check(y).complete}
        assert {2013, 2014, 2022} <= complete
        # 2006: 149 ranked, as printed, once Serbia and Montenegro is one government; 2005 is
        # then one short of the printed 150
        assert complete == {2006, 2007, 2012, 2013, 2014, 2015, 2016, 2018, 2021, 2022}

    def test_no_printed_count_is_not_complete(self) -> None:
        rec = packaged_record()
        for y in (2003, 2020, 2025):  # every list marked complete, nothing printed to check
            assert not rec.coverage[y].partial
            check = rec.year_check(y)
            assert check.status == "unchecked" and not check.complete

    def test_a_year_marked_complete_but_short_of_the_printed_counts_is_partial(self) -> None:
        # 2014 as shipped before the 2026-12-07 re-import: coverage.csv said complete while
        # Aruba, Curaçao and Sint Maarten were missing (Tier 2 86, 89 printed; 185 of 188)
        rec = packaged_record()
        placements = [p for p in rec if not (p.year == 2014 and p.iso3 in ("ABW", "CUW", "SXM"))]
        old = Record.build(placements, rec.coverage.values(), rec.roles)
        assert not old.coverage[2014].partial  # what the hand-written coverage says
        check = old.year_check(2014)
        assert check.status == "partial" and not check.complete
        assert "Tier 2: 86 in the record, 89 printed" in check.reasons
        assert check.sentence().startswith("Partial: Tier 2: 86 in the record, 89 printed;")

    def test_more_rows_than_printed_is_a_disagreement(self) -> None:
        check = packaged_record().year_check(2010)  # 30 Tier 1 rows, 27 printed
        assert check.status == "differs"
        assert check.reasons == ("Tier 1: 30 in the record, 27 printed",)


def test_serbia_and_montenegro_is_one_government_2003_2006() -> None:
    """The 2003-2006 reports ranked one government (issue 24): its own rows, and none for
    Serbia or Montenegro those years, whose lookups say where the placement is."""
    rec = packaged_record()
    assert [(p.year, p.tier.value) for p in rec.history("SCG")] == [
        (2003, "2"), (2004, "2WL"), (2005, "2"), (2006, "2")
    ]  # fmt: skip
    for iso3 in ("SRB", "MNE"):
        assert rec.history(iso3)[0].year == 2007
        look = rec.lookup(iso3, 2004)
        assert look.presence is Presence.NOT_RANKED and look.on_watch_list is False
        assert "ranked Serbia and Montenegro (SCG) as one government" in look.note
    later = rec.lookup("SCG", 2007)
    assert later.presence is Presence.NOT_RANKED and "ranks Serbia (SRB) and Montenegro (MNE) apart" in later.note
