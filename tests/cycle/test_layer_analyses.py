"""A published cycle's placements in the analyses, beside the official record and never
mixed into it (issue 22, item 10a): the audit of the cycle's year, the Watch List clock and
the forecast of the next report read from the cycle, through the core (pure), the store,
the CLI and the API, with the same refusals as the other layer views."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.cycle.conftest import recommended, team
from tests.cycle.test_layers import publish
from tests.cycle.test_service import PRONGS, WATCH

from tiptiers.analysis.audit import audit
from tiptiers.countries import Registry
from tiptiers.cycle.published import published_cycles
from tiptiers.cycle.service import Cycles
from tiptiers.model import Record, Tier
from tiptiers.queries.layers import PublishedCycle, UnknownSource, shadow_record
from tiptiers.store import Store

WHEN = "2024-05-02T10:00:00+00:00"
#: ``tiptiers ARGS`` run in-process: its exit code, stdout and stderr.
Run = Callable[..., tuple[int, str, str]]


def cycle_2024(waivers: frozenset[str] = frozenset()) -> PublishedCycle:
    """A 2024 cycle over the packaged record's clocks before that report: Bulgaria needed a
    waiver to stay on the Watch List, Brunei was barred by the re-listing cap of
    7107(b)(2)(F), Haiti had no waiver left; Thailand's clock was off."""
    tiers = {"BGR": Tier.T2WL, "BRN": Tier.T2WL, "HTI": Tier.T2WL, "THA": Tier.T1}
    return PublishedCycle(7, 2024, "Coalition 2024", WHEN, tiers, waivers=waivers)


# -- the core ------------------------------------------------------------------------------
def test_the_shadow_record_is_the_official_past_and_the_cycle_year_nothing_later(
    record: Record,
) -> None:
    c = cycle_2024(frozenset({"BGR"}))
    mine = shadow_record(record, c)
    assert mine.years == tuple(y for y in record.years if y <= 2024)
    assert {p.iso3: p.tier for p in mine.year(2024)} == dict(c.placements)
    assert {p.source for p in mine.year(2024)} == {c.label}
    assert mine.get("BGR", 2024).waiver is True and mine.get("BRN", 2024).waiver is None
    assert all(mine.get(p.iso3, p.year) == p for p in record if p.year < 2024)
    assert not [r for r in mine.determinations.rows if r.report_year >= 2024]
    assert record.get("BGR", 2024) != mine.get("BGR", 2024)  # the official record untouched


def test_the_audit_of_a_cycle_finds_what_the_law_forbids_in_its_own_placements(
    record: Record, reg: Registry
) -> None:
    a = audit(record, reg, cycle=cycle_2024())
    assert (a.start, a.end, a.source and a.source.id) == (2024, 2024, 7)
    got = {(f.iso3, f.kind, f.detail) for f in a.findings if f.kind != "ambiguity"}
    assert got == {
        ("BGR", "watch_list_over_limit", "implied_waiver"),
        ("BRN", "relisting_cap_exceeded", ""),
        ("HTI", "watch_list_over_limit", "over_limit"),
    }
    assert a.placements_replayed == 4
    assert a.caveat().startswith("Shadow placements of Coalition 2024 (cycle 7)")
    assert a.caveat().isascii()
    assert a.to_dict()["source"]["source"] == "cycle:7"
    assert audit(record, reg, 2024, 2024).to_dict()["source"] is None
    # the decider's recorded waiver is a stated one: no implied waiver
    waived = audit(record, reg, cycle=cycle_2024(frozenset({"BGR"})), kind="watch_list_over_limit")
    assert [f.iso3 for f in waived.findings] == ["HTI"]
    # one country, as the official audit
    assert {f.iso3 for f in audit(record, reg, country="Brunei", cycle=cycle_2024()).findings} == {
        "BRN"
    }


def test_the_audit_of_a_cycle_is_of_its_report_year_only(record: Record, reg: Registry) -> None:
    for start, end in ((2023, None), (None, 2025), (2023, 2024)):
        with pytest.raises(UnknownSource, match=r"for the 2024 report, not 20\d\d: ask for 2024"):
            audit(record, reg, start, end, cycle=cycle_2024())
    assert audit(record, reg, 2024, 2024, cycle=cycle_2024()).end == 2024


