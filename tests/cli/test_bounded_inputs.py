"""No input file makes a command read without end: /dev/zero (or any file over the limit of
its kind) is refused in one line, exit 2, and nothing is written."""

from __future__ import annotations

import os

import pytest

from tiptiers.cli import main

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["import", "/dev/zero"], "an import file"),
        (["evaluate", "/dev/zero"], "assessment facts"),
        (["check-news", "/dev/zero"], "one article"),
        (["scenario", "/dev/zero"], "a scenario"),
    ],
)
def test_an_endless_file_is_refused_in_one_line(
    args: list[str], what: str, tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = os.path.join(tmp_path, "db.sqlite3")
    code = main([*args, "--db", db])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("tiptiers: /dev/zero: larger than ") and f"too large for {what}" in err
    assert err.count("\n") == 1
