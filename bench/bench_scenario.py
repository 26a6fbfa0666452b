"""Benchmark: replaying a statute scenario over the whole record (issue 14).

Goal: one scenario replayed over the whole record in under 200 ms in process, and
``POST /api/v1/scenarios/replay`` within 2x of that.

Measured, after start-up (modules imported, the packaged record loaded, no database for the
in-process figures):
  - cold: ``replay`` of the bundled 'one-year-waiver-from-2009' on a freshly built record
    (nothing memoised: the clock of every published Tier 3 and Watch List year under the law
    as enacted, the scenario's clock, both explanations of each changed country-year);
  - warm: the same replay on a record replayed once, with the law's forced placements kept
    (as the web app keeps them per revision of the record);
  - with JSON: the cold replay plus ``Replay.to_dict()`` (both traces of every change);
  - each bundled scenario, cold;
  - the API: the POST through FastAPI's TestClient (JSON with traces), over a SQLite copy of
    the record, after one request to warm the app.

Prints Markdown tables. Usage: python bench/bench_scenario.py [-n 15]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCENARIO = "one-year-waiver-from-2009"


def fresh(record: Any) -> Any:
    """A new Record with the same content (so nothing memoised carries over)."""
    from tiptiers.model import Record

    return Record.build(record.placements.values(), record.coverage.values(), record.roles)


def timed(fn: Callable[[], Any], n: int) -> tuple[float, float]:
    """(median, best) wall time of ``fn`` in milliseconds."""
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=15, help="runs per measurement")
    args = ap.parse_args()

    from tiptiers import api
    from tiptiers.law.scenario import forced_tier3, replay
    from tiptiers.law_files import bundled_scenarios
    from tiptiers.record import packaged_record

    record = packaged_record()
    scenarios = bundled_scenarios()
    scenario = scenarios[SCENARIO]
    rows: list[tuple[str, float, float]] = []

    rows.append(
        ("cold: replay on a fresh record", *timed(lambda: replay(fresh(record), scenario), args.n))
    )
    warm = fresh(record)
    forced = forced_tier3(warm)
    replay(warm, scenario, forced=forced)
    rows.append(
        (
            "warm: the law's forced placements kept",
            *timed(lambda: replay(warm, scenario, forced=forced), args.n),
        )
    )
    rows.append(
        (
            "cold, plus the JSON with both traces",
            *timed(lambda: replay(fresh(record), scenario).to_dict(), args.n),
        )
    )
    for name, s in scenarios.items():
        if name != SCENARIO:
            rows.append((f"cold: {name}", *timed(lambda s=s: replay(fresh(record), s), args.n)))

    from fastapi.testclient import TestClient

    from tiptiers.web.app import create_app

    with tempfile.TemporaryDirectory(prefix="tiptiers-bench-") as tmp:
        client = TestClient(create_app(str(Path(tmp) / "bench.sqlite3")))
        body = {"scenario": SCENARIO}
        assert client.post("/api/v1/scenarios/replay", json=body).status_code == 200
        rows.append(
            (
                "API: POST /api/v1/scenarios/replay (JSON with traces)",
                *timed(lambda: client.post("/api/v1/scenarios/replay", json=body), args.n),
            )
        )
    del api

    changes = len(replay(record, scenario).changes)
    print(
        f"Scenario '{SCENARIO}' over the whole record ({len(record)} placements,"
        f" {record.first_year}-{record.last_year}; {changes} changed country-years)\n"
    )
    print(f"| measurement (median of {args.n}) | median ms | best ms |")
    print("|---|---:|---:|")
    for label, med, best in rows:
        print(f"| {label} | {med:.0f} | {best:.0f} |")


if __name__ == "__main__":
    main()
