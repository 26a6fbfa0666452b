"""Year attribution: which report year a claim of the grammar is about, from the time
expressions of its clause — inside the match, right after it ("... on Tier 3 last year", "in
the 2016 report", "for a second straight year", "since 2003") or heading the clause ("In
2015, ..."). The report year itself is found by :mod:`tiptiers.news.year`. Pure.
"""

from __future__ import annotations

from tiptiers.news.lexicon import YearPhrase
from tiptiers.news.tokens import Tok


def claim_years(first: int, last: int, toks: list[Tok]) -> tuple[str, int, int | None, int | None]:
    """How the clause dates the claim: (kind, value, streak, since)."""
    candidates: list[YearPhrase] = []
    for k in range(first, last + 1):
        t = toks[k]
        if t.kind == "Y" and isinstance(t.obj, YearPhrase) and not _dates_origin(toks, k):
            candidates.append(t.obj)
    # Right after the match: "... on Tier 3 last year", "... in the 2016 report",
    # "... for a second straight year"; not "after 2016", "until 2014".
    k = last + 1
    skipped = 0
    while k < len(toks) and skipped <= 3:
        t = toks[k]
        if t.kind == "Y":
            if toks[k - 1].text != "from":  # "downgraded from last year's report": the origin
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
        if t.text == "," and k + 1 < len(toks) and toks[k + 1].text in ("the", "a", "an"):
            # "ranked it Tier 3, the worst ranking possible, in 2014": past an apposition
            close = next(
                (j for j in range(k + 2, min(len(toks), k + 12)) if toks[j].text == ","), None
            )
            if close is not None and not any(x.kind == "G" for x in toks[k + 1 : close]):
                k = close + 1
                continue
        if t.kind in ("G", "T") or t.text in (",", ";", "—", "."):
            break
        if t.text in ("after", "before", "following", "because", "until", "despite", "when"):
            break
        skipped += 1
        k += 1
    # "... until last year, when it was downgraded": the time just named
    dated = any(c.kind in ("abs", "report", "rel") for c in candidates)
    if not dated and first >= 3 and toks[first - 1].text == "when":
        k = first - 3 if toks[first - 2].text == "," else first - 2
        if toks[k].kind == "Y" and isinstance(toks[k].obj, YearPhrase):
            candidates.append(toks[k].obj)
    # Clause-initial: "In 2015, Cuba was upgraded ..."; "Last year, ..."
    if first > 0 and not candidates:
        words = _leading_words(toks, first, 2)
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
            if yp.value2 is not None and year_kind == "report" and value == 0:
                value = yp.value2
        elif yp.kind == "first_time" and streak is None:
            streak = yp.value  # the run the change ends; the claim keeps its own year
        elif yp.kind == "since" and since is None:
            since = yp.value
        elif yp.kind == "range" and since is None:
            since = yp.value
            if yp.value2 is not None:
                year_kind, value = "abs", yp.value2
    return year_kind, value, streak, since


_RUN_JOINERS = frozenset((",", "and", "&", "along", "with", "as", "well", "plus", "or"))


def more_years(toks: list[Tok], first: int, last: int, year: int) -> list[int]:
    """The years that follow ``year`` in a run ("in 2014 and 2015", "in 2009, 2010, and
    2011, along with 2004"): each is a claim of its own about the same country and tier."""
    k = next(
        (
            j
            for j in range(first, min(len(toks), last + 16))
            if toks[j].kind == "Y"
            and isinstance(toks[j].obj, YearPhrase)
            and toks[j].obj.kind == "abs"
            and toks[j].obj.value == year
        ),
        None,
    )
    out: list[int] = []
    while k is not None:
        j = k + 1
        while j < len(toks) and toks[j].text in _RUN_JOINERS and j - k <= 4:
            j += 1
        nxt = toks[j] if j < len(toks) else None
        if j == k + 1 or nxt is None or nxt.kind != "Y" or not isinstance(nxt.obj, YearPhrase):
            break
        if nxt.obj.kind != "abs":
            break
        out.append(nxt.obj.value)
        k = j
    return out


def _leading_words(toks: list[Tok], first: int, n: int) -> list[Tok]:
    """The first ``n`` words (or commas) of the clause before token ``first``: a look at the
    clause's head costs the same however far into a long sentence the claim is."""
    out: list[Tok] = []
    for k in range(first):
        t = toks[k]
        if t.kind != "P" or t.text == ",":
            out.append(t)
            if len(out) == n:
                break
    return out


def _dates_origin(toks: list[Tok], k: int) -> bool:
    """'from the Watch List last year to Tier 3': the year dates the tier moved from."""
    if k < 2 or toks[k - 1].kind != "T":
        return False
    before = toks[k - 2].text if toks[k - 2].text != "the" else toks[k - 3].text if k >= 3 else ""
    return before == "from"
