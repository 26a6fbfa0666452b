"""The determination codes become the statute's names (issue 24): one definition of each code,
the one of docs/LAW.md. Before, a row kept its source's labels, where ``d2`` meant the
restriction of 7107(d)(1)(A)(ii), not 7107(d)(2), and ``d3``/``d4`` a partial/full waiver,
not 7107(d)(3)/(4). Each row is rewritten in one UPDATE (no code is rewritten twice):
``d1`` -> ``d1A_i``, ``d2`` -> ``d1A_ii``, ``d3`` -> ``d4_partial``, ``d4`` -> ``d4_full``,
``waiver`` -> ``d4``, ``compliance`` -> ``d3`` (``d1A`` and ``other`` stay), and the CHECK
constraint names the new codes (tiptiers.documents.DETERMINATION_CODES, LEGACY_CODES). On
SQLite the table is copied and moved (Alembic's batch mode); rows and the unique index are
kept.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_statute_codes"
down_revision = "0004_determination_codes"
branch_labels = None
depends_on = None

# written out, not imported: a migration describes the schema of its own day
NEW = ("d1A_i", "d1A_ii", "d1A", "d2", "d3", "d4_partial", "d4_full", "d4", "other")
OLD = ("d1", "d2", "d3", "d4", "d1A", "waiver", "compliance", "other")
OLD_TO_NEW = {
    "d1": "d1A_i",
    "d2": "d1A_ii",
    "d3": "d4_partial",
    "d4": "d4_full",
    "d1A": "d1A",
    "waiver": "d4",
    "compliance": "d3",
    "other": "other",
}


def _check(codes: tuple[str, ...]) -> str:
    return "determination IN (" + ", ".join(f"'{c}'" for c in codes) + ")"


def _recode(mapping: dict[str, str]) -> None:
    table = sa.table("determinations", sa.column("determination", sa.String(16)))
    col = table.c.determination
    op.execute(
        table.update()
        .where(col.in_(sorted(mapping)))
        .values(determination=sa.case(mapping, value=col))
    )


#: Codes only the statute's names have: a table holding one was written by a tiptiers that
#: stores them (a database seeded before Alembic stamped it is upgraded from the baseline).
STATUTE_ONLY = ("d1A_i", "d1A_ii", "d4_full", "d4_partial")


def holds_statute_codes() -> bool:
    """Whether the determinations already carry the statute's names (nothing to rewrite)."""
    found = op.get_bind().execute(
        sa.text("SELECT 1 FROM determinations WHERE determination IN :codes LIMIT 1").bindparams(
            sa.bindparam("codes", expanding=True)
        ),
        {"codes": list(STATUTE_ONLY)},
    )
    return found.first() is not None


def upgrade() -> None:
    rewrite = not holds_statute_codes()
    with op.batch_alter_table("determinations", recreate="auto") as batch:
        batch.drop_constraint("determinations_code", type_="check")
    if rewrite:
        _recode(OLD_TO_NEW)
    with op.batch_alter_table("determinations", recreate="auto") as batch:
        batch.create_check_constraint("determinations_code", _check(NEW))


def downgrade() -> None:
    with op.batch_alter_table("determinations", recreate="auto") as batch:
        batch.drop_constraint("determinations_code", type_="check")
    back = {new: old for old, new in OLD_TO_NEW.items()}
    back["d2"] = "other"  # 7107(d)(2) had no code of its own before
    _recode(back)
    with op.batch_alter_table("determinations", recreate="auto") as batch:
        batch.create_check_constraint("determinations_code", _check(OLD))
