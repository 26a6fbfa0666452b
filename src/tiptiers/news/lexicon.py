"""The words of TIP news: how articles name tiers, moves, years and the other rankings that
are not the TIP report.

Tier phrases map to :class:`~tiptiers.model.Tier` codes as wire copy uses them: "Tier 3",
"the lowest tier", "the bottom tier", "the worst offenders" and "blacklist" are Tier 3; "the
top tier" is Tier 1; "the Watch List", "Tier 2 Watch List" and "the second-lowest tier" are
the Tier 2 Watch List (22 U.S.C. 7107(b)(2)(A), the "special watch list"). Phrases of other
rankings (the USTR's Priority Watch List, the religious-freedom Special Watch List, the FATF
grey list, indices) are recognised so that they are *not* read as TIP tiers.

The verb classes are alternations over the lower-cased words of a sentence template (see
:mod:`tiptiers.news.extract`). Patterns compile on first use.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from tiptiers.law.versions import FIRST_REPORT_YEAR
from tiptiers.model import Tier

OTHER = "other"  # a phrase of another ranking


class LazyPattern:
    """A regular expression compiled on first use, so that ``import tiptiers.news`` stays
    light (compiling the alternations of this package takes tens of milliseconds)."""

    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str, string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)


@dataclass(frozen=True)
class TierPhrase:
    start: int
    end: int
    text: str
    tier: Tier | None  # None for another ranking's phrase
    descriptive: bool  # "the lowest tier" rather than "Tier 3"
    implied: bool = False  # the tier's definition, not its name: "not doing enough"


_TIER_SPECS: tuple[tuple[str, str, bool], ...] = (
    (r"priority\s+watch[\s-]?list", OTHER, False),
    (
        r"(?:special\s+)?watch[\s-]?list\s+(?:for|on|of)\s+(?:severe\s+)?(?:violators\s+of\s+)?religious\s+freedom",
        OTHER,
        False,
    ),
    (r"(?:grey|gray)[\s-]list", OTHER, False),
    (
        r"tier[\s-]*(?:2|two|ii)\s*[\"“”‘’']?\s*[-–]?\s*(?:special\s+)?watch(?:[\s-]?list)?(?![a-z])[\"“”‘’']?",
        "2WL",
        False,
    ),
    (r"tier[\s-]*(?:2|two|ii)[\s-]*wl\b", "2WL", False),
    # "Tier 2 wish list", "tier two watch-list" garbled or abbreviated: a w-word list
    (r"tier[\s-]*(?:2|two|ii)\s+w[a-z]{2,8}[\s-]?list\b", "2WL", False),
    (r"(?:special\s+)?watch[\s-]?list", "2WL", True),
    (r"tier[\s-]*(?:1|one|i)(?![\w])", "1", False),
    (r"tier[\s-]*(?:2|two|ii)(?![\w])", "2", False),
    (r"tier[\s-]*(?:3|three|iii)(?![\w])", "3", False),
    (
        r"(?:second|next)[\s-]+(?:to[\s-]+)?(?:lowest|worst)[\s-]+(?:tier|rank(?:ing)?|category|level|grade|rung)",
        "2WL",
        True,
    ),
    (r"(?:the\s+)?first[\s-]+tier", "1", True),
    (r"(?:the\s+)?second[\s-]+tier", "2", True),
    (r"(?:the\s+)?third[\s-]+tier", "3", True),
    (r"failing\s+grades?", "3", True),
    (r"second[\s-]+(?:highest|best)[\s-]+(?:tier|rank(?:ing)?|category|level)", "2", True),
    (
        r"(?<!second-)(?<!second\s)(?<!next-)(?<!next\s)(?<!second-to-)(?<!second\sto\s)"
        r"(?<!next-to-)(?<!next\sto\s)"
        r"(?:lowest|bottom|worst)(?:[\s-]+(?:possible|ranked))?[\s-]+(?:tier|rank(?:ing)?|category|rung|level|grade)s?",
        "3",
        True,
    ),
    (
        r"bottom\s+of\s+(?:the\s+)?(?:[\w.-]+\s+){0,2}?(?:rankings?|list|ladder|table|scale)",
        "3",
        True,
    ),
    (r"(?<=\bat\s)(?:the\s+)?bottom(?!\s+of)\b", "3", True),
    (r"(?:top|highest|best)[\s-]+(?:tier|rank(?:ing)?|category|rung|level|grade)", "1", True),
    (r"top\s+of\s+the\s+(?:rankings?|list|ladder|scale)", "1", True),
    (
        r"(?:list\s+of\s+(?:the\s+)?)?(?:world['’]s\s+)?worst\s+(?:human[\s-]+)?(?:trafficking\s+)?"
        r"(?:offenders|performers|violators|abusers)",
        "3",
        True,
    ),
    (r"(?:human[\s-])?(?:trafficking\s+)?black[\s-]?list", "3", True),
    (r"worst\s+(?:countries|nations|places)\s+(?:for|in)\s+(?:human\s+)?trafficking", "3", True),
    (r"special\s+cases?", "special_case", False),
)
#: Phrases that name no tier but say what Tier 3 is (7107(b)(1)(C): governments short of the
#: minimum standards that are making no significant efforts to meet them): news uses them for
#: the Tier 3 list. A claim read from one is an uncertain reading.
_IMPLIED_SPECS: tuple[tuple[str, str, bool], ...] = (
    (r"not\s+doing\s+enough", "3", True),
    (
        r"(?:not\s+(?:making|taking|showing)|fail(?:s|ed|ing)?\s+to\s+(?:make|take|show))\s+"
        r"(?:sufficient|significant|adequate|serious|enough)\s+(?:efforts?|steps|action|measures)",
        "3",
        True,
    ),
    (r"fail(?:s|ed|ing)?\s+to\s+do\s+enough", "3", True),
    (r"insufficient\s+(?:efforts?|action)", "3", True),
)
_IMPLIED_FROM = len(_TIER_SPECS)
_TIER_SPECS = _TIER_SPECS + _IMPLIED_SPECS
# A tier phrase followed by one of these nouns is about something else ("tier 1 capital").
_NOT_TIP_NOUN = lazy(
    r"\s*[-\s]?(?:capital|suppliers?|cities|city|universit(?:y|ies)|schools?|teams?|clubs?|"
    r"banks?|lenders?|players?|firms?|companies|airports?|hospitals?|restaurants?|brands?|"
    r"talent|support|cards?|networks?|carriers?|markets?|cable)\b",
    re.IGNORECASE,
)
# Sentences about another ranking: their tier words are not TIP tiers.
OTHER_RANKING = lazy(
    r"\b(?:Special\s+301|USTR|Trade\s+Representative|intellectual\s+property|religious\s+freedom|"
    r"USCIRF|particular\s+concern|FATF|Financial\s+Action\s+Task\s+Force|money\s+laundering|"
    r"Global\s+Slavery\s+Index|Walk\s+Free|Freedom\s+House|Transparency\s+International|"
    r"Corruption\s+Perceptions|press\s+freedom|Reporters\s+Without\s+Borders|FIFA\s+(?:world\s+)?rank\w*|"
    r"credit\s+rating|Moody['’]s|Fitch|S&P|terrorism\s+list|state\s+sponsors?\s+of\s+terrorism)\b",
    re.IGNORECASE,
)
#: A sentence whose implied tier ("not doing enough") is about trafficking names it.
TRAFFICKING_WORD = lazy(r"traffick|\bTIP\b|forced\s+labou?r|slavery|\bstandards?\b", re.IGNORECASE)
TRAFFICKING_CONTEXT = lazy(
    r"traffick|\bTIP\b|Trafficking\s+in\s+Persons|forced\s+labou?r|modern\s+slavery|"
    r"\btier\s*(?:1|2|3|one|two|three)\b|watch\s*list",
    re.IGNORECASE,
)


# Words one of which every tier phrase contains (a cheap test before the big pattern).
_TIER_HINTS = (
    "enough",
    "efforts",
    "steps",
    "insufficient",
    "tier",
    "watch",
    "list",
    "bottom",
    "lowest",
    "top",
    "worst",
    "special",
    "highest",
    "best",
    "rung",
    "grade",
)


@cache
def _tier_regex() -> re.Pattern[str]:
    return re.compile(
        "|".join(f"(?P<t{i}>{spec})" for i, (spec, _, _) in enumerate(_TIER_SPECS)),
        re.IGNORECASE,
    )


def find_tiers(text: str) -> list[TierPhrase]:
    """Tier phrases in a sentence, and other rankings' phrases (tier None).

    >>> [(p.text, p.tier) for p in find_tiers("It fell to the Tier 2 Watch List, not Tier 3.")]
    [('Tier 2 Watch List', <Tier.T2WL: '2WL'>), ('Tier 3', <Tier.T3: '3'>)]
    >>> [p.tier for p in find_tiers("the USTR's Priority Watch List")]
    [None]
    """
    low = text.lower()
    if not any(w in low for w in _TIER_HINTS):
        return []
    out: list[TierPhrase] = []
    for m in _tier_regex().finditer(text):
        i = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
        _, code, descriptive = _TIER_SPECS[i]
        if code != OTHER and _NOT_TIP_NOUN.match(text, m.end()):
            continue
        tier = None if code == OTHER else Tier(code)
        out.append(TierPhrase(m.start(), m.end(), m.group(), tier, descriptive, i >= _IMPLIED_FROM))
    return out


# -- years ----------------------------------------------------------------------------
@dataclass(frozen=True)
class YearPhrase:
    """A time expression: ``kind`` is abs (a year), report (the YYYY report), rel (offset from
    the report year), streak (n consecutive years; ``value2`` -1 when the run ends the year
    before the report: "the previous three years"), first_time ("for the first time in n
    years": the run of n years that a change ends), since (from a year), date (a calendar
    date, never a claim's year)."""

    start: int
    end: int
    text: str
    kind: str
    value: int
    value2: int | None = None


_ORDINALS = {
    "a": 1, "one": 1, "first": 1, "two": 2, "second": 2, "three": 3, "third": 3, "four": 4,
    "fourth": 4, "five": 5, "fifth": 5, "six": 6, "sixth": 6, "seven": 7, "seventh": 7,
    "eight": 8, "eighth": 8, "nine": 9, "ninth": 9, "ten": 10, "tenth": 10, "eleven": 11,
    "eleventh": 11, "twelve": 12, "twelfth": 12,
}  # fmt: skip
_NUM = r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_ORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"\d{1,2}(?:st|nd|rd|th))"
)
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_YEAR = r"(?:19[89]\d|20\d\d)"
_REPORT = (
    r"(?:annual\s+)?(?:U\.?S\.?\s+|American\s+)?(?:State\s+Department(?:['’]s)?\s+)?(?:annual\s+)?(?:TIP\s+|Trafficking\s+in\s+Persons\s+"
    r"(?:\(TIP\)\s+)?|human[\s-]trafficking\s+|trafficking\s+)?(?:[Rr]eport|[Rr]ankings?)"
)
_YEAR_SPECS: tuple[tuple[str, str], ...] = (
    (rf"{MONTHS}\.?\s+\d{{1,2}},?\s+{_YEAR}", "date"),
    (rf"\b{_YEAR}-\d\d-\d\d\b", "date"),
    (
        rf"(?:the\s+)?(?P<y>{_YEAR})(?:['’]s)?\s+(?:(?:edition|issue|version)\s+of\s+(?:the\s+)?"
        rf"(?:[A-Z][\w.’']*\s+){{0,4}})?{_REPORT}",
        "report",
    ),
    # "in the first edition of the report", "the first TIP report": the first report's year
    (
        r"(?:the\s+)?(?:first|inaugural)\s+(?:(?:edition|issue)\s+of\s+the\s+(?:[\w-]+\s+){0,4}?"
        r"(?:[Rr]eport|rankings?)|(?:TIP|Trafficking\s+in\s+Persons|trafficking)\s+[Rr]eport)\b",
        "first",
    ),
    # "the report for 2009", "the TIP Report for July 2022": the year the report covers
    (rf"{_REPORT}\s+for\s+(?:{MONTHS}\.?\s+)?(?P<y2>{_YEAR})\b", "report"),
    (
        rf"(?:(?:last|previous|prior)\s+year['’]s|the\s+(?:previous|prior|preceding|last)\s+(?:year['’]s\s+)?)\s*{_REPORT}",
        "rel-1",
    ),
    (rf"this\s+year['’]s\s+{_REPORT}|the\s+(?:new|latest|current)\s+{_REPORT}", "rel0"),
    (
        r"(?:the\s+)?(?:previous|prior|preceding)\s+year|last\s+year|a\s+year\s+(?:earlier|before|ago)|the\s+year\s+before",
        "rel-1",
    ),
    (
        rf"(?:the\s+)?(?:previous|past|last|preceding)\s+(?P<n4>{_NUM})\s+years",
        "streak",
    ),
    # "for the first time in seven years": a run that ends the year before the report
    (
        rf"for\s+the\s+first\s+time\s+in\s+(?:(?P<n5>{_NUM})\s+years|(?P<d5>two\s+decades|"
        r"a\s+decade))",
        "first_time",
    ),
    (r"two\s+years\s+(?:earlier|before|ago)", "rel-2"),
    (r"three\s+years\s+(?:earlier|before|ago)", "rel-3"),
    (r"this\s+year", "rel0"),
    (
        rf"for\s+(?:a|the)\s+(?P<o>{_ORD})\s+(?:consecutive|straight|successive)\s+year|(?P<o2>{_ORD})\s+(?:consecutive|straight|successive)\s+year|for\s+(?:a|the)\s+(?P<o3>{_ORD})\s+year\s+(?:in\s+a\s+row|running)",
        "streak",
    ),
    (
        rf"for\s+(?P<n>{_NUM})\s+(?:consecutive|straight|successive)\s+years|(?P<n2>{_NUM})\s+years\s+in\s+a\s+row|for\s+(?:the\s+(?:past|last)\s+)?(?P<n3>{_NUM})\s+years?(?!\s+(?:earlier|before|ago|later))",
        "streak",
    ),
    (rf"since\s+(?P<s>{_YEAR})", "since"),
    (
        rf"(?:from|between)\s+(?P<r1>{_YEAR})\s+(?:to|and|through|until|till)\s+(?P<r2>{_YEAR})",
        "range",
    ),
    (rf"(?<![\w-]){_YEAR}(?![\w-])", "abs"),
)


