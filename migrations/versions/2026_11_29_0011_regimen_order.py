"""regimen order: suggested regimens first, read from an index

`ivig dose`, `evidence` and `show INDICATION` list an indication's suggested
regimens first, then the others by id, and show the first 20. An index on
(context, id) finds the suggested ones without reading every regimen in scope;
the others are walked in primary-key order. Before it, an indication holding
most of a large database sorted all its regimens to show twenty. An index on
record_basis finds the few regimens a primary record reads differently (the
disagreements of `conflicts` and `evidence`) without reading the others.

Revision ID: 0011_regimen_order
Revises: 0010_summaries
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_regimen_order"
down_revision: str | None = "0010_summaries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_dose_regimens_context_id", "dose_regimens", ["context", "id"])
    # Partial: only the few regimens that have a record reading are in it, so the
    # planner knows it is the way to them.
    reading = sa.text("record_basis IS NOT NULL")
    op.create_index(
        "ix_dose_regimens_record_basis",
        "dose_regimens",
        ["record_basis"],
        sqlite_where=reading,
        postgresql_where=reading,
    )


def downgrade() -> None:
    op.drop_index("ix_dose_regimens_record_basis", table_name="dose_regimens")
    op.drop_index("ix_dose_regimens_context_id", table_name="dose_regimens")
