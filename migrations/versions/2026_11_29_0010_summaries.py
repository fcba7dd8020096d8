"""summaries: evidence counts kept in step on write

A derived table, ``summary_counts``: the studies per indication and design (by
direction, with their patients), as `ivig indications` and `ivig map` show them,
computed by every write ivig makes (build, upgrade, import, add) and stamped with
a fingerprint of the studies and their indication links. A read uses it when the
fingerprint still matches and counts afresh when it does not, so summaries stay
flat in time however large the database grows. A covering index on
(indication_slug, study_id) serves the counts of one indication.

Revision ID: 0010_summaries
Revises: 0009_search_authors
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_summaries"
down_revision: str | None = "0009_search_authors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE TABLE summary_counts (name VARCHAR(40) PRIMARY KEY, "
        "fingerprint VARCHAR(400) NOT NULL, payload TEXT NOT NULL)"
    )
    # One indication's studies from the index alone, for the summaries of one indication.
    op.create_index(
        "ix_study_indications_scope", "study_indications", ["indication_slug", "study_id"]
    )
    op.create_index(
        "ix_studies_strongest",
        "studies",
        [
            "design",
            sa.text("(CASE WHEN n IS NULL THEN 1 ELSE 0 END)"),
            sa.text("n DESC"),
            "year",
            "id",
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_studies_strongest", table_name="studies")
    op.drop_index("ix_study_indications_scope", table_name="study_indications")
    op.execute("DROP TABLE IF EXISTS summary_counts")
