"""Benchmark: a query's cost grows with the rows it touches, not with the database (issue 17).

Builds SQLite databases holding the packaged record 1x, 10x and 100x over (the copies are
synthetic countries with codes no real country has, placed as the real ones were), then
measures at each size, in process after a warm-up, the median of ``-n`` runs of:

  - one country's history (``tiptiers country CHN``): its rows only, 25 of them at every size;
  - one year's placements (``tiptiers year 2017``): that year's rows, which grow with the copies;
  - the whole record built (what ``audit`` or the web app's start-up reads), with the
    garbage collector kept out as the store does, and with it running as before;

and ``tiptiers country CHN --format json`` end to end in a new process. Prints a Markdown
table. Usage: python bench/bench_growth.py [-n 7] [--sizes 1,10,100]
"""

from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tiptiers.countries import registry
from tiptiers.queries.history import country_history
from tiptiers.store import Store
from tiptiers.store.read import read_part

BIN = Path(sys.executable).parent
ALPHABET = string.digits + string.ascii_lowercase  # real ISO3 codes are upper case


def synthetic_codes(n: int) -> list[str]:
    return [a + b + c for a in ALPHABET for b in ALPHABET for c in ALPHABET][:n]


def build(path: Path, copies: int) -> int:
    """A database with the packaged record and ``copies - 1`` synthetic copies of it."""
    Store.open(str(path)).close()
    con = sqlite3.connect(path)
    rows = con.execute(
        "SELECT iso3, year, tier, source, waiver, auto_downgrade, flag_basis,"
        " sanctions_full_waiver FROM placements"
    ).fetchall()
    real = sorted({r[0] for r in rows})
    codes = iter(synthetic_codes(len(real) * (copies - 1)))
    with con:
        for _ in range(copies - 1):
            alias = {iso3: next(codes) for iso3 in real}
            con.executemany(
                "INSERT INTO countries (iso3, name) VALUES (?, ?)",
                [(code, f"Synthetic {code}") for code in alias.values()],
            )
            con.executemany(
                "INSERT INTO placements VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(alias[r[0]], *r[1:]) for r in rows],
            )
        con.execute("UPDATE meta SET revision = revision + 1")
    total = int(con.execute("SELECT count(*) FROM placements").fetchone()[0])
    con.close()
    return total


def median_ms(fn: Callable[[], object], n: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def whole_record(store: Store, collector: bool) -> Callable[[], object]:
    def load() -> object:
        store._cache = None  # read again, every time
        if not collector:
            return store.record()
        from tiptiers.store import read

        gc.unfreeze()
        return read.read_with_sqlite3(store, None)

    return load


def cli_ms(db: Path, n: int) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(db.parent / "pycache")
    cmd = [str(BIN / "tiptiers"), "country", "CHN", "--format", "json", "--db", str(db)]
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=7, help="runs per measurement")
    ap.add_argument("--sizes", default="1,10,100", help="copies of the record, e.g. 1,10,100")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tiptiers-growth-"))
    reg = registry()
    print(
        "| data | rows | one country (ms) | one year (ms, rows) | whole record (ms) |"
        " whole record, gc on (ms) | `country CHN` new process (ms) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for copies in (int(s) for s in args.sizes.split(",")):
        db = tmp / f"x{copies}.sqlite3"
        total = build(db, copies)
        store = Store.open(str(db))
        country = median_ms(
            lambda s=store: country_history(read_part(s, iso3="CHN"), reg, "CHN"), args.n
        )
        year_rows = len(read_part(store, year=2017))
        year = median_ms(lambda s=store: read_part(s, year=2017), args.n)
        whole = median_ms(whole_record(store, collector=False), max(3, args.n // 2))
        whole_gc = median_ms(whole_record(store, collector=True), max(3, args.n // 2))
        cli = cli_ms(db, args.n)
        print(
            f"| {copies}x | {total:,} | {country:.2f} | {year:.2f} ({year_rows:,}) |"
            f" {whole:.0f} | {whole_gc:.0f} | {cli:.0f} |"
        )
        store.close()


if __name__ == "__main__":
    main()
