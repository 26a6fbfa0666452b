"""Issue 27's attacks on a served tiptiers, rerunnable and bounded (127.0.0.1 only; each
starts its own ``tiptiers serve`` over a fresh SQLite database and stops it at the end).

    python bench/attack_serve.py pdf                 # --workers 4, 24 report PDFs at once
    python bench/attack_serve.py slow --kind header  # 3,000 slow-header connections
    python bench/attack_serve.py slow --kind body    # 1,000 slow-body connections
    python bench/attack_serve.py news                # the worst /check-news articles

- ``pdf``: 24 concurrent requests for 24 years' annual-report PDFs to ``serve --workers 4``;
  then, for ``--watch`` seconds, the server's process tree every half second: the most PDF
  builds at once (the build processes the workers spawn) and the peak memory of all the
  processes together. Goal: one build at a time per server.
- ``slow``: ``--connections`` clients that send their request headers (or, ``--kind body``,
  a declared 1,000-byte body) one line or byte every ``--interval`` seconds, held for at
  most ``--hold`` seconds; meanwhile a fresh ``/healthz`` request every second. Reports how
  many the server dropped and after how long, and what ``/healthz`` answered meanwhile.
- ``news``: a 299 kB one-sentence list of clauses and a 299 kB list of names, as JSON and
  CSV: time, answer size and the server's peak memory (VmHWM).

Prints the load average at the start and end of each run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench_web import HOST, start_server, wait_ready

# the worst articles of issue 27 are made where the test that bounds them lives
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web"))
from test_worst_inputs import _clauses as clauses
from test_worst_inputs import _names as names


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _tree(root: int) -> list[int]:
    """``root`` and every process below it (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _status(pid: int, key: str) -> int:
    """A /proc/PID/status figure in kB (0 if the process is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss(pid: int) -> int:
    """A process's proportional share of memory in kB (shared pages split among the
    processes sharing them, so that a sum over forked workers counts them once)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _stop(proc: object) -> None:
    """End the server started here, and its workers and builds (its own process group)."""
    pid = proc.pid  # type: ignore[attr-defined]
    for pid_ in reversed(_tree(pid)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid_, signal.SIGTERM)
    try:
        proc.wait(timeout=20)  # type: ignore[attr-defined]
    except Exception:
        for pid_ in _tree(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid_, signal.SIGKILL)


async def _request(port: int, raw: bytes, timeout: float) -> tuple[int, bytes, float]:
    """One request on a fresh connection: (status, head, seconds); status 0 if none came."""
    started = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
    except (OSError, TimeoutError):
        return 0, b"", time.monotonic() - started
    try:
        writer.write(raw)
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status = int(head.split(b" ", 2)[1])
        return status, head, time.monotonic() - started
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
        return 0, b"", time.monotonic() - started
    finally:
        writer.close()


# -- pdf ----------------------------------------------------------------------------------
async def _pdf(args: argparse.Namespace, port: int, server: int) -> None:
    await wait_ready(port)
    years = list(range(2025 - args.requests + 1, 2026))
    req = "GET /year/{y}/report.pdf HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    started = time.monotonic()
    answers = await asyncio.gather(*(_request(port, req.format(y=y).encode(), 60) for y in years))
    codes = Counter(status for status, _, _ in answers)
    retry = sum(s == 503 and b"retry-after" in head.lower() for s, head, _ in answers)
    print(f"{len(years)} requests in {time.monotonic() - started:.1f} s: {dict(codes)}"
          f" ({retry} with Retry-After)")  # fmt: skip
    most, peak, peak_procs, build_peak = 0, 0, 0, 0
    builders: set[int] = set()
    end = time.monotonic() + args.watch
    while time.monotonic() < end:
        pids = _tree(server)
        builds = [p for p in pids if "spawn_main" in _cmdline(p)]
        builders.update(builds)
        most = max(most, len(builds))
        build_peak = max([build_peak, *(_status(p, "VmHWM") for p in builds)])
        pss = sum(_pss(p) for p in pids)
        if pss > peak:
            peak, peak_procs = pss, len(pids)
        await asyncio.sleep(0.5)
    print(
        f"watched {args.watch:.0f} s: {len(builders)} build(s) started, at most {most} at once;"
        f" peak memory of the server's processes together (PSS) {peak / 1024:.0f} MB"
        f" ({peak_procs} processes); a build's own peak (VmHWM) {build_peak / 1024:.0f} MB"
    )


# -- slow clients -------------------------------------------------------------------------
async def _slow_client(
    port: int, kind: str, interval: float, hold: float, stop: asyncio.Event
) -> tuple[str, float]:
    """One slow client: ('refused'|'dropped'|'answered NNN'|'held', seconds until then)."""
    started = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), 20)
    except (OSError, TimeoutError):
        return "refused", time.monotonic() - started
    try:
        if kind == "header":
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        else:
            writer.write(
                b"POST /api/v1/check-news HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
            )
        read = asyncio.ensure_future(reader.read(200))
        i = 0
        while time.monotonic() - started < hold and not stop.is_set():
            done, _ = await asyncio.wait({read}, timeout=interval)
            if done:
                data = read.result()
                if not data:
                    return "dropped", time.monotonic() - started
                return f"answered {data.split(b' ', 2)[1].decode()}", time.monotonic() - started
            i += 1
            writer.write(b"X-Slow-%d: x\r\n" % i if kind == "header" else b" ")
            try:
                await writer.drain()
            except OSError:
                return "dropped", time.monotonic() - started
        read.cancel()
        return "held", time.monotonic() - started
    except OSError:
        return "dropped", time.monotonic() - started
    finally:
        writer.close()


