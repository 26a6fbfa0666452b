"""What changed from one report to the next: upgrades, downgrades, newly ranked and no longer
listed (:func:`year_changes`, ``tiptiers changes``, the year page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tiptiers.model import (
    Change,
    Country,
    Record,
    YearComparison,
    YearCoverage,
)
from tiptiers.queries import Registry, country_dict

# -- changes --------------------------------------------------------------------------
CHANGE_ORDER = (
    "upgrade",
    "downgrade",
    "newly_ranked",
    "newly_listed",
    "no_longer_listed",
    "to_special_case",
    "from_special_case",
    "unpublished",
    "unchanged",
)
#: How every front end titles a kind of change (a table's label, a report's heading).
CHANGE_TITLES = {
    "upgrade": "Upgrades",
    "downgrade": "Downgrades",
    "newly_ranked": "Newly ranked",
    "newly_listed": "Newly listed as a Special Case",
    "no_longer_listed": "No longer listed",
    "to_special_case": "Became a Special Case",
    "from_special_case": "Ranked again after a Special Case year",
    "unpublished": "Change not known: one of the two years' lists is partial",
}


@dataclass(frozen=True)
class YearChanges(YearComparison):
    year: int
    previous_year: int | None
    changes: tuple[tuple[Country, Change], ...]
    coverage: YearCoverage
    previous_coverage: YearCoverage | None

    def grouped(self, include_unchanged: bool = False) -> dict[str, list[tuple[Country, Change]]]:
        out: dict[str, list[tuple[Country, Change]]] = {k: [] for k in CHANGE_ORDER}
        for c, ch in self.changes:
            out[ch.kind].append((c, ch))
        if not include_unchanged:
            out.pop("unchanged")
        return {k: v for k, v in out.items() if v}

    def known(self) -> dict[str, list[tuple[Country, Change]]]:
        """:meth:`grouped` without the changes the record cannot tell (a placement of one of
        the two years is missing from it): the facts, shown first."""
        return {k: v for k, v in self.grouped().items() if k != "unpublished"}

    def unknown(self) -> list[tuple[Country, Change]]:
        """The countries whose change is not known: one of the two placements is missing."""
        return [cc for cc in self.changes if cc[1].kind == "unpublished"]

    def unknown_sentence(self) -> str:
        """The changes the record cannot tell, in one sentence ("" if none): how many
        countries lack the previous year's placement and how many this year's.

        A year's placement missing from the record is a gap in the record, not a finding
        that the country was not ranked."""
        unknown = self.unknown()
        if not unknown or self.previous_year is None:
            return ""
        before = sum(1 for _, ch in unknown if ch.previous is None)
        now = len(unknown) - before

        def n(k: int) -> str:
            return f"{k} {'country' if k == 1 else 'countries'}"

        parts = []
        if before:
            parts.append(f"for {n(before)} the {self.previous_year} placement")
        if now:
            parts.append(f"for {n(now)} the {self.year} placement")
        text = " and ".join(parts)
        return (
            f"{text[0].upper()}{text[1:]} {'is' if len(parts) == 1 else 'are'} missing from"
            " our record, so whether they changed tier is not known."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "previous_year": self.previous_year,
            "caveat": self.caveat(),
            "changes": [
                {
                    **country_dict(c),
                    "kind": ch.kind,
                    "previous_tier": ch.previous.value if ch.previous else None,
                    "tier": ch.current.value if ch.current else None,
                }
                for c, ch in self.changes
                if ch.kind != "unchanged"
            ],
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """The CSV rows of ``tiptiers changes YEAR --format csv`` and of the API: every
        change but 'unchanged' (columns :data:`CHANGE_COLUMNS`)."""
        rows: list[dict[str, Any]] = self.to_dict()["changes"]
        return rows


#: The CSV columns of a report's changes (:meth:`YearChanges.to_rows`).
CHANGE_COLUMNS: tuple[str, ...] = ("iso3", "name", "kind", "previous_tier", "tier")


def year_changes(record: Record, registry: Registry, year: int) -> YearChanges:
    """Upgrades, downgrades, newly ranked and no longer listed versus the previous report."""
    cov = record.check_year(year)
    prev = record.previous_year(year)
    changes = [(registry.get(ch.iso3), ch) for ch in record.changes(year)]
    changes.sort(key=lambda cc: (CHANGE_ORDER.index(cc[1].kind), cc[0].name))
    return YearChanges(year, prev, tuple(changes), cov, record.coverage.get(prev) if prev else None)
