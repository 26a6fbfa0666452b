"""Finding a country from what a reader typed, with its latest placement (``/search``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tiptiers.model import (
    Country,
    Placement,
    Record,
)
from tiptiers.queries import country_dict


# -- finding a country ------------------------------------------------------------------
@dataclass(frozen=True)
class CountryMatch:
    """A country a search found, with its latest placement in the record (None: never
    placed)."""

    country: Country
    latest: Placement | None

    def to_dict(self) -> dict[str, Any]:
        return {
            **country_dict(self.country),
            "latest_year": self.latest.year if self.latest else None,
            "latest_tier": self.latest.tier.value if self.latest else None,
        }


@dataclass(frozen=True)
class CountrySearch:
    """What a typed name means: ``exact`` when it is a name, alias or code of one country
    (the only case a front end may go straight to it), else the ``matches``, best first;
    ``near_misses`` when they only resemble the text by spelling ("Did you mean ...?")."""

    query: str
    exact: Country | None
    matches: tuple[CountryMatch, ...]
    near_misses: bool


def find_countries(record: Record, registry: Any, text: str, limit: int = 50) -> CountrySearch:
    """Resolve ``text`` as ``tiptiers country NAME`` does (an exact name, alias or code),
    else list the registry's matches with each one's latest placement."""
    from tiptiers.errors import UnknownCountry

    query = text.strip()
    exact = None
    if query:
        try:
            exact = registry.resolve(query)
        except UnknownCountry:
            exact = None
    found, near = registry.matches(query, limit) if query else ([], False)
    if exact is not None:
        found = [exact]

    def latest(iso3: str) -> Placement | None:
        return next(
            (p for y in reversed(record.years) if (p := record.get(iso3, y)) is not None), None
        )

    return CountrySearch(query, exact, tuple(CountryMatch(c, latest(c.iso3)) for c in found), near)