_YEAR_HINT = lazy(r"\d|year", re.IGNORECASE)


@cache
def _year_regex() -> re.Pattern[str]:
    return re.compile(
        "|".join(f"(?P<k{i}>{spec})" for i, (spec, _) in enumerate(_YEAR_SPECS)),
        re.IGNORECASE,
    )


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    t = text.lower()
    if t in _ORDINALS:
        return _ORDINALS[t]
    digits = re.match(r"\d+", t)
    return int(digits.group()) if digits else None


def find_years(text: str) -> list[YearPhrase]:
    """Time expressions in a sentence.

    >>> [(p.kind, p.value) for p in find_years("Burma stayed there for a second straight year.")]
    [('streak', 2)]
    >>> [(p.kind, p.value) for p in find_years("In last year's report, and in the 2016 report")]
    [('rel', -1), ('report', 2016)]
    """
    if not _YEAR_HINT.search(text):
        return []
    out: list[YearPhrase] = []
    for m in _year_regex().finditer(text):
        name = next(k for k, v in m.groupdict().items() if v is not None and k.startswith("k"))
        kind = _YEAR_SPECS[int(name[1:])][1]
        g = m.groupdict()
        if kind == "date":
            yy = re.search(_YEAR, m.group())
            out.append(
                YearPhrase(m.start(), m.end(), m.group(), "date", int(yy.group()) if yy else 0)
            )
        elif kind == "report":
            out.append(
                YearPhrase(m.start(), m.end(), m.group(), "report", int(g.get("y") or g["y2"]))
            )
        elif kind == "first":
            out.append(YearPhrase(m.start(), m.end(), m.group(), "report", FIRST_REPORT_YEAR))
        elif kind.startswith("rel"):
            out.append(YearPhrase(m.start(), m.end(), m.group(), "rel", int(kind[3:])))
        elif kind == "streak":
            n = _number(
                g.get("o")
                or g.get("o2")
                or g.get("o3")
                or g.get("n")
                or g.get("n2")
                or g.get("n3")
                or g.get("n4")
                or g.get("n5")
            )
            if n:
                # "for the previous three years": the run ends the year before the report
                before = (
                    -1 if re.search(r"\b(?:previous|preceding|prior)\b", m.group(), re.I) else None
                )
                out.append(YearPhrase(m.start(), m.end(), m.group(), "streak", n, before))
        elif kind == "first_time":
            # "for the first time in seven years": a run before the report's change
            n = 20 if "two" in (g.get("d5") or "").lower() else 10 if g.get("d5") else None
            n = n or _number(g.get("n5"))
            if n:
                out.append(YearPhrase(m.start(), m.end(), m.group(), "first_time", n))
        elif kind == "since":
            out.append(YearPhrase(m.start(), m.end(), m.group(), "since", int(g["s"])))
        elif kind == "range":
            out.append(
                YearPhrase(m.start(), m.end(), m.group(), "range", int(g["r1"]), int(g["r2"]))
            )
        else:
            out.append(YearPhrase(m.start(), m.end(), m.group(), "abs", int(m.group())))
    return out


