"""The :class:`Store`: where tiptiers keeps its record, in SQLite or PostgreSQL.

Defines :class:`Store`, :class:`ImportResult`, :func:`resolve_url`, :func:`default_path`
and :func:`hide_password`.

Where the database is: an explicit URL or path, else ``$TIPTIERS_DATABASE_URL``, else the
SQLite file ``tiptiers.sqlite3`` in the user data directory. On first use the database is
created and seeded from the packaged record, atomically:

* SQLite: the seed is written into a temporary file in the target's directory, which is
  then hard-linked into place; ``os.link`` fails if the target exists, so of two processes
  seeding at once exactly one file wins and the other process uses it. (Where hard links
  are not supported: a rename under an ``fcntl`` lock, or Windows' no-clobber rename.)
* PostgreSQL: one transaction under ``pg_advisory_xact_lock`` creates the tables and seeds
  them only if the ``meta`` row is missing.

Speed: an existing SQLite file is read with the stdlib :mod:`sqlite3` (SQLAlchemy costs
~150 ms to import); SQLAlchemy is imported only to create, seed or write a database and for
non-SQLite URLs. Both readers go through :func:`tiptiers.store.columns.record_from_rows`.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tiptiers.errors import BadInput, StoreError, TiptiersError, YearExists, year_span
from tiptiers.model import Placement, Record, Roles, Tier
from tiptiers.store.columns import (
    SCHEMA_VERSION,
    SELECT_COVERAGE,
    SELECT_META,
    SELECT_PLACEMENTS,
    SELECT_ROLES,
    record_from_rows,
)

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.engine import Connection, Engine

    from tiptiers.importing import ParsedImport

ENV_VAR = "TIPTIERS_DATABASE_URL"
DEFAULT_FILENAME = "tiptiers.sqlite3"
# pg_advisory_xact_lock key for seeding and writing: "tiptiers" in ASCII, as a bigint.
_PG_LOCK_KEY = int.from_bytes(b"tiptiers", "big") & 0x7FFF_FFFF_FFFF_FFFF
_HOW_TO_POINT = "pass --db PATH or URL, or set TIPTIERS_DATABASE_URL"


# -- where the database is ------------------------------------------------------------
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


@dataclass(frozen=True)
class _Target:
    url: str
    sqlite_path: str | None  # a SQLite file (absolute path), None for memory or a server
    dialect: str  # "sqlite" or "postgresql" (or whatever the URL names)


def resolve_url(url: str | None = None) -> str:
    """The database URL that :meth:`Store.open` would use for ``url``.

    >>> resolve_url("/tmp/x.sqlite3")
    'sqlite:////tmp/x.sqlite3'
    >>> resolve_url("postgresql://u:p@127.0.0.1/db")
    'postgresql+psycopg://u:p@127.0.0.1/db'
    """
    return _target(url).url


def _target(url: str | None) -> _Target:
    if url is None or not url.strip():
        url = os.environ.get(ENV_VAR, "").strip() or None
    if url is None:
        path = default_path()
        return _Target("sqlite:///" + path, path, "sqlite")
    url = url.strip()
    if "://" not in url:
        path = os.path.abspath(os.path.expanduser(url))
        return _Target("sqlite:///" + path, path, "sqlite")
    scheme, _, rest = url.partition("://")
    scheme_l = scheme.lower()
    if scheme_l in ("postgres", "postgresql"):
        return _Target("postgresql+psycopg://" + rest, None, "postgresql")
    dialect = scheme_l.split("+", 1)[0]
    if dialect == "sqlite":
        location = rest.split("?", 1)[0]
        if location in ("", "/", "/:memory:"):
            return _Target(url, None, "sqlite")
        if not location.startswith("/"):
            raise StoreError(f"Bad SQLite URL '{url}': write sqlite:///PATH (three slashes).")
        path = os.path.abspath(os.path.expanduser(location[1:]))
        return _Target(url, path, "sqlite")
    return _Target(url, None, dialect)


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


def _password(url: str) -> str | None:
    rest = url.partition("://")[2]
    userinfo, at, _ = rest.partition("/")[0].rpartition("@")
    if at and ":" in userinfo:
        return userinfo.split(":", 1)[1] or None
    return None


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# -- results ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportResult:
    """What an import wrote.

    ``replaced`` counts the rows deleted from replaced years; ``new_years`` are the years
    added to the coverage table (with every list marked incomplete).
    """

    source_name: str
    years: tuple[int, ...]
    inserted: int
    replaced: int
    new_years: tuple[int, ...]
    revision: int

    def summary(self) -> str:
        """One line for a user, e.g. 'Imported 12 placements for 2024 from tier.txt.'"""
        n = self.inserted
        text = (
            f"Imported {n} placement{'s' if n != 1 else ''} for {year_span(self.years)} "
            f"from {self.source_name}"
        )
        if self.replaced:
            text += f", replacing {self.replaced} existing row{'s' if self.replaced != 1 else ''}"
        if self.new_years:
            text += (
                f"; {year_span(self.new_years)} added to the record with every list marked "
                "incomplete"
            )
        return text + "."

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source_name,
            "years": list(self.years),
            "inserted": self.inserted,
            "replaced": self.replaced,
            "new_years": list(self.new_years),
            "revision": self.revision,
            "message": self.summary(),
        }


# -- the store --------------------------------------------------------------------------
class Store:
    """The record in a database. Make one with :meth:`Store.open`."""

    def __init__(self, target: _Target) -> None:
        self._target = target
        self._engine_: Engine | None = None
        self._cache: tuple[int, Record] | None = None

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (creating and seeding on first use) the database at ``url``.

        ``url`` None → ``$TIPTIERS_DATABASE_URL`` → the default SQLite file. A plain path
        is a SQLite file; ``sqlite:///...`` and ``postgresql+psycopg://...`` URLs are used
        as they are (``postgresql://`` means psycopg 3). Raises :class:`StoreError`.
        """
        store = cls(_target(url))
        store._ensure()
        return store

    @property
    def url(self) -> str:
        return self._target.url

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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({hide_password(self.url)!r})"

    def _ensure(self) -> None:
        t = self._target
        if t.sqlite_path is not None:
            path = t.sqlite_path
            if os.path.isdir(path):
                raise self._error(f"{path} is a directory, not a database file", _HOW_TO_POINT)
            if not os.path.exists(path):
                self._seed_sqlite_file(path)
            self._check_sqlite_file()
            return
        if t.dialect not in ("sqlite", "postgresql"):
            raise StoreError(
                f"Cannot use database URL '{hide_password(t.url)}': tiptiers works with "
                "SQLite (a file path or sqlite:///PATH) and PostgreSQL "
                "(postgresql+psycopg://USER:PASSWORD@HOST/DB)."
            )
        self._ensure_with_sqlalchemy()

    # -- errors ---------------------------------------------------------------------------
    def _error(self, what: str, todo: str) -> StoreError:
        secret = _password(self.url)
        if secret:
            # a driver's message may echo the password: hide it there, as a whole word only
            what = re.sub(rf"(?<!\w){re.escape(secret)}(?!\w)", "***", what)
        text = f"Cannot use the tiptiers database at {hide_password(self.url)}: {what}; {todo}."
        return StoreError(_one_line(text))

    def _db_error(self, exc: BaseException, doing: str) -> StoreError:
        orig = getattr(exc, "orig", None) or exc
        why = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        if self._target.dialect == "postgresql":
            todo = "check that the server is running and the URL is right, or " + _HOW_TO_POINT
        else:
            todo = _HOW_TO_POINT
        return self._error(f"{doing} failed ({why})", todo)

    def _not_tiptiers(self, why: str) -> StoreError:
        return self._error(
            f"it is not a tiptiers database ({why})",
            "point --db or TIPTIERS_DATABASE_URL at a tiptiers database or at a new file",
        )

    def _check_meta(self, row: Any) -> int:
        if row is None:
            raise self._not_tiptiers("its meta table is empty")
        version, revision = int(row[0]), int(row[1])
        if version != SCHEMA_VERSION:
            raise self._error(
                f"it has schema version {version} and this tiptiers reads version {SCHEMA_VERSION}",
                "use the tiptiers version that made it, or start a new database with --db",
            )
        return revision

    # -- SQLite through the stdlib --------------------------------------------------------
    def _sqlite3_connect(self) -> sqlite3.Connection:
        import sqlite3

        path = self._target.sqlite_path
        assert path is not None
        quoted = path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
        try:
            return sqlite3.connect(
                f"file:{quoted}?mode=rw", uri=True, isolation_level=None, timeout=30
            )
        except sqlite3.Error as exc:
            raise self._error(f"cannot open it ({exc})", _HOW_TO_POINT) from None

    def _check_sqlite_file(self) -> int:
        import sqlite3

        con = self._sqlite3_connect()
        try:
            return self._check_meta(con.execute(SELECT_META).fetchone())
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc) or "no such column" in str(exc):
                raise self._not_tiptiers(str(exc)) from None
            raise self._error(f"cannot read it ({exc})", _HOW_TO_POINT) from None
        except sqlite3.DatabaseError as exc:
            raise self._not_tiptiers(str(exc)) from None
        finally:
            con.close()

    def _read_with_sqlite3(self) -> tuple[int, Record]:
        import sqlite3

        con = self._sqlite3_connect()
        try:
            con.execute("BEGIN")
            revision = self._check_meta(con.execute(SELECT_META).fetchone())
            if self._cache is not None and self._cache[0] == revision:
                con.execute("COMMIT")
                return self._cache
            record = record_from_rows(
                con.execute(SELECT_PLACEMENTS).fetchall(),
                con.execute(SELECT_COVERAGE).fetchall(),
                con.execute(SELECT_ROLES).fetchall(),
            )
            con.execute("COMMIT")
            return revision, record
        except sqlite3.Error as exc:
            raise self._db_error(exc, "reading the record") from None
        finally:
            con.close()

    # -- SQLAlchemy -------------------------------------------------------------------------
    def _engine(self) -> Engine:
        if self._engine_ is None:
            self._engine_ = _make_engine(self._target, self)
        return self._engine_

    def _ensure_with_sqlalchemy(self) -> None:
        from sqlalchemy import inspect, text
        from sqlalchemy.exc import SQLAlchemyError

        from tiptiers.store import schema

        engine = self._engine()
        try:
            with engine.begin() as conn:
                if self._target.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
                present = set(inspect(conn).get_table_names()) & set(schema.TABLE_NAMES)
                if "meta" in present:
                    row = conn.execute(text(SELECT_META)).first()
                    if row is not None:
                        self._check_meta(row)
                        return
                elif present:
                    raise self._not_tiptiers(
                        f"it has tables {', '.join(sorted(present))} but no meta table"
                    )
                schema.metadata.create_all(conn)
                _seed(conn)
        except TiptiersError:
            raise
        except SQLAlchemyError as exc:
            raise self._db_error(exc, "opening it") from None

    def _seed_sqlite_file(self, path: str) -> None:
        import tempfile

        from sqlalchemy.exc import SQLAlchemyError

        from tiptiers.store import schema

        directory = os.path.dirname(path)
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
            raise self._error(
                f"cannot create it ({exc.strerror}: {directory})", _HOW_TO_POINT
            ) from None
        try:
            engine = _make_engine(_Target("sqlite:///" + tmp, tmp, "sqlite"), self)
            try:
                with engine.begin() as conn:
                    schema.metadata.create_all(conn)
                    _seed(conn)
            except SQLAlchemyError as exc:
                raise self._db_error(exc, "seeding it") from None
            finally:
                engine.dispose()
            _publish_no_clobber(tmp, path)
        except OSError as exc:
            raise self._error(f"cannot create it ({exc.strerror})", _HOW_TO_POINT) from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def _read_with_sqlalchemy(self) -> tuple[int, Record]:
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self._engine().connect() as conn, conn.begin():
                if self._target.dialect == "postgresql":
                    # One snapshot for all three tables.
                    conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
                revision = self._check_meta(conn.execute(text(SELECT_META)).first())
                if self._cache is not None and self._cache[0] == revision:
                    return self._cache
                record = record_from_rows(
                    conn.execute(text(SELECT_PLACEMENTS)).all(),
                    conn.execute(text(SELECT_COVERAGE)).all(),
                    conn.execute(text(SELECT_ROLES)).all(),
                )
                return revision, record
        except TiptiersError:
            raise
        except SQLAlchemyError as exc:
            raise self._db_error(exc, "reading the record") from None

    # -- reading ----------------------------------------------------------------------------
    def record(self) -> Record:
        """The whole record (placements, coverage, roles) as the database has it now.

        Cached per store against the revision counter, so repeated calls cost one query.
        """
        if self._target.sqlite_path is not None:
            self._cache = self._read_with_sqlite3()
        else:
            self._cache = self._read_with_sqlalchemy()
        return self._cache[1]

    def revision(self) -> int:
        """The write counter: 1 after seeding, +1 for every import."""
        if self._target.sqlite_path is not None:
            return self._check_sqlite_file()
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self._engine().connect() as conn:
                return self._check_meta(conn.execute(text(SELECT_META)).first())
        except TiptiersError:
            raise
        except SQLAlchemyError as exc:
            raise self._db_error(exc, "reading it") from None

    def imports(self) -> list[dict[str, Any]]:
        """The write log, oldest first: the packaged seed and every import."""
        from sqlalchemy import select
        from sqlalchemy.exc import SQLAlchemyError

        from tiptiers.store import schema

        try:
            with self._engine().connect() as conn:
                rows = conn.execute(select(schema.sources).order_by(schema.sources.c.id))
                return [dict(r._mapping) for r in rows]
        except SQLAlchemyError as exc:
            raise self._db_error(exc, "reading it") from None

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
            with self._engine().begin() as conn:
                if self._target.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
                self._check_meta(conn.execute(text(SELECT_META)).first())
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
                    conn.execute(insert(pl), [_placement_row(p) for p in rows])
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
                conn.execute(update(schema.meta).values(revision=schema.meta.c.revision + 1))
                revision = int(conn.execute(select(schema.meta.c.revision)).scalar_one())
                conn.execute(
                    insert(schema.sources).values(
                        name=source_name,
                        years=year_span(sorted(year_set)),
                        placements=len(rows),
                        replaced=replaced,
                        revision=revision,
                        recorded_at=_now(),
                    )
                )
        except TiptiersError:
            raise
        except SQLAlchemyError as exc:
            raise self._db_error(exc, f"importing {source_name} (nothing was written)") from None
        return ImportResult(
            source_name=source_name,
            years=tuple(sorted(year_set)),
            inserted=len(rows),
            replaced=replaced,
            new_years=tuple(new_years),
            revision=revision,
        )


