"""Default logic for the tier rules of 22 U.S.C. 7107(b) (docs/LAW.md section 4): a base rule
and labelled exceptions, each naming the rule(s) the statute says it overrides, as Catala
writes exceptions.

Precedence is derived, not listed: :func:`derive_precedence` takes the transitive closure of
the declared overrides and refuses a name that is no rule, a cycle, or two exceptions neither
of which overrides the other (an ambiguity). :func:`resolve` then picks the applicable
exception that overrides every other applicable one. The exceptions themselves are in
:mod:`tiptiers.law.exceptions`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tiptiers.law.decision import Flag
from tiptiers.model import Tier

C = TypeVar("C")


class RuleConflict(Exception):
    """Two exceptions claim the same case and neither overrides the other."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.ids = list(ids)
        super().__init__(f"exceptions {', '.join(self.ids)} both apply and neither overrides")


class PrecedenceError(Exception):
    """The declared overrides do not give one order: an unknown rule, a cycle, or two
    exceptions neither of which overrides the other."""


@dataclass(frozen=True)
class Outcome:
    """What a rule concludes: a tier (None = the statute leaves it open), and why."""

    tier: Tier | None
    explanation: str
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Exception_(Generic[C]):
    """A labelled exception: applies to a context, and names the rule(s) it directly
    overrides, as the statute says (``base`` is the rule of 7107(b)(1))."""

    id: str
    citation: str
    overrides: tuple[str, ...]
    applies: Callable[[C], Outcome | None]


def derive_precedence(
    exceptions: Sequence[Exception_[Any]], *, total: bool = True
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
    tiptiers.law.precedence.PrecedenceError: the overrides form a cycle: a overrides itself through b
    >>> derive_precedence([Exception_("a", "", ("base",), never),
    ...                    Exception_("b", "", ("base",), never)])
    Traceback (most recent call last):
    ...
    tiptiers.law.precedence.PrecedenceError: ambiguous precedence: neither a nor b overrides the other
    """
    ids = [e.id for e in exceptions]
    direct = {e.id: set(e.overrides) for e in exceptions}
    known = {"base", *ids}
    for e in exceptions:
        unknown = sorted(set(e.overrides) - known)
        if unknown:
            raise PrecedenceError(f"{e.id} overrides {', '.join(unknown)}, which is no rule")
    closure = {start: _overridden_by(start, direct) for start in ids}
    for i, a in enumerate(ids if total else ()):
        for b in ids[i + 1 :]:
            if b not in closure[a] and a not in closure[b]:
                raise PrecedenceError(
                    f"ambiguous precedence: neither {a} nor {b} overrides the other"
                )
    return closure


def _overridden_by(start: str, direct: Mapping[str, set[str]]) -> frozenset[str]:
    """Every rule ``start`` overrides through the declared overrides; a cycle is an error."""
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
    return frozenset(seen)


def resolve(
    ctx: C,
    base: Outcome,
    exceptions: Sequence[Exception_[C]],
    order: Mapping[str, frozenset[str]] | None = None,
) -> tuple[str, Outcome, list[tuple[Exception_[C], Outcome]]]:
    """Default logic: the base rule unless exceptions apply; the applicable exception that
    overrides all other applicable ones wins. Raises RuleConflict if none does. ``order``
    is the precedence of ``exceptions`` where already derived.

    Returns (winning rule id, its outcome, every applicable exception in order).
    """
    applicable = [(e, o) for e in exceptions if (o := e.applies(ctx)) is not None]
    if not applicable:
        return "base", base, []
    if order is None:
        order = derive_precedence(exceptions, total=False)
    winners = [
        (e, o)
        for e, o in applicable
        if all(other.id in order[e.id] for other, _ in applicable if other is not e)
    ]
    if len(winners) != 1:
        raise RuleConflict([e.id for e, _ in applicable])
    return winners[0][0].id, winners[0][1], applicable
