"""The panel's codebook: every column's name, type, title and meaning (:data:`PANEL_FIELDS`),
the codes of the Stata extended missing values (:data:`MISSING_CODES`) and the regional
bureaus as they were in each report year (:func:`bureau_in`).

From these the CSV header, the Frictionless Table Schema, the Parquet schema, the Stata
variable and value labels and ``codebook.md`` are all written (:mod:`tiptiers.report.panel`);
:mod:`tiptiers.analysis.panel` fills the rows. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tiptiers.analysis.sanctions_applied import OUTCOMES
from tiptiers.law.decision import AMBIGUITIES, FINDINGS, ClockStatus
from tiptiers.law.versions import COUNTING_STARTS, SANCTIONS_FROM_REPORT
from tiptiers.model import RANKED_TIERS, TIERS, Presence, Tier

REGION_CODES = ("AF", "EAP", "EUR", "NEA", "SCA", "WHA")

#: tier_ordinal: 1 Tier 1, 2 Tier 2, 3 Tier 2 Watch List, 4 Tier 3 (Special Case: blank).
TIER_ORDINAL: dict[Tier, int] = {t: i for i, t in enumerate(RANKED_TIERS, 1)}

#: Why a value is missing, as Stata's extended missing values (blank in the CSV, null in
#: Parquet; the codebook says which applies to each column).
MISSING_CODES: dict[str, str] = {
    "a": "not applicable (the variable has no value for this row: e.g. the tier of a"
    " Special Case as an ordinal, a waiver count before the law had waivers)",
    "b": "undetermined (the record is complete enough, but the statute's readings or a"
    " year the record lacks leave the value open; docs/LAW.md)",
    "c": "not in the record (the placement, or one the value depends on, is missing from"
    " the record: see presence)",
}

#: The Central Asian states sat in the Bureau of European and Eurasian Affairs until the
#: Department's reorganisation of 21 February 2006 moved them to the Bureau of South Asian
#: Affairs, renamed South and Central Asian Affairs (before the 2006 report).
BUREAU_CHANGES: tuple[tuple[frozenset[str], int, str], ...] = (
    (frozenset({"KAZ", "KGZ", "TJK", "TKM", "UZB"}), 2006, "EUR"),  # not statute: a reorganisation
)


def bureau_in(iso3: str, today: str, year: int) -> str:
    """The regional bureau a country belonged to in the report of ``year``.

    >>> bureau_in("UZB", "SCA", 2005), bureau_in("UZB", "SCA", 2006), bureau_in("FRA", "EUR", 2001)
    ('EUR', 'SCA', 'EUR')
    """
    for members, since, before in BUREAU_CHANGES:
        if iso3 in members and year < since:
            return before
    return today


#: The values of ``tier_move``.
TIER_MOVES: dict[str, str] = {
    "upgrade": "a better tier than in the previous report",
    "downgrade": "a worse tier than in the previous report",
    "same": "the same tier as in the previous report",
    "newly_placed": "placed this year, not ranked (or no report) the year before",
    "not_placed": "not ranked this year, placed the year before",
    "special_case": "a Special Case this year or the year before (no order with the tiers)",
}

#: The values of ``ks_determination`` (Kelley & Simmons' coding, read as docs/PANEL.md says).
KS_OUTCOMES: dict[str, str] = {
    "full_waiver": "fullwaiver = 1: a full 7107(d)(4) waiver",
    "subsequent_compliance": "d3 = 1: a 7107(d)(3) finding of compliance or significant"
    " efforts since the report",
    "partial_waiver": "a restriction variable (d1ai, d1aii, d1b) coded 0 or 1: part of the"
    " restrictions waived",
    "sanctioned": "every restriction variable coded is 2: restrictions applied, nothing waived",
}

_DOWNGRADE = "22 U.S.C. 7107(b)(2)(D)(i)"
_COUNTED_FROM = COUNTING_STARTS.first_in_force()  # the first report whose Watch List years count
_WAIVER = "22 U.S.C. 7107(b)(2)(D)(ii)"
_SANCTIONS_FROM = SANCTIONS_FROM_REPORT.steps[0][0]  # the first report 7107(d) acted on


@dataclass(frozen=True)
class PanelField:
    """One column of the panel: its name, Table Schema type, a short title (at most 80
    characters: Stata's variable label), what it means, and which Stata extended missing
    values (:data:`MISSING_CODES`) its blanks can carry."""

    name: str
    type: str  # Table Schema: string, integer, boolean, date
    title: str
    description: str
    enum: tuple[str, ...] = ()
    value_labels: tuple[tuple[int, str], ...] = ()  # for integer codes (Stata value labels)
    required: bool = False
    missing: str = ""  # the extended missing codes a blank can carry: "abc", "c", ...

    @property
    def stata_labels(self) -> tuple[tuple[int, str], ...]:
        """The value labels of the .dta: the integer codes' own, or (for a string with
        allowed values) 1, 2, ... for each value in order, or 0/1 for a boolean."""
        if self.value_labels:
            return self.value_labels
        if self.enum:
            return tuple((i, v) for i, v in enumerate(self.enum, 1))
        if self.type == "boolean":
            return ((0, "false"), (1, "true"))
        return ()

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


def _f(name: str, type_: str, title: str, description: str, **kw: Any) -> PanelField:
    return PanelField(name, type_, title, description, **kw)


PANEL_FIELDS: tuple[PanelField, ...] = (
    _f(
        "iso3",
        "string",
        "ISO 3166-1 alpha-3 code",
        "The country's ISO 3166-1 alpha-3 code, tiptiers' key (Kosovo: XKX; Serbia and"
        " Montenegro, ranked as one government in the 2003-2006 reports: SCG, ISO 3166-3).",
        required=True,
    ),
    _f("year", "integer", "Report year", "The TIP Report's year.", required=True),
    _f("country", "string", "Name in the report", "The name the report prints."),
    _f("common_name", "string", "Common name", "The name most readers use."),
    _f("iso2", "string", "ISO 3166-1 alpha-2 code", "The ISO 3166-1 alpha-2 code."),
    _f(
        "iso_numeric",
        "string",
        "ISO 3166-1 numeric code",
        "The ISO 3166-1 numeric code, three digits (blank where none exists, e.g. Kosovo).",
    ),
    _f(
        "cow_code",
        "integer",
        "Correlates of War state number",
        "The Correlates of War state number (blank for territories without one). Serbia and"  # not statute: the years of a government, not of the law
        " Montenegro (SCG, 2003-2006) and Serbia (from 2007) are both 345, never in the same"
        " year: merge on cow_code and year.",
        missing="a",
    ),
    _f(
        "region",
        "string",
        "State Department regional bureau today",
        "The bureau the country belongs to today: AF Africa, EAP East Asia and Pacific, EUR"
        " Europe and Eurasia, NEA Near East, SCA South and Central Asia, WHA Western"
        " Hemisphere.",
        enum=REGION_CODES,
    ),
    _f(
        "region_then",
        "string",
        "State Department regional bureau in that report year",
        "The bureau as it was in the report's year: Kazakhstan, Kyrgyzstan, Tajikistan,"
        " Turkmenistan and Uzbekistan were in EUR until the reorganisation of 21 February 2006"
        " moved them to SCA (so EUR in the 2001-2005 reports); every other country as today.",
        enum=REGION_CODES,
    ),
    _f(
        "kind",
        "string",
        "Country or territory",
        "'territory' for an entity the report assesses as if it were a country.",
        enum=("country", "territory"),
    ),
    _f(
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
    _f(
        "tier",
        "string",
        "Tier placement",
        "1, 2, 2WL (Tier 2 Watch List), 3 or special_case; blank where the record has no"
        " placement (see presence).",
        enum=tuple(t.value for t in TIERS),
        missing="ac",
    ),
    _f(
        "tier_ordinal",
        "integer",
        "Tier as an ordinal (1 best, 4 worst)",
        "1 Tier 1, 2 Tier 2, 3 Tier 2 Watch List, 4 Tier 3; blank for a Special Case or no"
        " placement.",
        value_labels=tuple((TIER_ORDINAL[t], t.label) for t in RANKED_TIERS),
        missing="ac",
    ),
    _f(
        "tier_lag",
        "string",
        "Tier in the previous report",
        "The tier column of the previous report year's row (blank in the record's first year,"
        " and where that row has no placement).",
        enum=tuple(t.value for t in TIERS),
        missing="ac",
    ),
    _f(
        "tier_ordinal_lag",
        "integer",
        "Tier ordinal in the previous report",
        "tier_ordinal of the previous report year's row.",
        value_labels=tuple((TIER_ORDINAL[t], t.label) for t in RANKED_TIERS),
        missing="ac",
    ),
    _f(
        "tier_change",
        "integer",
        "Change of tier ordinal from the previous report",
        "tier_ordinal minus tier_ordinal_lag: negative an upgrade, positive a downgrade (+1"
        " Tier 2 to the Watch List, +2 Tier 2 to Tier 3), 0 the same tier. Blank where either"
        " year is a Special Case, not ranked, the record's first year (a), or not in the"
        " record (c).",
        missing="ac",
    ),
    _f(
        "tier_move",
        "string",
        "Kind of move from the previous report",
        "upgrade, downgrade or same (both years ranked on a tier); newly_placed (placed this"
        " year, not ranked the year before or before the record); not_placed (not ranked"
        " this year, placed the year before); special_case (a Special Case this year or the"
        " year before). Blank where either year is not in the record, or neither year is"
        " placed.",
        enum=tuple(TIER_MOVES),
        missing="ac",
    ),
    _f(
        "first_year",
        "integer",
        "First report year the record places the country",
        "The first report year with a placement (a tier or a Special Case) in the record."
        " Where an earlier year's lists do not say whether the report placed it (presence"
        " not_published or off_watch_list), it may have been placed earlier: blank (c).",
        missing="c",
    ),
    _f(
        "years_in_report",
        "integer",
        "Report years placed, up to this one",
        "How many report years up to and including this one placed the country (a tier or a"
        " Special Case). Blank (c) where one of those years' rows does not settle whether it"
        " was placed.",
        missing="c",
    ),
    _f(
        "source",
        "string",
        "Source of the placement",
        "The source the record cites for this placement (see docs/DATA.md).",
    ),
    _f(
        "tier_from_next_report",
        "boolean",
        "The tier was read from a later report",
        "true where the source read this year's tier from a later report or later news (a"
        " narrative saying the country 'remained on' its tier), not from this year's report"
        " itself (docs/DATA.md, provenance); blank (a) where there is no placement.",
        missing="a",
    ),
    _f(
        "year_inferred",
        "boolean",
        "The report year was inferred",
        "true where the source does not print the report year and it was inferred (from a"
        " document number, the data year a narrative reports, or by elimination); blank (a)"
        " where there is no placement.",
        missing="a",
    ),
    _f(
        "source_disagrees",
        "boolean",
        "Another source places this country-year differently",
        "true where another source gives a different tier for this country-year (the"
        " disagreements listed in docs/DATA.md; 'tiptiers sources COUNTRY' names the other"
        " source and its tier); blank (a) where there is no placement.",
        missing="a",
    ),
    _f(
        "year_complete",
        "boolean",
        "The record matches the printed counts of this year's report",
        "true only when the record's number of countries equals the number the report is"
        " printed to have ranked (with or without its Special Cases), every tier count a source"
        " prints equals the record's, and no list is marked partial (Record.year_check); false"
        " otherwise, also where no count is printed to check against (2003, 2020, 2025):"
        " completeness is never asserted by hand.",
        required=True,
    ),
    _f(
        "year_counts_agree",
        "boolean",
        "The record's counts of this year equal the printed ones",
        "true when every count that sources print for the year's report (per tier, and the"
        " number of countries ranked) equals the record's; false where one differs (see"
        " year_count_differences and 'tiptiers info --check'); blank (a) where no source"
        " prints a count. year_complete says which lists the record holds whole; this says"
        " whether their counts match what is printed.",
        missing="a",
    ),
    _f(
        "year_count_differences",
        "string",
        "Printed counts of this year that differ from the record's",
        "Each printed count that differs, as 'list: printed N, record M' (list: a tier code,"
        " or 'ranked'), separated by ';'.",
    ),
    _f(
        "year_partial_lists",
        "string",
        "Lists of this year the record holds only in part",
        "The tier codes whose lists are partial in the record for this year, separated by ';'.",
    ),
    _f(
        "release_date",
        "date",
        "Date the report was released",
        "The date the report was released, where the record has one with its source.",
    ),
    _f(
        "statute_version",
        "string",
        "Statute version governing the report",
        "The version of 22 U.S.C. 7107 in force for this report (V2000 ... V2021; docs/LAW.md).",
    ),
    _f(
        "on_watch_list",
        "boolean",
        "On the Tier 2 Watch List this year",
        "true/false where the record settles it; blank (c) where it does not.",
        missing="c",
    ),
    _f(
        "newly_on_watch_list",
        "boolean",
        "On the Watch List this year, not in the previous report",
        "true when on the Watch List this year and not the year before (every 2004 Watch"
        " List placement: the list began with the 2004 report); false when not on it this"
        " year, or on it both years. Blank (c) where either year is not settled.",
        missing="c",
    ),
    _f(
        "wl_streak",
        "integer",
        "Consecutive Watch List years up to this one",
        "Consecutive Tier 2 Watch List years ending with this report, this year included"
        " (0 when not on the Watch List): a plain count of the tier column, whatever the"
        f" statute makes of it; years before the {_COUNTED_FROM} report count here although"
        f" {_DOWNGRADE} does not count them, and any other year (a Special Case, not ranked)"
        " ends the run. Blank (c) where a year of the run, or the year before it, is not"
        " settled by the record.",
        missing="c",
    ),
    _f(
        "wl_listed_since",
        "integer",
        "First year of the Watch List run before this report",
        "The first year of the unbroken Watch List run that ended with the previous report"
        " (blank when the country was not on the Watch List then (a), or the record does not"
        " say (c)).",
        missing="ac",
    ),
    _f(
        "clock_status",
        "string",
        "Watch List clock before this report",
        f"The law engine's clock ({_DOWNGRADE}-(F)) before this report: no_clock (no automatic"
        f" downgrade before the {_COUNTED_FROM} report), off_list, counting, waiver_needed,"
        " downgrade_mandatory, relisting_barred, undetermined (the statute's readings disagree,"
        " or a year the record lacks could change the count: see clock_status_preferred and"
        " engine_flags).",
        enum=tuple(s.value for s in ClockStatus),
    ),
    _f(
        "clock_status_preferred",
        "string",
        "Watch List clock under the engine's preferred reading",
        "clock_status where it is settled. Where the statute's readings disagree, the clock"
        " under the reading the engine prefers: a Special Case year breaks a run (E5, as State"
        " reads it); waiver years granted under the earlier 2-year rule count against the"
        " 1-year cap (E6, as the text reads); the re-listing cap of 7107(b)(2)(F) applies as"
        " written (E7). Blank (c) where a year the record lacks could change the answer: no"
        " reading fills in a missing placement.",
        enum=tuple(s.value for s in ClockStatus if s is not ClockStatus.UNDETERMINED),
        missing="c",
    ),
    _f(
        "wl_counted_years",
        "integer",
        "Counted Watch List years before this report",
        f"Consecutive Watch List years immediately before this report that count under"
        f" {_DOWNGRADE} (from the {_COUNTED_FROM} report on); blank before it (a), where the"
        " clock is undetermined (b) and where a year the record lacks could change the count"
        " (c).",
        missing="abc",
    ),
    _f(
        "waiver_year",
        "boolean",
        "This year's Watch List placement needed a waiver",
        f"true when the placement is on the Watch List in a year the clock allowed only with a"
        f" waiver ({_WAIVER}); blank where the clock is undetermined (b) or there is no"
        " placement (c).",
        missing="bc",
    ),
    _f(
        "waiver_basis",
        "string",
        "Whether the waiver is stated or implied",
        "stated: a source in the record states the waiver; implied: only the placement implies"
        " it. Blank when waiver_year is not true.",
        enum=("stated", "implied"),
        missing="abc",
    ),
    _f(
        "waiver_years_used",
        "integer",
        "Waiver years used in the current run, this year included",
        f"Waiver years ({_WAIVER}) of the Watch List run this report continues, up to and"
        " including this report; 0 when the country is not on the Watch List this year (the"
        f" run has ended). Blank before the {_COUNTED_FROM} report (a: no waiver existed),"
        " where the clock is undetermined (b) and where the record does not settle this year"
        " or the run (c).",
        missing="abc",
    ),
    _f(
        "auto_downgrade_stated",
        "boolean",
        "A source states an automatic downgrade",
        f"true where a source in the record states that the Tier 3 placement was the automatic"
        f" downgrade of {_DOWNGRADE}; blank where the sources are silent (not 'no'), and (c)"
        " where the record has no placement.",
        missing="ac",
    ),
    _f(
        "auto_downgrade_derived",
        "boolean",
        "The law engine finds the Tier 3 downgrade mandatory",
        "For a Tier 3 placement: true when the clock made it mandatory (no waiver left); false"
        " when the clock did not force it (off the Watch List the year before, years still"
        " counting, a waiver still available, or the re-listing cap, which leaves Tier 2"
        f" open). Blank for other tiers (a), before the {_COUNTED_FROM} report (a) and where"
        " the clock is undetermined (b).",
        missing="abc",
    ),
    _f(
        "auto_downgrade",
        "boolean",
        "Automatic downgrade (stated or derived)",
        "true when auto_downgrade_stated or auto_downgrade_derived is true; false when the"
        " derived value is false and no source states one; blank otherwise.",
        missing="abc",
    ),
    _f(
        "engine_flags",
        "string",
        "Ambiguities and findings the law engine met",
        "The codes of the engine's flags for this country-year, separated by ';': E1-E16"
        " (ambiguities of the statute, docs/LAW.md section 8) and findings such as"
        " OVER_LIMIT; the codebook lists each.",
    ),
    _f(
        "sanctions_full_waiver_ks",
        "boolean",
        "Full waiver of Tier 3 sanctions (Kelley & Simmons)",
        "A full presidential waiver of the Tier 3 sanctions (22 U.S.C. 7107(d)(4)) as coded by"
        f" Kelley & Simmons, for the 2003-2011 reports; blank before the {_SANCTIONS_FROM}"
        " report (a: no determination existed) and where not coded.",
        missing="ac",
    ),
    _f(
        "determination",
        "string",
        "What the Presidential Determination applied",
        "For a Tier 3 government from the first report that triggered the determinations of"
        " 22 U.S.C. 7107(d) (and any government a determination names): full_restrictions,"
        " restrictions_seen (withheld in the part of the document on record; a waiver may be"
        " in the rest), partial_waiver, full_waiver, waiver (scope not stated), other, not_seen (not"
        " named in the part on record), no_document, not_named (not named in a document seen"
        " whole). Blank otherwise. docs/PANEL.md explains each.",
        enum=tuple(OUTCOMES),
        missing="a",
    ),
    _f(
        "determination_codes",
        "string",
        "Provisions of 7107(d) the determination's paragraphs act under",
        "The record's paragraphs for this government, under the statute's names, separated by"
        " ';': d1A_i and d1A_ii (the restrictions of 7107(d)(1)(A)(i) and (ii)), d1A (one of"
        " them, the text on record does not say which), d3 (7107(d)(3): compliance or"
        " significant efforts since the report), d4_partial and d4_full (a partial or full"
        " waiver under 7107(d)(4)), d4 (a waiver whose scope the text on record does not"
        " state), d2 (7107(d)(2): already under comparable restrictions; no determination on"
        " record invokes it), other: the codes the record stores (docs/DATA.md).",
    ),
    _f(
        "pd_number",
        "string",
        "Presidential Determination number",
        "The number of the Presidential Determination for the next fiscal year that names"
        " this government (e.g. 2017-15).",
    ),
    _f(
        "pd_date",
        "date",
        "Date of the Presidential Determination",
        "The date of that determination, where the record has it.",
    ),
    _f(
        "determination_document",
        "string",
        "How much of the year's determination is on record",
        "complete (the whole text: a government it does not name got no determination),"
        " partial (the text stops early: absence proves nothing) or none; blank before the"
        " determinations began.",
        enum=("complete", "partial", "none"),
        missing="a",
    ),
    _f(
        "ks_determination",
        "string",
        "Determination as coded by Kelley & Simmons (second source)",
        "A second source, beside the PD texts on record and never merged into them: Kelley &"
        " Simmons' coding of the full determinations (AJPS 2014 replication data), 2003-2011"
        " reports, read as docs/PANEL.md shows it reproduces Kelley's published counts:"
        " full_waiver, subsequent_compliance, partial_waiver, sanctioned. Blank (a) outside"
        " 2003-2011 or off Tier 3, and (c) for a Tier 3 government the source does not code"
        " (North Korea).",
        enum=tuple(KS_OUTCOMES),
        missing="ac",
    ),
    _f(
        "ks_codes",
        "string",
        "Kelley & Simmons' own codes",
        "The source's variables as it has them, e.g. 'fullwaiver=1;d1ai=0;d1b=0' (blank"
        " variables left out).",
    ),
)

#: The panel's column names, in order.
PANEL_COLUMNS: tuple[str, ...] = tuple(f.name for f in PANEL_FIELDS)

#: Every code that can appear in ``engine_flags``, with its title.
ENGINE_FLAG_CODES: dict[str, str] = {**AMBIGUITIES, **FINDINGS}
