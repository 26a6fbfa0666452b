"""CSV injection: a cell that a spreadsheet would run as a formula is written with a leading
quote in every CSV the CLI and the API write; the JSON keeps the text as it is."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tiptiers.cli import main
from tiptiers.tabular import csv_text

FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start: str) -> None:
    text = csv_text([{"source": start + "1+cmd|' /C calc'!A0", "n": -3, "x": "-2.5"}])
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    assert row["source"] == "'" + start.replace("\r", "\n") + "1+cmd|' /C calc'!A0"
    assert (row["n"], row["x"]) == ("-3", "-2.5")  # numbers stay numbers


def test_an_imported_source_is_quoted_in_csv_and_kept_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "own.sqlite3")
    new = tmp_path / "2026.csv"
    with new.open("w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(
            [["iso3", "year", "tier", "source"], ["CHN", "2026", "3", FORMULA]]
        )
    assert main(["import", str(new), "--db", db]) == 0
    capsys.readouterr()

    assert main(["country", "CHN", "--format", "csv", "--db", db]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[-1]["source"] == "'" + FORMULA
    assert main(["export", "--db", db]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["source"] for r in rows if r["year"] == "2026"] == ["'" + FORMULA]
    assert main(["country", "CHN", "--format", "json", "--db", db]) == 0
    placements = json.loads(capsys.readouterr().out)["placements"]
    assert placements[-1]["source"] == FORMULA

    from tiptiers.web.app import create_app

    with TestClient(create_app(db)) as client:
        text = client.get("/api/v1/countries/CHN?format=csv").text
        assert list(csv.DictReader(io.StringIO(text)))[-1]["source"] == "'" + FORMULA
        body = client.get("/api/v1/countries/CHN").json()
        assert body["placements"][-1]["source"] == FORMULA
