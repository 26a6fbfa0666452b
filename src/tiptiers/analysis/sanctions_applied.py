"""What the President actually decided for each Tier 3 government: the sanctions applied.

For every report year from 2003 (the first whose Tier 3 list triggered the determinations of
22 U.S.C. 7107(d)), :func:`sanctions_applied` sorts the year's Tier 3 governments by the
Presidential Determination the record holds for the next fiscal year:

- ``full_restrictions``: withheld under 7107(d)(1)(A)(i) or (A)(ii), with no waiver, in a
  document seen whole;
- ``restrictions_seen``: withheld, in the part of a document on record; a waiver under
  7107(d)(4) may be in the part not seen, so this is *not* counted as full restrictions;
- ``partial_waiver``: a 7107(d)(4)-(5) waiver of some of the restrictions;
- ``full_waiver``: a full national-interest waiver under 7107(d)(4);
- ``other``: only other provisions (subsequent compliance under 7107(d)(3), the
  multilateral-bank vote of (d)(1)(B) alone, or a section the seen text does not name);
- ``not_seen``: not named in the part of the document on record;
- ``no_document``: no determination document is on record for that fiscal year;
- ``not_named``: not named although the whole document was seen (an audit finding).

A missing determination is never counted as "no sanctions". Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from tiptiers.analysis.base import Registry, Tabular, year_range
from tiptiers.errors import InvalidRange
from tiptiers.law.versions import SANCTIONS_FROM_REPORT
from tiptiers.model import Record, Tier

CITATION = "22 U.S.C. 7107(d)"

#: Outcomes, in the order tables and charts show them, with a label for people.
OUTCOMES: dict[str, str] = {
    "full_restrictions": "Full restrictions",
    "restrictions_seen": "Restrictions (waivers not seen)",
    "partial_waiver": "Partial waiver",
    "full_waiver": "Full national-interest waiver",
    "other": "Other provision",
    "not_seen": "Not in the part seen",
    "no_document": "No document on record",
    "not_named": "Not named (whole document)",
}

#: What each outcome means, in one sentence with its section.
OUTCOME_MEANINGS: dict[str, str] = {
    "full_restrictions": "assistance withheld under 7107(d)(1)(A), no waiver in the whole document",
    "restrictions_seen": "assistance withheld under 7107(d)(1)(A) in the part of the document on"
    " record; a 7107(d)(4) waiver may be in the part not seen",
    "partial_waiver": "a partial waiver under 7107(d)(4)-(5): some assistance allowed",
    "full_waiver": "a full waiver under 7107(d)(4): all the assistance allowed in the U.S."
    " national interest",
    "other": "another provision only: subsequent compliance (7107(d)(3)), the"
    " multilateral-bank vote of 7107(d)(1)(B) alone, or a section the text does not name",
    "not_seen": "not named in the part of the document on record",
    "no_document": "no determination document on record for that fiscal year",
    "not_named": "not named, although the whole document was seen",
}

#: How a count of each outcome reads in a sentence ("7 with full restrictions").
_COUNT_WORDS: dict[str, str] = {
    "full_restrictions": "with full restrictions",
    "restrictions_seen": "withheld in the part seen (a waiver may be in the rest)",
    "partial_waiver": "with a partial waiver",
    "full_waiver": "with a full national-interest waiver",
    "other": "under another provision only",
    "not_seen": "not named in the part seen",
    "no_document": "with no determination on record",
    "not_named": "not named although the whole document was seen",
}

RESTRICTION_CODES = frozenset({"d1", "d2"})  # 7107(d)(1)(A)(i) and (A)(ii), as the data codes


class DeterminationLike(Protocol):
    """One row of a Presidential Determination, as the record holds it."""

    @property
    def report_year(self) -> int: ...

    @property
    def iso3(self) -> str: ...

    @property
    def code(self) -> str: ...  # d1, d2, d3 (partial waiver), d4 (full), other

    @property
    def pd_number(self) -> str: ...

    @property
    def pd_date(self) -> str: ...

    @property
    def detail(self) -> str: ...

    @property
    def complete(self) -> bool: ...


@dataclass(frozen=True)
class GovernmentOutcome:
    """What the record holds of the determination for one Tier 3 government in one year."""

    iso3: str
    name: str
    year: int
    outcome: str
    codes: tuple[str, ...] = ()
    details: tuple[str, ...] = ()
    pd_number: str = ""
    pd_date: str = ""
    note: str = ""  # what the record can say where the government is not named

    @property
    def label(self) -> str:
        return OUTCOMES[self.outcome]

    def to_dict(self) -> dict[str, Any]:
        return {
            "iso3": self.iso3,
            "name": self.name,
            "year": self.year,
            "fiscal_year": self.year + 1,
            "outcome": self.outcome,
            "label": self.label,
            "codes": list(self.codes),
            "details": list(self.details),
            "pd_number": self.pd_number,
            "pd_date": self.pd_date,
            "note": self.note,
        }


@dataclass(frozen=True)
class SanctionsYear:
    """One report year: its determination document and what its Tier 3 governments got."""

    year: int
    document: str  # complete, partial, none
    pd_numbers: tuple[str, ...]
    pd_dates: tuple[str, ...]
    tier3_list_complete: bool
    governments: tuple[GovernmentOutcome, ...]

    @property
    def fiscal_year(self) -> int:
        return self.year + 1

    @property
    def tier3(self) -> int:
        return len(self.governments)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(OUTCOMES, 0)
        for g in self.governments:
            out[g.outcome] += 1
        return out

    def note(self) -> str:
        """One sentence on what the counts can and cannot say; '' for a complete year."""
        pd = " and ".join(f"PD {n}" for n in self.pd_numbers) or "the determination"
        parts = []
        if self.document == "partial":
            parts.append(
                f"Only part of {pd} for fiscal year {self.fiscal_year} is on record: a government not named there is 'not in the"
                " part seen', and one withheld may have a waiver in the part not seen."
            )
        elif self.document == "none":
            parts.append(
                f"No determination document for fiscal year {self.fiscal_year} is on record:"
                " nothing is known of what was applied."
            )
        if not self.tier3_list_complete:
            parts.append(f"The record's {self.year} Tier 3 list is partial.")
        return " ".join(parts)

    def summary(self) -> str:
        """One sentence: the year's document and its Tier 3 governments by outcome.

        >>> SanctionsYear(2030, "none", (), (), True, ()).summary()
        'For fiscal year 2031 no determination is on record; the record holds no Tier 3 government for the 2030 report.'
        """
        if self.pd_numbers:
            pds = ", ".join(f"PD {n}" for n in self.pd_numbers)
            dates = f" of {', '.join(self.pd_dates)}" if self.pd_dates else ""
            seen = "whole text" if self.document == "complete" else "only part of the text"
            head = f"For fiscal year {self.fiscal_year} ({pds}{dates}, {seen} on record)"
        elif self.document == "none":
            head = f"For fiscal year {self.fiscal_year} no determination is on record"
        else:
            head = f"For fiscal year {self.fiscal_year} (the determination, only part on record)"
        if not self.governments:
            return f"{head}; the record holds no Tier 3 government for the {self.year} report."
        parts = [f"{n} {_COUNT_WORDS[k]}" for k, n in self.counts().items() if n]
        return (
            f"{head}, of the {self.tier3} Tier 3 governments of the {self.year} report in the"
            f" record: {'; '.join(parts)}."
        )

    def to_row(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "fiscal_year": self.fiscal_year,
            "pd_number": "; ".join(self.pd_numbers),
            "pd_date": "; ".join(self.pd_dates),
            "document": self.document,
            "tier3": self.tier3,
            **self.counts(),
            "note": self.note(),
        }


#: The columns of :meth:`SanctionsApplied.to_rows`.
SANCTIONS_APPLIED_COLUMNS: tuple[str, ...] = (
    "year",
    "fiscal_year",
    "pd_number",
    "pd_date",
    "document",
    "tier3",
    *OUTCOMES,
    "note",
)


@dataclass(frozen=True)
class SanctionsApplied(Tabular):
    """Per report year, the Tier 3 governments by what was actually applied."""

    start: int
    end: int
    years: tuple[SanctionsYear, ...] = field(default=())

    def year(self, year: int) -> SanctionsYear:
        for y in self.years:
            if y.year == year:
                return y
        raise KeyError(year)

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per report year: the document, the Tier 3 count and each outcome's count."""
        return [y.to_row() for y in self.years]

    def government_rows(self) -> list[dict[str, Any]]:
        """One row per Tier 3 government and year, with its outcome."""
        return [g.to_dict() for y in self.years for g in y.governments]

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start,
            "to": self.end,
            "citation": CITATION,
            "outcomes": [
                {"outcome": k, "label": v, "meaning": OUTCOME_MEANINGS[k]}
                for k, v in OUTCOMES.items()
            ],
            "years": [
                {**y.to_row(), "governments": [g.to_dict() for g in y.governments]}
                for y in self.years
            ],
        }


