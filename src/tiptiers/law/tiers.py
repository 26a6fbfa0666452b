"""The tier decision procedure of 22 U.S.C. 7107(b), written as the statute is written.

A base rule (7107(b)(1): list A, B or C from the findings, then Tier 1, Tier 2 or Tier 3)
and labelled exceptions, each naming the rule(s) the statute says it overrides (as Catala
writes exceptions; docs/LAW.md section 4):

- ``watch_list`` (7107(b)(2)(A)(iii)) overrides the base Tier 2;
- ``automatic_downgrade`` (7107(b)(2)(D)(i)) overrides the Watch List;
- ``waiver`` (7107(b)(2)(D)(ii)) overrides the automatic downgrade;
- ``relisting_cap`` (7107(b)(2)(F), "notwithstanding" (D)) overrides the automatic
  downgrade and the waiver, so no waiver passes it.

Precedence is derived, not listed: :func:`derive_precedence` takes the transitive closure of
the declared overrides and refuses, at import, a name that is no rule, a cycle, or two
exceptions neither of which overrides the other (an ambiguity). :func:`resolve` then picks
the applicable exception that overrides every other applicable one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from tiptiers.law import citations as cite
from tiptiers.law.decision import ClockStatus, Decision, Flag, TraceStep, WatchListState
from tiptiers.law.standards import CRITERIA, criteria_not_in_force
from tiptiers.law.versions import (
    LAW_CHECKED_THROUGH_REPORT,
    MAX_WAIVER_YEARS,
    VERSIONS,
    WAIVER_DECIDER,
    WATCH_LIST_EXISTS,
    at_least,
    version_for,
)
from tiptiers.law.watchlist import (
    LookupFn,
    clock_before,
)
from tiptiers.model import Tier

if TYPE_CHECKING:
    from tiptiers.law.assessment import Assessment


class RuleConflict(Exception):
    """Two exceptions claim the same case and neither overrides the other."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.ids = list(ids)
        super().__init__(f"exceptions {', '.join(self.ids)} both apply and neither overrides")


@dataclass(frozen=True)
class Outcome:
    """What a rule concludes: a tier (None = the statute leaves it open), and why."""

    tier: Tier | None
    explanation: str
    flags: tuple[Flag, ...] = ()


class PrecedenceError(Exception):
    """The declared overrides do not give one order: an unknown rule, a cycle, or two
    exceptions neither of which overrides the other."""


@dataclass(frozen=True)
class Exception_:
    """A labelled exception: applies to a context, and names the rule(s) it directly
    overrides, as the statute says (``base`` is the rule of 7107(b)(1))."""

    id: str
    citation: str
    overrides: tuple[str, ...]
    applies: Callable[[Context], Outcome | None]


def derive_precedence(
    exceptions: Sequence[Exception_], *, total: bool = True
) -> dict[str, frozenset[str]]:
    """Every rule each exception overrides, directly or through another exception.
    With ``total`` (the engine's own exceptions), two exceptions neither of which overrides
    the other are an error; without it they are left to :func:`resolve` to report.

    >>> def never(ctx): return None
    >>> derive_precedence([Exception_("a", "", ("base",), never),
    ...                    Exception_("b", "", ("a",), never)])["b"] == {"a", "base"}
    True
    >>> derive_precedence([Exception_("a", "", ("b",), never), Exception_("b", "", ("a",), never)])
    Traceback (most recent call last):
    ...
    tiptiers.law.tiers.PrecedenceError: the overrides form a cycle: a overrides itself through b
    >>> derive_precedence([Exception_("a", "", ("base",), never),
    ...                    Exception_("b", "", ("base",), never)])
    Traceback (most recent call last):
    ...
    tiptiers.law.tiers.PrecedenceError: ambiguous precedence: neither a nor b overrides the other
    """
    ids = [e.id for e in exceptions]
    direct = {e.id: set(e.overrides) for e in exceptions}
    known = {"base", *ids}
    for e in exceptions:
        unknown = sorted(set(e.overrides) - known)
        if unknown:
            raise PrecedenceError(f"{e.id} overrides {', '.join(unknown)}, which is no rule")
    closure: dict[str, frozenset[str]] = {}
    for start in ids:
        seen: set[str] = set()
        todo = list(direct[start])
        via: dict[str, str] = {}
        while todo:
            rule = todo.pop()
            if rule == start:
                path = via.get(start, start)
                raise PrecedenceError(
                    f"the overrides form a cycle: {start} overrides itself through {path}"
                )
            if rule in seen:
                continue
            seen.add(rule)
            for nxt in direct.get(rule, ()):
                via.setdefault(nxt, rule)
                todo.append(nxt)
        closure[start] = frozenset(seen)
    for i, a in enumerate(ids if total else ()):
        for b in ids[i + 1 :]:
            if b not in closure[a] and a not in closure[b]:
                raise PrecedenceError(
                    f"ambiguous precedence: neither {a} nor {b} overrides the other"
                )
    return closure


