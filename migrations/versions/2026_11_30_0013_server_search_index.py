"""server search index: PostgreSQL searches stored word vectors, as SQLite searches FTS5

On PostgreSQL `ivig search` read the ``search_documents`` view, each searched column
with a GIN index on its ``to_tsvector`` expression. Finding the matches used those
indexes, but ranking them (``ts_rank``) needs each match's vector, which the server
recomputed from the text for every match: 5.8 s for a word in 40% of a million
studies, where SQLite's FTS5 takes 1.7 s.

PostgreSQL now keeps a ``search_index`` table like SQLite's (kind, ref_id, parent_id,
field, body: the same rows from the same columns), kept in step by triggers as
SQLite's is, plus a stored ``vector`` column (generated from the body, typographic
quotes and dashes made plain as in revision 0009) with one GIN index. The view and
its per-column indexes are dropped. Nothing changes on SQLite.

Revision ID: 0013_server_search_index
Revises: 0012_change_counter
Create Date: 2026-11-30
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic import op

revision: str = "0013_server_search_index"
down_revision: str | None = "0012_change_counter"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _revision(pattern: str) -> Any:
    """An earlier revision's module (its search sources, plain-text expression, view)."""
    here = Path(__file__).resolve().parent
    (path,) = here.glob(pattern)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    search = _revision("*_0009_search_authors.py")
    op.execute("DROP VIEW IF EXISTS search_documents")
    for table, _, _, _, columns in search.SOURCES:
        for column in columns:
            op.execute(f"DROP INDEX IF EXISTS ix_search_{table}_{column}")
    op.execute(
        "CREATE TABLE search_index (\n"
        "  kind text NOT NULL,\n"
        "  ref_id text NOT NULL,\n"
        "  parent_id text,\n"
        "  field text NOT NULL,\n"
        "  body text NOT NULL,\n"
        "  vector tsvector GENERATED ALWAYS AS "
        f"(to_tsvector('english'::regconfig, {search.plain('body')})) STORED\n"
        ")"
    )
    for table, key, kind, parent, columns in search.SOURCES:
        for column in columns:
            op.execute(
                f"INSERT INTO search_index (kind, ref_id, parent_id, field, body) "
                f"SELECT '{kind}', t.{key}, {parent.format(r='t')}, '{column}', t.{column} "
                f"FROM {table} t WHERE t.{column} IS NOT NULL"
            )
    op.execute("CREATE INDEX ix_search_index_vector ON search_index USING gin (vector)")
    op.execute("CREATE INDEX ix_search_index_ref ON search_index (kind, ref_id)")
    for table, key, kind, parent, columns in search.SOURCES:
        delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND ref_id = OLD.{key};"
        # The same INSERTs as SQLite's triggers (revision 0009), in a PL/pgSQL body.
        inserts = search._inserts(table, key, kind, parent, columns, "NEW").replace("\n", "\n    ")
        watched = dict.fromkeys([key, *re.findall(r"\{r\}\.(\w+)", parent), *columns])
        op.execute(
            f"CREATE FUNCTION search_{table}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "BEGIN\n"
            "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
            f"    {delete}\n"
            "  END IF;\n"
            "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
            f"    {inserts}\n"
            "  END IF;\n"
            "  RETURN NULL;\n"
            "END\n"
            "$$"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_insert_delete AFTER INSERT OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION search_{table}()"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {', '.join(watched)} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION search_{table}()"
        )
        # TRUNCATE fires no row trigger: empty the index of that table's rows too.
        op.execute(
            f"CREATE FUNCTION search_{table}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN DELETE FROM search_index WHERE kind = '{kind}'; RETURN NULL; END\n"
            "$$"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION search_{table}_truncate()"
        )
    op.execute("ANALYZE search_index")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    search = _revision("*_0009_search_authors.py")
    for table, _, _, _, _ in search.SOURCES:
        for suffix in ("insert_delete", "update", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{suffix} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS search_{table}()")
        op.execute(f"DROP FUNCTION IF EXISTS search_{table}_truncate()")
    op.execute("DROP TABLE IF EXISTS search_index")
    op.execute(search.server_view(search.SOURCES))
    for table, _, _, _, columns in search.SOURCES:
        for column in columns:
            op.execute(
                f"CREATE INDEX ix_search_{table}_{column} ON {table} "
                f"USING gin (to_tsvector('english'::regconfig, {search.plain(column)}))"
            )
