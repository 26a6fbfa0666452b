"""The record's everyday questions, answered once for every front end.

"What tier was China in, year by year?", "who was on Tier 3 in 2017?", "what changed this
year?". Each function takes the :class:`~tiptiers.model.Record` and the country registry
and returns a typed answer whose ``to_dict()`` is the JSON contract the CLI and the API
both print. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from tiptiers.errors import InvalidRegion, year_span
from tiptiers.model import (
    PLACEMENT_FIELDS,
    TIERS,
    Change,
    Country,
    DeterminationYear,
    Placement,
    Presence,
    PresidentialDetermination,
    Record,
    ReportRelease,
    Roles,
    Tier,
    YearComparison,
    YearCoverage,
    classify_change,
)


class Registry(Protocol):
    """What the queries need of the country registry (see tiptiers.countries)."""

    def get(self, iso3: str) -> Country: ...

    def resolve(self, text: str) -> Country: ...


def country_dict(c: Country) -> dict[str, Any]:
    return {"iso3": c.iso3, "name": c.name}


# -- one country ----------------------------------------------------------------------
@dataclass(frozen=True)
class HistoryRow:
    year: int
    tier: Tier
    previous_year: int | None
    previous: Tier | None
    change: str  # classify_change, or 'first' for the first placement in the record
    source: str
    waiver: bool | None
    auto_downgrade: bool | None
    sanctions_full_waiver: bool | None = None

    def notes(self) -> tuple[str, ...]:
        """What a source in the record states of this placement beyond its tier."""
        stated = (
            (self.waiver, "Watch List waiver stated by a source"),
            (self.auto_downgrade, "automatic downgrade stated by a source"),
            (self.sanctions_full_waiver, "full sanctions waiver (7107(d)(4))"),
        )
        return tuple(text for flag, text in stated if flag)


#: How a history table words the change from the previous published placement.
HISTORY_CHANGE_WORDS = {
    "first": "first in the record",
    "unchanged": "",
    "upgrade": "upgrade",
    "downgrade": "downgrade",
    "to_special_case": "became a Special Case",
    "from_special_case": "ranked again",
}


@dataclass(frozen=True)
class HistoryLine:
    """One year of a country's history table: its placement, or a year the record lacks."""

    year: int
    tier: Tier | None  # None: a gap in the record, never filled in
    change: str  # 'first in the record', 'upgrade from Tier 2 Watch List (2010)', ''
    notes: tuple[str, ...]  # what sources state of the placement, or why the year is a gap


