"""The published cycles of a store, read for the maps, the compare and country pages, the
API and the CLI that show them beside the official record (:mod:`tiptiers.queries.layers`).

Only published cycles are read: a cycle still open or closed is a draft and never leaves
its login-only pages. A database without the cycle tables (no cycle command has run on it)
has none, and reading it creates nothing (no migration runs from here). Publishing freezes
a cycle for good, so :class:`PublishedCache` keeps each one read and only asks the store
for new ones, at most once per interval (the web app's revision check does the same for
the record).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from tiptiers.cycle import tables as t
from tiptiers.model import Tier
from tiptiers.queries.layers import PublishedCycle

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from tiptiers.store.engine import Database


def published_cycles(store: Database, known: frozenset[int] = frozenset()) -> list[PublishedCycle]:
    """Every published cycle of ``store`` with its placements, by number; those in
    ``known`` are skipped (a caller that keeps them asks only for the new ones)."""
    from sqlalchemy import inspect, select
    from sqlalchemy.exc import SQLAlchemyError

    c, p = t.cycles, t.cycle_placements
    try:
        with store.engine().connect() as conn:
            if not inspect(conn).has_table(p.name):
                return []
            rows = conn.execute(
                select(c.c.id, c.c.year, c.c.name, c.c.published_at)
                .where(c.c.status == "published")
                .order_by(c.c.id)
            ).all()
            wanted = [r for r in rows if int(r.id) not in known]
            if not wanted:
                return []
            ids = [int(r.id) for r in wanted]
            placed: dict[int, dict[str, Tier]] = {i: {} for i in ids}
            reasons: dict[int, dict[str, str]] = {i: {} for i in ids}
            for cid, iso3, tier, reason in conn.execute(
                select(p.c.cycle_id, p.c.iso3, p.c.tier, p.c.reason).where(p.c.cycle_id.in_(ids))
            ):
                placed[int(cid)][iso3] = Tier(tier)
                if reason:
                    reasons[int(cid)][iso3] = reason
            waived = _waivers(conn, ids)
    except SQLAlchemyError as exc:
        raise store.db_error(exc, "reading its published cycles") from None
    return [
        PublishedCycle(
            int(r.id),
            int(r.year),
            str(r.name),
            str(r.published_at or ""),
            placed[int(r.id)],
            reasons[int(r.id)],
            frozenset(waived.get(int(r.id), ())),
        )
        for r in wanted
    ]


def _waivers(conn: Connection, ids: list[int]) -> dict[int, set[str]]:
    """Cycle -> the countries whose final Watch List placement the decider recorded with a
    waiver of 22 U.S.C. 7107(b)(2)(D)(ii) granted (the fact ``waiver.granted`` of the
    assessment): the audit and the clock read those years as a stated waiver."""
    from sqlalchemy import select

    a = t.cycle_assessments
    out: dict[int, set[str]] = {}
    for cid, iso3, facts in conn.execute(
        select(a.c.cycle_id, a.c.iso3, a.c.facts).where(
            a.c.cycle_id.in_(ids), a.c.final_tier == Tier.T2WL.value
        )
    ):
        try:
            waiver = json.loads(facts).get("waiver")
        except (ValueError, AttributeError):
            continue
        if isinstance(waiver, dict) and waiver.get("granted") is True:
            out.setdefault(int(cid), set()).add(iso3)
    return out


class PublishedCache:
    """The published cycles of a store, kept: each is read once (it never changes after
    publishing); the store is asked for new ones at most once per ``interval`` seconds."""

    def __init__(
        self,
        store: Database,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._cycles: tuple[PublishedCycle, ...] = ()
        self._checked: float | None = None

    def __call__(self) -> tuple[PublishedCycle, ...]:
        """The published cycles, by number."""
        now = self._clock()
        if self._checked is not None and now - self._checked < self._interval:
            return self._cycles
        with self._lock:
            if self._checked is None or now - self._checked >= self._interval:
                known = frozenset(c.id for c in self._cycles)
                new = published_cycles(self._store, known)
                if new:
                    self._cycles = tuple(sorted((*self._cycles, *new), key=lambda c: c.id))
                self._checked = self._clock()
            return self._cycles
