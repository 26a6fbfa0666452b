"""`tiptiers export --panel`: the panel on stdout, or a Data Package in a folder."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tiptiers.analysis.panel import PANEL_COLUMNS
from tiptiers.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_panel_csv_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "--panel", "--from", "2013", "--to", "2013")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == PANEL_COLUMNS
    china = next(r for r in rows if r["iso3"] == "CHN")
    assert (china["tier"], china["auto_downgrade"], china["waiver_years_used"]) == (
        "3",
        "true",
        "0",
    )


def test_panel_json_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--panel", "-f", "json", "--from", "2025")
    assert code == 0
    rows = json.loads(out)
    assert {r["year"] for r in rows} == {2025}


def test_panel_package_in_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_dir = tmp_path / "panel"
    code, out, err = run(
        capsys, "export", "--panel", "-o", str(out_dir), "--panel-formats", "csv,dta", "-q"
    )
    assert code == 0, err
    assert f"Wrote {out_dir / 'datapackage.json'}" in out
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "codebook.md",
        "datapackage.json",
        "tiptiers-panel.csv",
        "tiptiers-panel.dta",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export", "--from", "2013"), "--from applies only with --panel"),
        (("export", "--panel", "--panel-formats", "csv"), "--panel-formats needs -o DIR"),
        (("export", "--panel", "-f", "table"), "comes as csv or json"),
        (("export", "--panel", "--from", "1999"), "outside the record"),
        (("export", "--panel", "-o", "{tmp}/nope/deeper"), "no such directory"),
        (("export", "--panel", "-o", "{tmp}/x", "--panel-formats", "xlsx"), "use csv, parquet"),
    ],
)
def test_bad_panel_requests_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert code == 2
    assert message in err and err.count("\n") == 1 and out == ""
    assert list(tmp_path.iterdir()) == []


def test_heavy_libraries_load_only_when_the_panel_is_written() -> None:
    """pandas and pyarrow cost start-up time: importing the commands, the API and the web
    routers that offer the panel must not load them."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import tiptiers.api, tiptiers.cli.query, tiptiers.cli.analysis\n"
        "import tiptiers.analysis.panel, tiptiers.report.panel, tiptiers.web.rest.research\n"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- sanctions-applied ------------------------------------------------------------------------
def test_sanctions_applied_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sanctions-applied", "--from", "2023", "--to", "2023", "-f", "json")
    assert code == 0
    (year,) = json.loads(out)["years"]
    assert (year["pd_number"], year["document"], year["tier3"]) == ("2023-14", "complete", 24)
    code, out, _ = run(capsys, "sanctions-applied", "--from", "2017", "--to", "2017", "-f", "csv")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["document"] == "partial" and int(row["not_seen"]) > 0
    assert int(row["full_restrictions"]) == 0  # never counted where the text stops early


def test_sanctions_applied_table_and_chart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    chart = tmp_path / "applied.png"
    code, out, err = run(capsys, "sanctions-applied", "--from", "2021", "--chart", str(chart))
    assert code == 0, err
    assert "Sanctions applied to Tier 3 governments, 2021–2025 reports" in out
    assert chart.read_bytes().startswith(b"\x89PNG") and f"Wrote {chart}" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("sanctions-applied", "--from", "2002"), "begin with the 2003 report"),
        (("sanctions-applied", "--chart", "{tmp}/chart.gif"), "cannot tell the format"),
        (("sanctions-applied", "--chart", "{tmp}/no/chart.png"), "no such directory"),
    ],
)
def test_bad_sanctions_applied_requests_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert code == 2 and message in err and err.count("\n") == 1 and out == ""


# -- where -o writes (issues 23 and 27) -------------------------------------------------------
@pytest.mark.parametrize("suffix", ["csv", "json", "dta", "parquet", "zip"])
def test_panel_to_one_file_named_by_its_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"x.{suffix}"
    code, out, err = run(capsys, "export", "--panel", "--from", "2025", "-o", str(target), "-q")
    assert code == 0, err
    assert target.is_file() and list(tmp_path.iterdir()) == [target]
    assert out == f"Wrote {target}\n"
    head = target.read_bytes()[:4]
    assert {"csv": b"iso3", "json": b"[\n {", "parquet": b"PAR1", "zip": b"PK\x03\x04"}.get(
        suffix, head
    ) == head


def test_dash_is_stdout_and_empty_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "export", "--panel", "--from", "2025", "-o", "-")
    assert code == 0 and out.startswith("iso3,year,")
    code, out, _ = run(capsys, "export", "-o", "-", "-f", "json")
    assert code == 0 and json.loads(out)
    for args in (("export", "--panel", "-o", ""), ("export", "-o", "")):
        code, out, err = run(capsys, *args)
        assert code == 2 and "-o is empty" in err and out == ""
    assert list(tmp_path.iterdir()) == []  # neither a folder named '-' nor files in cwd


def test_a_file_name_and_another_format_disagree(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", "--panel", "-o", str(tmp_path / "p.csv"), "-f", "json")
    assert code == 2 and "names a csv file but --format says json" in err
    assert list(tmp_path.iterdir()) == []


def test_a_codebook_of_ones_own_is_not_overwritten_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mine = tmp_path / "codebook.md"
    mine.write_text("my notes\n")
    args = ("export", "--panel", "--from", "2025", "-o", str(tmp_path), "-q")
    code, out, err = run(capsys, *args, "--panel-formats", "csv")
    assert code == 2 and "codebook.md is not from a tiptiers panel export" in err and out == ""
    assert mine.read_text() == "my notes\n" and len(list(tmp_path.iterdir())) == 1
    code, _, err = run(capsys, *args, "--panel-formats", "csv", "--force")
    assert code == 0, err
    assert mine.read_text().startswith("# tiptiers panel: codebook")


def test_an_earlier_export_is_replaced_and_its_extra_files_removed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = ("export", "--panel", "--from", "2025", "-o", str(tmp_path), "-q")
    assert run(capsys, *args)[0] == 0
    assert len(list(tmp_path.iterdir())) == 5
    code, _, err = run(capsys, *args, "--panel-formats", "csv")  # re-export: no --force needed
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "codebook.md",
        "datapackage.json",
        "tiptiers-panel.csv",
    ]  # the .dta and .parquet of the earlier export would describe other rows
    with (tmp_path / "codebook.md").open("a") as f:
        f.write("edited\n")
    code, _, err = run(capsys, *args)
    assert code == 2 and "changed since" in err
