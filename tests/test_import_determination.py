"""Importing a Presidential Determination's text (22 U.S.C. 7107(d)): the four complete
White House texts (FY2022-FY2025, U.S. government works) parse to exactly the rows of the
packaged record; a partial Federal Register excerpt parses what it holds and says where it
stops; bad inputs are refused with one line and nothing written."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tiptiers import api
from tiptiers.cli import main
from tiptiers.law.pd_text import parse_determination
from tiptiers.record import packaged_determinations
from tiptiers.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "determinations"
COMPLETE = {
    2022: "FY2022_PD-2022-06.txt",
    2023: "FY2023_PD-2023-02.txt",
    2024: "FY2024_PD-2023-14.txt",
    2025: "FY2025_PD-2024-14.txt",
}


def _parse(name: str):  # type: ignore[no-untyped-def]
    return parse_determination((FIXTURES / name).read_text(), api.resolve_government)


@pytest.mark.parametrize("fy", sorted(COMPLETE))
def test_a_complete_text_parses_to_exactly_its_rows(fy: int) -> None:
    parsed = _parse(COMPLETE[fy])
    want = [r for r in packaged_determinations().rows if r.fiscal_year == fy]
    assert parsed.complete and parsed.stops_at == "" and not parsed.unresolved
    assert (parsed.fiscal_year, parsed.pd_number, parsed.pd_date) == (
        fy,
        want[0].pd_number,
        want[0].pd_date,
    )
    assert Counter((r.iso3, r.code) for r in parsed.rows) == Counter((r.iso3, r.code) for r in want)

    # the kind of each partial waiver is read too (exchange funding, (d)(1)(B) only, programs)
    def kinds(rows):  # type: ignore[no-untyped-def]
        return Counter(
            (
                r.iso3,
                "exchange"
                if "exchange" in r.detail
                else "mdb"
                if "only" in r.detail
                else "programs",
            )
            for r in rows
            if r.code == "d3"
        )

    assert kinds(parsed.rows) == kinds(want)


def test_a_partial_text_parses_what_it_holds_and_says_where_it_stops() -> None:
    parsed = _parse("FY2019_PD-2019-05.txt")
    want = [r for r in packaged_determinations().rows if r.fiscal_year == 2019]
    assert not parsed.complete
    assert parsed.stops_at.startswith(
        "after the paragraph beginning 'As provided for in section 110(d)(1)(A)(i)"
    )
    assert Counter((r.iso3, r.code) for r in parsed.rows) == Counter((r.iso3, r.code) for r in want)


def test_government_names_as_printed_map_to_iso() -> None:
    names = {
        "the DPRK": "PRK",
        "the DRC": "COD",
        "ROC": "COG",
        "PNG": "PNG",
        "Burma": "MMR",
        "the People's Republic of China (PRC)": "CHN",
        "Macau (Special Administrative Region of the PRC)": "MAC",
    }
    for name, iso3 in names.items():
        assert api.resolve_government(name.removeprefix("the ")) == iso3, name


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_import_records_the_year(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "t.sqlite3")
    code, out, err = run(
        capsys, "import", "determination", str(FIXTURES / COMPLETE[2025]), "--db", db
    )
    assert code == 0, err
    assert "Recorded PD 2024-14 of 2024-09-30 for fiscal year 2025" in out and "41 rows" in out
    with Store.open(db) as st:
        dets = st.record().determinations
        assert st.revision() == 2
    assert Counter((r.iso3, r.code) for r in dets.in_report_year(2024)) == Counter(
        (r.iso3, r.code) for r in packaged_determinations().in_report_year(2024)
    )


def _tamper(text: str) -> str:
    return text.replace("Governments of Burma and Iran", "Governments of Burma and France", 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("A news story about trafficking.", "not a Presidential Determination"),
        ("", "not a Presidential Determination"),
    ],
)
def test_bad_texts_are_refused_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    f = tmp_path / "x.txt"
    f.write_text(content)
    code, out, err = run(capsys, "import", "determination", str(f), "--db", str(tmp_path / "t.db"))
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_a_government_not_on_tier_3_is_refused_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (FIXTURES / COMPLETE[2025]).read_text()
    assert "Governments of Burma and Iran" in text
    f = tmp_path / "pd.txt"
    f.write_text(_tamper(text))
    db = str(tmp_path / "t.sqlite3")
    code, _, err = run(capsys, "import", "determination", str(f), "--db", db)
    assert code == 2 and "France (FRA)" in err and "nothing written" in err
    with Store.open(db) as st:
        assert st.revision() == 1  # nothing written
    code, out, err = run(capsys, "import", "determination", str(f), "--force", "--db", db)
    assert code == 0 and "France (FRA)" in out
    with Store.open(db) as st:
        year = st.record().determinations.years[2025]
    assert "not on Tier 3 in the 2024 record: France (FRA)" in year.note


def test_an_unknown_government_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (FIXTURES / COMPLETE[2025]).read_text().replace("Burma and Iran", "Burma and Narnia", 1)
    f = tmp_path / "pd.txt"
    f.write_text(text)
    code, _, err = run(capsys, "import", "determination", str(f), "--db", str(tmp_path / "t.db"))
    assert code == 2 and "Narnia" in err
