"""Summary counts kept in step on write: what `ivig indications` and `ivig map` show,
computed when the data changes instead of on every read.

Every write ivig makes (a build, an upgrade, an import, an added study) ends by
storing the counts (counts.keep_in_step) with a fingerprint of the studies and their indication links;
a read takes them while the fingerprint still matches and counts afresh when it
does not (a change made with another tool), so no answer is ever stale. The
fingerprint is a change counter the database's own triggers keep.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ivig_evidence.store.reader import Reader

TABLE = "summary_counts"

# The fingerprint: a counter of the changes to the studies, their indication links and
# the indication tree, kept by triggers (PostgreSQL: revision 0012, SQLite: 0015), so
# any tool's change moves it and reading it costs one row however large the data.
CHANGES = "changes"
FINGERPRINT_SQL = f"SELECT payload AS changes FROM {TABLE} WHERE name = '{CHANGES}'"
# Where the row history stood when the counts were stored (revision 0021): a read after
# another tool's change brings the counts in step by the changes recorded since
# (counts.brought_in_step) instead of counting every study again. On a file, the
# last history id (one writer at a time: ids are in commit order); on a server, the
# snapshot the counts were taken in and the writing transaction (revision 0022: a
# transaction that began earlier may commit later, with lower ids).
HISTORY_MARK = "history_mark"
# What the counts read: a change to any of them can change a count.
COUNTED_TABLES = ("studies", "study_indications", "indications")
SERVER_MARK_SQL = (
    "SELECT CAST(pg_current_snapshot() AS text) AS snapshot, "
    "CAST(pg_current_xact_id() AS text) AS xid"
)


@dataclass(frozen=True)
class ServerMark:
    """The moment a server's kept counts describe: its snapshot, and the transaction
    that stored them (whose own rows are counted though the snapshot does not show it)."""

    snapshot: str
    xid: int


HistoryMark = int | ServerMark


def _mark_from_text(payload: str) -> HistoryMark | None:
    """A stored mark; None for one this ivig cannot use (a server's from before 0022)."""
    value = json.loads(payload)
    if isinstance(value, int):
        return value
    if isinstance(value, dict) and {"snapshot", "xid"} <= value.keys():
        return ServerMark(str(value["snapshot"]), int(value["xid"]))
    return None


def _fingerprint(row: Any) -> str:
    return json.dumps([row[key] for key in row.keys()])  # noqa: SIM118 (rows, not dicts)


def fingerprint_now(reader: Reader) -> str | None:
    """The data's fingerprint as ``reader`` sees it now."""
    from ivig_evidence.store.reader import fetch_rows

    now = fetch_rows(reader, FINGERPRINT_SQL)
    return _fingerprint(now[0]) if now else None


def stored(reader: Reader, name: str) -> Any | None:
    """The payload stored under ``name`` if it still describes the data, else None."""
    from ivig_evidence.store.reader import fetch_rows

    try:
        rows = fetch_rows(
            reader, f"SELECT fingerprint, payload FROM {TABLE} WHERE name = :name", {"name": name}
        )
    except Exception:  # an older schema, or a reader not allowed to see it: count afresh
        return None
    if not rows or rows[0]["fingerprint"] != fingerprint_now(reader):
        return None
    return json.loads(rows[0]["payload"])


def hold_counted_tables(conn: Connection) -> None:
    """On a server, in a transaction that does not see one snapshot throughout (an
    upgrade's, READ COMMITTED for its migrations): wait for other clients' changes to
    what the counts read, and hold off new ones to the end, so that the counts and
    their mark describe the same moment. A file has one writer at a time already."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"LOCK TABLE {', '.join(COUNTED_TABLES)} IN SHARE MODE")


def available(conn: Connection) -> bool:
    from sqlalchemy import inspect

    return TABLE in inspect(conn).get_table_names()


def store(conn: Connection, name: str, payload: Any) -> None:
    """Store ``payload`` under ``name``, stamped with the data's fingerprint now."""
    from sqlalchemy import text

    stamp = _fingerprint(conn.execute(text(FINGERPRINT_SQL)).mappings().one())
    marks = {name: json.dumps(payload, sort_keys=True)}
    from ivig_evidence.store.history import recorded

    if recorded(conn) and conn.dialect.name == "postgresql":
        server = conn.execute(text(SERVER_MARK_SQL)).mappings().one()
        marks[HISTORY_MARK] = json.dumps(
            {"snapshot": server["snapshot"], "xid": int(server["xid"])}, sort_keys=True
        )
    elif recorded(conn):
        mark = conn.execute(text("SELECT coalesce(max(id), 0) FROM history_rows")).scalar()
        marks[HISTORY_MARK] = str(mark)
    for key, value in marks.items():
        conn.execute(text(f"DELETE FROM {TABLE} WHERE name = :name"), {"name": key})
        conn.execute(
            text(f"INSERT INTO {TABLE} (name, fingerprint, payload) VALUES (:n, :f, :p)"),
            {"n": key, "f": stamp, "p": value},
        )


def kept_since(reader: Reader, name: str) -> tuple[Any, HistoryMark] | None:
    """The payload stored under ``name`` and where the row history stood then, whether
    or not it still describes the data (None: none kept, no history here, or a mark
    this ivig cannot use)."""
    from ivig_evidence.store.reader import fetch_rows

    try:
        rows = fetch_rows(
            reader,
            f"SELECT k.payload, m.payload AS mark FROM {TABLE} k JOIN {TABLE} m "
            f"ON m.name = '{HISTORY_MARK}' AND m.fingerprint = k.fingerprint WHERE k.name = :n",
            {"n": name},
        )
    except Exception:  # an older schema, or a reader not allowed to see it
        return None
    if not rows:
        return None
    mark = _mark_from_text(rows[0]["mark"])
    return None if mark is None else (json.loads(rows[0]["payload"]), mark)
