"""Statute versions of the TVPA tier system (22 U.S.C. 7106-7107 as amended) and the
report years each governs.

A report for year *Y* is governed by the latest version enacted before that report was
submitted (docs/LAW.md section 1). Every amending law was enacted between October and
January, so each first governs the next June report: the lookup is by report year, never
by today's date. Statutory numbers that changed over time are :class:`DatedValue`
parameters, not literals in rule code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Generic, TypeVar

from tiptiers.errors import TiptiersError

T = TypeVar("T")


class YearOutsideLaw(TiptiersError):
    """A report year before the first report the TVPA governs (2001)."""

    http_status = 422

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"No statute version governs a {year} report: the TVPA's first report was 2001."
        )


@dataclass(frozen=True)
class StatuteVersion:
    """One version of 22 U.S.C. 7106–7107 as the tier logic sees it.

    >>> version_for(2013).id, version_for(2019).id, version_for(2004).id
    ('V2008', 'V2019', 'V2003')
    """

    id: str
    law: str
    enacted: date
    first_report: int
    summary: str
    confidence: str  # the tag of docs/LAW.md section 0 for the tier-relevant change

    @property
    def label(self) -> str:
        return f"{self.id} ({self.law}, enacted {self.enacted.isoformat()})"


VERSIONS: tuple[StatuteVersion, ...] = (
    StatuteVersion(
        "V2000",
        "TVPA 2000, Div. A of Pub. L. 106-386",
        date(2000, 10, 28),
        2001,
        "Three lists (A: fully complies; B: significant efforts; C: neither); report due June 1;"
        " presidential determinations and sanctions from the 2003 report.",
        "ENACTED",
    ),
    StatuteVersion(
        "V2003",
        "TVPRA 2003, Pub. L. 108-193",
        date(2003, 12, 19),
        2004,
        "Special watch list created (categories (i)-(iii)); interim assessment due February 1.",
        "ENACTED",
    ),
    StatuteVersion(
        "V2005",
        "TVPRA 2005, Pub. L. 109-164",
        date(2006, 1, 10),
        2006,
        "No known change to the tier logic; added minimum-standard criteria.",
        "UNVERIFIED",
    ),
    StatuteVersion(
        "V2008",
        "William Wilberforce TVPRA 2008, Pub. L. 110-457",
        date(2008, 12, 23),
        2009,
        "Automatic downgrade after 2 consecutive Watch List years counted from the 2009 report,"
        " unless waived for up to 2 years.",
        "SECONDARY",
    ),
    StatuteVersion(
        "V2019",
        "Frederick Douglass TVPRA 2018, Pub. L. 115-425, and TVPRA 2017, Pub. L. 115-427",
        date(2019, 1, 8),
        2019,
        "Watch List (iii)(I) on estimated victims without proportional concrete actions;"
        " commitments limb dropped; waiver cut to 1 year; re-listing cap 7107(b)(2)(F);"
        " proof of failure 7107(b)(3)(B); findings only on concrete actions.",
        "ENACTED",
    ),
    StatuteVersion(
        "V2021",
        "William M. (Mac) Thornberry NDAA for FY2021, Pub. L. 116-283",
        date(2021, 1, 1),
        2021,
        "Report deadline moved from June 1 to June 30; tier logic as V2019.",
        "NOTES",
    ),
)

VERSION_IDS: tuple[str, ...] = tuple(v.id for v in VERSIONS)

# docs/LAW.md §1: the amendment notes were read through late 2024, so the versions above are
# known to govern reports through 2025; a later amendment would not be known here.
LAW_CHECKED_THROUGH_REPORT = 2025


def version_for(report_year: int) -> StatuteVersion:
    """The version governing the report of ``report_year`` (22 U.S.C. 7107(b); docs/LAW.md §1)."""
    if report_year < VERSIONS[0].first_report:
        raise YearOutsideLaw(report_year)
    governing = VERSIONS[0]
    for v in VERSIONS:
        if v.first_report <= report_year:
            governing = v
    return governing


def at_least(report_year: int, version_id: str) -> bool:
    """Whether the law for ``report_year`` includes the changes of ``version_id``.

    >>> at_least(2013, "V2008"), at_least(2008, "V2008")
    (True, False)
    """
    target = next(v for v in VERSIONS if v.id == version_id)
    return report_year >= target.first_report


@dataclass(frozen=True)
class DatedValue(Generic[T]):
    """A statutory number that changed by report year (OpenFisca-style dated parameter).

    ``steps`` are (first report year, value), in order. Before the first step the
    parameter does not exist and :meth:`at` returns None.

    >>> MAX_WAIVER_YEARS.at(2017), MAX_WAIVER_YEARS.at(2019), MAX_WAIVER_YEARS.at(2008)
    (2, 1, None)
    """

    name: str
    citation: str
    steps: tuple[tuple[int, T], ...]
    note: str = ""

    def at(self, report_year: int) -> T | None:
        value: T | None = _step_value(self.steps, report_year)
        return value

    def require(self, report_year: int) -> T:
        value = self.at(report_year)
        if value is None:
            raise ValueError(f"{self.name} does not exist for the {report_year} report")
        return value


@cache
def _step_value(steps: tuple[tuple[int, Any], ...], report_year: int) -> Any:
    """The value of a dated parameter for a report year (memoised: the clock asks often)."""
    value = None
    for first, v in steps:
        if report_year >= first:
            value = v
    return value


# 7107(b)(2)(D)(i): the automatic downgrade after this many consecutive Watch List years.
WATCH_LIST_YEARS_BEFORE_DOWNGRADE: DatedValue[int] = DatedValue(
    "watch_list_years_before_downgrade",
    "22 U.S.C. 7107(b)(2)(D)(i)",
    ((2009, 2),),
    "Pub. L. 110-457 (2008), effective with the 2009 report.",
)

# 7107(b)(2)(D)(ii): how many years a waiver may keep a country on the Watch List.
MAX_WAIVER_YEARS: DatedValue[int] = DatedValue(
    "max_waiver_years",
    "22 U.S.C. 7107(b)(2)(D)(ii)",
    ((2009, 2), (2019, 1)),
    "Up to 2 years from Pub. L. 110-457; up to 1 year from the 2019 report (INFERRED origin"
    " Pub. L. 115-427; State's 2019 memo says 'the following year').",
)

# 7107(b)(2)(D): only Watch List years in reports made after 2008-12-23 count.
COUNTING_STARTS: DatedValue[int] = DatedValue(
    "clock_counting_starts",
    "22 U.S.C. 7107(b)(2)(D)(i)",
    ((2009, 2009),),
    "Years on the special watch list count only in reports made after December 23, 2008.",
)

# 7107(b)(2)(F): a country downgraded after a full streak may be re-listed for 1 year at most.
RELISTING_CAP_YEARS: DatedValue[int] = DatedValue(
    "relisting_cap_years",
    "22 U.S.C. 7107(b)(2)(F)",
    ((2019, 1),),
    "Pub. L. 115-425 sec. 203, from the 2019 report.",
)

# 7107(b)(1): the annual report's due date (month, day).
REPORT_DUE: DatedValue[tuple[int, int]] = DatedValue(
    "report_due",
    "22 U.S.C. 7107(b)(1)",
    ((2001, (6, 1)), (2021, (6, 30))),
    "June 1 (TVPA 2000); June 30 from the 2021 report (Pub. L. 116-283).",
)

# 7107(c): presidential notifications and sanctions apply to reports from 2003-01-01 on.
SANCTIONS_FROM_REPORT: DatedValue[bool] = DatedValue(
    "sanctions_apply",
    "22 U.S.C. 7107(c)",
    ((2003, True),),
    "Only reports submitted on or after January 1, 2003 trigger the determinations.",
)

# 7107(c): each determination is notified no earlier and no later than these many days after
# the report (earliest, latest).
DETERMINATION_WINDOW_DAYS: DatedValue[tuple[int, int]] = DatedValue(
    "determination_window_days",
    "22 U.S.C. 7107(c)",
    ((2003, (45, 90)),),
    "No earlier than 45 and no later than 90 days after the report is submitted (TVPA 2000).",
)

# The special watch list exists from the 2004 report (Pub. L. 108-193).
WATCH_LIST_EXISTS: DatedValue[bool] = DatedValue(
    "special_watch_list",
    "22 U.S.C. 7107(b)(2)(A)",
    ((2004, True),),
    "Created by the TVPRA 2003 (Pub. L. 108-193), first used in the 2004 report.",
)

# Watch-list waivers: decided by the President, delegated to the Secretary on 2010-09-20.
WAIVER_DECIDER: DatedValue[str] = DatedValue(
    "waiver_decider",
    "22 U.S.C. 7107(b)(2)(D)(ii)",
    ((2009, "the President"), (2011, "the Secretary of State (delegated 2010-09-20)")),
)

PARAMETERS: tuple[DatedValue[Any], ...] = (
    WATCH_LIST_YEARS_BEFORE_DOWNGRADE,
    MAX_WAIVER_YEARS,
    COUNTING_STARTS,
    RELISTING_CAP_YEARS,
    REPORT_DUE,
    SANCTIONS_FROM_REPORT,
    DETERMINATION_WINDOW_DAYS,
    WATCH_LIST_EXISTS,
    WAIVER_DECIDER,
)


def report_due_date(report_year: int) -> date:
    """The statutory due date of a report (7107(b)(1)).

    >>> report_due_date(2017), report_due_date(2021)
    (datetime.date(2017, 6, 1), datetime.date(2021, 6, 30))
    """
    month, day = REPORT_DUE.require(report_year)
    return date(report_year, month, day)
