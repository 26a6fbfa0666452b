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
            if r.code == "d4_partial"
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
    assert code == 2 and "Iran (IRN) d1" in err  # France took Iran's place: a removal
    code, out, err = run(capsys, "import", "determination", str(f), "--force", "--yes", "--db", db)
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


# -- a partial text never silently replaces a complete one (issue 27, defect 3) ----------------
def _excerpt_of_fy2024() -> str:
    """FY2024's whole text cut after its first paragraph (8 governments of its 49 rows)."""
    text = (FIXTURES / COMPLETE[2024]).read_text()
    first = text.find("As provided")
    second = text.find("As provided", first + 10)
    return text[:second] + "\n[... excerpt ends]\n"


def test_an_excerpt_does_not_replace_a_complete_year_without_yes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    f = tmp_path / "excerpt.txt"
    f.write_text(_excerpt_of_fy2024())
    db = str(tmp_path / "t.sqlite3")
    on_record = [r for r in packaged_determinations().rows if r.fiscal_year == 2024]
    assert len(on_record) == 49

    code, out, err = run(capsys, "import", "determination", str(f), "--dry-run", "--db", db)
    assert code == 0 and "41 row(s) on record would be removed" in out
    assert "complete -> partial" in out and "Dry run: nothing was written." in out
    assert "Cameroon (CMR)" in out or "... and" in out  # what would go is shown

    code, out, err = run(capsys, "import", "determination", str(f), "--db", db)
    assert code == 2 and out == ""
    assert "41 row(s) on record would be removed" in err  # the details, then one error line
    assert "pass --yes to replace" in err.splitlines()[-1]
    with Store.open(db) as st:
        assert st.revision() == 1  # nothing written
        assert len([r for r in st.record().determinations.rows if r.fiscal_year == 2024]) == 49

    code, out, err = run(capsys, "import", "determination", str(f), "--yes", "--db", db)
    assert code == 0, err
    with Store.open(db) as st:
        assert len([r for r in st.record().determinations.rows if r.fiscal_year == 2024]) == 8


def test_the_same_complete_text_again_needs_no_confirmation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "import", "determination", str(FIXTURES / COMPLETE[2024]),
        "--db", str(tmp_path / "t.sqlite3"),
    )  # fmt: skip
    assert code == 0 and "would be removed" not in out, err


# -- duplicates and hostile text (issue 27, defects 4 and 8) ----------------------------------
HEAD = (
    "Presidential Determination No. 2023-14 of September 29, 2023. Trafficking in Persons."
    " Fiscal Year (FY) 2024. As provided for in section 110(d)(1)(A)(i) of the Act, that the"
    " United States will not provide nonhumanitarian, nontrade-related assistance to the"
    " Governments of "
)
TAIL = " for Fiscal Year (FY) 2024 until such governments comply."


def test_a_government_named_again_in_a_paragraph_is_one_row() -> None:
    parsed = parse_determination(
        HEAD + " and ".join(["Chad"] * 8000) + TAIL, api.resolve_government
    )
    assert [(r.iso3, r.code) for r in parsed.rows] == [("TCD", "d1A_i")]


@pytest.mark.parametrize(
    ("names", "most_seconds"),
    [
        ("(" * 200_000, 2.0),  # 24-34 s before
        (", ".join(f"Narnia{i}" for i in range(5000)), 2.0),  # 12 s before
        ("( and " * 40_000, 2.0),
        ("with respect to , I determine " * 20_000, 2.0),
    ],
)
def test_hostile_text_is_read_in_bounded_time(names: str, most_seconds: float) -> None:
    import time

    from tiptiers.errors import BadInput

    started = time.process_time()
    try:
        parsed = parse_determination(HEAD + names + TAIL, api.resolve_government)
    except BadInput as exc:  # refused in one line
        assert "\n" not in str(exc) and len(str(exc)) < 300
    else:
        assert len(parsed.unresolved) <= 1000
        assert all(len(u) <= 81 for u in parsed.unresolved)
    assert time.process_time() - started < most_seconds


def test_the_time_budget_holds_inside_a_paragraph() -> None:
    from tiptiers.errors import BadInput

    ticks = iter(range(10**6))
    with pytest.raises(BadInput, match="not read in 5 seconds"):
        parse_determination(
            HEAD + ", ".join(["Chad", "Iran"] * 10) + TAIL,
            api.resolve_government,
            budget=5,
            clock=lambda: float(next(ticks)),
        )
