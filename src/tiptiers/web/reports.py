"""Annual-report PDFs built off the request path, one at a time, in a worker process.

WeasyPrint takes half a minute for a report and holds the interpreter while it works: run in
the server's process it stalls every other page. :class:`ReportJobs` starts the build in a
separate process (``spawn``: nothing of the server's threads is copied), answers at once
with the job's state (queued, building with its elapsed and expected seconds, ready, failed),
and keeps the finished PDF for the record's revision, so the second download is immediate.
Builds are queued, one at a time: two readers asking for two years do not halve each other's
speed on a small machine.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from tiptiers.model import Record

#: Seconds a build is expected to take before one has finished (the figure of
#: docs/PERFORMANCE.md); afterwards, the last build's time.
EXPECTED_SECONDS = 30.0


def build_pdf(year: int, record: Record) -> bytes:
    """The report of ``year`` as a PDF (what the worker runs)."""
    from tiptiers.countries import registry
    from tiptiers.report import document

    return document.build_report_pdf(year, record=record, registry=registry())


def _worker(year: int, record: Record, conn: Connection) -> None:
    """The worker process: build, send the bytes (or the error's one line), exit."""
    try:
        conn.send(("ok", build_pdf(year, record)))
    except Exception as exc:  # a bug or a resource problem: said in one line
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


@dataclass
class Job:
    year: int
    revision: int
    queued: float
    started: float | None = None
    finished: float | None = None
    pdf: bytes | None = None
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def state(self) -> str:
        if self.pdf is not None:
            return "ready"
        if self.error is not None:
            return "failed"
        return "building" if self.started is not None else "queued"


class ReportJobs:
    """PDF builds by (year, revision). ``in_process`` runs them in a thread of this process
    instead (tests that replace the builder); ``clock`` is the time source."""

    def __init__(
        self,
        *,
        in_process: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._in_process = in_process
        self._clock = clock
        self._lock = threading.Lock()
        self._one_at_a_time = threading.Semaphore(1)
        self._jobs: dict[tuple[int, int], Job] = {}
        self._processes: set[Any] = set()
        self.expected = EXPECTED_SECONDS
        self.closed = False

    def job(self, year: int, revision: int, record: Record) -> Job:
        """The job of ``year`` at ``revision``, started if it was not (a failed one is tried
        again); jobs of older revisions are forgotten."""
        with self._lock:
            job = self._jobs.get((year, revision))
            if job is not None and job.state != "failed":
                return job
            for key in [k for k in self._jobs if k[1] != revision]:
                del self._jobs[key]
            job = Job(year, revision, self._clock())
            self._jobs[(year, revision)] = job
        threading.Thread(target=self._run, args=(job, record), daemon=True).start()
        return job

    def status(self, job: Job) -> dict[str, Any]:
        now = self._clock()
        elapsed = 0.0 if job.started is None else (job.finished or now) - job.started
        return {
            "year": job.year,
            "state": job.state,
            "elapsed": round(elapsed, 1),
            "expected": round(self.expected, 1),
            "progress": 1.0
            if job.pdf is not None
            else round(min(0.95, elapsed / self.expected), 3),
            "error": job.error,
            "url": f"/year/{job.year}/report.pdf",
        }

    def _run(self, job: Job, record: Record) -> None:
        with self._one_at_a_time:
            if self.closed:
                job.error = "the server is stopping"
                job.done.set()
                return
            job.started = self._clock()
            try:
                kind, value = self._build(job.year, record)
            except Exception as exc:
                kind, value = "error", f"{type(exc).__name__}: {exc}"
            job.finished = self._clock()
            if kind == "ok":
                job.pdf = value
                self.expected = max(1.0, job.finished - job.started)
            else:
                job.error = str(value)
            job.done.set()

    def _build(self, year: int, record: Record) -> tuple[str, Any]:
        if self._in_process:
            return "ok", build_pdf(year, record)
        ctx = multiprocessing.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_worker, args=(year, record, send), daemon=True)
        process.start()
        send.close()
        self._processes.add(process)
        try:
            try:
                return receive.recv()  # type: ignore[no-any-return]
            except EOFError:
                return "error", f"the worker stopped (exit code {process.exitcode})"
        finally:
            process.join(timeout=5)
            self._processes.discard(process)
            receive.close()

    def open(self) -> None:
        """Take jobs again (the server is starting, perhaps after an earlier stop)."""
        self.closed = False

    def close(self) -> None:
        """Stop the workers (the server is shutting down)."""
        self.closed = True
        for process in list(self._processes):
            process.terminate()
