"""The researcher's panel: one tidy row per country-year, with the variables people derive by
hand from the reports — the tier, the Watch List streak and clock, the waiver years used,
the automatic downgrade (stated by a source, or derived by the law engine), codes to merge
on (ISO 3166, Correlates of War), the region, the row's source and the year's completeness.

:func:`panel` builds it; :data:`PANEL_FIELDS` is its codebook (name, type, title and
meaning of every column), from which the CSV header, the Frictionless Table Schema, the
Parquet schema and the Stata labels are all written (:mod:`tiptiers.report.panel`).

The panel is *balanced* over the countries the record has placed and the report years it
covers: a country-year without a placement is a row whose ``presence`` says what the record
knows of it (``off_watch_list``, ``not_ranked``, ``not_published``) and whose tier is blank —
never filled in. The clock variables come from the law engine
(:func:`tiptiers.law.explain.explain`, the clock of 22 U.S.C. 7107(b)(2)(D)-(F)); nothing
here re-derives the statute. Pure: no I/O.

>>> from tiptiers.countries import registry
>>> from tiptiers.record import packaged_record
>>> p = panel(packaged_record(), registry(), 2013, 2013)
>>> row = p.row("CHN", 2013)
>>> row["tier"], row["auto_downgrade_derived"], row["waiver_years_used"]
('3', True, 2)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tiptiers.analysis.base import Registry, Tabular, year_range
from tiptiers.analysis.sanctions_applied import (
    OUTCOMES,
    GovernmentOutcome,
    country_determinations,
    document_status,
)
from tiptiers.law.decision import ClockStatus, Decision
from tiptiers.law.explain import explain
from tiptiers.law.versions import COUNTING_STARTS, SANCTIONS_FROM_REPORT, version_for
from tiptiers.model import RANKED_TIERS, TIERS, Lookup, Presence, Record, Tier

#: Called with (countries done, countries in all) while the panel is computed.
Progress = Callable[[int, int], None]

REGION_CODES = ("AF", "EAP", "EUR", "NEA", "SCA", "WHA")

#: tier_ordinal: 1 Tier 1, 2 Tier 2, 3 Tier 2 Watch List, 4 Tier 3 (Special Case: blank).
TIER_ORDINAL: dict[Tier, int] = {t: i for i, t in enumerate(RANKED_TIERS, 1)}


@dataclass(frozen=True)
class PanelField:
    """One column of the panel: its name, Table Schema type, a short title (at most 80
    characters: Stata's variable label) and what it means."""

    name: str
    type: str  # Table Schema: string, integer, boolean, date
    title: str
    description: str
    enum: tuple[str, ...] = ()
    value_labels: tuple[tuple[int, str], ...] = ()  # for integer codes (Stata value labels)
    required: bool = False

    def to_schema(self) -> dict[str, Any]:
        """The Frictionless Table Schema field descriptor."""
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "description": self.description,
        }
        if self.type == "boolean":
            out["trueValues"] = ["true"]
            out["falseValues"] = ["false"]
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.value_labels:
            constraints["enum"] = [v for v, _ in self.value_labels]
        if constraints:
            out["constraints"] = constraints
        return out


_DOWNGRADE = "22 U.S.C. 7107(b)(2)(D)(i)"
_COUNTED_FROM = COUNTING_STARTS.first_in_force()  # the first report whose Watch List years count
_WAIVER = "22 U.S.C. 7107(b)(2)(D)(ii)"

