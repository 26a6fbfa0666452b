"""The record's everyday questions, answered once for every front end.

"What tier was China in, year by year?", "who was on Tier 3 in 2017?", "what changed this
year?". Each function takes the :class:`~tiptiers.model.Record` and the country registry
and returns a typed answer whose ``to_dict()`` is the JSON contract the CLI and the API
both print. Pure: no I/O.

One module per question, so that a command loads only the answers it gives:
:mod:`~tiptiers.queries.history` (a country, year by year), :mod:`~tiptiers.queries.years`
(a report), :mod:`~tiptiers.queries.changes` (what changed from the report before),
:mod:`~tiptiers.queries.coverage` (how complete each year is),
:mod:`~tiptiers.queries.search` (finding a country), :mod:`~tiptiers.queries.export` (the
whole record as rows) and :mod:`~tiptiers.queries.determinations`. This package holds what
they share: the :class:`Registry` they need and the regional bureaus.
"""

from __future__ import annotations

from typing import Any, Protocol

from tiptiers.errors import InvalidRegion
from tiptiers.model import Country


class Registry(Protocol):
    """What the queries need of the country registry (see tiptiers.countries)."""

    def get(self, iso3: str) -> Country: ...

    def resolve(self, text: str) -> Country: ...


def country_dict(c: Country) -> dict[str, Any]:
    return {"iso3": c.iso3, "name": c.name}


# -- regions --------------------------------------------------------------------------
REGIONS: dict[str, str] = {
    "AF": "Africa",
    "EAP": "East Asia and Pacific",
    "EUR": "Europe and Eurasia",
    "NEA": "Near East",
    "SCA": "South and Central Asia",
    "WHA": "Western Hemisphere",
}


def normalise_region(text: str) -> str:
    """A bureau code from a code or a name, case-insensitive.

    >>> normalise_region("western hemisphere")
    'WHA'
    >>> normalise_region("eap")
    'EAP'
    """
    key = " ".join(text.strip().lower().replace("&", "and").split())
    for code, name in REGIONS.items():
        if key in (code.lower(), name.lower()):
            return code
    raise InvalidRegion(text, [f"{c} ({n})" for c, n in REGIONS.items()])
