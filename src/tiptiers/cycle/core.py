"""The pure core of a reporting cycle (docs/CYCLE.md): the law engine applied to a cycle's
facts, what is still missing to decide, overrides, the placements the statute refuses, the
determination draft of 22 U.S.C. 7107(c)-(d), who may do what, and the events' hash chain.

No file, database, network or clock: the store and the service pass everything in. The law
itself is the engine's (:mod:`tiptiers.law`); nothing here decides a tier.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tiptiers.errors import BadInput, TiptiersError
from tiptiers.law import citations as cite
from tiptiers.law.assessment import Assessment, parse_assessment
from tiptiers.law.decision import ClockStatus, Decision
from tiptiers.law.evaluate import (
    evaluate_assessment,
    history_lookup,
    passes_for,
    what_each_value_gives,
)
from tiptiers.law.lists import reporting_period
from tiptiers.law.permitted import permitted
from tiptiers.law.sanctions import determinations
from tiptiers.law.tiers import Passes
from tiptiers.law.versions import DETERMINATION_WINDOW_DAYS, SANCTIONS_FROM_REPORT
from tiptiers.law.waiver import waiver_ok
from tiptiers.model import Record, Tier

# -- roles and what they may do ------------------------------------------------------------
#: The roles of a cycle's members; a member may hold several.
ROLES: tuple[str, ...] = ("viewer", "analyst", "reviewer", "decider", "admin")

#: Which roles may take each action. Reading needs membership (or a published cycle); the
#: analyst drafts, the reviewer clears or disputes, the decider places, the admin manages.
#: Nobody edits an event: the database refuses it.
PERMISSIONS: dict[str, frozenset[str]] = {
    "view": frozenset(ROLES),
    "assess": frozenset({"analyst"}),
    "recommend": frozenset({"analyst"}),
    "comment": frozenset({"analyst", "reviewer", "decider", "admin"}),
    "review": frozenset({"reviewer"}),
    "decide": frozenset({"decider"}),
    "manage": frozenset({"admin"}),
}

#: The cycle's statuses, in order: writes only while open; published is frozen for good.
CYCLE_STATUSES: tuple[str, ...] = ("open", "closed", "published")
#: An assessment's workflow states.
ASSESSMENT_STATUSES: tuple[str, ...] = (
    "not_started",
    "draft",
    "recommended",
    "cleared",
    "disputed",
    "decided",
)
REVIEW_VERDICTS: tuple[str, ...] = ("comment", "clear", "dispute")
#: The placements a cycle may record (the tier codes).
FINAL_TIERS: tuple[str, ...] = tuple(t.value for t in Tier)
#: Regional bureau codes an analyst's scope may name.
REGIONS: tuple[str, ...] = ("AF", "EAP", "EUR", "NEA", "SCA", "WHA")


def allowed(roles: Iterable[str], action: str) -> bool:
    """Whether any of ``roles`` may take ``action``.

    >>> allowed(["viewer"], "assess"), allowed(["analyst", "viewer"], "assess")
    (False, True)
    """
    return bool(PERMISSIONS[action] & set(roles))


def in_scope(scope: str, iso3: str, region: str | None) -> bool:
    """Whether a member limited to ``scope`` (ISO3 codes and regional bureaus, comma
    separated; empty for all) may work on ``iso3``.

    >>> in_scope("", "THA", "EAP"), in_scope("EAP,BRA", "THA", "EAP"), in_scope("BRA", "THA", "EAP")
    (True, True, False)
    """
    items = {s.strip().upper() for s in scope.split(",") if s.strip()}
    return not items or iso3 in items or (region is not None and region.upper() in items)


def parse_scope(text: str) -> str:
    """A scope as stored: upper-case ISO3 codes and bureau codes, comma separated; raises
    BadInput for anything else.

    >>> parse_scope(" eap, tha ")
    'EAP,THA'
    """
    items = [s.strip().upper() for s in text.split(",") if s.strip()]
    bad = [s for s in items if s not in REGIONS and not (len(s) == 3 and s.isalpha())]
    if bad:
        raise BadInput(
            f"Unknown scope '{bad[0]}': use ISO3 codes or regional bureaus"
            f" ({', '.join(REGIONS)}), comma separated.",
            field="countries",
        )
    return ",".join(items)


def merge_facts(
    facts: Mapping[str, Any], sets: Mapping[str, Any], unsets: Iterable[str] = ()
) -> dict[str, Any]:
    """``facts`` with ``sets`` applied and ``unsets`` removed; a dotted name
    (``waiver.granted``) is a field of a nested fact.

    >>> merge_facts({"waiver": {"granted": True}}, {"waiver.decider": "President"}, ["x"])
    {'waiver': {'granted': True, 'decider': 'President'}}
    """
    out: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in facts.items()}
    for name, value in sets.items():
        head, _, sub = name.partition(".")
        if sub:
            inner = out.get(head)
            out[head] = {**(inner if isinstance(inner, dict) else {}), sub: value}
        else:
            out[head] = value
    for name in unsets:
        head, _, sub = name.partition(".")
        if sub and isinstance(out.get(head), dict):
            out[head].pop(sub, None)
            if not out[head]:
                del out[head]
        elif not sub:
            out.pop(head, None)
    return out


def fact_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """The changed facts as (name, before, after), a nested fact field by field.

    >>> fact_changes({"a": 1, "w": {"g": True}}, {"w": {"g": False}})
    [('a', 1, None), ('w.g', True, False)]
    """
    out: list[tuple[str, Any, Any]] = []
    for k in sorted(set(before) | set(after)):
        b, a = before.get(k), after.get(k)
        if isinstance(b, dict) or isinstance(a, dict):
            bd = b if isinstance(b, dict) else {}
            ad = a if isinstance(a, dict) else {}
            out.extend(
                (f"{k}.{s}", bd.get(s), ad.get(s))
                for s in sorted(set(bd) | set(ad))
                if bd.get(s) != ad.get(s)
            )
        elif b != a:
            out.append((k, b, a))
    return out


def known_fact(name: str) -> bool:
    """Whether ``name`` is a fact of the assessment schema (``waiver.granted`` included)."""
    from tiptiers.law.assessment import Waiver

    head, _, sub = name.partition(".")
    if head in CYCLE_FACTS or head not in Assessment.model_fields:
        return False
    return not sub or (head == "waiver" and sub in Waiver.model_fields)


def check_tier(value: str, what: str = "tier") -> str:
    """A tier code as a cycle stores it (a label or alias is accepted); BadInput otherwise."""
    from tiptiers.errors import InvalidTier

    try:
        return Tier.parse(str(value)).value
    except InvalidTier as exc:
        raise BadInput(f"{what}: {exc.message}", field=what) from None


# -- errors ----------------------------------------------------------------------------------
class NotSignedIn(TiptiersError):
    """No valid token, session or user name."""

    http_status = 401


class TooManyTries(TiptiersError):
    """Too many failed sign-ins for a name or an address: ``wait`` seconds before the next."""

    http_status = 429

    def __init__(self, wait: int) -> None:
        super().__init__(f"Too many failed sign-ins: try again in {wait} seconds.")
        self.wait = wait


class Forbidden(TiptiersError):
    """The user's roles in the cycle do not allow the action."""

    http_status = 403


