"""The Presidential Determinations in the store: seeded with the record, read back whole by
both read paths, and added to a database made before their tables existed."""

from __future__ import annotations

from tiptiers.documents import DocumentSeen
from tiptiers.record import packaged_determinations, packaged_record
from tiptiers.store import Store


def test_seeded_determinations_are_the_packaged_ones(store_url: str) -> None:
    with Store.open(store_url) as store:
        dets = store.record().determinations
    assert dets == packaged_determinations()
    assert len(dets) == 413
    assert dets.years[2024].document is DocumentSeen.COMPLETE
    assert dets.years[2018].document is DocumentSeen.PARTIAL
    assert dets.years[2016].document is DocumentSeen.NOT_FOUND
    chad = [d.code for d in dets.of("TCD", 2023)]
    assert chad.count("d3") == 2 and "d1" in chad  # several rows for one government


def test_a_database_made_before_the_determination_tables_gets_them(store_url: str) -> None:
    from sqlalchemy import text

    with Store.open(store_url) as store, store.engine().begin() as conn:
        conn.execute(text("DROP TABLE determinations"))
        conn.execute(text("DROP TABLE determination_years"))
        conn.execute(text("UPDATE coverage SET release_date = NULL"))
    with Store.open(store_url) as store:
        record = store.record()
        assert record.determinations == packaged_determinations()
        assert record.coverage[2017].release_date == "2017-06-27"
        assert record == packaged_record()
        assert store.revision() == 1  # the placements and the write log are untouched
