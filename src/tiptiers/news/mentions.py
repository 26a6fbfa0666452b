"""Country mentions in running text: the registry's names and aliases, a few capitals, and
the look-alikes that are not countries at all.

A mention is found by the exact, capitalised spelling of a registry name or alias ("North
Korea", "Burma", "Myanmar", "the DRC", "Swaziland"), its unaccented form, or a capital city
("Minsk"). Each gets a ``role``; only ``country`` and ``capital`` mentions can carry a claim,
and the extractor lets a capital carry one only where the sentence ties it to a tier itself.
The other roles say why a look-alike is not a country: ``us_state`` ("Atlanta, Georgia",
"Georgia Gov. Brian Kemp"), ``person`` ("Michael Jordan", "Chad Smith"), ``org`` ("Ministry of
Foreign Affairs of Belarus", "Russia's Foreign Ministry", "Qatar Airways") and ``place``
("the Niger Delta", "Latin America", "a Hanoi-based group"). "Congo" and "Korea" alone are
``ambiguous``: they name two countries and the claim checker says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from tiptiers.law.params import MONTH_NAMES
from tiptiers.model import Country
from tiptiers.news.lexicon import lazy

# Capitals (and seats of government) that news copy uses for the government itself.
CAPITALS: dict[str, str] = {
    "Kabul": "AFG", "Tirana": "ALB", "Algiers": "DZA", "Luanda": "AGO", "Buenos Aires": "ARG",
    "Yerevan": "ARM", "Canberra": "AUS", "Vienna": "AUT", "Baku": "AZE", "Manama": "BHR",
    "Dhaka": "BGD", "Minsk": "BLR", "Brussels": "BEL", "Thimphu": "BTN", "La Paz": "BOL",
    "Sarajevo": "BIH", "Brasilia": "BRA", "Brasília": "BRA", "Bandar Seri Begawan": "BRN",
    "Sofia": "BGR", "Ouagadougou": "BFA", "Gitega": "BDI", "Bujumbura": "BDI",
    "Phnom Penh": "KHM", "Yaounde": "CMR", "Yaoundé": "CMR", "Ottawa": "CAN", "Bangui": "CAF",
    "N'Djamena": "TCD", "N’Djamena": "TCD", "Santiago": "CHL", "Beijing": "CHN",
    "Bogota": "COL", "Bogotá": "COL", "Kinshasa": "COD", "Brazzaville": "COG",
    "San Jose": "CRI", "Havana": "CUB", "Nicosia": "CYP", "Prague": "CZE", "Copenhagen": "DNK",
    "Santo Domingo": "DOM", "Quito": "ECU", "Cairo": "EGY", "San Salvador": "SLV",
    "Malabo": "GNQ", "Asmara": "ERI", "Tallinn": "EST", "Mbabane": "SWZ", "Addis Ababa": "ETH",
    "Suva": "FJI", "Helsinki": "FIN", "Paris": "FRA", "Libreville": "GAB", "Banjul": "GMB",
    "Tbilisi": "GEO", "Berlin": "DEU", "Accra": "GHA", "Athens": "GRC",
    "Guatemala City": "GTM", "Conakry": "GIN", "Bissau": "GNB", "Georgetown": "GUY",
    "Port-au-Prince": "HTI", "Tegucigalpa": "HND", "Budapest": "HUN", "New Delhi": "IND",
    "Jakarta": "IDN", "Tehran": "IRN", "Baghdad": "IRQ", "Dublin": "IRL", "Rome": "ITA",
    "Kingston": "JAM", "Tokyo": "JPN", "Amman": "JOR", "Astana": "KAZ", "Nairobi": "KEN",
    "Pyongyang": "PRK", "Seoul": "KOR", "Pristina": "XKX", "Kuwait City": "KWT",
    "Bishkek": "KGZ", "Vientiane": "LAO", "Riga": "LVA", "Beirut": "LBN", "Maseru": "LSO",
    "Monrovia": "LBR", "Tripoli": "LBY", "Vilnius": "LTU", "Antananarivo": "MDG",
    "Lilongwe": "MWI", "Kuala Lumpur": "MYS", "Putrajaya": "MYS", "Bamako": "MLI",
    "Valletta": "MLT", "Majuro": "MHL", "Nouakchott": "MRT", "Mexico City": "MEX",
    "Chisinau": "MDA", "Ulaanbaatar": "MNG", "Podgorica": "MNE", "Rabat": "MAR",
    "Maputo": "MOZ", "Naypyidaw": "MMR", "Naypyitaw": "MMR", "Nay Pyi Taw": "MMR",
    "Rangoon": "MMR", "Windhoek": "NAM", "Kathmandu": "NPL", "The Hague": "NLD",
    "Wellington": "NZL", "Managua": "NIC", "Niamey": "NER", "Abuja": "NGA", "Skopje": "MKD",
    "Oslo": "NOR", "Muscat": "OMN", "Islamabad": "PAK", "Panama City": "PAN",
    "Port Moresby": "PNG", "Asuncion": "PRY", "Asunción": "PRY", "Lima": "PER",
    "Manila": "PHL", "Warsaw": "POL", "Lisbon": "PRT", "Doha": "QAT", "Bucharest": "ROU",
    "Moscow": "RUS", "Kigali": "RWA", "Riyadh": "SAU", "Dakar": "SEN", "Belgrade": "SRB",
    "Freetown": "SLE", "Bratislava": "SVK", "Ljubljana": "SVN", "Mogadishu": "SOM",
    "Pretoria": "ZAF", "Juba": "SSD", "Madrid": "ESP", "Colombo": "LKA", "Khartoum": "SDN",
    "Paramaribo": "SUR", "Stockholm": "SWE", "Bern": "CHE", "Damascus": "SYR",
    "Taipei": "TWN", "Dushanbe": "TJK", "Dodoma": "TZA", "Dar es Salaam": "TZA",
    "Bangkok": "THA", "Dili": "TLS", "Lome": "TGO", "Lomé": "TGO", "Port of Spain": "TTO",
    "Tunis": "TUN", "Ankara": "TUR", "Ashgabat": "TKM", "Kampala": "UGA", "Kyiv": "UKR",
    "Kiev": "UKR", "Abu Dhabi": "ARE", "London": "GBR", "Washington": "USA",
    "Montevideo": "URY", "Tashkent": "UZB", "Caracas": "VEN", "Hanoi": "VNM", "Sanaa": "YEM",
    "Sana'a": "YEM", "Lusaka": "ZMB", "Harare": "ZWE",
}  # fmt: skip

# Names that name two countries: a claim about them is unclear unless both agree.
AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "Congo": ("COD", "COG"),
    "the Congo": ("COD", "COG"),
    "Korea": ("PRK", "KOR"),
}

_PERSON_LIKE = frozenset(("Chad", "Jordan", "Georgia", "Israel"))
_NOT_SURNAME = frozenset(
    [
        "Tier",
        "Watch",
        "Special",
        "Report",
        "And",
        "Or",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        *MONTH_NAMES,
        "The",
        "In",
        "On",
        "At",
        "For",
    ]
)
_SENTENCE_START = lazy(r"(?:^|[.!?:\"“]\s+|\n)\s*$")
_US_STATE_BEFORE = lazy(
    r"(?:\b(?:state|State) of\s+|\b(?:Atlanta|Savannah|Augusta|Athens|Macon|Columbus|Marietta|"
    r"Decatur|Albany|Valdosta|Seattle|Spokane|Olympia|Tacoma),\s*)$"
)
_US_STATE_AFTER = lazy(
    r"^(?:,\s*(?:U\.S\.|USA|United States)\b|\s+Gov\.|\s+(?:Governor|governor|Tech|State University|"
    r"Senate|House|Legislature|General Assembly|lawmakers|legislators|Bulldogs|Republicans?|"
    r"Democrats?|Attorney General|attorney general|Supreme Court|Power|Aquarium|Bureau|state)\b|"
    r"['’]s\s+(?:governor|Gov\.|legislature|attorney general|state|Republican|Democratic))"
)
_PERSON_BEFORE = lazy(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|coach|actor|actress|singer|rapper|player|forward|guard)\.?\s+$"
)
_ORG_BEFORE = lazy(
    r"\b(?:Ministry|Minister|Embassy|Ambassador|Consulate|Mission|University|Parliament|Bank|"
    r"Council|Court|Institute|Foundation|Commission|Agency|Airways|Airlines)\b"
    r"(?:\s+(?:of|for|and|the|[A-Z][\w'’-]*))*\s+(?:of|in|to)\s+(?:the\s+)?$"
)
_ORG_AFTER = lazy(
    r"^(?:['’]s?)?\s+(?:(?:Foreign|Interior|Home|Labou?r|Justice|Defen[cs]e|Finance|Trade|"
    r"Economy|Health|Education|Information|Human Resources|Manpower)\s+)?(?:Ministry|Minister|"
    r"Embassy|Airways|Airlines|Foundation|Investment Authority|Central Bank|National Bank|"
    r"University|Football|national team|Post|Times|Tribune|Daily|Herald|Tech|Stock Exchange)\b"
)
_PLACE_AFTER = lazy(
    r"^(?:-(?:based|born|made|flagged|registered)\b|\s+(?:Delta|River|Basin|Valley|Sea|Gulf|"
    r"Peninsula|Strait|Province|Region|Street|Avenue|Square|Olympics|Games|Summit|Accord|"
    r"Accords|Agreement|Convention|Declaration)\b)"
)
_REGION_BEFORE = lazy(r"\b(?:Latin|Central|South|North|Middle|Corporate|Rural)\s+$")


@dataclass(frozen=True)
class Mention:
    """A country (or look-alike) named in the text, with its span in the plain text."""

    start: int
    end: int
    text: str
    iso3: str | None  # None when ambiguous
    via: str  # name, alias, capital, ambiguous
    role: str  # country, capital, us_state, person, org, place
    candidates: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        """Whether this mention can carry a claim (a country, a capital or an ambiguous name)."""
        return self.role in ("country", "capital")


class _Names(Protocol):
    def __iter__(self) -> object: ...


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


#: The report's own inverted names, as its tables and lists copied from them give them
#: ("Korea, North", "Congo, Republic of the"). Other names with a comma ("Bahamas, The",
#: "Hong Kong, China") are not read: in a list, the comma belongs to the list.
_INVERTED = re.compile(r", (?:North|South|(?:[\w' ]+ )?Republic of(?: the)?)$")


def _variants(text: str) -> set[str]:
    t = text.strip()
    if t[:4] in ("the ", "The "):
        t = t[4:]
    out = {t, _plain(t)}
    if "," in t:
        out.add(t.replace(",", ""))  # "Korea North"
    for v in list(out):
        if " d'" in v or " d’" in v:
            out.update({v.replace(" d'", " D'"), v.replace(" d’", " D’")})  # "Cote D'Ivoire"
    for v in list(out):
        if v.startswith("Saint "):
            out.update({"St. " + v[6:], "St " + v[6:]})
        if v.startswith("St. "):
            out.update({"Saint " + v[4:], "St " + v[4:]})
    return {v for v in out if v}


def _pattern(variant: str) -> str:
    parts = []
    for ch in variant:
        if ch in "'’":
            parts.append("['’]")
        elif ch in "-‐‑":
            parts.append("[-‐‑ ]")
        elif ch == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


class MentionFinder:
    """Finds every mention in a text with one compiled regular expression."""

    def __init__(self, countries: Iterable[Country]) -> None:
        table: dict[str, tuple[tuple[str, ...], str]] = {}
        for c in countries:
            for i, name in enumerate((c.name, c.common_name, *c.aliases)):
                if not name.strip() or ("," in name and not _INVERTED.search(name)):
                    continue
                for v in _variants(name):
                    table.setdefault(v, ((c.iso3,), "name" if i < 2 else "alias"))
        for city, iso3 in CAPITALS.items():
            for v in _variants(city) | {city}:
                table.setdefault(v, ((iso3,), "capital"))
        for name, isos in AMBIGUOUS.items():
            table[name] = (isos, "ambiguous")
        self._table = table
        self._by_folded = {self._key(k): v for k, v in table.items()}
        ordered = sorted(table, key=lambda v: (-len(v), v))
        self._regex = re.compile(
            r"(?<![\w.-])(?:" + "|".join(_pattern(v) for v in ordered) + r")(?![\w]|-[A-Z])"
        )

    @staticmethod
    def _key(text: str) -> str:
        return re.sub(r"[\s\-‐‑]+", " ", text.replace("’", "'"))

    def find(self, text: str) -> list[Mention]:
        """Every mention in ``text``, in order, each with its role."""
        out: list[Mention] = []
        for m in self._regex.finditer(text):
            found = m.group()
            entry = self._by_folded.get(self._key(found))
            if entry is None:  # an accent or apostrophe variant: look up its plain form
                entry = self._by_folded.get(self._key(_plain(found)), ((), "name"))
            isos, via = entry
            if not isos:
                continue
            role = _role(text, m.start(), m.end(), found, via)
            if role is None:
                continue
            out.append(
                Mention(
                    m.start(),
                    m.end(),
                    found,
                    isos[0] if len(isos) == 1 else None,
                    via,
                    role,
                    isos if len(isos) > 1 else (),
                )
            )
        return out


def _role(text: str, start: int, end: int, found: str, via: str) -> str | None:
    before = text[max(0, start - 80) : start]
    after = text[end : end + 60]
    if found in ("America",) and _REGION_BEFORE.search(before):
        return None
    if found in ("U.S.", "US"):
        return "org"  # "U.S. aid", "the U.S. report": the abbreviation is an adjective in TIP news
    if found in ("Georgia", "Washington") and (
        _US_STATE_BEFORE.search(before) or _US_STATE_AFTER.match(after)
    ):
        return "us_state"
    if _ORG_BEFORE.search(before) or _ORG_AFTER.match(after):
        return "org"
    if _PLACE_AFTER.match(after):
        return "place"
    if found in _PERSON_LIKE and not _title_case(text, start) and _is_person(before, after):
        return "person"
    if via == "capital":
        nxt = re.match(r"\s+([A-Z][a-z]+)", after)
        if nxt and nxt.group(1) not in _NOT_SURNAME:
            return "place"  # "Beijing Olympics", "Washington Post"
        return "capital"
    return "country"


HEADLINE_REACH = 300  # not statute: characters; a headline is shorter


def _title_case(text: str, pos: int) -> bool:
    """Whether the line around ``pos`` is a Title Case headline ("Chad Drops To Tier 3")."""
    # A headline is short: look no further than HEADLINE_REACH characters either side, so a
    # text without line breaks costs no more per name than one with them.
    lo = max(0, pos - HEADLINE_REACH)
    line_start = text.rfind("\n", lo, pos) + 1 or lo
    line_end = text.find("\n", pos, pos + HEADLINE_REACH)
    if line_end < 0:
        line_end = min(len(text), pos + HEADLINE_REACH)
    line = text[line_start:line_end]
    words = [w for w in line.split() if len(w) > 3]  # not statute: short words are not telling
    enough = len(words) >= 3  # not statute: a headline has a few long words
    return enough and sum(w[0].isupper() for w in words) / len(words) >= 0.8


def _is_person(before: str, after: str) -> bool:
    if _PERSON_BEFORE.search(before):
        return True
    nxt = re.match(r"\s+([A-Z][a-z]+)\b", after)
    if nxt and nxt.group(1) not in _NOT_SURNAME:
        return True  # "Chad Smith", "Jordan Peterson"
    prev = re.search(r"\b([A-Z][a-z]+)\s+$", before)
    return bool(
        prev
        and not _SENTENCE_START.search(before[: prev.start()])
        and prev.group(1) not in _NOT_SURNAME
    )


@lru_cache(maxsize=4)
def finder_for(countries: tuple[Country, ...]) -> MentionFinder:
    """A finder for a set of countries (cached: compiling the pattern takes ~20 ms)."""
    return MentionFinder(countries)


#: The titles by which an article names a country it has named in full ("the Sultanate" for
#: the Sultanate of Oman, "the Kingdom" for the Kingdom of Bahrain).
_TITLE = re.compile(
    r"\b[Tt]he\s+(Sultanate|Kingdom|Emirate|Principality|Grand\s+Duchy|Sheikhdom|Commonwealth)"
    r"(?!\s+of\b)(?![\w-])"
)


def titled_mentions(
    text: str, mentions: list[Mention], countries: Iterable[Country]
) -> list[Mention]:
    """Mentions of a country by its title ("The Sultanate has been ranked ..."): the one
    country of that title that the article names (by a usable mention); none when the article
    names no such country or several."""
    titles: dict[str, set[str]] = {}
    for c in countries:
        for alias in (c.name, *c.aliases):
            head = re.match(
                r"(Sultanate|Kingdom|Emirate|Principality|Grand Duchy|Sheikhdom|"
                r"Commonwealth) of\b",
                alias,
            )
            if head:
                titles.setdefault(head.group(1), set()).add(c.iso3)
    named = {m.iso3 for m in mentions if m.usable and m.iso3}
    out: list[Mention] = []
    for t in _TITLE.finditer(text):
        title = re.sub(r"\s+", " ", t.group(1))
        if not title[0].isupper():
            continue
        which = titles.get(title, set()) & named
        if len(which) == 1:
            out.append(
                Mention(t.start(), t.end(), t.group(), next(iter(which)), "title", "country")
            )
    return out
