"""Which packaged record a database holds, and the packaged record as table rows.

A database remembers which packaged record it holds in its write log (``sources``): the seed
is logged as ``packaged record <fingerprint>`` and a refresh as ``packaged record
<fingerprint> refreshed`` (a database seeded before fingerprints has a bare ``packaged
record``: its fingerprint is unknown, so it counts as out of date). The fingerprint is a
CRC-32 of the five packaged files the seed reads, computed in under a millisecond at every
open (``hashlib`` alone costs more to import than the whole check). What is done about a
difference is :mod:`tiptiers.store.refresh`.

Defines :data:`PACKAGED_FILES`, :data:`TABLES`, :func:`fingerprint`, :func:`seed_name`,
:class:`Stale` and :func:`stale` (from the write log), :class:`Change` and :func:`words`,
:func:`packaged_rows` (what a new database holds, table by table), and the row builders
:func:`placement_row`, :func:`determination_row` and :func:`determination_year_row` (for the
seed, the refresh and imports alike).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from tiptiers.documents import DeterminationYear, PresidentialDetermination
    from tiptiers.model import Placement

#: The packaged files a new database is seeded from (the seed's countries come from
#: placements.csv; release dates from report_releases.csv).
PACKAGED_FILES: tuple[str, ...] = (
    "placements.csv",
    "coverage.csv",
    "report_releases.csv",
    "determinations.csv",
    "determination_years.csv",
)
SEED_NAME = "packaged record"
_PACKAGED_ROW = re.compile(r"^packaged record(?: ([0-9a-f]{8}))?(?: refreshed)?$")

#: The packaged tables, in the order they are filled (countries before placements).
TABLES: tuple[str, ...] = (
    "countries",
    "placements",
    "coverage",
    "determination_years",
    "determinations",
)
# The write log's packaged row and what came after it (stdlib sqlite3 and SQLAlchemy alike).
SELECT_SINCE_PACKAGED = (
    "SELECT name FROM sources WHERE id >= (SELECT max(id) FROM sources"
    " WHERE name LIKE 'packaged record%') ORDER BY id"
)


@cache
def fingerprint() -> str:
    """The packaged record's fingerprint: 8 hex digits, the CRC-32 of its files' bytes."""
    from zlib import crc32

    from tiptiers.record import DATA_DIR

    crc = 0
    for name in PACKAGED_FILES:
        with open(os.path.join(DATA_DIR, name), "rb") as f:
            crc = crc32(f.read(), crc)
    return f"{crc:08x}"


def seed_name() -> str:
    """The write log's name for seeding the packaged record."""
    return f"{SEED_NAME} {fingerprint()}"


class Stale(NamedTuple):
    """A database holding another packaged record than this tiptiers ships."""

    held: str | None  # the fingerprint it holds (None: seeded before fingerprints)
    imports: tuple[str, ...]  # what was written since (user imports), oldest first

    @property
    def refreshable(self) -> bool:
        """Whether it can be refreshed without overwriting what a user wrote."""
        return not self.imports


def stale(names: Sequence[str]) -> Stale | None:
    """From the write log's names (the last packaged row, then what came after): None if the
    database holds this tiptiers' packaged record, else what it holds."""
    if not names:
        return Stale(None, ())
    m = _PACKAGED_ROW.match(names[0])
    held = m.group(1) if m else None
    if held == fingerprint():
        return None
    return Stale(held, tuple(names[1:]))


class Change(NamedTuple):
    """What a refresh changes in one table."""

    table: str
    added: int
    changed: int
    removed: int

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def words(changes: Iterable[Change]) -> str:
    """The changes in one line: 'placements +121 ~30 -0, ...' spelled out."""
    parts = [
        f"{c.table} {c.added} added, {c.changed} changed, {c.removed} removed"
        for c in changes
        if c.any
    ]
    return "; ".join(parts) if parts else "no rows changed"


def packaged_rows() -> dict[str, list[dict[str, Any]]]:
    """The packaged record as the rows of the packaged tables (what a new database holds)."""
    from tiptiers.model import Roles, Tier
    from tiptiers.record import packaged_determinations, packaged_names, packaged_record

    record = packaged_record()
    names = packaged_names()
    dets = packaged_determinations()
    iso3s = sorted(set(names) | set(record.countries) | set(record.roles))
    return {
        "countries": [
            {
                "iso3": iso3,
                "name": names.get(iso3, iso3),
                "origin": record.roles.get(iso3, Roles()).origin,
                "transit": record.roles.get(iso3, Roles()).transit,
                "destination": record.roles.get(iso3, Roles()).destination,
            }
            for iso3 in iso3s
        ],
        "placements": [placement_row(p) for p in record],
        "coverage": [
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
        "determination_years": [determination_year_row(y) for y in dets.years.values()],
        "determinations": [determination_row(d) for d in dets.rows],
    }


def determination_row(d: PresidentialDetermination) -> dict[str, Any]:
    """A determination as a row of the ``determinations`` table."""
    from tiptiers.documents import document_fields

    return {
        **document_fields(d),
        "country": d.country,
        "iso3": d.iso3,
        "determination": d.code,
        "detail": d.detail,
        "source": d.source,
        "complete": d.complete,
    }


def determination_year_row(y: DeterminationYear) -> dict[str, Any]:
    """A fiscal year's document as a row of the ``determination_years`` table."""
    from tiptiers.documents import document_fields

    return {
        **document_fields(y),
        "document": y.document.value,
        "seen_until": y.seen_until,
        "note": y.note,
    }


def placement_row(p: Placement) -> dict[str, Any]:
    """A placement as a row of the ``placements`` table."""
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
