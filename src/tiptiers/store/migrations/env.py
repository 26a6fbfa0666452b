"""Alembic's environment: migrations run on the connection :func:`upgrade` hands over
(``config.attributes["connection"]``), or on ``-x url=...`` when Alembic is run by hand.
Imported by anything but Alembic (the test runner's doctest collection), it does nothing."""

from __future__ import annotations

from typing import Any

from alembic import context


def _run(conn: Any) -> None:
    context.configure(connection=conn, render_as_batch=conn.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    cfg = context.config
    connection = cfg.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from sqlalchemy import create_engine  # pragma: no cover - by hand only

    url = context.get_x_argument(as_dictionary=True).get("url") or cfg.get_main_option(
        "sqlalchemy.url"
    )
    engine = create_engine(str(url))
    with engine.begin() as conn:
        _run(conn)


if hasattr(context, "config"):  # run by Alembic
    _main()
