"""The news claim check: read an article, find its TIP claims, and give each a verdict.

:func:`check_text` is the one use case that the CLI (``tiptiers check-news``), the API
(``POST /api/v1/check-news``) and the dashboard share. It is pure: it takes the text, the
record and the country registry and returns a :class:`NewsCheck`, whose ``to_dict()`` is
the JSON contract (``schema`` names its version).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

from tiptiers.errors import InvalidRange
from tiptiers.law.versions import FIRST_REPORT_YEAR
from tiptiers.model import Country, Record, Tier
from tiptiers.news import extract as ex
from tiptiers.news.bounds import NO_DEADLINE, Deadline, OutOfTime
from tiptiers.news.consequences import ConsequenceDraft, check_consequence, extract_consequences
from tiptiers.news.history import read_history
from tiptiers.news.lexicon import (
    OTHER_RANKING,
    TRAFFICKING_CONTEXT,
    TRAFFICKING_WORD,
    TierPhrase,
    find_tiers,
    find_years,
    lazy,
)
from tiptiers.news.lists import NO_CONTEXT, read_lists
from tiptiers.news.mentions import Mention, finder_for, titled_mentions
from tiptiers.news.text import Document, read_document, split_sentences
from tiptiers.news.verdict import (
    UNCLEAR,
    TierQuestion,
    Verdict,
    check,
    check_ambiguous,
    check_without_year,
)
from tiptiers.news.year import ReportYear, infer_year

SCHEMA = "tiptiers.news-check/2"
#: The most claims one article gives; past it the check stops and says so (a list of every
#: country in the world is under 200 claims; a hostile text could ask for millions).
MAX_CLAIMS = 2000  # not statute: a cap on the claims read from one article
#: The longest quote a claim carries: the output stays linear in the input (a claim points to
#: its sentence, given once, instead of repeating it).
MAX_QUOTE = 300
#: How long one check may read before it stops and reports the rest as not read (seconds).
TIME_BUDGET = 20.0
#: A sentence that names a country and one of these (or a tier) is about a placement (or
#: what a placement costs): if it yields no claim, the check reports it as unread.
_RANKING_WORD = lazy(
    r"\b(?:tiers?|watch[\s-]?list|black[\s-]?list|rank(?:ed|ing|ings)|downgrad\w*|upgrad\w*|"
    r"demot\w*|relegat\w*|list(?:ed)?|sanction(?:s|ed)?|penalt(?:y|ies))\b",
    re.IGNORECASE,
)
VERDICTS = ("supported", "contradicted", "not_in_record", "unclear")
#: Which verdict a passage shows when several claims cover it: the one a reader must see.
_GRAVITY = {"contradicted": 3, "unclear": 2, "not_in_record": 1, "supported": 0}
FIRST_REPORT, LAST_SENSIBLE_YEAR = FIRST_REPORT_YEAR, 2100


@dataclass(frozen=True)
class Claim:
    """One claim: what the article says, where, and what the record or the law says."""

    id: int
    kind: str  # tier, move, remained, no_longer, streak, consequence
    summary: str
    sentence: str
    sentence_id: int  # index of the sentence in the article (NewsCheck.to_dict()["sentences"])
    sentence_start: int  # offsets in the input as given (HTML source for HTML input)
    sentence_end: int
    start: int
    end: int
    plain_start: int  # offsets in NewsCheck.text
    plain_end: int
    plain_sentence_start: int
    year: int | None
    year_basis: str  # report, sentence, law
    verdict: str
    explanation: str
    country: dict[str, Any] | None = None
    tier: Tier | None = None
    move: str | None = None
    from_tier: Tier | None = None
    negated: bool = False
    streak: int | None = None
    since: int | None = None
    consequence: str | None = None
    qualifiers: tuple[str, ...] = ()
    citation: str = ""
    record: dict[str, Any] = field(default_factory=dict)
    pattern: str = ""
    #: "uncertain" where the sentence can be read another way (``uncertain`` says why);
    #: ``verdict_if_read`` is then the verdict the reading would have.
    reading: str = "certain"
    uncertain: str = ""
    verdict_if_read: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "summary": self.summary,
            "verdict": self.verdict,
            "explanation": self.explanation,
            "country": self.country,
            "tier": self.tier.value if self.tier else None,
            "tier_label": self.tier.label if self.tier else None,
            "move": self.move,
            "from_tier": self.from_tier.value if self.from_tier else None,
            "negated": self.negated,
            "streak": self.streak,
            "since": self.since,
            "consequence": self.consequence,
            "qualifiers": list(self.qualifiers),
            "year": self.year,
            "year_basis": self.year_basis,
            "citation": self.citation,
            "record": self.record,
            "quote": None,  # filled by NewsCheck.to_dict (needs the input text)
            "start": self.start,
            "end": self.end,
            "plain_start": self.plain_start,
            "plain_end": self.plain_end,
            "plain_sentence_start": self.plain_sentence_start,
            "sentence_id": self.sentence_id,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "pattern": self.pattern,
            "reading": self.reading,
            "uncertain": self.uncertain or None,
            "verdict_if_read": self.verdict_if_read,
        }


@dataclass(frozen=True)
class Unread:
    """A sentence about a placement (it names a country and a tier or a ranking word) that
    gave no claim: the check could not read it, and says so instead of passing over it."""

    sentence_id: int
    sentence: str
    start: int  # offsets in the input as given
    end: int
    plain_start: int  # offsets in NewsCheck.text
    plain_end: int
    countries: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence_id": self.sentence_id,
            "countries": list(self.countries),
            "reason": self.reason,
            "start": self.start,
            "end": self.end,
            "plain_start": self.plain_start,
            "plain_end": self.plain_end,
        }


@dataclass(frozen=True)
class Segment:
    """A run of the article's plain text and the claims that cover it (none: plain text).

    ``verdict`` is the gravest verdict among them (contradicted, unclear, not_in_record,
    supported), or ``unread`` for a run of a sentence the check could not read; ``ends`` are
    the claims whose quoted span ends with this run.
    """

    text: str
    claims: tuple[int, ...] = ()
    verdict: str | None = None
    ends: tuple[int, ...] = ()


@dataclass(frozen=True)
class NewsCheck:
    """The claims of one article with their verdicts, the report year and how it was found."""

    report_year: ReportYear
    claims: tuple[Claim, ...]
    source: str
    text: str
    is_html: bool
    sentences: int
    words: int
    notes: tuple[str, ...] = ()
    unread: tuple[Unread, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(cl.verdict for cl in self.claims)
        return {v: c.get(v, 0) for v in VERDICTS}

    @property
    def message(self) -> str:
        """One line saying what was found, and how many placement sentences were not read."""
        n = len(self.unread)
        unread = (
            f"{n} sentence{'' if n == 1 else 's'} about placements could not be read" if n else ""
        )
        if not self.claims:
            why = next((n for n in self.notes if n.startswith("The text does not")), "")
            if unread:
                return f"No claims checked; {unread}."
            return "No TIP claims found" + (f": {why[0].lower()}{why[1:]}" if why else ".")
        parts = [f"{n} {v.replace('_', ' ')}" for v, n in self.counts.items() if n]
        noun = "claim" if len(self.claims) == 1 else "claims"
        said = f"{len(self.claims)} {noun} checked: " + ", ".join(parts)
        return f"{said}; {unread}." if unread else f"{said}."

    def segments(self) -> tuple[Segment, ...]:
        """The plain text cut where a claim's quoted span starts or ends, for highlighting.

        Joined, the segments give back ``text``; claims may overlap (a list claim quotes
        the same words for each country), so a run can carry several.

        >>> from tiptiers.news.year import ReportYear
        >>> def claim(i, a, b, v):
        ...     return Claim(i, "tier", "", "", 0, 0, 0, 0, 0, a, b, 0, 2017, "report", v, "")
        >>> nc = NewsCheck(ReportYear(2017, "given", ""), (claim(1, 4, 9, "supported"),
        ...     claim(2, 6, 9, "contradicted")), "", "Was China Tier 3?", False, 1, 4)
        >>> [(s.text, s.claims, s.verdict, s.ends) for s in nc.segments()]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('Was ', (), None, ()), ('Ch', (1,), 'supported', ()),
         ('ina', (1, 2), 'contradicted', (1, 2)), (' Tier 3?', (), None, ())]
        """
        n = len(self.text)
        spans = [
            (max(0, min(n, c.plain_start)), max(0, min(n, c.plain_end)), c)
            for c in self.claims
            if c.plain_end > c.plain_start
        ]
        unread = [(max(0, u.plain_start), min(n, u.plain_end)) for u in self.unread]
        cuts = sorted(
            {
                0,
                n,
                *(a for a, _, _ in spans),
                *(b for _, b, _ in spans),
                *(a for a, _ in unread),
                *(b for _, b in unread),
            }
        )
        out: list[Segment] = []
        for a, b in pairwise(cuts):
            covering = [c for s, e, c in spans if s <= a and b <= e]
            if not covering:
                skipped = any(s <= a and b <= e for s, e in unread)
                out.append(Segment(self.text[a:b], verdict="unread" if skipped else None))
                continue
            out.append(
                Segment(
                    self.text[a:b],
                    tuple(c.id for c in covering),
                    max((c.verdict for c in covering), key=lambda v: _GRAVITY.get(v, 2)),
                    tuple(c.id for s, e, c in spans if e == b),
                )
            )
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract. Each sentence that carries a claim or is unread is given once, in
        ``sentences``; claims and unread entries point to it by ``sentence_id``, and a claim's
        ``quote`` is at most :data:`MAX_QUOTE` characters, so the output grows linearly with
        the article however many countries one sentence names."""
        claims = []
        sentences: dict[int, dict[str, Any]] = {}
        for c in self.claims:
            d = c.to_dict()
            d["quote"] = _clip(self.source[c.start : c.end])
            claims.append(d)
            if c.sentence_id not in sentences:
                sentences[c.sentence_id] = {
                    "id": c.sentence_id,
                    "text": c.sentence,
                    "start": c.sentence_start,
                    "end": c.sentence_end,
                    "unread": False,
                }
        for u in self.unread:
            sentences[u.sentence_id] = {
                "id": u.sentence_id,
                "text": u.sentence,
                "start": u.start,
                "end": u.end,
                "unread": True,
            }
        return {
            "schema": SCHEMA,
            "message": self.message,
            "report_year": self.report_year.to_dict(),
            "input": {
                "format": "html" if self.is_html else "text",
                "characters": len(self.source),
                "sentences": self.sentences,
                "words": self.words,
            },
            "counts": self.counts,
            "unread_count": len(self.unread),
            "notes": list(self.notes),
            "claims": claims,
            "unread": [u.to_dict() for u in self.unread],
            "sentences": [sentences[k] for k in sorted(sentences)],
            "text": self.text if self.is_html else None,
        }


