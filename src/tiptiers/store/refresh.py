"""Refreshing a database's packaged record after an upgrade of tiptiers (docs/DATA.md).

On open, :func:`on_open` compares the packaged record a database holds with this tiptiers'
(:mod:`tiptiers.store.packaged`). If they differ and nothing was written since the packaged
row of the write log, :func:`refresh` replaces the packaged tables (countries, placements,
coverage, determinations and their years) with the packaged record in one transaction —
under ``BEGIN IMMEDIATE`` on SQLite and the advisory lock on PostgreSQL, reading the log
again inside it, so concurrent opens refresh once and a killed process leaves the old
record — bumps the revision and logs it. Reporting cycles, users and the rest of the schema
are left alone (the schema is first brought to Alembic's head: a newer record may need it).
If the user imported since, nothing is overwritten: the open's note names ``tiptiers db
refresh``, which shows with :func:`diff` what would change.

Defines :func:`diff`, :class:`Refreshed`, :func:`refresh` and :func:`on_open`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from tiptiers.errors import TiptiersError
from tiptiers.store.packaged import (
    SELECT_SINCE_PACKAGED,
    TABLES,
    Change,
    Stale,
    fingerprint,
    packaged_rows,
    seed_name,
    stale,
    words,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from tiptiers.store.engine import Database

# The key of a row in each packaged table (what makes a row "the same row, changed").
_KEYS: dict[str, tuple[str, ...]] = {
    "countries": ("iso3",),
    "placements": ("iso3", "year"),
    "coverage": ("year",),
    "determination_years": ("fiscal_year",),
    "determinations": ("fiscal_year", "iso3", "determination", "detail"),
}


def _keyed(table: str, rows: Iterable[dict[str, Any]]) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    key = _KEYS[table]
    out = {}
    for r in rows:
        cols = sorted(c for c in r if c != "id")
        out[tuple(r[k] for k in key)] = tuple((c, r[c]) for c in cols)
    return out


def _diff(conn: Connection, new: dict[str, list[dict[str, Any]]]) -> list[Change]:
    from sqlalchemy import select

    from tiptiers.store import schema

    out = []
    for table in TABLES:
        t = schema.metadata.tables[table]
        cols = [c for c in t.columns if c.name != "id"]
        old = _keyed(table, (dict(r._mapping) for r in conn.execute(select(*cols))))
        fresh = _keyed(table, new[table])
        out.append(
            Change(
                table,
                added=len(fresh.keys() - old.keys()),
                changed=sum(1 for k in fresh.keys() & old.keys() if fresh[k] != old[k]),
                removed=len(old.keys() - fresh.keys()),
            )
        )
    return out


def _log(conn: Connection) -> list[str]:
    from sqlalchemy import text

    return [str(n) for n in conn.execute(text(SELECT_SINCE_PACKAGED)).scalars()]


def diff(store: Database) -> tuple[Stale | None, list[Change]]:
    """What a refresh of ``store`` would change, per packaged table (nothing is written)."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with store.engine().connect() as conn:
            return stale(_log(conn)), _diff(conn, packaged_rows())
    except SQLAlchemyError as exc:
        raise store.db_error(exc, "comparing it with the packaged record") from None


class Refreshed(NamedTuple):
    """A refresh that was written: the new revision and what changed."""

    revision: int
    changes: list[Change]
    overwritten: tuple[str, ...]  # the imports it replaced (only with force)


def refresh(store: Database, *, force: bool = False) -> Refreshed | None:
    """Replace the packaged tables of ``store`` with the packaged record, in one transaction.

    Without ``force`` only if the database is out of date and nothing was written since its
    packaged row (checked again inside the transaction: a concurrent open that refreshed
    first wins, and this one writes nothing). With ``force`` also over later imports (they
    are replaced; ``tiptiers db refresh --yes``). Returns None if nothing was written."""
    from sqlalchemy import delete, insert, text
    from sqlalchemy.exc import SQLAlchemyError

    from tiptiers.errors import year_span
    from tiptiers.record import packaged_record
    from tiptiers.store import schema
    from tiptiers.store.seed import PG_LOCK_KEY, now

    new = packaged_rows()
    try:
        with store.engine().begin() as conn:
            if store.target.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
            state = stale(_log(conn))
            if state is None or not (force or state.refreshable):
                return None
            _upgrade_schema(conn)
            changes = _diff(conn, new)
            for table in reversed(TABLES):
                conn.execute(delete(schema.metadata.tables[table]))
            for table in TABLES:
                if new[table]:
                    conn.execute(insert(schema.metadata.tables[table]), new[table])
            conn.execute(text("UPDATE meta SET revision = revision + 1"))
            revision = int(conn.execute(text("SELECT revision FROM meta")).scalar_one())
            record = packaged_record()
            conn.execute(
                insert(schema.sources).values(
                    name=f"{seed_name()} refreshed",
                    years=year_span(record.years),
                    placements=len(record),
                    replaced=sum(c.removed + c.changed for c in changes if c.table == "placements"),
                    revision=revision,
                    recorded_at=now(),
                )
            )
    except TiptiersError:
        raise
    except SQLAlchemyError as exc:
        raise store.db_error(exc, "refreshing its packaged record (nothing was changed)") from None
    return Refreshed(revision, changes, state.imports)


def _upgrade_schema(conn: Connection) -> None:
    """Bring the schema to Alembic's head in the caller's transaction (a newer record may
    need it: determination codes widened in 0004). A database made before migrations is
    stamped with the baseline first."""
    from alembic import command
    from sqlalchemy import inspect

    from tiptiers.store import migrations

    at = migrations.current(conn)
    if at == migrations.HEAD:
        return
    cfg = migrations.config(conn)
    if at is None and "meta" in inspect(conn).get_table_names():
        command.stamp(cfg, migrations.BASELINE)
    command.upgrade(cfg, "head")


def on_open(store: Database, names: Sequence[str] | None = None) -> str | None:
    """After a store is opened: refresh it if it is out of date and nothing was imported
    since; the one-line note to tell the user (None: nothing to say). ``names`` is the write
    log since the packaged row if the caller read it already."""
    if names is None:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with store.engine().connect() as conn:
                names = _log(conn)
        except SQLAlchemyError as exc:
            raise store.db_error(exc, "reading its write log") from None
    state = stale(names)
    if state is None:
        return None
    if not state.refreshable:
        # the imports stay, but their schema (and the codes of their determinations: 0005,
        # the statute's names) must be this tiptiers': a stored code has one meaning
        from tiptiers.store import migrations

        migrations.ensure_current(store)
        n = len(state.imports)
        return (
            f"{store.describe()} holds an older packaged record than this tiptiers ships, and "
            f"{n} import{'s' if n != 1 else ''} since ({', '.join(state.imports[:3])}"
            f"{', ...' if n > 3 else ''}), so it was not updated: `tiptiers db refresh "
            "--dry-run` shows what would change, `tiptiers db refresh --yes` brings the "
            "packaged record in (replacing those imports)"
        )
    done = refresh(store)
    if done is None:  # another process refreshed it first
        return None
    return (
        f"{store.describe()} held an older packaged record: refreshed to this tiptiers' "
        f"({fingerprint()}; {words(done.changes)}; revision {done.revision})"
    )
