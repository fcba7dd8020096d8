"""One write transaction on the database, file or server: all of it or none of it.

Every command that changes data goes through ``write_transaction``: it takes the
file's write lock (store/write_lock.py), checks the schema revision, waits a bounded
time for another writer, and turns a lock that does not clear into one line instead
of a half-done change. The write is recorded in the row history (store/history.py)
in the same transaction: its id is ``write_id(conn)``, and ``ivig db undo`` reverts
it. No whole-file backup is taken: the history is what undoes an ordinary write.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection

from ivig_evidence.config import DbLocation, lock_wait_seconds
from ivig_evidence.errors import DatabaseError
from ivig_evidence.store.write_lock import busy_message, write_lock

_WRITE_ID = "ivig.write_id"


def target_name(location: DbLocation) -> str:
    return location.shown if location.is_server else str(location.path)


def write_id(conn: Connection) -> int | None:
    """The id of the write this transaction is, in the row history."""
    found = conn.info.get(_WRITE_ID)
    return found if isinstance(found, int) else None


@contextlib.contextmanager
def write_transaction(
    location: DbLocation, command: str, *, undoes: int | None = None
) -> Iterator[Connection]:
    """A connection inside one transaction, recorded in the history as ``command``;
    committed only if the block finishes."""
    if location.is_server:
        with _transaction(location, command, undoes) as conn:
            yield conn
        return
    from ivig_evidence.store.access import ensure_built
    from ivig_evidence.store.db import recover, require_writable

    path = ensure_built(location)  # a --db typo is refused; a first use builds
    require_writable(path)
    with write_lock(path):
        recover(path)  # an earlier write that was killed is rolled back first
        with _transaction(location, command, undoes) as conn:
            yield conn


@contextlib.contextmanager
def _transaction(location: DbLocation, command: str, undoes: int | None) -> Iterator[Connection]:
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
