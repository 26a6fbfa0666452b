"""The pure core of a cycle: roles, facts, the statute's refusals, the determination
window and the hash chain."""

from __future__ import annotations

from datetime import date

import pytest

from tiptiers.cycle import core
from tiptiers.errors import BadInput
from tiptiers.model import Record

B_AND_WATCH = {
    "fully_complies": False,
    "making_significant_efforts": True,
    "concrete_actions": [{"description": "prosecutions", "date": "2025-10-01"}],
    "victims_very_significant_or_significantly_increasing": True,
    "taking_proportional_concrete_actions": False,
    "no_evidence_of_increasing_efforts_vs_prior_year": True,
}


def test_no_viewer_writes_no_analyst_decides() -> None:
    assert not any(core.allowed(["viewer"], a) for a in core.PERMISSIONS if a != "view")
    assert not core.allowed(["analyst"], "decide")
    assert not core.allowed(["reviewer"], "assess")
    assert core.allowed(["decider"], "decide") and core.allowed(["admin"], "manage")


def test_a_scope_names_countries_and_bureaus() -> None:
    assert core.parse_scope("eap, bra") == "EAP,BRA"
    with pytest.raises(BadInput, match="Unknown scope 'EUROPE'"):
        core.parse_scope("Europe")


def test_the_cycle_sets_country_and_year_not_the_facts(record: Record) -> None:
    with pytest.raises(BadInput, match="'report_year' is set by the cycle"):
        core.evaluate_facts(record, "THA", 2026, {"report_year": 2020})
    with pytest.raises(BadInput, match="fully_complies"):
        core.evaluate_facts(record, "THA", 2026, {"fully_complies": "perhaps"})


def test_what_is_missing_names_the_fact_and_the_tiers_it_settles(record: Record) -> None:
    e = core.evaluate_facts(record, "THA", 2026, {"fully_complies": False})
    assert e.supported is None
    (hint,) = e.hints
    assert hint.fact == "making_significant_efforts"
    assert ("false", "3") in hint.outcomes
    e = core.evaluate_facts(
        record,
        "THA",
        2026,
        {k: v for k, v in B_AND_WATCH.items() if k != "making_significant_efforts"},
    )
    assert e.hints[0].text.startswith("a finding on making_significant_efforts would settle")
    assert "Tier 2 Watch List vs Tier 3" in e.hints[0].text


def test_a_third_watch_list_year_is_refused_without_the_waivers_prongs(record: Record) -> None:
    # KGZ: two counted Watch List years before 2026; another needs a waiver (7107(b)(2)(D))
    e = core.evaluate_facts(record, "KGZ", 2026, B_AND_WATCH)
    assert e.watch_list[0] == "waiver_needed" and e.supported is None
    assert e.hints[0].fact == "waiver.granted"
    assert "false: Tier 3" in e.hints[0].text
    check = core.check_final("2WL", "2WL", e, B_AND_WATCH, "Kyrgyz Republic", 2026)
    assert check.refused.startswith(
        "Refused: Tier 2 Watch List for Kyrgyz Republic in the 2026 report"
    )
    assert "22 U.S.C. 7107(b)(2)(D)(ii)" in check.refused
    waiver = {
        "granted": True,
        "written_plan_exists": True,
        "plan_would_constitute_significant_efforts": True,
        "sufficient_resources_devoted": True,
        "credible_evidence_reported_to_SFRC_HFAC": True,
    }
    facts = {**B_AND_WATCH, "waiver": waiver}
    e = core.evaluate_facts(record, "KGZ", 2026, facts)
    assert e.supported == "2WL"
    assert core.check_final("2WL", "2WL", e, facts, "Kyrgyz Republic", 2026).refused == ""


def test_no_waiver_left_and_the_relisting_bar_are_refused_with_their_sections(
    record: Record,
) -> None:
    e = core.evaluate_facts(record, "COG", 2026, B_AND_WATCH)
    refused = core.check_final("2WL", None, e, B_AND_WATCH, "Congo", 2026).refused
    assert "22 U.S.C. 7107(b)(2)(D)(i)" in refused
    e = core.evaluate_facts(record, "DJI", 2026, B_AND_WATCH)
    assert (
        "22 U.S.C. 7107(b)(2)(F)"
        in core.check_final("2WL", None, e, B_AND_WATCH, "Djibouti", 2026).refused
    )
    # Tier 3 or Tier 2 is never refused by the clock; differing from the law is an override
    check = core.check_final("2", "3", e, B_AND_WATCH, "Djibouti", 2026)
    assert check.refused == "" and check.differs_from == ("the recommendation",)


def test_the_determination_window_counts_from_the_planned_release() -> None:
    d = core.determination_draft(
        "COG", "Congo", 2026, date(2026, 6, 30), {"prior_fy_assistance_received": False}
    )
    assert (d.earliest, d.latest) == (date(2026, 8, 14), date(2026, 9, 28))
    assert d.withholding.startswith("(d)(1)(A)(ii)")
    assert [o["code"] for o in d.options] == ["d1", "d2", "d3", "d4"]
    assert not core.determination_draft("COG", "Congo", 2002, date(2002, 6, 5), {}).applies


def _chain(n: int) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    prev = core.GENESIS
    for seq in range(1, n + 1):
        e: dict[str, object] = {
            "seq": seq,
            "at": f"t{seq}",
            "actor": "a",
            "role": "analyst",
            "action": "fact",
            "iso3": "THA",
            "field": "facts.x",
            "before": "null",
            "after": str(seq),
            "reason": "",
            "prev_hash": prev,
        }
        e["hash"] = core.event_hash(e)
        prev = str(e["hash"])
        events.append(e)
    return events


def test_the_chain_names_the_first_edited_removed_or_cut_event() -> None:
    events = _chain(5)
    head = (5, str(events[-1]["hash"]))
    assert core.verify_chain(events, head).ok
    edited = [dict(e) for e in events]
    edited[2]["after"] = "99"
    assert core.verify_chain(edited, head).broken == 3
    assert core.verify_chain(events[:2] + events[3:], head).broken == 3
    cut = core.verify_chain(events[:4], head)
    assert cut.broken == 5 and "the table has 4" in cut.why


def test_merge_and_diff_of_facts() -> None:
    merged = core.merge_facts({"a": 1}, {"waiver.granted": True}, ["a"])
    assert merged == {"waiver": {"granted": True}}
    assert core.fact_changes({}, merged) == [("waiver.granted", None, True)]
    assert core.known_fact("waiver.granted") and not core.known_fact("waiver.nonsense")
    assert not core.known_fact("country")


def test_an_answer_is_reused_only_for_the_same_record_and_facts(record: Record) -> None:
    from dataclasses import replace

    facts: dict[str, object] = {"fully_complies": False}
    first = core.evaluate_facts(record, "THA", 2026, facts)
    assert core.evaluate_facts(record, "THA", 2026, dict(facts)) is first
    # another record object (a new revision) is evaluated anew, to the same answer here
    other = core.evaluate_facts(replace(record), "THA", 2026, facts)
    assert other is not first and other == first
    # the same dict changed in place is different facts
    facts["making_significant_efforts"] = False
    changed = core.evaluate_facts(record, "THA", 2026, facts)
    assert changed.supported == "3" and not changed.hints
    assert core.evaluate_facts(record, "THA", 2026, facts, hints=False) is not changed
