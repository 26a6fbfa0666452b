"""Fixtures of the cycle tests: a store with the cycle tables (SQLite in a temporary file,
or a fresh PostgreSQL database), a team of users on a five-country 2026 cycle, and the
pages' test client with its sign-in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tiptiers.cycle.service import Cycles
from tiptiers.store import Store

#: Five countries whose Watch List clocks before the 2026 report differ (the packaged
#: record): off the list, counting, a waiver needed, no waiver left, barred by (F).
COUNTRIES = ("THA", "BRA", "KGZ", "COG", "DJI")
PASSWORD = "correct horse battery"


def team(svc: Cycles) -> int:
    """Users adm (admin), ana (analyst), rev (reviewer), dec (decider), vic (viewer) and
    a 2026 cycle of :data:`COUNTRIES`; returns its id."""
    for name in ("adm", "ana", "rev", "dec", "vic", "out"):
        svc.add_user(name, PASSWORD)
    cid = int(svc.new_cycle("adm", 2026, "Shadow 2026", countries=list(COUNTRIES))["id"])
    for name, role in (
        ("ana", "analyst"),
        ("rev", "reviewer"),
        ("dec", "decider"),
        ("vic", "viewer"),
    ):
        svc.add_member("adm", cid, name, role)
    return cid


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Cycles]:
    store = Store.open(str(tmp_path / "cycle.db"))
    yield Cycles(store)
    store.close()


@pytest.fixture
def pg_svc(postgres_database: str) -> Iterator[Cycles]:
    store = Store.open(postgres_database)
    yield Cycles(store)
    store.close()


@pytest.fixture
def cycle(svc: Cycles) -> int:
    return team(svc)


def recommended(
    svc: Cycles, cid: int, iso3: str, facts: dict[str, Any], tier: str
) -> dict[str, Any]:
    """Facts saved and a tier recommended by ana, cleared by rev; the state after."""
    v = svc.assessment(cid, iso3, "ana")["version"]
    v = svc.save_facts("ana", cid, iso3, facts, v)["version"]
    svc.recommend("ana", cid, iso3, tier, "the evidence shows it", v)
    return svc.review("rev", cid, iso3, "clear", "agreed")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[TestClient, Cycles]]:
    from tiptiers.web.app import create_app

    url = str(tmp_path / "pages.db")
    svc = Cycles(Store.open(url))
    team(svc)
    with TestClient(create_app(url), follow_redirects=False) as client:
        yield client, svc
    svc.store.close()


def csrf(text: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', text)
    assert m is not None
    return m.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> int:
    token = csrf(client.get("/cycles/login").text)
    return client.post(
        "/cycles/login",
        data={"csrf": token, "name": name, "password": password, "next": "/cycles/1"},
    ).status_code