def check_text(
    text: str,
    record: Record,
    registry: Iterable[Country],
    year: int | None = None,
    *,
    budget: float | None = TIME_BUDGET,
    clock: Callable[[], float] = time.monotonic,
) -> NewsCheck:
    """Check the TIP claims of an article (plain text or HTML) against the record and the law.

    ``year`` is the report year when the caller knows it; otherwise it is inferred from the
    text. Raises BadInput for text that cannot be read (empty, binary, not English, too long)
    and InvalidRange for a year outside 2001–2100. The work is bounded: past
    :data:`MAX_CLAIMS` claims, or ``budget`` seconds of reading (by ``clock``), the check
    stops and a note says where; the sentences after it are not read.
    """
    if year is not None and not FIRST_REPORT <= year <= LAST_SENSIBLE_YEAR:
        raise InvalidRange(
            f"Report year {year} is out of range: the first TIP report is {FIRST_REPORT}."
        )
    started = clock()
    doc = read_document(text)
    countries = tuple(registry)
    names = {c.iso3: c.common_name for c in countries}
    report = infer_year(doc, year)
    sentences = split_sentences(doc.text)
    words = len(doc.text.split())
    notes: list[str] = []
    if report.year is not None and report.year in record.coverage:
        caveat = record.coverage[report.year].caveat()
        if caveat:
            notes.append(caveat)
    elif report.year is not None:
        notes.append(
            f"The record has no {report.year} report: its claims about {report.year} cannot be"
            " checked."
        )
    tip = bool(TRAFFICKING_CONTEXT.search(doc.text))
    if not tip:
        notes.append("The text does not mention human trafficking, the TIP report or its tiers.")
        return NewsCheck(
            report, (), doc.source, doc.text, doc.is_html, len(sentences), words, tuple(notes)
        )
    mentions = finder_for(countries).find(doc.text)
    titled = titled_mentions(doc.text, mentions, countries)
    if titled:
        mentions = sorted([*mentions, *titled], key=lambda m: m.start)
    claims: list[Claim] = []
    unread: list[Unread] = []
    deadline = NO_DEADLINE if budget is None else Deadline(clock, started + budget)
    reading = _Reading(doc, record, report, names, tip, mentions, claims, unread, deadline)
    for sid, s in enumerate(sentences):
        if len(claims) >= MAX_CLAIMS:
            notes.append(_capped(sid, len(sentences)))
            break
        try:
            deadline.check()
            reading.sentence(sid, s.text, s.start, s.end)
        except OutOfTime:
            notes.append(
                f"The check stopped after {budget:g} seconds (in sentence {sid + 1} of"
                f" {len(sentences)}): the rest of the article was not read. Check it in parts."
            )
            break
        if len(claims) > MAX_CLAIMS:  # one sentence gave more than the cap
            del claims[MAX_CLAIMS:]
            notes.append(_capped(sid, len(sentences)))
            break
    claims = _shorthand(claims)
    return NewsCheck(
        report,
        tuple(claims),
        doc.source,
        doc.text,
        doc.is_html,
        len(sentences),
        words,
        tuple(notes),
        tuple(unread),
    )


