"""List grouping: country mentions joined by commas, "and", "or", "nor" or "as well as"
become one group token ("Iran, Syria and North Korea"), so that a pattern reads a list as one
country; "neither ... nor" marks the group negated. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tiptiers.news.mentions import Mention
from tiptiers.news.tokens import Tok


@dataclass
class Group:
    mentions: list[Mention]
    start: int
    end: int
    negated: bool = False
    via: str = ""  # how a co-reference was read ("‘the three’ read as ..."), "" for names


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
        g = Group([m for m in members if isinstance(m, Mention)], t.start, end, negated)
        out.append(Tok("G", "", t.start, end, g))
        i = j
    return out


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
