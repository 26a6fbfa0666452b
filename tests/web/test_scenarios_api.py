"""``POST /api/v1/scenarios/replay`` and the Scenarios page (issue 14): the replay the CLI
prints, bad scenarios as 422 naming the field, and a page whose URL reopens the scenario."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tiptiers import api
from tiptiers.law.scenario import replay
from tiptiers.model import Record

URL = "/api/v1/scenarios/replay"


def test_the_replay_is_the_one_the_python_api_gives(client: TestClient, record: Record) -> None:
    r = client.post(URL, json={"scenario": "one-year-waiver-from-2009", "from": 2012, "to": 2013})
    assert r.status_code == 200
    data = r.json()
    expected = api.scenario("one-year-waiver-from-2009", start=2012, end=2013, record=record)
    assert data == expected.to_dict()  # the same JSON as the CLI's --format json
    china = next(c for c in data["changes"] if (c["iso3"], c["year"]) == ("CHN", 2012))
    assert china["scenario"] == "3" and china["actual_trace"] and china["scenario_trace"]
    assert any("held fixed" in line for line in data["limits"])


def test_a_scenario_document_and_another_to_compare_with(
    client: TestClient, record: Record
) -> None:
    doc = {"name": "Two waiver years", "parameters": {"max_waiver_years": {"2009": 2}}}
    r = client.post(
        URL, json={"scenario": doc, "against": "one-year-waiver-from-2009", "traces": False}
    )
    assert r.status_code == 200
    data = r.json()
    assert data["against"]["name"] == "One-year waiver from 2009"
    assert data["changes"] and "actual_trace" not in data["changes"][0]


def test_csv_lists_the_changed_country_years(client: TestClient) -> None:
    r = client.post(URL + "?format=csv", json={"scenario": "no-waivers", "to": 2011})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and {row["year"] for row in rows} == {"2011"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"scenario": {"name": "x", "parameters": {"max_waiver_years": {"2009": -1}}}},
            "scenario.parameters.max_waiver_years.2009",
        ),
        (
            {"scenario": {"name": "x", "parameters": {"waivers": {"2009": 1}}}},
            "scenario.parameters.waivers",
        ),
        ({"scenario": "no-such-scenario"}, "scenario"),
        ({"scenario": "no-waivers", "against": {"parameters": {}}}, "against.name"),
        ({"scenario": "no-waivers", "from": 1990}, "from"),
        ({"scenario": "no-waivers", "to": "2011"}, "to"),
        ({"scenario": "no-waivers", "traces": "yes"}, "traces"),
        ({"scenario": "no-waivers", "extra": 1}, "extra"),
        ({}, "scenario"),
    ],
)
def test_a_bad_request_is_422_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    r = client.post(URL, json=body)
    assert r.status_code == 422, r.text
    assert r.json()["field"] == field


def test_the_bundled_scenarios_and_the_schema(client: TestClient) -> None:
    bundled = client.get("/api/v1/scenarios").json()
    assert "one-year-waiver-from-2009" in bundled
    schema = client.get("/api/v1/schema/scenario").json()
    assert "max_waiver_years" in schema["properties"]["parameters"]["properties"]


def test_the_page_shows_the_changes_and_its_url_encodes_the_scenario(
    client: TestClient, record: Record
) -> None:
    r = client.get("/scenarios", params={"s": "custom", "waiver": 1, "waiver_from": 2009})
    assert r.status_code == 200
    assert 'href="/scenarios?s=custom&amp;waiver=1&amp;waiver_from=2009"' in r.text
    same = replay(record, api.scenario("one-year-waiver-from-2009", record=record).scenario)
    assert same.summary().split(", against")[1] in r.text
    assert 'data-iso3="CHN" data-year="2012"' in r.text
    bad = client.get("/scenarios", params={"s": "nope"})
    assert bad.status_code == 422 and "no bundled scenario" in bad.text


def test_a_reversed_range_is_404_like_a_year_the_record_does_not_hold(client: TestClient) -> None:
    r = client.post(URL, json={"scenario": "no-waivers", "from": 2015, "to": 2012})
    assert r.status_code == 404 and r.json()["field"] == "from"
    assert "reversed" in r.json()["message"]
