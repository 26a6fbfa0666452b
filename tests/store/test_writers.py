"""The queue of a SQLite file's writers (store/writers.py): one writer at a time across
processes, handed on when a process dies, and SQLite's busy handler where no lock file can
be made."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tiptiers.store.writers import SUFFIX, WriterQueue

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")

#: A writer in another process: takes its turn, says so in a file, holds it for argv[3] s.
HOLDER = """
import sys, time
from pathlib import Path
from tiptiers.store.writers import WriterQueue
q = WriterQueue(sys.argv[1])
with q.turn():
    Path(sys.argv[2]).write_text("in")
    time.sleep(float(sys.argv[3]))
    Path(sys.argv[2]).write_text("out")
"""


def _holder(tmp_path: Path, hold: float) -> tuple[subprocess.Popen[bytes], Path]:
    said = tmp_path / "said"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "t.db"), str(said), str(hold)]
    )
    deadline = time.monotonic() + 30
    while not (said.exists() and said.read_text() == "in"):
        assert proc.poll() is None, "the holder ended before it took its turn"
        assert time.monotonic() < deadline, "the holder never took its turn"
        time.sleep(0.01)
    return proc, said


def test_a_writer_waits_for_the_other_process_to_finish(tmp_path: Path) -> None:
    proc, said = _holder(tmp_path, 0.5)
    try:
        with WriterQueue(str(tmp_path / "t.db")).turn():
            assert said.read_text() == "out", "two processes held the turn at once"
    finally:
        proc.wait(timeout=30)
    assert (tmp_path / f"t.db{SUFFIX}").exists()


def test_a_killed_writer_hands_on_its_turn(tmp_path: Path) -> None:
    proc, _ = _holder(tmp_path, 600)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    started = time.monotonic()
    with WriterQueue(str(tmp_path / "t.db")).turn():
        assert time.monotonic() - started < 5


def test_a_forked_process_queues_behind_its_parent(tmp_path: Path) -> None:
    """A queue made before a fork (as ``serve --workers`` makes it) excludes parent and
    child from each other: a lock file opened once and inherited would be one open file
    description, whose lock both processes would hold at once."""
    q = WriterQueue(str(tmp_path / "t.db"))
    with q.turn():
        pass
    go, said = tmp_path / "go", tmp_path / "child"
    pid = os.fork()
    if pid == 0:  # the child: once the parent holds its turn, takes its own
        code = 1
        try:
            while not go.exists():
                time.sleep(0.005)
            with q.turn():
                said.write_text("in")
            code = 0
        finally:
            os._exit(code)
    try:
        with q.turn():
            go.write_text("go")
            time.sleep(0.5)
            assert not said.exists(), "the child took its turn while the parent held it"
    finally:
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert said.read_text() == "in"


def test_without_a_lock_file_the_writers_still_work(tmp_path: Path) -> None:
    """Where the lock file cannot be made, the queue falls back to SQLite's busy handler
    (and the threads of the process still take turns)."""
    q = WriterQueue(str(tmp_path / "no such directory" / "t.db"))
    for _ in range(2):
        with q.turn():
            pass
    assert not (tmp_path / "no such directory").exists()


def test_memory_databases_have_no_lock_file() -> None:
    q = WriterQueue(None)
    with q.turn():
        pass
