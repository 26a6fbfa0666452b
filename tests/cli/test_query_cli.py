"""The query commands as a user meets them: output contracts and one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tiptiers.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_country_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "country", "CHN", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["iso3"], data["name"]) == ("CHN", "China")
    years = [p["year"] for p in data["placements"]]
    assert years == sorted(years)
    assert {"year": 2013, "tier": "3"}.items() <= data["placements"][12].items()


def test_country_by_alias_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "country", "Myanmar")
    assert code == 0
    assert "Burma (MMR)" in out and "Tier 3" in out


def test_year_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "year", "2017", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list) and len(rows) == 188
    assert set(rows[0]) == {"iso3", "name", "year", "tier"}
    tier3 = {r["iso3"] for r in rows if r["tier"] == "3"}
    assert {"CHN", "RUS", "PRK"} <= tier3


def test_year_table_says_partial(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "year", "2019")
    assert code == 0
    assert "partial" in out and "not the report's totals" in " ".join(out.split())


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_partial_year_in_json_or_csv_says_so_on_stderr(
    capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """The data keep the API's shape; the note goes to stderr, one line."""
    code, out, err = run(capsys, "year", "2019", "--format", fmt)
    assert code == 0 and "partial" not in out
    assert err.startswith("tiptiers: note: The 2019 record is partial") and err.count("\n") == 1
    # a year short of its printed counts says so too (its lists were compiled whole)
    code, out, err = run(capsys, "year", "2004", "--format", fmt)
    assert code == 0 and err.startswith("tiptiers: note: The 2004 record may be missing")
    code, out, err = run(capsys, "year", "2015", "--format", fmt)  # matches what was printed
    assert code == 0 and err == ""


def test_year_with_tier_filter_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "year", "2013", "--tier", "3", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 21 and all(r["tier"] == "3" for r in rows)


def test_changes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "changes", "2013", "--format", "json")
    assert code == 0
    data = json.loads(out)
    downs = {c["iso3"] for c in data["changes"] if c["kind"] == "downgrade"}
    assert {"CHN", "RUS", "UZB"} <= downs


def test_countries_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "countries", "korea", "--format", "json")
    assert code == 0
    assert {c["iso3"] for c in json.loads(out)} >= {"PRK", "KOR"}


def test_export_csv_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4193
    assert list(rows[0])[:4] == ["iso3", "country", "year", "tier"]
    keys = {(r["iso3"], r["year"]) for r in rows}
    assert len(keys) == 4193


def test_export_to_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    code, _, err = run(capsys, "export", "--format", "json", "-o", str(target))
    assert code == 0 and "Wrote 4193 placements" in err
    assert len(json.loads(target.read_text())) == 4193


def test_info(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "info", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["placements"] == 4193
    assert data["database"].startswith("SQLite file")
    y2019 = next(c for c in data["coverage"] if c["year"] == 2019)
    assert y2019["partial"] is True and "3" in y2019["complete_lists"]
    for year in (2018, 2025):  # whole-report transcriptions since the 2026-12 re-import
        complete = next(c for c in data["coverage"] if c["year"] == year)
        assert complete["partial"] is False


# -- bad input: one line on stderr, exit 2, pinned messages ------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("country", "Chna"), "tiptiers: Unknown country 'Chna'. Did you mean: China?\n"),
        (("year", "1999"), "tiptiers: No report for 1999 in the record: it covers 2001–2025.\n"),
        (("changes", "2031"), "tiptiers: No report for 2031 in the record: it covers 2001–2025.\n"),
        (
            ("year", "2017", "--tier", "5"),
            "tiptiers: Unknown tier '5': use one of 1, 2, 2WL, 3, special_case"
            " (or 'Tier 2 Watch List', 'Special Case').\n",
        ),
        (
            ("year", "2017", "--region", "Mars"),
            "tiptiers: Unknown region 'Mars': use one of AF (Africa), EAP (East Asia and"
            " Pacific), EUR (Europe and Eurasia), NEA (Near East), SCA (South and Central"
            " Asia), WHA (Western Hemisphere).\n",
        ),
    ],
)
def test_bad_input_is_one_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert err == message
    assert out == ""


def test_import_of_a_bad_file_lists_each_bad_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("iso3,year,tier\nCHN,2026,2\nXXX,2026,2\nRUS,2026,9\n")
    db = ("--db", str(tmp_path / "own.sqlite3"))
    before = run(capsys, "export", "--format", "csv", *db)[1]
    code, _, err = run(capsys, "import", str(bad), *db)
    assert code == 2
    assert err.count("\n") == 1
    assert "line 3" in err and "line 4" in err and "nothing imported" in err
    assert run(capsys, "export", "--format", "csv", *db)[1] == before


def test_import_text_then_refuses_again_without_replace(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "tiers-2026.txt"
    page.write_text("TIER 1\nCanada\n\nTIER 2 WATCH LIST\nKorea, North\n\nTIER 3\nChina\n")
    db = ("--db", str(tmp_path / "own.sqlite3"))
    code, out, err = run(capsys, "import", str(page), "--year", "2026", *db)
    assert code == 0, err
    code, out, _ = run(capsys, "year", "2026", "--format", "json", *db)
    assert {(r["iso3"], r["tier"]) for r in json.loads(out)} == {
        ("CAN", "1"),
        ("PRK", "2WL"),
        ("CHN", "3"),
    }
    code, _, err = run(capsys, "import", str(page), "--year", "2026", *db)
    assert code == 2 and "--replace" in err
    code, _, err = run(capsys, "import", str(page), "--year", "2026", "--replace", *db)
    assert code == 0, err


def test_missing_import_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "nope.csv"))
    assert code == 2
    assert err == f"tiptiers: {tmp_path / 'nope.csv'}: no such file.\n"
