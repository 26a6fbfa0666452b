"""Published cycles as record sources shown beside the official record (docs/CYCLE.md,
"Beside the official record").

A team's published placements (``tiptiers cycle publish``) are a source of their own,
named ``cycle:ID``; the State Department's record is ``official``. This module answers,
once for the CLI, the API and the dashboard: which published cycles there are
(:func:`find_published`), one cycle's placements of its report year beside the official
ones (:func:`beside_official`), and one country's placement in every published cycle
beside the official one (:func:`country_beside`). Nothing here merges the two: every answer
carries both, labelled, and says where they differ; a country the cycle did not assess
stays "not assessed by this cycle", never filled from the record.

Pure: the front ends read the published cycles from the store
(:func:`tiptiers.cycle.published.published_cycles`) and pass them in with the record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from tiptiers.errors import BadInput, TiptiersError
from tiptiers.model import (
    TIERS,
    Country,
    Determinations,
    Lookup,
    Placement,
    Record,
    Tier,
    YearCoverage,
    classify_change,
)
from tiptiers.queries import REGIONS, Registry

if TYPE_CHECKING:
    from tiptiers.law.explain import ClockEntry

#: The official record's source name (a published cycle's is ``cycle:ID``).
OFFICIAL = "official"
#: What the map, the tables and the CSV call a country a cycle did not assess.
NOT_ASSESSED = "Not assessed by this cycle"
#: The CSV columns of a cycle's placements beside the official ones.
BESIDE_COLUMNS: tuple[str, ...] = (
    "iso3",
    "name",
    "region",
    "year",
    "tier",
    "official_tier",
    "official_status",
    "differs",
    "direction",
)
_SOURCE = re.compile(r"^cycle:([1-9][0-9]{0,9})$")


class UnknownSource(TiptiersError):
    """A record source that is neither ``official`` nor a published cycle (404; a cycle
    that is not published is unknown here: its placements are drafts)."""

    http_status = 404
    field = "source"


@dataclass(frozen=True)
class PublishedCycle:
    """A published cycle and its final placements (frozen for good by publishing)."""

    id: int
    year: int
    name: str
    published_at: str  # ISO 8601, UTC
    placements: Mapping[str, Tier]  # ISO3 -> final tier
    reasons: Mapping[str, str] = field(default_factory=dict)  # ISO3 -> the decider's reason
    #: ISO3 of the Watch List placements the decider recorded with a waiver of
    #: 7107(b)(2)(D)(ii) (the cycle states it, as a source of the record does)
    waivers: frozenset[str] = frozenset()

    @property
    def source(self) -> str:
        """``cycle:ID``, the name a URL, the API and the CLI give this source."""
        return f"cycle:{self.id}"

    @property
    def label(self) -> str:
        """The label its placements carry as a record source (``tiptiers cycle publish``)."""
        return f"cycle {self.id}: {self.name} ({self.year})"

    @property
    def published_on(self) -> str:
        return self.published_at[:10]

    @property
    def caption(self) -> str:
        """Whose placements these are, in one sentence.

        >>> PublishedCycle(3, 2026, "Coalition shadow report", "2026-05-02T10:00:00+00:00", {}).caption
        "Shadow placements of Coalition shadow report (cycle 3), published 2026-05-02 — not the State Department's."
        """
        return (
            f"Shadow placements of {self.name} (cycle {self.id}), published"
            f" {self.published_on} — not the State Department's."
        )

    @property
    def heading(self) -> str:
        """The title of a view of its placements alone (an embedded map, a report).

        >>> PublishedCycle(3, 2026, "Coalition shadow report", "2026-05-02", {}).heading
        "Shadow placements of Coalition shadow report (cycle 3) for the 2026 report — not the State Department's"
        """
        return (
            f"Shadow placements of {self.name} (cycle {self.id}) for the {self.year} report —"
            " not the State Department's"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "id": self.id,
            "year": self.year,
            "name": self.name,
            "published_at": self.published_at,
            "label": self.label,
            "caption": self.caption,
            "countries": len(self.placements),
        }

    def record(self) -> Record:
        """The cycle's placements as a :class:`Record` of its one year, each labelled with
        the cycle as its source: what a map of the cycle draws. Every list is complete (the
        cycle says what it placed), so a country it did not place is "not ranked" there,
        which its map calls :data:`NOT_ASSESSED`. Never merged into the official record."""
        return Record.build(self._rows(), [self._coverage()])

    def _rows(self) -> list[Placement]:
        return [
            Placement(
                i,
                self.year,
                t,
                source=self.label,
                waiver=True if t is Tier.T2WL and i in self.waivers else None,
                # the waiver's statement is the cycle's decision
                flag_basis=self.label if t is Tier.T2WL and i in self.waivers else "",
            )
            for i, t in self.placements.items()
        ]

    def _coverage(self) -> YearCoverage:
        return YearCoverage(self.year, {t: True for t in TIERS}, note=self.label)


def shadow_record(record: Record, cycle: PublishedCycle) -> Record:
    """The record as the cycle's team sees its report: the official reports before the
    cycle's year, then the cycle's placements as that year's (labelled with the cycle as
    their source; a Watch List placement the decider recorded with a waiver states it). What
    the analyses that replay the Watch List clock take to read a cycle — the audit of its
    year, the clock and the forecast of the next report — and never stored, never the
    official record: the official reports of the cycle's year and later are left out, as
    are the Presidential Determinations acting on them.

    >>> from tiptiers.record import packaged_record
    >>> official = packaged_record()
    >>> c = PublishedCycle(1, 2014, "Shadow", "2014-05-02T10:00:00+00:00", {"THA": Tier.T2WL})
    >>> mine = shadow_record(official, c)
    >>> mine.last_year, mine.get("THA", 2014).source, mine.get("MYS", 2014)
    (2014, 'cycle 1: Shadow (2014)', None)
    >>> mine.get("THA", 2013) == official.get("THA", 2013)
    True
    """
    y = cycle.year
    held = record.determinations
    determinations = Determinations.build(
        (r for r in held.rows if r.report_year < y),
        (d for d in held.years.values() if d.report_year < y),
    )
    return Record.build(
        [*(p for p in record if p.year < y), *cycle._rows()],
        [*(c for c in record.coverage.values() if c.year < y), cycle._coverage()],
        record.roles,
        determinations,
    )


def parse_source(text: str | None) -> int | None:
    """The cycle a ``source`` names: None for the official record (``official`` or nothing).

    >>> parse_source("cycle:12"), parse_source("official"), parse_source(None)
    (12, None, None)
    >>> parse_source("mine")
    Traceback (most recent call last):
    ...
    tiptiers.errors.BadInput: Source 'mine' is not a record source: use official, or cycle:ID for a published cycle.
    """
    value = (text or "").strip()
    if value in ("", OFFICIAL):
        return None
    m = _SOURCE.match(value)
    if m is None:
        raise BadInput(
            f"Source '{value[:40]}' is not a record source: use {OFFICIAL}, or cycle:ID for a"
            " published cycle.",
            field="source",
        )
    return int(m.group(1))


def find_published(
    cycles: Iterable[PublishedCycle], source: str | None, year: int | None = None
) -> PublishedCycle | None:
    """The published cycle ``source`` names (None for the official record), checked to
    place countries for ``year`` where one is given. A cycle that does not exist and one
    that is not published are the same answer: no such source.

    >>> c = PublishedCycle(2, 2026, "Shadow", "2026-05-02T10:00:00+00:00", {})
    >>> find_published([c], "cycle:2").name
    'Shadow'
    >>> find_published([c], "cycle:2", 2025)
    Traceback (most recent call last):
    ...
    tiptiers.queries.layers.UnknownSource: Cycle 2 (Shadow) placed countries for the 2026 report, not 2025: ask for 2026.
    """
    cid = parse_source(source)
    if cid is None:
        return None
    found = next((c for c in cycles if c.id == cid), None)
    if found is None:
        raise UnknownSource(
            f"No published cycle {cid}: only a published cycle is a record source"
            " (tiptiers cycle list, or GET /api/v1/sources, lists them)."
        )
    check_cycle_year(found, year)
    return found


def check_cycle_year(cycle: PublishedCycle, year: int | None, *, ahead: int = 0) -> int:
    """The report year an analysis of ``cycle`` is about: the cycle's own (``ahead`` 0: its
    audit), or the one after it (``ahead`` 1: the clock and the forecast its placements
    decide); a ``year`` asked that is another one is no such source (UnknownSource, 404).

    >>> c = PublishedCycle(2, 2026, "Shadow", "2026-05-02T10:00:00+00:00", {})
    >>> check_cycle_year(c, None), check_cycle_year(c, 2027, ahead=1)
    (2026, 2027)
    >>> check_cycle_year(c, 2026, ahead=1)
    Traceback (most recent call last):
    ...
    tiptiers.queries.layers.UnknownSource: Cycle 2 (Shadow) placed countries for the 2026 report: the report after it, 2027, is the one its placements decide the clock of; ask for 2027.
    """
    want = cycle.year + ahead
    if year is None or year == want:
        return want
    if ahead:
        raise UnknownSource(
            f"Cycle {cycle.id} ({cycle.name}) placed countries for the {cycle.year} report:"
            f" the report after it, {want}, is the one its placements decide the clock of;"
            f" ask for {want}."
        )
    raise UnknownSource(
        f"Cycle {cycle.id} ({cycle.name}) placed countries for the {cycle.year} report, not"
        f" {year}: ask for {cycle.year}."
    )


@dataclass(frozen=True)
class CycleClock:
    """The Watch List clock for the report after a published cycle's, read from the cycle's
    placements as the latest year (:func:`cycle_clock`): who would face the automatic
    downgrade, need a waiver or be barred by the re-listing cap if the cycle's placements
    were the report. Its JSON and CSV are the official clock's (one entry per country)."""

    cycle: PublishedCycle
    year: int
    entries: tuple[ClockEntry, ...]

    def caveat(self) -> str:
        """Whose placements the clock reads (ASCII punctuation: also an HTTP header)."""
        return (
            f"{self.cycle.caption} The Watch List clock for the {self.year} report read from"
            f" the cycle's {self.cycle.year} placements over the official reports before"
            " them; a country the cycle did not assess is not on it."
        ).replace(" — ", " - ")

    def to_dict(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.entries]

    def to_rows(self) -> list[dict[str, Any]]:
        return [e.to_row() for e in self.entries]


