"""criteria: each body's rules for reviewing an IVIG order, as data

One row per rule of one body: a qualifying criterion, a line of therapy, a maximum
dose, a dosing-weight or rounding rule, an infusion-rate limit, a review interval or a
response measure, each the body's one sentence from the page read (its canonical
address is the page's publication row), with the edition and whether it still
applies as the page says, the indication it is for (NULL: the body's rule for every
indication) and, where the sentence has one, its structured meaning (a rule with its
value and unit). `ivig review` reads them; a rule no row states is "not recorded".
Rows are curated or local like every other table's.

A new table: created the same way on SQLite and PostgreSQL (no table is rebuilt, no
trigger touched); the downgrade drops it.

Revision ID: 0020_review_criteria
Revises: 0019_outcomes
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_review_criteria"
down_revision: str | None = "0019_outcomes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "criteria"
# Frozen here rather than read from vocab: a migration keeps meaning what it meant.
KINDS = (
    "qualifying_criterion",
    "line_of_therapy",
    "maximum_dose",
    "dosing_weight",
    "rounding",
    "infusion_rate",
    "review_interval",
    "response_measure",
)
# Each rule with its kind, in vocab's order.
RULES: tuple[tuple[str, str], ...] = (
    ("calculator_if_bmi_over", "dosing_weight"),
    ("calculator_if_height_at_least", "dosing_weight"),
    ("calculator_if_male_weight_over", "dosing_weight"),
    ("calculator_if_female_weight_over", "dosing_weight"),
    ("calculator_gives_adjusted", "dosing_weight"),
    ("actual_otherwise", "dosing_weight"),
    ("actual_if_under_age_not_meeting", "dosing_weight"),
    ("pre_pregnancy_weight", "dosing_weight"),
    ("ideal_weight_devine", "dosing_weight"),
    ("adjusted_factor", "dosing_weight"),
    ("adjusted_default", "dosing_weight"),
    ("adjusted_at_discretion", "dosing_weight"),
    ("actual_if_under_age", "dosing_weight"),
    ("actual_if_height_under", "dosing_weight"),
    ("actual_if_pregnant", "dosing_weight"),
    ("actual_if_below_adjusted", "dosing_weight"),
    ("course_to_nearest_g", "rounding"),
    ("max_g_per_kg_course", "maximum_dose"),
    ("max_g_per_kg", "maximum_dose"),
    ("max_rate_mg_per_kg_min", "infusion_rate"),
    ("max_rate_ml_per_kg_min", "infusion_rate"),
    ("first_review_months", "review_interval"),
    ("continue_if_effective_months", "review_interval"),
    ("review_every_months", "review_interval"),
    ("line_number", "line_of_therapy"),
)
# The rules that are words alone: no figure.
BARE_RULES = (
    "actual_if_below_adjusted",
    "actual_if_pregnant",
    "actual_otherwise",
    "adjusted_at_discretion",
    "adjusted_default",
    "calculator_gives_adjusted",
    "ideal_weight_devine",
    "pre_pregnancy_weight",
)
EDITION_STATUSES = ("current", "superseded")
STATUSES = ("confirmed", "unconfirmed", "contradicted")
ORIGINS = ("curated", "local")


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _rule_fits_kind() -> str:
    by_kind: dict[str, list[str]] = {}
    for rule, kind in RULES:
        by_kind.setdefault(kind, []).append(rule)
    return "rule IS NULL OR " + " OR ".join(
        f"(kind = '{kind}' AND rule IN ({_quoted(rules)}))" for kind, rules in by_kind.items()
    )


# (name, expression): the table's own rules, as the models declare them.
CHECKS: tuple[tuple[str, str], ...] = (
    ("body_not_empty", "length(body) > 0"),
    ("quote_not_empty", "length(quote) > 0"),
    ("checked_not_empty", "length(checked_against) > 0"),
    ("value_positive", "value > 0"),
    ("value_range", "value_high IS NULL OR (value IS NOT NULL AND value_high >= value)"),
    ("unit_has_value", "unit IS NULL OR value IS NOT NULL"),
    ("contradiction_explained", "status <> 'contradicted' OR status_note IS NOT NULL"),
    ("rule_fits_kind", _rule_fits_kind()),
    (
        "rule_has_value",
        f"rule IS NULL OR (rule IN ({_quoted(BARE_RULES)}) AND value IS NULL) "
        f"OR (rule NOT IN ({_quoted(BARE_RULES)}) AND value IS NOT NULL)",
    ),
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
        sa.Column("body", sa.String(length=300), nullable=False),
        sa.Column("document_id", sa.String(length=80), nullable=False),
        sa.Column("edition", sa.String(length=100), nullable=True),
        _choice("edition_status", "edition_status", EDITION_STATUSES, nullable=True),
        sa.Column("indication_slug", sa.String(length=40), nullable=True),
        _choice("kind", "criterion_kind", KINDS),
        _choice("rule", "criterion_rule", [rule for rule, _ in RULES], nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_high", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("quote", sa.Text(), nullable=False),
        _choice("status", "status", STATUSES),
        sa.Column("status_note", sa.Text(), nullable=True),
        sa.Column("checked_against", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _choice("origin", "origin", ORIGINS),
        *(sa.CheckConstraint(sql, name=op.f(f"ck_{TABLE}_{name}")) for name, sql in CHECKS),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["publications.id"],
            name=op.f(f"fk_{TABLE}_document_id_publications"),
        ),
        sa.ForeignKeyConstraint(
            ["indication_slug"],
            ["indications.slug"],
            name=op.f(f"fk_{TABLE}_indication_slug_indications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index(op.f(f"ix_{TABLE}_document_id"), TABLE, ["document_id"], unique=False)
    op.create_index(op.f(f"ix_{TABLE}_indication_slug"), TABLE, ["indication_slug"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_indication_slug"), table_name=TABLE)
    op.drop_index(op.f(f"ix_{TABLE}_document_id"), table_name=TABLE)
    op.drop_table(TABLE)
