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
#: 5 s; past 1,000 open connections or requests a new request is answered 503; a stop waits
#: 10 s for requests in flight. uvicorn has no timeout for a client that sends its request
#: headers slowly (the app times out a slow body: web.security.BODY_SECONDS): a public
#: deployment puts a reverse proxy in front (docs/DEPLOYMENT.md).
SERVER_LIMITS: dict[str, Any] = {
    "timeout_keep_alive": 5,
    "limit_concurrency": 1000,
    "timeout_graceful_shutdown": 10,
    "backlog": 2048,
}


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
    config = uvicorn.Config(
        web, host=host, port=actual, log_level="info", access_log=False, **SERVER_LIMITS
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
    sock.set_inheritable(True)
    return sock


def _display_host(host: str) -> str:
    """The host as a browser address: 0.0.0.0 is reached at 127.0.0.1; IPv6 in brackets."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host
