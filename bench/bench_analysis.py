"""Benchmark: the analysis over the whole record (issue 4).

Measures, after start-up (modules imported, the record loaded from the packaged data):
  - the full audit over the whole record (goal < 0.5 s),
  - the full backtest, every year predicted from the years before it (goal < 2 s),
  - the forecast of the next report, the transition matrix and the regions table,
  - the researcher's panel and the sanctions applied (issue 11),
each as the first call in the process and as the median of repeated calls. Then, end to
end in new processes (start-up, reading the database, JSON output), the median wall time
of `tiptiers audit --summary --format json`, `tiptiers forecast --backtest --format json`,
`tiptiers export --panel -o DIR` (CSV, Parquet, Stata and the Data Package) and `tiptiers
sanctions-applied --format json` beside `python -c pass`.

Prints Markdown tables. Usage: python bench/bench_analysis.py [-n 15]

With --sensitivity it prints instead the backtest of variants of the forecast model (recency
weight, prior strength, without the clock, without the law's zero) and of the baseline's
smoothing, the figures behind docs/FORECAST.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent


def in_process(fn: Callable[[], Any], n: int) -> tuple[float, float]:
    """(first call, median of the next n calls), in seconds."""
    t = time.perf_counter()
    fn()
    first = time.perf_counter() - t
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return first, statistics.median(times)


def processes(cmd: list[str], env: dict[str, str], n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=15, help="runs per measurement")
    ap.add_argument("--sensitivity", action="store_true", help="model variants, not timings")
    args = ap.parse_args()
    if args.sensitivity:
        sensitivity()
        return

    from tiptiers.analysis import audit, backtest, forecast, regions, transitions
    from tiptiers.analysis.panel import panel
    from tiptiers.analysis.sanctions_applied import sanctions_applied
    from tiptiers.countries import registry
    from tiptiers.record import packaged_record

    record, reg = packaged_record(), registry()
    cases: list[tuple[str, Callable[[], Any], float | None]] = [
        ("audit, whole record", lambda: audit(record, reg), 0.5),
        ("backtest, every year", lambda: backtest(record, reg), 2.0),
        ("forecast, next report", lambda: forecast(record, reg), None),
        ("transitions, whole record", lambda: transitions(record, reg), None),
        ("regions, one year", lambda: regions(record, reg, 2017), None),
        ("panel, whole record", lambda: panel(record, reg), None),
        ("sanctions applied, every report from 2003", lambda: sanctions_applied(record, reg), None),
    ]
    print(f"In process, after start-up ({len(record)} placements, {len(record.years)} reports):\n")
    print(f"| measurement | first call (s) | median of {args.n} (s) | goal |")
    print("|---|---:|---:|---|")
    for label, fn, goal in cases:
        first, median = in_process(fn, args.n)
        verdict = "" if goal is None else f"< {goal:g} s: {'met' if median < goal else 'MISSED'}"
        print(f"| {label} | {first:.3f} | {median:.3f} | {verdict} |")

    tmp = Path(tempfile.mkdtemp(prefix="tiptiers-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["TIPTIERS_DATABASE_URL"] = str(tmp / "bench.sqlite3")
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    tiptiers = str(BIN / "tiptiers")
    subprocess.run(
        [tiptiers, "info", "--format", "json"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    runs = max(3, args.n // 3)
    base = processes([sys.executable, "-c", "pass"], env, runs)
    print(f"\nEnd to end, new process each time (median of {runs}):\n")
    print("| command | seconds | × python -c pass |")
    print("|---|---:|---:|")
    print(f"| python -c pass | {base:.3f} | 1.0 |")
    for cmd in (
        ["audit", "--summary", "--format", "json"],
        ["forecast", "--backtest", "--format", "json"],
        ["forecast", "--format", "json"],
        ["export", "--panel", "-o", str(tmp / "panel"), "-q"],
        ["sanctions-applied", "--format", "json"],
    ):
        s = processes([tiptiers, *cmd], env, runs)
        print(f"| tiptiers {' '.join(cmd)} | {s:.3f} | {s / base:.1f} |")


def sensitivity() -> None:
    """Backtest 2003-2025 of model variants, scored on the same predictions."""
    import dataclasses
    import math

    from tiptiers.analysis.forecast_model import (
        NOT_ON_CLOCK,
        Observation,
        baseline,
        fit,
        most_likely,
        observations,
    )
    from tiptiers.record import packaged_record

    record = packaged_record()
    observed = observations(record)
    years = range(record.first_year + 2, record.last_year + 1)

    def score(variant: Callable[[list[Observation], int], Callable[[Observation], Any]]) -> str:
        ll = br = hits = 0.0
        n = 0
        for y in years:
            predict = variant(observed, y)
            for o in observed:
                if o.situation.year != y or o.outcome is None:
                    continue
                p = predict(o)
                ll -= math.log(max(p[o.outcome], 1e-15))
                br += sum((p[t] - (t is o.outcome)) ** 2 for t in p)
                hits += most_likely(p) is o.outcome
                n += 1
        return f"{ll / n:.3f} | {br / n:.3f} | {hits / n:.1%}"

    def model(decay: float, prior: float, clock: bool = True, law: bool = True) -> Any:
        def variant(obs: list[Observation], y: int) -> Callable[[Observation], Any]:
            if not clock:
                obs = [
                    Observation(dataclasses.replace(o.situation, clock=NOT_ON_CLOCK), o.outcome)
                    for o in obs
                ]
            m = fit(obs, y, decay=decay, prior=prior)

            def predict(o: Observation) -> Any:
                s = o.situation
                if not clock:
                    s = dataclasses.replace(s, clock=NOT_ON_CLOCK)
                if not law:
                    s = dataclasses.replace(s, status=None)
                return m.probabilities(s)

            return predict

        return variant

    def naive(eps: float) -> Any:
        return lambda obs, y: lambda o: baseline(o.situation.previous, eps)

    print("| variant | log-loss | Brier | accuracy |")
    print("|---|---:|---:|---:|")
    print(f"| **chosen: decay 0.7, prior 5, clock, law** | {score(model(0.7, 5))} |")
    for decay in (1.0, 0.9, 0.8, 0.6, 0.5):
        print(f"| decay {decay:g}, prior 5 | {score(model(decay, 5))} |")
    for prior in (1.0, 2.0, 10.0):
        print(f"| decay 0.7, prior {prior:g} | {score(model(0.7, prior))} |")
    print(f"| no clock (previous tier only) | {score(model(0.7, 5, clock=False))} |")
    print(f"| no clock, no decay (plain Markov chain) | {score(model(1.0, 5, clock=False))} |")
    print(
        f"| without the law's zero for a mandatory downgrade | {score(model(0.7, 5, law=False))} |"
    )
    for eps in (0.001, 0.01, 0.05, 0.1, 0.2, 0.27, 0.3):
        print(f"| baseline, ε = {eps:g} | {score(naive(eps))} |")


if __name__ == "__main__":
    main()
