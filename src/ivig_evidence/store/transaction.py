"""One write transaction on the database, file or server: all of it or none of it.

Every command that changes data goes through ``write_transaction``: it checks the
schema revision, waits a bounded time for another writer, and turns a lock that
does not clear into one line instead of a half-done change.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection

from ivig_evidence.config import DbLocation
from ivig_evidence.errors import DatabaseError

LOCK_WAIT_SECONDS = 5


def target_name(location: DbLocation) -> str:
    return location.shown if location.is_server else str(location.path)


@contextlib.contextmanager
def write_transaction(location: DbLocation) -> Iterator[Connection]:
    """A connection inside one transaction; committed only if the block finishes."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    from ivig_evidence.store.access import open_reader
    from ivig_evidence.store.db import recover, require_writable, server_engine, write_engine

    if not location.is_server and location.path.exists():
        require_writable(location.path)
        recover(location.path)  # an earlier write that was killed is rolled back first
    open_reader(location).close()  # exists, is ours, at this ivig's schema revision
    if location.is_server:
        assert location.url is not None
        engine = server_engine(location.url, location.shown)
    else:
        engine = write_engine(location.path, immediate=True)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT_SECONDS}s'")
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
            raise DatabaseError(
                f"{target_name(location)} is busy: another process is writing to it and "
                f"did not finish within {LOCK_WAIT_SECONDS} s; nothing was written, try again"
            ) from exc
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
