"""Settling an undetermined answer without guessing (docs/LAW.md §2.2, §8): where every
reading of the statute, every placement a year the record lacks may have had, or every
value of a missing fact gives one tier, that tier is the answer; otherwise the answer stays
undetermined and names what would settle it.

The decision procedure itself (22 U.S.C. 7107(b)) is :mod:`tiptiers.law.tiers`; it passes
its passes in, so this module needs none of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tiptiers.law.decision import Decision, TraceStep
from tiptiers.law.lists import reporting_period_of

if TYPE_CHECKING:
    from tiptiers.law.assessment import Assessment


def settle(
    a: Assessment,
    d: Decision,
    under: Callable[[Assessment, Decision], list[Decision]],
    decide: Callable[[Assessment], Decision],
) -> Decision:
    """The undetermined ``d`` settled where it can be: by the readings of its clock
    (``under`` gives the decision under each state the clock may be in), else by trying the
    values of its first missing fact (``decide`` is the whole evaluation)."""
    if not d.undetermined:
        return d
    branches = under(a, d)
    if branches:
        settled = readings_agree(d, branches)
        if settled is not None:
            return settled
        d = with_readings(d, branches)
    return facts_not_needed(a, d, decide) or d


def with_readings(d: Decision, branches: Sequence[Decision]) -> Decision:
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


def readings_agree(d: Decision, branches: Sequence[Decision]) -> Decision | None:
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


#: The facts :func:`facts_not_needed` may try every value of (booleans of the assessment
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


def fact_variants(a: Assessment, fact: str) -> list[tuple[str, Assessment]]:
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


def facts_not_needed(
    a: Assessment, d: Decision, decide: Callable[[Assessment], Decision]
) -> Decision | None:
    """docs/LAW.md §2.2: a missing fact every value of which gives the same tier is not
    needed; the answer is that tier. Each value is evaluated in full (a value may reveal
    another missing fact, which is tried in turn)."""
    if not d.missing or len(d.missing) > _TRIED:
        return None
    fact = d.missing[0]
    variants = fact_variants(a, fact)
    if not variants:
        return None
    branches = [decide(v) for _, v in variants]
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
