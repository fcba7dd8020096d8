"""Row history: which write changed which rows, and what they were before.

Every ivig write runs inside one transaction that opens a write in the history
(``begin_write``) and closes it before it commits (``end_write``); the database's
own triggers (revision 0021) record, under that write, the key of each row it adds
and the whole row as it was of each row it changes or deletes. A write killed
half-way is rolled back with its history, so the two always agree. A write that
changed nothing leaves no entry. ``ivig db history`` lists the writes (``list_writes``),
``ivig db undo`` reverts one (store/undo.py), ``ivig db forget`` takes the oldest out
(``forget_through``) so that the history need not grow without end.

The curated release's own writes (the refresh of the curated rows by `ivig db
upgrade`) are recorded in the ``release`` scope, apart from a curator's writes
(``local``): `ivig db history` lists one scope at a time, and an undo reverts a
curator's write only. A build's curated data is not recorded (write 0, ``quietly``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ivig_evidence.store.reader import Reader

LOCAL = "local"
RELEASE = "release"
QUIET = 0  # the write id that marks work the triggers do not record
TABLES = ("history_writes", "history_rows", "history_open")


def recorded(conn: Connection) -> bool:
    """Whether this database keeps a history (revision 0021 and later)."""
    from sqlalchemy import inspect

    return "history_open" in inspect(conn).get_table_names()


def _role(conn: Connection) -> str | None:
    if conn.dialect.name != "postgresql":
        return None
    return str(conn.exec_driver_sql("SELECT current_user").scalar())


def begin_write(
    conn: Connection, command: str, *, scope: str = LOCAL, undoes: int | None = None
) -> int:
    """Open a write in the history: the triggers record what follows under its id."""
    from sqlalchemy import text

    at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    write_id = conn.execute(
        text(
            "INSERT INTO history_writes (at, command, role, scope, undoes) "
            "VALUES (:at, :command, :role, :scope, :undoes) RETURNING id"
        ),
        {"at": at, "command": command, "role": _role(conn), "scope": scope, "undoes": undoes},
    ).scalar_one()
    conn.execute(text("INSERT INTO history_open (write_id) VALUES (:w)"), {"w": write_id})
    return int(write_id)


def end_write(conn: Connection, write_id: int) -> bool:
    """Close the write before the transaction commits; one that recorded no row is
    forgotten. Whether it recorded anything."""
    from sqlalchemy import text

    conn.execute(text("DELETE FROM history_open WHERE write_id = :w"), {"w": write_id})
    changed = conn.execute(
        text("SELECT 1 FROM history_rows WHERE write_id = :w LIMIT 1"), {"w": write_id}
    ).first()
    if changed is None:
        conn.execute(text("DELETE FROM history_writes WHERE id = :w"), {"w": write_id})
    return changed is not None


@contextlib.contextmanager
def recording(
    conn: Connection, command: str, *, scope: str = LOCAL, undoes: int | None = None
) -> Iterator[int | None]:
    """A write recorded in the history for the block (None: a database without one)."""
    if not recorded(conn):
        yield None
        return
    write_id = begin_write(conn, command, scope=scope, undoes=undoes)
    yield write_id
    end_write(conn, write_id)


@contextlib.contextmanager
def quietly(conn: Connection) -> Iterator[None]:
    """Work the history does not record: the curated data a build loads."""
    from sqlalchemy import text

    if not recorded(conn):
        yield
        return
    conn.execute(text(f"INSERT INTO history_open (write_id) VALUES ({QUIET})"))
    yield
    conn.execute(text(f"DELETE FROM history_open WHERE write_id = {QUIET}"))


# ------------------------------------------------------------------ reading it


@dataclass(frozen=True)
class Write:
    """One write in the history, with how many rows it added, changed and removed."""

    write: int
    at: str
    command: str
    role: str | None
    scope: str
    added: int
    changed: int
    removed: int
    undoes: int | None
    undone_by: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "write": self.write,
            "at": self.at,
            "command": self.command,
            "role": self.role,
            "scope": self.scope,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "undoes": self.undoes,
            "undone_by": self.undone_by,
        }


def list_writes(reader: Reader, *, scope: str = LOCAL, limit: int | None = None) -> list[Write]:
    """The writes of one scope, newest first (at most ``limit``)."""
    from ivig_evidence.store.reader import fetch_rows, in_clause

    params: dict[str, Any] = {"scope": scope}
    bound = ""
    if limit is not None:
        params["limit"] = limit
        bound = " LIMIT :limit"
    writes = fetch_rows(
        reader,
        "SELECT w.id, w.at, w.command, w.role, w.scope, w.undoes, "
        "(SELECT min(u.id) FROM history_writes u WHERE u.undoes = w.id) AS undone_by "
        f"FROM history_writes w WHERE w.scope = :scope ORDER BY w.id DESC{bound}",
        params,
    )
    if not writes:
        return []
    params = {}
    ids = in_clause("w", [row["id"] for row in writes], params)
    counts: dict[tuple[int, str], int] = {
        (int(row["write_id"]), str(row["action"])): int(row["n"])
        for row in fetch_rows(
            reader,
            "SELECT write_id, action, count(*) AS n FROM history_rows "
            f"WHERE write_id IN {ids} GROUP BY write_id, action",
            params,
        )
    }
    return [
        Write(
            write=int(row["id"]),
            at=str(row["at"]),
            command=str(row["command"]),
            role=row["role"],
            scope=str(row["scope"]),
            added=counts.get((int(row["id"]), "insert"), 0),
            changed=counts.get((int(row["id"]), "update"), 0),
            removed=counts.get((int(row["id"]), "delete"), 0),
            undoes=row["undoes"],
            undone_by=row["undone_by"],
        )
        for row in writes
    ]


@dataclass(frozen=True)
class HistorySize:
    """How much the row history holds: its writes (of both scopes) and their rows."""

    writes: int
    oldest: int | None
    newest: int | None
    rows: int

    def to_json(self) -> dict[str, Any]:
        return {"writes": self.writes, "oldest": self.oldest, "newest": self.newest,
                "rows": self.rows}  # fmt: skip

    @property
    def text(self) -> str:
        if not self.writes:
            others = f"; {self.rows:,} rows of other tools' changes" if self.rows else ""
            return f"no writes recorded yet{others}"
        writes = f"write {self.oldest}" if self.writes == 1 else (
            f"{self.writes:,} writes, {self.oldest} to {self.newest}"
        )  # fmt: skip
        return f"{writes}; {self.rows:,} rows (`ivig db forget WRITE` takes the oldest out)"


def history_size(reader: Reader) -> HistorySize:
    """What `ivig db status` says of the history: how many writes, and rows."""
    from ivig_evidence.store.reader import fetch_rows

    (writes,) = fetch_rows(
        reader, "SELECT count(*) AS n, min(id) AS oldest, max(id) AS newest FROM history_writes"
    )
    (rows,) = fetch_rows(reader, "SELECT count(*) AS n FROM history_rows")
    return HistorySize(int(writes["n"]), writes["oldest"], writes["newest"], int(rows["n"]))


# ------------------------------------------------------------------ forgetting the oldest


@dataclass(frozen=True)
class Forgetting:
    """What forgetting the history through one write frees: that write and every older
    one (of either scope), with their rows and the changes other tools made before."""

    through: int
    writes: int
    rows: int
    oldest_kept: int | None  # the oldest write left in the history, if any


def _last_row(reader: Reader, through: int) -> int | None:
    """The last history row of the writes through ``through``: another tool's changes
    recorded before it (write_id NULL) are forgotten with them. On a server a change
    still in flight is not in the forgetting write's snapshot, so it stays, for the
    kept counts that have yet to see it."""
    from ivig_evidence.store.reader import fetch_rows

    sql = "SELECT max(id) AS last FROM history_rows WHERE write_id <= :through"
    last = fetch_rows(reader, sql, {"through": through})[0]["last"]
    return None if last is None else int(last)


def forgetting(reader: Reader, through: int) -> Forgetting:
    """What ``forget_through`` would forget. Raises NotFoundError when ``through`` is
    not a write in the history."""
    return _forgetting(reader, through, None)[0]


def _forgetting(reader: Reader, through: int, own: int | None) -> tuple[Forgetting, int | None]:
    """What forgetting through ``through`` takes (``own``: the forgetting write's own
    id, which is not forgotten), and the last history row it takes."""
    from ivig_evidence.errors import NotFoundError
    from ivig_evidence.store.reader import fetch_rows

    exists = fetch_rows(reader, "SELECT id FROM history_writes WHERE id = :w", {"w": through})
    if not exists or through == own:
        raise NotFoundError(
            f"no write {through} in the history (`ivig db history` lists them); nothing "
            "was forgotten"
        )
    last = _last_row(reader, through)
    params = {"through": through, "last": last, "own": own or 0}
    writes, rows, oldest = (
        fetch_rows(reader, sql, params)[0]["n"]
        for sql in (
            "SELECT count(*) AS n FROM history_writes WHERE id <= :through",
            "SELECT (SELECT count(*) FROM history_rows WHERE write_id <= :through) + "
            "(SELECT count(*) FROM history_rows WHERE write_id IS NULL AND id <= :last) AS n",
            "SELECT min(id) AS n FROM history_writes WHERE id > :through AND id <> :own",
        )
    )
    found = Forgetting(through, int(writes), int(rows), None if oldest is None else int(oldest))
    return found, last


# History ids deleted per statement when forgetting: a bar can move between them.
FORGET_BATCH = 50_000


def forget_through(conn: Connection, through: int, own: int | None) -> Forgetting:
    """Forget write ``through`` and every older one, inside the caller's write
    transaction (``own``: its id). The data rows are not touched; the forgotten writes
    can no longer be undone. Every row forgotten lies at or below the last row of those
    writes, so they go in ranges of ids, each read through the key (a server would
    step over the rows a repeated ``LIMIT`` had just deleted, again for every batch)."""
    from sqlalchemy import text

    from ivig_evidence.progress import progress
    from ivig_evidence.store.reader import SqlAlchemyReader

    found, last = _forgetting(SqlAlchemyReader(conn, "history"), through, own)
    first = int(conn.execute(text("SELECT coalesce(min(id), 0) FROM history_rows")).scalar_one())
    delete = text(
        "DELETE FROM history_rows WHERE id >= :low AND id < :high "
        "AND (write_id <= :through OR write_id IS NULL)"
    )
    end = (last or first - 1) + 1  # past the last row forgotten (none: nothing to step)
    with progress("forgetting the history", found.rows) as advance:
        for low in range(first, end, FORGET_BATCH):
            high = min(low + FORGET_BATCH, end)
            advance(conn.execute(delete, {"low": low, "high": high, "through": through}).rowcount)
    conn.execute(text("DELETE FROM history_writes WHERE id <= :through"), {"through": through})
    return found
