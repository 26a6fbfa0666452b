"""How the web layer writes answers: JSON and CSV bodies, content negotiation, error bodies.

Defines :class:`Body` (a serialised answer, kept in the memo so a repeated request costs no
serialisation), :func:`json_body`, :func:`csv_body`, :func:`negotiate` (the format a request
asks for: ``?format=`` or the ``Accept`` header) and :func:`wants_csv`, :func:`error_body`
(the one JSON error shape, ``{"error": ..., "message": ...}``), :func:`validation_message`
(a FastAPI validation error as one line naming every field), and :class:`ParameterError` with
:func:`parameters` (a core error about a query or body value: 422, naming it in ``field``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from tiptiers.errors import TiptiersError
from tiptiers.tabular import csv_text

JSON_TYPE = "application/json"
CSV_TYPE = "text/csv; charset=utf-8"
MARKDOWN_TYPE = "text/markdown; charset=utf-8"
CAVEAT_HEADER = "X-Tiptiers-Caveat"
#: Set in the scope of a HEAD request answered as a GET (web.app.HeadAsGet): a route that
#: would start work (a PDF build) answers from what it has.
HEAD_FLAG = "tiptiers.head"


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


def csv_body(
    rows: Iterable[Mapping[str, Any]], filename: str, columns: Sequence[str] | None = None
) -> Body:
    return Body(csv_text(rows, columns).encode(), CSV_TYPE, filename)


def negotiate(format_param: str | None, accept: str | None, offered: Mapping[str, str]) -> str:
    """The format a request asks for among ``offered`` (format name → media type; the first is
    the default): ``?format=`` if given, else the offered type the Accept header ranks highest
    (``application/*`` counts for JSON; a tie, or no preference such as ``*/*``, is the
    default).

    >>> offered = {"json": "application/json", "markdown": "text/markdown", "csv": "text/csv"}
    >>> negotiate(None, "text/markdown", offered), negotiate(None, "*/*", offered)
    ('markdown', 'json')
    >>> negotiate(None, "text/csv;q=0.9, text/markdown;q=0.5", offered)
    'csv'
    >>> negotiate(None, "text/csv, */*", offered)
    'csv'
    >>> negotiate("csv", "text/markdown", offered)
    'csv'
    """
    default = next(iter(offered))
    if format_param is not None:
        return format_param
    if not accept:
        return default
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
    chosen, chosen_q = default, 0.0
    for name, media in offered.items():
        q = best.get(media.partition(";")[0].strip().lower(), 0.0)
        if media.startswith("application/"):
            q = max(q, best.get("application/*", 0.0))
        if q > chosen_q:
            chosen, chosen_q = name, q
    return chosen


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
    return negotiate(format_param, accept, {"json": JSON_TYPE, "csv": "text/csv"}) == "csv"


def error_body(error: str, message: str, **extra: Any) -> dict[str, Any]:
    """The JSON error shape of every 4xx/5xx answer of the API."""
    return {"error": error, "message": message, **extra}


MAX_NAMED = 6  # validation errors spelled out in one message; more are counted


def validation_message(errors: Sequence[Mapping[str, Any]]) -> tuple[str | None, str]:
    """A validation error as (field, one-line message) naming every field that is wrong (the
    first is ``field``); a body that is not JSON has no field.

    >>> validation_message([{"loc": ("path", "year"), "msg": "Input should be a valid integer",
    ...                      "input": "abc"}])
    ('year', "year: Input should be a valid integer (got 'abc').")
    >>> validation_message([{"loc": ("body", "country"), "msg": "Field required", "input": {}},
    ...                     {"loc": ("body", "report_year"), "msg": "Field required", "input": {}}])
    ('country', 'country: Field required; report_year: Field required.')
    >>> validation_message([{"type": "json_invalid", "loc": ("body", 11),
    ...                      "msg": "JSON decode error", "ctx": {"error": "Expecting value"}}])
    (None, 'body: not valid JSON (Expecting value at character 11); send a JSON object.')
    """
    if not errors:
        return "request", "request: invalid input."
    bad_json = next((e for e in errors if e.get("type") == "json_invalid"), None)
    if bad_json is not None:
        at = [p for p in bad_json.get("loc", ()) if isinstance(p, int)]
        why = str((bad_json.get("ctx") or {}).get("error", "")).strip()
        detail = " ".join(x for x in (why, f"at character {at[0]}" if at else "") if x)
        return None, f"body: not valid JSON{f' ({detail})' if detail else ''}; send a JSON object."
    parts: list[str] = []
    fields: list[str] = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("path", "query", "body", "header")]
        field = ".".join(loc) or ("body" if "body" in err.get("loc", ()) else "request")
        fields.append(field)
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ").rstrip(".")
        got = ""
        value = err.get("input")
        if "input" in err and not isinstance(value, dict | list) and value is not None:
            shown = str(value)
            if len(shown) > 40:
                shown = shown[:37] + "..."
            got = f" (got {shown!r})"
        parts.append(f"{field}: {msg}{got}")
    more = f" (and {len(parts) - MAX_NAMED} more)" if len(parts) > MAX_NAMED else ""
    return fields[0], "; ".join(parts[:MAX_NAMED]) + "." + more


class ParameterError(TiptiersError):
    """A core error (an unknown tier, region, country or kind, a bad range) about one request
    value: answered with the original error's name, body and status (422, or 404 for what the
    record does not hold: an unknown country, a year or range outside it) and the value's
    ``field``."""

    http_status = 422

    def __init__(self, error: TiptiersError, field: str) -> None:
        super().__init__(error.message)
        self.error = error
        self.field = field
        self.http_status = 404 if error.http_status == 404 else 422

    def to_dict(self) -> dict[str, object]:
        return {**self.error.to_dict(), "field": self.field}


@contextmanager
def parameters(fields: Mapping[type[TiptiersError], str | None]) -> Iterator[None]:
    """Errors of the given classes raised inside become :class:`ParameterError` naming their
    field (None: left as they are).

    >>> from tiptiers.errors import InvalidTier
    >>> try:
    ...     with parameters({InvalidTier: "tier"}):
    ...         raise InvalidTier("9")
    ... except ParameterError as e:
    ...     print(e.http_status, e.to_dict()["error"], e.to_dict()["field"])
    422 InvalidTier tier
    """
    try:
        yield
    except ParameterError:
        raise
    except TiptiersError as exc:
        field = next((f for cls, f in fields.items() if isinstance(exc, cls)), None)
        if field is None:
            raise
        raise ParameterError(exc, field) from None


def range_field(start: int | None, end: int | None) -> str:
    """The query parameter(s) a year-range error is about: the one given, or both."""
    given = [name for name, v in (("from", start), ("to", end)) if v is not None]
    return ",".join(given) or "from,to"
