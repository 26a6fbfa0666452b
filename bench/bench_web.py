"""Benchmark: the web API under load on loopback (issue 5).

Starts ``tiptiers serve`` (uvicorn, one process) on 127.0.0.1 with a fresh SQLite database in
a subprocess, then drives it with a small load generator written here on asyncio streams
(HTTP/1.1 keep-alive, one connection per virtual user; lighter than an HTTP library, so that
the server rather than the client is measured): 50 concurrent connections, a bounded number
of requests per round and a time limit per round. It measures, in the same run and
interleaved round by round:

  - ``/healthz`` (the trivial endpoint),
  - ``/api/v1/countries/CHN`` (a country's history),
  - ``/api/v1/years/2017`` (a year's placements),

requests per second and p50/p99 latency (medians over the rounds). Goal: each data endpoint
keeps at least half the trivial endpoint's throughput, with p99 under 50 ms. The year's HTML
page (``/year/2017``, 76 kB) is measured beside them, for information.

Prints a Markdown table. Usage: python bench/bench_web.py [--rounds 3] [--requests 4000]
[--concurrency 50] [--seconds 20] [--workers 1] (``tiptiers serve --workers``). Only
127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

HOST = "127.0.0.1"
ENDPOINTS = ("/healthz", "/api/v1/countries/CHN", "/api/v1/years/2017", "/year/2017")
DATA = ("/api/v1/countries/CHN", "/api/v1/years/2017")  # the endpoints the goal is about


@dataclass
class Round:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000


async def _one(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, req: bytes) -> int:
    """Send one request on a kept-alive connection and read the whole response; its status."""
    writer.write(req)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    chunked = False
    for line in head.split(b"\r\n"):
        lower = line.lower()
        if lower.startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
        elif lower.startswith(b"transfer-encoding:") and b"chunked" in lower:
            chunked = True
    if chunked:  # (Datasette's JSON, in bench_vs_datasette.py)
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    elif length:
        await reader.readexactly(length)
    return status


async def load(port: int, path: str, concurrency: int, total: int, seconds: float) -> Round:
    """``total`` requests of ``path`` over ``concurrency`` connections, stopping at ``seconds``."""
    req = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept: */*\r\n\r\n".encode()
    issued = 0
    errors = 0
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def user() -> None:
        nonlocal issued, errors
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while issued < total and time.perf_counter() < deadline:
                issued += 1
                t = time.perf_counter()
                status = await _one(reader, writer, req)
                latencies.append(time.perf_counter() - t)
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(concurrency)))
    return Round(len(latencies), errors, time.perf_counter() - start, latencies)


def start_server(db: str, workers: int = 1) -> tuple[subprocess.Popen[str], int]:
    cmd = [sys.executable, "-c", "from tiptiers.cli import run; run()", "serve"]
    proc = subprocess.Popen(
        [*cmd, "--host", HOST, "--port", "0", "--db", db, "--workers", str(workers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line.startswith("tiptiers dashboard: "):
        proc.kill()
        raise SystemExit(f"tiptiers serve did not start: {line!r}")
    port = int(line.rsplit(":", 1)[1])
    return proc, port


async def wait_ready(port: int) -> None:
    for _ in range(200):
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        try:
            req = f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode()
            if await _one(reader, writer, req) == 200:
                return
        finally:
            writer.close()
    raise SystemExit("the server did not answer /healthz")


async def bench(args: argparse.Namespace, port: int) -> dict[str, list[Round]]:
    await wait_ready(port)
    for path in ENDPOINTS:  # warm-up: first requests fill the app's memo
        await load(port, path, 10, 200, 10)
    results: dict[str, list[Round]] = {p: [] for p in ENDPOINTS}
    for _ in range(args.rounds):
        for path in ENDPOINTS:
            results[path].append(
                await load(port, path, args.concurrency, args.requests, args.seconds)
            )
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--requests", type=int, default=4000, help="per endpoint and round")
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0, help="time limit per round")
    ap.add_argument("--workers", type=int, default=1, help="tiptiers serve --workers")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start_server(os.path.join(tmp, "bench.sqlite3"), args.workers)
        try:
            results = asyncio.run(bench(args, port))
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    def med(xs: list[float]) -> float:
        return statistics.median(xs)

    base = med([r.rps for r in results["/healthz"]])
    load_avg = os.getloadavg()[0]
    print(
        f"{args.concurrency} connections, {args.rounds} rounds of up to {args.requests} requests"
        f" per endpoint (medians of the rounds); 127.0.0.1, {args.workers} server"
        f" process{'es' if args.workers != 1 else ''}; load average"
        f" {load_avg:.1f} on {os.cpu_count()} CPUs at the end.\n"
    )
    print("| endpoint | req/s | vs /healthz | p50 (ms) | p99 (ms) | errors | goal met |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for path, rounds in results.items():
        rps = med([r.rps for r in rounds])
        p50 = med([r.percentile(0.50) for r in rounds])
        p99 = med([r.percentile(0.99) for r in rounds])
        errors = sum(r.errors for r in rounds)
        ratio = rps / base
        ok = "—" if path not in DATA else ("yes" if ratio >= 0.5 and p99 < 50 else "NO")
        print(f"| `{path}` | {rps:,.0f} | {ratio:.2f} | {p50:.1f} | {p99:.1f} | {errors} | {ok} |")


if __name__ == "__main__":
    main()
