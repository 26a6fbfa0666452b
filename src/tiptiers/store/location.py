"""Where the tiptiers database is: an explicit URL or path, else ``$TIPTIERS_DATABASE_URL``,
else the SQLite file ``tiptiers.sqlite3`` in the user data directory.

Defines :func:`resolve_url`, :func:`default_path`, :func:`hide_password` and
:class:`Target` (what a URL or path names: the SQLAlchemy URL, the SQLite file if any, the
dialect). Imports neither SQLAlchemy nor pathlib: every command resolves its database.
"""

from __future__ import annotations

import os
import sys
from typing import NamedTuple

from tiptiers.errors import StoreError

ENV_VAR = "TIPTIERS_DATABASE_URL"
DEFAULT_FILENAME = "tiptiers.sqlite3"
HOW_TO_POINT = "pass --db PATH or URL, or set TIPTIERS_DATABASE_URL"


def default_path() -> str:
    """The default SQLite file: ``tiptiers.sqlite3`` in ``platformdirs.user_data_dir``.

    On Linux this is computed as platformdirs does ($XDG_DATA_HOME if absolute, else
    ~/.local/share) without importing it: importing platformdirs (and pathlib) costs more
    than the whole read of the record.
    """
    if sys.platform.startswith("linux"):
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = xdg if xdg.startswith("/") else os.path.join(_home(), ".local", "share")
        return os.path.join(base, "tiptiers", DEFAULT_FILENAME)
    import platformdirs

    return os.path.join(platformdirs.user_data_dir("tiptiers"), DEFAULT_FILENAME)


def _home() -> str:
    home = os.environ.get("HOME", "")
    if home.startswith("/"):
        return home
    import pwd

    return pwd.getpwuid(os.getuid()).pw_dir


class Target(NamedTuple):
    """What a database URL or path names."""

    url: str
    sqlite_path: str | None  # a SQLite file (absolute path), None for memory or a server
    dialect: str  # "sqlite" or "postgresql" (or whatever the URL names)
    default: bool = False  # the default location (its directories may be created)


def resolve_url(url: str | None = None) -> str:
    """The database URL that :meth:`Store.open` would use for ``url``.

    >>> resolve_url("/tmp/x.sqlite3")
    'sqlite:////tmp/x.sqlite3'
    >>> resolve_url("postgresql://u:p@127.0.0.1/db")
    'postgresql+psycopg://u:p@127.0.0.1/db'
    """
    return target(url).url


def target(url: str | None) -> Target:
    """The :class:`Target` of ``url`` (None or blank: the environment, else the default)."""
    if url is None or not url.strip():
        url = os.environ.get(ENV_VAR, "").strip() or None
    if url is None:
        path = default_path()
        return Target("sqlite:///" + path, path, "sqlite", default=True)
    url = url.strip()
    if "://" not in url:
        path = os.path.abspath(os.path.expanduser(url))
        return Target("sqlite:///" + path, path, "sqlite")
    scheme, _, rest = url.partition("://")
    scheme_l = scheme.lower()
    if scheme_l in ("postgres", "postgresql"):
        return Target("postgresql+psycopg://" + rest, None, "postgresql")
    dialect = scheme_l.split("+", 1)[0]
    if dialect == "sqlite":
        location = rest.split("?", 1)[0]
        if location in ("", "/", "/:memory:"):
            return Target(url, None, "sqlite")
        if not location.startswith("/"):
            raise StoreError(f"Bad SQLite URL '{url}': write sqlite:///PATH (three slashes).")
        path = os.path.abspath(os.path.expanduser(location[1:]))
        return Target(url, path, "sqlite")
    return Target(url, None, dialect)


def hide_password(url: str) -> str:
    """The URL with its password replaced by ``***``.

    >>> hide_password("postgresql+psycopg://me:s3cret@127.0.0.1:5432/tip")
    'postgresql+psycopg://me:***@127.0.0.1:5432/tip'
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    netloc, slash, tail = rest.partition("/")
    userinfo, at, host = netloc.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}{slash}{tail}"


def password(url: str) -> str | None:
    """The password in ``url``, if it has one."""
    rest = url.partition("://")[2]
    userinfo, at, _ = rest.partition("/")[0].rpartition("@")
    if at and ":" in userinfo:
        return userinfo.split(":", 1)[1] or None
    return None
