"""Tier counts per regional bureau, as the report prints them, with changes and caveats."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

from tiptiers.analysis import regions
from tiptiers.countries import Registry
from tiptiers.model import TIERS, Record, Tier
from tiptiers.queries import REGIONS


def test_every_country_of_the_record_has_a_bureau(record: Record, reg: Registry) -> None:
    assert all(reg.get(iso3).region in REGIONS for iso3 in record.countries)


def test_counts_add_up_to_the_year(record: Record, reg: Registry) -> None:
    t = regions(record, reg, 2015)
    assert [r.code for r in t.rows] == list(REGIONS)
    assert t.total.counts == record.counts(2015)
    for tier in TIERS:
        assert sum(r.counts[tier] for r in t.rows) == t.total.counts[tier]
    assert t.total.previous == record.counts(2014)
    assert t.caveat() == ""  # 2014 and 2015 are complete


def test_changes_per_bureau(record: Record, reg: Registry) -> None:
    t = regions(record, reg, 2014)
    kinds = Counter(ch.kind for ch in record.changes(2014))
    assert t.total.changes["upgrade"] == kinds["upgrade"]
    assert t.total.changes["downgrade"] == kinds["downgrade"]
    eap = next(r for r in t.rows if r.code == "EAP")
    # Thailand and Malaysia were downgraded to Tier 3 in 2014.
    assert eap.delta(Tier.T3) == eap.counts[Tier.T3] - (eap.previous or {})[Tier.T3]
    assert eap.changes["downgrade"] >= 2


def test_partial_year_says_so(record: Record, reg: Registry) -> None:
    t = regions(record, reg, 2019)
    assert t.caveat().startswith("The 2019 record is partial")
    assert t.to_dict()["partial"] is True


def test_first_year_has_nothing_to_compare(record: Record, reg: Registry) -> None:
    t = regions(record, reg, 2001)
    assert t.previous_year is None and t.total.previous is None
    assert t.to_rows()[0]["tier_1_change"] is None


def test_cli_forms(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("regions", "2017", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [r["region"] for r in data["regions"]] == list(REGIONS)
    assert data["caveat"].startswith("The 2017 record is partial")
    code, out, _ = cli("regions", "2017", "--format", "csv")
    rows = out.splitlines()
    assert rows[0].startswith("region,name,tier_1,tier_2,tier_2wl,tier_3,special_case,total,")
    assert rows[-1].startswith("ALL,All regions,")
    code, out, _ = cli("regions", "2017")
    assert "Western Hemisphere" in out and "The 2017 record is partial" in out
