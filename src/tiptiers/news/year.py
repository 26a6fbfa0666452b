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
from dataclasses import dataclass, replace
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


# A report named as not out yet is not the one the article is about: "the 2025 report is
# still in production", "the upcoming 2019 report".
_NOT_OUT_BEFORE = re.compile(r"(?:upcoming|forthcoming|next|coming|future)\s+(?:\w+\s+)?$", re.I)
_NOT_OUT_AFTER = re.compile(
    r"^[^.;]{0,40}?\b(?:still\s+in\s+production|not\s+(?:yet\s+)?(?:been\s+)?(?:released|"
    r"published|out)|yet\s+to\s+be|will\s+be\s+(?:released|published)|is\s+due)",
    re.I,
)
# An ISO date set off in the first lines: "(2014-06)", "(2016)", "2017-06-27", or a URL
# path "/2010/06/".
_ISO_DATELINE = re.compile(
    r"(?:\((?P<y>(?:19|20)\d\d)(?:-(?P<m>[01]\d)(?:-\d\d)?)?\)"
    r"|^(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)(?:-\d\d)?\b"
    r"|/(?P<y3>(?:19|20)\d\d)/(?P<m3>[01]\d)/)",
    re.MULTILINE,
)


# A report named as the one compared with is an earlier one: "downgraded several countries
# from the 2018 report", "more than in the 2015 report".
_COMPARED_BEFORE = re.compile(
    r"\b(?:from|since|than|over|unlike|versus|compared\s+(?:with|to))\s+(?:in\s+)?(?:the\s+)?$",
    re.I,
)


def infer_year(doc: Document, given: int | None = None) -> ReportYear:
    """The report year: ``given``, else stated in the text, else from the dateline.

    A stated year far older than the dated article's report is background ("in the 2015
    report" in a 2017 story): the dateline's report year wins then.
    """
    if given is not None:
        return ReportYear(given, "given", f"--year {given}")
    dated = _dateline(doc)
    stated = [
        p
        for p in find_years(doc.text)
        if p.kind == "report"
        and not re.match(r"(?:the\s+)?(?:first|inaugural)\b", p.text, re.I)
        and not _NOT_OUT_BEFORE.search(doc.text[max(0, p.start - 30) : p.start])
        and not _NOT_OUT_AFTER.search(doc.text[p.end : p.end + 60])
    ]
    compared = [
        p for p in stated if _COMPARED_BEFORE.search(doc.text[max(0, p.start - 30) : p.start])
    ]
    if compared and ((dated is not None and dated.year is not None) or len(compared) < len(stated)):
        stated = [p for p in stated if p not in compared]
    if dated is not None and dated.year is not None:
        # "released its report for 2020" in September 2021: the report of the date, about
        # the year before it
        stated = [
            replace(p, value=dated.year)
            if p.value == dated.year - 1 and re.search(r"\bfor\b", p.text)
            else p
            for p in stated
        ]
        recent = [p for p in stated if dated.year - 1 <= p.value <= dated.year]
        if stated and not recent:
            others = tuple(sorted({p.value for p in stated}))
            return ReportYear(
                dated.year,
                dated.how,
                dated.evidence,
                dated.start,
                dated.end,
                others,
                dated.before_june,
            )
        stated = recent
    if stated:
        counts = Counter(p.value for p in stated)
        best = max(counts, key=lambda y: (counts[y], y))
        first = next(p for p in stated if p.value == best)
        others = tuple(sorted(y for y in counts if y != best))
        return ReportYear(best, "stated", first.text, first.start, first.end, others)
    return dated or ReportYear(None, "none")


def _dateline(doc: Document) -> ReportYear | None:
    """The report year of the article's date, if it has one."""
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
    iso = _ISO_DATELINE.search(doc.text[:DATELINE_WINDOW])
    if iso:
        y = int(iso.group("y") or iso.group("y2") or iso.group("y3"))
        month_text = iso.group("m") or iso.group("m2") or iso.group("m3")
        year = _report_of(y, int(month_text) if month_text else None)
        return ReportYear(
            year,
            "dateline",
            iso.group().strip("()/"),
            iso.start(),
            iso.end(),
            before_june=year != y,
        )
    return None


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
