"""Tier claims in a sentence, by rule-based patterns over a sentence template.

A sentence becomes a *template*: its words lower-cased and separated by single spaces, each
country mention replaced by ``§C<n>``, each tier phrase by ``§T<n>`` and each time expression
by ``§Y<n>``. Mentions joined by commas and "and" become one group ``§G<n>`` ("Iran, Syria
and North Korea"), so a list is one token. Relative clauses and appositions that follow a
group (", which was on the Watch List last year,", "(on Tier 3 since 2003)") are cut out and
read as clauses of their own about that group. Then a small set of patterns, each one
shape of English that ties a country to a tier, is matched on the template:

- verb first: "downgraded §G to §T", "kept §G on the §T", "drops §G into the §T";
- subject first: "§G was downgraded to §T", "§G remained on the §T", "§G is a §T country";
- lists: "§T, which includes §G", "§T countries include §G", "countries on §T include §G";
- company: "... §T alongside §G", "§G joined §G on §T", "..., as did §G";
- possessives and nouns: "§G's §T ranking", "§G's downgrade to §T", "the upgrade of §G";
- leaving a tier: "§G was removed from §T", "§G is no longer on §T"; avoiding one:
  "§G avoided a downgrade";
- moves without a tier: "upgrades §G", "§G was downgraded".

A match inside a hedge ("could", "urged", "should", "if") is no claim: it states no
placement. Negations ("not", "never", "neither ... nor") are kept on the claim. Each claim
gets the years it is about: the report year, unless the clause says otherwise ("last year",
"in the 2016 report", "for a third straight year", "since 2003", "had been").

This module is pure: it sees one sentence and returns :class:`Draft` claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from tiptiers.model import Tier
from tiptiers.news import lexicon as lx
from tiptiers.news.lexicon import TierPhrase, YearPhrase, lazy
from tiptiers.news.mentions import Mention

# Claim kinds.
TIER, MOVE, REMAINED, NO_LONGER, STREAK = "tier", "move", "remained", "no_longer", "streak"


@dataclass(frozen=True)
class Draft:
    """A tier claim as the sentence states it, before it is checked.

    ``years`` is how the sentence dates it: ("report", 0) the report year plus an offset,
    ("abs", Y) a stated year, ("streak", n) the n report years up to the claim year,
    ("since", Y) every year from Y. ``end_offset`` shifts the claim year (-1 for "had been").
    """

    kind: str
    mention: Mention
    tier: Tier | None
    move: str | None = None  # downgrade, upgrade
    from_tier: Tier | None = None
    negated: bool = False
    year_kind: str = "report"  # report, abs
    year_value: int = 0  # offset from the report year, or an absolute year
    streak: int | None = None
    since: int | None = None
    span: tuple[int, int] = (0, 0)  # absolute offsets in the plain text
    pattern: str = ""


# -- tokens ---------------------------------------------------------------------------
@dataclass
class _Tok:
    kind: str  # W word, P punctuation, C mention, T tier, Y year, N non-country name, X other
    text: str
    start: int
    end: int
    obj: object = None


@dataclass
class _Group:
    mentions: list[Mention]
    start: int
    end: int
    negated: bool = False


_WORD_RE = lazy(
    r"[A-Za-z]+(?=n['’]t\b)|n['’]t\b|['’]s\b|[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*|[—–]|--|[^\sA-Za-z0-9]"
)
_QUOTES = frozenset("\"“”‘’'`«»")


def _tokens(
    sentence: str,
    base: int,
    mentions: Sequence[Mention],
    tiers: Sequence[TierPhrase],
    years: Sequence[YearPhrase],
) -> list[_Tok]:
    spans: list[tuple[int, int, str, object]] = []
    for m in mentions:
        kind = "C" if m.usable else "N"
        spans.append((m.start - base, m.end - base, kind, m))
    for t in tiers:
        spans.append((t.start, t.end, "T" if t.tier is not None else "X", t))
    for y in years:
        spans.append((y.start, y.end, "D" if y.kind == "date" else "Y", y))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    chosen: list[tuple[int, int, str, object]] = []
    last = 0
    for span in spans:
        if span[0] >= last:
            chosen.append(span)
            last = span[1]
    out: list[_Tok] = []
    pos = 0
    for s, e, kind, obj in [*chosen, (len(sentence), len(sentence), "", None)]:
        for w in _WORD_RE.finditer(sentence, pos, s):  # the words before this span
            text = w.group()
            if text in _QUOTES:
                continue
            if text in ("—", "–", "--", "-"):
                text = "—"
            elif text[:1] in "'’" and text[1:].lower() == "s":
                text = "'s"
            elif text.lower() in ("n't", "n’t"):
                text = "n't"
            else:
                text = text.lower().replace("’", "'")
            out.append(
                _Tok(
                    "P" if not text[0].isalnum() and text != "'s" and text != "n't" else "W",
                    text,
                    base + w.start(),
                    base + w.end(),
                )
            )
        if kind:
            out.append(_Tok(kind, "", base + s, base + e, obj))
        pos = e
    return out


def _group(tokens: list[_Tok]) -> list[_Tok]:
    """Merge mentions joined by commas, 'and', 'or', 'nor', 'as well as' into groups."""
    out: list[_Tok] = []
    i = 0
    n = len(tokens)

    def is_c(k: int) -> bool:
        return k < n and tokens[k].kind == "C"

    def c_at(k: int) -> int | None:
        """Index of a mention at k, allowing a leading 'the'."""
        if is_c(k):
            return k
        if k + 1 < n and tokens[k].text == "the" and is_c(k + 1):
            return k + 1
        return None

    while i < n:
        t = tokens[i]
        if t.kind != "C":
            out.append(t)
            i += 1
            continue
        members = [t.obj]
        negated = False
        if out and out[-1].text == "neither":
            negated = True
            out.pop()
        elif out and out[-1].text in ("both", "either"):
            out.pop()
        j = i + 1
        end = t.end
        while True:
            # "Burma (Myanmar)": the same country twice
            if j + 2 < n and tokens[j].text == "(" and is_c(j + 1) and tokens[j + 2].text == ")":
                j += 3
                end = tokens[j - 1].end
                continue
            nxt = None
            if j < n and tokens[j].text == ",":
                k = c_at(j + 1)
                if k is not None:
                    nxt = k
                elif j + 1 < n and tokens[j + 1].text in ("and", "or", "nor"):
                    nxt = c_at(j + 2)
                    negated = negated or tokens[j + 1].text == "nor"
            elif j < n and tokens[j].text in ("and", "or", "nor", "&", "plus"):
                nxt = c_at(j + 1)
                if nxt is not None and tokens[j].text == "nor":
                    negated = True
            elif j + 2 < n and [x.text for x in tokens[j : j + 3]] == ["as", "well", "as"]:
                nxt = c_at(j + 3)
            if nxt is None:
                break
            members.append(tokens[nxt].obj)
            end = tokens[nxt].end
            j = nxt + 1
        g = _Group([m for m in members if isinstance(m, Mention)], t.start, end, negated)
        out.append(_Tok("G", "", t.start, end, g))
        i = j
    return out


# -- clauses --------------------------------------------------------------------------
_REL_WORDS = frozenset(("which", "who", "that", "whose"))
_APPOSITION_START = frozenset(
    [
        "both",
        "all",
        "each",
        "a",
        "an",
        "another",
        "on",
        "in",
        "at",
        "already",
        "still",
        "long",
        "once",
        "previously",
        "formerly",
        "itself",
        "also",
        "newly",
        "now",
        "ranked",
        "placed",
        "listed",
        "downgraded",
        "upgraded",
        "dropped",
        "demoted",
        "promoted",
        "moved",
        "kept",
        "stuck",
        "relegated",
        "one",
        "among",
    ]
)


@dataclass
class _Clause:
    tokens: list[_Tok]
    subject: _Tok | None = None  # the antecedent group of a relative clause or apposition


def _clauses(tokens: list[_Tok]) -> list[_Clause]:
    """The main clause (with relative clauses and appositions cut out) and those cut parts,
    each with its antecedent group."""
    main: list[_Tok] = []
    subs: list[_Clause] = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        main.append(t)
        if t.kind != "G" or i + 1 >= n:
            i += 1
            continue
        nxt = tokens[i + 1]
        if nxt.text == "—":
            close = _find(tokens, i + 2, {"—", ";", "."})
            if (
                close is not None
                and tokens[close].text == "—"
                and close - i <= 16
                and close + 1 < n
                and _PREDICATE_START.fullmatch(tokens[close + 1].text)
            ):
                # "Cuba – the report's oldest Tier 3 member – remained on Tier 3"
                subs.append(_Clause(tokens[i + 2 : close], t))
                i = close + 1
                continue
        if nxt.text == "(":
            close = _find(tokens, i + 2, {")"})
            if close is not None:
                subs.append(_Clause(tokens[i + 2 : close], t))
                i = close + 1
                continue
        if (
            nxt.text == ","
            and i + 5 < n
            and tokens[i + 2].text in ("each", "all", "both", "most", "some")
            and tokens[i + 3].text == "of"
            and tokens[i + 4].text in ("which", "whom")
        ):
            del tokens[i + 2 : i + 5]  # "each of which had spent ...": read as "which had spent"
            tokens.insert(i + 2, _Tok("W", "which", nxt.end, nxt.end))
            n = len(tokens)
        if nxt.text == "," and i + 2 < n:
            head = tokens[i + 2]
            rel = head.text in _REL_WORDS
            appos = (
                head.text in _APPOSITION_START
                or head.kind == "Y"
                or _closes_before_verb(tokens, i + 2)
            )
            if rel or appos:
                close = _find(tokens, i + 2, {",", ";", "—", ".", ")"})
                end = close if close is not None else n
                inner = tokens[i + 3 : end] if rel else tokens[i + 2 : end]
                if rel and head.text == "whose":
                    inner = []
                elif (
                    rel
                    and inner
                    and (
                        inner[0].kind in ("G", "N")
                        or inner[0].text in ("the", "it", "washington", "they")
                    )
                ):
                    inner = []  # "which Washington downgraded": the antecedent is an object
                # An apposition must be closed by a comma before the main verb, or end the
                # sentence; a relative clause may end the sentence.
                if inner or rel:
                    subs.append(_Clause(inner, t))
                    # drop the closing comma too
                    i = close + 1 if close is not None and tokens[close].text == "," else end
                    continue
        i += 1
    return [_Clause(_cut_tier_relatives(main)), *subs]


_INCLUDE_WORDS = frozenset(
    [
        "include",
        "includes",
        "included",
        "including",
        "comprise",
        "comprises",
        "comprising",
        "lists",
        "list",
        "contains",
        "features",
        "covers",
        "are",
        "were",
        "is",
        "was",
    ]
)


def _cut_tier_relatives(toks: list[_Tok]) -> list[_Tok]:
    """Drop ', which fully comply with minimum standards,' after a tier phrase, so that
    'Countries in Tier 1, which ..., include X' reads as a list."""
    out: list[_Tok] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        out.append(t)
        if (
            t.kind == "T"
            and i + 2 < n
            and toks[i + 1].text == ","
            and toks[i + 2].text in ("which", "that", "where", "who")
            and (i + 3 >= n or toks[i + 3].text not in _INCLUDE_WORDS)
        ):
            close = _find(toks, i + 3, {",", ";", "—", "."})
            if (
                close is not None
                and toks[close].text == ","
                and not any(x.kind in ("G", "T") for x in toks[i + 3 : close])
            ):
                i = close + 1
                continue
        i += 1
    return out


_PREDICATE_START = lazy(
    rf"(?:{lx.AUX}|{lx.KEEP}|{lx.DOWN}|{lx.UP}|{lx.BE}|also|again|now|still|then|later|itself|"
    r"went|got|made|saw|won|lost|stood|sat|held|came|became|[a-z]+ed)"
)


def _closes_before_verb(tokens: list[_Tok], start: int) -> bool:
    """', host of the 2022 World Cup, was upgraded': a short noun phrase closed by a comma
    and followed by the predicate is an apposition."""
    close = _find(tokens, start, {",", ";", "—", ".", ")"})
    if close is None or tokens[close].text != "," or close - start > 12 or close + 1 >= len(tokens):
        return False
    if any(t.kind == "T" for t in tokens[start:close]):
        return False
    return bool(_PREDICATE_START.fullmatch(tokens[close + 1].text))


def _find(tokens: list[_Tok], start: int, texts: set[str]) -> int | None:
    for k in range(start, len(tokens)):
        if tokens[k].text in texts and tokens[k].kind == "P":
            return k
    return None


# -- the template ---------------------------------------------------------------------
@dataclass
class _Template:
    text: str
    toks: list[_Tok]
    offsets: list[int]  # template offset of each token

    def tok_at(self, pos: int) -> int:
        lo, hi = 0, len(self.offsets) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.offsets[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo


def _template(toks: list[_Tok], ids: dict[int, str]) -> _Template:
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for t in toks:
        if t.kind in ("G", "T", "Y"):
            s = ids[id(t)]
        elif t.kind == "N":
            s = "§n"
        elif t.kind == "X":
            s = "§x"
        elif t.kind == "D":
            s = "§d"
        else:
            s = t.text
        offsets.append(pos)
        parts.append(s)
        pos += len(s) + 1
    return _Template(" ".join(parts), toks, offsets)


# -- patterns -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]
    kind: str  # how the verb group is read: verb, list, company, exit, avoid, tierless, as_did


@cache
def _patterns() -> tuple[_Pattern, ...]:
    A, V, N, P, D = lx.AUX, lx.ADV, lx.NEG, lx.PREP, lx.DET
    verbs_active = rf"{lx.DOWN}|{lx.UP}|{lx.KEEP_ACTIVE}|{lx.PLACE}"
    verbs_subject = rf"{lx.DOWN}|{lx.UP}|{lx.KEEP}|{lx.PLACE}|{lx.BE}"
    tail = r"(?: (?:ranking|rating|status|category|list|designation|label|countries|country|nations|nation|governments?))?"
    from_ = r"(?:from (?:the )?§T(?P<f>\d+) )?"
    from2 = r"(?: from (?:the )?§T(?P<f2>\d+))?"
    steps = r"(?:(?:one|two|three|a|several) (?:places?|levels?|notches?|tiers?|rungs?|spots?|steps?) )?"
    owner = r"(?:§G\d+ 's (?:[a-z-]+ ){1,2})?"  # "Nicaragua's neighbour Honduras"
    members = (
        r"(?:(?:the |a |an )?(?:(?:only|lone|sole|first|last|other|[0-9]+|[a-z-]+) ){0,2}"
        r"(?:countries|country|nations|nation|governments|government|states|jurisdictions?) "
        r"(?:(?:ranked|placed|listed|rated) )?(?:on|in|at) )?"
    )
    specs = [
        (
            "verb_first",
            rf"(?P<pre>(?:(?:{N}|did|does|do|has|have|had|was|were|is|are) )*)(?P<v>{verbs_active}) (?:(?:{V}) )*(?:the )?(?:governments? of (?:the )?)?{owner}§G(?P<g>\d+) (?:(?:'s )?government )?(?:(?:{V}) )*{steps}{from_}(?P<p>{P}|off|out of) {D}§T(?P<t>\d+){tail}{from2}",
            "verb",
        ),
        (
            "subject_first",
            rf"§G(?P<g>\d+) (?:(?:'s )?(?:[a-z-]+ ){{0,2}}(?:government|authorities|junta|regime|leadership) )?(?P<aux>(?:(?:{A}|{V}|{N}) )*)(?:(?P<v>{verbs_subject}) )?(?P<aux2>(?:(?:{V}|{N}) )*){steps}(?:, )?{from_}(?:(?P<p>{P}|among|one of|part of) )?(?:(?:among|one of|part of) )?{members}{D}§T(?P<t>\d+){tail}{from2}",
            "verb",
        ),
        (
            "tier_then_list",
            rf"§T(?P<t>\d+) (?:(?:countries|nations|governments|list|category|group|ranking|designation) )?(?:, )?(?:(?:which|that|where) )?(?:(?:{V}|now|currently|this year) )*(?:include[sd]?|including|comprises?|comprising|such as|like|among them|namely|:|—|(?:is|are|was|were) (?:made up of |home to )?|features?|consists? of|contains?|covers?|lists?) (?:(?:the|of|countries|nations|governments|such as|like) )*(?:(?:{V}) )*§G(?P<g>\d+)",
            "list",
        ),
        (
            "countries_on_tier",
            rf"(?:countries|nations|governments|states) (?:(?:ranked|placed|listed|rated|that are|which are) )?(?:on|in|at) (?:the )?§T(?P<t>\d+) (?:(?:{V}|now|currently) )*(?:include[sd]?|including|are|were|such as|like|:) (?:the )?§G(?P<g>\d+)",
            "list",
        ),
        (
            "tier_adjective",
            r"(?<!from )§T(?P<t>\d+) (?:(?:countries|nations|governments|members|states) )?(?:(?:such as|like|including) )?§G(?P<g>\d+)",
            "list",
        ),
        (
            "alongside_after",
            r"§T(?P<t>\d+) (?:(?:, )?(?:[a-z']+ ){0,1}(?:like|with)|(?:(?:[a-z']+|'s|§Y\d+|§d|§n|,|§G\d+(?= [a-z])) ){0,8}?(?:alongside|along with|joining|together with|as well as)) (?:the likes of |fellow |(?:[a-z-]+ ){0,2})§G(?P<g>\d+)",
            "company",
        ),
        (
            "alongside_before",
            rf"(?:alongside|along with|joining|together with|like) (?:the likes of )?§G(?P<g>\d+) (?:(?:{V}) )*(?:among|on|in|at) (?:the )?§T(?P<t>\d+)",
            "company",
        ),
        (
            "joined",
            rf"§G(?P<a>\d+) (?:(?:{A}|{V}) )*join(?:s|ed|ing)? (?:the likes of )?§G(?P<g>\d+) (?:(?:{V}) )*(?:on|in|at|among) (?:the )?§T(?P<t>\d+)",
            "company",
        ),
        (
            "as_did",
            r", (?:as|so) (?:were|was|did|does|do|have|had|has|is|are) (?:(?:also|too) )?§G(?P<g>\d+)",
            "as_did",
        ),
        (
            "did_the_same",
            r"(?:, |and |; )§G(?P<g>\d+) (?:(?:also|too) )?(?:did|does|has done|followed suit|did likewise|went the same way)\b",
            "as_did",
        ),
        (
            "among_group",
            rf"§G(?P<g>\d+) (?:(?:{A}|{V}) )*among (?:the )?(?:[0-9a-z-]+ ){{0,2}}(?:entrants|countries|nations|governments|newcomers|additions|members|states) (?:(?P<v>demoted|downgraded|upgraded|promoted|dropped|relegated|added|placed|listed|ranked|named) )?(?:(?:on|to|in|onto|into) (?:the )?§T(?P<t>\d+))?",
            "among",
        ),
        (
            "noun_move_with",
            r"§G(?P<g>\d+) (?:[a-z-]+ ){0,2}(?:with|gets|got|given|receives|received|earns|earned|wins|won|suffers|suffered|hit with) (?:a |an )?(?:(?:surprise|rare|sudden|long-awaited) )?(?P<v>upgrade|downgrade|demotion|promotion)\b",
            "tierless_noun",
        ),
        (
            "participle",
            r", (?P<v>falling|dropping|sliding|slipping|sinking|tumbling|rising|climbing|moving|jumping) (?:back |down |up )?(?:from (?:the )?§T(?P<f>\d+) )?(?:to|into|onto) (?:the )?§T(?P<t>\d+)",
            "ellipsis",
        ),
        (
            "possessive_tier",
            rf"§G(?P<g>\d+) 's (?:(?:{V}|new|current|continued|continuing|latest|renewed|recent|unchanged|longstanding|long-standing|lowly) )*(?:(?:placement|ranking|position|spot|status|rating|listing|designation) )?(?:(?:on|in|at|as) )?(?:the |a )?§T(?P<t>\d+)",
            "verb",
        ),
        (
            "possessive_move",
            rf"§G(?P<g>\d+) 's (?:(?:new|recent|latest|automatic|surprise|sudden|expected) )*(?P<v>downgrade|upgrade|demotion|promotion|drop|fall|relegation|return)(?: from (?:the )?§T(?P<f>\d+))?(?: (?:to|into|onto) (?:the )?§T(?P<t>\d+))?{from2}",
            "verb",
        ),
        (
            "possessive_rank_verb",
            rf"§G(?P<g>\d+) 's (?:ranking|rating|status|position|placement) (?:(?:{A}|{V}) )*(?P<v>{lx.DOWN}|{lx.UP}|{lx.KEEP}) (?:(?:to|at|on|in) )?(?:the )?§T(?P<t>\d+)",
            "verb",
        ),
        (
            "noun_move",
            rf"(?P<v>downgrade|upgrade|demotion|promotion|relegation)s? (?:of|for) (?:the )?§G(?P<g>\d+)(?: from (?:the )?§T(?P<f>\d+))?(?: (?:to|into|onto) (?:the )?§T(?P<t>\d+))?{from2}",
            "verb",
        ),
        (
            "exit_subject",
            rf"§G(?P<g>\d+) (?P<aux>(?:(?:{A}|{V}|{N}) )*)(?P<v>{lx.EXIT}) (?:the )?§T(?P<x>\d+)(?: (?:to|into|onto|and into|and onto) {D}§T(?P<t>\d+))?",
            "exit",
        ),
        (
            "exit_active",
            r"(?P<v>removed|took|taken|lifted|moved|dropped|struck) (?:the )?§G(?P<g>\d+) (?:off|from|out of) (?:the )?§T(?P<t>\d+)",
            "exit",
        ),
        (
            "avoid",
            rf"§G(?P<g>\d+) (?:(?:{A}|{V}) )*(?P<v>{lx.AVOID}) (?:(?:a|an|another|the) )?(?:(?:automatic|threatened|expected|possible|feared|widely expected) )*(?:downgrade|drop|demotion|fall|relegation)(?: (?:to|into) (?:the )?§T(?P<t>\d+))?",
            "avoid",
        ),
        (
            "avoid_tier",
            rf"§G(?P<g>\d+) (?:(?:{A}|{V}) )*(?P<v>{lx.AVOID}) (?:the )?§T(?P<t>\d+)",
            "avoid_tier",
        ),
        (
            "tierless_active",
            rf"(?P<pre>(?:(?:{N}|did|does|do) )*)(?P<v>downgrad(?:e|es|ed|ing)|upgrad(?:e|es|ed|ing)|demot(?:e|es|ed|ing)|promot(?:e|es|ed|ing)) (?:the )?(?:governments? of )?§G(?P<g>\d+)(?! (?:(?:{V}) )*(?:from|to|into|onto|on|in) (?:the )?§T)(?! 's)",
            "tierless",
        ),
        (
            "tierless_passive",
            rf"§G(?P<g>\d+) (?P<aux>(?:(?:{A}|{V}|{N}) )*)(?P<v>downgraded|upgraded|demoted|promoted)(?: from (?:the )?§T(?P<f>\d+))?(?! (?:(?:{V}) )*(?:to|into|onto) )",
            "tierless",
        ),
        (
            "apposition",
            rf"^§G(?P<g>\d+) (?:(?:{V}|long|already|still|itself|also|now) )*(?:(?:a|an|another|one of the|the only|the lone|among the|on|in|at|on the|in the|at the) )(?:(?:fellow|other|perennial) )?§T(?P<t>\d+)",
            "verb",
        ),
        (
            "ellipsis",
            rf"(?:, )?(?:and|but) (?:(?:{V}) )*(?P<v>{lx.KEEP}|{lx.BE}|{lx.DOWN}|{lx.UP}) (?:(?:{V}) )*(?:(?P<p>{P}) )?{D}§T(?P<t>\d+)",
            "ellipsis",
        ),
    ]
    return tuple(_Pattern(name, re.compile(rx), kind) for name, rx, kind in specs)


# -- extraction ----------------------------------------------------------------------
@dataclass
class _Found:
    pattern: str
    kind: str
    group: _Tok | None
    tier: _Tok | None
    verb: str
    pre: str
    from_tier: _Tok | None
    first: int  # token index range of the match
    last: int
    prep: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def extract(
    sentence: str,
    base: int,
    mentions: Sequence[Mention],
    tiers: Sequence[TierPhrase],
    years: Sequence[YearPhrase],
    carried: Tier | None = None,
    antecedent: Sequence[Mention] = (),
) -> list[Draft]:
    """The tier claims of one sentence (``base``: its offset in the plain text).

    ``carried`` is the one tier the previous sentence named, for "on it too".
    """
    if sentence.rstrip().endswith("?") or not (
        any(m.usable for m in mentions) or (antecedent and re.match(r"\s*(?:It|They)\b", sentence))
    ):
        return []
    has_tier = any(t.tier is not None for t in tiers)
    if not has_tier and carried is None and not re.search(r"grad|demot|promot|upgrade", sentence):
        return []
    raw = _carry_tier(_tokens(sentence, base, mentions, tiers, years), carried)
    toks = _unwrap(_group(raw))
    _resolve_it(toks, antecedent)
    drafts: list[Draft] = []
    for clause in _clauses(toks):
        drafts.extend(_clause_drafts(clause))
    return _dedupe(drafts)


def _unwrap(toks: list[_Tok]) -> list[_Tok]:
    """'Five countries — Algeria, Chad ... — were relegated': the dashes only set off the list."""
    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (
            t.text == "—"
            and i + 2 < len(toks)
            and toks[i + 1].kind == "G"
            and toks[i + 2].text == "—"
            and out
            and out[-1].text in ("countries", "nations", "governments", "states", "others")
        ):
            out.append(toks[i + 1])
            i += 3
            continue
        out.append(t)
        i += 1
    return out


_KEEP_OR_BE = lazy(rf"{lx.KEEP}|{lx.BE}|{lx.PLACE}")
_AFTER_PRONOUN = frozenset(
    ("too", "as", "also", ".", ",", "again", "either", "for", "this", "last")
)


def _carry_tier(toks: list[_Tok], tier: Tier | None) -> list[_Tok]:
    """'... are on it too', 'remained there': 'it' or 'there' is the tier named just before
    (earlier in the sentence, else the one tier of the previous sentence)."""
    out: list[_Tok] = []
    last: Tier | None = tier
    for i, t in enumerate(toks):
        if t.kind == "T" and isinstance(t.obj, TierPhrase) and t.obj.tier is not None:
            last = t.obj.tier
        after_ok = i + 1 >= len(toks) or toks[i + 1].text in _AFTER_PRONOUN
        before = toks[i - 1].text if i > 0 else ""
        if (
            last is not None
            and after_ok
            and (
                (t.text == "it" and before in ("on", "in", "among", "onto", "to"))
                or (t.text == "there" and bool(_KEEP_OR_BE.fullmatch(before)))
            )
        ):
            phrase = TierPhrase(0, 0, t.text, last, True)
            out.append(_Tok("T", "", t.start, t.end, phrase))
            continue
        out.append(t)
    return out


_VERBISH = lazy(rf"{lx.AUX}|{lx.KEEP}|{lx.DOWN}|{lx.UP}|{lx.BE}|{lx.PLACE}")
_GERUND_VERBS = frozenset(
    ("ranking", "placing", "putting", "leaving", "keeping", "moving", "listing")
)


def _resolve_it(toks: list[_Tok], antecedent: Sequence[Mention] = ()) -> None:
    """Pronouns for countries named just before: 'X was not downgraded; it was upgraded',
    'added X and Y ..., ranking them in Tier 3', and a sentence that starts 'It was
    downgraded' after one about a single country (``antecedent``)."""
    last: _Tok | None = None
    for i, t in enumerate(toks):
        if t.kind == "G":
            last = t
            continue
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        prev = toks[i - 1].text if i > 0 else ""
        group: list[Mention] | None = None
        if last is not None and isinstance(last.obj, _Group):
            mentions = last.obj.mentions
            subject = prev in (";", "but", "and", "while", "—", ",") and bool(
                _VERBISH.fullmatch(nxt)
            )
            if (
                (t.text == "it" and len(mentions) == 1 and subject)
                or (t.text == "them" and (prev in _GERUND_VERBS or _VERBISH.fullmatch(prev)))
                or (t.text == "they" and len(mentions) > 1 and subject)
            ):
                group = mentions
        elif i == 0 and t.text in ("it", "they") and antecedent and _VERBISH.fullmatch(nxt):
            group = list(antecedent)
        if group:
            toks[i] = _Tok("G", "", t.start, t.end, _Group(group, t.start, t.end))


