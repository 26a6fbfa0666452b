"""A cycle in the store: the workflow, the statute's refusals, overrides, conflicts, the
append-only trail and its verification, publish, export and import — on SQLite, and the
whole run once more on PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.cycle.conftest import COUNTRIES, PASSWORD, recommended, team

from tiptiers.cycle.core import Conflict, Forbidden, NotSignedIn, Refused
from tiptiers.cycle.service import Cycles
from tiptiers.errors import BadInput, TiptiersError

B = {
    "fully_complies": False,
    "making_significant_efforts": True,
    "concrete_actions": [{"description": "new shelters", "date": "2025-09-01"}],
    "victims_very_significant_or_significantly_increasing": False,
    "no_evidence_of_increasing_efforts_vs_prior_year": False,
}
WATCH = {
    **B,
    "victims_very_significant_or_significantly_increasing": True,
    "taking_proportional_concrete_actions": False,
    "no_evidence_of_increasing_efforts_vs_prior_year": True,
}
PRONGS = {
    "granted": True,
    "written_plan_exists": True,
    "plan_would_constitute_significant_efforts": True,
    "sufficient_resources_devoted": True,
    "credible_evidence_reported_to_SFRC_HFAC": True,
}


def run_cycle(svc: Cycles) -> int:
    """The whole cycle of issue 22's done-when: one override with its reason, one placement
    the statute refuses, one 409 conflict, verify passing, publish."""
    cid = team(svc)
    # THA: Tier 2 as the facts support; evidence with a source
    svc.add_evidence(
        "ana",
        cid,
        "THA",
        {
            "fact": "making_significant_efforts",
            "title": "Court records",
            "url": "https://example.org/r",
            "date": "2025-11-02",
        },
    )
    st = recommended(svc, cid, "THA", B, "2")
    assert st["supported_tier"] == "2"
    svc.decide("dec", cid, "THA", "2", "", st["version"])
    # BRA: recommended Tier 2, decided Tier 2 Watch List: an override with its reason
    st = recommended(svc, cid, "BRA", B, "2")
    with pytest.raises(BadInput, match="override"):
        svc.decide("dec", cid, "BRA", "2WL", "", st["version"])
    st = svc.decide("dec", cid, "BRA", "2WL", "victims rose late in the period", st["version"])
    assert st["override"] and st["final_reason"].startswith("victims")
    # COG: no waiver left, the Watch List is refused citing 7107(b)(2)(D)(i)
    st = recommended(svc, cid, "COG", WATCH, "3")
    with pytest.raises(Refused, match=r"7107\(b\)\(2\)\(D\)\(i\)"):
        svc.decide("dec", cid, "COG", "2WL", "we prefer it", st["version"])
    svc.decide("dec", cid, "COG", "3", "", st["version"])
    # KGZ: a third Watch List year with the waiver recorded with its prongs
    st = recommended(svc, cid, "KGZ", {**WATCH, "waiver": {"granted": False}}, "3")
    with pytest.raises(Refused, match="waiver"):
        svc.decide("dec", cid, "KGZ", "2WL", "plan", st["version"])
    st = svc.decide("dec", cid, "KGZ", "2WL", "a credible plan", st["version"], waiver=PRONGS)
    assert st["final_tier"] == "2WL" and st["facts"]["waiver"]["granted"] is True
    # DJI: two analysts' saves cross; the stale one is a 409 showing the other change
    v = svc.assessment(cid, "DJI", "ana")["version"]
    svc.save_facts("ana", cid, "DJI", {"fully_complies": False}, v)
    with pytest.raises(Conflict) as stale:
        svc.save_facts("ana", cid, "DJI", {"fully_complies": True}, v)
    assert stale.value.http_status == 409
    assert stale.value.change["events"][0]["field"] == "facts.fully_complies"
    assert svc.assessment(cid, "DJI", "ana")["facts"] == {"fully_complies": False}
    st = recommended(
        svc, cid, "DJI", {"fully_complies": False, "making_significant_efforts": False}, "3"
    )
    svc.decide("dec", cid, "DJI", "3", "", st["version"])
    assert svc.verify(cid).ok
    published = svc.publish("adm", cid)
    assert published["status"] == "published"
    return cid


def test_a_five_country_cycle_from_new_to_publish(svc: Cycles) -> None:
    cid = run_cycle(svc)
    check = svc.verify(cid)
    assert check.ok and check.events > 30
    placements = svc.placements(cid, None)
    assert placements["source"] == "cycle 1: Shadow 2026 (2026)"
    assert {p["iso3"]: p["tier"] for p in placements["placements"]} == {
        "THA": "2",
        "BRA": "2WL",
        "COG": "3",
        "KGZ": "2WL",
        "DJI": "3",
    }
    assert [o["iso3"] for o in svc.overrides(cid, "vic")] == ["BRA", "KGZ"]
    drafts = svc.determinations(cid, None)
    assert [d["iso3"] for d in drafts] == ["COG", "DJI"]
    with pytest.raises(Refused, match="published"):
        svc.save_facts("ana", cid, "THA", {}, None)
    # who changed Thailand's facts, when, and why
    hist = svc.history(cid, "vic", "THA", "making_significant_efforts")
    assert [e["action"] for e in hist] == ["evidence", "fact"]


def test_the_same_cycle_on_postgresql(pg_svc: Cycles) -> None:
    cid = run_cycle(pg_svc)
    assert pg_svc.verify(cid).ok


def test_roles_decide_what_each_may_do(svc: Cycles, cycle: int) -> None:
    v = svc.assessment(cycle, "THA", "vic")["version"]
    with pytest.raises(Forbidden):
        svc.save_facts("vic", cycle, "THA", B, v)
    with pytest.raises(Forbidden):
        svc.save_facts("dec", cycle, "THA", B, v)
    with pytest.raises(Forbidden):
        svc.cycle(cycle, "out")
    with pytest.raises(NotSignedIn):
        svc.cycle(cycle, None)
    st = recommended(svc, cycle, "THA", B, "2")
    with pytest.raises(Forbidden, match="may not decide"):
        svc.decide("ana", cycle, "THA", "2", "", st["version"])
    with pytest.raises(Forbidden):
        svc.review("ana", cycle, "THA", "clear", "looks fine")
    with pytest.raises(Forbidden):
        svc.add_member("ana", cycle, "out", "admin")
    svc.add_member("adm", cycle, "out", "analyst", "WHA")
    with pytest.raises(Forbidden, match="outside"):
        svc.save_facts("out", cycle, "THA", B, None)
    assert svc.save_facts("out", cycle, "BRA", B, None)["facts"] == B


def test_bad_input_writes_nothing(svc: Cycles, cycle: int) -> None:
    before = svc.verify(cycle).events
    bad: list[Any] = [
        lambda: svc.add_evidence("ana", cycle, "THA", {"fact": "fully_complies", "title": ""}),
        lambda: svc.add_evidence("ana", cycle, "THA", {"fact": "no_such_fact", "title": "x"}),
        lambda: svc.add_evidence(
            "ana", cycle, "THA", {"fact": "fully_complies", "title": "x", "date": "2025-13-40"}
        ),
        lambda: svc.add_evidence(
            "ana", cycle, "THA", {"fact": "fully_complies", "title": "x", "url": "javascript:1"}
        ),
        lambda: svc.save_facts("ana", cycle, "Atlantis", B, None),
        lambda: svc.save_facts("ana", cycle, "FRA", B, None),
        lambda: svc.save_facts("ana", cycle, "THA", {"fully_complies": "maybe"}, None),
        lambda: svc.recommend("ana", cycle, "THA", "Tier 9", "why", None),
        lambda: svc.recommend("ana", cycle, "THA", "2", "  ", None),
        lambda: svc.new_cycle("adm", 1990, "old"),
        lambda: svc.new_cycle("adm", 2026, "x", countries=["Atlantis"]),
        lambda: svc.new_cycle("adm", 2026, "x", period_start="2026-01-01", period_end="2025-01-01"),
        lambda: svc.add_user("bad name!"),
        lambda: svc.add_user("short", "pw"),
    ]
    for attempt in bad:
        with pytest.raises(TiptiersError) as err:
            attempt()
        assert "\n" not in err.value.message and 400 <= err.value.http_status < 500
    assert svc.verify(cycle).events == before
    assert svc.assessment(cycle, "THA", "ana")["version"] == 1


def test_evidence_outside_the_period_is_flagged_and_kept(svc: Cycles, cycle: int) -> None:
    e = svc.add_evidence(
        "ana", cycle, "THA", {"fact": "fully_complies", "title": "Old law", "date": "2019-01-01"}
    )
    assert e["outside_period"] is True
    assert svc.assessment(cycle, "THA", "ana")["evidence"][0]["title"] == "Old law"


def test_the_database_refuses_to_change_an_event_and_verify_names_a_tampered_one(
    svc: Cycles, cycle: int, tmp_path: Path
) -> None:
    recommended(svc, cycle, "THA", B, "2")
    db = sqlite3.connect(tmp_path / "cycle.db")
    for sql in (
        "UPDATE cycle_events SET actor = 'eve' WHERE seq = 3",
        "DELETE FROM cycle_events WHERE seq = 3",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(sql)
    # someone with the file drops the trigger and edits event 7
    db.execute("DROP TRIGGER cycle_events_no_update")
    db.execute("UPDATE cycle_events SET after = '\"3\"' WHERE seq = 7")
    db.commit()
    db.close()
    check = svc.verify(cycle)
    assert not check.ok and check.broken == 7 and "edited" in check.why


def test_postgresql_refuses_update_delete_and_truncate_of_events(pg_svc: Cycles) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    cid = team(pg_svc)
    for sql in (
        "UPDATE cycle_events SET actor = 'eve'",
        "DELETE FROM cycle_events",
        "TRUNCATE cycle_events",
    ):
        with pytest.raises(DBAPIError, match="append-only"), pg_svc.store.engine().begin() as conn:
            conn.execute(text(sql))
    assert pg_svc.verify(cid).ok


def test_export_and_import_keep_the_chain_and_refuse_a_tampered_file(
    svc: Cycles, cycle: int
) -> None:
    recommended(svc, cycle, "THA", B, "2")
    bundle = json.loads(json.dumps(svc.export(cycle, "adm")))
    out = svc.import_bundle("adm", bundle, name="Handed over")
    assert out["id"] != cycle and svc.verify(out["id"]).ok
    assert svc.assessment(out["id"], "THA", "adm")["recommended_tier"] == "2"
    events = svc.verify(out["id"]).events
    bundle["events"][3]["actor"] = "eve"
    with pytest.raises(BadInput, match="broken at event 4"):
        svc.import_bundle("adm", bundle, name="Tampered")
    with pytest.raises(BadInput, match="not a tiptiers cycle export"):
        svc.import_bundle("adm", {"format": "something else"}, name="Nope")
    assert [c["name"] for c in svc.cycles("adm")] == ["Shadow 2026", "Handed over"]
    assert svc.verify(out["id"]).events == events


def test_tokens_are_shown_once_and_stored_hashed(svc: Cycles, tmp_path: Path) -> None:
    svc.add_user("ana", "long enough password")
    token = svc.new_token("ana", "laptop")
    assert svc.user_for_token(token) == "ana"
    with pytest.raises(NotSignedIn):
        svc.user_for_token(token + "x")
    raw = (tmp_path / "cycle.db").read_bytes()
    assert token.encode() not in raw and b"long enough password" not in raw
    assert svc.check_login("ana", "long enough password") and not svc.check_login(
        "ana", "wrong password!"
    )
    assert svc.revoke_tokens("ana") == 1
    with pytest.raises(NotSignedIn):
        svc.user_for_token(token)


def test_an_old_database_is_upgraded_in_place(tmp_path: Path) -> None:
    """A database made before migrations (no alembic_version) keeps its record and gains
    the cycle tables; the baseline migration alone builds the same tables as the seed."""
    from sqlalchemy import create_engine, inspect

    from tiptiers.store import Store, schema
    from tiptiers.store.migrations import HEAD, config, upgrade

    path = tmp_path / "old.db"
    store = Store.open(str(path))
    revision = store.revision()
    assert upgrade(store) == HEAD
    assert store.revision() == revision and len(store.record()) > 4000
    names = set(inspect(store.engine()).get_table_names())
    assert {"cycles", "cycle_events", "alembic_version"} <= names
    # an empty database upgraded by Alembic alone has the seed's tables and columns
    from alembic import command

    empty = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with empty.begin() as conn:
        command.upgrade(config(conn), "0001_baseline")
        made = {t: [c["name"] for c in inspect(conn).get_columns(t)] for t in schema.TABLE_NAMES}
        command.upgrade(config(conn), "head")
        indexes = {i["name"] for i in inspect(conn).get_indexes("determinations")}
    assert made == {t.name: [c.name for c in t.columns] for t in schema.metadata.sorted_tables}
    assert schema.DETERMINATION_UNIQUE in indexes


def test_the_head_constant_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    from tiptiers.store.migrations import HEAD, config

    assert ScriptDirectory.from_config(config()).get_current_head() == HEAD


def test_the_cycle_tables_match_the_migrations(svc: Cycles) -> None:
    from sqlalchemy import inspect

    from tiptiers.cycle import tables

    insp = inspect(svc.store.engine())
    for table in tables.metadata.sorted_tables:
        assert [c["name"] for c in insp.get_columns(table.name)] == [c.name for c in table.columns]


def test_countries_default_to_the_last_report(svc: Cycles) -> None:
    svc.add_user("adm")
    data = svc.new_cycle("adm", 2026, "Everyone")
    assert len(data["board"]) == len(svc.record().year(2025)) and "THA" in {
        b["iso3"] for b in data["board"]
    }
    assert COUNTRIES


def test_an_old_postgresql_database_is_upgraded_in_place(postgres_database: str) -> None:
    from sqlalchemy import inspect

    from tiptiers.store import Store
    from tiptiers.store.migrations import HEAD, upgrade

    store = Store.open(postgres_database)
    revision, placements = store.revision(), len(store.record())
    assert upgrade(store) == HEAD and upgrade(store) == HEAD  # twice: the second is a no-op
    assert (store.revision(), len(store.record())) == (revision, placements)
    assert {"cycles", "cycle_events", "users"} <= set(inspect(store.engine()).get_table_names())
    store.close()


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_baseline_database_takes_the_new_determination_codes(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A database at the baseline (codes of 8 characters, d1-d4 and other) upgraded in place
    keeps its rows, accepts d1A, waiver and compliance at 0004, and at the head holds every
    row under the statute's names (0005: d1 -> d1A_i, compliance -> d3); a code outside them
    is refused."""
    from alembic import command
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import IntegrityError

    from tiptiers.store.migrations import config

    url = (
        f"sqlite:///{tmp_path / 'base.db'}"
        if engine == "sqlite"
        else request.getfixturevalue("postgres_database")
    )
    eng = create_engine(url)
    row = "INSERT INTO determinations (fiscal_year, report_year, country, iso3, determination, complete) VALUES (2004, 2003, 'x', :iso3, :code, true)"
    with eng.begin() as conn:
        command.upgrade(config(conn), "0001_baseline")
        conn.execute(text(row), {"iso3": "AAA", "code": "d1"})
        command.upgrade(config(conn), "0004_determination_codes")
        conn.execute(text(row), {"iso3": "BBB", "code": "compliance"})
        conn.execute(text(row), {"iso3": "DDD", "code": "d3"})  # the source's partial waiver
        command.upgrade(config(conn), "head")
        conn.execute(text(row), {"iso3": "EEE", "code": "d4_full"})
    with pytest.raises(IntegrityError), eng.begin() as conn:
        conn.execute(text(row), {"iso3": "FFF", "code": "compliance"})
    with pytest.raises(IntegrityError), eng.begin() as conn:
        conn.execute(text(row), {"iso3": "CCC", "code": "bogus"})
    with eng.connect() as conn:
        assert conn.execute(
            text("SELECT iso3, determination FROM determinations ORDER BY iso3")
        ).all() == [("AAA", "d1A_i"), ("BBB", "d3"), ("DDD", "d4_partial"), ("EEE", "d4_full")]
    eng.dispose()


