"""Slow clients (issue 27, defect 9, re-measured): a client that sends its request headers
slowly is dropped by the server's own deadline, thousands of them do not turn everyone else
away with 503 meanwhile, and the bodies held across requests in flight are bounded.

``bench/attack_serve.py slow`` runs the full attack (3,000 slow-header and 1,000 slow-body
connections) and reports the figures of docs/PERFORMANCE.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def timed_server() -> Iterator[int]:
    """uvicorn with tiptiers' protocol and a 0.5 s header deadline, in a thread, over an app
    that answers after ``?wait`` seconds."""
    import uvicorn

    from tiptiers.cli.serve import timed_protocol

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return
        wait = float(scope["query_string"].decode().removeprefix("wait=") or 0)
        await asyncio.sleep(wait)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", http=timed_protocol(0.5), lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield port
    server.should_exit = True
    thread.join(5)


def _open_until_dropped(port: int, first: bytes, every: float, most: float) -> float | None:
    """Send ``first``, then a header line every ``every`` s; the seconds until the server
    closed the connection (None if it held it ``most`` seconds)."""
    with socket.create_connection(("127.0.0.1", port)) as c:
        c.settimeout(every)
        started = time.monotonic()
        c.sendall(first)
        i = 0
        while time.monotonic() - started < most:
            try:
                if c.recv(100) == b"":
                    return time.monotonic() - started
            except TimeoutError:
                pass
            except ConnectionResetError:
                return time.monotonic() - started
            i += 1
            try:
                c.sendall(b"X-Slow-%d: x\r\n" % i)
            except OSError:
                return time.monotonic() - started
    return None


def test_a_client_sending_its_headers_slowly_is_dropped_at_the_deadline(
    timed_server: int,
) -> None:
    dropped = _open_until_dropped(timed_server, b"GET / HTTP/1.1\r\nHost: x\r\n", 0.1, 5)
    assert dropped is not None and 0.4 < dropped < 2, dropped  # uvicorn alone: never


def test_the_next_request_on_a_kept_connection_has_the_same_deadline(timed_server: int) -> None:
    with socket.create_connection(("127.0.0.1", timed_server)) as c:
        c.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert c.recv(1000).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        c.settimeout(0.1)
        c.sendall(b"GET / HTTP/1.1\r\n")
        closed = None
        for i in range(50):
            try:
                if c.recv(100) == b"":
                    closed = time.monotonic() - started
                    break
            except TimeoutError:
                c.sendall(b"X-Slow-%d: x\r\n" % i)
        assert closed is not None and closed < 2, closed


def test_a_request_whose_answer_takes_longer_than_the_deadline_is_answered(
    timed_server: int,
) -> None:
    with socket.create_connection(("127.0.0.1", timed_server), timeout=5) as c:
        c.sendall(b"GET /?wait=1.2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert c.recv(1000).startswith(b"HTTP/1.1 200")


@pytest.mark.slow
def test_a_served_tiptiers_answers_while_1200_slow_clients_hold_connections(
    tmp_path: Path,
) -> None:
    """More slow clients than uvicorn's old limit of 1,000 connections: /healthz was 503 for
    as long as they held on; now it is answered, and they are dropped after HEADER_SECONDS."""
    from tiptiers.cli.serve import HEADER_SECONDS

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    proc = subprocess.Popen(
        [sys.executable, "-c", "from tiptiers.cli import run; run()", "serve", "--host",
         "127.0.0.1", "--port", "0", "--workers", "1", "--db", f"{tmp_path}/db.sqlite3"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    held: list[socket.socket] = []
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline().strip().rsplit(":", 1)[1])

        def healthz() -> bytes:
            for _ in range(200):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=10) as c:
                        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        return b"".join(iter(lambda c=c: c.recv(4096), b""))
                except ConnectionRefusedError:
                    time.sleep(0.05)
            raise AssertionError("no server")

        assert healthz().startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        for _ in range(1200):
            c = socket.create_connection(("127.0.0.1", port), timeout=10)
            c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            held.append(c)
        answer = healthz()
        assert answer.startswith(b"HTTP/1.1 200"), answer  # before: 503, over the limit
        assert json.loads(answer.split(b"\r\n\r\n", 1)[1]).get("status") == "ok"
        held[0].settimeout(HEADER_SECONDS + 10)
        assert held[0].recv(100) == b""  # dropped by the server
        assert time.monotonic() - started < HEADER_SECONDS + 10
    finally:
        for c in held:
            c.close()
        proc.terminate()
        proc.wait(timeout=20)


def test_the_bodies_held_across_requests_are_bounded() -> None:
    """Two requests in flight whose bodies together pass the budget: the second is answered
    503 with Retry-After; once they end, the budget is free again."""
    from tiptiers.web.security import BodyLimit

    release = asyncio.Event()

    async def hold(scope, receive, send):  # type: ignore[no-untyped-def]
        while (await receive()).get("more_body"):
            pass
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"read"})

    limit = BodyLimit(hold, budget=25)

    async def post(size: int) -> list[dict[str, object]]:
        chunks = iter([b"a" * size])

        async def receive() -> dict[str, object]:
            chunk = next(chunks, b"")
            return {"type": "http.request", "body": chunk, "more_body": bool(chunk)}

        sent: list[dict[str, object]] = []

        async def send(message: dict[str, object]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/api/v1/check-news", "headers": []}
        await limit(scope, receive, send)
        return sent

    async def run() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
        first = asyncio.ensure_future(post(20))
        await asyncio.sleep(0.05)
        second = await post(20)  # 40 bytes held together: over the budget of 25
        release.set()
        return await first, second

    first, second = asyncio.run(run())
    assert first[0]["status"] == 200
    assert second[0]["status"] == 503
    assert (b"retry-after", b"5") in second[0]["headers"]  # type: ignore[operator]
    assert json.loads(second[1]["body"])["error"] == "Busy"  # type: ignore[arg-type]
    assert limit.held == 0
    again = asyncio.run(post(20))
    assert again[0]["status"] == 200


if not os.path.exists("/proc/self/status"):  # pragma: no cover
    pytestmark = pytest.mark.skip(reason="Linux sockets and /proc")


# -- the PDF attack re-measured: a build that lingers after its answer ----------------------
def _answer_then_linger(year: int, record: object, path: str, conn: Any) -> None:
    """A stand-in build process: writes its PDF, answers, then takes 7 s to exit (as a
    700 MB WeasyPrint process freeing its memory on a busy machine did)."""
    from pathlib import Path

    Path(path).write_bytes(b"%PDF-1.7 stand-in")
    conn.send(("ok", 17))
    conn.close()
    time.sleep(7)


def test_the_next_pdf_build_starts_only_once_the_last_process_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bench/attack_serve.py pdf saw two build processes at once: the lock was released
    after a 5 s join whether or not the process had exited. Now a lingering one is ended
    first; never two alive together."""
    import multiprocessing

    from tiptiers.record import packaged_record
    from tiptiers.web import reports

    monkeypatch.setattr(reports, "_worker", _answer_then_linger)
    monkeypatch.setattr(reports, "EXIT_SECONDS", 0.5, raising=False)
    jobs = reports.ReportJobs(queue=3, directory=tmp_path)
    record = packaged_record()
    try:
        first, second = jobs.job(2013, 1, record), jobs.job(2014, 1, record)
        most = 0
        while not (first.done.is_set() and second.done.is_set()):
            most = max(most, len(multiprocessing.active_children()))
            time.sleep(0.05)
        assert first.state == "ready" and second.state == "ready", (first.error, second.error)
        assert most == 1
    finally:
        jobs.close()


def test_the_printed_address_takes_connections_before_the_server_accepts() -> None:
    """serve prints its address once the socket listens: a client that connects at once
    waits in the backlog instead of being refused (a benchmark that connected as soon as
    it read the address was refused now and then)."""
    from tiptiers.cli.serve import _listen

    sock = _listen("127.0.0.1", 0)
    try:
        with socket.create_connection(sock.getsockname(), timeout=5):
            pass  # connected: nothing has called accept() yet
    finally:
        sock.close()
