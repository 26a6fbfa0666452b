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
- ``waiver``: a 7107(d)(4) waiver whose scope the text on record does not state;
- ``other``: only other provisions (subsequent compliance under 7107(d)(3), the
  multilateral-bank vote of (d)(1)(B) alone, or a section the seen text does not name);
- ``not_seen``: not named in the part of the document on record;
- ``no_document``: no determination document is on record for that fiscal year;
- ``not_named``: not named although the whole document was seen (an audit finding).

A missing determination is never counted as "no sanctions". Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from tiptiers.analysis.base import Registry, Tabular, year_range
from tiptiers.documents import (
    RESTRICTION_CODES,
    DeterminationYear,
    DocumentSeen,
    PresidentialDetermination,
)
from tiptiers.errors import RangeNotInRecord
from tiptiers.law.versions import SANCTIONS_FROM_REPORT
from tiptiers.model import Determinations, Record, Tier

CITATION = "22 U.S.C. 7107(d)"

#: Outcomes, in the order tables and charts show them, with a label for people.
OUTCOMES: dict[str, str] = {
    "full_restrictions": "Full restrictions",
    "restrictions_seen": "Restrictions (waivers not seen)",
    "partial_waiver": "Partial waiver",
    "full_waiver": "Full national-interest waiver",
    "waiver": "Waiver (scope not stated)",
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
    "waiver": "a waiver under 7107(d)(4) whose scope (full or partial) the text on record does"
    " not state",
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
    "waiver": "with a waiver of unstated scope",
    "other": "under another provision only",
    "not_seen": "not named in the part seen",
    "no_document": "with no determination on record",
    "not_named": "not named although the whole document was seen",
}

#: The second source shown beside the record's determinations (docs/PANEL.md).
SECOND_SOURCE = "Kelley & Simmons' coding of the whole determinations, 2003-2011 reports"



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
    # a second source's coding, beside (never merged into) the record's: (outcome, its codes)
    second_source: tuple[str, str] | None = None

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
            "second_source": (
                {
                    "source": SECOND_SOURCE,
                    "outcome": self.second_source[0],
                    "codes": self.second_source[1],
                }
                if self.second_source
                else None
            ),
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
    seen_until: str = ""  # where the text on record stops, for a partial document

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

    def second_counts(self) -> dict[str, int] | None:
        """The year's Tier 3 governments by the second source's outcome ('not_coded' for
        those it does not code); None where it codes none of them."""
        if not any(g.second_source for g in self.governments):
            return None
        out: dict[str, int] = {}
        for g in self.governments:
            key = g.second_source[0] if g.second_source else "not_coded"
            out[key] = out.get(key, 0) + 1
        return out

    def note(self) -> str:
        """One sentence on what the counts can and cannot say; '' for a complete year."""
        pd = " and ".join(f"PD {n}" for n in self.pd_numbers) or "the determination"
        parts = []
        if self.document == "partial":
            stops = f" (the text on record stops at: {self.seen_until})" if self.seen_until else ""
            parts.append(
                f"Only part of {pd} for fiscal year {self.fiscal_year} is on record{stops}: a"
                " government not named there is 'not in the part seen', and one withheld may"
                " have a waiver in the part not seen."
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
            "second_source": SECOND_SOURCE,
            "years": [
                {
                    **y.to_row(),
                    "second_source_counts": y.second_counts(),
                    "governments": [g.to_dict() for g in y.governments],
                }
                for y in self.years
            ],
        }


_DOCUMENT = {
    DocumentSeen.COMPLETE: "complete",
    DocumentSeen.PARTIAL: "partial",
    DocumentSeen.NOT_FOUND: "none",
}


def document_status(determinations: Determinations) -> dict[int, str]:
    """Per report year: 'complete' where the whole determination was seen, 'partial' where
    only its opening, 'none' where no text is on record (years absent: none either)."""
    return {y.report_year: _DOCUMENT[y.document] for y in determinations.years.values()}


def outcome_of(codes: Iterable[str], document: str) -> str:
    """The outcome of a government's determination codes in a document ('complete',
    'partial' or 'none'); see the module's list.

    >>> outcome_of(["d1A_i", "d4_partial"], "complete"), outcome_of(["d1A_ii"], "partial")
    ('partial_waiver', 'restrictions_seen')
    >>> outcome_of([], "partial"), outcome_of([], "complete"), outcome_of([], "none")
    ('not_seen', 'not_named', 'no_document')
    """
    got = set(codes)
    if "d4_full" in got:
        return "full_waiver"
    if "d4_partial" in got:
        return "partial_waiver"
    if "d4" in got:
        return "waiver"
    if got & RESTRICTION_CODES:
        return "full_restrictions" if document == "complete" else "restrictions_seen"
    if got:
        return "other"
    return {"complete": "not_named", "partial": "not_seen"}.get(document, "no_document")