def test_the_period_can_change_while_open_and_flags_evidence_again(svc: Cycles, cycle: int) -> None:
    e = svc.add_evidence(
        "ana", cycle, "THA", {"fact": "fully_complies", "title": "Old law", "date": "2024-06-01"}
    )
    assert e["outside_period"] is True
    with pytest.raises(Forbidden):
        svc.set_period("ana", cycle, start="2024-04-01")
    with pytest.raises(BadInput, match="must end after"):
        svc.set_period("adm", cycle, start="2026-05-01")
    data = svc.set_period("adm", cycle, start="2024-04-01", planned_release="2026-06-24")
    assert data["period"] == {"start": "2024-04-01", "end": "2026-03-31"}
    assert svc.assessment(cycle, "THA", "ana")["evidence"][0]["outside_period"] is False
    assert [e["field"] for e in svc.history(cycle, "adm") if e["action"] == "period"] == [
        "period_start",
        "planned_release",
    ]
    assert svc.verify(cycle).ok


def _sign_in_limit(svc: Cycles) -> None:
    from tiptiers.cycle import tables as t
    from tiptiers.cycle.auth import LOGIN_ATTEMPTS, LOGIN_WINDOW
    from tiptiers.cycle.core import TooManyTries

    now = [1_000_000.0]
    svc.clock = lambda: now[0]
    for _ in range(LOGIN_ATTEMPTS):
        assert svc.sign_in("rev", "wrong password", "10.0.0.1") is False
        now[0] += 1
    with pytest.raises(TooManyTries) as exc:
        svc.sign_in("rev", PASSWORD, "10.0.0.2")  # the name is limited from anywhere
    assert exc.value.http_status == 429
    assert 0 < exc.value.wait <= LOGIN_WINDOW
    with pytest.raises(TooManyTries):
        svc.sign_in("dec", PASSWORD, "10.0.0.1")  # and the address for any name
    assert svc.sign_in("dec", PASSWORD, "10.0.0.3") is True
    now[0] += LOGIN_WINDOW  # the window has passed: the right password works again
    assert svc.sign_in("rev", PASSWORD, "10.0.0.1") is True
    with svc._read() as conn:
        keys = [
            r[0]
            for r in conn.execute(
                t.login_failures.select().with_only_columns(t.login_failures.c.key)
            )
        ]
    # the success forgot the name's failures; the address's stay until they expire
    assert "name:rev" not in keys and keys.count("ip:10.0.0.1") == LOGIN_ATTEMPTS
    assert svc.sign_in("rev", "wrong password", "10.0.0.9") is False
    with svc._read() as conn:
        keys = [
            r[0]
            for r in conn.execute(
                t.login_failures.select().with_only_columns(t.login_failures.c.key)
            )
        ]
    assert sorted(keys) == ["ip:10.0.0.9", "name:rev"]  # expired rows are deleted


def test_failed_sign_ins_are_counted_in_the_database(svc: Cycles, cycle: int) -> None:
    _sign_in_limit(svc)


def test_failed_sign_ins_are_counted_on_postgresql(pg_svc: Cycles) -> None:
    team(pg_svc)
    _sign_in_limit(pg_svc)
