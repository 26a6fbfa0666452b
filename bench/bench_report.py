"""Benchmark: reports, maps and charts (issue 6).

Measures
  - end to end, in new processes (start-up, reading the database, rendering, writing):
    `tiptiers map YEAR -o map.svg` and `.png` (goal < 1 s), `tiptiers chart China -o c.svg`,
    and `tiptiers report YEAR` with every country profile as HTML (goal < 5 s) and as PDF
    (goal < 30 s);
  - in process, after start-up, the parts: the map spec, the map SVG, gathering the report's
    content, rendering its HTML, laying out its PDF (wall and CPU time: the machine is shared,
    and CPU time is what another machine can compare).

Prints Markdown tables. Usage: python bench/bench_report.py [-n 5] [--year 2017] [--skip-pdf]
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


def wall_and_cpu(fn: Callable[[], Any], n: int) -> tuple[float, float, float]:
    """(first call, median wall, median CPU) in seconds; the first call is not in the medians."""
    t = time.perf_counter()
    fn()
    first = time.perf_counter() - t
    walls, cpus = [], []
    for _ in range(n):
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return first, statistics.median(walls), statistics.median(cpus)


def process(cmd: list[str], env: dict[str, str], n: int) -> tuple[float, float, float]:
    """(median wall, best wall, median CPU of the child) of n runs of a command."""
    walls, cpus = [], []
    for _ in range(n):
        before = os.times()
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t)
        after = os.times()
        cpus.append(
            (after.children_user - before.children_user)
            + (after.children_system - before.children_system)
        )
    return statistics.median(walls), min(walls), statistics.median(cpus)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=5, help="runs per measurement")
    ap.add_argument("--year", type=int, default=2017)
    ap.add_argument("--skip-pdf", action="store_true", help="leave out the full PDF (slow)")
    args = ap.parse_args()
    n, year = args.n, args.year

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        env = {**os.environ, "TIPTIERS_DATABASE_URL": str(out / "bench.sqlite3")}
        tiptiers = str(BIN / "tiptiers")
        # seed the database once, outside the timings
        subprocess.run(
            [tiptiers, "year", str(year), "-f", "json"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

        rows: list[tuple[str, tuple[float, float, float], str]] = []
        rows.append(("`python -c pass`", process([sys.executable, "-c", "pass"], env, n), ""))
        for suffix in ("svg", "png", "html"):
            cmd = [tiptiers, "map", str(year), "-o", str(out / f"map.{suffix}")]
            rows.append((f"`tiptiers map {year} -o map.{suffix}`", process(cmd, env, n), "< 1 s"))
        cmd = [tiptiers, "chart", "China", "-o", str(out / "chart.svg")]
        rows.append(("`tiptiers chart China -o chart.svg`", process(cmd, env, n), ""))
        cmd = [tiptiers, "report", str(year), "-o", str(out / "html"), "-q"]
        rows.append(
            (f"`tiptiers report {year} -q` (HTML, every profile)", process(cmd, env, n), "< 5 s")
        )
        if not args.skip_pdf:
            cmd = [tiptiers, "report", str(year), "-o", str(out / "pdf"), "-q", "-f", "pdf"]
            rows.append(
                (
                    f"`tiptiers report {year} -q -f pdf` (every profile)",
                    process(cmd, env, max(1, min(n, 3))),
                    "< 30 s",
                )
            )
        pdf_path = out / "pdf" / f"tip-report-{year}.pdf"
        html_path = out / "html" / f"tip-report-{year}.html"

        print(f"End to end, new process each time (median of {n}; the PDF of up to 3):\n")
        print("| command | median wall (s) | best wall (s) | CPU (s) | goal |")
        print("|---|---:|---:|---:|---|")
        for name, (med, best, cpu), goal in rows:
            print(f"| {name} | {med:.2f} | {best:.2f} | {cpu:.2f} | {goal} |")
        print()
        sizes = [f"HTML {html_path.stat().st_size / 1e6:.1f} MB"]
        if pdf_path.exists():
            from pypdf import PdfReader

            pages = len(PdfReader(str(pdf_path)).pages)
            sizes.append(f"PDF {pdf_path.stat().st_size / 1e6:.1f} MB, {pages} pages")
        print(f"Full report of {year}: " + "; ".join(sizes) + ".\n")

    # in process, after start-up
    from tiptiers.countries import registry
    from tiptiers.record import packaged_record
    from tiptiers.report.document import content_to_pdf, gather, render_html
    from tiptiers.report.maps import map_spec, spec_to_svg

    record, reg = packaged_record(), registry()
    spec = map_spec(record, reg, year)
    content = gather(record, reg, year)
    parts = [
        ("map spec (Altair)", lambda: map_spec(record, reg, year)),
        ("map SVG (vl-convert)", lambda: spec_to_svg(spec)),
        (
            "report content (law engine, map, 1 chart per country)",
            lambda: gather(record, reg, year),
        ),
        ("report HTML (Jinja2)", lambda: render_html(content, "screen")),
    ]
    if not args.skip_pdf:
        parts.append(("report PDF (WeasyPrint)", lambda: content_to_pdf(content)))
    print(f"In process, after start-up (median of {n}; the PDF of 1):\n")
    print("| part | first call (s) | median wall (s) | median CPU (s) |")
    print("|---|---:|---:|---:|")
    for name, fn in parts:
        first, wall, cpu = wall_and_cpu(fn, 1 if "PDF" in name else n)
        print(f"| {name} | {first:.3f} | {wall:.3f} | {cpu:.3f} |")
    print(f"\nProfiles: {len(content.profiles)}; load average {os.getloadavg()[0]:.1f}.")


if __name__ == "__main__":
    main()