@dataclass(frozen=True)
class Context:
    """Everything the tier rules read for one decision."""

    assessment: Assessment
    statutory_list: str
    clock: WatchListState
    iii_met: bool | None
    waiver_ok: bool | None  # the waiver was granted with all prongs (None: facts missing)


def resolve(
    ctx: Context, base: Outcome, exceptions: Sequence[Exception_]
) -> tuple[str, Outcome, list[tuple[Exception_, Outcome]]]:
    """Default logic: the base rule unless exceptions apply; the applicable exception that
    overrides all other applicable ones wins. Raises RuleConflict if none does.

    Returns (winning rule id, its outcome, every applicable exception in order).
    """
    applicable = [(e, o) for e in exceptions if (o := e.applies(ctx)) is not None]
    if not applicable:
        return "base", base, []
    order = PRECEDENCE if exceptions is _CHECKED else derive_precedence(exceptions, total=False)
    winners = [
        (e, o)
        for e, o in applicable
        if all(other.id in order[e.id] for other, _ in applicable if other is not e)
    ]
    if len(winners) != 1:
        raise RuleConflict([e.id for e, _ in applicable])
    return winners[0][0].id, winners[0][1], applicable


# -- the exceptions of 7107(b)(2) -------------------------------------------------------
def watch_list_applies(ctx: Context) -> Outcome | None:
    """7107(b)(2)(A)(iii): a list-B country meeting a (iii) test goes on the Watch List."""
    if ctx.statutory_list == "B" and ctx.iii_met:
        return Outcome(Tier.T2WL, "It meets a test of 7107(b)(2)(A)(iii): Tier 2 Watch List.")
    return None


def automatic_downgrade_applies(ctx: Context) -> Outcome | None:
    """7107(b)(2)(D)(i): a third consecutive counted Watch List year is list C instead."""
    if watch_list_applies(ctx) is None:
        return None
    if ctx.clock.status in (ClockStatus.WAIVER_NEEDED, ClockStatus.DOWNGRADE_MANDATORY):
        return Outcome(
            Tier.T3,
            f"It was {ctx.clock.reason}; another Watch List year is deemed a Tier 3 placement"
            " (automatic downgrade).",
        )
    return None


def waiver_applies(ctx: Context) -> Outcome | None:
    """7107(b)(2)(D)(ii): a waiver with its three prongs keeps it on the Watch List,
    while waiver years remain."""
    if automatic_downgrade_applies(ctx) is None:
        return None
    if ctx.clock.status is ClockStatus.WAIVER_NEEDED and ctx.waiver_ok:
        n = ctx.clock.waiver_years_used + 1
        y = ctx.assessment.report_year
        authority = WAIVER_DECIDER.require(y)
        given = ctx.assessment.waiver.decider if ctx.assessment.waiver else None
        flags = [
            Flag(
                "E9",
                "State's memoranda add a precondition the statute lacks: that the country"
                " merits the Watch List; tiptiers applies the statute's three prongs.",
            )
        ]
        if given is not None and not _may_decide_waiver(given, authority):
            flags.append(
                Flag(
                    "E14",
                    f"The waiver is recorded as decided by the {given}; for the {y} report the"
                    f" authority lay with {authority} (the statute names the President).",
                )
            )
        decided = f"decided by the {given}" if given else f"the authority: {authority}"
        return Outcome(
            Tier.T2WL,
            f"A waiver was granted ({decided}) with a written plan, significant efforts and"
            f" sufficient resources: waiver year {n} of at most {ctx.clock.max_waiver_years}.",
            tuple(flags),
        )
    return None


def _waiver_not_needed(
    a: Assessment, lst: str, on_watch_list: bool, clock: WatchListState
) -> list[Flag]:
    """A waiver recorded as granted where the report needed none: 7107(b)(2)(D)(ii) waives
    only the automatic downgrade of (D)(i), so it changes nothing, and the engine says so."""
    if a.waiver is None or not a.waiver.granted:
        return []
    on_list = lst == "B" and on_watch_list
    if on_list and clock.status not in (ClockStatus.OFF_LIST, ClockStatus.COUNTING):
        return []  # needed, barred or spent (each said in the trace), or open
    why = (
        "another Watch List year was still within the counted years"
        if on_list
        else "it is not placed on the Watch List"
    )
    return [
        Flag(
            "WAIVER_NOT_NEEDED",
            f"A waiver is recorded as granted, but the {a.report_year} report needed no"
            f" waiver: {why}. 7107(b)(2)(D)(ii) waives only the automatic downgrade of (D)(i),"
            " so it changes nothing here.",
        )
    ]


