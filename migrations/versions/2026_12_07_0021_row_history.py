"""row history: every write's before-images, so a write is undone by what it changed

Three tables and a trigger on every data table, on SQLite and PostgreSQL alike:

- ``history_writes``: one row per ivig write (its time, command, the server role that
  made it, whether it was a curator's own write or the curated release's refresh
  by `ivig db upgrade`, and the write it undid, if it was an undo);
- ``history_rows``: for each row a write changed or deleted, its key and its whole
  row as it was before (JSON); for each row it added, its key;
- ``history_open``: the write in progress, while it runs (never committed): the
  triggers read which write a change belongs to from it. Write 0 marks work that
  is not recorded (the curated data a build loads).

The triggers record any change: one made with another tool is recorded with no
write (an UPDATE or DELETE; another tool's INSERT only into the tables the kept
summaries count, ``COUNTED``, so a bulk load of other rows costs nothing here), which
is how an undo finds that another tool changed its rows since, and how a read brings
the kept summaries in step with another tool's change without counting every study. The before-image of a row is the row as JSON; on SQLite a real number is
kept as its 17 significant digits in a one-element array, which reads back as the
same double (SQLite's JSON keeps 15).

A later migration that changes a data table's columns recreates that table's
SQLite trigger with ``install(table)`` from this module (as 0014 reads 0009's), so
its before-images keep every column. The downgrade drops all of it.

Revision ID: 0021_row_history
Revises: 0020_review_criteria
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_row_history"
down_revision: str | None = "0020_review_criteria"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: the data tables at this revision (store/tables.TABLE_ORDER).
DATA_TABLES = (
    "data_release",
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
    "outcomes",
    "criteria",
)
SCOPES = ("local", "release")
ACTIONS = ("insert", "update", "delete")
EVENTS = ("insert", "update", "delete")
QUIET = 0  # the write id that marks unrecorded work (a build's curated data)
# The tables whose rows the kept summaries count: another tool's inserts are recorded.
COUNTED = ("studies", "study_indications", "indications")


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _key_columns(table: str) -> list[str]:
    found = sa.inspect(op.get_bind()).get_pk_constraint(table)["constrained_columns"]
    return list(found)


def _columns(table: str) -> list[str]:
    return [c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)]


def _image(row: str, columns: Sequence[str]) -> str:
    """The row as a JSON object; a real as its 17 digits, in an array (SQLite)."""
    parts = ", ".join(
        f"'{c}', CASE WHEN typeof({row}.\"{c}\") = 'real' "
        f'THEN json_array(printf(\'%!.17g\', {row}."{c}")) ELSE {row}."{c}" END'
        for c in columns
    )
    return f"json_object({parts})"


def _key(row: str, keys: Sequence[str]) -> str:
    return f"json_array({', '.join(f'{row}.{k}' for k in keys)})"


def _trigger(table: str, event: str) -> str:
    return f"history_{table}_{event}"


def install(table: str) -> None:
    """(Re)create ``table``'s history triggers on SQLite from its columns now."""
    keys, columns = _key_columns(table), _columns(table)
    current = "(SELECT max(write_id) FROM history_open)"
    for event in EVENTS:
        op.execute(f"DROP TRIGGER IF EXISTS {_trigger(table, event)}")
    unless_quiet = f"NOT EXISTS (SELECT 1 FROM history_open WHERE write_id = {QUIET})"
    op.execute(
        f"CREATE TRIGGER {_trigger(table, 'insert')} AFTER INSERT ON {table} "
        f"WHEN {unless_quiet if table in COUNTED else f'{current} > {QUIET}'} BEGIN "
        "INSERT INTO history_rows (write_id, table_name, row_key, action) "
        f"VALUES ({current}, '{table}', {_key('NEW', keys)}, 'insert'); END"
    )
    for event, row in (("update", "NEW"), ("delete", "OLD")):
        op.execute(
            f"CREATE TRIGGER {_trigger(table, event)} AFTER {event.upper()} ON {table} "
            f"WHEN {unless_quiet} BEGIN "
            "INSERT INTO history_rows (write_id, table_name, row_key, action, before_image) "
            f"VALUES ({current}, '{table}', {_key(row, keys)}, '{event}', "
            f"{_image('OLD', columns)}); END"
        )


SERVER_FUNCTION = (
    "CREATE FUNCTION ivig_history() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "DECLARE\n"
    "  current integer;\n"
    "  quiet boolean;\n"
    "  keyed jsonb;\n"
    "  row_key jsonb := '[]'::jsonb;\n"
    "  col text;\n"
    "BEGIN\n"
    f"  SELECT max(write_id), bool_or(write_id = {QUIET}) INTO current, quiet FROM history_open;\n"
    "  IF coalesce(quiet, false) OR (TG_OP = 'INSERT' AND current IS NULL\n"
    f"      AND TG_TABLE_NAME NOT IN ({_quoted(COUNTED)})) THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP = 'DELETE' THEN keyed := to_jsonb(OLD); ELSE keyed := to_jsonb(NEW); END IF;\n"
    "  FOREACH col IN ARRAY TG_ARGV LOOP\n"
    "    row_key := row_key || jsonb_build_array(keyed -> col);\n"
    "  END LOOP;\n"
    "  INSERT INTO history_rows (write_id, table_name, row_key, action, before_image)\n"
    "  VALUES (current, TG_TABLE_NAME, row_key::text, lower(TG_OP),\n"
    "          CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD)::text END);\n"
    "  RETURN NULL;\n"
    "END\n"
    "$$"
)


def upgrade() -> None:
    op.create_table(
        "history_writes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.CheckConstraint(f"scope IN ({_quoted(SCOPES)})", name="ck_history_writes_scope"),
        sa.CheckConstraint("length(command) > 0", name="ck_history_writes_command_not_empty"),
        sa.PrimaryKeyConstraint("id", name="pk_history_writes"),
    )
    op.create_table(
        "history_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("write_id", sa.Integer(), nullable=True),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_key", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("before_image", sa.Text(), nullable=True),
        sa.CheckConstraint(f"action IN ({_quoted(ACTIONS)})", name="ck_history_rows_action"),
        sa.CheckConstraint(
            "(action = 'insert' AND before_image IS NULL) "
            "OR (action <> 'insert' AND before_image IS NOT NULL)",
            name="ck_history_rows_before_image",
        ),
        sa.ForeignKeyConstraint(
            ["write_id"], ["history_writes.id"], name="fk_history_rows_write_id_history_writes"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_history_rows"),
    )
    op.create_index("ix_history_rows_write_id", "history_rows", ["write_id"])
    op.create_index("ix_history_rows_row", "history_rows", ["table_name", "row_key", "id"])
    op.create_table(
        "history_open",
        sa.Column("write_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("write_id", name="pk_history_open"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SERVER_FUNCTION)
        for table in DATA_TABLES:
            keys = ", ".join(f"'{k}'" for k in _key_columns(table))
            op.execute(
                f"CREATE TRIGGER history_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION ivig_history({keys})"
            )
        return
    for table in DATA_TABLES:
        install(table)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in DATA_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS history_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS ivig_history()")
    else:
        for table in DATA_TABLES:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS {_trigger(table, event)}")
    op.drop_table("history_open")
    op.drop_index("ix_history_rows_row", table_name="history_rows")
    op.drop_index("ix_history_rows_write_id", table_name="history_rows")
    op.drop_table("history_rows")
    op.drop_table("history_writes")
