"""Golden CLI output of the law commands: the text a user sees, pinned.

``tiptiers explain CHN 2013`` and ``tiptiers clock 2013``, as tables (at a fixed terminal
width of 120 columns, no colour) and as JSON, run as a user runs them: the venv's
``tiptiers`` in a new process, on a fresh SQLite database seeded from the packaged data.
The pinned output lives in ``tests/law/golden/``. After an intended change, rewrite it with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/law/test_golden.py

and review the diff before committing it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).with_name("golden")
TIPTIERS = Path(sys.executable).with_name("tiptiers")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

COMMANDS = {
    "explain_CHN_2013.txt": ["explain", "CHN", "2013"],
    "explain_CHN_2013.json": ["explain", "CHN", "2013", "--format", "json"],
    "clock_2013.txt": ["clock", "2013"],
    "clock_2013.json": ["clock", "2013", "--format", "json"],
}


@pytest.fixture(scope="module")
def run_cli(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Run ``tiptiers ARGS --db <fresh SQLite file>`` at 120 columns without colour."""
    home = tmp_path_factory.mktemp("golden")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPTIERS_")}
    env.update(
        {
            "COLUMNS": "120",
            "LINES": "50",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "XDG_DATA_HOME": str(home / "xdg"),
        }
    )
    env.pop("FORCE_COLOR", None)
    db = str(home / "golden.sqlite3")

    def run(args: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(TIPTIERS), *args, "--db", db],
            cwd=home,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_golden_output(name: str, run_cli) -> None:  # type: ignore[no-untyped-def]
    """The command prints exactly the pinned text (UPDATE_GOLDEN=1 rewrites it)."""
    done = run_cli(COMMANDS[name])
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    if name.endswith(".json"):
        json.loads(done.stdout)
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(done.stdout, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert done.stdout == expected, (
        f"`tiptiers {' '.join(COMMANDS[name])}` differs from golden/{name};"
        " if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff"
    )


def test_golden_files_say_what_the_law_says() -> None:
    """The pinned output itself carries the legal outcome, so a careless UPDATE_GOLDEN=1
    cannot pin a wrong answer: China 2013 is a mandatory automatic downgrade, and China,
    Russia and Uzbekistan are the 2013 clock's mandatory downgrades."""
    explain = json.loads((GOLDEN / "explain_CHN_2013.json").read_text(encoding="utf-8"))
    assert explain["tier"] == "3"
    assert explain["watch_list"]["status"] == "downgrade_mandatory"
    assert explain["watch_list"]["downgrade_mandatory"] is True
    assert explain["watch_list"]["streak_years"] == [2009, 2010, 2011, 2012]
    table = (GOLDEN / "explain_CHN_2013.txt").read_text(encoding="utf-8")
    assert "mandatory (automatic)" in table
    assert "22 U.S.C. 7107(b)(2)(D)(i)" in table
    assert max(len(line) for line in table.splitlines()) <= 120
    clock = json.loads((GOLDEN / "clock_2013.json").read_text(encoding="utf-8"))
    mandatory = {e["iso3"] for e in clock if e["status"] == "downgrade_mandatory"}
    assert {"CHN", "RUS", "UZB"} <= mandatory
    clock_table = (GOLDEN / "clock_2013.txt").read_text(encoding="utf-8")
    assert "could not stay on the Watch List" in clock_table and "Uzbekistan" in clock_table