class NotFound(TiptiersError):
    """An unknown cycle, user or country of a cycle."""

    http_status = 404


class Conflict(TiptiersError):
    """A stale write (optimistic concurrency): ``current`` is the state it would overwrite
    and ``change`` the change made since."""

    http_status = 409

    def __init__(self, message: str, current: Mapping[str, Any], change: Mapping[str, Any]):
        super().__init__(message)
        self.current = dict(current)
        self.change = dict(change)

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "current": self.current, "their_change": self.change}


class Refused(TiptiersError):
    """A placement the statute forbids, or a step the workflow does not allow now."""

    http_status = 422


# -- the engine's answer for a cycle's facts -----------------------------------------------
#: Facts that a cycle sets itself, never an analyst.
CYCLE_FACTS = ("country", "report_year", "evidence")


@dataclass(frozen=True)
class Hint:
    """What one missing fact would settle: each value tried and the tier it gives."""

    fact: str
    description: str
    outcomes: tuple[tuple[str, str], ...]  # (value tried, tier code or "undetermined")
    citation: str

    @property
    def text(self) -> str:
        """'a finding on making_significant_efforts would settle Tier 2 vs Tier 3'; where
        a value leaves the answer open, what it would still need."""
        settled = list(dict.fromkeys(_label(t) for _, t in self.outcomes if t in FINAL_TIERS))
        cited = f" ({self.citation})" if self.citation else ""
        if len(settled) == len(self.outcomes) and len(settled) > 1:
            return f"a finding on {self.fact} would settle {' vs '.join(settled)}{cited}"
        if not settled:
            return f"a finding on {self.fact} is needed first ({self.description})"
        parts = "; ".join(f"{v}: {_label(t) if t in FINAL_TIERS else t}" for v, t in self.outcomes)
        return f"a finding on {self.fact} decides part of it: {parts}{cited}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "fact": self.fact,
            "description": self.description,
            "outcomes": [{"value": v, "tier": t} for v, t in self.outcomes],
            "citation": self.citation,
            "text": self.text,
        }


