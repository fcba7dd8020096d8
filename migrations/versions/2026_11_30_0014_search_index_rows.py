"""search index rows: a study's search entries found by key, not by scanning (SQLite)

The search triggers removed a row's entries with ``DELETE FROM search_index WHERE
kind = ... AND ref_id = ...``; FTS5 cannot index those columns, so every replaced
or deleted row scanned the whole index (about 3 s a study in a million-study file,
for each study `ivig import --update` replaces). ``search_index_rows`` maps each
entry's (kind, ref_id) to its rowid in the index, kept by the same triggers, so
those deletes go by key. Nothing changes on PostgreSQL, whose index is a table with
an index on (kind, ref_id) (revision 0013).

Revision ID: 0014_search_index_rows
Revises: 0013_server_search_index
Create Date: 2026-11-30
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic import op

revision: str = "0014_search_index_rows"
down_revision: str | None = "0013_server_search_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _revision(pattern: str) -> Any:
    """An earlier revision's module (its search sources and triggers)."""
    here = Path(__file__).resolve().parent
    (path,) = here.glob(pattern)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _inserts(kind: str, key: str, parent: str, columns: Sequence[str]) -> str:
    """Each text column's entry, and its rowid (the entry just inserted) in the map."""
    return "\n".join(
        f"INSERT INTO search_index (kind, ref_id, parent_id, field, body) "
        f"SELECT '{kind}', NEW.{key}, {parent.format(r='NEW')}, '{column}', NEW.{column} "
        f"WHERE NEW.{column} IS NOT NULL;\n"
        f"INSERT INTO search_index_rows (kind, ref_id, row) "
        f"SELECT '{kind}', NEW.{key}, last_insert_rowid() WHERE NEW.{column} IS NOT NULL;"
        for column in columns
    )


def _delete(kind: str, key: str) -> str:
    return (
        f"DELETE FROM search_index WHERE rowid IN (SELECT row FROM search_index_rows "
        f"WHERE kind = '{kind}' AND ref_id = OLD.{key});\n"
        f"DELETE FROM search_index_rows WHERE kind = '{kind}' AND ref_id = OLD.{key};"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    search = _revision("*_0009_search_authors.py")
    op.execute(
        "CREATE TABLE search_index_rows (kind TEXT NOT NULL, ref_id TEXT NOT NULL, "
        "row INTEGER NOT NULL, PRIMARY KEY (kind, ref_id, row)) WITHOUT ROWID"
    )
    op.execute(
        "INSERT INTO search_index_rows (kind, ref_id, row) "
        "SELECT kind, ref_id, rowid FROM search_index"
    )
    for table, key, kind, parent, columns in search.SOURCES:
        watched = dict.fromkeys([key, *re.findall(r"\{r\}\.(\w+)", parent), *columns])
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
        inserts, delete = _inserts(kind, key, parent, columns), _delete(kind, key)
        op.execute(
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN\n{inserts}\nEND"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {', '.join(watched)} "
            f"ON {table} BEGIN\n{delete}\n{inserts}\nEND"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN\n{delete}\nEND"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    search = _revision("*_0009_search_authors.py")
    search.sqlite_triggers(search.SOURCES)
    op.execute("DROP TABLE IF EXISTS search_index_rows")
