"""An import never shrinks the record by accident: a file cut short is refused, a replace
that removes more than a few rows (or empties a year) shows what it would change and needs
--yes, and --dry-run shows the change and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tiptiers.cli import main
from tiptiers.importing import FEW_ROWS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, str]:
    return ("--db", str(tmp_path / "own.sqlite3"))


@pytest.fixture
def export(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: tuple[str, str]) -> Path:
    path = tmp_path / "all.csv"
    assert run(capsys, "export", "-o", str(path), *db)[0] == 0
    return path


def count(capsys: pytest.CaptureFixture[str], db: tuple[str, str]) -> int:
    code, out, _ = run(capsys, "info", "--format", "json", *db)
    assert code == 0
    return int(json.loads(out)["placements"])


def test_a_file_cut_mid_line_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: Path, db: tuple[str, str]
) -> None:
    before = count(capsys, db)
    data = export.read_bytes()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[: len(data) // 2])
    code, _, err = run(capsys, "import", str(cut), "--replace", "--yes", *db)
    assert code == 2 and err.count("\n") == 1
    assert "cut short" in err and "nothing imported" in err
    assert count(capsys, db) == before


def test_a_row_missing_its_last_columns_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: tuple[str, str]
) -> None:
    short = tmp_path / "short.csv"
    short.write_text("iso3,year,tier,source\nCHN,2026,3,TIP 2026\nRUS,2026,3\n")
    code, _, err = run(capsys, "import", str(short), *db)
    assert code == 2
    assert "line 3: 3 fields, but the header has 4: the line is cut short" in err


def test_a_replace_that_removes_rows_shows_them_and_needs_yes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: Path, db: tuple[str, str]
) -> None:
    before = count(capsys, db)
    lines = export.read_text().splitlines(keepends=True)
    half = tmp_path / "half.csv"
    half.write_text("".join(lines[: len(lines) // 2]))  # whole lines: a valid file
    code, out, err = run(capsys, "import", str(half), "--replace", *db)
    assert code == 2 and out == ""
    *plan, last = err.splitlines()
    assert plan[0].endswith("what the import would change")
    assert any(line.strip().startswith("2017: ") and "removed" in line for line in plan)
    assert "--yes" in last and "would remove" in last
    assert count(capsys, db) == before
    code, _, err = run(capsys, "import", str(half), "--replace", "--yes", *db)
    assert code == 0, err
    assert count(capsys, db) == len(lines) // 2 - 1


def test_a_replace_that_changes_a_few_rows_needs_no_yes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: tuple[str, str]
) -> None:
    code, out, _ = run(capsys, "year", "2017", "--format", "csv", *db)
    rows = out.splitlines()
    few = tmp_path / "2017.csv"
    few.write_text("\n".join(rows[:-FEW_ROWS]) + "\n")  # FEW_ROWS rows fewer
    code, _, err = run(capsys, "import", str(few), "--replace", *db)
    assert code == 0, err


def test_dry_run_shows_the_change_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: tuple[str, str]
) -> None:
    before = count(capsys, db)
    page = tmp_path / "tiers.txt"
    page.write_text("TIER 1\nCanada\n\nTIER 3\nChina\n")
    code, out, _ = run(capsys, "import", str(page), "--year", "2017", "--dry-run", *db)
    assert code == 0
    assert "2017: " in out and "Dry run: nothing was written." in out
    code, out, _ = run(
        capsys, "import", str(page), "--year", "2017", "--dry-run", "--format", "json", *db
    )
    plan = json.loads(out)
    assert plan["dry_run"] is True and plan["needs_confirmation"] is True
    (year,) = plan["years"]
    assert year["year"] == 2017 and year["after"] == 2 and "CAN" not in year["removed"]
    assert count(capsys, db) == before
