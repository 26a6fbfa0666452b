"""The tiptiers database: the record in SQLite or PostgreSQL, seeded on first use.

Defines (re-exported): :class:`Store` (open, read, import; what an import wrote is
:class:`tiptiers.importing.ImportResult`) from :mod:`tiptiers.store.db`;
:func:`resolve_url`, :func:`default_path` and :func:`hide_password` from :mod:`tiptiers.store.location` (where the database is); and
:data:`SCHEMA_VERSION`. Creating and seeding a new database is :mod:`tiptiers.store.seed`,
reading the record :mod:`tiptiers.store.read`; the tables are in :mod:`tiptiers.store.schema`
(SQLAlchemy Core). Importing this package does not import SQLAlchemy: reading an existing SQLite file
uses the stdlib ``sqlite3``, and SQLAlchemy is imported only to create, seed or write a
database, or to reach a server.
"""

from __future__ import annotations

from tiptiers.store.columns import SCHEMA_VERSION
from tiptiers.store.db import Store
from tiptiers.store.location import (
    DEFAULT_FILENAME,
    ENV_VAR,
    default_path,
    hide_password,
    resolve_url,
)

__all__ = [
    "DEFAULT_FILENAME",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "Store",
    "default_path",
    "hide_password",
    "resolve_url",
]
