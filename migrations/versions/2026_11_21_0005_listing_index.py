"""listing index: one ordered, covering index for every studies list query

Replaces the single-column indexes on design, population, direction and year:
the planner walks the listing index in the listing order and tests the filters
inside it, so no list query sorts or scans the table. Alembic cannot compare
expression indexes on SQLite; a test checks this one exists.

Revision ID: 0005_listing_index
Revises: 0004_search_index
Create Date: 2026-11-21 06:05:24.313024
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_listing_index"
down_revision: str | None = "0004_search_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("studies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_studies_design"))
        batch_op.drop_index(batch_op.f("ix_studies_direction"))
        batch_op.drop_index(batch_op.f("ix_studies_population"))
        batch_op.drop_index(batch_op.f("ix_studies_year_id"))
    op.create_index(
        "ix_studies_listing",
        "studies",
        [
            sa.text("(CASE WHEN year IS NULL THEN 1 ELSE 0 END)"),
            "year",
            "id",
            "design",
            "population",
            "direction",
            "n",
        ],
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statements_status"), ["status"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE")


def downgrade() -> None:
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statements_status"))
    op.drop_index("ix_studies_listing", table_name="studies")
    with op.batch_alter_table("studies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_studies_year_id"), ["year", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_studies_population"), ["population"], unique=False)
        batch_op.create_index(batch_op.f("ix_studies_direction"), ["direction"], unique=False)
        batch_op.create_index(batch_op.f("ix_studies_design"), ["design"], unique=False)
