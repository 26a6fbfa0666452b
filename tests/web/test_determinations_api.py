"""/api/v1/determinations and /api/v1/releases: the CLI's answers, CSV too, and 422 naming
the wrong parameter."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient


def test_a_year_and_a_country(client: TestClient) -> None:
    data = client.get("/api/v1/determinations?year=2023").json()
    assert data["years"][0]["pd_number"] == "2023-14" and data["years"][0]["document"] == "complete"
    assert len({r["iso3"] for r in data["determinations"]}) == 24
    china = client.get("/api/v1/determinations?country=China").json()
    note = next(g for g in china["not_named"] if g["report_year"] == 2017)["note"]
    assert "not seen in the part of PD 2017-15 on record" in note


def test_csv_and_bad_parameters(client: TestClient) -> None:
    r = client.get("/api/v1/determinations?year=2017&format=csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert r.status_code == 200 and rows and rows[0]["document"] == "partial"
    bad = client.get("/api/v1/determinations?country=Narnia")  # not a country: 404
    assert bad.status_code == 404 and bad.json()["field"] == "country"
    bad = client.get("/api/v1/determinations?year=1990")
    assert bad.status_code == 422 and bad.json()["field"] == "year"


def test_releases_lists_the_count_differences(client: TestClient) -> None:
    rows = client.get("/api/v1/releases").json()
    assert {"year": 2001, "list": "3", "printed": 23, "recorded": 22}.items() <= rows[0].items()
