"""An author corrects or withdraws their own evidence or comment: the row takes the new
wording (or is marked withdrawn), the trail keeps the old one as a new event with the
reason, nobody else may do it, a verdict is not withdrawn, a stale correction is a
conflict, bad input writes nothing, and ``cycle verify`` still passes — through the
service, the CLI and the pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.cycle.conftest import PASSWORD, csrf, sign_in, team

from tiptiers.cycle.core import Conflict, Forbidden, NotFound, Refused
from tiptiers.cycle.service import Cycles
from tiptiers.errors import BadInput
from tiptiers.store import Store

ITEM = {"fact": "fully_complies", "title": "Court data", "date": "2025-05-01"}


def events(svc: Cycles) -> int:
    return len(svc.history(1, "adm"))


@pytest.fixture
def with_entries(svc: Cycles) -> tuple[Cycles, int, int]:
    """The team, a second analyst 'bea', ana's evidence and rev's comment and clearance."""
    team(svc)
    svc.add_user("bea")
    svc.add_member("adm", 1, "bea", "analyst")
    eid = svc.add_evidence("ana", 1, "THA", ITEM)["id"]
    svc.review("rev", 1, "THA", "comment", "thin")
    cid = svc.assessment(1, "THA", "rev")["comments"][0]["id"]
    return svc, eid, cid


def test_evidence_is_corrected_then_withdrawn_and_the_trail_keeps_each_wording(
    with_entries: tuple[Cycles, int, int],
) -> None:
    svc, eid, _ = with_entries
    e = svc.correct(
        "ana", 1, "THA", "evidence", eid, {"date": "2024-12-01"}, "the report's date", 1
    )
    assert (e["revision"], e["date"], e["outside_period"], e["title"]) == (
        2,
        "2024-12-01",
        True,  # flagged again: the period starts 2025-04-01
        "Court data",
    )
    svc.withdraw("ana", 1, "THA", "evidence", eid, "about another country", 2)
    state = svc.assessment(1, "THA", "ana")
    [row] = state["evidence"]
    assert row["withdrawn"] and row["change_reason"] == "about another country"
    trail = [e for e in state["history"] if e["action"].startswith("evidence")]
    assert [e["action"] for e in trail] == ["evidence", "evidence_correct", "evidence_withdraw"]
    assert trail[1]["before"]["date"] == "2025-05-01" and trail[1]["after"]["date"] == "2024-12-01"
    assert trail[1]["reason"] == "the report's date" and trail[1]["field"] == "facts.fully_complies"
    assert trail[2]["after"]["withdrawn"] is True
    # the field's history answers "who changed the evidence for this fact, when, why"
    assert [e["action"] for e in svc.history(1, "ana", "THA", "fully_complies")] == [
        "evidence",
        "evidence_correct",
        "evidence_withdraw",
    ]
    assert svc.report_data(1, "adm")["countries"][-1]["evidence"] == []  # not in the report
    with pytest.raises(Refused, match="was withdrawn"):
        svc.correct("ana", 1, "THA", "evidence", eid, {"title": "again"}, "again")
    assert svc.verify(1).ok


def test_only_the_author_corrects_or_withdraws(with_entries: tuple[Cycles, int, int]) -> None:
    svc, eid, cid = with_entries
    before = events(svc)
    for who, error in (
        ("bea", Forbidden),
        ("rev", Forbidden),
        ("vic", Forbidden),
        ("out", Forbidden),
    ):
        with pytest.raises(error):
            svc.correct(who, 1, "THA", "evidence", eid, {"title": "mine now"}, "taking it over")
        with pytest.raises(error):
            svc.withdraw(who, 1, "THA", "evidence", eid, "not needed")
    for who in ("ana", "dec", "adm", "vic"):
        with pytest.raises(Forbidden):
            svc.correct(who, 1, "THA", "comment", cid, {"text": "softer"}, "tone")
        with pytest.raises(Forbidden):
            svc.withdraw(who, 1, "THA", "comment", cid, "tone")
    with pytest.raises(NotFound):
        svc.withdraw("ana", 1, "BRA", "evidence", eid, "wrong country")  # ids are per country
    assert events(svc) == before
    assert svc.assessment(1, "THA", "ana")["evidence"][0]["revision"] == 1


def test_a_comment_is_corrected_and_withdrawn_a_verdict_only_corrected(
    with_entries: tuple[Cycles, int, int],
) -> None:
    svc, _, cid = with_entries
    assert (
        svc.correct("rev", 1, "THA", "comment", cid, {"text": "thin, see p. 4"}, "typo")["revision"]
        == 2
    )
    svc.withdraw("rev", 1, "THA", "comment", cid, "answered")
    svc.save_facts("ana", 1, "THA", {"fully_complies": False}, None)
    svc.recommend("ana", 1, "THA", "2WL", "efforts", None)
    svc.review("rev", 1, "THA", "clear", "agreed")
    clear = svc.assessment(1, "THA", "rev")["comments"][-1]
    assert clear["verdict"] == "clear"
    with pytest.raises(Refused, match="a verdict is not withdrawn"):
        svc.withdraw("rev", 1, "THA", "comment", clear["id"], "changed my mind")
    svc.correct(
        "rev", 1, "THA", "comment", clear["id"], {"text": "agreed: the shelters count"}, "clearer"
    )
    state = svc.assessment(1, "THA", "rev")
    assert state["status"] == "cleared"  # the verdict stands
    assert [c["withdrawn"] for c in state["comments"]] == [True, False]
    assert svc.verify(1).ok


def test_a_stale_or_bad_correction_writes_nothing(with_entries: tuple[Cycles, int, int]) -> None:
    svc, eid, cid = with_entries
    svc.correct("ana", 1, "THA", "evidence", eid, {"note": "p. 12"}, "page")
    before = events(svc)
    with pytest.raises(Conflict) as exc:
        svc.correct("ana", 1, "THA", "evidence", eid, {"note": "p. 13"}, "page", revision=1)
    assert exc.value.http_status == 409 and exc.value.current["note"] == "p. 12"
    for changes, reason, field in (
        ({"title": ""}, "gone", "title"),
        ({"url": "ftp://x"}, "link", "url"),
        ({"date": "2025-13-01"}, "date", "date"),
        ({"fact": "no_such_fact"}, "fact", "fact"),
        ({"colour": "red"}, "odd", "colour"),
        ({"note": "p. 14"}, "  ", "reason"),
    ):
        with pytest.raises(BadInput) as bad:
            svc.correct("ana", 1, "THA", "evidence", eid, changes, reason)
        assert bad.value.field == field
    with pytest.raises(BadInput):
        svc.correct("rev", 1, "THA", "comment", cid, {"text": " "}, "empty")
    assert events(svc) == before
    assert svc.assessment(1, "THA", "ana")["evidence"][0]["note"] == "p. 12"


def test_corrections_travel_in_the_export_and_old_bundles_still_import(
    with_entries: tuple[Cycles, int, int],
) -> None:
    svc, eid, _ = with_entries
    svc.withdraw("ana", 1, "THA", "evidence", eid, "duplicate")
    bundle = svc.export(1, "adm")
    assert bundle["evidence"][0]["withdrawn"] is True
    copy = svc.import_bundle("adm", bundle, name="Copy")
    assert svc.assessment(copy["id"], "THA", "adm")["evidence"][0]["change_reason"] == "duplicate"
    for row in bundle["evidence"] + bundle["comments"]:  # a bundle made before corrections
        for k in ("revision", "withdrawn", "changed_at", "change_reason"):
            del row[k]
    old = svc.import_bundle("adm", bundle, name="Old")
    assert svc.assessment(old["id"], "THA", "adm")["evidence"][0]["revision"] == 1
    assert svc.verify(copy["id"]).ok and svc.verify(old["id"]).ok


# -- the pages ---------------------------------------------------------------------------
def signed_in(client: TestClient, name: str) -> str:
    """Sign ``name`` in (anyone else signed out first); the CSRF token of the session."""
    client.cookies.clear()
    assert sign_in(client, name) == 303
    return csrf(client.get("/cycles/1/countries/THA").text)


def test_the_workspace_offers_corrections_to_the_author_only(
    site: tuple[TestClient, Cycles],
) -> None:
    client, svc = site
    svc.add_user("bea", PASSWORD)
    svc.add_member("adm", 1, "bea", "analyst")
    eid = svc.add_evidence("ana", 1, "THA", ITEM)["id"]
    base = f"/cycles/1/countries/THA/evidence/{eid}"
    token = signed_in(client, "bea")
    assert f'action="{base}/correct"' not in client.get("/cycles/1/countries/THA").text
    r = client.post(base + "/withdraw", data={"csrf": token, "reason": "mine now"})
    assert r.status_code == 403 and "only its author" in r.text
    token = signed_in(client, "ana")
    page = client.get("/cycles/1/countries/THA").text
    assert f'action="{base}/correct"' in page and f'action="{base}/withdraw"' in page
    assert client.post(base + "/withdraw", data={"reason": "no token"}).status_code == 403
    form: dict[str, Any] = {**ITEM, "url": "", "publisher": "", "quote": "", "note": ""}
    form |= {"csrf": token, "revision": "1", "title": "Court data 2025", "reason": "edition"}
    assert client.post(base + "/correct", data=form).status_code == 303
    r = client.post(base + "/correct", data=form)  # the same form again: revision 1 is stale
    assert r.status_code == 409 and "changed since you loaded it" in r.text
    r = client.post(base + "/withdraw", data={"csrf": token, "revision": "2", "reason": "dup"})
    assert r.status_code == 303
    page = client.get("/cycles/1/countries/THA").text
    assert "<del><strong>fully_complies</strong>: Court data 2025" in page
    assert "withdrawn: dup" in page and f'action="{base}/correct"' not in page
    assert [e["action"] for e in svc.history(1, "ana", "THA")][-2:] == [
        "evidence_correct",
        "evidence_withdraw",
    ]
    assert svc.verify(1).ok


# -- the CLI ------------------------------------------------------------------------------
def test_correct_and_withdraw_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tiptiers import api
    from tiptiers.cli import main

    url = str(tmp_path / "cli.db")
    svc = Cycles(Store.open(url))
    team(svc)
    eid = svc.add_evidence("ana", 1, "THA", ITEM)["id"]
    svc.store.close()
    monkeypatch.setenv("TIPTIERS_DATABASE_URL", url)
    api.use_database(None)
    try:
        args = ["cycle", "correct", "1", "THA", "evidence", str(eid), "-u", "ana"]
        assert main([*args, "--date", "2025-06-30", "--reason", "report date"]) == 0
        assert "corrected (revision 2)" in capsys.readouterr().out
        assert main([*args, "--reason", "nothing said"]) == 2
        assert "Say what to correct" in capsys.readouterr().err
        code = main(
            ["cycle", "withdraw", "1", "THA", "evidence", str(eid), "-u", "bea", "--reason", "x"]
        )
        assert code == 2 and "No user 'bea'" in capsys.readouterr().err
        assert (
            main(
                [
                    "cycle",
                    "withdraw",
                    "1",
                    "THA",
                    "evidence",
                    str(eid),
                    "-u",
                    "ana",
                    "--reason",
                    "duplicate",
                ]
            )
            == 0
        )
        capsys.readouterr()
        assert main(["cycle", "assess", "1", "THA", "-u", "ana"]) == 0
        assert "(withdrawn: duplicate)" in capsys.readouterr().out
        assert main(["cycle", "history", "1", "THA", "-u", "ana", "-f", "json"]) == 0
        trail = json.loads(capsys.readouterr().out)
        assert [e["action"] for e in trail] == ["evidence", "evidence_correct", "evidence_withdraw"]
        assert main(["cycle", "verify", "1"]) == 0
    finally:
        api.use_database(None)
