"""change counter: a fingerprint of the studies that costs nothing to read on a server

The kept summaries (revision 0010) are used while a fingerprint of the studies and
their indication links still matches. The fingerprint counted both tables, and
``count(*)`` is a scan on PostgreSQL (about 80 ms at a million studies, growing
with them). On PostgreSQL a statement-level trigger on both tables now counts the
statements that change them, in a ``changes`` row of ``summary_counts``: the
fingerprint is that one row. ivig's own writes mark their transaction
(``ivig.writing``) and store fresh summaries themselves, so the trigger returns at
once for them; any other tool's change moves the counter. SQLite keeps its count
fingerprint (an index walk, about 10 ms at a million), so nothing changes there.

Revision ID: 0012_change_counter
Revises: 0011_regimen_order
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012_change_counter"
down_revision: str | None = "0011_regimen_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = ("studies", "study_indications")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "INSERT INTO summary_counts (name, fingerprint, payload) VALUES ('changes', '', '0')"
    )
    op.execute(
        "CREATE FUNCTION ivig_note_change() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  IF coalesce(current_setting('ivig.writing', true), '') = 'on' THEN\n"
        "    RETURN NULL;\n"
        "  END IF;\n"
        "  UPDATE summary_counts SET payload = (payload::bigint + 1)::text\n"
        "    WHERE name = 'changes';\n"
        "  RETURN NULL;\n"
        "END\n"
        "$$"
    )
    for table in WATCHED:
        op.execute(
            f"CREATE TRIGGER {table}_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION ivig_note_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in WATCHED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_changes ON {table}")
    op.execute("DROP FUNCTION IF EXISTS ivig_note_change()")
    op.execute("DELETE FROM summary_counts WHERE name = 'changes'")
