"""Identity with maintained libraries, no cryptography of our own (docs/CYCLE.md):

* passwords: argon2id (``argon2-cffi``'s :class:`PasswordHasher`, its defaults);
* API tokens: 32 random bytes from :mod:`secrets`, shown once; the database keeps their
  SHA-256 (a token is a random key, not a password: a fast hash is the usual way to look
  it up, and nothing about it can be guessed from the hash);
* web sessions and CSRF: ``itsdangerous``'s timed signer over a random session id with
  the key the database keeps (``app_settings``, shared by every worker), compared in
  constant time;
* login rate limiting: at most :data:`LOGIN_ATTEMPTS` failures per name and per client
  address in :data:`LOGIN_WINDOW` seconds (:func:`login_wait`); the failures are kept in
  the database (:meth:`tiptiers.cycle.service.Cycles.sign_in`), so every worker of the
  server counts the same ones.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
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


def login_wait(
    failures: Iterable[float],
    now: float,
    attempts: int = LOGIN_ATTEMPTS,
    window: float = LOGIN_WINDOW,
) -> int:
    """Seconds one key (a name, an address) must wait before another sign-in, given the
    times of its failed ones (0: it may try now): after ``attempts`` failures within
    ``window`` seconds, until the ``attempts``-th most recent one leaves the window.

    >>> login_wait([100.0, 110.0, 120.0, 130.0], now=140.0)
    0
    >>> login_wait([100.0, 110.0, 120.0, 130.0, 140.0], now=150.0)
    251
    >>> login_wait([100.0, 110.0, 120.0, 130.0, 140.0], now=401.0)
    0
    """
    recent = sorted(t for t in failures if now - t < window)
    if len(recent) < attempts:
        return 0
    return int(window - (now - recent[-attempts])) + 1
