"""The one write lock of a database file: one writer at a time, whatever it writes.

SQLite's own lock serialises transactions, but a restore, a rebuild (`db init
--force`) or an upgrade first reads what it will replace (to back it up, to check
its revision) and only later writes: another write committed in between would be
copied over and lost. So every ivig write to a file, these included, takes this
lock before it reads anything it will replace and holds it to the end. One that
cannot get it within the wait changes nothing and says the file is busy.

The lock is a POSIX advisory lock (``flock``) on ``.NAME.lock`` beside the
database: released by the kernel when its holder exits or is killed, so a killed
writer never leaves the file locked. It is re-entrant within a process (a write
that builds the file on first use takes it twice). Windows has no ``flock``:
there SQLite's lock alone serialises writes.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from ivig_evidence.config import lock_wait_seconds
from ivig_evidence.errors import DatabaseError

_POLL_SECONDS = 0.05
# The wait a write takes unless told otherwise: $IVIG_LOCK_WAIT (config.lock_wait_seconds).
CONFIGURED = -1.0

_held: dict[Path, int] = {}  # lock files this process holds, and how deeply


def lock_file(database: Path) -> Path:
    return database.with_name(f".{database.name}.lock")


def busy_message(database: Path | str, wait: float = CONFIGURED) -> str:
    """Why a write could not start: another writer, or, for a file still in SQLite's old
    journal mode (where a write must wait for every reader), perhaps only a reader."""
    if isinstance(database, Path) and not in_wal_mode(database):
        holder = (
            "another process has it open (it is still in SQLite's old journal mode, where "
            "a write waits for every reader as well as every writer)"
        )
    else:
        holder = "another process is writing to it"
    if wait == CONFIGURED:
        wait = lock_wait_seconds()
    return (
        f"{database} is busy: {holder} and did not finish within {wait:g} s; nothing was "
        "changed, try again"
    )


def in_wal_mode(database: Path) -> bool:
    """Whether the file is in write-ahead-log mode (its header says so: bytes 18-19 are
    2 in WAL mode, 1 in the old rollback-journal mode); a file not there yet counts."""
    try:
        with database.open("rb") as handle:
            header = handle.read(20)
    except OSError:
        return True
    return len(header) < 20 or header[18] == 2


@contextlib.contextmanager
def write_lock(database: Path, *, wait: float | None = CONFIGURED) -> Iterator[None]:
    """Hold the database's write lock for the block; ``wait`` seconds at most for it
    ($IVIG_LOCK_WAIT unless given; None: as long as it takes), then DatabaseError saying
    the file is busy."""
    if wait == CONFIGURED:
        wait = lock_wait_seconds()
    if sys.platform == "win32":
        yield
        return
    import fcntl

    key = lock_file(database).resolve()
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    try:
        # Read-only is enough for flock, and lets another user of a shared directory lock it.
        descriptor = os.open(key, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DatabaseError(
            f"cannot write in {database.parent}: {exc.strerror or exc}; nothing was changed"
        ) from exc
    try:
        _acquire(descriptor, database, wait)
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _acquire(descriptor: int, database: Path, wait: float | None) -> None:
    import fcntl

    if wait is None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise DatabaseError(busy_message(database, wait)) from None
            time.sleep(_POLL_SECONDS)
