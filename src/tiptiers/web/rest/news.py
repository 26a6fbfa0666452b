"""``/api/v1/check-news``: the TIP claims of a news article checked against the record and
the law, as JSON, Markdown or CSV (the same check and Markdown as ``tiptiers check-news``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from tiptiers.countries import registry
from tiptiers.errors import BadInput, InvalidRange, TiptiersError
from tiptiers.model import Record
from tiptiers.web.responses import (
    JSON_TYPE,
    MARKDOWN_TYPE,
    Body,
    csv_body,
    json_body,
    negotiate,
    parameters,
)
from tiptiers.web.rest.common import INVALID, StateDep, json_object

NewsFormatParam = Annotated[
    Literal["json", "markdown", "csv"] | None,
    Query(
        alias="format",
        description="json (default), markdown (as `tiptiers check-news --format markdown`) or"
        " csv (one row per claim). Also `Accept: text/markdown` or `Accept: text/csv`.",
    ),
]
NEWS_FORMATS = {"json": "application/json", "markdown": "text/markdown", "csv": "text/csv"}
NEWS_CSV_NAME = "tiptiers-news-check.csv"
NEWS_JSON_NAME = "tiptiers-news-check.json"
NEWS_MD_NAME = "tiptiers-news-check.md"
NEWS_LABEL = "article"  # what the Markdown calls the text (the CLI names the file)
FORM_TYPE = "application/x-www-form-urlencoded"

router = APIRouter(tags=["news"])


#: What the check reads, as the schema says it: a text without control characters (other
#: than tabs and line ends) that holds at least one word.
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*[A-Za-z]{2}[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"


class NewsArticle(BaseModel):
    """The body of POST /api/v1/check-news."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        description="The article: plain text or HTML (not binary: no control characters),"
        " with at least one word; English.",
        json_schema_extra={"pattern": TEXT_PATTERN},
    )
    year: int | None = Field(
        None, ge=2001, le=2100, description="The report year (2001-2100), if known."
    )


@router.post(
    "/check-news",
    summary="Check the TIP claims of a news article against the record and the law",
    description="The article as plain text or HTML in `text`; `year` is the report year"
    " if known (otherwise inferred from the text). Each claim comes back with its verdict,"
    " its quote and what the record and the statute of that year say. The body is JSON,"
    " or a form (`application/x-www-form-urlencoded`, a blank `year` meaning none; the"
    " answer to a form is sent as a download, for the dashboard's buttons; CSV always is)."
    " `?format=markdown` (or `Accept: text/markdown`) answers the Markdown that"
    " `tiptiers check-news --format markdown` prints; `?format=csv` (or"
    " `Accept: text/csv`) one row per claim.",
    responses={
        200: {
            "description": "The claims and their verdicts.",
            "content": {"application/json": {}, "text/markdown": {}, "text/csv": {}},
        },
        **INVALID,
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/NewsArticle"}},
                "application/x-www-form-urlencoded": {
                    # A form has no null: a year is a number, or left out.
                    "schema": {
                        "type": "object",
                        "required": ["text"],
                        "additionalProperties": False,
                        "properties": {
                            "text": {"type": "string", "pattern": TEXT_PATTERN},
                            "year": {"type": "integer", "minimum": 2001, "maximum": 2100},
                        },
                    }
                },
            },
        }
    },
)
async def check_news(request: Request, state: StateDep, fmt: NewsFormatParam = None) -> Response:
    as_format = negotiate(fmt, request.headers.get("accept"), NEWS_FORMATS)
    article, from_form = await _read_article(request)
    # A long article takes a moment: checked in the thread pool, off the event loop.
    return await run_in_threadpool(
        _news_answer, article, state.record(), as_format, download=from_form
    )


def _in_body(exc: ValidationError) -> list[dict[str, Any]]:
    """A pydantic model's errors located in the request body, as FastAPI's are."""
    return [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]


async def _read_article(request: Request) -> tuple[NewsArticle, bool]:
    """The article of a check-news request (a JSON object, or a form) and whether it was a
    form. Not JSON, or not an object: BadInput; a wrong or missing field: a validation error
    naming every field."""
    content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    from_form = content_type == FORM_TYPE
    data: Any
    if from_form:
        form = await request.form()
        data = {k: v for k, v in form.items()}
        if isinstance(data.get("year"), str) and not data["year"].strip():
            data["year"] = None
    else:
        data = await json_object(request, '{"text": "...", "year": 2017} (year optional)')
    try:
        return NewsArticle.model_validate(data), from_form
    except ValidationError as exc:
        raise RequestValidationError(_in_body(exc)) from None


def _news_answer(
    article: NewsArticle, record: Record, as_format: str, *, download: bool
) -> Response:
    """The check of ``article`` in ``as_format`` (json, markdown or csv): the same check and the
    same Markdown as ``tiptiers check-news``."""
    from tiptiers.news import check_text
    from tiptiers.news.render import CLAIM_COLUMNS, claim_rows, markdown

    fields: dict[type[TiptiersError], str | None] = {InvalidRange: "year", BadInput: "text"}
    with parameters(fields):
        result = check_text(article.text, record, registry(), article.year)
    if as_format == "csv":
        return csv_body(claim_rows(result), NEWS_CSV_NAME, CLAIM_COLUMNS).response()
    if as_format == "markdown":
        content, media, name = markdown(result, NEWS_LABEL).encode(), MARKDOWN_TYPE, NEWS_MD_NAME
    else:
        content, media, name = json_body(result.to_dict()).content, JSON_TYPE, NEWS_JSON_NAME
    return Body(content, media, name if download else None).response()
