"""No rule module holds a statute year or count as a literal: the numbers and switches of
the law live in ``law/parameters/*.yaml`` (read through :mod:`tiptiers.law.versions`), so a
lawyer's change to one file reaches every rule, and a scenario can override them.

The lint reads the code (not docstrings) of ``law/``, ``news/`` and ``analysis/`` and fails on
- a whole number that looks like a report year (1990-2100);
- a text that dates a rule ('before the 2004 report', 'from 2009');
- a count used as a fallback (``x or 2``) or compared with a length (``len(run) >= 2``).
A line may opt out with a ``# not statute: <why>`` comment saying why the number is not law.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tiptiers"
PACKAGES = ("law", "news", "analysis")
# Generated data, and the table of statute versions (each with its enactment and first report).
EXEMPT = {"law/parameter_values.py"}
VERSION_TABLE = "law/versions.py"
YEAR = range(1990, 2100)  # 2100 and beyond: a sanity bound, not a statute year
DATED_TEXT = re.compile(
    r"\b(?:before|from|after|until|since|begins with|starting in|first used in)"
    r" (?:the )?(?:19|20)\d\d(?: report)?\b"
)
OPT_OUT = "# not statute:"


def _modules() -> list[Path]:
    return sorted(
        p
        for pkg in PACKAGES
        for p in (SRC / pkg).rglob("*.py")
        if p.relative_to(SRC).as_posix() not in EXEMPT
    )


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def statute_literals(path: Path) -> list[str]:
    """Every line of ``path`` that holds a statute year or count as a literal."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    docs = _docstrings(tree)
    rel = path.relative_to(SRC).as_posix()
    hits: list[tuple[int, str]] = []

    def is_int(node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int)
            and not isinstance(node.value, bool)
        )

    # counts are checked in rule modules: law/ and the modules that apply it
    rule_module = rel.startswith("law/") or "tiptiers.law" in text
    table_lines: set[int] = set()
    if rel == VERSION_TABLE:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StatuteVersion":
                table_lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    for node in ast.walk(tree):
        if id(node) in docs or getattr(node, "lineno", None) in table_lines:
            continue
        if is_int(node) and node.value in YEAR:  # type: ignore[attr-defined]
            hits.append((node.lineno, f"year literal {node.value}"))  # type: ignore[attr-defined]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            m = DATED_TEXT.search(node.value)
            if m:
                hits.append((node.lineno, f"dated text {m.group(0)!r}"))
        elif rule_module and isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            for v in node.values[1:]:
                if is_int(v) and v.value >= 1:  # type: ignore[attr-defined]
                    hits.append((node.lineno, f"count fallback 'or {v.value}'"))  # type: ignore[attr-defined]
        elif rule_module and isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            has_len = any(
                isinstance(s, ast.Call) and getattr(s.func, "id", "") == "len" for s in sides
            )
            for s in sides:
                if has_len and is_int(s) and s.value >= 2:  # type: ignore[attr-defined]
                    hits.append((node.lineno, f"count {s.value} compared with a length"))  # type: ignore[attr-defined]
    return [
        f"{rel}:{n}: {what}: {lines[n - 1].strip()}"
        for n, what in sorted(set(hits))
        if OPT_OUT not in lines[n - 1]
    ]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_rule_code_holds_no_statute_year_or_count(path: Path) -> None:
    found = statute_literals(path)
    assert not found, "statute literals in rule code (move them to law/parameters/):\n" + "\n".join(
        found
    )


def test_the_lint_catches_what_it_says(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        '"""A docstring may say 2009."""\n'
        "def f(y, n, run):\n"
        "    if y < 2004:\n"
        "        return 'no Watch List before the 2004 report'\n"
        "    limit = n or 2\n"
        "    return len(run) >= 2\n"
        "ok = 2015  # not statute: a fixture year\n"
        "from tiptiers.law import versions\n"
    )
    found = statute_literals_at(bad)
    assert [f.split(": ")[1] for f in found] == [
        "year literal 2004",
        "dated text 'before the 2004 report'",
        "count fallback 'or 2'",
        "count 2 compared with a length",
    ]


def statute_literals_at(path: Path) -> list[str]:
    """:func:`statute_literals` for a file outside the package (the lint's own test)."""
    global SRC
    saved = SRC
    SRC = path.parent
    try:
        return statute_literals(path)
    finally:
        SRC = saved
