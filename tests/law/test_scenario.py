"""Statute scenarios (issue 14): a scenario is data, replayed over the published record; the
law as enacted is itself the baseline scenario and reproduces today's clock and explanations
for every country-year."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tiptiers import api
from tiptiers.law.explain import clock, explain
from tiptiers.law.params import ParameterError
from tiptiers.law.scenario import BASELINE, LIMITS, replay, scenario_from_dict, scenario_schema
from tiptiers.law_files import bundled_scenarios, read_scenario
from tiptiers.model import Record, Tier
from tiptiers.record import packaged_record

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def record() -> Record:
    return packaged_record()


def test_replaying_the_baseline_reproduces_clock_and_explain_for_every_country_year(
    record: Record,
) -> None:
    baseline = read_scenario(ROOT / "examples" / "baseline.yaml")
    r = replay(record, baseline)
    assert r.changes == () and r.forward == ()
    assert r.record.placements == record.placements
    for year in record.years:
        assert [e.to_dict() for e in r.clock(year)] == [e.to_dict() for e in clock(record, year)]
        for iso3 in record.countries:
            assert r.explain(iso3, year).to_dict() == explain(record, iso3, year).to_dict(), (
                iso3,
                year,
            )


def test_one_year_waiver_from_2009_downgrades_china_and_russia_a_year_earlier(
    record: Record,
) -> None:
    s = read_scenario(ROOT / "examples" / "one-year-waiver-from-2009.yaml")
    r = replay(record, s, name=api.name_of)
    by_key = {(c.iso3, c.year): c for c in r.changes}
    for iso3 in ("CHN", "RUS"):
        c = by_key[(iso3, 2012)]
        assert (c.actual, c.scenario) == (Tier.T2WL, Tier.T3)
        assert "1 waiver year of at most 1 already used" in c.sentence
        # both explanations: the law as it was (a waiver year) and the scenario (forced)
        assert any(st.rule == "waiver" for st in c.actual_decision.trace)
        assert any(st.rule == "automatic_downgrade" for st in c.scenario_decision.trace)
        # carried forward: the 2013 Tier 3 the law forced becomes a new Watch List streak
        assert by_key[(iso3, 2013)].scenario is Tier.T2WL
    added = {c.year: c.tier3_added for c in r.counts}
    assert added[2012] >= 2 and added[2008] == 0
    assert r.limits == LIMITS and "held fixed" in " ".join(r.to_dict()["limits"])


def test_the_automatic_downgrade_never_enacted_removes_every_forced_tier3_and_adds_none(
    record: Record,
) -> None:
    r = replay(record, bundled_scenarios()["no-automatic-downgrade"])
    assert r.changes and all(c.scenario is Tier.T2WL for c in r.changes)
    assert ("CHN", 2013) in {(c.iso3, c.year) for c in r.changes}


def test_against_another_scenario_compares_the_two_replays(record: Record) -> None:
    s = bundled_scenarios()
    r = replay(record, s["no-waivers"], against=s["one-year-waiver-from-2009"])
    china_2011 = next(c for c in r.changes if (c.iso3, c.year) == ("CHN", 2011))
    assert (china_2011.actual, china_2011.scenario) == (Tier.T2WL, Tier.T3)
    assert all((c.iso3, c.year) != ("CHN", 2012) or c.actual is Tier.T3 for c in r.changes)
    same = replay(record, s["no-waivers"], against=s["no-waivers"])
    assert same.changes == () and same.forward == ()


def test_the_forward_look_names_the_next_report(record: Record) -> None:
    r = replay(record, bundled_scenarios()["no-waivers"])
    assert r.forward_year == record.last_year + 1
    assert all(f.actual is not f.scenario for f in r.forward)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "x", "parameters": {"waiver_limit": {2009: 1}}}, "parameters.waiver_limit"),
        (
            {"name": "x", "parameters": {"max_waiver_years": {2009: -1}}},
            "parameters.max_waiver_years.2009",
        ),
        (
            {"name": "x", "parameters": {"max_waiver_years": {2009: "two"}}},
            "parameters.max_waiver_years.2009",
        ),
        (
            {"name": "x", "parameters": {"max_waiver_years": {1990: 1}}},
            "parameters.max_waiver_years.1990",
        ),
        (
            {"name": "x", "parameters": {"max_waiver_years": {2009: None}}},
            "parameters.max_waiver_years.2009",
        ),
        (
            {"name": "x", "parameters": {"special_watch_list": {2004: 3}}},
            "parameters.special_watch_list.2004",
        ),
        ({"name": "", "parameters": {}}, "name"),
        ({"name": "x", "waivers": 1}, "waivers"),
        ({"name": "x", "citations": [{"title": "a", "href": "ftp://x"}]}, "citations[0].href"),
    ],
)
def test_unknown_parameters_and_impossible_values_are_errors_naming_the_field(
    data: dict[str, object], field: str
) -> None:
    with pytest.raises(ParameterError) as exc:
        scenario_from_dict(data)
    assert exc.value.field == field and exc.value.message.startswith(field + ":")


def test_a_clock_before_its_thresholds_uses_their_first_values_and_says_so() -> None:
    """Counting Watch List years from 2005 needs the downgrade's thresholds, which the law
    gives from 2009: their first values apply from 2005, each stated once; a value the
    scenario gives from that year on is its own, and nothing is assumed."""
    s = scenario_from_dict({"name": "x", "parameters": {"clock_counting_starts": {2005: 2005}}})
    steps = s.steps()
    assert steps["watch_list_years_before_downgrade"][0] == (2005, 2)
    assert steps["max_waiver_years"][0] == (2005, 2)
    assert [a.split(" ")[0] for a in s.assumptions()] == [
        "watch_list_years_before_downgrade",
        "max_waiver_years",
    ]
    own = scenario_from_dict(
        {
            "name": "y",
            "parameters": {
                "clock_counting_starts": {2005: 2005},
                "watch_list_years_before_downgrade": {2005: 3},
                "max_waiver_years": {2005: 0},
            },
        }
    )
    assert own.assumptions() == ()
    assert own.steps()["watch_list_years_before_downgrade"][0] == (2005, 3)


def test_a_scenario_file_error_names_the_file_and_the_field(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("name: bad\nparameters:\n  max_waiver_years:\n    2009: -2\n")
    with pytest.raises(ParameterError) as exc:
        read_scenario(f)
    assert exc.value.message.startswith(f"{f}: parameters.max_waiver_years.2009:")


def test_every_bundled_example_is_documented_and_valid_under_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = scenario_schema()
    examples = bundled_scenarios()
    assert {
        "baseline",
        "one-year-waiver-from-2009",
        "no-waivers",
        "three-year-watch-list-limit",
        "no-automatic-downgrade",
    } <= set(examples)
    docs = (ROOT / "docs" / "SCENARIOS.md").read_text(encoding="utf-8")
    for name, s in examples.items():
        assert s.description and s.citations, name
        assert f"{name}.yaml" in docs, f"docs/SCENARIOS.md does not describe {name}"
        jsonschema.validate(json.loads(json.dumps(s.to_dict())), schema)
        assert scenario_from_dict(s.to_dict()).parameters == s.parameters


def test_a_scenario_overrides_the_same_parameters_the_engine_reads(record: Record) -> None:
    """A scenario's step is read by the same DatedValue the rules read, only within it."""
    from tiptiers.law.versions import MAX_WAIVER_YEARS

    s = scenario_from_dict({"name": "x", "parameters": {"max_waiver_years": {2015: 3}}})
    with s.in_force():
        assert (MAX_WAIVER_YEARS.at(2013), MAX_WAIVER_YEARS.at(2016)) == (2, 3)
    assert MAX_WAIVER_YEARS.at(2016) == 2
    assert BASELINE.steps() == {}


