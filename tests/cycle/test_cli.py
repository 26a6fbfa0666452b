"""``tiptiers cycle`` and ``tiptiers users`` as a user meets them: a cycle run from the
command line, exit 2 and one line for bad input, exit 1 naming a broken event."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tiptiers import api
from tiptiers.cli import main


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("TIPTIERS_DATABASE_URL", str(path))
    monkeypatch.delenv("TIPTIERS_USER", raising=False)
    api.use_database(None)
    yield path
    api.use_database(None)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 0, err
    return out


def test_a_cycle_from_the_command_line(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    ok(capsys, "users", "add", "adm")
    assert "Opened cycle 1" in ok(
        capsys, "cycle", "new", "2026", "--name", "Shadow", "--countries", "THA,COG", "-u", "adm"
    )
    ok(capsys, "users", "add", "ana", "--role", "analyst", "--cycle", "1", "--user", "adm")
    for role in ("reviewer", "decider"):
        ok(capsys, "cycle", "member", "1", "adm", role, "-u", "adm")
    out = ok(
        capsys, "cycle", "assess", "1", "Thailand", "--set", "fully_complies=false", "-u", "ana"
    )
    assert "a finding on making_significant_efforts" in out
    ok(
        capsys,
        "cycle",
        "assess",
        "1",
        "THA",
        "--set",
        "making_significant_efforts=false",
        "-u",
        "ana",
    )
    ok(
        capsys,
        "cycle",
        "evidence",
        "1",
        "THA",
        "--fact",
        "making_significant_efforts",
        "--title",
        "Court data",
        "--date",
        "2025-05-01",
        "-u",
        "ana",
    )
    assert "recommended Tier 3; the facts support Tier 3" in ok(
        capsys, "cycle", "recommend", "1", "THA", "3", "--justification", "no efforts", "-u", "ana"
    )
    ok(capsys, "cycle", "review", "1", "THA", "clear", "--text", "agreed", "-u", "adm")
    out = ok(capsys, "cycle", "decide", "1", "THA", "3", "-u", "adm")
    assert "final Tier 3" in out and "45-90 days after the planned release" in out
    data = json.loads(ok(capsys, "cycle", "show", "1", "-u", "adm", "-f", "json"))
    assert {b["iso3"]: b["final_tier"] for b in data["board"]} == {"THA": "3", "COG": None}
    assert "chain intact" in ok(capsys, "cycle", "verify", "1")
    hist = json.loads(
        ok(
            capsys,
            "cycle",
            "history",
            "1",
            "THA",
            "--field",
            "making_significant_efforts",
            "-u",
            "adm",
            "-f",
            "json",
        )
    )
    assert [(e["actor"], e["action"]) for e in hist] == [("ana", "fact"), ("ana", "evidence")]
    ok(capsys, "cycle", "export", "1", "-u", "adm", "-o", str(tmp_path / "c.json"))
    assert "Imported as cycle 2" in ok(
        capsys, "cycle", "import", str(tmp_path / "c.json"), "--name", "Copy", "-u", "adm"
    )
    # someone edits event 5 in the file: verify names it and exits 1
    db = sqlite3.connect(database)
    db.execute("DROP TRIGGER cycle_events_no_update")
    db.execute("UPDATE cycle_events SET reason = 'changed' WHERE cycle_id = 1 AND seq = 5")
    db.commit()
    db.close()
    code, out, err = run(capsys, "cycle", "verify", "1")
    assert code == 1 and "broken at event 5" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cycle", "show", "9", "-u", "adm"), "No cycle 9"),
        (
            ("cycle", "assess", "1", "Atlantis", "--set", "fully_complies=false", "-u", "adm"),
            "Unknown country 'Atlantis'",
        ),
        (
            ("cycle", "evidence", "1", "THA", "--fact", "fully_complies", "-u", "adm"),
            "Evidence without a source",
        ),
        (
            (
                "cycle",
                "evidence",
                "1",
                "THA",
                "--fact",
                "fully_complies",
                "--title",
                "x",
                "--date",
                "2025-02-30",
                "-u",
                "adm",
            ),
            "is not a date",
        ),
        (
            ("cycle", "assess", "1", "THA", "--set", "fully_complies", "-u", "adm"),
            "write NAME=VALUE",
        ),
        (("cycle", "decide", "1", "THA", "3", "-u", "adm"), "may not decide"),
        (("cycle", "new", "2026", "--name", "x", "--countries", "THA"), "Say who you are"),
        (("cycle", "import", "/dev/zero", "-u", "adm"), "too large for a cycle export"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    ok(capsys, "users", "add", "adm")
    ok(capsys, "cycle", "new", "2026", "--name", "Shadow", "--countries", "THA", "-u", "adm")
    ok(capsys, "cycle", "member", "1", "adm", "analyst", "-u", "adm")
    code, _out, err = run(capsys, *args)
    assert code == 2 and message in err and err.count("\n") == 1, err


def test_a_malformed_bundle_is_refused_with_nothing_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(capsys, "users", "add", "adm")
    for text, message in (
        ("{", "not JSON"),
        ('{"format": "tiptiers-cycle"}', "not a tiptiers cycle export"),
    ):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        code, _out, err = run(capsys, "cycle", "import", "-", "-u", "adm")
        assert code == 2 and message in err and err.count("\n") == 1
    assert json.loads(ok(capsys, "cycle", "list", "-u", "adm", "-f", "json")) == []


def test_the_draft_report_as_html_and_pdf(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ok(capsys, "users", "add", "adm")
    ok(capsys, "cycle", "new", "2026", "--name", "Shadow", "--countries", "THA", "-u", "adm")
    for role in ("analyst", "reviewer", "decider"):
        ok(capsys, "cycle", "member", "1", "adm", role, "-u", "adm")
    ok(
        capsys,
        "cycle",
        "assess",
        "1",
        "THA",
        "--set",
        "fully_complies=false",
        "--set",
        "making_significant_efforts=false",
        "-u",
        "adm",
    )
    ok(
        capsys,
        "cycle",
        "evidence",
        "1",
        "THA",
        "--fact",
        "making_significant_efforts",
        "--title",
        "Court <data>",
        "--url",
        "https://example.org/c",
        "--quote",
        "no convictions",
        "-u",
        "adm",
    )
    ok(
        capsys,
        "cycle",
        "recommend",
        "1",
        "THA",
        "3",
        "--justification",
        "no efforts at all",
        "-u",
        "adm",
    )
    ok(capsys, "cycle", "decide", "1", "THA", "3", "-u", "adm")
    assert "1 placements" in ok(
        capsys, "cycle", "publish", "1", "--report", str(tmp_path / "draft.html"), "-u", "adm"
    )
    page = (tmp_path / "draft.html").read_text()
    assert (
        "no efforts at all" in page
        and "Court &lt;data&gt;" in page
        and "between 2026-08-14 and 2026-09-28" in page
    )
    ok(capsys, "cycle", "report", "1", "-o", str(tmp_path / "draft.pdf"))
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "draft.pdf").pages)
    assert "Thailand" in text and "no convictions" in text
    code, _out, err = run(capsys, "cycle", "report", "1", "-o", str(tmp_path / "draft.docx"))
    assert code == 2 and "as .html or .pdf" in err
    placements = json.loads(ok(capsys, "cycle", "placements", "1", "-f", "json"))
    assert (
        placements["source"] == "cycle 1: Shadow (2026)"
        and placements["placements"][0]["tier"] == "3"
    )
    ok(capsys, "cycle", "map", "1", "-o", str(tmp_path / "cycle.svg"))
    svg = (tmp_path / "cycle.svg").read_text()
    assert "cycle 1: Shadow (2026)" in svg and "not the State Department" in svg
