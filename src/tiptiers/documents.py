"""The documents around the record: when each report came out (:class:`ReportRelease`) and
the Presidential Determinations on its Tier 3 governments under 22 U.S.C. 7107(d)
(:class:`PresidentialDetermination`, one paragraph for one government, and
:class:`DeterminationYear`, how much of a fiscal year's document the record has seen).

Pure and immutable, like :mod:`tiptiers.model`, which holds the record itself and its
:class:`~tiptiers.model.Determinations`; kept apart so that a question about placements
alone does not create these classes at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tiptiers.tier import Tier


@dataclass(frozen=True)
class ReportRelease:
    """When a report came out, and the tier counts that sources print for it.

    ``release_date`` is an ISO date where a source gives it (the day the report was
    submitted and released: the start of the 45-90 day window of 22 U.S.C. 7107(c)).
    ``printed`` holds only the counts a source prints (often partial, some conflicting:
    ``note`` says so); ``countries_ranked`` is the printed number of countries ranked or
    covered, which may include Special Cases.
    """

    year: int
    release_date: str | None = None
    release_source: str = ""
    countries_ranked: int | None = None
    printed: Mapping[Tier, int] = field(default_factory=dict)
    counts_source: str = ""
    note: str = ""


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(iso: str) -> str:
    """'30 September 2017' from '2017-09-30' (the text unchanged if it is not an ISO date).

    >>> long_date("2017-09-30")
    '30 September 2017'
    """
    try:
        y, m, d = (int(x) for x in iso.split("-"))
        return f"{d} {MONTH_NAMES[m - 1]} {y}"
    except (ValueError, IndexError):
        return iso


_SECTION_110 = re.compile(r"110((?:\([0-9A-Za-z]+\))+)")

#: What each code of the determinations record means, with the section it acts under. The
#: codes are the statute's paragraph names, one definition each (docs/LAW.md section 6): ``d1A_i``
#: and ``d1A_ii`` the restrictions of 7107(d)(1)(A)(i) and (ii), ``d1A`` one of them where the
#: text on record does not say which; ``d2`` 7107(d)(2) (already under comparable
#: restrictions; no determination on record invokes it); ``d3`` a 7107(d)(3) finding;
#: ``d4_full`` and ``d4_partial`` a full or partial 7107(d)(4) waiver, ``d4`` one whose scope
#: the text does not state; ``other`` another provision, its section in the detail.
DETERMINATION_CODES: Mapping[str, tuple[str, str]] = {
    "d1A_i": (
        "no nonhumanitarian, nontrade-related assistance",
        "22 U.S.C. 7107(d)(1)(A)(i)",
    ),
    "d1A_ii": (
        "no nonhumanitarian, nontrade-related assistance and no funding for educational and"
        " cultural exchange programs",
        "22 U.S.C. 7107(d)(1)(A)(ii)",
    ),
    "d1A": (
        "no nonhumanitarian, nontrade-related assistance (whether (A)(i) or (A)(ii) is not"
        " stated)",
        "22 U.S.C. 7107(d)(1)(A)",
    ),
    "d2": (
        "already under restrictions comparable to those of 7107(d)(1)",
        "22 U.S.C. 7107(d)(2)",
    ),
    "d3": (
        "compliance or significant efforts since the report (no restriction)",
        "22 U.S.C. 7107(d)(3)",
    ),
    "d4_partial": ("partial national-interest waiver", "22 U.S.C. 7107(d)(4)"),
    "d4_full": ("full national-interest waiver", "22 U.S.C. 7107(d)(4)"),
    "d4": (
        "national-interest waiver (whether full or partial is not stated)",
        "22 U.S.C. 7107(d)(4)",
    ),
    "other": ("other (see the detail)", "22 U.S.C. 7107(d)"),
}

#: The codes that withhold assistance under 7107(d)(1)(A) ((A)(i), (A)(ii), or the clause not
#: stated), and those that waive it under 7107(d)(4) (in whole, in part, or the scope not stated).
RESTRICTION_CODES = frozenset({"d1A_i", "d1A_ii", "d1A"})
WAIVER_CODES = frozenset({"d4_full", "d4_partial", "d4"})

#: The determinations source file's own labels (its ``determination`` column), which are not
#: the statute's paragraph numbers, mapped to the codes above when it is read: its ``d1``/``d2``
#: are the restrictions of 7107(d)(1)(A)(i)/(ii), its ``d3``/``d4`` a partial/full waiver under
#: 7107(d)(4) (docs/DATA.md).
SOURCE_LABELS: Mapping[str, str] = {
    "d1": "d1A_i",
    "d2": "d1A_ii",
    "d3": "d4_partial",
    "d4": "d4_full",
    "other": "other",
}

#: The codes a database held before its migration to the statute's names (Alembic revision
#: 0005): the source's labels and the project's own ``d1A``, ``waiver`` and ``compliance``.
LEGACY_CODES: Mapping[str, str] = {
    **SOURCE_LABELS,
    "d1A": "d1A",
    "waiver": "d4",
    "compliance": "d3",
}


def statute_code(label: str) -> str:
    """The statute's code for a label of the determinations source file (raises KeyError).

    >>> statute_code("d2"), statute_code("d3")
    ('d1A_ii', 'd4_partial')
    """
    return SOURCE_LABELS[label]


@dataclass(frozen=True)
class PresidentialDetermination:
    """One paragraph of a Presidential Determination under 22 U.S.C. 7107(d), for one
    government: the fiscal year it restricts, the report whose Tier 3 list it acts on, the
    PD number and date, and the determination: the paragraph of 7107(d) it acts under, by
    the statute's name (:data:`DETERMINATION_CODES`: ``d1A_i``/``d1A_ii`` the restrictions of
    7107(d)(1)(A)(i)/(ii), ``d3`` a (d)(3) finding, ``d4_partial``/``d4_full`` a partial/full
    waiver under 7107(d)(4); ``other``: the section is in ``detail``). A government can have
    several rows in one year.
    ``country`` is the name as the document prints it; ``complete`` is True only where the
    whole document was seen.
    """

    fiscal_year: int
    report_year: int
    pd_number: str
    pd_date: str
    country: str
    iso3: str
    code: str
    detail: str = ""
    source: str = ""
    complete: bool = False

    @property
    def label(self) -> str:
        return DETERMINATION_CODES.get(self.code, DETERMINATION_CODES["other"])[0]

    @property
    def citation(self) -> str:
        """The section the row acts under; for ``other``, the TVPA section its detail names
        (section 110 of the Act is 22 U.S.C. 7107), else 7107(d)."""
        if self.code == "other":
            m = _SECTION_110.match(self.detail)
            if m:
                return "22 U.S.C. 7107" + m.group(1)
        return DETERMINATION_CODES.get(self.code, DETERMINATION_CODES["other"])[1]

    @property
    def document(self) -> str:
        """'PD 2017-15 of 30 September 2017', or what is known of an unnumbered document."""
        if self.pd_number and self.pd_date:
            return f"PD {self.pd_number} of {long_date(self.pd_date)}"
        return f"the FY{self.fiscal_year} determination (PD number and date not seen)"

    def describe(self) -> str:
        """The determination in words: the code's meaning and, where the record has one, the
        detail (an ``other`` row is its detail alone)."""
        if self.code == "other" or not self.detail:
            return self.detail or self.label
        return f"{self.label}: {self.detail}"

    def to_dict(self) -> dict[str, object]:
        return {
            **document_fields(self),
            "country": self.country,
            "iso3": self.iso3,
            "determination": self.code,
            "meaning": self.label,
            "citation": self.citation,
            "detail": self.detail,
            "source": self.source,
            "complete": self.complete,
        }


def document_fields(d: PresidentialDetermination | DeterminationYear) -> dict[str, Any]:
    """The fields that name a Presidential Determination document (its fiscal year, the report
    it acts on, its number and date), first in every JSON object and table row of one."""
    return {
        "fiscal_year": d.fiscal_year,
        "report_year": d.report_year,
        "pd_number": d.pd_number,
        "pd_date": d.pd_date,
    }


class DocumentSeen(StrEnum):
    """How much of a fiscal year's Presidential Determination the record has seen."""

    COMPLETE = "complete"  # the whole text: a government it does not name got no determination
    PARTIAL = "partial"  # the text stops early: absence proves nothing
    NOT_FOUND = "not_found"  # no text at all