# -- the command, as a new user meets it ---------------------------------------------------
def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    from tiptiers.cli import main

    code = main([*args, "--db", str(tmp_path / "t.sqlite3")])
    out, err = capsys.readouterr()
    api.use_database(None)
    return code, out, err


def test_the_command_lists_who_would_have_been_downgraded_earlier(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(ROOT)
    code, out, err = _run(
        capsys, tmp_path, "scenario", "examples/one-year-waiver-from-2009.yaml", "--to", "2013"
    )
    assert code == 0, err
    assert "China" in out and "Russia" in out and "Limits of this counterfactual" in out
    words = " ".join(out.replace("│", " ").split())
    assert "held fixed" in words and "no waiver was left" in words


def test_the_command_speaks_json_and_csv_and_says_the_limits_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = _run(
        capsys,
        tmp_path,
        "scenario",
        "no-waivers",
        "--format",
        "json",
        "--from",
        "2011",
        "--to",
        "2011",
        "--no-traces",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["schema"] == "tiptiers.scenario-replay/1" and data["limits"]
    assert {c["year"] for c in data["changes"]} == {2011} and "actual_trace" not in data["changes"][
        0
    ]
    assert err.startswith("tiptiers: note: The replay changes only")
    code, out, _ = _run(
        capsys, tmp_path, "scenario", "no-waivers", "--format", "csv", "--to", "2011"
    )
    assert code == 0 and out.splitlines()[0].startswith("iso3,name,year,actual,scenario")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("scenario", "nope.yaml"), "no such file"),
        (("scenario", "no-waivers", "--from", "1990"), "outside the record"),
        (("scenario", "no-waivers", "--against", "missing.yaml"), "no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    code, _, err = _run(capsys, tmp_path, *args)
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1


def test_schema_scenario_prints_the_json_schema(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tiptiers.cli import main

    assert main(["schema", "scenario"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "max_waiver_years" in schema["properties"]["parameters"]["properties"]
