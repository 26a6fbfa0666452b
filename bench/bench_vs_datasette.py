"""Benchmark: the REST API's lead over Datasette, both servers in the same run (issue 27).

Starts ``tiptiers serve`` (one uvicorn process, a fresh SQLite database) and Datasette 0.65
(one process, serving a copy of that same SQLite file, immutable) on 127.0.0.1, and drives
both with the keep-alive load generator of ``bench_web.py``: 16 connections, at most
``--requests`` requests per endpoint and round, rounds alternated between the servers so
that both see the same machine load. Measured:

  - tiptiers ``/healthz`` (the trivial endpoint),
  - tiptiers ``/api/v1/countries/CHN`` (a country's history) and ``/api/v1/years/2017``,
  - Datasette ``/<db>/placements.json?iso3=CHN`` (the same country's rows from the same
    table; Datasette's default JSON, ``_size=max`` off).

Goals: tiptiers' country endpoint at least 10x Datasette's rate for the same rows, and each
data endpoint at least 80% of ``/healthz``. Prints a Markdown table and the two ratios
(median of the rounds). Datasette is a bench-only dependency: ``pip install -e '.[bench]'``.

Usage: python bench/bench_vs_datasette.py [--rounds 3] [--requests 4000] [--concurrency 16]
[--seconds 20]. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import HOST, Round, load, start_server, wait_ready

TIPTIERS = ("/healthz", "/api/v1/countries/CHN", "/api/v1/years/2017")
DATA = ("/api/v1/countries/CHN", "/api/v1/years/2017")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_datasette(db: Path) -> tuple[subprocess.Popen[bytes], int]:
    exe = shutil.which("datasette") or str(Path(sys.executable).with_name("datasette"))
    if not Path(exe).exists():
        raise SystemExit("Datasette is not installed: pip install -e '.[bench]'")
    port = _free_port()
    proc = subprocess.Popen(
        [exe, "serve", "-i", str(db), "-h", HOST, "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(400):
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("Datasette did not start")


async def run(
    args: argparse.Namespace, ours: int, theirs: int, ds_path: str
) -> dict[str, list[Round]]:
    await wait_ready(ours)
    targets = [(ours, p) for p in TIPTIERS] + [(theirs, ds_path)]
    for port, path in targets:  # warm-up (the app's memo; Datasette's first connection)
        await load(port, path, 4, 200, 10)
    results: dict[str, list[Round]] = {f"{port}{path}": [] for port, path in targets}
    for _ in range(args.rounds):  # alternated: each round measures every endpoint once
        for port, path in targets:
            results[f"{port}{path}"].append(
                await load(port, path, args.concurrency, args.requests, args.seconds)
            )
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--requests", type=int, default=4000, help="per endpoint and round")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=20.0, help="time limit per round")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "tiptiers.sqlite3"
        ours_proc, ours = start_server(str(db), 1)
        try:
            asyncio.run(wait_ready(ours))
            copy = Path(tmp) / "ds.db"
            shutil.copy(db, copy)  # the same rows, a file of its own (Datasette opens it)
            ds_proc, theirs = start_datasette(copy)
            try:
                ds_path = "/ds/placements.json?iso3=CHN"
                results = asyncio.run(run(args, ours, theirs, ds_path))
            finally:
                ds_proc.terminate()
                ds_proc.wait(timeout=10)
        finally:
            ours_proc.terminate()
            ours_proc.wait(timeout=10)

    def rps(key: str) -> float:
        return statistics.median(r.rps for r in results[key])

    rows = [(f"tiptiers `{p}`", f"{ours}{p}") for p in TIPTIERS]
    rows.append((f"Datasette `{ds_path}`", f"{theirs}{ds_path}"))
    health = rps(f"{ours}/healthz")
    print(
        f"{args.concurrency} connections, keep-alive, {args.rounds} alternated rounds of up to"
        f" {args.requests} requests per endpoint (medians of the rounds); 127.0.0.1, one"
        f" process each; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at"
        " the end.\n"
    )
    print("| endpoint | req/s | vs /healthz | p50 (ms) | p99 (ms) | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, key in rows:
        rounds = results[key]
        p50 = statistics.median(r.percentile(0.50) for r in rounds)
        p99 = statistics.median(r.percentile(0.99) for r in rounds)
        errors = sum(r.errors for r in rounds)
        print(
            f"| {label} | {rps(key):,.0f} | {rps(key) / health:.2f} | {p50:.1f} | {p99:.1f}"
            f" | {errors} |"
        )
    lead = rps(f"{ours}/api/v1/countries/CHN") / rps(f"{theirs}{ds_path}")
    worst = min(rps(f"{ours}{p}") for p in DATA) / health
    print(
        f"\ntiptiers / Datasette, the same country's rows: **{lead:.1f}x** (goal >= 10x:"
        f" {'met' if lead >= 10 else 'NOT met'}); the slower data endpoint at"
        f" **{worst:.0%}** of /healthz (goal >= 80%: {'met' if worst >= 0.8 else 'NOT met'})."
    )


if __name__ == "__main__":
    main()