def _clause_drafts(clause: _Clause) -> list[Draft]:
    toks = list(clause.tokens)
    if clause.subject is not None:
        if not toks:
            return []
        toks = [clause.subject, *toks]
    ids: dict[int, str] = {}
    counters = {"G": 0, "T": 0, "Y": 0}
    for t in toks:
        if t.kind in counters:
            ids[id(t)] = f"§{t.kind}{counters[t.kind]}"
            counters[t.kind] += 1
    by_id = {ids[id(t)]: t for t in toks if id(t) in ids}
    tpl = _template(toks, ids)
    found: list[_Found] = []
    for pat in _patterns():
        if pat.name == "apposition" and clause.subject is None:
            continue
        for m in pat.regex.finditer(tpl.text):
            if m.start() > 0 and tpl.text[m.start() - 1] != " ":
                continue  # matches start at a token
            gid = m.groupdict().get("g")
            g = by_id.get(f"§G{gid}") if gid else None
            if g is None and pat.kind != "ellipsis":
                continue
            if pat.name == "subject_first" and not (
                (m.group("v") or "").strip() or (m.group("aux") or "").strip()
            ):
                continue  # "China to Tier 3": no verb ties them
            tier_tok = (
                by_id.get(f"§T{m.group('t')}") if "t" in m.groupdict() and m.group("t") else None
            )
            f_id = m.groupdict().get("f") or m.groupdict().get("f2") or m.groupdict().get("x")
            f = by_id.get(f"§T{f_id}") if f_id else None
            first = tpl.tok_at(m.start())
            last = tpl.tok_at(max(m.start(), m.end() - 1))
            extra: dict[str, object] = {}
            if pat.name == "joined" and m.group("a"):
                extra["also"] = by_id.get(f"§G{m.group('a')}")
            found.append(
                _Found(
                    pat.name,
                    pat.kind,
                    g,
                    tier_tok,
                    (m.groupdict().get("v") or "").strip(),
                    " ".join(
                        x
                        for x in (
                            m.groupdict().get("pre"),
                            m.groupdict().get("aux"),
                            m.groupdict().get("aux2"),
                        )
                        if x
                    ),
                    f,
                    first,
                    last,
                    (m.groupdict().get("p") or "").strip(),
                    extra,
                )
            )
    drafts: list[Draft] = []
    previous: list[Draft] = []
    for fd in sorted(found, key=lambda x: x.first):
        if _hedged(tpl, fd):
            continue
        made = _drafts_from(fd, tpl, toks, previous)
        drafts.extend(made)
        if made:
            previous = made
    return drafts


