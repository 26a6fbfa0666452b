"""One country's placements year by year: :func:`country_history` and its answer,
:class:`CountryHistory` (``tiptiers country``, ``/api/v1/countries/X``, the country page)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from tiptiers.model import (
    MAYBE_MISSING_WORDS,
    Country,
    Placement,
    Presence,
    Record,
    Roles,
    Tier,
    classify_change,
    joint_entity,
)
from tiptiers.queries import Registry, country_dict


# -- one country ----------------------------------------------------------------------
class HistoryRow(NamedTuple):
    year: int
    tier: Tier
    previous_year: int | None
    previous: Tier | None
    change: str  # classify_change, or 'first' for the first placement in the record
    source: str
    waiver: bool | None
    auto_downgrade: bool | None
    sanctions_full_waiver: bool | None = None
    #: Whose placement ``previous`` is, where it is not this country's own: the joint
    #: government it was part of (Serbia and Montenegro, ``SCG``, for Serbia's and
    #: Montenegro's first placements of their own, in 2007), with that government's name.
    previous_iso3: str | None = None
    previous_name: str | None = None

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


class HistoryLine(NamedTuple):
    """One year of a country's history table: its placement, or a year the record lacks."""

    year: int
    tier: Tier | None  # None: a gap in the record, never filled in
    change: str  # 'first in the record', 'upgrade from Tier 2 Watch List (2010)', ''
    notes: tuple[str, ...]  # what sources state of the placement, or why the year is a gap
    # a gap's kind (Presence.category): 'missing' (from our record: the year's lists are
    # partial) or 'not_ranked' (by the report); 'placed' for a placement
    status: str = "placed"
    # a 'not_ranked' gap in a year whose lists hold fewer countries than the report printed:
    # a reader is told it may be missing from our record (Record.reader_lookup)
    maybe_missing: bool = False

    @property
    def words(self) -> str:
        """The tier's label, or the gap in words: "missing from our record", "not ranked by
        the report" or, in a year short of its printed counts, "not ranked, or missing from
        our record"."""
        if self.tier is not None:
            return self.tier.label
        if self.status == "missing":
            return MISSING_WORDS
        return MAYBE_MISSING_WORDS if self.maybe_missing else NOT_RANKED_WORDS


MISSING_WORDS = Presence.NOT_PUBLISHED.words
NOT_RANKED_WORDS = Presence.NOT_RANKED.words