# -- the store -----------------------------------------------------------------------------
def test_the_store_reads_the_waivers_a_decider_recorded(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "w.db"))
    svc = Cycles(store)
    team(svc)  # the users
    cid = int(svc.new_cycle("adm", 2026, "Waivers", countries=["KGZ", "THA"])["id"])
    for name, role in (("ana", "analyst"), ("rev", "reviewer"), ("dec", "decider")):
        svc.add_member("adm", cid, name, role)
    st = recommended(svc, cid, "KGZ", {**WATCH, "waiver": {"granted": False}}, "3")
    svc.decide("dec", cid, "KGZ", "2WL", "a credible plan", st["version"], waiver=PRONGS)
    st = recommended(svc, cid, "THA", WATCH, "2WL")
    svc.decide("dec", cid, "THA", "2WL", "our reading", st["version"])
    svc.publish("adm", cid)
    (got,) = published_cycles(store)
    assert got.waivers == frozenset({"KGZ"})
    store.close()


# -- the CLI and the API -------------------------------------------------------------------
@pytest.fixture
def published(tmp_path: Path) -> Iterator[tuple[str, int, int]]:
    """A database with a published 2025 cycle and a draft one: (its URL, the published
    cycle's number, the draft's)."""
    url = str(tmp_path / "layers.db")
    store = Store.open(url)
    svc = Cycles(store)
    draft = publish(svc, 2025, {"THA": "1"}, "Draft", go=False)
    cid = publish(svc, 2025, {"THA": "3", "MYS": "2WL", "RUS": "2"}, "Coalition 2025")
    store.close()
    yield url, cid, draft


