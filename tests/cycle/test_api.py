"""``/api/v1/cycles`` over HTTP: the authorization matrix (every endpoint x role), ETag and
If-Match, one-line 4xx errors with nothing written, and the whole cycle on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.cycle.conftest import team

from tiptiers.cycle.service import Cycles
from tiptiers.store import Store

API = "/api/v1/cycles"
B = {
    "fully_complies": False,
    "making_significant_efforts": True,
    "concrete_actions": [{"description": "new shelters", "date": "2025-09-01"}],
    "victims_very_significant_or_significantly_increasing": False,
    "no_evidence_of_increasing_efforts_vs_prior_year": False,
}


class Team:
    """A test client and a token per user of :func:`team` ('anon' sends none)."""

    def __init__(self, client: TestClient, svc: Cycles) -> None:
        self.client = client
        self.cid = team(svc)
        self.tokens = {n: svc.new_token(n) for n in ("adm", "ana", "rev", "dec", "vic", "out")}

    def call(
        self, who: str, method: str, path: str, body: Any = None, etag: str | None = None
    ) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who in self.tokens else {}
        if etag is not None:
            headers["If-Match"] = etag
        return self.client.request(method, API + path, json=body, headers=headers)


def make_team(url: str) -> Iterator[Team]:
    from tiptiers.web.app import create_app

    app = create_app(url)
    with TestClient(app) as client:
        svc = Cycles(Store.open(url))
        yield Team(client, svc)
        svc.store.close()


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Team]:
    yield from make_team(str(tmp_path / "api.db"))


@pytest.fixture
def pg_api(postgres_database: str) -> Iterator[Team]:
    yield from make_team(postgres_database)


MEMBERS = {"adm", "ana", "rev", "dec", "vic"}
ANYONE_SIGNED_IN = MEMBERS | {"out"}
EVERYONE = ANYONE_SIGNED_IN | {"anon"}

# (method, path, body, If-Match needed, who may): the cycle is 1, the country THA
MATRIX: list[tuple[str, str, Any, bool, set[str]]] = [
    ("GET", "", None, False, EVERYONE),
    ("GET", "/1", None, False, MEMBERS),
    ("GET", "/1/countries/THA", None, False, MEMBERS),
    ("GET", "/1/history", None, False, MEMBERS),
    ("GET", "/1/overrides", None, False, MEMBERS),
    ("GET", "/1/compare", None, False, MEMBERS),
    ("GET", "/1/determinations", None, False, MEMBERS),
    ("GET", "/1/verify", None, False, MEMBERS),
    ("GET", "/1/export", None, False, MEMBERS),
    ("GET", "/1/placements", None, False, MEMBERS),
    ("PUT", "/1/countries/THA/facts", {"facts": B}, True, {"ana"}),
    (
        "POST",
        "/1/countries/THA/evidence",
        {"fact": "fully_complies", "title": "Report"},
        False,
        {"ana"},
    ),
    (
        "POST",
        "/1/countries/THA/recommendation",
        {"tier": "2", "justification": "efforts"},
        True,
        {"ana"},
    ),
    (
        "POST",
        "/1/countries/THA/reviews",
        {"verdict": "comment", "text": "a note"},
        False,
        {"ana", "rev", "dec", "adm"},
    ),
    ("POST", "/1/countries/THA/reviews", {"verdict": "clear", "text": "agreed"}, False, {"rev"}),
    # corrections: only the author (evidence 1 is ana's, comment 1 adm's, from the rows above)
    (
        "POST",
        "/1/countries/THA/evidence/1/correction",
        {"title": "Report, 2025 edition", "reason": "the edition"},
        False,
        {"ana"},
    ),
    (
        "POST",
        "/1/countries/THA/comments/1/correction",
        {"text": "a clearer note", "reason": "wording"},
        False,
        {"adm"},
    ),
    ("POST", "/1/countries/THA/comments/1/withdrawal", {"reason": "answered"}, False, {"adm"}),
    ("POST", "/1/countries/THA/evidence/1/withdrawal", {"reason": "duplicate"}, False, {"ana"}),
    ("POST", "/1/countries/THA/decision", {"tier": "2"}, True, {"dec"}),
    ("POST", "/1/members", {"user": "out", "role": "viewer"}, False, {"adm"}),
    ("DELETE", "/1/members/out/viewer", None, False, {"adm"}),
    ("POST", "/1/status", {"status": "open"}, False, {"adm"}),
    ("POST", "/1/period", {"planned_release": "2026-06-24"}, False, {"adm"}),
    ("POST", "", {"year": 2026, "name": "Another", "countries": ["THA"]}, False, ANYONE_SIGNED_IN),
    ("POST", "/1/publish", None, False, {"adm"}),
]


def test_the_authorization_matrix(api: Team) -> None:
    """Every cycle endpoint x every role: no viewer writes, no analyst decides, nobody
    outside the cycle reads it, nobody without a token writes."""
    for method, path, body, needs_etag, allowed in MATRIX:
        etag = None
        if needs_etag:
            etag = api.call("ana", "GET", "/1/countries/THA").headers["ETag"]
        for who in sorted(EVERYONE - allowed):
            r = api.call(who, method, path, body, etag)
            assert r.status_code in (401, 403), (method, path, who, r.status_code, r.text)
            assert set(r.json()) >= {"error", "message"} and "\n" not in r.json()["message"]
        who = sorted(allowed)[0]
        r = api.call(who, method, path, body, etag)
        assert r.status_code not in (401, 403), (method, path, who, r.text)
    # nobody edits an event: the API has no way to, and the chain is intact
    paths = api.client.get("/openapi.json").json()["paths"]
    writes = {
        (m, p)
        for p, ops in paths.items()
        if p.startswith(API)
        for m in ops
        if m in ("put", "patch", "delete")
    }
    assert writes == {
        ("put", API + "/{cycle_id}/countries/{country}/facts"),
        ("delete", API + "/{cycle_id}/members/{user}/{role}"),
    }
    assert api.call("adm", "GET", "/1/verify").json()["ok"]


def test_the_openapi_document_names_token_auth(api: Team) -> None:
    doc = api.client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert {"HTTPBearer": []} in doc["paths"][API + "/{cycle_id}/countries/{country}/facts"]["put"][
        "security"
    ]


def test_etag_if_match_and_a_stale_save(api: Team) -> None:
    r = api.call("ana", "GET", "/1/countries/THA")
    etag = r.headers["ETag"]
    assert r.json()["version"] == 1 and etag == '"1-THA-1"'
    assert api.call("ana", "PUT", "/1/countries/THA/facts", {"facts": B}).status_code == 428
    r = api.call("ana", "PUT", "/1/countries/THA/facts", {"facts": B}, etag)
    assert r.status_code == 200 and r.headers["ETag"] == '"1-THA-2"'
    assert r.json()["supported_tier"] == "2"
    stale = api.call(
        "ana", "PUT", "/1/countries/THA/facts", {"facts": {"fully_complies": True}}, etag
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["current"]["facts"] == B and body["their_change"]["by"] == "ana"
    assert any(
        e["field"] == "facts.making_significant_efforts" for e in body["their_change"]["events"]
    )


def test_bad_input_is_a_one_line_4xx_and_writes_nothing(api: Team) -> None:
    etag = api.call("ana", "GET", "/1/countries/THA").headers["ETag"]
    events = api.call("adm", "GET", "/1/verify").json()["events"]
    cases = [
        ("PUT", "/1/countries/XYZ/facts", {"facts": B}, etag, 404),
        ("PUT", "/1/countries/Atlantis/facts", {"facts": B}, etag, 404),
        ("PUT", "/1/countries/THA/facts", {"facts": {"fully_complies": "maybe"}}, etag, 422),
        ("PUT", "/1/countries/THA/facts", {"facts": B, "extra": 1}, etag, 422),
        ("PUT", "/1/countries/THA/facts", {"facts": B}, '"nonsense"', 422),
        ("POST", "/1/countries/THA/evidence", {"fact": "fully_complies"}, None, 422),
        (
            "POST",
            "/1/countries/THA/evidence",
            {"fact": "fully_complies", "title": "x", "date": "2025-02-30"},
            None,
            422,
        ),
        ("POST", "/9/countries/THA/evidence", {"fact": "fully_complies", "title": "x"}, None, 404),
        ("POST", "/import", {"bundle": {"format": "other"}}, None, 422),
    ]
    for method, path, body, tag, status in cases:
        r = api.call("ana", method, path, body, tag)
        assert r.status_code == status, (path, body, r.text)
        assert "\n" not in r.json()["message"]
    forged = api.client.get(API + "/1", headers={"Authorization": "Bearer tt_forged"})
    assert forged.status_code == 401
    big = api.client.post(
        API + "/import",
        content=b"{" + b" " * 50_000_000 + b"}",
        headers={
            "Authorization": f"Bearer {api.tokens['adm']}",
            "Content-Type": "application/json",
        },
    )
    assert big.status_code == 413
    malformed = api.client.put(
        API + "/1/countries/THA/facts",
        content=b"{not json",
        headers={
            "Authorization": f"Bearer {api.tokens['ana']}",
            "If-Match": etag,
            "Content-Type": "application/json",
        },
    )
    assert malformed.status_code == 422
    assert api.call("adm", "GET", "/1/verify").json()["events"] == events
    assert api.call("ana", "GET", "/1/countries/THA").json()["version"] == 1


def run_through_api(api: Team) -> None:
    """Three users (analyst, reviewer, decider) take five countries from new to publish:
    one override with its reason, one placement the statute refuses, one 409."""
    plans = {
        "THA": ("2", "2", ""),
        "BRA": ("2", "2WL", "victims rose late in the period"),
        "KGZ": ("3", "3", ""),
        "COG": ("3", "3", ""),
        "DJI": ("3", "3", ""),
    }
    facts = {
        "THA": B,
        "BRA": B,
        "KGZ": {"fully_complies": False, "making_significant_efforts": False},
        "COG": {"fully_complies": False, "making_significant_efforts": False},
        "DJI": {"fully_complies": False, "making_significant_efforts": False},
    }
    for iso3, (rec, final, why) in plans.items():
        etag = api.call("ana", "GET", f"/1/countries/{iso3}").headers["ETag"]
        r = api.call("ana", "PUT", f"/1/countries/{iso3}/facts", {"facts": facts[iso3]}, etag)
        assert r.status_code == 200, r.text
        if iso3 == "THA":  # the reviewer's stale view of THA: 409
            assert (
                api.call("ana", "PUT", "/1/countries/THA/facts", {"facts": {}}, etag).status_code
                == 409
            )
        api.call(
            "ana",
            "POST",
            f"/1/countries/{iso3}/evidence",
            {
                "fact": "making_significant_efforts",
                "title": "Annual statistics",
                "date": "2025-06-01",
            },
        )
        r = api.call(
            "ana",
            "POST",
            f"/1/countries/{iso3}/recommendation",
            {"tier": rec, "justification": "from the evidence"},
            r.headers["ETag"],
        )
        assert r.status_code == 200, r.text
        r = api.call(
            "rev", "POST", f"/1/countries/{iso3}/reviews", {"verdict": "clear", "text": "agreed"}
        )
        etag = r.headers["ETag"]
        if iso3 == "COG":  # no waiver left: the Watch List is refused with its section
            refused = api.call(
                "dec",
                "POST",
                "/1/countries/COG/decision",
                {"tier": "2WL", "reason": "politics"},
                etag,
            )
            assert refused.status_code == 422 and "7107(b)(2)(D)(i)" in refused.json()["message"]
        r = api.call(
            "dec", "POST", f"/1/countries/{iso3}/decision", {"tier": final, "reason": why}, etag
        )
        assert r.status_code == 200, r.text
    assert [o["iso3"] for o in api.call("vic", "GET", "/1/overrides").json()] == ["BRA"]
    assert api.call("adm", "POST", "/1/publish").status_code == 200
    assert api.call("anon", "GET", "/1/verify").json()["ok"]
    placements = api.call("anon", "GET", "/1/placements").json()
    assert {p["iso3"]: p["tier"] for p in placements["placements"]}["BRA"] == "2WL"


def test_a_five_country_cycle_through_the_api_on_postgresql(pg_api: Team) -> None:
    run_through_api(pg_api)


def test_a_five_country_cycle_through_the_api_on_sqlite(api: Team) -> None:
    run_through_api(api)
