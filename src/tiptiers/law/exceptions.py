"""The exceptions of 22 U.S.C. 7107(b)(2) to the base rule of 7107(b)(1) (docs/LAW.md §4),
each naming the rule(s) the statute says it overrides:

- ``watch_list`` (7107(b)(2)(A)(iii)) overrides the base Tier 2;
- ``automatic_downgrade`` (7107(b)(2)(D)(i)) overrides the Watch List;
- ``waiver`` (7107(b)(2)(D)(ii)) overrides the automatic downgrade;
- ``relisting_cap`` (7107(b)(2)(F), "notwithstanding" (D)) overrides the automatic
  downgrade and the waiver, so no waiver passes it.

Their precedence is derived at import (:func:`tiptiers.law.precedence.derive_precedence`):
a cycle or an ambiguity in the declared overrides is a ``PrecedenceError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tiptiers.law import citations as cite
from tiptiers.law import waiver
from tiptiers.law.decision import ClockStatus, Flag, WatchListState
from tiptiers.law.precedence import Exception_, Outcome, derive_precedence, resolve
from tiptiers.model import Tier

if TYPE_CHECKING:
    from tiptiers.law.assessment import Assessment


@dataclass(frozen=True)
class Context:
    """Everything the tier rules read for one decision."""

    assessment: Assessment
    statutory_list: str
    clock: WatchListState
    iii_met: bool | None
    waiver_ok: bool | None  # the waiver was granted with all prongs (None: facts missing)


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
        return Outcome(
            Tier.T2WL,
            waiver.granted_text(ctx.assessment, ctx.clock),
            waiver.granted_flags(ctx.assessment),
        )
    return None


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


EXCEPTIONS: tuple[Exception_[Context], ...] = (
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


def apply(
    ctx: Context, base: Outcome
) -> tuple[str, Outcome, list[tuple[Exception_[Context], Outcome]]]:
    """The base rule or the exception of 7107(b)(2) that wins over every other applicable
    one (:func:`tiptiers.law.precedence.resolve`); ``EXCEPTIONS`` is read when called, so a
    rival exception added to it is checked too."""
    order = PRECEDENCE if EXCEPTIONS is _CHECKED else None
    return resolve(ctx, base, EXCEPTIONS, order)