def cycle_clock(
    record: Record,
    cycle: PublishedCycle,
    year: int | None = None,
    name: Callable[[str], str] = str,
) -> CycleClock:
    """The Watch List clock (:func:`tiptiers.law.explain.clock`) for the report after
    ``cycle``'s (``year``, where given, must be that one: UnknownSource otherwise), from the
    cycle's placements over the official reports before them (:func:`shadow_record`).

    >>> from tiptiers.record import packaged_record
    >>> c = PublishedCycle(1, 2012, "Shadow", "2012-05-02T10:00:00+00:00", {"CHN": Tier.T2WL})
    >>> got = cycle_clock(packaged_record(), c)
    >>> got.year, [(e.iso3, e.status.value) for e in got.entries]
    (2013, [('CHN', 'downgrade_mandatory')])
    """
    from tiptiers.law.explain import clock

    y = check_cycle_year(cycle, year, ahead=1)
    return CycleClock(cycle, y, tuple(clock(shadow_record(record, cycle), y, name)))


def sources(cycles: Iterable[PublishedCycle], year: int | None = None) -> list[PublishedCycle]:
    """The published cycles (of ``year`` where one is given), newest report year first,
    then by number: what a source picker offers beside the official record."""
    return sorted(
        (c for c in cycles if year is None or c.year == year), key=lambda c: (-c.year, c.id)
    )


