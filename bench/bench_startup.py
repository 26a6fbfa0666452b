"""Benchmark: start-up of the CLI and first-run seeding (issues 2 and 17).

Measures, in the same run and paired (each round runs every command once, one after the
other, so a busy moment slows them alike), the median wall time and the median CPU time
(user + system of the child) of:
  - `python -c pass` (the yardstick),
  - `python -c "import tiptiers"`,
  - a cold `tiptiers country CHN --format json` and `tiptiers year 2017 --format json`
    (new process each time, existing database),
  - seeding a fresh database (first use), in a new process.
Prints a Markdown table with each command's paired ratio to `python -c pass` (the median of
the per-round ratios), by wall time and by CPU time; on a loaded machine the CPU ratio is
the steadier. Usage: python bench/bench_startup.py [-n 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd`` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=15, help="runs per measurement")
    ap.add_argument(
        "--src",
        help="measure the tiptiers in this source directory (e.g. an older checkout's src/)"
        " instead of the installed one",
    )
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tiptiers-bench-"))
    # Bytecode as after a normal install: pip compiles it, but this machine sets
    # PYTHONDONTWRITEBYTECODE, so the benchmark keeps its own cache (warmed by the first run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["TIPTIERS_DATABASE_URL"] = str(tmp / "bench.sqlite3")
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    cli = [str(BIN / "tiptiers")]
    if args.src:
        env["PYTHONPATH"] = str(Path(args.src).resolve())
        cli = [sys.executable, "-c", "from tiptiers.cli import run; run()"]
    subprocess.run(
        [*cli, "info", "--format", "json"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import tiptiers'": [sys.executable, "-c", "import tiptiers"],
        "tiptiers --help": [*cli, "--help"],
        "tiptiers country CHN --format json": [*cli, "country", "CHN", "--format", "json"],
        "tiptiers year 2017 --format json": [*cli, "year", "2017", "--format", "json"],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.n):
        for name, cmd in commands.items():
            wall, cpu = run_once(cmd, env)
            walls[name].append(wall)
            cpus[name].append(cpu)

    def paired(xs: dict[str, list[float]], name: str) -> float:
        base = xs["python -c pass"]
        return statistics.median(x / b for x, b in zip(xs[name], base, strict=True))

    seeds = []
    for i in range(max(3, args.n // 3)):
        e = {**env, "TIPTIERS_DATABASE_URL": str(tmp / f"seed{i}.sqlite3")}
        t = time.perf_counter()
        subprocess.run(
            [*cli, "info", "--format", "json"], env=e, check=True, stdout=subprocess.DEVNULL
        )
        seeds.append(time.perf_counter() - t)
    seed = statistics.median(seeds)
    base_wall = statistics.median(walls["python -c pass"])
    load = os.getloadavg()[0]
    print(
        f"| measurement (median of {args.n}, paired; load average {load:.1f}) | wall (s) |"
        " × pass (wall) | CPU (s) | × pass (CPU) |"
    )
    print("|---|---:|---:|---:|---:|")
    for name in commands:
        print(
            f"| {name} | {statistics.median(walls[name]):.3f} | {paired(walls, name):.1f}× |"
            f" {statistics.median(cpus[name]):.3f} | {paired(cpus, name):.1f}× |"
        )
    print(
        f"| first run: seed a fresh database (tiptiers info) | {seed:.3f} |"
        f" {seed / base_wall:.1f}× | | |"
    )


if __name__ == "__main__":
    main()
