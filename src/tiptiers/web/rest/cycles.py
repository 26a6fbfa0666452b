"""``/api/v1/cycles``: reporting cycles over HTTP (docs/CYCLE.md), the same use cases as
``tiptiers cycle`` (:class:`tiptiers.cycle.service.Cycles`).

Authentication is a bearer token (``Authorization: Bearer TOKEN``, from ``tiptiers users
add NAME --token`` or ``tiptiers users token NAME``); a published cycle is readable without
one. A country's assessment carries an ``ETag`` (its version); every write to it needs
``If-Match`` with that ETag (428 without, 409 with the other person's change if stale).
Errors are one line of JSON with a 4xx status; nothing is written on any of them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import JSONResponse, Response

from tiptiers.cycle.service import Cycles
from tiptiers.errors import BadInput, TiptiersError

router = APIRouter(prefix="/cycles", tags=["cycles"])
bearer = HTTPBearer(auto_error=False, description="An API token: tiptiers users token NAME")


class PreconditionRequired(TiptiersError):
    http_status = 428


def cycles_service(request: Request) -> Cycles:
    """The app's :class:`Cycles` (made on first use: it upgrades the schema if needed)."""
    svc: Cycles | None = getattr(request.app.state, "cycles", None)
    if svc is None:
        state = request.app.state.web
        svc = Cycles(state.store, state.record)
        request.app.state.cycles = svc
    return svc


CyclesDep = Annotated[Cycles, Depends(cycles_service)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def viewer(svc: CyclesDep, creds: Credentials) -> str | None:
    """The signed-in user, or None (reading a published cycle needs no token)."""
    return svc.user_for_token(creds.credentials) if creds is not None else None


def actor(svc: CyclesDep, creds: Credentials) -> str:
    """The signed-in user (401 without a valid token)."""
    return svc.user_for_token(creds.credentials if creds is not None else None)


ViewerDep = Annotated[str | None, Depends(viewer)]
ActorDep = Annotated[str, Depends(actor)]
CycleId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The cycle's number")]
Country = Annotated[
    str, Path(min_length=1, max_length=100, description="Name, alias, ISO2 or ISO3")
]
UserName = Annotated[str, Path(min_length=1, max_length=64)]
IfMatch = Annotated[
    str | None,
    Header(description="The ETag of the assessment you last read (writes need it)."),
]


def _version(if_match: str | None, required: bool = True) -> int | None:
    if if_match is None or not if_match.strip():
        if required:
            raise PreconditionRequired(
                "Send If-Match with the ETag of the assessment you last read (GET it first)."
            )
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    tail = text.rpartition("-")[2]
    if not tail.isdigit():
        raise BadInput(f"If-Match '{if_match[:40]}' is not an ETag of this API.", field="If-Match")
    return int(tail)


def _state(data: dict[str, Any], status: int = 200) -> Response:
    etag = f'"{data["cycle"]["id"]}-{data["iso3"]}-{data["version"]}"'
    return JSONResponse(data, status, headers={"ETag": etag})


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewCycle(_Body):
    year: int = Field(ge=2001, le=2100, description="The report year")
    name: str = Field(min_length=1, max_length=200)
    countries: list[str] | None = Field(
        None, max_length=300, description="Default: every country of the last report"
    )
    period_start: str | None = None
    period_end: str | None = None
    planned_release: str | None = None


class Member(_Body):
    user: str = Field(max_length=64)
    role: Literal["viewer", "analyst", "reviewer", "decider", "admin"]
    countries: str = Field("", max_length=2000, description="An analyst's ISO3 codes or bureaus")


class Status(_Body):
    status: Literal["open", "closed"]


class Period(_Body):
    start: str | None = Field(None, max_length=10, description="YYYY-MM-DD")
    end: str | None = Field(None, max_length=10)
    planned_release: str | None = Field(None, max_length=10)


class Facts(_Body):
    facts: dict[str, Any] = Field(
        description="The assessment facts (the schema of /schema/assessment, without country and report_year)"
    )


class Evidence(_Body):
    fact: str = Field(max_length=100)
    title: str = Field("", max_length=500, description="The source (required)")
    url: str = Field("", max_length=2000)
    publisher: str = Field("", max_length=500)
    date: str | None = Field(None, max_length=10)
    quote: str = Field("", max_length=20000)
    note: str = Field("", max_length=20000)


class _Change(_Body):
    reason: str = Field(max_length=20000, description="Why (required; kept in the trail)")
    revision: int | None = Field(
        None, ge=1, description="The entry's revision you last read: a stale change is a 409"
    )


class EvidenceCorrection(_Change):
    fact: str | None = Field(None, max_length=100)
    title: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)
    publisher: str | None = Field(None, max_length=500)
    date: str | None = Field(None, max_length=10)
    quote: str | None = Field(None, max_length=20000)
    note: str | None = Field(None, max_length=20000)


