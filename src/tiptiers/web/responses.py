"""How the web layer writes answers: JSON and CSV bodies, content negotiation, error bodies.

Defines :class:`Body` (a serialised answer, kept in the memo so a repeated request costs no
serialisation), :func:`json_body`, :func:`csv_body`, :func:`wants_csv` (``?format=csv`` or
an ``Accept`` header preferring ``text/csv``), :func:`error_body` (the one JSON error shape,
``{"error": ..., "message": ...}``) and :func:`validation_message` (a FastAPI validation
error as one line naming the field).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

JSON_TYPE = "application/json"
CSV_TYPE = "text/csv; charset=utf-8"
CAVEAT_HEADER = "X-Tiptiers-Caveat"


@dataclass(frozen=True)
class Body:
    """A serialised response body and how to send it."""

    content: bytes
    media_type: str
    filename: str | None = None
    caveat: str = ""  # a partial year's caveat, sent as the X-Tiptiers-Caveat header

    def response(self, status_code: int = 200) -> Response:
        headers = {"Vary": "Accept"}
        if self.filename:
            headers["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        if self.caveat:
            headers[CAVEAT_HEADER] = self.caveat.encode("ascii", "replace").decode()
        return Response(self.content, status_code, headers, media_type=self.media_type)


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def json_body(data: Any) -> Body:
    return Body(dumps(data), JSON_TYPE)


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as CSV, as the CLI writes them: '' for null, true/false, lists joined by '; '."""
    rows = list(rows)
    cols = list(columns) if columns else (list(rows[0]) if rows else [])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: _csv_value(v) for k, v in r.items()})
    return buf.getvalue()


def csv_body(
    rows: Iterable[Mapping[str, Any]], filename: str, columns: Sequence[str] | None = None
) -> Body:
    return Body(csv_text(rows, columns).encode(), CSV_TYPE, filename)


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list | tuple):
        return "; ".join(str(x) for x in v)
    return v


def wants_csv(format_param: str | None, accept: str | None) -> bool:
    """CSV if asked by ``?format=csv``, or by an Accept header that ranks text/csv above JSON.

    >>> wants_csv(None, "text/csv")
    True
    >>> wants_csv(None, "application/json, text/csv;q=0.5")
    False
    >>> wants_csv("json", "text/csv")
    False
    >>> wants_csv(None, None)
    False
    """
    if format_param is not None:
        return format_param == "csv"
    if not accept:
        return False
    best: dict[str, float] = {}
    for part in accept.split(","):
        kind, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            name, _, value = p.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        kind = kind.strip().lower()
        best[kind] = max(q, best.get(kind, 0.0))
    csv_q = best.get("text/csv", 0.0)
    json_q = max(best.get(JSON_TYPE, 0.0), best.get("application/*", 0.0))
    return csv_q > 0 and csv_q > json_q


def error_body(error: str, message: str, **extra: Any) -> dict[str, Any]:
    """The JSON error shape of every 4xx/5xx answer of the API."""
    return {"error": error, "message": message, **extra}


def validation_message(errors: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """The first validation error as (field, one-line message); more are counted.

    >>> validation_message([{"loc": ("path", "year"), "msg": "Input should be a valid integer",
    ...                      "input": "abc"}])
    ('year', "year: Input should be a valid integer (got 'abc').")
    """
    if not errors:
        return "request", "request: invalid input."
    err = errors[0]
    loc = [str(p) for p in err.get("loc", ()) if p not in ("path", "query", "body", "header")]
    field = ".".join(loc) or ("body" if "body" in err.get("loc", ()) else "request")
    msg = str(err.get("msg", "invalid")).removeprefix("Value error, ").rstrip(".")
    got = ""
    if "input" in err and not isinstance(err["input"], dict | list) and err["input"] is not None:
        shown = str(err["input"])
        if len(shown) > 40:
            shown = shown[:37] + "..."
        got = f" (got {shown!r})"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return field, f"{field}: {msg}{got}.{more}"
