"""Start ``tiptiers serve`` in a subprocess and wait for it: one helper for the tests that need
a real server (a port, workers, a process whose memory is measured)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}
PREFIX = "tiptiers dashboard: "


def serve(*args: str, stderr: int = subprocess.PIPE) -> subprocess.Popen[str]:
    """``tiptiers serve ARGS`` in a new process (its address is its first line)."""
    return subprocess.Popen(
        [sys.executable, "-c", "from tiptiers.cli import run; run()", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=ENV,
    )


def wait_until_up(
    proc: subprocess.Popen[str], path: str = "/healthz", tries: int = 400
) -> tuple[str, httpx.Response | None]:
    """The address ``proc`` printed, once ``path`` answers there (None if it never did)."""
    assert proc.stdout is not None
    url = proc.stdout.readline().strip().removeprefix(PREFIX)
    for _ in range(tries):
        try:
            return url, httpx.get(url + path, timeout=1)
        except httpx.TransportError:
            time.sleep(0.05)
    return url, None
