"""A query reads only what it asks for: one country's or one year's rows give the same
answers as the whole record, on both store backends."""

from __future__ import annotations

from tiptiers.countries import registry
from tiptiers.model import joint_entity
from tiptiers.queries.history import country_history
from tiptiers.queries.years import year_placements
from tiptiers.store import Store
from tiptiers.store.read import read_part


def test_every_country_and_year_reads_the_same_from_its_rows(store_url: str) -> None:
    with Store.open(store_url) as store:
        whole = store.record()
        reg = registry()
        for iso3 in whole.countries:
            part = read_part(store, iso3=iso3)
            # a member of a joint government reads that government's rows too (its history
            # starts from the government's last placement)
            j = joint_entity(iso3)
            joint = whole.history(j.iso3) if j is not None and j.iso3 != iso3 else []
            assert len(part) == len(whole.history(iso3)) + len(joint)
            assert country_history(part, reg, iso3) == country_history(whole, reg, iso3)
        for year in whole.years:
            part = read_part(store, year=year)
            assert len(part) == len(whole.year(year))
            assert year_placements(part, reg, year) == year_placements(whole, reg, year)


def test_the_store_serves_parts_from_the_whole_record_once_read(store_url: str) -> None:
    with Store.open(store_url) as store:
        assert len(store.country_record("CHN")) == len(store.record().history("CHN"))
        assert store.country_record("CHN") is store.record()  # already read: no query
        assert store.year_record(2017) is store.record()
