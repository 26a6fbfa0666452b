"""The database schema of tiptiers, as SQLAlchemy Core tables on one :data:`metadata`.

Tables:

``meta``
    One row (``id`` = 1): ``schema_version``, and ``revision``, a counter bumped by every
    write so that readers can cache the record. The row is written in the same transaction
    as the seed data, so its presence means "seeded".
``countries``
    ISO3 key, the name the report prints, and the roles the record states (origin, transit,
    destination; NULL where unknown).
``placements``
    One row per country-year (primary key ``(iso3, year)``), tier checked against the
    five codes of :class:`tiptiers.model.Tier`.
``coverage``
    Per report year, whether each tier list is complete, with a note and release date.
``sources``
    A log of what was written: the packaged seed and every import, with its revision.
``determinations``
    The Presidential Determinations of 22 U.S.C. 7107(d): one row per government per
    paragraph of a fiscal year's determination (``determination`` one of the statute-named codes of
    :data:`tiptiers.documents.DETERMINATION_CODES`), in the order the document gives them.
``determination_years``
    Per fiscal year: the report year it acts on, the PD number and date, and how much of the
    document was seen (``complete``, ``partial`` or ``not_found``) and where the text stops.
    Databases made before these two tables existed get them, seeded, when first opened; those
    made before the unique index of ``determinations`` (one row per fiscal year, government
    and paragraph) get it then too, their repeated rows removed first.

This module imports SQLAlchemy; :mod:`tiptiers.store` imports it only when it must.
The column order of the read queries lives here too (``*_COLUMNS``) so that the SQLAlchemy
reader and the stdlib ``sqlite3`` reader select exactly the same thing.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from tiptiers.documents import DETERMINATION_CODES, DocumentSeen
from tiptiers.store.columns import (
    COUNTRY_COLUMNS,
    COVERAGE_COLUMNS,
    DETERMINATION_COLUMNS,
    DETERMINATION_YEAR_COLUMNS,
    PLACEMENT_COLUMNS,
    TIER_CODES,
)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("schema_version", Integer, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("created_at", String(40), nullable=False),
    CheckConstraint("id = 1", name="meta_one_row"),
)

countries = Table(
    "countries",
    metadata,
    Column("iso3", String(3), primary_key=True),
    Column("name", Text, nullable=False),
    Column("origin", Boolean, nullable=True),
    Column("transit", Boolean, nullable=True),
    Column("destination", Boolean, nullable=True),
)

placements = Table(
    "placements",
    metadata,
    Column("iso3", String(3), ForeignKey("countries.iso3"), primary_key=True),
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("tier", String(12), nullable=False),
    Column("source", Text, nullable=False, server_default=""),
    Column("waiver", Boolean, nullable=True),
    Column("auto_downgrade", Boolean, nullable=True),
    Column("flag_basis", Text, nullable=False, server_default=""),
    Column("sanctions_full_waiver", Boolean, nullable=True),
    CheckConstraint(
        "tier IN (" + ", ".join(f"'{code}'" for code in TIER_CODES) + ")",
        name="placements_tier_code",
    ),
    Index("placements_year", "year"),  # one year's rows without a scan (the key is by iso3)
)

coverage = Table(
    "coverage",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("tier_1", Boolean, nullable=False),
    Column("tier_2", Boolean, nullable=False),
    Column("tier_2wl", Boolean, nullable=False),
    Column("tier_3", Boolean, nullable=False),
    Column("special_case", Boolean, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("release_date", String(10), nullable=True),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("years", Text, nullable=False),
    Column("placements", Integer, nullable=False),
    Column("replaced", Integer, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("recorded_at", String(40), nullable=False),
)

determinations = Table(
    "determinations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("fiscal_year", Integer, nullable=False, index=True),
    Column("report_year", Integer, nullable=False),
    Column("pd_number", String(20), nullable=False, server_default=""),
    Column("pd_date", String(10), nullable=False, server_default=""),
    Column("country", Text, nullable=False),
    Column("iso3", String(3), nullable=False, index=True),
    Column("determination", String(16), nullable=False),
    Column("detail", Text, nullable=False, server_default=""),
    Column("source", Text, nullable=False, server_default=""),
    Column("complete", Boolean, nullable=False),
    CheckConstraint(
        "determination IN (" + ", ".join(f"'{c}'" for c in DETERMINATION_CODES) + ")",
        name="determinations_code",
    ),
    # One row per fiscal year, government and paragraph (a paragraph is known by its
    # determination and detail): a text naming "Chad and Chad" records Chad once.
    Index(
        "determinations_one_per_paragraph",
        "fiscal_year",
        "iso3",
        "determination",
        "detail",
        unique=True,
    ),
)

determination_years = Table(
    "determination_years",
    metadata,
    Column("fiscal_year", Integer, primary_key=True, autoincrement=False),
    Column("report_year", Integer, nullable=False),
    Column("pd_number", String(20), nullable=False, server_default=""),
    Column("pd_date", String(10), nullable=False, server_default=""),
    Column("document", String(12), nullable=False),
    Column("seen_until", Text, nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
    CheckConstraint(
        "document IN (" + ", ".join(f"'{d.value}'" for d in DocumentSeen) + ")",
        name="determination_years_document",
    ),
)

TABLE_NAMES: tuple[str, ...] = tuple(metadata.tables)
DETERMINATION_TABLES: tuple[str, ...] = ("determinations", "determination_years")
DETERMINATION_UNIQUE = "determinations_one_per_paragraph"

assert tuple(c.name for c in placements.columns) == PLACEMENT_COLUMNS
assert tuple(c.name for c in coverage.columns) == COVERAGE_COLUMNS
assert set(COUNTRY_COLUMNS) <= {c.name for c in countries.columns}
assert tuple(c.name for c in determinations.columns)[1:] == DETERMINATION_COLUMNS
assert tuple(c.name for c in determination_years.columns) == DETERMINATION_YEAR_COLUMNS
