"""The tier-to-tier matrix: rows sum to 1, a gap is not a move, filters work."""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import pytest

from tiptiers.analysis import transitions
from tiptiers.countries import Registry
from tiptiers.model import TIERS, Record, Tier
from tiptiers.queries import REGIONS


@pytest.mark.parametrize("region", [None, *REGIONS])
def test_rows_sum_to_one(record: Record, reg: Registry, region: str | None) -> None:
    m = transitions(record, reg, region=region)
    probs = m.probabilities()
    for t in TIERS:
        row = probs[t]
        if m.row_total(t):
            assert row is not None and math.isclose(sum(row.values()), 1.0)
        else:
            assert row is None


def test_counts_are_moves_between_consecutive_published_years(
    record: Record, reg: Registry
) -> None:
    m = transitions(record, reg, 2013, 2014)
    expected = sum(1 for p in record.year(2014) if record.get(p.iso3, 2013) is not None)
    assert m.total == expected
    assert m.counts[Tier.T2WL][Tier.T3] == 4  # incl. Thailand and Malaysia


def test_a_gap_is_not_a_transition(reg: Registry, make_record: Callable[..., Record]) -> None:
    # China: Tier 2 in 2010, no 2011 row (partial year), Tier 3 in 2012.
    r = make_record(
        [("CHN", 2010, "2"), ("CHN", 2012, "3"), ("RUS", 2010, "2"), ("RUS", 2011, "2")],
        [2010, 2011, 2012],
        partial=[2011],
    )
    m = transitions(r, reg)
    assert m.total == 1
    assert m.counts[Tier.T2][Tier.T2] == 1
    assert m.counts[Tier.T2][Tier.T3] == 0


def test_region_filter(record: Record, reg: Registry) -> None:
    total = sum(transitions(record, reg, region=code).total for code in REGIONS)
    assert total == transitions(record, reg).total
    assert transitions(record, reg, region="western hemisphere").region == "WHA"


def test_cli_forms(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("transitions", "--from", "2009", "--to", "2016", "--format", "json")
    assert code == 0
    data = json.loads(out)
    for row in data["probabilities"].values():
        if row is not None:
            assert math.isclose(sum(row.values()), 1.0)
    code, out, _ = cli("transitions", "--region", "EAP", "--format", "csv")
    assert out.splitlines()[0] == "from_tier,to_tier,count,probability"
    assert len(out.splitlines()) == 1 + len(TIERS) ** 2
