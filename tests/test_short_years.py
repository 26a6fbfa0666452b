"""Years whose lists are marked complete but hold fewer countries than the report printed
(2004, 2005, 2008 and the years short of one tier's count): a reader is told that a country
no list names may be missing from our record, never that it was "not ranked" (docs/DATA.md,
"Complete for whom"); the law keeps coverage.csv's flags and its notes."""

from __future__ import annotations

from tiptiers.countries import registry
from tiptiers.model import MAYBE_MISSING_WORDS, Presence, Record
from tiptiers.queries.history import country_history
from tiptiers.report.maps import MAYBE_MISSING_LABEL, NO_RECORD_LABEL, legend_labels, map_spec


def test_a_reader_is_told_a_country_may_be_missing_where_the_year_is_short(
    record: Record,
) -> None:
    # Congo (Brazzaville): in no list of 2005, a year 8 short of its printed total
    look = record.reader_lookup("COG", 2005)
    assert look.maybe_missing and look.presence is Presence.NOT_RANKED
    assert look.words == MAYBE_MISSING_WORDS
    assert look.note.startswith("No 2005 placement in the record.")
    assert look.note.endswith("so it may be missing from our record rather than not ranked.")
    assert "150 printed" in look.note
    # the law's lookup is unchanged
    law = record.lookup("COG", 2005)
    assert not law.maybe_missing and law.words == "not ranked by the report"
    assert law.note == (
        "Not in the 2005 report: the record's 2005 lists are complete and do not name it."
    )


def test_a_year_that_matches_its_printed_counts_still_says_not_ranked(record: Record) -> None:
    look = record.reader_lookup("COG", 2006)
    assert not look.maybe_missing and look.words == "not ranked by the report"
    # and a member of a joint government is not ranked on its own, whatever the year's count
    assert not record.reader_lookup("SRB", 2004).maybe_missing


def test_the_country_history_says_so_in_the_table_and_the_json(record: Record) -> None:
    h = country_history(record, registry(), "COG")
    line = next(ln for ln in h.lines() if ln.year == 2005)
    assert (line.tier, line.status, line.words) == (None, "not_ranked", MAYBE_MISSING_WORDS)
    assert "may be missing from our record" in line.notes[0]
    gap = next(g for g in h.to_dict()["not_published"] if g["year"] == 2005)
    assert (gap["status"], gap["maybe_missing"]) == ("not_ranked", True)
    later = next(g for g in h.to_dict()["not_published"] if g["year"] == 2006)
    assert later["maybe_missing"] is False


def test_the_map_legend_and_tooltip_of_a_short_year(record: Record) -> None:
    assert legend_labels(record, 2004)["none"] == MAYBE_MISSING_LABEL
    assert legend_labels(record, 2024)["none"] == NO_RECORD_LABEL
    assert legend_labels(record, 2006)["none"] == NO_RECORD_LABEL
    spec = str(map_spec(record, registry(), 2004))
    assert "Not ranked, or missing from our record" in spec
    assert "Not ranked by the report" in spec  # only for shapes no country of the registry
