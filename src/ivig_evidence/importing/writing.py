"""Checked rows into the database: plans, written in batches inside the caller's
transaction, parents before children, each batch's fact rows checked for their
statements.

A ``Plan`` is what one record (a study with its rows) or one directory of table
files adds, and the local studies it replaces. ``RowWriter`` is the one way an
import writes: `ivig import` of a study file or of table files, and `ivig add study`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ivig_evidence import vocab

if TYPE_CHECKING:
    from sqlalchemy import Connection

LOCAL = vocab.Origin.LOCAL.value


@dataclass
class Plan:
    """Rows to write, table by table, and the local studies they replace."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    replaces: list[str] = field(default_factory=list)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)

    def counts(self) -> dict[str, int]:
        return {t: len(r) for t, r in self.rows.items() if r}


class RowWriter:
    """Rows written in batches inside the caller's transaction, parents before children
    at every flush, so memory holds one batch however large the import."""

    def __init__(self, conn: Connection, batch_rows: int = 5000) -> None:
        self.conn = conn
        self.batch_rows = batch_rows
        self.pending: dict[str, list[dict[str, Any]]] = {}
        self.size = 0
        self.problems: list[str] = []  # fact rows written without a statement

    def add(self, plan: Plan) -> None:
        if plan.replaces:
            from ivig_evidence.counts import note_removing_studies

            self.flush()
            note_removing_studies(self.conn, plan.replaces)
            kept = delete_local_studies(self.conn, plan.replaces)
            self.pending.setdefault("outcomes", []).extend(kept)
            self.size += len(kept)
        for table, rows in plan.rows.items():
            self.pending.setdefault(table, []).extend(rows)
            self.size += len(rows)
        if self.size >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Write the pending rows, then check the fact rows just written have their
        statements (they are written in the same batch: a record's rows stay together)."""
        from ivig_evidence.store.seed import PROVENANCE_REQUIRED, provenance_problems
        from ivig_evidence.store.tables import TABLE_ORDER

        for name in TABLE_ORDER:
            rows = self.pending.get(name)
            if rows:
                insert_rows(self.conn, name, rows)
        written = {
            table: [row[key] for row in self.pending.get(table, ())]
            for table, (key, _) in PROVENANCE_REQUIRED.items()
        }
        self.problems.extend(provenance_problems(self.conn, written))
        self.pending.clear()
        self.size = 0


def delete_local_studies(conn: Connection, study_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Remove local studies (and their local rows) that an import replaces. A study's
    outcome rows are not part of the record an import gives (`ivig studies -f json`
    does not carry them): they are returned, to be written again after the study."""
    from sqlalchemy import delete, select

    studies = _table(conn, "studies")
    regimens = _table(conn, "dose_regimens")
    statements = _table(conn, "statements")
    regimen_ids = select(regimens.c.id).where(regimens.c.study_id.in_(study_ids))
    # One statement per way in: PostgreSQL answers "study_id IN ... OR regimen_id IN
    # (SELECT ...)" by reading every statement (40 s of an update at a million).
    for owned in (statements.c.study_id.in_(study_ids), statements.c.regimen_id.in_(regimen_ids)):
        conn.execute(delete(statements).where(statements.c.origin == LOCAL).where(owned))
    outcomes = _table(conn, "outcomes")
    kept = [
        dict(row._mapping)
        for row in conn.execute(
            select(outcomes).where(outcomes.c.study_id.in_(study_ids)).order_by(outcomes.c.id)
        )
    ]
    conn.execute(delete(outcomes).where(outcomes.c.study_id.in_(study_ids)))
    ri = _table(conn, "regimen_indications")
    conn.execute(delete(ri).where(ri.c.regimen_id.in_(regimen_ids)))
    for name in ("dose_regimens", "study_notes", "study_indications"):
        child = _table(conn, name)
        conn.execute(delete(child).where(child.c.study_id.in_(study_ids)))
    conn.execute(
        delete(studies).where(studies.c.id.in_(study_ids)).where(studies.c.origin == LOCAL)
    )
    return kept


def _columns(conn: Connection, name: str) -> list[str]:
    """The columns of table ``name`` as the database holds them. Its schema revision is
    checked when it opens, so they are the models' columns; they are read from the
    database because importing the models (SQLAlchemy's ORM and every mapped class)
    was a third of the time of a one-study write (0.95 s of which 0.35 s)."""
    from ivig_evidence.store.info import table_columns
    from ivig_evidence.store.reader import SqlAlchemyReader

    return table_columns(SqlAlchemyReader(conn, "import"), name)


def _table(conn: Connection, name: str) -> Any:
    """Table ``name`` for SQLAlchemy Core statements, with every column it holds."""
    from sqlalchemy import column, table

    return table(name, *(column(c) for c in _columns(conn, name)))


def insert_rows(
    conn: Connection,
    table: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    via_json: bool | None = None,
) -> None:
    """Checked rows into ``table``, every column given (so one statement fits them all),
    through the driver's own executemany: SQLAlchemy's per-row parameter processing
    was a fifth of an import's time, and the rows need none of it (the checks give
    plain values: a vocabulary value as the text the database stores)."""
    columns = _columns(conn, table)
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(f'"{c}"' for c in columns)
    values = [[*map(row.get, columns)] for row in rows]
    if "origin" in columns:  # a row that does not say where it is from is the user's own
        at = columns.index("origin")
        for row_values in values:
            if row_values[at] is None:
                row_values[at] = LOCAL
    if via_json is None:  # SQLite has its JSON functions built in since 3.38
        via_json = conn.dialect.name == "sqlite" and sqlite3.sqlite_version_info >= (3, 38)
    if via_json:
        # One statement for the whole batch, its rows read by SQLite itself from one
        # JSON array: 2-3x faster than executemany, a statement per row (measured on
        # the benchmark's 100,000 studies: 2-3 s instead of 6-8 s for the studies).
        fields = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
        conn.exec_driver_sql(
            f"INSERT INTO {table} ({names}) SELECT {fields} FROM json_each(?)",
            (json.dumps(values, ensure_ascii=False, allow_nan=False),),
        )
        return
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({names}) VALUES ({', '.join([mark] * len(columns))})",
        [tuple(v) for v in values],
    )
