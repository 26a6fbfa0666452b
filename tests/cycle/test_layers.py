"""A published cycle as a record source beside the official record (issue 22, item 10a):
the core query (pure), the store's reader (published cycles only, nothing created), and
the API (``/api/v1/sources``, ``/api/v1/years/{year}?source=cycle:ID``,
``/api/v1/countries/{code}/cycles``) with its 4xx answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiptiers.countries import Registry
from tiptiers.cycle.published import PublishedCache, published_cycles
from tiptiers.cycle.service import Cycles
from tiptiers.errors import BadInput
from tiptiers.model import Record, Tier
from tiptiers.queries.layers import (
    NOT_ASSESSED,
    PublishedCycle,
    UnknownSource,
    beside_official,
    country_beside,
    find_published,
    parse_source,
    sources,
)
from tiptiers.store import Store

WHEN = "2026-05-02T10:00:00+00:00"


def shadow(
    cid: int = 1, year: int = 2020, placements: dict[str, str] | None = None
) -> PublishedCycle:
    given = {"THA": "3", "MYS": "2"} if placements is None else placements
    tiers = {k: Tier(v) for k, v in given.items()}
    return PublishedCycle(cid, year, f"Shadow {cid}", WHEN, tiers, {"THA": "forced labour at sea"})


# -- the core ------------------------------------------------------------------------------
def test_a_cycle_beside_the_official_year_says_where_they_differ_and_what_it_left_out(
    make_record: Callable[..., Record], reg: Registry
) -> None:
    record = make_record([("THA", 2020, "2WL"), ("MYS", 2020, "2"), ("BRA", 2020, "2")], [2020])
    b = beside_official(record, reg, shadow())
    by = {r.country.iso3: r for r in b.rows}
    assert sorted(by) == ["BRA", "MYS", "THA"]  # every country either places
    assert by["THA"].differs and by["THA"].official.tier is Tier.T2WL
    assert not by["MYS"].differs
    assert by["BRA"].tier is None and not by["BRA"].differs  # not assessed: no difference
    assert by["BRA"].words == NOT_ASSESSED.lower()
    assert [r.country.iso3 for r in b.differing] == ["THA"]
    assert [r.country.iso3 for r in b.not_assessed] == ["BRA"]
    assert b.counts()["3"] == 1 and b.counts()["2"] == 1 and b.counts()["1"] == 0
    assert b.summary() == (
        "Shadow 1 placed 2 countries for the 2020 report; 1 differs from the official placement"
        " (1 on a lower tier)."
    )
    assert by["THA"].direction == "lower" and by["MYS"].direction is None
    assert b.by_region() == [
        {
            "region": "EAP",
            "name": "East Asia and Pacific",
            "placed": 2,
            "differ": 1,
            "lower": 1,
            "higher": 0,
        }
    ]
    assert b.to_dict()["lower"] == 1 and b.to_dict()["higher"] == 0
    assert b.caveat().startswith("Shadow placements of Shadow 1 (cycle 1), published 2026-05-02 -")
    assert b.caveat().isascii()
    row = b.to_dict()["rows"][-1]
    assert row == {
        "iso3": "THA",
        "name": "Thailand",
        "region": "EAP",
        "year": 2020,
        "tier": "3",
        "official_tier": "2WL",
        "official_status": "placed",
        "differs": True,
        "direction": "lower",
    }
    only3 = beside_official(record, reg, shadow(), tier=Tier.T3)
    assert [r.country.iso3 for r in only3.rows] == ["THA"]
    assert only3.summary().endswith(
        "placed 2 countries for the 2020 report; of those shown"
        " (Tier 3), 1 differs from the official placement (1 on a lower tier)."
    )
    assert [r.country.iso3 for r in beside_official(record, reg, shadow(), region="WHA").rows] == [
        "BRA"
    ]


def test_a_year_the_record_lacks_leaves_the_official_side_empty(
    make_record: Callable[..., Record], reg: Registry
) -> None:
    record = make_record([("THA", 2020, "2")], [2020])
    b = beside_official(record, reg, shadow(year=2021))
    assert not b.official_in_record
    assert [r.country.iso3 for r in b.rows] == ["MYS", "THA"]  # the cycle's own only
    assert all(r.official.tier is None and not r.differs for r in b.rows)
    assert all(r.official.status == "out_of_record" for r in b.rows)
    assert "no official 2021 report yet" in b.summary()


def test_a_cycle_record_is_its_own_placements_labelled_never_the_official_ones() -> None:
    rec = shadow().record()
    assert rec.years == (2020,)
    assert {p.iso3: p.tier for p in rec.year(2020)} == {"THA": Tier.T3, "MYS": Tier.T2}
    assert {p.source for p in rec.year(2020)} == {"cycle 1: Shadow 1 (2020)"}


def test_sources_are_official_or_a_published_cycle_of_the_year_asked() -> None:
    cycles = [shadow(1, 2020), shadow(2, 2021), shadow(3, 2021)]
    assert parse_source(None) is None and parse_source("official") is None
    assert parse_source("cycle:3") == 3
    for bad in ("cycle:", "cycle:0", "cycle:x", "Cycle:1", "cycle:1!", "official2", "3"):
        with pytest.raises(BadInput, match="is not a record source") as e:
            parse_source(bad)
        assert e.value.field == "source"
    assert find_published(cycles, "official", 2020) is None
    assert find_published(cycles, "cycle:2", 2021) is cycles[1]
    with pytest.raises(UnknownSource, match="No published cycle 9") as gone:
        find_published(cycles, "cycle:9")
    assert gone.value.http_status == 404
    with pytest.raises(UnknownSource, match="for the 2021 report, not 2020: ask for 2021"):
        find_published(cycles, "cycle:2", 2020)
    assert [c.id for c in sources(cycles)] == [2, 3, 1]
    assert [c.id for c in sources(cycles, 2020)] == [1]


def test_a_country_in_every_published_cycle_beside_the_official_placement(
    make_record: Callable[..., Record],
) -> None:
    record = make_record([("THA", 2020, "2WL"), ("THA", 2021, "3")], [2020, 2021])
    cycles = [shadow(2, 2021, {"THA": "3"}), shadow(1, 2020), shadow(3, 2022, {"MYS": "1"})]
    got = country_beside(record, cycles, "THA")
    assert [(b.cycle.id, b.tier.value, b.differs) for b in got] == [(1, "3", True), (2, "3", False)]
    assert got[0].reason == "forced labour at sea"
    assert got[0].to_dict()["official_tier"] == "2WL"
    assert country_beside(record, cycles, "BRA") == ()


# -- the store -----------------------------------------------------------------------------
def publish(svc: Cycles, year: int, tiers: dict[str, str], name: str, *, go: bool = True) -> int:
    """A cycle of ``tiers`` (ISO3 -> tier) decided by one person holding every role, and
    published unless ``go`` is False; its number."""
    if "lay" not in {u["name"] for u in svc.users()}:
        svc.add_user("lay")
    cid = int(svc.new_cycle("lay", year, name, countries=list(tiers))["id"])
    for role in ("analyst", "reviewer", "decider"):
        svc.add_member("lay", cid, "lay", role)
    for iso3, tier in tiers.items():
        v = svc.assessment(cid, iso3, "lay")["version"]
        v = svc.recommend("lay", cid, iso3, tier, "our reading", v)["version"]
        v = svc.review("lay", cid, iso3, "clear", "agreed")["version"]
        svc.decide("lay", cid, iso3, tier, "our reading of the evidence", v)
    if go:
        svc.publish("lay", cid)
    return cid


def test_the_store_gives_published_cycles_only_and_creates_nothing(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "plain.db"))
    assert published_cycles(store) == []  # no cycle tables: none, and none made
    from sqlalchemy import inspect

    with store.engine().connect() as conn:
        assert not inspect(conn).has_table("cycles")
    svc = Cycles(store)
    draft = publish(svc, 2025, {"THA": "3"}, "Draft", go=False)
    cid = publish(svc, 2025, {"THA": "3", "MYS": "1"}, "Coalition 2025")
    got = published_cycles(store)
    assert [c.id for c in got] == [cid] and draft not in [c.id for c in got]
    assert got[0].placements == {"MYS": Tier.T1, "THA": Tier.T3}
    assert got[0].reasons["THA"] == "our reading of the evidence"
    assert got[0].label == svc.placements(cid, None)["source"]  # the label publish wrote
    assert published_cycles(store, frozenset({cid})) == []
    store.close()


def test_the_cache_reads_a_cycle_once_and_looks_for_new_ones_each_interval(
    tmp_path: Path,
) -> None:
    store = Store.open(str(tmp_path / "cache.db"))
    svc = Cycles(store)
    now = [0.0]
    cache = PublishedCache(store, interval=1.0, clock=lambda: now[0])
    assert cache() == ()
    first = publish(svc, 2025, {"THA": "3"}, "One")
    assert cache() == ()  # within the interval: not looked for yet
    now[0] = 1.5
    (one,) = cache()
    assert one.id == first
    publish(svc, 2025, {"MYS": "1"}, "Two")
    now[0] = 3.0
    again = cache()
    assert again[0] is one and [c.name for c in again] == ["One", "Two"]
    store.close()


# -- the API -------------------------------------------------------------------------------
@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, Cycles]]:
    from tiptiers.web.app import create_app

    url = str(tmp_path / "api.db")
    with TestClient(create_app(url)) as client:
        svc = Cycles(Store.open(url))
        yield client, svc
        svc.store.close()


def test_the_api_offers_a_published_cycle_beside_the_official_year(
    served: tuple[TestClient, Cycles],
) -> None:
    client, svc = served
    assert client.get("/api/v1/sources").json()[0]["source"] == "official"
    draft = publish(svc, 2025, {"THA": "1"}, "Draft", go=False)
    cid = publish(svc, 2025, {"THA": "3", "MYS": "2"}, "Coalition 2025")
    future = publish(svc, 2026, {"THA": "2"}, "Coalition 2026")
    svc.store.close()
    # the app looks for new cycles at most once a second
    import time

    time.sleep(1.1)
    listed = client.get("/api/v1/sources").json()
    assert [s["source"] for s in listed] == ["official", f"cycle:{future}", f"cycle:{cid}"]
    assert [s["source"] for s in client.get("/api/v1/sources?year=2025").json()] == [
        "official",
        f"cycle:{cid}",
    ]
    assert "Coalition 2025" in client.get("/api/v1/sources?format=csv").text

    r = client.get(f"/api/v1/years/2025?source=cycle:{cid}")
    assert r.status_code == 200
    body = r.json()
    assert body["source"]["caption"].startswith("Shadow placements of Coalition 2025")
    assert "not the State Department's" in r.headers["x-tiptiers-caveat"]
    rows = {x["iso3"]: x for x in body["rows"]}
    assert rows["THA"]["tier"] == "3" and rows["THA"]["official_tier"] == "2"
    assert rows["THA"]["differs"] is True
    assert rows["BRA"]["tier"] is None and rows["BRA"]["official_tier"] is not None
    assert body["differ"] >= 1 and body["not_assessed"] == len(rows) - 2
    csv = client.get(f"/api/v1/years/2025?source=cycle:{cid}&format=csv&tier=3").text
    assert csv.splitlines()[0] == (
        "iso3,name,region,year,tier,official_tier,official_status,differs,direction"
    )
    assert csv.splitlines()[1] == "THA,Thailand,EAP,2025,3,2,placed,true,lower"
    # the official answer is unchanged by the new parameter
    assert (
        client.get("/api/v1/years/2025?source=official").json()
        == client.get("/api/v1/years/2025").json()
    )
    # a report the record lacks: the cycle's side alone, said so
    nxt = client.get(f"/api/v1/years/2026?source=cycle:{future}").json()
    assert nxt["official_in_record"] is False and nxt["rows"][0]["official_tier"] is None

    country = client.get("/api/v1/countries/Thailand/cycles").json()
    assert [(c["source"]["source"], c["tier"]) for c in country] == [
        (f"cycle:{cid}", "3"),
        (f"cycle:{future}", "2"),
    ]
    assert "Draft" not in client.get("/api/v1/countries/THA/cycles?format=csv").text

    for url, status in (
        (f"/api/v1/years/2025?source=cycle:{draft}", 404),  # a draft is never a source
        ("/api/v1/years/2025?source=cycle:999", 404),
        (f"/api/v1/years/2024?source=cycle:{cid}", 404),  # another report year
        ("/api/v1/years/2025?source=mine", 422),
        ("/api/v1/countries/Atlantis/cycles", 404),
    ):
        got = client.get(url)
        assert got.status_code == status, url
        assert set(got.json()) >= {"error", "message"} and "\n" not in got.json()["message"]
    assert "Draft" not in client.get("/api/v1/sources").text


def test_the_openapi_document_names_the_sources(served: tuple[TestClient, Cycles]) -> None:
    doc = served[0].get("/openapi.json").json()
    assert "/api/v1/sources" in doc["paths"]
    assert "/api/v1/countries/{code}/cycles" in doc["paths"]
    params = {p["name"]: p for p in doc["paths"]["/api/v1/years/{year}"]["get"]["parameters"]}
    assert params["source"]["schema"]["anyOf"][0]["pattern"].startswith("^(official|cycle:")


# -- the CLI -------------------------------------------------------------------------------
def test_the_cli_shows_a_published_cycle_beside_the_official_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from tiptiers import api
    from tiptiers.cli import main

    url = str(tmp_path / "cli.db")
    monkeypatch.setenv("TIPTIERS_DATABASE_URL", url)
    api.use_database(None)
    try:
        store = Store.open(url)
        svc = Cycles(store)
        draft = publish(svc, 2025, {"THA": "1"}, "Draft", go=False)
        cid = publish(svc, 2025, {"THA": "3", "MYS": "2"}, "Coalition 2025")
        store.close()

        def run(*args: str) -> tuple[int, str, str]:
            code = main(list(args))
            out, err = capsys.readouterr()
            return code, out, err

        code, out, _ = run("year", "2025", "--source", f"cycle:{cid}", "--tier", "3")
        assert code == 0
        assert "Thailand" in out and "differs" in out and "Malaysia" not in out
        assert "By regional bureau" in out and "East Asia and Pacific" in out
        assert "not the State" in out and "Department's" in out
        code, out, err = run("year", "2025", "-s", f"cycle:{cid}", "-f", "json")
        assert code == 0 and "not the State Department's" in err
        assert json.loads(out)["source"]["source"] == f"cycle:{cid}"
        svg = tmp_path / "shadow.svg"
        assert run("map", "2025", "--source", f"cycle:{cid}", "-o", str(svg))[0] == 0
        text = svg.read_text()
        assert "Coalition 2025" in text and "Not assessed by this cycle" in text
        assert "not the State Department" in text
        for args, words in (
            (("year", "2025", "--source", f"cycle:{draft}"), f"No published cycle {draft}"),
            (("year", "2024", "--source", f"cycle:{cid}"), "for the 2025 report, not 2024"),
            (("map", "2025", "--source", "shadow", "-o", str(svg)), "is not a record source"),
            (("map", "2025", "-s", "cycle:99", "-o", str(svg)), "No published cycle 99"),
        ):
            code, out, err = run(*args)
            assert code == 2 and words in err and len(err.strip().splitlines()) == 1, args
    finally:
        api.use_database(None)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    placed=st.dictionaries(
        st.sampled_from(["THA", "MYS", "BRA", "RUS", "FRA", "NGA", "ATG"]),
        st.sampled_from(["1", "2", "2WL", "3", "special_case"]),
        max_size=7,
    ),
    year=st.sampled_from([2003, 2015, 2025, 2026]),
)
def test_a_layer_never_changes_the_official_side(
    record: Record, reg: Registry, placed: dict[str, str], year: int
) -> None:
    """Whatever a cycle places: the official side of every row is the record's own lookup,
    the rows are the union of both, a difference needs both tiers, and the record is left
    as it was."""
    before = record.year(year) if year in record.coverage else ()
    b = beside_official(record, reg, shadow(7, year, placed))
    official = {p.iso3 for p in before}
    assert {r.country.iso3 for r in b.rows} == set(placed) | official
    for r in b.rows:
        assert r.official == record.lookup(r.country.iso3, year)
        assert r.differs == (
            r.tier is not None and r.official.tier is not None and r.tier is not r.official.tier
        )
    assert sum(b.counts().values()) == len(placed)
    assert len(b.not_assessed) == len(official - set(placed))
    assert (record.year(year) if year in record.coverage else ()) == before


# -- the pages (the browser test draws them) ---------------------------------------------------
def test_the_pages_show_a_cycle_once_published_and_never_a_draft(
    served: tuple[TestClient, Cycles],
) -> None:
    import time

    client, svc = served
    assert 'id="source-select"' not in client.get("/?year=2025").text  # no cycle: no picker
    draft = publish(svc, 2025, {"THA": "1"}, "Draft", go=False)
    cid = publish(svc, 2025, {"THA": "3", "MYS": "2"}, "Coalition 2025")
    time.sleep(1.1)  # the app looks for new cycles once a second
    home = client.get("/?year=2025").text  # the page served before is not served again
    assert 'id="source-select"' in home and f'value="cycle:{cid}"' in home
    assert "Draft" not in home
    layer = client.get(f"/?source=cycle:{cid}&view=table").text
    assert "not the State Department&#39;s" in layer and f"/cycles/{cid}/compare" in layer
    assert "The official record's placements: Coalition 2025 placed" in layer  # Chart tab
    assert 'id="regions-table"' in layer and "East Asia and Pacific" in layer
    assert client.get(f"/?source=cycle:{cid}&year=2020", follow_redirects=False).headers[
        "location"
    ] == (f"/?source=cycle:{cid}")
    for url in (f"/?source=cycle:{draft}", f"/compare?c=THA&source=cycle:{draft}", "/?source=x"):
        got = client.get(url, headers={"Accept": "text/html"})
        assert got.status_code in (404, 422) and "Draft" not in got.text, url
    compare = client.get(f"/compare?c=THA,BRA&source=cycle:{cid}").text
    assert "shadow-row" in compare and "≠ official Tier 2" in compare
    assert "not assessed by this cycle" in compare  # Brazil
    added = client.get(f"/compare?c=THA&add=Brazil&source=cycle:{cid}", follow_redirects=False)
    assert added.headers["location"] == f"/compare?c=THA,BRA&source=cycle:{cid}"
    country = client.get("/country/THA").text
    assert 'id="shadow"' in country and "Coalition 2025" in country and "Draft" not in country
    assert 'id="shadow"' not in client.get("/country/FRA").text
    assert f'href="/?source=cycle:{cid}"' in client.get("/year/2025").text
    assert "?source=cycle:" not in client.get("/year/2024").text
