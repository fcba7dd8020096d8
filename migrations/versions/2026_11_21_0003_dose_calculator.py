"""dose calculator: the dose reading the primary literature supports, and dose caps

record_basis says which reading of an ambiguous amount the primary literature
supports (per day or per course ...); max_grams is a per-infusion cap.

Revision ID: 0003_dose_calculator
Revises: 0002_primary_records
Create Date: 2026-11-21 05:44:18.518626
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_dose_calculator"
down_revision: str | None = "0002_primary_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dose_regimens", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "record_basis",
                sa.Enum(
                    "per_day",
                    "per_infusion",
                    "per_dose",
                    "per_course",
                    "not_stated",
                    name="record_basis",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("max_grams", sa.Float(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_dose_regimens_basis_has_source"),
            "record_basis IS NULL OR record_source IS NOT NULL",
        )
        batch_op.create_check_constraint(
            op.f("ck_dose_regimens_max_grams_positive"), "max_grams > 0"
        )


def downgrade() -> None:
    with op.batch_alter_table("dose_regimens", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_dose_regimens_max_grams_positive"), type_="check")
        batch_op.drop_constraint(op.f("ck_dose_regimens_basis_has_source"), type_="check")
        batch_op.drop_constraint(op.f("ck_dose_regimens_record_basis"), type_="check")
        batch_op.drop_column("max_grams")
        batch_op.drop_column("record_basis")