# -- helpers --------------------------------------------------------------------------------
def _make_engine(target: _Target, store: Store) -> Engine:
    try:
        from sqlalchemy import create_engine, event
        from sqlalchemy.exc import SQLAlchemyError
    except ImportError as exc:  # pragma: no cover - sqlalchemy is a dependency
        raise store._error(f"SQLAlchemy is not installed ({exc})", "reinstall tiptiers") from None
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
        raise store._error(
            f"its database driver is not installed ({exc.name})",
            "for PostgreSQL install psycopg: pip install 'tiptiers[postgres]'",
        ) from None
    except (SQLAlchemyError, ValueError) as exc:
        raise store._error(
            f"the URL is not usable ({_one_line(str(exc))})",
            "use a file path, sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DB",
        ) from None


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


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


def _placement_row(p: Placement) -> dict[str, Any]:
    return {
        "iso3": p.iso3,
        "year": p.year,
        "tier": str(p.tier),
        "source": p.source,
        "waiver": p.waiver,
        "auto_downgrade": p.auto_downgrade,
        "flag_basis": p.flag_basis,
        "sanctions_full_waiver": p.sanctions_full_waiver,
    }


def _country_name(iso3: str) -> str:
    """The report's name for a country new to the database (registry, else the record)."""
    try:
        from tiptiers.countries import registry

        return str(registry().get(iso3).name)
    except (ImportError, LookupError, TiptiersError):
        from tiptiers.record import packaged_names

        return packaged_names().get(iso3, iso3)


