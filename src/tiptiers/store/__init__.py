"""The tiptiers database: the record in SQLite or PostgreSQL, seeded on first use.

Defines (re-exported from :mod:`tiptiers.store.db`): :class:`Store` (open, read, import),
:class:`ImportResult`, :func:`resolve_url`, :func:`default_path`, :func:`hide_password`,
and :data:`SCHEMA_VERSION`. The tables are in :mod:`tiptiers.store.schema` (SQLAlchemy
Core). Importing this package does not import SQLAlchemy: reading an existing SQLite file
uses the stdlib ``sqlite3``, and SQLAlchemy is imported only to create, seed or write a
database, or to reach a server.
"""

from __future__ import annotations

from tiptiers.store.columns import SCHEMA_VERSION
from tiptiers.store.db import (
    DEFAULT_FILENAME,
    ENV_VAR,
    ImportResult,
    Store,
    default_path,
    hide_password,
    resolve_url,
)

__all__ = [
    "DEFAULT_FILENAME",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "ImportResult",
    "Store",
    "default_path",
    "hide_password",
    "resolve_url",
]
