"""The tier decision procedure of 22 U.S.C. 7107(b), step by step as the statute lays it out
(docs/LAW.md §4):

1. the version of the statute that governs the report, and the Watch List clock before it;
2. not ranked: a Special Case, or a country the minimum standards do not apply to (E1, E2);
3. the three lists of 7107(b)(1), and what an A or B finding must rest on from 2019
   (:mod:`tiptiers.law.lists`); the 7106(b) criteria it cites (:mod:`tiptiers.law.standards`);
4. the special watch list of 7107(b)(2)(A), categories (i)-(iii)
   (:mod:`tiptiers.law.categories`);
5. the Watch List clock of 7107(b)(2)(D) (:mod:`tiptiers.law.watchlist`);
6. the exceptions of 7107(b)(2) by precedence — the Watch List, the automatic downgrade of
   (D)(i), the waiver of (D)(ii) (:mod:`tiptiers.law.waiver`), the re-listing cap of (F)
   (:mod:`tiptiers.law.relisting`) — over the base rule of 7107(b)(1)
   (:mod:`tiptiers.law.exceptions`);
7. what 7107(c)-(d) then set in motion (:mod:`tiptiers.law.sanctions`).

:func:`evaluate` runs it once and, where the answer is undetermined, settles it where every
reading or every value of a missing fact agrees (:mod:`tiptiers.law.settle`). The trace is
the steps' own sentences, in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from tiptiers.law import citations as cite
from tiptiers.law import exceptions as b2
from tiptiers.law import waiver
from tiptiers.law.categories import categories
from tiptiers.law.decision import (
    ClockStatus,
    Decision,
    Flag,
    Step,
    TraceStep,
    WatchListState,
)
from tiptiers.law.lists import evidence_guards, list_step
from tiptiers.law.precedence import Outcome, RuleConflict
from tiptiers.law.sanctions import determination_step
from tiptiers.law.settle import settle
from tiptiers.law.standards import criteria_step
from tiptiers.law.versions import (
    LAW_CHECKED_THROUGH_REPORT,
    MAX_WAIVER_YEARS,
    StatuteVersion,
    version_for,
)
from tiptiers.law.watchlist import Clocks
from tiptiers.model import Tier

if TYPE_CHECKING:
    from tiptiers.law.assessment import Assessment
    from tiptiers.law.history import LookupFn

_BASE_TIERS = {"A": Tier.T1, "B": Tier.T2, "C": Tier.T3}


class Passes:
    """The passes of 7107(b) that answer one question on one history (``lookup``).

    Settling an undetermined answer tries the values of a missing fact, and the hints of
    what is missing try them again (docs/LAW.md §2.2): each try is a whole pass, and
    the tries meet the same facts more than once. A pass depends on nothing but the facts,
    the country, its kind and the history, so one question reads the clock before the
    report once (:class:`~tiptiers.law.watchlist.Clocks`) and answers each set of facts
    once. Share one ``Passes`` between the evaluations of one question, never between
    histories.
    """

    __slots__ = ("_answers", "clocks", "lookup")

    def __init__(self, lookup: LookupFn) -> None:
        self.lookup = lookup
        self.clocks = Clocks(lookup)
        self._answers: dict[tuple[str, str, str], Decision] = {}


def evaluate(
    a: Assessment,
    iso3: str,
    lookup: LookupFn,
    kind: str = "country",
    passes: Passes | None = None,
) -> Decision:
    """Decide the tier for one assessment under the law of its report year (7107(b);
    docs/LAW.md §2.2, §4).

    ``lookup`` gives the country's earlier placements (the record, or the assessment's own
    ``prior_placements``). Missing facts make the decision undetermined, naming them —
    unless every value of them gives the same tier (then that tier, with the facts in
    ``not_needed``); a clock the statute's readings or the record leave open likewise
    gives the tier every reading agrees on. ``passes`` (on ``lookup``) shares the work of
    several evaluations of one question.
    """
    if passes is None or passes.lookup is not lookup:
        passes = Passes(lookup)
    key = (a.model_dump_json(), iso3, kind)
    known = passes._answers.get(key)
    if known is not None:
        return known
    shared = passes

    def under_each_reading(v: Assessment, d: Decision) -> list[Decision]:
        return [decide(v, iso3, lookup, kind, st) for st in _open_states(d.watch_list)]

    answer = passes._answers[key] = settle(
        a,
        decide(a, iso3, lookup, kind, clocks=passes.clocks),
        under_each_reading,
        lambda v: evaluate(v, iso3, lookup, kind, shared),
    )
    return answer


def _open_states(clock: WatchListState) -> tuple[WatchListState, ...]:
    """The settled states an undetermined clock may stand for (docs/LAW.md E5-E7)."""
    return clock.possible() if clock.status is ClockStatus.UNDETERMINED else ()


def decide(
    a: Assessment,
    iso3: str,
    lookup: LookupFn,
    kind: str = "country",
    clock: WatchListState | None = None,
    clocks: Clocks | None = None,
) -> Decision:
    """One pass of the decision procedure of 7107(b); ``clock`` replaces the clock before the
    report (one of the states an undetermined clock may stand for); ``clocks`` reads it
    once for several passes on one ``lookup``."""
    r = _Reasoning.begin(a, iso3, kind, clocks or Clocks(lookup), clock)
    if r.take(_not_ranked(a, kind)):
        return r.decision(Tier.SPECIAL_CASE if a.special_case else None)
    r.take(criteria_step(a))
    lst, listed = list_step(a)
    if r.take(listed) or lst is None or r.take(evidence_guards(a, lst)):
        return r.decision(None, lst)
    cats, iii_met, step = categories(a, lst, lookup)
    r.cats = cats
    if r.take(step):
        return r.decision(None, lst)
    if r.take(_watch_list_clock(r.clock, r.clock_flags, lst == "B" and bool(iii_met))):
        return r.decision(None, lst)
    return _watch_list_exceptions(r, lst, iii_met)


@dataclass
class _Reasoning:
    """The answer as the steps build it: the trace and the flags, in order."""

    a: Assessment
    iso3: str
    version: StatuteVersion
    clock: WatchListState
    clock_flags: tuple[Flag, ...]
    trace: list[TraceStep] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    missing: tuple[str, ...] = ()
    cats: list[str] = field(default_factory=list)
    waiver_year: int | None = None

    @classmethod
    def begin(
        cls,
        a: Assessment,
        iso3: str,
        kind: str,
        clocks: Clocks,
        clock: WatchListState | None,
    ) -> _Reasoning:
        """The version that governs the report, and the clock before it (7107(b)(2)(D))."""
        v = version_for(a.report_year)
        flags: tuple[Flag, ...] = ()
        if clock is None:
            clock, flags = clocks.before(a.report_year)
        r = cls(a, iso3, v, clock, flags)
        r.take(version_step(a.report_year, v))
        r.flags.extend(flags)
        if kind == "territory" or a.entity_kind == "territory":
            r.flags.append(
                Flag(
                    "E2",
                    "A territory assessed as if it were a country; the statute speaks of"
                    " countries.",
                )
            )
        return r

    def take(self, step: Step) -> bool:
        """Add a step's trace and flags; whether the answer stops there."""
        self.trace.extend(step.trace)
        self.flags.extend(step.flags)
        if step.stop:
            self.missing = step.missing
        return step.stop

    def decision(self, tier: Tier | None, lst: str | None = None) -> Decision:
        y = self.a.report_year
        return Decision(
            self.iso3,
            y,
            self.version.id,
            tier,
            lst,
            self.clock,
            tuple(self.trace),
            tuple(dict.fromkeys(self.flags)),
            self.missing,
            "evaluation",
            None,
            tuple(self.cats),
            waiver_year=self.waiver_year,
            waiver_limit=MAX_WAIVER_YEARS.at(y),
        )


