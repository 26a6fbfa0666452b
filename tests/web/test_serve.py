"""``tiptiers serve``: prints the dashboard's address, serves it, and fails in one line."""

from __future__ import annotations

import os
import socket
import time

import httpx
import pytest
from tests.web.serving import serve, wait_until_up

from tiptiers.cli import main


def test_serve_prints_the_address_and_serves(web_db: str) -> None:
    proc = serve("--host", "127.0.0.1", "--port", "0", "--db", web_db)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("tiptiers dashboard: http://127.0.0.1:"), line
        url = line.removeprefix("tiptiers dashboard: ")
        for _ in range(100):
            try:
                r = httpx.get(url + "/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        assert r.json() == {"status": "ok"}
        assert "TIP Report tiers" in httpx.get(url + "/", timeout=5).text
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_busy_port_is_one_line(web_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--port", str(port), "--db", web_db])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"tiptiers: Cannot listen on 127.0.0.1:{port}")
    assert err.count("\n") == 1


def test_an_unusable_database_is_one_line(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["serve", "--port", "0", "--db", str(tmp_path)])  # a directory
    err = capsys.readouterr().err
    assert code == 2 and "is a directory" in err and err.count("\n") == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers fork")
def test_workers_share_the_port_and_stop_together(web_db: str) -> None:
    proc = serve("--host", "127.0.0.1", "--port", "0", "--workers", "2", "--db", web_db)
    try:
        url, r = wait_until_up(proc, "/readyz")
        assert r is not None and r.json()["status"] == "ready"
        for _ in range(100):  # both workers up
            children = _children(proc.pid)
            if len(children) == 2:
                break
            time.sleep(0.05)
        assert len(children) == 2
        answers = {
            httpx.get(url + "/api/v1/countries/CHN", timeout=5).status_code for _ in range(20)
        }
        assert answers == {200}
    finally:
        proc.terminate()
        assert proc.wait(timeout=20) == 0
    assert all(not os.path.exists(f"/proc/{pid}") for pid in children)


def _children(pid: int) -> list[int]:
    path = f"/proc/{pid}/task/{pid}/children"
    with open(path) as f:
        return [int(x) for x in f.read().split()]
