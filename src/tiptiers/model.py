"""The value types of tiptiers: tiers, countries, placements and the published record.

Everything here is pure: no files, no database, no printing. The record is the set of
placements that sources state, with, for every report year, which tier lists are complete.
A country-year that is not in the record is *not published*; it is never carried forward
or guessed, and :meth:`Record.lookup` says exactly what is and is not known about it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from tiptiers.errors import YearNotInRecord, year_span
from tiptiers.tier import RANKED_TIERS as RANKED_TIERS
from tiptiers.tier import TIERS as TIERS
from tiptiers.tier import Tier as Tier

if TYPE_CHECKING:
    from tiptiers.documents import DeterminationYear, PresidentialDetermination


def fold(text: str) -> str:
    """Case- and accent-insensitive key for names.

    >>> fold("  Côte d’Ivoire ")
    'cote divoire'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace("’", "").replace("'", "").replace("`", "")
    kept = "".join(c if c.isalnum() else " " for c in plain)
    return " ".join(kept.split())


class Country(NamedTuple):
    """A country or territory the report ranks, keyed by ISO 3166-1 alpha-3.

    ``name`` is the name the report prints ("Korea, North"); ``common_name`` the one most
    readers use ("North Korea"). ``cow_code`` is the Correlates of War state number where
    one exists; ``region`` the State Department regional bureau code (AF, EAP, EUR, NEA,
    SCA, WHA); ``numeric`` the ISO 3166-1 numeric code (maps join on it).
    """

    iso3: str
    iso2: str
    name: str
    common_name: str
    aliases: tuple[str, ...] = ()
    cow_code: int | None = None
    region: str | None = None
    numeric: str | None = None
    kind: str = "country"  # or "territory" (assessed "as if" a country; docs/LAW.md E2)

    def to_dict(self) -> dict[str, Any]:
        """The registry entry as the CLI's ``countries`` and the API's ``/countries`` give it."""
        return {
            "iso3": self.iso3,
            "iso2": self.iso2,
            "name": self.name,
            "common_name": self.common_name,
            "region": self.region,
            "cow_code": self.cow_code,
            "kind": self.kind,
            "aliases": list(self.aliases),
        }


#: The CSV columns of a registry entry (:meth:`Country.to_dict`; aliases joined by '; ').
REGISTRY_COLUMNS: tuple[str, ...] = (
    "iso3",
    "iso2",
    "name",
    "common_name",
    "region",
    "cow_code",
    "kind",
    "aliases",
)


class Roles(NamedTuple):
    """What the reports call a country: of origin (source), transit or destination.

    Values are None where the record does not say.
    """

    origin: bool | None = None
    transit: bool | None = None
    destination: bool | None = None

    @property
    def known(self) -> bool:
        return any(v is not None for v in (self.origin, self.transit, self.destination))

    def describe(self) -> str:
        """'a source, transit and destination country', or '' when unknown.

        >>> Roles(True, False, True).describe()
        'a source and destination country'
        """
        parts = [
            word
            for word, v in (
                ("source", self.origin),
                ("transit", self.transit),
                ("destination", self.destination),
            )
            if v
        ]
        if not parts:
            return ""
        if len(parts) == 1:
            return f"a {parts[0]} country"
        return f"a {', '.join(parts[:-1])} and {parts[-1]} country"


class Placement(NamedTuple):
    """One published placement: a country's tier in one report year, with its source.

    ``waiver`` and ``auto_downgrade`` are True only where a source states them (a Watch List
    waiver of 7107(b)(2)(D)(ii); an automatic downgrade of 7107(b)(2)(D)(i)); None means the
    source is silent, not "no". ``sanctions_full_waiver`` is a full presidential waiver of the
    Tier 3 sanctions under 7107(d)(4) (Kelley & Simmons, 2001–2011), True or False where known.
    """

    iso3: str
    year: int
    tier: Tier
    source: str = ""
    waiver: bool | None = None
    auto_downgrade: bool | None = None
    flag_basis: str = ""
    sanctions_full_waiver: bool | None = None