class BesideRow(NamedTuple):
    """One country in a cycle's year: the cycle's tier (None: not assessed by the cycle)
    and what the official record holds for the same report."""

    country: Country
    tier: Tier | None
    official: Lookup

    @property
    def differs(self) -> bool:
        """Both placed, on different tiers (a gap on either side is not a difference)."""
        return self.tier is not None and self.official.tier not in (None, self.tier)

    @property
    def direction(self) -> str | None:
        """Where the cycle put the country against the official report: ``lower`` (a worse
        tier: Tier 3 against the Watch List), ``higher``, ``special_case`` (either side a
        Special Case, which no tier is above or below), None where they do not differ."""
        return _direction(self.official.tier, self.tier) if self.differs else None

    @property
    def words(self) -> str:
        """The cycle's placement in words."""
        return self.tier.label if self.tier is not None else NOT_ASSESSED.lower()

    def to_row(self) -> dict[str, Any]:
        return {
            "iso3": self.country.iso3,
            "name": self.country.name,
            "region": self.country.region or "",
            "year": self.official.year,
            "tier": self.tier.value if self.tier is not None else None,
            "official_tier": self.official.tier.value if self.official.tier else None,
            "official_status": self.official.status,
            "differs": self.differs,
            "direction": self.direction,
        }


