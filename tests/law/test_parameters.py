"""The statute parameters as a lawyer meets them: one YAML file each under
``law/parameters/``, checked, generated into the module the engine reads, and followed by
every rule (issue 13 "Done when": change the waiver limit in one file and ``explain`` and
``clock`` follow)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tiptiers.cli import main
from tiptiers.law import versions
from tiptiers.law.params import ParameterError, spec_from_source

ROOT = Path(__file__).resolve().parents[2]
PARAMETER_DIR = ROOT / "src" / "tiptiers" / "law" / "parameters"


def _build_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_parameters", ROOT / "scripts" / "build_parameters.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_module_matches_the_parameter_files() -> None:
    build = _build_script()
    assert build.OUTPUT.read_text(encoding="utf-8") == build.render(build.read_sources()), (
        "law/parameter_values.py is out of date: run make parameters"
    )


@pytest.mark.parametrize("path", sorted(PARAMETER_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_each_parameter_file_says_what_it_is_and_where_it_comes_from(path: Path) -> None:
    spec = spec_from_source(path.stem, yaml.safe_load(path.read_text(encoding="utf-8")))
    assert spec.description and spec.unit and spec.label
    assert spec.values == tuple(sorted(spec.values))
    hosts = {"https://www.law.cornell.edu/uscode/text/", "https://www.govinfo.gov/app/details/"}
    assert all(any(r.href.startswith(h) for h in hosts) for r in spec.reference)
    assert spec.citation in {r.title for r in spec.reference}, "the section is referenced"
    assert versions.SPECS[path.stem] == spec


def test_every_parameter_has_a_file_and_every_file_a_parameter() -> None:
    assert {p.name for p in versions.PARAMETERS} == {p.stem for p in PARAMETER_DIR.glob("*.yaml")}


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        (lambda d: d.pop("description"), "max_waiver_years.description", "non-empty text"),
        (
            lambda d: d["values"].update({2019: -1}),
            "max_waiver_years.values.2019",
            "below the least possible value",
        ),
        (
            lambda d: d["values"].update({1999: 2}),
            "max_waiver_years.values.1999",
            "not a report year",
        ),
        (
            lambda d: d["metadata"]["reference"][0].update(href="http://example.org"),
            "max_waiver_years.metadata.reference[0].href",
            "https link",
        ),
        (
            lambda d: d["values"].update({2019: None}),
            "max_waiver_years.values.2019",
            "cannot be switched off",
        ),
    ],
)
def test_a_bad_parameter_file_is_refused_naming_the_field(
    change: Any, field: str, says: str
) -> None:
    data = yaml.safe_load((PARAMETER_DIR / "max_waiver_years.yaml").read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(ParameterError) as exc:
        spec_from_source("max_waiver_years", data)
    assert exc.value.field == field and says in exc.value.message


def test_a_lawyer_changes_the_waiver_limit_in_one_file_and_explain_clock_and_scenarios_follow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 2009 waiver limit cut from 2 years to 1 in a copy of the parameter files, built as
    ``make parameters`` builds them: China's 2012 Watch List year (its second waiver year)
    is then over the limit, in ``tiptiers explain``, ``tiptiers clock`` and a scenario's
    replay alike."""
    edited = tmp_path / "parameters"
    shutil.copytree(PARAMETER_DIR, edited)
    path = edited / "max_waiver_years.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  2009: 2\n" in text
    path.write_text(text.replace("  2009: 2\n", "  2009: 1\n"), encoding="utf-8")
    build = _build_script()
    namespace: dict[str, Any] = {}
    exec(
        compile(build.render(build.read_sources(edited)), "parameter_values.py", "exec"), namespace
    )
    db = str(tmp_path / "law.sqlite3")

    def explain_china_2012() -> dict[str, Any]:
        assert main(["explain", "CHN", "2012", "--format", "json", "--db", db]) == 0
        return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]

    def clock_2012() -> dict[str, str]:
        assert main(["clock", "2012", "--format", "json", "--db", db]) == 0
        return {e["iso3"]: e["status"] for e in json.loads(capsys.readouterr().out)}

    before = explain_china_2012()
    assert before["watch_list"]["status"] == "waiver_needed"
    assert clock_2012()["CHN"] == "waiver_needed"
    specs = {n: spec_from_source(n, d) for n, d in namespace["SOURCE"].items()}
    monkeypatch.setattr(versions, "SPECS", specs)
    after = explain_china_2012()
    assert after["watch_list"]["status"] == "downgrade_mandatory"
    assert after["watch_list"]["max_waiver_years"] == 1
    assert any(f["code"] == "OVER_LIMIT" for f in after["flags"])
    assert clock_2012()["CHN"] == "downgrade_mandatory"
    # ... and the scenarios: the baseline replays the edited law, and a scenario that changes
    # the waiver limit from 2015 keeps the edited value before it
    from tiptiers.law.scenario import BASELINE, replay, scenario_from_dict
    from tiptiers.record import packaged_record

    baseline = replay(packaged_record(), BASELINE)
    assert baseline.explain("CHN", 2012).watch_list.status.value == "downgrade_mandatory"
    later = scenario_from_dict({"name": "x", "parameters": {"max_waiver_years": {2015: 3}}})
    assert later.steps()["max_waiver_years"] == ((2009, 1), (2015, 3))
    monkeypatch.undo()
    assert explain_china_2012()["watch_list"]["status"] == "waiver_needed"
    sys.modules.pop("build_parameters", None)
