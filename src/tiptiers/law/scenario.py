"""Statute scenarios: what the Watch List clock of 22 U.S.C. 7107(b)(2)(D)-(F) would have
forced had the law been different (docs/LAW.md explains the law as enacted; docs/SCENARIOS.md
the scenarios and the limits of a counterfactual).

A :class:`Scenario` is data (a YAML or JSON document, schema from :func:`scenario_schema`): a
name, a description, its own citations (a bill, a hearing) and ``parameters`` — for any
statute parameter of ``law/parameters/`` (the files the engine reads), values from a report
year on, in place of the law's from that year. :data:`BASELINE` is the law as enacted: a
scenario that changes nothing.

:func:`replay` plays the published record through the clock under a scenario (pure: a
function of the record and two scenarios). Only what the clock forces changes; every other
finding is held fixed (:data:`LIMITS`, stated in every result):

- a published Watch List year that the scenario's clock would not allow (no waiver left, or
  the re-listing bar of 7107(b)(2)(F)) becomes Tier 3;
- a published Tier 3 that the law as it was forced (the automatic downgrade, or the
  re-listing bar) becomes a Watch List year where the scenario's clock allows one;
- each change is carried forward: later years read the scenario's placements, so a Tier 3
  year breaks a Watch List streak, and a Watch List year continues one.

The result lists every country-year whose tier changes, with both explanations (the law as
it was, over the record; the scenario, over its own record), counts per year, and a forward
look at the next report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from tiptiers.law import citations as cite
from tiptiers.law import versions
from tiptiers.law.decision import ClockStatus, Decision
from tiptiers.law.explain import ClockEntry, clock, explain
from tiptiers.law.history import count_text, years_text
from tiptiers.law.params import ParameterError, coerce, coerce_year
from tiptiers.law.versions import (
    COUNTING_STARTS,
    MAX_WAIVER_YEARS,
    RELISTING_CAP_YEARS,
    RELISTING_STREAK_YEARS,
    WATCH_LIST_YEARS_BEFORE_DOWNGRADE,
    Steps,
    parameters_overridden,
)
from tiptiers.law.watchlist import clock_before
from tiptiers.model import Lookup, Placement, Presence, Record, Tier

SCHEMA = "tiptiers.scenario/1"
REPLAY_SCHEMA = "tiptiers.scenario-replay/1"
MAX_STEPS = 50  # values per parameter a scenario may give (bounded work)
TOP_LEVEL = ("name", "description", "citations", "parameters", "schema")

LIMITS: tuple[str, ...] = (
    "The replay changes only what the Watch List clock forces (22 U.S.C. 7107(b)(2)(D)-(F)):"
    " a Watch List year the scenario would not allow becomes Tier 3, and a Tier 3 that the law"
    " as it was forced becomes a Watch List year where the scenario allows one.",
    "Every other finding is held fixed as published: the Secretary's discretionary findings"
    " (significant efforts, the Watch List tests, a Tier 3 the clock did not force) and what governments"
    " would have done under a different law are unknown and not modelled.",
    "Where the scenario leaves a waiver year available, the replay assumes it would have been"
    " granted, as the published Watch List placement implies.",
    "Where the re-listing bar of 7107(b)(2)(F) would have barred the Watch List, the replay"
    " uses Tier 3: with the Watch List findings held fixed the tests cannot be cleared (the"
    " statute names no tier for such a country).",
    "Years the record does not settle stay unsettled; a clock the record cannot settle under"
    " the scenario leaves the published placement unchanged, and so does a Watch List year"
    " that already exceeded the law as it was.",
)


@dataclass(frozen=True)
class ScenarioCitation:
    """A source the scenario rests on: a bill number, a hearing, an article."""

    title: str
    href: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "href": self.href}


@dataclass(frozen=True)
class Scenario:
    """Statute parameters changed from a report year on (``parameters``: name -> (first
    report year, value) steps, as in the parameter files)."""

    name: str
    description: str = ""
    parameters: Mapping[str, Steps] = field(default_factory=dict)
    citations: tuple[ScenarioCitation, ...] = ()
    id: str = ""

    def steps(self) -> dict[str, Steps]:
        """The steps in force under the scenario, for each parameter it changes: the law's
        steps before the scenario's first year, then the scenario's.

        >>> s = scenario_from_dict({"name": "x", "parameters": {"max_waiver_years": {2009: 1}}})
        >>> s.steps()["max_waiver_years"]
        ((2009, 1),)
        >>> scenario_from_dict({"name": "x", "parameters": {"max_waiver_years": {2015: 3}}}
        ...                    ).steps()["max_waiver_years"]
        ((2009, 2), (2015, 3))
        """
        out = self._merged()
        for name, since, value, _ in _dependencies(out):
            have = out.get(name, versions.SPECS[name].values)
            out[name] = ((since, value), *have)
        return out

    def _merged(self) -> dict[str, Steps]:
        out: dict[str, Steps] = {}
        for name, steps in self.parameters.items():
            first = steps[0][0]
            law = tuple((y, v) for y, v in versions.SPECS[name].values if y < first)
            out[name] = law + tuple(steps)
        return out

    def assumptions(self) -> tuple[str, ...]:
        """What the replay assumes where the scenario moves a rule to a year before the
        parameters it needs exist (:func:`_dependencies`), in words.

        >>> scenario_from_dict({"name": "x", "parameters": {"relisting_cap_years": {2009: 1}}}
        ...                    ).assumptions()[0][:52]
        'relisting_streak_years has no value before 2019, but'
        """
        return tuple(sentence for *_, sentence in _dependencies(self._merged()))

    @contextmanager
    def in_force(self) -> Iterator[None]:
        """Within the block every rule reads the scenario's parameters."""
        with parameters_overridden(self.steps()):
            yield

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "name": self.name,
            "description": self.description,
            "citations": [c.to_dict() for c in self.citations],
            "parameters": {
                n: {str(y): list(v) if isinstance(v, tuple) else v for y, v in steps}
                for n, steps in self.parameters.items()
            },
        }


