"""How tiers move: the tier-to-tier transition matrix over a span of reports.

:func:`transitions` counts, for every country published in two consecutive reports
(year - 1 and year, both within the span), the move from its tier in the first to its tier
in the second. A year the record lacks is a gap, not a transition: nothing is carried
across it. Rows are the tier before, columns the tier after; the probabilities of a row sum
to 1 (a row with no moves has none). Special Case is a row and a column like the tiers.
Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tiptiers.analysis.base import (
    Registry,
    Tabular,
    caveat_summary,
    partial_caveats,
    year_range,
)
from tiptiers.model import TIERS, Record, Tier
from tiptiers.queries import REGIONS, normalise_region


@dataclass(frozen=True)
class TransitionMatrix(Tabular):
    """Counts of moves from one tier (row) to the next report's tier (column)."""

    start: int
    end: int
    region: str | None
    counts: dict[Tier, dict[Tier, int]]
    caveats: dict[int, str]

    @property
    def states(self) -> tuple[Tier, ...]:
        return TIERS

    @property
    def total(self) -> int:
        return sum(self.row_total(t) for t in TIERS)

    def row_total(self, tier: Tier) -> int:
        return sum(self.counts[tier].values())

    def probabilities(self) -> dict[Tier, dict[Tier, float] | None]:
        """Row probabilities: P(next tier | tier); None for a row with no moves."""
        out: dict[Tier, dict[Tier, float] | None] = {}
        for t in TIERS:
            n = self.row_total(t)
            out[t] = {u: c / n for u, c in self.counts[t].items()} if n else None
        return out

    def stay_rate(self) -> float | None:
        """The share of moves that kept the same tier."""
        n = self.total
        return sum(self.counts[t][t] for t in TIERS) / n if n else None

    def caveat(self) -> str:
        return caveat_summary(self.caveats)

    def to_dict(self) -> dict[str, Any]:
        probs = self.probabilities()
        return {
            "from": self.start,
            "to": self.end,
            "region": self.region,
            "region_name": REGIONS[self.region] if self.region else None,
            "states": [t.value for t in TIERS],
            "transitions": self.total,
            "stay_rate": self.stay_rate(),
            "counts": {t.value: {u.value: n for u, n in self.counts[t].items()} for t in TIERS},
            "row_totals": {t.value: self.row_total(t) for t in TIERS},
            "probabilities": {
                t.value: ({u.value: p for u, p in row.items()} if row is not None else None)
                for t, row in probs.items()
            },
            "caveat": self.caveat(),
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per (from tier, to tier) cell: count and row probability (CSV form)."""
        probs = self.probabilities()
        rows = []
        for t in TIERS:
            row = probs[t]
            for u in TIERS:
                rows.append(
                    {
                        "from_tier": t.value,
                        "to_tier": u.value,
                        "count": self.counts[t][u],
                        "probability": row[u] if row is not None else None,
                    }
                )
        return rows


def transitions(
    record: Record,
    registry: Registry,
    start: int | None = None,
    end: int | None = None,
    region: str | None = None,
) -> TransitionMatrix:
    """The tier-to-tier matrix of moves between consecutive reports from ``start`` to
    ``end`` (default: the whole record), optionally for one regional bureau.

    >>> from tiptiers.countries import registry
    >>> from tiptiers.record import packaged_record
    >>> m = transitions(packaged_record(), registry(), 2013, 2014)
    >>> m.counts[Tier.T2WL][Tier.T3], m.total
    (4, 188)
    """
    lo, hi = year_range(record, start, end, min_years=2)
    code = normalise_region(region) if region is not None else None
    counts = {t: dict.fromkeys(TIERS, 0) for t in TIERS}
    for y in range(lo + 1, hi + 1):
        if y not in record.coverage or y - 1 not in record.coverage:
            continue
        for p in record.year(y):
            before = record.get(p.iso3, y - 1)
            if before is None:
                continue  # a gap is not a transition
            if code is not None and registry.get(p.iso3).region != code:
                continue
            counts[before.tier][p.tier] += 1
    return TransitionMatrix(lo, hi, code, counts, partial_caveats(record, range(lo, hi + 1)))