@dataclass(frozen=True)
class DeterminationYear:
    """The record's knowledge of one fiscal year's Presidential Determination."""

    fiscal_year: int
    report_year: int
    pd_number: str = ""
    pd_date: str = ""
    document: DocumentSeen = DocumentSeen.NOT_FOUND
    seen_until: str = ""
    note: str = ""

    @property
    def complete(self) -> bool:
        return self.document is DocumentSeen.COMPLETE

    @property
    def short_name(self) -> str:
        """'PD 2017-15', or 'the FY2011 determination' where the number was not seen."""
        return (
            f"PD {self.pd_number}" if self.pd_number else f"the FY{self.fiscal_year} determination"
        )

    @property
    def name(self) -> str:
        """'PD 2017-15 of 30 September 2017', or the short name where the date was not seen."""
        if self.pd_date:
            return f"{self.short_name} of {long_date(self.pd_date)}"
        return self.short_name

    def absence(self, who: str) -> str:
        """What the record can say of a government this year's document does not name:
        never "no sanctions" unless the whole document was seen."""
        if self.document is DocumentSeen.COMPLETE:
            return (
                f"{who} is not named in {self.name} (fiscal year {self.fiscal_year}), whose"
                " whole text is on record."
            )
        if self.document is DocumentSeen.PARTIAL:
            return (
                f"{who} is not seen in the part of {self.short_name} on record ({self.name},"
                f" fiscal year {self.fiscal_year}; the text on record stops at: {self.seen_until})."
                f" The rest of the document was not seen, so its determination for {who} is not"
                " known here; this is not a finding that no sanctions applied."
            )
        return (
            f"No text of {self.name} (fiscal year {self.fiscal_year}) is on record"
            + (f": {self.note.rstrip('.')}" if self.note else "")
            + f". The determination for {who} is not known here."
        )

    def partial_note(self) -> str:
        """For rows from a partial document: what the rows cannot show ('' if complete)."""
        if self.document is DocumentSeen.COMPLETE:
            return ""
        return (
            f"These rows are from the part of {self.short_name} on record (the text on record"
            f" stops at: {self.seen_until}); later paragraphs, such as partial waivers, were"
            " not seen."
        )

    def to_dict(self) -> dict[str, object]:
        return {
            **document_fields(self),
            "document": self.document.value,
            "seen_until": self.seen_until,
            "note": self.note,
        }