BASELINE = Scenario(
    "The law as enacted",
    "The statute parameters as the law set them (law/parameters/): the baseline every"
    " scenario is compared with unless another is given.",
    id="baseline",
)


def _bad(field_: str, message: str) -> ParameterError:
    return ParameterError(f"{field_}: {message}", field=field_)


def scenario_from_dict(data: Any, id: str = "") -> Scenario:
    """A scenario from its YAML/JSON form; a :class:`ParameterError` naming the field for an
    unknown parameter or an impossible value.

    >>> scenario_from_dict({"name": "x", "parameters": {"waiver_years": {2009: 1}}})
    Traceback (most recent call last):
    ...
    tiptiers.law.params.ParameterError: parameters.waiver_years: not a statute parameter; known: clock_counting_starts, determination_window_days, first_report, max_waiver_years, relisting_cap_years, relisting_streak_years, report_due, sanctions_apply, special_watch_list, trade_agreement_condition, trade_listing_change_evidence, waiver_decider, watch_list_years_before_downgrade.
    """
    if not isinstance(data, Mapping):
        raise _bad("scenario", "must be a mapping with name, description and parameters.")
    for key in data:
        if key not in TOP_LEVEL:
            raise _bad(str(key), f"not a scenario field; expected one of {', '.join(TOP_LEVEL)}.")
    if "schema" in data and data["schema"] != SCHEMA:
        raise _bad("schema", f"{data['schema']!r} is not {SCHEMA!r}.")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _bad("name", "a scenario needs a name (a non-empty text).")
    description = data.get("description") or ""
    if not isinstance(description, str):
        raise _bad("description", "must be a text.")
    citations: list[ScenarioCitation] = []
    raw_citations = data.get("citations") or []
    if not isinstance(raw_citations, list):
        raise _bad("citations", "must be a list of {title, href}.")
    for i, c in enumerate(raw_citations):
        where = f"citations[{i}]"
        if isinstance(c, str) and c.strip():
            citations.append(ScenarioCitation(c.strip()))
            continue
        if not isinstance(c, Mapping) or not isinstance(c.get("title"), str):
            raise _bad(where, "a citation is a text or {title, href}.")
        href = c.get("href")
        if href is not None and (not isinstance(href, str) or not href.startswith("https://")):
            raise _bad(f"{where}.href", "must be an https link.")
        extra = set(c) - {"title", "href"}
        if extra:
            raise _bad(f"{where}.{sorted(extra)[0]}", "not a citation field (title, href).")
        citations.append(ScenarioCitation(c["title"].strip(), href))
    raw_params = data.get("parameters") or {}
    if not isinstance(raw_params, Mapping):
        raise _bad("parameters", "must map a parameter name to {first report year: value}.")
    parameters: dict[str, Steps] = {}
    for pname, values in raw_params.items():
        where = f"parameters.{pname}"
        spec = versions.SPECS.get(str(pname))
        if spec is None:
            raise _bad(
                where, f"not a statute parameter; known: {', '.join(sorted(versions.SPECS))}."
            )
        if not isinstance(values, Mapping) or not values:
            raise _bad(where, "give values by first report year, e.g. {2009: 1}.")
        if len(values) > MAX_STEPS:
            raise _bad(where, f"at most {MAX_STEPS} values.")
        steps = sorted(
            (
                coerce_year(y, f"{where}.{y}"),
                coerce(
                    spec.kind,
                    v,
                    f"{where}.{y}",
                    minimum=spec.minimum,
                    maximum=spec.maximum,
                    nullable=spec.nullable,
                ),
            )
            for y, v in values.items()
        )
        if len({y for y, _ in steps}) != len(steps):
            raise _bad(where, "a report year is given twice.")
        parameters[str(pname)] = tuple(steps)
    return Scenario(name.strip(), description.strip(), parameters, tuple(citations), id)


