"""The law commands as a policy analyst uses them (issue 3 "Done when"), and their bad input.

Each test calls ``tiptiers.cli.main([...])`` in-process on a SQLite database seeded fresh for
this module, and reads what it printed. Bad input must exit 2 with exactly one line on
stderr and no traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tiptiers import api
from tiptiers.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("cli-law") / "law.sqlite3")


@pytest.fixture(autouse=True)
def _terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed, colourless terminal; the API's database choice is reset after each test."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    yield
    api.use_database(None)


def run(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", db])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> Any:
    code, out, err = run(capsys, db, *args, "--format", "json")
    assert code == 0, err
    # nothing on stderr but a partial year's note (the data on stdout are the API's)
    assert all(line.startswith("tiptiers: note: ") for line in err.splitlines()), err
    return json.loads(out)


# -- Done when ------------------------------------------------------------------------------
def test_explain_china_2013_is_a_mandatory_automatic_downgrade(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    d = run_json(capsys, db, "explain", "CHN", "2013")
    assert d["name"] == "China" and d["version"] == "V2008" and d["tier"] == "3"
    wl = d["watch_list"]
    assert wl["status"] == "downgrade_mandatory"
    assert wl["downgrade_mandatory"] is True
    assert (wl["consecutive_years"], wl["waiver_years_used"]) == (4, 2)
    assert wl["streak_years"] == [2009, 2010, 2011, 2012]
    assert [w["year"] for w in wl["waiver_years"]] == [2011, 2012]
    assert [s["rule"] for s in d["trace"]][-1] == "automatic_downgrade"
    assert "22 U.S.C. 7107(b)(2)(D)(i)" in [s["citation"] for s in d["trace"]]
    code, out, err = run(capsys, db, "explain", "China", "2013")
    assert code == 0 and err == ""
    assert "Downgrade: mandatory (automatic)" in out
    assert "automatic downgrade" in out and "22 U.S.C. 7107(b)(2)(D)(i)" in out


def test_clock_2013_china_russia_uzbekistan_downgrade_mandatory(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    entries = {e["iso3"]: e for e in run_json(capsys, db, "clock", "2013")}
    for iso3 in ("CHN", "RUS", "UZB"):
        assert entries[iso3]["status"] == "downgrade_mandatory", entries[iso3]["reason"]
        assert entries[iso3]["waivers_left"] == 0
    code, out, _ = run(capsys, db, "clock", "2013")
    assert code == 0
    for name in ("China", "Russia", "Uzbekistan"):
        line = next(ln for ln in out.splitlines() if f"│ {name} " in ln)
        assert "could not stay" in line


def test_clock_2014_thailand_malaysia_downgrade_mandatory(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    entries = {e["iso3"]: e for e in run_json(capsys, db, "clock", "2014")}
    assert entries["THA"]["status"] == "downgrade_mandatory"
    assert entries["MYS"]["status"] == "downgrade_mandatory"
    assert "CHN" not in entries
    code, out, err = run(capsys, db, "clock", "2014", "--format", "csv")
    assert code == 0 and err == ""
    rows = out.splitlines()
    assert rows[0].startswith("iso3,")
    assert any(r.startswith("THA,") and "downgrade_mandatory" in r for r in rows)


def test_explain_china_2017_is_a_tier3_the_clock_did_not_force(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    d = run_json(capsys, db, "explain", "CHN", "2017")
    assert d["tier"] == "3"
    wl = d["watch_list"]
    assert wl["status"] == "waiver_needed"
    assert wl["downgrade_mandatory"] is False
    assert (wl["consecutive_years"], wl["waiver_years_used"], wl["waivers_left"]) == (3, 1, 1)
    assert [s["rule"] for s in d["trace"]][-1] == "tier3_waiver_not_granted"
    code, out, _ = run(capsys, db, "explain", "CHN", "2017")
    assert code == 0
    assert "Downgrade: not forced by the clock (a waiver was available; none was granted)" in out


def test_sanctions_2017(capsys: pytest.CaptureFixture[str], db: str) -> None:
    items = {c["iso3"]: c for c in run_json(capsys, db, "sanctions", "2017")}
    assert {"CHN", "RUS", "PRK", "IRN", "UZB"} <= set(items)
    assert not {"THA", "MYS", "FRA"} & set(items)
    for c in items.values():
        assert c["applies"] is True and c["fiscal_year"] == 2018
        dates = [d["date"] for d in c["deadlines"]]
        assert dates == ["2017-08-11", "2017-09-25", "2017-10-01"]
        assert [d["code"] for d in c["determinations"]] == ["d1", "d2", "d3", "d4"]
    code, out, err = run(capsys, db, "sanctions", "2017")
    assert code == 0 and err == ""
    flat = " ".join(out.split())  # the sentence wraps at the terminal's width
    assert "2017-08-11" in flat and "2017-09-25" in flat and "fiscal year 2018" in flat
    assert "The 2017 record is partial" in out  # the year's caveat is shown
    code, out, err = run(capsys, db, "sanctions", "2017", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("iso3,name,year")


def test_consequences_before_2003_say_none_applied(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    c = run_json(capsys, db, "consequences", "Afghanistan", "2002")
    assert c["applies"] is False and c["deadlines"] == []
    assert "January 1, 2003" in c["summary"]


def test_evaluate_reads_yaml_and_json_assessments(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    facts = {
        "country": "China",
        "report_year": 2016,
        "fully_complies": False,
        "making_significant_efforts": True,
        "victims_very_significant_or_significantly_increasing": True,
        "no_evidence_of_increasing_efforts_vs_prior_year": False,
        "efforts_rest_on_commitments": False,
        "waiver": {
            "granted": True,
            "written_plan_exists": True,
            "plan_would_constitute_significant_efforts": True,
            "sufficient_resources_devoted": True,
            "credible_evidence_reported_to_SFRC_HFAC": True,
        },
    }
    one = tmp_path / "china-2016.json"
    one.write_text(json.dumps(facts), encoding="utf-8")
    d = run_json(capsys, db, "evaluate", str(one))
    assert d["kind"] == "evaluation" and d["tier"] == "2WL"
    assert d["watch_list"]["status"] == "waiver_needed"
    import yaml

    many = tmp_path / "two.yaml"
    refused = {**facts, "report_year": 2017, "waiver": {"granted": False}}
    many.write_text(yaml.safe_dump([facts, refused]), encoding="utf-8")
    ds = run_json(capsys, db, "evaluate", str(many))
    assert [x["tier"] for x in ds] == ["2WL", "3"]
    assert ds[1]["watch_list"]["downgrade_mandatory"] is False
    code, out, err = run(capsys, db, "evaluate", str(many))
    assert code == 0 and err == ""
    assert "assessment" in out and "Tier 3" in out


def test_schema_assessment_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "assessment"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"report_year", "fully_complies", "waiver"} <= set(schema["properties"])


# -- bad input: exit 2, one line, no traceback -------------------------------------------------
BAD_FILES = {
    "malformed.yaml": "country: China\nreport_year: [2013\n",
    "empty.yaml": "   \n",
    "not-a-mapping.yaml": "- 2013\n",
    "unknown-country.yaml": "country: Atlantis\nreport_year: 2013\n",
    "year-1999.yaml": "country: China\nreport_year: 1999\n",
    "commitments-2021.yaml": "country: China\nreport_year: 2021\nefforts_rest_on_commitments: true\n",
    "contradictory.json": json.dumps(
        {
            "country": "China",
            "report_year": 2013,
            "fully_complies": True,
            "making_significant_efforts": False,
        }
    ),
}

BAD_INPUT = [
    (
        ["evaluate", "{malformed.yaml}"],
        "{malformed.yaml}: line 3 not valid YAML or JSON (ParserError).",
    ),
    (
        ["evaluate", "{empty.yaml}"],
        "{empty.yaml}: the file is empty; write an assessment (see 'tiptiers schema assessment').",
    ),
    (
        ["evaluate", "{not-a-mapping.yaml}"],
        "{not-a-mapping.yaml}: item 1 is not a mapping of facts.",
    ),
    (["evaluate", "{missing.yaml}"], "{missing.yaml}: no such file."),
    (["evaluate", "{unknown-country.yaml}"], "Unknown country 'Atlantis'. Did you mean: Albania?"),
    (
        ["evaluate", "{year-1999.yaml}"],
        "No statute version governs a 1999 report: the TVPA's first report was 2001.",
    ),
    (
        ["evaluate", "{commitments-2021.yaml}"],
        "{commitments-2021.yaml}: the 2021 report is governed by V2021, which does not know"
        " 'efforts_rest_on_commitments'"
        " (a fact of V2003 to before V2019): remove it or change report_year.",
    ),
    (
        ["evaluate", "{contradictory.json}"],
        "{contradictory.json}: contradictory facts: fully_complies is true but"
        " making_significant_efforts is false (a government that fully complies makes"
        " significant efforts)",
    ),
    (["explain", "Atlantis", "2013"], "Unknown country 'Atlantis'. Did you mean: Albania?"),
    (["explain", "CHN", "2000"], "No report for 2000 in the record: it covers 2001–2025."),
    (["clock", "2000"], "No report for 2000 in the record: it covers 2001–2025."),
    (["consequences", "CHN", "1999"], "No report for 1999 in the record: it covers 2001–2025."),
    (["sanctions", "1990"], "No report for 1990 in the record: it covers 2001–2025."),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT, ids=[" ".join(a) for a, _ in BAD_INPUT])
def test_bad_input_exits_2_with_one_line(
    args: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    db: str,
    tmp_path: Path,
) -> None:
    paths = {name: str(tmp_path / name) for name in [*BAD_FILES, "missing.yaml"]}
    for name, text in BAD_FILES.items():
        Path(paths[name]).write_text(text, encoding="utf-8")

    def fill(text: str) -> str:
        for name, path in paths.items():
            text = text.replace("{" + name + "}", path)
        return text

    code, out, err = run(capsys, db, *[fill(a) for a in args])
    assert code == 2
    assert out == ""
    assert err == f"tiptiers: {fill(message)}\n"
    assert "Traceback" not in err
