"""The panel as a Frictionless Data Package: `frictionless validate` passes on it, and the
CSV, Parquet and Stata files hold the same rows."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tiptiers.analysis.panel import PANEL_COLUMNS, Panel, panel
from tiptiers.countries import registry
from tiptiers.errors import BadInput
from tiptiers.record import packaged_record
from tiptiers.report import panel as files

FILES = {
    "tiptiers-panel.csv",
    "tiptiers-panel.parquet",
    "tiptiers-panel.dta",
    "codebook.md",
    "datapackage.json",
}


def validate(folder: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """Run `frictionless validate datapackage.json --json` in ``folder``."""
    run = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "datapackage.json", "--json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return run, json.loads(run.stdout)


@pytest.fixture(scope="module")
def small() -> Panel:
    return panel(packaged_record(), registry(), 2012, 2014)


@pytest.fixture(scope="module")
def package(small: Panel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pkg") / "panel"
    files.write_panel(small, out)
    return out


def test_the_package_has_every_file(package: Path) -> None:
    assert {p.name for p in package.iterdir()} == FILES


def test_frictionless_validate_passes_on_the_package(package: Path) -> None:
    run, report = validate(package)
    assert report["valid"] is True, report["errors"] or report["tasks"]
    assert run.returncode == 0
    tasks = {t["place"]: t for t in report["tasks"]}
    assert set(tasks) == FILES - {"datapackage.json"}
    assert tasks["tiptiers-panel.csv"]["type"] == "table"  # checked against its schema
    assert (
        tasks["tiptiers-panel.csv"]["stats"]["rows"]
        == len((package / "tiptiers-panel.csv").read_text().splitlines()) - 1
    )


def test_frictionless_catches_a_cell_that_breaks_the_schema(small: Panel, tmp_path: Path) -> None:
    """The validation test can fail: a tier outside the codebook's values is an error."""
    rows = list(small.rows)
    rows[0] = {**rows[0], "tier": "4"}
    bad = Panel(small.start, small.end, tuple(rows))
    files.write_panel(bad, tmp_path, ("csv",))
    run, report = validate(tmp_path)
    assert report["valid"] is False
    assert "constraint-error" in run.stdout


def test_the_descriptor_describes_every_column_and_file(package: Path, small: Panel) -> None:
    meta = json.loads((package / "datapackage.json").read_text())
    res = {r["path"]: r for r in meta["resources"]}
    schema = res["tiptiers-panel.csv"]["schema"]
    assert [f["name"] for f in schema["fields"]] == list(PANEL_COLUMNS)
    assert all(f["description"] for f in schema["fields"])
    assert schema["primaryKey"] == ["iso3", "year"]
    for name, r in res.items():
        assert r["bytes"] == (package / name).stat().st_size


def test_stata_and_parquet_hold_the_csv_s_rows(package: Path, small: Panel) -> None:
    import pandas as pd

    with (package / "tiptiers-panel.csv").open(encoding="utf-8") as f:
        csv_rows = list(csv.DictReader(f))
    dta = pd.read_stata(package / "tiptiers-panel.dta")  # labels as categories, dates
    pq = pd.read_parquet(package / "tiptiers-panel.parquet")
    assert len(csv_rows) == len(dta) == len(pq) == len(small.rows)
    assert list(dta.columns) == list(pq.columns) == list(PANEL_COLUMNS)
    china = small.row("CHN", 2013)
    d = dta[(dta.iso3 == "CHN") & (dta.year == 2013)].iloc[0]
    assert (d.tier, d.tier_ordinal, d.presence, d.region, d.auto_downgrade) == (
        "3",
        "Tier 3",
        "published",
        "EAP",
        "true",
    )
    assert d.waiver_years_used == 0 and d.release_date == pd.Timestamp("2013-06-19")
    q = pq[(pq.iso3 == "CHN") & (pq.year == 2013)].iloc[0]
    assert (q.tier, q.wl_counted_years, bool(q.auto_downgrade_derived)) == ("3", 4, True)
    assert china["country"] == d.country == q.country
    reader = pd.io.stata.StataReader(package / "tiptiers-panel.dta")
    with reader:
        labels = reader.variable_labels()
        values = reader.value_labels()
    assert labels["wl_streak"] == "Consecutive Watch List years up to this one"
    assert values["tier_ordinal"][4] == "Tier 3"
    assert values["determination"][1] == "full_restrictions"
    assert values["presence"] == {
        1: "published",
        2: "off_watch_list",
        3: "not_ranked",
        4: "not_published",
    }


def test_stata_blanks_say_why_they_are_blank(package: Path, small: Panel) -> None:
    """Every blank of a numeric or labelled column is .a, .b or .c as the panel says, cell by
    cell; every value is the CSV's."""
    import pandas as pd
    from pandas.io.stata import StataMissingValue

    codes = pd.read_stata(
        package / "tiptiers-panel.dta",
        convert_missing=True,
        convert_categoricals=False,
        convert_dates=False,
    )
    seen: set[str] = set()
    for i, row in enumerate(small.rows):
        for f in small.fields:
            if f.type not in ("integer", "boolean") and not (f.type == "string" and f.enum):
                continue
            cell = codes[f.name].iloc[i]
            if row[f.name] is None:
                assert isinstance(cell, StataMissingValue), (row["iso3"], row["year"], f.name)
                want = "." + small.missing[i].get(f.name, "a")
                assert cell.string == want, (row["iso3"], row["year"], f.name)
                assert want[1] in f.missing or want == ".a", (f.name, want)
                seen.add(want)
            else:
                assert not isinstance(cell, StataMissingValue), (row["iso3"], f.name)
    assert seen == {".a", ".b", ".c"}


def test_the_codebook_lists_every_column(package: Path) -> None:
    text = (package / "codebook.md").read_text()
    for c in PANEL_COLUMNS:
        assert f"| `{c}` |" in text


def test_chosen_formats_only(small: Panel, tmp_path: Path) -> None:
    written = files.write_panel(small, tmp_path / "x", files.parse_formats("dta, csv"))
    assert [p.name for p in written] == [
        "tiptiers-panel.csv",
        "tiptiers-panel.dta",
        "codebook.md",
        "datapackage.json",
    ]


@pytest.mark.parametrize("text", ["xls", "", "csv,json"])
def test_an_unknown_format_is_one_line(text: str) -> None:
    with pytest.raises(BadInput, match="use csv, parquet or dta"):
        files.parse_formats(text)


def test_an_unwritable_place_is_refused_before_any_work(small: Panel, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(BadInput, match="not a directory"):
        files.write_panel(small, target)
    with pytest.raises(BadInput, match="no such directory"):
        files.write_panel(small, tmp_path / "a" / "b")


def test_a_failure_leaves_no_half_written_package(
    small: Panel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_: Panel) -> bytes:
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(files.WRITERS, "dta", broken)
    with pytest.raises(RuntimeError):
        files.write_panel(small, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert list(tmp_path.iterdir()) == []


def test_the_zip_holds_the_package(small: Panel) -> None:
    import io
    import zipfile

    data = files.zip_bytes(files.package_files(small, ("csv",)))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sorted(names) == sorted(
        f"tiptiers-panel/{n}" for n in ("tiptiers-panel.csv", "codebook.md", "datapackage.json")
    )


def test_docs_panel_md_has_the_code_s_codebook(small: Panel) -> None:
    docs = (Path(__file__).parents[2] / "docs" / "PANEL.md").read_text(encoding="utf-8")
    table = files.codebook_reference(small.fields)
    assert table in docs, "docs/PANEL.md: paste the table of codebook_markdown() again"
