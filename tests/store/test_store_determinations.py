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
    assert chad.count("d4_partial") == 2 and "d1A_i" in chad  # several rows for one government


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


def test_one_row_per_fiscal_year_government_and_paragraph(store_url: str) -> None:
    """The schema itself refuses a repeated row (issue 27, defect 4), on both databases."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    row = (
        "INSERT INTO determinations (fiscal_year, report_year, pd_number, pd_date, country,"
        " iso3, determination, detail, source, complete) SELECT fiscal_year, report_year,"
        " pd_number, pd_date, country, iso3, determination, detail, source, complete"
        " FROM determinations WHERE iso3 = 'TCD' AND fiscal_year = 2024 AND determination = 'd1A_i'"
    )
    with Store.open(store_url) as store, pytest.raises(IntegrityError):  # noqa: SIM117
        with store.engine().begin() as conn:
            conn.execute(text(row))


def test_an_existing_database_with_repeated_rows_gets_the_unique_index(store_url: str) -> None:
    """A database made before the index, holding the attack's 8,001 rows of one government,
    keeps one of them and gets the index when it is next opened; its revision moves so that
    no reader keeps the repeated rows."""
    from sqlalchemy import text

    with Store.open(store_url) as store, store.engine().begin() as conn:
        conn.execute(text("DROP INDEX determinations_one_per_paragraph"))
        for _ in range(4):  # 1 -> 16 copies of each FY2024 row
            conn.execute(
                text(
                    "INSERT INTO determinations (fiscal_year, report_year, pd_number, pd_date,"
                    " country, iso3, determination, detail, source, complete) SELECT"
                    " fiscal_year, report_year, pd_number, pd_date, country, iso3,"
                    " determination, detail, source, complete FROM determinations"
                    " WHERE fiscal_year = 2024"
                )
            )
    with Store.open(store_url) as store:
        assert store.record().determinations == packaged_determinations()
        assert store.revision() == 2
    with Store.open(store_url) as store:  # the second open finds nothing to do
        assert store.revision() == 2
