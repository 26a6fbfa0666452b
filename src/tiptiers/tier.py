"""A tier: the code of a published placement, ordered from best to worst.

Apart from :mod:`tiptiers.model` so that the documents around the record
(:mod:`tiptiers.documents`, which count a report's placements by tier) and the record
itself (:mod:`tiptiers.model`, which carries those documents) both import it, one way.
:mod:`tiptiers.model` re-exports it: ``from tiptiers.model import Tier`` is the usual import.
"""

from __future__ import annotations

from enum import StrEnum

from tiptiers.errors import InvalidTier


class Tier(StrEnum):
    """A published placement, coded as everywhere in tiptiers.

    >>> Tier.parse("Tier 2 Watch List")
    <Tier.T2WL: '2WL'>
    >>> Tier.parse("3").label
    'Tier 3'
    >>> Tier.T2WL.statutory_list
    'B'
    >>> Tier.T1 < Tier.T3   # ordered from best to worst; Special Case is not ranked
    True
    """

    T1 = "1"
    T2 = "2"
    T2WL = "2WL"
    T3 = "3"
    SPECIAL_CASE = "special_case"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def short(self) -> str:
        """Compact label for tables: T1, T2, T2WL, T3, SC."""
        return _SHORT[self]

    @property
    def ranked(self) -> bool:
        return self is not Tier.SPECIAL_CASE

    @property
    def rank(self) -> int:
        """0 (Tier 1) to 3 (Tier 3); Special Case has no rank (raises ValueError)."""
        if self is Tier.SPECIAL_CASE:
            raise ValueError("Special Case is not ranked")
        return _ORDER.index(self)

    @property
    def statutory_list(self) -> str | None:
        """The list of 22 U.S.C. 7107(b)(1): A (Tier 1), B (Tier 2 and Watch List), C (Tier 3)."""
        return _STATUTORY_LIST.get(self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return _sort_key(self) < _sort_key(other)

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return _sort_key(self) <= _sort_key(other)

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return _sort_key(self) > _sort_key(other)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return _sort_key(self) >= _sort_key(other)

    @classmethod
    def parse(cls, text: str) -> Tier:
        """Read a tier from a code or a label, as sources and users write it."""
        key = " ".join(str(text).strip().lower().replace("_", " ").replace("-", " ").split())
        try:
            return _ALIASES[key]
        except KeyError:
            raise InvalidTier(str(text)) from None


_ORDER = (Tier.T1, Tier.T2, Tier.T2WL, Tier.T3)
_STATUTORY_LIST = {Tier.T1: "A", Tier.T2: "B", Tier.T2WL: "B", Tier.T3: "C"}
_LABELS = {
    Tier.T1: "Tier 1",
    Tier.T2: "Tier 2",
    Tier.T2WL: "Tier 2 Watch List",
    Tier.T3: "Tier 3",
    Tier.SPECIAL_CASE: "Special Case",
}
_SHORT = {Tier.T1: "T1", Tier.T2: "T2", Tier.T2WL: "T2WL", Tier.T3: "T3", Tier.SPECIAL_CASE: "SC"}
_ALIASES: dict[str, Tier] = {}
for _t in Tier:
    for _name in (_t.value, _LABELS[_t], _SHORT[_t], "tier " + _t.value):
        _ALIASES[" ".join(_name.lower().replace("_", " ").replace("-", " ").split())] = _t
_ALIASES.update(
    {
        "2w": Tier.T2WL,
        "2wl": Tier.T2WL,
        "2 wl": Tier.T2WL,
        "watch list": Tier.T2WL,
        "watchlist": Tier.T2WL,
        "tier 2 watchlist": Tier.T2WL,
        "tier 2wl": Tier.T2WL,
        "special": Tier.SPECIAL_CASE,
        "special cases": Tier.SPECIAL_CASE,
        "tier one": Tier.T1,
        "tier two": Tier.T2,
        "tier three": Tier.T3,
    }
)


def _sort_key(t: Tier) -> int:
    return 4 if t is Tier.SPECIAL_CASE else _ORDER.index(t)


TIERS: tuple[Tier, ...] = tuple(Tier)
RANKED_TIERS: tuple[Tier, ...] = _ORDER
