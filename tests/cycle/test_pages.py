"""The cycle pages without a browser: the session cookie's flags, CSRF, the sign-in rate
limit, who sees what, and a refused form that writes nothing."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from tests.cycle.conftest import csrf, recommended, sign_in

from tiptiers.cycle.service import Cycles


def test_the_session_cookie_is_signed_httponly_strict_and_scoped(
    site: tuple[TestClient, Cycles],
) -> None:
    client, _ = site
    assert client.get("/cycles/1").headers["location"] == "/cycles/login?next=/cycles/1"
    r = client.get("/cycles/login")
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/cycles" in cookie
    assert sign_in(client, "ana") == 303
    assert client.get("/cycles/1").status_code == 200
    value = client.cookies["tiptiers_session"]
    client.cookies.clear()
    client.cookies.set(
        "tiptiers_session", value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB")
    )
    assert client.get("/cycles/1").status_code == 303  # a forged cookie is no session


def test_failed_sign_ins_are_limited(site: tuple[TestClient, Cycles]) -> None:
    client, _ = site
    codes = [sign_in(client, "rev", "not the password") for _ in range(6)]
    assert codes == [401] * 5 + [429]
    assert sign_in(client, "rev") == 429  # even the right password waits


def test_the_sign_in_limit_is_shared_by_the_servers_workers(
    site: tuple[TestClient, Cycles], tmp_path: Path
) -> None:
    """Two apps on one database (as ``serve --workers 2`` runs two): the failures made on
    one count on the other, for the name and for the address."""
    from tiptiers.web.app import create_app

    first, _ = site
    with TestClient(create_app(str(tmp_path / "pages.db")), follow_redirects=False) as second:
        codes = [sign_in(c, "rev", "not the password") for c in (first, second) * 3]
        assert codes == [401] * 5 + [429]
        assert sign_in(first, "rev") == 429 and sign_in(second, "rev") == 429
        # the address is limited too: another name from it waits as well
        assert sign_in(second, "dec") == 429


def test_forms_need_the_csrf_token_and_refusals_write_nothing(
    site: tuple[TestClient, Cycles],
) -> None:
    client, svc = site
    st = recommended(
        svc, 1, "COG", {"fully_complies": False, "making_significant_efforts": False}, "3"
    )
    assert sign_in(client, "dec") == 303
    form = {"version": str(st["version"]), "tier": "2WL", "reason": "we would rather"}
    assert client.post("/cycles/1/countries/COG/decide", data=form).status_code == 403
    page = client.get("/cycles/1/countries/COG").text
    r = client.post(
        "/cycles/1/countries/COG/decide",
        data={**form, "csrf": csrf(page)},
        headers={"Accept": "text/html"},
    )
    assert r.status_code == 422 and "7107(b)(2)(D)(i)" in r.text
    r = client.post(
        "/cycles/1/countries/COG/decide", data={"csrf": csrf(page), "version": "x", "tier": "3"}
    )
    assert r.status_code == 422 and "reload the page" in r.text
    assert svc.assessment(1, "COG", "dec")["final_tier"] is None
    assert svc.verify(1).ok


def test_outsiders_see_nothing_until_published(site: tuple[TestClient, Cycles]) -> None:
    client, _svc = site
    assert sign_in(client, "out") == 303
    assert client.get("/cycles/1", headers={"Accept": "text/html"}).status_code == 403
    assert "Shadow 2026" not in client.get("/cycles").text
