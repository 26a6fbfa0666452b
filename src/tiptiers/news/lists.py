"""Lists of countries set apart from the tier they are on.

Real articles often name a tier in one place and its countries in another: after a colon
("19 Tier 3 countries: Afghanistan, ..."), in the next sentence ("Tier 3: 23 countries are
listed. These are ..."), in a bullet list or a table of one name per line, in parentheses by
region ("five of the worst offenders are in Latin America (Bolivia, Cuba, ...)"), or with the
verb between them ("Listed as Tier 2 on the list are ..."). The sentence grammar of
:mod:`tiptiers.news.extract` reads a country tied to a tier by a verb or a preposition; this
module reads what it leaves: the *lists* (two or more countries joined by commas, "and",
line breaks) of a clause that names exactly one tier, or of a sentence that introduces a list
("These include", "The four are", a line of names) after a sentence that named exactly one.

It is deliberately conservative, because a list it misreads is a false claim: a clause with
two different tiers, a hedge ("could", "urged"), a negation ("not", "except"), or more than
one time expression gives no claim here — the sentence is then reported as *unread* by the
check, so the reader sees what was not checked. The verb of the clause gives the kind: a
downgrade or an addition to the tier is a move, "remained" or "kept" a remained claim, "since"
or "for a third year" a streak; otherwise the country is on that tier.

This module is pure: it sees one sentence (and what the sentence before it named).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tiptiers.model import Tier
from tiptiers.news import lexicon as lx
from tiptiers.news.bounds import NO_DEADLINE, Deadline
from tiptiers.news.extract import MOVE, NO_LONGER, REMAINED, STREAK, TIER, Draft
from tiptiers.news.lexicon import TierPhrase, YearPhrase, lazy
from tiptiers.news.mentions import Mention

#: What may stand between two names of one list: separators, "the", and one unrecognised
#: name of up to four capitalised words ("Cote D'Ivoire", "Korea, North").
_BETWEEN = lazy(
    r"(?:\s|[,;/&|•·*▪–—-]|\band\b|\bor\b|\bplus\b|\bas\s+well\s+as\b|\bbut\s+also\b|"
    r"\bthe\b|\bThe\b|[()])*"
    r"(?:(?:[A-Z][\w'’.-]*\s*(?:of\s+)?){1,4}(?:\s|[,;/&|•·*▪–—-]|\band\b|\bthe\b|[()])*)?"
)
#: Clause boundaries inside a sentence: a list on one side is not tied to a tier on the other.
_CLAUSE_CUT = lazy(
    r";|\n\s*\n|,?\s+(?:while|whereas|but(?!\s+also\b)|although|though|however)\s+|"
    r",\s+as\s+(?!well\b)|"
    r"(?<!\bSt)(?<!\b[A-Z])\.\s+(?=[A-Z])"  # run-together sentences, not "St. Lucia"
)
#: A sentence that introduces a list of the tier the sentence before named.
_INTRODUCER = lazy(
    r"^\W*(?:(?:these|those|they|they\s+are|others|the\s+rest|among\s+them|the\s+list)\b|"
    r"the\s+(?:[\w-]+\s+){0,2}(?:countries|nations|states|governments|others|ones|are\b))"
    r"[^.]{0,60}?(?:\binclude[sd]?\b|\bare\b|\bwere\b|\bcomprise[sd]?\b|:)",
    re.IGNORECASE,
)
#: What sets one country apart as an example of the clause's tier: "including India".
_INTRODUCED = lazy(
    r"\b(?:including|such\s+as|like|notably|namely|among\s+them)\s+(?:the\s+)?$", re.I
)
#: A sentence whose list follows it: "Countries on Tier 3 are:", "The list includes".
_OPENS = lazy(r"(?::|\b(?:are|include[sd]?|is|were|following|namely))\W*$", re.IGNORECASE)
_NEGATION = lazy(
    r"\b(?:not|never|no\s+longer|neither|nor|except|excluding|other\s+than|instead\s+of|"
    r"rather\s+than|without|unlike)\b|n[’']t\b",
    re.IGNORECASE,
)
_WORD = lazy(r"[a-z]+(?:['’][a-z]+)?")
_DOWN_TO = lazy(
    rf"\b(?:{lx.DOWN}|cut|added|adds|joined|joins|joining|relegated|pushed|forced|put\s+back|"
    r"moved\s+down)\b",
    re.IGNORECASE,
)
_UP_TO = lazy(rf"\b(?:{lx.UP})\b", re.IGNORECASE)
_KEEP_WORDS = lazy(rf"\b(?:{lx.KEEP})\b", re.IGNORECASE)
_EXIT_WORDS = lazy(rf"\b(?:{lx.EXIT})\b", re.IGNORECASE)


@dataclass(frozen=True)
class ListContext:
    """What a sentence leaves for the next one: the one tier it named, and whether it
    introduced a list (ends with a colon, or is itself a list of that tier)."""

    tier: Tier | None
    introduces: bool
    implied: str = ""  # the words that imply the tier ("not doing enough"), if it is implied
    #: A counted group of one tier named earlier ("a group of 19 countries ... not doing
    #: enough"): (tier, count, implied words), for "The other 16 countries are ..." later on.
    group: tuple[Tier, int, str] | None = None
    group_age: int = 0  # sentences since the group was named


NO_CONTEXT = ListContext(None, False)
_COUNTED = lazy(
    r"\b(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+(?:other\s+)?(?:countries|nations|"
    r"governments|states)\b",
    re.IGNORECASE,
)
_THE_OTHERS = lazy(
    r"^\W*(?:the\s+(?:other|remaining)\s+(?P<n>[\w-]+)\s+(?:countries|nations|governments|"
    r"states)|the\s+(?:others|rest))\b[^.]{0,40}?(?:\bare\b|\bwere\b|\binclude[sd]?\b|:)",
    re.IGNORECASE,
)
_COUNT_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}


def _count(word: str) -> int | None:
    w = word.lower()
    return int(w) if w.isdigit() else _COUNT_WORDS.get(w)


def _runs(text: str, base: int, mentions: Sequence[Mention]) -> list[list[Mention]]:
    """The mentions grouped into lists: neighbours joined only by separators. "US" is read as
    an adjective in TIP news ("U.S. aid"), but in a list of countries ("the US, UK, Canada")
    it is the United States."""
    runs: list[list[Mention]] = []
    pending: Mention | None = None  # a "US" that a list may take
    for m in mentions:
        if not m.usable:
            pending = replace(m, role="country") if m.iso3 == "USA" else None
            continue
        prev = runs[-1][-1] if runs else None
        if pending is not None and _joined(text, base, pending, m):
            if prev is not None and _joined(text, base, prev, pending):
                runs[-1].append(pending)
            else:
                runs.append([pending])
            prev = pending
        pending = None
        if prev is not None and _joined(text, base, prev, m):
            runs[-1].append(m)
            continue
        runs.append([m])
    return [r for r in runs if len(r) > 1 or r[0].role != "country" or r[0].text not in _US]


_US = ("US", "U.S.")


#: The longest gap between two names of one list (separators and one unknown name): a list
#: is not spread over a paragraph, and a bounded gap keeps the match of ``_BETWEEN`` cheap.
_MAX_GAP = 80  # not statute: characters


def _joined(text: str, base: int, a: Mention, b: Mention) -> bool:
    if b.start - a.end > _MAX_GAP:
        return False
    gap = text[a.end - base : b.start - base]
    return bool(_BETWEEN.fullmatch(gap)) and "\n\n" not in gap


def _single_tier(tiers: Sequence[TierPhrase]) -> Tier | None:
    named = {t.tier for t in tiers if t.tier is not None}
    if len(named) != 1 or any(t.tier is None for t in tiers):
        return None
    return next(iter(named))


#: A list after one of these is where something happened or who did it ("officials in Canada
#: and Mexico praised the Tier 1 ranking"), not the members of a tier ...
_PREPOSITION_BEFORE = lazy(
    r"\b(?:in|from|by|with|between|against|at|for|to|towards?|across|within|of|about|than|"
    r"visited|visiting|officials?|governments?\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: ... except the ways of naming a group's members: "joining the ranks of Iran and Syria".
_MEMBERS_OF = lazy(
    r"(?:\b(?:ranks|likes|list|company|group|club|ones|names|lists|roster|league)\s+of|"
    r"\b(?:held|shared|occupied|joined)\s+(?:\w+\s+)?by|\b(?:along|together)\s+with)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


#: A list after one of these keeps the tier company of the clause's subject: "slipped into the
#: lowest ranking, joining A, B and C" moves the subject; A, B and C are on the tier (a state).
_IN_COMPANY = lazy(
    r"\b(?:joining|alongside|along\s+with|together\s+with|with|like|including|such\s+as|"
    r"as\s+well\s+as|among\s+them)\s+(?:the\s+likes\s+of\s+)?(?:fellow\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
#: The verbs that say a country was moved in so many words; other motion verbs ("slipped",
#: "fell", "joined", "added") over a list are an uncertain reading of a move.
_EXPLICIT_MOVE = lazy(r"\b(?:downgrad\w*|upgrad\w*|demot\w*|promot\w*|relegat\w*)\b", re.IGNORECASE)


def _in_company(sentence: str, start: int) -> bool:
    return bool(_IN_COMPANY.search(sentence[max(0, start - 40) : start]))


def _placed_by_preposition(sentence: str, start: int) -> bool:
    head = sentence[max(0, start - 60) : start]
    return bool(_PREPOSITION_BEFORE.search(head)) and not _MEMBERS_OF.search(head)


def _introduced(sentence: str, start: int) -> bool:
    """Whether the words just before ``start`` set the name apart as an example ("including")."""
    return bool(_INTRODUCED.search(sentence[max(0, start - 40) : start]))


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with the spans blanked out (one pass, however many spans)."""
    parts: list[str] = []
    pos = 0
    for a, b in sorted(spans):
        a = max(a, pos)
        if b <= a:
            continue
        parts.append(text[pos:a])
        parts.append(" " * (b - a))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def _inside(starts: Sequence[int], a: int, b: int) -> range:
    """The indices of the sorted ``starts`` that fall in [a, b)."""
    return range(bisect_left(starts, a), bisect_left(starts, b))