def _hedged(tpl: _Template, fd: _Found) -> bool:
    toks = tpl.toks
    lo = fd.first
    k = fd.first - 1
    while k >= 0 and fd.first - k <= 6 and toks[k].text not in (",", ";", "—", ":"):
        lo = k
        k -= 1
    words = {t.text for t in toks[lo : fd.last + 1] if t.kind == "W"}
    if words & lx.HEDGE:
        return True
    # "called for X to be downgraded", "pushed for", "faces a downgrade", "next year"
    window = " ".join(t.text for t in toks[lo : fd.last + 1])
    return bool(
        re.search(
            r"\b(?:called for|push(?:ed|es)? for|next year|to be (?:downgraded|upgraded|placed))\b",
            window,
        )
    )


def _negated(fd: _Found, toks: list[_Tok]) -> bool:
    text = f" {fd.pre} "
    if re.search(r" (?:not|n't|never) ", text):
        return True
    inner = [t.text for t in toks[fd.first : fd.last + 1]]
    if any(w in ("not", "n't", "never") for w in inner):
        return True
    # "did not downgrade X": look just before the verb
    before = [t.text for t in toks[max(0, fd.first - 3) : fd.first]]
    return fd.pattern in ("verb_first", "tierless_active") and any(
        w in ("not", "n't", "never") for w in before
    )


