"""The time bound of one news check, held inside a sentence as well as between sentences.

A hostile "sentence" can be the whole article (300,000 characters of clauses joined by
semicolons, or of names joined by commas): checking the clock only between sentences let one
request read for minutes (issue 27). The readers of one sentence (the grammar of
:mod:`~tiptiers.news.extract`, the list reader of :mod:`~tiptiers.news.lists`, the
consequences of :mod:`~tiptiers.news.consequences`) are linear in the sentence, and call
:meth:`Deadline.check` once per clause, pattern or list, so the check stops within a clause of
its budget wherever the time is spent.

Pure: the clock is the caller's (``check_text`` takes it as an argument), never read here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


class OutOfTime(Exception):
    """The check's time budget ran out inside a sentence: ``check_text`` stops there."""


def _never() -> float:
    return 0.0


@dataclass(frozen=True)
class Deadline:
    """When the check must stop, by the caller's clock (``at`` = infinity: never)."""

    clock: Callable[[], float] = _never
    at: float = math.inf

    def check(self) -> None:
        """Raise :class:`OutOfTime` once the clock has passed ``at``."""
        if self.at != math.inf and self.clock() > self.at:
            raise OutOfTime


NO_DEADLINE = Deadline()
