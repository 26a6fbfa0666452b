"""Keep the README's example commands and their output true.

The README holds example blocks between ``<!-- example: ARGS -->`` and
``<!-- /example -->``; this script runs ``tiptiers ARGS`` (100 columns, no colour, a fresh
database in a temporary directory, the temporary directory as the working directory) and
writes the command and its output into the block. ``--check`` exits 1 if any block is stale
(the test suite runs it).

    python scripts/readme_examples.py           # rewrite README.md
    python scripts/readme_examples.py --check   # verify
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- example: (?P<args>.*?) -->\n)(?P<body>.*?)(<!-- /example -->)", re.S)
TIPTIERS = Path(sys.executable).parent / "tiptiers"


def run(args: str, workdir: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(
        [str(TIPTIERS), *shlex.split(args)],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = (proc.stdout + proc.stderr).replace(str(workdir), ".")
    lines = [line.rstrip() for line in out.splitlines()]
    text = "\n".join(lines).strip("\n")
    return f"```console\n$ tiptiers {args}\n{text}\n```\n"


def render(readme: str) -> str:
    with tempfile.TemporaryDirectory(prefix="tiptiers-readme-") as tmp:
        work = Path(tmp)
        env = {
            **os.environ,
            "COLUMNS": "100",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "TIPTIERS_DATABASE_URL": str(work / "tiptiers.sqlite3"),
        }
        env.pop("FORCE_COLOR", None)
        (work / "article.txt").write_text((ROOT / "docs" / "examples" / "article.txt").read_text())
        return BLOCK.sub(
            lambda m: m.group(1) + run(m.group("args"), work, env) + m.group(4), readme
        )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--check", action="store_true", help="exit 1 if README.md is stale")
    args = ap.parse_args()
    current = README.read_text()
    fresh = render(current)
    if args.check:
        if fresh != current:
            sys.stderr.write(
                "README.md examples are stale: run python scripts/readme_examples.py\n"
            )
            return 1
        return 0
    README.write_text(fresh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
