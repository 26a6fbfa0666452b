"""Read assessment files (YAML or JSON; one assessment or a list) for the law engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tiptiers.errors import BadInput
from tiptiers.law.assessment import Assessment, parse_assessment


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
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot be read ({exc.__class__.__name__}).") from None
    data = load_document(text, str(path))
    items = data if isinstance(data, list) else [data]
    out = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise BadInput(f"{path}: item {i} is not a mapping of facts.")
        where = str(path) if len(items) == 1 else f"{path} item {i}"
        out.append(parse_assessment(item, where))
    return out
