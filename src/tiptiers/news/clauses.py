"""Clause cutting: the main clause of a sentence, with its relative clauses and
appositions cut out (", which was on the Watch List last year,", "(on Tier 3 since 2003)",
"— the report's oldest Tier 3 member —") and each cut part kept as a clause of its own about
the group it follows. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiptiers.news import lexicon as lx
from tiptiers.news.lexicon import lazy
from tiptiers.news.tokens import Tok

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
class Clause:
    tokens: list[Tok]
    subject: Tok | None = None  # the antecedent group of a relative clause or apposition


def cut_clauses(tokens: list[Tok]) -> list[Clause]:
    """The main clause (with relative clauses and appositions cut out) and those cut parts,
    each with its antecedent group. Linear in the tokens: where a cut part closes is looked up
    in tables built once (:class:`_Closers`), not searched for from each group."""
    main: list[Tok] = []
    subs: list[Clause] = []
    closers = _Closers(tokens)
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
            close = closers.find(i + 2, _DASH_CLOSE)
            if (
                close is not None
                and tokens[close].text == "—"
                and close - i <= 16
                and close + 1 < n
                and _PREDICATE_START.fullmatch(tokens[close + 1].text)
            ):
                # "Cuba – the report's oldest Tier 3 member – remained on Tier 3"
                subs.append(Clause(tokens[i + 2 : close], t))
                i = close + 1
                continue
        if nxt.text == "(":
            close = closers.find(i + 2, _PAREN_CLOSE)
            if close is not None:
                subs.append(Clause(tokens[i + 2 : close], t))
                i = close + 1
                continue
        if nxt.text == "," and i + 2 < n:
            h = i + 2
            if (
                i + 5 < n
                and tokens[i + 2].text in ("each", "all", "both", "most", "some")
                and tokens[i + 3].text == "of"
                and tokens[i + 4].text in ("which", "whom")
            ):
                h = i + 4  # "each of which had spent ...": read as "which had spent"
            head = tokens[h]
            rel = head.text in _REL_WORDS or h != i + 2
            appos = (
                head.text in _APPOSITION_START
                or head.kind == "Y"
                or _closes_before_verb(tokens, h, closers)
            )
            if rel or appos:
                close = closers.find(h, _CLAUSE_CLOSE)
                end = close if close is not None else n
                inner = tokens[h + 1 : end] if rel else tokens[h:end]
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
                    subs.append(Clause(inner, t))
                    if rel and i > 0 and tokens[i - 1].text in _EXAMPLES:
                        # "one of 14 countries, among them A and B, that are ...": the clause
                        # is also the head noun's, so the main clause keeps it
                        i += 1
                        continue
                    # drop the closing comma too
                    i = close + 1 if close is not None and tokens[close].text == "," else end
                    continue
        i += 1
    return [Clause(_cut_tier_relatives(main)), *subs]


_EXAMPLES = frozenset(("them", "including", "as", "like", "notably"))
_DASH_CLOSE = frozenset(("—", ";", "."))
_PAREN_CLOSE = frozenset((")",))
_CLAUSE_CLOSE = frozenset((",", ";", "—", ".", ")"))
_RELATIVE_CLOSE = frozenset((",", ";", "—", "."))


class _Closers:
    """Where the next punctuation token of a kind is, from any token: a table per set of
    closing marks, built once in one backward pass (so a sentence of a thousand open
    parentheses costs a thousand steps, not a million)."""

    def __init__(self, tokens: list[Tok]) -> None:
        self._tokens = tokens
        self._tables: dict[frozenset[str], list[int]] = {}

    def find(self, start: int, texts: frozenset[str]) -> int | None:
        """The index of the first punctuation token in ``texts`` at or after ``start``."""
        table = self._tables.get(texts)
        if table is None:
            n = len(self._tokens)
            table = [n] * (n + 1)
            for k in range(n - 1, -1, -1):
                t = self._tokens[k]
                table[k] = k if t.kind == "P" and t.text in texts else table[k + 1]
            self._tables[texts] = table
        if start >= len(table) - 1:
            return None
        k = table[max(0, start)]
        return k if k < len(self._tokens) else None


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


def _cut_tier_relatives(toks: list[Tok]) -> list[Tok]:
    """Drop ', which fully comply with minimum standards,' after a tier phrase, so that
    'Countries in Tier 1, which ..., include X' reads as a list."""
    out: list[Tok] = []
    closers = _Closers(toks)
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        out.append(t)
        if (
            t.kind == "T"
            and i + 2 < n
            and toks[i + 1].text == ","
            and toks[i + 2].text in ("a", "an")
        ):
            # "from Tier 2, a level it had held for years, to the Watch List": an apposition
            close = closers.find(i + 3, _RELATIVE_CLOSE)
            if (
                close is not None
                and toks[close].text == ","
                and close - i <= 14
                and not any(x.kind in ("G", "T") for x in toks[i + 3 : close])
            ):
                i = close + 1
                continue
        if (
            t.kind == "T"
            and i + 2 < n
            and toks[i + 1].text == ","
            and toks[i + 2].text in ("which", "that", "where", "who")
            and (i + 3 >= n or toks[i + 3].text not in _INCLUDE_WORDS)
        ):
            close = closers.find(i + 3, _RELATIVE_CLOSE)
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


def _closes_before_verb(tokens: list[Tok], start: int, closers: _Closers) -> bool:
    """', host of the 2022 World Cup, was upgraded': a short noun phrase closed by a comma
    and followed by the predicate is an apposition."""
    close = closers.find(start, _CLAUSE_CLOSE)
    if close is None or tokens[close].text != "," or close - start > 20 or close + 1 >= len(tokens):
        return False
    if any(t.kind == "T" for t in tokens[start:close]):
        return False
    return bool(_PREDICATE_START.fullmatch(tokens[close + 1].text))
