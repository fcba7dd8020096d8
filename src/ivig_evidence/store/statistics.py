"""The query planner's statistics, kept fresh by the writes that make them stale.

SQLite chooses an index from ``sqlite_stat1``, which only ANALYZE writes. An index
a migration adds has no statistics until then, and the planner may take it for the
best one (a listing of a million studies then sorts 180,000 rows instead of walking
its index); a table that grows many-fold keeps the proportions of its small self.
So a schema change ends with ANALYZE, and a write that has more than doubled the
studies since the last ANALYZE runs it too. PostgreSQL's autovacuum analyzes by
itself; a schema change analyzes there as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection

# Re-analyze when the studies have grown past this multiple of the count last analyzed.
GROWTH_FACTOR = 2


def analyze(conn: Connection) -> None:
    conn.exec_driver_sql("ANALYZE")


def analyzed_studies(conn: Connection) -> int | None:
    """The studies counted by the last ANALYZE (None: never analyzed)."""
    row = conn.exec_driver_sql(
        "SELECT stat FROM sqlite_stat1 WHERE tbl = 'studies' AND idx IS NOT NULL LIMIT 1"
    ).first()
    return int(str(row[0]).split()[0]) if row else None


def refresh_if_grown(conn: Connection) -> bool:
    """ANALYZE a SQLite database whose studies outgrew their statistics; whether it ran."""
    if conn.dialect.name != "sqlite":
        return False
    exists = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    ).first()
    known = analyzed_studies(conn) if exists else None
    now = int(conn.exec_driver_sql("SELECT count(*) FROM studies").scalar_one())
    if known is not None and now <= max(known, 1) * GROWTH_FACTOR:
        return False
    analyze(conn)
    return True
