"""Read the law engine's files: assessments (YAML or JSON; one or a list) and scenarios."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tiptiers.errors import BadInput
from tiptiers.inputs import ASSESSMENT_LIMIT, read_text
from tiptiers.law.assessment import Assessment, parse_assessment
from tiptiers.law.params import ParameterError
from tiptiers.law.scenario import Scenario


def load_document(text: str, name: str) -> Any:
    """Parse YAML or JSON text (JSON is YAML); one line of error naming the file."""
    if not text.strip():
        raise BadInput(
            f"{name}: the file is empty; write an assessment (see 'tiptiers schema assessment')."
        )
    try:
        if name.endswith(".json"):
            return json.loads(text)
        import yaml

        return yaml.safe_load(text)
    except (ValueError, Exception) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" line {where.line + 1}" if where is not None else ""
        raise BadInput(f"{name}:{line} not valid YAML or JSON ({type(exc).__name__}).") from None


def read_assessments(path: Path) -> list[Assessment]:
    """Every assessment in a file: a mapping, or a list of mappings."""
    text = read_text(path, ASSESSMENT_LIMIT, "assessment facts")
    data = load_document(text, str(path))
    items = data if isinstance(data, list) else [data]
    out = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise BadInput(f"{path}: item {i} is not a mapping of facts.")
        where = str(path) if len(items) == 1 else f"{path} item {i}"
        out.append(parse_assessment(item, where))
    return out


SCENARIO_DIR = Path(__file__).parent / "data" / "scenarios"


def bundled_scenarios() -> dict[str, Scenario]:
    """The example scenarios tiptiers ships (``examples/`` in the repository), by file stem."""
    return {p.stem: read_scenario(p) for p in sorted(SCENARIO_DIR.glob("*.yaml"))}


def read_scenario(path: Path | str) -> Scenario:
    """A scenario file (YAML or JSON), or the name of a bundled one ('no-waivers'); a
    BadInput or ParameterError naming the file and the wrong field."""
    from tiptiers.law.scenario import scenario_from_dict

    p = Path(path)
    if not p.exists() and (SCENARIO_DIR / f"{p.stem}.yaml").exists() and p.suffix in ("", ".yaml"):
        p = SCENARIO_DIR / f"{p.stem}.yaml"
    if not p.exists():
        names = ", ".join(sorted(q.stem for q in SCENARIO_DIR.glob("*.yaml")))
        raise BadInput(
            f"{path}: no such file; give a scenario file or a bundled scenario ({names})."
        )
    text = read_text(p, ASSESSMENT_LIMIT, "a scenario")
    if not text.strip():
        raise BadInput(f"{path}: the file is empty; see 'tiptiers schema scenario'.")
    data = load_document(text, str(p))
    try:
        return scenario_from_dict(data, id=p.stem)
    except ParameterError as exc:
        raise ParameterError(f"{path}: {exc.message}", field=exc.field) from None