@dataclass(frozen=True)
class CountryHistory:
    """A country's placements in year order, the gaps between them, and its roles."""

    country: Country
    rows: tuple[HistoryRow, ...]
    gaps: tuple[tuple[int, str], ...]  # (year, why) for covered years with no placement
    roles: Roles
    record_years: tuple[int, ...]

    @property
    def placements(self) -> list[tuple[int, Tier]]:
        return [(r.year, r.tier) for r in self.rows]

    def lines(self, until: int | None = None) -> list[HistoryLine]:
        """The year-by-year table the CLI, the dashboard and the annual report print: every
        year from the first placement (to ``until``, if given), each placement with its
        change from the previous *published* one, and each gap with its reason.

        >>> from tiptiers.countries import registry
        >>> from tiptiers.record import packaged_record
        >>> china = country_history(packaged_record(), registry(), "China")
        >>> [(line.year, line.change) for line in china.lines(2014)[-2:]]
        [(2013, 'downgrade from Tier 2 Watch List'), (2014, 'upgrade from Tier 3')]
        >>> usa = country_history(packaged_record(), registry(), "USA")
        >>> usa.lines(2011)[-1].tier is None, usa.lines(2011)[-1].notes[0][:28]
        (True, 'No 2011 placement in the rec')
        """
        gaps = dict(self.gaps)
        by_year = {r.year: r for r in self.rows}
        first = self.rows[0].year if self.rows else None
        out: list[HistoryLine] = []
        for y in self.record_years:
            if first is None or y < first or (until is not None and y > until):
                continue
            r = by_year.get(y)
            if r is not None:
                out.append(HistoryLine(y, r.tier, _change_words(r), r.notes()))
            elif y in gaps:
                out.append(HistoryLine(y, None, "", (gaps[y],)))
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``tiptiers country NAME --format json``."""
        return {
            **country_dict(self.country),
            "placements": [
                {
                    "year": r.year,
                    "tier": r.tier.value,
                    "change": r.change,
                    "previous_year": r.previous_year,
                    "previous_tier": r.previous.value if r.previous else None,
                    "source": r.source,
                    "waiver": r.waiver,
                    "auto_downgrade": r.auto_downgrade,
                    "sanctions_full_waiver": r.sanctions_full_waiver,
                }
                for r in self.rows
            ],
            "not_published": [{"year": y, "why": why} for y, why in self.gaps],
            "roles": {
                "origin": self.roles.origin,
                "transit": self.roles.transit,
                "destination": self.roles.destination,
                "description": self.roles.describe(),
            },
            "record_years": [self.record_years[0], self.record_years[-1]],
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """The CSV rows of ``tiptiers country NAME --format csv`` and of the API: one per
        placement, with the country on each (columns :data:`HISTORY_COLUMNS`)."""
        who = {"iso3": self.country.iso3, "country": self.country.name}
        return [{**who, **p} for p in self.to_dict()["placements"]]


#: The CSV columns of a country's history (:meth:`CountryHistory.to_rows`).
HISTORY_COLUMNS: tuple[str, ...] = (
    "iso3",
    "country",
    "year",
    "tier",
    "change",
    "previous_tier",
    "source",
)


def country_history(record: Record, registry: Registry, query: str) -> CountryHistory:
    """A country's placements with the change from the previous *published* year.

    A year between two placements that the record lacks is listed in ``gaps`` with the
    reason, never filled in.
    """
    country = registry.resolve(query)
    rows: list[HistoryRow] = []
    prev: Placement | None = None
    for p in record.history(country.iso3):
        change = "first" if prev is None else classify_change(prev.tier, p.tier)
        rows.append(
            HistoryRow(
                p.year,
                p.tier,
                prev.year if prev else None,
                prev.tier if prev else None,
                change,
                p.source,
                p.waiver,
                p.auto_downgrade,
                p.sanctions_full_waiver,
            )
        )
        prev = p
    gaps: list[tuple[int, str]] = []
    if rows:
        for y in record.years:
            if rows[0].year < y and record.get(country.iso3, y) is None:
                look = record.lookup(country.iso3, y)
                if look.presence is not Presence.NOT_RANKED or y < rows[-1].year:
                    gaps.append((y, look.note))
    return CountryHistory(
        country,
        tuple(rows),
        tuple(gaps),
        record.roles.get(country.iso3, Roles()),
        record.years,
    )


def _change_words(r: HistoryRow) -> str:
    """'upgrade from Tier 2 Watch List', with the earlier report's year when it is not the
    year before (the record lacks the years between)."""
    words = HISTORY_CHANGE_WORDS.get(r.change, r.change)
    if r.change in ("upgrade", "downgrade") and r.previous is not None:
        words = f"{words} from {r.previous.label}"
        if r.previous_year is not None and r.previous_year != r.year - 1:
            words += f" ({r.previous_year})"
    return words


# -- one year -------------------------------------------------------------------------
@dataclass(frozen=True)
class YearPlacements:
    """Every placement of one report, grouped by tier, with the year's coverage."""

    year: int
    coverage: YearCoverage
    rows: tuple[tuple[Country, Placement], ...]  # sorted by tier then name
    tier_filter: Tier | None = None
    region_filter: str | None = None

    def by_tier(self) -> dict[Tier, list[Country]]:
        out: dict[Tier, list[Country]] = {t: [] for t in TIERS}
        for c, p in self.rows:
            out[p.tier].append(c)
        return {t: cs for t, cs in out.items() if cs or self.tier_filter in (None, t)}

    def counts(self) -> dict[str, int]:
        return {t.value: len(cs) for t, cs in self.by_tier().items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "partial": self.coverage.partial,
            "caveat": self.coverage.caveat(),
            "counts": self.counts(),
            "placements": self.to_rows(),
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """The JSON contract of ``tiptiers year YEAR --format json`` (an array)."""
        return [{**country_dict(c), "year": p.year, "tier": p.tier.value} for c, p in self.rows]


#: The CSV columns of one report's placements (:meth:`YearPlacements.to_rows`).
YEAR_COLUMNS: tuple[str, ...] = ("iso3", "name", "year", "tier")


def year_placements(
    record: Record,
    registry: Registry,
    year: int,
    tier: Tier | None = None,
    region: str | None = None,
) -> YearPlacements:
    """Placements of one report (raises YearNotInRecord), optionally one tier or region."""
    cov = record.check_year(year)
    region_code = normalise_region(region) if region is not None else None
    rows = []
    for p in record.year(year):
        if tier is not None and p.tier is not tier:
            continue
        c = registry.get(p.iso3)
        if region_code is not None and c.region != region_code:
            continue
        rows.append((c, p))
    rows.sort(key=lambda cp: (cp[1].tier, cp[0].name))
    return YearPlacements(year, cov, tuple(rows), tier, region_code)


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


# -- coverage -------------------------------------------------------------------------
@dataclass(frozen=True)
class Coverage:
    years: tuple[YearCoverage, ...]
    counts: dict[int, dict[Tier, int]]
    countries: int
    placements: int

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
    )