def _hedged(text: str) -> bool:
    words = set(_WORD.findall(text.lower()))
    return bool(words & lx.HEDGE) or bool(
        re.search(r"\?(?:[\s\"”’)]|$)", text)
    )  # not "?p=1" in a URL


def _clauses(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _CLAUSE_CUT.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if b > a]


def _dating(years: Sequence[YearPhrase]) -> tuple[str, int, int | None, int | None] | None:
    """How the clause dates its list: the report year, one stated year, or a streak; None
    when it names several (which year goes with which country is not clear)."""
    dated = [y for y in years if y.kind != "date"]
    if not dated:
        return "report", 0, None, None
    if len(dated) > 1:
        return None
    y = dated[0]
    if y.kind in ("abs", "report"):
        return "abs", y.value, None, None
    if y.kind == "rel":
        return "report", y.value, None, None
    if y.kind == "streak":
        return "report", y.value2 or 0, y.value, None
    if y.kind == "since":
        return "report", 0, None, y.value
    if y.kind == "first_time":
        return "report", 0, None, None
    return None


def _kind(text: str, tier_start: int | None) -> tuple[str, str | None]:
    """The claim the clause's verb makes about its list (before the tier phrase)."""
    head = text if tier_start is None else text[:tier_start]
    if _EXIT_WORDS.search(head):
        return NO_LONGER, None
    if re.search(r"\b(?:from|off)\s*$", head, re.IGNORECASE):
        return NO_LONGER, None
    if _UP_TO.search(head) and re.search(r"\b(?:to|into|onto)\b[^,]{0,40}$", head, re.I):
        return MOVE, "upgrade"
    if _DOWN_TO.search(head) and re.search(r"\b(?:to|into|onto|on)\b[^,]{0,60}$", head, re.I):
        return MOVE, "downgrade"
    if _KEEP_WORDS.search(head):
        return REMAINED, None
    if _UP_TO.search(text) or re.search(rf"\b(?:{lx.DOWN})\b", text, re.IGNORECASE):
        return "", None  # a move that the list does not clearly take part in
    return TIER, None


