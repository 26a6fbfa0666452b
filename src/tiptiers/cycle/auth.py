"""Identity with maintained libraries, no cryptography of our own (docs/CYCLE.md):

* passwords: argon2id (``argon2-cffi``'s :class:`PasswordHasher`, its defaults);
* API tokens: 32 random bytes from :mod:`secrets`, shown once; the database keeps their
  SHA-256 (a token is a random key, not a password: a fast hash is the usual way to look
  it up, and nothing about it can be guessed from the hash);
* web sessions and CSRF: ``itsdangerous``'s timed signer over a random session id with
  the key the database keeps (``app_settings``, shared by every worker), compared in
  constant time;
* login rate limiting: at most :data:`LOGIN_ATTEMPTS` failures per name and per client
  address in :data:`LOGIN_WINDOW` seconds, per process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from typing import Any

TOKEN_PREFIX = "tt_"
SESSION_MAX_AGE = 12 * 3600  # seconds a login lasts
LOGIN_ATTEMPTS = 5
LOGIN_WINDOW = 300.0


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """The argon2id hash of ``password``."""
    return str(_hasher().hash(password))


def check_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches the argon2 hash ``stored`` (False without one)."""
    if not stored:
        _hasher().hash(password)  # the same work either way: no timing hint of who exists
        return False
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A new API token (shown once)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the database keeps of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(48)


def _signer(key: str, salt: str) -> Any:
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(key, salt=salt)


def sign_session(key: str, user: str) -> str:
    """A session cookie's value: the user and a random CSRF secret, signed and dated."""
    return str(_signer(key, "session").dumps({"u": user, "c": secrets.token_urlsafe(24)}))


def read_session(key: str, value: str | None) -> dict[str, str] | None:
    """The session in a cookie value, or None if it is missing, forged or expired."""
    if not value or len(value) > 4096:
        return None
    from itsdangerous import BadSignature

    try:
        data = _signer(key, "session").loads(value, max_age=SESSION_MAX_AGE)
    except (BadSignature, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), str):
        return None
    return {"u": data["u"], "c": str(data.get("c", ""))}


def csrf_token(session: dict[str, str]) -> str:
    """The CSRF token of a session, for its forms."""
    return session["c"]


def csrf_ok(session: dict[str, str] | None, sent: str | None) -> bool:
    """Whether a form's CSRF token is the session's (constant-time)."""
    if session is None or not sent or not session.get("c"):
        return False
    return hmac.compare_digest(session["c"].encode(), sent.encode())


class LoginLimiter:
    """Failed logins per key (a name, an address) in a sliding window."""

    def __init__(self, attempts: int = LOGIN_ATTEMPTS, window: float = LOGIN_WINDOW) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, *keys: str) -> int:
        """Seconds to wait before another try (0 if allowed)."""
        now = time.monotonic()
        with self._lock:
            waits = [
                int(self.window - (now - q[0])) + 1
                for k in keys
                if len(q := self._recent(k, now)) >= self.attempts
            ]
        return max(waits, default=0)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > 10_000:  # bounded memory whatever the traffic
                self._failures.clear()
            for k in keys:
                self._recent(k, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._failures.pop(k, None)