def _shorthand(claims: list[Claim]) -> list[Claim]:
    """ "Tier 2" for a country that the same article puts on the Tier 2 Watch List that year
    may be short for it: such a claim is an uncertain reading, never *contradicted*."""
    on_watch_list = {
        (c.country["iso3"], c.year)
        for c in claims
        if c.country and c.tier is Tier.T2WL and c.verdict == "supported" and not c.negated
    }
    out = []
    for c in claims:
        if (
            c.verdict == "contradicted"
            and c.tier is Tier.T2
            and c.country
            and (c.country["iso3"], c.year) in on_watch_list
        ):
            why = "the article puts it on the Tier 2 Watch List elsewhere; ‘Tier 2’ may be short for it"
            c = replace(
                c,
                verdict=UNCLEAR,
                reading="uncertain",
                uncertain=why,
                verdict_if_read="contradicted",
                explanation=f"Uncertain reading ({why}); read so, the record contradicts it:"
                f" {c.explanation}",
            )
        out.append(c)
    return out


def _capped(sid: int, total: int) -> str:
    return (
        f"The check stopped at {MAX_CLAIMS} claims (in sentence {sid + 1} of {total}): the"
        " rest of the article was not read. Check it in parts."
    )


class _Reading:
    """The reading of an article sentence by sentence, and what one sentence leaves for the
    next (the tiers it named, the country it was about, the list it opened)."""

    def __init__(
        self,
        doc: Document,
        record: Record,
        report: ReportYear,
        names: dict[str, str],
        tip: bool,
        mentions: list[Mention],
        claims: list[Claim],
        unread: list[Unread],
        deadline: Deadline,
    ) -> None:
        self.doc, self.record, self.report, self.names = doc, record, report, names
        self.tip, self.mentions, self.claims, self.unread = tip, mentions, claims, unread
        self.deadline = deadline
        self.previous_tiers: list[TierPhrase] = []
        self.antecedent: list[Mention] = []
        self.group: list[Mention] = []  # the countries of the sentence before
        self.country: Mention | None = None  # the last country named
        self.list_context = NO_CONTEXT
        self.mi = 0

    def sentence(self, sid: int, text: str, start: int, end: int) -> None:
        """Read one sentence: its claims into ``claims`` (at most one past the cap), or the
        sentence into ``unread``."""
        mentions, claims, deadline = self.mentions, self.claims, self.deadline
        while self.mi < len(mentions) and mentions[self.mi].start < start:
            self.mi += 1
        sm: list[Mention] = []
        k = self.mi
        while k < len(mentions) and mentions[k].end <= end:
            sm.append(mentions[k])
            k += 1
        tiers = find_tiers(text)
        other_ranking = bool(OTHER_RANKING.search(text))
        if other_ranking:
            tiers = [TierPhrase(t.start, t.end, t.text, None, t.descriptive) for t in tiers]
        elif not TRAFFICKING_WORD.search(text):
            tiers = [t for t in tiers if not t.implied]  # "not doing enough" to do what?
        years = find_years(text)
        named = {t.tier for t in self.previous_tiers if t.tier is not None}
        carried = next(iter(named)) if len(named) == 1 else None
        seen: set[tuple[object, ...]] = set()
        at = _Where(sid, text, start, end, self.doc, self.record, self.report, self.names)
        drafts = ex.extract(
            text,
            start,
            sm,
            tiers,
            years,
            carried,
            self.antecedent,
            deadline,
            group=self.group,
            country=self.country,
        )
        more, self.list_context = read_lists(
            text,
            start,
            sm,
            tiers,
            years,
            {d.mention.start for d in drafts},
            self.list_context,
            deadline,
        )
        drafts.extend(more)
        dated = {(d.mention.iso3, _claim_year(d, self.report)[0]) for d in drafts if d.mention.iso3}
        drafts.extend(
            read_history(
                text,
                start,
                sm,
                tiers,
                years,
                {(i, y) for i, y in dated if i and y},
                self.country,
            )
        )
        subjects = {d.mention.iso3 for d in drafts if d.mention.iso3}
        self.antecedent = [drafts[0].mention] if len(subjects) == 1 else []
        named: dict[str, Mention] = {}
        for m in sm:
            if m.usable and m.iso3 and m.iso3 not in named:
                named[m.iso3] = m
        self.group = list(named.values())
        if named:
            self.country = list(named.values())[-1] if len(named) == 1 else None
        before = len(claims)
        for i, d in enumerate(drafts):
            if len(claims) > MAX_CLAIMS:
                return
            if i % 64 == 0:
                deadline.check()
            claim = _tier_claim(len(claims) + 1, d, at)
            key = ex.draft_key(d, claim.year)
            if key in seen:
                continue
            seen.add(key)
            claims.append(claim)
        found = extract_consequences(
            text, start, tiers, sm, self.previous_tiers, self.tip, deadline
        )
        for cd in found:
            if len(claims) > MAX_CLAIMS:
                return
            claims.append(_consequence_claim(len(claims) + 1, cd, at))
        if len(claims) == before and not other_ranking:
            u = _unread(sid, text, start, end, sm, tiers, self.doc, self.names)
            if u is not None:
                self.unread.append(u)
        self.previous_tiers = tiers


