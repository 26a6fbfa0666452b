"""The reverse proxy of docs/DEPLOYMENT.md, tested: deploy/nginx/tiptiers.conf as shipped,
run by Debian's nginx in front of a served tiptiers (loopback only). It passes answers on,
refuses a body over the app's limit before sending it on, and closes the connection of a
client that sends its headers too slowly (what uvicorn does not time out).

Skipped where nginx is not installed, except under CI=true, where .ci/run installs it and a
missing nginx fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "tiptiers.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)

pytestmark = pytest.mark.slow
if NGINX is None and os.environ.get("CI") != "true":
    pytestmark = [pytest.mark.slow, pytest.mark.skip(reason="nginx is not installed")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int) -> None:
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on {port}")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    assert NGINX is not None, "nginx is needed (CI installs it: .ci/run)"
    work = tmp_path_factory.mktemp("nginx")
    app_port, proxy_port = _free_port(), _free_port()
    app = subprocess.Popen(
        [sys.executable, "-c", "from tiptiers.cli import run; run()", "serve", "--port",
         str(app_port), "--workers", "1", "--db", str(work / "db.sqlite3")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    site = CONF.read_text()
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{proxy_port};", site)
    (work / "tiptiers.conf").write_text(site)
    (work / "nginx.conf").write_text(
        f"worker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"  access_log off;\n  client_body_temp_path {work}/body;\n"
        f"  proxy_temp_path {work}/proxy;\n  fastcgi_temp_path {work}/fcgi;\n"
        f"  uwsgi_temp_path {work}/uwsgi;\n  scgi_temp_path {work}/scgi;\n"
        f"  include {work}/tiptiers.conf;\n"
        "}\n"
    )
    check = subprocess.run(
        [NGINX, "-t", "-p", str(work), "-c", str(work / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    server = subprocess.Popen(
        [NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait(app_port)
        _wait(proxy_port)
        yield proxy_port
    finally:
        server.terminate()
        app.terminate()
        server.wait(timeout=10)
        app.wait(timeout=20)


def _request(port: int, raw: bytes, timeout: float = 10) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(raw)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
        return out


def test_answers_pass_through_the_proxy(proxy: int) -> None:
    got = _request(
        proxy, b"GET /api/v1/countries/CHN HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    assert got.startswith(b"HTTP/1.1 200"), got[:200]
    assert b'"iso3":"CHN"' in got and b"x-frame-options: deny" in got.lower()


def test_a_body_over_the_limit_is_refused_by_the_proxy(proxy: int) -> None:
    head = (
        b"POST /api/v1/check-news HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 2000000\r\nConnection: close\r\n\r\n"
    )
    got = _request(proxy, head)
    assert got.startswith(b"HTTP/1.1 413"), got[:200]


def test_a_client_sending_its_headers_slowly_is_cut_off(proxy: int) -> None:
    """Slow-header (what uvicorn never times out): closed by the proxy within its 10 s."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", proxy), timeout=30) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        got = b""
        while chunk := s.recv(65536):  # nothing more is sent; the proxy ends it
            got += chunk
    waited = time.monotonic() - started
    assert 9 <= waited < 20, waited
    assert got == b"" or got.startswith(b"HTTP/1.1 408")
