"""The everyday questions, answered once for every front end."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tiptiers.countries import registry
from tiptiers.errors import InvalidRegion, UnknownCountry, YearNotInRecord
from tiptiers.model import Record, Tier
from tiptiers.queries.changes import year_changes
from tiptiers.queries.coverage import coverage
from tiptiers.queries.export import export_rows
from tiptiers.queries.history import country_history
from tiptiers.queries.years import year_placements
from tiptiers.record import packaged_record

REC = packaged_record()
REG = registry()


def test_history_is_in_year_order_with_changes() -> None:
    h = country_history(REC, REG, "China")
    years = [r.year for r in h.rows]
    assert years == sorted(years) and years[0] == 2001
    by_year = {r.year: r for r in h.rows}
    assert by_year[2013].change == "downgrade" and by_year[2013].previous is Tier.T2WL
    assert by_year[2014].change == "upgrade"
    assert h.to_dict()["placements"][0] == {
        "year": 2001,
        "tier": "2",
        "change": "first",
        "previous_year": None,
        "previous_tier": None,
        "previous_iso3": None,
        "source": "andrewheiss/scorecard-diplomacy:criminalization-cho-tiers_jk_2015-08-10.dta",
        "waiver": None,
        "auto_downgrade": None,
        "sanctions_full_waiver": None,
    }


def test_history_shows_gaps_and_never_fills_them() -> None:
    h = country_history(REC, REG, "Namibia")
    gap_years = [y for y, _ in h.gaps if y > 2003]
    assert gap_years == [2019]
    assert all(r.year not in gap_years for r in h.rows)


def test_change_across_a_gap_names_the_previous_published_year() -> None:
    h = country_history(REC, REG, "SGP")
    row = next(r for r in h.rows if r.year == 2020)
    assert row.previous_year == 2018


def test_json_contract_of_country() -> None:
    d = country_history(REC, REG, "CHN").to_dict()
    assert (d["iso3"], d["name"]) == ("CHN", "China")
    assert {"year": 2017, "tier": "3"}.items() <= d["placements"][16].items()


def test_year_placements_grouped_and_filtered() -> None:
    yp = year_placements(REC, REG, 2017, Tier.T3)
    assert len(yp.rows) == 23
    assert yp.to_rows()[0] == {"iso3": "BLR", "name": "Belarus", "year": 2017, "tier": "3"}
    assert yp.coverage.partial


def test_year_placements_by_region() -> None:
    yp = year_placements(REC, REG, 2021, region="Western Hemisphere")
    assert yp.region_filter == "WHA"
    assert all(c.region == "WHA" for c, _ in yp.rows)
    assert any(c.iso3 == "USA" for c, _ in yp.rows)


def test_unknown_region_names_the_choices() -> None:
    with pytest.raises(InvalidRegion, match="Unknown region 'Mars': use one of AF"):
        year_placements(REC, REG, 2021, region="Mars")


def test_changes_2013_include_the_automatic_downgrades() -> None:
    ch = year_changes(REC, REG, 2013)
    downs = {c.iso3 for c, x in ch.changes if x.kind == "downgrade"}
    assert {"CHN", "RUS", "UZB"} <= downs
    assert ch.previous_year == 2012


def test_changes_against_a_partial_year_do_not_guess() -> None:
    ch = year_changes(REC, REG, 2019)
    kinds = {x.kind for _, x in ch.changes}
    assert "unpublished" in kinds
    assert "partial" in ch.caveat()


def test_unknown_country_suggests() -> None:
    with pytest.raises(UnknownCountry) as e:
        country_history(REC, REG, "Chna")
    assert e.value.message == "Unknown country 'Chna'. Did you mean: China?"


def test_year_outside_record() -> None:
    with pytest.raises(YearNotInRecord):
        year_placements(REC, REG, 2000)


def test_coverage_summary() -> None:
    c = coverage(REC).to_dict()
    assert c["placements"] == 4193 and c["countries"] == 190
    assert c["years"] == "2001–2025"


def test_export_has_the_contract_columns() -> None:
    rows = list(export_rows(REC, REG))
    assert len(rows) == 4193
    assert {"iso3", "country", "year", "tier", "source"} <= set(rows[0])


def test_the_joint_government_and_its_members_name_each_other() -> None:
    """Serbia's page starts with the years Serbia and Montenegro stood for it; the joint
    government's page ends with the year the report ranked its members apart (issue 24)."""
    srb = country_history(REC, REG, "Serbia").lines()
    assert [(ln.year, ln.tier, ln.status) for ln in srb[:5]] == [
        (2003, None, "not_ranked"), (2004, None, "not_ranked"), (2005, None, "not_ranked"),
        (2006, None, "not_ranked"), (2007, Tier.T2, "placed"),
    ]  # fmt: skip
    assert "Serbia and Montenegro (SCG)" in srb[0].notes[0]
    scg = country_history(REC, REG, "Serbia and Montenegro").lines()
    assert [ln.year for ln in scg] == [2003, 2004, 2005, 2006, 2007]
    assert scg[-1].tier is None and "ranks Serbia (SRB) and Montenegro (MNE) apart" in scg[-1].notes[0]


def test_a_members_first_placement_continues_the_joint_governments_last() -> None:
    """Serbia's and Montenegro's 2007 placements are changes from Serbia and Montenegro's
    2006 one, not their first: in the table (CLI, page, report) and in the JSON and CSV."""
    for name in ("Serbia", "Montenegro"):
        h = country_history(REC, REG, name)
        line = next(ln for ln in h.lines() if ln.year == 2007)
        assert line.change == "no change from Serbia and Montenegro's Tier 2 (2006)"
        first = h.to_dict()["placements"][0]
        assert (first["year"], first["change"], first["previous_year"]) == (2007, "unchanged", 2006)
        assert (first["previous_tier"], first["previous_iso3"]) == ("2", "SCG")
        assert h.to_rows()[0]["previous_iso3"] == "SCG" and h.to_rows()[1]["previous_iso3"] is None
    # Montenegro's 2008 move is from its own 2007 placement
    mne = country_history(REC, REG, "Montenegro").lines()
    assert next(ln for ln in mne if ln.year == 2008).change == "downgrade from Tier 2"
    # the joint government's own first placement is still its first
    assert country_history(REC, REG, "SCG").lines()[0].change == "first in the record"


def test_a_members_move_across_the_split_names_the_joint_government(
    make_record: Callable[..., Record],
) -> None:
    rec = make_record([("SCG", 2006, "2WL"), ("SRB", 2007, "2"), ("MNE", 2007, "3")], (2006, 2007))
    lines = {n: country_history(rec, REG, n).lines()[-1].change for n in ("SRB", "MNE")}
    assert lines == {
        "SRB": "upgrade from Serbia and Montenegro's Tier 2 Watch List (2006)",
        "MNE": "downgrade from Serbia and Montenegro's Tier 2 Watch List (2006)",
    }
