"""What a reader can cite for one placement (issue 23, item 1) and the per-row provenance
flags a researcher filters on (issue 24)."""

from __future__ import annotations

import csv
import io

from tiptiers import api
from tiptiers.record import (
    data_text,
    packaged_disagreements,
    packaged_record,
    packaged_report_addresses,
)
from tiptiers.sources import PROVENANCE_FLAGS, tier_from_next_report, trust_of, year_inferred


def _rows(country: str) -> dict[int, dict]:
    s = api.placement_sources(country, record=packaged_record())
    return {r["year"]: r for r in s.to_dict()["placements"]}


def test_every_placement_links_the_report_of_its_year() -> None:
    rows = _rows("China")
    assert rows[2013]["report"]["url"] == "http://www.state.gov/j/tip/rls/tiprpt/2013/index.htm"
    assert rows[2019]["report"]["url_status"] == "seen_as_result"
    # an address only inferred from the archive's scheme says so
    assert rows[2014]["report"]["url_status"] == "pattern_only"
    assert "not seen" in rows[2014]["report"]["caveat"]
    assert rows[2013]["compiled_from"]["publisher"].startswith("Andrew Heiss")
    assert rows[2013]["trust"] == "high" and "academic dataset" in rows[2013]["trust_words"]


def test_the_country_narrative_is_linked_where_its_address_is_known() -> None:
    rows = _rows("Algeria")
    assert rows[2024]["narrative_url"] == (
        "https://www.state.gov/reports/2024-trafficking-in-persons-report/algeria/"
    )
    arg = _rows("Argentina")[2019]  # the source string names the state.gov page
    assert arg["narrative_url"].startswith("https://state.gov/reports/2019-trafficking")


def test_a_row_read_from_the_next_report_says_so() -> None:
    row = _rows("Algeria")[2018]  # the 2019 narrative: 'remained on Tier 2 Watch List'
    assert row["tier_from_next_report"] is True
    assert "read from a later report" in row["how"]
    assert _rows("Algeria")[2019]["tier_from_next_report"] is False
    assert _rows("St. Lucia")[2017]["tier_from_next_report"] is True


def test_a_row_with_an_inferred_year_says_so_and_is_trusted_less() -> None:
    row = _rows("United States")[2012]  # refworld copy, year inferred from FY2011 data
    assert row["year_inferred"] is True
    assert "inferred" in row["how"] and row["trust"] == "medium-high"
    assert _rows("United States")[2011]["year_inferred"] is False  # dated refworld copy


def test_disagreements_are_flagged_with_the_other_source() -> None:
    dza = _rows("Algeria")[2024]
    assert dza["source_disagrees"] is True
    assert dza["disagreement"]["other_tier"] == "3"
    assert "northafricapost" in dza["disagreement"]["other_source"]
    assert _rows("Latvia")[2017]["disagreement"]["other_tier"] == "2WL"
    assert _rows("Algeria")[2023]["source_disagrees"] is False


def test_the_disagreement_file_matches_the_record() -> None:
    rec = packaged_record()
    found = packaged_disagreements()
    # the 13 sure2018 differences, Kelley & Simmons, the 2013 map, the Factbook entries, ...
    assert len(found) == 31
    for (iso3, year), d in found.items():
        assert rec.get(iso3, year).tier.value == d.record_tier  # type: ignore[union-attr]
        assert d.other_tier != d.record_tier


def test_every_report_year_has_an_address() -> None:
    addresses = packaged_report_addresses()
    assert sorted(addresses) == list(packaged_record().years)
    rows = list(csv.DictReader(io.StringIO(data_text("report_urls.csv"))))
    assert {r["report_url_status"] for r in rows} <= {
        "seen_as_result",
        "printed_in_page",
        "pattern_only",
    }


def test_flags_and_trust_are_read_from_the_source_text() -> None:
    assert tier_from_next_report("web:x (2019 TIP Report: Benin: remained on Tier 2)", 2018)
    assert not tier_from_next_report("web:x (2019 TIP Report: Benin)", 2019)
    assert year_inferred("web:y — report year inferred: not printed")
    assert not year_inferred("andrewheiss/scorecard-diplomacy:tiers_2015.csv")
    assert trust_of("web:wikimili.com (Latvia)")[0] == "low"
    assert trust_of("benjaminleroy/sure2018:data/country_summary_data.csv")[0] == "medium"
    assert PROVENANCE_FLAGS == ("tier_from_next_report", "year_inferred", "source_disagrees")


def test_csv_rows_carry_the_flags() -> None:
    s = api.placement_sources("Latvia", record=packaged_record())
    row = next(r for r in s.to_rows() if r["year"] == 2017)
    assert row["source_disagrees"] is True and row["other_tier"] == "2WL"
    assert set(PROVENANCE_FLAGS) <= set(row)