def version_step(y: int, v: StatuteVersion) -> Step:
    """The statute as amended for the report (docs/LAW.md §1), and whether later
    amendments could be unknown here."""
    step = TraceStep(
        "version",
        cite.VERSION,
        f"The {y} report is governed by {v.plain} (in force from the {v.first_report} report).",
    )
    if y <= LAW_CHECKED_THROUGH_REPORT:
        return Step((step,))
    flag = Flag(
        "LAW_CURRENCY",
        f"The statute versions were checked through the {LAW_CHECKED_THROUGH_REPORT}"
        f" report (amendment notes read to late 2024); for {y} tiptiers applies"
        f" {v.plain}, and a later amendment would not be known here.",
    )
    return Step((step,), (flag,))


def _not_ranked(a: Assessment, kind: str) -> Step:
    """No list of 7107(b)(1): a Special Case (State practice) or a country the minimum
    standards do not apply to (docs/LAW.md §4.1 step 1, E1)."""
    if not (a.special_case or not a.standards_applicable or a.entity_kind == "not_assessed"):
        return Step()
    why = a.special_case_reason or (
        "the minimum standards do not apply (not a country of origin, transit or destination)"
        if not a.standards_applicable
        else "not assessed"
    )
    step = TraceStep(
        "not_ranked",
        "22 U.S.C. 7107(b)(1)",
        f"Not ranked: {why}. Special Case is State practice, not a statutory list.",
        "special_case",
    )
    flag = Flag("E1", "How a Special Case year affects a later Watch List streak is unresolved.")
    return Step((step,), (flag,), stop=True)