def sanctions_applied(
    record: Record,
    registry: Registry,
    start: int | None = None,
    end: int | None = None,
    *,
    determinations: Determinations | None = None,
    second_source: Mapping[tuple[int, str], tuple[str, str]] | None = None,
) -> SanctionsApplied:
    """Per report year ``start``..``end`` (default: 2003, the first report that triggered
    the determinations of 22 U.S.C. 7107(d), to the last), every Tier 3 government of the
    record with what its determination applied. ``determinations`` default to the
    record's; ``second_source`` (outcome and codes by (report year, iso3): Kelley &
    Simmons', :func:`tiptiers.analysis.kelley.panel_source`) is shown beside each
    government, never merged into its outcome."""
    ks = second_source or {}
    first = SANCTIONS_FROM_REPORT.steps[0][0]
    lo, hi = year_range(record, max(first, record.first_year) if start is None else start, end)
    if not SANCTIONS_FROM_REPORT.at(lo):
        raise RangeNotInRecord(
            f"The Tier 3 determinations of {CITATION} begin with the {first} report"
            f" ({SANCTIONS_FROM_REPORT.citation}): start in {first} or later."
        )
    held = record.determinations if determinations is None else determinations
    by_key: dict[tuple[int, str], list[PresidentialDetermination]] = {}
    for r in held.rows:
        by_key.setdefault((r.report_year, r.iso3), []).append(r)
    years = []
    for y in record.years:
        if not lo <= y <= hi:
            continue
        dy = held.for_report(y)
        tier3 = sorted(
            (p.iso3 for p in record.year(y) if p.tier is Tier.T3),
            key=lambda i: registry.get(i).name,
        )
        govs = [
            replace(
                _outcome(iso3, registry.get(iso3).name, y, by_key.get((y, iso3), []), dy),
                second_source=ks.get((y, iso3)),
            )
            for iso3 in tier3
        ]
        years.append(
            SanctionsYear(
                y,
                _DOCUMENT[dy.document] if dy else "none",
                (dy.pd_number,) if dy and dy.pd_number else (),
                (dy.pd_date,) if dy and dy.pd_date else (),
                record.coverage[y].complete[Tier.T3],
                tuple(govs),
                dy.seen_until if dy and dy.document is DocumentSeen.PARTIAL else "",
            )
        )
    return SanctionsApplied(lo, hi, tuple(years))


def country_determinations(
    record: Record,
    registry: Registry,
    iso3: str,
    *,
    determinations: Determinations | None = None,
) -> list[GovernmentOutcome]:
    """A country's history of determinations: one entry per report year it was on Tier 3
    (from 2003), and one per year a determination names it off Tier 3 (outcome as for the
    codes; the audit reports the mismatch)."""
    held = record.determinations if determinations is None else determinations
    name = registry.get(iso3).name
    mine: dict[int, list[PresidentialDetermination]] = {}
    for r in held.of(iso3):
        mine.setdefault(r.report_year, []).append(r)
    first = SANCTIONS_FROM_REPORT.steps[0][0]
    years = {p.year for p in record.history(iso3) if p.tier is Tier.T3 and p.year >= first}
    return [
        _outcome(iso3, name, y, mine.get(y, []), held.for_report(y))
        for y in sorted(years | set(mine))
    ]


def _outcome(
    iso3: str,
    name: str,
    year: int,
    rows: list[PresidentialDetermination],
    dy: DeterminationYear | None,
) -> GovernmentOutcome:
    codes = tuple(dict.fromkeys(r.code for r in rows))
    outcome = outcome_of(codes, _DOCUMENT[dy.document] if dy else "none")
    if outcome in ("not_seen", "not_named", "no_document"):
        note = (
            dy.absence(name)
            if dy
            else f"No determination for fiscal year {year + 1} is on record: the"
            f" determination for {name} is not known here."
        )
    elif outcome == "restrictions_seen" and dy is not None:
        note = (
            f"Withheld in the part of {dy.name} on record (the text on record stops at:"
            f" {dy.seen_until}); a waiver may be in the part not seen."
        )
    else:
        note = ""
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


def gaps_sentence(name: str, outcomes: Iterable[GovernmentOutcome]) -> str:
    """What a country's determination history does not settle, in one or two sentences
    ("" if nothing): the years whose document is only partly on record (a waiver may be
    in the part not seen), those where the part seen does not name the country, and those
    with no document. The rows show what is known; this says what is not, once.

    >>> g = [GovernmentOutcome("PRK", "North Korea", y, o) for y, o in
    ...      [(2004, "restrictions_seen"), (2005, "restrictions_seen"), (2016, "not_seen"),
    ...       (2015, "no_document"), (2021, "full_restrictions")]]
    >>> print(gaps_sentence("North Korea", g))
    For 2 years (2004–2005) only part of the determination is on record: the restrictions shown are in that part, and a waiver may be in the part not seen. The part on record does not name North Korea in 2016, and no text of the determination is on record for 2015; neither is a finding that nothing was applied.
    """
    from tiptiers.errors import year_span

    by: dict[str, list[int]] = {}
    for g in outcomes:
        by.setdefault(g.outcome, []).append(g.year)
    out = []
    seen = sorted(by.get("restrictions_seen", []))
    if seen:
        n = f"{len(seen)} years" if len(seen) > 1 else "1 year"
        out.append(
            f"For {n} ({year_span(seen)}) only part of the determination is on record: the"
            " restrictions shown are in that part, and a waiver may be in the part not seen."
        )
    missing = []
    if by.get("not_seen"):
        missing.append(
            f"the part on record does not name {name} in {year_span(sorted(by['not_seen']))}"
        )
    if by.get("no_document"):
        missing.append(
            f"no text of the determination is on record for {year_span(sorted(by['no_document']))}"
        )
    if missing:
        text = ", and ".join(missing)
        tail = "neither is" if len(missing) > 1 else "this is not"
        out.append(f"{text[0].upper()}{text[1:]}; {tail} a finding that nothing was applied.")
    return " ".join(out)
