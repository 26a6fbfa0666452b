"""Evaluate assessment facts against a country's history under 22 U.S.C. 7107(b)
(docs/LAW.md §2.2 and §4).

The history is the published record, except for the years an assessment's own
``prior_placements`` give, which override it (for what-if questions and for countries or
years the record lacks). With ``history: assessment_only`` the record is not read at all: a
year the assessment does not give is off the Watch List and off Tier 3, so a hypothetical
country can be evaluated. A prior Watch List year's ``waiver_used`` is honoured: true
states the waiver (rejected where that year needed none, or none was left), false makes
the year one the statute deems Tier 3 (7107(b)(2)(D)(i)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tiptiers.errors import BadInput
from tiptiers.law import citations as cite
from tiptiers.law.decision import ClockStatus, Decision, Flag, TraceStep, WatchListState
from tiptiers.law.history import LookupFn
from tiptiers.law.settle import fact_variants
from tiptiers.law.tiers import Passes, evaluate, version_step
from tiptiers.law.versions import version_for
from tiptiers.law.watchlist import clock_before
from tiptiers.model import Country, Lookup, Placement, Presence, Record, Tier

if TYPE_CHECKING:
    from tiptiers.law.assessment import Assessment, PriorPlacement

#: The key of a hypothetical country (ISO 3166-1 reserves X-codes for users).
HYPOTHETICAL_ISO3 = "XXX"


def hypothetical_country(a: Assessment) -> Country:
    """The country of an assessment with ``history: assessment_only`` whose name the
    registry does not know (docs/LAW.md §2.2)."""
    return Country(HYPOTHETICAL_ISO3, "XX", a.country, a.country)


def _placement(iso3: str, prior: PriorPlacement) -> Placement:
    return Placement(
        iso3,
        prior.year,
        Tier.parse(prior.tier),
        source="assessment prior_placements",
        waiver=prior.waiver_used,
    )


def history_lookup(record: Record, iso3: str, a: Assessment) -> LookupFn:
    """The record's lookup for ``iso3``, with the assessment's prior placements on top (or
    alone, with ``history: assessment_only``); raises BadInput for a ``waiver_used`` the
    clock cannot honour."""
    given: dict[int, Lookup] = {}
    own = a.history == "assessment_only"

    def lookup(year: int) -> Lookup:
        found = given.get(year)
        if found is not None:
            return found
        if year >= a.report_year:
            return Lookup(iso3, year, Presence.OUT_OF_RECORD, None, "after the assessed report")
        if own:
            return Lookup(
                iso3,
                year,
                Presence.OFF_WATCH_LIST,
                None,
                f"No {year} placement in the assessment (history: assessment_only): off the"
                " Watch List and off Tier 3.",
            )
        return record.lookup(iso3, year)

    for prior in sorted(a.prior_placements or (), key=lambda p: p.year):
        y = prior.year
        if prior.tier == "not_ranked":
            given[y] = Lookup(
                iso3, y, Presence.NOT_RANKED, None, f"Not ranked in {y} (assessment)."
            )
            continue
        if prior.waiver_used is not None:
            state, _ = clock_before(y, lookup)
            status = state.status
            # under an undetermined clock, each state it may be in (docs/LAW.md E5-E7)
            possible = {st.status for st in state.possible()} or {status}
            if (
                prior.waiver_used
                and ClockStatus.WAIVER_NEEDED not in possible
                and (status is not ClockStatus.UNDETERMINED or state.readings)
            ):
                why = {
                    ClockStatus.DOWNGRADE_MANDATORY: "no waiver was left",
                    ClockStatus.UNDETERMINED: "no reading of the clock needed one",
                }.get(
                    status,
                    f"it was counted Watch List year {state.consecutive_years + 1} and needed none",
                )
                because = f" ({state.reason})" if state.reason else ""
                raise BadInput(
                    f"prior_placements {y}: waiver_used is true, but {why}{because}:"
                    " remove waiver_used or correct the years before it",
                    field="prior_placements",
                )
            if not prior.waiver_used and possible <= {
                ClockStatus.WAIVER_NEEDED,
                ClockStatus.DOWNGRADE_MANDATORY,
            }:
                # a Watch List year without the waiver it needed is deemed list C
                given[y] = Lookup(
                    iso3,
                    y,
                    Presence.PUBLISHED,
                    Placement(
                        iso3,
                        y,
                        Tier.T3,
                        source="assessment prior_placements: a Watch List year without a"
                        " waiver, deemed Tier 3 by 22 U.S.C. 7107(b)(2)(D)(i)",
                        auto_downgrade=True,
                    ),
                    "",
                    categories=tuple(prior.watch_list_categories or ()),
                )
                continue
        given[y] = Lookup(
            iso3,
            y,
            Presence.PUBLISHED,
            _placement(iso3, prior),
            "",
            categories=tuple(prior.watch_list_categories or ()),
        )
    return lookup


def evaluate_assessment(
    a: Assessment,
    record: Record,
    iso3: str,
    kind: str = "country",
    passes: Passes | None = None,
) -> Decision:
    """Decide the tier the facts of ``a`` call for under the law of its report year; facts
    that contradict one another or the history (:meth:`Assessment.conflicts`, a waiver the
    clock cannot honour) give an undetermined decision naming them (docs/LAW.md §2.2).
    ``passes`` (from :func:`passes_for` on the same facts) shares the work with the
    question's other evaluations, such as :func:`what_each_value_gives`."""
    conflicts = [(cite.VERSION, message) for _, message in a.conflicts()]
    if not conflicts:
        try:
            if passes is None:
                passes = Passes(history_lookup(record, iso3, a))
            return evaluate(a, iso3, passes.lookup, kind, passes)
        except BadInput as exc:
            if exc.field != "prior_placements":
                raise
            conflicts.append((cite.WAIVER, exc.message))
    return conflicting(a, iso3, conflicts)