def _may_decide_waiver(given: str, authority: str) -> bool:
    """Whether ``given`` held the waiver authority of 7107(b)(2)(D)(ii): the one the
    parameter names for the year, or the President, whom the statute names and who keeps an
    authority he has delegated (docs/LAW.md E14)."""
    g = given.lower()
    return g in authority.lower() or "president" in g


def relisting_cap_applies(ctx: Context) -> Outcome | None:
    """7107(b)(2)(F): after a streak followed by Tier 3, at most 1 more Watch List year."""
    if watch_list_applies(ctx) is None or ctx.clock.status is not ClockStatus.RELISTING_BARRED:
        return None
    return Outcome(
        None,
        f"It was {ctx.clock.reason}. The statute does not say where it goes instead: Tier 2 if"
        " the Watch List tests can be cleared, else Tier 3.",
        (Flag("E7", "7107(b)(2)(F) bars the Watch List but names no tier.", blocking=True),),
    )


EXCEPTIONS: tuple[Exception_, ...] = (
    Exception_("watch_list", cite.WATCH_LIST, ("base",), watch_list_applies),
    Exception_("automatic_downgrade", cite.DOWNGRADE, ("watch_list",), automatic_downgrade_applies),
    Exception_("waiver", cite.WAIVER, ("automatic_downgrade",), waiver_applies),
    Exception_(
        "relisting_cap", cite.RELISTING, ("automatic_downgrade", "waiver"), relisting_cap_applies
    ),
)
# Checked at import: a cycle or an ambiguity in the declared overrides is a PrecedenceError.
PRECEDENCE: dict[str, frozenset[str]] = derive_precedence(EXCEPTIONS)
_CHECKED = EXCEPTIONS


# -- the base rule and the Watch List tests --------------------------------------------
def statutory_list(a: Assessment) -> tuple[str | None, list[str]]:
    """7107(b)(1)(A)-(C): list A if it fully complies, B if significant efforts, else C.

    Returns (list or None, missing facts).
    """
    if a.fully_complies is None:
        return None, ["fully_complies"]
    if a.fully_complies:
        return "A", []
    if a.making_significant_efforts is None:
        return None, ["making_significant_efforts"]
    return ("B" if a.making_significant_efforts else "C"), []


def iii_test(a: Assessment) -> tuple[bool | None, list[str], str]:
    """7107(b)(2)(A)(iii): the Watch List tests of the governing version.

    To 2018: (I) absolute number of victims very significant or significantly increasing,
    (II) no evidence of increasing efforts, or (III) efforts rest on commitments.
    From 2019: (I) estimated number ... and not taking proportional concrete actions, or (II).
    """
    y = a.report_year
    limbs: list[tuple[str, bool | None]] = []
    if at_least(y, "V2019"):
        v = a.victims_very_significant_or_significantly_increasing
        p = a.taking_proportional_concrete_actions
        if v is False or p is True:
            limb1: bool | None = False
        elif v is True and p is False:
            limb1 = True
        else:
            limb1 = None
        limbs.append(("(I) estimated victims without proportional concrete actions", limb1))
        missing_i = [
            f
            for f, val in (
                ("victims_very_significant_or_significantly_increasing", v),
                ("taking_proportional_concrete_actions", p),
            )
            if val is None and limb1 is None
        ]
    else:
        limbs.append(
            (
                "(I) absolute number of victims very significant or increasing",
                a.victims_very_significant_or_significantly_increasing,
            )
        )
        missing_i = (
            ["victims_very_significant_or_significantly_increasing"]
            if a.victims_very_significant_or_significantly_increasing is None
            else []
        )
    limbs.append(
        (
            "(II) no evidence of increasing efforts",
            a.no_evidence_of_increasing_efforts_vs_prior_year,
        )
    )
    missing = list(missing_i)
    if a.no_evidence_of_increasing_efforts_vs_prior_year is None:
        missing.append("no_evidence_of_increasing_efforts_vs_prior_year")
    if not at_least(y, "V2019"):
        limbs.append(("(III) efforts rest on commitments", a.efforts_rest_on_commitments))
        if a.efforts_rest_on_commitments is None:
            missing.append("efforts_rest_on_commitments")
    met = [name for name, v in limbs if v is True]
    if met:
        return True, [], "meets " + "; ".join(met)
    if all(v is False for _, v in limbs):
        return False, [], "meets none of the (iii) tests"
    return None, missing, "the (iii) tests cannot be settled"


def tests_law(report_year: int) -> str:
    """The law that wrote the Watch List tests a report applies: the 2003 law's (iii)(I)-(III)
    stood unchanged until the 2019 law rewrote (I) and dropped (III).

    >>> tests_law(2013), tests_law(2020)
    ('the 2003 law', 'the 2019 law')
    """
    wrote = next(
        v for v in reversed(VERSIONS) if v.id in ("V2003", "V2019") and at_least(report_year, v.id)
    )
    return f"the {wrote.enacted.year} law"


