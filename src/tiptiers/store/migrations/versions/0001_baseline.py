"""Baseline: the schema tiptiers made before migrations — the record (countries,
placements, coverage), the write log (meta, sources) and the Presidential Determinations.

A database made by an earlier tiptiers (or seeded by :func:`tiptiers.store.seed.seed`) is
stamped with this revision instead of running it. The values of the CHECK constraints are
written out as they were, so that this migration never changes when the code does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.CheckConstraint("id = 1", name="meta_one_row"),
    )
    op.create_table(
        "countries",
        sa.Column("iso3", sa.String(3), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("origin", sa.Boolean, nullable=True),
        sa.Column("transit", sa.Boolean, nullable=True),
        sa.Column("destination", sa.Boolean, nullable=True),
    )
    op.create_table(
        "placements",
        sa.Column("iso3", sa.String(3), sa.ForeignKey("countries.iso3"), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("tier", sa.String(12), nullable=False),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("waiver", sa.Boolean, nullable=True),
        sa.Column("auto_downgrade", sa.Boolean, nullable=True),
        sa.Column("flag_basis", sa.Text, nullable=False, server_default=""),
        sa.Column("sanctions_full_waiver", sa.Boolean, nullable=True),
        sa.CheckConstraint(
            "tier IN ('1', '2', '2WL', '3', 'special_case')", name="placements_tier_code"
        ),
    )
    op.create_index("placements_year", "placements", ["year"])
    op.create_table(
        "coverage",
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("tier_1", sa.Boolean, nullable=False),
        sa.Column("tier_2", sa.Boolean, nullable=False),
        sa.Column("tier_2wl", sa.Boolean, nullable=False),
        sa.Column("tier_3", sa.Boolean, nullable=False),
        sa.Column("special_case", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("release_date", sa.String(10), nullable=True),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("years", sa.Text, nullable=False),
        sa.Column("placements", sa.Integer, nullable=False),
        sa.Column("replaced", sa.Integer, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("recorded_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "determinations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("report_year", sa.Integer, nullable=False),
        sa.Column("pd_number", sa.String(20), nullable=False, server_default=""),
        sa.Column("pd_date", sa.String(10), nullable=False, server_default=""),
        sa.Column("country", sa.Text, nullable=False),
        sa.Column("iso3", sa.String(3), nullable=False),
        sa.Column("determination", sa.String(8), nullable=False),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.CheckConstraint(
            "determination IN ('d1', 'd2', 'd3', 'd4', 'other')", name="determinations_code"
        ),
    )
    op.create_index("ix_determinations_fiscal_year", "determinations", ["fiscal_year"])
    op.create_index("ix_determinations_iso3", "determinations", ["iso3"])
    op.create_table(
        "determination_years",
        sa.Column("fiscal_year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("report_year", sa.Integer, nullable=False),
        sa.Column("pd_number", sa.String(20), nullable=False, server_default=""),
        sa.Column("pd_date", sa.String(10), nullable=False, server_default=""),
        sa.Column("document", sa.String(12), nullable=False),
        sa.Column("seen_until", sa.Text, nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.CheckConstraint(
            "document IN ('complete', 'partial', 'not_found')",
            name="determination_years_document",
        ),
    )


def downgrade() -> None:
    for name in (
        "determination_years",
        "determinations",
        "sources",
        "coverage",
        "placements",
        "countries",
        "meta",
    ):
        op.drop_table(name)
