"""search authors, the same words on both engines

- The search index also holds who wrote a publication (``authors``,
  ``first_author``) and a study's first author: `ivig search Kanik` finds them.
- PostgreSQL: the ``search_documents`` view gains those columns and a ``words``
  column, the text with typographic quotes and dashes made plain, so the server's
  locale cannot glue them to words (``“immunoglobulin``); each indexed column has
  a GIN index on exactly that expression, which the search uses.

Revision ID: 0009_search_authors
Revises: 0008_document_kinds
Create Date: 2026-11-29
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic import op

revision: str = "0009_search_authors"
down_revision: str | None = "0008_document_kinds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, key column, kind, parent expression, indexed text columns)
SOURCES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("publications", "id", "publication", "{r}.id", ("title", "authors", "first_author", "note")),
    (
        "studies",
        "id",
        "study",
        "{r}.id",
        ("first_author", "result", "outcome_measures", "population_text", "comparator", "note"),
    ),
    ("study_notes", "id", "study_note", "{r}.study_id", ("note",)),
    (
        "dose_regimens",
        "id",
        "regimen",
        "COALESCE({r}.study_id, {r}.id)",
        ("text", "ambiguity_note", "note", "record_reading"),
    ),
    ("positions", "id", "position", "{r}.indication_slug", ("wording", "conditions", "note")),
    ("claims", "id", "claim", "{r}.id", ("summary",)),
    (
        "statements",
        "id",
        "statement",
        "COALESCE({r}.study_id, {r}.regimen_id, {r}.position_id, {r}.publication_id, "
        "{r}.indication_slug, {r}.treatment_id, {r}.claim_id)",
        ("quote", "status_note"),
    ),
)
NEW_COLUMNS = {"publications": ("authors", "first_author"), "studies": ("first_author",)}

# Typographic marks the server's parser may glue to a word under some locales, and
# their plain forms: the same on the indexed side and in the view.
PLAIN_FROM = "\u2018\u2019\u201c\u201d\u2013\u2014\u00a0"
PLAIN_TO = "''\"\"-- "


def plain(column: str) -> str:
    """The SQL expression the server indexes and searches for ``column``."""
    return f"translate({column}, '{PLAIN_FROM}', '{PLAIN_TO.replace(chr(39), chr(39) * 2)}')"


def _revision(pattern: str) -> Any:
    """An earlier revision's module (its search sources and view)."""
    here = Path(__file__).resolve().parent
    (path,) = here.glob(pattern)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _inserts(table: str, key: str, kind: str, parent: str, columns: Sequence[str], row: str) -> str:
    return "\n".join(
        f"INSERT INTO search_index (kind, ref_id, parent_id, field, body) "
        f"SELECT '{kind}', {row}.{key}, {parent.format(r=row)}, '{column}', {row}.{column} "
        f"WHERE {row}.{column} IS NOT NULL;"
        for column in columns
    )


def sqlite_triggers(sources: Sequence[tuple[str, str, str, str, tuple[str, ...]]]) -> None:
    """(Re)create the triggers that keep the FTS5 index in step with ``sources``."""
    for table, key, kind, parent, columns in sources:
        delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND ref_id = OLD.{key};"
        inserts = _inserts(table, key, kind, parent, columns, "NEW")
        watched = dict.fromkeys([key, *re.findall(r"\{r\}\.(\w+)", parent), *columns])
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
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


def server_view(sources: Sequence[tuple[str, str, str, str, tuple[str, ...]]]) -> str:
    parts = [
        f"SELECT '{kind}' AS kind, {key} AS ref_id, {parent.format(r=table)} AS parent_id, "
        f"'{column}' AS field, {column} AS body, {plain(column)} AS words "
        f"FROM {table} WHERE {column} IS NOT NULL"
        for table, key, kind, parent, columns in sources
        for column in columns
    ]
    return "CREATE VIEW search_documents AS\n" + "\nUNION ALL\n".join(parts)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite_triggers([s for s in SOURCES if s[0] in NEW_COLUMNS])
        for table, key, kind, parent, _ in SOURCES:
            for column in NEW_COLUMNS.get(table, ()):
                op.execute(
                    f"INSERT INTO search_index (kind, ref_id, parent_id, field, body) "
                    f"SELECT '{kind}', t.{key}, {parent.format(r='t')}, '{column}', t.{column} "
                    f"FROM {table} t WHERE t.{column} IS NOT NULL"
                )
        return
    op.execute("DROP VIEW IF EXISTS search_documents")
    op.execute(server_view(SOURCES))
    for table, _, _, _, columns in SOURCES:
        for column in columns:
            op.execute(
                f"CREATE INDEX ix_search_{table}_{column} ON {table} "
                f"USING gin (to_tsvector('english'::regconfig, {plain(column)}))"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, _, kind, _, _ in SOURCES:
            for column in NEW_COLUMNS.get(table, ()):
                op.execute(f"DELETE FROM search_index WHERE kind = '{kind}' AND field = '{column}'")
        before = {s[0]: s for s in _revision("*_0004_search_index.py").SOURCES}
        sqlite_triggers([before[table] for table in NEW_COLUMNS])
        return
    for table, _, _, _, columns in SOURCES:
        for column in columns:
            op.execute(f"DROP INDEX IF EXISTS ix_search_{table}_{column}")
    op.execute("DROP VIEW IF EXISTS search_documents")
    _revision("*_0006_server_search.py").upgrade()
