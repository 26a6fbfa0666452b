"""A cycle's export file (one JSON document) checked before anything is written: the
format, every table's rows with their types, and limits fit for a cycle of 188 countries
(docs/CYCLE.md, "Hand over"). :func:`parse_bundle` raises one BadInput line naming the
first problem."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tiptiers.errors import BadInput

TIER = Literal["1", "2", "2WL", "3", "special_case"]
MAX_ROWS = 100_000


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CycleRow(_Row):
    year: int = Field(ge=2001, le=2100)
    name: str = Field(min_length=1, max_length=200)
    status: Literal["open", "closed", "published"]
    period_start: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    period_end: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    planned_release: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    created_at: str
    created_by: str = Field(max_length=64)
    published_at: str | None = None
    head_seq: int = Field(ge=0)
    head_hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class MemberRow(_Row):
    user: str = Field(pattern=r"^[A-Za-z0-9_.@-]{1,64}$")
    role: Literal["viewer", "analyst", "reviewer", "decider", "admin"]
    countries: str = ""


class AssessmentRow(_Row):
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    name: str
    region: str | None = None
    status: Literal["not_started", "draft", "recommended", "cleared", "disputed", "decided"]
    version: int = Field(ge=1)
    facts: str
    prefill: str
    supported_tier: TIER | None = None
    recommended_tier: TIER | None = None
    justification: str = ""
    final_tier: TIER | None = None
    final_reason: str = ""
    override: bool = False
    updated_at: str
    updated_by: str


class _Revised(_Row):
    """An entry's corrections (absent from bundles made before them: as added)."""

    revision: int = Field(1, ge=1)
    withdrawn: bool = False
    changed_at: str | None = None
    change_reason: str = ""


class EvidenceRow(_Revised):
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    fact: str
    title: str = Field(min_length=1)
    url: str = ""
    publisher: str = ""
    date: str | None = None
    quote: str = ""
    note: str = ""
    outside_period: bool = False
    created_by: str
    created_at: str


class CommentRow(_Revised):
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    actor: str
    role: str
    verdict: Literal["comment", "clear", "dispute"]
    text: str
    created_at: str


class EventRow(_Row):
    seq: int = Field(ge=1)
    at: str
    actor: str
    role: str
    action: str = Field(max_length=24)
    iso3: str = ""
    field: str = ""
    before: str
    after: str
    reason: str = ""
    prev_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class Bundle(_Row):
    format: Literal["tiptiers-cycle"]
    format_version: Literal[1]
    cycle: CycleRow
    members: list[MemberRow] = Field(max_length=MAX_ROWS)
    assessments: list[AssessmentRow] = Field(max_length=MAX_ROWS)
    evidence: list[EvidenceRow] = Field(max_length=MAX_ROWS)
    comments: list[CommentRow] = Field(max_length=MAX_ROWS)
    events: list[EventRow] = Field(max_length=MAX_ROWS)


def parse_bundle(data: Any, source: str = "bundle") -> dict[str, Any]:
    """The bundle as plain rows, or BadInput naming the first problem."""
    try:
        b = Bundle.model_validate(data)
    except ValidationError as exc:
        e = exc.errors()[0]
        where = ".".join(str(p) for p in e["loc"]) or "the file"
        n = len(exc.errors())
        more = f" (and {n - 1} more problems)" if n > 1 else ""
        raise BadInput(
            f"{source}: not a tiptiers cycle export: {where}: {e['msg']}{more}; nothing imported."
        ) from None
    iso3s = [a.iso3 for a in b.assessments]
    if len(set(iso3s)) != len(iso3s):
        raise BadInput(f"{source}: a country appears twice in assessments; nothing imported.")
    return b.model_dump()
