"""The REST API: every endpoint answers what the core answers, as JSON and as CSV, and every
bad input gets a 4xx JSON error naming what was wrong (never a 5xx, never a traceback)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tiptiers import api
from tiptiers.cli import main
from tiptiers.model import Record

V1 = "/api/v1"


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def cli_out(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def error_of(client: TestClient, url: str, status: int, error: str) -> dict[str, Any]:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = r.json()
    assert body["error"] == error
    assert "\n" not in body["message"] and "Traceback" not in body["message"]
    return body


# -- the same JSON as the CLI --------------------------------------------------------------
def test_country_is_the_cli_json(
    client: TestClient, web_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    r = client.get(f"{V1}/countries/CHN")
    assert r.status_code == 200
    assert r.json() == json.loads(cli_out(capsys, "country", "China", "-f", "json", "--db", web_db))
    assert r.json()["name"] == "China"


@pytest.mark.parametrize("code", ["CHN", "CN", "China", "china", "People's Republic of China"])
def test_country_code_is_iso3_iso2_or_a_name(client: TestClient, code: str) -> None:
    assert client.get(f"{V1}/countries/{code}").json()["iso3"] == "CHN"


def test_aliases_find_the_same_country(client: TestClient) -> None:
    bodies = [client.get(f"{V1}/countries/{q}").json() for q in ("Burma", "Myanmar", "MMR")]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0]["name"] == "Burma"


def test_year_is_the_cli_json(
    client: TestClient, web_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    r = client.get(f"{V1}/years/2017")
    assert r.json() == json.loads(cli_out(capsys, "year", "2017", "-f", "json", "--db", web_db))
    assert {"iso3": "CHN", "name": "China", "year": 2017, "tier": "3"} in r.json()


def test_year_filters_by_tier_and_region(client: TestClient, record: Record) -> None:
    tier3 = client.get(f"{V1}/years/2017", params={"tier": "3"}).json()
    assert tier3 == api.placements(2017, "3", record=record).to_rows()
    assert {r["tier"] for r in tier3} == {"3"} and len(tier3) == 23
    label = client.get(f"{V1}/years/2017", params={"tier": "Tier 2 Watch List"}).json()
    assert {r["tier"] for r in label} == {"2WL"}
    eap3 = client.get(f"{V1}/years/2017", params={"tier": "3", "region": "east asia and pacific"})
    assert [r["iso3"] for r in eap3.json()] == [
        c.iso3 for c, _ in api.placements(2017, "3", "EAP", record=record).rows
    ]
    assert "CHN" in {r["iso3"] for r in eap3.json()}


def test_csv_is_the_cli_csv(
    client: TestClient, web_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for url, argv in [
        (f"{V1}/years/2017?format=csv", ["year", "2017"]),
        (f"{V1}/countries/CHN?format=csv", ["country", "CHN"]),
        (f"{V1}/years/2013/changes?format=csv", ["changes", "2013"]),
        (f"{V1}/years/2014/clock?format=csv", ["clock", "2014"]),
        (f"{V1}/years/2017/sanctions?format=csv", ["sanctions", "2017"]),
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"] == "text/csv; charset=utf-8"
        assert r.headers["content-disposition"].startswith("attachment; filename=")
        assert rows_of(r.text) == rows_of(cli_out(capsys, *argv, "-f", "csv", "--db", web_db)), url


def test_accept_text_csv_chooses_csv(client: TestClient) -> None:
    r = client.get(f"{V1}/years/2017", headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert rows_of(r.text)[0].keys() == {"iso3", "name", "year", "tier"}
    assert "Accept" in r.headers["vary"].split(", ")  # and Accept-Encoding: compressed
    prefers_json = client.get(
        f"{V1}/years/2017", headers={"Accept": "text/csv;q=0.5, application/json"}
    )
    assert prefers_json.headers["content-type"] == "application/json"
    forced = client.get(f"{V1}/years/2017?format=json", headers={"Accept": "text/csv"})
    assert forced.headers["content-type"] == "application/json"


def test_countries_search(client: TestClient) -> None:
    found = client.get(f"{V1}/countries", params={"q": "Myanmar"}).json()
    assert found[0]["iso3"] == "MMR" and "Myanmar" in found[0]["aliases"]
    congo = {c["iso3"] for c in client.get(f"{V1}/countries", params={"q": "congo"}).json()}
    assert {"COD", "COG"} <= congo
    everyone = client.get(f"{V1}/countries").json()
    assert len(everyone) > 180
    assert len(client.get(f"{V1}/countries", params={"q": "a", "limit": 3}).json()) == 3
    as_csv = rows_of(client.get(f"{V1}/countries?q=korea&format=csv").text)
    assert {r["iso3"] for r in as_csv} >= {"KOR", "PRK"}
    assert client.get(f"{V1}/countries", params={"q": "zzzzqqq"}).json() == []


# -- the law ------------------------------------------------------------------------------
def test_explain_is_the_decision(client: TestClient, record: Record) -> None:
    body = client.get(f"{V1}/countries/China/explain/2013").json()
    d = api.explain("CHN", 2013, record=record)
    assert body == {"name": "China", **d.to_dict()}
    assert body["tier"] == "3" and body["watch_list"]["downgrade_mandatory"] is True
    assert any(s["citation"].startswith("22 U.S.C. 7107") for s in body["trace"])
    trace = rows_of(client.get(f"{V1}/countries/CHN/explain/2013?format=csv").text)
    assert [r["citation"] for r in trace] == [s.citation for s in d.trace]
    assert trace[0]["step"] == "1"


def test_explain_of_a_year_without_placement_says_so(client: TestClient) -> None:
    body = client.get(f"{V1}/countries/NAM/explain/2019").json()  # partial year: no row
    assert body["undetermined"] is True and body["missing"] == ["placement"]


def test_clock(client: TestClient, record: Record) -> None:
    body = client.get(f"{V1}/years/2013/clock").json()
    assert body == [e.to_dict() for e in api.clock(2013, record=record)]
    china = next(e for e in body if e["iso3"] == "CHN")
    assert china["status"] == "downgrade_mandatory"
    nxt = client.get(f"{V1}/years/{record.last_year + 1}/clock")
    assert nxt.status_code == 200 and isinstance(nxt.json(), list)


def test_consequences_come_as_csv_too(client: TestClient) -> None:
    r = client.get(f"{V1}/countries/CHN/consequences/2017?format=csv")
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == (
        'attachment; filename="tiptiers-CHN-2017-consequences.csv"'
    )
    rows = rows_of(r.text)
    assert rows[0]["part"] == "summary" and rows[0]["applies"] == "true"
    assert {x["code"] for x in rows if x["part"] == "determination"} == {"d1", "d2", "d3", "d4"}
    assert any(x["part"] == "deadline" and x["date"] for x in rows)
    by_accept = client.get(f"{V1}/countries/GBR/consequences/2017", headers={"Accept": "text/csv"})
    assert [x["part"] for x in rows_of(by_accept.text)] == ["summary"]
    assert client.get(f"{V1}/countries/GBR/consequences/2017").json()["applies"] is False


def test_consequences_and_sanctions(client: TestClient, record: Record) -> None:
    body = client.get(f"{V1}/countries/CHN/consequences/2017").json()
    assert body == api.consequences("CHN", 2017, record=record).to_dict()
    assert body["applies"] is True and body["fiscal_year"] == 2018
    t1 = client.get(f"{V1}/countries/GBR/consequences/2017").json()
    assert t1["applies"] is False
    listed = client.get(f"{V1}/years/2017/sanctions").json()
    assert [c["iso3"] for c in listed] == [c.iso3 for c in api.sanctions(2017, record=record)]
    assert "CHN" in {c["iso3"] for c in listed}


def test_evaluate(client: TestClient) -> None:
    facts = {
        "country": "China",
        "report_year": 2013,
        "fully_complies": False,
        "making_significant_efforts": True,
        "victims_very_significant_or_significantly_increasing": True,
    }
    r = client.post(f"{V1}/evaluate", json=facts)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["kind"] == "evaluation" and body["name"] == "China"
    assert body["tier"] == "3"  # the clock had run out in 2013: automatic downgrade
    assert any("7107(b)(2)(D)" in s["citation"] for s in body["trace"])
    missing = client.post(f"{V1}/evaluate", json={"country": "China", "report_year": 2013})
    assert missing.json()["undetermined"] is True and missing.json()["missing"]


def test_coverage_and_schema(client: TestClient, record: Record) -> None:
    cov = client.get(f"{V1}/coverage").json()
    assert [c["year"] for c in cov["coverage"]] == list(record.years)
    assert next(c for c in cov["coverage"] if c["year"] == 2017)["partial"] is True
    assert len(rows_of(client.get(f"{V1}/coverage?format=csv").text)) == len(record.years)
    schema = client.get(f"{V1}/schema/assessment").json()
    assert "report_year" in schema["properties"]


def test_healthz(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_changes(client: TestClient, record: Record) -> None:
    body = client.get(f"{V1}/years/2013/changes").json()
    assert body == api.changes(2013, record=record).to_dict()
    assert {"iso3": "CHN", "name": "China", "kind": "downgrade"}.items() <= next(
        c for c in body["changes"] if c["iso3"] == "CHN"
    ).items()
    first = client.get(f"{V1}/years/{record.first_year}/changes").json()
    assert first["previous_year"] is None and first["changes"] == []


# -- errors --------------------------------------------------------------------------------
def test_unknown_country_is_404_with_suggestions(client: TestClient) -> None:
    for url in (
        f"{V1}/countries/Chna",
        f"{V1}/countries/Chna/explain/2013",
        f"{V1}/countries/Chna/consequences/2013",
    ):
        body = error_of(client, url, 404, "UnknownCountry")
        assert body["suggestions"] == ["China"]
        assert "Did you mean: China?" in body["message"]


def test_year_not_in_record_is_404_naming_the_years(client: TestClient, record: Record) -> None:
    for url in (
        f"{V1}/years/2040",
        f"{V1}/years/2040/changes",
        f"{V1}/years/2040/sanctions",
        f"{V1}/years/{record.last_year + 2}/clock",
        f"{V1}/countries/CHN/explain/2040",
        f"{V1}/countries/CHN/consequences/2099",
    ):
        body = error_of(client, url, 404, "YearNotInRecord")
        assert f"{record.first_year}–{record.last_year}" in body["message"], url


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"{V1}/years/abc", "year"),
        (f"{V1}/years/20.5/clock", "year"),
        (f"{V1}/countries/CHN/explain/next", "year"),
        (f"{V1}/years/2017?format=xml", "format"),
        (f"{V1}/countries?limit=0", "limit"),
        (f"{V1}/countries?q=" + "x" * 101, "q"),
        (f"{V1}/countries/" + "x" * 101, "code"),
    ],
)
def test_validation_errors_name_the_field(client: TestClient, url: str, field: str) -> None:
    body = error_of(client, url, 422, "ValidationError")
    assert body["field"] == field
    assert body["message"].startswith(f"{field}: ")


def test_bad_tier_and_region(client: TestClient) -> None:
    body = error_of(client, f"{V1}/years/2017?tier=4", 422, "InvalidTier")
    assert "2WL" in body["message"] and body["field"] == "tier"
    # A bad query value is 422 like a bad tier (it was 404, as if the year were missing).
    body = error_of(client, f"{V1}/years/2017?region=Atlantis", 422, "InvalidRegion")
    assert "WHA" in body["message"] and body["field"] == "region"


@pytest.mark.parametrize(
    ("url", "error", "field", "status"),
    [
        (f"{V1}/transitions?region=Mars", "InvalidRegion", "region", 422),
        (f"{V1}/transitions?from=1990", "ValidationError", "from", 422),  # not a report year
        (f"{V1}/audit?to=2999", "ValidationError", "to", 422),
        # a range the record holds no report of: 404, as a year it does not hold
        (f"{V1}/audit?to=2030", "InvalidRange", "to", 404),
        (f"{V1}/audit?from=2017&to=2013", "InvalidRange", "from,to", 404),
        (f"{V1}/audit?kind=x", "BadInput", "kind", 422),
        (f"{V1}/audit?country=Chna", "UnknownCountry", "country", 404),
        (f"{V1}/forecast?year=1990", "ValidationError", "year", 422),
        (f"{V1}/forecast?year=2050", "InvalidRange", "year", 404),
        (f"{V1}/forecast/backtest?from=2020&to=2010", "InvalidRange", "from,to", 404),
    ],
)
def test_a_bad_query_value_is_a_4xx_naming_the_parameter(
    client: TestClient, url: str, error: str, field: str, status: int
) -> None:
    assert error_of(client, url, status, error)["field"] == field


def test_evaluate_names_every_missing_field(client: TestClient) -> None:
    r = client.post(f"{V1}/evaluate", json={})
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "BadInput" and body["field"] == "country"
    assert "country: Field required" in body["message"]
    assert "report_year: Field required" in body["message"]
    assert "more)" not in body["message"]


@pytest.mark.parametrize("url", [f"{V1}/check-news", f"{V1}/evaluate"])
def test_a_body_that_is_not_json_says_so_without_a_field(client: TestClient, url: str) -> None:
    r = client.post(url, content=b'{"text": "a",, }', headers={"content-type": "application/json"})
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "BadInput" and "body: not valid JSON" in body["message"]
    assert "field" not in body and "decode" not in body["message"]


@pytest.mark.parametrize(
    ("body", "status", "error", "says"),
    [
        (b"{not json", 422, "BadInput", "not valid JSON"),
        (b"[1, 2]", 422, "BadInput", "must be a JSON object"),
        (b'"China"', 422, "BadInput", "must be a JSON object"),
        (b'{"report_year": 2013}', 422, "BadInput", "country"),
        (b'{"country": "China", "report_year": "soon"}', 422, "BadInput", "report_year"),
        (b'{"country": "China", "report_year": 2013, "colour": "red"}', 422, "BadInput", "colour"),
        (b'{"country": "Chna", "report_year": 2013}', 404, "UnknownCountry", "China"),
        (
            b'{"country": "China", "report_year": 2005, "taking_proportional_concrete_actions": true}',
            422,
            "BadInput",
            "taking_proportional_concrete_actions",
        ),
    ],
)
def test_evaluate_errors(
    client: TestClient, body: bytes, status: int, error: str, says: str
) -> None:
    r = client.post(f"{V1}/evaluate", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    assert r.json()["error"] == error
    assert says in r.json()["message"]


def test_unknown_endpoint_and_method(client: TestClient) -> None:
    error_of(client, f"{V1}/nothing-here", 404, "NotFound")
    r = client.post(f"{V1}/coverage")
    assert r.status_code == 405 and r.json()["error"] == "MethodNotAllowed"
    assert "GET" in r.headers["allow"]
    head = client.head(f"{V1}/check-news")  # POST only
    assert head.status_code == 405 and head.content == b"" and "POST" in head.headers["allow"]


@pytest.mark.parametrize(
    "url",
    [
        f"{V1}/coverage",
        f"{V1}/years/2017?format=csv",
        f"{V1}/countries/CHN",
        f"{V1}/years/2013/clock",
        "/healthz",
        "/year/2017",
        "/static/style.css",
    ],
)
def test_head_answers_wherever_get_does(client: TestClient, url: str) -> None:
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    for h in ("content-type", "content-length", "content-disposition", "x-tiptiers-caveat"):
        assert head.headers.get(h) == get.headers.get(h), h
    assert client.head(f"{V1}/years/2040").status_code == 404


# -- served once, not recomputed --------------------------------------------------------------
def test_answers_are_computed_once_per_revision(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = api.placements

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "placements", counting)
    first = client.get(f"{V1}/years/2009?tier=2WL").content
    for _ in range(5):
        assert client.get(f"{V1}/years/2009?tier=2WL").content == first
    assert len(calls) == 1


def test_openapi_and_docs_are_local(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for p in (
        "/api/v1/countries",
        "/api/v1/countries/{code}",
        "/api/v1/countries/{code}/explain/{year}",
        "/api/v1/countries/{code}/consequences/{year}",
        "/api/v1/years/{year}",
        "/api/v1/years/{year}/changes",
        "/api/v1/years/{year}/clock",
        "/api/v1/years/{year}/sanctions",
        "/api/v1/evaluate",
        "/api/v1/coverage",
        "/healthz",
    ):
        assert p in paths, p
    assert "Assessment" in spec["components"]["schemas"]
    assert "NewsArticle" in spec["components"]["schemas"]
    assert "head" not in spec["paths"]["/api/v1/coverage"]
    docs = client.get("/docs").text
    assert "/static/vendor/swagger/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert client.get(f"/static/vendor/swagger/{asset}").status_code == 200


# -- analysis and the news claim check -----------------------------------------------------
@pytest.mark.parametrize(
    ("url", "argv"),
    [
        (f"{V1}/audit?from=2013&to=2014", ["audit", "--from", "2013", "--to", "2014"]),
        (f"{V1}/audit?summary=true", ["audit", "--summary"]),
        (
            f"{V1}/audit?country=China&kind=mandatory_downgrade",
            ["audit", "-c", "CHN", "-k", "mandatory_downgrade"],
        ),
        (f"{V1}/years/2014/regions", ["regions", "2014"]),
        (
            f"{V1}/transitions?from=2010&to=2015&region=EAP",
            ["transitions", "--from", "2010", "--to", "2015", "-r", "EAP"],
        ),
        (f"{V1}/countries/Burma/trajectory", ["trajectory", "MMR"]),
        (f"{V1}/watch-list-runs?top=5", ["trajectory", "--longest", "5"]),
        (f"{V1}/forecast?year=2014", ["forecast", "2014"]),
        (
            f"{V1}/forecast/backtest?from=2015&to=2016",
            ["forecast", "--backtest", "--from", "2015", "--to", "2016"],
        ),
    ],
)
def test_analysis_is_the_cli_json_and_csv(
    client: TestClient, web_db: str, capsys: pytest.CaptureFixture[str], url: str, argv: list[str]
) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.json() == json.loads(cli_out(capsys, *argv, "-f", "json", "--db", web_db))
    sep = "&" if "?" in url else "?"
    as_csv = client.get(f"{url}{sep}format=csv")
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert rows_of(as_csv.text) == rows_of(cli_out(capsys, *argv, "-f", "csv", "--db", web_db))


def test_analysis_errors(client: TestClient) -> None:
    assert error_of(client, f"{V1}/audit?from=2017&to=2013", 404, "InvalidRange")["message"]
    assert "tier3_not_forced" in error_of(client, f"{V1}/audit?kind=x", 422, "BadInput")["message"]
    assert error_of(client, f"{V1}/audit?country=Chna", 404, "UnknownCountry")["suggestions"]
    error_of(client, f"{V1}/years/2040/regions", 404, "YearNotInRecord")
    error_of(client, f"{V1}/transitions?region=Mars", 422, "InvalidRegion")
    error_of(client, f"{V1}/transitions?from=2013&to=2013", 404, "InvalidRange")
    error_of(client, f"{V1}/countries/Chna/trajectory", 404, "UnknownCountry")
    assert error_of(client, f"{V1}/watch-list-runs?top=0", 422, "ValidationError")["field"] == "top"
    assert "2001" in error_of(client, f"{V1}/forecast?year=1990", 422, "ValidationError")["message"]
    error_of(client, f"{V1}/forecast/backtest?from=2020&to=2010", 404, "InvalidRange")


def test_check_news(client: TestClient) -> None:
    text = (
        "The State Department's 2013 Trafficking in Persons report downgraded China, Russia"
        " and Uzbekistan to Tier 3."
    )
    r = client.post(f"{V1}/check-news", json={"text": text, "year": 2013})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["report_year"]["year"] == 2013
    assert {c["verdict"] for c in body["claims"]} == {"supported"}
    assert len(body["claims"]) >= 3
    inferred = client.post(f"{V1}/check-news", json={"text": text}).json()
    assert inferred["report_year"]["year"] == 2013


def test_check_news_is_the_cli_json(
    client: TestClient, web_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    text = "Cuba remained on the Tier 2 Watch List in the 2017 Trafficking in Persons report."
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    api_body = client.post(f"{V1}/check-news", json={"text": text}).json()
    cli = json.loads(cli_out(capsys, "check-news", str(article), "-f", "json", "--db", web_db))
    assert api_body == cli


def test_check_news_as_markdown_is_the_cli_markdown(
    client: TestClient, web_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    text = "The 2017 Trafficking in Persons report downgraded China to Tier 3 and kept Cuba on it."
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    cli = cli_out(capsys, "check-news", str(article), "-f", "markdown", "--db", web_db)
    for r in (
        client.post(f"{V1}/check-news?format=markdown", json={"text": text}),
        client.post(f"{V1}/check-news", json={"text": text}, headers={"Accept": "text/markdown"}),
    ):
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "text/markdown; charset=utf-8"
        assert r.text == cli.replace(str(article), "article")
        assert "| ✗ contradicted |" in r.text and "**downgraded China to Tier 3**" in r.text
    none = client.post(f"{V1}/check-news?format=markdown", json={"text": "Paris was mild."})
    assert none.text == "article: No TIP claims found: the text does not mention human" + (
        " trafficking, the TIP report or its tiers.\n"
    )


def test_check_news_as_csv_has_a_row_per_claim(client: TestClient) -> None:
    text = "The 2013 TIP report downgraded China, Russia and Uzbekistan to Tier 3."
    by_param = client.post(f"{V1}/check-news?format=csv", json={"text": text})
    by_accept = client.post(f"{V1}/check-news", json={"text": text}, headers={"Accept": "text/csv"})
    for r in (by_param, by_accept):
        assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
        assert r.headers["content-disposition"] == 'attachment; filename="tiptiers-news-check.csv"'
    rows = rows_of(by_param.text)
    assert by_param.text == by_accept.text
    assert [(x["iso3"], x["verdict"], x["tier"], x["year"]) for x in rows] == [
        ("CHN", "supported", "3", "2013"),
        ("RUS", "supported", "3", "2013"),
        ("UZB", "supported", "3", "2013"),
    ]
    assert rows[0]["quote"] and rows[0]["explanation"]


def test_check_news_unknown_format_is_422_naming_it(client: TestClient) -> None:
    r = client.post(f"{V1}/check-news?format=xml", json={"text": "Tier 3"})
    assert r.status_code == 422
    assert r.json()["field"] == "format" and "'xml'" in r.json()["message"]


def test_check_news_takes_a_form_and_answers_a_download(client: TestClient) -> None:
    text = "The 2014 Trafficking in Persons report downgraded Thailand to Tier 3."
    as_json = client.post(f"{V1}/check-news?format=json", data={"text": text, "year": ""})
    assert as_json.status_code == 200, as_json.text
    assert as_json.headers["content-disposition"] == (
        'attachment; filename="tiptiers-news-check.json"'
    )
    assert as_json.json() == client.post(f"{V1}/check-news", json={"text": text}).json()
    assert "content-disposition" not in client.post(f"{V1}/check-news", json={"text": text}).headers
    with_year = client.post(f"{V1}/check-news?format=csv", data={"text": text, "year": "2014"})
    assert rows_of(with_year.text)[0]["iso3"] == "THA"
    bad = client.post(f"{V1}/check-news", data={"text": text, "year": "soon"})
    assert bad.status_code == 422 and bad.json()["field"] == "year"


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"text": ""}, "text"), ({"text": "Tier 3", "year": 1990}, "year"), ({}, "text")],
)
def test_check_news_errors_name_the_field(
    client: TestClient, payload: dict[str, Any], field: str
) -> None:
    r = client.post(f"{V1}/check-news", json=payload)
    assert r.status_code == 422 and r.json()["field"] == field


@pytest.mark.parametrize(
    ("payload", "field_or_word"),
    [
        ({"text": ""}, "empty"),
        ({"text": "Tier 3", "year": 1990}, "2001"),
        ({}, "text"),
        ({"text": "x", "colour": "red"}, "colour"),
        ({"text": 42}, "text"),
    ],
)
def test_check_news_errors(client: TestClient, payload: dict[str, Any], field_or_word: str) -> None:
    r = client.post(f"{V1}/check-news", json=payload)
    assert r.status_code == 422, r.text
    assert field_or_word in r.json()["message"]


def test_a_partial_year_says_so(client: TestClient, record: Record) -> None:
    partial = client.get(f"{V1}/years/2017")
    assert partial.headers["x-tiptiers-caveat"] == record.coverage[2017].caveat()
    assert "partial" in client.get(f"{V1}/years/2017?format=csv").headers["x-tiptiers-caveat"]
    assert "partial" in client.get(f"{V1}/years/2017/changes").headers["x-tiptiers-caveat"]
    assert "partial" in client.get(f"{V1}/years/2017/regions").headers["x-tiptiers-caveat"]
    assert "x-tiptiers-caveat" not in client.get(f"{V1}/years/2015").headers


def test_a_country_s_sources_name_the_report_and_the_flags(client: TestClient) -> None:
    body = client.get(f"{V1}/countries/DZA/sources").json()
    assert body["flags"] == ["tier_from_next_report", "year_inferred", "source_disagrees"]
    rows = {r["year"]: r for r in body["placements"]}
    assert rows[2024]["report"]["url"].startswith("https://www.state.gov/reports/2024-")
    assert rows[2024]["source_disagrees"] is True and rows[2018]["tier_from_next_report"]
    csv_rows = rows_of(client.get(f"{V1}/countries/DZA/sources?format=csv").text)
    assert csv_rows[0]["report_url"] and "trust" in csv_rows[0]
    assert client.get(f"{V1}/countries/Nowhere/sources").status_code == 404
