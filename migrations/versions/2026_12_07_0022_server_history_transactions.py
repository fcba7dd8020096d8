"""server history transactions: which transaction wrote each history row

On PostgreSQL other clients commit while an ivig write runs, so where the row
history stood when the kept summaries were stored cannot be a history id: a
transaction that began earlier and commits later records ids below it. Each history
row on a server now carries the id of the transaction that wrote it (``xid``, filled
by the column's default), and the summaries are marked with the snapshot they were
counted in; a read brings them in step by the rows of the transactions that
snapshot did not see (counts.brought_in_step). The index finds those rows without
reading the whole history.

Rows recorded before this revision keep no transaction (NULL); the counts stored by
the next write are the first marked by a snapshot. SQLite has one writer at a time,
and its history ids are in commit order: nothing changes there. The downgrade drops
the column and its index.

Revision ID: 0022_server_history_transactions
Revises: 0021_row_history
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_server_history_transactions"
down_revision: str | None = "0021_row_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # Added without a default first: a volatile default would rewrite every existing
    # row with the migration's own transaction.
    op.add_column("history_rows", sa.Column("xid", sa.BigInteger(), nullable=True))
    op.execute(
        "ALTER TABLE history_rows ALTER COLUMN xid "
        "SET DEFAULT CAST(CAST(pg_current_xact_id() AS text) AS bigint)"
    )
    op.create_index("ix_history_rows_xid", "history_rows", ["xid"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_history_rows_xid", table_name="history_rows")
    op.drop_column("history_rows", "xid")
