"""What a reader is told about a year's completeness (issue 23): coverage notes in plain
sentences, and "complete" only where the record matches the counts printed for the report,
while the law's lookups keep the lists as compiled (docs/DATA.md, "Complete for whom")."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from tiptiers.countries import Registry
from tiptiers.law.explain import clock
from tiptiers.model import Presence, Record
from tiptiers.queries.years import year_placements
from tiptiers.report.maps import map_subtitle

COVERAGE = Path(__file__).resolve().parents[1] / "src" / "tiptiers" / "data" / "coverage.csv"
#: Words of the trade a reader should not meet in a coverage note.
JARGON = re.compile(
    r"has no row|\brows?\b|medium-high|\btrust\b(?! )|gap[- ]fill|\b\d+/\d+/\d+|"
    r"As the source has it|\b[a-z]+_[a-z_]+\b"
)


def test_coverage_notes_are_plain_sentences() -> None:
    with COVERAGE.open(encoding="utf-8", newline="") as f:
        notes = {int(r["year"]): r["note"] for r in csv.DictReader(f)}
    assert len(notes) >= 25
    for year, note in notes.items():
        assert not JARGON.search(note), (year, note)
        assert note[:1].isupper() and note.endswith("."), (year, note)
    assert "missing from our record" in notes[2024]


def test_a_year_short_of_the_printed_counts_is_not_called_complete(
    record: Record, reg: Registry
) -> None:
    # 2001: every list compiled whole, but 22 Tier 3 countries where the report printed 23
    engine = record.coverage[2001]
    assert not engine.partial and engine.caveat() == ""  # what the law's lookups read
    reader = record.for_readers(2001)
    assert reader.short_of_print
    assert reader.caveat().startswith("The 2001 record may be missing countries")
    assert "Tier 3: 22 in the record, 23 printed" in reader.caveat()
    for year in (2002, 2004, 2005, 2008, 2009):
        assert record.for_readers(year).caveat(), year
    # a year that matches its printed counts says nothing; 2010 has more than printed
    assert record.for_readers(2015).caveat() == ""
    assert "disagree" in record.for_readers(2010).caveat()
    # a partial year keeps its own sentence
    assert record.for_readers(2024).caveat() == record.coverage[2024].caveat()
    # what the year's answer, the map and the CLI show
    yp = year_placements(record, reg, 2004)
    assert yp.to_dict()["year_status"] == "partial" and "may be missing" in yp.to_dict()["caveat"]
    assert any("may be missing countries" in line for line in map_subtitle(record, reg, 2004))


def test_the_law_keeps_the_lists_as_compiled(record: Record) -> None:
    """Lowering the short years' lists would change the clock of 2011 (Kiribati), so the
    lookups still read coverage.csv's flags: a country absent from the 2004 lists is 'not
    ranked', and Kiribati counts its first Watch List year for 2011."""
    look = record.lookup("USA", 2004)
    assert look.presence is Presence.NOT_RANKED
    kir = next(e for e in clock(record, 2011) if e.iso3 == "KIR")
    assert kir.status.value == "counting" and kir.state.consecutive_years == 1
