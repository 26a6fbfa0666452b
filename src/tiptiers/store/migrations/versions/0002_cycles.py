"""Reporting cycles (issue 22): users and API tokens, cycles and their members,
assessments with a version for optimistic concurrency, evidence, comments, the published
placements, the app's shared settings, and the append-only event trail — the database
itself refuses UPDATE and DELETE on ``cycle_events`` (a trigger on SQLite and on
PostgreSQL, TRUNCATE too there).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_cycles"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

_REFUSAL = "cycle_events is append-only: an event cannot be changed or removed"


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=True),
        sa.Column("site_admin", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "cycles",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("period_start", sa.String(10), nullable=False),
        sa.Column("period_end", sa.String(10), nullable=False),
        sa.Column("planned_release", sa.String(10), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("published_at", sa.String(40), nullable=True),
        sa.Column("head_seq", sa.Integer, nullable=False, server_default="0"),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("year", "name", name="cycles_year_name"),
        sa.CheckConstraint("status IN ('open', 'closed', 'published')", name="cycles_status"),
    )
    op.create_table(
        "cycle_members",
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("role", sa.String(12), primary_key=True),
        sa.Column("scope", sa.Text, nullable=False, server_default=""),
        sa.CheckConstraint(
            "role IN ('viewer', 'analyst', 'reviewer', 'decider', 'admin')",
            name="cycle_members_role",
        ),
    )
    tier = "IN ('1', '2', '2WL', '3', 'special_case')"
    op.create_table(
        "cycle_assessments",
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), primary_key=True),
        sa.Column("iso3", sa.String(3), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("region", sa.String(4), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("facts", sa.Text, nullable=False),
        sa.Column("prefill", sa.Text, nullable=False),
        sa.Column("supported_tier", sa.String(12), nullable=True),
        sa.Column("recommended_tier", sa.String(12), nullable=True),
        sa.Column("justification", sa.Text, nullable=False, server_default=""),
        sa.Column("final_tier", sa.String(12), nullable=True),
        sa.Column("final_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("override", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.CheckConstraint(f"recommended_tier {tier}", name="cycle_assessments_recommended"),
        sa.CheckConstraint(f"final_tier {tier}", name="cycle_assessments_final"),
        sa.CheckConstraint("version >= 1", name="cycle_assessments_version"),
    )
    op.create_table(
        "cycle_evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
        sa.Column("iso3", sa.String(3), nullable=False),
        sa.Column("fact", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False, server_default=""),
        sa.Column("publisher", sa.Text, nullable=False, server_default=""),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("quote", sa.Text, nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("outside_period", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_cycle_evidence_cycle_id", "cycle_evidence", ["cycle_id"])
    op.create_table(
        "cycle_comments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), nullable=False),
        sa.Column("iso3", sa.String(3), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("role", sa.String(12), nullable=False),
        sa.Column("verdict", sa.String(12), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_cycle_comments_cycle_id", "cycle_comments", ["cycle_id"])
    op.create_table(
        "cycle_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("cycle_id", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("role", sa.String(12), nullable=False),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("iso3", sa.String(3), nullable=False, server_default=""),
        sa.Column("field", sa.Text, nullable=False, server_default=""),
        sa.Column("before", sa.Text, nullable=False),
        sa.Column("after", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("cycle_id", "seq", name="cycle_events_seq"),
    )
    op.create_table(
        "cycle_placements",
        sa.Column("cycle_id", sa.Integer, sa.ForeignKey("cycles.id"), primary_key=True),
        sa.Column("iso3", sa.String(3), primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("tier", sa.String(12), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "app_settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION tiptiers_events_append_only() RETURNS trigger AS $$"
            f" BEGIN RAISE EXCEPTION '{_REFUSAL}'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER cycle_events_append_only BEFORE UPDATE OR DELETE ON cycle_events"
            " FOR EACH ROW EXECUTE FUNCTION tiptiers_events_append_only()"
        )
        op.execute(
            "CREATE TRIGGER cycle_events_no_truncate BEFORE TRUNCATE ON cycle_events"
            " FOR EACH STATEMENT EXECUTE FUNCTION tiptiers_events_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER cycle_events_no_{verb.lower()} BEFORE {verb} ON cycle_events"
                f" BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END"
            )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER cycle_events_no_truncate ON cycle_events")
        op.execute("DROP TRIGGER cycle_events_append_only ON cycle_events")
        op.execute("DROP FUNCTION tiptiers_events_append_only()")
    else:
        op.execute("DROP TRIGGER cycle_events_no_update")
        op.execute("DROP TRIGGER cycle_events_no_delete")
    for name in (
        "app_settings",
        "cycle_placements",
        "cycle_events",
        "cycle_comments",
        "cycle_evidence",
        "cycle_assessments",
        "cycle_members",
        "cycles",
        "api_tokens",
        "users",
    ):
        op.drop_table(name)
