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

The steps live one to a module: the tokeniser and template (:mod:`~tiptiers.news.tokens`),
list grouping (:mod:`~tiptiers.news.groups`), clause cutting (:mod:`~tiptiers.news.clauses`),
the pattern table (:mod:`~tiptiers.news.patterns`), pronoun resolution
(:mod:`~tiptiers.news.pronouns`) and year attribution (:mod:`~tiptiers.news.dating`); this
module runs them and reads each match as a claim. Lists set apart from their tier are read
after it, by :mod:`~tiptiers.news.lists`.

This module is pure: it sees one sentence and returns :class:`Draft` claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from tiptiers.model import Tier
from tiptiers.news import lexicon as lx
from tiptiers.news.bounds import NO_DEADLINE, Deadline
from tiptiers.news.clauses import Clause, cut_clauses
from tiptiers.news.dating import claim_years, more_years
from tiptiers.news.groups import Group, contrasts, group_mentions, unwrap_lists
from tiptiers.news.lexicon import TierPhrase, YearPhrase, lazy
from tiptiers.news.mentions import Mention
from tiptiers.news.patterns import patterns
from tiptiers.news.pronouns import carry_tier, resolve_pronouns
from tiptiers.news.tokens import Template, Tok, build_template, tokenise

_REFERS_BACK = lazy(
    r"\s*(?:It|They|Both|(?:The|These|Those|All|Both)\s+(?:\d+|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|countries|nations|governments|states)|"
    r"(?:These|Those)\s+(?:countries|nations|governments|states))\b"
)
_MOVE_WORDS = lazy(
    r"grad|demot|promot|upgrade|(?:improved|raised|lowered|worsened)\s+(?:its|their)\s|elevat"
)
_THE_COUNTRY = lazy(
    r"\bthe\s+(?:country|nation)\b|\b(?:rewarded|punished|handed|gave|granted|downgraded|"
    r"upgraded|placed|put|kept|moved|ranked|demoted|promoted|dropped|relegated|left)\s+it\b"
)

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
    #: Why the reading is uncertain ("" when it is not): a motion verb over a list, an
    #: implied tier, a country found by co-reference. An uncertain claim that the record
    #: contradicts is reported ``unclear`` with the verdict it would have, never
    #: ``contradicted``: a right sentence is never called wrong.
    uncertain: str = ""


# -- extraction ----------------------------------------------------------------------
@dataclass
class _Found:
    pattern: str
    kind: str
    group: Tok | None
    tier: Tok | None
    verb: str
    pre: str
    from_tier: Tok | None
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
    deadline: Deadline = NO_DEADLINE,
    *,
    group: Sequence[Mention] = (),
    country: Mention | None = None,
) -> list[Draft]:
    """The tier claims of one sentence (``base``: its offset in the plain text).

    ``carried`` is the one tier the previous sentence named, for "on it too"; ``deadline``
    is checked once per clause and pattern (:class:`~tiptiers.news.bounds.OutOfTime`);
    ``group`` and ``country`` are the countries a phrase such as "The three" or "the
    country" may refer to (:func:`~tiptiers.news.pronouns.resolve_pronouns`).
    """
    if sentence.rstrip().endswith("?") or not (
        any(m.usable for m in mentions)
        or ((antecedent or group) and _REFERS_BACK.match(sentence))
        or (country is not None and _THE_COUNTRY.search(sentence))
    ):
        return []
    has_tier = any(t.tier is not None for t in tiers)
    if not has_tier and carried is None and not _MOVE_WORDS.search(sentence):
        return []
    raw = carry_tier(tokenise(sentence, base, mentions, tiers, years), carried)
    toks = unwrap_lists(contrasts(group_mentions(raw)))
    toks = resolve_pronouns(toks, antecedent, group, country)
    drafts: list[Draft] = []
    for clause in cut_clauses(toks):
        deadline.check()
        drafts.extend(_clause_drafts(clause, deadline))
    return _dedupe(drafts)


def _clause_drafts(clause: Clause, deadline: Deadline = NO_DEADLINE) -> list[Draft]:
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
    tpl = build_template(toks, ids)
    found: list[_Found] = []
    for pat in patterns():
        if pat.name == "apposition" and clause.subject is None:
            continue
        deadline.check()
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
            if pat.kind == "polarity":
                extra["negated"] = bool(m.group("n"))
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
        deadline.check()
        if _hedged(tpl, fd):
            continue
        made = _drafts_from(fd, tpl, toks, previous)
        drafts.extend(made)
        if made:
            previous = made
    return drafts


def _hedged(tpl: Template, fd: _Found) -> bool:
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


def _negated(fd: _Found, toks: list[Tok]) -> bool:
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


