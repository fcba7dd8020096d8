"""outcomes: the figures behind an effect, and the paper's own stated effect

One row per study and outcome (and time point): the arms as the record names them,
with events and total (binary) or mean, SD and n (continuous) in each, or only the
effect the paper states (stated_only); the design facts that decide what may be
pooled with what (parallel, crossover with the period the figures come from,
withdrawal, single arm); which way is good for the patient; and the stated effect
(measure, value, 95% CI, p as printed) with the sentence that states it, its record
and where it was read, as a study note carries its provenance. Rows are curated or
local like every other table's.

A new table: created the same way on SQLite and PostgreSQL (no table is rebuilt,
no trigger touched); the downgrade drops it.

Revision ID: 0019_outcomes
Revises: 0018_conditions_beyond_ra
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_outcomes"
down_revision: str | None = "0018_conditions_beyond_ra"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "outcomes"
# Frozen here rather than read from vocab: a migration keeps meaning what it meant.
KINDS = ("binary", "continuous", "stated_only")
COMPARISONS = ("parallel", "crossover", "withdrawal", "single_arm")
BETTER = ("higher", "lower")
MEASURES = (
    "risk_ratio",
    "odds_ratio",
    "risk_difference",
    "mean_difference",
    "smd",
    "hazard_ratio",
)
ORIGINS = ("curated", "local")

# (name, expression): the table's own rules, as the models declare them.
CHECKS: tuple[tuple[str, str], ...] = (
    ("outcome_not_empty", "length(outcome) > 0"),
    ("treatment_arm_not_empty", "length(treatment_arm) > 0"),
    ("checked_not_empty", "length(checked_against) > 0"),
    ("quote_not_empty", "length(quote) > 0"),
    ("treatment_n_positive", "treatment_n > 0"),
    ("control_n_positive", "control_n > 0"),
    ("treatment_events_within", "treatment_events >= 0 AND treatment_events <= treatment_n"),
    ("control_events_within", "control_events >= 0 AND control_events <= control_n"),
    ("treatment_sd_positive", "treatment_sd > 0"),
    ("control_sd_positive", "control_sd > 0"),
    (
        "binary_complete",
        "kind <> 'binary' OR (treatment_events IS NOT NULL AND treatment_n IS NOT NULL"
        " AND (comparison = 'single_arm' OR (control_events IS NOT NULL"
        " AND control_n IS NOT NULL)))",
    ),
    (
        "continuous_complete",
        "kind <> 'continuous' OR (treatment_mean IS NOT NULL AND treatment_sd IS NOT NULL"
        " AND treatment_n IS NOT NULL AND (comparison = 'single_arm'"
        " OR (control_mean IS NOT NULL AND control_sd IS NOT NULL"
        " AND control_n IS NOT NULL)))",
    ),
    (
        "means_only_continuous",
        "kind = 'continuous' OR (treatment_mean IS NULL AND treatment_sd IS NULL"
        " AND control_mean IS NULL AND control_sd IS NULL)",
    ),
    (
        "events_only_binary",
        "kind = 'binary' OR (treatment_events IS NULL AND control_events IS NULL)",
    ),
    ("stated_only_states", "kind <> 'stated_only' OR stated_value IS NOT NULL"),
    (
        "arms_match_comparison",
        "(comparison = 'single_arm' AND control_arm IS NULL AND control_n IS NULL"
        " AND control_events IS NULL AND control_mean IS NULL AND control_sd IS NULL)"
        " OR (comparison <> 'single_arm' AND control_arm IS NOT NULL)",
    ),
    (
        "stated_has_measure",
        "(stated_value IS NULL AND stated_measure IS NULL)"
        " OR (stated_value IS NOT NULL AND stated_measure IS NOT NULL)",
    ),
    (
        "stated_ci_complete",
        "(stated_ci_low IS NULL AND stated_ci_high IS NULL)"
        " OR (stated_ci_low IS NOT NULL AND stated_ci_high IS NOT NULL"
        " AND stated_value IS NOT NULL)",
    ),
    ("stated_ci_order", "stated_ci_low <= stated_value AND stated_value <= stated_ci_high"),
    (
        "stated_ratio_positive",
        "stated_measure NOT IN ('risk_ratio', 'odds_ratio', 'hazard_ratio')"
        " OR (stated_value > 0 AND (stated_ci_low IS NULL OR stated_ci_low > 0))",
    ),
    ("stated_has_sentence", "(stated_value IS NULL AND stated_p IS NULL) OR quote IS NOT NULL"),
)


def _choice(column: str, name: str, values: Sequence[str], *, nullable: bool = False) -> sa.Column:
    return sa.Column(
        column,
        sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32),
        nullable=nullable,
        **({"server_default": "local"} if column == "origin" else {}),
    )


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("study_id", sa.String(length=80), nullable=False),
        sa.Column("outcome", sa.String(length=300), nullable=False),
        sa.Column("time_point", sa.String(length=100), nullable=True),
        _choice("kind", "outcome_kind", KINDS),
        _choice("comparison", "comparison", COMPARISONS),
        sa.Column("period", sa.String(length=200), nullable=True),
        _choice("better", "better", BETTER),
        sa.Column("unit", sa.String(length=60), nullable=True),
        sa.Column("treatment_arm", sa.String(length=300), nullable=False),
        sa.Column("treatment_events", sa.Integer(), nullable=True),
        sa.Column("treatment_n", sa.Integer(), nullable=True),
        sa.Column("treatment_mean", sa.Float(), nullable=True),
        sa.Column("treatment_sd", sa.Float(), nullable=True),
        sa.Column("control_arm", sa.String(length=300), nullable=True),
        sa.Column("control_events", sa.Integer(), nullable=True),
        sa.Column("control_n", sa.Integer(), nullable=True),
        sa.Column("control_mean", sa.Float(), nullable=True),
        sa.Column("control_sd", sa.Float(), nullable=True),
        _choice("stated_measure", "stated_measure", MEASURES, nullable=True),
        sa.Column("stated_value", sa.Float(), nullable=True),
        sa.Column("stated_ci_low", sa.Float(), nullable=True),
        sa.Column("stated_ci_high", sa.Float(), nullable=True),
        sa.Column("stated_p", sa.String(length=40), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("publication_id", sa.String(length=80), nullable=True),
        sa.Column("checked_against", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _choice("origin", "origin", ORIGINS),
        *(sa.CheckConstraint(sql, name=op.f(f"ck_{TABLE}_{name}")) for name, sql in CHECKS),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f(f"fk_{TABLE}_publication_id_publications"),
        ),
        sa.ForeignKeyConstraint(
            ["study_id"], ["studies.id"], name=op.f(f"fk_{TABLE}_study_id_studies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index(op.f(f"ix_{TABLE}_study_id"), TABLE, ["study_id"], unique=False)
    op.create_index(op.f(f"ix_{TABLE}_publication_id"), TABLE, ["publication_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_publication_id"), table_name=TABLE)
    op.drop_index(op.f(f"ix_{TABLE}_study_id"), table_name=TABLE)
    op.drop_table(TABLE)
