"""primary records: study notes, dose readings from the primary literature, every_2_weeks

Adds study_notes (what a study's primary record adds: early stops, dropouts,
dose caps ...), the record_reading/record_source columns on dose_regimens,
and the every_2_weeks interval. Downgrading a database that uses
every_2_weeks stops at the CHECK constraint rather than rewriting those rows.

Revision ID: 0002_primary_records
Revises: 0001_initial
Create Date: 2026-11-21 05:37:38.308085
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_primary_records"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "study_notes",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("study_id", sa.String(length=80), nullable=False),
        sa.Column(
            "topic",
            sa.Enum(
                "stopped_early",
                "dropouts",
                "product_safety",
                "dose_cap",
                "dose",
                "design",
                "population",
                "result",
                name="note_topic",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("publication_id", sa.String(length=80), nullable=True),
        sa.Column("checked_against", sa.Text(), nullable=False),
        sa.CheckConstraint("length(note) > 0", name=op.f("ck_study_notes_note_not_empty")),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_study_notes_publication_id_publications"),
        ),
        sa.ForeignKeyConstraint(
            ["study_id"], ["studies.id"], name=op.f("fk_study_notes_study_id_studies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_notes")),
    )
    with op.batch_alter_table("study_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_study_notes_publication_id"), ["publication_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_study_notes_study_id"), ["study_id"], unique=False)

    with op.batch_alter_table("dose_regimens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("record_reading", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("record_source", sa.Text(), nullable=True))
        batch_op.drop_constraint(op.f("ck_dose_regimens_dose_interval"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_dose_regimens_dose_interval"),
            "repeat_interval IN ('once', 'daily', 'weekly', 'every_2_weeks', 'every_3_weeks', 'every_4_weeks', 'monthly', 'not_stated')",
        )
        batch_op.create_check_constraint(
            op.f("ck_dose_regimens_reading_has_source"),
            "record_reading IS NULL OR record_source IS NOT NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("dose_regimens", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_dose_regimens_reading_has_source"), type_="check")
        batch_op.drop_constraint(op.f("ck_dose_regimens_dose_interval"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_dose_regimens_dose_interval"),
            "repeat_interval IN ('once', 'daily', 'weekly', 'every_3_weeks', 'every_4_weeks', 'monthly', 'not_stated')",
        )
        batch_op.drop_column("record_source")
        batch_op.drop_column("record_reading")

    with op.batch_alter_table("study_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_study_notes_study_id"))
        batch_op.drop_index(batch_op.f("ix_study_notes_publication_id"))

    op.drop_table("study_notes")