#: A placement's fields in order: the columns of the store's placements table, and (after the
#: country's name) of ``tiptiers export``.
PLACEMENT_FIELDS: tuple[str, ...] = Placement._fields


class JointEntity(NamedTuple):
    """A government the report ranked where there are two countries today.

    The 2003-2006 reports ranked one government, Serbia and Montenegro (the State Union of
    2003-2006; ISO 3166-3 ``SCG``/``CS``, Correlates of War 345); the 2007 report was the
    first to rank Serbia and Montenegro apart. The joint entity has its own rows for the years
    the report ranked it (``first_year``..``last_year``); its ``members`` (today's countries)
    have theirs from the next report on, and none for those years: one placement is never
    counted twice (docs/PANEL.md).
    """

    iso3: str
    name: str
    members: tuple[str, ...]
    first_year: int
    last_year: int
    member_names: tuple[str, ...] = ()  # as the report names them, in the order of members

    def ranked(self, year: int) -> bool:
        """Whether the report ranked the joint government in ``year``."""
        return self.first_year <= year <= self.last_year


#: The joint entities of the record (docs/PANEL.md, "Serbia and Montenegro").
JOINT_ENTITIES: tuple[JointEntity, ...] = (
    JointEntity(
        "SCG", "Serbia and Montenegro", ("SRB", "MNE"), 2003, 2006, ("Serbia", "Montenegro")
    ),
)
_JOINT_BY_ISO3 = {j.iso3: j for j in JOINT_ENTITIES}
_JOINT_OF_MEMBER = {m: j for j in JOINT_ENTITIES for m in j.members}


def joint_entity(iso3: str) -> JointEntity | None:
    """The joint entity ``iso3`` is, or is a member of (None for any other country).

    >>> joint_entity("MNE").iso3, joint_entity("SCG").members, joint_entity("FRA")
    ('SCG', ('SRB', 'MNE'), None)
    """
    return _JOINT_BY_ISO3.get(iso3) or _JOINT_OF_MEMBER.get(iso3)


def entity_exists(iso3: str, year: int) -> bool:
    """Whether ``iso3`` is a government of its own in ``year``'s report: a joint entity only in
    the years the report ranked it, its members only after them, every other country always.

    >>> [entity_exists(c, 2006) for c in ("SCG", "SRB", "FRA")]
    [True, False, True]
    >>> [entity_exists(c, 2007) for c in ("SCG", "SRB", "MNE")]
    [False, True, True]
    """
    j = joint_entity(iso3)
    if j is None:
        return True
    return j.ranked(year) if iso3 == j.iso3 else year > j.last_year


class Presence(StrEnum):
    """What the record knows of one country-year.

    Two kinds of "no placement" are kept apart everywhere (:attr:`category`): *not ranked by
    the report* (the year's lists are complete and do not name the country) and *missing
    from our record* (the year's lists are partial: the report may have ranked it, the
    record has no row). The codes stay for programs; :attr:`words` is what readers see.

    >>> Presence.NOT_PUBLISHED.category, Presence.NOT_PUBLISHED.words
    ('missing', 'missing from our record')
    >>> Presence.NOT_RANKED.category, Presence.NOT_RANKED.words
    ('not_ranked', 'not ranked by the report')
    """

    PUBLISHED = "published"  # a placement is in the record
    OFF_WATCH_LIST = "off_watch_list"  # no row, but the year's Watch List and Tier 3 are complete
    NOT_RANKED = "not_ranked"  # no row, and every list of the year is complete
    NOT_PUBLISHED = "not_published"  # no row, and the year's lists do not settle it
    OUT_OF_RECORD = "out_of_record"  # the record has no report for that year

    @property
    def missing(self) -> bool:
        """No row although the report may have ranked the country (a partial year)."""
        return self in (Presence.OFF_WATCH_LIST, Presence.NOT_PUBLISHED)

    @property
    def category(self) -> str:
        """``placed``, ``not_ranked`` (by the report), ``missing`` (from our record) or
        ``out_of_record`` (no report for the year in the record): the map legend's and the
        API's ``status``."""
        return _PRESENCE_CATEGORY[self]

    @property
    def words(self) -> str:
        """The presence in a reader's words (tables, legends, the CLI)."""
        return _PRESENCE_WORDS[self]