PANEL_FIELDS: tuple[PanelField, ...] = (
    PanelField(
        "iso3",
        "string",
        "ISO 3166-1 alpha-3 code",
        "The country's ISO 3166-1 alpha-3 code, tiptiers' key (Kosovo: XKX).",
        required=True,
    ),
    PanelField("year", "integer", "Report year", "The TIP Report's year.", required=True),
    PanelField("country", "string", "Name in the report", "The name the report prints."),
    PanelField("common_name", "string", "Common name", "The name most readers use."),
    PanelField("iso2", "string", "ISO 3166-1 alpha-2 code", "The ISO 3166-1 alpha-2 code."),
    PanelField(
        "iso_numeric",
        "string",
        "ISO 3166-1 numeric code",
        "The ISO 3166-1 numeric code, three digits (blank where none exists, e.g. Kosovo).",
    ),
    PanelField(
        "cow_code",
        "integer",
        "Correlates of War state number",
        "The Correlates of War state number (blank for territories without one).",
    ),
    PanelField(
        "region",
        "string",
        "State Department regional bureau",
        "AF Africa, EAP East Asia and Pacific, EUR Europe and Eurasia, NEA Near East, SCA South"
        " and Central Asia, WHA Western Hemisphere.",
        enum=REGION_CODES,
    ),
    PanelField(
        "kind",
        "string",
        "Country or territory",
        "'territory' for an entity the report assesses as if it were a country.",
        enum=("country", "territory"),
    ),
    PanelField(
        "presence",
        "string",
        "What the record knows of the country-year",
        "published: a placement is in the record; off_watch_list: no row, but the year's"
        " Watch List and Tier 3 lists are complete and do not name it (so it was Tier 1, Tier 2,"
        " a Special Case or not ranked); not_ranked: no row and every list of the year is"
        " complete; not_published: no row and the year's lists do not settle it.",
        enum=tuple(p.value for p in Presence if p is not Presence.OUT_OF_RECORD),
        required=True,
    ),
    PanelField(
        "tier",
        "string",
        "Tier placement",
        "1, 2, 2WL (Tier 2 Watch List), 3 or special_case; blank where the record has no"
        " placement (see presence).",
        enum=tuple(t.value for t in TIERS),
    ),
    PanelField(
        "tier_ordinal",
        "integer",
        "Tier as an ordinal (1 best, 4 worst)",
        "1 Tier 1, 2 Tier 2, 3 Tier 2 Watch List, 4 Tier 3; blank for a Special Case or no"
        " placement.",
        value_labels=tuple((TIER_ORDINAL[t], t.label) for t in RANKED_TIERS),
    ),
    PanelField(
        "source",
        "string",
        "Source of the placement",
        "The source the record cites for this placement (see docs/DATA.md).",
    ),
    PanelField(
        "year_complete",
        "boolean",
        "The record holds every list of this year",
        "true when every tier list of the year's report is complete in the record; false when"
        " some lists are partial (that year's counts are not the report's totals).",
        required=True,
    ),
    PanelField(
        "year_partial_lists",
        "string",
        "Lists of this year the record holds only in part",
        "The tier codes whose lists are partial in the record for this year, separated by ';'.",
    ),
    PanelField(
        "release_date",
        "date",
        "Date the report was released",
        "The date the report was released, where the record has one with its source.",
    ),
    PanelField(
        "statute_version",
        "string",
        "Statute version governing the report",
        "The version of 22 U.S.C. 7107 in force for this report (V2000 ... V2021; docs/LAW.md).",
    ),
    PanelField(
        "on_watch_list",
        "boolean",
        "On the Tier 2 Watch List this year",
        "true/false where the record settles it; blank where it does not.",
    ),
    PanelField(
        "wl_streak",
        "integer",
        "Consecutive Watch List years up to this one",
        "Consecutive Tier 2 Watch List years ending with this report, this year included"
        f" (0 when not on the Watch List); years before the {_COUNTED_FROM} report count here although"
        f" {_DOWNGRADE} does not count them. Blank where the record does not settle it.",
    ),
    PanelField(
        "wl_listed_since",
        "integer",
        "First year of the Watch List run before this report",
        "The first year of the unbroken Watch List run that ended with the previous report"
        " (blank when the country was not on the Watch List then).",
    ),
    PanelField(
        "clock_status",
        "string",
        "Watch List clock before this report",
        f"The law engine's clock ({_DOWNGRADE}-(F)) before this report: no_clock (no automatic"
        f" downgrade before the {_COUNTED_FROM} report), off_list, counting, waiver_needed,"
        " downgrade_mandatory, relisting_barred, undetermined (the record or the statute's"
        " readings do not settle it).",
        enum=tuple(s.value for s in ClockStatus),
    ),
    PanelField(
        "wl_counted_years",
        "integer",
        "Counted Watch List years before this report",
        f"Consecutive Watch List years immediately before this report that count under"
        f" {_DOWNGRADE} (from the {_COUNTED_FROM} report on). Blank where the clock is undetermined.",
    ),
    PanelField(
        "waiver_year",
        "boolean",
        "This year's Watch List placement needed a waiver",
        f"true when the placement is on the Watch List in a year the clock allowed only with a"
        f" waiver ({_WAIVER}); blank where the clock is undetermined or there is no placement.",
    ),
    PanelField(
        "waiver_basis",
        "string",
        "Whether the waiver is stated or implied",
        "stated: a source in the record states the waiver; implied: only the placement implies"
        " it. Blank when waiver_year is not true.",
        enum=("stated", "implied"),
    ),
    PanelField(
        "waiver_years_used",
        "integer",
        "Waiver years used, this year included",
        f"Waiver years ({_WAIVER}) of the current Watch List run used up to and including this"
        f" report; blank before the {_COUNTED_FROM} report (no waiver existed) and where the clock is"
        " undetermined.",
    ),
    PanelField(
        "auto_downgrade_stated",
        "boolean",
        "A source states an automatic downgrade",
        f"true where a source in the record states that the Tier 3 placement was the automatic"
        f" downgrade of {_DOWNGRADE}; blank where the sources are silent (not 'no').",
    ),
    PanelField(
        "auto_downgrade_derived",
        "boolean",
        "The law engine finds the Tier 3 downgrade mandatory",
        "For a Tier 3 placement: true when the clock made it mandatory (no waiver left), false"
        f" when the clock did not force it; blank for other tiers, before the {_COUNTED_FROM} report and where"
        " the clock is undetermined.",
    ),
    PanelField(
        "auto_downgrade",
        "boolean",
        "Automatic downgrade (stated or derived)",
        "true when auto_downgrade_stated or auto_downgrade_derived is true; false when the"
        " derived value is false and no source states one; blank otherwise.",
    ),
    PanelField(
        "engine_flags",
        "string",
        "Ambiguities and findings the law engine met",
        "The codes of the engine's flags for this country-year (E1-E16 of docs/LAW.md,"
        " OVER_LIMIT, ...), separated by ';'.",
    ),
    PanelField(
        "sanctions_full_waiver_ks",
        "boolean",
        "Full waiver of Tier 3 sanctions (Kelley & Simmons)",
        "A full presidential waiver of the Tier 3 sanctions (22 U.S.C. 7107(d)(4)) as coded by"
        " Kelley & Simmons for 2001-2011; blank where not coded.",
    ),
    PanelField(
        "determination",
        "string",
        "What the Presidential Determination applied",
        "For a Tier 3 government from the first report that triggered the determinations of"
        " 22 U.S.C. 7107(d) (and any government a determination names): full_restrictions,"
        " restrictions_seen (withheld in the part of the document on record; a waiver may be"
        " in the rest), partial_waiver, full_waiver, other, not_seen (not named in the part on"
        " record), no_document, not_named (not named in a document seen whole). Blank"
        " otherwise. docs/PANEL.md explains each.",
        enum=tuple(OUTCOMES),
    ),
    PanelField(
        "determination_codes",
        "string",
        "Codes of the determination's paragraphs",
        "The record's codes for this government's paragraphs of the determination, separated"
        " by ';': d1 and d2 (restrictions of 7107(d)(1)(A)(i) and (ii)), d3 (partial waiver),"
        " d4 (full waiver under 7107(d)(4)), other.",
    ),
    PanelField(
        "pd_number",
        "string",
        "Presidential Determination number",
        "The number of the Presidential Determination for the next fiscal year that names"
        " this government (e.g. 2017-15).",
    ),
    PanelField(
        "pd_date",
        "date",
        "Date of the Presidential Determination",
        "The date of that determination, where the record has it.",
    ),
    PanelField(
        "determination_document",
        "string",
        "How much of the year's determination is on record",
        "complete (the whole text: a government it does not name got no determination),"
        " partial (the text stops early: absence proves nothing) or none; blank before the"
        " determinations began.",
        enum=("complete", "partial", "none"),
    ),
)

