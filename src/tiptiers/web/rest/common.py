"""What every router of the REST API shares: the state dependency, the memoised answer, the
parameters and the OpenAPI descriptions of their errors.

:data:`StateDep` is the FastAPI dependency that hands an endpoint the app's
:class:`~tiptiers.web.state.WebState` (``request.app.state.web``, set by ``create_app``);
:func:`answer` turns a computation over the record into a memoised JSON or CSV response,
:func:`answer_result` does the same for a core result with ``to_dict()`` and ``to_rows()``.
:data:`ReplyDep` hands an endpoint both, bound to its request and its ``format`` parameter
(:class:`Reply`), so an endpoint names only what it answers.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal, Protocol, cast

from fastapi import Depends, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from tiptiers.errors import BadInput
from tiptiers.model import Record
from tiptiers.queries import REGIONS
from tiptiers.web.responses import Body, csv_body, json_body, wants_csv
from tiptiers.web.state import WebState

PREFIX = "/api/v1"


async def web_state(request: Request) -> WebState:
    """The app's state: its store, its record and its memo of answers. (``async``, as
    :func:`reply`: FastAPI runs a plain ``def`` dependency in its thread pool, two thread
    hops per request that cost more than the answer itself.)"""
    state: WebState = request.app.state.web
    return state


StateDep = Annotated[WebState, Depends(web_state)]


class Result(Protocol):
    """A core answer with a JSON form and a CSV form (every query and analysis result)."""

    def to_dict(self) -> Any: ...

    def to_rows(self) -> Iterable[Mapping[str, Any]]: ...


class PartialResult(Result, Protocol):
    """A result about a year the record may hold only partly."""

    def caveat(self) -> str: ...


@dataclass(frozen=True)
class Items:
    """A list of core answers as one :class:`Result`: a JSON array of each one's
    ``to_dict()``, and a CSV row of each by ``row``."""

    items: Sequence[Any]
    row: Callable[[Any], Mapping[str, Any]]

    def to_dict(self) -> list[Any]:
        return [item.to_dict() for item in self.items]

    def to_rows(self) -> list[Mapping[str, Any]]:
        return [self.row(item) for item in self.items]


def answer(
    state: WebState,
    request: Request,
    fmt: str | None,
    key: Hashable,
    json_data: Callable[[Record], Any],
    csv_rows: Callable[[Record], Iterable[Mapping[str, Any]]] | None = None,
    *,
    csv_name: str = "tiptiers.csv",
    csv_columns: Sequence[str] | None = None,
    caveat: Callable[[Record], str] | None = None,
    source: Callable[[], Record] | None = None,
) -> Response:
    """The memoised answer to ``key``: JSON, or CSV where the request asks for it and the
    answer is a list; ``caveat`` (a partial year's) goes in the X-Tiptiers-Caveat header;
    ``source`` reads the part of the record the answer needs (see :meth:`WebState.memo`)."""
    as_csv = csv_rows is not None and wants_csv(fmt, request.headers.get("accept"))

    def compute(record: Record) -> Body:
        if as_csv:
            assert csv_rows is not None
            body = csv_body(csv_rows(record), csv_name, csv_columns)
        else:
            body = json_body(json_data(record))
        return replace(body, caveat=caveat(record)) if caveat else body

    return state.memo(("api", key, as_csv), compute, source).response()


async def off_loop(
    state: WebState,
    request: Request,
    fmt: str | None,
    key: Hashable,
    produce: Callable[[], Response],
) -> Response:
    """The remembered answer to ``key`` (as :func:`answer` keeps it), served on the event
    loop; else ``produce()`` (an :func:`answer` call for ``key``) run in the thread pool, for
    answers that take a while the first time (the audit, the forecast). A cached answer does
    not pay for the pool."""
    remembered = state.peek(("api", key, wants_csv(fmt, request.headers.get("accept"))))
    if remembered is not None:
        return cast(Body, remembered).response()
    return await run_in_threadpool(produce)


async def answer_result_off_loop(
    state: WebState,
    request: Request,
    fmt: str | None,
    key: Hashable,
    result: Callable[[Record], Result],
    **options: Any,
) -> Response:
    """:func:`answer_result` through :func:`off_loop`: a slow result computed in the thread
    pool the first time, served from the memo on the event loop after."""
    return await off_loop(
        state,
        request,
        fmt,
        key,
        lambda: answer_result(state, request, fmt, key, result, **options),
    )


def answer_result(
    state: WebState,
    request: Request,
    fmt: str | None,
    key: Hashable,
    result: Callable[[Record], Result],
    *,
    csv_name: str,
    csv_columns: Sequence[str] | None = None,
    with_caveat: bool = False,
    source: Callable[[], Record] | None = None,
) -> Response:
    """:func:`answer` for a core result, computed once: its ``to_dict()`` as JSON or its
    ``to_rows()`` as CSV, and, ``with_caveat``, its ``caveat()`` in the header."""
    as_csv = wants_csv(fmt, request.headers.get("accept"))

    def compute(record: Record) -> Body:
        res = result(record)
        if as_csv:
            body = csv_body(res.to_rows(), csv_name, csv_columns)
        else:
            body = json_body(res.to_dict())
        return replace(body, caveat=cast(PartialResult, res).caveat()) if with_caveat else body

    return state.memo(("api", key, as_csv), compute, source).response()


@dataclass(frozen=True)
class Reply:
    """An endpoint's means to answer: the app's state, the request (its ``Accept`` header) and
    the ``format`` parameter, which every :func:`answer` and :func:`answer_result` call
    takes, handed over as one dependency (:data:`ReplyDep`)."""

    state: WebState
    request: Request
    fmt: str | None

    def answer(
        self,
        key: Hashable,
        json_data: Callable[[Record], Any],
        csv_rows: Callable[[Record], Iterable[Mapping[str, Any]]] | None = None,
        **options: Any,
    ) -> Response:
        """:func:`answer` for this request."""
        return answer(self.state, self.request, self.fmt, key, json_data, csv_rows, **options)

    def result(self, key: Hashable, result: Callable[[Record], Result], **options: Any) -> Response:
        """:func:`answer_result` for this request."""
        return answer_result(self.state, self.request, self.fmt, key, result, **options)

    async def off_loop(self, key: Hashable, produce: Callable[[], Response]) -> Response:
        """:func:`off_loop` for this request."""
        return await off_loop(self.state, self.request, self.fmt, key, produce)

    async def result_off_loop(
        self, key: Hashable, result: Callable[[Record], Result], **options: Any
    ) -> Response:
        """:func:`answer_result_off_loop` for this request."""
        return await answer_result_off_loop(
            self.state, self.request, self.fmt, key, result, **options
        )


async def json_object(request: Request, example: str) -> dict[str, Any]:
    """The request's body as a JSON object, or BadInput (422) naming what to send:
    ``example`` is a short description of the expected object. Nesting too deep for the
    parser is bad input like any other, not a server error."""
    try:
        data = await request.json()
    except (ValueError, RecursionError):
        raise BadInput(f"body: not valid JSON; send {example}.") from None
    if not isinstance(data, dict):
        raise BadInput(f"body: must be a JSON object: {example}.")
    return data


# -- parameters ---------------------------------------------------------------------------------
FormatParam = Annotated[
    Literal["json", "csv"] | None,
    Query(
        alias="format",
        description="json (default) or csv. Also `Accept: text/csv`.",
    ),
]
CodeParam = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        description="ISO3, ISO2 or a name or alias: CHN, CN, China, Burma, Myanmar, DPRK.",
        examples=["CHN"],
    ),
]
#: The report years a request may name (the first TIP report, 2001, to the statute's horizon
#: as the law engine reads it): the schema says so, and a year outside is refused (422).
FIRST_YEAR, LAST_YEAR = 2001, 2100
YearParam = Annotated[
    int,
    Path(ge=FIRST_YEAR, le=LAST_YEAR, description="Report year, e.g. 2017.", examples=[2017]),
]
FromParam = Annotated[
    int | None,
    Query(
        alias="from",
        ge=FIRST_YEAR,
        le=LAST_YEAR,
        description="First report year (default: the first).",
    ),
]
ToParam = Annotated[
    int | None,
    Query(
        alias="to",
        ge=FIRST_YEAR,
        le=LAST_YEAR,
        description="Last report year (default: the last).",
    ),
]
RegionParam = Annotated[
    str | None,
    Query(
        max_length=40,
        description="Regional bureau: "
        + ", ".join(f"{k} ({v})" for k, v in REGIONS.items())
        + " (a bureau's name is read too).",
        json_schema_extra={"enum": list(REGIONS)},
    ),
]
SourceParam = Annotated[
    str | None,
    Query(
        max_length=20,
        pattern=r"^(official|cycle:[1-9][0-9]{0,9})$",
        description="Whose placements: `official` (the State Department's record, the"
        " default) or `cycle:ID`, a published reporting cycle's own placements, shown beside"
        " the official ones and never mixed in (`/api/v1/sources` lists them). An unknown or"
        " unpublished cycle, or one of another report year, is 404.",
        examples=["official", "cycle:1"],
    ),
]
OptionalYearParam = Annotated[
    int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="Report year, e.g. 2017.")
]


async def reply(request: Request, state: StateDep, fmt: FormatParam = None) -> Reply:
    """The :class:`Reply` of a request."""
    return Reply(state, request, fmt)


ReplyDep = Annotated[Reply, Depends(reply)]


# -- OpenAPI documentation of the answers --------------------------------------------------------
def error_doc(description: str) -> dict[str, Any]:
    """The OpenAPI description of an error answer: the JSON error shape."""
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["error", "message"],
                    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
                }
            }
        },
    }


def ok_doc(description: str, csv: bool) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of a 200 answer: JSON, and CSV where ``csv``."""
    content: dict[str, Any] = {"application/json": {}}
    if csv:
        content["text/csv"] = {}
    return {200: {"description": description, "content": content}}


UNKNOWN_COUNTRY = {404: error_doc("Unknown country: the message lists suggestions.")}
NO_YEAR = {404: error_doc("No report for that year in the record: the message names the years.")}
INVALID = {422: error_doc("A parameter is invalid: the message names it.")}
NO_RANGE = {
    404: error_doc(
        "No report of the record in the year range: it is reversed or outside the record."
    ),
    422: error_doc("A year of the range is not a report year (2001-2100), or too short."),
}
