"""Keep the example commands of README.md and docs/EXAMPLES.md, and their output, true.

Both files hold example blocks between ``<!-- example: ARGS -->`` and ``<!-- /example -->``;
this script runs ``tiptiers ARGS`` (100 columns, no colour, a fresh database in a temporary
directory, the temporary directory as the working directory) and writes the command and its
output into the block. A command that appears in both files runs once. ``--check`` exits 1
if any block is stale (the test suite runs it).

    python scripts/readme_examples.py           # rewrite README.md and docs/EXAMPLES.md
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
DOCUMENTS = (ROOT / "README.md", ROOT / "docs" / "EXAMPLES.md")
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


def render(texts: list[str]) -> list[str]:
    """Each text with its example blocks rewritten from a fresh run of their commands."""
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
        outputs: dict[str, str] = {}

        def block(m: re.Match[str]) -> str:
            args = m.group("args")
            if args not in outputs:
                outputs[args] = run(args, work, env)
            return m.group(1) + outputs[args] + m.group(4)

        return [BLOCK.sub(block, text) for text in texts]


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--check", action="store_true", help="exit 1 if an example is stale")
    args = ap.parse_args()
    current = [path.read_text() for path in DOCUMENTS]
    fresh = render(current)
    stale = [path for path, old, new in zip(DOCUMENTS, current, fresh, strict=True) if old != new]
    if args.check:
        for path in stale:
            sys.stderr.write(
                f"{path.relative_to(ROOT)}: examples are stale: run python scripts/readme_examples.py\n"
            )
        return 1 if stale else 0
    for path, text in zip(DOCUMENTS, fresh, strict=True):
        path.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
