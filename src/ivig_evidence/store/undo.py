"""Undo one write: put back the rows it changed or removed, remove the rows it added.

Inside the caller's write transaction (itself a write in the history, marked as the
undo of the one it reverts), the write's history is replayed backwards: each row
it removed is inserted again as it was, each row it changed is set back to what it
was, each row it added is deleted. Replayed in reverse, the rows' own order holds
(a study's regimens go before the study, and come back after it).

Refused, changing nothing, when a later write (or another tool: the triggers
record its changes too) touched any of the same rows, naming that write; when the
write is the curated release's (put back the backup the upgrade took instead); and
when the write is not in the history.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ivig_evidence.errors import IvigError, NotFoundError
from ivig_evidence.store.history import RELEASE

if TYPE_CHECKING:
    from sqlalchemy import Connection

# Rows replayed per fetch: memory holds one batch however large the write.
BATCH = 2000
# The tables whose rows the kept summaries count, and where a study's id sits in a key.
COUNTED = ("studies", "study_indications")


@dataclass(frozen=True)
class UndoReport:
    undone: int  # the write reverted
    write: int  # the undo's own write in the history
    added: int  # rows put back
    changed: int  # rows set back
    removed: int  # rows removed


def check_undoable(conn: Connection, write_id: int, own: int | None) -> None:
    """Raise, with the reason, unless ``write_id`` can be undone now by the write
    ``own`` (the undo's own id, which is no earlier write)."""
    from sqlalchemy import text

    found = conn.execute(
        text("SELECT scope, command FROM history_writes WHERE id = :w"), {"w": write_id}
    ).first()
    if found is None or write_id == own:
        oldest = conn.execute(
            text("SELECT min(id) FROM history_writes WHERE id <> :own"), {"own": own or 0}
        ).scalar()
        begins = (  # older writes were forgotten (`ivig db forget`), or never recorded
            f", which begins at write {oldest}" if oldest is not None and write_id < oldest else ""
        )
        raise NotFoundError(
            f"no write {write_id} in the history{begins} (`ivig db history` lists them); "
            "nothing was changed"
        )
    if found.scope == RELEASE:
        raise IvigError(
            f"write {write_id} is the curated release's ({found.command}): it is undone by "
            "putting back the backup taken before the upgrade (`ivig db restore --list`); "
            "nothing was changed"
        )
    later = conn.execute(
        text(
            "SELECT h2.write_id, min(h2.id) AS first FROM history_rows h1 "
            "JOIN history_rows h2 ON h2.table_name = h1.table_name "
            "AND h2.row_key = h1.row_key AND h2.id > h1.id "
            "WHERE h1.write_id = :w AND (h2.write_id IS NULL OR h2.write_id <> :w) "
            "GROUP BY h2.write_id"
        ),
        {"w": write_id},
    ).all()
    if not later:
        return
    foreign = [row.first for row in later if row.write_id is None]
    if foreign:
        raise IvigError(
            f"cannot undo write {write_id}: another tool changed {_row(conn, foreign[0])} "
            "since; nothing was changed"
        )
    firsts = {int(row.write_id): int(row.first) for row in later}
    undoes = _undoes(conn, sorted(firsts))
    in_effect = {write_id}
    for write in sorted(firsts):  # a later write and its undo cancel out
        target = undoes.get(write)
        if target is not None and target in in_effect:
            in_effect.discard(target)
        else:
            in_effect.add(write)
    if in_effect == {write_id}:
        return
    if not in_effect:
        undone_by = max(w for w in firsts if undoes.get(w) == write_id)
        raise IvigError(
            f"write {write_id} was undone by write {undone_by} (undo that to put it "
            "back); nothing was changed"
        )
    newest = max(in_effect - {write_id})
    raise IvigError(
        f"cannot undo write {write_id}: write {newest} changed "
        f"{_row(conn, firsts[newest])} since (undo write {newest} first); nothing "
        "was changed"
    )


def _undoes(conn: Connection, writes: Sequence[int]) -> dict[int, int | None]:
    """Which write each of ``writes`` undid (None: it was not an undo)."""
    from sqlalchemy import bindparam, text

    found = conn.execute(
        text("SELECT id, undoes FROM history_writes WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        ),
        {"ids": list(writes)},
    )
    return {int(row.id): row.undoes for row in found}


def _row(conn: Connection, history_id: int) -> str:
    from sqlalchemy import text

    row = conn.execute(
        text("SELECT table_name, row_key FROM history_rows WHERE id = :h"), {"h": history_id}
    ).one()
    return f"{row.table_name} {_shown_key(row.row_key)}"


def _shown_key(row_key: str) -> str:
    values = json.loads(row_key)
    return ", ".join(str(v) for v in values)


def undo_write(conn: Connection, write_id: int, undo_id: int | None) -> UndoReport:
    """Revert ``write_id`` inside the caller's transaction (after ``check_undoable``)."""
    from ivig_evidence.counts import note_added_studies, note_removing_studies

    studies, tree_changed = _studies_touched(conn, write_id)
    if studies is not None and not tree_changed:
        note_removing_studies(conn, studies)
    done = {"insert": 0, "update": 0, "delete": 0}
    run = _Run(conn)
    for entry in _entries_backwards(conn, write_id):
        table, action = entry["table_name"], entry["action"]
        key = _key_columns(table)
        values = json.loads(entry["row_key"])
        if action == "insert":
            run.add(*_delete(conn, table, key, values))
        elif conn.dialect.name == "postgresql":
            run.flush()
            _restore_on_server(conn, table, key, values, entry["before_image"], action)
        else:
            run.add(*_restore_on_file(table, key, values, entry["before_image"], action))
        done[action] += 1
    run.flush()
    if studies is not None and not tree_changed:
        note_added_studies(conn, studies)
    return UndoReport(
        undone=write_id,
        write=undo_id or 0,
        added=done["delete"],
        changed=done["update"],
        removed=done["insert"],
    )


def _studies_touched(conn: Connection, write_id: int) -> tuple[list[str] | None, bool]:
    """The studies whose counts the undo changes (None: too many to follow, count
    afresh), and whether it changes the indication tree (then too)."""
    from sqlalchemy import text

    from ivig_evidence.counts import CHANGED_AT_MOST

    found: set[str] = set()
    tree = False
    rows = conn.execute(
        text(
            "SELECT table_name, row_key FROM history_rows WHERE write_id = :w "
            "AND table_name IN ('studies', 'study_indications', 'indications')"
        ),
        {"w": write_id},
    )
    for row in rows:
        if row.table_name == "indications":
            tree = True
            continue
        found.add(str(json.loads(row.row_key)[0]))
        if len(found) > CHANGED_AT_MOST:
            return None, tree
    return sorted(found), tree


def _entries_backwards(conn: Connection, write_id: int) -> Iterator[dict[str, Any]]:
    from sqlalchemy import text

    below: int | None = None
    while True:
        bound = "" if below is None else " AND id < :below"
        batch = [
            dict(row._mapping)
            for row in conn.execute(
                text(
                    "SELECT id, table_name, row_key, action, before_image FROM history_rows "
                    f"WHERE write_id = :w{bound} ORDER BY id DESC LIMIT {BATCH}"
                ),
                {"w": write_id, "below": below},
            )
        ]
        if not batch:
            return
        yield from batch
        below = batch[-1]["id"]


def _key_columns(table: str) -> list[str]:
    from ivig_evidence.store.models import Base

    return [c.name for c in Base.metadata.tables[table].primary_key.columns]


def _where(key: Sequence[str], mark: str) -> str:
    return " AND ".join(f'"{c}" = {mark}' for c in key)


def _mark(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


class _Run:
    """Consecutive statements of the same text, run as one executemany: an undo of a
    large import deletes its rows a table at a time, not a statement each (still in
    their order: executemany runs its rows in turn)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.sql: str | None = None
        self.rows: list[tuple[Any, ...]] = []

    def add(self, sql: str, row: tuple[Any, ...]) -> None:
        if sql != self.sql or len(self.rows) >= BATCH:
            self.flush()
            self.sql = sql
        self.rows.append(row)

    def flush(self) -> None:
        if self.sql is not None and self.rows:
            self.conn.exec_driver_sql(self.sql, self.rows)
        self.sql, self.rows = None, []


def _delete(
    conn: Connection, table: str, key: Sequence[str], values: Sequence[Any]
) -> tuple[str, tuple[Any, ...]]:
    return f"DELETE FROM {table} WHERE {_where(key, _mark(conn))}", tuple(values)


def _decoded(image: str) -> dict[str, Any]:
    """A SQLite before-image: a real is kept as its 17 digits in a one-element array."""
    row: dict[str, Any] = json.loads(image)
    return {c: float(v[0]) if isinstance(v, list) else v for c, v in row.items()}


def _restore_on_file(
    table: str, key: Sequence[str], values: Sequence[Any], image: str, action: str
) -> tuple[str, tuple[Any, ...]]:
    """The statement that puts a row back as its before-image has it, on SQLite."""
    row = _decoded(image)
    names = list(row)
    quoted = ", ".join(f'"{c}"' for c in names)
    if action == "delete":
        return (
            f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' for _ in names)})",
            tuple(row[c] for c in names),
        )
    sets = ", ".join(f'"{c}" = ?' for c in names)
    return (
        f"UPDATE {table} SET {sets} WHERE {_where(key, '?')}",
        (*(row[c] for c in names), *values),
    )


def _restore_on_server(
    conn: Connection,
    table: str,
    key: Sequence[str],
    values: Sequence[Any],
    image: str,
    action: str,
) -> None:
    """PostgreSQL reads the row back from its JSON itself, each value in its column's
    type (jsonb_populate_record): nothing passes through Python's types."""
    from sqlalchemy import text

    if action == "delete":
        conn.execute(
            text(
                f"INSERT INTO {table} SELECT * FROM "
                f"jsonb_populate_record(NULL::{table}, CAST(:image AS jsonb))"
            ),
            {"image": image},
        )
        return
    names = list(json.loads(image))
    columns = ", ".join(f'"{c}"' for c in names)
    params: dict[str, Any] = {"image": image}
    where = []
    for i, (column, value) in enumerate(zip(key, values, strict=True)):
        params[f"k{i}"] = value
        where.append(f'"{column}" = :k{i}')
    conn.execute(
        text(
            f"UPDATE {table} SET ({columns}) = (SELECT {columns} FROM "
            f"jsonb_populate_record(NULL::{table}, CAST(:image AS jsonb))) "
            f"WHERE {' AND '.join(where)}"
        ),
        params,
    )
