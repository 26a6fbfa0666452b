"""The database schema's history as Alembic migrations, and :func:`upgrade` to bring a
database to the newest one in place (docs/CYCLE.md, "Stores").

``0001_baseline`` is the schema tiptiers made before migrations (the record, its coverage,
the write log, the Presidential Determinations); a database made by
:func:`tiptiers.store.seed.seed` or by an earlier tiptiers is stamped with it, then
upgraded. ``0002_cycles`` adds reporting cycles, users and the append-only event trail;
``0003_determinations_unique`` the unique index of ``determinations`` (one row per fiscal
year, government and paragraph), which :mod:`tiptiers.store.seed` also adds on open;
``0004_determination_codes`` widens a determination's code for d1A, waiver and compliance;
``0005_statute_codes`` rewrites the codes as the statute's names (d1A_i, d1A_ii, d3, d4_full,
d4_partial, d4: tiptiers.documents.DETERMINATION_CODES), which a database with imports since
its packaged record gets on open (:func:`tiptiers.store.refresh.on_open`);
``0006_login_failures`` keeps failed web sign-ins, so every server worker counts them;
``0007_entry_revisions`` lets an author correct or withdraw evidence and comments.
Reading the record never needs Alembic: only the commands that use the newer tables call
:func:`ensure_current`, which costs one query once the database is current.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tiptiers.errors import TiptiersError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from tiptiers.store.engine import Database

#: The newest migration (a test checks it is Alembic's head).
HEAD = "0007_entry_revisions"
BASELINE = "0001_baseline"
_HERE = os.path.dirname(__file__)


def config(connection: Connection | None = None):  # type: ignore[no-untyped-def]
    """Alembic's configuration for this package's migrations (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", _HERE)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def current(conn: Connection) -> str | None:
    """The database's migration (None before Alembic managed it)."""
    from sqlalchemy import inspect, text

    if "alembic_version" not in inspect(conn).get_table_names():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(store: Database, target: str = "head") -> str:
    """Bring the database to ``target`` in place, in one transaction (on PostgreSQL under
    the store's advisory lock, so two processes upgrade once). A database made before
    migrations is stamped with the baseline first. Returns the migration it is at."""
    from alembic import command
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import SQLAlchemyError

    from tiptiers.store.seed import PG_LOCK_KEY

    try:
        with store.engine().begin() as conn:
            if store.target.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
            cfg = config(conn)
            if current(conn) is None and "meta" in inspect(conn).get_table_names():
                command.stamp(cfg, BASELINE)
            command.upgrade(cfg, target)
            return str(current(conn))
    except TiptiersError:
        raise
    except SQLAlchemyError as exc:
        raise store.db_error(exc, "upgrading its schema (nothing was changed)") from None


def ensure_current(store: Database) -> None:
    """Upgrade the database if it is not at :data:`HEAD` (one query when it is)."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with store.engine().connect() as conn:
            at = current(conn)
    except SQLAlchemyError as exc:
        raise store.db_error(exc, "reading its schema version") from None
    if at != HEAD:
        upgrade(store)
