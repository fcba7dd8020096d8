"""What the database says about itself: its data release, row counts, columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ivig_evidence.store.reader import Reader, fetch_rows


@dataclass(frozen=True)
class DataRelease:
    version: str
    released_on: str


def data_release(conn: Reader) -> DataRelease | None:
    rows = fetch_rows(conn, "SELECT version, released_on FROM data_release WHERE id = 1")
    return DataRelease(rows[0]["version"], rows[0]["released_on"]) if rows else None


def table_counts(conn: Reader, tables: Sequence[str]) -> dict[str, int]:
    # Table names come from the package's own list, never from user input.
    return {t: int(fetch_rows(conn, f"SELECT COUNT(*) AS n FROM {t}")[0]["n"]) for t in tables}


def table_columns(conn: Reader, table: str) -> list[str]:
    cursor = conn.execute(f"SELECT * FROM {table} WHERE 1 = 0", {})
    return [d[0] for d in cursor.description or ()]
