"""canonical addresses and author lists: where a record was read, and its people

- publications.read_at: where the copy of a record that was read lies when it is
  not the canonical address (a mirror, a proxy, an aggregator, a link-out page).
  ``url`` is now always the public, canonical address a reader follows (PubMed
  where a PMID is known, else the DOI, else the issuing body's own page); the copy
  read is kept beside it, honestly, and never offered as a link.
- publications.author_list: the record's authors as people, in their order, as a
  JSON array of objects (``{"family": ..., "given": ...}`` for a person,
  ``{"literal": ...}`` for an organisation), so references no longer split a
  string; ``authors`` keeps the list as the citing source wrote it.
- publications.standing: what a document says it is, in words, where its kind
  alone does not tell a reader (an AI-assisted answer page pending human review,
  an infusion supplier's web page); views show it beside every position.

Revision ID: 0016_canonical_addresses
Revises: 0015_file_change_counter
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_canonical_addresses"
down_revision: str | None = "0015_file_change_counter"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs: no table is rebuilt, so triggers and indexes stay as they are.
    op.add_column("publications", sa.Column("read_at", sa.Text(), nullable=True))
    op.add_column("publications", sa.Column("author_list", sa.Text(), nullable=True))
    op.add_column("publications", sa.Column("standing", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("publications", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("standing")
        batch_op.drop_column("author_list")
        batch_op.drop_column("read_at")
