"""The audit: the whole record replayed under the law in force each year, with findings.

:func:`audit` explains every published placement with the law engine
(:func:`tiptiers.law.explain.explain`, which runs the Watch List clock of
:func:`tiptiers.law.watchlist.clock_before`) and turns what it finds into
:class:`Finding` rows — data, with a citation and one sentence each:

- ``watch_list_over_limit``: a Watch List placement the statute allowed only with a waiver
  where no source in the record states one (an *implied* waiver, 22 U.S.C.
  7107(b)(2)(D)(ii)), or that no waiver could allow (7107(b)(2)(D)(i); flag ``OVER_LIMIT``);
- ``relisting_cap_exceeded``: a Watch List placement barred by 7107(b)(2)(F);
- ``tier3_not_forced``: Tier 3 while the clock still allowed another Watch List year: a
  waiver was available and none was granted, so it rests on a finding of no significant
  efforts (7107(b)(1)(C)) or on the downgrade after a declined waiver (7107(b)(2)(D)(i)),
  and the record cannot tell which (e.g. China 2017); or before a waiver was needed;
- ``mandatory_downgrade``: Tier 3 that the clock made mandatory (7107(b)(2)(D)(i), or
  7107(b)(2)(F); e.g. China, Russia and Uzbekistan 2013, Thailand and Malaysia 2014);
- ``clock_exit_upgrade``: Tier 2 or Tier 1 in a year when the clock made another Watch List
  year impossible;
- ``record_gap``: a year with no placement between two of a country's placements, where the
  record cannot say what it was (never filled in);
- ``ambiguity``: every ambiguity flag (E1–E16) the engine raised, with its code;
- ``determination_not_tier3``: a Presidential Determination under 22 U.S.C. 7107(d) for a
  government the record does not place on Tier 3 in that report year (7107(c) asks for one
  for each Tier 3 government only);
- ``tier3_without_determination``: a Tier 3 government that a determination document seen
  whole does not name (7107(c), (d));
- ``determination_outside_window``: a determination dated outside the 45–90 days after the
  report's recorded release date that 7107(c) allows (one finding per document; years
  without a recorded release date are not judged).

With ``cycle`` (a published reporting cycle, :mod:`tiptiers.queries.layers`) the same
audit reads the cycle's placements as its report year's, on top of the official reports
before it (:func:`~tiptiers.queries.layers.shadow_record`): a team sees a third Watch List
year without a waiver, or a re-listing beyond the cap, in its own shadow placements. The
answer carries the cycle (``source``) and its caption; nothing is written into the record.

Pure: no I/O. The engine is not re-implemented here; where it cannot settle the clock
(status ``undetermined``) the audit reports its flags, not a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from tiptiers.analysis.base import (
    Registry,
    Tabular,
    caveat_summary,
    partial_caveats,
    year_range,
)
from tiptiers.analysis.sanctions_applied import document_status
from tiptiers.documents import PresidentialDetermination
from tiptiers.errors import BadInput
from tiptiers.law import citations as cite
from tiptiers.law.decision import ClockStatus, Decision
from tiptiers.law.explain import explain
from tiptiers.law.history import count_text, years_text
from tiptiers.law.versions import DETERMINATION_WINDOW_DAYS, SANCTIONS_FROM_REPORT
from tiptiers.model import Country, Determinations, Placement, Presence, Record, Tier
from tiptiers.queries.layers import PublishedCycle, check_cycle_year, shadow_record

KINDS: tuple[str, ...] = (
    "watch_list_over_limit",
    "relisting_cap_exceeded",
    "tier3_not_forced",
    "mandatory_downgrade",
    "clock_exit_upgrade",
    "record_gap",
    "ambiguity",
    "determination_not_tier3",
    "tier3_without_determination",
    "determination_outside_window",
)

# The section each ambiguity of docs/LAW.md section 8 arises under (see law/decision.py).
AMBIGUITY_CITATIONS: dict[str, str] = {
    "E1": cite.DOWNGRADE,
    "E2": cite.LIST_LEAD_IN,
    "E3": cite.SPECIAL_WATCH_LIST,
    "E4": cite.DOWNGRADE,
    "E5": cite.DOWNGRADE,
    "E6": cite.WAIVER,
    "E7": cite.RELISTING,
    "E8": cite.PROOF_OF_FAILURE,
    "E9": cite.WAIVER,
    "E10": cite.LIST_LEAD_IN,
    "E11": cite.NOTICE,
    "E12": cite.CONCRETE_ACTIONS,
    "E13": cite.DETERMINATIONS,
    "E14": cite.WAIVER,
    "E15": cite.VERSION,
    "E16": "22 U.S.C. 7106(b)",
}
_AMBIGUITY_CODE = re.compile(r"E\d{1,2}")

FINDING_COLUMNS: tuple[str, ...] = (
    "iso3",
    "country",
    "year",
    "kind",
    "code",
    "detail",
    "tier",
    "clock",
    "implied_waiver_years",
    "citation",
    "sentence",
)


@dataclass(frozen=True)
class Finding:
    """One thing the audit found about one country-year.

    ``code`` is the engine's flag (``E7``, ``OVER_LIMIT``, ``CLOCK_EXIT_UPGRADE``, ...) or
    ''; ``detail`` refines the kind (``implied_waiver``/``over_limit``, ``waiver_available``/
    ``counting``, ``clock``/``relisting_cap``, the gap's presence, ``blocking``/
    ``informational``); ``clock`` is the clock status before the report.
    """

    iso3: str
    country: str
    year: int
    kind: str
    citation: str
    sentence: str
    code: str = ""
    detail: str = ""
    tier: Tier | None = None
    clock: str = ""
    implied_waiver_years: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "iso3": self.iso3,
            "country": self.country,
            "year": self.year,
            "kind": self.kind,
            "code": self.code,
            "detail": self.detail,
            "tier": self.tier.value if self.tier else None,
            "clock": self.clock,
            "implied_waiver_years": list(self.implied_waiver_years),
            "citation": self.citation,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Audit(Tabular):
    """The findings of an audit over ``start``..``end`` (one country or all)."""

    start: int
    end: int
    country: Country | None
    findings: tuple[Finding, ...]
    placements_replayed: int
    caveats: dict[int, str]
    kind: str | None = None  # the one kind asked for, if any
    source: PublishedCycle | None = None  # a published cycle's placements, audited

    def by_kind(self) -> dict[str, int]:
        """Findings per kind, in the order of :data:`KINDS` (zero counts included)."""
        counts = Counter(f.kind for f in self.findings)
        return {k: counts.get(k, 0) for k in KINDS}

    def by_code(self) -> dict[str, int]:
        """Ambiguity findings per flag code (E1, E2, ...)."""
        counts = Counter(f.code for f in self.findings if f.kind == "ambiguity")
        return dict(sorted(counts.items(), key=lambda kv: int(kv[0][1:])))

    def by_year(self) -> dict[int, dict[str, int]]:
        """Findings per year and kind, for every year of the range."""
        out = {y: dict.fromkeys(KINDS, 0) for y in range(self.start, self.end + 1)}
        for f in self.findings:
            out[f.year][f.kind] += 1
        return out

    def summary_rows(self) -> list[dict[str, Any]]:
        """One row per year: the count of each kind and the total (``--summary``)."""
        return [
            {"year": y, **counts, "total": sum(counts.values()), "partial": y in self.caveats}
            for y, counts in self.by_year().items()
        ]

    def caveat(self) -> str:
        """The partial years' caveat; for a cycle's audit, first whose placements these are
        (ASCII punctuation: it is also an HTTP header)."""
        years = caveat_summary(self.caveats)
        if self.source is None:
            return years
        return " ".join(x for x in (self.source.caption.replace(" — ", " - "), years) if x)

    def to_rows(self) -> list[dict[str, Any]]:
        """The findings, one row each (the CSV form)."""
        return [f.to_dict() for f in self.findings]

    def summary_dict(self) -> dict[str, Any]:
        return {
            "from": self.start,
            "to": self.end,
            "country": self._country_dict(),
            "kind": self.kind,
            "source": self.source.to_dict() if self.source is not None else None,
            "placements_replayed": self.placements_replayed,
            "by_kind": self.by_kind(),
            "ambiguities_by_code": self.by_code(),
            "by_year": self.summary_rows(),
            "caveat": self.caveat(),
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary_dict(), "findings": self.to_rows()}

    def _country_dict(self) -> dict[str, str] | None:
        return {"iso3": self.country.iso3, "name": self.country.name} if self.country else None


def audit(
    record: Record,
    registry: Registry,
    start: int | None = None,
    end: int | None = None,
    country: str | None = None,
    *,
    kind: str | None = None,
    determinations: Determinations | None = None,
    cycle: PublishedCycle | None = None,
) -> Audit:
    """Replay the record from ``start`` to ``end`` (default: all of it) under the law of each
    year and list the findings; ``country`` (a name or code) limits it to one country and
    ``kind`` (one of :data:`KINDS`) to one kind of finding. The Presidential Determinations
    (``determinations``, default: the record's) are checked against the Tier 3 lists and the
    release dates.

    With ``cycle``, the audit of that published cycle's placements: its report year alone
    (``start``/``end`` may only name it: UnknownSource otherwise), its placements read as
    that year's over the official reports before it.

    >>> from tiptiers.countries import registry
    >>> from tiptiers.record import packaged_record
    >>> a = audit(packaged_record(), registry(), 2013, 2013, "China")
    >>> [(f.kind, f.detail) for f in a.findings]
    [('mandatory_downgrade', 'clock')]
    >>> shadow = PublishedCycle(1, 2013, "Shadow", "2013-06-01T00:00:00+00:00", {"CHN": Tier.T2WL})
    >>> [(f.kind, f.code) for f in audit(packaged_record(), registry(), cycle=shadow).findings]
    [('watch_list_over_limit', 'OVER_LIMIT')]
    """
    if cycle is not None:
        for asked in (start, end):
            check_cycle_year(cycle, asked)
        record = shadow_record(record, cycle)
        start = end = cycle.year
        determinations = None
    lo, hi = year_range(record, start, end)
    if kind is not None and kind not in KINDS:
        raise BadInput(f"Unknown kind of finding '{kind}': use one of {', '.join(KINDS)}.")
    only = registry.resolve(country) if country is not None else None
    findings: list[Finding] = []
    replayed = 0
    countries = (only.iso3,) if only else record.countries
    for iso3 in countries:
        c = registry.get(iso3)
        history = record.history(iso3)
        for p in history:
            if lo <= p.year <= hi:
                replayed += 1
                d = explain(record, iso3, p.year, c.name, c.kind)
                findings.extend(_placement_findings(c, p, d))
        findings.extend(_gap_findings(record, c, history, lo, hi))
    held = record.determinations if determinations is None else determinations
    findings.extend(_determination_findings(record, registry, held, lo, hi, only))
    if kind is not None:
        findings = [f for f in findings if f.kind == kind]
    findings.sort(key=lambda f: (f.year, KINDS.index(f.kind), f.country, f.code))
    caveats = partial_caveats(record, range(lo, hi + 1))
    return Audit(lo, hi, only, tuple(findings), replayed, caveats, kind, cycle)


def _placement_findings(c: Country, p: Placement, d: Decision) -> list[Finding]:
    """The findings of one explained placement."""
    state = d.watch_list
    status = state.status
    codes = {f.code for f in d.flags}
    tier = p.tier
    who, y = c.name, p.year
    out: list[Finding] = []

    def add(kind: str, citation: str, sentence: str, **kw: Any) -> None:
        out.append(
            Finding(
                c.iso3, c.name, y, kind, citation, sentence, tier=tier, clock=status.value, **kw
            )
        )

    streak = (
        f"on the Watch List in {years_text(state.streak_years)}"
        if state.streak_years
        else "on the Watch List"
    )
    if tier is Tier.T2WL and (status is ClockStatus.DOWNGRADE_MANDATORY or "OVER_LIMIT" in codes):
        add(
            "watch_list_over_limit",
            cite.DOWNGRADE,
            f"{who} was kept on the Watch List in {y} after being {streak}, with"
            f" {state.waiver_years_used} of at most {state.max_waiver_years} waiver years used:"
            f" the statute required Tier 3 and no waiver could prevent it.",
            code="OVER_LIMIT",
            detail="over_limit",
        )
    elif tier is Tier.T2WL and status is ClockStatus.WAIVER_NEEDED and p.waiver is not True:
        implied = (*(w.year for w in state.waiver_years if w.basis == "implied"), y)
        n = state.waiver_years_used + 1
        add(
            "watch_list_over_limit",
            cite.WAIVER,
            f"{who} was on the Watch List in {y} after being {streak}: another year there was"
            f" allowed only with a waiver (waiver year {n} of at most {state.max_waiver_years}),"
            f" and no source in the record states one, so the placement implies waiver"
            f" year{'s' if len(implied) > 1 else ''} {years_text(implied)}.",
            detail="implied_waiver",
            implied_waiver_years=implied,
        )
    if tier is Tier.T2WL and (
        status is ClockStatus.RELISTING_BARRED or "RELISTING_CAP_EXCEEDED" in codes
    ):
        add(
            "relisting_cap_exceeded",
            cite.RELISTING,
            f"{who} was on the Watch List in {y} although 7107(b)(2)(F) barred it: it was"
            f" {state.reason}.",
            code="RELISTING_CAP_EXCEEDED",
        )
    if tier is Tier.T3 and state.mandatory is True:
        relisting = status is ClockStatus.RELISTING_BARRED
        stated = (
            " A source in the record states the automatic downgrade." if p.auto_downgrade else ""
        )
        add(
            "mandatory_downgrade",
            cite.RELISTING if relisting else cite.DOWNGRADE,
            (
                f"{who} was placed on Tier 3 in {y} when 7107(b)(2)(F) barred another Watch List"
                f" year: it was {state.reason}."
                if relisting
                else f"{who} was placed on Tier 3 in {y} by the automatic downgrade: it had been"
                f" {streak} with {state.waiver_years_used} of at most {state.max_waiver_years}"
                f" waiver years used, so another Watch List year was impossible.{stated}"
            ),
            detail="relisting_cap" if relisting else "clock",
        )
    elif tier is Tier.T3 and state.mandatory is False:
        waiver_left = status is ClockStatus.WAIVER_NEEDED
        add(
            "tier3_not_forced",
            f"{cite.LISTS['C']}; {cite.DOWNGRADE}" if waiver_left else cite.LISTS["C"],
            (
                f"{who} was placed on Tier 3 in {y} while a waiver year was still available"
                f" ({state.waiver_years_used} of {state.max_waiver_years} used after being"
                f" {streak}) and none was granted: the clock did not force it, and the record"
                " cannot tell whether it rests on a finding of no significant efforts or on"
                " the downgrade after a declined waiver."
                if waiver_left
                else f"{who} was placed on Tier 3 in {y} after being {streak}, before the clock"
                " required a waiver: a finding of no significant efforts."
            ),
            detail="waiver_available" if waiver_left else "counting",
        )
    if tier in (Tier.T1, Tier.T2) and (
        status in (ClockStatus.DOWNGRADE_MANDATORY, ClockStatus.RELISTING_BARRED)
        or "CLOCK_EXIT_UPGRADE" in codes
    ):
        relisting = status is ClockStatus.RELISTING_BARRED
        add(
            "clock_exit_upgrade",
            cite.RELISTING if relisting else cite.DOWNGRADE,
            f"{who} was placed on {tier.label} in {y} when the clock made another Watch List"
            f" year impossible ({state.reason}): it left the Watch List upward instead of"
            " going to Tier 3.",
            code="CLOCK_EXIT_UPGRADE",
            detail="relisting_cap" if relisting else "clock",
        )
    for f in d.flags:
        if _AMBIGUITY_CODE.fullmatch(f.code):
            add(
                "ambiguity",
                AMBIGUITY_CITATIONS.get(f.code, cite.VERSION),
                f"{f.title}: {f.message}",
                code=f.code,
                detail="blocking" if f.blocking else "informational",
            )
    return out


def _gap_findings(
    record: Record, c: Country, history: list[Placement], lo: int, hi: int
) -> list[Finding]:
    """Years between a country's first and last placement for which the record has no
    placement and cannot say what it was (not published, or only 'off the Watch List')."""
    if len(history) < 2:  # not statute: a gap needs a first and a last placement
        return []
    first, last = history[0].year, history[-1].year
    out: list[Finding] = []
    for y in record.years:
        if not (first < y < last and lo <= y <= hi) or record.get(c.iso3, y) is not None:
            continue
        look = record.lookup(c.iso3, y)
        if look.presence in (Presence.NOT_RANKED, Presence.PUBLISHED):
            continue
        before = max(p.year for p in history if p.year < y)
        after = min(p.year for p in history if p.year > y)
        out.append(
            Finding(
                c.iso3,
                c.name,
                y,
                "record_gap",
                cite.LIST_LEAD_IN,
                f"{c.name} has placements in {before} and {after} but none in the record for"
                f" {y}: {look.note}",
                detail=look.presence.value,
            )
        )
    return out


def _determination_findings(
    record: Record,
    registry: Registry,
    held: Determinations,
    lo: int,
    hi: int,
    only: Country | None,
) -> list[Finding]:
    """The Presidential Determinations against the Tier 3 lists and the release dates
    (22 U.S.C. 7107(c), (d)); ``only`` limits the per-government findings to one country
    (the per-document window finding is then left out)."""
    out: list[Finding] = []
    docs = document_status(held)
    named: dict[tuple[int, str], list[PresidentialDetermination]] = {}
    for r in held.rows:
        if lo <= r.report_year <= hi and r.report_year in record.coverage:
            named.setdefault((r.report_year, r.iso3), []).append(r)
    for (y, iso3), got in sorted(named.items()):
        if only is not None and iso3 != only.iso3:
            continue
        look = record.lookup(iso3, y)
        if look.tier is Tier.T3:
            continue
        c = registry.get(iso3)
        was = (
            f"the record places it on {look.tier.label}"
            if look.tier is not None
            else f"the record has no {y} placement for it ({look.note})"
        )
        codes = ", ".join(dict.fromkeys(r.code for r in got))
        out.append(
            Finding(
                iso3,
                c.name,
                y,
                "determination_not_tier3",
                cite.DETERMINATIONS,
                f"PD {got[0].pd_number or '(number not seen)'} makes a determination ({codes})"
                f" for {c.name} on the {y} report, but {was}: {cite.NOTICE} asks for a"
                " determination only for each government on Tier 3.",
                detail=got[0].pd_number,
                tier=look.tier,
            )
        )
    for y in record.years:
        if not lo <= y <= hi or docs.get(y) != "complete":
            continue
        for p in record.year(y):
            if p.tier is not Tier.T3 or (y, p.iso3) in named:
                continue
            if only is not None and p.iso3 != only.iso3:
                continue
            c = registry.get(p.iso3)
            dy = held.for_report(y)
            pd = dy.name if dy else f"the fiscal year {y + 1} determination"
            out.append(
                Finding(
                    p.iso3,
                    c.name,
                    y,
                    "tier3_without_determination",
                    f"{cite.NOTICE}, {cite.DETERMINATIONS}",
                    f"{c.name} was on Tier 3 in the {y} report, but the whole of {pd}"
                    f" (fiscal year {y + 1}) names it nowhere: {cite.NOTICE} requires a determination under"
                    f" {cite.DETERMINATIONS} for each Tier 3 government.",
                    detail="complete_document",
                    tier=Tier.T3,
                )
            )
    if only is None:
        out.extend(_window_findings(record, held, lo, hi))
    return out


def _window_findings(record: Record, held: Determinations, lo: int, hi: int) -> list[Finding]:
    """One finding per determination document dated outside the window of 22 U.S.C.
    7107(c): no earlier than 45 and no later than 90 days after the report's release."""
    out: list[Finding] = []
    for dy in held.years.values():
        y = dy.report_year
        if not lo <= y <= hi or not SANCTIONS_FROM_REPORT.at(y):
            continue
        cov = record.coverage.get(y)
        released = _iso_date(cov.release_date if cov else None)
        signed = _iso_date(dy.pd_date)
        if released is None or signed is None:
            continue
        earliest, latest = DETERMINATION_WINDOW_DAYS.require(y)
        days = (signed - released).days
        if earliest <= days <= latest:
            continue
        off = (
            f"{count_text(earliest - days, 'day')} too early"
            if days < earliest
            else f"{count_text(days - latest, 'day')} late"
        )
        out.append(
            Finding(
                "",
                "",
                y,
                "determination_outside_window",
                f"{cite.NOTICE}, {cite.DETERMINATIONS}",
                f"{dy.name} (fiscal year {y + 1}) came {days} days after the {y} report's"
                f" recorded release on {released.isoformat()}, {off}: {cite.NOTICE} asks for"
                f" the determinations under {cite.DETERMINATIONS} no earlier than {earliest}"
                f" and no later than {latest} days after the report is submitted (the"
                " recorded release date stands for the submission).",
                detail=dy.pd_number,
            )
        )
    return out


def _iso_date(text: str | None) -> date | None:
    """A date from an ISO 'YYYY-MM-DD' text; None for a blank or unreadable one ('not seen')."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