@pytest.fixture
def cli(
    published: tuple[str, int, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Run]:
    from tiptiers import api
    from tiptiers.cli import main

    monkeypatch.setenv("TIPTIERS_DATABASE_URL", published[0])
    monkeypatch.setenv("COLUMNS", "200")
    api.use_database(None)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    api.use_database(None)


def test_the_cli_audits_a_published_cycle_and_refuses_any_other_source(
    cli: Run, published: tuple[str, int, int]
) -> None:
    run = cli
    _, cid, draft = published
    code, out, _ = run("audit", "--source", f"cycle:{cid}")
    assert code == 0
    assert f"Audit of the placements of cycle {cid}: Coalition 2025 (2025)" in out
    assert "not the State Department's" in out and "Russia" in out
    code, out, err = run("audit", "--source", f"cycle:{cid}", "-f", "json")
    assert code == 0 and "not the State Department's" in err
    body = json.loads(out)
    assert body["source"]["source"] == f"cycle:{cid}" and (body["from"], body["to"]) == (2025, 2025)
    assert body["placements_replayed"] == 3
    code, out, _ = run("audit", "--source", f"cycle:{cid}", "--summary", "-f", "csv")
    assert code == 0 and out.splitlines()[1].startswith("2025,")
    for args, words in (
        (("--source", f"cycle:{draft}"), f"No published cycle {draft}"),
        (("--source", "cycle:99"), "No published cycle 99"),
        (("--source", f"cycle:{cid}", "--from", "2024"), "not 2024: ask for 2025"),
        (("--source", "mine"), "is not a record source"),
    ):
        code, out, err = run("audit", *args)
        assert code == 2 and out == "" and words in err and len(err.strip().splitlines()) == 1


@pytest.fixture
def client(published: tuple[str, int, int]) -> Iterator[TestClient]:
    from tiptiers.web.app import create_app

    with TestClient(create_app(published[0])) as c:
        yield c


def test_the_api_audits_a_published_cycle_labelled_and_404s_any_other(
    client: TestClient, published: tuple[str, int, int]
) -> None:
    _, cid, draft = published
    r = client.get(f"/api/v1/audit?source=cycle:{cid}")
    assert r.status_code == 200
    assert "not the State Department's" in r.headers["x-tiptiers-caveat"]
    body = r.json()
    assert body["source"]["source"] == f"cycle:{cid}" and body["placements_replayed"] == 3
    assert client.get("/api/v1/audit?from=2025&to=2025").json()["source"] is None
    csv = client.get(f"/api/v1/audit?source=cycle:{cid}&summary=true&format=csv")
    assert csv.status_code == 200 and "not the State" in csv.headers["x-tiptiers-caveat"]
    for url, status in (
        (f"/api/v1/audit?source=cycle:{draft}", 404),
        ("/api/v1/audit?source=cycle:99", 404),
        (f"/api/v1/audit?source=cycle:{cid}&from=2024", 404),
        ("/api/v1/audit?source=mine", 422),
    ):
        got = client.get(url)
        assert got.status_code == status, url
        assert set(got.json()) >= {"error", "message"} and "\n" not in got.json()["message"]


# -- the clock and the forecast of the next report -----------------------------------------
def test_the_clock_after_a_cycle_reads_its_placements_as_the_latest_year(
    record: Record, reg: Registry
) -> None:
    from tiptiers.law.explain import clock
    from tiptiers.queries.layers import cycle_clock

    c = cycle_2024(frozenset({"BGR"}))
    got = cycle_clock(record, c)
    assert got.year == 2025
    status = {e.iso3: e.status.value for e in got.entries}
    # the cycle kept Haiti on the Watch List with no waiver left: still no waiver left;
    # Thailand on Tier 1 is off the clock; a country the cycle did not assess is not on it
    assert status["HTI"] == "downgrade_mandatory" and "THA" not in status
    assert set(status) <= set(c.placements)
    official = {e.iso3 for e in clock(record, 2025)}
    assert official - set(c.placements)  # the official clock has others
    assert got.caveat().startswith("Shadow placements of Coalition 2024 (cycle 7)")
    assert "not assess" in got.caveat() and got.caveat().isascii()
    assert got.to_rows()[0].keys() == clock(record, 2025)[0].to_row().keys()
    with pytest.raises(UnknownSource, match="the report after it, 2025"):
        cycle_clock(record, c, 2024)


def test_the_forecast_after_a_cycle_takes_its_placements_and_the_official_model(
    record: Record, reg: Registry
) -> None:
    from tiptiers.analysis.forecast import forecast

    c = cycle_2024()
    f = forecast(record, reg, cycle=c)
    assert (f.year, f.previous_year) == (2025, 2024)
    assert {x.country.iso3 for x in f.countries} == set(c.placements)
    by = {x.country.iso3: x for x in f.countries}
    assert by["HTI"].previous is Tier.T2WL and by["HTI"].permitted == "not_allowed"
    assert by["HTI"].probabilities[Tier.T2WL] == 0.0
    # the model is the official one: fit on the same moves as the official 2025 forecast
    official = forecast(record, reg, 2025)
    assert (f.moves, f.trained_on) == (official.moves, official.trained_on)
    assert f.to_dict()["source"]["source"] == "cycle:7" and official.to_dict()["source"] is None
    assert f.caveat.startswith("Shadow placements of Coalition 2024")
    with pytest.raises(UnknownSource, match="ask for 2025"):
        forecast(record, reg, 2026, cycle=c)


def test_the_cli_gives_the_clock_and_forecast_after_a_cycle(
    cli: Run, published: tuple[str, int, int]
) -> None:
    run = cli
    _, cid, draft = published
    code, out, _ = run("clock", "2026", "--source", f"cycle:{cid}")
    assert code == 0
    assert f"Watch List clock for the 2026 report (from cycle {cid}: Coalition 2025" in out
    assert "not the State Department's" in out and "Malaysia" in out
    code, out, err = run("clock", "2026", "-s", f"cycle:{cid}", "-f", "csv")
    assert code == 0 and "not the State Department's" in err
    assert out.splitlines()[0].startswith("iso3,name,year,status")
    assert {line.split(",")[0] for line in out.splitlines()[1:]} <= {"THA", "MYS", "RUS"}
    code, out, _ = run("forecast", "--source", f"cycle:{cid}")
    assert code == 0 and f"Forecast for the 2026 report from cycle {cid}" in out
    assert "model is fit on the official record only" in out.replace("\n", " ")
    code, out, err = run("forecast", "2026", "--source", f"cycle:{cid}", "-f", "json")
    assert code == 0 and json.loads(out)["source"]["id"] == cid and "State" in err
    for args, words in (
        (("clock", "2025", "--source", f"cycle:{cid}"), "the report after it, 2026"),
        (("clock", "2026", "--source", f"cycle:{draft}"), f"No published cycle {draft}"),
        (("forecast", "2027", "--source", f"cycle:{cid}"), "ask for 2026"),
        (("forecast", "--backtest", "--source", f"cycle:{cid}"), "leave out --source"),
        (("forecast", "--source", "cycle:0"), "is not a record source"),
    ):
        code, out, err = run(*args)
        assert code == 2 and out == "" and words in err and len(err.strip().splitlines()) == 1


def test_the_api_gives_the_clock_and_forecast_after_a_cycle(
    client: TestClient, published: tuple[str, int, int]
) -> None:
    _, cid, draft = published
    r = client.get(f"/api/v1/years/2026/clock?source=cycle:{cid}")
    assert r.status_code == 200 and "not the State" in r.headers["x-tiptiers-caveat"]
    assert {e["iso3"] for e in r.json()} <= {"THA", "MYS", "RUS"}
    assert "x-tiptiers-caveat" not in client.get("/api/v1/years/2026/clock").headers
    f = client.get(f"/api/v1/forecast?source=cycle:{cid}")
    assert f.status_code == 200 and "not the State" in f.headers["x-tiptiers-caveat"]
    body = f.json()
    assert body["year"] == 2026 and body["source"]["id"] == cid
    assert {c["iso3"] for c in body["countries"]} == {"THA", "MYS", "RUS"}
    csv = client.get(f"/api/v1/forecast?source=cycle:{cid}&format=csv")
    assert csv.status_code == 200 and csv.text.splitlines()[0].startswith("iso3,")
    for url, status in (
        (f"/api/v1/years/2025/clock?source=cycle:{cid}", 404),
        (f"/api/v1/years/2026/clock?source=cycle:{draft}", 404),
        (f"/api/v1/forecast?year=2027&source=cycle:{cid}", 404),
        ("/api/v1/forecast?source=cycle:99", 404),
        ("/api/v1/forecast?source=nope", 422),
    ):
        got = client.get(url)
        assert got.status_code == status, url
        assert set(got.json()) >= {"error", "message"} and "\n" not in got.json()["message"]


# -- the embedded map ----------------------------------------------------------------------
def test_the_embed_map_and_report_page_of_a_cycle_are_the_cycle_s_and_404_any_other(
    client: TestClient, published: tuple[str, int, int]
) -> None:
    _, cid, draft = published
    r = client.get(f"/embed/map?source=cycle:{cid}")
    assert r.status_code == 200 and "x-frame-options" not in r.headers
    assert "Shadow placements of Coalition 2025 (cycle" in r.text
    assert "not the State Department&#39;s" in r.text and "Not assessed by this cycle" in r.text
    assert f'href="/?source=cycle:{cid}"' in r.text
    assert client.get(f"/embed/map?source=cycle:{cid}&year=2025").status_code == 200
    home = client.get(f"/?source=cycle:{cid}").text
    assert f'data-embed="/embed/map?source=cycle:{cid}"' in home
    assert 'data-embed-title="Shadow placements of Coalition 2025' in home
    report = client.get(f"/year/2025/report.html?source=cycle:{cid}")
    assert report.status_code == 200 and "Shadow placements of Coalition 2025" in report.text
    assert f"tip-report-2025-cycle-{cid}.html" in report.headers["content-disposition"]
    assert f'href="/year/2025/report.html?source=cycle:{cid}"' in home
    for url, status in (
        (f"/year/2024/report.html?source=cycle:{cid}", 404),
        (f"/year/2025/report.html?source=cycle:{draft}", 404),
        (f"/embed/map?source=cycle:{draft}", 404),
        (f"/embed/map?source=cycle:{cid}&year=2024", 404),
        ("/embed/map?source=cycle:99", 404),
        ("/embed/map?source=mine", 422),
    ):
        assert client.get(url).status_code == status, url


# -- the report (HTML and PDF) -------------------------------------------------------------
def test_a_cycle_report_is_its_placements_over_the_official_past_labelled(
    record: Record, reg: Registry
) -> None:
    from tiptiers.report.document import file_stem, gather, render_html

    c = cycle_2024()
    content = gather(record, reg, 2024, cycle=c)
    assert {t.value: [x.iso3 for x in cs] for t, cs in content.by_tier if cs} == {
        "1": ["THA"],
        "2WL": ["BRN", "BGR", "HTI"],
    }
    assert content.total_placements == 4 and content.applied is None
    assert content.record_span.endswith("2023")  # the official years beneath the cycle's
    assert content.extra["layer"].cycle is c
    # the changes are those of the countries the cycle assessed, from the official 2023
    moved = {r.country.iso3 for rows in content.changes.values() for r in rows}
    assert moved <= set(c.placements) and "THA" in moved
    # the clock of the next report reads the cycle: Haiti kept on the Watch List
    assert "HTI" in {e["iso3"] for e in content.clock.get("downgrade_mandatory", [])}
    assert [p.country.iso3 for p in content.profiles] == ["BRN", "BGR", "HTI", "THA"]
    html = render_html(content)
    assert "<h1>Shadow placements of Coalition 2024 (cycle 7) for the 2024 report" in html
    assert "not the State Department&#39;s" in html and 'id="beside"' in html
    assert "GitHub" not in html.split('id="methodology"')[0]  # the cycle is not a repository
    assert file_stem(2024, c) == "tip-report-2024-cycle-7"
    with pytest.raises(UnknownSource, match="ask for 2024"):
        gather(record, reg, 2023, cycle=c)
    # the official report of the year is untouched by the option
    official = gather(record, reg, 2024, ["THA"])
    assert official.extra == {} and official.total_placements > 100


def test_the_cli_writes_a_cycle_report_beside_the_official_one_and_refuses_bad_sources(
    cli: Run, published: tuple[str, int, int], tmp_path: Path
) -> None:
    run = cli
    _, cid, draft = published
    out = tmp_path / "out"
    code, text, _ = run("report", "2025", "--source", f"cycle:{cid}", "-o", str(out), "-q")
    assert code == 0 and f"tip-report-2025-cycle-{cid}.html" in text
    html = (out / f"tip-report-2025-cycle-{cid}.html").read_text()
    assert "Shadow placements of Coalition 2025" in html and "Beside the official 2025" in html
    for args, words in (
        (("2024", "--source", f"cycle:{cid}"), "not 2024: ask for 2025"),
        (("2025", "--source", f"cycle:{draft}"), f"No published cycle {draft}"),
        (("2025", "--source", "shadow"), "is not a record source"),
    ):
        code, text, err = run("report", *args, "-o", str(tmp_path / "no"), "-q")
        assert code == 2 and text == "" and words in err and len(err.strip().splitlines()) == 1
        assert not (tmp_path / "no").exists()  # nothing written


@pytest.mark.slow
def test_every_page_of_a_cycle_pdf_says_whose_placements_it_shows(
    cli: Run, published: tuple[str, int, int], tmp_path: Path
) -> None:
    import shutil
    import subprocess

    _, cid, _ = published
    got = cli(
        "report", "2025", "-s", f"cycle:{cid}", "-o", str(tmp_path), "-f", "pdf", "-q",
        "--countries", "Thailand",
    )  # fmt: skip
    assert got[0] == 0, got
    pdf = tmp_path / f"tip-report-2025-cycle-{cid}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("no pdftotext (poppler)")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) > 5
    for page in pages[1:]:  # the running head of every page after the cover
        assert "Shadow placements of Coalition 2025" in page
    assert "Not the official report." in pages[0]


def test_the_python_api_takes_the_same_source(cli: Run, published: tuple[str, int, int]) -> None:
    from tiptiers import api

    _, cid, _ = published
    source = f"cycle:{cid}"
    assert api.audit(source=source).source is not None
    assert {e.iso3 for e in api.clock(2026, source=source)} <= {"THA", "MYS", "RUS"}
    assert api.forecast(source=source).year == 2026
    assert "Shadow placements of Coalition 2025" in api.report_html(
        2025, ["Thailand"], source=source
    )
    with pytest.raises(UnknownSource):
        api.clock(2025, source=source)
    assert api.audit(2025, 2025).source is None


def test_a_cycle_that_placed_as_the_official_report_gets_the_official_answers(
    record: Record, reg: Registry
) -> None:
    """The analyses of a cycle are the record's, not a second implementation: a cycle whose
    placements and stated waivers are the official 2025 report's gets the official audit
    of 2025 (less the determinations, which act on the official list only), the official
    clock of 2026 and the official forecast of 2026."""
    from tiptiers.analysis.forecast import forecast
    from tiptiers.law.explain import clock
    from tiptiers.queries.layers import cycle_clock

    year = record.last_year
    placed = record.year(year)
    c = PublishedCycle(
        1,
        year,
        "As published",
        WHEN,
        {p.iso3: p.tier for p in placed},
        waivers=frozenset(p.iso3 for p in placed if p.waiver),
    )

    def findings(a: Any) -> list[tuple[str, ...]]:
        return sorted(
            (f.iso3, f.kind, f.code, f.detail)  # the sentences cite each one's source
            for f in a.findings
            if not f.kind.startswith(("determination_", "tier3_without"))
        )

    assert findings(audit(record, reg, cycle=c)) == findings(audit(record, reg, year, year))
    assert [e.to_row() for e in cycle_clock(record, c).entries] == [
        e.to_row() for e in clock(record, year + 1)
    ]
    mine, official = forecast(record, reg, cycle=c), forecast(record, reg, year + 1)
    assert [(x.country.iso3, x.permitted, x.probabilities) for x in mine.countries] == [
        (x.country.iso3, x.permitted, x.probabilities) for x in official.countries
    ]
