"""Evidence and comments can be corrected or withdrawn by their author (issue 22): each row
of ``cycle_evidence`` and ``cycle_comments`` gains its ``revision`` (1 as added, +1 per
correction or withdrawal), ``withdrawn``, ``changed_at`` and the author's
``change_reason``. The row keeps the current wording; every earlier one stays in the
event trail (``evidence_correct``, ``evidence_withdraw``, ``comment_correct``,
``comment_withdraw`` events with before and after), which is never rewritten.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_entry_revisions"
down_revision = "0006_login_failures"
branch_labels = None
depends_on = None

TABLES = ("cycle_evidence", "cycle_comments")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("revision", sa.Integer, nullable=False, server_default="1"))
        op.add_column(
            table, sa.Column("withdrawn", sa.Boolean, nullable=False, server_default=sa.false())
        )
        op.add_column(table, sa.Column("changed_at", sa.String(40), nullable=True))
        op.add_column(table, sa.Column("change_reason", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            for column in ("change_reason", "changed_at", "withdrawn", "revision"):
                batch.drop_column(column)
