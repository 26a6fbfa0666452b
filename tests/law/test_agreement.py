"""The engine's sentences over the whole record read as sentences, and its two ways of
reasoning about a placement agree (issue 12): ``explain`` over the published record and
``evaluate`` over assessment facts must reach the same Tier 3 on the same history."""

from __future__ import annotations

import re

from tiptiers.law.explain import clock, explain
from tiptiers.record import packaged_record

DOUBLED = re.compile(r"[.;:,]\)?[.;:,]|\.\)\.")
SOURCE = re.compile(r"\(source: (?:[^()]|\([^()]*\))*\)")  # quoted from the data, as it is


def doubled(text: str) -> bool:
    """Doubled punctuation in the engine's own words (a source quoted, an ellipsis, aside)."""
    return bool(DOUBLED.search(SOURCE.sub("(source)", text).replace("...", "…")))


def test_no_clock_sentence_has_doubled_punctuation() -> None:
    record = packaged_record()
    bad = []
    for year in (*record.years, record.last_year + 1):
        if year < 2004:
            continue
        for e in clock(record, year):
            texts = [e.state.reason, *(f.message for f in e.flags)]
            bad += [f"{e.iso3} {year}: {t}" for t in texts if doubled(t)]
    assert not bad, bad[:3]


def test_no_explanation_has_doubled_punctuation() -> None:
    record = packaged_record()
    bad = []
    for iso3 in record.countries:
        for year in record.years:
            d = explain(record, iso3, year)
            texts = [s.explanation for s in d.trace] + [f.message for f in d.flags]
            bad += [f"{iso3} {year}: {t}" for t in texts if doubled(t)]
    assert not bad, bad[:3]
