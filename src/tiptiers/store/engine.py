"""The database a store works on: :class:`Database` (where it is, its SQLAlchemy engine,
the wording of its errors), :func:`make_engine` (SQLite writers queue with ``BEGIN
IMMEDIATE``, a SQLite file is in WAL mode; PostgreSQL connects with a timeout),
:data:`READ_ONLY` and :func:`one_line`.

The bottom of the store's imports: :mod:`tiptiers.store.read` (reading the record) and
:mod:`tiptiers.store.seed` (creating and seeding a new database) take a :class:`Database`;
:class:`tiptiers.store.db.Store` is one, and imports them, so the flow is one way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tiptiers.errors import StoreError
from tiptiers.store.columns import SCHEMA_VERSION
from tiptiers.store.location import HOW_TO_POINT, Target, hide_password, password

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

#: The execution option of a connection that only reads
#: (``conn.execution_options(**{READ_ONLY: True})``): on SQLite its transactions begin
#: deferred and take no write lock, so readers never queue behind or in front of writers
#: (in WAL mode they read the last committed state while a writer works).
READ_ONLY = "tiptiers_read_only"

#: Connections kept per SQLite file engine: the web server's request threads (40) each hold
#: at most one, reads and writes alike, and must not wait for the pool.
SQLITE_POOL = {"pool_size": 20, "max_overflow": 30}


class Database:
    """A tiptiers database at a :class:`~tiptiers.store.location.Target`: its engine (made on
    first use) and its one-line errors. :class:`tiptiers.store.db.Store` adds opening,
    reading and writing the record."""

    def __init__(self, target: Target) -> None:
        self._target = target
        self._engine_: Engine | None = None

    @property
    def url(self) -> str:
        return self._target.url

    @property
    def target(self) -> Target:
        """Where the database is."""
        return self._target

    def describe(self) -> str:
        """Where the database is, for a user (password hidden)."""
        t = self._target
        if t.sqlite_path is not None:
            return f"SQLite file {t.sqlite_path}"
        if t.dialect == "sqlite":
            return "SQLite database in memory"
        if t.dialect == "postgresql":
            return f"PostgreSQL database {hide_password(t.url)}"
        return f"database {hide_password(t.url)}"

    def close(self) -> None:
        """Release the connection pool (the store can still be used; it reconnects)."""
        if self._engine_ is not None:
            self._engine_.dispose()
            self._engine_ = None

    # -- errors ---------------------------------------------------------------------------
    def error(self, what: str, todo: str) -> StoreError:
        """The one-line error 'Cannot use the tiptiers database at URL: what; todo.' (the
        password hidden, in the URL and in a driver's message alike)."""
        secret = password(self.url)
        if secret:
            # a driver's message may echo the password: hide it there, as a whole word only
            what = re.sub(rf"(?<!\w){re.escape(secret)}(?!\w)", "***", what)
        text = f"Cannot use the tiptiers database at {hide_password(self.url)}: {what}; {todo}."
        return StoreError(one_line(text))

    def db_error(self, exc: BaseException, doing: str) -> StoreError:
        """The error for a driver's failure while ``doing`` something."""
        orig = getattr(exc, "orig", None) or exc
        why = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        if self._target.dialect == "postgresql":
            todo = "check that the server is running and the URL is right, or " + HOW_TO_POINT
        else:
            todo = HOW_TO_POINT
        return self.error(f"{doing} failed ({why})", todo)

    def not_tiptiers(self, why: str) -> StoreError:
        """The error for a database that is not a tiptiers one."""
        return self.error(
            f"it is not a tiptiers database ({why})",
            "point --db or TIPTIERS_DATABASE_URL at a tiptiers database or at a new file",
        )

    def check_meta(self, row: Any) -> int:
        """The revision in the meta ``row``, checking the schema version."""
        if row is None:
            raise self.not_tiptiers("its meta table is empty")
        version, revision = int(row[0]), int(row[1])
        if version != SCHEMA_VERSION:
            raise self.error(
                f"it has schema version {version} and this tiptiers reads version {SCHEMA_VERSION}",
                "use the tiptiers version that made it, or start a new database with --db",
            )
        return revision

    # -- SQLAlchemy -------------------------------------------------------------------------
    def engine(self) -> Engine:
        """The SQLAlchemy engine (made on first use; SQLAlchemy is imported then)."""
        if self._engine_ is None:
            self._engine_ = make_engine(self._target, self)
        return self._engine_


def one_line(text: str) -> str:
    """``text`` with every run of whitespace, newlines included, as one space."""
    return " ".join(str(text).split())


def make_engine(target: Target, store: Database) -> Engine:
    """A SQLAlchemy engine for ``target`` (SQLite writers queue with BEGIN IMMEDIATE)."""
    try:
        from sqlalchemy import create_engine, event
        from sqlalchemy.exc import SQLAlchemyError
    except ImportError as exc:  # pragma: no cover - sqlalchemy is a dependency
        raise store.error(f"SQLAlchemy is not installed ({exc})", "reinstall tiptiers") from None
    try:
        if target.dialect == "sqlite":
            # timeout: SQLite's busy timeout, how long a writer waits for the write lock
            kwargs: dict[str, Any] = {"connect_args": {"timeout": 30}, **SQLITE_POOL}
            if target.sqlite_path is None:
                from sqlalchemy.pool import StaticPool

                kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
            engine = create_engine(target.url, **kwargs)
            wal = target.sqlite_path is not None

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_con: Any, _record: Any) -> None:
                # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE: writers queue up
                # at the start of their transaction instead of failing halfway through.
                dbapi_con.isolation_level = None
                dbapi_con.execute("PRAGMA foreign_keys = ON")
                if wal:
                    # Write-ahead log (kept in the file): a commit appends to the log and
                    # readers are never blocked by the writer. synchronous=NORMAL syncs at
                    # checkpoints, not at every commit: a committed transaction survives a
                    # crash of the process (kill -9) whole; a power cut may lose the last
                    # commits, never half of one (docs/CYCLE.md, "Stores").
                    dbapi_con.execute("PRAGMA journal_mode = WAL")
                    dbapi_con.execute("PRAGMA synchronous = NORMAL")

            @event.listens_for(engine, "begin")
            def _on_begin(conn: Connection) -> None:
                read_only = conn.get_execution_options().get(READ_ONLY, False)
                conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

            return engine
        connect_args: dict[str, Any] = {}
        if target.dialect == "postgresql":
            connect_args["connect_timeout"] = 10
        return create_engine(target.url, connect_args=connect_args)
    except ModuleNotFoundError as exc:
        raise store.error(
            f"its database driver is not installed ({exc.name})",
            "for PostgreSQL install psycopg: pip install 'tiptiers[postgres]'",
        ) from None
    except (SQLAlchemyError, ValueError) as exc:
        raise store.error(
            f"the URL is not usable ({one_line(str(exc))})",
            "use a file path, sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DB",
        ) from None