_PRESENCE_CATEGORY = {
    Presence.PUBLISHED: "placed",
    Presence.OFF_WATCH_LIST: "missing",
    Presence.NOT_RANKED: "not_ranked",
    Presence.NOT_PUBLISHED: "missing",
    Presence.OUT_OF_RECORD: "out_of_record",
}
_PRESENCE_WORDS = {
    Presence.PUBLISHED: "placed",
    Presence.OFF_WATCH_LIST: "missing from our record (not on the Watch List or Tier 3)",
    Presence.NOT_RANKED: "not ranked by the report",
    Presence.NOT_PUBLISHED: "missing from our record",
    Presence.OUT_OF_RECORD: "no report of that year in the record",
}
#: What a reader is told of a country no list of a year names, where the year's lists are
#: marked complete but hold fewer countries than the report printed
#: (:meth:`Record.reader_lookup`): the report may have ranked it.
MAYBE_MISSING_WORDS = "not ranked, or missing from our record"


class Lookup(NamedTuple):
    """The answer to "what was COUNTRY in YEAR?", never a guess."""

    iso3: str
    year: int
    presence: Presence
    placement: Placement | None
    note: str
    # NOT_PUBLISHED: the tiers whose lists for the year are incomplete, so the only ones the
    # country can have had (a complete list that does not name it rules its tier out)
    open_tiers: tuple[Tier, ...] = ()
    # the special watch list categories of 7107(b)(2)(A) where an assessment gives them
    # (empty: inferred from the tiers)
    categories: tuple[str, ...] = ()
    # NOT_RANKED as a reader is told it (Record.reader_lookup): the year's lists, marked
    # complete, hold fewer countries than the report printed, so it may be one of those missing
    maybe_missing: bool = False

    @property
    def tier(self) -> Tier | None:
        return self.placement.tier if self.placement else None

    @property
    def status(self) -> str:
        """``placed``, ``not_ranked``, ``missing`` or ``out_of_record``
        (:attr:`Presence.category`)."""
        return self.presence.category

    @property
    def words(self) -> str:
        """The tier's label, or why there is none in a reader's words ("not ranked by the
        report", "missing from our record")."""
        if self.placement is not None:
            return self.placement.tier.label
        return MAYBE_MISSING_WORDS if self.maybe_missing else self.presence.words

    @property
    def on_watch_list(self) -> bool | None:
        """True/False where the record settles it, None where it does not."""
        if self.placement is not None:
            return self.placement.tier is Tier.T2WL
        if self.presence in (Presence.OFF_WATCH_LIST, Presence.NOT_RANKED):
            return False
        return None