def _label(code: str) -> str:
    return Tier(code).label if code in FINAL_TIERS else "still undetermined"


@dataclass(frozen=True)
class Evaluation:
    """The engine's live answer for one country's facts in a cycle."""

    decision: Decision
    hints: tuple[Hint, ...]
    watch_list: tuple[str, str]  # (code, sentence): what the clock permits this year

    @property
    def supported(self) -> str | None:
        """The tier the facts support (None while undetermined)."""
        return self.decision.tier.value if self.decision.tier is not None else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "supported_tier": self.supported,
            "decision": self.decision.to_dict(),
            "missing": [h.to_dict() for h in self.hints],
            "watch_list_permitted": {"code": self.watch_list[0], "text": self.watch_list[1]},
        }


def assessment_of(iso3: str, year: int, facts: Mapping[str, Any], source: str) -> Assessment:
    """The law's :class:`Assessment` for a cycle's facts (BadInput naming the wrong field)."""
    if not isinstance(facts, Mapping):
        raise BadInput(f"{source}: facts must be an object of fact names and values.")
    own = [k for k in CYCLE_FACTS if k in facts]
    if own:
        raise BadInput(
            f"{source}: '{own[0]}' is set by the cycle, not by a fact: remove it.", field=own[0]
        )
    return parse_assessment({**facts, "country": iso3, "report_year": year}, source)


def evaluate_facts(
    record: Record, iso3: str, year: int, facts: Mapping[str, Any], *, hints: bool = True
) -> Evaluation:
    """The engine's answer for ``facts`` of ``iso3`` in the report of ``year``: the tier they
    support (22 U.S.C. 7107(b)), the trace, what the Watch List clock permits, and for every
    missing fact the tiers its values would give.

    The answer depends on nothing but its arguments (the law is pure, and a store hands
    out one :class:`Record` object per revision of the record), so the last
    :data:`_EVALUATED_KEEP` answers are kept, keyed on the record's identity and the
    facts' canonical JSON: an analyst flipping a finding back and forth, or the board
    re-reading the same facts, costs one evaluation, not one per save (the hints try every
    value of every missing fact, about 2.5 ms a save)."""
    try:
        key = (id(record), iso3, year, hints, canonical(facts))
    except (TypeError, ValueError):  # facts JSON cannot write: evaluated (and refused) anew
        return _evaluate_facts(record, iso3, year, facts, hints)
    with _EVALUATED_LOCK:
        kept = _EVALUATED.get(key)
        if kept is not None and kept[0] is record:
            _EVALUATED.move_to_end(key)
            return kept[1]
    evaluation = _evaluate_facts(record, iso3, year, facts, hints)
    with _EVALUATED_LOCK:
        # the record is kept with its answer so that its id cannot be reused meanwhile
        _EVALUATED[key] = (record, evaluation)
        while len(_EVALUATED) > _EVALUATED_KEEP:
            _EVALUATED.popitem(last=False)
    return evaluation


#: How many (record, facts) answers :func:`evaluate_facts` keeps: a whole report's
#: countries in a few states each, a few MB at most.
_EVALUATED_KEEP = 2048
_EVALUATED: OrderedDict[tuple[int, str, int, bool, str], tuple[Record, Evaluation]] = OrderedDict()
_EVALUATED_LOCK = threading.Lock()


def _evaluate_facts(
    record: Record, iso3: str, year: int, facts: Mapping[str, Any], hints: bool
) -> Evaluation:
    a = assessment_of(iso3, year, facts, f"{iso3} {year}")
    passes = passes_for(a, record, iso3)  # the answer and its hints share their passes
    decision = evaluate_assessment(a, record, iso3, passes=passes)
    lookup = history_lookup(record, iso3, a) if passes is None else passes.lookup
    found = tuple(_hint(a, record, iso3, f, passes) for f in decision.missing) if hints else ()
    return Evaluation(decision, found, permitted(year, lookup, decision.watch_list))


