"""One report: every placement, grouped by tier (:func:`year_placements`, ``tiptiers
year``); what changed from the report before is :mod:`tiptiers.queries.changes`."""

from __future__ import annotations

from typing import Any, NamedTuple

from tiptiers.model import (
    TIERS,
    Country,
    Placement,
    Record,
    Tier,
    YearCoverage,
)
from tiptiers.queries import Registry, country_dict, normalise_region


# -- one year -------------------------------------------------------------------------
class YearPlacements(NamedTuple):
    """Every placement of one report, grouped by tier, with the year's coverage."""

    year: int
    coverage: YearCoverage
    rows: tuple[tuple[Country, Placement], ...]  # sorted by tier then name
    tier_filter: Tier | None = None
    region_filter: str | None = None

    def by_tier(self) -> dict[Tier, list[Country]]:
        out: dict[Tier, list[Country]] = {t: [] for t in TIERS}
        for c, p in self.rows:
            out[p.tier].append(c)
        return {t: cs for t, cs in out.items() if cs or self.tier_filter in (None, t)}

    def counts(self) -> dict[str, int]:
        return {t.value: len(cs) for t, cs in self.by_tier().items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "partial": self.coverage.partial,
            # complete only where the record matches the report's printed counts
            "year_status": self.coverage.check.status if self.coverage.check else None,
            "caveat": self.coverage.caveat(),
            "counts": self.counts(),
            "placements": self.to_rows(),
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """The JSON contract of ``tiptiers year YEAR --format json`` (an array)."""
        return [{**country_dict(c), "year": p.year, "tier": p.tier.value} for c, p in self.rows]


#: The CSV columns of one report's placements (:meth:`YearPlacements.to_rows`).
YEAR_COLUMNS: tuple[str, ...] = ("iso3", "name", "year", "tier")


def year_placements(
    record: Record,
    registry: Registry,
    year: int,
    tier: Tier | None = None,
    region: str | None = None,
) -> YearPlacements:
    """Placements of one report (raises YearNotInRecord), optionally one tier or region;
    its coverage checked against the printed counts (what readers are told)."""
    cov = record.for_readers(year)
    region_code = normalise_region(region) if region is not None else None
    rows = []
    for p in record.year(year):
        if tier is not None and p.tier is not tier:
            continue
        c = registry.get(p.iso3)
        if region_code is not None and c.region != region_code:
            continue
        rows.append((c, p))
    rows.sort(key=lambda cp: (cp[1].tier, cp[0].name))
    return YearPlacements(year, cov, tuple(rows), tier, region_code)
