"""What the database says about itself: its data release, row counts, columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ivig_evidence.config import DbLocation
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


@dataclass(frozen=True)
class DatabaseStatus:
    name: str
    revision: str | None
    expected_revision: str
    data_release: str | None
    released_on: str | None
    counts: dict[str, int]

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.expected_revision

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.name,
            "revision": self.revision,
            "expected_revision": self.expected_revision,
            "up_to_date": self.up_to_date,
            "data_release": self.data_release,
            "released_on": self.released_on,
            "counts": self.counts,
        }


def database_status(location: DbLocation) -> DatabaseStatus:
    """The revision, release and row counts of a database, whatever its revision."""
    from ivig_evidence.store.access import ensure_built
    from ivig_evidence.store.db import (
        SCHEMA_REVISION,
        open_readonly,
        open_server,
        server_revision,
        stored_revision,
    )
    from ivig_evidence.store.tables import TABLE_ORDER

    reader: Reader
    if location.is_server:
        server = open_server(location, check_schema=False)
        reader, revision = server, server_revision(server)
    else:
        sqlite = open_readonly(ensure_built(location), check_schema=False)
        reader, revision = sqlite, stored_revision(sqlite.connection)
    current = revision == SCHEMA_REVISION
    release = data_release(reader) if current else None
    return DatabaseStatus(
        name=reader.name,
        revision=revision,
        expected_revision=SCHEMA_REVISION,
        data_release=release.version if release else None,
        released_on=release.released_on if release else None,
        counts=table_counts(reader, TABLE_ORDER) if current else {},
    )
