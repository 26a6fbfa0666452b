"""Benchmark: the news claim check on a 1,000-word article (issue 7; goal < 1 s after start-up).

The article is built from the corpus (tests/news/articles, plain-text files in name order)
until it holds at least 1,000 words, cut at a paragraph. Measures:
  - in one process, after start-up (tiptiers.news imported, the packaged record and registry
    loaded): the first check_text call (which compiles the patterns) and the median of the
    next n calls, with the number of claims found;
  - a 10,000-word article (the same text ten times), to show how the time grows;
  - the import of tiptiers.news alone, in new processes, beside `python -c pass`;
  - end to end in new processes: `tiptiers check-news FILE --format json` beside
    `python -c pass` (database in a temporary directory, seeded before timing).

Prints a Markdown table. Usage: python bench/bench_news.py [-n 15]
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

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "news" / "articles"
BIN = Path(sys.executable).parent
GOAL = 1.0


def article(min_words: int = 1000) -> str:
    paragraphs: list[str] = []
    words = 0
    for path in sorted(ARTICLES.glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            if words >= min_words:
                return "\n\n".join(paragraphs) + "\n"
            paragraphs.append(para.strip())
            words += len(para.split())
    return "\n\n".join(paragraphs) + "\n"


def in_process(fn: Callable[[], Any], n: int) -> tuple[float, float, Any]:
    """(first call, median of the next n calls, result), in seconds."""
    t = time.perf_counter()
    result = fn()
    first = time.perf_counter() - t
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return first, statistics.median(times), result


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
    runs = ap.parse_args().n

    text = article()
    big = "\n\n".join([text] * 10)

    t = time.perf_counter()
    from tiptiers.countries import registry
    from tiptiers.news import check_text
    from tiptiers.record import packaged_record

    record, reg = packaged_record(), registry()
    startup = time.perf_counter() - t

    first, median, result = in_process(lambda: check_text(text, record, reg), runs)
    big_first, big_median, big_result = in_process(
        lambda: check_text(big, record, reg), max(3, runs // 3)
    )

    tmp = Path(tempfile.mkdtemp(prefix="tiptiers-bench-news-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["TIPTIERS_DATABASE_URL"] = str(tmp / "bench.sqlite3")
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env["COLUMNS"] = "120"
    path = tmp / "article.txt"
    path.write_text(text, encoding="utf-8")
    tiptiers = str(BIN / "tiptiers")
    subprocess.run(  # seed the database and warm the bytecode cache
        [tiptiers, "check-news", str(path), "--format", "json"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    base = processes([sys.executable, "-c", "pass"], env, runs)
    imp = processes([sys.executable, "-c", "import tiptiers.news"], env, runs)
    e2e = processes([tiptiers, "check-news", str(path), "--format", "json"], env, runs)

    words = len(text.split())
    print(f"Article: {words} words, {len(text)} characters, {len(result.claims)} claims found.")
    print(f"Start-up in this process (imports, record, registry): {startup * 1000:.0f} ms.\n")
    print("| measurement | first | median | goal |")
    print("|---|---:|---:|---|")
    ok = "met" if median < GOAL and first < GOAL else "MISSED"
    print(
        f"| check_text, {words} words, after start-up | {first * 1000:.1f} ms |"
        f" {median * 1000:.1f} ms | < 1 s: {ok} |"
    )
    print(
        f"| check_text, {len(big.split())} words ({len(big_result.claims)} claims) |"
        f" {big_first * 1000:.1f} ms | {big_median * 1000:.1f} ms | — |"
    )
    print(f"| `python -c pass` (new process) | | {base * 1000:.0f} ms | — |")
    print(
        f"| `import tiptiers.news` (new process) | | {imp * 1000:.0f} ms"
        f" (+{(imp - base) * 1000:.0f} ms) | — |"
    )
    print(
        f"| `tiptiers check-news FILE --format json` (new process) | | {e2e * 1000:.0f} ms"
        f" (+{(e2e - base) * 1000:.0f} ms) | — |"
    )


if __name__ == "__main__":
    main()
