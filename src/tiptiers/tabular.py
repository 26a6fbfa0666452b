"""Rows as CSV, written one way for every front end: the CLI's ``--format csv``, the API's
``text/csv`` answers and the researcher's panel file.

``''`` for null, ``true``/``false`` for booleans, a list's items joined by ``'; '``; the
columns given, in their order, else the first row's keys. Pure: returns text.

A text cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return: a quote from an article can) is written with a leading
``'``, as OWASP recommends against CSV injection; numbers stay numbers. JSON is never
changed: this is the CSV's concern only.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """``rows`` as CSV text with a header line.

    >>> print(csv_text([{"iso3": "CHN", "waiver": True, "aliases": ["PRC", "China"]}]), end="")
    iso3,waiver,aliases
    CHN,true,PRC; China
    >>> print(csv_text([], ("iso3", "tier")), end="")
    iso3,tier
    """
    rows = list(rows)
    cols = list(columns) if columns else (list(rows[0]) if rows else [])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: csv_value(v) for k, v in r.items()})
    return buf.getvalue()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_value(v: Any) -> Any:
    """One cell: '' for None, true/false for a boolean, a list's items joined by '; ', and
    text a spreadsheet would run as a formula neutralised (:func:`no_formula`)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list | tuple):
        return no_formula("; ".join(str(x) for x in v))
    if isinstance(v, str):
        return no_formula(v)
    return v


def no_formula(text: str) -> str:
    """``text`` with a leading ``'`` if it starts like a spreadsheet formula (and is not a
    plain number).

    >>> print(no_formula("=HYPERLINK(A1)"), no_formula("@SUM(A1)"), no_formula("-2+3"))
    '=HYPERLINK(A1) '@SUM(A1) '-2+3
    >>> no_formula("-1.5"), no_formula("Tier 2"), no_formula("")
    ('-1.5', 'Tier 2', '')
    """
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        text = "'" + text
    # A carriage return is a line break to every CSV reader, but the writer (lines end in
    # "\n") would not quote it: written as "\n", the cell is quoted and stays one cell.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