def _no_longer(fd: _Found, toks: list[_Tok]) -> bool:
    words = " ".join(t.text for t in toks[fd.first : fd.last + 1])
    return " no longer " in f" {words} "


def _verb_class(verb: str) -> str:
    v = verb.strip()
    if not v:
        return "be"
    if re.fullmatch(lx.DOWN, v):
        return "down"
    if re.fullmatch(lx.UP, v):
        return "up"
    if re.fullmatch(lx.KEEP_ACTIVE, v) or v == "remains":
        return "keep"
    if v in ("downgrade", "demotion", "relegation", "drop", "fall"):
        return "down"
    if v in ("upgrade", "promotion"):
        return "up"
    return "place"


def _drafts_from(
    fd: _Found, tpl: _Template, toks: list[_Tok], previous: list[Draft]
) -> list[Draft]:
    group = fd.group.obj if fd.group is not None else None
    if fd.kind == "ellipsis":
        group = _ellipsis_subject(fd, toks)
    if not isinstance(group, _Group):
        return []
    tier_phrase = fd.tier.obj if fd.tier is not None else None
    tier = tier_phrase.tier if isinstance(tier_phrase, TierPhrase) else None
    from_phrase = fd.from_tier.obj if fd.from_tier is not None else None
    from_tier = from_phrase.tier if isinstance(from_phrase, TierPhrase) else None
    negated = _negated(fd, toks) or group.negated
    kind = TIER
    move: str | None = None
    if fd.kind == "as_did":
        if not previous:
            return []
        return [
            replace(d, mention=m, span=_span(fd, toks), pattern=fd.pattern)
            for d in previous[:1]
            for m in group.mentions
        ]
    if fd.kind in ("list", "company"):
        kind = TIER
    elif fd.kind == "exit":
        if tier is not None and from_tier is not None:
            # "climbed out of Tier 3 to the Watch List": a move between the two
            if not (from_tier.ranked and tier.ranked) or from_tier == tier:
                return []
            kind, move = MOVE, "downgrade" if tier > from_tier else "upgrade"
        else:
            if tier is None:
                tier, from_tier = from_tier, None
            kind = NO_LONGER if not negated else REMAINED
            negated = False
    elif fd.kind == "among":
        cls = _verb_class(fd.verb) if fd.verb else "be"
        down = cls == "down" or fd.verb in ("demoted", "relegated")
        if cls == "up" or down:
            kind, move = MOVE, "downgrade" if down else "upgrade"
        elif tier is None:
            return []
    elif fd.kind == "tierless_noun":
        kind, move = MOVE, "downgrade" if fd.verb in ("downgrade", "demotion") else "upgrade"
    elif fd.kind == "avoid":
        kind, move, negated = MOVE, "downgrade", True
    elif fd.kind == "avoid_tier":
        kind, negated = TIER, True
    else:
        cls = _verb_class(fd.verb)
        if fd.prep in ("off", "out of"):
            # "keeping Uzbekistan off Tier 3": not on it; "took X off the Watch List": left it
            if cls == "keep":
                return _finish(fd, tpl, toks, group, TIER, tier, None, None, True)
            return _finish(fd, tpl, toks, group, NO_LONGER, tier, None, None, False)
        if cls in ("place", "be") and fd.prep.startswith(("up ", "down ")):
            cls = "up" if fd.prep.startswith("up ") else "down"  # "moved Bahrain up to"
        if fd.kind == "tierless" or cls in ("down", "up"):
            if cls in ("down", "up"):
                kind, move = MOVE, "downgrade" if cls == "down" else "upgrade"
        elif cls == "keep":
            kind = REMAINED
        if (
            cls in ("place", "be")
            and from_tier is not None
            and tier is not None
            and from_tier.ranked
            and tier.ranked
            and from_tier != tier
        ):
            kind, move = MOVE, "downgrade" if tier > from_tier else "upgrade"
    if kind == TIER and _no_longer(fd, toks):
        kind, negated = NO_LONGER, False
    if kind == REMAINED and negated:
        kind, negated = NO_LONGER, False
    if (
        kind == MOVE
        and tier is None
        and fd.kind not in ("tierless", "avoid", "among", "tierless_noun")
        and fd.pattern
        not in (
            "possessive_move",
            "noun_move",
        )
    ):
        return []
    return _finish(fd, tpl, toks, group, kind, tier, move, from_tier, negated)


