"""The country registry: every country and territory the report ranks, and how to name it.

The registry turns what a user types ("DPRK", "cote d ivoire", "ci", "Türkiye") into one
:class:`~tiptiers.model.Country`, or says it cannot and suggests what was meant. It is read
from the packaged ``data/countries.csv``, which ``scripts/build_countries.py`` generates from
pycountry and a hand-written overrides file; pycountry itself is never imported at run time.

Matching ignores case, accents, punctuation and spacing (via :func:`tiptiers.model.fold`),
"&" versus "and", and a leading "The". Every name, common name, alias and ISO code is one
key, and no key may name two countries: a name that would ("Congo", "Korea") is no key at
all, so resolving it fails and suggests every country it could mean.

>>> resolve("DPRK").iso3
'PRK'
>>> resolve("cote d ivoire").name
"Cote d'Ivoire"
>>> resolve("Côte d’Ivoire").iso3, resolve("ci").iso3, resolve("CIV").iso3
('CIV', 'CIV', 'CIV')
>>> resolve("the netherlands").common_name
'Netherlands'
>>> resolve("Chna")
Traceback (most recent call last):
    ...
tiptiers.errors.UnknownCountry: Unknown country 'Chna'. Did you mean: China?
>>> [c.iso3 for c in registry().search("guinea")]
['GIN', 'GNB', 'GNQ', 'PNG']
>>> registry().by_numeric("408").name
'Korea, North'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from functools import cache

from tiptiers.errors import UnknownCountry
from tiptiers.model import Country, fold
from tiptiers.record import data_text

COLUMNS = (
    "iso3",
    "iso2",
    "numeric",
    "name",
    "common_name",
    "aliases",
    "cow_code",
    "region",
    "kind",
)
KINDS = ("country", "territory")
ALIAS_SEPARATOR = "|"

# Scores of search matches, best first; a match on a name or common name gets _PRIMARY more
# than the same match on an alias. Near misses score _FUZZY times their difflib ratio.
_EXACT, _PREFIX, _WORD, _SUBSTRING, _FUZZY, _PRIMARY = 100, 90, 80, 70, 60, 5
_STRONG = _SUBSTRING  # scores from here up are not near misses
_FUZZY_CUTOFF = 0.6  # difflib ratio below which a name is not a near miss
_FUZZY_MARGIN = 0.1  # keep only near misses within this ratio of the best one


# model.fold for ASCII text, as one str.translate: apostrophes and backquotes go, every
# other character that is not a letter or digit becomes a space, '&' becomes ' and '.
def _ascii_fold(ch: str) -> str:
    if ch.isalnum():
        return ch.lower()
    if ch in "'`":
        return ""
    return " and " if ch == "&" else " "


_ASCII_FOLD = {i: _ascii_fold(chr(i)) for i in range(128)}


def name_key(text: str) -> str:
    """The words of a name as matching sees them: folded, with '&' read as 'and'.

    >>> name_key("Trinidad & Tobago")
    'trinidad and tobago'
    >>> name_key("Côte d’Ivoire")
    'cote divoire'
    """
    if text.isascii():  # the common case, without unicodedata: same result as fold()
        return " ".join(text.translate(_ASCII_FOLD).split())
    return fold(text.replace("&", " and "))


def lookup_key(text: str) -> str:
    """The key a name or code is looked up by: :func:`name_key` without spaces or a leading 'the'.

    >>> lookup_key("The Gambia") == lookup_key("gambia")
    True
    >>> lookup_key("Cote d'Ivoire") == lookup_key("cote d ivoire") == lookup_key("Côte d’Ivoire")
    True
    """
    return _compact(name_key(text))


def _compact(key: str) -> str:
    """A name key without its spaces or a leading 'the'."""
    if key.startswith("the ") and len(key) > 4:
        key = key[4:]
    return key.replace(" ", "")


class Registry:
    """An immutable set of countries, indexed by ISO codes, names and aliases.

    Raises ValueError when built from countries that share an ISO3 code, or when any name,
    alias or code would name two countries. With ``checked=True`` (the packaged registry,
    which the test suite checks) the index of names is built on the first name looked up,
    not at once: a command that is given an ISO code never builds it.
    """

    __slots__ = ("_by_code", "_by_iso3", "_by_numeric", "_names", "_orders")

    def __init__(self, countries: Iterable[Country], *, checked: bool = False) -> None:
        by_iso3: dict[str, Country] = {}
        by_numeric: dict[str, Country] = {}
        for c in countries:
            if c.iso3 in by_iso3:
                raise ValueError(f"duplicate country {c.iso3}")
            by_iso3[c.iso3] = c
            if c.numeric:
                if c.numeric in by_numeric:
                    raise ValueError(
                        f"numeric code {c.numeric} names both {by_numeric[c.numeric].iso3} "
                        f"and {c.iso3}"
                    )
                by_numeric[c.numeric] = c
        self._by_iso3 = by_iso3
        self._by_numeric = by_numeric
        # ISO3 and ISO2 codes as typed in capitals: a look-up that needs no index of names
        self._by_code = {**{c.iso2: c for c in by_iso3.values() if c.iso2}, **by_iso3}
        self._names: tuple[dict[str, str], tuple[tuple[str, str, bool], ...]] | None = None
        self._orders: tuple[tuple[Country, ...], tuple[Country, ...]] | None = None
        if not checked:
            self._name_index()

    def _name_index(self) -> tuple[dict[str, str], tuple[tuple[str, str, bool], ...]]:
        """The look-up key of every name, alias and code (to its country's ISO3), and the
        name keys searched: (name key, ISO3, whether a name rather than an alias)."""
        if self._names is not None:
            return self._names
        by_key: dict[str, str] = {}
        keys: list[tuple[str, str, bool]] = []
        for c in self._by_iso3.values():
            seen: set[str] = set()
            for i, text in enumerate((c.iso3, c.iso2, c.name, c.common_name, *c.aliases)):
                nk = name_key(text)
                if not nk or nk in seen:
                    continue
                seen.add(nk)
                if i >= 2:  # names and aliases, not codes, are searched
                    keys.append((nk, c.iso3, i < 4))
                other = by_key.setdefault(_compact(nk), c.iso3)
                if other != c.iso3:
                    raise ValueError(f"'{text}' names both {other} and {c.iso3}")
        self._names = (by_key, tuple(keys))
        return self._names

    @property
    def _by_key(self) -> dict[str, str]:
        return self._name_index()[0]

    @property
    def _keys(self) -> tuple[tuple[str, str, bool], ...]:
        return self._name_index()[1]

    def _ordered(self) -> tuple[tuple[Country, ...], tuple[Country, ...]]:
        """The countries by name, and by ISO3 code."""
        if self._orders is None:
            every = self._by_iso3.values()
            self._orders = (
                tuple(sorted(every, key=lambda c: (name_key(c.name), c.iso3))),
                tuple(sorted(every, key=lambda c: c.iso3)),
            )
        return self._orders

    @property
    def _sorted(self) -> tuple[Country, ...]:
        return self._ordered()[0]

    @property
    def _in_code_order(self) -> tuple[Country, ...]:
        return self._ordered()[1]

    # -- the collection ---------------------------------------------------------------
    def __iter__(self) -> Iterator[Country]:
        """Countries in ISO3 order."""
        return iter(self._in_code_order)

    def __len__(self) -> int:
        return len(self._by_iso3)

    def __contains__(self, iso3: object) -> bool:
        return isinstance(iso3, str) and iso3 in self._by_iso3

    def __repr__(self) -> str:
        return f"<Registry of {len(self)} countries>"

    # -- exact look-ups ---------------------------------------------------------------
    def get(self, iso3: str) -> Country:
        """The country with this ISO3 code, exactly (raises UnknownCountry)."""
        try:
            return self._by_iso3[iso3]
        except KeyError:
            raise UnknownCountry(iso3, self.suggestions(iso3)) from None

    def common_name(self, iso3: str, fallback: str | None = None) -> str:
        """The name readers say ("North Korea") of the country with this ISO3 code: what
        pages, tables and sentences show (the report's form, "Korea, North", is its
        ``name``, kept in JSON and CSV); ``fallback`` (else the code) where it is unknown."""
        c = self._by_iso3.get(iso3)
        return c.common_name if c is not None else (fallback or iso3)

    def by_numeric(self, numeric: str) -> Country | None:
        """The country with this ISO 3166-1 numeric code, if any ('4' is read as '004')."""
        code = str(numeric).strip()
        if code.isdigit():
            code = code.zfill(3)
        return self._by_numeric.get(code)

    def by_region(self, code: str) -> list[Country]:
        """The countries of one regional bureau (AF, EAP, EUR, NEA, SCA, WHA), by name."""
        wanted = code.strip().upper()
        return [c for c in self._sorted if c.region == wanted]

    # -- what users type --------------------------------------------------------------
    def resolve(self, text: str) -> Country:
        """The country a name, report name, common name, alias, ISO2 or ISO3 code means.

        Raises UnknownCountry with up to three suggestions when nothing matches exactly.
        """
        found = self.find(text)
        if found is None:
            raise UnknownCountry(text, self.suggestions(text))
        return found

    def find(self, text: str) -> Country | None:
        """:meth:`resolve` without the suggestions: None when nothing matches exactly (for
        callers that look up many names, most of them perhaps not countries)."""
        code = self._by_code.get(text)
        if code is not None:  # an ISO code as codes are written: the same as its key
            return code
        iso3 = self._by_key.get(lookup_key(text))
        return None if iso3 is None else self._by_iso3[iso3]

    def search(self, query: str, limit: int = 20) -> list[Country]:
        """Countries matching a query, best first.

        An ISO code or exact name first, then names and aliases that start with the query,
        have a word that does, or contain it; a match on a name ranks above the same match
        on an alias, and ties go by name. Only when nothing contains the query, near misses
        by spelling ("Chna"). An empty query returns every country, sorted by name
        (``limit`` does not apply).
        """
        return self.matches(query, limit)[0]

    def matches(self, query: str, limit: int = 20) -> tuple[list[Country], bool]:
        """:meth:`search`'s countries, and whether they are only near misses by spelling
        (nothing contains the query: "Greenland" finds Ireland, which it does not name)."""
        q = name_key(query)
        if not q:
            return list(self._sorted), False
        strong = self._scores(q, fuzzy=False)
        ranked = self._ranked(q, min_strong=1)[: max(limit, 0)]
        return [self._by_iso3[iso3] for iso3 in ranked], bool(ranked) and not strong

    def suggestions(self, text: str, n: int = 3) -> list[str]:
        """Up to ``n`` display names of the countries ``text`` most likely means.

        Names that start with ``text`` or have it as a word come first ("Congo" suggests
        both Congos); otherwise near misses by spelling, keeping only those about as close
        as the best one ("Chna" suggests China alone).
        """
        q = name_key(text)
        if not q or n <= 0:
            return []
        ranked = self._ranked(q, min_strong=3)
        return [self._by_iso3[iso3].name for iso3 in ranked[:n]]

    # -- scoring ----------------------------------------------------------------------
    def _order(self, iso3: str) -> tuple[str, str]:
        return (name_key(self._by_iso3[iso3].name), iso3)

    def _ranked(self, q: str, min_strong: int) -> list[str]:
        """ISO3 codes matching the name key ``q``, best first.

        Containment matches count only for a query of at least ``min_strong`` letters; when
        there are none, near misses within _FUZZY_MARGIN of the best one.
        """
        strong = len(q.replace(" ", "")) >= min_strong
        scores = self._scores(q, fuzzy=False) if strong else {}
        if not scores:
            scores = self._scores(q, fuzzy=True)
            if scores:
                floor = max(scores.values()) - _FUZZY * _FUZZY_MARGIN
                scores = {k: s for k, s in scores.items() if s >= floor}
        return sorted(scores, key=lambda iso3: (-scores[iso3], self._order(iso3)))

    def _scores(self, q: str, fuzzy: bool) -> dict[str, float]:
        """The best score of every country whose names match the name key ``q``.

        Without ``fuzzy``, exact, prefix, word and substring matches; with it, near misses
        only (names that contain ``q`` are then not scored).
        """
        scores: dict[str, float] = {}
        compact = q.replace(" ", "")
        matcher = None
        if fuzzy:
            from difflib import SequenceMatcher  # only needed off the fast path

            matcher = SequenceMatcher(autojunk=False)
            matcher.set_seq2(q)
        else:
            exact = self._by_key.get(lookup_key(q))
            if exact is not None:
                scores[exact] = _EXACT + _PRIMARY
        for key, iso3, primary in self._keys:
            contained = q in key or compact in key.replace(" ", "")
            if matcher is None:
                if not contained:
                    continue
                if key.startswith(q):
                    score: float = _PREFIX
                elif (" " + key).find(" " + q) >= 0:
                    score = _WORD
                else:
                    score = _SUBSTRING
            else:
                if contained:
                    continue
                matcher.set_seq1(key)
                if (
                    matcher.real_quick_ratio() < _FUZZY_CUTOFF
                    or matcher.quick_ratio() < _FUZZY_CUTOFF
                ):
                    continue
                ratio = matcher.ratio()
                if ratio < _FUZZY_CUTOFF:
                    continue
                score = _FUZZY * ratio
            if primary:
                score += _PRIMARY
            if score > scores.get(iso3, 0):
                scores[iso3] = score
        return scores


# -- the packaged registry ------------------------------------------------------------
def parse_countries_csv(text: str, source_name: str = "countries.csv") -> list[Country]:
    """Countries from the text of a countries.csv; raises ValueError naming the bad line."""
    reader = csv.reader(io.StringIO(text))
    header = tuple(next(reader, ()))
    if header != COLUMNS:
        raise ValueError(f"{source_name}: columns must be {','.join(COLUMNS)}")
    out: list[Country] = []
    for line, row in enumerate(reader, start=2):
        if len(row) != len(COLUMNS):
            raise ValueError(f"{source_name} line {line}: expected {len(COLUMNS)} fields")
        iso3, iso2, numeric, name, common, aliases, cow, region, kind = row
        if kind not in KINDS:
            raise ValueError(f"{source_name} line {line}: kind must be one of {KINDS}")
        out.append(
            Country(
                iso3=iso3,
                iso2=iso2,
                name=name,
                common_name=common or name,
                aliases=tuple(a for a in aliases.split(ALIAS_SEPARATOR) if a),
                cow_code=int(cow) if cow else None,
                region=region or None,
                numeric=numeric or None,
                kind=kind,
            )
        )
    return out


@cache
def registry() -> Registry:
    """The registry shipped with tiptiers (read once per process from data/countries.csv)."""
    return Registry(parse_countries_csv(data_text("countries.csv")), checked=True)


def resolve(text: str) -> Country:
    """The packaged registry's :meth:`Registry.resolve`."""
    return registry().resolve(text)
