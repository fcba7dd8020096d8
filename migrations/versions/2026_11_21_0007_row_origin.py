"""row origin: every row says whether it is curated (shipped in data/seed.sql) or local

A row already in the database is marked curated only when it is, column for
column, a row some earlier release shipped (``release_fingerprints.json``
beside the versions holds a fingerprint of every row of every release made
before this revision). Any other row is local: one a user added by hand, even
where its id is one the release now uses, and a curated row the user edited.
Marking by id alone would make a user's own row "curated" and let the curated
refresh overwrite it. Rows added from now on default to local. Upgrades refresh
curated rows and never touch local ones.

On SQLite the column is added in place (ALTER TABLE ... ADD COLUMN with a named
CHECK), not by rebuilding the tables: a rebuild would drop what Alembic cannot
reflect, the search index triggers and the listing index.

Revision ID: 0007_row_origin
Revises: 0006_server_search
Create Date: 2026-11-21
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007_row_origin"
down_revision: str | None = "0006_server_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here rather than imported from seed.ORIGIN_TABLES: a migration must keep
# meaning what it meant when it was written, whatever tables come later.
TABLES = (
    "publications",
    "source_references",
    "indications",
    "indication_aliases",
    "studies",
    "study_indications",
    "dose_regimens",
    "study_notes",
    "regimen_indications",
    "positions",
    "treatments",
    "claims",
    "statements",
)
CHECK = "origin IN ('curated', 'local')"


FINGERPRINTS = Path(__file__).resolve().parent.parent / "release_fingerprints.json"


def _comparable(value: Any) -> Any:
    """One spelling of a value on every engine: 2.0 and 2, True and 1, Decimal and float."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def row_fingerprint(row: Mapping[str, Any]) -> str:
    """A digest of every column of a row but its origin."""
    fields = sorted((k, _comparable(v)) for k, v in row.items() if k != "origin")
    payload = json.dumps(fields, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def key_text(values: Sequence[Any]) -> str:
    return json.dumps([_comparable(v) for v in values], ensure_ascii=False, default=str)


def _mark_origin(table: str, shipped: Mapping[str, Any]) -> None:
    """Curated where the row is one an earlier release shipped; every other row stays local.

    The new column's default already made every row local; only rows at the
    releases' few hundred keys are looked at, so a database holding a million
    rows of its own upgrades as quickly as a fresh one.
    """
    key: list[str] = shipped["key"]
    bind = op.get_bind()
    condition = " AND ".join(f"{column} = :{column}" for column in key)
    select_row = sa.text(f"SELECT * FROM {table} WHERE {condition}")
    mark = sa.text(f"UPDATE {table} SET origin = 'curated' WHERE {condition}")
    for text, digests in sorted(shipped["rows"].items()):
        values = dict(zip(key, json.loads(text), strict=True))
        found = bind.execute(select_row, values).mappings().first()
        if found is not None and row_fingerprint(found) in digests:
            bind.execute(mark, values)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    fingerprints = json.loads(FINGERPRINTS.read_text(encoding="utf-8"))["tables"]
    search = _search_migration() if sqlite else None
    if search is not None:
        # Marking origins must not re-index every row: the update triggers go now
        # and come back watching only the columns the search index holds.
        for table, *_ in search.SOURCES:
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_update")
    for table in TABLES:
        if sqlite:
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN origin VARCHAR(32) DEFAULT 'local' "
                f"NOT NULL CONSTRAINT ck_{table}_origin CHECK ({CHECK})"
            )
        else:
            op.add_column(
                table, sa.Column("origin", sa.String(32), server_default="local", nullable=False)
            )
            op.create_check_constraint(op.f(f"ck_{table}_origin"), table, CHECK)
        _mark_origin(table, fingerprints.get(table, {"key": [], "rows": {}}))
    if search is not None:
        for table, key, kind, parent, columns in search.SOURCES:
            watched = dict.fromkeys([key, *re.findall(r"\{r\}\.(\w+)", parent), *columns])
            delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND ref_id = OLD.{key};"
            inserts = search._inserts(table, key, kind, parent, columns, "NEW")
            op.execute(
                f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {', '.join(watched)} "
                f"ON {table} BEGIN\n{delete}\n{inserts}\nEND"
            )


def _search_migration() -> Any:
    """Revision 0004's module: the search index's sources and trigger bodies."""
    here = Path(__file__).resolve().parent
    (path,) = here.glob("*_0004_search_index.py")
    spec = importlib.util.spec_from_file_location("search_index_0004", path)
    assert spec is not None and spec.loader is not None
    search = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(search)
    return search


def _restore_derived() -> None:
    """Put back what a SQLite table rebuild loses: the listing index and search triggers."""
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_studies_listing ON studies "
        "((CASE WHEN year IS NULL THEN 1 ELSE 0 END), year, id, design, population, "
        "direction, n)"
    )
    search = _search_migration()
    for table, key, kind, parent, columns in search.SOURCES:
        delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND ref_id = OLD.{key};"
        inserts = search._inserts(table, key, kind, parent, columns, "NEW")
        op.execute(f"DROP TRIGGER IF EXISTS search_{table}_insert")
        op.execute(f"DROP TRIGGER IF EXISTS search_{table}_update")
        op.execute(f"DROP TRIGGER IF EXISTS search_{table}_delete")
        op.execute(
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN\n{inserts}\nEND"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE ON {table} BEGIN\n"
            f"{delete}\n{inserts}\nEND"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN\n{delete}\nEND"
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_origin"), type_="check")
            batch_op.drop_column("origin")
    if sqlite:
        _restore_derived()