def _finish(
    fd: _Found,
    tpl: _Template,
    toks: list[_Tok],
    group: _Group,
    kind: str,
    tier: Tier | None,
    move: str | None,
    from_tier: Tier | None,
    negated: bool,
) -> list[Draft]:
    year_kind, year_value, streak, since = _years(fd, tpl, toks)
    if fd.kind in ("list", "company"):
        streak = since = None  # "Tier 3 for a fourth year, alongside Burma": the run is not Burma's
    if streak is not None or since is not None:
        if kind in (TIER, REMAINED) and not negated:
            kind = STREAK
        else:
            streak = since = None
    past_perfect = bool(re.search(r"\bhad\b", fd.pre)) and year_kind == "report" and year_value == 0
    if past_perfect and kind in (TIER, STREAK):
        year_value = -1
    out = [
        Draft(
            kind,
            m,
            tier,
            move,
            from_tier,
            negated,
            year_kind,
            year_value,
            streak,
            since,
            _span(fd, toks),
            fd.pattern,
        )
        for m in group.mentions
    ]
    also = fd.extra.get("also")
    if isinstance(also, _Tok) and isinstance(also.obj, _Group):
        out.extend(replace(out[0], mention=m) for m in also.obj.mentions if out)
    return out


def _ellipsis_subject(fd: _Found, toks: list[_Tok]) -> _Group | None:
    for k in range(fd.first - 1, -1, -1):
        t = toks[k]
        if t.kind == "G" and isinstance(t.obj, _Group):
            return t.obj
        if t.kind == "T" or t.text == ";":
            return None
    return None