@dataclass(frozen=True)
class ValueOutcome:
    """The answer of 22 U.S.C. 7107(b) if a missing fact had one value."""

    value: str  # the value tried, in words: "true", "false", "recorded in the reporting period"
    outcome: str  # the decision's outcome under it, or "still needs" the next missing facts
    citation: str  # the section whose step decided it (empty if none did)


def passes_for(a: Assessment, record: Record, iso3: str) -> Passes | None:
    """One question's shared passes on the history of ``a`` (:class:`Passes`), for
    :func:`evaluate_assessment` and :func:`what_each_value_gives` on the same facts; None
    where the history cannot be read (a ``waiver_used`` the clock cannot honour, which
    :func:`evaluate_assessment` answers as conflicting facts)."""
    try:
        return Passes(history_lookup(record, iso3, a))
    except BadInput as exc:
        if exc.field != "prior_placements":
            raise
        return None


def what_each_value_gives(
    a: Assessment, record: Record, iso3: str, fact: str, passes: Passes | None = None
) -> tuple[ValueOutcome, ...]:
    """What deciding ``fact`` (one of a decision's ``missing`` facts) would settle: the
    answer under 22 U.S.C. 7107(b) for each value the fact can take, each with the
    section that decided it. These are the values the engine itself tries before it
    leaves an answer undetermined (docs/LAW.md §2.2: a missing fact every value of which
    gives the same tier is not needed); where they give different answers, this says which
    finding leads where, e.g. that a finding on 7106(b)(1) would settle Tier 2 against
    Tier 3. A fact the engine has no values to try for gives ``()``. ``passes`` (from
    :func:`passes_for` on the same facts) reuses what the question's other evaluations
    tried."""
    if passes is None:
        passes = Passes(history_lookup(record, iso3, a))
    found = []
    for label, variant in fact_variants(a, fact):
        d = evaluate(variant, iso3, passes.lookup, passes=passes)
        outcome = d.outcome if d.tier is not None else "still needs " + ", ".join(d.missing[:2])
        deciding = [s.citation for s in d.trace if s.outcome]
        found.append(
            ValueOutcome(
                label.removeprefix(fact.lower()).strip() or label,
                outcome,
                deciding[-1] if deciding else "",
            )
        )
    return tuple(found)


def conflicting(a: Assessment, iso3: str, conflicts: list[tuple[str, str]]) -> Decision:
    """The answer to facts that contradict one another: undetermined, each contradiction a
    blocking ``CONFLICTING_FACTS`` flag and a step of the trace saying what to change."""
    v = version_for(a.report_year)
    first = version_step(a.report_year, v)
    trace = first.trace + tuple(
        TraceStep("conflicting_facts", citation, message + ".") for citation, message in conflicts
    )
    return Decision(
        iso3,
        a.report_year,
        v.id,
        None,
        None,
        WatchListState(
            ClockStatus.UNDETERMINED, reason="Not read: the facts contradict one another."
        ),
        trace,
        first.flags
        + tuple(Flag("CONFLICTING_FACTS", message, blocking=True) for _, message in conflicts),
    )
