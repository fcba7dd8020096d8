"""document kinds: funding criteria and regulatory labels, the date a record was read, and
aliases that name more than one indication

- publications.kind and positions.kind gain ``funding_criteria`` (a payer's criteria
  for funding a treatment, which say themselves they are not clinical practice
  guidelines) and ``regulatory_label`` (a product's authorised indications);
- publications.read_on: the date a record read outside the two source documents
  was read (its address is ``url``);
- indication_aliases is keyed by (alias_key, indication_slug), so an ambiguous
  name ("Still's disease": the adult-onset disease, or systemic JIA, which the
  eponym historically denotes) can stand for both, and resolving it asks which.

On SQLite the three tables are rebuilt (their CHECK constraints and key change);
the rebuild drops what Alembic cannot reflect, so the search triggers and the
listing index are put back afterwards, as revision 0007 does.

Revision ID: 0008_document_kinds
Revises: 0007_row_origin
Create Date: 2026-11-29
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008_document_kinds"
down_revision: str | None = "0007_row_origin"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_PUBLICATION_KINDS = (
    "trial_report",
    "original_research",
    "review",
    "guideline",
    "regulatory",
    "web_article",
)
NEW_PUBLICATION_KINDS = (*OLD_PUBLICATION_KINDS, "funding_criteria", "regulatory_label")
OLD_POSITION_KINDS = ("guideline", "regulatory", "secondary_source")
NEW_POSITION_KINDS = (*OLD_POSITION_KINDS, "funding_criteria", "regulatory_label")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _origin_migration() -> Any:
    """Revision 0007's module: it knows how to put back the search triggers and index."""
    here = Path(__file__).resolve().parent
    (path,) = here.glob("*_0007_row_origin.py")
    spec = importlib.util.spec_from_file_location("row_origin_0007", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _kinds(publication: Sequence[str], position: Sequence[str]) -> None:
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_publications_publication_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_publications_publication_kind"), _in("kind", publication)
        )
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_positions_position_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_positions_position_kind"), _in("kind", position))


def upgrade() -> None:
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("read_on", sa.String(length=10), nullable=True))
    _kinds(NEW_PUBLICATION_KINDS, NEW_POSITION_KINDS)
    with op.batch_alter_table("indication_aliases", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("pk_indication_aliases"), type_="primary")
        batch_op.create_primary_key(op.f("pk_indication_aliases"), ["alias_key", "indication_slug"])
    if op.get_bind().dialect.name == "sqlite":
        _origin_migration()._restore_derived()


def downgrade() -> None:
    bind = op.get_bind()
    # Rows of the new kinds go back to the nearest old kind, and a second indication
    # for one alias is dropped: the old key cannot hold it.
    bind.execute(
        sa.text("UPDATE publications SET kind = 'guideline' WHERE kind = 'funding_criteria'")
    )
    bind.execute(
        sa.text("UPDATE publications SET kind = 'regulatory' WHERE kind = 'regulatory_label'")
    )
    bind.execute(sa.text("UPDATE positions SET kind = 'guideline' WHERE kind = 'funding_criteria'"))
    bind.execute(
        sa.text("UPDATE positions SET kind = 'regulatory' WHERE kind = 'regulatory_label'")
    )
    bind.execute(
        sa.text(
            "DELETE FROM indication_aliases WHERE EXISTS (SELECT 1 FROM indication_aliases a "
            "WHERE a.alias_key = indication_aliases.alias_key "
            "AND a.indication_slug < indication_aliases.indication_slug)"
        )
    )
    with op.batch_alter_table("indication_aliases", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("pk_indication_aliases"), type_="primary")
        batch_op.create_primary_key(op.f("pk_indication_aliases"), ["alias_key"])
    _kinds(OLD_PUBLICATION_KINDS, OLD_POSITION_KINDS)
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_column("read_on")
    if bind.dialect.name == "sqlite":
        _origin_migration()._restore_derived()
