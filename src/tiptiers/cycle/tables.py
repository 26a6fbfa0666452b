"""The tables of reporting cycles and of identity, as SQLAlchemy Core tables.

They are created and changed only by the Alembic migrations of
:mod:`tiptiers.store.migrations` (``0002_cycles`` and later), never by ``create_all``: these
definitions are what the queries use, a test checks that the migrations give the database
exactly these columns.

``users`` / ``api_tokens``
    People (argon2 password hash, or none for a CLI-only user) and their API tokens (the
    SHA-256 of a random secret shown once; the secret itself is never stored).
``cycles``
    One reporting cycle for a report year: name, status (open, closed, published), the
    reporting period, the planned release date, and the head of its event chain.
``cycle_members``
    Who holds which role in a cycle, an analyst's scope (ISO3 codes and bureaus).
``cycle_assessments``
    One row per country: the facts (JSON, as the law engine reads them), the version for
    optimistic concurrency, the recommendation, the review state and the final placement.
``cycle_evidence`` / ``cycle_comments``
    The evidence behind each fact and the reviewers' comments. Rows are never deleted: an
    author may correct or withdraw their own (its revision, ``withdrawn``, when and why);
    each wording before stays in the trail.
``cycle_events``
    The trail: one row per change, hash-chained; the database refuses UPDATE and DELETE
    (triggers).
``cycle_placements``
    A published cycle's placements: a labelled record source beside the official record.
``app_settings``
    Secrets the web app shares between its workers (the session signing key).
``login_failures``
    Recent failed web sign-ins per key (``name:NAME``, ``ip:ADDRESS``) and their time
    (seconds since the epoch), shared by every worker of the server for the sign-in limit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=True),
    Column("site_admin", Boolean, nullable=False, server_default="0"),
    Column("created_at", String(40), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", Text, nullable=False, server_default=""),
    Column("created_at", String(40), nullable=False),
    Column("revoked", Boolean, nullable=False, server_default="0"),
)

cycles = Table(
    "cycles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("status", String(12), nullable=False),
    Column("period_start", String(10), nullable=False),
    Column("period_end", String(10), nullable=False),
    Column("planned_release", String(10), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("published_at", String(40), nullable=True),
    Column("head_seq", Integer, nullable=False, server_default="0"),
    Column("head_hash", String(64), nullable=False),
    UniqueConstraint("year", "name", name="cycles_year_name"),
)

cycle_members = Table(
    "cycle_members",
    metadata,
    Column("cycle_id", Integer, ForeignKey("cycles.id"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("role", String(12), primary_key=True),
    Column("scope", Text, nullable=False, server_default=""),
)

cycle_assessments = Table(
    "cycle_assessments",
    metadata,
    Column("cycle_id", Integer, ForeignKey("cycles.id"), primary_key=True),
    Column("iso3", String(3), primary_key=True),
    Column("name", Text, nullable=False),
    Column("region", String(4), nullable=True),
    Column("status", String(12), nullable=False),
    Column("version", Integer, nullable=False),
    Column("facts", Text, nullable=False),
    Column("prefill", Text, nullable=False),
    Column("supported_tier", String(12), nullable=True),
    Column("recommended_tier", String(12), nullable=True),
    Column("justification", Text, nullable=False, server_default=""),
    Column("final_tier", String(12), nullable=True),
    Column("final_reason", Text, nullable=False, server_default=""),
    Column("override", Boolean, nullable=False, server_default="0"),
    Column("updated_at", String(40), nullable=False),
    Column("updated_by", String(64), nullable=False),
)



def entry_revision() -> tuple[Column[Any], ...]:
    """The columns by which an author corrects or withdraws an entry (migration
    ``0007_entry_revisions``): its revision (1 as added), whether it is withdrawn, when
    it last changed and the author's reason; the earlier wordings are in the trail."""
    return (
        Column("revision", Integer, nullable=False, server_default="1"),
        Column("withdrawn", Boolean, nullable=False, server_default="0"),
        Column("changed_at", String(40), nullable=True),
        Column("change_reason", Text, nullable=False, server_default=""),
    )


cycle_evidence = Table(
    "cycle_evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cycle_id", Integer, ForeignKey("cycles.id"), nullable=False, index=True),
    Column("iso3", String(3), nullable=False),
    Column("fact", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("url", Text, nullable=False, server_default=""),
    Column("publisher", Text, nullable=False, server_default=""),
    Column("date", String(10), nullable=True),
    Column("quote", Text, nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
    Column("outside_period", Boolean, nullable=False, server_default="0"),
    Column("created_by", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    *entry_revision(),
)

cycle_comments = Table(
    "cycle_comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cycle_id", Integer, ForeignKey("cycles.id"), nullable=False, index=True),
    Column("iso3", String(3), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("role", String(12), nullable=False),
    Column("verdict", String(12), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    *entry_revision(),
)

cycle_events = Table(
    "cycle_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cycle_id", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("role", String(12), nullable=False),
    Column("action", String(24), nullable=False),
    Column("iso3", String(3), nullable=False, server_default=""),
    Column("field", Text, nullable=False, server_default=""),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=False),
    Column("reason", Text, nullable=False, server_default=""),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("cycle_id", "seq", name="cycle_events_seq"),
)

cycle_placements = Table(
    "cycle_placements",
    metadata,
    Column("cycle_id", Integer, ForeignKey("cycles.id"), primary_key=True),
    Column("iso3", String(3), primary_key=True),
    Column("year", Integer, nullable=False),
    Column("tier", String(12), nullable=False),
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False, server_default=""),
)

app_settings = Table(
    "app_settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False),
    Column("at", Float, nullable=False),
    Index("login_failures_key_at", "key", "at"),
)

TABLE_NAMES: tuple[str, ...] = tuple(metadata.tables)
