"""What a reader sees in the CLI's tables: words, not the codes the JSON and CSV keep
(issue 23, item 4), the version, and ``export -f table``."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tiptiers.cli import main
from tiptiers.version import __version__

CODES = re.compile(r"\b(downgrade_mandatory|relisting_barred|off_list|waiver_needed|V20\d\d)\b")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_the_version(capsys: pytest.CaptureFixture[str], flag: str) -> None:
    assert run(capsys, flag) == (0, f"tiptiers {__version__}\n", "")


def test_the_version_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "--version" in out


def test_the_clock_table_says_what_the_law_required_in_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "clock", "2023")
    assert code == 0
    text = " ".join(out.split())
    assert "could not stay on the" in text and not CODES.search(out)
    # the CSV keeps the codes, for programs
    code, out, _ = run(capsys, "clock", "2023", "--format", "csv")
    assert "downgrade_mandatory" in out


def test_explain_names_the_law_and_the_clock_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    """Aruba 2023 was upgraded: the law barred another Watch List year, not an upgrade."""
    code, out, _ = run(capsys, "explain", "Aruba", "2023")
    assert code == 0
    text = " ".join(out.split())
    assert "Law: the TVPA as amended" in text
    assert "could not stay on the Watch List" in text
    assert not CODES.search(out) and "published_placement" not in out


def test_export_as_a_table_is_a_table_not_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "-f", "table")
    assert code == 0
    assert "iso3,country" not in out
    head = out.splitlines()[:4]
    assert any("Year" in h and "Country" in h and "Tier" in h for h in head)
    code, csv_out, _ = run(capsys, "export")
    n = len(list(csv.DictReader(io.StringIO(csv_out))))
    assert f"The record: {n} placements" in out
    code, json_out, _ = run(capsys, "export", "-f", "json")
    assert len(json.loads(json_out)) == n
