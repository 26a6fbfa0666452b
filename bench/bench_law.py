"""Benchmark: the law engine replaying the whole record (issue 3).

Replays every country-year of the packaged record (every country in it x every report
year, 2001-2025, published or not) through ``tiptiers.law.explain.explain``, which builds
each decision with its trace, and reports country-years per second and the total time.
Goal: the whole record in under 100 ms after start-up.

Measured, in one process after start-up (modules imported, the record loaded from the
packaged data, no database):
  - cold: the first replay on a freshly built record (no memoised lookups), repeated on a
    new record each run;
  - warm: a replay on a record already replayed once (its lookups memoised);
  - with JSON: the cold replay plus ``Decision.to_dict()`` for every decision;
  - published only: the 3,811 published placements (cold);
  - the Watch List clock for every report year (``clock()``, cold);
and the start-up itself (import + load, in new processes).

Prints Markdown tables. Usage: python bench/bench_law.py [-n 15] [--profile]
``--profile`` prints instead the cProfile of one cold replay (top entries by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

STARTUP = (
    "import time; t = time.perf_counter();"
    " from tiptiers.record import packaged_record; import tiptiers.law.explain;"
    " packaged_record(); print(time.perf_counter() - t)"
)


def fresh(record: Any) -> Any:
    """A new Record with the same content (so nothing memoised carries over)."""
    from tiptiers.model import Record

    return Record.build(record.placements.values(), record.coverage.values(), record.roles)


def replay(record: Any, pairs: list[tuple[str, int]], as_json: bool = False) -> int:
    from tiptiers.law.explain import explain

    n = 0
    for iso3, year in pairs:
        d = explain(record, iso3, year)
        if as_json:
            d.to_dict()
        n += 1
    return n


def timed(setup: Callable[[], Any], run: Callable[[Any], Any], n: int) -> list[float]:
    """n timings of run(setup()), the setup not timed."""
    times = []
    for _ in range(n):
        arg = setup()
        t = time.perf_counter()
        run(arg)
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=15, help="runs per measurement")
    ap.add_argument("--profile", action="store_true", help="profile one cold replay")
    args = ap.parse_args()

    from tiptiers.law.explain import clock
    from tiptiers.record import packaged_record

    base = packaged_record()
    pairs = [(c, y) for c in base.countries for y in base.years]
    published = [(p.iso3, p.year) for p in base]

    if args.profile:
        record = fresh(base)
        prof = cProfile.Profile()
        prof.enable()
        replay(record, pairs)
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(15)
        print(out.getvalue())
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(15)
        print(out.getvalue())
        return

    startups = []
    for _ in range(max(5, args.n // 3)):
        done = subprocess.run(
            [sys.executable, "-c", STARTUP], check=True, capture_output=True, text=True
        )
        startups.append(float(done.stdout))

    def warm_record() -> Any:
        r = fresh(base)
        replay(r, pairs)
        return r

    rows: list[tuple[str, int, list[float]]] = [
        (
            "cold: every country-year, explained with its trace",
            len(pairs),
            timed(lambda: fresh(base), lambda r: replay(r, pairs), args.n),
        ),
        (
            "warm: the same, on a record replayed once",
            len(pairs),
            timed(warm_record, lambda r: replay(r, pairs), args.n),
        ),
        (
            "cold, plus the JSON trace (Decision.to_dict)",
            len(pairs),
            timed(lambda: fresh(base), lambda r: replay(r, pairs, as_json=True), args.n),
        ),
        (
            "cold: published placements only",
            len(published),
            timed(lambda: fresh(base), lambda r: replay(r, published), args.n),
        ),
        (
            "cold: the Watch List clock for every report year",
            len(base.years),
            timed(lambda: fresh(base), lambda r: [clock(r, y) for y in r.years], args.n),
        ),
    ]
    print(
        f"Record: {len(base.countries)} countries x {len(base.years)} reports ="
        f" {len(pairs)} country-years ({len(published)} published placements)."
    )
    print()
    print(
        f"| measurement (after start-up; {args.n} runs) | items | median ms | best ms"
        " | items/s (median) | goal |"
    )
    print("|---|---:|---:|---:|---:|---|")
    for label, count, times in rows:
        med = statistics.median(times)
        goal = ""
        if label.startswith("cold: every"):
            goal = f"< 100 ms: {'met' if med < 0.100 else 'NOT met'} (median)"
        print(
            f"| {label} | {count} | {med * 1000:.1f} | {min(times) * 1000:.1f}"
            f" | {count / med:,.0f} | {goal} |"
        )
    print()
    print(
        f"Start-up (new process: import tiptiers.law, load the packaged record), median of"
        f" {len(startups)}: {statistics.median(startups) * 1000:.0f} ms."
    )


if __name__ == "__main__":
    main()
