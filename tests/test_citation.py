"""How to cite tiptiers: tiptiers.citation (the one function the CLI, the web's Cite button and
the panel's datapackage.json call) and `tiptiers cite`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from tiptiers import citation as ct
from tiptiers.cli import main
from tiptiers.version import __version__

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def sample(**kw: object) -> ct.Citation:
    args: dict[str, object] = {
        "version": "1.2.0",
        "commit": COMMIT,
        "date": "2026-12-07",
        "url": "https://example.org/tt",
        "accessed": "2026-12-08",
    }
    args.update(kw)
    return ct.citation(**args)  # type: ignore[arg-type]


def test_text_names_title_publisher_version_date_commit_and_url() -> None:
    text = sample().render("text")
    for part in (
        ct.PUBLISHER,
        "(2026)",
        ct.TITLE,
        "version 1.2.0",
        "commit 0123456789ab",
        "https://example.org/tt (accessed 2026-12-08)",
    ):
        assert part in text
    assert "n.d." in sample(date=None).render("text")


def test_bibtex_entry_is_balanced_and_complete() -> None:
    bib = sample().render("bibtex")
    assert bib.startswith("@software{tiptiers_1_2_0,")
    assert bib.count("{") == bib.count("}")
    for field in (
        "author",
        "title",
        "version = {1.2.0}",
        "year = {2026}",
        "url = {https://example.org/tt}",
        f"note = {{Commit {COMMIT}}}",
        "urldate = {2026-12-08}",
    ):
        assert field in bib


def test_csl_json_is_a_list_of_one_software_item() -> None:
    (item,) = json.loads(sample().render("csl-json"))
    assert item["type"] == "software"
    assert item["version"] == "1.2.0"
    assert item["issued"] == {"date-parts": [[2026, 12, 7]]}
    assert item["accessed"] == {"date-parts": [[2026, 12, 8]]}
    assert item["URL"] == "https://example.org/tt"


def test_cff_is_valid_yaml_with_the_required_keys() -> None:
    data = yaml.safe_load(sample().render("cff"))
    assert {
        "cff-version",
        "message",
        "title",
        "authors",
        "version",
        "commit",
        "date-released",
    } <= set(data)
    assert data["commit"] == COMMIT
    assert data["date-released"] == "2026-12-07"


def test_ris_record() -> None:
    ris = sample().render("ris").splitlines()
    assert ris[0] == "TY  - COMP" and ris[-1] == "ER  -"
    assert "UR  - https://example.org/tt" in ris


def test_unknown_facts_are_left_out_not_invented() -> None:
    bare = ct.citation(version="1.0")
    for fmt in ct.FORMATS:
        out = bare.render(fmt)
        assert "http" not in out.replace("https://www.state.gov", "")
        assert "ommit" not in out
    with pytest.raises(ValueError):
        ct.citation(version="1.0", commit="not-a-commit")
    with pytest.raises(ValueError):
        ct.citation(version="1.0", date="7 Dec 2026")
    with pytest.raises(ValueError):
        bare.render("docx")


def test_cite_reports_the_running_version_and_checkout_commit() -> None:
    c = ct.cite(url="https://example.org", accessed="2026-12-07")
    assert c.version == __version__
    root = Path(ct.__file__).resolve().parents[2]
    if (root / ".git").exists():  # a checkout (the test suite runs in one): its HEAD
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert c.commit == head
        assert c.date is not None


def test_commit_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    ct.build_info.cache_clear()
    monkeypatch.setenv("TIPTIERS_COMMIT", COMMIT.upper())
    monkeypatch.setenv("TIPTIERS_COMMIT_DATE", "2026-01-02")
    try:
        assert ct.build_info() == ct.BuildInfo(COMMIT, "2026-01-02", None)
        monkeypatch.setenv("TIPTIERS_COMMIT", "nonsense")
        ct.build_info.cache_clear()
        assert ct.build_info() == ct.BuildInfo()  # a wrong value is not cited
    finally:
        ct.build_info.cache_clear()


@pytest.mark.parametrize("fmt", ["text", "bibtex", "csl-json", "ris", "cff", "json"])
def test_cli_cite(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    assert main(["cite", "-f", fmt, "--url", "https://example.org/tt"]) == 0
    out = capsys.readouterr().out
    assert __version__ in out and "https://example.org/tt" in out
    if fmt == "json":
        data = json.loads(out)
        assert data["formats"]["text"] == ct.cite(
            url="https://example.org/tt", accessed=data["accessed"]
        ).render("text")


def test_cli_cite_refuses_an_empty_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "--url", " "]) == 2
    assert "--url is empty" in capsys.readouterr().err


def test_the_repository_s_citation_cff_is_the_code_s() -> None:
    """CITATION.cff (read by GitHub's 'Cite this repository' and Zenodo) says what
    `tiptiers cite -f cff` says, less the commit and date of a particular checkout."""
    root = Path(ct.__file__).resolve().parents[2]
    assert (root / "CITATION.cff").read_text() == ct.citation(version=__version__).cff() + "\n"