def document_status(rows: Iterable[DeterminationLike]) -> dict[int, str]:
    """Per report year with rows: 'complete' where the whole document was seen, else
    'partial'. A year without rows has no document on record."""
    out: dict[int, str] = {}
    for r in rows:
        seen = "complete" if r.complete else "partial"
        if out.get(r.report_year) != "complete":
            out[r.report_year] = seen
    return out


def outcome_of(codes: Iterable[str], document: str) -> str:
    """The outcome of a government's determination codes in a document ('complete',
    'partial' or 'none'); see the module's list.

    >>> outcome_of(["d1", "d3"], "complete"), outcome_of(["d2"], "partial")
    ('partial_waiver', 'restrictions_seen')
    >>> outcome_of([], "partial"), outcome_of([], "complete"), outcome_of([], "none")
    ('not_seen', 'not_named', 'no_document')
    """
    got = set(codes)
    if "d4" in got:
        return "full_waiver"
    if "d3" in got:
        return "partial_waiver"
    if got & RESTRICTION_CODES:
        return "full_restrictions" if document == "complete" else "restrictions_seen"
    if got:
        return "other"
    return {"complete": "not_named", "partial": "not_seen"}.get(document, "no_document")


def record_determinations(record: Record) -> tuple[DeterminationLike, ...]:
    """The Presidential Determinations the record holds (none until it holds them)."""
    held = getattr(record, "determinations", None)
    return tuple(getattr(held, "rows", held) or ())


