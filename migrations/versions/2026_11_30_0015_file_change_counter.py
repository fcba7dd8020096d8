"""file change counter: the kept summaries' fingerprint is one row on SQLite too

The kept summaries (revision 0010) are used while a fingerprint of the studies and
their indication links still matches. On SQLite that fingerprint counted both
tables (about 14 ms at a million studies, on every `evidence`, `indications`,
`map` and `show`), and an UPDATE made with another tool (a study's design,
direction or size changed in place) did not move it: the counts stayed stale
until ivig's next write. Now row triggers on SQLite count every change to the
studies (their id, design, direction and size: what the counts read), their
indication links and the indication tree, in the ``changes`` row of
``summary_counts``, as PostgreSQL's statement triggers have since revision 0012;
ivig's own writes move it too, and stamp the summaries they store after. The
indication tree (a parent changed, an indication added or removed) is now
watched on PostgreSQL as well, since the rolled-up counts follow it.

Revision ID: 0015_file_change_counter
Revises: 0014_search_index_rows
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0015_file_change_counter"
down_revision: str | None = "0014_search_index_rows"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNT_A_CHANGE = (
    "UPDATE summary_counts SET payload = CAST(CAST(payload AS INTEGER) + 1 AS TEXT) "
    "WHERE name = 'changes';"
)
# (table, the columns whose update changes what the summaries count)
WATCHED_ON_FILES = (
    ("studies", "id, design, direction, n"),
    ("study_indications", "study_id, indication_slug"),
    ("indications", "slug, parent_slug"),
)
EVENTS = ("insert", "delete", "update")


def _trigger(table: str, event: str) -> str:
    return f"{table}_changes_{event}"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER indications_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            "ON indications FOR EACH STATEMENT EXECUTE FUNCTION ivig_note_change()"
        )
        return
    op.execute(
        "INSERT INTO summary_counts (name, fingerprint, payload) VALUES ('changes', '', '0')"
    )
    for table, columns in WATCHED_ON_FILES:
        for event in EVENTS:
            when = f"UPDATE OF {columns}" if event == "update" else event.upper()
            op.execute(
                f"CREATE TRIGGER {_trigger(table, event)} AFTER {when} ON {table} "
                f"BEGIN {COUNT_A_CHANGE} END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS indications_changes ON indications")
        return
    for table, _columns in WATCHED_ON_FILES:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS {_trigger(table, event)}")
    op.execute("DELETE FROM summary_counts WHERE name = 'changes'")