def _hint(a: Assessment, record: Record, iso3: str, fact: str, passes: Passes | None) -> Hint:
    given = what_each_value_gives(a, record, iso3, fact, passes)
    cites = dict.fromkeys(g.citation for g in given if g.citation)
    return Hint(
        fact, _description(fact), tuple((g.value, g.outcome) for g in given), "; ".join(cites)
    )


def _description(fact: str) -> str:
    from tiptiers.law.assessment import Waiver

    head, _, sub = fact.partition(".")
    fields = Waiver.model_fields if sub else Assessment.model_fields
    info = fields.get(sub or head)
    return (info.description or "") if info is not None else ""


# -- the final placement -------------------------------------------------------------------
@dataclass(frozen=True)
class FinalCheck:
    """A decider's placement against the recommendation and the law."""

    tier: str
    refused: str = ""  # the one-line refusal, citing the section; empty if allowed
    differs_from: tuple[str, ...] = ()  # "the recommendation", "what the facts support"

    @property
    def override(self) -> bool:
        return bool(self.differs_from)


def check_final(
    final: str,
    recommended: str | None,
    evaluation: Evaluation,
    facts: Mapping[str, Any],
    name: str,
    year: int,
) -> FinalCheck:
    """Whether the statute permits ``final`` (a Watch List year the clock forbids is refused
    with its section: the automatic downgrade of 7107(b)(2)(D)(i) once no waiver is left
    under (D)(ii), the re-listing bar of (F), a waiver year without its recorded prongs), and
    from what it differs (an override needs a written reason)."""
    code, sentence = evaluation.watch_list
    refused = ""
    if final == Tier.T2WL.value:
        status = evaluation.decision.watch_list.status
        if code == "no_watch_list":
            refused = f"{sentence} ({cite.SPECIAL_WATCH_LIST})"
        elif code == "not_allowed" and status is ClockStatus.RELISTING_BARRED:
            refused = f"{sentence} ({cite.RELISTING})"
        elif code == "not_allowed":
            refused = f"{sentence} No waiver year is left ({cite.DOWNGRADE}; {cite.WAIVER})"
        elif code == "waiver_needed":
            a = assessment_of(evaluation.decision.iso3, year, facts, name)
            ok, missing = waiver_ok(a)
            if not ok:
                need = (
                    f" (missing: {', '.join(missing)})"
                    if missing
                    else " (a prong or the waiver is recorded as not met)"
                )
                refused = (
                    f"{sentence} A third counted Watch List year is deemed Tier 3"
                    f" ({cite.DOWNGRADE}) unless the waiver is recorded with its prongs"
                    f"{need} ({cite.WAIVER})"
                )
    if refused:
        refused = (
            f"Refused: {Tier(final).label} for {name} in the {year} report: {refused.rstrip('.')}."
            " Record the waiver with its prongs where the law allows one, or choose another"
            " tier."
        )
    differs = []
    if recommended is not None and final != recommended:
        differs.append("the recommendation")
    if evaluation.supported is not None and final != evaluation.supported:
        differs.append("what the facts support")
    return FinalCheck(final, refused, tuple(differs))


# -- the determination draft of 7107(c)-(d) -------------------------------------------------
@dataclass(frozen=True)
class DeterminationDraft:
    """What the President is to determine for a government on Tier 3 in the cycle's report
    (22 U.S.C. 7107(c)-(d)): the window counted from the planned release, the four options
    as the law of the year writes them, and which withholding a d1 would be."""

    iso3: str
    name: str
    year: int
    applies: bool
    summary: str
    earliest: date | None = None
    latest: date | None = None
    options: tuple[dict[str, str], ...] = ()
    withholding: str = ""
    fiscal_year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "iso3": self.iso3,
            "name": self.name,
            "year": self.year,
            "applies": self.applies,
            "summary": self.summary,
            "window": {
                "earliest": self.earliest.isoformat() if self.earliest else None,
                "latest": self.latest.isoformat() if self.latest else None,
                "citation": cite.NOTICE,
            },
            "options": list(self.options),
            "withholding": self.withholding,
            "fiscal_year": self.fiscal_year,
        }


