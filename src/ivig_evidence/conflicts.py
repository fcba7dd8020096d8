"""Statements the primary record contradicts or does not confirm."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence.output import Table
from ivig_evidence.store.reader import Reader, fetch_rows, in_clause


@dataclass(frozen=True)
class Conflict:
    statement_id: str
    about: str
    document: str
    quote: str
    status: str
    record_says: str | None
    checked_against: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "statement": self.statement_id,
            "about": self.about,
            "document": self.document,
            "quote": self.quote,
            "status": self.status,
            "record_says": self.record_says,
            "checked_against": self.checked_against,
        }


SUBJECT_SQL = (
    "CASE WHEN st.study_id IS NOT NULL THEN 'study ' || st.study_id "
    "WHEN st.regimen_id IS NOT NULL THEN 'dose ' || st.regimen_id "
    "WHEN st.position_id IS NOT NULL THEN 'position ' || st.position_id "
    "WHEN st.publication_id IS NOT NULL THEN 'publication ' || st.publication_id "
    "WHEN st.indication_slug IS NOT NULL THEN 'indication ' || st.indication_slug "
    "WHEN st.treatment_id IS NOT NULL THEN 'treatment ' || st.treatment_id "
    "ELSE 'claim ' || st.claim_id END"
)


def list_conflicts(conn: Reader, statuses: Sequence[str]) -> list[Conflict]:
    """Statements the primary record contradicts or does not confirm, contradicted first."""
    params: dict[str, Any] = {}
    rows = fetch_rows(
        conn,
        f"SELECT st.id, {SUBJECT_SQL} AS about, st.document_id, st.quote, st.status, "
        "st.status_note, st.checked_against FROM statements st "
        f"WHERE st.status IN {in_clause('status', statuses, params)} "
        "ORDER BY CASE WHEN st.status = 'contradicted' THEN 0 ELSE 1 END, about, st.id",
        params,
    )
    return [
        Conflict(
            r["id"],
            r["about"],
            r["document_id"],
            r["quote"],
            r["status"],
            r["status_note"],
            r["checked_against"],
        )
        for r in rows
    ]


def conflicts_table(conflicts: Sequence[Conflict]) -> Table:
    return Table(
        title=f"Statements the primary record contradicts or does not confirm ({len(conflicts)})",
        columns=(
            "status",
            "about",
            "document",
            "source says",
            "primary record says",
            "checked against",
        ),
        rows=[
            [c.status, c.about, c.document, c.quote, c.record_says, c.checked_against]
            for c in conflicts
        ],
    )
