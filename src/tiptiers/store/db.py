"""The :class:`Store`: the tiptiers record in SQLite or PostgreSQL — open, read, import.

Defines :class:`Store` (what an import wrote is :class:`tiptiers.importing.ImportResult`). Where the database is lives in
:mod:`tiptiers.store.location`, its SQLAlchemy engine in :mod:`tiptiers.store.engine`,
creating and seeding a new one in :mod:`tiptiers.store.seed`, reading the record in
:mod:`tiptiers.store.read`; this module opens the store and writes imports (its errors are worded
by :class:`tiptiers.store.engine.Database`, which it extends).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from tiptiers.errors import BadInput, StoreError, TiptiersError, YearExists, year_span
from tiptiers.model import Placement, Record, Roles
from tiptiers.store.columns import SELECT_META
from tiptiers.store.engine import Database, make_engine
from tiptiers.store.location import (
    DEFAULT_FILENAME,
    ENV_VAR,
    HOW_TO_POINT,
    Target,
    default_path,
    hide_password,
    resolve_url,
    target,
)
from tiptiers.store.packaged import determination_row, determination_year_row, placement_row, stale
from tiptiers.store.read import Snapshot
from tiptiers.store.refresh import on_open

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from tiptiers.documents import DeterminationYear, PresidentialDetermination
    from tiptiers.importing import ImportResult, ParsedImport

__all__ = [
    "DEFAULT_FILENAME",
    "ENV_VAR",
    "Store",
    "default_path",
    "hide_password",
    "make_engine",
    "resolve_url",
]


# -- the store --------------------------------------------------------------------------
class Store(Database):
    """The record in a database. Make one with :meth:`Store.open`."""

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self._cache: Snapshot | None = None
        #: What opening did to the packaged record, or why it did not, in one line for the
        #: user (None: the database holds this tiptiers' packaged record).
        self.packaged_note: str | None = None

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (creating and seeding on first use) the database at ``url``.

        ``url`` None → ``$TIPTIERS_DATABASE_URL`` → the default SQLite file. A plain path
        is a SQLite file; ``sqlite:///...`` and ``postgresql+psycopg://...`` URLs are used
        as they are (``postgresql://`` means psycopg 3). Raises :class:`StoreError`.
        A database seeded from an older packaged record is refreshed to this tiptiers' one
        unless the user imported since (:mod:`tiptiers.store.packaged`); either way
        :attr:`packaged_note` says so.
        """
        store = cls(target(url))
        store._ensure()
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({hide_password(self.url)!r})"

    def _ensure(self) -> None:
        t = self._target
        if t.sqlite_path is not None:
            from tiptiers.store.read import sqlite_check

            path = t.sqlite_path
            if os.path.isdir(path):
                raise self.error(f"{path} is a directory, not a database file", HOW_TO_POINT)
            if not os.path.exists(path):
                from tiptiers.store.seed import seed_sqlite_file

                seed_sqlite_file(self, path)
            _, has_determinations, log = sqlite_check(self)
            if not has_determinations:
                from tiptiers.store.seed import ensure_determinations

                ensure_determinations(self)
            if stale(log) is not None:
                self.packaged_note = on_open(self, log)
            return
        if t.dialect not in ("sqlite", "postgresql"):
            raise StoreError(
                f"Cannot use database URL '{hide_password(t.url)}': tiptiers works with "
                "SQLite (a file path or sqlite:///PATH) and PostgreSQL "
                "(postgresql+psycopg://USER:PASSWORD@HOST/DB)."
            )
        from tiptiers.store.seed import ensure_schema

        ensure_schema(self)
        self.packaged_note = on_open(self)

    # -- reading ----------------------------------------------------------------------------
    def record(self) -> Record:
        """The whole record (placements, coverage, roles) as the database has it now.

        Cached per store against the revision counter, so repeated calls cost one query.
        """
        import gc

        from tiptiers.store import read

        # Building the record allocates some 10^5 objects per 4,000 rows, none of them
        # garbage: the collector's passes over them cost about a third of the load at 100x
        # the data. It is kept out of the load, and what the load made is frozen (never
        # scanned again; in a forked web worker, never copied by a scan).
        enabled = gc.isenabled()
        gc.disable()
        try:
            if self._target.sqlite_path is not None:
                self._cache = read.read_with_sqlite3(self, self._cache)
            else:
                self._cache = read.read_with_sqlalchemy(self, self._cache)
        finally:
            if enabled:
                gc.enable()
        gc.freeze()
        return self._cache[1]

    def country_record(self, iso3: str) -> Record:
        """The record as one country's history needs it: its placements and roles, every
        year's coverage (one query for its rows; the whole record if already read)."""
        if self._cache is not None and self._cache[0] == self.revision():
            return self._cache[1]
        from tiptiers.store.read import read_part

        return read_part(self, iso3=iso3)

    def year_record(self, year: int) -> Record:
        """The record as one year's placements need it: that year's placements and every
        year's coverage (one query for its rows; the whole record if already read)."""
        if self._cache is not None and self._cache[0] == self.revision():
            return self._cache[1]
        from tiptiers.store.read import read_part

        return read_part(self, year=year)

    def revision(self) -> int:
        """The write counter: 1 after seeding, +1 for every import."""
        if self._target.sqlite_path is not None:
            from tiptiers.store.read import sqlite_revision

            return sqlite_revision(self)
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self.engine().connect() as conn:
                return self.check_meta(conn.execute(text(SELECT_META)).first())
        except TiptiersError:
            raise
        except SQLAlchemyError as exc:
            raise self.db_error(exc, "reading it") from None

    def imports(self) -> list[dict[str, Any]]:
        """The write log, oldest first: the packaged seed and every import."""
        from sqlalchemy import select
        from sqlalchemy.exc import SQLAlchemyError

        from tiptiers.store import schema

        try:
            with self.engine().connect() as conn:
                rows = conn.execute(select(schema.sources).order_by(schema.sources.c.id))
                return [dict(r._mapping) for r in rows]
        except SQLAlchemyError as exc:
            raise self.db_error(exc, "reading it") from None

    # -- writing ----------------------------------------------------------------------------
    def import_parsed(self, parsed: ParsedImport, *, replace: bool = False) -> ImportResult:
        """Write a parsed import file (see :mod:`tiptiers.importing`)."""
        return self.import_rows(
            parsed.placements,
            parsed.roles,
            parsed.years,
            replace,
            source_name=parsed.source_name,
        )

    def import_determination(
        self,
        rows: Iterable[PresidentialDetermination],
        year: DeterminationYear,
        *,
        source_name: str = "a determination text",
    ) -> int:
        """Write one fiscal year's Presidential Determination in one transaction: its rows
        replace the year's rows, and ``year`` its document row. Returns the new revision;
        any failure leaves the database as it was."""
        from sqlalchemy import delete, insert, select, text
        from sqlalchemy.exc import SQLAlchemyError

        from tiptiers.store import schema
        from tiptiers.store.seed import PG_LOCK_KEY

        new = [determination_row(r) for r in rows]
        dt, dy = schema.determinations, schema.determination_years
        try:
            with self.engine().begin() as conn:
                if self._target.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
                self.check_meta(conn.execute(text(SELECT_META)).first())
                replaced = len(
                    conn.execute(select(dt.c.id).where(dt.c.fiscal_year == year.fiscal_year)).all()
                )
                conn.execute(delete(dt).where(dt.c.fiscal_year == year.fiscal_year))
                conn.execute(delete(dy).where(dy.c.fiscal_year == year.fiscal_year))
                conn.execute(insert(dy).values(**determination_year_row(year)))
                if new:
                    conn.execute(insert(dt), new)
                revision = _record_import(conn, source_name, f"FY{year.fiscal_year}", 0, replaced)
        except TiptiersError:
            raise
        except SQLAlchemyError as exc:
            raise self.db_error(exc, f"importing {source_name} (nothing was written)") from None
        return revision

    def import_rows(
        self,
        placements: Iterable[Placement],
        roles: Mapping[str, Roles],
        years: Iterable[int],
        replace: bool = False,
        *,
        source_name: str = "an import",
    ) -> ImportResult:
        """Write placements for whole report years, in one transaction.

        ``years`` are the years the import covers (a year with no placements in the file
        still counts). If any of them already has placements and ``replace`` is False,
        raises :class:`YearExists` and writes nothing; with ``replace`` those years' rows
        are deleted and the new ones inserted. Years the coverage table lacks are added
        with every list marked incomplete. ``roles`` overwrite the countries' roles where
        known. Any failure leaves the database as it was.
        """
        from sqlalchemy import delete, func, insert, select, text, update
        from sqlalchemy.exc import SQLAlchemyError

        from tiptiers.store import schema
        from tiptiers.store.seed import PG_LOCK_KEY

        rows = list(placements)
        year_set = {int(y) for y in years} | {p.year for p in rows}
        if not year_set:
            raise BadInput(f"{source_name}: nothing to import (no placements, no years).")
        seen: set[tuple[str, int]] = set()
        for p in rows:
            if (p.iso3, p.year) in seen:
                raise BadInput(f"{source_name}: {p.iso3} {p.year} appears twice; nothing imported.")
            seen.add((p.iso3, p.year))
        pl, co, cv = schema.placements, schema.countries, schema.coverage
        try:
            with self.engine().begin() as conn:
                if self._target.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
                self.check_meta(conn.execute(text(SELECT_META)).first())
                existing = dict(
                    conn.execute(
                        select(pl.c.year, func.count())
                        .where(pl.c.year.in_(sorted(year_set)))
                        .group_by(pl.c.year)
                    ).all()
                )
                if existing and not replace:
                    ys = sorted(existing)
                    raise YearExists(
                        f"{source_name}: the database already has placements for "
                        f"{year_span(ys)}; pass --replace to replace "
                        f"{'that year' if len(ys) == 1 else 'those years'}."
                    )
                replaced = sum(existing.values())
                if existing:
                    conn.execute(delete(pl).where(pl.c.year.in_(sorted(existing))))
                known = set(conn.execute(select(co.c.iso3)).scalars())
                wanted = {p.iso3 for p in rows} | {i for i, r in roles.items() if r.known}
                missing = sorted(wanted - known)
                if missing:
                    conn.execute(
                        insert(co),
                        [{"iso3": i, "name": _country_name(i)} for i in missing],
                    )
                for iso3, r in sorted(roles.items()):
                    if r.known:
                        conn.execute(
                            update(co)
                            .where(co.c.iso3 == iso3)
                            .values(origin=r.origin, transit=r.transit, destination=r.destination)
                        )
                if rows:
                    conn.execute(insert(pl), [placement_row(p) for p in rows])
                covered = set(
                    conn.execute(select(cv.c.year).where(cv.c.year.in_(sorted(year_set)))).scalars()
                )
                new_years = sorted(year_set - covered)
                if new_years:
                    conn.execute(
                        insert(cv),
                        [
                            {
                                "year": y,
                                "tier_1": False,
                                "tier_2": False,
                                "tier_2wl": False,
                                "tier_3": False,
                                "special_case": False,
                                "note": f"imported from {source_name}",
                                "release_date": None,
                            }
                            for y in new_years
                        ],
                    )
                revision = _record_import(
                    conn, source_name, year_span(sorted(year_set)), len(rows), replaced
                )
        except TiptiersError:
            raise
        except SQLAlchemyError as exc:
            raise self.db_error(exc, f"importing {source_name} (nothing was written)") from None
        from tiptiers.importing import ImportResult

        return ImportResult(
            source_name=source_name,
            years=tuple(sorted(year_set)),
            inserted=len(rows),
            replaced=replaced,
            new_years=tuple(new_years),
            revision=revision,
        )


# -- helpers --------------------------------------------------------------------------------
def _record_import(conn: Connection, name: str, years: str, placements: int, replaced: int) -> int:
    """In an import's transaction: the next revision of the database, and the import's row
    in ``sources`` under it. Returns the new revision."""
    from sqlalchemy import insert, select, update

    from tiptiers.store import schema
    from tiptiers.store.seed import now

    conn.execute(update(schema.meta).values(revision=schema.meta.c.revision + 1))
    revision = int(conn.execute(select(schema.meta.c.revision)).scalar_one())
    conn.execute(
        insert(schema.sources).values(
            name=name,
            years=years,
            placements=placements,
            replaced=replaced,
            revision=revision,
            recorded_at=now(),
        )
    )
    return revision


def _country_name(iso3: str) -> str:
    """The report's name for a country new to the database (registry, else the record)."""
    try:
        from tiptiers.countries import registry

        return str(registry().get(iso3).name)
    except (ImportError, LookupError, TiptiersError):
        from tiptiers.record import packaged_names

        return packaged_names().get(iso3, iso3)
