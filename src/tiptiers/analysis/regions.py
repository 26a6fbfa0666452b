"""Tier counts by regional bureau for one report, and the changes from the report before.

The State Department groups countries under six regional bureaus (Africa; East Asia and
Pacific; Europe and Eurasia; Near East; South and Central Asia; Western Hemisphere,
:data:`tiptiers.queries.REGIONS`) and the report prints, for each, how many governments
are on each tier. :func:`regions` counts the record's placements the same way and sets
them beside the previous report's, with the upgrades and downgrades in each bureau.

A country's bureau is the one the registry gives it today, applied to every year (the
bureaus were redrawn in 2006, when the Central Asian states moved from Europe and Eurasia to
South and Central Asia). Counts for a partial year are the record's, not the report's
totals, and say so. Pure: no I/O.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from tiptiers.analysis.base import TIER_COLUMNS, Registry, Tabular
from tiptiers.model import TIERS, Change, Record, Tier, YearComparison, YearCoverage
from tiptiers.queries import REGIONS

CHANGE_KINDS: tuple[str, ...] = (
    "upgrade",
    "downgrade",
    "newly_ranked",
    "no_longer_listed",
    "special_case_move",
    "unpublished",
)


@dataclass(frozen=True)
class RegionRow:
    """One bureau's counts per tier in a report, and in the report before (None if none)."""

    code: str  # AF, EAP, EUR, NEA, SCA, WHA; "ALL" for the total row
    name: str
    counts: dict[Tier, int]
    previous: dict[Tier, int] | None
    changes: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def delta(self, tier: Tier) -> int | None:
        return None if self.previous is None else self.counts[tier] - self.previous[tier]

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.code,
            "name": self.name,
            "counts": {t.value: n for t, n in self.counts.items()},
            "total": self.total,
            "previous_counts": (
                {t.value: n for t, n in self.previous.items()} if self.previous else None
            ),
            "change_in_counts": (
                {t.value: self.delta(t) for t in TIERS} if self.previous is not None else None
            ),
            "changes": dict(self.changes),
        }

    def to_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"region": self.code, "name": self.name}
        for t in TIERS:
            row[TIER_COLUMNS[t]] = self.counts[t]
        row["total"] = self.total
        for t in TIERS:
            row[f"{TIER_COLUMNS[t]}_change"] = self.delta(t)
        row.update(self.changes)
        return row


@dataclass(frozen=True)
class RegionTable(Tabular, YearComparison):
    """Tier counts per bureau for ``year`` beside ``previous_year``, with a total row."""

    year: int
    previous_year: int | None
    rows: tuple[RegionRow, ...]
    total: RegionRow
    coverage: YearCoverage
    previous_coverage: YearCoverage | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "previous_year": self.previous_year,
            "partial": self.coverage.partial,
            "caveat": self.caveat(),
            "regions": [r.to_dict() for r in self.rows],
            "total": self.total.to_dict(),
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per bureau and a last row for all of them (the CSV form)."""
        return [r.to_row() for r in (*self.rows, self.total)]


def regions(record: Record, registry: Registry, year: int) -> RegionTable:
    """Counts per tier per regional bureau in the report of ``year`` (raises
    YearNotInRecord), with the previous report's counts and the moves between them.

    >>> from tiptiers.countries import registry
    >>> from tiptiers.record import packaged_record
    >>> t = regions(packaged_record(), registry(), 2014)
    >>> [(r.code, r.counts[Tier.T3]) for r in t.rows][:3]
    [('AF', 8), ('EAP', 4), ('EUR', 1)]
    """
    cov = record.check_year(year)
    prev = record.previous_year(year)

    def counts(y: int) -> dict[str, dict[Tier, int]]:
        out = {code: dict.fromkeys(TIERS, 0) for code in REGIONS}
        for p in record.year(y):
            region = registry.get(p.iso3).region
            if region in out:
                out[region][p.tier] += 1
        return out

    now = counts(year)
    before = counts(prev) if prev is not None else None
    moves: dict[str, Counter[str]] = {code: Counter() for code in REGIONS}
    changes: list[Change] = record.changes(year)
    for ch in changes:
        region = registry.get(ch.iso3).region
        if region in moves:
            moves[region][_change_kind(ch.kind)] += 1
    rows = tuple(
        RegionRow(
            code,
            name,
            now[code],
            before[code] if before is not None else None,
            {k: moves[code].get(k, 0) for k in CHANGE_KINDS},
        )
        for code, name in REGIONS.items()
    )
    total = RegionRow(
        "ALL",
        "All regions",
        {t: sum(r.counts[t] for r in rows) for t in TIERS},
        {t: sum((r.previous or {}).get(t, 0) for r in rows) for t in TIERS}
        if before is not None
        else None,
        {k: sum(r.changes[k] for r in rows) for k in CHANGE_KINDS},
    )
    return RegionTable(
        year,
        prev,
        rows,
        total,
        cov,
        record.coverage.get(prev) if prev is not None else None,
    )


def _change_kind(kind: str) -> str:
    """Fold the record's change kinds into the table's few: every move into, out of or
    onto the Special Cases is one ``special_case_move``."""
    return {
        "newly_listed": "special_case_move",
        "from_special_case": "special_case_move",
        "to_special_case": "special_case_move",
    }.get(kind, kind)
