"""The use cases of a reporting cycle, written once for the CLI, the REST API and the pages
(docs/CYCLE.md): users and tokens, cycles and members, facts with evidence, the
recommendation, the review, the decision, the trail and its verification, publishing,
export and import.

Every write is one transaction that locks the cycle's row (``SELECT ... FOR UPDATE`` on
PostgreSQL; SQLite's writers queue with ``BEGIN IMMEDIATE``), checks the writer's role,
checks the assessment's version (a stale write is a :class:`~tiptiers.cycle.core.Conflict`,
never a silent overwrite), writes, and appends its events to the hash chain. Input is
checked before the transaction: bad input writes nothing.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from tiptiers.cycle import auth, core
from tiptiers.cycle import tables as t
from tiptiers.cycle.core import (
    Conflict,
    Forbidden,
    NotFound,
    NotSignedIn,
    Refused,
    TooManyTries,
)
from tiptiers.errors import BadInput, TiptiersError
from tiptiers.store.engine import READ_ONLY
from tiptiers.store.writers import WriterQueue

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, RowMapping

    from tiptiers.model import Record
    from tiptiers.store.db import Store

NAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


# -- the statements every save runs, built once ----------------------------------------------
# SQLAlchemy builds a statement's expression and its cache key each time one is written out
# (about 0.1 ms each); these are built on first use and executed with their parameters.
@cache
def _token_user() -> Any:
    from sqlalchemy import bindparam, select

    k = t.api_tokens
    return (
        select(t.users.c.name)
        .select_from(k.join(t.users))
        .where(k.c.token_hash == bindparam("digest"), k.c.revoked.is_(False))
    )


@cache
def _cycle_by_id(lock: bool) -> Any:
    from sqlalchemy import bindparam, select

    q = select(t.cycles).where(t.cycles.c.id == bindparam("cid"))
    return q.with_for_update() if lock else q


@cache
def _of_country(table_name: str) -> Any:
    """A cycle's rows of one country in ``table_name`` (assessments, evidence, comments)."""
    from sqlalchemy import bindparam, select

    table = t.metadata.tables[table_name]
    q = select(table).where(table.c.cycle_id == bindparam("cid"), table.c.iso3 == bindparam("iso3"))
    return q.order_by(table.c.id) if "id" in table.c else q


@cache
def _roles_in_cycle() -> Any:
    from sqlalchemy import bindparam, select

    m = t.cycle_members
    return (
        select(m.c.cycle_id, m.c.role, m.c.scope)
        .select_from(m.join(t.users))
        .where(t.users.c.name == bindparam("viewer"), m.c.cycle_id == bindparam("cid"))
    )


@cache
def _write_row() -> Any:
    """An assessment's update, on the version its writer read; the values are the
    parameters' other keys."""
    from sqlalchemy import bindparam, update

    a = t.cycle_assessments
    return update(a).where(
        a.c.cycle_id == bindparam("at_cycle"),
        a.c.iso3 == bindparam("at_iso3"),
        a.c.version == bindparam("at_version"),
    )


@cache
def _move_head() -> Any:
    from sqlalchemy import bindparam, update

    c = t.cycles
    return (
        update(c)
        .where(c.c.id == bindparam("at_cycle"))
        .values(head_seq=bindparam("to_seq"), head_hash=bindparam("to_hash"))
    )


@cache
def _add_events() -> Any:
    from sqlalchemy import insert

    return insert(t.cycle_events)


