"""Which report an article is about: given, stated ("the 2017 report"), or from its dateline.

Reports come out in June or July (22 U.S.C. 7107(b)(1): due June 1, June 30 from 2021), so
an article dated before June is about the previous year's report; one dated June or later,
about that year's. A dateline is a full date ("June 27, 2017") in the first lines, else a
month and year set off as a dateline ("Reuters, June 2014 --"), else the HTML's publication
date.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from tiptiers.news.lexicon import MONTHS, find_years
from tiptiers.news.text import Document

DATELINE_WINDOW = 600  # a dateline is in the first lines
FIRST_RELEASE_MONTH = 6  # reports are released from June on

# A month and year alone ("June 2014") is a dateline only where it stands as one: at the
# start of a line or after a comma, colon or bar ("Reuters, June 2014"), and followed by a
# dash, colon, bar, parenthesis or the end of the line. "In March 2013, the government passed
# a law" is not the date of the article.
_MONTH_DATELINE = re.compile(
    rf"(?:^|(?<=[,:|]))[ \t]*(?P<date>{MONTHS}\.?[ \t]+(?P<y>(?:19|20)\d\d))"
    r"(?=[ \t]*(?:--|[-\u2013\u2014:|(]|$))",
    re.IGNORECASE | re.MULTILINE,
)


_MONTH_NUMBER = {
    m: i
    for i, names in enumerate(
        (
            ("jan",),
            ("feb",),
            ("mar",),
            ("apr",),
            ("may",),
            ("jun",),
            ("jul",),
            ("aug",),
            ("sep",),
            ("oct",),
            ("nov",),
            ("dec",),
        ),
        start=1,
    )
    for m in names
}


@dataclass(frozen=True)
class ReportYear:
    """The report year an article is read against, and how it was found.

    ``how``: given (by the caller), stated (the text names the report's year), dateline (the
    article's date), or none. ``start``/``end`` locate the evidence in the plain text.
    """

    year: int | None
    how: str
    evidence: str = ""
    start: int | None = None
    end: int | None = None
    others: tuple[int, ...] = ()
    before_june: bool = False

    def describe(self) -> str:
        if self.year is None:
            return "not found: the text names no report year and has no dateline (use --year)"
        if self.how == "given":
            return f"{self.year}, given"
        if self.how == "stated":
            also = (
                f" (it also mentions {', '.join(str(y) for y in self.others)})"
                if self.others
                else ""
            )
            return f"{self.year}, stated in the text: “{self.evidence}”{also}"
        return f"{self.year}, from the article's date “{self.evidence}”" + (
            " (before June: the latest report then was the previous year's)"
            if self.before_june
            else ""
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "how": self.how,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "other_years": list(self.others),
            "description": self.describe(),
        }


def infer_year(doc: Document, given: int | None = None) -> ReportYear:
    """The report year: ``given``, else stated in the text, else from the dateline."""
    if given is not None:
        return ReportYear(given, "given", f"--year {given}")
    stated = [p for p in find_years(doc.text) if p.kind == "report"]
    if stated:
        counts = Counter(p.value for p in stated)
        best = max(counts, key=lambda y: (counts[y], y))
        first = next(p for p in stated if p.value == best)
        others = tuple(sorted(y for y in counts if y != best))
        return ReportYear(best, "stated", first.text, first.start, first.end, others)
    for p in find_years(doc.text[:DATELINE_WINDOW]):
        if p.kind == "date":
            month = _month(p.text)
            year = _report_of(p.value, month)
            return ReportYear(year, "dateline", p.text, p.start, p.end, before_june=year != p.value)
    m = _MONTH_DATELINE.search(doc.text[:DATELINE_WINDOW])
    if m:
        stated_year = int(m.group("y"))
        year = _report_of(stated_year, _month(m.group("date")))
        return ReportYear(
            year,
            "dateline",
            m.group("date"),
            m.start("date"),
            m.end("date"),
            before_june=year != stated_year,
        )
    for raw, _pos in doc.dates:
        m = re.match(r"((?:19|20)\d\d)-(\d\d)", raw.strip())
        if m:
            year = _report_of(int(m.group(1)), int(m.group(2)))
            return ReportYear(year, "dateline", raw.strip(), before_june=year != int(m.group(1)))
    return ReportYear(None, "none")


def _month(text: str) -> int | None:
    m = re.match(MONTHS, text, re.IGNORECASE)
    if m:
        return _MONTH_NUMBER.get(m.group()[:3].lower())
    iso = re.match(r"\d{4}-(\d\d)", text)
    return int(iso.group(1)) if iso else None


def _report_of(year: int, month: int | None) -> int:
    """An article dated before June is about the previous year's report."""
    if month is not None and month < FIRST_RELEASE_MONTH:
        return year - 1
    return year
