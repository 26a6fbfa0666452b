"""Statute versions of the TVPA tier system (22 U.S.C. 7106-7107 as amended) and the
report years each governs.

A report for year *Y* is governed by the latest version enacted before that report was
submitted (docs/LAW.md section 1). Every amending law was enacted between October and
January, so each first governs the next June report: the lookup is by report year, never
by today's date. Statutory numbers and switches that changed over time are
:class:`DatedValue` parameters read from one YAML file each under ``law/parameters/``, not
literals in rule code; a scenario overrides them within :func:`parameters_overridden`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from tiptiers.errors import TiptiersError
from tiptiers.law.parameter_values import SOURCE
from tiptiers.law.params import ParameterSpec, spec_from_source

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

    @property
    def plain(self) -> str:
        """The version in a reader's words, without the project's id (``V2021``).

        >>> version_for(2023).plain
        'the TVPA as amended by the William M. (Mac) Thornberry NDAA for FY2021, Pub. L. 116-283'
        >>> version_for(2001).plain
        'the TVPA as enacted (TVPA 2000, Div. A of Pub. L. 106-386)'
        """
        if self.id == VERSIONS[0].id:
            return f"the TVPA as enacted ({self.law})"
        article = "the " if self.law.startswith("William") else ""
        return f"the TVPA as amended by {article}{self.law}"

    @property
    def short(self) -> str:
        """The version as the year its law took effect for the reports: 'the 2019 law'."""
        return f"the {self.first_report} law"


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
        "Report deadline moved from June 1 to June 30; tier logic as under the 2019 law.",
        "NOTES",
    ),
)

VERSION_IDS: tuple[str, ...] = tuple(v.id for v in VERSIONS)

# docs/LAW.md §1: the amendment notes were read through late 2024, so the versions above are
# known to govern reports through 2025; a later amendment would not be known here.
LAW_CHECKED_THROUGH_REPORT = 2025  # not statute: how far this project read the amendments


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


SPECS: dict[str, ParameterSpec] = {name: spec_from_source(name, d) for name, d in SOURCE.items()}

Steps = tuple[tuple[int, Any], ...]

# The steps a scenario puts in place of the law's, by parameter name (None: the law as
# enacted). A context variable, so that a replay in one thread or task never leaks into
# another; set only through :func:`parameters_overridden`.
_OVERRIDES: ContextVar[Mapping[str, Steps] | None] = ContextVar(
    "tiptiers_parameter_overrides", default=None
)


@contextmanager
def parameters_overridden(steps: Mapping[str, Steps]) -> Iterator[None]:
    """Within the block every :class:`DatedValue` named in ``steps`` reads those steps
    instead of its parameter file's (a scenario; see :mod:`tiptiers.law.scenario`).

    >>> with parameters_overridden({"max_waiver_years": ((2009, 1),)}):
    ...     MAX_WAIVER_YEARS.at(2013)
    1
    >>> MAX_WAIVER_YEARS.at(2013)
    2
    """
    unknown = sorted(set(steps) - set(SPECS))
    if unknown:
        raise KeyError(f"unknown statute parameter(s): {', '.join(unknown)}")
    token = _OVERRIDES.set(dict(steps))
    try:
        yield
    finally:
        _OVERRIDES.reset(token)


def active_overrides() -> Mapping[str, Steps]:
    """The steps a scenario has put in place of the law's, if any."""
    return _OVERRIDES.get() or {}


@dataclass(frozen=True)
class DatedValue(Generic[T]):
    """A statutory number or switch that changes by report year (OpenFisca-style dated
    parameter), read from its file under ``law/parameters/`` (``name``.yaml).

    ``steps`` are (first report year, value), in order. Before the first step the
    parameter does not exist and :meth:`at` returns None; a step whose value is None
    switches the rule off from that report on.

    >>> MAX_WAIVER_YEARS.at(2017), MAX_WAIVER_YEARS.at(2019), MAX_WAIVER_YEARS.at(2008)
    (2, 1, None)
    >>> MAX_WAIVER_YEARS.url
    'https://www.law.cornell.edu/uscode/text/22/7107'
    """

    name: str

    @property
    def spec(self) -> ParameterSpec:
        return SPECS[self.name]

    @property
    def citation(self) -> str:
        return self.spec.citation

    @property
    def note(self) -> str:
        return self.spec.note

    @property
    def url(self) -> str:
        return self.spec.reference[0].href

    @property
    def law_steps(self) -> Steps:
        """The steps of the parameter file (the law as enacted)."""
        return self.spec.values

    @property
    def steps(self) -> Steps:
        """The steps in force: a scenario's, where one overrides this parameter."""
        overrides = _OVERRIDES.get()
        if overrides is not None and self.name in overrides:
            return overrides[self.name]
        return self.spec.values

    def at(self, report_year: int) -> T | None:
        # the clock asks often: one context-variable read, then the value memoised per
        # (parameter, report year) together with the steps it was read from, so that a
        # scenario's steps, or the law's re-read (SPECS replaced), are never answered from
        # another's memo
        overrides = _OVERRIDES.get()
        if overrides is None or self.name not in overrides:
            steps = SPECS[self.name].values
        else:
            steps = overrides[self.name]
        key = (self.name, report_year)
        hit = _VALUES.get(key)
        if hit is not None and hit[0] is steps:
            value: T | None = hit[1]
            return value
        value = _step_value(steps, report_year)
        _VALUES[key] = (steps, value)
        return value

    def require(self, report_year: int) -> T:
        value = self.at(report_year)
        if value is None:
            raise ValueError(f"{self.name} does not exist for the {report_year} report")
        return value

    def first_in_force(self, after: int | None = None) -> int | None:
        """The first report year (after ``after``, if given) for which the parameter has a
        value that is not None or False: e.g. the first report with an automatic downgrade.

        >>> WATCH_LIST_EXISTS.first_in_force(), RELISTING_CAP_YEARS.first_in_force()
        (2004, 2019)
        """
        for first, value in self.steps:
            if value is not None and value is not False and (after is None or first > after):
                return first
        return None