_PAREN_OPEN = lazy(
    r"\s*\(\s*(?:(?P<move>(?:down|up)grade[ds]?|demoted|promoted)\s+(?:to\s+)?)?"
    r"(?:(?:on|in|at|now)\s+)?(?:the\s+)?",
    re.IGNORECASE,
)
_PAREN_CLOSE = lazy(r"\s*\)")


def _parenthesised(
    sentence: str,
    base: int,
    unclaimed: Sequence[Mention],
    tiers: Sequence[TierPhrase],
    dating: tuple[str, int, int | None, int | None] | None,
) -> list[Draft]:
    """ "Slovakia (Tier 1) and Malta (Tier 2 Watch List)": each country on the tier in the
    parentheses that follow its name; "Qatar (downgrade to the Watch List)": moved there.
    ``unclaimed``: the mentions that carry no claim yet; ``dating``: the sentence's year."""
    if dating is None or _NEGATION.search(sentence) or _hedged(sentence):
        return []
    year_kind, year_value, _, _ = dating
    by_start = {t.start: t for t in tiers if t.tier is not None}
    out: list[Draft] = []
    for m in unclaimed:
        if not m.usable:
            continue
        opened = _PAREN_OPEN.match(sentence, m.end - base)
        if not opened or sentence[m.end - base : opened.end()].count("(") != 1:
            continue
        tier = by_start.get(opened.end())
        if tier is None or not _PAREN_CLOSE.match(sentence, tier.end):
            continue
        verb = (opened.group("move") or "").lower()
        move = None if not verb else "upgrade" if verb.startswith(("up", "pro")) else "downgrade"
        out.append(
            Draft(
                MOVE if move else TIER,
                m,
                tier.tier,
                move,
                None,
                False,
                year_kind,
                year_value,
                None,
                None,
                (m.start, base + tier.end),
                "parenthesis",
            )
        )
    return out


