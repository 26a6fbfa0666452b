"""The schema-driven attack of issue 27, rerunnable: schemathesis over the whole OpenAPI
document of the app, in process (ASGI, no network), over a fresh SQLite database.

Every operation is driven in positive mode (what the schema allows: it must be accepted,
"valid request rejected" otherwise) and negative mode (what it does not allow), each with
``--examples`` derandomised cases (fewer where Hypothesis runs out of different inputs; an
operation without parameters has no negative mode); every response is checked for a server
error. With the default 100 examples about 10,000 cases are run (the issue's attack).

    python bench/attack_fuzz.py                      # ~10,000 cases, a summary at the end
    python bench/attack_fuzz.py --examples 5 --only 'POST /api/v1/evaluate'

Prints the counts of cases, server errors and rejected valid requests, and one line per
distinct failure (operation, check, status, the answer's first line) with its count and an
example request body. Exit 1 if any failure was found.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, positive_data_acceptance


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--examples", type=int, default=100, help="cases per operation and mode")
    p.add_argument("--only", action="append", default=[], help="an operation label (repeat)")
    p.add_argument("--seed-random", action="store_true", help="random, not derandomised")
    args = p.parse_args(argv)

    from tiptiers.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(str(Path(tmp) / "fuzz.sqlite3"))
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = {op.label: op for op in (r.ok() for r in schema.get_all_operations())}
        labels = args.only or sorted(operations)
        cases = 0
        failures: Counter[tuple[str, str, int, str]] = Counter()
        bodies: dict[tuple[str, str, int, str], Any] = {}
        counts = Counter[str]()
        statuses = Counter[tuple[str, int]]()
        started = time.perf_counter()
        for label in labels:
            operation = operations[label]
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

                @given(case=operation.as_strategy(generation_mode=mode))
                @settings(
                    max_examples=args.examples,
                    deadline=None,
                    derandomize=not args.seed_random,
                    database=None,
                    suppress_health_check=list(HealthCheck),
                )
                def run(case: schemathesis.Case) -> None:
                    nonlocal cases
                    cases += 1
                    response = case.call()
                    positive = case.meta is not None and case.meta.generation.mode.is_positive
                    statuses[("positive" if positive else "negative", response.status_code)] += 1
                    checks = [not_a_server_error]
                    if positive:
                        checks.append(positive_data_acceptance)
                    try:
                        case.validate_response(response, checks=checks)
                    except (AssertionError, BaseExceptionGroup) as exc:
                        for failure in getattr(exc, "exceptions", [exc]):
                            kind = type(failure).__name__
                            first = response.text.splitlines()[0][:160] if response.text else ""
                            key = (case.operation.label, kind, response.status_code, first)
                            failures[key] += 1
                            counts[kind] += 1
                            bodies.setdefault(key, case.body)

                try:
                    run()
                except Unsatisfiable:  # no parameters: nothing invalid to send
                    pass
                except Exception as exc:  # report, go on
                    print(f"{label} {mode.value}: {type(exc).__name__}: {exc}", file=sys.stderr)
        elapsed = time.perf_counter() - started
    print(
        f"{cases} cases over {len(labels)} operations in {elapsed:.0f} s:"
        f" {counts['ServerError']} server errors,"
        f" {counts['RejectedPositiveData']} valid requests rejected"
    )
    print("  answers:", ", ".join(f"{m} {st}: {n}" for (m, st), n in sorted(statuses.items())))
    for (label, kind, status, first), n in failures.most_common():
        body = bodies[(label, kind, status, first)]
        shown = json.dumps(body, default=str)[:300] if body is not None else "-"
        print(f"  {n:4d} × {label} {kind} {status}: {first}\n         body: {shown}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
