"""The audit pins the known history: automatic downgrades in 2013 and 2014, China's
Tier 3 the clock did not force in 2017, the clock exits of 2013 and 2017, implied waivers, the
re-listing cap, gaps and the engine's ambiguity flags."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable

import pytest

from tiptiers.analysis import audit
from tiptiers.analysis.audit import KINDS, Audit, Finding
from tiptiers.countries import Registry
from tiptiers.model import Record, Tier


@pytest.fixture(scope="module")
def full(record: Record, reg: Registry) -> Audit:
    return audit(record, reg)


def found(a: Audit, iso3: str, year: int, kind: str | None = None) -> list[Finding]:
    return [f for f in a.findings if f.iso3 == iso3 and f.year == year and kind in (None, f.kind)]


@pytest.mark.parametrize(
    ("iso3", "year"),
    [("CHN", 2013), ("RUS", 2013), ("UZB", 2013), ("THA", 2014), ("MYS", 2014)],
)
def test_known_automatic_downgrades_are_mandatory(full: Audit, iso3: str, year: int) -> None:
    # The clock: four counted Watch List years, two waiver years used, no waiver left.
    [f] = found(full, iso3, year, "mandatory_downgrade")
    assert f.detail == "clock"
    assert f.tier is Tier.T3
    assert f.clock == "downgrade_mandatory"
    assert f.citation == "22 U.S.C. 7107(b)(2)(D)(i)"
    assert "automatic downgrade" in f.sentence
    assert not found(full, iso3, year, "tier3_not_forced")


def test_china_2017_is_a_tier3_the_clock_did_not_force(full: Audit) -> None:
    [f] = found(full, "CHN", 2017, "tier3_not_forced")
    assert f.detail == "waiver_available"
    assert f.citation == "22 U.S.C. 7107(b)(1)(C); 22 U.S.C. 7107(b)(2)(D)(i)"
    assert f.sentence.startswith(
        "China was placed on Tier 3 in 2017 while a waiver year was still available (1 of 2 used"
    )
    assert not found(full, "CHN", 2017, "mandatory_downgrade")


def test_china_2011_and_2012_imply_waivers_no_source_states(full: Audit) -> None:
    [f11] = found(full, "CHN", 2011, "watch_list_over_limit")
    [f12] = found(full, "CHN", 2012, "watch_list_over_limit")
    assert (f11.detail, f11.implied_waiver_years) == ("implied_waiver", (2011,))
    assert (f12.detail, f12.implied_waiver_years) == ("implied_waiver", (2011, 2012))
    assert f12.citation == "22 U.S.C. 7107(b)(2)(D)(ii)"
    assert f12.sentence.endswith("implies waiver years 2011 and 2012.")


def test_a_stated_waiver_is_not_a_finding(full: Audit) -> None:
    # Qatar 2016: "third consecutive year ... waiver" is stated by a source in the record.
    assert not found(full, "QAT", 2016, "watch_list_over_limit")


def test_clock_exits_by_upgrade_per_year(full: Audit) -> None:
    # The record shows several in 2013 and 2017 (critics: escaping the clock).
    per_year = full.by_year()
    assert per_year[2013]["clock_exit_upgrade"] == 3
    assert per_year[2017]["clock_exit_upgrade"] == 5
    assert {f.iso3 for f in full.findings if f.kind == "clock_exit_upgrade" and f.year == 2017} == {
        "LKA",
        "SLB",
        "TUN",
        "TZA",
        "UKR",
    }
    [aze] = found(full, "AZE", 2013, "clock_exit_upgrade")
    assert (aze.tier, aze.code) == (Tier.T2, "CLOCK_EXIT_UPGRADE")


def test_relisting_cap_exceeded(full: Audit) -> None:
    # The Gambia: Watch List 2017-2018, Tier 3 2019, back on the Watch List 2020 and 2021.
    [f] = found(full, "GMB", 2021, "relisting_cap_exceeded")
    assert f.citation == "22 U.S.C. 7107(b)(2)(F)"
    assert f.code == "RELISTING_CAP_EXCEEDED"


def test_a_cap_resting_on_a_pre_2019_tier3_is_a_finding_with_a_note(full: Audit) -> None:
    # CAR: Watch List 2009-2010, Tier 3 2011, back on the Watch List 2018 and 2019. (F)
    # counts the streak from the enactment of (D) and puts no date on the Tier 3 year, so it
    # reaches back (issue 26): the 2019 Watch List placement exceeds the cap, and State's
    # practice is an informational E7 note, not a blocking ambiguity.
    assert found(full, "CAF", 2019, "relisting_cap_exceeded")
    e7 = [f for f in found(full, "CAF", 2019, "ambiguity") if f.code == "E7"]
    assert e7 and all(f.detail != "blocking" for f in e7)


def test_record_gaps_are_reported_not_filled(full: Audit) -> None:
    # Singapore has no 2019 row (2019's lists partial); Bolivia none for 2024, whose Watch
    # List and Tier 3 are complete.
    gaps = [f.year for f in full.findings if f.kind == "record_gap" and f.iso3 == "SGP"]
    assert gaps == [2019]
    assert found(full, "SGP", 2019)[0].detail == "not_published"
    assert found(full, "BOL", 2024)[0].detail == "off_watch_list"
    # A year the record settles as 'not ranked' (complete lists) is no gap in the record.
    assert not found(full, "COG", 2006, "record_gap")


def test_ambiguities_carry_their_code_and_section(full: Audit) -> None:
    amb = [f for f in full.findings if f.kind == "ambiguity"]
    assert amb and all(re.fullmatch(r"E\d{1,2}", f.code) for f in amb)
    [civ] = [f for f in found(full, "CIV", 2012, "ambiguity") if f.code == "E5"]
    assert civ.detail == "blocking"
    assert civ.citation == "22 U.S.C. 7107(b)(2)(D)(i)"
    assert full.by_code()["E7"] == sum(1 for f in amb if f.code == "E7")


def test_every_finding_is_a_row_with_a_citation_and_a_sentence(full: Audit) -> None:
    for f in full.findings:
        assert f.kind in KINDS
        assert f.citation.startswith("22 U.S.C. 7")
        assert f.sentence.endswith(".") and "\n" not in f.sentence
    assert sum(r["total"] for r in full.summary_rows()) == len(full.findings)
    assert sum(full.by_kind().values()) == len(full.findings)
    assert full.placements_replayed == len(record_placements(full))


def record_placements(a: Audit) -> list[int]:
    from tiptiers.record import packaged_record

    return [p.year for p in packaged_record() if a.start <= p.year <= a.end]


def test_range_country_and_kind_limit_the_audit(record: Record, reg: Registry) -> None:
    a = audit(record, reg, 2013, 2014)
    assert {f.year for f in a.findings} == {2013, 2014}
    c = audit(record, reg, country="Burma")
    assert {f.iso3 for f in c.findings} == {"MMR"}
    k = audit(record, reg, kind="mandatory_downgrade")
    assert {f.kind for f in k.findings} == {"mandatory_downgrade"}
    assert k.by_kind()["mandatory_downgrade"] == len(k.findings)


def test_over_limit_watch_list_year_is_found(
    reg: Registry, make_record: Callable[..., Record]
) -> None:
    # No published placement of the record does this; a made-up history does: a fifth
    # counted Watch List year after both waiver years.
    r = make_record([("CHN", y, "2WL") for y in range(2009, 2014)], range(2008, 2014))
    [f] = found(audit(r, reg), "CHN", 2013, "watch_list_over_limit")
    assert (f.detail, f.code) == ("over_limit", "OVER_LIMIT")
    assert f.citation == "22 U.S.C. 7107(b)(2)(D)(i)"


def test_json_and_csv_are_data(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("audit", "--country", "China", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["country"] == {"iso3": "CHN", "name": "China"}
    kinds = {(f["year"], f["kind"]) for f in data["findings"]}
    assert {(2013, "mandatory_downgrade"), (2017, "tier3_not_forced")} <= kinds
    code, out, _ = cli("audit", "--from", "2013", "--to", "2013", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == (
        "iso3,country,year,kind,code,detail,tier,clock,implied_waiver_years,citation,sentence"
    )
    code, out, _ = cli("audit", "--summary", "--format", "csv")
    assert out.splitlines()[0].startswith("year,watch_list_over_limit,relisting_cap_exceeded")


def test_summary_table_counts_per_year_and_kind(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("audit", "--summary", "--from", "2013", "--to", "2014")
    assert code == 0
    lines = [ln for ln in out.splitlines() if ln.startswith("│ 2013") or ln.startswith("│ All")]
    assert [c.strip() for c in lines[0].split("│")[1:-1]] == [
        "2013",
        "12",
        "·",
        "2",
        "3",
        "3",
        "·",
        "14",
        "34",
    ]


def test_to_dataframe_imports_pandas_only_when_asked() -> None:
    code = (
        "import sys\n"
        "from tiptiers.analysis import audit\n"
        "from tiptiers.countries import registry\n"
        "from tiptiers.record import packaged_record\n"
        "a = audit(packaged_record(), registry(), 2013, 2013)\n"
        "a.to_dict(); a.to_rows()\n"
        "assert 'pandas' not in sys.modules\n"
        "df = a.to_dataframe()\n"
        "assert 'pandas' in sys.modules and len(df) == len(a.findings)\n"
        "print(sorted(df.columns)[:3])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['citation', 'clock', 'code']"
