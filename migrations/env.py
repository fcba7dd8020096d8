"""Alembic environment for ivig-evidence.

Run from Python (ivig_evidence.store.migrate) with a connection in
``config.attributes["connection"]``, or from the alembic command line with
``-x url=sqlite:///path.sqlite`` (or sqlalchemy.url set in a config file).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from ivig_evidence.store.models import Base

config = context.config
target_metadata = Base.metadata

# Derived tables that no model describes: the FTS5 search index and its shadows, and
# the summary counts kept in step on write.
DERIVED_TABLE_PREFIXES = ("search_index", "search_documents", "summary_", "history_")


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(DERIVED_TABLE_PREFIXES))


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode recreates tables instead.
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    context.configure(
        url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("no database: pass -x url=sqlite:///path.sqlite")
    engine = create_engine(url)
    with engine.begin() as conn:
        _configure_and_run(conn)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
