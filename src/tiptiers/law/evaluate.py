"""Evaluate assessment facts against a country's history under 22 U.S.C. 7107(b)
(docs/LAW.md §2.2 and §4).

The history is the published record, except for the years an assessment's own
``prior_placements`` give, which override it (for what-if questions and for countries or
years the record lacks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tiptiers.law.decision import Decision
from tiptiers.law.tiers import evaluate
from tiptiers.law.watchlist import LookupFn
from tiptiers.model import Lookup, Placement, Presence, Record, Tier

if TYPE_CHECKING:
    from tiptiers.law.assessment import Assessment


def history_lookup(record: Record, iso3: str, a: Assessment) -> LookupFn:
    """The record's lookup for ``iso3``, with the assessment's prior placements on top."""
    overrides: dict[int, Placement] = {}
    for prior in a.prior_placements or ():
        overrides[prior.year] = Placement(
            iso3,
            prior.year,
            Tier.parse(prior.tier),
            source="assessment prior_placements",
            waiver=prior.waiver_used,
        )

    def lookup(year: int) -> Lookup:
        p = overrides.get(year)
        if p is not None:
            return Lookup(iso3, year, Presence.PUBLISHED, p, "")
        if year >= a.report_year:
            return Lookup(iso3, year, Presence.OUT_OF_RECORD, None, "after the assessed report")
        return record.lookup(iso3, year)

    return lookup


def evaluate_assessment(
    a: Assessment, record: Record, iso3: str, kind: str = "country"
) -> Decision:
    """Decide the tier the facts of ``a`` call for under the law of its report year."""
    return evaluate(a, iso3, history_lookup(record, iso3, a), kind)