def _dependencies(steps: Mapping[str, Steps]) -> list[tuple[str, int, Any, str]]:
    """Parameters a scenario's rules need before the law gives them a value: the clock's
    (watch_list_years_before_downgrade, max_waiver_years) from the first year the scenario's
    clock counts, and the streak of the re-listing bar of 7107(b)(2)(F)
    (relisting_streak_years) from the first report the scenario's bar applies to. Each is
    (parameter, from year, the law's first value, the sentence that says so): the replay
    uses the law's first value from that year (a scenario may give its own) and says so in
    its limits, where a document could otherwise not be replayed at all."""
    out: list[tuple[str, int, Any, str]] = []

    def need(p: versions.DatedValue[Any], since: int, why: str) -> None:
        have = steps.get(p.name, p.law_steps)
        if have[0][0] > since:
            out.append(
                (
                    p.name,
                    since,
                    have[0][1],
                    f"{p.name} has no value before {have[0][0]}, but {why}: its first"
                    f" value ({have[0][1]}) is used from {since} (give {p.name} a value from"
                    f" {since} to use another).",
                )
            )

    counting = steps.get(COUNTING_STARTS.name, COUNTING_STARTS.law_steps)
    starts = [min(first, start) for first, start in counting if start is not None]
    if starts:
        since = min(starts)
        for p in (WATCH_LIST_YEARS_BEFORE_DOWNGRADE, MAX_WAIVER_YEARS):
            need(p, since, f"the scenario's Watch List clock counts years from {since}")
    bars = [first for first, cap in steps.get(RELISTING_CAP_YEARS.name, ()) if cap is not None]
    if bars:
        bar = min(bars)
        need(RELISTING_STREAK_YEARS, bar, f"the scenario's re-listing bar applies from {bar}")
    return out


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario document, each parameter typed by its kind."""
    kinds: dict[str, dict[str, Any]] = {
        "count": {"type": "integer"},
        "year": {"type": "integer"},
        "switch": {"type": "boolean"},
        "month_day": {
            "type": "string",
            "pattern": r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        },
        "day_range": {
            "type": "array",
            "description": "Two day counts: the window between them (in either order).",
            "items": {"type": "integer", "minimum": 0},
            "minItems": 2,
            "maxItems": 2,
        },
        "text": {"type": "string", "pattern": r"\S"},
    }
    props: dict[str, Any] = {}
    for name, spec in sorted(versions.SPECS.items()):
        value = dict(kinds[spec.kind])
        if spec.minimum is not None:
            value["minimum"] = spec.minimum
        if spec.maximum is not None:
            value["maximum"] = spec.maximum
        if spec.nullable:
            value = {"anyOf": [value, {"type": "null"}]}
        props[name] = {
            "type": "object",
            "title": spec.label,
            "description": f"{spec.description} Unit: {spec.unit}. {spec.citation}."
            " Keys: the first report year (2001-2100) from which the value applies.",
            "propertyNames": {"pattern": r"^(200[1-9]|20[1-9][0-9]|2100)$"},
            "additionalProperties": value,
            "minProperties": 1,
            "maxProperties": MAX_STEPS,
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA,
        "title": "tiptiers statute scenario",
        "description": "Statute parameters changed from a report year on, replayed over the"
        " published record by 'tiptiers scenario FILE'.",
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": SCHEMA},
            "name": {"type": "string", "pattern": r"\S"},
            "description": {"type": "string"},
            "citations": {
                "type": "array",
                "items": {
                    "anyOf": [
                        {"type": "string", "pattern": r"\S"},
                        {
                            "type": "object",
                            "required": ["title"],
                            "additionalProperties": False,
                            "properties": {
                                "title": {"type": "string", "pattern": r"\S"},
                                "href": {"type": "string", "pattern": "^https://"},
                            },
                        },
                    ]
                },
            },
            "parameters": {
                "type": "object",
                "additionalProperties": False,
                "properties": props,
            },
        },
    }


# -- replay --------------------------------------------------------------------------------
FORCED = (ClockStatus.DOWNGRADE_MANDATORY, ClockStatus.RELISTING_BARRED)


def _lookup(
    record: Record, changed: Mapping[tuple[str, int], Placement], iso3: str
) -> Callable[[int], Lookup]:
    """The country's lookups, with the placements the replay has changed so far."""
    base = partial(record.lookup, iso3)

    def look(y: int) -> Lookup:
        p = changed.get((iso3, y))
        if p is None:
            return base(y)
        return Lookup(iso3, y, Presence.PUBLISHED, p, "")

    return look