def _direction(official: Tier | None, mine: Tier | None) -> str:
    """The cycle's tier against the official one: lower, higher or special_case.

    >>> _direction(Tier.T2, Tier.T3), _direction(Tier.T3, Tier.T2WL)
    ('lower', 'higher')
    """
    kind = classify_change(official, mine)
    return {"downgrade": "lower", "upgrade": "higher"}.get(kind, "special_case")


@dataclass(frozen=True)
class BesideOfficial:
    """A published cycle's placements of its report year beside the official record's:
    every country either of them places, by name."""

    cycle: PublishedCycle
    official_in_record: bool
    rows: tuple[BesideRow, ...]
    shown: str = ""  # the rows' filter in words ("Tier 3", "Africa"); "" for every country

    @property
    def year(self) -> int:
        return self.cycle.year

    def counts(self) -> dict[str, int]:
        """Tier code -> the number of countries the cycle placed there."""
        out = {t.value: 0 for t in TIERS}
        for r in self.rows:
            if r.tier is not None:
                out[r.tier.value] += 1
        return out

    @property
    def differing(self) -> tuple[BesideRow, ...]:
        return tuple(r for r in self.rows if r.differs)

    @property
    def not_assessed(self) -> tuple[BesideRow, ...]:
        """Countries the official report places that the cycle did not assess."""
        return tuple(r for r in self.rows if r.tier is None)

    def by_region(self) -> list[dict[str, Any]]:
        """Per regional bureau: how many countries the cycle placed, how many of them the
        official report placed differently, and which way (an analysis beside the official
        record: where a team's reading departs from the State Department's)."""
        out: dict[str, dict[str, Any]] = {}
        for r in self.rows:
            if r.tier is None:
                continue
            code = r.country.region or ""
            row = out.setdefault(
                code,
                {
                    "region": code,
                    "name": REGIONS.get(code, "no bureau"),
                    "placed": 0,
                    "differ": 0,
                    "lower": 0,
                    "higher": 0,
                },
            )
            row["placed"] += 1
            if r.differs:
                row["differ"] += 1
                if r.direction in ("lower", "higher"):
                    row[str(r.direction)] += 1
        return [out[k] for k in sorted(out)]

    def summary(self) -> str:
        """One sentence: how many the cycle placed and how many differ from the official
        report (or that the record has no official report of the year yet)."""
        placed = len(self.cycle.placements)
        head = f"{self.cycle.name} placed {placed} {'country' if placed == 1 else 'countries'}"
        if not self.official_in_record:
            return (
                f"{head} for the {self.year} report; the record has no official {self.year}"
                " report yet, so nothing is compared."
            )
        n = len(self.differing)
        differ = "none differs" if n == 0 else f"{n} {'differs' if n == 1 else 'differ'}"
        among = f"of those shown ({self.shown}), " if self.shown else ""
        ways = [r.direction for r in self.differing]
        how = [
            f"{ways.count(d)} {words}"
            for d, words in (
                ("lower", "on a lower tier"),
                ("higher", "on a higher tier"),
                ("special_case", "as or from a Special Case"),
            )
            if ways.count(d)
        ]
        detail = f" ({', '.join(how)})" if n else ""
        return (
            f"{head} for the {self.year} report; {among}{differ} from the official"
            f" placement{detail}."
        )

    def caveat(self) -> str:
        """What a table or an API answer of these rows must carry: whose they are (ASCII
        punctuation: it is also an HTTP header)."""
        return f"{self.cycle.caption} {self.summary()}".replace(" — ", " - ")

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.cycle.to_dict(),
            "year": self.year,
            "official_in_record": self.official_in_record,
            "counts": self.counts(),
            "differ": len(self.differing),
            "lower": sum(1 for r in self.differing if r.direction == "lower"),
            "higher": sum(1 for r in self.differing if r.direction == "higher"),
            "not_assessed": len(self.not_assessed),
            "summary": self.summary(),
            "regions": self.by_region(),
            "rows": self.to_rows(),
        }

    def to_rows(self) -> list[dict[str, Any]]:
        return [r.to_row() for r in self.rows]


