"""A news check written out: the Markdown report and the CSV rows of its claims.

One rendering for every front end: ``tiptiers check-news --format markdown`` prints
:func:`markdown`, and ``POST /api/v1/check-news?format=markdown`` answers it; the API's
``?format=csv`` (and the dashboard's download of the claims table) is :func:`claim_rows` with
the columns :data:`CLAIM_COLUMNS`. Pure: strings and dicts in, strings and dicts out.
"""

from __future__ import annotations

from typing import Any

from tiptiers.news.check import Claim, NewsCheck

#: The sign printed beside each verdict (the dashboard and the CLI table use the same).
VERDICT_MARKS = {
    "supported": "✓",
    "contradicted": "✗",
    "not_in_record": "?",
    "unclear": "~",
    "unread": "…",
}

#: The columns of the claims as CSV, in order.
CLAIM_COLUMNS = (
    "id",
    "verdict",
    "kind",
    "summary",
    "iso3",
    "country",
    "mention",
    "tier",
    "from_tier",
    "move",
    "negated",
    "year",
    "consequence",
    "quote",
    "explanation",
    "citation",
    "start",
    "end",
)


#: How much of a claim's sentence a table shows on either side of the claim's words: a list
#: of 2,000 countries in one sentence prints 2,000 rows, not 2,000 copies of the sentence.
CONTEXT_CHARS = 150  # not statute: characters


def sentence_parts(claim: Claim) -> tuple[str, int, int]:
    """The claim's sentence (plain text) and the claim's span within it; a long sentence is
    cut to :data:`CONTEXT_CHARS` characters either side of the claim (and a long claim to its
    start and end), with "…" where text was left out."""
    sentence = claim.sentence
    start = claim.plain_start - claim.plain_sentence_start
    end = claim.plain_end - claim.plain_sentence_start
    a, b = max(0, start), max(0, min(len(sentence), end))
    a = min(a, b)
    lo, hi = max(0, a - CONTEXT_CHARS), min(len(sentence), b + CONTEXT_CHARS)
    words = sentence[a:b]
    if len(words) > 2 * CONTEXT_CHARS:
        words = f"{words[:CONTEXT_CHARS]} … {words[-CONTEXT_CHARS:]}"
    head = ("… " if lo > 0 else "") + sentence[lo:a]
    tail = sentence[b:hi] + (" …" if hi < len(sentence) else "")
    return head + words + tail, len(head), len(head) + len(words)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(result: NewsCheck, label: str) -> str:
    """The check as a Markdown report: the year, the counts, and one row per claim, the claim's
    words bolded in its sentence. An article with no claims is one line: ``LABEL: message``.
    """
    if not result.claims and not result.unread:
        return f"{label}: {result.message}\n"
    ry = result.report_year
    lines = [
        f"# News claim check: {_md(label)}",
        "",
        f"- Report year: {_md(ry.describe())}",
        f"- {result.message}",
        *[f"- Note: {_md(n)}" for n in result.notes],
        "",
        "| # | Verdict | Claim | In the text | What the record or the law says |",
        "|---:|---|---|---|---|",
    ]
    for claim in result.claims:
        sentence, a, b = sentence_parts(claim)
        quoted = f"{sentence[:a]}**{sentence[a:b]}**{sentence[b:]}"
        why = claim.explanation + (f" ({claim.citation})" if claim.citation else "")
        mark = VERDICT_MARKS.get(claim.verdict, "")
        lines.append(
            f"| {claim.id} | {mark} {claim.verdict} | {_md(claim.summary)} | {_md(quoted)} |"
            f" {_md(why)} |"
        )
    if not result.claims:
        lines[-3:] = []  # no claims table
    if result.unread:
        lines += [
            "",
            "## Not read: sentences about placements that gave no claim",
            "",
            "| Countries | Sentence |",
            "|---|---|",
            *[f"| {_md(', '.join(u.countries))} | {_md(u.sentence)} |" for u in result.unread],
        ]
    return "\n".join(lines) + "\n"


def claim_rows(result: NewsCheck) -> list[dict[str, Any]]:
    """One flat row per claim (the columns of :data:`CLAIM_COLUMNS`), for CSV, then one row
    per unread sentence (verdict and kind ``unread``, the sentence as the quote)."""
    rows = []
    for d in result.to_dict()["claims"]:
        country = d["country"] or {}
        rows.append(
            {
                "id": d["id"],
                "verdict": d["verdict"],
                "kind": d["kind"],
                "summary": d["summary"],
                "iso3": country.get("iso3"),
                "country": country.get("name"),
                "mention": country.get("mention"),
                "tier": d["tier"],
                "from_tier": d["from_tier"],
                "move": d["move"],
                "negated": d["negated"],
                "year": d["year"],
                "consequence": d["consequence"],
                "quote": d["quote"],
                "explanation": d["explanation"],
                "citation": d["citation"],
                "start": d["start"],
                "end": d["end"],
            }
        )
    for u in result.unread:
        empty = dict.fromkeys(CLAIM_COLUMNS)
        rows.append(
            {
                **empty,
                "verdict": "unread",
                "kind": "unread",
                "summary": "not read: " + ", ".join(u.countries),
                "country": ", ".join(u.countries),
                "year": result.report_year.year,
                "quote": u.sentence,
                "explanation": u.reason,
                "start": u.start,
                "end": u.end,
            }
        )
    return rows