class CommentCorrection(_Change):
    text: str = Field(max_length=20000)


class Withdrawal(_Change):
    pass


class Recommendation(_Body):
    tier: str = Field(max_length=40)
    justification: str = Field(max_length=20000)


class Review(_Body):
    verdict: Literal["comment", "clear", "dispute"]
    text: str = Field(max_length=20000)


class Decision(_Body):
    tier: str = Field(max_length=40)
    reason: str = Field("", max_length=20000)
    waiver: dict[str, Any] | None = Field(
        None, description="The waiver's prongs, recorded with the decision"
    )


class Import(_Body):
    bundle: dict[str, Any]
    name: str | None = Field(None, max_length=200)


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid token"},
    403: {"description": "Your roles in the cycle do not allow it"},
    404: {"description": "No such cycle or country in it"},
    409: {"description": "Stale write: the body shows the current state and the other change"},
    422: {"description": "Bad input, or a placement the statute refuses (the section cited)"},
    428: {"description": "If-Match is missing"},
}


@router.get("", summary="The cycles you are a member of, and every published one", responses=ERRORS)
def list_cycles(svc: CyclesDep, who: ViewerDep) -> list[dict[str, Any]]:
    return svc.cycles(who)


@router.post("", status_code=201, summary="Open a cycle (you become its admin)", responses=ERRORS)
def new_cycle(body: NewCycle, svc: CyclesDep, who: ActorDep) -> dict[str, Any]:
    return svc.new_cycle(
        who,
        body.year,
        body.name,
        period_start=body.period_start,
        period_end=body.period_end,
        planned_release=body.planned_release,
        countries=body.countries,
    )


@router.post(
    "/import", status_code=201, summary="A cycle from an export (as a new cycle)", responses=ERRORS
)
def import_cycle(body: Import, svc: CyclesDep, who: ActorDep) -> dict[str, Any]:
    return svc.import_bundle(who, body.bundle, source="the uploaded bundle", name=body.name)


@router.get("/{cycle_id}", summary="A cycle and its board", responses=ERRORS)
def get_cycle(cycle_id: CycleId, svc: CyclesDep, who: ViewerDep) -> dict[str, Any]:
    return svc.cycle(cycle_id, who)


@router.post(
    "/{cycle_id}/members", status_code=201, summary="Give a user a role (admin)", responses=ERRORS
)
def add_member(cycle_id: CycleId, body: Member, svc: CyclesDep, who: ActorDep) -> dict[str, Any]:
    return svc.add_member(who, cycle_id, body.user, body.role, body.countries)


@router.delete(
    "/{cycle_id}/members/{user}/{role}",
    status_code=204,
    summary="Take a role away (admin)",
    responses=ERRORS,
)
def remove_member(
    cycle_id: CycleId, user: UserName, role: UserName, svc: CyclesDep, who: ActorDep
) -> Response:
    svc.remove_member(who, cycle_id, user, role)
    return Response(status_code=204)


