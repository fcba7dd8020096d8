"""A recorded dose regimen as a row: its fields, its JSON, and how it is read from the
database with the indications it applies to and its sources. What a regimen means for
a patient (the readings, the arithmetic) is in doses.arithmetic; the dose report in
doses.report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ivig_evidence.provenance import SOURCE_COLUMNS, Source, source_from_row
from ivig_evidence.store.reader import Reader, Row, fetch_rows, group_rows, in_clause


class Regimen(NamedTuple):
    """A recorded regimen as read back (a named tuple for start-up: see studies.py)."""

    id: str
    context: str
    study_id: str | None
    study_label: str | None
    phase: str | None
    amount_low: float | None
    amount_high: float | None
    unit: str | None
    basis: str
    days_low: int | None
    days_high: int | None
    interval: str
    course_duration: str | None
    text: str
    ambiguous: bool
    ambiguity_note: str | None
    note: str | None
    record_reading: str | None = None
    record_source: str | None = None
    record_basis: str | None = None
    max_grams: float | None = None
    applies_to: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    # The primary record's own figures for the reading it supports (record_basis).
    record_amount_low: float | None = None
    record_amount_high: float | None = None
    record_unit: str | None = None
    record_days_low: int | None = None
    record_days_high: int | None = None
    record_interval: str | None = None
    # An infusion-rate limit as its source states it, and its figure (revision 0018).
    rate_text: str | None = None
    max_rate_mg_per_kg_min: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "context": self.context,
            "study_id": self.study_id,
            "phase": self.phase,
            "amount_low": json_number(self.amount_low),
            "amount_high": json_number(self.amount_high),
            "unit": self.unit,
            "basis": self.basis,
            "days_low": self.days_low,
            "days_high": self.days_high,
            "interval": self.interval,
            "course_duration": self.course_duration,
            "text": self.text,
            "ambiguous": self.ambiguous,
            "note": self.ambiguity_note,
            "caveat": self.note,
            "record_reading": self.record_reading,
            "record_source": self.record_source,
            "record_basis": self.record_basis,
            "record_amount_low": json_number(self.record_amount_low),
            "record_amount_high": json_number(self.record_amount_high),
            "record_unit": self.record_unit,
            "record_days_low": self.record_days_low,
            "record_days_high": self.record_days_high,
            "record_interval": self.record_interval,
            "max_grams": json_number(self.max_grams),
            "rate_text": self.rate_text,
            "max_rate_mg_per_kg_min": json_number(self.max_rate_mg_per_kg_min),
            "applies_to": list(self.applies_to),
            "sources": [s.to_json() for s in self.sources],
        }


def json_number(value: float | None) -> float | int | None:
    """400.0 prints as 400: amounts are stated as whole numbers where they are."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


REGIMEN_SQL_COLUMNS = (
    "r.id, r.context, r.study_id, r.phase, r.amount_low, r.amount_high, r.unit, r.basis, "
    "r.days_low, r.days_high, r.repeat_interval, r.course_duration, r.text, r.ambiguous, "
    "r.ambiguity_note, r.note, r.record_reading, r.record_source, r.record_basis, r.max_grams, "
    "r.record_amount_low, r.record_amount_high, r.record_unit, r.record_days_low, "
    "r.record_days_high, r.record_interval, r.rate_text, r.max_rate_mg_per_kg_min"
)


def regimen_from_row(
    row: Row, applies_to: Sequence[str], sources: Sequence[Source], study_label: str | None = None
) -> Regimen:
    return Regimen(
        id=row["id"],
        context=row["context"],
        study_id=row["study_id"],
        study_label=study_label,
        phase=row["phase"],
        amount_low=row["amount_low"],
        amount_high=row["amount_high"],
        unit=row["unit"],
        basis=row["basis"],
        days_low=row["days_low"],
        days_high=row["days_high"],
        interval=row["repeat_interval"],
        course_duration=row["course_duration"],
        text=row["text"],
        ambiguous=bool(row["ambiguous"]),
        ambiguity_note=row["ambiguity_note"],
        note=row["note"],
        record_reading=row["record_reading"],
        record_source=row["record_source"],
        record_basis=row["record_basis"],
        max_grams=row["max_grams"],
        applies_to=tuple(applies_to),
        sources=tuple(sources),
        record_amount_low=row["record_amount_low"],
        record_amount_high=row["record_amount_high"],
        record_unit=row["record_unit"],
        record_days_low=row["record_days_low"],
        record_days_high=row["record_days_high"],
        record_interval=row["record_interval"],
        rate_text=row["rate_text"],
        max_rate_mg_per_kg_min=row["max_rate_mg_per_kg_min"],
    )


def regimen_links(
    conn: Reader, regimen_in: str, params: Mapping[str, Any]
) -> tuple[dict[str, list[str]], dict[str, list[Source]]]:
    """Indications and sources of the regimens in ``regimen_in``: a parenthesised
    subquery or list of parameters."""
    links = fetch_rows(
        conn,
        f"SELECT ri.regimen_id, ri.indication_slug FROM regimen_indications ri "
        f"WHERE ri.regimen_id IN {regimen_in} ORDER BY ri.regimen_id, ri.indication_slug",
        params,
    )
    applies: dict[str, list[str]] = {}
    for row in links:
        applies.setdefault(row["regimen_id"], []).append(row["indication_slug"])
    statement_rows = fetch_rows(
        conn,
        f"SELECT st.regimen_id, {SOURCE_COLUMNS} FROM statements st "
        f"JOIN publications d ON d.id = st.document_id "
        f"WHERE st.regimen_id IN {regimen_in} ORDER BY st.regimen_id, st.id",
        params,
    )
    sources = {
        k: [source_from_row(r) for r in v]
        for k, v in group_rows(statement_rows, "regimen_id").items()
    }
    return applies, sources


def suggested_for(conn: Reader, slugs: Sequence[str]) -> list[Regimen]:
    """The doses a body or label suggests for use (context suggested, not a study's) for
    any of ``slugs``, with their indications and sources, by id."""
    params: dict[str, Any] = {}
    subquery = (
        "(SELECT ri.regimen_id FROM regimen_indications ri "
        f"WHERE ri.indication_slug IN {in_clause('ind', slugs, params)})"
    )
    rows = fetch_rows(
        conn,
        f"SELECT {REGIMEN_SQL_COLUMNS} FROM dose_regimens r "
        f"WHERE r.context = 'suggested' AND r.id IN {subquery} ORDER BY r.id",
        params,
    )
    applies, sources = regimen_links(conn, subquery, params)
    return [
        regimen_from_row(row, applies.get(row["id"], []), sources.get(row["id"], []))
        for row in rows
    ]
