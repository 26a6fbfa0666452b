"""Annual-report PDFs built off the request path, one at a time per server, in a worker process.

WeasyPrint takes half a minute and about a gigabyte for a report and holds the interpreter
while it works: run in the server's process it stalls every other page, and several at once
exhaust a small machine. :class:`ReportJobs` starts the build in a separate process
(``spawn``: nothing of the server's threads is copied), answers at once with the job's state
(queued, building with the pages laid out so far, ready, failed), and keeps the finished PDF
as a file for the record's revision, so the second download is immediate.

One build at a time **per server**, whatever its number of workers: the workers of
``tiptiers serve --workers N`` share a directory (made before they fork) in which a build
holds a file lock (``flock``, released by the system if a worker dies); a PDF built by one
worker is served by all. The queue is bounded too: :data:`QUEUE` builds at most, building
or waiting, across the workers (each holds a slot file's lock); past that a request is
refused with :class:`ReportsBusy` (503 and ``Retry-After``).

Progress follows the real work (:class:`tiptiers.report.document.PdfProgress`): the
content's sections and profiles, WeasyPrint's stages and each page it lays out, reported by
the worker as it goes; the seconds expected are extrapolated from the pace so far.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tiptiers.errors import TiptiersError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from tiptiers.model import Record

#: Seconds a build is expected to take before one has finished (the figure of
#: docs/PERFORMANCE.md); afterwards, the last build's pace.
EXPECTED_SECONDS = 30.0
#: Builds at most, building or waiting, across a server's workers.
QUEUE = 4
#: Seconds a client refused for a full queue is told to wait.
RETRY_AFTER = 30
#: Seconds a build process has, after sending its answer, to exit before it is ended (its
#: work is done): the next build starts only once it is gone, so that two builds' memory
#: never overlaps (a 700 MB process freeing its memory on a busy machine can take longer).
EXIT_SECONDS = 5.0


class ReportsBusy(TiptiersError):
    """Every build slot of the server is taken: try again later."""

    http_status = 503


def build_pdf(
    year: int, record: Record, report: Callable[[float, str, int], None] | None = None
) -> bytes:
    """The report of ``year`` as a PDF (what the worker runs); ``report(fraction, what,
    pages)`` follows the build's real work (:class:`tiptiers.report.document.PdfProgress`)."""
    from tiptiers.countries import registry
    from tiptiers.report import document

    reg = registry()
    if report is None:
        return document.build_report_pdf(year, record=record, registry=reg)
    steps = document.report_steps(len(document.profile_countries(record, reg, year, None)))
    watch = document.PdfProgress(steps, document.expected_pages(record, reg, year, None), report)
    with document.pdf_progress(watch):
        return document.build_report_pdf(year, record=record, registry=reg, progress=watch.tick)


def _worker(year: int, record: Record, path: str, conn: Connection) -> None:
    """The worker process: build, write the file, say so (or the error's one line), exit."""
    try:
        data = build_pdf(year, record, lambda f, what, n: conn.send(("progress", (f, what, n))))
        _write_atomically(Path(path), data)
        conn.send(("ok", len(data)))
    except Exception as exc:  # a bug or a resource problem: said in one line
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _end(process: Any) -> None:
    """Wait for a build process to exit; end it if it lingers (SIGTERM, then SIGKILL), so
    that it is gone when the build lock is released."""
    process.join(timeout=EXIT_SECONDS)
    if process.is_alive():
        process.terminate()
        process.join(timeout=EXIT_SECONDS)
    if process.is_alive():
        process.kill()
        process.join()


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@dataclass
class Job:
    year: int
    revision: int
    queued: float
    path: Path
    started: float | None = None
    finished: float | None = None
    pages: int = 0
    fraction: float = 0.0  # of the build's work done (by its stages and pages)
    stage: str = ""
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def pdf(self) -> bytes | None:
        """The PDF, once built (read from the server's shared file)."""
        if self.error is not None or self.finished is None:
            return None
        try:
            return self.path.read_bytes()
        except OSError:
            return None

    @property
    def state(self) -> str:
        if self.error is not None:
            return "failed"
        if self.finished is not None:
            return "ready"
        return "building" if self.started is not None else "queued"