@router.post("/{cycle_id}/status", summary="Close or reopen a cycle (admin)", responses=ERRORS)
def set_status(cycle_id: CycleId, body: Status, svc: CyclesDep, who: ActorDep) -> dict[str, Any]:
    return svc.set_status(who, cycle_id, body.status)


@router.post(
    "/{cycle_id}/period", summary="Change the reporting period or release (admin)", responses=ERRORS
)
def set_period(cycle_id: CycleId, body: Period, svc: CyclesDep, who: ActorDep) -> dict[str, Any]:
    return svc.set_period(
        who, cycle_id, start=body.start, end=body.end, planned_release=body.planned_release
    )


@router.get(
    "/{cycle_id}/countries/{country}",
    summary="A country's workspace (ETag: its version)",
    responses=ERRORS,
)
def get_assessment(cycle_id: CycleId, country: Country, svc: CyclesDep, who: ViewerDep) -> Response:
    return _state(svc.assessment(cycle_id, country, who))


@router.put(
    "/{cycle_id}/countries/{country}/facts",
    summary="Replace the facts (analyst; If-Match)",
    responses=ERRORS,
)
def put_facts(
    cycle_id: CycleId,
    country: Country,
    body: Facts,
    svc: CyclesDep,
    who: ActorDep,
    if_match: IfMatch = None,
) -> Response:
    return _state(svc.save_facts(who, cycle_id, country, body.facts, _version(if_match)))


@router.post(
    "/{cycle_id}/countries/{country}/evidence",
    status_code=201,
    summary="Add evidence for a fact (analyst)",
    responses=ERRORS,
)
def add_evidence(
    cycle_id: CycleId, country: Country, body: Evidence, svc: CyclesDep, who: ActorDep
) -> dict[str, Any]:
    return svc.add_evidence(who, cycle_id, country, body.model_dump())


EntryId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.post(
    "/{cycle_id}/countries/{country}/evidence/{evidence_id}/correction",
    summary="Correct your own evidence (its author; the old wording stays in the trail)",
    responses=ERRORS,
)
def correct_evidence(
    cycle_id: CycleId,
    country: Country,
    evidence_id: EntryId,
    body: EvidenceCorrection,
    svc: CyclesDep,
    who: ActorDep,
) -> dict[str, Any]:
    changes = body.model_dump(exclude={"reason", "revision"}, exclude_none=True)
    return svc.correct(
        who, cycle_id, country, "evidence", evidence_id, changes, body.reason, body.revision
    )


@router.post(
    "/{cycle_id}/countries/{country}/comments/{comment_id}/correction",
    summary="Correct the wording of your own comment, clearance or dispute (its author)",
    responses=ERRORS,
)
def correct_comment(
    cycle_id: CycleId,
    country: Country,
    comment_id: EntryId,
    body: CommentCorrection,
    svc: CyclesDep,
    who: ActorDep,
) -> dict[str, Any]:
    changes = {"text": body.text}
    return svc.correct(
        who, cycle_id, country, "comment", comment_id, changes, body.reason, body.revision
    )


@router.post(
    "/{cycle_id}/countries/{country}/{kind}/{entry_id}/withdrawal",
    summary="Withdraw your own evidence or comment (its author; a verdict is not withdrawn)",
    responses=ERRORS,
)
def withdraw(
    cycle_id: CycleId,
    country: Country,
    kind: Annotated[Literal["evidence", "comments"], Path(description="evidence or comments")],
    entry_id: EntryId,
    body: Withdrawal,
    svc: CyclesDep,
    who: ActorDep,
) -> dict[str, Any]:
    what = "evidence" if kind == "evidence" else "comment"
    return svc.withdraw(who, cycle_id, country, what, entry_id, body.reason, body.revision)