class CountryHistory(NamedTuple):
    """A country's placements in year order, the gaps between them, and its roles."""

    country: Country
    rows: tuple[HistoryRow, ...]
    gaps: tuple[tuple[int, str], ...]  # (year, why) for covered years with no placement
    roles: Roles
    record_years: tuple[int, ...]
    # year -> 'missing' or 'not_ranked' for each gap (Presence.category)
    gap_status: Mapping[int, str] = {}
    # the 'not_ranked' gaps a reader is told may be missing from our record (their years'
    # lists hold fewer countries than the report printed: Record.reader_lookup)
    maybe_missing: frozenset[int] = frozenset()

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
        >>> singapore = country_history(packaged_record(), registry(), "Singapore")
        >>> singapore.lines(2019)[-1].tier is None, singapore.lines(2019)[-1].notes[0][:28]
        (True, 'No 2019 placement in the rec')
        """
        gaps = dict(self.gaps)
        by_year = {r.year: r for r in self.rows}
        first = self.rows[0].year if self.rows else None
        out: list[HistoryLine] = []
        for y in self.record_years:
            if first is None or (y < first and y not in gaps) or (until is not None and y > until):
                continue
            r = by_year.get(y)
            if r is not None:
                out.append(HistoryLine(y, r.tier, _change_words(r), r.notes()))
            elif y in gaps:
                status = self.gap_status.get(y, "missing")
                out.append(HistoryLine(y, None, "", (gaps[y],), status, y in self.maybe_missing))
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
                    # the joint government whose placement the previous one is ('SCG'), or null
                    "previous_iso3": r.previous_iso3,
                    "source": r.source,
                    "waiver": r.waiver,
                    "auto_downgrade": r.auto_downgrade,
                    "sanctions_full_waiver": r.sanctions_full_waiver,
                }
                for r in self.rows
            ],
            # every year the record has no placement for, between the first and the last;
            # status 'missing' (from our record) or 'not_ranked' (by the report)
            "not_published": [
                {
                    "year": y,
                    "why": why,
                    "status": self.gap_status.get(y, "missing"),
                    "maybe_missing": y in self.maybe_missing,
                }
                for y, why in self.gaps
            ],
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
    "previous_iso3",
)


def country_history(record: Record, registry: Registry, query: str) -> CountryHistory:
    """A country's placements with the change from the previous *published* year.

    A year between two placements that the record lacks is listed in ``gaps`` with the
    reason, never filled in.
    """
    country = registry.resolve(query)
    rows: list[HistoryRow] = []
    prev: Placement | None = None
    history = record.history(country.iso3)
    before = _joint_before(record, country.iso3, history)
    for p in history:
        if prev is None and before is not None:
            prev = before
        change = "first" if prev is None else classify_change(prev.tier, p.tier)
        joint = prev is not None and prev.iso3 != country.iso3
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
                prev.iso3 if prev is not None and joint else None,
                _joint_name(prev.iso3) if prev is not None and joint else None,
            )
        )
        prev = p
    gaps: list[tuple[int, str]] = []
    status: dict[int, str] = {}
    maybe_missing: set[int] = set()
    if rows:
        for y in record.years:
            if rows[0].year < y and record.get(country.iso3, y) is None:
                look = record.reader_lookup(country.iso3, y)
                if look.presence is not Presence.NOT_RANKED or y < rows[-1].year:
                    gaps.append((y, look.note))
                    status[y] = look.status
                    if look.maybe_missing:
                        maybe_missing.add(y)
    j = joint_entity(country.iso3)
    if rows and j is not None:  # the years a joint government stood for it, or it ended
        joint_years = (
            [j.last_year + 1] if country.iso3 == j.iso3 else range(j.first_year, j.last_year + 1)
        )
        for y in joint_years:
            if y in record.years and record.get(country.iso3, y) is None and y not in status:
                gaps.append((y, record.lookup(country.iso3, y).note))
                status[y] = Presence.NOT_RANKED.category
        gaps.sort()
    return CountryHistory(
        country,
        tuple(rows),
        tuple(gaps),
        record.roles.get(country.iso3, Roles()),
        record.years,
        status,
        frozenset(maybe_missing),
    )


def _joint_before(record: Record, iso3: str, history: list[Placement]) -> Placement | None:
    """The placement a member's own first one continues: the joint government's last
    (Serbia and Montenegro's 2006 placement for Serbia's and Montenegro's 2007 ones), where
    the member's record starts with the report after the joint years; else None."""
    j = joint_entity(iso3)
    if j is None or iso3 == j.iso3 or not history or history[0].year != j.last_year + 1:
        return None
    return record.get(j.iso3, j.last_year)


def _joint_name(iso3: str) -> str:
    j = joint_entity(iso3)
    return j.name if j is not None else iso3


def _change_words(r: HistoryRow) -> str:
    """'upgrade from Tier 2 Watch List', with the earlier report's year when it is not the
    year before (the record lacks the years between); for a member's first placement after a
    joint government, the change from that government's placement, named ('no change from
    Serbia and Montenegro's Tier 2 (2006)')."""
    words = HISTORY_CHANGE_WORDS.get(r.change, r.change)
    if r.previous_name is not None and r.previous is not None:
        was = f"{r.previous_name}'s {r.previous.label} ({r.previous_year})"
        if r.change in ("upgrade", "downgrade", "unchanged"):
            return f"{words or 'no change'} from {was}"
        return f"{words}, from {was}"
    if r.change in ("upgrade", "downgrade") and r.previous is not None:
        words = f"{words} from {r.previous.label}"
        if r.previous_year is not None and r.previous_year != r.year - 1:
            words += f" ({r.previous_year})"
    return words
