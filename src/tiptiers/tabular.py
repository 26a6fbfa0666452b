"""Rows as CSV, written one way for every front end: the CLI's ``--format csv``, the API's
``text/csv`` answers and the researcher's panel file.

``''`` for null, ``true``/``false`` for booleans, a list's items joined by ``'; '``; the
columns given, in their order, else the first row's keys. Pure: returns text.
"""

from __future__ import annotations

import csv
import io
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


def csv_value(v: Any) -> Any:
    """One cell: '' for None, true/false for a boolean, a list's items joined by '; '."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list | tuple):
        return "; ".join(str(x) for x in v)
    return v
