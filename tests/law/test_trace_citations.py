"""Every step of every explanation the engine gives over the record cites the statute.

Issue 3: "a trace: each step with its rule id, its citation ... and a one-sentence
explanation". A step without a citation (the record's own "no placement" step once had
none) leaves a reader of ``tiptiers explain`` with an empty column.
"""

from __future__ import annotations

from tiptiers.law.explain import explain
from tiptiers.law.sanctions import consequences
from tiptiers.record import packaged_record


def test_every_trace_step_over_the_record_cites_a_section() -> None:
    record = packaged_record()
    ranked = record.countries
    bare = []
    for iso3 in ranked:
        for year in record.years:
            for step in explain(record, iso3, year).trace:
                if not step.citation.startswith("22 U.S.C. "):
                    bare.append(f"{iso3} {year} {step.rule}: {step.citation!r}")
    assert not bare, f"{len(bare)} steps cite nothing, e.g. {bare[:5]}"


def test_consequences_cite_their_sections() -> None:
    record = packaged_record()
    for year in (2002, 2017, 2025):
        for p in record.year(year):
            c = consequences(record, p.iso3, year)
            assert all(d.citation.startswith("22 U.S.C. ") for d in c.deadlines), c.deadlines
