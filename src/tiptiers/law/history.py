"""A country's history as the clock of 22 U.S.C. 7107(b)(2)(D)-(F) reads it (docs/LAW.md
§4.4): ``LookupFn``, what is known of one report year (the record, or an assessment's own
prior placements), and the words that name counted years in every answer.
"""

from __future__ import annotations

from collections.abc import Callable

from tiptiers.model import Lookup

LookupFn = Callable[[int], Lookup]


def count_text(n: int, noun: str) -> str:
    """'1 waiver year', '2 waiver years', '0 counted years'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def years_text(years: tuple[int, ...] | list[int]) -> str:
    """'2009', '2009 and 2010', '2009, 2010 and 2011'."""
    ys = [str(y) for y in years]
    if len(ys) <= 1:
        return "".join(ys)
    return f"{', '.join(ys[:-1])} and {ys[-1]}"