def _waiver_ok(a: Assessment) -> tuple[bool | None, list[str]]:
    w = a.waiver
    if w is None or w.granted is None:
        return None, ["waiver.granted"]
    if not w.granted:
        return False, []
    prongs = {
        "waiver.written_plan_exists": w.written_plan_exists,
        "waiver.plan_would_constitute_significant_efforts": (
            w.plan_would_constitute_significant_efforts
        ),
        "waiver.sufficient_resources_devoted": w.sufficient_resources_devoted,
        "waiver.credible_evidence_reported_to_SFRC_HFAC": w.credible_evidence_reported_to_SFRC_HFAC,
    }
    missing = [k for k, v in prongs.items() if v is None]
    if missing:
        return None, missing
    return all(prongs.values()), []


def reporting_period_of(a: Assessment) -> tuple[date, date]:
    """The reporting period of an assessment: its own where it gives one (concurrent data
    for another span, docs/LAW.md E12), else April 1 to March 31 (7107(b)(1))."""
    if a.reporting_period is not None:
        return a.reporting_period.start, a.reporting_period.end
    return reporting_period(a.report_year)


def reporting_period(report_year: int) -> tuple[date, date]:
    """April 1 of the year before to March 31 of the report year (7107(b)(1), from 2019)."""
    return date(report_year - 1, 4, 1), date(report_year, 3, 31)


# -- evaluate ----------------------------------------------------------------------------
def evaluate(a: Assessment, iso3: str, lookup: LookupFn, kind: str = "country") -> Decision:
    """Decide the tier for one assessment under the law of its report year (7107(b);
    docs/LAW.md §2.2, §4).

    ``lookup`` gives the country's earlier placements (the record, or the assessment's own
    ``prior_placements``). Missing facts make the decision undetermined, naming them —
    unless every value of them gives the same tier (then that tier, with the facts in
    ``not_needed``); a clock the statute's readings or the record leave open likewise
    gives the tier every reading agrees on.
    """
    d = _evaluate(a, iso3, lookup, kind)
    if not d.undetermined:
        return d
    branches = _reading_branches(a, iso3, lookup, kind, d)
    if branches:
        settled = _readings_agree(d, branches)
        if settled is not None:
            return settled
        d = _with_readings(d, branches)
    return _facts_not_needed(a, iso3, lookup, kind, d) or d


def _reading_branches(
    a: Assessment, iso3: str, lookup: LookupFn, kind: str, d: Decision
) -> list[Decision]:
    """Where the clock is undetermined (docs/LAW.md E5-E7, or a year the record lacks), the
    decision under each state it may be in."""
    states = d.watch_list.possible()
    if d.watch_list.status is not ClockStatus.UNDETERMINED or not states:
        return []
    return [_evaluate(a, iso3, lookup, kind, clock_override=st) for st in states]


def _with_readings(d: Decision, branches: Sequence[Decision]) -> Decision:
    """The undetermined ``d`` naming what each reading gives and every fact that would
    settle one of them (docs/LAW.md §2.2, §8)."""
    missing = dict.fromkeys([*d.missing, *(f for b in branches for f in b.missing)])
    return replace(
        d,
        missing=tuple(missing),
        readings=tuple(
            dict.fromkeys(
                f"if the clock was {b.watch_list.status.value.replace('_', ' ')},"
                f" {_answer_words(b)}"
                for b in branches
            )
        ),
    )


def _answer_words(d: Decision) -> str:
    """A decision's answer in a few words: its tier, or what it turns on."""
    if d.tier is not None:
        return d.tier.label
    if d.missing:
        return "it turns on " + ", ".join(d.missing)
    codes = ", ".join(dict.fromkeys(f.code for f in d.flags if f.blocking))
    return f"undetermined ({codes})" if codes else "undetermined"


def _readings_agree(d: Decision, branches: Sequence[Decision]) -> Decision | None:
    """If every state the undetermined clock of ``d`` may be in gives one tier, that tier."""
    states = d.watch_list.possible()
    tiers = {b.tier for b in branches}
    if len(tiers) != 1 or None in tiers:
        return None
    (tier,) = tiers
    assert tier is not None
    step = TraceStep(
        "readings_agree",
        "; ".join(dict.fromkeys(_decisive(b).citation for b in branches)),
        f"Whichever state the clock was in ({', '.join(sorted({s.status.value for s in states}))}),"
        f" the tier is {tier.label}: "
        + "; ".join(
            dict.fromkeys(
                f"if {b.watch_list.status.value}, {_lower_first(_decisive(b).explanation.rstrip('.'))}"
                for b in branches
            )
        )
        + ".",
        tier.value,
    )
    return _merge(d, branches, step, ())


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _decisive(d: Decision) -> TraceStep:
    return [s for s in d.trace if s.outcome][-1]


