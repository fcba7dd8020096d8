"""conditions beyond RA: populations of the myopathies, vasculitides and Kawasaki
disease, and a family for every indication

- studies.population gains ``iim`` (an inflammatory myopathy, subtype not stated),
  ``dermatomyositis`` (adults), ``juvenile_dm``, ``polymyositis``, ``imnm``, ``ibm``,
  ``aav`` (ANCA-associated vasculitis, GPA or MPA not stated), ``gpa``, ``mpa``,
  ``egpa``, ``kawasaki`` and ``aps`` (antiphospholipid syndrome). No other column
  holds a population.
- indications.family: the group of diseases an indication belongs to
  (ra_and_relatives, inflammatory_myopathies, vasculitis, kawasaki_disease,
  antiphospholipid_syndrome, other), so the tree is no longer read through
  ``relation_to_ra`` alone; that column stays, and new conditions are
  ``other_disease`` there. Every row present gets one: a row beneath another takes
  its top-level indication's family; a top-level row is ``other`` where it is
  another disease and ``ra_and_relatives`` otherwise; IIM-ILD (and the groups the
  release of this revision brings) are known by name.

- studies.design gains ``rct_crossover`` (each patient given IVIG and the
  comparator in randomised order: not to be pooled with a parallel trial).
- positions.stance gains ``approved`` (an indication on a product's label: a
  regulator's approval, not a recommendation); positions gain ``body_category`` (the
  body's own category or line of therapy, as worded) and ``edition_status``
  (``current`` or ``superseded``, as the page says; NULL where it does not).
- dose_regimens gain ``rate_text`` (an infusion-rate limit as stated) and
  ``max_rate_mg_per_kg_min`` (its figure, only with the words).

On SQLite a CHECK constraint cannot be altered, so ``studies`` and ``positions`` are
rebuilt (Alembic's batch mode). The rebuild keeps the table's rows but not what Alembic cannot
reflect: the change-counter triggers of revision 0015, the search triggers and the
expression indexes (ix_studies_listing, ix_studies_strongest). Every index and
trigger of the table is read from ``sqlite_master`` before the rebuild and put back,
as it was written, after it. ``family`` is added in place (ALTER TABLE ... ADD
COLUMN), so ``indications`` is not rebuilt. On PostgreSQL the constraint is dropped
and added again; nothing is rebuilt.

Revision ID: 0018_conditions_beyond_ra
Revises: 0017_record_dose
Create Date: 2026-12-07
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_conditions_beyond_ra"
down_revision: str | None = "0017_record_dose"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here rather than read from vocab: a migration must keep meaning what it
# meant when it was written, whatever values come later.
OLD_POPULATIONS = (
    "ra",
    "adult_ra",
    "juvenile_ra",
    "systemic_jra",
    "polyarticular_jra",
    "aosd",
    "rheumatic_diseases",
    "general_population",
    "animal_model",
    "not_stated",
)
ADDED_POPULATIONS = (
    "iim",
    "dermatomyositis",
    "juvenile_dm",
    "polymyositis",
    "imnm",
    "ibm",
    "aav",
    "gpa",
    "mpa",
    "egpa",
    "kawasaki",
    "aps",
)
# The order vocab.Population lists them in, which the models' CHECK follows.
NEW_POPULATIONS = (*OLD_POPULATIONS[:7], *ADDED_POPULATIONS, *OLD_POPULATIONS[7:])
# A population the old CHECK cannot hold goes back, on downgrade, to the nearest it
# can: each of these is a rheumatic disease.
DOWNGRADED_POPULATION = "rheumatic_diseases"

FAMILIES = (
    "ra_and_relatives",
    "inflammatory_myopathies",
    "vasculitis",
    "kawasaki_disease",
    "antiphospholipid_syndrome",
    "other",
)
# Indications whose family their relation to RA does not tell: IIM-ILD of the
# release before, and the groups of the release that brings this revision (present
# when a database goes down to 0017 and up again).
KNOWN_FAMILIES = {
    "iim-ild": "inflammatory_myopathies",
    "iim": "inflammatory_myopathies",
    "ibm": "inflammatory_myopathies",
    "aav": "vasculitis",
    "egpa": "vasculitis",
    "kawasaki": "kawasaki_disease",
}

OLD_STANCES = (
    "recommended",
    "conditionally_recommended",
    "may_be_considered",
    "investigational",
    "insufficient_evidence",
    "not_recommended",
    "not_supported",
    "recommended_against",
    "not_approved",
)
NEW_STANCES = (*OLD_STANCES, "approved")
EDITION_STATUSES = ("current", "superseded")

OLD_DESIGNS = (
    "rct",
    "rct_withdrawal",
    "open_label",
    "case_series",
    "trial",
    "observational",
    "review",
    "animal",
    "laboratory",
)
NEW_DESIGNS = (*OLD_DESIGNS[:2], "rct_crossover", *OLD_DESIGNS[2:])
# A crossover trial is randomised: on downgrade it becomes a randomised trial, with a
# line in its note so the design is not lost in silence.
DOWNGRADED_DESIGN = "rct"

POPULATION_CHECK = "ck_studies_population"
DESIGN_CHECK = "ck_studies_design"
STANCE_CHECK = "ck_positions_stance"
FAMILY_CHECK = "ck_indications_condition_family"


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _derived(table: str) -> list[tuple[str, str]]:
    """The table's indexes and triggers as written (name, SQL), in creation order;
    automatic indexes (a primary key's, a UNIQUE's) have no SQL and come back by
    themselves."""
    rows = op.get_bind().exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE tbl_name = ? "
        "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid",
        (table,),
    )
    return [(str(name), str(sql)) for name, sql in rows]


def _put_back(derived: list[tuple[str, str]]) -> None:
    """Each index and trigger again exactly as it was: missing ones created, and any
    the rebuild re-created in its own words dropped and written as before."""
    bind = op.get_bind()
    for name, sql in derived:
        found = bind.exec_driver_sql(
            "SELECT type, sql FROM sqlite_master WHERE name = ?", (name,)
        ).first()
        if found is not None and found[1] == sql:
            continue
        if found is not None:
            op.execute(f'DROP {found[0].upper()} "{name}"')
        op.execute(sql)


def _replace_checks(table: str, checks: dict[str, str]) -> None:
    """The table's named CHECKs replaced: in place on PostgreSQL, by one rebuild on
    SQLite."""
    if op.get_bind().dialect.name != "sqlite":
        for check, expression in checks.items():
            op.drop_constraint(op.f(check), table, type_="check")
            op.create_check_constraint(op.f(check), table, expression)
        return
    derived = _derived(table)
    with warnings.catch_warnings():
        # Alembic cannot reflect the expression indexes and says so; _put_back
        # writes them again from sqlite_master.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        with op.batch_alter_table(table, schema=None, recreate="always") as batch_op:
            for check, expression in checks.items():
                batch_op.drop_constraint(op.f(check), type_="check")
                batch_op.create_check_constraint(op.f(check), expression)
    _put_back(derived)


def _studies_checks(populations: Sequence[str], designs: Sequence[str]) -> None:
    _replace_checks(
        "studies",
        {POPULATION_CHECK: _in("population", populations), DESIGN_CHECK: _in("design", designs)},
    )


# (table, column, its SQLite type and CHECKs, its type for other engines, CHECKs by name).
# Added in place (ALTER TABLE ... ADD COLUMN), so no table's triggers are at risk; each
# CHECK names only its own column or one added before it, so a plain DROP COLUMN
# takes it away again on SQLite.
ADDED_COLUMNS: tuple[tuple[str, str, str, sa.types.TypeEngine[object], dict[str, str]], ...] = (
    ("positions", "body_category", "TEXT", sa.Text(), {}),
    (
        "positions",
        "edition_status",
        "VARCHAR(32)",
        sa.String(32),
        {"edition_status": _in("edition_status", EDITION_STATUSES)},
    ),
    ("dose_regimens", "rate_text", "TEXT", sa.Text(), {}),
    (
        "dose_regimens",
        "max_rate_mg_per_kg_min",
        "FLOAT",
        sa.Float(),
        {
            "max_rate_positive": "max_rate_mg_per_kg_min > 0",
            # A figure only with the words it was read from.
            "max_rate_stated": "max_rate_mg_per_kg_min IS NULL OR rate_text IS NOT NULL",
        },
    ),
)


def _add_columns() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, name, sql_type, portable, checks in ADDED_COLUMNS:
        if sqlite:
            constraints = "".join(
                f" CONSTRAINT ck_{table}_{check} CHECK ({expression})"
                for check, expression in checks.items()
            )
            op.execute(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}{constraints}")
            continue
        op.add_column(table, sa.Column(name, portable, nullable=True))
        for check, expression in checks.items():
            op.create_check_constraint(op.f(f"ck_{table}_{check}"), table, expression)


def _drop_columns() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, name, _sql_type, _portable, checks in reversed(ADDED_COLUMNS):
        if not sqlite:
            for check in checks:
                op.drop_constraint(op.f(f"ck_{table}_{check}"), table, type_="check")
        op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")


def _families() -> dict[str, str]:
    """Every indication's family, as the module's docstring says."""
    rows = op.get_bind().execute(
        sa.text("SELECT slug, parent_slug, relation_to_ra FROM indications")
    )
    by_slug = {slug: (parent, relation) for slug, parent, relation in rows}

    def family(slug: str) -> str:
        seen: set[str] = set()
        while slug not in KNOWN_FAMILIES:  # up the tree to a known one, or the top
            seen.add(slug)
            parent = by_slug[slug][0]
            if parent not in by_slug or parent in seen:  # the top (or a cycle)
                return "other" if by_slug[slug][1] == "other_disease" else "ra_and_relatives"
            slug = parent
        return KNOWN_FAMILIES[slug]

    return {slug: family(slug) for slug in by_slug}


def upgrade() -> None:
    _studies_checks(NEW_POPULATIONS, NEW_DESIGNS)
    _replace_checks("positions", {STANCE_CHECK: _in("stance", NEW_STANCES)})
    _add_columns()
    if op.get_bind().dialect.name == "sqlite":
        # In place, with its named CHECK, as revision 0007 added origin: a rebuild
        # of indications would put its triggers at risk for nothing.
        op.execute(
            "ALTER TABLE indications ADD COLUMN family VARCHAR(32) DEFAULT 'other' NOT NULL "
            f"CONSTRAINT {FAMILY_CHECK} CHECK ({_in('family', FAMILIES)})"
        )
    else:
        op.add_column(
            "indications",
            sa.Column("family", sa.String(32), server_default="other", nullable=False),
        )
        op.create_check_constraint(op.f(FAMILY_CHECK), "indications", _in("family", FAMILIES))
    set_family = sa.text("UPDATE indications SET family = :family WHERE slug = :slug")
    for slug, family in sorted(_families().items()):
        if family != "other":
            op.get_bind().execute(set_family, {"family": family, "slug": slug})


def downgrade() -> None:
    # A plain DROP COLUMN on SQLite too (its CHECK is the column's own): no rebuild.
    with op.batch_alter_table("indications", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("family")
    _drop_columns()
    # The old stances cannot say "approved on the label"; the nearest honest one is kept
    # with the words in the note, so nothing a reader relied on is silently changed.
    op.get_bind().execute(
        sa.text(
            "UPDATE positions SET stance = 'may_be_considered', note = "
            "COALESCE(note || ' ', '') || '(Approved on the label: schema revision "
            "0017 has no stance for a label''s approval.)' WHERE stance = 'approved'"
        )
    )
    _replace_checks("positions", {STANCE_CHECK: _in("stance", OLD_STANCES)})
    op.get_bind().execute(
        sa.text(
            f"UPDATE studies SET population = '{DOWNGRADED_POPULATION}' "
            f"WHERE {_in('population', ADDED_POPULATIONS)}"
        )
    )
    op.get_bind().execute(
        sa.text(
            f"UPDATE studies SET design = '{DOWNGRADED_DESIGN}', note = COALESCE(note || ' ', '') "
            "|| '(A randomised crossover trial: schema revision 0017 has no design for one.)' "
            "WHERE design = 'rct_crossover'"
        )
    )
    _studies_checks(OLD_POPULATIONS, OLD_DESIGNS)