async def _slow(args: argparse.Namespace, port: int, server: int) -> None:
    await wait_ready(port)
    stop = asyncio.Event()
    probes: list[tuple[float, int, float]] = []

    async def probe() -> None:
        t0 = time.monotonic()
        while not stop.is_set():
            status, _, took = await _request(
                port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5
            )
            probes.append((time.monotonic() - t0, status, took))
            await asyncio.sleep(max(0.0, 1 - took))

    opening = asyncio.Semaphore(200)

    async def client() -> tuple[str, float]:
        async with opening:
            await asyncio.sleep(0)
        return await _slow_client(port, args.kind, args.interval, args.hold, stop)

    prober = asyncio.ensure_future(probe())
    started = time.monotonic()
    results = await asyncio.gather(*(client() for _ in range(args.connections)))
    stop.set()
    await prober
    fds = len(os.listdir(f"/proc/{server}/fd")) if os.path.exists(f"/proc/{server}") else 0
    kinds = Counter(r for r, _ in results)
    print(f"{args.connections} slow-{args.kind} connections, a line/byte every"
          f" {args.interval:.0f} s, held at most {args.hold:.0f} s (run {time.monotonic() - started:.0f} s):"
          f" {dict(kinds)}")  # fmt: skip
    for kind in sorted(kinds):
        times = sorted(t for r, t in results if r == kind)
        print(f"  {kind}: after {times[0]:.1f} / {statistics.median(times):.1f} /"
              f" {times[-1]:.1f} s (min / median / max)")  # fmt: skip
    codes = Counter(s for _, s, _ in probes)
    slow = [t for _, s, t in probes if s == 200]
    print(f"/healthz meanwhile, one a second: {dict(codes)} (0: no answer within 5 s);"
          + (f" 200s in {statistics.median(slow) * 1000:.0f} ms median,"
             f" {max(slow) * 1000:.0f} ms max" if slow else ""))  # fmt: skip
    first_ok = [t for t, s, _ in probes if s == 200]
    print("  answers over time (s: status): "
          + ", ".join(f"{t:.0f}:{s}" for t, s, _ in probes[:: max(1, len(probes) // 20)]))  # fmt: skip
    print(f"server: peak memory {_status(server, 'VmHWM') / 1024:.0f} MB, {fds} open files at"
          f" the end; first 200 at {first_ok[0] if first_ok else None}")  # fmt: skip


# -- news ---------------------------------------------------------------------------------
async def _news(args: argparse.Namespace, port: int, server: int) -> None:
    import json

    await wait_ready(port)
    for make in (clauses, names):
        body = json.dumps({"text": make(args.size)}).encode()
        for fmt in ("json", "csv"):
            head = (
                f"POST /api/v1/check-news?format={fmt} HTTP/1.1\r\nHost: x\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n"
            ).encode()
            started = time.monotonic()
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(head + body)
            data = await asyncio.wait_for(reader.read(), 120)
            writer.close()
            took = time.monotonic() - started
            status = data.split(b" ", 2)[1].decode() if data else "-"
            answer = len(data.split(b"\r\n\r\n", 1)[-1])
            payload = data.split(b"\r\n\r\n", 1)[-1]
            claims = (
                len(json.loads(payload)["claims"]) if fmt == "json" else payload.count(b"\n") - 1
            )
            print(f"{make.__name__} {args.size:,} chars, {fmt}: {status} in {took:.1f} s,"
                  f" {answer / 1e6:.2f} MB ({claims} rows/claims); server peak"
                  f" {_status(server, 'VmHWM') / 1024:.0f} MB")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="attack", required=True)
    pdf = sub.add_parser("pdf")
    pdf.add_argument("--workers", type=int, default=4)
    pdf.add_argument("--requests", type=int, default=24)
    pdf.add_argument("--watch", type=float, default=120)
    slow = sub.add_parser("slow")
    slow.add_argument("--kind", choices=["header", "body"], default="header")
    slow.add_argument("--connections", type=int)
    slow.add_argument("--interval", type=float, default=4)
    slow.add_argument("--hold", type=float, default=60)
    slow.add_argument("--workers", type=int, default=1)
    news = sub.add_parser("news")
    news.add_argument("--size", type=int, default=299_000)
    args = p.parse_args(argv)
    if args.attack == "slow" and args.connections is None:
        args.connections = 3000 if args.kind == "header" else 1000
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the clients' sockets
    print(f"load average {load_average()} (start); open-file limit {hard}")
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "attack.sqlite3")
        proc, port = start_server(db, getattr(args, "workers", 1))
        try:
            run = {"pdf": _pdf, "slow": _slow, "news": _news}[args.attack]
            asyncio.run(run(args, port, proc.pid))
        finally:
            _stop(proc)
    print(f"load average {load_average()} (end)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
