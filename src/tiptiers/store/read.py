"""Reading the record out of the database.

An existing SQLite file is read with the stdlib :mod:`sqlite3` (SQLAlchemy costs ~150 ms to
import); other databases through SQLAlchemy. Both readers go through
:func:`tiptiers.store.columns.record_from_rows`, so they cannot drift apart; both read the
meta row and the tables in one transaction (one snapshot).

Defines :func:`sqlite3_connect`, :func:`sqlite_revision`, :func:`sqlite_check`,
:func:`read_with_sqlite3` and :func:`read_with_sqlalchemy`; :class:`~tiptiers.store.db.Store`
calls them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tiptiers.errors import TiptiersError
from tiptiers.model import Record, joint_entity
from tiptiers.store.columns import (
    SELECT_COUNTRY_PLACEMENTS,
    SELECT_COUNTRY_ROLES,
    SELECT_COVERAGE,
    SELECT_DETERMINATION_YEARS,
    SELECT_DETERMINATIONS,
    SELECT_META,
    SELECT_PLACEMENTS,
    SELECT_ROLES,
    SELECT_YEAR_COUNTS,
    SELECT_YEAR_PLACEMENTS,
    determinations_from_rows,
    record_from_rows,
)
from tiptiers.store.location import HOW_TO_POINT
from tiptiers.store.packaged import SELECT_SINCE_PACKAGED

if TYPE_CHECKING:
    import sqlite3

    from tiptiers.store.engine import Database

Snapshot = tuple[int, Record]  # (revision, record)


def sqlite3_connect(store: Database) -> sqlite3.Connection:
    """A stdlib connection to the store's existing SQLite file (never creates one)."""
    import sqlite3

    path = store.target.sqlite_path
    assert path is not None
    quoted = path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    try:
        return sqlite3.connect(f"file:{quoted}?mode=rw", uri=True, isolation_level=None, timeout=30)
    except sqlite3.Error as exc:
        raise store.error(f"cannot open it ({exc})", HOW_TO_POINT) from None


def sqlite_revision(store: Database) -> int:
    """The revision of the store's SQLite file, checking that it is a tiptiers database."""
    return sqlite_check(store)[0]


def sqlite_check(store: Database) -> tuple[int, bool, list[str]]:
    """The revision of the store's SQLite file, checking that it is a tiptiers database,
    whether it has the determination tables and their unique index (files made before them
    do not; :func:`tiptiers.store.seed.ensure_determinations` adds them), and the write log
    from its packaged row on (:mod:`tiptiers.store.packaged`): one connection for all three,
    as every command opens the store."""
    import sqlite3

    con = sqlite3_connect(store)
    try:
        revision = store.check_meta(con.execute(SELECT_META).fetchone())
        found = con.execute(
            "SELECT count(*) FROM sqlite_master WHERE (type = 'table'"
            " AND name IN ('determinations', 'determination_years'))"
            " OR (type = 'index' AND name = 'determinations_one_per_paragraph')"
        ).fetchone()[0]
        log = [str(r[0]) for r in con.execute(SELECT_SINCE_PACKAGED)]
        return revision, int(found) == 3, log
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc) or "no such column" in str(exc):
            raise store.not_tiptiers(str(exc)) from None
        raise store.error(f"cannot read it ({exc})", HOW_TO_POINT) from None
    except sqlite3.DatabaseError as exc:
        raise store.not_tiptiers(str(exc)) from None
    finally:
        con.close()


def read_with_sqlite3(store: Database, cache: Snapshot | None) -> Snapshot:
    """The revision and the record of the store's SQLite file (``cache`` if the revision is
    the cached one)."""
    import sqlite3

    con = sqlite3_connect(store)
    try:
        con.execute("BEGIN")
        revision = store.check_meta(con.execute(SELECT_META).fetchone())
        if cache is not None and cache[0] == revision:
            con.execute("COMMIT")
            return cache
        record = record_from_rows(
            con.execute(SELECT_PLACEMENTS).fetchall(),
            con.execute(SELECT_COVERAGE).fetchall(),
            con.execute(SELECT_ROLES).fetchall(),
            determinations_from_rows(
                con.execute(SELECT_DETERMINATIONS).fetchall(),
                con.execute(SELECT_DETERMINATION_YEARS).fetchall(),
            ),
        )
        con.execute("COMMIT")
        return revision, record
    except sqlite3.Error as exc:
        raise store.db_error(exc, "reading the record") from None
    finally:
        con.close()


def read_with_sqlalchemy(store: Database, cache: Snapshot | None) -> Snapshot:
    """The revision and the record through SQLAlchemy (``cache`` if the revision is the
    cached one)."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with store.engine().connect() as conn, conn.begin():
            if store.target.dialect == "postgresql":
                # One snapshot for all three tables.
                conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            revision = store.check_meta(conn.execute(text(SELECT_META)).first())
            if cache is not None and cache[0] == revision:
                return cache
            record = record_from_rows(
                conn.execute(text(SELECT_PLACEMENTS)).all(),
                conn.execute(text(SELECT_COVERAGE)).all(),
                conn.execute(text(SELECT_ROLES)).all(),
                determinations_from_rows(
                    conn.execute(text(SELECT_DETERMINATIONS)).all(),
                    conn.execute(text(SELECT_DETERMINATION_YEARS)).all(),
                ),
            )
            return revision, record
    except TiptiersError:
        raise
    except SQLAlchemyError as exc:
        raise store.db_error(exc, "reading the record") from None


def read_part(store: Database, *, iso3: str | None = None, year: int | None = None) -> Record:
    """The record restricted to one country's placements and roles (``iso3``) or one
    year's placements (``year``), with every year's coverage and no determinations: what a
    country's history or a year's placements read, in one query for the rows they touch
    (so their cost does not grow with the rest of the database)."""
    if (iso3 is None) == (year is None):
        raise ValueError("read_part: give iso3 or year")
    if iso3 is not None:
        # a member's history starts from its joint government's last placement (Serbia's
        # 2007 from Serbia and Montenegro's 2006): read that government's rows too
        j = joint_entity(iso3)
        joint = j.iso3 if j is not None else iso3
        queries = [
            (SELECT_COUNTRY_PLACEMENTS, {"iso3": iso3, "joint": joint}),
            (SELECT_COVERAGE, {}),
        ]
        queries.append((SELECT_COUNTRY_ROLES, {"iso3": iso3}))
        queries.append((SELECT_YEAR_COUNTS, {}))
    else:
        queries = [(SELECT_YEAR_PLACEMENTS, {"year": year}), (SELECT_COVERAGE, {})]
    if store.target.sqlite_path is not None:
        import sqlite3

        con = sqlite3_connect(store)
        try:
            con.execute("BEGIN")
            store.check_meta(con.execute(SELECT_META).fetchone())
            rows = [con.execute(q, args).fetchall() for q, args in queries]
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            raise store.db_error(exc, "reading the record") from None
        finally:
            con.close()
    else:
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with store.engine().connect() as conn, conn.begin():
                if store.target.dialect == "postgresql":
                    conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
                store.check_meta(conn.execute(text(SELECT_META)).first())
                rows = [list(conn.execute(text(q), args).all()) for q, args in queries]
        except TiptiersError:
            raise
        except SQLAlchemyError as exc:
            raise store.db_error(exc, "reading the record") from None
    if iso3 is not None:
        return record_from_rows(rows[0], rows[1], rows[2], year_counts=rows[3])
    return record_from_rows(rows[0], rows[1], [])
