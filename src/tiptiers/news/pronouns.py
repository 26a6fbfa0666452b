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
_SUBORDINATORS = ("before", "after", "until", "because", "once")
_VERBISH = lazy(rf"{lx.AUX}|{lx.KEEP}|{lx.DOWN}|{lx.UP}|{lx.BE}|{lx.PLACE}")
_GERUND_VERBS = frozenset(
    ("ranking", "placing", "putting", "leaving", "keeping", "moving", "listing")
)


def resolve_pronouns(toks: list[Tok], antecedent: Sequence[Mention] = ()) -> None:
    """Pronouns for countries named just before: 'X was not downgraded; it was upgraded',
    'added X and Y ..., ranking them in Tier 3', and a sentence that starts 'It was
    downgraded' after one about a single country (``antecedent``)."""
    last: Tok | None = None
    for i, t in enumerate(toks):
        if t.kind == "G":
            last = t
            continue
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        prev = toks[i - 1].text if i > 0 else ""
        group: list[Mention] | None = None
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
                group = mentions
        elif i == 0 and t.text in ("it", "they") and antecedent and _VERBISH.fullmatch(nxt):
            group = list(antecedent)
        if group:
            toks[i] = Tok("G", "", t.start, t.end, Group(group, t.start, t.end))
