"""The pages of reporting cycles (docs/CYCLE.md): sign-in, the board, a country's
workspace, the overrides, the comparison with the official report, the determination
drafts and the history. Every action is a form posting to the same use cases as the CLI and
the API (:class:`tiptiers.cycle.service.Cycles`).

A cycle's pages need a sign-in unless the cycle is published. The session is a signed
cookie (itsdangerous, the key kept in the database for every worker), HttpOnly,
SameSite=Strict, Secure over HTTPS, limited to ``/cycles``; every form carries the
session's CSRF token, compared in constant time; failed sign-ins are limited per name and
per address. A refused action re-shows the page with the one-line error (its 4xx status),
and nothing is written.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from tiptiers.cycle import auth
from tiptiers.cycle.core import Conflict, NotFound, NotSignedIn, TooManyTries
from tiptiers.cycle.service import EVIDENCE_FIELDS, Cycles
from tiptiers.errors import BadInput, TiptiersError
from tiptiers.web.pages import html, render
from tiptiers.web.rest.cycles import cycles_service
from tiptiers.web.state import WebState

COOKIE = "tiptiers_session"
FORM_LIMIT = 200_000  # bytes of one form (the app refuses bodies over 1 MB anyway)
#: The facts the workspace's form offers as true / false / not known.
BOOLEAN_FACTS = (
    "fully_complies",
    "making_significant_efforts",
    "victims_very_significant_or_significantly_increasing",
    "taking_proportional_concrete_actions",
    "no_evidence_of_increasing_efforts_vs_prior_year",
    "efforts_rest_on_commitments",
    "prior_fy_assistance_received",
)
WAIVER_PRONGS = (
    "granted",
    "written_plan_exists",
    "plan_would_constitute_significant_efforts",
    "sufficient_resources_devoted",
    "credible_evidence_reported_to_SFRC_HFAC",
)


def cycle_router(state: WebState) -> APIRouter:
    router = APIRouter(prefix="/cycles", include_in_schema=False)

    def svc(request: Request) -> Cycles:
        return cycles_service(request)

    async def call(fn: Any, *args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(fn, *args, **kwargs)

    async def key(request: Request) -> str:
        return str(await call(svc(request).setting, "session_key", auth.new_secret))

    async def session(request: Request) -> dict[str, str] | None:
        return auth.read_session(await key(request), request.cookies.get(COOKIE))

    def set_cookie(request: Request, response: Response, value: str) -> None:
        response.set_cookie(
            COOKIE,
            value,
            max_age=auth.SESSION_MAX_AGE,
            path="/cycles",
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )

    def base(sess: dict[str, str] | None, **context: Any) -> dict[str, Any]:
        record = state.record()
        return {
            "latest": record.last_year,
            "years": record.years,
            "q": "",
            "user": (sess or {}).get("u") or None,
            "csrf": (sess or {}).get("c", ""),
            "error": "",
            "notice": "",
            "conflict": None,
            **context,
        }

    async def form(request: Request) -> dict[str, str]:
        if int(request.headers.get("content-length") or 0) > FORM_LIMIT:
            raise BadInput(f"The form is larger than {FORM_LIMIT:,} bytes.")
        data = await request.form()
        return {k: str(v) for k, v in data.items()}

    async def checked(request: Request) -> tuple[dict[str, str], str, dict[str, str]]:
        """The form, the signed-in user and the session; a missing or wrong CSRF token or
        no sign-in is refused before anything else is read."""
        sess = await session(request)
        data = await form(request)
        if not auth.csrf_ok(sess, data.get("csrf")):
            raise CsrfRejected(
                "The form's security token is missing or out of date: reload the page and try again."
            )
        if sess is None or not sess["u"]:
            raise NotSignedIn("Sign in first.")
        return data, sess["u"], sess

    def login_page(
        sess: dict[str, str], error: str = "", status: int = 200, next_: str = "/cycles"
    ) -> Response:
        return html(
            render("cycle_login.html", **base(sess, error=error, next=next_, user=None)), status
        )

    @router.get("/login")
    async def login_form(request: Request, next: str = "/cycles") -> Response:
        sess = await session(request)
        if sess is None:
            value = auth.sign_session(await key(request), "")
            sess = auth.read_session(await key(request), value)
            assert sess is not None
            response = login_page(sess, next_=_local(next))
            set_cookie(request, response, value)
            return response
        return login_page(sess, next_=_local(next))

    @router.post("/login")
    async def login(request: Request) -> Response:
        sess = await session(request)
        data = await form(request)
        if not auth.csrf_ok(sess, data.get("csrf")):
            raise CsrfRejected(
                "The form's security token is missing or out of date: reload the page and try again."
            )
        assert sess is not None
        name = data.get("name", "")[:64]
        client = request.client.host if request.client else "unknown"
        try:
            ok = await call(
                svc(request).sign_in, name, data.get("password", "")[:1024], client
            )
        except TooManyTries as exc:
            return login_page(sess, str(exc), 429)
        if not ok:
            return login_page(
                sess, "That name and password do not match.", 401, _local(data.get("next", ""))
            )
        response = RedirectResponse(_local(data.get("next", "")), 303)
        set_cookie(request, response, auth.sign_session(await key(request), name))
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        await checked(request)
        response = RedirectResponse("/cycles", 303)
        response.delete_cookie(COOKIE, path="/cycles")
        return response

    def need_login(request: Request) -> Response:
        return RedirectResponse("/cycles/login?next=" + quote(request.url.path), 303)

    async def page(request: Request, template: str, build: Any, **context: Any) -> Response:
        sess = await session(request)
        who = sess["u"] if sess and sess["u"] else None
        try:
            data = await call(build, who)
        except NotSignedIn:
            return need_login(request)
        return html(render(template, **base(sess, **data, **context)))

    @router.get("")
    async def list_page(request: Request) -> Response:
        s = svc(request)
        return await page(request, "cycle_list.html", lambda who: {"cycles": s.cycles(who)})

    @router.get("/{cycle_id}")
    async def board(
        request: Request, cycle_id: int, region: str = "", status: str = ""
    ) -> Response:
        s = svc(request)

        def build(who: str | None) -> dict[str, Any]:
            data = s.cycle(cycle_id, who)
            rows = [
                b
                for b in data["board"]
                if (not region or b["region"] == region) and (not status or b["status"] == status)
            ]
            return {"cycle": data, "rows": rows, "region": region, "status": status}

        return await page(request, "cycle_board.html", build)

    def workspace(s: Cycles, cycle_id: int, country: str) -> Any:
        def build(who: str | None) -> dict[str, Any]:
            data = s.assessment(cycle_id, country, who)
            return {
                "a": data,
                "cycle": data["cycle"],
                "BOOLEAN_FACTS": BOOLEAN_FACTS,
                "WAIVER_PRONGS": WAIVER_PRONGS,
            }

        return build

    @router.get("/{cycle_id}/countries/{country}")
    async def country_page(request: Request, cycle_id: int, country: str) -> Response:
        return await page(request, "cycle_country.html", workspace(svc(request), cycle_id, country))

    async def act(request: Request, cycle_id: int, country: str, do: Any) -> Response:
        """Run a workspace form's action; on success back to the page, on a refusal the
        page again with the error (and, for a conflict, the other person's change)."""
        data, who, sess = await checked(request)
        s = svc(request)
        try:
            await call(do, s, who, data)
        except TiptiersError as exc:
            if isinstance(exc, NotSignedIn):
                return need_login(request)
            context = await call(workspace(s, cycle_id, country), who)
            conflict = exc.change if isinstance(exc, Conflict) else None
            return html(
                render(
                    "cycle_country.html",
                    **base(sess, **context, error=exc.message, conflict=conflict),
                ),
                exc.http_status,
            )
        return RedirectResponse(f"/cycles/{cycle_id}/countries/{quote(country)}", 303)

    def version(data: dict[str, str]) -> int:
        text = data.get("version", "")
        if not text.isdigit():
            raise BadInput("The form lacks the version it was made from: reload the page.")
        return int(text)

    @router.post("/{cycle_id}/countries/{country}/facts")
    async def save_facts(request: Request, cycle_id: int, country: str) -> Response:
        def do(s: Cycles, who: str, data: dict[str, str]) -> None:
            import json

            from tiptiers.cycle.core import merge_facts

            extra = data.get("facts_json", "").strip()
            try:
                facts = json.loads(extra) if extra else {}
            except json.JSONDecodeError as exc:
                raise BadInput(
                    f"The other facts are not JSON (line {exc.lineno}: {exc.msg})."
                ) from None
            if not isinstance(facts, dict):
                raise BadInput("The other facts must be a JSON object.")
            sets: dict[str, Any] = {}
            unsets = []
            for name in BOOLEAN_FACTS:
                choice = data.get(name, "")
                if choice in ("true", "false"):
                    sets[name] = choice == "true"
                else:
                    unsets.append(name)
            for prong in WAIVER_PRONGS:
                choice = data.get(f"waiver.{prong}", "")
                if choice in ("true", "false"):
                    sets[f"waiver.{prong}"] = choice == "true"
                else:
                    unsets.append(f"waiver.{prong}")
            s.save_facts(who, cycle_id, country, merge_facts(facts, sets, unsets), version(data))

        return await act(request, cycle_id, country, do)

    @router.post("/{cycle_id}/countries/{country}/evidence")
    async def evidence(request: Request, cycle_id: int, country: str) -> Response:
        def do(s: Cycles, who: str, data: dict[str, str]) -> None:
            fields = ("fact", "title", "url", "publisher", "date", "quote", "note")
            s.add_evidence(who, cycle_id, country, {k: data.get(k) or None for k in fields})

        return await act(request, cycle_id, country, do)

    def revision(data: dict[str, str]) -> int | None:
        text = data.get("revision", "")
        return int(text) if text.isdigit() else None

    @router.post("/{cycle_id}/countries/{country}/{kind}/{entry}/{change}")
    async def revise(
        request: Request, cycle_id: int, country: str, kind: str, entry: int, change: str
    ) -> Response:
        """An author's correction or withdrawal of their evidence or comment."""
        if kind not in ("evidence", "comments") or change not in ("correct", "withdraw"):
            raise NotFound("No such form: evidence or comments, correct or withdraw.")

        what = "evidence" if kind == "evidence" else "comment"

        def do(s: Cycles, who: str, d: dict[str, str]) -> None:
            why, rev = d.get("reason", ""), revision(d)
            if change == "withdraw":
                s.withdraw(who, cycle_id, country, what, entry, why, rev)
                return
            fields = EVIDENCE_FIELDS if what == "evidence" else ("text",)
            changes = {k: d.get(k) or None for k in fields}
            s.correct(who, cycle_id, country, what, entry, changes, why, rev)

        return await act(request, cycle_id, country, do)

    @router.post("/{cycle_id}/countries/{country}/recommend")
    async def recommend(request: Request, cycle_id: int, country: str) -> Response:
        return await act(
            request,
            cycle_id,
            country,
            lambda s, who, d: s.recommend(
                who, cycle_id, country, d.get("tier", ""), d.get("justification", ""), version(d)
            ),
        )

    @router.post("/{cycle_id}/countries/{country}/review")
    async def review(request: Request, cycle_id: int, country: str) -> Response:
        return await act(
            request,
            cycle_id,
            country,
            lambda s, who, d: s.review(
                who, cycle_id, country, d.get("verdict", ""), d.get("text", "")
            ),
        )

    @router.post("/{cycle_id}/countries/{country}/decide")
    async def decide(request: Request, cycle_id: int, country: str) -> Response:
        def do(s: Cycles, who: str, d: dict[str, str]) -> None:
            waiver = {
                p: d[f"waiver.{p}"] == "true"
                for p in WAIVER_PRONGS
                if d.get(f"waiver.{p}") in ("true", "false")
            }
            s.decide(
                who,
                cycle_id,
                country,
                d.get("tier", ""),
                d.get("reason", ""),
                version(d),
                waiver or None,
            )

        return await act(request, cycle_id, country, do)

    @router.post("/{cycle_id}/manage")
    async def manage(request: Request, cycle_id: int) -> Response:
        data, who, sess = await checked(request)
        s = svc(request)
        action = data.get("action", "")
        try:
            if action == "member":
                await call(
                    s.add_member,
                    who,
                    cycle_id,
                    data.get("user", ""),
                    data.get("role", ""),
                    data.get("countries", ""),
                )
            elif action in ("close", "reopen"):
                await call(s.set_status, who, cycle_id, "closed" if action == "close" else "open")
            elif action == "publish":
                await call(s.publish, who, cycle_id)
            else:
                raise BadInput(f"Unknown action '{action[:40]}'.")
        except TiptiersError as exc:
            data_ = await call(s.cycle, cycle_id, who)
            return html(
                render(
                    "cycle_board.html",
                    **base(
                        sess,
                        cycle=data_,
                        rows=data_["board"],
                        region="",
                        status="",
                        error=exc.message,
                    ),
                ),
                exc.http_status,
            )
        return RedirectResponse(f"/cycles/{cycle_id}", 303)

    @router.get("/{cycle_id}/overrides")
    async def overrides(request: Request, cycle_id: int) -> Response:
        s = svc(request)
        return await page(
            request,
            "cycle_view.html",
            lambda who: {
                "cycle": s.cycle(cycle_id, who),
                "view": "overrides",
                "rows": s.overrides(cycle_id, who),
            },
        )

    @router.get("/{cycle_id}/compare")
    async def compare(request: Request, cycle_id: int) -> Response:
        s = svc(request)
        return await page(
            request,
            "cycle_view.html",
            lambda who: {
                "cycle": s.cycle(cycle_id, who),
                "view": "compare",
                "comparison": s.compare(cycle_id, who),
            },
        )

    @router.get("/{cycle_id}/determinations")
    async def determinations(request: Request, cycle_id: int) -> Response:
        s = svc(request)
        return await page(
            request,
            "cycle_view.html",
            lambda who: {
                "cycle": s.cycle(cycle_id, who),
                "view": "determinations",
                "rows": s.determinations(cycle_id, who),
            },
        )

    @router.get("/{cycle_id}/history")
    async def history(
        request: Request, cycle_id: int, country: str = "", field: str = ""
    ) -> Response:
        s = svc(request)

        def build(who: str | None) -> dict[str, Any]:
            return {
                "cycle": s.cycle(cycle_id, who),
                "view": "history",
                "rows": s.history(cycle_id, who, country or None, field[:100] or None),
                "check": s.verify(cycle_id).to_dict(),
                "country": country,
                "field": field,
            }

        return await page(request, "cycle_view.html", build)

    return router


class CsrfRejected(TiptiersError):
    http_status = 403


def _local(path: str) -> str:
    """A redirect target inside /cycles only (never another site)."""
    return (
        path if path.startswith("/cycles") and "//" not in path and "\\" not in path else "/cycles"
    )