def sanctions_applied(
    record: Record,
    registry: Registry,
    start: int | None = None,
    end: int | None = None,
    *,
    determinations: Iterable[DeterminationLike] | None = None,
    documents: Mapping[int, str] | None = None,
) -> SanctionsApplied:
    """Per report year ``start``..``end`` (default: 2003, the first report that triggered
    the determinations of 22 U.S.C. 7107(d), to the last), every Tier 3 government of the
    record with what its determination applied. ``determinations`` default to the record's;
    ``documents`` (report year -> complete, partial, none) to what the rows say."""
    first = SANCTIONS_FROM_REPORT.steps[0][0]
    lo, hi = year_range(record, max(first, record.first_year) if start is None else start, end)
    if not SANCTIONS_FROM_REPORT.at(lo):
        raise InvalidRange(
            f"The Tier 3 determinations of {CITATION} begin with the {first} report"
            f" ({SANCTIONS_FROM_REPORT.citation}): start in {first} or later."
        )
    rows = list(record_determinations(record) if determinations is None else determinations)
    docs = dict(document_status(rows)) if documents is None else dict(documents)
    by_key: dict[tuple[int, str], list[DeterminationLike]] = {}
    by_year: dict[int, list[DeterminationLike]] = {}
    for r in rows:
        by_key.setdefault((r.report_year, r.iso3), []).append(r)
        by_year.setdefault(r.report_year, []).append(r)
    years = []
    for y in record.years:
        if not lo <= y <= hi:
            continue
        doc = docs.get(y, "none")
        tier3 = sorted(
            (p.iso3 for p in record.year(y) if p.tier is Tier.T3),
            key=lambda i: registry.get(i).name,
        )
        in_year = by_year.get(y, [])
        govs = [
            _outcome(iso3, registry.get(iso3).name, y, by_key.get((y, iso3), []), doc, in_year)
            for iso3 in tier3
        ]
        years.append(
            SanctionsYear(
                y,
                doc,
                tuple(dict.fromkeys(r.pd_number for r in in_year if r.pd_number)),
                tuple(dict.fromkeys(r.pd_date for r in in_year if r.pd_date)),
                record.coverage[y].complete[Tier.T3],
                tuple(govs),
            )
        )
    return SanctionsApplied(lo, hi, tuple(years))


