"""Benchmark: a reporting cycle under a team's load on loopback (issue 22).

Makes a database (a temporary SQLite file, or ``--db URL``, e.g. a fresh PostgreSQL
database), 20 analysts with API tokens and a cycle of every country of the last report
(188 in the 2025 report), then starts ``tiptiers serve`` in a subprocess on 127.0.0.1 and
measures:

  - the board: ``GET /api/v1/cycles/1`` (JSON) and the board page ``GET /cycles/1`` (HTML,
    signed in), sequentially, median and p95 of the server's answer time (loopback; the
    request's own cost is in it, so the server's time is below it). Goal: < 150 ms.
  - 20 concurrent savers for ``--seconds`` (60): each analyst loads its own country's
    assessment (ETag) and saves new facts with If-Match, again and again; p50/p95/max of the
    saves, saves per second, errors. Goal: p95 < 300 ms and 0 errors.

Prints a Markdown table. Usage: python bench/bench_cycle.py [--seconds 60] [--users 20]
[--db URL] [--workers 1] [--think 0]. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import HOST, start_server

PASSWORD = "benchmark password"


def setup(db: str, users: int) -> tuple[dict[str, str], list[str], int]:
    """Users u01..uNN (analysts) and the board's cycle; their tokens, the countries, the count."""
    from tiptiers.cycle.service import Cycles
    from tiptiers.store import Store

    svc = Cycles(Store.open(db))
    svc.add_user("admin", PASSWORD)
    t0 = time.perf_counter()
    cycle = svc.new_cycle("admin", 2026, "Benchmark")
    opened = time.perf_counter() - t0
    countries = [b["iso3"] for b in cycle["board"]]
    tokens = {}
    for n in range(1, users + 1):
        name = f"u{n:02d}"
        svc.add_user(name)
        svc.add_member("admin", cycle["id"], name, "analyst")
        tokens[name] = svc.new_token(name)
    svc.add_member("admin", cycle["id"], "admin", "viewer")
    svc.store.close()
    print(f"cycle of {len(countries)} countries opened in {opened:.2f} s", file=sys.stderr)
    return tokens, countries, len(countries)


def server_cpu(pid: int) -> float | None:
    """CPU seconds the server process and its worker processes have used (Linux's /proc;
    None elsewhere): a save's cost to the server, which the other load of the machine moves
    far less than it moves the latencies."""
    proc = Path("/proc")
    if not (proc / str(pid) / "stat").exists():
        return None
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for stat in proc.glob("[0-9]*/stat"):
        try:
            # the command name (field 2) may hold spaces: split after its closing bracket
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        child = int(stat.parent.name)
        parents[child] = int(fields[1])
        ticks[child] = int(fields[11]) + int(fields[12])  # utime + stime
    ours = {pid}
    grew = True
    while grew:
        more = {c for c, p in parents.items() if p in ours} - ours
        grew = bool(more)
        ours |= more
    return sum(ticks.get(p, 0) for p in ours) / os.sysconf("SC_CLK_TCK")


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))] * 1000


