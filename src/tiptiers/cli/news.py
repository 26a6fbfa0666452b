"""The news claim check command: check-news FILE|- (plain text or HTML).

Reads the article (a file, or standard input for ``-``), hands the text to
:func:`tiptiers.news.check_text` and renders the verdicts as a table, JSON or Markdown (the
Markdown of :func:`tiptiers.news.render.markdown`, which the API answers too).
Unreadable input (missing, a directory, binary, empty, not English) is one line on stderr and
exit code 2; an article with no TIP claims is one line on stdout and exit code 0.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tiptiers.cli.common import DbOpt, console, emit_json, use_db
from tiptiers.cli.program import app
from tiptiers.errors import BadInput

if TYPE_CHECKING:
    from tiptiers.news import NewsCheck

PANEL = "News"
VERDICT_STYLE = {
    "supported": "green",
    "contradicted": "bold red",
    "not_in_record": "yellow",
    "unclear": "magenta",
    "unread": "cyan",
}


class NewsFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def read_article(source: str) -> tuple[str, str]:
    """The text of FILE (or of standard input for '-') and the label errors name it by."""
    from tiptiers.inputs import ARTICLE_LIMIT, read_bytes

    label = "<stdin>" if source == "-" else source
    data = read_bytes(source, ARTICLE_LIMIT, "one article (check-news reads one at a time)")
    return decode(data, label), label


def decode(data: bytes, label: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252; else BadInput."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data[:65536]:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
    raise BadInput(f"{label}: not a text file (it holds binary data); give plain text or HTML.")


@app.command("check-news", rich_help_panel=PANEL)
def check_news(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE|-", help="An article as plain text or HTML; '-' reads standard input."
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            help="The report year the article is about, when it does not say."
            " Default: inferred from the text ('the 2017 report', a dateline).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        NewsFormat,
        typer.Option("--format", "-f", help="table (for people), json or markdown."),
    ] = NewsFormat.table,
    db: DbOpt = None,
) -> None:
    """Check what a news article says about TIP placements and Tier 3 consequences.

    Finds tier claims ("downgraded Belarus to Tier 3", "Tier 3, which includes Iran and
    Syria", "Cuba remained on the Watch List") and claims about Tier 3 sanctions, and gives
    each a verdict against the record and the statute of the report's year: supported,
    contradicted, not_in_record or unclear.
    """
    use_db(db)
    text, label = read_article(source)
    from tiptiers import api
    from tiptiers.countries import registry
    from tiptiers.news import check_text

    try:
        result = check_text(text, api.record(), registry(), year)
    except BadInput as exc:
        raise BadInput(f"{label}: {exc.message}") from None
    if fmt == NewsFormat.json:
        emit_json(result.to_dict())
        return
    if fmt == NewsFormat.markdown or not (result.claims or result.unread):
        from tiptiers.news.render import markdown

        sys.stdout.write(markdown(result, label))  # one line for an article with no claims
        return
    c = console()
    for item in table_renderables(result, label):
        c.print(item)


# -- rendering ------------------------------------------------------------------------
def table_renderables(result: NewsCheck, label: str) -> list[Any]:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from tiptiers.news.render import VERDICT_MARKS, sentence_parts

    ry = result.report_year
    head = Text()
    head.append(f"{label}\n", style="bold")
    head.append(f"Report year: {ry.describe()}\n")
    head.append(result.message)
    for note in result.notes:
        head.append(f"\nNote: {note}", style="dim")
    out: list[Any] = [Panel(head, expand=False)]
    t = Table(title="Claims", title_justify="left", show_lines=True)
    for col, kw in (
        ("#", {"justify": "right"}),
        ("Verdict", {"no_wrap": True}),
        ("Claim", {}),
        ("In the text", {"ratio": 3}),
        ("What the record or the law says", {"ratio": 3}),
    ):
        t.add_column(col, overflow="fold", **kw)
    for claim in result.claims:
        style = VERDICT_STYLE.get(claim.verdict, "")
        mark = VERDICT_MARKS.get(claim.verdict, "")
        sentence, a, b = sentence_parts(claim)
        shown = Text(sentence)
        shown.stylize(f"{style} underline", a, b)
        explanation = claim.explanation + (f" [{claim.citation}]" if claim.citation else "")
        t.add_row(
            str(claim.id),
            Text(f"{mark} {claim.verdict.replace('_', ' ')}", style=style),
            claim.summary,
            shown,
            explanation,
        )
    if result.claims:
        out.append(t)
    if result.unread:
        u = Table(
            title="Not read: sentences about placements that gave no claim",
            title_justify="left",
            show_lines=True,
        )
        u.add_column("Countries", overflow="fold", ratio=1)
        u.add_column("Sentence", overflow="fold", ratio=4)
        for item in result.unread:
            u.add_row(", ".join(item.countries), Text(item.sentence, style=VERDICT_STYLE["unread"]))
        out.append(u)
    return out