def country_determinations(
    record: Record,
    registry: Registry,
    iso3: str,
    *,
    determinations: Iterable[DeterminationLike] | None = None,
    documents: Mapping[int, str] | None = None,
) -> list[GovernmentOutcome]:
    """A country's history of determinations: one entry per report year it was on Tier 3
    (from 2003), and one per year a determination names it off Tier 3 (outcome as for the
    codes; the audit reports the mismatch)."""
    rows = list(record_determinations(record) if determinations is None else determinations)
    docs = dict(document_status(rows)) if documents is None else dict(documents)
    name = registry.get(iso3).name
    mine: dict[int, list[DeterminationLike]] = {}
    by_year: dict[int, list[DeterminationLike]] = {}
    for r in rows:
        by_year.setdefault(r.report_year, []).append(r)
        if r.iso3 == iso3:
            mine.setdefault(r.report_year, []).append(r)
    first = SANCTIONS_FROM_REPORT.steps[0][0]
    years = {p.year for p in record.history(iso3) if p.tier is Tier.T3 and p.year >= first}
    return [
        _outcome(iso3, name, y, mine.get(y, []), docs.get(y, "none"), by_year.get(y, []))
        for y in sorted(years | set(mine))
    ]


def _outcome(
    iso3: str,
    name: str,
    year: int,
    rows: list[DeterminationLike],
    document: str,
    in_year: list[DeterminationLike],
) -> GovernmentOutcome:
    codes = tuple(dict.fromkeys(r.code for r in rows))
    outcome = outcome_of(codes, document)
    pds = " and ".join(dict.fromkeys(_document_name(r) for r in in_year)) or (
        f"the fiscal year {year + 1} determination"
    )
    note = {
        "not_seen": f"{name} is not named in the part of {pds} on record; the rest of the"
        " document was not seen, so its determination is not known here.",
        "not_named": f"{name} is not named in {pds}, whose whole text is on record.",
        "no_document": f"No determination for fiscal year {year + 1} is on record: what was"
        f" applied to {name} is not known here.",
        "restrictions_seen": f"Withheld in the part of {pds} on record; a waiver may be in the"
        " part not seen.",
    }.get(outcome, "")
    return GovernmentOutcome(
        iso3,
        name,
        year,
        outcome,
        codes,
        tuple(r.detail for r in rows if r.detail),
        rows[0].pd_number if rows else "",
        rows[0].pd_date if rows else "",
        note,
    )


def _document_name(r: DeterminationLike) -> str:
    """'PD 2017-15 of 2017-09-30', or what is known of an unnumbered document."""
    if r.pd_number and r.pd_date:
        return f"PD {r.pd_number} of {r.pd_date}"
    return f"PD {r.pd_number}" if r.pd_number else "the determination (number not seen)"