#: The panel's column names, in order.
PANEL_COLUMNS: tuple[str, ...] = tuple(f.name for f in PANEL_FIELDS)


@dataclass(frozen=True)
class Panel(Tabular):
    """The panel over ``start``..``end``: rows in (iso3, year) order, columns of
    :data:`PANEL_FIELDS`."""

    start: int
    end: int
    rows: tuple[dict[str, Any], ...]
    fields: tuple[PanelField, ...] = PANEL_FIELDS

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def row(self, iso3: str, year: int) -> dict[str, Any]:
        """The row of one country-year (raises KeyError if it is not in the panel)."""
        for r in self.rows:
            if r["iso3"] == iso3 and r["year"] == year:
                return r
        raise KeyError((iso3, year))

    def to_rows(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.rows]

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start,
            "to": self.end,
            "fields": [f.to_schema() for f in self.fields],
            "rows": self.to_rows(),
        }


def panel(
    record: Record,
    registry: Registry,
    start: int | None = None,
    end: int | None = None,
    *,
    progress: Progress | None = None,
) -> Panel:
    """One row per country the record places and report year ``start``..``end`` (default:
    all), with the derived variables of :data:`PANEL_FIELDS`.

    The clock variables are the law engine's (:func:`tiptiers.law.explain.explain` under
    22 U.S.C. 7107(b)(2)(D)-(F)); ``progress`` is called after each country.
    """
    lo, hi = year_range(record, start, end)
    years = [y for y in record.years if lo <= y <= hi]
    countries = record.countries
    rows: list[dict[str, Any]] = []
    documents = document_status(record.determinations)
    for i, iso3 in enumerate(countries, 1):
        c = registry.get(iso3)
        outcomes = {
            g.year: g
            for g in country_determinations(record, registry, iso3)
        }
        ids = {
            "iso3": iso3,
            "country": c.name,
            "common_name": c.common_name,
            "iso2": c.iso2 or None,
            "iso_numeric": c.numeric,
            "cow_code": c.cow_code,
            "region": c.region,
            "kind": c.kind,
        }
        for y in years:
            look = record.lookup(iso3, y)
            d = explain(record, iso3, y, c.name, c.kind)
            rows.append(_row(record, ids, look, d, outcomes.get(y), documents))
        if progress is not None:
            progress(i, len(countries))
    rows.sort(key=lambda r: (r["iso3"], r["year"]))
    return Panel(lo, hi, tuple(rows))


