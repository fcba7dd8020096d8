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
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from ivig_evidence.config import DbLocation, lock_wait_seconds
from ivig_evidence.errors import DatabaseError
from ivig_evidence.store.write_lock import busy_message, write_lock

if TYPE_CHECKING:
    from ivig_evidence.store.backups import PendingBackup

_PENDING_BACKUP = "ivig.pending_backup"


def target_name(location: DbLocation) -> str:
    return location.shown if location.is_server else str(location.path)


def back_up_before_commit(conn: Connection) -> Path | None:
    """Back up the file this write transaction changes, as last committed (None on a
    server). Kept, and older backups pruned, only if the transaction commits."""
    from ivig_evidence.store.backups import PendingBackup

    pending = conn.info.get(_PENDING_BACKUP)
    if not isinstance(pending, PendingBackup):
        return None
    return pending.path or pending.take()


@contextlib.contextmanager
def write_transaction(location: DbLocation) -> Iterator[Connection]:
    """A connection inside one transaction; committed only if the block finishes."""
    if location.is_server:
        with _transaction(location) as conn:
            yield conn
        return
    from ivig_evidence.store.access import ensure_built
    from ivig_evidence.store.backups import PendingBackup
    from ivig_evidence.store.db import recover, require_writable

    path = ensure_built(location)  # a --db typo is refused; a first use builds
    require_writable(path)
    with write_lock(path), PendingBackup(path) as pending:
        recover(path)  # an earlier write that was killed is rolled back first
        with _transaction(location, pending) as conn:
            yield conn


@contextlib.contextmanager
def _transaction(
    location: DbLocation, pending: PendingBackup | None = None
) -> Iterator[Connection]:
    from sqlalchemy.exc import IntegrityError, OperationalError

    from ivig_evidence.store.access import open_reader
    from ivig_evidence.store.db import server_engine, write_engine

    open_reader(location).close()  # exists, is ours, at this ivig's schema revision
    if location.is_server:
        assert location.url is not None
        engine = server_engine(location.url, location.shown)
    else:
        engine = write_engine(location.path, immediate=True)
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
            target = target_name(location) if location.is_server else location.path
            raise DatabaseError(busy_message(target)) from exc
        raise DatabaseError(
            f"writing to {target_name(location)} failed: {text}; nothing was written"
        ) from exc
    except IntegrityError as exc:
        text = str(exc.orig or exc).strip().splitlines()[0]
        raise DatabaseError(
            f"refused by the database's rules ({text}); nothing was written"
        ) from exc
    finally:
        engine.dispose()
