"""Benchmark: `tiptiers check-news` on real published articles (issue 15).

The real articles are other people's copyrighted text and are not in this repository. They sit
beside it, in ``../shared/news/`` (``dev/`` with ``expected.yaml``, and ``score.py``, the
scorer); ``TIPTIERS_NEWS_CORPUS`` names another such folder. When the folder is not there, this
benchmark says so and exits 0 (``make bench`` goes on).

It runs the scorer (``score.py`` with this checkout's ``tiptiers``) and prints its summary, then
a table per claim kind (expected, matched, right verdict) and the report-year accuracy, which
it measures itself: the report year ``check_text`` infers for each article against the
article's ``report_year`` in ``expected.yaml``. It also splits the figures at ``--split``
(articles numbered up to it, and after it: the articles added later, read before tuning) and
counts the claims called *contradicted* wrongly (an unannotated claim the checker calls
contradicted, or a matched claim whose right verdict is another): issue 25's goal is 0.
docs/NEWS.md quotes these figures.

Usage: python bench/bench_news_real.py [--corpus DIR] [--split 50]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "news"
KINDS = ("tier", "move", "remained", "no_longer", "streak")


def corpus_folder(given: str | None) -> Path:
    if given:
        return Path(given)
    env = os.environ.get("TIPTIERS_NEWS_CORPUS")
    return Path(env) if env else DEFAULT


def report_years(dev: Path) -> tuple[int, int, list[str]]:
    """(right, total, wrong files) of the report year check_text infers."""
    import yaml

    from tiptiers import api

    record = api.record()
    articles = yaml.safe_load((dev / "expected.yaml").read_text(encoding="utf-8"))["articles"]
    right, wrong = 0, []
    for art in articles:
        text = (dev / art["file"]).read_text(encoding="utf-8")
        got = api.check_news(text, record=record).report_year.year
        if got == art["report_year"]:
            right += 1
        else:
            wrong.append(f"{art['file']}: {got} (expected {art['report_year']})")
    return right, len(articles), wrong


def _part(arts: list[dict[str, Any]]) -> str:
    """Precision, recall, verdict accuracy and wrong "contradicted" verdicts of some articles
    (the scorer's definitions, summed over them)."""
    right = sum(a["right"] for a in arts)
    got = sum(a["got"] - a.get("redundant", 0) for a in arts)
    expected = sum(a["expected"] for a in arts)
    matched = sum(a["matched"] for a in arts)
    wrong = sum(1 for a in arts for c in a["extras"] if c["verdict"] == "contradicted") + sum(
        1 for a in arts for w in a["wrong_verdicts"] if w["got"] == "contradicted"
    )

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a} / {b})" if b else "-"

    return " | ".join(
        (ratio(right, got), ratio(right, expected), ratio(right, matched), str(wrong))
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--corpus", help="the folder with score.py and dev/ (default ../shared/news)"
    )
    parser.add_argument(
        "--split", type=int, default=50, help="report articles 1-N and N+1- apart (default 50)"
    )
    args = parser.parse_args()
    folder = corpus_folder(args.corpus)
    dev, scorer = folder / "dev", folder / "score.py"
    if not (dev / "expected.yaml").exists() or not scorer.exists():
        print(
            f"skipped: no real-article corpus at {os.path.relpath(folder, ROOT)} (it holds"
            " copyrighted articles and is not part of the repository; set"
            " TIPTIERS_NEWS_CORPUS to its folder to run this benchmark)."
        )
        return 0
    tiptiers = Path(sys.executable).with_name("tiptiers")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "score.json"
        # A database of its own, seeded from this checkout's packaged record: the default
        # one may have been seeded by an older checkout.
        env = {**os.environ, "TIPTIERS_DATABASE_URL": str(Path(tmp) / "bench.sqlite3")}
        os.environ["TIPTIERS_DATABASE_URL"] = env["TIPTIERS_DATABASE_URL"]
        run = subprocess.run(
            [sys.executable, str(scorer), str(tiptiers), str(dev), "--json", str(out)],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        if run.returncode != 0 or not out.exists():
            print(run.stdout[-2000:], run.stderr[-2000:], sep="\n")
            return 1
        data = json.loads(out.read_text(encoding="utf-8"))
        right_years, n, wrong = report_years(dev)
    summary = run.stdout.split("\n\n")
    print(next((p for p in summary if p.startswith("articles ")), "").strip())
    t = data["totals"]
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| precision | {t['precision']:.3f} ({t['right']} / {t['got']}) |")
    print(f"| recall | {t['recall']:.3f} ({t['right']} / {t['expected']}) |")
    print(f"| verdict accuracy | {t['verdict_accuracy']:.3f} ({t['right']} / {t['matched']}) |")
    print(
        f"| extraction precision / recall | {t['extraction_precision']:.3f} /"
        f" {t['extraction_recall']:.3f} |"
    )
    print(f"| report-year accuracy | {right_years / n:.3f} ({right_years} / {n}) |")
    print()
    print("| kind | expected | matched | right verdict | recall |")
    print("|---|---:|---:|---:|---:|")
    for kind in KINDS:
        k = data["by_kind"].get(kind, {})
        e, m, r = k.get("expected", 0), k.get("matched", 0), k.get("right", 0)
        print(f"| {kind} | {e} | {m} | {r} | {r / e if e else 0:.3f} |")
    print()
    print("| articles | precision | recall | verdict accuracy | wrongly contradicted |")
    print("|---|---:|---:|---:|---:|")
    parts = [
        (f"1-{args.split}", lambda n: n <= args.split),
        (f"{args.split + 1}-", lambda n: n > args.split),
        ("all", lambda n: True),
    ]
    for label, keep in parts:
        arts = [a for a in data["articles"] if keep(int(a["file"][:2]))]
        print(f"| {label} ({len(arts)}) | {_part(arts)} |")
    unread = sum(1 for a in data["articles"] if a["got"] == 0 and a["expected"])
    print(f"\narticles with expected claims but no claim found: {unread}")
    for line in wrong:
        print(f"report year wrong: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