def determination_draft(
    iso3: str, name: str, year: int, planned_release: date, facts: Mapping[str, Any]
) -> DeterminationDraft:
    """The determination draft for a final Tier 3 government, the 45-90 days of 7107(c)
    counted from the planned release date."""
    if not SANCTIONS_FROM_REPORT.at(year):
        return DeterminationDraft(
            iso3,
            name,
            year,
            False,
            f"The {year} report triggers no presidential determination ({cite.NOTICE}).",
        )
    earliest, latest = DETERMINATION_WINDOW_DAYS.require(year)
    first = planned_release + timedelta(days=earliest)
    last = planned_release + timedelta(days=latest)
    received = facts.get("prior_fy_assistance_received")
    withholding = {
        True: "(d)(1)(A)(i): it received nonhumanitarian, nontrade-related assistance in the"
        " previous fiscal year, so none for the next fiscal year",
        False: "(d)(1)(A)(ii): it received no such assistance in the previous fiscal year, so"
        " none next year and no funding of its officials' educational and cultural exchanges",
        None: "(d)(1)(A)(i) or (ii): record prior_fy_assistance_received to choose (docs/LAW.md"
        " E13)",
    }[received if isinstance(received, bool) else None]
    return DeterminationDraft(
        iso3,
        name,
        year,
        True,
        f"{name} on Tier 3: one determination (d1-d4) between {first.isoformat()} and"
        f" {last.isoformat()} ({earliest}-{latest} days after the planned release on"
        f" {planned_release.isoformat()}, {cite.NOTICE}), for fiscal year {year + 1}.",
        first,
        last,
        tuple(
            {"code": d.code, "name": d.name, "citation": d.citation, "effect": d.effect}
            for d in determinations(year)
        ),
        withholding,
        year + 1,
    )


# -- evidence --------------------------------------------------------------------------------
def default_period(year: int) -> tuple[date, date]:
    """The reporting period of a report year: April 1 of the year before to March 31
    (22 U.S.C. 7107(b)(1))."""
    return reporting_period(year)


def outside_period(when: date | None, start: date, end: date) -> bool:
    """Whether evidence dated ``when`` falls outside the reporting period (flagged, kept)."""
    return when is not None and not (start <= when <= end)


# -- the events' hash chain --------------------------------------------------------------------
#: The event columns the hash covers, in order: everything but the hash itself and the
#: cycle's id in one database (so that a cycle exported and imported keeps its chain).
EVENT_FIELDS: tuple[str, ...] = (
    "seq",
    "at",
    "actor",
    "role",
    "action",
    "iso3",
    "field",
    "before",
    "after",
    "reason",
    "prev_hash",
)
GENESIS = "0" * 64


def canonical(value: Any) -> str:
    """The JSON text an event stores for a value (sorted keys, no spaces): what is hashed.

    >>> canonical({"b": 1, "a": [True, None]})
    '{"a":[true,null],"b":1}'
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(event: Mapping[str, Any]) -> str:
    """SHA-256 over the event's fields (:data:`EVENT_FIELDS`, the previous hash included)."""
    body = canonical([event.get(k) for k in EVENT_FIELDS])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    """The result of walking a cycle's events: ``broken`` names the first bad one."""

    events: int
    head: str
    broken: int | None = None  # the seq of the first event that does not verify
    why: str = ""
    checked: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.broken is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "head": self.head,
            "first_broken_seq": self.broken,
            "why": self.why,
        }


def verify_chain(events: Sequence[Mapping[str, Any]], head: tuple[int, str] | None) -> ChainCheck:
    """Walk ``events`` (in seq order) and check each one's hash, its link to the one before
    and the numbering; ``head`` is the (seq, hash) the cycle row last recorded, which catches
    events removed from the end."""
    prev = GENESIS
    for n, e in enumerate(events, start=1):
        seq = int(e["seq"])
        if seq != n:
            return ChainCheck(len(events), prev, n, f"event {n} is missing (found seq {seq})")
        if e["prev_hash"] != prev:
            return ChainCheck(len(events), prev, seq, "its prev_hash is not the hash before it")
        if event_hash(e) != e["hash"]:
            return ChainCheck(
                len(events), prev, seq, "its content does not match its hash (edited)"
            )
        prev = str(e["hash"])
    if head is not None and (head[0] != len(events) or head[1] != prev):
        return ChainCheck(
            len(events),
            prev,
            len(events) + 1 if head[0] > len(events) else head[0],
            f"the cycle records {head[0]} events ending in {head[1][:12]}..., the table has"
            f" {len(events)}",
        )
    return ChainCheck(len(events), prev)
