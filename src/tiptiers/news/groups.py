"""List grouping: country mentions joined by commas, "and", "or", "nor" or "as well as"
become one group token ("Iran, Syria and North Korea"), so that a pattern reads a list as one
country; "neither ... nor" marks the group negated. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tiptiers.news.mentions import Mention
from tiptiers.news.tokens import Tok


@dataclass
class Group:
    mentions: list[Mention]
    start: int
    end: int
    negated: bool = False
    via: str = ""  # how a co-reference was read ("‘the three’ read as ..."), "" for names
    #: The countries set against the group ("Iran, not Ghana,", "Iran rather than Ghana"):
    #: what the sentence says of the group, it denies of them (:func:`contrasts`).
    contrast: list[Mention] = field(default_factory=list)


def group_mentions(tokens: list[Tok]) -> list[Tok]:
    """Merge mentions joined by commas, 'and', 'or', 'nor', 'as well as' into groups."""
    out: list[Tok] = []
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
        # "Unlike Ghana, Iran was ...": the comma closes the contrast, it joins no list
        unlike = bool(out) and out[-1].text == "unlike"
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
            if j < n and tokens[j].text == "," and not unlike:
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
        g = Group([m for m in members if isinstance(m, Mention)], t.start, end, negated)
        out.append(Tok("G", "", t.start, end, g))
        i = j
    return out


#: Words that set a country against the group before them: "Iran, not Ghana", "Iran but
#: not Ghana", "Iran rather than Ghana", "Iran instead of Ghana".
_AGAINST = (("not",), ("but", "not"), ("and", "not"), ("rather", "than"), ("instead", "of"))


def contrasts(toks: list[Tok]) -> list[Tok]:
    """Read the countries a sentence sets against the ones it speaks of as one group token
    that carries them apart (:attr:`Group.contrast`), so that no pattern takes the
    contrasted country, which stands nearest the verb or the tier, for the subject:
    "Iran, not Ghana, was placed on Tier 3", "Iran rather than Ghana was placed on Tier 3",
    "placed Iran, not Ghana, on Tier 3" and "Not Ghana but Iran was placed on Tier 3" all
    read as Iran placed there and Ghana not, as does "placed Iran on Tier 3, not Ghana" (a
    contrast after the tier that closes the clause). "Unlike Ghana, Iran was ..." and "Iran, unlike
    Ghana, was ..." say nothing of Ghana's own placement: Ghana is dropped. A comma that
    opened the contrast is closed with it."""
    out: list[Tok] = []
    i, n = 0, len(toks)

    def group(k: int) -> Group | None:
        return (
            toks[k].obj
            if k < n and toks[k].kind == "G" and isinstance(toks[k].obj, Group)
            else None
        )

    def against(k: int) -> int:
        """The index after a contrast word sequence starting at ``k``, or -1."""
        for words in _AGAINST:
            if [t.text for t in toks[k : k + len(words)]] == list(words):
                return k + len(words)
        return -1

    while i < n:
        t = toks[i]
        g = group(i)
        # "not Ghana but Iran", "not Ghana, but Iran"
        if t.text == "not" and group(i + 1) is not None:
            k = i + 2 + (i + 2 < n and toks[i + 2].text == ",")
            first = group(i + 1)
            asserted = group(k + 1) if k < n and toks[k].text == "but" else None
            if asserted is not None and first is not None and not asserted.contrast:
                out.append(_against(toks[k + 1], asserted, first, t.start))
                i = k + 2
                continue
        # "unlike Ghana, Iran ...": drop the contrast
        if (
            t.text == "unlike"
            and group(i + 1) is not None
            and i + 2 < n
            and toks[i + 2].text == ","
        ):
            i += 3
            continue
        # "placed Iran on Tier 3, not Ghana.": a contrast after the tier, closing the clause,
        # is set against the last group before the tier
        if t.kind == "T" and any(x.kind == "G" for x in out):
            k = i + 1 + (i + 1 < n and toks[i + 1].text == ",")
            after = against(k)
            other = group(after) if after >= 0 else None
            closes = after + 1 >= n or toks[after + 1].text in (".", ";")
            if other is not None and not other.contrast and closes:
                last = max(j for j, x in enumerate(out) if x.kind == "G")
                mine = out[last].obj
                if isinstance(mine, Group):
                    out[last] = _against(out[last], mine, other, out[last].start)
                    out.append(t)
                    i = after + 1
                    continue
        if g is not None:
            comma = i + 1 < n and toks[i + 1].text == ","
            k = i + 1 + comma
            # "Iran, unlike Ghana, ...": drop the contrast
            if comma and k < n and toks[k].text == "unlike" and group(k + 1) is not None:
                close = k + 2
                out.append(t)
                i = close + 1 if close < n and toks[close].text == "," else close
                continue
            after = against(k)
            other = group(after) if after >= 0 else None
            if other is not None and not other.contrast:
                tok = _against(t, g, other, t.start, toks[after].end)
                out.append(tok)
                i = after + 1
                if comma and i < n and toks[i].text == ",":
                    i += 1  # "Iran, not Ghana, was": the parenthesis closes
                continue
        out.append(t)
        i += 1
    return out


def _against(tok: Tok, asserted: Group, contrasted: Group, start: int, end: int = -1) -> Tok:
    """The group token of ``asserted`` with ``contrasted`` set against it."""
    end = max(tok.end, end)
    g = Group(
        asserted.mentions,
        min(start, asserted.start),
        end,
        asserted.negated,
        asserted.via,
        [*asserted.contrast, *contrasted.mentions],
    )
    return Tok("G", "", min(start, tok.start), end, g)


_PLURALS = frozenset(("countries", "nations", "governments", "states", "others"))
_PREDICATE = re.compile(r"were|was|are|is|have|has|had|all|each|both|also|now|[a-z]+ed")


def unwrap_lists(toks: list[Tok]) -> list[Tok]:
    """'Five countries — Algeria, Chad ... — were relegated': the dashes only set off the list.

    When the noun phrase before the dashes says more ("Three countries previously on Tier 3
    — Belize, Laos and Zimbabwe — were promoted to Tier 2"), the list is the subject of the
    verb after it: the noun phrase describes where they were, it is not a list of that tier,
    and is dropped.
    """
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (
            t.text == "—"
            and i + 2 < len(toks)
            and toks[i + 1].kind == "G"
            and toks[i + 2].text == "—"
            and out
        ):
            if out[-1].text in _PLURALS:
                out.append(toks[i + 1])
                i += 3
                continue
            if (
                i + 3 < len(toks)
                and _PREDICATE.fullmatch(toks[i + 3].text)
                and any(x.text in _PLURALS for x in out)
                and not any(x.kind == "G" for x in out)
            ):
                cut = max((k for k, x in enumerate(out) if x.text in (",", ";", ":")), default=-1)
                del out[cut + 1 :]
                out.append(toks[i + 1])
                i += 3
                continue
        out.append(t)
        i += 1
    return out