def _no_longer(fd: _Found, toks: list[Tok]) -> bool:
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


def _drafts_from(fd: _Found, tpl: Template, toks: list[Tok], previous: list[Draft]) -> list[Draft]:
    """The claims of one match; a tier implied by its definition ("not doing enough") makes
    each an uncertain reading."""
    out = _read_match(fd, tpl, toks, previous)
    phrase = fd.tier.obj if fd.tier is not None else None
    if isinstance(phrase, TierPhrase) and phrase.implied:
        if len(out) == 1 and fd.pattern != "member_of_group_that":
            return []  # "Japan is not doing enough": a judgement, not a list's tier
        doubt = f"the tier is implied by ‘{phrase.text}’"
        # "failed to make significant efforts last year": the year reported on, not a report
        out = [
            replace(
                d,
                uncertain=d.uncertain or doubt,
                year_value=0 if d.year_kind == "report" else d.year_value,
            )
            for d in out
        ]
    return out


def _read_match(fd: _Found, tpl: Template, toks: list[Tok], previous: list[Draft]) -> list[Draft]:
    group = fd.group.obj if fd.group is not None else None
    if fd.kind == "ellipsis":
        group = _ellipsis_subject(fd, toks)
    if not isinstance(group, Group):
        return []
    tier_phrase = fd.tier.obj if fd.tier is not None else None
    tier = tier_phrase.tier if isinstance(tier_phrase, TierPhrase) else None
    from_phrase = fd.from_tier.obj if fd.from_tier is not None else None
    from_tier = from_phrase.tier if isinstance(from_phrase, TierPhrase) else None
    negated = _negated(fd, toks) or group.negated
    kind = TIER
    move: str | None = None
    if fd.pattern == "joined" or (fd.pattern == "verb_first" and fd.verb.startswith("join")):
        # "Ghana did not join Iran on Tier 3": the country joined is the company, on the tier
        # whatever the subject did; a negation is the subject's ("also", read in _finish)
        fd.extra["also_negated"] = negated
        negated = group.negated
    if fd.kind == "as_did":
        if not previous:
            return []
        # "Ghana was not downgraded, as was Iran": after a negation, "as" may set the country
        # against the claim or beside it
        doubt = "‘as ...’ after a negation may set the country against it or beside it"
        return [
            replace(
                d,
                mention=m,
                span=_span(fd, toks),
                pattern=fd.pattern,
                uncertain=d.uncertain or (doubt if d.negated else ""),
            )
            for d in previous[:1]
            for m in group.mentions
        ]
    if fd.kind == "polarity":
        # "Ghana was not placed on Tier 3, but Iran was": the claim before, for this country,
        # with the elliptical clause's own polarity
        if not previous or previous[0].kind not in (TIER, MOVE):
            return []
        own = bool(fd.extra.get("negated"))
        return [
            replace(d, mention=m, span=_span(fd, toks), pattern=fd.pattern, negated=own)
            for d in previous[:1]
            for m in group.mentions
            if m.start != d.mention.start
        ]
    if fd.kind == "list":
        kind, move = _list_heading(toks, fd.first)
    elif fd.kind == "company":
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
        down = ("downgrade", "demotion", "lowered", "worsened", "lower", "downward")
        kind, move = MOVE, "downgrade" if fd.verb in down else "upgrade"
    elif fd.kind == "avoid":
        kind, move, negated = MOVE, "downgrade", True
    elif fd.kind == "avoid_tier":
        kind, negated = TIER, True
    else:
        cls = _verb_class(fd.verb)
        if fd.verb in ("fall", "falls") and fd.prep in ("into", "under", "within", "in"):
            cls = "be"  # "Oman and the UAE both fall into the Tier 2 category": where they stand
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
    tpl: Template,
    toks: list[Tok],
    group: Group,
    kind: str,
    tier: Tier | None,
    move: str | None,
    from_tier: Tier | None,
    negated: bool,
) -> list[Draft]:
    year_kind, year_value, streak, since = claim_years(fd.first, fd.last, toks)
    if fd.kind in ("list", "company"):
        streak = since = None  # "Tier 3 for a fourth year, alongside Burma": the run is not Burma's
    held: Draft | None = None
    if kind == NO_LONGER and streak is not None and year_kind == "report" and year_value == 0:
        # "has lost its Tier 2 place for the first time in five years", "left the Watch List
        # after three years": it had held the tier for the reports before this one
        held = Draft(STREAK, group.mentions[0], tier, None, None, False, "report", -1, streak)
    if streak is not None or since is not None:
        if kind in (TIER, REMAINED) and not negated:
            kind = STREAK
        else:
            streak = since = None
    # "had languished on the Watch List since 2010 (before it was downgraded)": the run ends
    # the year before the report; "had been placed on Tier 2" alone is the report's own news.
    past_perfect = bool(re.search(r"\bhad\b", fd.pre)) and year_kind == "report" and year_value == 0
    if past_perfect and kind == STREAK:
        year_value = -1
    # "For years, Colombia was a Tier 1 country": years the sentence does not name
    if year_kind == "report" and year_value == 0 and kind in (TIER, STREAK) and _unnamed_past(toks):
        return []
    # "Ireland was previously in Tier 1": an earlier, unnamed year, not the report's
    if (
        re.search(r"\b(?:previously|formerly|originally|once)\b", fd.pre)
        and year_kind == "report"
        and year_value == 0
        and kind in (TIER, STREAK)
    ):
        return []
    doubt = group.via
    if (
        not doubt
        and kind == MOVE
        and len(group.mentions) > 1
        and not _EXPLICIT_MOVE.search(fd.verb)
        and fd.kind not in ("tierless_noun",)
    ):
        doubt = "a verb of motion over a list may describe where they stand"
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
            doubt,
        )
        for m in group.mentions
    ]
    if kind in (TIER, MOVE) and not negated:
        # "Iran, not Ghana, was placed on Tier 3": what is said of Iran is denied of Ghana
        out.extend(replace(out[0], mention=m, negated=True) for m in group.contrast if out)
    also = fd.extra.get("also")
    if isinstance(also, Tok) and isinstance(also.obj, Group):
        also_negated = bool(fd.extra.get("also_negated")) or also.obj.negated
        out.extend(
            replace(out[0], mention=m, uncertain=also.obj.via, negated=also_negated)
            for m in also.obj.mentions
            if out
        )
    if held is not None:
        out.extend(
            replace(held, mention=m, span=_span(fd, toks), pattern=fd.pattern, uncertain=doubt)
            for m in group.mentions
        )
    if year_kind == "abs" and kind in (TIER, MOVE):
        # "ranked Tier 3 in 2014 and 2015": a claim for each year of the run
        out.extend(
            replace(d, year_value=y)
            for y in more_years(toks, fd.first, fd.last, year_value)
            for d in list(out)
        )
    return out