def _span(fd: _Found, toks: list[_Tok]) -> tuple[int, int]:
    first = toks[fd.first]
    last = toks[fd.last]
    return first.start, last.end


def _years(fd: _Found, tpl: _Template, toks: list[_Tok]) -> tuple[str, int, int | None, int | None]:
    """How the clause dates the claim: (kind, value, streak, since)."""
    candidates: list[YearPhrase] = []
    for t in toks[fd.first : fd.last + 1]:
        if t.kind == "Y" and isinstance(t.obj, YearPhrase):
            candidates.append(t.obj)
    # Right after the match: "... on Tier 3 last year", "... in the 2016 report",
    # "... for a second straight year"; not "after 2016", "until 2014".
    k = fd.last + 1
    skipped = 0
    while k < len(toks) and skipped <= 3:
        t = toks[k]
        if t.kind == "Y":
            candidates.append(t.obj)  # type: ignore[arg-type]
            break
        if t.text == "," and [x.text for x in toks[k + 1 : k + 4]][:2] in (
            ["as", "it"],
            ["where", "it"],
            ["as", "they"],
            ["where", "they"],
        ):
            k += 3  # "..., as it has since 2017"
            while k < len(toks) and toks[k].text in ("has", "have", "had", "been", "was", "were"):
                k += 1
            continue
        if t.kind in ("G", "T") or t.text in (",", ";", "—", "."):
            break
        if t.text in ("after", "before", "following", "because", "until", "despite", "when"):
            break
        skipped += 1
        k += 1
    # Clause-initial: "In 2015, Cuba was upgraded ..."; "Last year, ..."
    head = toks[: fd.first]
    if head and not candidates:
        words = [t for t in head if t.kind != "P" or t.text == ","]
        if (words and words[0].kind == "Y") or (
            len(words) > 1 and words[0].text in ("in", "by", "for") and words[1].kind == "Y"
        ):
            first_year = words[0] if words[0].kind == "Y" else words[1]
            if isinstance(first_year.obj, YearPhrase):
                candidates.append(first_year.obj)
    year_kind, value = "report", 0
    streak = since = None
    for yp in candidates:
        if yp.kind in ("abs", "report") and year_kind == "report" and value == 0:
            year_kind, value = "abs", yp.value
        elif yp.kind == "rel" and year_kind == "report" and value == 0:
            value = yp.value
        elif yp.kind == "streak" and streak is None:
            streak = yp.value
        elif yp.kind == "since" and since is None:
            since = yp.value
        elif yp.kind == "range" and since is None:
            since = yp.value
            if yp.value2 is not None:
                year_kind, value = "abs", yp.value2
    return year_kind, value, streak, since


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    """One claim per mention and meaning; a move beats a bare tier to the same tier."""
    out: list[Draft] = []
    seen: set[tuple[object, ...]] = set()
    moved = {
        (d.mention.start, d.tier, d.year_kind, d.year_value)
        for d in drafts
        if d.kind in (MOVE, REMAINED, STREAK, NO_LONGER)
    }
    moved_any = {
        (d.mention.start, d.move, d.negated, d.year_kind, d.year_value)
        for d in drafts
        if d.kind == MOVE and d.tier is not None
    }
    for d in sorted(drafts, key=lambda d: (d.mention.start, d.span)):
        if d.kind == TIER and (d.mention.start, d.tier, d.year_kind, d.year_value) in moved:
            continue
        if (
            d.kind == MOVE
            and d.tier is None
            and (d.mention.start, d.move, d.negated, d.year_kind, d.year_value) in moved_any
        ):
            continue
        key = (
            d.mention.start,
            d.kind,
            d.tier,
            d.move,
            d.negated,
            d.year_kind,
            d.year_value,
            d.streak,
            d.since,
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(d)
    return out
