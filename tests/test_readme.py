"""The README's five examples and docs/EXAMPLES.md's transcript produce exactly the output shown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


@pytest.mark.slow
def test_examples_are_current() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_examples.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr + "\n(run: python scripts/readme_examples.py)"


def test_readme_gives_the_two_set_up_commands() -> None:
    text = README.read_text()
    assert "make run" in text and "make test" in text


def test_readme_is_read_in_five_minutes_with_five_examples() -> None:
    text = README.read_text()
    assert len(re.findall(r"<!-- example: ", text)) == 5
    prose = re.sub(r"<!-- example: .*?<!-- /example -->", "", text, flags=re.S)
    assert len(prose.splitlines()) <= 80, "the README's prose outgrew a five-minute read"


def test_readme_links_lead_somewhere() -> None:
    links = re.findall(r"\]\(([\w./-]+\.md)\)", README.read_text())
    assert "docs/EXAMPLES.md" in links
    missing = [link for link in links if not (ROOT / link).exists()]
    assert not missing, missing
