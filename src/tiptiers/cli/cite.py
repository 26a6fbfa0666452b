"""``tiptiers cite``: how to cite tiptiers (the version and commit that runs), in the format a
reference manager reads. The citation itself is :func:`tiptiers.citation.cite`'s, the same the
web pages' "Cite" button and the panel's ``datapackage.json`` give."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from tiptiers.cli.program import app


class CiteFormat(StrEnum):
    text = "text"
    bibtex = "bibtex"
    csl_json = "csl-json"
    ris = "ris"
    cff = "cff"
    json = "json"


@app.command(rich_help_panel="About")
def cite(
    fmt: Annotated[
        CiteFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (a sentence), bibtex, csl-json (Zotero, Pandoc), ris (EndNote,"
            " Mendeley), cff (a CITATION.cff file), or json (the facts and every format).",
        ),
    ] = CiteFormat.text,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="The address you used tiptiers at (a deployment, a repository): it goes into"
            " the citation with today's date as the access date.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """How to cite tiptiers: title, publisher, version, date and commit (and --url).

    The commit is the git commit the code runs from (unknown in an installed copy without
    git, unless $TIPTIERS_COMMIT is set); cite the State Department's report for the
    placements as well. Examples: tiptiers cite · tiptiers cite -f bibtex >> refs.bib
    """
    from tiptiers.citation import PRIMARY_SOURCE
    from tiptiers.citation import cite as make
    from tiptiers.errors import BadInput

    if url is not None and not url.strip():
        raise BadInput("--url is empty: give the address you used, or leave the option out.")
    c = make(url=url, accessed=date.today().isoformat() if url else None)
    if fmt is CiteFormat.json:
        from tiptiers.cli.common import emit_json

        emit_json(c.to_dict())
        return
    sys.stdout.write(c.render(fmt.value) + "\n")
    if fmt is CiteFormat.text and sys.stdout.isatty():
        sys.stderr.write(f"Cite the placements' own source too: {PRIMARY_SOURCE}\n")