def _merge(
    d: Decision, branches: Sequence[Decision], step: TraceStep, not_needed: Sequence[str]
) -> Decision:
    """The undetermined decision ``d`` settled by ``branches`` that all reach one tier."""
    first = branches[0]
    same = all(b.watch_list == first.watch_list for b in branches)
    lists = {b.statutory_list for b in branches}
    cats = {b.categories for b in branches}
    return replace(
        d,
        tier=first.tier,
        statutory_list=lists.pop() if len(lists) == 1 else None,
        watch_list=first.watch_list if same else d.watch_list,
        trace=(*d.trace, step),
        flags=tuple(
            dict.fromkeys(
                [f for f in d.flags if not f.blocking]
                + [replace(f, blocking=False) for f in d.flags if f.blocking]
                + [f for b in branches for f in b.flags if not f.blocking]
            )
        ),
        missing=(),
        readings=(),
        categories=cats.pop() if len(cats) == 1 else d.categories,
        not_needed=tuple(not_needed),
    )


#: The facts :func:`_facts_not_needed` may try every value of (booleans of the assessment
#: and of its waiver); ``concrete_actions`` is tried as present in the reporting period or
#: absent (then list A or B has no basis and the government is on list C).
_TRIED = 6  # at most this many missing facts are tried (2**6 branches)


_BOOLEAN_FACTS = frozenset(
    {
        "fully_complies",
        "making_significant_efforts",
        "efforts_rest_on_commitments",
        "victims_very_significant_or_significantly_increasing",
        "taking_proportional_concrete_actions",
        "no_evidence_of_increasing_efforts_vs_prior_year",
    }
)


def _variants(a: Assessment, fact: str) -> list[tuple[str, Assessment]]:
    """The values ``fact`` is tried with, each with a label for the trace."""
    from tiptiers.law.assessment import ConcreteAction, Waiver

    if fact == "concrete_actions":
        end = reporting_period_of(a)[1]
        inside = ConcreteAction(description="(any concrete action in the period)", date=end)
        return [
            ("recorded in the reporting period", a.model_copy(update={fact: [inside]})),
            (
                "none recorded, so list A or B has no basis (list C)",
                a.model_copy(update={"fully_complies": False, "making_significant_efforts": False}),
            ),
        ]
    if fact.startswith("waiver."):
        sub = fact.split(".", 1)[1]
        w = a.waiver or Waiver()
        return [
            (f"{fact} {v}".lower(), a.model_copy(update={"waiver": w.model_copy(update={sub: v})}))
            for v in (True, False)
        ]
    if fact in _BOOLEAN_FACTS:
        return [(f"{fact} {v}".lower(), a.model_copy(update={fact: v})) for v in (True, False)]
    return []


def _facts_not_needed(
    a: Assessment, iso3: str, lookup: LookupFn, kind: str, d: Decision
) -> Decision | None:
    """docs/LAW.md §2.2: a missing fact every value of which gives the same tier is not
    needed; the answer is that tier. Each value is evaluated in full (a value may reveal
    another missing fact, which is tried in turn)."""
    if not d.missing or len(d.missing) > _TRIED:
        return None
    fact = d.missing[0]
    variants = _variants(a, fact)
    if not variants:
        return None
    branches = [evaluate(v, iso3, lookup, kind) for _, v in variants]
    tiers = {b.tier for b in branches}
    if len(tiers) != 1 or None in tiers:
        return None
    (tier,) = tiers
    assert tier is not None
    not_needed = list(dict.fromkeys([fact, *(f for b in branches for f in b.not_needed)]))
    step = TraceStep(
        "not_needed",
        "; ".join(dict.fromkeys(c for b in branches for c in _decisive(b).citation.split("; "))),
        f"Whatever the value of {', '.join(not_needed)}, the tier is {tier.label}: "
        + "; ".join(
            f"with {fact} {label}, {_lower_first(_decisive(b).explanation.rstrip('.'))}"
            for (label, _), b in zip(variants, branches, strict=True)
        )
        + ".",
        tier.value,
    )
    return _merge(d, branches, step, not_needed)