def _unread(
    sid: int,
    sentence: str,
    start: int,
    end: int,
    mentions: list[Mention],
    tiers: list[TierPhrase],
    doc: Document,
    names: dict[str, str],
) -> Unread | None:
    """The sentence as unread if it is about a placement: a country and a tier or a ranking
    word."""
    countries = [m for m in mentions if m.usable]
    if not countries:
        return None
    if any(t.tier is not None for t in tiers):
        reason = "It names a country and a tier, but no claim could be read from it."
    elif _RANKING_WORD.search(sentence):
        reason = "It names a country and a ranking word, but no claim could be read from it."
    else:
        return None
    labels: list[str] = []
    for m in countries:
        label = names.get(m.iso3, m.text) if m.iso3 else m.text
        if label not in labels:
            labels.append(label)
    ss, se = _offsets(doc, start, end)
    return Unread(sid, sentence, ss, se, start, end, tuple(labels), reason)


@lru_cache(maxsize=512)
def _alike(name: str, names: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The countries whose name holds this one's as words, or is held in it."""
    if not name:
        return ()
    return tuple(
        other
        for other, label in names
        if f" {name} " in f" {label} " or f" {label} " in f" {name} "
    )


def _near_miss(record: Record, iso3: str, year: int, tier: Tier, names: dict[str, str]) -> str:
    """A country with a name like this one's that did hold the tier: the article may have
    meant it ("Guinea" for Equatorial Guinea, "Sudan" for South Sudan)."""
    name = names.get(iso3, "")
    alike = [
        other
        for other in _alike(name, tuple(names.items()))
        if other != iso3 and record.lookup(other, year).tier == tier
    ]
    if not alike:
        return ""
    said = sorted(names[o] for o in alike)
    if len(said) == 1:
        return f" {said[0]} was {tier.label} in the {year} report: did the article mean it?"
    both = ", ".join(said[:-1]) + f" and {said[-1]}"
    return f" {both} were {tier.label} in the {year} report: did the article mean one of them?"


def _clip(quote: str) -> str:
    """A quote of at most MAX_QUOTE characters (its start and its end, elided between)."""
    if len(quote) <= MAX_QUOTE:
        return quote
    half = (MAX_QUOTE - 3) // 2
    return f"{quote[:half]} … {quote[-half:]}"


def _claim_year(d: ex.Draft, report: ReportYear) -> tuple[int | None, str]:
    if d.year_kind == "abs":
        return d.year_value, "sentence"
    if report.year is None:
        return None, "report"
    return report.year + d.year_value, "report" if d.year_value == 0 else "sentence"


def _offsets(doc: Document, start: int, end: int) -> tuple[int, int]:
    return doc.source_span(start, end)


def _summary(
    kind: str,
    name: str,
    tier: Tier | None,
    move: str | None,
    negated: bool,
    year: int | None,
    streak: int | None,
    since: int | None,
    from_tier: Tier | None,
) -> str:
    when = f" ({year})" if year is not None else " (year unknown)"
    t = tier.label if tier else ""
    neg = "not " if negated else ""
    if kind == "move":
        verb = "downgraded" if move == "downgrade" else "upgraded"
        frm = f" from {from_tier.label}" if from_tier else ""
        to = f" to {t}" if t else ""
        return f"{name} {neg}{verb}{frm}{to}{when}"
    if kind == "remained":
        return f"{name} remained on {t}{when}"
    if kind == "no_longer":
        return f"{name} no longer on {t}{when}"
    if kind == "streak":
        if since is not None:
            return f"{name} on {t} since {since}{when}"
        return f"{name} on {t} for {streak} consecutive report(s){when}"
    return f"{name} {neg}on {t}{when}"


@dataclass(frozen=True)
class _Where:
    """The sentence a claim stands in (its number, text and span in the plain text) and what
    the claim is checked against."""

    sid: int
    sentence: str
    start: int
    end: int
    doc: Document
    record: Record
    report: ReportYear
    names: dict[str, str]

    def place(self, span: tuple[int, int]) -> tuple[str, int, int, int, int, int, int, int, int]:
        """A claim's sentence and place: the sentence, its number and its span in the source,
        the claim's span in the source, then the claim's span and the sentence start in the
        plain text."""
        ss, se = _offsets(self.doc, self.start, self.end)
        start, end = _offsets(self.doc, span[0], span[1])
        return self.sentence, self.sid, ss, se, start, end, span[0], span[1], self.start

    def country(self, m: Mention, name: str, candidates: list[str]) -> dict[str, Any]:
        """The claim's country as shown: the mention and its span in the source."""
        start, end = _offsets(self.doc, m.start, m.end)
        return {
            "iso3": m.iso3,
            "name": name,
            "mention": m.text,
            "via": m.via,
            "candidates": candidates,
            "start": start,
            "end": end,
        }


def _tier_claim(cid: int, d: ex.Draft, at: _Where) -> Claim:
    record, report, names = at.record, at.report, at.names
    m = d.mention
    year, basis = _claim_year(d, report)
    label = names.get(m.iso3, m.text) if m.iso3 else m.text
    if year is None:
        if m.iso3 is not None:
            v = check_without_year(record, m.iso3, d.tier, label)
        else:
            v = Verdict(
                UNCLEAR, "The article does not say which report it is about (give --year).", {}
            )
    else:

        def one(iso3: str) -> Verdict:
            q = TierQuestion(
                d.kind, iso3, year, d.tier, d.move, d.from_tier, d.negated, d.streak, d.since
            )
            if d.kind in ("tier", "remained", "no_longer", "streak") and d.tier is None:
                return Verdict(UNCLEAR, "The sentence names no tier.", {})
            return check(record, q, names.get(iso3, iso3))

        if m.iso3 is not None:
            v = one(m.iso3)
            if (
                v.verdict == "contradicted"
                and d.kind == "streak"
                and d.since is None
                and basis == "report"
                and not d.uncertain
                and not any(y.kind in ("abs", "report") for y in find_years(at.sentence))
            ):
                # "has been on the Watch List for three years running": the run may end with
                # the report or the year before it; if the other reading holds, say so.
                q = TierQuestion(
                    d.kind, m.iso3, year - 1, d.tier, None, None, d.negated, d.streak, None
                )
                if check(record, q, label).verdict == "supported":
                    d = replace(
                        d, uncertain=f"the run may end in {year - 1}, when the record has it"
                    )
        else:
            v = check_ambiguous(
                {iso3: one(iso3) for iso3 in m.candidates}, m.text, lambda i: names.get(i, i)
            )
    explanation = v.explanation
    if v.verdict == "contradicted" and m.iso3 and year is not None and d.tier is not None:
        explanation += _near_miss(record, m.iso3, year, d.tier, names)
    if m.via == "capital" and m.iso3:
        explanation = f"‘{m.text}’ read as {label} (its capital). {explanation}"
    elif m.via == "title" and m.iso3:
        explanation = f"‘{m.text}’ read as {label} (the article names it so). {explanation}"
    country = at.country(m, label, list(m.candidates))
    verdict, if_read = v.verdict, None
    if d.uncertain:
        if_read = verdict
        if verdict == "contradicted":
            # Never call a right sentence wrong: the sentence may mean something else.
            verdict = UNCLEAR
            explanation = (
                f"Uncertain reading ({d.uncertain}); read so, the record contradicts it:"
                f" {explanation}"
            )
        else:
            explanation = f"Uncertain reading ({d.uncertain}). {explanation}"
    return Claim(
        cid,
        d.kind,
        _summary(d.kind, label, d.tier, d.move, d.negated, year, d.streak, d.since, d.from_tier),
        *at.place(d.span),
        year,
        basis,
        verdict,
        explanation,
        country,
        d.tier,
        d.move,
        d.from_tier,
        d.negated,
        d.streak,
        d.since,
        record=v.facts,
        pattern=d.pattern,
        reading="uncertain" if d.uncertain else "certain",
        uncertain=d.uncertain,
        verdict_if_read=if_read,
    )


_TOPIC_WORDS = {
    "decided": "the President's determination",
    "aid": "Tier 3 countries may lose U.S. assistance",
    "scope": "sanctions for a tier other than Tier 3",
    "exchange": "Tier 3 governments may lose exchange-program funding",
    "multilateral": "U.S. opposition to multilateral loans for Tier 3 countries",
    "waiver": "the President can waive Tier 3 sanctions",
    "trade": "no fast-track trade deals with Tier 3 countries",
    "country": "faces Tier 3 consequences",
}


def _consequence_claim(cid: int, cd: ConsequenceDraft, at: _Where) -> Claim:
    record, report, names = at.record, at.report, at.names
    name = ""
    country = None
    if cd.mention is not None and cd.mention.iso3:
        name = names.get(cd.mention.iso3, cd.mention.text)
        country = at.country(cd.mention, name, [])
    v, citation = check_consequence(cd, record, report.year, name)
    summary = _TOPIC_WORDS.get(cd.topic, cd.topic)
    if cd.topic == "country":
        summary = f"{name} {summary}"
    if cd.topic == "decided":
        action = cd.qualifiers[0]
        whom = name or " ".join(q for q in cd.qualifiers[1:]).replace("_", " ") + " of Tier 3"
        summary = f"sanctions {action} for {whom}"
    if cd.topic == "scope" and cd.tier is not None:
        summary = f"sanctions for {cd.tier.label} countries"
    if cd.negated and cd.topic not in ("trade",):
        summary = f"not: {summary}"
    if cd.qualifiers:
        shown = [q for q in cd.qualifiers if q not in ("assumed_tier", "fast_track")]
        if shown:
            summary += f" [{', '.join(shown)}]"
    year = report.year
    summary += f" ({year})" if year is not None else " (year unknown)"
    return Claim(
        cid,
        "consequence",
        summary,
        *at.place(cd.span),
        year,
        "report" if cd.effective_year is None else "sentence",
        v.verdict if v.verdict in VERDICTS else UNCLEAR,
        v.explanation,
        country,
        cd.tier,
        negated=cd.negated,
        consequence=cd.topic,
        qualifiers=cd.qualifiers,
        citation=citation,
        record=v.facts,
        pattern="consequence",
    )
