"""The researcher's panel: one tidy row per country-year, with the variables people derive by
hand from the reports — the tier and the previous report's, the change between them, the Watch
List streak and clock, the waiver years used, the automatic downgrade (stated by a source, or
derived by the law engine), the determinations of 22 U.S.C. 7107(d) (the PD texts on record,
and beside them Kelley & Simmons' coding as a second source), codes to merge on (ISO 3166,
Correlates of War), the region then and today, the row's source and the year's completeness.

:func:`panel` builds it; its codebook is :data:`~tiptiers.analysis.panel_fields.PANEL_FIELDS`
(name, type, title and meaning of every column), from which the CSV header, the Frictionless
Table Schema, the Parquet schema and the Stata labels are all written
(:mod:`tiptiers.report.panel`). Each blank carries its reason (``Panel.missing``: not
applicable, undetermined, not in the record), which the Stata file writes as the extended
missing values ``.a``, ``.b`` and ``.c``.

The panel is *balanced* over the countries the record has placed and the report years it
covers: a country-year without a placement is a row whose ``presence`` says what the record
knows of it (``off_watch_list``, ``not_ranked``, ``not_published``) and whose tier is blank —
never filled in. A joint government has rows only for the years the report ranked it, its
members only after them (:data:`tiptiers.model.JOINT_ENTITIES`: Serbia and Montenegro,
2003-2006), so no placement is in the panel twice. The clock variables come from the law engine
(:func:`tiptiers.law.explain.explain`, the clock of 22 U.S.C. 7107(b)(2)(D)-(F)); the plain
counts (streak, lag, years in the report) are counted from the tier column alone. Pure: no I/O.

>>> from tiptiers.countries import registry
>>> from tiptiers.record import packaged_record
>>> p = panel(packaged_record(), registry(), 2013, 2013)
>>> row = p.row("CHN", 2013)
>>> row["tier"], row["auto_downgrade_derived"], row["waiver_years_used"]
('3', True, 0)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, NamedTuple

from tiptiers.analysis.base import Registry, Tabular, year_range
from tiptiers.analysis.panel_fields import (
    PANEL_COLUMNS,
    PANEL_FIELDS,
    TIER_ORDINAL,
    PanelField,
    bureau_in,
)
from tiptiers.analysis.sanctions_applied import (
    GovernmentOutcome,
    country_determinations,
    document_status,
)
from tiptiers.documents import ReportRelease
from tiptiers.law.decision import ClockStatus, Decision, WatchListState
from tiptiers.law.explain import explain
from tiptiers.law.versions import (
    COUNTING_STARTS,
    RELISTING_CAP_YEARS,
    SANCTIONS_FROM_REPORT,
    WATCH_LIST_EXISTS,
    version_for,
)
from tiptiers.model import Lookup, Presence, Record, Tier, entity_exists
from tiptiers.queries.coverage import count_differences
from tiptiers.sources import (
    PROVENANCE_FLAGS,
    Disagreement,
    tier_from_next_report,
    year_inferred,
)

__all__ = ["PANEL_COLUMNS", "PANEL_FIELDS", "Panel", "PanelField", "panel"]

#: Called with (countries done, countries in all) while the panel is computed.
Progress = Callable[[int, int], None]

#: A second source's coding of a government's determination: (outcome, the source's codes),
#: by (report year, iso3).
SecondSource = Mapping[tuple[int, str], tuple[str, str]]

_UNSETTLED = (Presence.NOT_PUBLISHED, Presence.OFF_WATCH_LIST)  # placed or not: not known


@dataclass(frozen=True)
class Panel(Tabular):
    """The panel over ``start``..``end``: rows in (iso3, year) order, columns of
    :data:`PANEL_FIELDS`; ``missing`` gives, row by row, why each blank is blank (``a`` not
    applicable, ``b`` undetermined, ``c`` not in the record; :data:`MISSING_CODES`)."""

    start: int
    end: int
    rows: tuple[dict[str, Any], ...]
    fields: tuple[PanelField, ...] = PANEL_FIELDS
    missing: tuple[dict[str, str], ...] = field(default=(), repr=False, compare=False)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def row(self, iso3: str, year: int) -> dict[str, Any]:
        """The row of one country-year (raises KeyError if it is not in the panel)."""
        return self.rows[self._index(iso3, year)]

    def why_missing(self, iso3: str, year: int, column: str) -> str | None:
        """Why a cell is blank ('a', 'b' or 'c'), or None where it has a value."""
        if self.row(iso3, year)[column] is not None:
            return None
        return self.missing[self._index(iso3, year)].get(column, "a")

    def _index(self, iso3: str, year: int) -> int:
        for i, r in enumerate(self.rows):
            if r["iso3"] == iso3 and r["year"] == year:
                return i
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
    second_source: SecondSource | None = None,
    releases: Mapping[int, ReportRelease] | None = None,
    disagreements: Mapping[tuple[str, int], Disagreement] | None = None,
) -> Panel:
    """One row per country the record places and report year ``start``..``end`` (default:
    all), with the derived variables of :data:`PANEL_FIELDS`.

    The clock variables are the law engine's (:func:`tiptiers.law.explain.explain` under
    22 U.S.C. 7107(b)(2)(D)-(F)); ``second_source`` is Kelley & Simmons' coding of the
    determinations (:func:`tiptiers.analysis.kelley.panel_source`), shown beside the record's;
    ``releases`` (the printed counts of each report) fill ``year_counts_agree``;
    ``disagreements`` (the country-years another source places differently) fill
    ``source_disagrees``; ``progress`` is called after each country.
    """
    lo, hi = year_range(record, start, end)
    every = list(record.years)
    countries = record.countries
    rows: list[dict[str, Any]] = []
    missing: list[dict[str, str]] = []
    documents = document_status(record.determinations)
    ks = second_source or {}
    ks_span = (min(y for y, _ in ks), max(y for y, _ in ks)) if ks else None
    printed = _printed(record, releases or {})
    for i, iso3 in enumerate(countries, 1):
        c = registry.get(iso3)
        outcomes = {g.year: g for g in country_determinations(record, registry, iso3)}
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
        looks = {y: record.lookup(iso3, y) for y in every}
        for y, counts in _counts(every, looks).items():
            if not lo <= y <= hi:
                continue
            if not entity_exists(iso3, y) and looks[y].placement is None:
                continue  # a joint entity's members have no rows of their own while it stood
            d = explain(record, iso3, y, c.name, c.kind)
            row, why = _row(
                printed,
                record,
                {**ids, "year": y},
                looks,
                counts,
                d,
                outcomes.get(y),
                documents,
                ks,
                ks_span,
            )
            _provenance(row, why, disagreements or {})
            rows.append({c: row[c] for c in PANEL_COLUMNS})
            missing.append(why)
        if progress is not None:
            progress(i, len(countries))
    order = sorted(range(len(rows)), key=lambda k: (rows[k]["iso3"], rows[k]["year"]))
    return Panel(lo, hi, tuple(rows[k] for k in order), missing=tuple(missing[k] for k in order))


# -- plain counts of the tier column ----------------------------------------------------------
class _Counts(NamedTuple):
    """What is counted from the tier column alone, for one country-year (None: unknown)."""

    streak: int | None
    newly_wl: bool | None
    first_year: int | None
    years_in_report: int | None


def _placed(look: Lookup) -> bool | None:
    """Whether the report placed the country (a tier or a Special Case): None if unknown."""
    if look.presence is Presence.PUBLISHED:
        return True
    if look.presence is Presence.NOT_RANKED:
        return False
    return None


def _counts(years: list[int], looks: Mapping[int, Lookup]) -> dict[int, _Counts]:
    """Streak, newly listed, first year and years in the report, year by year."""
    first_wl = WATCH_LIST_EXISTS.first_in_force()
    out: dict[int, _Counts] = {}
    streak: int | None = 0
    placed_so_far: int | None = 0
    first: int | None = None
    first_known = True  # every year before the first placement is known to be unplaced
    for y in years:
        look = looks[y]
        on, placed = look.on_watch_list, _placed(look)
        prev_on = looks[y - 1].on_watch_list if y - 1 in looks else False
        if on is None or (on and prev_on is None):
            streak = None
        elif not on:
            streak = 0
        elif prev_on:
            streak = None if streak is None else streak + 1
        else:
            streak = 1
        if on is None or (on and y != first_wl and prev_on is None):
            newly: bool | None = None
        else:
            newly = bool(on and (y == first_wl or not prev_on))
        placed_so_far = None if placed is None or placed_so_far is None else placed_so_far + placed
        if first is None:
            if placed:
                first = y
            elif placed is None:
                first_known = False
        out[y] = _Counts(streak, newly, None, placed_so_far)
    first_year = first if first_known else None
    return {y: c._replace(first_year=first_year) for y, c in out.items()}


def _lacking_years(year: int, looks: Mapping[int, Lookup]) -> tuple[bool, bool]:
    """Whether a year the record does not settle could change the clock before ``year``:
    (one met walking back over the Watch List run, where a Special Case year may pause it,
    E5; one before that run, where the re-listing cap of 7107(b)(2)(F) is in force). Only
    the first can change the count of the run. A year off the Watch List and Tier 3 for
    certain (``off_watch_list``) is settled for the clock."""
    start = COUNTING_STARTS.at(year)
    if start is None:
        return False, False
    y = year - 1
    run_start = year
    while y >= start:
        look = looks.get(y)
        if look is None or look.presence is Presence.NOT_PUBLISHED:
            return True, False
        if look.tier is Tier.T2WL:
            run_start = y
        elif look.tier is not Tier.SPECIAL_CASE:
            break
        y -= 1
    if RELISTING_CAP_YEARS.at(year) is None or run_start == year:
        return False, False
    before = any(
        looks[x].presence is Presence.NOT_PUBLISHED for x in range(start, run_start) if x in looks
    )
    return False, before


# -- the clock --------------------------------------------------------------------------------
def preferred_status(state: WatchListState) -> ClockStatus | None:
    """The clock under the reading the engine prefers where the statute's readings disagree
    (docs/LAW.md §8): a Special Case breaks a run (E5), earlier waiver years count against
    the cap (E6), the re-listing cap applies as written (E7). None where no reading is
    preferred (the readings stand for placements the record lacks)."""
    if state.status is not ClockStatus.UNDETERMINED:
        return state.status
    r = state.readings
    if not r:
        return None
    if (
        len(r) == 2  # not statute: an E7 split is the one run with and without the cap
        and r[1].status is ClockStatus.RELISTING_BARRED
        and replace(r[1], status=r[0].status, reason=r[0].reason) == r[0]
    ):
        return ClockStatus.RELISTING_BARRED  # E7: the same run, with and without the cap
    return preferred_status(r[0])  # E5/E6: the first reading is break / all waiver years


def _agreed(state: WatchListState, value: Callable[[WatchListState], Any]) -> Any:
    """``value`` of the state where every reading the state stands for gives the same one;
    None where they differ (or an undetermined state carries no readings)."""
    got = {value(s) for s in state.possible()}
    return got.pop() if len(got) == 1 else None


def _row(
    printed: Mapping[int, tuple[bool, str] | None],
    record: Record,
    ids: dict[str, Any],
    looks: Mapping[int, Lookup],
    counts: _Counts,
    d: Decision,
    outcome: GovernmentOutcome | None,
    documents: dict[int, str],
    ks: SecondSource,
    ks_span: tuple[int, int] | None,
) -> tuple[dict[str, Any], dict[str, str]]:
    y = ids["year"]
    look = looks[y]
    why: dict[str, str] = {}
    cov = record.coverage[y]
    p = look.placement
    tier = p.tier if p is not None else None
    prev = looks.get(y - 1)
    state = d.watch_list
    status = state.status
    on_wl = look.on_watch_list
    unsettled = look.presence in _UNSETTLED
    gone = "c" if unsettled else "a"  # why a value of this year's placement is blank

    lacks, lacks_before = _lacking_years(y, looks)
    shown = status
    if status is ClockStatus.COUNTING and lacks and state.consecutive_years == 0:
        shown = ClockStatus.UNDETERMINED  # a count of 0 or 1: the status is not settled
    preferred = (
        None
        if (lacks or lacks_before) and shown is ClockStatus.UNDETERMINED
        else preferred_status(state)
    )
    no_clock = status is ClockStatus.NO_CLOCK
    open_why = "c" if lacks or lacks_before else "b"

    # counted years and waiver years: only where the clock is settled and no lacking year
    counted: int | None = None
    if no_clock:
        why["wl_counted_years"] = "a"
    elif shown is ClockStatus.UNDETERMINED or lacks:
        why["wl_counted_years"] = open_why
    else:
        counted = state.consecutive_years

    waiver_year: bool | None
    if on_wl is None:
        waiver_year, why["waiver_year"] = None, "c"
    elif not on_wl or no_clock:
        waiver_year = False
    else:
        waiver_year = _agreed(state, lambda s: s.status is ClockStatus.WAIVER_NEEDED)
        if waiver_year is None:
            why["waiver_year"] = open_why
    waiver_basis = None
    if waiver_year:
        assert p is not None
        waiver_basis = "stated" if p.waiver else "implied"
    else:
        why["waiver_basis"] = why.get("waiver_year", "a")

    used: int | None = None
    if no_clock:
        why["waiver_years_used"] = "a"
    elif on_wl is None:
        why["waiver_years_used"] = "c"
    elif not on_wl:
        used = 0
    elif waiver_year is None or shown is ClockStatus.UNDETERMINED or lacks:
        why["waiver_years_used"] = open_why
    else:
        used = state.waiver_years_used + (1 if waiver_year else 0)

    stated = True if p is not None and p.auto_downgrade else None
    if stated is None:
        why["auto_downgrade_stated"] = gone
    derived: bool | None = None
    if tier is not Tier.T3:
        why["auto_downgrade_derived"] = "c" if look.presence is Presence.NOT_PUBLISHED else "a"
    elif no_clock:
        why["auto_downgrade_derived"] = "a"
    else:
        derived = _agreed(state, lambda s: s.status is ClockStatus.DOWNGRADE_MANDATORY)
        if derived is None:
            why["auto_downgrade_derived"] = open_why
    auto: bool | None
    if stated or derived:
        auto = True
    elif derived is False:
        auto = False
    else:
        auto, why["auto_downgrade"] = None, why.get("auto_downgrade_derived", "a")

    # the previous report
    prev_tier = prev.tier if prev is not None else None
    prev_gone = "c" if prev is not None and prev.presence in _UNSETTLED else "a"
    ordinal = TIER_ORDINAL.get(tier) if tier is not None else None
    prev_ordinal = TIER_ORDINAL.get(prev_tier) if prev_tier is not None else None
    change = ordinal - prev_ordinal if ordinal is not None and prev_ordinal is not None else None
    move = _move(look, prev)

    for col, value, reason in (
        ("tier", tier, gone),
        ("tier_ordinal", ordinal, gone),
        ("tier_lag", prev_tier, prev_gone),
        ("tier_ordinal_lag", prev_ordinal, prev_gone),
        ("tier_change", change, "c" if "c" in (gone, prev_gone) else "a"),
        ("tier_move", move, "c" if "c" in (gone, prev_gone) else "a"),
        ("first_year", counts.first_year, "c"),
        ("years_in_report", counts.years_in_report, "c"),
        ("on_watch_list", on_wl, "c"),
        ("newly_on_watch_list", counts.newly_wl, "c"),
        ("wl_streak", counts.streak, "c"),
        ("wl_listed_since", state.listed_since, "c" if prev_gone == "c" else "a"),
        ("clock_status_preferred", preferred, "c"),
        ("cow_code", ids["cow_code"], "a"),
    ):
        if value is None:
            why[col] = reason

    ks_value = ks.get((y, ids["iso3"]))
    ks_outcome = ks_value[0] if ks_value else None
    if ks_outcome is None:
        in_span = ks_span is not None and ks_span[0] <= y <= ks_span[1]
        why["ks_determination"] = "c" if in_span and tier is Tier.T3 else "a"
    full_waiver_ks = p.sanctions_full_waiver if p is not None else None
    if not SANCTIONS_FROM_REPORT.at(y):
        full_waiver_ks = None  # no determination existed before the 2003 report
    if full_waiver_ks is None:
        why["sanctions_full_waiver_ks"] = "c" if unsettled else "a"
    if outcome is None:
        why["determination"] = "a"
    document = documents.get(y, "none") if SANCTIONS_FROM_REPORT.at(y) else None
    if document is None:
        why["determination_document"] = "a"

    agree = printed.get(y)
    if agree is None:
        why["year_counts_agree"] = "a"
    row = {
        **ids,
        "year": y,
        "year_counts_agree": agree[0] if agree else None,
        "year_count_differences": agree[1] or None if agree else None,
        "region_then": bureau_in(ids["iso3"], ids["region"], y),
        "presence": look.presence.value,
        "tier": tier.value if tier is not None else None,
        "tier_ordinal": ordinal,
        "tier_lag": prev_tier.value if prev_tier is not None else None,
        "tier_ordinal_lag": prev_ordinal,
        "tier_change": change,
        "tier_move": move,
        "first_year": counts.first_year,
        "years_in_report": counts.years_in_report,
        "source": p.source if p is not None and p.source else None,
        "year_complete": record.year_check(y).complete,
        "year_partial_lists": ";".join(t.value for t in cov.partial_tiers()) or None,
        "release_date": cov.release_date,
        "statute_version": version_for(y).id,
        "on_watch_list": on_wl,
        "newly_on_watch_list": counts.newly_wl,
        "wl_streak": counts.streak,
        "wl_listed_since": state.listed_since,
        "clock_status": shown.value,
        "clock_status_preferred": preferred.value if preferred is not None else None,
        "wl_counted_years": counted,
        "waiver_year": waiver_year,
        "waiver_basis": waiver_basis,
        "waiver_years_used": used,
        "auto_downgrade_stated": stated,
        "auto_downgrade_derived": derived,
        "auto_downgrade": auto,
        "engine_flags": ";".join(dict.fromkeys(f.code for f in d.flags)) or None,
        "sanctions_full_waiver_ks": full_waiver_ks,
        "determination": outcome.outcome if outcome else None,
        "determination_codes": (
            ";".join(outcome.codes)
            if outcome and outcome.codes
            else None
        ),
        "pd_number": outcome.pd_number if outcome and outcome.pd_number else None,
        "pd_date": _iso_or_none(outcome.pd_date) if outcome else None,
        "determination_document": document,
        "ks_determination": ks_outcome,
        "ks_codes": ks_value[1] if ks_value else None,
    }
    return row, why


def _provenance(
    row: dict[str, Any], why: dict[str, str], disagreements: Mapping[tuple[str, int], Any]
) -> None:
    """The placement's provenance flags (:data:`tiptiers.sources.PROVENANCE_FLAGS`), read
    from its source text and the list of disagreements; blank (a) where there is no
    placement to flag."""
    source = row["source"]
    if row["tier"] is None or source is None:
        for flag in PROVENANCE_FLAGS:
            row[flag] = None
            why[flag] = "a"
        return
    row["tier_from_next_report"] = tier_from_next_report(source, row["year"])
    row["year_inferred"] = year_inferred(source)
    row["source_disagrees"] = (row["iso3"], row["year"]) in disagreements


def _printed(
    record: Record, releases: Mapping[int, ReportRelease]
) -> dict[int, tuple[bool, str] | None]:
    """Per report year: (whether every printed count equals the record's, the differences in
    words), or None where no count is printed."""
    diffs: dict[int, list[str]] = {}
    for d in count_differences(record, releases):
        diffs.setdefault(d.year, []).append(f"{d.list}: printed {d.printed}, record {d.recorded}")
    out: dict[int, tuple[bool, str] | None] = {}
    for y in record.years:
        rel = releases.get(y)
        if rel is None or (not rel.printed and rel.countries_ranked is None):
            out[y] = None
        else:
            out[y] = (y not in diffs, "; ".join(diffs.get(y, ())))
    return out


def _move(look: Lookup, prev: Lookup | None) -> str | None:
    """The kind of move from the previous report (``tier_move``), or None."""
    now = _placed(look)
    before = _placed(prev) if prev is not None else False
    if now is None or before is None:
        return None
    if now and before:
        assert look.tier is not None and prev is not None and prev.tier is not None
        if Tier.SPECIAL_CASE in (look.tier, prev.tier):
            return "special_case"
        a, b = TIER_ORDINAL[look.tier], TIER_ORDINAL[prev.tier]
        return "same" if a == b else ("upgrade" if a < b else "downgrade")
    if now:
        return "special_case" if look.tier is Tier.SPECIAL_CASE else "newly_placed"
    if before:
        return "not_placed"
    return None


def _iso_or_none(text: str) -> str | None:
    """An ISO date as it is, else None ('not seen' is not a date)."""
    try:
        return date.fromisoformat(text).isoformat() if text else None
    except ValueError:
        return None