def forced_tier3(record: Record) -> frozenset[tuple[str, int]]:
    """The published Tier 3 and Watch List placements on which the law as enacted left no
    choice: the clock before them allowed no Watch List year (the automatic downgrade, or
    the re-listing bar). A Tier 3 among them was forced; a Watch List year among them
    exceeded the law, and the replay holds it fixed as published."""
    forced = set()
    counted_from = COUNTING_STARTS.first_in_force()  # before it no clock forced anything
    for p in record:
        if p.tier in (Tier.T3, Tier.T2WL) and counted_from is not None and p.year > counted_from:
            was, _ = clock_before(p.year, partial(record.lookup, p.iso3))
            if was.status in FORCED:
                forced.add((p.iso3, p.year))
    return frozenset(forced)


def counterfactual(
    record: Record, scenario: Scenario, forced: frozenset[tuple[str, int]] | None = None
) -> Record:
    """The record as the scenario's clock would have forced it, every other finding held
    fixed (see the module's docstring and :data:`LIMITS`). ``forced`` is
    :func:`forced_tier3` of the record, if the caller has it already."""
    if forced is None:
        forced = forced_tier3(record)
    changed: dict[tuple[str, int], Placement] = {}
    with scenario.in_force():
        for iso3 in record.countries:
            history = [p for p in record.history(iso3) if p.tier in (Tier.T2WL, Tier.T3)]
            if not history:
                continue
            look = _lookup(record, changed, iso3)
            for p in history:
                if (p.tier is Tier.T3) is not ((iso3, p.year) in forced):
                    # a Tier 3 the clock did not force is a finding, and a Watch List year
                    # over the law's limit was published anyway: both held fixed
                    continue
                state, _ = clock_before(p.year, look)
                if p.tier is Tier.T2WL and state.status in FORCED:
                    changed[(iso3, p.year)] = p._replace(tier=Tier.T3, waiver=None, source=_SOURCE)
                elif (
                    p.tier is Tier.T3
                    and (iso3, p.year) in forced
                    and state.status not in (*FORCED, ClockStatus.UNDETERMINED)
                ):
                    changed[(iso3, p.year)] = p._replace(
                        tier=Tier.T2WL, auto_downgrade=None, source=_SOURCE
                    )
    placements = dict(record.placements)
    placements.update(changed)
    return replace(record, placements=placements)


_SOURCE = "scenario replay (the clock's forced placement; other findings as published)"


@dataclass(frozen=True)
class ChangedYear:
    """One country-year whose tier the scenario changes, with both explanations."""

    iso3: str
    name: str
    year: int
    actual: Tier
    scenario: Tier
    sentence: str
    actual_decision: Decision
    scenario_decision: Decision

    @property
    def direction(self) -> str:
        return "tier3_added" if self.scenario is Tier.T3 else "tier3_removed"

    def to_dict(self, traces: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "iso3": self.iso3,
            "name": self.name,
            "year": self.year,
            "actual": self.actual.value,
            "scenario": self.scenario.value,
            "change": self.direction,
            "sentence": self.sentence,
            "actual_reason": self.actual_decision.watch_list.reason,
            "scenario_reason": self.scenario_decision.watch_list.reason,
        }
        if traces:
            d["actual_trace"] = [s.to_dict() for s in self.actual_decision.trace]
            d["scenario_trace"] = [s.to_dict() for s in self.scenario_decision.trace]
        return d


