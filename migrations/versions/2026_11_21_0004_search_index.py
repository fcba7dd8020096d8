"""search index: an FTS5 index over titles, results, notes and quotes, kept by triggers

The index is a derived table: triggers on each source table keep it in step
with every insert, update and delete (the seed loader, imports and edits alike),
and this migration fills it from the rows already there. SQLite only: other
engines use their own full-text machinery.

Revision ID: 0004_search_index
Revises: 0003_dose_calculator
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004_search_index"
down_revision: str | None = "0003_dose_calculator"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, key column, kind, parent expression, indexed text columns)
SOURCES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("publications", "id", "publication", "{r}.id", ("title", "note")),
    (
        "studies",
        "id",
        "study",
        "{r}.id",
        ("result", "outcome_measures", "population_text", "comparator", "note"),
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


def _inserts(
    table: str, key: str, kind: str, parent: str, columns: tuple[str, ...], row: str
) -> str:
    return "\n".join(
        f"INSERT INTO search_index (kind, ref_id, parent_id, field, body) "
        f"SELECT '{kind}', {row}.{key}, {parent.format(r=row)}, '{column}', {row}.{column} "
        f"WHERE {row}.{column} IS NOT NULL;"
        for column in columns
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, ref_id UNINDEXED, parent_id UNINDEXED, field UNINDEXED, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    for table, key, kind, parent, columns in SOURCES:
        delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND ref_id = OLD.{key};"
        op.execute(
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN\n"
            f"{_inserts(table, key, kind, parent, columns, 'NEW')}\nEND"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE ON {table} BEGIN\n"
            f"{delete}\n{_inserts(table, key, kind, parent, columns, 'NEW')}\nEND"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN\n{delete}\nEND"
        )
        for column in columns:
            op.execute(
                f"INSERT INTO search_index (kind, ref_id, parent_id, field, body) "
                f"SELECT '{kind}', t.{key}, {parent.format(r='t')}, '{column}', t.{column} "
                f"FROM {table} t WHERE t.{column} IS NOT NULL"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, *_ in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
    op.execute("DROP TABLE IF EXISTS search_index")