class YearCoverage(NamedTuple):
    """How complete the record is for one report year, per tier list.

    ``complete`` is coverage.csv's statement per list (what lookups rely on); ``printed``
    and ``printed_total`` are the counts sources print for the report (report_releases.csv:
    per tier, and the number of countries ranked, which may or may not include the Special
    Cases), against which :meth:`Record.year_check` decides whether the year is complete.

    Two completenesses, kept apart (docs/DATA.md, "Complete for whom"): ``complete`` and
    ``partial`` are what the law's lookups assume (the lists as compiled); ``check`` is the
    year checked against the printed counts, set by :meth:`Record.for_readers`, and what
    :meth:`caveat` tells a reader (a year whose lists were compiled whole but hold fewer
    countries than the report printed is not called complete).
    """

    year: int
    complete: Mapping[Tier, bool]
    note: str = ""
    release_date: str | None = None  # ISO date where a source gives it
    printed: Mapping[Tier, int] = {}
    printed_total: int | None = None
    check: YearCheck | None = None  # against the printed counts: Record.for_readers

    @property
    def partial(self) -> bool:
        return not all(self.complete.values())

    @property
    def watch_list_and_tier3_complete(self) -> bool:
        return self.complete[Tier.T2WL] and self.complete[Tier.T3]

    def partial_tiers(self) -> list[Tier]:
        return [t for t in TIERS if not self.complete[t]]

    @property
    def short_of_print(self) -> bool:
        """True where the lists are marked complete but the record holds fewer countries
        than the report printed (known only once :attr:`check` is set)."""
        return not self.partial and self.check is not None and self.check.status == "partial"

    def caveat(self) -> str:
        """One sentence for answers about this year; '' when the year is complete. With
        :attr:`check` set, a year short of (or at odds with) the printed counts says so."""
        if not self.partial:
            check = self.check
            if check is None or check.status in ("complete", "unchecked"):
                return ""
            counts = "; ".join(check.reasons)
            if check.status == "partial":
                return (
                    f"The {self.year} record may be missing countries: it holds fewer than the"
                    f" report printed ({counts}). Its counts may not be the report's totals."
                )
            return (
                f"The {self.year} record and the counts printed for the report disagree"
                f" ({counts}). The record's own counts are shown."
            )
        missing = ", ".join(t.label for t in self.partial_tiers())
        return (
            f"The {self.year} record is partial (incomplete lists: {missing}); "
            "its counts are not the report's totals."
        )


class YearCheck(NamedTuple):
    """Whether the record of one report year is complete, decided from the counts sources
    print for the report, never asserted: ``complete`` (the record's number of countries
    equals the printed total, every printed tier count equals the record's, and no list is
    marked partial), ``partial`` (a list is marked partial, or the record has fewer than a
    printed count), ``differs`` (the record has more than a printed count: sources disagree)
    or ``unchecked`` (no printed total to check against). ``reasons`` say why, in words."""

    year: int
    status: str
    reasons: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    def sentence(self) -> str:
        """'Complete: the record matches the printed counts.' or the status and its reasons."""
        if self.complete:
            return "Complete: the record matches the printed counts."
        head = {
            "partial": "Partial",
            "differs": "Not complete: the record and the printed counts disagree",
            "unchecked": "Not checked",
        }[self.status]
        return f"{head}: {'; '.join(self.reasons)}."


YEAR_STATUSES = ("complete", "partial", "differs", "unchecked")


def check_counts(cov: YearCoverage, counts: Mapping[Tier, int]) -> YearCheck:
    """Whether one report year's record is complete (:meth:`Record.year_check`), from its
    coverage (with the printed counts) and the record's number of countries per tier."""
    year = cov.year
    counts = {t: counts.get(t, 0) for t in TIERS}
    short: list[str] = []
    over: list[str] = []
    partial = cov.partial_tiers()
    if partial:
        short.append("lists marked partial: " + ", ".join(t.label for t in partial))
    for t, n in cov.printed.items():
        if counts[t] != n:
            (short if counts[t] < n else over).append(
                f"{t.label}: {counts[t]} in the record, {n} printed"
            )
    ranked = sum(counts[t] for t in RANKED_TIERS)
    every = ranked + counts[Tier.SPECIAL_CASE]
    total = cov.printed_total
    if total is not None and total not in (ranked, every):
        (short if every < total else over).append(
            f"{ranked} ranked countries in the record, {every} with the Special Cases,"
            f" {total} printed"
        )
    if short:
        return YearCheck(year, "partial", tuple(short + over))
    if over:
        return YearCheck(year, "differs", tuple(over))
    if total is None:
        return YearCheck(year, "unchecked", ("no printed number of countries to check",))
    return YearCheck(year, "complete")


class YearComparison:
    """An answer that compares a report with the one before (the changes, the regions
    table): the coverage of both years and the caveat that follows from it."""

    coverage: YearCoverage
    previous_coverage: YearCoverage | None

    def caveat(self) -> str:
        """Each partial year's sentence, the compared year first; '' when both are
        complete."""
        previous = self.previous_coverage
        notes = [self.coverage.caveat(), previous.caveat() if previous is not None else ""]
        return " ".join(n for n in notes if n)