# -- verbs and small words (over lower-cased template words) ---------------------------
AUX = r"(?:has|have|had|was|were|is|are|be|been|being|did|does|do|'s|got|gets|get|having)"
ADV = (
    r"(?:also|again|now|still|once|even|then|already|newly|further|only|just|ultimately|"
    r"officially|formally|itself|themselves|both|all|each|too|subsequently|previously|later|"
    r"recently|reportedly|effectively|automatically|thus|therefore|instead|once again|likewise|"
    r"similarly|yet again|in turn|this time|duly|eventually|finally|firmly|squarely|§Y\d+|"
    r", (?:however|meanwhile|in contrast|by contrast|too|for its part|in turn|again|also) ,)"
)
NEG = r"(?:not|n't|never|no longer)"
DOWN = (
    r"(?:downgrad(?:e|es|ed|ing)|demot(?:e|es|ed|ing)|relegat(?:e|es|ed|ing)|drop(?:s|ped|ping)?|"
    r"f[ae]ll(?:s|en|ing)?|slip(?:s|ped|ping)?|slid(?:e|es|ing)?|s[aiu]nk|sinks|sinking|"
    r"plung(?:e|es|ed|ing)|tumbl(?:e|es|ed|ing)|lower(?:s|ed|ing)?|descend(?:s|ed)?|"
    r"(?:moved|moves|move|pushed|pushes|bumped|knocked|sent|went|goes) down|slumped|"
    r"downgraded back|dropped back|knocked|declin(?:e|es|ed|ing))"
)
UP = (
    r"(?:upgrad(?:e|es|ed|ing)|promot(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|lift(?:s|ed|ing)?|"
    r"elevat(?:e|es|ed|ing)|climb(?:s|ed|ing)?|rose|ris(?:e|es|en|ing)|improv(?:e|es|ed|ing)|"
    r"(?:moved|moves|move|bumped|went|goes) up|advanc(?:e|es|ed)|jump(?:s|ed)|"
    r"graduat(?:e|es|ed))"
)
KEEP = (
    r"(?:kept|keep(?:s|ing)?|remain(?:s|ed|ing)?|stay(?:s|ed|ing)?|retain(?:s|ed|ing)?|"
    r"maintain(?:s|ed|ing)?|stuck|linger(?:s|ed)?|languish(?:es|ed)?|"
    r"continu(?:e|es|ed) to (?:be|sit|rank|languish|appear)|(?:held|holds|hold|hung|hangs|clung|clings) "
    r"on to|(?:was|were|is|are|been|be) left)"
)
KEEP_ACTIVE = rf"(?:{KEEP}|left|leaves|leave)"
PLACE = (
    r"(?:plac(?:e|es|ed|ing)|put(?:s|ting)?|rank(?:s|ed|ing)?|list(?:s|ed|ing)?|"
    r"nam(?:e|es|ed|ing)|designat(?:e|es|ed|ing)|classif(?:y|ies|ied)|categori[sz](?:e|es|ed)|"
    r"rat(?:e|es|ed|ing)|assign(?:s|ed)?|add(?:s|ed)?|mov(?:e|es|ed|ing)|shift(?:s|ed)?|"
    r"return(?:s|ed)?|grad(?:e|es|ed)|land(?:s|ed)?|end(?:s|ed)? up|wound up|"
    r"join(?:s|ed)?(?: them| it| others| those)?|earn(?:s|ed)?|receiv(?:e|es|ed)|"
    r"found itself|counted|sits?|sat|appear(?:s|ed)?|featur(?:e|es|ed)|includ(?:e|es|ed)|"
    r"reinstat(?:e|es|ed)|re-?entered|entered|relisted|re-listed|push(?:es|ed)?|bump(?:s|ed)?|"
    r"sen[dt]s?|kick(?:s|ed)?|knock(?:s|ed)?|sp[ae]nt|spends?|group(?:s|ed)?|grouping)"
)
BE = r"(?:is|are|was|were|be|been|being|'s|remains)"
EXIT = (
    r"(?:left|leaves|leave|exit(?:s|ed)?|(?:came|comes|come|got|gets|moved|moves|was taken|"
    r"were taken|taken|was removed|were removed|removed|dropped|drops|climbed|climbs|lifted|"
    r"was lifted|were lifted) (?:off|out of|from)|emerg(?:e|es|ed) from|graduat(?:e|es|ed) from|"
    r"escap(?:e|es|ed)(?: from)?)"
)
AVOID = r"(?:avoid(?:s|ed)?|(?:was|were) spared|avert(?:s|ed)?|dodg(?:e|es|ed)|stav(?:e|es|ed) off)"
PREP = r"(?:(?:back |down |up |all the way )?(?:to|on|onto|into|in|at|among|as|within|under))"
DET = (
    r"(?:(?:the|a|an|its|their|his|her|this|that) )?(?:(?:list|ranks|ranking|category|level|"
    r"group|ranking) of (?:the )?)?(?:(?:lowly|dreaded|so-called|infamous|notorious|coveted|"
    r"report's|department's|new|same|special|u\.s\.|american|global|annual|latest|own|"
    r"official|human-trafficking|trafficking|§n|[a-z]+-(?:lowest|highest|worst|best|level|tier)) )*"
)
HEDGE = frozenset(
    [
        "could",
        "might",
        "may",
        "would",
        "should",
        "must",
        "will",
        "wo",
        "shall",
        "risk",
        "risks",
        "risked",
        "risking",
        "threaten",
        "threatens",
        "threatened",
        "threatening",
        "urge",
        "urges",
        "urged",
        "urging",
        "ask",
        "asks",
        "asked",
        "asking",
        "demand",
        "demands",
        "demanded",
        "want",
        "wants",
        "wanted",
        "wish",
        "wishes",
        "hope",
        "hopes",
        "hoped",
        "expect",
        "expects",
        "expected",
        "likely",
        "unlikely",
        "possible",
        "possibly",
        "potential",
        "potentially",
        "consider",
        "considers",
        "considered",
        "considering",
        "deserve",
        "deserves",
        "deserved",
        "recommend",
        "recommends",
        "recommended",
        "propose",
        "proposes",
        "proposed",
        "seek",
        "seeks",
        "sought",
        "lobby",
        "lobbied",
        "lobbying",
        "if",
        "unless",
        "whether",
        "warn",
        "warns",
        "warned",
        "predict",
        "predicts",
        "predicted",
        "plan",
        "plans",
        "planned",
        "intend",
        "intends",
        "intended",
        "prospect",
        "fears",
        "feared",
        "speculation",
        "rumored",
        "rumoured",
    ]
)
#: A lower-case word (for testing a text's words against HEDGE).
WORD_RE = re.compile(r"[a-z]+(?:['’][a-z]+)?")
NEGATORS = frozenset(("not", "n't", "never", "no", "neither", "nor"))
CLAUSE_BREAKS = frozenset((";", ":", "—", "(", ")"))
SUBORDINATORS = frozenset(("but", "while", "whereas", "although", "though", "yet"))
