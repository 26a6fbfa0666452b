"""Benchmark: a reader's first visit to the dashboard's map (issue 16).

Serves the app (uvicorn, in a thread, a fresh SQLite database) on 127.0.0.1 and opens ``/``
in headless Chromium (Debian's /usr/bin/chromium through Playwright) with an empty cache,
as a first-time reader does. It measures:

  - the bytes transferred (every response's headers and encoded body, as the browser
    received them: compressed where the server compressed),
  - the time from the start of the navigation to the map on screen (``#map svg path``: the
    map the server draws into the page, or the interactive one), and to the interactive
    map drawn by Vega (``#map[data-rendered=true] svg path``: tooltips, taps, downloads),
  - the same visit again in the same browser context (the fingerprinted assets come from
    the cache: only the page moves).

Goal: at most 350 KB transferred and the map drawn in under 400 ms on a first visit. Each
figure is the median of ``--runs`` visits, each in a fresh browser context (the first visit
of the server, which renders and remembers the page, is run once before and not counted).
Prints a Markdown table. Usage: python bench/bench_web_first_visit.py [--runs 7].
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def serve(db: str) -> tuple[str, Any]:
    import uvicorn

    from tiptiers.web.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning", access_log=False))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}", server


#: In the page, from its start: the time of the first frame drawn with a map path in the
#: document (noted when the parser adds it; a requestAnimationFrame runs just before the
#: frame is painted, a message posted from it just after). Playwright's own polling runs on
#: the page's main thread, late while scripts run, so the page notes the time itself.
ON_SCREEN = """
new MutationObserver(function (records, observer) {
  if (!document.querySelector('#map svg path')) { return; }
  observer.disconnect();
  requestAnimationFrame(function () {
    var channel = new MessageChannel();
    channel.port1.onmessage = function () { window.__mapOnScreen = performance.now(); };
    channel.port2.postMessage(null);
  });
}).observe(document, {subtree: true, childList: true});
"""


def visit(context: Any, url: str) -> tuple[int, float, float, int]:
    """(bytes transferred, ms to the map on screen, ms to the interactive map, requests)
    of one visit in ``context``."""
    page = context.new_page()
    page.add_init_script(ON_SCREEN)
    responses: list[Any] = []
    page.on("requestfinished", lambda r: responses.append(r))
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector('#map[data-rendered="true"] svg path', timeout=30_000)
    live = (time.perf_counter() - start) * 1000
    page.wait_for_function("window.__mapOnScreen !== undefined")
    # the page's clock starts at the navigation (performance.timeOrigin), a little after ours
    drawn = float(page.evaluate("window.__mapOnScreen"))
    page.wait_for_load_state("networkidle")
    total = 0
    for r in responses:
        sizes = r.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    page.close()
    return total, drawn, live, len(responses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        base, server = serve(str(Path(tmp) / "bench.sqlite3"))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            warm = browser.new_context(viewport={"width": 1280, "height": 900})
            visit(warm, base + "/")
            warm.close()
            first: list[tuple[int, float, float, int]] = []
            again: list[tuple[int, float, float, int]] = []
            for _ in range(args.runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                first.append(visit(context, base + "/"))
                again.append(visit(context, base + "/"))
                context.close()
            browser.close()
        server.should_exit = True

    def row(name: str, runs: list[tuple[int, float, float, int]]) -> str:
        kb = statistics.median(r[0] for r in runs) / 1000
        ms = statistics.median(r[1] for r in runs)
        live = statistics.median(r[2] for r in runs)
        n = statistics.median(r[3] for r in runs)
        return f"| {name} | {kb:.0f} KB | {ms:.0f} ms | {live:.0f} ms | {n:.0f} |"

    print(f"Median of {args.runs} visits to / (headless Chromium, loopback).\n")
    print("| visit | transferred | map on screen | interactive map | requests |")
    print("|---|---:|---:|---:|---:|")
    print(row("first (empty cache)", first))
    print(row("again (same browser)", again))


if __name__ == "__main__":
    main()
