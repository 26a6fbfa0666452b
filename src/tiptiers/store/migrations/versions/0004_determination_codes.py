"""The codes of a determination row grow (issue 24): ``d1A`` (a 7107(d)(1)(A) restriction
whose clause the text does not state), ``waiver`` (a 7107(d)(4) waiver of unstated scope)
and ``compliance`` (a 7107(d)(3) finding) join d1-d4 and other. The column widens from 8 to
16 characters (``compliance`` did not fit: PostgreSQL refused the seed) and the CHECK
constraint names the new codes. On SQLite the table is copied and moved (Alembic's batch
mode); rows and the unique index are kept.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_determination_codes"
down_revision = "0003_determinations_unique"
branch_labels = None
depends_on = None

CODES = ("d1", "d2", "d3", "d4", "d1A", "waiver", "compliance", "other")
OLD = ("d1", "d2", "d3", "d4", "other")


def _statute_codes() -> bool:
    """Whether the table holds codes of revision 0005 (a database seeded by a tiptiers that
    writes the statute's names, upgraded from the baseline because it was never stamped)."""
    found = op.get_bind().execute(
        sa.text(
            "SELECT 1 FROM determinations WHERE determination IN"
            " ('d1A_i', 'd1A_ii', 'd4_full', 'd4_partial') LIMIT 1"
        )
    )
    return found.first() is not None


def _check(codes: tuple[str, ...]) -> str:
    return "determination IN (" + ", ".join(f"'{c}'" for c in codes) + ")"


def upgrade() -> None:
    if _statute_codes():  # a table written with the statute's names (0005): already newer
        return
    with op.batch_alter_table("determinations", recreate="auto") as batch:
        batch.drop_constraint("determinations_code", type_="check")
        batch.alter_column(
            "determination",
            existing_type=sa.String(8),
            type_=sa.String(16),
            existing_nullable=False,
        )
        batch.create_check_constraint("determinations_code", _check(CODES))


def downgrade() -> None:
    with op.batch_alter_table("determinations", recreate="auto") as batch:
        batch.drop_constraint("determinations_code", type_="check")
        batch.alter_column(
            "determination",
            existing_type=sa.String(16),
            type_=sa.String(8),
            existing_nullable=False,
        )
        batch.create_check_constraint("determinations_code", _check(OLD))
