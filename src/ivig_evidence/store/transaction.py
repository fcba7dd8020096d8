"""One write transaction on the database, file or server: all of it or none of it.

Every command that changes data goes through ``write_transaction``: it takes the
file's write lock (store/write_lock.py), checks the schema revision, waits a bounded
time for another writer, and turns a lock that does not clear into one line instead
of a half-done change. The write is recorded in the row history (store/history.py)
in the same transaction, so ``ivig db undo`` can revert it: no whole-file backup is
taken before an ordinary write.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Connection

from ivig_evidence.config import lock_wait_seconds
from ivig_evidence.errors import DatabaseError
from ivig_evidence.store.summaries import TABLE as SUMMARY_TABLE
from ivig_evidence.store.write_lock import write_lock

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ivig_evidence.store.reader import Reader

_WRITE_ID = "ivig.write_id"


class Writable(Protocol):
    """What a write needs of the database (``database.Evidence``, file or server)."""

    @property
    def name(self) -> str: ...
    def guard_write(self) -> contextlib.AbstractContextManager[None]: ...
    def open_reader(self) -> Reader: ...
    def write_engine(self) -> Engine: ...
    def busy_message(self) -> str: ...


def write_id(conn: Connection) -> int | None:
    """The id of the write this transaction is, in the row history."""
    found = conn.info.get(_WRITE_ID)
    return found if isinstance(found, int) else None


@contextlib.contextmanager
def write_transaction(
    database: Writable, command: str, *, undoes: int | None = None
) -> Iterator[Connection]:
    """A connection inside one transaction, recorded in the history as ``command``;
    committed only if the block finishes. The kind of database says what guards it
    (a file: its lock and the recovery of an earlier killed write)."""
    with database.guard_write(), _transaction(database, command, undoes) as conn:
        yield conn


@contextlib.contextmanager
def guard_file_write(path: Path) -> Iterator[None]:
    """Around a write to a file: its write lock, and an earlier killed write rolled
    back first."""
    from ivig_evidence.store.db import recover, require_writable

    require_writable(path)
    with write_lock(path):
        recover(path)  # an earlier write that was killed is rolled back first
        yield


@contextlib.contextmanager
def _transaction(database: Writable, command: str, undoes: int | None) -> Iterator[Connection]:
    from sqlalchemy.exc import IntegrityError, OperationalError

    database.open_reader().close()  # exists, is ours, at this ivig's schema revision
    engine = database.write_engine()
    server = engine.dialect.name == "postgresql"
    try:
        with _begun(engine, server) as conn:
            if server:
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{lock_wait_seconds():g}s'")
                # ivig stores fresh summaries itself at the end: the change counter's
                # triggers need not run for each statement (revision 0012).
                conn.exec_driver_sql("SET LOCAL ivig.writing = 'on'")
                # One ivig write at a time stores the summaries: a second waits here,
                # before its snapshot is taken (LOCK takes none), so it starts from the
                # counts the first stored. Other clients' writes are not held up.
                conn.exec_driver_sql(f"LOCK TABLE {SUMMARY_TABLE} IN SHARE UPDATE EXCLUSIVE MODE")
            from ivig_evidence.counts import keep_in_step, remember_kept
            from ivig_evidence.store.history import recording
            from ivig_evidence.store.statistics import refresh_if_grown

            remember_kept(conn)  # so that a write which only adds studies adds their counts
            conn.info.pop(_WRITE_ID, None)  # info outlives a transaction on a pooled connection
            with recording(conn, command, undoes=undoes) as recorded_as:
                conn.info[_WRITE_ID] = recorded_as
                yield conn

            keep_in_step(conn)  # the summaries change with the data, in the same transaction
            refresh_if_grown(conn)  # and the planner's view of it, when it has grown
    except OperationalError as exc:
        text = str(exc.orig or exc).strip().splitlines()[0]
        if "locked" in text or "lock timeout" in text:
            raise DatabaseError(database.busy_message()) from exc
        if "could not serialize access" in text:
            raise DatabaseError(
                f"another client changed rows of {database.name} that this write changes, "
                "while it ran; nothing was written: check their change, then run it again"
            ) from exc
        raise DatabaseError(
            f"writing to {database.name} failed: {text}; nothing was written"
        ) from exc
    except IntegrityError as exc:
        text = str(exc.orig or exc).strip().splitlines()[0]
        raise DatabaseError(
            f"refused by the database's rules ({text}); nothing was written"
        ) from exc
    finally:
        engine.dispose()


def _begun(engine: Engine, server: bool) -> contextlib.AbstractContextManager[Connection]:
    """A transaction on ``engine``; on a server one snapshot for all of it (REPEATABLE
    READ), so the summaries it stores describe one moment of the data, and a row another
    client changed meanwhile is refused instead of written over."""
    if server:
        return engine.execution_options(isolation_level="REPEATABLE READ").begin()
    return engine.begin()
