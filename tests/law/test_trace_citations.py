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
                if not step.citation.startswith(("22 U.S.C. ", "19 U.S.C. 4205")):
                    bare.append(f"{iso3} {year} {step.rule}: {step.citation!r}")
    assert not bare, f"{len(bare)} steps cite nothing, e.g. {bare[:5]}"


def test_consequences_cite_their_sections() -> None:
    record = packaged_record()
    for year in (2002, 2017, 2025):
        for p in record.year(year):
            c = consequences(record, p.iso3, year)
            assert all(d.citation.startswith("22 U.S.C. ") for d in c.deadlines), c.deadlines


def test_an_empty_clock_says_why() -> None:
    """`tiptiers clock 2003` and `clock 2009` list no one; the answer says why, citing the
    section that makes it so."""
    from tiptiers.law.explain import clock, empty_clock_reason

    record = packaged_record()
    assert clock(record, 2003) == [] and clock(record, 2009) == []
    assert "7107(b)(2)(A)" in empty_clock_reason(2003) and "2004 report" in empty_clock_reason(2003)
    assert "7107(b)(2)(D)(i)" in empty_clock_reason(2009)
    assert "2009 report" in empty_clock_reason(2009)
    assert "clock running" in empty_clock_reason(2014)