def _seed(conn: Connection) -> None:
    """Fill empty tables with the packaged record (caller holds the transaction)."""
    from sqlalchemy import insert

    from tiptiers.record import packaged_names, packaged_record
    from tiptiers.store import schema

    record = packaged_record()
    names = packaged_names()
    iso3s = sorted(set(names) | set(record.countries) | set(record.roles))
    conn.execute(
        insert(schema.countries),
        [
            {
                "iso3": iso3,
                "name": names.get(iso3, iso3),
                "origin": record.roles.get(iso3, Roles()).origin,
                "transit": record.roles.get(iso3, Roles()).transit,
                "destination": record.roles.get(iso3, Roles()).destination,
            }
            for iso3 in iso3s
        ],
    )
    conn.execute(insert(schema.placements), [_placement_row(p) for p in record])
    conn.execute(
        insert(schema.coverage),
        [
            {
                "year": c.year,
                "tier_1": c.complete[Tier.T1],
                "tier_2": c.complete[Tier.T2],
                "tier_2wl": c.complete[Tier.T2WL],
                "tier_3": c.complete[Tier.T3],
                "special_case": c.complete[Tier.SPECIAL_CASE],
                "note": c.note,
                "release_date": c.release_date,
            }
            for c in record.coverage.values()
        ],
    )
    now = _now()
    conn.execute(
        insert(schema.meta).values(id=1, schema_version=SCHEMA_VERSION, revision=1, created_at=now)
    )
    conn.execute(
        insert(schema.sources).values(
            name="packaged record",
            years=year_span(record.years),
            placements=len(record),
            replaced=0,
            revision=1,
            recorded_at=now,
        )
    )
