"""The SQLAlchemy engine of a store: :func:`make_engine` (SQLite writers queue with
``BEGIN IMMEDIATE``; PostgreSQL connects with a timeout) and :func:`one_line`.

A module of its own so that :mod:`tiptiers.store.db` (opening a store) and
:mod:`tiptiers.store.seed` (seeding a new SQLite file) both use it without importing each
other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tiptiers.store.location import Target

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from tiptiers.store.db import Store


def one_line(text: str) -> str:
    """``text`` with every run of whitespace, newlines included, as one space."""
    return " ".join(str(text).split())


def make_engine(target: Target, store: Store) -> Engine:
    """A SQLAlchemy engine for ``target`` (SQLite writers queue with BEGIN IMMEDIATE)."""
    try:
        from sqlalchemy import create_engine, event
        from sqlalchemy.exc import SQLAlchemyError
    except ImportError as exc:  # pragma: no cover - sqlalchemy is a dependency
        raise store.error(f"SQLAlchemy is not installed ({exc})", "reinstall tiptiers") from None
    try:
        if target.dialect == "sqlite":
            kwargs: dict[str, Any] = {"connect_args": {"timeout": 30}}
            if target.sqlite_path is None:
                from sqlalchemy.pool import StaticPool

                kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
            engine = create_engine(target.url, **kwargs)

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_con: Any, _record: Any) -> None:
                # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE: writers queue up
                # at the start of their transaction instead of failing halfway through.
                dbapi_con.isolation_level = None
                dbapi_con.execute("PRAGMA foreign_keys = ON")

            @event.listens_for(engine, "begin")
            def _on_begin(conn: Connection) -> None:
                conn.exec_driver_sql("BEGIN IMMEDIATE")

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
