"""Failed sign-ins in the database (issue 22): ``login_failures`` keeps one row per failed
web sign-in per key (``name:…`` and ``ip:…``) with its time, so that the limit of
:data:`tiptiers.cycle.auth.LOGIN_ATTEMPTS` failures in :data:`~tiptiers.cycle.auth.LOGIN_WINDOW`
seconds holds across every worker of ``tiptiers serve --workers N`` (it was counted in each
process's memory). Rows older than the window are deleted as new failures come.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_login_failures"
down_revision = "0005_statute_codes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("login_failures_key_at", "login_failures", ["key", "at"])


def downgrade() -> None:
    op.drop_index("login_failures_key_at", table_name="login_failures")
    op.drop_table("login_failures")
