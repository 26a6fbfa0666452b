"""The ``serve`` command: the web dashboard and the REST API on a local address."""

from __future__ import annotations

import contextlib
import socket
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from tiptiers.cli.common import DbOpt
from tiptiers.cli.program import app

#: What uvicorn bounds, per server process: an idle keep-alive connection is closed after
#: 5 s; past 4,096 open connections or requests a new request is answered 503; a stop waits
#: 10 s for requests in flight. Its own protocol (:func:`timed_protocol`) closes a connection
#: whose request headers are not in within :data:`HEADER_SECONDS`, and the app answers a body
#: slower than web.security.BODY_SECONDS 408: so 3,000 slow clients are dropped within
#: seconds and, being fewer than the limit, do not turn everyone else away with 503 meanwhile
#: (issue 27). A public deployment still puts a reverse proxy in front (limits per client
#: address, TLS: docs/DEPLOYMENT.md).
SERVER_LIMITS: dict[str, Any] = {
    "timeout_keep_alive": 5,
    "limit_concurrency": 4096,
    "timeout_graceful_shutdown": 10,
    "backlog": 2048,
}
#: Seconds a client has to send its request line and headers (nginx's client_header_timeout
#: in deploy/nginx/tiptiers.conf is the same).
HEADER_SECONDS = 10.0
#: Open files the server asks for (sockets: the connection limit, with room for the
#: database, the logs and the PDF builds), within the system's hard limit.
OPEN_FILES = SERVER_LIMITS["limit_concurrency"] + 512


def timed_protocol(seconds: float = HEADER_SECONDS) -> type:
    """uvicorn's HTTP/1.1 protocol (h11) with a deadline for the request headers: armed
    when a connection opens and when a response completes (for the next request on the
    connection), disarmed when a request's headers are in; at the deadline the connection is
    closed. uvicorn has no such timeout: a client sending one header line every few seconds
    would hold its connection for ever."""
    import asyncio

    from uvicorn.protocols.http.h11_impl import H11Protocol

    class TimedH11Protocol(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(seconds, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if self.cycle is None or self.cycle.response_complete:  # no request under way
                self.transport.close()

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def handle_events(self) -> None:
            cycle = self.cycle
            super().handle_events()
            if self.cycle is not cycle and self.cycle is not None:  # a request's head is in
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

    return TimedH11Protocol


def _more_open_files(wanted: int = OPEN_FILES) -> None:
    """Raise this process's soft limit of open files to ``wanted`` (within the hard limit):
    a common default of 1,024 would stop accepting connections far below the limit above."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


@app.command(rich_help_panel="The web dashboard")
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="TCP port.")] = 8000,
    db: DbOpt = None,
    reload: Annotated[
        bool, typer.Option("--reload", help="Restart when the source changes (development).")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            max=64,
            help="Server processes sharing the port. Default: one per CPU core.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the dashboard (map, countries, years, the law's reasons) and the API (/docs).

    Opens the database first, so a bad --db fails here in one line. With several workers
    the record is read once, before the processes fork, and shared. Stop with Ctrl-C.
    """
    import os

    import uvicorn

    url = f"http://{_display_host(host)}:{port}"
    if reload:
        # The reloader imports the app in a new process: the database goes by environment.
        from tiptiers.store import ENV_VAR, Store

        if db is not None:
            os.environ[ENV_VAR] = db
        Store.open(db).close()
        sys.stdout.write(f"tiptiers dashboard: {url}\n")
        sys.stdout.flush()
        uvicorn.run(
            "tiptiers.web.app:create_app",
            factory=True,
            host=host,
            port=port,
            reload=True,
            log_level="info",
            http=timed_protocol(),
            **SERVER_LIMITS,
        )
        return
    from tiptiers.web.app import create_app

    web = create_app(db)
    web.state.web.record()  # read before serving (and before workers fork: they share it)
    import gc

    # The record, the registry and the imported modules live as long as the server: move them
    # out of the collector's way, so that collections during requests stay short.
    gc.collect()
    gc.freeze()
    sock = _listen(host, port)
    actual = sock.getsockname()[1]
    sys.stdout.write(f"tiptiers dashboard: http://{_display_host(host)}:{actual}\n")
    sys.stdout.flush()
    _more_open_files()
    config = uvicorn.Config(
        web,
        host=host,
        port=actual,
        log_level="info",
        access_log=False,
        http=timed_protocol(),
        **SERVER_LIMITS,
    )
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count == 1 or not hasattr(os, "fork"):
        uvicorn.Server(config).run(sockets=[sock])
        return
    web.state.web.store.close()  # each worker opens its own connections
    _run_workers(count, lambda: uvicorn.Server(config).run(sockets=[sock]))


def _run_workers(count: int, run: Callable[[], None]) -> None:
    """Fork ``count`` processes that each call ``run`` (a server on the shared socket), and
    wait: a signal to stop (Ctrl-C, SIGTERM) is passed on to them; if one of them ends, the
    others are stopped too, and the exit says so."""
    import os
    import signal

    children: list[int] = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:  # a worker
            code = 0
            try:
                run()
            except BaseException:
                code = 1
            os._exit(code)
        children.append(pid)

    def stop(signum: int, _frame: object) -> None:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    failed = False
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        if pid in children:
            children.remove(pid)
            if os.waitstatus_to_exitcode(status) not in (0, -signal.SIGTERM, -signal.SIGINT):
                failed = True
            stop(signal.SIGTERM, None)  # one gone: stop the rest
    if failed:
        from tiptiers.errors import BadInput

        raise BadInput("A server process stopped with an error; the others were stopped.")


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port (raises BadInput in one line if it cannot be)."""
    from tiptiers.errors import BadInput

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
    # sockets whose proto says TCP; with proto 0 every response written in two parts waited
    # for the client's delayed ACK (~40 ms). TCP_NODELAY here too: accepted sockets inherit it.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        why = exc.strerror or str(exc)
        raise BadInput(f"Cannot listen on {host}:{port} ({why}): try another --port.") from None
    # Listen now, before the address is printed: a client that connects as soon as it reads
    # it waits in the backlog until the server accepts, instead of being refused.
    sock.listen(SERVER_LIMITS["backlog"])
    sock.set_inheritable(True)
    return sock


def _display_host(host: str) -> str:
    """The host as a browser address: 0.0.0.0 is reached at 127.0.0.1; IPv6 in brackets."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host