async def board(base: str, token: str, n: int = 40) -> dict[str, list[float]]:
    import httpx

    out: dict[str, list[float]] = {"api": [], "page": []}
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        r = await c.get("/cycles/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', r.text)
        assert csrf is not None
        r = await c.post(
            "/cycles/login",
            data={
                "csrf": csrf.group(1),
                "name": "admin",
                "password": PASSWORD,
                "next": "/cycles/1",
            },
        )
        assert r.status_code in (200, 303), r.text
        headers = {"Authorization": f"Bearer {token}"}
        for _ in range(5):  # warm-up
            await c.get("/api/v1/cycles/1", headers=headers)
            await c.get("/cycles/1")
        for _ in range(n):
            t = time.perf_counter()
            r = await c.get("/api/v1/cycles/1", headers=headers)
            out["api"].append(time.perf_counter() - t)
            assert r.status_code == 200 and len(r.json()["board"]) > 150
            t = time.perf_counter()
            r = await c.get("/cycles/1")
            out["page"].append(time.perf_counter() - t)
            assert r.status_code == 200 and r.text.count('<tr data-iso3="') > 150, r.status_code
    return out


async def saver(
    base: str,
    token: str,
    iso3: str,
    until: float,
    lat: list[float],
    errors: list[str],
    think: float,
    distinct: bool = False,
) -> None:
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    flip = False
    saves = 0
    async with httpx.AsyncClient(base_url=base, timeout=30, headers=headers) as c:
        r = await c.get(f"/api/v1/cycles/1/countries/{iso3}")
        etag = r.headers.get("ETag", "")
        while time.perf_counter() < until:
            flip = not flip
            facts: dict[str, object] = {
                "fully_complies": False,
                "making_significant_efforts": flip,
            }
            if distinct:  # an analyst rewording a finding: facts never seen before
                saves += 1
                facts["criteria_findings"] = [
                    {"criterion": 1, "finding": f"draft {saves}", "evidence": "bench"}
                ]
            t = time.perf_counter()
            r = await c.put(
                f"/api/v1/cycles/1/countries/{iso3}/facts",
                json={"facts": facts},
                headers={"If-Match": etag},
            )
            lat.append(time.perf_counter() - t)
            if r.status_code != 200:
                errors.append(f"{r.status_code} {r.text[:100]}")
                r = await c.get(f"/api/v1/cycles/1/countries/{iso3}")
            etag = r.headers.get("ETag", "")
            if think:
                await asyncio.sleep(think)


async def savers(
    base: str,
    tokens: dict[str, str],
    countries: list[str],
    seconds: float,
    think: float,
    distinct: bool = False,
) -> tuple[list[float], list[str], float]:
    lat: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    until = start + seconds
    await asyncio.gather(
        *(
            saver(base, tok, countries[i], until, lat, errors, think, distinct)
            for i, tok in enumerate(tokens.values())
        )
    )
    return lat, errors, time.perf_counter() - start


def in_process(db: str, token: str, n: int = 40) -> dict[str, list[float]]:
    """The board answered inside the process (the app through ASGI, no socket): the
    server's own time."""
    from fastapi.testclient import TestClient

    from tiptiers.web.app import create_app

    out: dict[str, list[float]] = {"api": [], "page": []}
    with TestClient(create_app(db)) as c:
        r = c.get("/cycles/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', r.text)
        assert csrf is not None
        c.post("/cycles/login", data={"csrf": csrf.group(1), "name": "admin", "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token}"}
        for _ in range(5):
            c.get("/api/v1/cycles/1", headers=headers)
            c.get("/cycles/1")
        for _ in range(n):
            t = time.perf_counter()
            assert c.get("/api/v1/cycles/1", headers=headers).status_code == 200
            out["api"].append(time.perf_counter() - t)
            t = time.perf_counter()
            assert c.get("/cycles/1").status_code == 200
            out["page"].append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds each user waits between saves (0: save again at once, a closed loop)",
    )
    ap.add_argument("--db", default=None, help="a database URL (default: a temporary SQLite file)")
    ap.add_argument(
        "--distinct",
        action="store_true",
        help="every save carries facts never saved before (a finding reworded), so no answer"
        " the server keeps can be reused (default: each user alternates two sets of facts)",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or os.path.join(tmp, "bench.db")
        tokens, countries, n = setup(db, args.users)
        proc, port = start_server(db, args.workers)
        try:
            base = f"http://{HOST}:{port}"
            token = _viewer_token(db)
            b = asyncio.run(board(base, token, 40))
            inproc = in_process(db, token)
            cpu0 = server_cpu(proc.pid)
            lat, errors, took = asyncio.run(
                savers(base, tokens, countries, args.seconds, args.think, args.distinct)
            )
            cpu1 = server_cpu(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    kind = "PostgreSQL" if db.startswith("postgres") else "SQLite"
    print(
        f"| measure ({kind}, {n} countries, {args.workers} worker{'s' if args.workers > 1 else ''}) | median | p95 | max | goal |"
    )
    print("| --- | --- | --- | --- | --- |")
    rows = (
        ("board, API JSON", b["api"]),
        ("board, HTML page", b["page"]),
        ("board, API JSON, in process (server time)", inproc["api"]),
        ("board, HTML page, in process (server time)", inproc["page"]),
    )
    for name, xs in rows:
        print(
            f"| {name} | {statistics.median(xs) * 1000:.0f} ms | {pct(xs, 0.95):.0f} ms | {max(xs) * 1000:.0f} ms | < 150 ms |"
        )
    print(
        f"| save ({args.users} concurrent users, think {args.think:g} s, {took:.0f} s: {len(lat)} saves,"
        f" {len(lat) / took:.1f}/s,"
        f" {len(errors)} errors) | {statistics.median(lat) * 1000:.0f} ms | {pct(lat, 0.95):.0f} ms |"
        f" {max(lat) * 1000:.0f} ms | p95 < 300 ms, 0 errors |"
    )
    if cpu0 is not None and cpu1 is not None and lat:
        print(
            f"server CPU while saving: {cpu1 - cpu0:.1f} s in {took:.0f} s,"
            f" {(cpu1 - cpu0) / len(lat) * 1000:.1f} ms a save"
        )
    if errors:
        print("first errors:", errors[:3], file=sys.stderr)


def _viewer_token(db: str) -> str:
    from tiptiers.cycle.service import Cycles
    from tiptiers.store import Store

    svc = Cycles(Store.open(db))
    try:
        return str(svc.new_token("admin", "benchmark"))
    finally:
        svc.store.close()


if __name__ == "__main__":
    main()