def _watch_list_clock(
    clock: WatchListState, clock_flags: tuple[Flag, ...], on_watch_list: bool
) -> Step:
    """7107(b)(2)(D): where the clock stood before the report. An open clock stops a
    country headed for the Watch List: the history it lacks, unless a reading of the
    statute (a blocking flag) left it open."""
    if on_watch_list and clock.status is ClockStatus.UNDETERMINED:
        step = TraceStep(
            "watch_list_clock", cite.DOWNGRADE, f"The Watch List clock: {clock.reason}."
        )
        ambiguous = any(f.blocking for f in clock_flags)
        return Step((step,), stop=True, missing=() if ambiguous else ("history",))
    if clock.status in (ClockStatus.NO_CLOCK, ClockStatus.OFF_LIST):
        return Step()
    step = TraceStep(
        "watch_list_clock", cite.DOWNGRADE, f"Before this report it was {clock.reason}."
    )
    return Step((step,))


def _watch_list_exceptions(r: _Reasoning, lst: str, iii_met: bool | None) -> Decision:
    """7107(b)(2): the Watch List, the automatic downgrade of (D)(i), its waiver under
    (D)(ii) and the re-listing cap of (F), by precedence over the base rule of (b)(1); then
    what 7107(c)-(d) set in motion."""
    a, clock = r.a, r.clock
    on_list = lst == "B" and bool(iii_met)
    needs_waiver = on_list and clock.status is ClockStatus.WAIVER_NEEDED
    ok, missing_waiver = waiver.waiver_ok(a) if needs_waiver else (None, [])
    r.flags.extend(waiver.not_needed(a, on_list, clock))
    r.trace.extend(waiver.none_left(a, clock, on_list))
    base = Outcome(
        _BASE_TIERS[lst], f"Base rule: list {lst} is published as {_BASE_TIERS[lst].label}."
    )
    try:
        rule, outcome, applied = b2.apply(b2.Context(a, lst, clock, iii_met, ok), base)
    except RuleConflict as exc:
        r.flags.append(Flag("CONFLICT", str(exc), blocking=True))
        return r.decision(None, lst)
    if needs_waiver and ok is None and rule == "automatic_downgrade":
        r.take(Step((waiver.STILL_AVAILABLE,), stop=True, missing=tuple(missing_waiver)))
        return r.decision(None, lst)
    for exc_rule, exc_outcome in applied:
        tier_code = exc_outcome.tier.value if exc_outcome.tier else "undetermined"
        r.take(
            Step(
                (TraceStep(exc_rule.id, exc_rule.citation, exc_outcome.explanation, tier_code),),
                exc_outcome.flags,
            )
        )
    if needs_waiver and ok is False:
        r.trace.append(waiver.refused(a))
    if rule == "base":
        r.trace.append(TraceStep("base", cite.LISTS[lst], base.explanation, _BASE_TIERS[lst].value))
    if outcome.tier is Tier.T3 and rule == "automatic_downgrade":
        r.clock = replace(clock, mandatory=clock.status is ClockStatus.DOWNGRADE_MANDATORY)
        lst = "C"
    if rule == "waiver":
        r.waiver_year = clock.waiver_years_used + 1
    r.take(determination_step(a, outcome.tier))
    return r.decision(outcome.tier, lst)