@dataclass(frozen=True)
class Determinations:
    """The record of Presidential Determinations: rows and, per fiscal year, how much of
    the document was seen. Pure and immutable; keyed by report year for the consequences."""

    rows: tuple[PresidentialDetermination, ...] = ()
    years: Mapping[int, DeterminationYear] = field(default_factory=dict)

    @classmethod
    def build(
        cls, rows: Iterable[PresidentialDetermination], years: Iterable[DeterminationYear]
    ) -> Determinations:
        by_fy = {y.fiscal_year: y for y in years}
        kept = tuple(rows)
        stray = sorted({r.fiscal_year for r in kept} - set(by_fy))
        if stray:
            raise ValueError(f"determinations for fiscal years without a document row: {stray}")
        return cls(kept, dict(sorted(by_fy.items())))

    def for_report(self, report_year: int) -> DeterminationYear | None:
        """The determination year acting on the Tier 3 list of ``report_year``."""
        return next((y for y in self.years.values() if y.report_year == report_year), None)

    def of(self, iso3: str, report_year: int | None = None) -> list[PresidentialDetermination]:
        """A government's rows (of one report year, or all), in fiscal-year order."""
        return [
            r
            for r in self.rows
            if r.iso3 == iso3 and (report_year is None or r.report_year == report_year)
        ]

    def in_report_year(self, report_year: int) -> list[PresidentialDetermination]:
        return [r for r in self.rows if r.report_year == report_year]

    def __len__(self) -> int:
        return len(self.rows)


class Change(NamedTuple):
    """A country's move between two published reports."""

    iso3: str
    year: int
    previous_year: int | None
    previous: Tier | None
    current: Tier | None
    kind: str  # upgrade, downgrade, unchanged, newly_ranked, no_longer_ranked, to_special_case, ...


def classify_change(previous: Tier | None, current: Tier | None) -> str:
    """Name a move between two placements.

    >>> classify_change(Tier.T2WL, Tier.T3)
    'downgrade'
    >>> classify_change(None, Tier.T2)
    'newly_ranked'
    >>> classify_change(Tier.T2, Tier.SPECIAL_CASE)
    'to_special_case'
    """
    if previous is None and current is None:
        return "unpublished"
    if previous is None:
        return "newly_listed" if current is Tier.SPECIAL_CASE else "newly_ranked"
    if current is None:
        return "no_longer_listed"
    if previous == current:
        return "unchanged"
    if current is Tier.SPECIAL_CASE:
        return "to_special_case"
    if previous is Tier.SPECIAL_CASE:
        return "from_special_case"
    return "upgrade" if current < previous else "downgrade"


