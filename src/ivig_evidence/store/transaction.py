"""One write transaction on the database, file or server: all of it or none of it.

Every command that changes data goes through ``write_transaction``: it takes the
file's write lock (store/write_lock.py), checks the schema revision, waits a bounded
time for another writer, and turns a lock that does not clear into one line instead
of a half-done change. A backup taken inside it (``back_up_before_commit``) is kept
only if the write commits.
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

    from ivig_evidence.store.backups import PendingBackup
    from ivig_evidence.store.reader import Reader

_PENDING_BACKUP = "ivig.pending_backup"


class Writable(Protocol):
    """What a write needs of the database (``database.Evidence``, file or server)."""

    @property
    def name(self) -> str: ...
    def guard_write(self) -> contextlib.AbstractContextManager[PendingBackup | None]: ...
    def open_reader(self) -> Reader: ...
    def write_engine(self) -> Engine: ...
    def busy_message(self) -> str: ...


def back_up_before_commit(conn: Connection) -> Path | None:
    """Back up the file this write transaction changes, as last committed (None on a
    server). Kept, and older backups pruned, only if the transaction commits."""
    from ivig_evidence.store.backups import PendingBackup

    pending = conn.info.get(_PENDING_BACKUP)
    if not isinstance(pending, PendingBackup):
        return None
    return pending.path or pending.take()


@contextlib.contextmanager
def write_transaction(database: Writable) -> Iterator[Connection]:
    """A connection inside one transaction; committed only if the block finishes. The
    kind of database says what guards it (a file: its lock, recovery, a backup)."""
    with database.guard_write() as pending, _transaction(database, pending) as conn:
        yield conn


@contextlib.contextmanager
def guard_file_write(path: Path) -> Iterator[PendingBackup]:
    """Around a write to a file: its write lock, an earlier killed write rolled back
    first, and the backup (``back_up_before_commit``) kept only if the write commits."""
    from ivig_evidence.store.backups import PendingBackup
    from ivig_evidence.store.db import recover, require_writable

    require_writable(path)
    with write_lock(path), PendingBackup(path) as pending:
        recover(path)  # an earlier write that was killed is rolled back first
        yield pending


@contextlib.contextmanager
def _transaction(database: Writable, pending: PendingBackup | None) -> Iterator[Connection]:
    from sqlalchemy.exc import IntegrityError, OperationalError

    database.open_reader().close()  # exists, is ours, at this ivig's schema revision
    engine = database.write_engine()
    try:
        with engine.begin() as conn:
            conn.info[_PENDING_BACKUP] = pending
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{lock_wait_seconds():g}s'")
                # ivig stores fresh summaries itself at the end: the change counter's
                # triggers need not run for each statement (revision 0012).
                conn.exec_driver_sql("SET LOCAL ivig.writing = 'on'")
            from ivig_evidence.counts import keep_in_step, remember_kept
            from ivig_evidence.store.statistics import refresh_if_grown

            remember_kept(conn)  # so that a write which only adds studies adds their counts
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
