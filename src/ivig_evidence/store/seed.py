"""Loading data/seed.sql in one transaction, then checking what it loaded."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivig_evidence.errors import DatabaseError
from ivig_evidence.resources import seed_file
from ivig_evidence.store.reader import in_clause
from ivig_evidence.store.tables import ORIGIN_TABLES

if TYPE_CHECKING:
    from sqlalchemy import Connection

# Rows that state a fact must say where it came from: each of these tables'
# rows needs at least one statement pointing at it.
PROVENANCE_REQUIRED = {
    "studies": ("id", "study_id"),
    "dose_regimens": ("id", "regimen_id"),
    "positions": ("id", "position_id"),
    "treatments": ("id", "treatment_id"),
    "claims": ("id", "claim_id"),
}


def iter_sql_statements(sql_text: str) -> Iterator[str]:
    """Split a script of standard SQL statements, respecting quoted semicolons.

    sqlite3.complete_statement understands SQL quoting and comments; the seed
    file uses only standard SQL, so this split is valid for any engine.
    """
    buffer: list[str] = []
    for line in sql_text.splitlines(keepends=True):
        if not buffer and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buffer.append(line)
        candidate = "".join(buffer)
        if sqlite3.complete_statement(candidate):
            yield candidate.strip()
            buffer = []
    rest = "".join(buffer).strip()
    if rest:
        raise DatabaseError(f"seed data ends with an incomplete statement: {rest[:60]!r}")


def load_seed(conn: Connection, path: Path | None = None) -> int:
    """Execute every INSERT of the seed file on ``conn`` (inside the caller's transaction)."""
    text = (path or seed_file()).read_text(encoding="utf-8")
    count = 0
    for statement in iter_sql_statements(text):
        if not statement.upper().startswith("INSERT"):
            raise DatabaseError(f"seed data may hold INSERTs only, found: {statement[:60]!r}")
        # No parameters: a driver must not read the data's "50%" as a placeholder.
        conn.exec_driver_sql(statement, execution_options={"no_parameters": True})
        count += 1
    return count


def foreign_key_problems(conn: Connection) -> list[str]:
    """Rows whose foreign keys point nowhere (SQLite checks them on demand)."""
    if conn.dialect.name != "sqlite":
        return []  # enforced as each row is written
    return [
        f"{table} row {rowid}: missing {parent} row"
        for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check")
    ]


def mark_curated(conn: Connection) -> None:
    """What the seed loaded is the curated release; rows added later are local. (At an
    earlier revision, as the upgrade tests build one, a later table is not there yet.)"""
    from sqlalchemy import inspect

    present = set(inspect(conn).get_table_names())
    for table in ORIGIN_TABLES:
        if table in present:
            conn.exec_driver_sql(f"UPDATE {table} SET origin = 'curated'")


def integrity_problems(conn: Connection) -> list[str]:
    """What is wrong with the loaded curated data; empty when all is well."""
    return foreign_key_problems(conn) + provenance_problems(conn)


def provenance_problems(
    conn: Connection, written: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    """Fact rows no statement sources: of every row, or only of the ``written`` ids of
    each table (an import checks what it wrote, not the whole database again)."""
    from sqlalchemy import text

    problems: list[str] = []
    for table, (key, column) in PROVENANCE_REQUIRED.items():
        params: dict[str, Any] = {}
        only = ""
        if written is not None:
            ids = written.get(table)
            if not ids:
                continue
            only = f" AND t.{key} IN {in_clause('w', ids, params)}"
        # A dose known only from a study's primary record cites that record instead.
        record_sourced = " AND t.record_source IS NULL" if table == "dose_regimens" else ""
        orphans = (
            conn.execute(
                text(
                    f"SELECT {key} FROM {table} t WHERE NOT EXISTS "
                    f"(SELECT 1 FROM statements s WHERE s.{column} = t.{key})"
                    f"{record_sourced}{only} ORDER BY {key}"
                ),
                params,
            )
            .scalars()
            .all()
        )
        problems.extend(
            f"{table} {row_id}: no statement says where it came from" for row_id in orphans
        )
    return problems


def foreign_keys_enforced(conn: Connection) -> bool:
    """Whether every row written on ``conn`` had its foreign keys checked as it went in."""
    if conn.dialect.name != "sqlite":
        return True
    return bool(conn.exec_driver_sql("PRAGMA foreign_keys").scalar())


INSERT_HEAD = re.compile(r"^INSERT\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.IGNORECASE)


def shipped_release_version(path: Path | None = None) -> str | None:
    """The release version the seed ships, from its data_release rows alone (the
    first table in it): what a no-op `db upgrade` compares without loading the rest."""
    text = (path or seed_file()).read_text(encoding="utf-8")
    for statement in iter_sql_statements(text):
        head = INSERT_HEAD.match(statement)
        if head is None or head.group(1) != "data_release":
            continue
        conn = sqlite3.connect(":memory:")
        try:
            conn.execute(f"CREATE TABLE data_release ({head.group(2)})")
            conn.execute(statement)
            row = conn.execute("SELECT version FROM data_release ORDER BY id LIMIT 1").fetchone()
        finally:
            conn.close()
        return None if row is None else str(row[0])
    return None


def release_database(path: Path | None = None) -> sqlite3.Connection:
    """The seed's rows in an in-memory SQLite database with untyped columns.

    Untyped, so it loads whatever schema revision the seed was written for: it
    answers "which ids does the shipped release hold, with which values" for the
    origin migration and for refreshing curated rows on upgrade.
    """
    from ivig_evidence.store.models import Base

    text = (path or seed_file()).read_text(encoding="utf-8")
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    columns: dict[str, set[str]] = {}
    for name, model_table in Base.metadata.tables.items():
        columns[name] = {c.name for c in model_table.columns}
        conn.execute(f"CREATE TABLE {name} ({', '.join(sorted(columns[name]))})")
    for statement in iter_sql_statements(text):
        head = INSERT_HEAD.match(statement)
        if head is None:
            raise DatabaseError(f"seed data may hold INSERTs only, found: {statement[:60]!r}")
        table, listed = head.group(1), [c.strip() for c in head.group(2).split(",")]
        if table not in columns:
            columns[table] = set()
            conn.execute(f"CREATE TABLE {table} ({', '.join(listed)})")
        for column in listed:
            if column not in columns[table]:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
                columns[table].add(column)
        conn.execute(statement)
    return conn
