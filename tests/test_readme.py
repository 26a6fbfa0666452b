"""The README's example commands produce exactly the output the README shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_examples_are_current() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_examples.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr + "\n(run: python scripts/readme_examples.py)"


def test_readme_gives_the_two_set_up_commands() -> None:
    text = (ROOT / "README.md").read_text()
    assert "make run" in text and "make test" in text
