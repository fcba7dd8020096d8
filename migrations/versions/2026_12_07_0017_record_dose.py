"""record dose: the primary record's own figures for the reading it supports

A source can state a range ("0.4-2 g/kg/day for 2-5 days") that a primary
record narrows ("2 g/kg ... during two or five days ... monthly"). Until now only
the record's *reading* of the amount was structured (``record_basis``), so the
calculator could do no better than read the source's whole range that way. These
columns hold the record's own figures, so the dose a reader takes first is the
record's: its amount and unit (read on ``record_basis``), its treatment days and
its repeat interval. All NULL where no record gives figures.

On SQLite the columns are added with their CHECKs in place (no table rebuild, so
the search triggers and indexes stay as they are); the downgrade rebuilds the
table and puts back, verbatim, every trigger and index the rebuild drops.

Revision ID: 0017_record_dose
Revises: 0016_canonical_addresses
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_record_dose"
down_revision: str | None = "0016_canonical_addresses"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "dose_regimens"
UNITS = ("mg/kg", "g/kg")
INTERVALS = (
    "once",
    "daily",
    "weekly",
    "every_2_weeks",
    "every_3_weeks",
    "every_4_weeks",
    "monthly",
    "not_stated",
)


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


# (column, type, its type for other engines, the CHECKs it brings: name -> expression).
# SQLite checks an added CHECK's columns at once, so each CHECK comes with the last
# column it names.
COLUMNS: tuple[tuple[str, str, sa.types.TypeEngine[object], dict[str, str]], ...] = (
    (
        "record_amount_low",
        "FLOAT",
        sa.Float(),
        {"record_amount_positive": "record_amount_low > 0"},
    ),
    (
        "record_amount_high",
        "FLOAT",
        sa.Float(),
        {"record_amount_order": "record_amount_low <= record_amount_high"},
    ),
    (
        "record_unit",
        "VARCHAR(32)",
        sa.String(32),
        {
            "record_unit": _in("record_unit", UNITS),
            # An amount needs its unit and the reading it is read on.
            "record_amount_complete": (
                "(record_amount_low IS NULL AND record_amount_high IS NULL "
                "AND record_unit IS NULL) OR (record_amount_low IS NOT NULL "
                "AND record_amount_high IS NOT NULL AND record_unit IS NOT NULL "
                "AND record_basis IS NOT NULL)"
            ),
        },
    ),
    (
        "record_days_low",
        "INTEGER",
        sa.Integer(),
        {"record_days_positive": "record_days_low > 0"},
    ),
    (
        "record_days_high",
        "INTEGER",
        sa.Integer(),
        {
            "record_days_order": "record_days_low <= record_days_high",
            "record_days_complete": (
                "(record_days_low IS NULL AND record_days_high IS NULL) "
                "OR (record_days_low IS NOT NULL AND record_days_high IS NOT NULL)"
            ),
        },
    ),
    (
        "record_interval",
        "VARCHAR(32)",
        sa.String(32),
        {
            "record_interval": _in("record_interval", INTERVALS),
            # Days and an interval belong to the record's amount: none without it.
            "record_schedule_has_amount": (
                "record_amount_low IS NOT NULL "
                "OR (record_days_low IS NULL AND record_interval IS NULL)"
            ),
        },
    ),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, sql_type, portable, checks in COLUMNS:
        if sqlite:
            constraints = " ".join(
                f"CONSTRAINT ck_{TABLE}_{check} CHECK ({expression})"
                for check, expression in checks.items()
            )
            op.execute(f"ALTER TABLE {TABLE} ADD COLUMN {name} {sql_type} {constraints}")
        else:
            op.add_column(TABLE, sa.Column(name, portable, nullable=True))
    if not sqlite:
        for _name, _type, _portable, checks in COLUMNS:
            for check, expression in checks.items():
                op.create_check_constraint(op.f(f"ck_{TABLE}_{check}"), TABLE, expression)


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    # A SQLite rebuild drops the table's triggers and may lose a partial index's
    # WHERE: keep their exact SQL and put it back afterwards.
    derived: list[tuple[str, str, str]] = []
    if sqlite:
        derived = [
            (str(kind), str(name), str(sql))
            for kind, name, sql in bind.exec_driver_sql(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? "
                "AND type IN ('trigger', 'index') AND sql IS NOT NULL",
                (TABLE,),
            )
        ]
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        for _name, _type, _portable, checks in reversed(COLUMNS):
            for check in checks:
                batch_op.drop_constraint(op.f(f"ck_{TABLE}_{check}"), type_="check")
        for name, *_ in reversed(COLUMNS):
            batch_op.drop_column(name)
    for kind, name, sql in derived:
        op.execute(f"DROP {kind.upper()} IF EXISTS {name}")
        op.execute(sql)
