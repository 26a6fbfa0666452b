"""What keeps one anonymous request from harming the server or its users.

Defines two ASGI middlewares that :func:`tiptiers.web.app.create_app` installs:

* :class:`BodyLimit` — a request body larger than :data:`MAX_BODY_BYTES` is answered 413
  with the JSON error shape, whether its ``Content-Length`` says so up front or the body
  streams past the limit (chunked): the app never holds more than the limit in memory; a
  body not received within :data:`BODY_SECONDS` is answered 408 (a slow-body client); past
  :data:`BODY_BUDGET` bytes of bodies held across the requests in flight, 503.
* :class:`SecureHeaders` — every answer carries ``X-Content-Type-Options: nosniff``, a
  ``Referrer-Policy`` and, unless it is a page other sites may frame (``/embed/``),
  ``X-Frame-Options: DENY`` beside its CSP's ``frame-ancestors 'none'``; and a redirect never sends a client to the host its ``Host`` header
  named (the router's trailing-slash redirects are absolute URLs built from it): a
  ``Location`` on the request's own host becomes relative.

and :func:`docs_csp`, the Content-Security-Policy of ``/docs`` (the dashboard's pages have
theirs, :data:`tiptiers.web.pages.CSP`): its one inline script is allowed by its hash.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tiptiers.errors import TiptiersError
from tiptiers.web.responses import error_body

#: The largest request body accepted (bytes): a long article as a form is a few hundred kB.
MAX_BODY_BYTES = 1_000_000
#: Seconds a client has to send a whole request body (a megabyte on a slow phone link takes
#: a few); a slower one is answered 408 and its connection closed.
BODY_SECONDS = 30.0
#: Bytes of request bodies one server process holds at once, across all its requests in
#: flight: past it a request is answered 503 with ``Retry-After`` (thousands of clients each
#: sending a megabyte would otherwise hold gigabytes).
BODY_BUDGET = 64_000_000
RETRY_AFTER_SECONDS = 5
REFERRER_POLICY = "same-origin"
# The Swagger UI page (/docs): its assets from this app, its one inline script by hash.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' {script}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


class BodyTooLarge(TiptiersError):
    """A request body over the limit."""

    http_status = 413


def too_large_message(limit: int = MAX_BODY_BYTES) -> str:
    return (
        f"body: larger than the limit of {limit:,} bytes; send a shorter text"
        " (check a long article in parts, or use `tiptiers check-news FILE`)."
    )


class BodyTimeout(TiptiersError):
    """A request body not received in time."""

    http_status = 408


class BodyBudgetSpent(TiptiersError):
    """The bodies of the requests in flight fill the server's budget: try again shortly."""

    http_status = 503


