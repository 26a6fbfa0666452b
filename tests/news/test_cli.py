"""tiptiers check-news: bad input gives one pinned line and exit 2; no claims, one line and 0.

Every case runs through ``tiptiers.cli.main`` as a user would, so the exact text the user
sees is pinned here (Catala's negative tests: a folder of bad inputs, each with its message).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tiptiers.cli import main

ARTICLES = Path(__file__).parent / "articles"
FRENCH = (
    "Le Département d'État américain a rétrogradé la Biélorussie au niveau 3 de son rapport"
    " annuel sur la traite des êtres humains, publié mardi à Washington. Selon le rapport, le"
    " gouvernement n'a pas fait d'efforts suffisants pour lutter contre le travail forcé. La"
    " Chine et la Russie restent également au niveau le plus bas du classement.\n"
)
RUSSIAN = (
    "Государственный департамент США понизил Беларусь до третьего уровня в ежегодном докладе"
    " о торговле людьми. Китай и Россия также остались на самом низком уровне.\n"
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    p = tmp_path / name
    if isinstance(data, bytes):
        p.write_bytes(data)
    else:
        p.write_text(data, encoding="utf-8")
    return str(p)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the text is empty; nothing to check."),
        ("blank.txt", b"  \n\n\t \n", "the text is empty; nothing to check."),
        (
            "image.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)),
            "not a text file (it holds binary data); give plain text or HTML.",
        ),
        (
            "controls.txt",
            b"Belarus \x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f fell to Tier 3.",
            "not a text file (it holds binary data); give plain text or HTML.",
        ),
        (
            "fr.txt",
            FRENCH.encode(),
            "the text does not look like English; check-news reads English articles only.",
        ),
        (
            "ru.txt",
            RUSSIAN.encode(),
            "the text does not look like English; check-news reads English articles only.",
        ),
        (
            "empty.html",
            b'<html><head><title>Tier 3</title></head><body><script>var t="Tier 3";</script></body></html>',
            "the HTML holds no visible text to check.",
        ),
        ("punct.txt", b"... --- !!! ???", "the text has no words to read; nothing to check."),
        (
            "es.txt",
            (
                "El Departamento de Estado rebajó a Bielorrusia al nivel tres de su informe anual"
                " sobre la trata de personas, publicado el martes. China y Rusia siguen en el"
                " nivel más bajo del informe de este año."
            ).encode(),
            "the text does not look like English; check-news reads English articles only.",
        ),
        (
            "long.txt",
            ("Belarus fell to Tier 3. " * 12_501).encode(),
            "the text is too long (300,024 characters; the limit is 300,000); check one"
            " article at a time.",
        ),
    ],
)
def test_unreadable_input_is_one_line_and_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    message: str,
) -> None:
    path = write(tmp_path, name, data)
    code, out, err = run(["check-news", path], capsys)
    assert code == 2
    assert out == ""
    assert err == f"tiptiers: {path}: {message}\n"


def test_a_pasted_list_of_names_is_not_refused_as_foreign(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = (
        "Afghanistan, Belarus, Burma, Cambodia, Chad, China, Cuba, Eritrea, Iran, Laos, Macau,"
        " Nicaragua, North Korea, Papua New Guinea, Russia, Sint Maarten, South Sudan, Sudan,"
        " Syria and Venezuela"
    )
    path = write(tmp_path, "list.txt", f"2025 TIP report, Tier 3: {names}.\n")
    code, out, err = run(["check-news", path, "-f", "json"], capsys)
    assert (code, err) == (0, "")
    claims = json.loads(out)["claims"]
    assert len(claims) == 20 and {c["verdict"] for c in claims} == {"supported"}


def test_a_missing_file_and_a_directory_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nope.txt")
    assert run(["check-news", missing], capsys) == (2, "", f"tiptiers: {missing}: no such file.\n")
    assert run(["check-news", str(tmp_path)], capsys) == (
        2,
        "",
        f"tiptiers: {tmp_path}: is a directory, not a file.\n",
    )


def test_a_year_before_the_first_report_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ARTICLES / "13-undated-eritrea.txt")
    code, out, err = run(["check-news", path, "--year", "1999"], capsys)
    assert (code, out) == (2, "")
    assert err == "tiptiers: Report year 1999 is out of range: the first TIP report is 2001.\n"


def test_a_text_without_trafficking_is_one_line_and_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "budget.txt",
        "The city council approved a new budget on Tuesday, raising spending on parks and"
        " libraries by four percent. The mayor said the plan balanced growth with restraint.\n",
    )
    code, out, err = run(["check-news", path], capsys)
    assert (code, err) == (0, "")
    assert out == (
        f"{path}: No TIP claims found: the text does not mention human trafficking, the TIP"
        " report or its tiers.\n"
    )


def test_a_trafficking_story_with_no_tier_claim_is_one_line_and_exit_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = str(ARTICLES / "25-2016-no-claims.txt")
    for fmt in ("table", "markdown"):
        code, out, err = run(["check-news", path, "--format", fmt], capsys)
        assert (code, out, err) == (0, f"{path}: No TIP claims found.\n", "")


def test_no_claims_in_json_is_still_the_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["check-news", str(ARTICLES / "25-2016-no-claims.txt"), "-f", "json"], capsys
    )
    data = json.loads(out)
    assert code == 0
    assert data["claims"] == [] and data["message"] == "No TIP claims found."
    assert data["report_year"]["year"] == 2015  # dated March 2016: the 2015 report was the latest


def test_standard_input_is_read_with_a_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Belarus was downgraded to Tier 3 in the 2015 Trafficking in Persons report.\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, err = run(["check-news", "-", "-f", "json"], capsys)
    data = json.loads(out)
    assert (code, err) == (0, "")
    assert [(c["country"]["iso3"], c["verdict"]) for c in data["claims"]] == [("BLR", "supported")]


def test_empty_standard_input_is_named_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert run(["check-news", "-"], capsys) == (
        2,
        "",
        "tiptiers: <stdin>: the text is empty; nothing to check.\n",
    )


def test_windows_1252_text_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Cuba – the report’s oldest Tier 3 member – remained on Tier 3 in the 2013 report."
    path = write(tmp_path, "cp1252.txt", text.encode("cp1252"))
    code, out, _ = run(["check-news", path, "-f", "json"], capsys)
    assert code == 0
    assert [c["verdict"] for c in json.loads(out)["claims"]] == ["supported"]


def test_the_table_names_and_colours_each_verdict(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, out, _ = run(["check-news", str(ARTICLES / "05-2016-burma-thailand.txt")], capsys)
    assert "\x1b[1;31m✗ contradicted" in out  # red, and named
    assert "\x1b[32m✓ supported" in out
    assert code == 0
    assert "✓ supported" in out and "✗ contradicted" in out
    assert "Report year: 2016, stated in the text" in out
    assert "Cuba was Tier 2 Watch List in both the 2015 and 2016 reports" in out


def test_markdown_bolds_the_claim_in_its_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["check-news", str(ARTICLES / "05-2016-burma-thailand.txt"), "--format", "markdown"], capsys
    )
    assert code == 0
    assert out.startswith("# News claim check: ")
    assert (
        "| 10 | ✗ contradicted | Cuba upgraded to Tier 2 (2016) | **Cuba was upgraded to Tier 2**"
        " this year, the report said, reflecting warming ties between Washington and Havana. |"
        " Cuba was Tier 2 Watch List in both the 2015 and 2016 reports: no change (Tier 3 until"
        " 2014). |"
    ) in out


def test_year_option_overrides_the_text(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ARTICLES / "13-undated-eritrea.txt")
    code, out, _ = run(["check-news", path, "--year", "2020", "-f", "json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["report_year"]["how"] == "given"
    assert {c["verdict"] for c in data["claims"]} == {"supported", "contradicted"}