@router.post(
    "/{cycle_id}/countries/{country}/recommendation",
    summary="Recommend a tier (analyst; If-Match)",
    responses=ERRORS,
)
def recommend(
    cycle_id: CycleId,
    country: Country,
    body: Recommendation,
    svc: CyclesDep,
    who: ActorDep,
    if_match: IfMatch = None,
) -> Response:
    return _state(
        svc.recommend(who, cycle_id, country, body.tier, body.justification, _version(if_match))
    )


@router.post(
    "/{cycle_id}/countries/{country}/reviews",
    summary="Comment, clear or dispute (If-Match optional)",
    responses=ERRORS,
)
def review(
    cycle_id: CycleId,
    country: Country,
    body: Review,
    svc: CyclesDep,
    who: ActorDep,
    if_match: IfMatch = None,
) -> Response:
    return _state(
        svc.review(
            who, cycle_id, country, body.verdict, body.text, _version(if_match, required=False)
        )
    )


@router.post(
    "/{cycle_id}/countries/{country}/decision",
    summary="The final placement (decider; If-Match)",
    responses=ERRORS,
)
def decide(
    cycle_id: CycleId,
    country: Country,
    body: Decision,
    svc: CyclesDep,
    who: ActorDep,
    if_match: IfMatch = None,
) -> Response:
    return _state(
        svc.decide(who, cycle_id, country, body.tier, body.reason, _version(if_match), body.waiver)
    )


@router.get(
    "/{cycle_id}/history",
    summary="The trail: every event, of a country, of a field",
    responses=ERRORS,
)
def history(
    cycle_id: CycleId,
    svc: CyclesDep,
    who: ViewerDep,
    country: Annotated[str | None, Query(max_length=100)] = None,
    field: Annotated[str | None, Query(max_length=100)] = None,
) -> list[dict[str, Any]]:
    return svc.history(cycle_id, who, country, field)


@router.get(
    "/{cycle_id}/overrides",
    summary="Final placements that differ, with their reasons",
    responses=ERRORS,
)
def overrides(cycle_id: CycleId, svc: CyclesDep, who: ViewerDep) -> list[dict[str, Any]]:
    return svc.overrides(cycle_id, who)


@router.get("/{cycle_id}/compare", summary="The cycle beside the official report", responses=ERRORS)
def compare(cycle_id: CycleId, svc: CyclesDep, who: ViewerDep) -> dict[str, Any]:
    return svc.compare(cycle_id, who)


@router.get(
    "/{cycle_id}/determinations",
    summary="Determination drafts for final Tier 3 governments",
    responses=ERRORS,
)
def determinations(cycle_id: CycleId, svc: CyclesDep, who: ViewerDep) -> list[dict[str, Any]]:
    return svc.determinations(cycle_id, who)


@router.get("/{cycle_id}/verify", summary="Verify the event chain", responses=ERRORS)
def verify(cycle_id: CycleId, svc: CyclesDep, who: ViewerDep) -> dict[str, Any]:
    svc.cycle(cycle_id, who)  # the same rule as reading the cycle
    return svc.verify(cycle_id).to_dict()


@router.post("/{cycle_id}/publish", summary="Freeze and publish (admin)", responses=ERRORS)
def publish(cycle_id: CycleId, svc: CyclesDep, who: ActorDep) -> dict[str, Any]:
    return svc.publish(who, cycle_id)


@router.get(
    "/{cycle_id}/placements",
    summary="A published cycle's placements (a labelled record source)",
    responses=ERRORS,
)
def placements(cycle_id: CycleId, svc: CyclesDep, who: ViewerDep) -> dict[str, Any]:
    return svc.placements(cycle_id, who)


@router.get("/{cycle_id}/export", summary="The whole cycle as one JSON document", responses=ERRORS)
def export(cycle_id: CycleId, svc: CyclesDep, who: ViewerDep) -> dict[str, Any]:
    return svc.export(cycle_id, who)
