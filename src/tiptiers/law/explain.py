"""The law over the published record: why a placement is what it is under 22 U.S.C.
7107(b), and the Watch List clock of 7107(b)(2)(D)-(F) (docs/LAW.md §4, §7).

:func:`explain` replays a country's published placements under the law in force in the
report year and explains the placement of that year (e.g. China 2013: on the Watch List
since 2009 under the 2008 law, waiver years 2011 and 2012 used, automatic downgrade
mandatory). :func:`clock` lists, for a report year and from the record before it, every
country on the Watch List clock. Both are pure functions of a :class:`Record`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from tiptiers.law import citations as cite
from tiptiers.law.decision import ClockStatus, Decision, Flag, Step, TraceStep, WatchListState
from tiptiers.law.history import count_text, years_text
from tiptiers.law.versions import (
    COUNTING_STARTS,
    MAX_WAIVER_YEARS,
    TRADE_LISTING_CHANGE_EVIDENCE,
    WATCH_LIST_EXISTS,
    version_for,
)
from tiptiers.law.watchlist import clock_before, downgrade_start_text, streak_broken
from tiptiers.model import Lookup, Placement, Record, Tier
from tiptiers.sources import cite as cite_source

NameFn = Callable[[str], str]


def _lookup_fn(record: Record, iso3: str) -> Callable[[int], Lookup]:
    return partial(record.lookup, iso3)


def explain(
    record: Record, iso3: str, year: int, name: str | None = None, kind: str = "country"
) -> Decision:
    """Explain the published placement of ``iso3`` in the report of ``year`` under the law
    of that year (22 U.S.C. 7107(b)); undetermined where the record has no placement."""
    record.check_year(year)
    v = version_for(year)
    who = name or iso3
    lookup = _lookup_fn(record, iso3)
    look = lookup(year)
    state, clock_flags = clock_before(year, lookup)
    flags: list[Flag] = list(clock_flags)
    trace: list[TraceStep] = [
        TraceStep(
            "version",
            cite.VERSION,
            f"The {year} report is governed by {v.plain} (in force from the"
            f" {v.first_report} report).",
        )
    ]
    if kind == "territory":
        flags.append(Flag("E2", f"{who} is a territory assessed as if it were a country."))
    p = look.placement
    if p is None:
        trace.append(TraceStep("record", cite.LIST_LEAD_IN, look.note))
        if state.status not in (ClockStatus.NO_CLOCK, ClockStatus.OFF_LIST):
            trace.append(
                TraceStep(
                    "watch_list_clock", cite.DOWNGRADE, f"Before it, {who} was {state.reason}."
                )
            )
        return Decision(
            iso3,
            year,
            v.id,
            None,
            None,
            state,
            tuple(trace),
            tuple(flags),
            ("placement",),
            "explanation",
            None,
        )
    tier = p.tier
    source = f" (source: {cite_source(p.source).short()})" if p.source else ""
    if tier is Tier.SPECIAL_CASE:
        trace.append(
            TraceStep(
                "published_placement",
                cite.LIST_LEAD_IN,
                f"The {year} report did not rank {who}: a Special Case{source}, State practice"
                " rather than a statutory list.",
                tier.value,
            )
        )
        flags.append(
            Flag("E1", "How a Special Case year affects a Watch List streak is unresolved.")
        )
        return Decision(
            iso3,
            year,
            v.id,
            tier,
            None,
            state,
            tuple(trace),
            tuple(flags),
            (),
            "explanation",
            tier,
        )
    lst = tier.statutory_list
    assert lst is not None
    section = cite.WATCH_LIST if tier is Tier.T2WL else cite.LISTS[lst]
    what = {
        Tier.T1: "Tier 1: the government fully meets the minimum standards (list A)",
        Tier.T2: "Tier 2: it does not fully meet the minimum standards but makes significant"
        " efforts (list B)",
        Tier.T2WL: "the Tier 2 Watch List: list B, on the special watch list",
        Tier.T3: "Tier 3: it neither meets the minimum standards nor makes significant efforts"
        " (list C)",
    }[tier]
    trace.append(
        TraceStep(
            "published_placement",
            section,
            f"The {year} report placed {who} on {what}{source}.",
            tier.value,
        )
    )
    cats = _categories(year, lookup, tier)
    if cats:
        found_cats = _category_moves(year, who, tier, cats, lookup)
        trace.extend(found_cats.trace)
        flags.extend(found_cats.flags)
    mandatory: bool | None = None
    status = state.status
    trace.extend(_clock_steps(year, who, tier, state))
    if p.waiver:
        flags.extend(_stated_waiver_disagrees(year, who, p, tier, state))
    if tier is Tier.T2WL:
        found = _published_watch_list(year, who, p, state)
    elif tier is Tier.T3:
        found, mandatory = _published_tier3(p, state)
    elif tier in (Tier.T1, Tier.T2) and status in _NO_FURTHER_WATCH_LIST_YEAR:
        found = _upgraded_off_the_clock(tier, lst, status)
    else:
        found = Step((TraceStep("base", cite.LISTS[lst], f"Placed on {tier.label}.", tier.value),))
    trace.extend(found.trace)
    flags.extend(found.flags)
    if mandatory is not None:
        state = replace(state, mandatory=mandatory)
    return Decision(
        iso3,
        year,
        v.id,
        tier,
        lst,
        state,
        tuple(trace),
        tuple(dict.fromkeys(flags)),
        (),
        "explanation",
        tier,
        cats,
        waiver_year=(
            state.waiver_years_used + 1
            if tier is Tier.T2WL and status is ClockStatus.WAIVER_NEEDED
            else None
        ),
        waiver_limit=MAX_WAIVER_YEARS.at(year),
    )


def _category_moves(
    year: int, who: str, tier: Tier, cats: tuple[str, ...], lookup: Callable[[int], Lookup]
) -> Step:
    """A move between lists that puts the country on the special watch list under (i) or
    (ii) of 7107(b)(2)(A), which the record itself proves; and the trade condition of
    19 U.S.C. 4205(b)(6)(C) on a move from Tier 3 to the Watch List, where in force."""
    trace: list[TraceStep] = []
    flags: list[Flag] = []
    if "(ii)" in cats or "(i)" in cats:
        cat = "(ii)" if "(ii)" in cats else "(i)"
        prev = lookup(year - 1).tier
        assert prev is not None
        trace.append(
            TraceStep(
                "special_watch_list",
                f"{cite.SPECIAL_WATCH_LIST}{cat}",
                f"Moved from {prev.label} in {year - 1} to {tier.label}, {who} was on the"
                f" special watch list under category {cat}"
                + (" as well as (iii)" if "(iii)" in cats else "")
                + ": the record itself proves it.",
            )
        )
        if tier is Tier.T2 and cat == "(ii)":
            flags.append(
                Flag(
                    "E3",
                    "Upgraded from Tier 3, it was on the statutory special watch list under"
                    " (ii) although published on Tier 2; whether such a country is published as"
                    " Tier 2 Watch List is State practice.",
                )
            )
    if tier is Tier.T2WL and "(ii)" in cats and TRADE_LISTING_CHANGE_EVIDENCE.at(year):
        trace.append(
            TraceStep(
                "trade_condition",
                TRADE_LISTING_CHANGE_EVIDENCE.citation,
                f"On Tier 3 in {year - 1} and on the Watch List in {year}: for trade agreements"
                " the President must give Congress a detailed description of the credible"
                " evidence for the change (outside the TVPA; the duty dates from Pub. L."
                " 114-125 of February 24, 2016).",
            )
        )
    return Step(tuple(trace), tuple(flags))


def _clock_steps(year: int, who: str, tier: Tier, state: WatchListState) -> list[TraceStep]:
    """Where the clock of 7107(b)(2)(D) stood before the report, and the waiver years used."""
    status = state.status
    trace: list[TraceStep] = []
    if status is ClockStatus.NO_CLOCK:
        note = (
            f"{who} was {state.reason}."
            if state.listed_since is not None
            else f"The {year} law had no Watch List clock ({downgrade_start_text(year)})."
        )
        if WATCH_LIST_EXISTS.at(year) or state.listed_since is not None:
            trace.append(TraceStep("watch_list_clock", "22 U.S.C. 7107(b)(2)", note))
    elif status is ClockStatus.OFF_LIST:
        if tier is Tier.T2WL:
            trace.append(
                TraceStep(
                    "watch_list_clock",
                    cite.DOWNGRADE,
                    f"{who} was not on the Watch List in the previous report: {year} is year 1"
                    " of a new streak.",
                )
            )
    elif status is ClockStatus.UNDETERMINED:
        trace.append(
            TraceStep("watch_list_clock", cite.DOWNGRADE, f"The Watch List clock: {state.reason}.")
        )
    else:
        trace.append(
            TraceStep(
                "watch_list_clock", cite.DOWNGRADE, f"Before this report {who} was {state.reason}."
            )
        )
        if state.waiver_years:
            stated = [w.year for w in state.waiver_years if w.basis == "stated"]
            implied = [w.year for w in state.waiver_years if w.basis == "implied"]
            parts = []
            if stated:
                parts.append(f"{years_text(stated)} stated by a source in the record")
            if implied:
                parts.append(
                    f"{years_text(implied)} implied by the placement (no source in the record"
                    " states it)"
                )
            trace.append(
                TraceStep(
                    "waiver_years",
                    cite.WAIVER,
                    f"Waiver years used: {years_text([w.year for w in state.waiver_years])} ("
                    + "; ".join(parts)
                    + f"), of at most {state.max_waiver_years}.",
                )
            )
    return trace


def _stated_waiver_disagrees(
    year: int, who: str, p: Placement, tier: Tier, state: WatchListState
) -> list[Flag]:
    """E10: a source states a waiver the placements show was not needed (or cannot settle)."""
    status = state.status
    flags: list[Flag] = []
    if p.waiver and not (tier is Tier.T2WL and status is ClockStatus.WAIVER_NEEDED):
        flags.append(
            Flag(
                "E10",
                f"A source in the record ({cite_source(p.flag_basis).short() if p.flag_basis else 'see the row'}) states a Watch List"
                f" waiver for {who} in {year}, but the placements before it"
                + (
                    f" show {count_text(state.consecutive_years, 'counted Watch List year')},"
                    " so none was"
                    " needed"
                    if status is not ClockStatus.UNDETERMINED
                    else " do not settle the clock"
                )
                + (f" and the {year} placement is {tier.label}" if tier is not Tier.T2WL else "")
                + ": the statement and the placements disagree (it may describe another"
                " report).",
            )
        )
    return flags


def _published_watch_list(year: int, who: str, p: Placement, state: WatchListState) -> Step:
    """A published Watch List year against the clock of 7107(b)(2)(D)-(F): counted, waived,
    or beyond what the statute allowed (a finding)."""
    status = state.status
    tier = Tier.T2WL
    trace: list[TraceStep] = []
    flags: list[Flag] = []
    n = state.consecutive_years + 1
    if status is ClockStatus.COUNTING or (status is ClockStatus.OFF_LIST):
        trace.append(
            TraceStep(
                "watch_list",
                cite.WATCH_LIST,
                f"{year} is counted Watch List year {n} of"
                f" {state.years_before_downgrade}: no waiver is needed yet.",
                tier.value,
            )
        )
    elif status is ClockStatus.WAIVER_NEEDED:
        basis = (
            "stated by a source in the record"
            if p.waiver
            else ("implied by the placement: no source in the record states it")
        )
        trace.append(
            TraceStep(
                "waiver",
                cite.WAIVER,
                f"Watch List year {n} in a row is allowed only with a waiver: {year}"
                f" is waiver year {state.waiver_years_used + 1} of at most"
                f" {state.max_waiver_years} ({basis}).",
                tier.value,
            )
        )
    elif status is ClockStatus.DOWNGRADE_MANDATORY:
        trace.append(
            TraceStep(
                "automatic_downgrade",
                cite.DOWNGRADE,
                f"The statute allowed no further Watch List year: {who} should have been"
                f" downgraded to Tier 3 in {year}, and no waiver could prevent it.",
                "3",
            )
        )
        flags.append(
            Flag(
                "OVER_LIMIT",
                f"The published {year} Watch List placement exceeds what"
                f" {cite.DOWNGRADE} allows"
                f" ({count_text(state.consecutive_years, 'counted year')},"
                f" {count_text(state.waiver_years_used, 'waiver year')} used).",
            )
        )
    elif status is ClockStatus.RELISTING_BARRED:
        trace.append(
            TraceStep(
                "relisting_cap",
                cite.RELISTING,
                f"Under 7107(b)(2)(F) {who} could not be on the Watch List in {year}; the"
                " published placement exceeds the re-listing cap.",
                "undetermined",
            )
        )
        flags.append(
            Flag(
                "RELISTING_CAP_EXCEEDED",
                f"The published {year} Watch List placement is barred by {cite.RELISTING}.",
            )
        )
    return Step(tuple(trace), tuple(flags))


def _published_tier3(p: Placement, state: WatchListState) -> tuple[Step, bool | None]:
    """A published Tier 3 against the clock: the automatic downgrade of 7107(b)(2)(D)(i)
    where it was mandatory, else a finding under 7107(b)(1)(C) or the waiver declined;
    and whether the downgrade was mandatory (None where the clock does not say)."""
    status = state.status
    mandatory: bool | None = None
    trace: list[TraceStep] = []
    if status is ClockStatus.DOWNGRADE_MANDATORY:
        mandatory = True
        says = " A source in the record states the automatic downgrade." if p.auto_downgrade else ""
        trace.append(
            TraceStep(
                "automatic_downgrade",
                cite.DOWNGRADE,
                f"No waiver was left, so another Watch List year was impossible: the"
                f" downgrade to Tier 3 was mandatory (automatic downgrade).{says}",
                "3",
            )
        )
    elif status is ClockStatus.WAIVER_NEEDED and p.auto_downgrade:
        mandatory = False
        trace.append(
            TraceStep(
                "automatic_downgrade",
                cite.DOWNGRADE,
                f"A waiver year was still available ({state.waiver_years_used} of"
                f" {state.max_waiver_years} used) and none was granted; a source in the"
                " record states the automatic downgrade, so Tier 3 followed from the waiver"
                " declined, not from the clock alone.",
                "3",
            )
        )
    elif status is ClockStatus.WAIVER_NEEDED:
        mandatory = False
        trace.append(
            TraceStep(
                "tier3_waiver_not_granted",
                f"{cite.LISTS['C']}; {cite.DOWNGRADE}",
                f"A waiver year was still available ({state.waiver_years_used} of"
                f" {state.max_waiver_years} used) and none was granted, so the clock did not"
                " force Tier 3. It rests either on a finding of no significant efforts"
                " (7107(b)(1)(C)) or on the automatic downgrade after the waiver was declined"
                " (7107(b)(2)(D)(i)); the record cannot tell which ground the Secretary used.",
                "3",
            )
        )
    elif status is ClockStatus.COUNTING:
        mandatory = False
        trace.append(
            TraceStep(
                "base",
                cite.LISTS["C"],
                "Placed on Tier 3 on a finding that the government was not making"
                " significant efforts: the clock did not yet require a waiver, so the"
                " automatic downgrade was not in play.",
                "3",
            )
        )
    elif status is ClockStatus.RELISTING_BARRED:
        mandatory = None  # (F) bars the Watch List but leaves Tier 2 or Tier 3 open (E7)
        trace.append(
            TraceStep(
                "relisting_cap",
                cite.RELISTING,
                "The re-listing cap barred another Watch List year; Tier 3 is one of the"
                " two places the statute leaves open.",
                "3",
            )
        )
    elif status in (ClockStatus.OFF_LIST, ClockStatus.NO_CLOCK):
        trace.append(
            TraceStep(
                "base",
                cite.LISTS["C"],
                "Placed on Tier 3 on a finding that the government was not making"
                " significant efforts.",
                "3",
            )
        )
    return Step(tuple(trace)), mandatory


_NO_FURTHER_WATCH_LIST_YEAR = (
    ClockStatus.DOWNGRADE_MANDATORY,
    ClockStatus.RELISTING_BARRED,
    ClockStatus.WAIVER_NEEDED,
)


def _upgraded_off_the_clock(tier: Tier, lst: str, status: ClockStatus) -> Step:
    """Tier 1 or Tier 2 in a year another Watch List year was impossible or needed a waiver:
    the clock stops when the Watch List tests are no longer met (7107(b)(1))."""
    trace: list[TraceStep] = []
    flags: list[Flag] = []
    left = (
        "a Tier 3 downgrade was otherwise mandatory"
        if status in (ClockStatus.DOWNGRADE_MANDATORY, ClockStatus.RELISTING_BARRED)
        else "another Watch List year would have needed a waiver"
    )
    trace.append(
        TraceStep(
            "clock_exit_upgrade",
            cite.LISTS[lst],
            f"It left the Watch List upward to {tier.label}, where {left}: the clock stops"
            " when the Watch List tests are no longer met.",
            tier.value,
        )
    )
    if status is not ClockStatus.WAIVER_NEEDED:
        flags.append(
            Flag(
                "CLOCK_EXIT_UPGRADE",
                f"Placed on {tier.label} in a year when the clock made another Watch List"
                " year impossible.",
            )
        )
    return Step(tuple(trace), tuple(flags))


def _categories(year: int, lookup: Callable[[int], Lookup], tier: Tier) -> tuple[str, ...]:
    """The special watch list categories of 7107(b)(2)(A) a published placement puts a
    country in (docs/LAW.md §4.1): (i) list A after list B, (ii) list B after list C, (iii)
    the Tier 2 Watch List as published. Only from the 2004 report; a previous year the
    record does not settle gives no (i) or (ii)."""
    if not WATCH_LIST_EXISTS.at(year):
        return ()
    prev = lookup(year - 1).tier
    prev_list = prev.statutory_list if prev is not None else None
    cats = []
    if tier.statutory_list == "A" and prev_list == "B":
        cats.append("(i)")
    if tier.statutory_list == "B" and prev_list == "C":
        cats.append("(ii)")
    if tier is Tier.T2WL:
        cats.append("(iii)")
    return tuple(cats)


@dataclass(frozen=True)
class ClockEntry:
    """One country on the Watch List clock for a report year."""

    iso3: str
    name: str
    year: int
    state: WatchListState
    flags: tuple[Flag, ...]
    last_tier: Tier | None

    @property
    def status(self) -> ClockStatus:
        return self.state.status

    def to_dict(self) -> dict[str, Any]:
        return {
            "iso3": self.iso3,
            "name": self.name,
            "year": self.year,
            "status": self.status.value,
            "consecutive_years": self.state.consecutive_years,
            "waiver_years_used": self.state.waiver_years_used,
            "waivers_left": self.state.waivers_left,
            "listed_since": self.state.listed_since,
            "streak_years": list(self.state.streak_years),
            "summary": self.state.summary(),
            "reason": self.state.reason,
            "flags": [f.to_dict() for f in self.flags],
        }

    def to_row(self) -> dict[str, Any]:
        """The CSV row of ``tiptiers clock YEAR --format csv`` and of the API: the JSON
        without its lists (the flags, the streak's years), in :data:`CLOCK_COLUMNS`."""
        d = self.to_dict()
        return {column: d[column] for column in CLOCK_COLUMNS}


#: The clock's CSV columns (:meth:`ClockEntry.to_row`), for the CLI and the API alike.
CLOCK_COLUMNS: tuple[str, ...] = (
    "iso3",
    "name",
    "year",
    "status",
    "consecutive_years",
    "waiver_years_used",
    "waivers_left",
    "listed_since",
    "summary",
    "reason",
)


STATUS_ORDER = (
    ClockStatus.DOWNGRADE_MANDATORY,
    ClockStatus.RELISTING_BARRED,
    ClockStatus.WAIVER_NEEDED,
    ClockStatus.COUNTING,
    ClockStatus.UNDETERMINED,
    ClockStatus.NO_CLOCK,
)


def clock(record: Record, year: int, name: NameFn = str) -> list[ClockEntry]:
    """Every country on the Watch List clock for the report of ``year``, from the record
    before it (22 U.S.C. 7107(b)(2)(D)-(F); docs/LAW.md §4.4).

    A country is listed whenever its clock is not off: counting, needing a waiver, facing a
    mandatory downgrade or the re-listing cap, or ``undetermined`` (with the reason) —
    whatever its previous placement. Before the 2009 report (``no_clock``) the countries on
    the previous Watch List are listed. Left out is only a country the record shows off the
    Watch List whose missing years could at most have begun a count (no counted year in the
    record, no waiver or downgrade in play under any placement). ``year`` may be one past
    the record's last year (the next report).
    """
    if year not in record.coverage and year != record.last_year + 1:
        record.check_year(year)
    version_for(year)
    out: list[ClockEntry] = []
    no_clock = COUNTING_STARTS.at(year) is None  # clock_before says no_clock for everyone
    for iso3 in record.countries:
        lookup = _lookup_fn(record, iso3)
        if streak_broken(year, lookup):
            continue  # off_list, or no_clock off the previous Watch List: never listed
        prev = lookup(year - 1)
        if no_clock and prev.tier is not Tier.T2WL:
            continue  # no_clock, and off the previous Watch List: not listed (below)
        state, flags = clock_before(year, lookup)
        status = state.status
        if status is ClockStatus.OFF_LIST:
            continue
        if status is ClockStatus.NO_CLOCK and prev.tier is not Tier.T2WL:
            continue
        if status is ClockStatus.COUNTING and not state.consecutive_years:
            continue
        out.append(ClockEntry(iso3, name(iso3), year, state, flags, prev.tier))
    out.sort(
        key=lambda e: (STATUS_ORDER.index(e.status) if e.status in STATUS_ORDER else 9, e.name)
    )
    return out


def empty_clock_reason(year: int) -> str:
    """Why the Watch List clock for the report of ``year`` lists no one: before the special
    watch list existed (22 U.S.C. 7107(b)(2)(A), from the 2004 report), or before any Watch
    List year counted (22 U.S.C. 7107(b)(2)(D)(i), reports from 2009), or because no one on
    the previous report's Watch List has a clock running."""
    if not WATCH_LIST_EXISTS.at(year - 1):
        first = WATCH_LIST_EXISTS.first_in_force()
        return (
            f"No country is on the clock: the special watch list ({WATCH_LIST_EXISTS.citation})"
            f" begins with the {first} report: no report before the {year} report had one."
        )
    if COUNTING_STARTS.at(year) == year:
        return (
            f"No country is on the clock: only Watch List years of reports from {year} on count"
            f" ({COUNTING_STARTS.citation}), so no government had a counted year before the"
            f" {year} report."
        )
    return (
        f"No country is on the clock: no government on the {year - 1} Watch List of the record"
        " has a clock running."
    )