@dataclass(frozen=True)
class Record:
    """The published record: placements keyed by country and year, and per-year coverage.

    Build it with :meth:`Record.build`, which validates as it goes.
    """

    placements: Mapping[tuple[str, int], Placement]
    coverage: Mapping[int, YearCoverage]
    roles: Mapping[str, Roles] = field(default_factory=dict)
    determinations: Determinations = field(default_factory=Determinations)

    @classmethod
    def build(
        cls,
        placements: Iterable[Placement],
        coverage: Iterable[YearCoverage],
        roles: Mapping[str, Roles] | None = None,
        determinations: Determinations | None = None,
    ) -> Record:
        by_key: dict[tuple[str, int], Placement] = {}
        for p in placements:
            key = (p.iso3, p.year)
            if key in by_key:
                raise ValueError(f"duplicate placement for {p.iso3} {p.year}")
            by_key[key] = p
        cov = {c.year: c for c in coverage}
        stray = sorted({y for _, y in by_key} - set(cov))
        if stray:
            raise ValueError(f"placements for years without coverage data: {stray}")
        return cls(
            dict(sorted(by_key.items())),
            dict(sorted(cov.items())),
            dict(roles or {}),
            determinations or Determinations(),
        )

    # -- indexes ---------------------------------------------------------------------
    @cached_property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.coverage))

    @cached_property
    def first_year(self) -> int:
        return self.years[0]

    @cached_property
    def last_year(self) -> int:
        return self.years[-1]

    @cached_property
    def _by_country(self) -> dict[str, list[Placement]]:
        out: dict[str, list[Placement]] = {}
        for (iso3, _), p in self.placements.items():
            out.setdefault(iso3, []).append(p)
        return out

    @cached_property
    def _by_year(self) -> dict[int, list[Placement]]:
        out: dict[int, list[Placement]] = {y: [] for y in self.years}
        for p in self.placements.values():
            out[p.year].append(p)
        return out

    @cached_property
    def countries(self) -> tuple[str, ...]:
        """ISO3 codes of every country with at least one placement."""
        return tuple(sorted(self._by_country))

    def __len__(self) -> int:
        return len(self.placements)

    def __iter__(self) -> Iterator[Placement]:
        return iter(self.placements.values())

    # -- questions -------------------------------------------------------------------
    def check_year(self, year: int) -> YearCoverage:
        """The coverage of a report year; raises YearNotInRecord naming the covered years."""
        try:
            return self.coverage[year]
        except KeyError:
            raise YearNotInRecord(year, self.years) from None

    def for_readers(self, year: int) -> YearCoverage:
        """The coverage of ``year`` with its check against the printed counts
        (:meth:`year_check`), for what readers are told; the law's lookups keep reading
        :attr:`coverage`. Needs the year's whole list of placements (a record of one
        country would look short), unless the coverage already carries its check (a store
        that reads one country's rows checks each year's counts as it reads them). Raises
        YearNotInRecord."""
        cov = self.check_year(year)
        return cov if cov.check is not None else cov._replace(check=self.year_check(year))

    def reader_lookup(self, iso3: str, year: int) -> Lookup:
        """:meth:`lookup` as a reader is told it (pages, the CLI's tables, the map): in a year
        whose lists are marked complete but hold fewer countries than the report printed
        (:attr:`YearCoverage.short_of_print`: 2004, 2005, 2008 ...), a country no list names
        may be one of those missing, so it is not called "not ranked" (``maybe_missing``,
        with a note that says why). The law keeps :meth:`lookup` and coverage.csv's flags
        (docs/DATA.md, "Complete for whom")."""
        look = self.lookup(iso3, year)
        if look.presence is not Presence.NOT_RANKED or not entity_exists(iso3, year):
            return look
        cov = self.for_readers(year)
        if not cov.short_of_print or cov.check is None:
            return look
        return look._replace(
            note=(
                f"No {year} placement in the record. The record's {year} lists do not name it,"
                f" but they hold fewer countries than the report printed"
                f" ({'; '.join(cov.check.reasons)}), so it may be missing from our record"
                " rather than not ranked."
            ),
            maybe_missing=True,
        )

    def history(self, iso3: str) -> list[Placement]:
        """A country's published placements in year order (empty if never placed)."""
        return list(self._by_country.get(iso3, ()))

    def year(self, year: int) -> list[Placement]:
        """Every placement of one report year, by ISO3 (raises YearNotInRecord)."""
        self.check_year(year)
        return list(self._by_year[year])

    def get(self, iso3: str, year: int) -> Placement | None:
        return self.placements.get((iso3, year))

    @cached_property
    def _lookups(self) -> dict[tuple[str, int], Lookup]:
        return {}

    def lookup(self, iso3: str, year: int) -> Lookup:
        """What the record knows of a country in a report year, with a sentence saying so.

        Answers are memoised: the record is immutable and the law engine asks often.
        """
        key = (iso3, year)
        found = self._lookups.get(key)
        if found is None:
            found = self._lookups[key] = self._lookup(iso3, year)
        return found

    def _lookup(self, iso3: str, year: int) -> Lookup:
        cov = self.coverage.get(year)
        if cov is None:
            return Lookup(
                iso3,
                year,
                Presence.OUT_OF_RECORD,
                None,
                f"The record has no {year} report; it covers {year_span(self.years)}.",
            )
        p = self.placements.get((iso3, year))
        if p is not None:
            return Lookup(iso3, year, Presence.PUBLISHED, p, "")
        if not entity_exists(iso3, year):
            return Lookup(iso3, year, Presence.NOT_RANKED, None, self._joint_note(iso3, year))
        if not cov.partial:
            return Lookup(
                iso3,
                year,
                Presence.NOT_RANKED,
                None,
                f"Not in the {year} report: the record's {year} lists are complete and "
                "do not name it.",
            )
        if cov.watch_list_and_tier3_complete:
            # only the lists that are partial leave a tier open (2024: Tier 1 is complete)
            was = " or ".join(t.label for t in (Tier.T1, Tier.T2) if not cov.complete[t])
            if not cov.complete[Tier.SPECIAL_CASE]:
                was = f"{was}, a Special Case" if was else "a Special Case"
            return Lookup(
                iso3,
                year,
                Presence.OFF_WATCH_LIST,
                None,
                f"No {year} placement in the record; the {year} Watch List and Tier 3 lists "
                f"are complete and do not name it, so it was {was} or not ranked.",
            )
        return Lookup(
            iso3,
            year,
            Presence.NOT_PUBLISHED,
            None,
            f"No {year} placement in the record, and the record's {year} lists are "
            f"partial ({', '.join(t.label for t in cov.partial_tiers())}), so its {year} "
            "tier is not known here.",
            tuple(cov.partial_tiers()),
        )

    def _joint_note(self, iso3: str, year: int) -> str:
        """Why a joint entity or one of its members has no placement of its own in ``year``."""
        j = joint_entity(iso3)
        assert j is not None
        span = f"{j.first_year}-{j.last_year}"
        if iso3 == j.iso3:
            later = " and ".join(
                f"{n} ({m})" for n, m in zip(j.member_names, j.members, strict=True)
            )
            return (
                f"Not in the {year} report: the reports of {span} ranked {j.name} as one "
                f"government; from {j.last_year + 1} the report ranks {later} apart."
            )
        if not j.ranked(year):
            return (
                f"Not ranked on its own before the {j.last_year + 1} report: the {span} reports "
                f"ranked {j.name} ({j.iso3}); the record has no row of the government before "
                f"{j.first_year}."
            )
        return (
            f"Not ranked on its own in the {year} report: the report ranked {j.name} "
            f"({j.iso3}) as one government."
        )

    def previous_year(self, year: int) -> int | None:
        """The previous report year in the record (reports are annual)."""
        earlier = [y for y in self.years if y < year]
        return earlier[-1] if earlier else None

    def changes(self, year: int) -> list[Change]:
        """Every move between the previous report and this one, for countries in either.

        A country that is missing from one of the two years is 'newly_ranked' or
        'no_longer_listed' only where that year's lists are complete; otherwise its change
        is 'unpublished' (the record cannot say).
        """
        self.check_year(year)
        prev = self.previous_year(year)
        if prev is None:
            return []
        out: list[Change] = []
        for iso3 in sorted(
            {p.iso3 for p in self._by_year[year]} | {p.iso3 for p in self._by_year[prev]}
        ):
            before = self.lookup(iso3, prev)
            now = self.lookup(iso3, year)
            kind = classify_change(before.tier, now.tier)
            if before.tier is None and before.presence is not Presence.NOT_RANKED:
                kind = "unpublished"
            if now.tier is None and now.presence is not Presence.NOT_RANKED:
                kind = "unpublished"
            out.append(Change(iso3, year, prev, before.tier, now.tier, kind))
        return out

    def counts(self, year: int) -> dict[Tier, int]:
        counts = dict.fromkeys(TIERS, 0)
        for p in self.year(year):
            counts[p.tier] += 1
        return counts

    def year_check(self, year: int) -> YearCheck:
        """Whether the record of ``year`` is complete, from the printed counts of its report
        (never from coverage.csv alone: a list it marks partial only makes the year partial).

        The printed number of countries may or may not count the Special Cases; the record
        matches it if either reading does.
        """
        return check_counts(self.check_year(year), self.counts(year))
