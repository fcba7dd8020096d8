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
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{lock_wait_seconds():g}s'")
                # ivig stores fresh summaries itself at the end: the change counter's
                # triggers need not run for each statement (revision 0012).
                conn.exec_driver_sql("SET LOCAL ivig.writing = 'on'")
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
