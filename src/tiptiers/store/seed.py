"""Creating a database on first use and seeding it with the packaged record, atomically.

Defines :func:`seed` (fill the empty tables of a new database: the one place that says what
a new database holds — extend it there), :func:`seed_sqlite_file` and
:func:`ensure_schema` (the rows come from :mod:`tiptiers.store.packaged`).

* SQLite: the seed is written into a temporary file in the target's directory, which is
  then hard-linked into place; ``os.link`` fails if the target exists, so of two processes
  seeding at once exactly one file wins and the other process uses it. (Where hard links
  are not supported: a rename under an ``fcntl`` lock, or Windows' no-clobber rename.)
* PostgreSQL (and SQLite by URL): one transaction — under ``pg_advisory_xact_lock`` on
  PostgreSQL — creates the tables and seeds them only if the ``meta`` row is missing.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

from tiptiers.errors import TiptiersError, year_span
from tiptiers.store.columns import SCHEMA_VERSION, SELECT_META
from tiptiers.store.location import HOW_TO_POINT, Target

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from tiptiers.store.engine import Database

# pg_advisory_xact_lock key for seeding and writing: "tiptiers" in ASCII, as a bigint.
PG_LOCK_KEY = int.from_bytes(b"tiptiers", "big") & 0x7FFF_FFFF_FFFF_FFFF


def seed(conn: Connection) -> None:
    """Fill the empty tables of a new database with the packaged record (the caller holds
    the transaction): the rows of :func:`tiptiers.store.packaged.packaged_rows` (countries
    with their roles, placements, coverage, the determinations), the meta row and the first
    entry of the write log, named with the packaged record's fingerprint."""
    from sqlalchemy import insert

    from tiptiers.record import packaged_record
    from tiptiers.store import schema
    from tiptiers.store.packaged import TABLES, packaged_rows, seed_name

    rows = packaged_rows()
    for table in TABLES:
        conn.execute(insert(schema.metadata.tables[table]), rows[table])
    record = packaged_record()
    when = now()
    conn.execute(
        insert(schema.meta).values(id=1, schema_version=SCHEMA_VERSION, revision=1, created_at=when)
    )
    conn.execute(
        insert(schema.sources).values(
            name=seed_name(),
            years=year_span(record.years),
            placements=len(record),
            replaced=0,
            revision=1,
            recorded_at=when,
        )
    )


def seed_determinations(conn: Connection) -> None:
    """Fill the empty determination tables with the packaged Presidential Determinations."""
    from sqlalchemy import insert

    from tiptiers.record import packaged_determinations
    from tiptiers.store import schema
    from tiptiers.store.packaged import determination_row, determination_year_row

    dets = packaged_determinations()
    conn.execute(
        insert(schema.determination_years),
        [determination_year_row(y) for y in dets.years.values()],
    )
    conn.execute(insert(schema.determinations), [determination_row(d) for d in dets.rows])


def add_determinations(conn: Connection) -> None:
    """Bring a database made before the determination tables up to date, in the caller's
    transaction: create the two tables, seed them, and fill the coverage's missing release
    dates from the packaged ones. Placements, imports and the revision are left alone."""
    from sqlalchemy import update

    from tiptiers.record import packaged_releases
    from tiptiers.store import schema

    schema.metadata.create_all(
        conn, tables=[schema.determinations, schema.determination_years], checkfirst=True
    )
    seed_determinations(conn)
    cv = schema.coverage
    for year, rel in packaged_releases().items():
        if rel.release_date:
            conn.execute(
                update(cv)
                .where(cv.c.year == year, cv.c.release_date.is_(None))
                .values(release_date=rel.release_date)
            )


def add_unique_determinations(conn: Connection) -> int:
    """Give a database made before it the unique index of ``determinations`` (one row per
    fiscal year, government and paragraph), in the caller's transaction: repeated rows are
    removed first (the earliest kept) and the revision is bumped if any were, so that no
    reader keeps them. Returns how many rows were removed; a database that has the index
    is left alone."""
    from sqlalchemy import inspect, text

    from tiptiers.store import schema

    names = {i["name"] for i in inspect(conn).get_indexes("determinations")}
    if schema.DETERMINATION_UNIQUE in names:
        return 0
    removed = conn.execute(
        text(
            "DELETE FROM determinations WHERE id NOT IN (SELECT min(id) FROM determinations"
            " GROUP BY fiscal_year, iso3, determination, detail)"
        )
    ).rowcount
    if removed:
        conn.execute(text("UPDATE meta SET revision = revision + 1"))
    conn.execute(
        text(
            f"CREATE UNIQUE INDEX IF NOT EXISTS {schema.DETERMINATION_UNIQUE}"
            " ON determinations (fiscal_year, iso3, determination, detail)"
        )
    )
    return int(removed or 0)


