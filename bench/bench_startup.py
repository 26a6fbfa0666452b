"""Benchmark: start-up of the CLI and first-run seeding (issue 2).

Measures, in the same run, the median wall time of:
  - `python -c pass` (the yardstick),
  - `python -c "import tiptiers"`,
  - a cold `tiptiers country CHN --format json` and `tiptiers year 2017 --format json`
    (new process each time, existing database),
  - seeding a fresh database (first use), in a new process.
Prints a Markdown table with ratios to `python -c pass`. Usage: python bench/bench_startup.py [-n 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict[str, str], n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=15, help="runs per measurement")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tiptiers-bench-"))
    # Bytecode as after a normal install: pip compiles it, but this machine sets
    # PYTHONDONTWRITEBYTECODE, so the benchmark keeps its own cache (warmed by the first run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["TIPTIERS_DATABASE_URL"] = str(tmp / "bench.sqlite3")
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    tiptiers = str(BIN / "tiptiers")
    subprocess.run(
        [tiptiers, "info", "--format", "json"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    rows = []
    base = timed([sys.executable, "-c", "pass"], env, args.n)
    rows.append(("python -c pass", base))
    rows.append(
        (
            "python -c 'import tiptiers'",
            timed([sys.executable, "-c", "import tiptiers"], env, args.n),
        )
    )
    rows.append(("tiptiers --help", timed([tiptiers, "--help"], env, args.n)))
    rows.append(
        (
            "tiptiers country CHN --format json",
            timed([tiptiers, "country", "CHN", "--format", "json"], env, args.n),
        )
    )
    rows.append(
        (
            "tiptiers year 2017 --format json",
            timed([tiptiers, "year", "2017", "--format", "json"], env, args.n),
        )
    )
    seeds = []
    for i in range(max(3, args.n // 3)):
        e = {**env, "TIPTIERS_DATABASE_URL": str(tmp / f"seed{i}.sqlite3")}
        t = time.perf_counter()
        subprocess.run(
            [tiptiers, "info", "--format", "json"], env=e, check=True, stdout=subprocess.DEVNULL
        )
        seeds.append(time.perf_counter() - t)
    rows.append(("first run: seed a fresh database (tiptiers info)", statistics.median(seeds)))
    print(f"| measurement (median of {args.n}) | seconds | × python -c pass |")
    print("|---|---|---|")
    for name, sec in rows:
        print(f"| {name} | {sec:.3f} | {sec / base:.1f}× |")


if __name__ == "__main__":
    main()