def beside_official(
    record: Record,
    registry: Registry,
    cycle: PublishedCycle,
    tier: Tier | None = None,
    region: str | None = None,
) -> BesideOfficial:
    """``cycle``'s placements beside the official record's of the same report: every
    country either places (optionally those the cycle put on ``tier``, or of one regional
    bureau ``region``), sorted by name. A year the record lacks leaves the official side
    empty ("no report of that year in the record"), never filled."""
    year = cycle.year
    in_record = year in record.coverage
    iso3s = set(cycle.placements)
    if in_record:
        iso3s |= {p.iso3 for p in record.year(year)}
    rows = []
    for iso3 in iso3s:
        c = registry.get(iso3)
        mine = cycle.placements.get(iso3)
        if tier is not None and mine is not tier:
            continue
        if region is not None and c.region != region:
            continue
        rows.append(BesideRow(c, mine, record.lookup(iso3, year)))
    rows.sort(key=lambda r: (r.country.common_name, r.country.iso3))
    shown = ", ".join(x for x in (tier.label if tier else "", REGIONS.get(region or "", "")) if x)
    return BesideOfficial(cycle, in_record, tuple(rows), shown)


class CountryBeside(NamedTuple):
    """One published cycle's placement of a country beside the official one of the same
    report, with the decider's reason."""

    cycle: PublishedCycle
    tier: Tier
    official: Lookup
    reason: str

    @property
    def differs(self) -> bool:
        return self.official.tier not in (None, self.tier)

    @property
    def direction(self) -> str | None:
        """As :attr:`BesideRow.direction`."""
        return _direction(self.official.tier, self.tier) if self.differs else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.cycle.to_dict(),
            "year": self.cycle.year,
            "tier": self.tier.value,
            "official_tier": self.official.tier.value if self.official.tier else None,
            "official_status": self.official.status,
            "differs": self.differs,
            "direction": self.direction,
            "reason": self.reason,
        }


def country_beside(
    record: Record, cycles: Iterable[PublishedCycle], iso3: str
) -> tuple[CountryBeside, ...]:
    """Every published cycle that placed ``iso3``, its tier beside the official record's
    of the same report, oldest report first (a country's page and its API answer)."""
    out = [
        CountryBeside(c, c.placements[iso3], record.lookup(iso3, c.year), c.reasons.get(iso3, ""))
        for c in cycles
        if iso3 in c.placements
    ]
    out.sort(key=lambda b: (b.cycle.year, b.cycle.id))
    return tuple(out)