# -- regions --------------------------------------------------------------------------
REGIONS: dict[str, str] = {
    "AF": "Africa",
    "EAP": "East Asia and Pacific",
    "EUR": "Europe and Eurasia",
    "NEA": "Near East",
    "SCA": "South and Central Asia",
    "WHA": "Western Hemisphere",
}


def normalise_region(text: str) -> str:
    """A bureau code from a code or a name, case-insensitive.

    >>> normalise_region("western hemisphere")
    'WHA'
    >>> normalise_region("eap")
    'EAP'
    """
    key = " ".join(text.strip().lower().replace("&", "and").split())
    for code, name in REGIONS.items():
        if key in (code.lower(), name.lower()):
            return code
    raise InvalidRegion(text, [f"{c} ({n})" for c, n in REGIONS.items()])


def export_rows(record: Record, registry: Registry) -> Iterable[dict[str, Any]]:
    """The whole record, one row per country-year, in the export format."""
    for p in record:
        roles = record.roles.get(p.iso3, Roles())
        yield {
            "iso3": p.iso3,
            "country": registry.get(p.iso3).name,
            "year": p.year,
            "tier": p.tier.value,
            "source": p.source,
            "waiver": _b(p.waiver),
            "auto_downgrade": _b(p.auto_downgrade),
            "flag_basis": p.flag_basis,
            "sanctions_full_waiver": _b(p.sanctions_full_waiver),
            "role_origin": _b(roles.origin),
            "role_transit": _b(roles.transit),
            "role_destination": _b(roles.destination),
        }


EXPORT_COLUMNS: Sequence[str] = (
    "iso3",
    "country",
    *PLACEMENT_FIELDS[1:],
    "role_origin",
    "role_transit",
    "role_destination",
)


def _b(v: bool | None) -> str:
    return "" if v is None else ("true" if v else "false")


# -- finding a country ------------------------------------------------------------------
@dataclass(frozen=True)
class CountryMatch:
    """A country a search found, with its latest placement in the record (None: never
    placed)."""

    country: Country
    latest: Placement | None

    def to_dict(self) -> dict[str, Any]:
        return {
            **country_dict(self.country),
            "latest_year": self.latest.year if self.latest else None,
            "latest_tier": self.latest.tier.value if self.latest else None,
        }


@dataclass(frozen=True)
class CountrySearch:
    """What a typed name means: ``exact`` when it is a name, alias or code of one country
    (the only case a front end may go straight to it), else the ``matches``, best first;
    ``near_misses`` when they only resemble the text by spelling ("Did you mean ...?")."""

    query: str
    exact: Country | None
    matches: tuple[CountryMatch, ...]
    near_misses: bool


def find_countries(record: Record, registry: Any, text: str, limit: int = 50) -> CountrySearch:
    """Resolve ``text`` as ``tiptiers country NAME`` does (an exact name, alias or code),
    else list the registry's matches with each one's latest placement."""
    from tiptiers.errors import UnknownCountry

    query = text.strip()
    exact = None
    if query:
        try:
            exact = registry.resolve(query)
        except UnknownCountry:
            exact = None
    found, near = registry.matches(query, limit) if query else ([], False)
    if exact is not None:
        found = [exact]

    def latest(iso3: str) -> Placement | None:
        return next(
            (p for y in reversed(record.years) if (p := record.get(iso3, y)) is not None), None
        )

    return CountrySearch(query, exact, tuple(CountryMatch(c, latest(c.iso3)) for c in found), near)


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
