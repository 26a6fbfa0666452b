"""The Python API: one call per use case, typed answers, the default database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tiptiers
from tiptiers.errors import BadInput
from tiptiers.law.decision import ClockStatus
from tiptiers.model import Tier


def _fresh_interpreter(code: str) -> str:
    """What ``code`` prints in a new interpreter (a module imported here stays imported)."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_import_is_light() -> None:
    heavy = "('sqlalchemy', 'typer', 'fastapi', 'pandas', 'altair', 'pydantic')"
    code = f"import sys, tiptiers\nprint([m for m in {heavy} if m in sys.modules])"
    assert _fresh_interpreter(code) == "[]"


def test_import_loads_the_api_only_on_first_use() -> None:
    code = (
        "import sys, tiptiers\n"
        "before = sorted(m for m in sys.modules if m.startswith('tiptiers'))\n"
        "tiptiers.history\n"
        "print(before, 'tiptiers.api' in sys.modules,"
        " sorted(set(tiptiers.__all__) - set(dir(tiptiers))))\n"
    )
    assert _fresh_interpreter(code) == "['tiptiers', 'tiptiers.version'] True []"


def test_a_name_not_in_the_api_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = tiptiers.nope  # type: ignore[attr-defined]


def test_history_and_placements() -> None:
    assert tiptiers.history("Burma").country.iso3 == "MMR"
    rows = tiptiers.placements(2017, tier="3").rows
    assert {c.iso3 for c, _ in rows} >= {"CHN", "RUS"}
    assert all(p.tier is Tier.T3 for _, p in rows)


def test_law_calls() -> None:
    d = tiptiers.explain("China", 2013)
    assert d.tier is Tier.T3 and d.watch_list.mandatory is True
    assert "22 U.S.C. 7107(b)(2)(D)(i)" in d.citations
    statuses = {e.iso3: e.status for e in tiptiers.clock(2014)}
    assert statuses["THA"] is ClockStatus.DOWNGRADE_MANDATORY
    assert tiptiers.consequences("China", 2017).applies


def test_evaluate_from_a_mapping() -> None:
    d = tiptiers.evaluate({"country": "Canada", "report_year": 2010, "fully_complies": True})
    assert d.tier is Tier.T1


def test_analysis_calls() -> None:
    kinds = {f.kind for f in tiptiers.audit(2017, 2017, "China").findings}
    assert kinds == {"tier3_not_forced"}
    assert tiptiers.forecast(2014).year == 2014
    assert tiptiers.trajectory("Russia").country.iso3 == "RUS"


def test_the_api_offers_what_the_analysis_commands_offer() -> None:
    """forecast --backtest --strict-law / --baseline-smoothing, and trajectory --longest."""
    default = tiptiers.backtest(2015, 2017)
    strict = tiptiers.backtest(2015, 2017, strict=True)
    smooth = tiptiers.backtest(2015, 2017, baseline_smoothing=0.27)
    assert smooth.to_dict()["baseline_smoothing"] == 0.27
    assert "re-listing barred" in strict.to_dict()["model"]
    assert "re-listing barred" not in default.to_dict()["model"]
    assert smooth.to_dict()["overall"] != default.to_dict()["overall"]
    runs = tiptiers.longest_watch_list_runs(2).to_dict()["runs"]
    assert [(r["iso3"], r["from"], r["to"]) for r in runs] == [
        ("RUS", 2004, 2012),
        ("CHN", 2005, 2012),
    ]


def test_check_news() -> None:
    check = tiptiers.check_news("The 2017 Trafficking in Persons report placed China on Tier 3.")
    verdicts = {c["verdict"] for c in check.to_dict()["claims"]}
    assert verdicts == {"supported"}


def test_maps_and_charts_from_the_api(tmp_path: Path) -> None:
    """The documents of `tiptiers map` and `tiptiers chart`, from Python."""
    svg = tiptiers.write_map(2017, tmp_path / "map.svg")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<svg")
    html = tiptiers.write_chart(["China", "Russia"], tmp_path / "chart.html")
    assert "Russia" in html.read_text(encoding="utf-8")
    with pytest.raises(BadInput, match="cannot tell the format"):
        tiptiers.write_map(2017, tmp_path / "map.gif")
    with pytest.raises(BadInput, match="at most"):
        many = ["CHN", "RUS", "IRN", "PRK", "CUB", "THA", "MYS", "UZB", "BLR", "VEN"]
        tiptiers.write_chart(many, tmp_path / "c.svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.html", "map.svg"]