def _row(
    record: Record,
    ids: dict[str, Any],
    look: Lookup,
    d: Decision,
    outcome: GovernmentOutcome | None,
    documents: dict[int, str],
) -> dict[str, Any]:
    y = look.year
    cov = record.coverage[y]
    p = look.placement
    tier = p.tier if p is not None else None
    state = d.watch_list
    status = state.status
    settled = status is not ClockStatus.UNDETERMINED
    on_wl = look.on_watch_list

    # The Watch List streak: this year's run, from the engine's listed_since.
    streak: int | None
    if on_wl is False:
        streak = 0
    elif on_wl is None:
        streak = None
    elif state.listed_since is not None and settled:
        streak = y - state.listed_since + 1
    elif status in (ClockStatus.OFF_LIST, ClockStatus.NO_CLOCK) and state.listed_since is None:
        streak = 1
    else:
        streak = None

    waiver_year: bool | None = None
    if tier is not None and settled:
        waiver_year = tier is Tier.T2WL and status is ClockStatus.WAIVER_NEEDED
    waiver_basis = None
    if waiver_year:
        assert p is not None
        waiver_basis = "stated" if p.waiver else "implied"
    clock_applies = status is not ClockStatus.NO_CLOCK
    used: int | None = None
    if clock_applies and settled:
        used = state.waiver_years_used + (1 if waiver_year else 0)

    stated = True if p is not None and p.auto_downgrade else None
    derived = state.mandatory if tier is Tier.T3 else None
    if stated or derived:
        auto: bool | None = True
    elif derived is False:
        auto = False
    else:
        auto = None

    row = {
        **ids,
        "year": y,
        "presence": look.presence.value,
        "tier": tier.value if tier is not None else None,
        "tier_ordinal": TIER_ORDINAL.get(tier) if tier is not None else None,
        "source": p.source if p is not None and p.source else None,
        "year_complete": not cov.partial,
        "year_partial_lists": ";".join(t.value for t in cov.partial_tiers()) or None,
        "release_date": cov.release_date,
        "statute_version": version_for(y).id,
        "on_watch_list": on_wl,
        "wl_streak": streak,
        "wl_listed_since": state.listed_since,
        "clock_status": status.value,
        "wl_counted_years": state.consecutive_years if settled and clock_applies else None,
        "waiver_year": waiver_year,
        "waiver_basis": waiver_basis,
        "waiver_years_used": used,
        "auto_downgrade_stated": stated,
        "auto_downgrade_derived": derived,
        "auto_downgrade": auto,
        "engine_flags": ";".join(dict.fromkeys(f.code for f in d.flags)) or None,
        "sanctions_full_waiver_ks": p.sanctions_full_waiver if p is not None else None,
        "determination": outcome.outcome if outcome else None,
        "determination_codes": ";".join(outcome.codes) if outcome and outcome.codes else None,
        "pd_number": outcome.pd_number if outcome and outcome.pd_number else None,
        "pd_date": _iso_or_none(outcome.pd_date) if outcome else None,
        "determination_document": (
            documents.get(y, "none") if SANCTIONS_FROM_REPORT.at(y) else None
        ),
    }
    return {c: row[c] for c in PANEL_COLUMNS}


def _iso_or_none(text: str) -> str | None:
    """An ISO date as it is, else None ('not seen' is not a date)."""
    try:
        return date.fromisoformat(text).isoformat() if text else None
    except ValueError:
        return None
