"""The statute guide belongs to the project: docs/LAW.md explains every version and every
ambiguity E1-E16, the law modules cite it beside the statute, and nothing tracked points at a
file outside the repository (issue 12, "The statute belongs in the project")."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import tiptiers.law
from tiptiers.law.decision import AMBIGUITIES
from tiptiers.law.versions import VERSIONS

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "LAW.md"
OUTSIDE_SPEC = ("RULES" + ".md", "shared/" + "spec")  # the specification lives outside the repo


def test_the_guide_explains_every_version_and_every_ambiguity() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for v in VERSIONS:
        assert f"`{v.id}`" in text, v.id
    for code in AMBIGUITIES:
        assert re.search(rf"\*\*{code} ", text), f"docs/LAW.md does not explain {code}"
        assert "*Engine:*" in text.split(f"**{code} ", 1)[1].split("\n- **", 1)[0], (
            f"docs/LAW.md does not say how the engine treats {code}"
        )


def test_every_law_module_cites_the_statute_and_the_guide() -> None:
    for path in sorted(Path(tiptiers.law.__file__).parent.glob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert "U.S.C." in doc, f"{path.name}: the module docstring cites no statute"
        assert "docs/LAW.md" in doc, f"{path.name}: the module docstring does not cite docs/LAW.md"


def test_nothing_tracked_cites_a_file_outside_the_repository() -> None:
    offenders = []
    for top in ("src", "docs", "tests", "README.md"):
        base = ROOT / top
        files = [base] if base.is_file() else base.rglob("*")
        for f in files:
            if f.suffix not in (".py", ".md", ".yaml", ".j2", ".js", ".toml") or ".egg-info" in str(
                f
            ):
                continue
            text = f.read_text(encoding="utf-8", errors="replace")
            if any(s in text for s in OUTSIDE_SPEC):
                offenders.append(str(f.relative_to(ROOT)))
    assert not offenders, offenders


def test_the_readme_links_the_guide() -> None:
    assert "(docs/LAW.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_assessment_schema_documents_every_field() -> None:
    """`tiptiers schema assessment` describes every field, the new ones of issue 12 among
    them (history, reporting period, categories and waiver of each prior year, the previous
    fiscal year's assistance, the determination, findings per criterion)."""
    from tiptiers.law.assessment import assessment_schema

    schema = assessment_schema()
    undocumented = []
    for name, model in [("Assessment", schema), *schema.get("$defs", {}).items()]:
        for field, spec in model.get("properties", {}).items():
            if not spec.get("description") and field not in ("country", "report_year"):
                undocumented.append(f"{name}.{field}")
    props = schema["properties"]
    for field in (
        "history",
        "reporting_period",
        "criteria_findings",
        "prior_fy_assistance_received",
        "determination",
    ):
        assert field in props, field
    prior = schema["$defs"]["PriorPlacement"]["properties"]
    assert {"watch_list_categories", "waiver_used"} <= set(prior)
    assert not undocumented, undocumented


# -- docs/LAW.md §7: the worked examples are the engine's answers ------------------------
ENGINE_LINE = re.compile(
    r"^\s*- engine: `(?P<call>explain (?P<iso3>[A-Z]{3}) (?P<year>\d{4})|evaluate)` → "
    r"(?P<tier>[^;]+); clock (?P<status>[a-z_]+), (?P<counted>\d+) counted years?,"
    r" (?P<waivers>\d+) waiver years?$"
)


def _worked_examples() -> list[tuple[str, dict[str, str], str | None]]:
    """Each `engine:` line of §7, with the YAML facts written above it (for `evaluate`)."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## 7. Worked examples", 1)[1].split("\n## 8.", 1)[0]
    found: list[tuple[str, dict[str, str], str | None]] = []
    facts: str | None = None
    lines = section.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "```yaml":
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
            facts = "\n".join(ln.strip() for ln in lines[i + 1 : end])
        if m := ENGINE_LINE.match(line):
            found.append((line.strip(), m.groupdict(), facts if m["call"] == "evaluate" else None))
    return found


def test_the_worked_examples_are_what_the_engine_answers() -> None:
    import yaml

    from tiptiers.api import assessed_country
    from tiptiers.law.assessment import parse_assessment
    from tiptiers.law.evaluate import evaluate_assessment
    from tiptiers.law.explain import explain
    from tiptiers.record import packaged_record

    record = packaged_record()
    examples = _worked_examples()
    assert len(examples) >= 16, "docs/LAW.md §7 lost its engine: lines"
    wrong = []
    for line, want, facts in examples:
        if want["iso3"]:
            d = explain(record, want["iso3"], int(want["year"]))
        else:
            assert facts, f"{line}: no facts written above it"
            data = yaml.safe_load(facts)
            data["prior_placements"] = [
                {"year": y, **(v if isinstance(v, dict) else {"tier": str(v)})}
                for y, v in data["prior_placements"].items()
            ]
            a = parse_assessment(data)
            d = evaluate_assessment(a, record, assessed_country(a).iso3)
        w = d.watch_list
        got = (
            d.tier.label if d.tier else "undetermined",
            w.status.value,
            w.consecutive_years,
            w.waiver_years_used,
        )
        expected = (want["tier"], want["status"], int(want["counted"]), int(want["waivers"]))
        if got != expected:
            wrong.append(f"{line}\n  the engine answers {got}")
    assert not wrong, "\n".join(wrong)


def test_a_wrong_worked_example_is_caught() -> None:
    line = "   - engine: `explain CHN 2013` → Tier 2; clock counting, 1 counted year, 0 waiver years"
    m = ENGINE_LINE.match(line)
    assert m and m["tier"] == "Tier 2" and m["counted"] == "1"
