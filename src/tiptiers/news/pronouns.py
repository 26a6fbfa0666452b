"""Pronoun resolution: "it" or "they" after a country group is that group ("..., and it was
downgraded"), a sentence that starts "It was downgraded" after one about a single country is
about that country, and "on it" or "there" after a tier phrase is that tier ("remained
there"). Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from tiptiers.model import Tier
from tiptiers.news import lexicon as lx
from tiptiers.news.groups import Group
from tiptiers.news.lexicon import TierPhrase, lazy
from tiptiers.news.mentions import Mention
from tiptiers.news.tokens import Tok

_KEEP_OR_BE = lazy(rf"{lx.KEEP}|{lx.BE}|{lx.PLACE}")
_AFTER_PRONOUN = frozenset(
    ("too", "as", "also", ".", ",", "again", "either", "for", "this", "last")
)


def carry_tier(toks: list[Tok], tier: Tier | None) -> list[Tok]:
    """'... are on it too', 'remained there': 'it' or 'there' is the tier named just before
    (earlier in the sentence, else the one tier of the previous sentence)."""
    out: list[Tok] = []
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
            out.append(Tok("T", "", t.start, t.end, phrase))
            continue
        out.append(t)
    return out


#: "... since 2010 before it was downgraded": "it" heads a clause after these, too.
_SUBORDINATORS = ("before", "after", "until", "because", "once", "when")
_VERBISH = lazy(rf"{lx.AUX}|{lx.KEEP}|{lx.DOWN}|{lx.UP}|{lx.BE}|{lx.PLACE}")
_GERUND_VERBS = frozenset(
    ("ranking", "placing", "putting", "leaving", "keeping", "moving", "listing")
)


_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_GROUP_NOUNS = frozenset(
    ("countries", "nations", "governments", "states", "allies", "neighbours", "neighbors")
)


_OBJECT_VERBS = frozenset(
    (
        "rewarded", "punished", "handed", "gave", "granted", "downgraded", "upgraded", "placed",
        "put", "kept", "moved", "ranked", "demoted", "promoted", "dropped", "relegated", "left",
    )
)  # fmt: skip


def _names(mentions: Sequence[Mention]) -> str:
    said = [m.text for m in mentions]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + f" and {said[-1]}"


def _coreferent(toks: list[Tok], group: Sequence[Mention], country: Mention | None) -> list[Tok]:
    """Noun phrases that name countries named before: a sentence that starts "The three
    ...", "These countries ...", "They ...", "Both ..." after a sentence that named that many
    (``group``), and "the country" for the country named last (in the sentence, else
    ``country``). Each becomes a group token marked with how it was read."""
    out = list(toks)
    words = [t.text for t in out[:3]]
    k = 0
    if words[:1] and words[0] in ("the", "these", "those", "all", "both") and len(words) > 1:
        n = _NUMBERS.get(words[1]) or (int(words[1]) if words[1].isdigit() else None)
        if n is not None and n == len(group):
            k = 3 if len(words) > 2 and words[2] in _GROUP_NOUNS else 2
        elif words[0] in ("these", "those") and words[1] in _GROUP_NOUNS and len(group) >= 2:
            k = 2
    if (
        not k
        and words[:1] in (["they"], ["both"])
        and (len(group) >= 2 if words[0] == "they" else len(group) == 2)
        and len(out) > 1
        and _VERBISH.fullmatch(out[1].text)
    ):
        k = 1
    if k and group:
        said = " ".join(t.text for t in out[:k])
        via = f"‘{said}’ read as {_names(group)}, named in the sentence before"
        g = Group(list(group), out[0].start, out[k - 1].end, via=via)
        out[:k] = [Tok("G", "", out[0].start, out[k - 1].end, g)]
    last: Mention | None = country
    i = 0
    while i < len(out):
        t = out[i]
        if t.kind == "G" and isinstance(t.obj, Group) and len(t.obj.mentions) == 1:
            last = t.obj.mentions[0]
        elif t.kind == "G":
            last = None  # "the country" after a list: which one is not clear
        elif t.text == "it" and i > 0 and out[i - 1].text in _OBJECT_VERBS and last is not None:
            # "the U.S. rewarded it with an upgrade": the country named last
            via = f"‘it’ read as {last.text}, the country named before"
            out[i] = Tok("G", "", t.start, t.end, Group([last], t.start, t.end, via=via))
        elif (
            t.text == "the"
            and i + 1 < len(out)
            and out[i + 1].text in ("country", "nation")
            and last is not None
            and (i + 2 >= len(out) or out[i + 2].kind != "T")
        ):
            via = f"‘the {out[i + 1].text}’ read as {last.text}, the country named before"
            g = Group([last], t.start, out[i + 1].end, via=via)
            out[i : i + 2] = [Tok("G", "", t.start, out[i + 1].end, g)]
        i += 1
    return out


def resolve_pronouns(
    toks: list[Tok],
    antecedent: Sequence[Mention] = (),
    group: Sequence[Mention] = (),
    country: Mention | None = None,
) -> list[Tok]:
    """Pronouns for countries named just before: 'X was not downgraded; it was upgraded',
    'added X and Y ..., ranking them in Tier 3', a sentence that starts 'It was
    downgraded' after one about a single country (``antecedent``), and the noun phrases of
    :func:`_coreferent` (``group``: the countries of the sentence before; ``country``: the
    last one named). Returns the tokens with each resolved phrase a group token."""
    toks = _coreferent(toks, group, country)
    last: Tok | None = None
    for i, t in enumerate(toks):
        if t.kind == "G":
            last = t
            continue
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        prev = toks[i - 1].text if i > 0 else ""
        found: list[Mention] | None = None
        if last is not None and isinstance(last.obj, Group):
            mentions = last.obj.mentions
            subject = prev in (";", "but", "and", "while", "—", ",", *_SUBORDINATORS) and bool(
                _VERBISH.fullmatch(nxt)
            )
            if (
                (t.text == "it" and len(mentions) == 1 and subject)
                or (t.text == "them" and (prev in _GERUND_VERBS or _VERBISH.fullmatch(prev)))
                or (t.text == "they" and len(mentions) > 1 and subject)
            ):
                found = list(mentions)
        elif i == 0 and t.text in ("it", "they") and antecedent and _VERBISH.fullmatch(nxt):
            found = list(antecedent)
        if found:
            toks[i] = Tok("G", "", t.start, t.end, Group(found, t.start, t.end))
    return toks
