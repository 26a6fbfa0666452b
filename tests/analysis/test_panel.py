"""The researcher's panel: balanced, never filled in, its clock variables the law engine's."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tiptiers.analysis.panel import PANEL_COLUMNS, PANEL_FIELDS, panel
from tiptiers.countries import Registry
from tiptiers.errors import InvalidRange
from tiptiers.law.explain import explain
from tiptiers.model import Presence, Record


@pytest.fixture(scope="module")
def full(record: Record, reg: Registry):  # type: ignore[no-untyped-def]
    return panel(record, reg)


def test_one_row_per_country_and_report_year(full, record: Record) -> None:  # type: ignore[no-untyped-def]
    keys = [(r["iso3"], r["year"]) for r in full.rows]
    # balanced, but for the joint entity: Serbia and Montenegro 2003-2006 only, Serbia and
    # Montenegro apart from 2007 (2 x 6 + 21 years without a row)
    assert len(keys) == len(set(keys)) == len(record.countries) * len(record.years) - 12 - 21
    assert keys == sorted(keys)


def test_serbia_and_montenegro_is_one_government_2003_2006(full) -> None:  # type: ignore[no-untyped-def]
    """The 2003-2006 reports ranked one government: one row a year, its own code, never
    Serbia's and Montenegro's copies of it (issue 24); COW-based work counts it once."""
    scg = [r for r in full.rows if r["iso3"] == "SCG"]
    assert [(r["year"], r["tier"]) for r in scg] == [
        (2003, "2"), (2004, "2WL"), (2005, "2"), (2006, "2")
    ]  # fmt: skip
    assert {(r["country"], r["iso2"], r["iso_numeric"], r["cow_code"]) for r in scg} == {
        ("Serbia and Montenegro", "CS", "891", 345)
    }
    for iso3 in ("SRB", "MNE"):
        rows = [r for r in full.rows if r["iso3"] == iso3]
        assert rows[0]["year"] == 2007 and rows[0]["first_year"] == 2007
        assert rows[0]["tier_lag"] is None and rows[0]["tier_move"] == "newly_placed"
    # one row per COW state and year: the joint entity never beside its members
    cow_years = [(r["cow_code"], r["year"]) for r in full.rows if r["cow_code"] is not None]
    assert len(cow_years) == len(set(cow_years))
    # the clock across the split: counted years begin with the 2009 report (7107(b)(2)(D)), so
    # nothing before 2007 reaches it; Montenegro's 2008-2009 Watch List run is its own
    mne = {r["year"]: r for r in full.rows if r["iso3"] == "MNE"}
    assert (mne[2009]["wl_streak"], mne[2009]["clock_status"]) == (2, "off_list")
    assert (mne[2010]["clock_status"], mne[2010]["wl_counted_years"]) == ("counting", 1)


def test_every_row_has_every_codebook_column(full) -> None:  # type: ignore[no-untyped-def]
    assert {tuple(r) == PANEL_COLUMNS for r in full.rows} == {True}
    assert len({f.title for f in PANEL_FIELDS}) == len(PANEL_FIELDS)
    assert max(len(f.title) for f in PANEL_FIELDS) <= 80  # Stata's variable label limit


def test_a_published_tier_is_the_record_s_and_a_gap_stays_blank(full, record: Record) -> None:  # type: ignore[no-untyped-def]
    for r in full.rows:
        p = record.get(r["iso3"], r["year"])
        if p is None:
            assert r["presence"] != Presence.PUBLISHED.value
            assert r["tier"] is None and r["tier_ordinal"] is None and r["source"] is None
        else:
            assert r["presence"] == Presence.PUBLISHED.value
            assert r["tier"] == p.tier.value


def test_china_2013_is_the_automatic_downgrade_after_two_waiver_years(full) -> None:  # type: ignore[no-untyped-def]
    r = full.row("CHN", 2013)
    assert r["tier"] == "3" and r["tier_ordinal"] == 4
    assert r["clock_status"] == "downgrade_mandatory"
    assert r["wl_counted_years"] == 4 and r["waiver_years_used"] == 0  # the run has ended
    assert r["auto_downgrade_derived"] is True and r["auto_downgrade"] is True
    assert r["wl_streak"] == 0 and r["on_watch_list"] is False
    assert (r["cow_code"], r["region"], r["iso2"]) == (710, "EAP", "CN")


def test_china_2012_is_an_implied_waiver_year(full) -> None:  # type: ignore[no-untyped-def]
    r = full.row("CHN", 2012)
    assert r["tier"] == "2WL" and r["waiver_year"] is True and r["waiver_basis"] == "implied"
    assert r["waiver_years_used"] == 2
    assert r["wl_streak"] == 2012 - r["wl_listed_since"] + 1


def test_china_2017_tier3_was_not_forced_by_the_clock(full) -> None:  # type: ignore[no-untyped-def]
    r = full.row("CHN", 2017)
    assert r["auto_downgrade_derived"] is False and r["auto_downgrade"] is False


def test_the_clock_columns_are_the_engine_s(full, record: Record, reg: Registry) -> None:  # type: ignore[no-untyped-def]
    for r in full.rows[::37]:
        c = reg.get(r["iso3"])
        d = explain(record, r["iso3"], r["year"], c.name, c.kind)
        if r["clock_status"] != d.watch_list.status.value:  # a count of 0 or 1, unsettled
            assert (r["clock_status"], d.watch_list.status.value) == ("undetermined", "counting")
        assert r["wl_listed_since"] == d.watch_list.listed_since
        if r["tier"] == "3" and d.watch_list.mandatory is not None:
            assert r["auto_downgrade_derived"] == d.watch_list.mandatory


def test_watch_list_variables_agree_with_each_other(full) -> None:  # type: ignore[no-untyped-def]
    for r in full.rows:
        if r["on_watch_list"] is False:
            assert r["wl_streak"] == 0 and not r["waiver_year"]
        if r["on_watch_list"] is True and r["wl_streak"] is not None:
            assert r["wl_streak"] >= 1
        if r["waiver_year"]:
            assert r["tier"] == "2WL" and r["waiver_basis"] in ("stated", "implied")
            assert r["waiver_years_used"] is None or r["waiver_years_used"] >= 1
        else:
            assert r["waiver_basis"] is None
        if r["auto_downgrade_stated"] or r["auto_downgrade_derived"]:
            assert r["auto_downgrade"] is True
        if r["year"] < 2009:
            assert r["waiver_years_used"] is None and r["wl_counted_years"] is None
        # complete only where the record matches the report's printed counts (issue 24): a
        # year with partial lists never is; one with none partial may still not be
        if r["year_partial_lists"] is not None:
            assert r["year_complete"] is False
        assert r["year_complete"] == (r["year"] in PRINTED_COMPLETE)


#: The years whose record matches the printed counts of their report (Record.year_check).
PRINTED_COMPLETE = {2006, 2007, 2012, 2013, 2014, 2015, 2016, 2018, 2021, 2022}


def test_a_year_range_limits_the_rows(record: Record, reg: Registry) -> None:
    p = panel(record, reg, 2013, 2014)
    assert {r["year"] for r in p.rows} == {2013, 2014}
    assert p.to_dict()["fields"][0]["name"] == "iso3"


def test_progress_is_called_once_per_country(record: Record, reg: Registry) -> None:
    calls: list[tuple[int, int]] = []
    panel(record, reg, 2025, 2025, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(record.countries), len(record.countries))
    assert len(calls) == len(record.countries)


def test_a_small_record_panel_is_balanced_without_guesses(
    make_record: Callable[..., Record], reg: Registry
) -> None:
    rec = make_record([("CHN", 2010, "2WL"), ("RUS", 2011, "3")], [2010, 2011], partial=[2011])
    p = panel(rec, reg)
    assert [(r["iso3"], r["year"], r["presence"], r["tier"]) for r in p.rows] == [
        ("CHN", 2010, "published", "2WL"),
        ("CHN", 2011, "off_watch_list", None),
        ("RUS", 2010, "not_ranked", None),
        ("RUS", 2011, "published", "3"),
    ]
    assert p.row("CHN", 2011)["on_watch_list"] is False
    assert p.row("CHN", 2011)["year_partial_lists"] == "1;2;special_case"


def test_a_range_outside_the_record_is_refused(record: Record, reg: Registry) -> None:
    with pytest.raises(InvalidRange, match="outside the record"):
        panel(record, reg, 1999)


def test_the_determination_columns_read_the_record_s_determinations(full) -> None:  # type: ignore[no-untyped-def]
    r = full.row("CHN", 2013)
    assert (r["determination"], r["pd_number"], r["pd_date"]) == (
        "full_waiver",
        "2013-16",
        "2013-09-17",
    )
    assert r["determination_document"] == "partial" and r["determination_codes"] == "d4_full"
    assert full.row("CHN", 2017)["determination"] == "not_seen"
    assert full.row("CHN", 2004)["determination"] is None  # not on Tier 3
    assert full.row("CHN", 2002)["determination_document"] is None  # before 7107(c) applied


def test_issue_24_s_examples(full) -> None:  # type: ignore[no-untyped-def]
    afg = full.row("AFG", 2014)  # off the Watch List: the run, and its waiver years, ended
    assert (afg["tier"], afg["waiver_years_used"], afg["tier_lag"], afg["tier_move"]) == (
        "2",
        0,
        "2WL",
        "upgrade",
    )
    assert not [
        r for r in full.rows if r["year"] < 2003 and r["sanctions_full_waiver_ks"] is not None
    ]
    assert (full.row("UZB", 2005)["region_then"], full.row("UZB", 2006)["region_then"]) == (
        "EUR",
        "SCA",
    )
    tier3_off_list = [r for r in full.rows if r["tier"] == "3" and r["clock_status"] == "off_list"]
    assert tier3_off_list and {r["auto_downgrade_derived"] for r in tier3_off_list} == {False}
    counting = [r for r in full.rows if r["clock_status"] == "counting"]
    assert {r["wl_counted_years"] for r in counting} == {1}  # status and count agree


def test_every_blank_says_why(full) -> None:  # type: ignore[no-untyped-def]
    for r, why in zip(full.rows, full.missing, strict=True):
        for f in full.fields:
            if r[f.name] is None and f.missing:
                assert why.get(f.name, "a") in f.missing, (r["iso3"], r["year"], f.name)


def test_the_provenance_flags_are_the_country_pages_own(record: Record, reg: Registry) -> None:
    """A researcher filters the panel on the same three flags the country page and
    /api/v1/countries/X/sources give each placement (issue 24): every placement's flags equal
    sources.row_source's, and a row without a placement leaves them blank (a)."""
    from tiptiers.record import packaged_disagreements, packaged_report_addresses
    from tiptiers.sources import PROVENANCE_FLAGS, row_source

    disagreements = packaged_disagreements()
    addresses = packaged_report_addresses()
    p = panel(record, reg, disagreements=disagreements)
    seen = dict.fromkeys(PROVENANCE_FLAGS, 0)
    for r in p.rows:
        placed = record.get(r["iso3"], r["year"])
        if placed is None:
            assert {r[f] for f in PROVENANCE_FLAGS} == {None}
            assert {p.why_missing(r["iso3"], r["year"], f) for f in PROVENANCE_FLAGS} == {"a"}
            continue
        src = row_source(
            r["iso3"], r["country"], r["year"], placed.tier.value, placed.source,
            addresses, disagreements,
        )
        want = src.to_dict()
        for f in PROVENANCE_FLAGS:
            assert r[f] is bool(want[f]), (r["iso3"], r["year"], f)
            seen[f] += r[f]
    assert seen["source_disagrees"] == len(
        [k for k in disagreements if record.get(*k) is not None]
    )
    assert all(seen.values()), seen  # each flag is raised somewhere in the record