class ReportJobs:
    """PDF builds by (year, revision). ``in_process`` runs them in a thread of this process
    instead (tests that replace the builder); ``clock`` is the time source; ``queue`` the
    builds at most, building or waiting, across the processes that share ``directory``
    (default: a new temporary directory, shared by the workers forked after this)."""

    def __init__(
        self,
        *,
        in_process: bool = False,
        clock: Callable[[], float] = time.monotonic,
        queue: int = QUEUE,
        directory: Path | None = None,
    ) -> None:
        self._in_process = in_process
        self._clock = clock
        self._queue = queue
        self._lock = threading.Lock()
        self._jobs: dict[tuple[int, int], Job] = {}
        self._processes: set[Any] = set()
        self.expected = EXPECTED_SECONDS
        self._slots: dict[int, Any] = {}  # slot number -> its locked file, while held
        self.closed = False
        if directory is None:
            directory = Path(tempfile.mkdtemp(prefix="tiptiers-reports-"))
            owner = os.getpid()
            atexit.register(lambda: os.getpid() == owner and shutil.rmtree(directory, True))
        self.directory = directory

    # -- jobs ---------------------------------------------------------------------------------
    def find(self, year: int, revision: int) -> Job | None:
        """The job of ``year`` at ``revision`` if there is one (nothing is started): a PDF
        another worker built is found too."""
        with self._lock:
            job = self._jobs.get((year, revision))
        if job is not None:
            return job
        path = self._file(year, revision)
        if path.exists():
            now = self._clock()
            job = Job(year, revision, now, path, started=now, finished=now)
            with self._lock:
                return self._jobs.setdefault((year, revision), job)
        return None

    def job(self, year: int, revision: int, record: Record) -> Job:
        """The job of ``year`` at ``revision``, started if it was not (a failed one is tried
        again); jobs of older revisions are forgotten. Raises :class:`ReportsBusy` when
        every build slot of the server is taken."""
        job = self.find(year, revision)
        if job is not None and job.state != "failed":
            return job
        with self._lock:
            job = self._jobs.get((year, revision))
            if job is not None and job.state != "failed":
                return job
            slot = self._take_slot()
            if slot is None:
                raise ReportsBusy(
                    f"{self._queue} report builds are running or waiting on this server;"
                    f" try again in {RETRY_AFTER} s (the HTML version is ready now:"
                    f" /year/{year}/report.html)."
                )
            for key in [k for k in self._jobs if k[1] != revision]:
                del self._jobs[key]
            job = Job(year, revision, self._clock(), self._file(year, revision))
            self._jobs[(year, revision)] = job
        threading.Thread(target=self._run, args=(job, record, slot), daemon=True).start()
        return job

    def status(self, job: Job) -> dict[str, Any]:
        """The job's state as the page and the API show it: what the build is doing, the
        fraction of its work done (by its stages and the pages laid out), and the seconds
        elapsed and expected: extrapolated from the pace so far once a tenth is done, else
        the last build's time."""
        now = self._clock()
        elapsed = 0.0 if job.started is None else (job.finished or now) - job.started
        if job.state == "ready":
            progress, expected = 1.0, elapsed
        else:
            progress = job.fraction
            expected = elapsed / progress if progress >= 0.1 else max(elapsed, self.expected)
        return {
            "year": job.year,
            "state": job.state,
            "stage": job.stage,
            "elapsed": round(elapsed, 1),
            "expected": round(max(expected, elapsed), 1),
            "pages": job.pages,
            "progress": round(progress, 3),
            "error": job.error,
            "url": f"/year/{job.year}/report.pdf",
        }

    # -- the build ------------------------------------------------------------------------------
    def _run(self, job: Job, record: Record, slot: int) -> None:
        try:
            with self._build_lock():
                if self.closed:
                    job.error = "the server is stopping"
                    return
                job.started = self._clock()
                if job.path.exists():  # another worker built it while this one waited
                    job.finished = self._clock()
                    return
                for old in self.directory.glob("*.pdf"):
                    if not old.name.startswith(f"{job.revision}-"):
                        old.unlink(missing_ok=True)
                try:
                    kind, value = self._build(job, record)
                except Exception as exc:
                    kind, value = "error", f"{type(exc).__name__}: {exc}"
                job.finished = self._clock()
                if kind == "ok":
                    self.expected = max(1.0, job.finished - job.started)
                else:
                    job.finished = None
                    job.error = str(value)
        except OSError as exc:
            job.error = f"the build could not start ({exc.strerror or exc})"
        finally:
            self._release_slot(slot)
            job.done.set()

    def _build(self, job: Job, record: Record) -> tuple[str, Any]:
        def report(fraction: float, what: str, pages: int) -> None:
            job.fraction, job.stage, job.pages = fraction, what, pages

        if self._in_process:
            data = build_pdf(job.year, record, report)
            _write_atomically(job.path, data)
            return "ok", len(data)
        ctx = multiprocessing.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        process = ctx.Process(
            target=_worker, args=(job.year, record, str(job.path), send), daemon=True
        )
        process.start()
        send.close()
        self._processes.add(process)
        try:
            while True:
                try:
                    kind, value = receive.recv()
                except EOFError:
                    return "error", f"the worker stopped (exit code {process.exitcode})"
                if kind == "progress":
                    report(*value)
                    continue
                return kind, value
        finally:
            _end(process)
            self._processes.discard(process)
            receive.close()

    # -- what the workers of one server share ------------------------------------------------------
    def _file(self, year: int, revision: int) -> Path:
        return self.directory / f"{revision}-{year}.pdf"

    @contextlib.contextmanager
    def _build_lock(self) -> Iterator[None]:
        with open(self.directory / "build.lock", "a+b") as f:
            fcntl.flock(f, fcntl.LOCK_EX)  # released on close, or by the system on exit
            yield

    def _take_slot(self) -> int | None:
        """A build slot of the server (an open, locked slot file), or None if all are taken."""
        for i in range(self._queue):
            f = open(self.directory / f"slot-{i}.lock", "a+b")  # noqa: SIM115 (held)
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                f.close()
                continue
            self._slots[i] = f
            return i
        return None

    def _release_slot(self, slot: int) -> None:
        f = self._slots.pop(slot, None)
        if f is not None:
            f.close()

    def open(self) -> None:
        """Take jobs again (the server is starting, perhaps after an earlier stop)."""
        self.closed = False

    def close(self) -> None:
        """Stop the workers (the server is shutting down)."""
        self.closed = True
        for process in list(self._processes):
            process.terminate()