@dataclass(frozen=True)
class YearCounts:
    year: int
    tier3_added: int
    tier3_removed: int

    @property
    def watch_list_removed(self) -> int:
        return self.tier3_added

    @property
    def watch_list_added(self) -> int:
        return self.tier3_removed

    def to_dict(self) -> dict[str, int]:
        return {
            "year": self.year,
            "tier3_added": self.tier3_added,
            "tier3_removed": self.tier3_removed,
            "watch_list_removed": self.watch_list_removed,
            "watch_list_added": self.watch_list_added,
        }


@dataclass(frozen=True)
class ForwardEntry:
    """A country whose clock for the next report differs under the scenario."""

    iso3: str
    name: str
    year: int
    actual: ClockStatus
    scenario: ClockStatus
    scenario_reason: str

    @property
    def forced(self) -> bool:
        return self.scenario is ClockStatus.DOWNGRADE_MANDATORY

    def to_dict(self) -> dict[str, Any]:
        return {
            "iso3": self.iso3,
            "name": self.name,
            "year": self.year,
            "actual": self.actual.value,
            "scenario": self.scenario.value,
            "forced_to_tier3": self.forced,
            "scenario_reason": self.scenario_reason,
        }


@dataclass(frozen=True)
class Replay:
    """A scenario replayed over the record against another (by default the law as it was)."""

    scenario: Scenario
    against: Scenario
    first: int
    last: int
    record: Record  # the scenario's record
    against_record: Record
    changes: tuple[ChangedYear, ...]
    counts: tuple[YearCounts, ...]
    forward_year: int
    forward: tuple[ForwardEntry, ...]
    limits: tuple[str, ...] = LIMITS

    def explain(self, iso3: str, year: int, name: str | None = None) -> Decision:
        """The scenario's explanation of a country-year, over its own record."""
        with self.scenario.in_force():
            return explain(self.record, iso3, year, name)

    def clock(self, year: int, name: Any = str) -> list[ClockEntry]:
        """The scenario's Watch List clock for a report year, over its own record."""
        with self.scenario.in_force():
            return clock(self.record, year, name)

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.iso3 for c in self.changes))

    def by_country(self) -> dict[str, str]:
        """Each changed country's kind of change: ``tier3_added`` (Tier 3 where the record has
        the Watch List), ``tier3_removed`` (the reverse) or ``both``."""
        out: dict[str, str] = {}
        for c in self.changes:
            seen = out.get(c.iso3)
            out[c.iso3] = c.direction if seen in (None, c.direction) else "both"
        return out

    def summary(self) -> str:
        added = sum(c.tier3_added for c in self.counts)
        removed = sum(c.tier3_removed for c in self.counts)
        who = len(self.countries)
        return (
            f"{self.scenario.name}, against {self.against.name.lower()}, reports"
            f" {self.first}-{self.last}: {added} Tier 3 placement(s) added, {removed} removed,"
            f" in {who} countr{'y' if who == 1 else 'ies'}."
        )

    def to_dict(self, traces: bool = True) -> dict[str, Any]:
        return {
            "schema": REPLAY_SCHEMA,
            "scenario": self.scenario.to_dict(),
            "against": self.against.to_dict(),
            "from": self.first,
            "to": self.last,
            "summary": self.summary(),
            "limits": list(self.limits),
            "changes": [c.to_dict(traces) for c in self.changes],
            "counts": [c.to_dict() for c in self.counts],
            "forward": {
                "year": self.forward_year,
                "countries": [f.to_dict() for f in self.forward],
            },
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """One CSV row per changed country-year."""
        return [c.to_dict(traces=False) for c in self.changes]


CSV_COLUMNS = (
    "iso3",
    "name",
    "year",
    "actual",
    "scenario",
    "change",
    "sentence",
    "actual_reason",
    "scenario_reason",
)


def _why_forced(d: Decision) -> str:
    """Why the scenario's clock allowed no Watch List year, in a few words."""
    wl = d.watch_list
    if wl.status is ClockStatus.RELISTING_BARRED:
        return f"the re-listing bar of {cite.RELISTING} allowed no further Watch List year"
    streak = years_text(list(wl.streak_years))
    if not wl.max_waiver_years:
        return (
            f"on the Watch List in {streak} ({count_text(wl.consecutive_years, 'counted year')}),"
            " with no waiver to keep it there"
        )
    return (
        f"on the Watch List in {streak} ({count_text(wl.consecutive_years, 'counted year')}),"
        f" with {count_text(wl.waiver_years_used, 'waiver year')} of at most"
        f" {wl.max_waiver_years} already used: no waiver was left"
    )


def _sentence(name: str, year: int, actual: Decision, new: Decision, prev: Tier | None) -> str:
    """One line: what changes and why, in the clock's words."""
    a, b = actual.tier, new.tier
    assert a is not None and b is not None
    if b is Tier.T3:
        return f"{name}: Tier 3 in {year} instead of {a.label} — {_why_forced(new)}."
    wl = new.watch_list
    if wl.status is ClockStatus.NO_CLOCK:
        why = "no automatic downgrade applies"
    elif wl.status is ClockStatus.OFF_LIST:
        after = f" after {prev.label} in {year - 1}" if prev else ""
        why = f"it would begin a new Watch List streak{after}"
    else:
        why = f"it was {wl.reason}" if wl.reason.startswith("on the") else wl.reason
    return (
        f"{name}: {b.label} in {year} instead of Tier 3 — the law as it was forced the"
        f" downgrade, but under the scenario {why}."
    )


def replay(
    record: Record,
    scenario: Scenario,
    *,
    against: Scenario = BASELINE,
    first: int | None = None,
    last: int | None = None,
    name: Any = str,
    forced: frozenset[tuple[str, int]] | None = None,
) -> Replay:
    """Replay ``scenario`` over the published record, against ``against`` (the law as it
    was unless given), reporting the years ``first``-``last`` (default: the whole record).
    ``forced`` is :func:`forced_tier3` of the record, where the caller keeps it."""
    lo = record.first_year if first is None else first
    hi = record.last_year if last is None else last
    if forced is None:
        forced = forced_tier3(record)
    mine = counterfactual(record, scenario, forced)
    theirs = record if against is BASELINE else counterfactual(record, against, forced)
    changes: list[ChangedYear] = []
    keys = sorted(
        {
            k
            for k in (*mine.placements, *theirs.placements)
            if lo <= k[1] <= hi
            and (mine.placements.get(k) or _NONE).tier
            is not (theirs.placements.get(k) or _NONE).tier
        },
        key=lambda k: (k[1], name(k[0])),
    )
    for iso3, y in keys:
        a = theirs.placements[(iso3, y)]
        b = mine.placements[(iso3, y)]
        who = name(iso3)
        with against.in_force():
            da = explain(theirs, iso3, y, who)
        with scenario.in_force():
            db = explain(mine, iso3, y, who)
        prev = mine.get(iso3, y - 1)
        line = _sentence(who, y, da, db, prev.tier if prev else None)
        changes.append(ChangedYear(iso3, who, y, a.tier, b.tier, line, da, db))
    counts = tuple(
        YearCounts(
            y,
            sum(1 for c in changes if c.year == y and c.scenario is Tier.T3),
            sum(1 for c in changes if c.year == y and c.scenario is not Tier.T3),
        )
        for y in range(lo, hi + 1)
        if y in record.coverage
    )
    nxt = record.last_year + 1
    forward: list[ForwardEntry] = []
    for iso3 in record.countries:
        p = mine.get(iso3, record.last_year)
        q = theirs.get(iso3, record.last_year)
        if not any(x is not None and x.tier in (Tier.T2WL, Tier.T3) for x in (p, q)):
            continue
        with scenario.in_force():
            s, _ = clock_before(nxt, partial(mine.lookup, iso3))
        with against.in_force():
            t, _ = clock_before(nxt, partial(theirs.lookup, iso3))
        if s.status is not t.status:
            forward.append(ForwardEntry(iso3, name(iso3), nxt, t.status, s.status, s.reason))
    forward.sort(key=lambda f: (not f.forced, f.name))
    assumed = scenario.assumptions() + tuple(
        f"{against.name} (against): {line}" for line in against.assumptions()
    )
    return Replay(
        scenario,
        against,
        lo,
        hi,
        mine,
        theirs,
        tuple(changes),
        counts,
        nxt,
        tuple(forward),
        assumed + LIMITS,
    )


@dataclass(frozen=True)
class _NoPlacement:
    tier: None = None


_NONE = _NoPlacement()