MIN_PASSWORD = 10
MAX_TEXT = 20_000  # characters in one justification, reason, quote or comment
BUNDLE_FORMAT = "tiptiers-cycle"
#: An evidence item's fields, as given (the rest is the store's: id, flags, who, when).
EVIDENCE_FIELDS = ("fact", "title", "url", "publisher", "date", "quote", "note")
BUNDLE_VERSION = 1


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _text(value: Any, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise BadInput(f"{what} is required: give it in words.", field=what)
    if len(text) > limit:
        raise BadInput(f"{what} is {len(text)} characters; at most {limit}.", field=what)
    return text


def _evidence_of(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in EVIDENCE_FIELDS}


def _date(value: Any, what: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BadInput(f"{what} '{value}' is not a date: use YYYY-MM-DD.", field=what) from None


class Cycles:
    """Reporting cycles in a store; ``record`` gives the record the law engine reads."""

    def __init__(self, store: Store, record: Callable[[], Record] | None = None) -> None:
        from tiptiers.store.migrations import ensure_current

        self.store = store
        self._record = record or store.record
        # SQLite has one writer at a time: the writers of this process, and of the others on
        # the same file, queue for their turn (store/writers.py) instead of in SQLite's busy
        # handler, whose growing sleeps gave some saves seconds of wait under load
        # (PostgreSQL queues them on the cycle's row lock).
        self._writers = (
            WriterQueue(store.target.sqlite_path) if store.target.dialect == "sqlite" else None
        )
        self._settings: dict[str, str] = {}
        self._years: dict[int, int] = {}
        self.clock: Callable[[], float] = time.time  # the sign-in limit's clock (shared)
        ensure_current(store)

    # -- plumbing ----------------------------------------------------------------------------
    def record(self) -> Record:
        return self._record()

    @contextmanager
    def _tx(self, doing: str) -> Iterator[Connection]:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            turn = self._writers.turn() if self._writers else nullcontext()
            with turn, self.store.engine().begin() as conn:
                yield conn
        except TiptiersError:
            raise
        except SQLAlchemyError as exc:
            raise self.store.db_error(exc, f"{doing} (nothing was written)") from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self.store.engine().connect() as conn:
                yield conn.execution_options(**{READ_ONLY: True})
        except TiptiersError:
            raise
        except SQLAlchemyError as exc:
            raise self.store.db_error(exc, "reading it") from None

    # -- users and tokens ------------------------------------------------------------------
    def add_user(
        self, name: str, password: str | None = None, site_admin: bool = False
    ) -> dict[str, Any]:
        """Add a user (a password for the web login, or none for a CLI and token user)."""
        from sqlalchemy import insert, select

        if not NAME_RE.match(name or ""):
            raise BadInput(
                f"User name '{name}' is not usable: 1-64 letters, digits, '_', '.', '@' or '-'.",
                field="name",
            )
        hashed = self._password_hash(password) if password is not None else None
        with self._tx("adding a user") as conn:
            if conn.execute(select(t.users.c.id).where(t.users.c.name == name)).first():
                raise BadInput(f"User '{name}' exists already: pick another name.", field="name")
            conn.execute(
                insert(t.users).values(
                    name=name, password_hash=hashed, site_admin=site_admin, created_at=now()
                )
            )
        return {"name": name, "site_admin": site_admin, "password": hashed is not None}

    @staticmethod
    def _password_hash(password: str) -> str:
        if not (MIN_PASSWORD <= len(password) <= 1024):
            raise BadInput(f"A password needs {MIN_PASSWORD} to 1024 characters.", field="password")
        return auth.hash_password(password)

    def set_password(self, name: str, password: str) -> None:
        from sqlalchemy import update

        hashed = self._password_hash(password)
        with self._tx("setting a password") as conn:
            self._user(conn, name)
            conn.execute(update(t.users).where(t.users.c.name == name).values(password_hash=hashed))

    def users(self) -> list[dict[str, Any]]:
        from sqlalchemy import select

        with self._read() as conn:
            rows = conn.execute(select(t.users).order_by(t.users.c.name)).mappings().all()
            return [
                {
                    "name": r["name"],
                    "site_admin": bool(r["site_admin"]),
                    "password": r["password_hash"] is not None,
                    "created_at": r["created_at"],
                }
                for r in rows
            ]

    def new_token(self, name: str, label: str = "") -> str:
        """A new API token for ``name``: returned once, stored as its SHA-256 only."""
        from sqlalchemy import insert

        token = auth.new_token()
        with self._tx("adding a token") as conn:
            user = self._user(conn, name)
            conn.execute(
                insert(t.api_tokens).values(
                    user_id=user["id"],
                    token_hash=auth.token_digest(token),
                    label=_text(label, "label", limit=200),
                    created_at=now(),
                )
            )
        return token

    def revoke_tokens(self, name: str) -> int:
        """Revoke every API token of ``name`` (a lost laptop, a person leaving); how many."""
        from sqlalchemy import update

        with self._tx("revoking tokens") as conn:
            uid = self._user(conn, name)["id"]
            k = t.api_tokens
            done = conn.execute(
                update(k).where(k.c.user_id == uid, k.c.revoked.is_(False)).values(revoked=True)
            ).rowcount
        return int(done or 0)

    def user_for_token(self, token: str | None) -> str:
        """The user a bearer token belongs to (NotSignedIn if none)."""

        if not token or len(token) > 200:
            raise NotSignedIn(
                "Sign in: send 'Authorization: Bearer TOKEN' (tiptiers users token NAME)."
            )
        with self._read() as conn:
            row = conn.execute(_token_user(), {"digest": auth.token_digest(token)}).first()
        if row is None:
            raise NotSignedIn(
                "That API token is not valid: ask for a new one (tiptiers users token NAME)."
            )
        return str(row[0])

    def check_login(self, name: str, password: str) -> bool:
        from sqlalchemy import select

        with self._read() as conn:
            row = conn.execute(
                select(t.users.c.password_hash).where(t.users.c.name == name)
            ).first()
        return auth.check_password(row[0] if row else None, password)

    def sign_in(self, name: str, password: str, address: str) -> bool:
        """Check a web sign-in: True if ``password`` is ``name``'s. Raises
        :class:`~tiptiers.cycle.core.TooManyTries` (429) while the name or the address has
        had :data:`~tiptiers.cycle.auth.LOGIN_ATTEMPTS` failures in the last
        :data:`~tiptiers.cycle.auth.LOGIN_WINDOW` seconds, without checking the password.
        The failures are rows of ``login_failures``, so every worker of the server (and
        every server on the same database) counts the same ones; a success forgets the
        name's failures, not the address's."""
        from sqlalchemy import delete, insert, select

        keys = (f"name:{name}"[:200], f"ip:{address}"[:200])
        f = t.login_failures
        now = self.clock()
        with self._read() as conn:
            rows = conn.execute(
                select(f.c.key, f.c.at).where(f.c.key.in_(keys), f.c.at > now - auth.LOGIN_WINDOW)
            ).all()
        wait = max(auth.login_wait([at for k, at in rows if k == key], now) for key in keys)
        if wait:
            raise TooManyTries(wait)
        ok = self.check_login(name, password)
        with self._tx("recording a sign-in") as conn:
            if ok:
                conn.execute(delete(f).where(f.c.key == keys[0]))
            else:
                conn.execute(delete(f).where(f.c.at <= now - auth.LOGIN_WINDOW))
                conn.execute(insert(f), [{"key": key, "at": now} for key in keys])
        return ok

    def user_exists(self, name: str) -> bool:
        from sqlalchemy import select

        with self._read() as conn:
            return (
                conn.execute(select(t.users.c.id).where(t.users.c.name == name)).first() is not None
            )

    def setting(self, key: str, make: Callable[[], str]) -> str:
        """A shared setting (made once, by the first process that needs it; kept in
        memory after the first read: settings never change)."""
        from sqlalchemy import insert, select

        if key in self._settings:
            return self._settings[key]
        s = t.app_settings
        with self._read() as conn:
            row = conn.execute(select(s.c.value).where(s.c.key == key)).first()
        if row is None:
            with self._tx("writing the app's settings") as conn:
                row = conn.execute(select(s.c.value).where(s.c.key == key)).first()
                if row is None:
                    conn.execute(insert(s).values(key=key, value=make()))
                    row = conn.execute(select(s.c.value).where(s.c.key == key)).first()
        assert row is not None
        self._settings[key] = str(row[0])
        return self._settings[key]

    def _user(self, conn: Connection, name: str | None) -> RowMapping:
        from sqlalchemy import select

        if not name:
            raise NotSignedIn(
                "Say who you are: --user NAME or TIPTIERS_USER (tiptiers users add NAME)."
            )
        row = conn.execute(select(t.users).where(t.users.c.name == name)).mappings().first()
        if row is None:
            raise NotSignedIn(f"No user '{name}': add one with tiptiers users add {name}.")
        return row

    # -- cycles ------------------------------------------------------------------------------
    def new_cycle(
        self,
        actor: str,
        year: int,
        name: str,
        *,
        period_start: str | None = None,
        period_end: str | None = None,
        planned_release: str | None = None,
        countries: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        """Open a cycle for the report of ``year``, prefilled from the record: each
        country's recent placements, Watch List clock and waiver years. Its creator is its
        admin."""
        from sqlalchemy import insert

        from tiptiers.countries import registry

        if not (2001 <= int(year) <= 2100):
            raise BadInput(f"Report year {year} is outside 2001-2100.", field="year")
        name = _text(name, "name", required=True, limit=200)
        start, end = core.default_period(year)
        start = _date(period_start, "period_start") if period_start else start
        end = _date(period_end, "period_end") if period_end else end
        if end <= start:
            raise BadInput("The reporting period must end after it starts.", field="period_end")
        release = (
            _date(planned_release, "planned_release") if planned_release else date(year, 6, 30)
        )
        reg = registry()
        record = self.record()
        if countries:
            iso3s = list(dict.fromkeys(reg.resolve(c).iso3 for c in countries))
        else:
            before = [y for y in record.years if y < year]
            last = before[-1] if before else None
            iso3s = sorted({p.iso3 for p in record.year(last)} if last else {c.iso3 for c in reg})
        rows = [self._prefill(record, reg, iso3, year) for iso3 in iso3s]
        when = now()
        with self._tx("opening a cycle") as conn:
            user = self._user(conn, actor)
            from sqlalchemy import select

            clash = conn.execute(
                select(t.cycles.c.id).where(t.cycles.c.year == year, t.cycles.c.name == name)
            ).first()
            if clash:
                raise BadInput(
                    f"A {year} cycle named '{name}' exists (cycle {clash[0]}).", field="name"
                )
            cid = conn.execute(
                insert(t.cycles).values(
                    year=year,
                    name=name,
                    status="open",
                    period_start=start.isoformat(),
                    period_end=end.isoformat(),
                    planned_release=release.isoformat(),
                    created_at=when,
                    created_by=actor,
                    head_seq=0,
                    head_hash=core.GENESIS,
                )
            ).inserted_primary_key[0]
            conn.execute(
                insert(t.cycle_members).values(
                    cycle_id=cid, user_id=user["id"], role="admin", scope=""
                )
            )
            conn.execute(
                insert(t.cycle_assessments),
                [{**r, "cycle_id": cid, "updated_at": when, "updated_by": actor} for r in rows],
            )
            head = [0, core.GENESIS]
            self._event(
                conn,
                head,
                cid,
                actor,
                "admin",
                "cycle_new",
                after={
                    "year": year,
                    "name": name,
                    "period": [start.isoformat(), end.isoformat()],
                    "planned_release": release.isoformat(),
                    "countries": len(rows),
                },
            )
            self._event(conn, head, cid, actor, "admin", "member_add", field=actor, after="admin")
            self._set_head(conn, cid, head)
        return self.cycle(int(cid), actor)

    def _prefill(self, record: Record, reg: Any, iso3: str, year: int) -> dict[str, Any]:
        ev = core.evaluate_facts(record, iso3, year, {}, hints=False)
        wl = ev.decision.watch_list
        history = [[p.year, p.tier.value] for p in record.history(iso3) if p.year < year][-6:]
        try:
            country = reg.get(iso3)
            name, region = country.name, country.region
        except (LookupError, TiptiersError):
            name, region = iso3, None
        prefill = {
            "history": history,
            "clock": {
                "status": wl.status.value,
                "summary": wl.summary(),
                "waiver_years": [w.year for w in wl.waiver_years],
            },
            "permitted": ev.watch_list[1],
        }
        return {
            "iso3": iso3,
            "name": name,
            "region": region,
            "status": "not_started",
            "version": 1,
            "facts": "{}",
            "prefill": core.canonical(prefill),
            "supported_tier": ev.supported,
        }

    def cycles(self, viewer: str | None) -> list[dict[str, Any]]:
        """The cycles ``viewer`` may see (a member's, and every published one)."""
        from sqlalchemy import select

        with self._read() as conn:
            rows = conn.execute(select(t.cycles).order_by(t.cycles.c.id)).mappings().all()
            mine = self._memberships(conn, viewer)
        return [
            self._cycle_dict(r, mine.get(r["id"], {}))
            for r in rows
            if r["status"] == "published" or r["id"] in mine
        ]

    def _memberships(
        self, conn: Connection, viewer: str | None, cid: int | None = None
    ) -> dict[int, dict[str, str]]:
        """The roles (with an analyst's scope) ``viewer`` holds, per cycle (one cycle's)."""
        from sqlalchemy import select

        if not viewer:
            return {}
        if cid is not None:
            rows = conn.execute(_roles_in_cycle(), {"viewer": viewer, "cid": cid}).all()
        else:
            m = t.cycle_members
            q = (
                select(m.c.cycle_id, m.c.role, m.c.scope)
                .select_from(m.join(t.users))
                .where(t.users.c.name == viewer)
            )
            rows = conn.execute(q).all()
        out: dict[int, dict[str, str]] = {}
        for cid, role, scope in rows:
            out.setdefault(int(cid), {})[role] = scope
        return out

    @staticmethod
    def _cycle_dict(r: Mapping[str, Any], roles: Mapping[str, str]) -> dict[str, Any]:
        return {
            "id": r["id"],
            "year": r["year"],
            "name": r["name"],
            "status": r["status"],
            "period": {"start": r["period_start"], "end": r["period_end"]},
            "planned_release": r["planned_release"],
            "created_at": r["created_at"],
            "created_by": r["created_by"],
            "published_at": r["published_at"],
            "events": r["head_seq"],
            "your_roles": sorted(roles),
        }

    def _cycle_row(self, conn: Connection, cid: int, lock: bool = False) -> RowMapping:
        q = _cycle_by_id(lock and conn.dialect.name == "postgresql")
        row = conn.execute(q, {"cid": cid}).mappings().first()
        if row is None:
            raise NotFound(f"No cycle {cid}: tiptiers cycle list shows the cycles.")
        return row

    def _year(self, cid: int) -> int:
        """A cycle's report year (read once: it never changes)."""
        year = self._years.get(cid)
        if year is None:
            with self._read() as conn:
                year = self._years[cid] = int(self._cycle_row(conn, cid)["year"])
        return year

    def _roles(self, conn: Connection, cid: int, actor: str | None) -> dict[str, str]:
        return self._memberships(conn, actor, cid).get(cid, {})

    def _can_view(
        self, conn: Connection, cyc: Mapping[str, Any], viewer: str | None
    ) -> dict[str, str]:
        roles = self._roles(conn, cyc["id"], viewer)
        if cyc["status"] == "published" or roles:
            return roles
        if not viewer:
            raise NotSignedIn(f"Cycle {cyc['id']} is not published: sign in as one of its members.")
        raise Forbidden(f"{viewer} is not a member of cycle {cyc['id']}: its admin can add you.")

    def _may(
        self,
        conn: Connection,
        cyc: Mapping[str, Any],
        actor: str,
        action: str,
        iso3: str | None = None,
        region: str | None = None,
        roles: dict[str, str] | None = None,
    ) -> str:
        """The role under which ``actor`` takes ``action`` (Forbidden if none allows it);
        writes need the cycle open. ``roles``: the actor's in this cycle, if already read."""
        if roles is None:
            roles = self._roles(conn, cyc["id"], actor)
        if not roles:
            self._user(conn, actor)  # an unknown name is "sign in", not "not a member"
        able = [r for r in core.PERMISSIONS[action] if r in roles]
        if not able:
            who = ", ".join(sorted(core.PERMISSIONS[action]))
            has = ", ".join(sorted(roles)) or "no role"
            raise Forbidden(
                f"{actor} ({has} in cycle {cyc['id']}) may not {action}: that needs {who}."
            )
        if iso3 is not None:
            able = [r for r in able if core.in_scope(roles[r], iso3, region)]
            if not able:
                raise Forbidden(f"{iso3} is outside {actor}'s countries in cycle {cyc['id']}.")
        if cyc["status"] != "open" and action != "manage":
            raise Refused(
                f"Cycle {cyc['id']} is {cyc['status']}: nothing more can be written to it."
            )
        return sorted(able)[0]

    def cycle(self, cid: int, viewer: str | None) -> dict[str, Any]:
        """A cycle with its board: every country's status, tiers and clock."""
        from sqlalchemy import select

        a = t.cycle_assessments
        with self._read() as conn:
            cyc = self._cycle_row(conn, cid)
            roles = self._can_view(conn, cyc, viewer)
            rows = (
                conn.execute(
                    select(
                        a.c.iso3,
                        a.c.name,
                        a.c.region,
                        a.c.status,
                        a.c.version,
                        a.c.supported_tier,
                        a.c.recommended_tier,
                        a.c.final_tier,
                        a.c.override,
                        a.c.updated_at,
                        a.c.updated_by,
                        a.c.prefill,
                    )
                    .where(a.c.cycle_id == cid)
                    .order_by(a.c.name)
                )
                .mappings()
                .all()
            )
            members = self._members(conn, cid)
        board = []
        for r in rows:
            pre = json.loads(r["prefill"])
            board.append(
                {
                    "iso3": r["iso3"],
                    "name": r["name"],
                    "region": r["region"],
                    "status": r["status"],
                    "version": r["version"],
                    "supported_tier": r["supported_tier"],
                    "recommended_tier": r["recommended_tier"],
                    "final_tier": r["final_tier"],
                    "override": bool(r["override"]),
                    "clock": pre["clock"]["summary"],
                    "clock_status": pre["clock"]["status"],
                    "updated_at": r["updated_at"],
                    "updated_by": r["updated_by"],
                }
            )
        return {**self._cycle_dict(cyc, roles), "members": members, "board": board}

    def _members(self, conn: Connection, cid: int) -> list[dict[str, str]]:
        from sqlalchemy import select

        m = t.cycle_members
        rows = conn.execute(
            select(t.users.c.name, m.c.role, m.c.scope)
            .select_from(m.join(t.users))
            .where(m.c.cycle_id == cid)
            .order_by(t.users.c.name, m.c.role)
        ).all()
        return [{"user": u, "role": r, "countries": s} for u, r, s in rows]

    def add_member(
        self, actor: str, cid: int, user: str, role: str, countries: str = ""
    ) -> dict[str, Any]:
        from sqlalchemy import delete, insert

        if role not in core.ROLES:
            raise BadInput(
                f"Unknown role '{role}': use one of {', '.join(core.ROLES)}.", field="role"
            )
        scope = core.parse_scope(countries or "")
        if scope and role != "analyst":
            raise BadInput(
                "Only an analyst is limited to named countries or regions.", field="countries"
            )
        with self._tx("adding a member") as conn:
            cyc = self._cycle_row(conn, cid, lock=True)
            as_role = self._may(conn, cyc, actor, "manage")
            uid = self._user(conn, user)["id"]
            head = [cyc["head_seq"], cyc["head_hash"]]
            before = self._roles(conn, cid, user).get(role)
            m = t.cycle_members
            conn.execute(delete(m).where(m.c.cycle_id == cid, m.c.user_id == uid, m.c.role == role))
            conn.execute(insert(m).values(cycle_id=cid, user_id=uid, role=role, scope=scope))
            self._event(
                conn,
                head,
                cid,
                actor,
                as_role,
                "member_add",
                field=user,
                before=None if before is None else {"role": role, "countries": before},
                after={"role": role, "countries": scope},
            )
            self._set_head(conn, cid, head)
        return {"user": user, "role": role, "countries": scope}

    def remove_member(self, actor: str, cid: int, user: str, role: str) -> None:
        from sqlalchemy import delete

        with self._tx("removing a member") as conn:
            cyc = self._cycle_row(conn, cid, lock=True)
            as_role = self._may(conn, cyc, actor, "manage")
            uid = self._user(conn, user)["id"]
            m = t.cycle_members
            gone = conn.execute(
                delete(m).where(m.c.cycle_id == cid, m.c.user_id == uid, m.c.role == role)
            ).rowcount
            if not gone:
                raise NotFound(f"{user} is not {role} in cycle {cid}.")
            head = [cyc["head_seq"], cyc["head_hash"]]
            self._event(
                conn,
                head,
                cid,
                actor,
                as_role,
                "member_remove",
                field=user,
                before={"role": role},
                after=None,
            )
            self._set_head(conn, cid, head)

    def set_period(
        self,
        actor: str,
        cid: int,
        *,
        start: str | None = None,
        end: str | None = None,
        planned_release: str | None = None,
    ) -> dict[str, Any]:
        """Change the reporting period or the planned release (admin, while open). The
        evidence's "outside the period" flags are computed again; each change is an event."""
        from sqlalchemy import select, update

        with self._read() as conn:
            cyc0 = self._cycle_row(conn, cid)
        new = {
            "period_start": _date(start, "period_start").isoformat()
            if start
            else cyc0["period_start"],
            "period_end": _date(end, "period_end").isoformat() if end else cyc0["period_end"],
            "planned_release": (
                _date(planned_release, "planned_release").isoformat()
                if planned_release
                else cyc0["planned_release"]
            ),
        }
        if new["period_end"] <= new["period_start"]:
            raise BadInput("The reporting period must end after it starts.", field="period_end")
        first, last = date.fromisoformat(new["period_start"]), date.fromisoformat(new["period_end"])
        with self._tx("changing the reporting period") as conn:
            cyc = self._cycle_row(conn, cid, lock=True)
            role = self._may(conn, cyc, actor, "manage")
            if cyc["status"] != "open":
                raise Refused(f"Cycle {cid} is {cyc['status']}: reopen it to change its period.")
            changed = {k: v for k, v in new.items() if cyc[k] != v}
            if changed:
                head = [cyc["head_seq"], cyc["head_hash"]]
                conn.execute(update(t.cycles).where(t.cycles.c.id == cid).values(**changed))
                for k, v in changed.items():
                    self._event(
                        conn, head, cid, actor, role, "period", field=k, before=cyc[k], after=v
                    )
                e = t.cycle_evidence
                for eid, when in conn.execute(
                    select(e.c.id, e.c.date).where(e.c.cycle_id == cid)
                ).all():
                    flag = core.outside_period(
                        date.fromisoformat(when) if when else None, first, last
                    )
                    conn.execute(update(e).where(e.c.id == eid).values(outside_period=flag))
                self._set_head(conn, cid, head)
        return self.cycle(cid, actor)

    def set_status(self, actor: str, cid: int, status: str) -> dict[str, Any]:
        """Close an open cycle or reopen a closed one (publishing is :meth:`publish`)."""
        from sqlalchemy import update

        if status not in ("open", "closed"):
            raise BadInput(
                "A cycle is closed or reopened here; publish it with 'cycle publish'.",
                field="status",
            )
        with self._tx("changing a cycle's status") as conn:
            cyc = self._cycle_row(conn, cid, lock=True)
            as_role = self._may(conn, cyc, actor, "manage")
            if cyc["status"] == "published":
                raise Refused(f"Cycle {cid} is published: it is frozen for good.")
            if cyc["status"] != status:
                head = [cyc["head_seq"], cyc["head_hash"]]
                conn.execute(update(t.cycles).where(t.cycles.c.id == cid).values(status=status))
                self._event(
                    conn,
                    head,
                    cid,
                    actor,
                    as_role,
                    "status",
                    field="status",
                    before=cyc["status"],
                    after=status,
                )
                self._set_head(conn, cid, head)
        return self.cycle(cid, actor)

    # -- one country -------------------------------------------------------------------------
    def _assessment_row(self, conn: Connection, cid: int, iso3: str) -> RowMapping:
        q = _of_country(t.cycle_assessments.name)
        row = conn.execute(q, {"cid": cid, "iso3": iso3}).mappings().first()
        if row is None:
            raise NotFound(f"{iso3} is not in cycle {cid}.")
        return row

    def iso3_of(self, text: str) -> str:
        from tiptiers.countries import registry

        return registry().resolve(text).iso3

    @staticmethod
    def _state(r: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "iso3": r["iso3"],
            "name": r["name"],
            "region": r["region"],
            "status": r["status"],
            "version": r["version"],
            "facts": json.loads(r["facts"]),
            "supported_tier": r["supported_tier"],
            "recommended_tier": r["recommended_tier"],
            "justification": r["justification"],
            "final_tier": r["final_tier"],
            "final_reason": r["final_reason"],
            "override": bool(r["override"]),
            "updated_at": r["updated_at"],
            "updated_by": r["updated_by"],
            "prefill": json.loads(r["prefill"]),
        }

    def assessment(
        self,
        cid: int,
        iso3: str,
        viewer: str | None,
        *,
        history: bool = True,
        evaluated: tuple[Mapping[str, Any], core.Evaluation] | None = None,
        written: tuple[Mapping[str, Any], Mapping[str, str]] | None = None,
    ) -> dict[str, Any]:
        """A country's workspace: its facts and state, the engine's live answer, evidence,
        comments, history and (for a final Tier 3) the determination draft. A write that
        answers with it passes the engine's answer it made (``evaluated``) and the cycle
        row and the roles its transaction read (``written``: they are not read again)."""

        iso3 = self.iso3_of(iso3)
        with self._read() as conn:
            if written is not None:
                cyc, roles = written
            else:
                cyc = self._cycle_row(conn, cid)
                roles = self._can_view(conn, cyc, viewer)
            row = self._assessment_row(conn, cid, iso3)
            key = {"cid": cid, "iso3": iso3}
            ev_rows = conn.execute(_of_country(t.cycle_evidence.name), key).mappings().all()
            comments = conn.execute(_of_country(t.cycle_comments.name), key).mappings().all()
            events = self._events(conn, cid, iso3=iso3) if history else None
        state = self._state(row)
        if evaluated is not None and evaluated[0] == state["facts"]:
            evaluation = evaluated[1]  # the writer's answer for exactly these facts
        else:
            evaluation = core.evaluate_facts(self.record(), iso3, cyc["year"], state["facts"])
        out = {
            **state,
            "cycle": {
                "id": cid,
                "year": cyc["year"],
                "name": cyc["name"],
                "status": cyc["status"],
                "your_roles": sorted(roles),
            },
            "evaluation": evaluation.to_dict(),
            "evidence": [
                {k: v for k, v in e.items() if k not in ("cycle_id", "iso3")} for e in ev_rows
            ],
            "comments": [
                {k: v for k, v in c.items() if k not in ("cycle_id", "iso3")} for c in comments
            ],
            "history": events,
            "determination": None,
        }
        if state["final_tier"] == "3":
            out["determination"] = core.determination_draft(
                iso3,
                state["name"],
                cyc["year"],
                date.fromisoformat(cyc["planned_release"]),
                state["facts"],
            ).to_dict()
        return out

    def _begin_write(
        self, conn: Connection, cid: int, iso3: str, actor: str, action: str, version: int | None
    ) -> tuple[RowMapping, RowMapping, str, list[Any], dict[str, str]]:
        """The start of a write to a country: the cycle row (locked on PostgreSQL), the
        assessment row, the role ``actor`` acts in, the chain's head and all its roles."""
        cyc = self._cycle_row(conn, cid, lock=True)
        row = self._assessment_row(conn, cid, iso3)
        roles = self._roles(conn, cid, actor)
        role = self._may(conn, cyc, actor, action, iso3, row["region"], roles)
        if version is not None and int(version) != row["version"]:
            raise self._conflict(conn, cid, row, int(version))
        return cyc, row, role, [cyc["head_seq"], cyc["head_hash"]], roles

    def _conflict(
        self, conn: Connection, cid: int, row: Mapping[str, Any], version: int
    ) -> Conflict:
        saves: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for e in self._events(conn, cid, iso3=row["iso3"]):
            saves.setdefault((e["at"], e["actor"]), []).append(e)
        newer = list(saves.values())[-max(1, row["version"] - version) :]
        change = {
            "by": row["updated_by"],
            "at": row["updated_at"],
            "events": [e for s in newer for e in s],
        }
        return Conflict(
            f"{row['iso3']} changed since you loaded it (your version {version}, now"
            f" {row['version']}, by {row['updated_by']} at {row['updated_at']}): reload, merge"
            " and save again.",
            self._state(row),
            change,
        )

    def _write_assessment(
        self,
        conn: Connection,
        cid: int,
        row: Mapping[str, Any],
        actor: str,
        when: str,
        **values: Any,
    ) -> int:
        version = row["version"] + 1
        done = conn.execute(
            _write_row(),
            {
                "at_cycle": cid,
                "at_iso3": row["iso3"],
                "at_version": row["version"],
                "version": version,
                "updated_at": when,
                "updated_by": actor,
                **values,
            },
        ).rowcount
        if done != 1:  # pragma: no cover - the cycle row lock makes this unreachable
            raise self._conflict(conn, cid, row, row["version"])
        return version

    def save_facts(
        self, actor: str, cid: int, iso3: str, facts: Mapping[str, Any], version: int | None
    ) -> dict[str, Any]:
        """Replace a country's facts (checked by the law engine first); each changed fact is
        an event. ``version`` is the one the writer loaded (None: the API and the CLI always
        send one; only a script that means to overwrite leaves it out)."""
        iso3 = self.iso3_of(iso3)
        evaluation = core.evaluate_facts(self.record(), iso3, self._year(cid), facts)
        clean = {k: v for k, v in facts.items() if v is not None}
        when = now()
        with self._tx("saving facts") as conn:
            cyc, row, role, head, roles = self._begin_write(
                conn, cid, iso3, actor, "assess", version
            )
            before = json.loads(row["facts"])
            changes = core.fact_changes(before, clean)
            if changes:
                self._write_assessment(
                    conn,
                    cid,
                    row,
                    actor,
                    when,
                    facts=core.canonical(clean),
                    supported_tier=evaluation.supported,
                    status="draft" if row["status"] == "not_started" else row["status"],
                )
                self._fact_events(conn, head, cid, actor, role, iso3, changes, when)
                self._set_head(conn, cid, head)
        # the stored facts are now ``clean``, which the engine has just answered for; the
        # cycle row read in the transaction is the one after it (its head aside)
        return self.assessment(
            cid, iso3, actor, history=False, evaluated=(clean, evaluation), written=(cyc, roles)
        )

    @staticmethod
    def _evidence_item(item: Any) -> dict[str, Any]:
        """An evidence item checked: its fields, or BadInput naming the first problem."""
        if not isinstance(item, Mapping):
            raise BadInput(
                "Evidence must be an object: fact, title, url, publisher, date, quote, note."
            )
        unknown = sorted(set(item) - set(EVIDENCE_FIELDS))
        if unknown:
            raise BadInput(f"Evidence has no field '{unknown[0]}'.", field=unknown[0])
        fact = _text(item.get("fact"), "fact", required=True, limit=100)
        if not core.known_fact(fact):
            raise BadInput(
                f"'{fact}' is not a fact of an assessment (tiptiers schema assessment).",
                field="fact",
            )
        title = _text(item.get("title"), "title", limit=500)
        if not title:
            raise BadInput(
                "Evidence without a source: give the source's title (and its URL, publisher, date).",
                field="title",
            )
        url = _text(item.get("url"), "url", limit=2000)
        if url and not re.match(r"^https?://[^\s]+$", url):
            raise BadInput(f"url '{url[:80]}' is not an http(s) address.", field="url")
        when_d = _date(item["date"], "date") if item.get("date") else None
        return {
            "fact": fact,
            "title": title,
            "url": url,
            "publisher": _text(item.get("publisher"), "publisher", limit=500),
            "date": when_d.isoformat() if when_d else None,
            "quote": _text(item.get("quote"), "quote"),
            "note": _text(item.get("note"), "note"),
        }

    @staticmethod
    def _outside(cyc: Mapping[str, Any], when: str | None) -> bool:
        return core.outside_period(
            date.fromisoformat(when) if when else None,
            date.fromisoformat(cyc["period_start"]),
            date.fromisoformat(cyc["period_end"]),
        )

    def add_evidence(
        self, actor: str, cid: int, iso3: str, item: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Add the evidence for one fact: a source (title, and URL, publisher, date, quote,
        note where known). Evidence dated outside the reporting period is flagged."""
        from sqlalchemy import insert

        iso3 = self.iso3_of(iso3)
        row_in = self._evidence_item(item)
        when = now()
        with self._tx("adding evidence") as conn:
            cyc, _row, role, head, _roles = self._begin_write(
                conn, cid, iso3, actor, "assess", None
            )
            outside = self._outside(cyc, row_in["date"])
            eid = conn.execute(
                insert(t.cycle_evidence).values(
                    cycle_id=cid,
                    iso3=iso3,
                    outside_period=outside,
                    created_by=actor,
                    created_at=when,
                    **row_in,
                )
            ).inserted_primary_key[0]
            self._event(
                conn,
                head,
                cid,
                actor,
                role,
                "evidence",
                iso3=iso3,
                field=f"facts.{row_in['fact']}",
                before=None,
                after={**row_in, "id": eid, "outside_period": outside},
                at=when,
            )
            self._set_head(conn, cid, head)
        return {**row_in, "id": eid, "outside_period": outside}

    # -- corrections: an author corrects or withdraws their own evidence or comment --------
    def correct(
        self,
        actor: str,
        cid: int,
        iso3: str,
        kind: str,
        entry_id: int,
        changes: Mapping[str, Any],
        reason: str,
        revision: int | None = None,
    ) -> dict[str, Any]:
        """Correct one's own ``kind`` ("evidence" or "comment") entry: ``changes`` over what
        it says now (evidence: any of its fields, checked as new evidence is; a comment,
        clearance or dispute: its ``text``, the verdict stays). The row takes the new
        wording and the next revision; an ``evidence_correct`` or ``comment_correct`` event
        keeps the old one with ``reason``. ``revision`` (the one the author saw) makes a
        stale correction a conflict."""
        if not isinstance(changes, Mapping):
            raise BadInput("A correction must be an object of the fields to change.")
        return self._revise(actor, cid, iso3, kind, entry_id, reason, revision, changes)

    def withdraw(
        self,
        actor: str,
        cid: int,
        iso3: str,
        kind: str,
        entry_id: int,
        reason: str,
        revision: int | None = None,
    ) -> dict[str, Any]:
        """Withdraw one's own evidence or comment: it stays listed as withdrawn with the
        reason (withdrawn evidence leaves the draft report), and an ``evidence_withdraw``
        or ``comment_withdraw`` event records it. A clearance or a dispute is not
        withdrawn: it moved the review, and a new verdict moves it again."""
        return self._revise(actor, cid, iso3, kind, entry_id, reason, revision, None)

    def _revise(
        self,
        actor: str,
        cid: int,
        iso3: str,
        kind: str,
        entry_id: int,
        reason: str,
        revision: int | None,
        changes: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        """A correction (``changes``) or a withdrawal (None) of an evidence item or a
        comment, by its author, in one transaction with its event; the entry as it is now."""
        from sqlalchemy import select, update

        if kind not in ("evidence", "comment"):
            raise BadInput(f"Unknown entry '{kind}': evidence or comment.", field="kind")
        iso3 = self.iso3_of(iso3)
        why = _text(reason, "reason", required=True)
        text_in = ""
        if kind == "comment" and changes is not None:
            unknown = sorted(set(changes) - {"text"})
            if unknown:
                raise BadInput(f"A comment has no field '{unknown[0]}'.", field=unknown[0])
            text_in = _text(changes.get("text"), "text", required=True)
        table = t.cycle_evidence if kind == "evidence" else t.cycle_comments
        author_col = "created_by" if kind == "evidence" else "actor"
        what = "Evidence" if kind == "evidence" else "Comment"
        when = now()
        with self._tx(f"correcting {kind}") as conn:
            row = (
                conn.execute(
                    select(table).where(
                        table.c.id == entry_id, table.c.cycle_id == cid, table.c.iso3 == iso3
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                raise NotFound(f"No {kind} {entry_id} for {iso3} in cycle {cid}.")
            if kind == "evidence":
                action = "assess"
            else:
                action = "comment" if row["verdict"] == "comment" else "review"
            cyc, _a, role, head, _roles = self._begin_write(conn, cid, iso3, actor, action, None)
            if row[author_col] != actor:
                raise Forbidden(
                    f"{what} {entry_id} is {row[author_col]}'s: only its author corrects or"
                    " withdraws it (add your own, or a comment)."
                )
            if row["withdrawn"]:
                raise Refused(f"{what} {entry_id} was withdrawn: add a new one instead.")
            if revision is not None and int(revision) != row["revision"]:
                raise self._stale_entry(conn, cid, row, kind, int(revision))
            before = self._entry(row, kind)
            if changes is None:
                if kind == "comment" and row["verdict"] != "comment":
                    raise Refused(
                        f"Comment {entry_id} is a {row['verdict']}: a verdict is not withdrawn;"
                        " record a new one (clear or dispute), or correct its wording."
                    )
                values: dict[str, Any] = {"withdrawn": True}
            elif kind == "evidence":
                values = self._evidence_item({**_evidence_of(row), **changes})
                values["outside_period"] = self._outside(cyc, values["date"])
            else:
                values = {"text": text_in}
            values.update(revision=row["revision"] + 1, changed_at=when, change_reason=why)
            conn.execute(update(table).where(table.c.id == entry_id).values(**values))
            after = self._entry({**row, **values}, kind)
            self._event(
                conn,
                head,
                cid,
                actor,
                role,
                f"{kind}_{'withdraw' if changes is None else 'correct'}",
                iso3=iso3,
                field=f"facts.{after['fact']}" if kind == "evidence" else "comments",
                before=before,
                after=after,
                reason=why,
                at=when,
            )
            self._set_head(conn, cid, head)
        return after

    @staticmethod
    def _entry(row: Mapping[str, Any], kind: str) -> dict[str, Any]:
        """An evidence item or a comment as the trail and the answers show it."""
        keep = (
            (*EVIDENCE_FIELDS, "outside_period", "created_by", "created_at")
            if kind == "evidence"
            else ("actor", "role", "verdict", "text", "created_at")
        )
        return {
            "id": row["id"],
            **{k: row[k] for k in keep},
            "revision": row["revision"],
            "withdrawn": bool(row["withdrawn"]),
            "changed_at": row["changed_at"],
            "change_reason": row["change_reason"],
        }

    def _stale_entry(
        self, conn: Connection, cid: int, row: Mapping[str, Any], kind: str, revision: int
    ) -> Conflict:
        field = "comments" if kind == "comment" else f"facts.{row['fact']}"
        events = [
            e
            for e in self._events(conn, cid, iso3=row["iso3"], field=field)
            if isinstance(e["after"], Mapping) and e["after"].get("id") == row["id"]
        ]
        return Conflict(
            f"{kind.capitalize()} {row['id']} changed since you loaded it (your revision"
            f" {revision}, now {row['revision']}, at {row['changed_at']}): reload and"
            " correct it again.",
            self._entry(row, kind),
            {
                "by": events[-1]["actor"] if events else "",
                "at": row["changed_at"],
                "events": events[-1:],
            },
        )

    def recommend(
        self, actor: str, cid: int, iso3: str, tier: str, justification: str, version: int | None
    ) -> dict[str, Any]:
        iso3 = self.iso3_of(iso3)
        tier = core.check_tier(tier, "tier")
        why = _text(justification, "justification", required=True)
        when = now()
        with self._tx("recording a recommendation") as conn:
            cyc, row, role, head, roles = self._begin_write(
                conn, cid, iso3, actor, "recommend", version
            )
            if row["status"] == "decided":
                raise Refused(f"{iso3} is decided: the recommendation can no longer change.")
            self._write_assessment(
                conn,
                cid,
                row,
                actor,
                when,
                recommended_tier=tier,
                justification=why,
                status="recommended",
            )
            self._event(
                conn,
                head,
                cid,
                actor,
                role,
                "recommend",
                iso3=iso3,
                field="recommended_tier",
                before=row["recommended_tier"],
                after=tier,
                reason=why,
                at=when,
            )
            self._set_head(conn, cid, head)
        return self.assessment(cid, iso3, actor, history=False, written=(cyc, roles))

    def review(
        self, actor: str, cid: int, iso3: str, verdict: str, text: str, version: int | None = None
    ) -> dict[str, Any]:
        """A comment (any working role), or a reviewer's clearance or dispute of the
        recommendation."""
        from sqlalchemy import insert

        iso3 = self.iso3_of(iso3)
        if verdict not in core.REVIEW_VERDICTS:
            raise BadInput(
                f"Unknown verdict '{verdict}': use {', '.join(core.REVIEW_VERDICTS)}.",
                field="verdict",
            )
        body = _text(text, "text", required=True)
        when = now()
        with self._tx("recording a review") as conn:
            action = "comment" if verdict == "comment" else "review"
            cyc, row, role, head, roles = self._begin_write(conn, cid, iso3, actor, action, version)
            if verdict != "comment":
                if row["status"] not in ("recommended", "cleared", "disputed"):
                    raise Refused(
                        f"{iso3} has no recommendation to {verdict} (it is {row['status']})."
                    )
                status = "cleared" if verdict == "clear" else "disputed"
                self._write_assessment(conn, cid, row, actor, when, status=status)
                self._event(
                    conn,
                    head,
                    cid,
                    actor,
                    role,
                    verdict,
                    iso3=iso3,
                    field="status",
                    before=row["status"],
                    after=status,
                    reason=body,
                    at=when,
                )
            else:
                self._event(
                    conn,
                    head,
                    cid,
                    actor,
                    role,
                    "comment",
                    iso3=iso3,
                    field="comments",
                    before=None,
                    after=body,
                    at=when,
                )
            conn.execute(
                insert(t.cycle_comments).values(
                    cycle_id=cid,
                    iso3=iso3,
                    actor=actor,
                    role=role,
                    verdict=verdict,
                    text=body,
                    created_at=when,
                )
            )
            self._set_head(conn, cid, head)
        return self.assessment(cid, iso3, actor, history=False, written=(cyc, roles))

    def decide(
        self,
        actor: str,
        cid: int,
        iso3: str,
        tier: str,
        reason: str,
        version: int | None,
        waiver: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The final placement. Refused, with the section, where the statute forbids it
        (unless the decider records the waiver with its prongs: ``waiver``); an override
        (it differs from the recommendation or from what the facts support) needs a reason."""
        iso3 = self.iso3_of(iso3)
        tier = core.check_tier(tier, "tier")
        why = _text(reason, "reason")
        with self._read() as conn:
            cyc0 = self._cycle_row(conn, cid)
            row0 = self._assessment_row(conn, cid, iso3)
        facts = json.loads(row0["facts"])
        if waiver:
            if not isinstance(waiver, Mapping):
                raise BadInput("waiver must be an object of its prongs.", field="waiver")
            facts = core.merge_facts(facts, {f"waiver.{k}": v for k, v in waiver.items()})
        evaluation = core.evaluate_facts(self.record(), iso3, cyc0["year"], facts, hints=False)
        check = core.check_final(
            tier, row0["recommended_tier"], evaluation, facts, row0["name"], cyc0["year"]
        )
        when = now()
        with self._tx("recording a decision") as conn:
            cyc, row, role, head, roles = self._begin_write(
                conn, cid, iso3, actor, "decide", version
            )
            if row["status"] not in ("recommended", "cleared", "disputed", "decided"):
                raise Refused(f"{iso3} has no recommendation yet: the analyst recommends first.")
            if row["facts"] != row0["facts"] or row["recommended_tier"] != row0["recommended_tier"]:
                raise self._conflict(conn, cid, row, row0["version"])
            if check.refused:
                raise Refused(check.refused)
            if check.override and not why:
                raise BadInput(
                    f"{tier} for {iso3} is an override (it differs from "
                    + " and from ".join(check.differs_from)
                    + "): give the reason.",
                    field="reason",
                )
            if not why:
                why = "as recommended and as the facts support"
            values: dict[str, Any] = {
                "final_tier": tier,
                "final_reason": why,
                "override": check.override,
                "status": "decided",
            }
            if waiver:
                values["facts"] = core.canonical(facts)
                values["supported_tier"] = evaluation.supported
                changes = core.fact_changes(json.loads(row["facts"]), facts)
                self._fact_events(conn, head, cid, actor, role, iso3, changes, when)
            self._write_assessment(conn, cid, row, actor, when, **values)
            self._event(
                conn,
                head,
                cid,
                actor,
                role,
                "override" if check.override else "decide",
                iso3=iso3,
                field="final_tier",
                before=row["final_tier"],
                after=tier,
                reason=why,
                at=when,
            )
            self._set_head(conn, cid, head)
        return self.assessment(cid, iso3, actor, history=False, written=(cyc, roles))

    # -- views of the whole cycle ------------------------------------------------------------
    def overrides(self, cid: int, viewer: str | None) -> list[dict[str, Any]]:
        from sqlalchemy import select

        a = t.cycle_assessments
        with self._read() as conn:
            self._can_view(conn, self._cycle_row(conn, cid), viewer)
            rows = (
                conn.execute(
                    select(a).where(a.c.cycle_id == cid, a.c.override.is_(True)).order_by(a.c.name)
                )
                .mappings()
                .all()
            )
        return [
            {
                k: s[k]
                for k in (
                    "iso3",
                    "name",
                    "recommended_tier",
                    "justification",
                    "supported_tier",
                    "final_tier",
                    "final_reason",
                    "updated_by",
                    "updated_at",
                )
            }
            for s in map(self._state, rows)
        ]

    def compare(self, cid: int, viewer: str | None) -> dict[str, Any]:
        """The cycle's final placements beside the official report's, for every country;
        where they differ, both reasons (the cycle's, and the law's explanation of the
        published placement)."""
        from tiptiers.law.explain import explain

        data = self.cycle(cid, viewer)
        record = self.record()
        year = data["year"]
        rows = []
        for b in data["board"]:
            look = record.lookup(b["iso3"], year)
            official = look.tier.value if look.tier is not None else None
            row = {
                "iso3": b["iso3"],
                "name": b["name"],
                "cycle_tier": b["final_tier"],
                "official_tier": official,
                "official_note": look.note if official is None else "",
                "differs": bool(official and b["final_tier"] and official != b["final_tier"]),
            }
            if row["differs"]:
                with self._read() as conn:
                    st = self._state(self._assessment_row(conn, cid, b["iso3"]))
                row["cycle_reason"] = st["final_reason"]
                try:
                    row["official_reason"] = explain(record, b["iso3"], year).summary
                except TiptiersError as exc:
                    row["official_reason"] = exc.message
            rows.append(row)
        return {
            "cycle": {k: data[k] for k in ("id", "year", "name", "status")},
            "official_year_in_record": year in record.years,
            "rows": rows,
        }

    def determinations(self, cid: int, viewer: str | None) -> list[dict[str, Any]]:
        from sqlalchemy import select

        a = t.cycle_assessments
        with self._read() as conn:
            cyc = self._cycle_row(conn, cid)
            self._can_view(conn, cyc, viewer)
            rows = (
                conn.execute(
                    select(a).where(a.c.cycle_id == cid, a.c.final_tier == "3").order_by(a.c.name)
                )
                .mappings()
                .all()
            )
        release = date.fromisoformat(cyc["planned_release"])
        return [
            core.determination_draft(
                r["iso3"], r["name"], cyc["year"], release, json.loads(r["facts"])
            ).to_dict()
            for r in rows
        ]

    # -- the trail ---------------------------------------------------------------------------
    def _event(
        self,
        conn: Connection,
        head: list[Any],
        cid: int,
        actor: str,
        role: str,
        action: str,
        *,
        iso3: str = "",
        field: str = "",
        before: Any = None,
        after: Any = None,
        reason: str = "",
        at: str | None = None,
    ) -> None:
        conn.execute(
            _add_events(),
            self._next_event(
                head, cid, actor, role, action, iso3, field, before, after, reason, at
            ),
        )

    @staticmethod
    def _next_event(
        head: list[Any],
        cid: int,
        actor: str,
        role: str,
        action: str,
        iso3: str,
        field: str,
        before: Any,
        after: Any,
        reason: str,
        at: str | None,
    ) -> dict[str, Any]:
        """The next event of the chain (its row), ``head`` moved on to it."""
        e = {
            "seq": head[0] + 1,
            "at": at or now(),
            "actor": actor,
            "role": role,
            "action": action,
            "iso3": iso3,
            "field": field,
            "before": core.canonical(before),
            "after": core.canonical(after),
            "reason": reason,
            "prev_hash": head[1],
        }
        e["hash"] = core.event_hash(e)
        head[0], head[1] = e["seq"], e["hash"]
        return {"cycle_id": cid, **e}

    @staticmethod
    def _set_head(conn: Connection, cid: int, head: list[Any]) -> None:
        conn.execute(_move_head(), {"at_cycle": cid, "to_seq": head[0], "to_hash": head[1]})

    def _fact_events(
        self,
        conn: Connection,
        head: list[Any],
        cid: int,
        actor: str,
        role: str,
        iso3: str,
        changes: Iterable[tuple[str, Any, Any]],
        when: str,
    ) -> None:
        """One ``fact`` event per changed fact of a country's assessment, in order (one
        statement for them all)."""
        rows = [
            self._next_event(head, cid, actor, role, "fact", iso3, f"facts.{n}", b, a, "", when)
            for n, b, a in changes
        ]
        if rows:
            conn.execute(_add_events(), rows)

    def _events(
        self, conn: Connection, cid: int, iso3: str | None = None, field: str | None = None
    ) -> list[dict[str, Any]]:
        from sqlalchemy import select

        e = t.cycle_events
        q = select(e).where(e.c.cycle_id == cid)
        if iso3:
            q = q.where(e.c.iso3 == iso3)
        if field:
            q = q.where((e.c.field == field) | e.c.field.startswith(field + "."))
        rows = conn.execute(q.order_by(e.c.seq)).mappings().all()
        return [
            {
                **{k: r[k] for k in core.EVENT_FIELDS},
                "hash": r["hash"],
                "before": json.loads(r["before"]),
                "after": json.loads(r["after"]),
            }
            for r in rows
        ]

    def history(
        self, cid: int, viewer: str | None, iso3: str | None = None, field: str | None = None
    ) -> list[dict[str, Any]]:
        """The events of a cycle, of one country, or of one field ('facts.victims...')."""
        if iso3:
            iso3 = self.iso3_of(iso3)
        if field and not field.startswith(
            ("facts.", "final_tier", "recommended_tier", "status", "comments")
        ):
            field = "facts." + field
        with self._read() as conn:
            self._can_view(conn, self._cycle_row(conn, cid), viewer)
            return self._events(conn, cid, iso3, field)

    def verify(self, cid: int) -> core.ChainCheck:
        """Walk the cycle's chain: every event's hash, link and number, and the head the
        cycle row recorded."""
        from sqlalchemy import select

        e = t.cycle_events
        with self._read() as conn:
            cyc = self._cycle_row(conn, cid)
            rows = (
                conn.execute(select(e).where(e.c.cycle_id == cid).order_by(e.c.seq))
                .mappings()
                .all()
            )
        return core.verify_chain([dict(r) for r in rows], (cyc["head_seq"], cyc["head_hash"]))

    # -- publish, export, import ------------------------------------------------------------
    def publish(self, actor: str, cid: int) -> dict[str, Any]:
        """Freeze the cycle and write its placements as a labelled record source (never
        into the official record). Every country must be decided."""
        from sqlalchemy import insert, select, update

        when = now()
        with self._tx("publishing a cycle") as conn:
            cyc = self._cycle_row(conn, cid, lock=True)
            role = self._may(conn, cyc, actor, "manage")
            if cyc["status"] == "published":
                raise Refused(f"Cycle {cid} is published already.")
            a = t.cycle_assessments
            rows = (
                conn.execute(select(a).where(a.c.cycle_id == cid).order_by(a.c.iso3))
                .mappings()
                .all()
            )
            open_ = [r["iso3"] for r in rows if r["status"] != "decided"]
            if open_:
                raise Refused(
                    f"Cycle {cid} has {len(open_)} countries without a final placement"
                    f" ({', '.join(open_[:5])}{', ...' if len(open_) > 5 else ''}): decide them first."
                )
            label = f"cycle {cid}: {cyc['name']} ({cyc['year']})"
            conn.execute(
                insert(t.cycle_placements),
                [
                    {
                        "cycle_id": cid,
                        "iso3": r["iso3"],
                        "year": cyc["year"],
                        "tier": r["final_tier"],
                        "source": label,
                        "reason": r["final_reason"],
                    }
                    for r in rows
                ],
            )
            conn.execute(
                update(t.cycles)
                .where(t.cycles.c.id == cid)
                .values(status="published", published_at=when)
            )
            head = [cyc["head_seq"], cyc["head_hash"]]
            self._event(
                conn,
                head,
                cid,
                actor,
                role,
                "publish",
                field="status",
                before=cyc["status"],
                after="published",
                at=when,
            )
            self._set_head(conn, cid, head)
        return self.cycle(cid, actor)

    def placements(self, cid: int, viewer: str | None) -> dict[str, Any]:
        """A published cycle's placements: the labelled record source."""
        from sqlalchemy import select

        p = t.cycle_placements
        with self._read() as conn:
            cyc = self._cycle_row(conn, cid)
            self._can_view(conn, cyc, viewer)
            rows = (
                conn.execute(select(p).where(p.c.cycle_id == cid).order_by(p.c.iso3))
                .mappings()
                .all()
            )
        if cyc["status"] != "published":
            raise Refused(f"Cycle {cid} is not published: its placements are drafts.")
        return {
            "source": f"cycle {cid}: {cyc['name']} ({cyc['year']})",
            "note": "A team's own placements, published by tiptiers; not the State Department's record.",
            "placements": [
                {"iso3": r["iso3"], "year": r["year"], "tier": r["tier"], "reason": r["reason"]}
                for r in rows
            ],
        }

    def export(self, cid: int, viewer: str | None) -> dict[str, Any]:
        """The whole cycle as one JSON-able bundle (its chain included)."""
        from sqlalchemy import select

        with self._read() as conn:
            cyc = self._cycle_row(conn, cid)
            self._can_view(conn, cyc, viewer)

            def rows_of(table: Any, order: str) -> Sequence[RowMapping]:
                q = select(table).where(table.c.cycle_id == cid).order_by(table.c[order])
                return conn.execute(q).mappings().all()

            rows = rows_of(t.cycle_assessments, "iso3")
            ev = rows_of(t.cycle_evidence, "id")
            cm = rows_of(t.cycle_comments, "id")
            events = rows_of(t.cycle_events, "seq")
            members = self._members(conn, cid)
        drop = ("id", "cycle_id")
        return {
            "format": BUNDLE_FORMAT,
            "format_version": BUNDLE_VERSION,
            "cycle": {
                k: cyc[k]
                for k in (
                    "year",
                    "name",
                    "status",
                    "period_start",
                    "period_end",
                    "planned_release",
                    "created_at",
                    "created_by",
                    "published_at",
                    "head_seq",
                    "head_hash",
                )
            },
            "members": members,
            "assessments": [{k: v for k, v in r.items() if k != "cycle_id"} for r in rows],
            "evidence": [{k: v for k, v in r.items() if k not in drop} for r in ev],
            "comments": [{k: v for k, v in r.items() if k not in drop} for r in cm],
            "events": [{k: v for k, v in r.items() if k not in drop} for r in events],
        }

    def import_bundle(
        self, actor: str, data: Any, source: str = "bundle", name: str | None = None
    ) -> dict[str, Any]:
        """A cycle from an exported bundle, as a new cycle (its chain verified first; the
        import itself is the next event). Refused in one line, nothing written, if the file
        is not a whole, untampered bundle."""
        from sqlalchemy import insert, select

        from tiptiers.cycle.bundle import parse_bundle

        b = parse_bundle(data, source)
        check = core.verify_chain(b["events"], (b["cycle"]["head_seq"], b["cycle"]["head_hash"]))
        if not check.ok:
            raise BadInput(
                f"{source}: its event chain is broken at event {check.broken} ({check.why}); nothing imported."
            )
        cyc = b["cycle"]
        title = _text(name or cyc["name"], "name", required=True, limit=200)
        when = now()
        with self._tx("importing a cycle") as conn:
            user = self._user(conn, actor)
            clash = conn.execute(
                select(t.cycles.c.id).where(
                    t.cycles.c.year == cyc["year"], t.cycles.c.name == title
                )
            ).first()
            if clash:
                raise BadInput(
                    f"{source}: a {cyc['year']} cycle named '{title}' exists (cycle {clash[0]}): import with --name.",
                    field="name",
                )
            status = "closed" if cyc["status"] == "published" else cyc["status"]
            cid = conn.execute(
                insert(t.cycles).values(
                    **{**cyc, "name": title, "status": status, "published_at": None}
                )
            ).inserted_primary_key[0]
            conn.execute(
                insert(t.cycle_members).values(
                    cycle_id=cid, user_id=user["id"], role="admin", scope=""
                )
            )
            for m in b["members"]:
                u = conn.execute(select(t.users.c.id).where(t.users.c.name == m["user"])).first()
                if u is None:
                    u_id = conn.execute(
                        insert(t.users).values(
                            name=m["user"], password_hash=None, site_admin=False, created_at=when
                        )
                    ).inserted_primary_key[0]
                else:
                    u_id = u[0]
                if not (u_id == user["id"] and m["role"] == "admin"):
                    conn.execute(
                        insert(t.cycle_members).values(
                            cycle_id=cid, user_id=u_id, role=m["role"], scope=m["countries"]
                        )
                    )
            if b["assessments"]:
                conn.execute(
                    insert(t.cycle_assessments), [{**r, "cycle_id": cid} for r in b["assessments"]]
                )
            if b["evidence"]:
                conn.execute(
                    insert(t.cycle_evidence), [{**r, "cycle_id": cid} for r in b["evidence"]]
                )
            if b["comments"]:
                conn.execute(
                    insert(t.cycle_comments), [{**r, "cycle_id": cid} for r in b["comments"]]
                )
            if b["events"]:
                conn.execute(insert(t.cycle_events), [{**r, "cycle_id": cid} for r in b["events"]])
            head = [cyc["head_seq"], cyc["head_hash"]]
            self._event(
                conn,
                head,
                cid,
                actor,
                "admin",
                "import",
                after={"source": source, "name": title, "from_status": cyc["status"]},
                at=when,
            )
            self._set_head(conn, cid, head)
        return self.cycle(int(cid), actor)

    def report_data(self, cid: int, viewer: str | None) -> dict[str, Any]:
        """What the draft report prints: every country's placement, justification and
        evidence (as last corrected; withdrawn evidence is left out)."""
        bundle = self.export(cid, viewer)
        evidence: dict[str, list[dict[str, Any]]] = {}
        for e in bundle["evidence"]:
            if not e["withdrawn"]:
                evidence.setdefault(e["iso3"], []).append(e)
        countries = [
            {**self._state(r), "evidence": evidence.get(r["iso3"], [])}
            for r in sorted(bundle["assessments"], key=lambda r: r["name"])
        ]
        return {
            "cycle": {**bundle["cycle"], "id": cid},
            "countries": countries,
            "determinations": self.determinations(cid, viewer),
        }
