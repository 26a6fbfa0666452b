"""Issue 27 (hardening, round three): what the outside attack found, one test each, through
the app in process. The worst inputs against a served app (time, memory, output bounds) are
in ``test_worst_inputs.py``."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

V1 = "/api/v1"


# -- defect 6: 500s ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/assets/x/%00",
        "/assets/x/a%00b",
        "/assets/x/" + "a" * 1200,
        "/assets/x/" + "/".join(["a" * 250] * 8),
        "/static/%00",
        "/static/" + "a" * 3000,
    ],
)
def test_odd_asset_names_are_404_without_a_traceback(
    client: TestClient, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        r = client.get(path)
    assert r.status_code == 404, r.text[:200]
    assert r.json()["error"] == "NotFound"
    assert len(r.json()["message"]) < 300  # the name is not sent back whole
    assert "Traceback" not in caplog.text


def test_an_unknown_asset_name_is_not_remembered(client: TestClient) -> None:
    from tiptiers.web import assets

    assets.asset_bytes("vendor/vega.min.js")
    before = assets._read.cache_info().currsize
    for i in range(300):
        assert client.get(f"/assets/0123456789ab/nope-{i}.js").status_code == 404
    assert assets._read.cache_info().currsize == before
    assert assets.digest.cache_info().currsize <= len(assets._index())


def test_a_known_asset_is_still_served(client: TestClient) -> None:
    from tiptiers.web.assets import asset_url

    r = client.get(asset_url("vendor/vega.min.js"))
    assert r.status_code == 200 and "immutable" in r.headers["cache-control"]


def _replay(client: TestClient, parameters: dict[str, object]) -> tuple[int, dict[str, object]]:
    r = client.post(
        f"{V1}/scenarios/replay", json={"scenario": {"name": "x", "parameters": parameters}}
    )
    return r.status_code, r.json()


def test_a_relisting_bar_before_its_streak_exists_is_refused_in_one_line(
    client: TestClient,
) -> None:
    status, body = _replay(client, {"relisting_cap_years": {"2009": 1}})
    assert status == 422, body
    assert body["field"] == "scenario.parameters.relisting_cap_years"
    assert "give relisting_streak_years a value from 2009" in str(body["message"])
    status, body = _replay(
        client, {"relisting_cap_years": {"2009": 1}, "relisting_streak_years": {"2009": 2}}
    )
    assert status == 200, body


def test_every_parameter_from_the_first_report_on_is_an_answer_or_a_4xx(
    client: TestClient,
) -> None:
    """Each statute parameter alone at its least and greatest value from 2001 and 2009: no
    combination reaches a parameter the law did not define yet (what made the 500)."""
    from tiptiers.law import versions

    values = {
        "count": lambda s: [s.minimum or 0, s.maximum if s.maximum is not None else 5],
        "year": lambda s: [2001, 2020],
        "switch": lambda s: [True, False],
        "month_day": lambda s: ["06-30", "01-01"],
        "day_range": lambda s: [[0, 1], [45, 90]],
        "text": lambda s: ["the Secretary"],
    }
    for name, spec in versions.SPECS.items():
        for value in [*values[spec.kind](spec), *([None] if spec.nullable else [])]:
            for year in ("2001", "2009"):
                status, body = _replay(client, {name: {year: value}})
                assert status in (200, 422), (name, value, year, body)


@pytest.mark.parametrize("key", ["२००९", " 2009", "2009 ", "2009\n", "０２００９", "+2009"])
def test_a_year_key_the_schema_refuses_is_refused(client: TestClient, key: str) -> None:
    status, body = _replay(client, {"max_waiver_years": {key: 1}})
    assert status == 422, body
    assert "is not a report year" in str(body["message"])


# -- point 10: X-Frame-Options beside the CSP -------------------------------------------------
@pytest.mark.parametrize(
    "path", ["/", "/country/CHN", "/year/2017", "/docs", f"{V1}/countries/CHN", "/nope"]
)
def test_answers_that_may_not_be_framed_say_so_twice(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/embed/map?year=2017", "/embed/country/CHN"])
def test_embeds_may_be_framed(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert "x-frame-options" not in r.headers
    assert "frame-ancestors" not in r.headers["content-security-policy"]