_EXPLICIT_MOVE = lazy(r"downgrad|upgrad|demot|promot|relegat")
_UNNAMED_PAST = frozenset(
    (
        ("for", "years"),
        ("for", "decades"),
        ("for", "many"),
        ("for", "a", "long"),
        ("in", "the", "past"),
        ("until", "recently"),
        ("historically",),
        ("once",),
        ("long",),
    )
)


def _unnamed_past(toks: list[Tok]) -> bool:
    """Whether the clause opens on a time it does not name ("For years, ...", "Once, ...")."""
    words = tuple(t.text for t in toks[:3] if t.kind == "W")
    return any(words[: len(w)] == w for w in _UNNAMED_PAST)


_HEADING_DOWN = lazy(rf"(?:{lx.DOWN}|cut) (?:to|into|onto)")
_HEADING_UP = lazy(rf"(?:{lx.UP}) (?:to|into|onto)")
_HEADING_KEEP = lazy(rf"(?:still|{lx.KEEP}) (?:on|in|at)")


def _list_heading(toks: list[Tok], first: int) -> tuple[str, str | None]:
    """The claim a list's heading makes: "Downgraded to Tier 3: A, B" is a downgrade of
    each, "Still on Tier 3: A, B" a remained claim; a bare "Tier 3: A, B" a tier claim."""
    before = " ".join(t.text for t in toks[max(0, first - 3) : first])
    if _HEADING_DOWN.search(before + " "):
        return MOVE, "downgrade"
    if _HEADING_UP.search(before + " "):
        return MOVE, "upgrade"
    if _HEADING_KEEP.search(before + " "):
        return REMAINED, None
    return TIER, None


def _ellipsis_subject(fd: _Found, toks: list[Tok]) -> Group | None:
    for k in range(fd.first - 1, -1, -1):
        t = toks[k]
        if t.kind == "G" and isinstance(t.obj, Group):
            return t.obj
        if t.kind == "T" or t.text == ";":
            return None
    return None


def _span(fd: _Found, toks: list[Tok]) -> tuple[int, int]:
    first = toks[fd.first]
    last = toks[fd.last]
    return first.start, last.end


def draft_key(d: Draft, *year: object) -> tuple[object, ...]:
    """What makes two drafts the same claim: the mention, the meaning and the year (given by
    the caller, as the draft states it or as the claim resolves it)."""
    return (d.mention.start, d.kind, d.tier, d.move, d.negated, *year, d.streak, d.since)


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
        key = draft_key(d, d.year_kind, d.year_value)
        if key in seen:
            continue
        seen.add(key)
        out.append(d)
    return out
