"""The tokeniser of the claim grammar: a sentence as words, punctuation and the phrases found
in it (country mentions, tier phrases, time expressions), and the *template* the patterns of
:mod:`tiptiers.news.patterns` match: the words lower-cased and separated by single spaces,
each phrase replaced by a placeholder (``§C<n>``, ``§G<n>``, ``§T<n>``, ``§Y<n>``).

Pure: strings in, tokens out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tiptiers.news.lexicon import TierPhrase, YearPhrase, lazy
from tiptiers.news.mentions import Mention


@dataclass
class Tok:
    kind: str  # W word, P punctuation, C mention, T tier, Y year, N non-country name, X other
    text: str
    start: int
    end: int
    obj: object = None


_WORD_RE = lazy(
    r"[A-Za-z]+(?=n['’]t\b)|n['’]t\b|['’]s\b|[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*|[—–]|--|[^\sA-Za-z0-9]"
)
_QUOTES = frozenset("\"“”‘’'`«»")


def tokenise(
    sentence: str,
    base: int,
    mentions: Sequence[Mention],
    tiers: Sequence[TierPhrase],
    years: Sequence[YearPhrase],
) -> list[Tok]:
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
    out: list[Tok] = []
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
                Tok(
                    "P" if not text[0].isalnum() and text != "'s" and text != "n't" else "W",
                    text,
                    base + w.start(),
                    base + w.end(),
                )
            )
        if kind:
            out.append(Tok(kind, "", base + s, base + e, obj))
        pos = e
    return out


# -- the template ---------------------------------------------------------------------
@dataclass
class Template:
    text: str
    toks: list[Tok]
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


def build_template(toks: list[Tok], ids: dict[int, str]) -> Template:
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
    return Template(" ".join(parts), toks, offsets)
