"""How complete the record is per report year (:func:`coverage`) and where sources'
printed counts differ from it (:func:`count_differences`): ``tiptiers info``, ``/coverage``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tiptiers.documents import ReportRelease
from tiptiers.errors import year_span
from tiptiers.model import TIERS, Record, Tier, YearCheck, YearCoverage


# -- coverage -------------------------------------------------------------------------
@dataclass(frozen=True)
class Coverage:
    years: tuple[YearCoverage, ...]
    counts: dict[int, dict[Tier, int]]
    countries: int
    placements: int
    checks: dict[int, YearCheck]

    def to_dict(self) -> dict[str, Any]:
        return {
            "years": year_span([c.year for c in self.years]),
            "countries": self.countries,
            "placements": self.placements,
            "coverage": [
                {
                    "year": c.year,
                    "rows": sum(self.counts[c.year].values()),
                    **{t.value: self.counts[c.year][t] for t in TIERS},
                    "partial": c.partial,
                    "complete_lists": [t.value for t in TIERS if c.complete[t]],
                    # complete only where the record matches the report's printed counts
                    "year_complete": self.checks[c.year].complete,
                    "year_status": self.checks[c.year].status,
                    "year_check": self.checks[c.year].sentence(),
                    "release_date": c.release_date,
                    "note": c.note,
                }
                for c in self.years
            ],
        }


@dataclass(frozen=True)
class CountDifference:
    """Where a source's printed count for a report differs from the record's count.

    ``list`` is a tier code, or ``ranked`` for the number of countries a source says the
    report ranked or covered (which may include Special Cases). ``complete`` says whether the
    record's list is complete: a difference on a complete list is a conflict between sources,
    on a partial list it is (at least in part) the record's gap.
    """

    year: int
    list: str
    printed: int
    recorded: int
    complete: bool
    source: str
    note: str

    @property
    def difference(self) -> int:
        return self.recorded - self.printed

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "list": self.list,
            "printed": self.printed,
            "recorded": self.recorded,
            "difference": self.difference,
            "record_list_complete": self.complete,
            "source": self.source,
            "note": self.note,
        }


COUNT_DIFFERENCE_COLUMNS: Sequence[str] = (
    "year",
    "list",
    "printed",
    "recorded",
    "difference",
    "record_list_complete",
    "source",
    "note",
)


def count_differences(
    record: Record, releases: Mapping[int, ReportRelease]
) -> list[CountDifference]:
    """Every printed count (per tier, and the number of countries ranked) that differs from
    the record's count for the same report: the years that still need attention."""
    out: list[CountDifference] = []
    for year, rel in sorted(releases.items()):
        cov = record.coverage.get(year)
        if cov is None:
            continue
        counts = record.counts(year)
        for tier, printed in rel.printed.items():
            if counts[tier] != printed:
                out.append(
                    CountDifference(
                        year,
                        tier.value,
                        printed,
                        counts[tier],
                        cov.complete[tier],
                        rel.counts_source,
                        rel.note,
                    )
                )
        if rel.countries_ranked is not None:
            ranked = sum(n for t, n in counts.items() if t.ranked)
            with_sc = ranked + counts[Tier.SPECIAL_CASE]
            if rel.countries_ranked not in (ranked, with_sc):
                out.append(
                    CountDifference(
                        year,
                        "ranked",
                        rel.countries_ranked,
                        ranked,
                        not cov.partial,
                        rel.counts_source or rel.release_source,
                        rel.note,
                    )
                )
    return out


def coverage(record: Record) -> Coverage:
    return Coverage(
        tuple(record.coverage.values()),
        {y: record.counts(y) for y in record.years},
        len(record.countries),
        len(record),
        {y: record.year_check(y) for y in record.years},
    )