def _evaluate(
    a: Assessment,
    iso3: str,
    lookup: LookupFn,
    kind: str = "country",
    clock_override: WatchListState | None = None,
) -> Decision:
    """One pass of the decision procedure; ``clock_override`` replaces the clock (one of the
    states an undetermined clock may stand for)."""
    y = a.report_year
    v = version_for(y)
    trace: list[TraceStep] = [
        TraceStep(
            "version",
            cite.VERSION,
            f"The {y} report is governed by {v.plain} (in force from the {v.first_report} report).",
        )
    ]
    flags: list[Flag] = []
    if y > LAW_CHECKED_THROUGH_REPORT:
        flags.append(
            Flag(
                "LAW_CURRENCY",
                f"The statute versions were checked through the {LAW_CHECKED_THROUGH_REPORT}"
                f" report (amendment notes read to late 2024); for {y} tiptiers applies"
                f" {v.plain}, and a later amendment would not be known here.",
            )
        )
    clock, clock_flags = clock_before(y, lookup)
    if clock_override is not None:
        clock, clock_flags = clock_override, ()
    flags.extend(clock_flags)

    def done(
        tier: Tier | None, lst: str | None, missing: Sequence[str] = (), cats: Sequence[str] = ()
    ) -> Decision:
        return Decision(
            iso3,
            y,
            v.id,
            tier,
            lst,
            clock,
            tuple(trace),
            tuple(dict.fromkeys(flags)),
            tuple(missing),
            "evaluation",
            None,
            tuple(cats),
            waiver_year=waiver_year,
            waiver_limit=MAX_WAIVER_YEARS.at(y),
        )

    waiver_year: int | None = None
    if kind == "territory" or a.entity_kind == "territory":
        flags.append(
            Flag(
                "E2",
                "A territory assessed as if it were a country; the statute speaks of countries.",
            )
        )
    if a.special_case or not a.standards_applicable or a.entity_kind == "not_assessed":
        why = a.special_case_reason or (
            "the minimum standards do not apply (not a country of origin, transit or destination)"
            if not a.standards_applicable
            else "not assessed"
        )
        trace.append(
            TraceStep(
                "not_ranked",
                "22 U.S.C. 7107(b)(1)",
                f"Not ranked: {why}. Special Case is State practice, not a statutory list.",
                "special_case",
            )
        )
        flags.append(
            Flag("E1", "How a Special Case year affects a later Watch List streak is unresolved.")
        )
        return done(Tier.SPECIAL_CASE if a.special_case else None, None)

    if a.criteria_findings:
        trace.append(
            TraceStep(
                "criteria_findings",
                "; ".join(f"22 U.S.C. 7106(b)({f.criterion})" for f in a.criteria_findings),
                "The findings on the criteria of serious and sustained efforts: "
                + "; ".join(
                    f"({f.criterion}) {f.finding.rstrip('.')} (evidence: {f.evidence.rstrip('.')})"
                    for f in a.criteria_findings
                )
                + ".",
            )
        )
    relied = sorted(
        {*(a.criteria_relied_on or ()), *(f.criterion for f in a.criteria_findings or ())}
    )
    if relied:
        late = criteria_not_in_force(relied, y)
        unknown = [n for n in late if not 1 <= n <= len(CRITERIA)]
        late = [n for n in late if n not in unknown]
        if unknown:
            flags.append(
                Flag(
                    "E16",
                    f"The finding cites 7106(b) criteria {unknown}, which 7106(b) has never had"
                    f" (it numbers 1 to {len(CRITERIA)}).",
                )
            )
        if late:
            flags.append(
                Flag(
                    "E16",
                    f"The finding relies on 7106(b) criteria {late}, which {v.short} did"
                    " not yet have; the criteria are considered, not required, so the decision"
                    " stands on the findings, but the reasoning should be checked.",
                )
            )

    lst, missing = statutory_list(a)
    if lst is None:
        trace.append(
            TraceStep(
                "statutory_list",
                "22 U.S.C. 7107(b)(1)",
                "The list (A, B or C) cannot be decided without " + ", ".join(missing) + ".",
            )
        )
        return done(None, None, missing)
    trace.append(
        TraceStep(
            "statutory_list",
            cite.LISTS[lst],
            {
                "A": "The government fully complies with the minimum standards: list A (Tier 1).",
                "B": "It does not fully comply but makes significant efforts: list B (Tier 2).",
                "C": "It neither complies nor makes significant efforts: list C (Tier 3).",
            }[lst],
            {"A": "1", "B": "2", "C": "3"}[lst],
        )
    )

    # V2019 guards on the inputs: concrete actions, proof of failure (7107(b)(1), (b)(3)(B)).
    if at_least(y, "V2019") and lst in ("A", "B"):
        if a.government_policy_or_pattern:
            trace.append(
                TraceStep(
                    "proof_of_failure",
                    cite.PROOF_OF_FAILURE,
                    "A government policy or pattern ("
                    + ", ".join(a.government_policy_or_pattern)
                    + ") is to be considered proof of failure to make significant efforts.",
                )
            )
            flags.append(
                Flag(
                    "E8",
                    "A list A/B finding coexists with a government policy or pattern; the statute"
                    " calls it proof of failure but stops short of requiring list C.",
                    blocking=True,
                )
            )
            return done(None, lst)
        if a.concrete_actions is None:
            trace.append(
                TraceStep(
                    "concrete_actions",
                    cite.CONCRETE_ACTIONS,
                    "From 2019, lists A and B rest only on concrete actions in the reporting"
                    " period; none were given.",
                )
            )
            return done(None, lst, ["concrete_actions"])
        start, end = reporting_period_of(a)
        if a.reporting_period is not None:
            flags.append(
                Flag(
                    "E12",
                    f"The reporting period is taken as {start.isoformat()} to {end.isoformat()}"
                    f" ({a.reporting_period.reason.rstrip('.')}), not April 1 to March 31: the"
                    " statute's period holds 'to the extent concurrent reporting data is"
                    " available'.",
                )
            )
        inside = [c for c in a.concrete_actions if start <= c.date <= end]
        outside = [c for c in a.concrete_actions if not start <= c.date <= end]
        if outside:
            flags.append(
                Flag(
                    "E12",
                    f"{len(outside)} concrete action(s) fall outside the reporting period"
                    f" {start.isoformat()} to {end.isoformat()} and cannot support list {lst}.",
                    blocking=not inside,
                )
            )
        if not inside:
            trace.append(
                TraceStep(
                    "concrete_actions",
                    cite.CONCRETE_ACTIONS,
                    f"No concrete action falls within the reporting period {start.isoformat()}"
                    f" to {end.isoformat()}, so list {lst} has no basis.",
                )
            )
            return done(None, lst)
        trace.append(
            TraceStep(
                "concrete_actions",
                cite.CONCRETE_ACTIONS,
                f"The finding rests on {len(inside)} concrete action(s) within the reporting"
                f" period {start.isoformat()} to {end.isoformat()}.",
            )
        )

    base = Outcome(
        {"A": Tier.T1, "B": Tier.T2, "C": Tier.T3}[lst],
        f"Base rule: list {lst} is published as "
        + {"A": "Tier 1", "B": "Tier 2", "C": "Tier 3"}[lst]
        + ".",
    )

    # Special watch list categories (7107(b)(2)(A)(i)-(iii)), from 2004.
    cats: list[str] = []
    iii_met: bool | None = False
    if WATCH_LIST_EXISTS.at(y) and lst in ("A", "B"):
        prev = lookup(y - 1).tier
        prev_list = prev.statutory_list if prev else None
        if prev is Tier.SPECIAL_CASE:
            before = lookup(y - 2).tier
            if before is not None and before.statutory_list in ("B", "C"):
                cat = "(ii)" if lst == "B" and before.statutory_list == "C" else "(i)"
                if (lst, before.statutory_list) in (("B", "C"), ("A", "B")):
                    flags.append(
                        Flag(
                            "E1",
                            f"The previous report ({y - 1}) treated it as a Special Case; if"
                            f" that year does not count as the 'previous annual report', the"
                            f" {y - 2} placement ({before.label}) puts it under category {cat}"
                            " of the special watch list. The engine reads the Special Case"
                            " year as the previous report.",
                        )
                    )
        if lst == "A" and prev_list == "B":
            cats.append("(i)")
        if lst == "B" and prev_list == "C":
            cats.append("(ii)")
        if lst == "B":
            iii_met, iii_missing, iii_why = iii_test(a)
            trace.append(
                TraceStep(
                    "watch_list_tests",
                    cite.WATCH_LIST,
                    f"The Watch List tests of 7107(b)(2)(A)(iii) as {tests_law(y)} wrote them:"
                    f" {iii_why}.",
                )
            )
            if iii_met is None:
                return done(None, lst, iii_missing, cats)
            if iii_met:
                cats.append("(iii)")
            elif "(ii)" in cats:
                flags.append(
                    Flag(
                        "E3",
                        "Upgraded from Tier 3, it is on the statutory special watch list under"
                        " (ii) without a (iii) test; whether that is published as Tier 2 Watch"
                        " List is State practice. The engine publishes Tier 2.",
                    )
                )
        if cats:
            trace.append(
                TraceStep(
                    "special_watch_list",
                    "22 U.S.C. 7107(b)(2)(A)",
                    "On the special watch list under category " + " and ".join(cats) + ".",
                )
            )

    waiver_ok: bool | None = None
    missing_waiver: list[str] = []
    needs_waiver = lst == "B" and iii_met and clock.status in (ClockStatus.WAIVER_NEEDED,)
    if needs_waiver:
        waiver_ok, missing_waiver = _waiver_ok(a)
    if lst == "B" and iii_met and clock.status is ClockStatus.UNDETERMINED:
        trace.append(
            TraceStep("watch_list_clock", cite.DOWNGRADE, f"The Watch List clock: {clock.reason}.")
        )
        # the record lacks a year, unless a reading of the statute left the clock open
        ambiguous = any(f.blocking for f in clock_flags)
        return done(None, lst, () if ambiguous else ("history",), cats)
    if clock.status is not ClockStatus.NO_CLOCK and clock.status is not ClockStatus.OFF_LIST:
        trace.append(
            TraceStep(
                "watch_list_clock", cite.DOWNGRADE, f"Before this report it was {clock.reason}."
            )
        )

    flags.extend(_waiver_not_needed(a, lst, bool(iii_met), clock))
    if (
        not needs_waiver
        and a.waiver is not None
        and a.waiver.granted
        and lst == "B"
        and iii_met
        and clock.status is ClockStatus.DOWNGRADE_MANDATORY
    ):
        trace.append(
            TraceStep(
                "waiver",
                cite.WAIVER,
                f"A waiver was asked for, but none is left: the law allows at most"
                f" {MAX_WAIVER_YEARS.at(y)} waiver year(s).",
            )
        )

    ctx = Context(a, lst, clock, iii_met, waiver_ok)
    try:
        rule, outcome, applied = resolve(ctx, base, EXCEPTIONS)
    except RuleConflict as exc:
        flags.append(Flag("CONFLICT", str(exc), blocking=True))
        return done(None, lst, (), cats)
    if needs_waiver and waiver_ok is None and rule == "automatic_downgrade":
        trace.append(
            TraceStep(
                "waiver",
                cite.WAIVER,
                "A waiver year is still available; whether it was granted decides between the"
                " Watch List and Tier 3.",
            )
        )
        return done(None, lst, missing_waiver, cats)
    for exc_rule, exc_outcome in applied:
        trace.append(
            TraceStep(
                exc_rule.id,
                exc_rule.citation,
                exc_outcome.explanation,
                exc_outcome.tier.value if exc_outcome.tier else "undetermined",
            )
        )
        flags.extend(exc_outcome.flags)
    if needs_waiver and waiver_ok is False:
        refused = a.waiver is not None and a.waiver.granted is False
        trace.append(
            TraceStep(
                "waiver",
                cite.WAIVER,
                (
                    "A waiver year was still available, but no waiver was granted."
                    if refused
                    else "A waiver was granted, but not every prong of 7107(b)(2)(D)(ii) holds."
                )
                + " Without it the automatic downgrade applies.",
            )
        )
    if rule == "base":
        trace.append(
            TraceStep(
                "base", cite.LISTS[lst], base.explanation, base.tier.value if base.tier else ""
            )
        )
    final = outcome.tier
    if final is Tier.T3 and rule == "automatic_downgrade":
        mandatory = clock.status is ClockStatus.DOWNGRADE_MANDATORY
        clock = replace(clock, mandatory=mandatory)
        lst = "C"
    if rule == "waiver":
        waiver_year = clock.waiver_years_used + 1
    _determination(a, final, trace, flags)
    return done(final, lst, (), cats)