def ensure_determinations(store: Database) -> None:
    """Through SQLAlchemy: give an existing tiptiers database its determination tables if it
    lacks them, and their unique index (one transaction; on PostgreSQL under the advisory
    lock, so two processes opening an old database add them once)."""
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import SQLAlchemyError

    from tiptiers.store import schema

    try:
        with store.engine().begin() as conn:
            if store.target.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
            present = set(inspect(conn).get_table_names())
            if not set(schema.DETERMINATION_TABLES) <= present:
                add_determinations(conn)
            else:
                add_unique_determinations(conn)
    except TiptiersError:
        raise
    except SQLAlchemyError as exc:
        raise store.db_error(exc, "adding the determination tables") from None


def ensure_schema(store: Database) -> None:
    """Through SQLAlchemy: check the database is a tiptiers one, or create and seed it (in
    one transaction; on PostgreSQL under an advisory lock, so concurrent first opens seed
    once)."""
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import SQLAlchemyError

    from tiptiers.store import schema

    try:
        with store.engine().begin() as conn:
            if store.target.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
            present = set(inspect(conn).get_table_names()) & set(schema.TABLE_NAMES)
            if "meta" in present:
                row = conn.execute(text(SELECT_META)).first()
                if row is not None:
                    store.check_meta(row)
                    if not set(schema.DETERMINATION_TABLES) <= present:
                        add_determinations(conn)
                    else:
                        add_unique_determinations(conn)
                    return
            elif present:
                raise store.not_tiptiers(
                    f"it has tables {', '.join(sorted(present))} but no meta table"
                )
            schema.metadata.create_all(conn)
            seed(conn)
    except TiptiersError:
        raise
    except SQLAlchemyError as exc:
        raise store.db_error(exc, "opening it") from None


def seed_sqlite_file(store: Database, path: str) -> None:
    """Create the SQLite file ``path``, seeded, unless another process creates it first."""
    import tempfile

    from sqlalchemy.exc import SQLAlchemyError

    from tiptiers.store import schema
    from tiptiers.store.engine import make_engine

    directory = os.path.dirname(path)
    if not store.target.default and not os.path.isdir(directory):
        # Only the default location's directories are created: a --db or URL naming a
        # directory that does not exist is more likely a typo than a wish (it made
        # /nonexistent as root).
        why = "is not a directory" if os.path.exists(directory) else "does not exist"
        raise store.error(
            f"{directory} {why}",
            "create it first, or point --db or TIPTIERS_DATABASE_URL at an existing directory",
        )
    try:
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{os.path.basename(path)}.", suffix=".seeding", dir=directory
        )
        os.close(fd)
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes it 0600; a database file is not
    except OSError as exc:
        raise store.error(f"cannot create it ({exc.strerror}: {directory})", HOW_TO_POINT) from None
    try:
        engine = make_engine(Target("sqlite:///" + tmp, tmp, "sqlite"), store)
        try:
            with engine.begin() as conn:
                schema.metadata.create_all(conn)
                seed(conn)
        except SQLAlchemyError as exc:
            raise store.db_error(exc, "seeding it") from None
        finally:
            engine.dispose()
        _publish_no_clobber(tmp, path)
    except OSError as exc:
        raise store.error(f"cannot create it ({exc.strerror})", HOW_TO_POINT) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _publish_no_clobber(tmp: str, path: str) -> None:
    """Put the seeded ``tmp`` at ``path`` unless ``path`` exists (then keep that one)."""
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        return
    except OSError:
        pass  # no hard links here (some file systems): fall back
    if os.name == "nt":  # pragma: no cover - Windows' rename never overwrites
        with contextlib.suppress(FileExistsError):
            os.rename(tmp, path)
        return
    import fcntl

    with open(path + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(path):
            os.replace(tmp, path)


def now() -> str:
    """The time of a write, as the write log records it (UTC, ISO 8601, seconds)."""
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")
