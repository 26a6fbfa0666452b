"""The queue of a SQLite file's writers (docs/CYCLE.md, "Stores").

SQLite lets one transaction write at a time. A writer that finds the file locked waits in
SQLite's busy handler, which sleeps and tries again with growing sleeps (up to 100 ms): it
is not a queue, so under a steady stream of writers one of them can keep losing for
seconds. :class:`WriterQueue` makes the writers queue instead: the threads of a process on
a lock, and the processes sharing the file (``tiptiers serve --workers N``, a ``tiptiers
cycle`` command beside a server) on an exclusive ``flock`` of ``FILE-lock`` beside the
database, which the kernel hands to the next process when it is released and drops when a
process dies (``kill -9`` included), so a crashed writer never blocks the others.

Where the lock file cannot be made (a read-only directory, a system without ``flock``),
the processes fall back to SQLite's busy handler: slower to hand over, never wrong.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

#: What is added to the database file's name for its writers' lock file.
SUFFIX = "-lock"


class WriterQueue:
    """Writers of one SQLite file, one at a time and in turn (see the module's text)."""

    def __init__(self, sqlite_path: str | None) -> None:
        self._threads = threading.Lock()
        self._path = sqlite_path + SUFFIX if sqlite_path and fcntl is not None else None

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for this writer's turn and hold it for the ``with`` block.

        The lock file is opened for each turn and closed after it (which releases the
        lock): a few microseconds against a write's milliseconds, and no descriptor to share
        by mistake with a forked worker or to leak."""
        with self._threads:
            fd = self._open()
            if fd is None:
                yield
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)

    def _open(self) -> int | None:
        if self._path is None:
            return None
        try:
            return os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError:
            self._path = None  # SQLite's busy handler alone from now on, as before
            return None
