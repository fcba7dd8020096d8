"""server search: a search_documents view for PostgreSQL's full-text search

On PostgreSQL, `ivig search` uses to_tsvector / websearch_to_tsquery / ts_rank /
ts_headline over this view of the same text the SQLite FTS5 index holds; a view
is always in step with the data. Nothing changes on SQLite.

Revision ID: 0006_server_search
Revises: 0005_listing_index
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006_server_search"
down_revision: str | None = "0005_listing_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, key column, kind, parent expression, text columns): as the FTS5 index of 0004.
SOURCES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("publications", "id", "publication", "id", ("title", "note")),
    (
        "studies",
        "id",
        "study",
        "id",
        ("result", "outcome_measures", "population_text", "comparator", "note"),
    ),
    ("study_notes", "id", "study_note", "study_id", ("note",)),
    (
        "dose_regimens",
        "id",
        "regimen",
        "COALESCE(study_id, id)",
        ("text", "ambiguity_note", "note", "record_reading"),
    ),
    ("positions", "id", "position", "indication_slug", ("wording", "conditions", "note")),
    ("claims", "id", "claim", "id", ("summary",)),
    (
        "statements",
        "id",
        "statement",
        "COALESCE(study_id, regimen_id, position_id, publication_id, indication_slug, "
        "treatment_id, claim_id)",
        ("quote", "status_note"),
    ),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    parts = [
        f"SELECT '{kind}' AS kind, {key} AS ref_id, {parent} AS parent_id, "
        f"'{column}' AS field, {column} AS body FROM {table} WHERE {column} IS NOT NULL"
        for table, key, kind, parent, columns in SOURCES
        for column in columns
    ]
    op.execute("CREATE VIEW search_documents AS\n" + "\nUNION ALL\n".join(parts))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP VIEW IF EXISTS search_documents")
