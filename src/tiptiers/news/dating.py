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
        elif yp.kind == "since" and since is None:
            since = yp.value
        elif yp.kind == "range" and since is None:
            since = yp.value
            if yp.value2 is not None:
                year_kind, value = "abs", yp.value2
    return year_kind, value, streak, since


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