_DETERMINATIONS = {
    "d1": "withholding (7107(d)(1)): restrictions apply for the next fiscal year",
    "d2": "already restricted (7107(d)(2)): no new restriction; existing ones are comparable",
    "d3": "subsequent compliance (7107(d)(3)): no restriction applies",
    "d4": "a national-interest waiver (7107(d)(4))",
}


def _determination(
    a: Assessment, tier: Tier | None, trace: list[TraceStep], flags: list[Flag]
) -> None:
    """7107(c)-(d) (docs/LAW.md §5, E13): for a Tier 3 result, which withholding a d1 would
    be, from the assistance received in the previous fiscal year, and the determination
    made, where the assessment gives them."""
    if a.determination is None and a.prior_fy_assistance_received is None:
        return
    if tier is not Tier.T3:
        flags.append(
            Flag(
                "DETERMINATION_WITHOUT_TIER3",
                "The assessment gives a presidential determination or the previous fiscal"
                " year's assistance, but the tier is "
                + (tier.label if tier else "undetermined")
                + ": 7107(d) determinations are made only for Tier 3 governments.",
            )
        )
        return
    parts = []
    if a.prior_fy_assistance_received is not None:
        parts.append(
            "it received nonhumanitarian, nontrade-related assistance in the previous fiscal"
            " year, so a withholding is (d)(1)(A)(i): none for the next fiscal year"
            if a.prior_fy_assistance_received
            else "it received no nonhumanitarian, nontrade-related assistance in the previous"
            " fiscal year, so a withholding is (d)(1)(A)(ii): none next year and no funding of"
            " its officials' educational and cultural exchanges"
        )
    if a.determination is not None:
        scope = f", {a.determination_scope}" if a.determination_scope else ""
        parts.append(
            f"the determination made: {a.determination}, {_DETERMINATIONS[a.determination]}{scope}"
        )
    trace.append(
        TraceStep(
            "determination",
            cite.DETERMINATIONS,
            "On Tier 3, " + "; ".join(parts) + ".",
        )
    )
