"""Helpers of the news tests: a check of a text against the packaged record, and its claims
as plain rows."""

from __future__ import annotations

from typing import Any

from tiptiers.countries import registry
from tiptiers.news import NewsCheck, check_text
from tiptiers.record import packaged_record


def check(text: str, year: int | None = None) -> NewsCheck:
    return check_text(text, packaged_record(), registry(), year)


def claim_rows(
    text: str, year: int | None = None, *, reading: bool = False, kinds: tuple[str, ...] = ()
) -> list[tuple[Any, ...]]:
    """(kind, iso3, tier, move, year, verdict), and the reading if asked, of each claim (of
    the given kinds, or all)."""
    return [
        (
            c.kind,
            c.country["iso3"] if c.country else None,
            c.tier.value if c.tier else None,
            c.move,
            c.year,
            c.verdict,
            *((c.reading,) if reading else ()),
        )
        for c in check(text, year).claims
        if not kinds or c.kind in kinds
    ]
