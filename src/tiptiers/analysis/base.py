"""What every analysis shares: year-range checks, names, and results as tables.

:func:`year_range` validates a ``start``/``end`` pair against the record and raises
:class:`~tiptiers.errors.InvalidRange` with one sentence when it cannot be used.
:class:`Tabular` gives every analysis result ``to_rows()`` (the CSV form) and
``to_dataframe()``, which imports pandas only when called. Pure: no I/O.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol

from tiptiers.errors import RangeNotInRecord, year_span
from tiptiers.model import Country, Record, Tier

TIER_COLUMNS: dict[Tier, str] = {
    Tier.T1: "tier_1",
    Tier.T2: "tier_2",
    Tier.T2WL: "tier_2wl",
    Tier.T3: "tier_3",
    Tier.SPECIAL_CASE: "special_case",
}


class Registry(Protocol):
    """What the analyses need of the country registry (see tiptiers.countries)."""

    def get(self, iso3: str) -> Country: ...

    def resolve(self, text: str) -> Country: ...


class Tabular:
    """A result that is also a table: ``to_rows()`` and, on request, a pandas DataFrame."""

    def to_rows(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def to_dataframe(self) -> Any:
        """The rows of :meth:`to_rows` as a ``pandas.DataFrame`` (pandas is imported here)."""
        pandas = importlib.import_module("pandas")
        return pandas.DataFrame(self.to_rows())


def year_range(
    record: Record, start: int | None = None, end: int | None = None, *, min_years: int = 1
) -> tuple[int, int]:
    """The years ``start``..``end`` (defaults: the record's first and last), checked.

    >>> from tiptiers.record import packaged_record
    >>> year_range(packaged_record(), 2013)
    (2013, 2025)
    >>> year_range(packaged_record(), 2017, 2013)
    Traceback (most recent call last):
        ...
    tiptiers.errors.RangeNotInRecord: The year range is reversed: it starts in 2017 and ends in 2013.
    """
    first, last = record.first_year, record.last_year
    lo = first if start is None else start
    hi = last if end is None else end
    covered = year_span(record.years)
    if not first <= lo <= last:
        raise RangeNotInRecord(
            f"The year range starts in {lo}, outside the record: it covers {covered}."
        )
    if not first <= hi <= last:
        raise RangeNotInRecord(
            f"The year range ends in {hi}, outside the record: it covers {covered}."
        )
    if lo > hi:
        raise RangeNotInRecord(f"The year range is reversed: it starts in {lo} and ends in {hi}.")
    if hi - lo + 1 < min_years:
        raise RangeNotInRecord(
            f"The year range {lo}–{hi} is too short: it needs at least {min_years} report years."
        )
    return lo, hi


def partial_caveats(record: Record, years: range | list[int] | tuple[int, ...]) -> dict[int, str]:
    """The caveat sentence of every partial year among ``years`` (complete years omitted)."""
    out: dict[int, str] = {}
    for y in years:
        cov = record.coverage.get(y)
        if cov is not None and cov.partial:
            out[y] = cov.caveat()
    return out


def caveat_summary(caveats: dict[int, str]) -> str:
    """One sentence for several partial years: '' when none is partial."""
    if not caveats:
        return ""
    if len(caveats) == 1:
        return next(iter(caveats.values()))
    return (
        f"The record is partial for {year_span(list(caveats))}: answers for those years cover"
        " only the placements the record holds."
    )
