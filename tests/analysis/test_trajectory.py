"""A country's runs through the tiers, gaps kept as gaps, and the longest Watch List runs."""

from __future__ import annotations

import json
from collections.abc import Callable

from tiptiers.analysis import longest_watch_list_runs, trajectory
from tiptiers.countries import Registry
from tiptiers.model import Record, Tier


def test_china_runs(record: Record, reg: Registry) -> None:
    t = trajectory(record, reg, "China")
    assert t.text() == (
        "Tier 2 2001–2004 (4 years), Watch List 2005–2012 (8 years), Tier 3 2013,"
        " Watch List 2014–2016 (3 years), Tier 3 2017–2025 (9 years)"
    )
    assert t.last_change_year == 2017
    assert t.years_since_last_change == 8
    assert t.longest_watch_list_run() is not None
    assert t.to_dict()["longest_watch_list_run"]["text"] == "Watch List 2005–2012 (8 years)"


def test_a_gap_is_a_run_of_its_own_and_hides_the_last_change(record: Record, reg: Registry) -> None:
    t = trajectory(record, reg, "Singapore")
    assert [r.text() for r in t.runs][-3:] == [
        "Tier 2 2011–2018 (8 years)",
        "missing from our record 2019",
        "Tier 1 2020–2025 (6 years)",
    ]
    assert t.last_change_year is None and t.years_since_last_change is None
    assert "the record lacks 2019 before it" in t.change_sentence()


def test_a_latest_placement_before_the_record_ends_is_not_carried_forward(
    record: Record, reg: Registry
) -> None:
    # Kiribati: Watch List 2016-2017, then no placement: not ranked in the complete years
    # (2018, 2020-2021, 2025), not in the partial ones (2019, 2022-2024).
    t = trajectory(record, reg, "Kiribati")
    assert t.runs[-1].is_gap and t.runs[-1].start == 2025
    assert t.current is None or t.current.end == 2017
    assert t.change_sentence() == (
        "Kiribati: Watch List 2016–2017, its latest placement in the record; the last change"
        " was Tier 2 to Watch List in 2016 (1 year before 2017)."
    )


def test_runs_from_a_made_up_history(reg: Registry, make_record: Callable[..., Record]) -> None:
    r = make_record(
        [("CHN", 2008, "2"), *[("CHN", y, "2WL") for y in range(2009, 2013)], ("CHN", 2013, "3")],
        range(2008, 2014),
    )
    t = trajectory(r, reg, "CHN")
    assert [x.text() for x in t.runs] == [
        "Tier 2 2008",
        "Watch List 2009–2012 (4 years)",
        "Tier 3 2013",
    ]
    assert t.current is not None and t.current.tier is Tier.T3
    assert t.years_since_last_change == 0


def test_longest_watch_list_runs(record: Record, reg: Registry) -> None:
    w = longest_watch_list_runs(record, reg, 3)
    assert [(x.country.iso3, x.run.start, x.run.end) for x in w.runs] == [
        ("RUS", 2004, 2012),
        ("CHN", 2005, 2012),
        ("IND", 2004, 2010),
    ]
    assert w.runs[0].after == "Tier 3"
    years = [x.run.years for x in longest_watch_list_runs(record, reg, 50).runs]
    assert years == sorted(years, reverse=True)


def test_cli_forms(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("trajectory", "Russia", "--longest", "2", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["runs"][-1]["text"] == "Tier 3 2013–2025 (13 years)"
    assert [r["iso3"] for r in data["longest_watch_list_runs"]["runs"]] == ["RUS", "CHN"]
    code, out, _ = cli("trajectory", "--longest", "2", "--format", "csv")
    assert out.splitlines()[0].startswith("iso3,name,common_name,from,to,years,before,after")


def test_golden_table(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("trajectory", "Russia")
    assert code == 0
    assert [ln.rstrip() for ln in out.splitlines()[:9]] == [
        "Russia (RUS) — runs through the tiers",
        "┏━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━┳━━━━━━┓",
        "┃ Tier              ┃ Years     ┃ Count ┃ Note ┃",
        "┡━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━╇━━━━━━┩",
        "│ Tier 3            │ 2001–2002 │ 2     │      │",
        "│ Tier 2            │ 2003      │ 1     │      │",
        "│ Tier 2 Watch List │ 2004–2012 │ 9     │      │",
        "│ Tier 3            │ 2013–2025 │ 13    │      │",
        "└───────────────────┴───────────┴───────┴──────┘",
    ]


def test_sentences_use_the_name_readers_say_and_json_keeps_both(
    record: Record, reg: Registry
) -> None:
    t = trajectory(record, reg, "Korea, North")
    assert t.change_sentence().startswith("North Korea: Tier 3 since 2003")
    d = t.to_dict()
    assert (d["name"], d["common_name"]) == ("Korea, North", "North Korea")
    assert t.to_rows()[0]["common_name"] == "North Korea"