class BodyLimit:
    """ASGI middleware: request bodies of at most ``limit`` bytes (else 413, JSON), received
    within ``seconds`` (else 408, JSON; a slow-body client holds a connection no longer),
    and at most ``budget`` bytes of bodies held across the requests in flight (else 503
    with ``Retry-After``)."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int = MAX_BODY_BYTES,
        seconds: float = BODY_SECONDS,
        budget: int = BODY_BUDGET,
    ) -> None:
        self.app = app
        self.limit = limit
        self.seconds = seconds
        self.budget = budget
        self.held = 0  # bytes of bodies received by requests still in flight

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.strip().isdigit() or int(declared) > self.limit):
            await self._refuse(scope, receive, send, declared)
            return
        seen = 0
        overflowed = timed_out = complete = spent = False
        deadline = asyncio.get_running_loop().time() + self.seconds

        async def counted() -> Message:
            nonlocal seen, overflowed, timed_out, complete, spent
            if complete:  # the body is in: what follows is a wait for a disconnect
                return await receive()
            try:
                message = await asyncio.wait_for(
                    receive(), max(0.0, deadline - asyncio.get_running_loop().time())
                )
            except TimeoutError:
                timed_out = True
                raise BodyTimeout(f"body: not received in {self.seconds:g} seconds.") from None
            if message["type"] == "http.request":
                size = len(message.get("body", b""))
                seen += size
                self.held += size
                complete = not message.get("more_body", False)
                if seen > self.limit:
                    overflowed = True
                    raise BodyTooLarge(too_large_message(self.limit))
                if self.held > self.budget:
                    spent = True
                    raise BodyBudgetSpent("busy")
            return message

        async def unless_refused(message: Message) -> None:
            if not (overflowed or timed_out or spent):  # else the answer is replaced below
                await send(message)

        try:
            await self.app(scope, counted, unless_refused)
        except (BodyTooLarge, BodyTimeout, BodyBudgetSpent):
            if not (overflowed or timed_out or spent):
                raise
        finally:
            self.held -= seen
        if spent:
            body = error_body(
                "Busy",
                f"body: the server holds {self.budget:,} bytes of request bodies already;"
                f" try again in {RETRY_AFTER_SECONDS} seconds.",
            )
            headers = {"Connection": "close", "Retry-After": str(RETRY_AFTER_SECONDS)}
            await JSONResponse(body, 503, headers=headers)(scope, receive, send)
        elif timed_out:
            body = error_body("RequestTimeout", f"body: not received in {self.seconds:g} seconds.")
            await JSONResponse(body, 408, headers={"Connection": "close"})(scope, receive, send)
        elif overflowed:
            await self._refuse(scope, receive, send, None)

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, declared: str | None
    ) -> None:
        if declared is None or declared.strip().isdigit():
            body = error_body("BodyTooLarge", too_large_message(self.limit))
            status = 413
        else:
            body = error_body("BadRequest", "Content-Length: not a number of bytes.")
            status = 400
        # The rest of the body is not read: the connection closes after the answer.
        await JSONResponse(body, status, headers={"Connection": "close"})(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


class SecureHeaders:
    """ASGI middleware: nosniff and a Referrer-Policy on every answer, and redirects that
    never name the host the client claimed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host")

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[tuple[bytes, bytes]] = [
                    (k, _relative(v, host) if host and k.lower() == b"location" else v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in (b"x-content-type-options", b"referrer-policy")
                ]
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", REFERRER_POLICY.encode()))
                if not _frameable(headers):
                    headers.append((b"x-frame-options", b"DENY"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_secure)


def _frameable(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether an answer may be framed by other sites: only where its own
    Content-Security-Policy says so (an /embed/ page's has no ``frame-ancestors``). Every
    other answer also says ``X-Frame-Options: DENY``, for browsers that do not read
    ``frame-ancestors``.

    >>> _frameable([(b"content-security-policy", b"default-src 'self'")])
    True
    >>> _frameable([(b"content-security-policy", b"frame-ancestors 'none'")])
    False
    >>> _frameable([(b"content-type", b"application/json")])
    False
    """
    for key, value in headers:
        if key.lower() == b"content-security-policy":
            return b"frame-ancestors" not in value
    return False


def _relative(location: bytes, host: str) -> bytes:
    """``location`` without its scheme and authority if they name ``host`` (the request's).

    >>> _relative(b"http://evil.example/docs", "evil.example")
    b'/docs'
    >>> _relative(b"https://elsewhere.org/x", "evil.example")
    b'https://elsewhere.org/x'
    """
    text = location.decode("latin-1")
    for scheme in ("http://", "https://"):
        prefix = scheme + host
        if text.lower().startswith(prefix.lower()):
            rest = text[len(prefix) :]
            if rest == "" or rest[0] in "/?#":
                return (rest or "/").encode("latin-1")
    return location


def docs_csp(page: bytes) -> str:
    """The Content-Security-Policy of the Swagger UI page ``page``: its assets from this app,
    its inline scripts allowed by their hashes."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode() + "'"
        for m in _INLINE_SCRIPT.finditer(page)
    )
    return DOCS_CSP.format(script=hashes)