# (parameter, report year) -> (the steps read, the value): DatedValue.at's memo
_VALUES: dict[tuple[str, int], tuple[Steps, Any]] = {}


def _step_value(steps: Steps, report_year: int) -> Any:
    """The value of a dated parameter for a report year."""
    value = None
    for first, v in steps:
        if report_year >= first:
            value = v
    return value


# 7107(b)(2)(D)(i): the automatic downgrade after this many consecutive Watch List years.
WATCH_LIST_YEARS_BEFORE_DOWNGRADE: DatedValue[int] = DatedValue("watch_list_years_before_downgrade")
# 7107(b)(2)(D)(ii): how many years a waiver may keep a country on the Watch List.
MAX_WAIVER_YEARS: DatedValue[int] = DatedValue("max_waiver_years")
# 7107(b)(2)(D): only Watch List years in reports made after 2008-12-23 count; the value is
# the first counted report (None: no automatic downgrade).
COUNTING_STARTS: DatedValue[int] = DatedValue("clock_counting_starts")
# 7107(b)(2)(F): a country downgraded after a full streak may be re-listed for 1 year at most.
RELISTING_CAP_YEARS: DatedValue[int] = DatedValue("relisting_cap_years")
# 7107(b)(2)(F): the streak (counted Watch List years, then Tier 3) that brings the bar on.
RELISTING_STREAK_YEARS: DatedValue[int] = DatedValue("relisting_streak_years")
# 7107(b)(1): the annual report's due date (month, day).
REPORT_DUE: DatedValue[tuple[int, int]] = DatedValue("report_due")
# 7107(c): presidential notifications and sanctions apply to reports from 2003-01-01 on.
SANCTIONS_FROM_REPORT: DatedValue[bool] = DatedValue("sanctions_apply")
# 7107(c): each determination is notified no earlier and no later than these many days
# after the report (earliest, latest).
DETERMINATION_WINDOW_DAYS: DatedValue[tuple[int, int]] = DatedValue("determination_window_days")
# The special watch list exists from the 2004 report (Pub. L. 108-193).
WATCH_LIST_EXISTS: DatedValue[bool] = DatedValue("special_watch_list")
# Watch-list waivers: decided by the President, delegated to the Secretary on 2010-09-20.
WAIVER_DECIDER: DatedValue[str] = DatedValue("waiver_decider")
# 19 U.S.C. 4205(b)(6): no fast-track for trade agreements with Tier 3 countries.
TRADE_AGREEMENT_CONDITION: DatedValue[bool] = DatedValue("trade_agreement_condition")
# 19 U.S.C. 4205(b)(6)(C): the credible evidence for a move from Tier 3 to the Watch List.
TRADE_LISTING_CHANGE_EVIDENCE: DatedValue[bool] = DatedValue("trade_listing_change_evidence")
# 7107(b)(1): the first report the TVPA governs.
FIRST_REPORT: DatedValue[int] = DatedValue("first_report")

# The first report year the TVPA governs (no tier rule applies earlier).
FIRST_REPORT_YEAR: int = FIRST_REPORT.law_steps[0][1]

PARAMETERS: tuple[DatedValue[Any], ...] = (
    WATCH_LIST_YEARS_BEFORE_DOWNGRADE,
    MAX_WAIVER_YEARS,
    COUNTING_STARTS,
    RELISTING_CAP_YEARS,
    RELISTING_STREAK_YEARS,
    REPORT_DUE,
    SANCTIONS_FROM_REPORT,
    DETERMINATION_WINDOW_DAYS,
    WATCH_LIST_EXISTS,
    WAIVER_DECIDER,
    TRADE_AGREEMENT_CONDITION,
    TRADE_LISTING_CHANGE_EVIDENCE,
    FIRST_REPORT,
)
_missing = set(SPECS) ^ {p.name for p in PARAMETERS}
if _missing:  # a parameter file without its DatedValue, or the reverse
    raise ImportError(f"statute parameters and their files disagree: {sorted(_missing)}")


def report_due_date(report_year: int) -> date:
    """The statutory due date of a report (7107(b)(1)).

    >>> report_due_date(2017), report_due_date(2021)
    (datetime.date(2017, 6, 1), datetime.date(2021, 6, 30))
    """
    month, day = REPORT_DUE.require(report_year)
    return date(report_year, month, day)
