"""Importing into the store, on SQLite and PostgreSQL: new years, YearExists, --replace,
failures that write nothing, a report's tier page, and export → import round trips."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tiptiers.countries import registry
from tiptiers.errors import ImportRejected, StoreError, YearExists
from tiptiers.importing import parse_csv, parse_tier_text
from tiptiers.model import Placement, Record, Roles, Tier
from tiptiers.queries.export import EXPORT_COLUMNS, export_rows
from tiptiers.record import packaged_record
from tiptiers.store import Store
from tiptiers.store.packaged import seed_name

NEW_YEAR = packaged_record().last_year + 1  # a year the packaged record lacks

PAGE = """\
TIER PLACEMENTS
TIER 1
Australia\tCanada
TIER 2
Cote d'Ivoire, Ghana
TIER 2 WATCH LIST
Algeria
TIER 3
Korea, North
Iran   Russia
SPECIAL CASES
Libya
"""


def export_csv(record: Record) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(export_rows(record, registry()))
    return out.getvalue()


def snapshot(store: Store) -> tuple[Record, int, bytes | None]:
    """What must not change when an import fails: the record, the revision, the file."""
    path = store._target.sqlite_path
    data = Path(path).read_bytes() if path else None
    store._cache = None
    return store.record(), store.revision(), data


def test_csv_import_of_a_new_year(store_url: str) -> None:
    text = (
        "iso3,year,tier,role_origin,role_transit,role_destination\n"
        f"CHN,{NEW_YEAR},3,true,false,true\n"
        f"France,{NEW_YEAR},1,,,\n"
    )
    with Store.open(store_url) as store:
        result = store.import_parsed(parse_csv(text, "new.csv"))
        assert result.to_dict() == {
            "source": "new.csv",
            "years": [NEW_YEAR],
            "inserted": 2,
            "replaced": 0,
            "new_years": [NEW_YEAR],
            "revision": 2,
            "message": f"Imported 2 placements for {NEW_YEAR} from new.csv; {NEW_YEAR} added to "
            "the record with every list marked incomplete.",
        }
        record = store.record()
        assert store.revision() == 2
        assert len(record) == 4193 + 2
        assert record.get("CHN", NEW_YEAR) == Placement("CHN", NEW_YEAR, Tier.T3, "new.csv")
        assert record.get("FRA", NEW_YEAR) == Placement("FRA", NEW_YEAR, Tier.T1, "new.csv")
        assert record.roles["CHN"] == Roles(True, False, True)
        assert record.roles["FRA"] == packaged_record().roles.get("FRA", Roles())
        cov = record.coverage[NEW_YEAR]
        assert cov.note == "imported from new.csv"
        assert cov.partial and not any(cov.complete.values())
        for year in packaged_record().years:  # other years untouched
            assert record.year(year) == packaged_record().year(year)
            assert record.coverage[year] == packaged_record().coverage[year]
        assert [e["name"] for e in store.imports()] == [seed_name(), "new.csv"]
    with Store.open(store_url) as again:  # it is really in the database
        assert again.record() == record


def test_existing_year_without_replace_writes_nothing(store_url: str) -> None:
    text = "iso3,year,tier\nCHN,2019,1\nCHN,2020,1\nCHN,{NEW},1\n".replace("{NEW}", str(NEW_YEAR))
    with Store.open(store_url) as store:
        before = snapshot(store)
        with pytest.raises(YearExists) as info:
            store.import_parsed(parse_csv(text, "over.csv"))
        assert info.value.message == (
            "over.csv: the database already has placements for 2019–2020; "
            "pass --replace to replace those years."
        )
        assert snapshot(store) == before
        with pytest.raises(YearExists, match="for 2019; pass --replace to replace that year"):
            store.import_parsed(parse_csv("iso3,year,tier\nCHN,2019,1\n", "one.csv"))
        assert snapshot(store) == before


def test_replace_swaps_whole_years(store_url: str) -> None:
    text = "iso3,year,tier,source\nCHN,2019,1,mine\nKorea, South,2019,3,mine\n".replace(
        "Korea, South", '"Korea, South"'
    )
    old_2019 = packaged_record().year(2019)
    with Store.open(store_url) as store:
        result = store.import_parsed(parse_csv(text, "r.csv"), replace=True)
        assert (result.inserted, result.replaced, result.new_years) == (2, len(old_2019), ())
        assert result.summary() == (
            f"Imported 2 placements for 2019 from r.csv, replacing {len(old_2019)} existing rows."
        )
        record = store.record()
        assert record.year(2019) == [
            Placement("CHN", 2019, Tier.T1, "mine"),
            Placement("KOR", 2019, Tier.T3, "mine"),
        ]
        assert record.coverage[2019] == packaged_record().coverage[2019]  # coverage kept
        assert len(record) == 4193 - len(old_2019) + 2
        for year in packaged_record().years:
            if year != 2019:
                assert record.year(year) == packaged_record().year(year)


def test_a_failure_halfway_rolls_everything_back(store_url: str) -> None:
    with Store.open(store_url) as store:
        before = snapshot(store)
        bad = Placement("CHN", 2019, "9")  # type: ignore[arg-type]  # the CHECK rejects it
        good = Placement("FRA", NEW_YEAR, Tier.T1)
        with pytest.raises(StoreError) as info:
            # replace=True: 2019 is deleted, then the insert fails
            store.import_rows([good, bad], {"CHN": Roles(False, False, False)}, {2019}, True,
                              source_name="half.csv")
        assert "importing half.csv (nothing was written) failed" in info.value.message
        assert "\n" not in info.value.message
        assert snapshot(store) == before


def test_a_rejected_file_never_reaches_the_database(store_url: str) -> None:
    with Store.open(store_url) as store:
        before = snapshot(store)
        with pytest.raises(ImportRejected):
            store.import_parsed(parse_csv("iso3,year,tier\nCHN,2019,1\nXXX,2019,1\n", "b.csv"))
        assert snapshot(store) == before


def test_tier_page_import(store_url: str) -> None:
    with Store.open(store_url) as store:
        result = store.import_parsed(parse_tier_text(PAGE, NEW_YEAR, "tip.txt"))
        assert (result.inserted, result.new_years) == (9, (NEW_YEAR,))
        record = store.record()
        assert {p.iso3: p.tier for p in record.year(NEW_YEAR)} == {
            "AUS": Tier.T1,
            "CAN": Tier.T1,
            "CIV": Tier.T2,
            "GHA": Tier.T2,
            "DZA": Tier.T2WL,
            "PRK": Tier.T3,
            "IRN": Tier.T3,
            "RUS": Tier.T3,
            "LBY": Tier.SPECIAL_CASE,
        }
        assert record.coverage[NEW_YEAR].note == "imported from tip.txt"
        # the same page again: the year exists now
        with pytest.raises(YearExists):
            store.import_parsed(parse_tier_text(PAGE, NEW_YEAR, "tip.txt"))
        again = store.import_parsed(parse_tier_text(PAGE, NEW_YEAR, "tip.txt"), replace=True)
        assert (again.inserted, again.replaced, again.new_years) == (9, 9, ())
        assert store.record() == record
        assert store.revision() == 3


def test_round_trip_of_the_seeded_record(store_url: str) -> None:
    """Export the seeded record, import it with --replace: the record is unchanged."""
    with Store.open(store_url) as store:
        parsed = parse_csv(export_csv(store.record()), "export.csv")
        assert len(parsed) == 4193
        result = store.import_parsed(parsed, replace=True)
        assert result.replaced == result.inserted == 4193
        store._cache = None
        assert store.record() == packaged_record()


def test_round_trip_into_a_fresh_database(store_url: str, tmp_path: Path) -> None:
    """A changed record, exported and imported into a new database, comes back the same."""
    with Store.open(store_url) as first:
        first.import_parsed(parse_tier_text(PAGE, NEW_YEAR, "tip.txt"))
        first.import_parsed(
            parse_csv(
                "iso3,year,tier,waiver,role_origin,role_transit,role_destination\n"
                "CHN,2019,2WL,true,false,,true\n",
                "fix.csv",
            ),
            replace=True,
        )
        original = first.record()
    exported = export_csv(original)
    with Store.open(str(tmp_path / "fresh.sqlite3")) as fresh:
        fresh.import_parsed(parse_csv(exported, "export.csv"), replace=True)
        copy = fresh.record()
    assert copy.placements == original.placements
    assert copy.roles == original.roles
    assert copy.roles["CHN"] == Roles(False, None, True)
    assert set(copy.coverage) == set(original.coverage)
    for year, cov in original.coverage.items():
        if year == NEW_YEAR:  # a year new to each database notes the file that brought it
            assert copy.coverage[year].complete == cov.complete
            assert copy.coverage[year].note == "imported from export.csv"
        else:
            assert copy.coverage[year] == cov
    assert export_csv(copy) == exported
