"""The Presidential Determinations on record: ``tiptiers determinations [YEAR|COUNTRY]``.

(``tiptiers import determination FILE`` adds one; it lives with the other imports.)
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from tiptiers.cli.common import DbOpt, Format, FormatOpt, render, table, use_db
from tiptiers.cli.program import app


@app.command(rich_help_panel="The law")
def determinations(
    which: Annotated[
        str | None,
        typer.Argument(
            metavar="[YEAR|COUNTRY]",
            help="A report year (the determinations acting on its Tier 3 list, for the next"
            " fiscal year), or a country (name, alias, ISO2 or ISO3). Omitted: every one.",
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
) -> None:
    """What the President actually determined for Tier 3 governments (22 U.S.C. 7107(d)).

    One row per government per paragraph of each fiscal year's Presidential Determination,
    with the PD number and date, the determination, its section and its source; and, per
    fiscal year, whether the record has the whole document, only its opening (a government
    it does not name is then 'not seen', not 'not sanctioned'), or none.

    Examples: 'tiptiers determinations 2023', 'tiptiers determinations China -f csv'.
    """
    use_db(db)
    from tiptiers import api
    from tiptiers.queries.determinations import DETERMINATION_LIST_COLUMNS

    listing = api.determinations(which)
    data = listing.to_dict()

    def tables() -> list[Any]:
        out: list[Any] = [
            table(
                listing.title,
                ["FY", "Report", "Document", "Seen", "Rows", "Where the text on record stops"],
                [
                    (
                        str(y["fiscal_year"]),
                        str(y["report_year"]),
                        " ".join(x for x in (y["pd_number"], y["pd_date"]) if x) or "not seen",
                        {"complete": "whole", "partial": "[yellow]part[/]"}.get(
                            y["document"], "[red]none[/]"
                        ),
                        str(y["rows"]),
                        y["seen_until"],
                    )
                    for y in data["years"]
                ],
                "A government not in a partial document is 'not seen in the part on record':"
                " its determination is not known here.",
            )
        ]
        if which is not None and listing.rows:
            out.append(
                table(
                    None,
                    ["FY", "Government", "Determination", "Section"],
                    [
                        (str(r.fiscal_year), r.country, r.describe(), r.citation)
                        for r in listing.rows
                    ],
                )
            )
        for _, note in listing.gaps:
            out.append(note)
        if which is None:
            out.append(
                f"{len(listing.rows)} rows; 'tiptiers determinations YEAR' or COUNTRY lists"
                " them, --format csv gives every row with its source."
            )
        return out

    render(
        fmt,
        json_data=lambda: data,
        csv_rows=listing.to_rows,
        csv_columns=DETERMINATION_LIST_COLUMNS,
        table_fn=tables,
    )
