"""The research endpoints: the panel as a download in every format."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from fastapi.testclient import TestClient

from tiptiers.analysis.panel import PANEL_COLUMNS


def test_panel_json_has_fields_and_rows(client: TestClient) -> None:
    r = client.get("/api/v1/panel", params={"from": 2013, "to": 2013})
    assert r.status_code == 200
    data = r.json()
    assert [f["name"] for f in data["fields"]] == list(PANEL_COLUMNS)
    china = next(x for x in data["rows"] if x["iso3"] == "CHN")
    assert china["auto_downgrade_derived"] is True


def test_panel_csv_by_accept(client: TestClient) -> None:
    r = client.get("/api/v1/panel?from=2025", headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="tiptiers-panel-2025-2025.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert tuple(rows[0]) == PANEL_COLUMNS and {x["year"] for x in rows} == {"2025"}


def test_panel_parquet_and_stata(client: TestClient) -> None:
    import pandas as pd

    pq = client.get("/api/v1/panel?from=2024&format=parquet")
    dta = client.get("/api/v1/panel?from=2024&format=dta")
    assert pq.status_code == dta.status_code == 200
    a = pd.read_parquet(io.BytesIO(pq.content))
    b = pd.read_stata(io.BytesIO(dta.content))
    assert len(a) == len(b) and list(a.columns) == list(PANEL_COLUMNS)


def test_panel_zip_is_the_package(client: TestClient) -> None:
    r = client.get("/api/v1/panel?from=2025&format=zip")
    z = zipfile.ZipFile(io.BytesIO(r.content))
    meta = json.loads(z.read("tiptiers-panel/datapackage.json"))
    assert {res["path"] for res in meta["resources"]} == {
        "tiptiers-panel.csv",
        "tiptiers-panel.parquet",
        "tiptiers-panel.dta",
        "codebook.md",
    }


def test_panel_bad_range_is_a_4xx_naming_it(client: TestClient) -> None:
    r = client.get("/api/v1/panel?from=1999")  # not a report year
    assert r.status_code == 422 and r.json()["field"] == "from"
    r = client.get("/api/v1/panel?from=2040")  # a year the record does not hold
    assert r.status_code == 404
    assert r.json()["field"] == "from" and "outside the record" in r.json()["message"]
    r = client.get("/api/v1/panel?format=xlsx")
    assert r.status_code == 422


def test_country_page_lists_its_determination_years(client: TestClient) -> None:
    page = client.get("/country/CHN").text
    assert 'id="determinations"' in page
    assert '<tr data-year="2013" data-outcome="' in page
    assert "/api/v1/sanctions-applied" in page


def test_a_country_never_on_tier3_has_no_determinations_section(client: TestClient) -> None:
    assert 'id="determinations"' not in client.get("/country/CAN").text


def test_sanctions_applied_counts_add_up(client: TestClient) -> None:
    data = client.get("/api/v1/sanctions-applied", params={"from": 2013, "to": 2014}).json()
    assert [y["year"] for y in data["years"]] == [2013, 2014]
    for y in data["years"]:
        assert sum(y[o["outcome"]] for o in data["outcomes"]) == y["tier3"]
        assert len(y["governments"]) == y["tier3"]
    r = client.get("/api/v1/sanctions-applied?format=csv&from=2013&to=2014")
    assert r.text.splitlines()[0].startswith("year,fiscal_year,pd_number,pd_date,document,tier3,")
    assert client.get("/api/v1/sanctions-applied?from=2001").status_code == 404


def test_china_page_shows_its_determinations(client: TestClient) -> None:
    page = client.get("/country/CHN").text
    assert '<tr data-year="2013" data-outcome="full_waiver">' in page
    assert "PD 2013-16 of 2013-09-17" in page
    assert '<tr data-year="2017" data-outcome="not_seen" class="gap">' in page
    # what the part seen does not say is summed up once, under the table (issue 23, item 5)
    assert "The part on record does not name China in" in page and "2017" in page


def test_the_citation_endpoint_is_tiptiers_cite(client: TestClient) -> None:
    from tiptiers.citation import cite

    r = client.get("/api/v1/citation", params={"url": "https://example.org/country/CHN"})
    assert r.status_code == 200
    data = r.json()
    assert data["url"] == "https://example.org/country/CHN" and data["accessed"]
    assert data["formats"]["text"] == cite(
        url="https://example.org/country/CHN", accessed=data["accessed"]
    ).render("text")
    bib = client.get("/api/v1/citation?format=bibtex")
    assert bib.headers["content-type"].startswith("application/x-bibtex")
    assert bib.text.startswith("@software{tiptiers_") and "url = {http://testserver/}" in bib.text
    for bad in ("javascript:alert(1)", "https://x.org/" + "a" * 2001, "https://a b"):
        assert client.get("/api/v1/citation", params={"url": bad}).status_code == 422
    assert client.get("/api/v1/citation?format=docx").status_code == 422
