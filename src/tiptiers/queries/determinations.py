"""The Presidential Determinations on Tier 3 governments as a listing: rows and, per
fiscal year, how much of the document is on record (``tiptiers determinations``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tiptiers.documents import DeterminationYear, PresidentialDetermination
from tiptiers.model import Record, Tier

# -- Presidential Determinations ---------------------------------------------------------
DETERMINATION_LIST_COLUMNS: Sequence[str] = (
    "fiscal_year",
    "report_year",
    "pd_number",
    "pd_date",
    "document",
    "country",
    "iso3",
    "determination",
    "meaning",
    "citation",
    "detail",
    "source",
    "complete",
)


@dataclass(frozen=True)
class DeterminationListing:
    """Presidential Determinations of the record (22 U.S.C. 7107(d)): all, one report
    year's, or one government's, with each fiscal year's completeness and, for a
    government, the Tier 3 years whose document does not name it and what that means."""

    title: str
    rows: tuple[PresidentialDetermination, ...]
    years: tuple[DeterminationYear, ...]
    gaps: tuple[tuple[int, str], ...] = ()  # (report year, sentence) for one government

    def to_dict(self) -> dict[str, Any]:
        counts: dict[int, int] = {}
        for r in self.rows:
            counts[r.fiscal_year] = counts.get(r.fiscal_year, 0) + 1
        return {
            "title": self.title,
            "years": [{**y.to_dict(), "rows": counts.get(y.fiscal_year, 0)} for y in self.years],
            "determinations": [r.to_dict() for r in self.rows],
            "not_named": [{"report_year": y, "note": note} for y, note in self.gaps],
        }

    def to_rows(self) -> list[dict[str, Any]]:
        docs = {y.fiscal_year: y.document.value for y in self.years}
        return [{**r.to_dict(), "document": docs.get(r.fiscal_year, "")} for r in self.rows]


def determinations(
    record: Record, year: int | None = None, iso3: str | None = None, name: str | None = None
) -> DeterminationListing:
    """The determinations on record: those acting on the Tier 3 list of the report of
    ``year``, or those of one government (``iso3``), or all; a year outside the record
    raises :class:`~tiptiers.errors.YearNotInRecord`."""
    dets = record.determinations
    if year is not None:
        record.check_year(year)
        doc = dets.for_report(year)
        title = f"Presidential Determinations acting on the {year} report" + (
            f": {doc.name}, fiscal year {doc.fiscal_year}" if doc else ""
        )
        rows = tuple(dets.in_report_year(year))
        return DeterminationListing(title, rows, (doc,) if doc else ())
    if iso3 is not None:
        who = name or iso3
        rows = tuple(dets.of(iso3))
        tier3 = [p.year for p in record.history(iso3) if p.tier is Tier.T3]
        named = {r.report_year for r in rows}
        years = tuple(y for y in dets.years.values() if y.report_year in set(tier3) | named)
        gaps = tuple((y.report_year, y.absence(who)) for y in years if y.report_year not in named)
        return DeterminationListing(f"Presidential Determinations for {who}", rows, years, gaps)
    return DeterminationListing(
        "Presidential Determinations on record", dets.rows, tuple(dets.years.values())
    )
