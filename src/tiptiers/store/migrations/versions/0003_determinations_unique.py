"""One row per fiscal year, government and paragraph in ``determinations`` (issue 27):
repeated rows are removed (the earliest kept) and the unique index
``determinations_one_per_paragraph`` is created, unless the database has it already (a
tiptiers that opened it since the index existed added it on open, with the same rule; the
revision is bumped there, and here, only if rows were removed).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_determinations_unique"
down_revision = "0002_cycles"
branch_labels = None
depends_on = None

INDEX = "determinations_one_per_paragraph"


def upgrade() -> None:
    conn = op.get_bind()
    if INDEX in {i["name"] for i in sa.inspect(conn).get_indexes("determinations")}:
        return
    removed = conn.execute(
        sa.text(
            "DELETE FROM determinations WHERE id NOT IN (SELECT min(id) FROM determinations"
            " GROUP BY fiscal_year, iso3, determination, detail)"
        )
    ).rowcount
    if removed:
        conn.execute(sa.text("UPDATE meta SET revision = revision + 1"))
    op.create_index(
        INDEX, "determinations", ["fiscal_year", "iso3", "determination", "detail"], unique=True
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="determinations")