def read_lists(
    sentence: str,
    base: int,
    mentions: Sequence[Mention],
    tiers: Sequence[TierPhrase],
    years: Sequence[YearPhrase],
    claimed: set[int],
    context: ListContext = NO_CONTEXT,
    deadline: Deadline = NO_DEADLINE,
) -> tuple[list[Draft], ListContext]:
    """Tier claims for the lists of a sentence that the grammar left unread.

    ``claimed`` holds the start offsets of mentions that already carry a claim; ``context``
    is what the previous sentence left. Returns the claims and the context for the next
    sentence. Linear in the sentence: each clause looks only at its own lists, tiers and
    years (found by bisection), and ``deadline`` is checked once per clause.
    """
    unclaimed = [m for m in mentions if m.start not in claimed]
    drafts = _parenthesised(sentence, base, unclaimed, tiers, _dating(years))
    claimed = claimed | {d.mention.start for d in drafts}
    runs: list[list[Mention]] = []
    listed_runs: set[int] = set()  # the runs that were lists before claimed names were taken
    for r in _runs(sentence, base, mentions):
        kept = [m for m in r if m.start not in claimed]
        if kept:
            if len(r) >= 2:
                listed_runs.add(len(runs))
            runs.append(kept)
    listed = sum(m.end - m.start for r in runs for m in r)
    letters = sum(c.isalpha() for c in sentence)
    is_list_line = bool(runs) and listed >= 0.6 * max(1, letters)
    carry: Tier | None = None
    carried_implied = ""
    if (
        not tiers
        and context.tier is not None
        and ((context.introduces and is_list_line) or _INTRODUCER.search(sentence))
    ):
        carry, carried_implied = context.tier, context.implied
    others = _THE_OTHERS.search(sentence) if not tiers and context.group else None
    if others and context.group is not None:
        # "The other 16 countries are: ..." after "a group of 19 countries ... on Tier 3"
        n = _count(others.group("n")) if others.group("n") else None
        if n is None or n < context.group[1]:
            carry, carried_implied = context.group[0], context.group[2]
    elif (
        carry is None
        and not tiers
        and context.group is not None
        and context.group_age <= 2
        and _INTRODUCER.search(sentence)
    ):
        # "The countries on the list include ..." soon after "criticizes 23 countries for ..."
        carry, carried_implied = context.group[0], context.group[2]
    group, age = context.group, context.group_age + 1
    if tiers:
        single = _single_tier(tiers)
        implied = next((t.text for t in tiers if t.implied), "")
        counted = _COUNTED.search(sentence)
        if single is not None and counted and _count(counted.group(1)):
            group, age = (single, _count(counted.group(1)) or 0, implied), 0
        next_context = ListContext(
            single, single is not None and bool(_OPENS.search(sentence)), implied, group, age
        )
    elif carry is not None:
        # the list may go on over the next lines
        next_context = ListContext(carry, True, carried_implied, group, age)
    else:
        next_context = ListContext(None, False, "", group, age)
    if not runs:
        return drafts, next_context
    run_starts = [r[0].start - base for r in runs]
    tier_starts = [t.start for t in tiers]
    year_starts = [y.start for y in years]
    claimed_starts = sorted(m.start - base for m in mentions if m.start in claimed)
    for a, b in _clauses(sentence):
        deadline.check()
        c_runs = [
            runs[i]
            for i in _inside(run_starts, a, b)
            if runs[i][-1].end - base <= b
            and (i in listed_runs or _introduced(sentence, runs[i][0].start - base))
            and not _placed_by_preposition(sentence, runs[i][0].start - base)
        ]
        if not c_runs:
            continue
        c_tiers = [t for t in (tiers[i] for i in _inside(tier_starts, a, b)) if t.end <= b]
        tier = _single_tier(c_tiers)
        if tier is None and carry is None:
            continue
        clause = sentence[a:b]
        tier_start: int | None = min((t.start for t in c_tiers), default=None)
        if tier is None and carry is not None:
            tier, tier_start = carry, None
        # A hedge or a negation after both the list and the tier ("..., whose governments
        # were deemed not to ...", "... may be subject to restrictions") is not about them.
        reach = max([r[-1].end - base - a for r in c_runs] + [t.end - a for t in c_tiers])
        # The tier's own words are no hedge ("the lowest possible ranking").
        bare = _mask(clause[:reach], [(t.start - a, t.end - a) for t in c_tiers])
        if _hedged(bare) or _NEGATION.search(bare):
            continue
        dating = _dating([y for y in (years[i] for i in _inside(year_starts, a, b)) if y.end <= b])
        if dating is None:
            continue
        kind, move = _kind(clause, None if tier_start is None else tier_start - a)
        if not kind:
            continue
        implied_here = any(t.implied for t in c_tiers) or (not c_tiers and bool(carried_implied))
        year_kind, year_value, streak, since = dating
        if implied_here and year_kind == "report":
            year_value = 0  # "failed to make significant efforts last year": the period reported
        if _inside(claimed_starts, a, b):
            # "X remained on Tier 3 for a 21st year, along with A and B": the verb and the
            # run are X's; the list is only on the tier
            kind, move, streak, since = TIER, None, None, None
        if (streak or since) and kind in (TIER, REMAINED):
            kind = STREAK
        elif streak or since:
            continue
        head = clause if tier_start is None else clause[: tier_start - a]
        implied = next((t.text for t in c_tiers if t.implied), "") if c_tiers else carried_implied
        for run in c_runs:
            r_kind, r_move, doubt = kind, move, ""
            if implied:
                doubt = f"the tier is implied by ‘{implied}’"
            if kind == MOVE and _in_company(sentence, run[0].start - base):
                r_kind, r_move = TIER, None  # the company the moved subject joins
            elif kind == MOVE and not _EXPLICIT_MOVE.search(head) and not doubt:
                doubt = "a verb of motion over a list may describe where they stand"
            for m in run:
                drafts.append(
                    Draft(
                        r_kind,
                        m,
                        tier,
                        r_move,
                        None,
                        False,
                        year_kind,
                        year_value,
                        streak if r_kind == kind else None,
                        since if r_kind == kind else None,
                        (m.start, m.end),
                        "list",
                        doubt,
                    )
                )
    return drafts, next_context
