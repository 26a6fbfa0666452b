"""One country across many years: "attained Tier 1 status in 2009, 2010, and 2011",
"on the Watch List in 2012, 2013 and 2016, as well as 2005".

A year-by-year history of one country names the country once and then pairs tiers with runs
of years, with verbs the claim grammar does not know ("attained", "spent time on",
"across various years including"). This reader takes a sentence that names exactly one
country and, for each run of years introduced by "in", "including" or "during", the tier
named just before it (no other country or tier between them, and close by), and gives the
country that tier in each year of the run. Years that the grammar already dated a claim of
that country to are left to it. It reads nothing where the sentence names several countries
(which one the years belong to is not clear), where a hedge or negation stands between the
tier and the years, or where the year is a date or part of a name ("the 2010 Act").

Pure: it sees one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tiptiers.news import lexicon as lx
from tiptiers.news.extract import TIER, Draft
from tiptiers.news.lexicon import TierPhrase, YearPhrase, lazy
from tiptiers.news.mentions import Mention

#: How far a run of years may stand from its tier phrase (characters).
_REACH = 90  # not statute: about fifteen words
#: What introduces a run of years that dates a placement.
_INTRODUCED = lazy(r"\b(?:in|including|during)\s+(?:the\s+)?$", re.IGNORECASE)
#: What may follow a run of years that dates a placement: the clause ends, or the report is
#: named ("in the 2014 report"); not "the 2010 Act", "the 2022 World Cup".
_ENDS = lazy(
    r"\s*(?:$|[,.;:)!?—–-]|(?:and|but|while|when|before|after|as|until|respectively)\b|"
    r"(?:['’]s\s+)?(?:(?:TIP|Trafficking\s+in\s+Persons|annual|trafficking)\s+)*"
    r"(?:[Rr]eports?|editions?|rankings?)\b)"
)
_BLOCKED = lazy(
    r"\b(?:not|never|no\s+longer|could|would|might|may|should|if|unless|except|lost|losing|"
    r"left|leaving|removed|dropped\s+(?:off|from)|fell\s+(?:off|from))\b",
    re.IGNORECASE,
)
_REFERS = lazy(r"\b(?:[Tt]he\s+(?:country|nation)|[Ii]t)\b")
_JOIN = lazy(r"^(?:\s*(?:,|and|&|along\s+with|as\s+well\s+as|plus)\s*)+$", re.IGNORECASE)


def read_history(
    sentence: str,
    base: int,
    mentions: Sequence[Mention],
    tiers: Sequence[TierPhrase],
    years: Sequence[YearPhrase],
    dated: set[tuple[str, int]],
    country: Mention | None = None,
) -> list[Draft]:
    """Tier claims for one country's runs of years (``dated``: the (iso3, year) pairs the
    grammar has already claimed). A sentence that names no country but refers to one ("the
    country", "it") is about ``country``, the last one named, read as uncertain."""
    countries = {m.iso3 for m in mentions if m.usable and m.iso3}
    doubt = ""
    if not countries and country is not None and country.iso3 and _REFERS.search(sentence):
        countries, doubt = (
            {country.iso3},
            f"the sentence read as about {country.text}, named before",
        )
        subject = country
    elif len(countries) != 1:
        return []
    else:
        subject = next(m for m in mentions if m.usable and m.iso3)
    iso3 = next(iter(countries))
    abs_years = [y for y in years if y.kind == "abs"]
    if len(abs_years) == 0:
        return []
    runs = _runs(sentence, abs_years)
    named = [t for t in tiers if t.tier is not None]
    out: list[Draft] = []
    words = lx.WORD_RE.findall(sentence.lower())
    if set(words) & lx.HEDGE:
        return []  # "If Ghana is downgraded to Tier 3 in 2017, ...": no placement stated
    for run in runs:
        first = run[0]
        if not _INTRODUCED.search(sentence[max(0, first.start - 20) : first.start]):
            continue
        if not _ENDS.match(sentence, run[-1].end):
            continue
        before = [t for t in named if t.end <= first.start]
        if not before:
            continue
        tier = before[-1]
        gap = sentence[tier.end : first.start]
        if len(gap) > _REACH or _BLOCKED.search(gap):
            continue
        if any(tier.end <= m.start - base < first.start for m in mentions if m.usable):
            continue
        if any(
            tier.end <= y.start < first.start and y.kind != "abs" and y.kind != "date"
            for y in years
        ):
            continue  # "Tier 2 for 13 years, including 2001": the run, not a streak
        for y in run:
            if (iso3, y.value) in dated:
                continue
            out.append(
                Draft(
                    TIER,
                    subject,
                    tier.tier,
                    year_kind="abs",
                    year_value=y.value,
                    span=(base + tier.start, base + y.end),
                    pattern="history",
                    uncertain=doubt,
                )
            )
    return out


def _runs(sentence: str, years: Sequence[YearPhrase]) -> list[list[YearPhrase]]:
    """The years grouped into runs: neighbours joined by commas, "and", "along with"."""
    runs: list[list[YearPhrase]] = []
    for y in years:
        if runs and _JOIN.match(sentence[runs[-1][-1].end : y.start]):
            runs[-1].append(y)
        else:
            runs.append([y])
    return runs
