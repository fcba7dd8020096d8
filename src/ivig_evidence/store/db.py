"""Opening a database file or server: the low-level pieces, in one place.

Read commands use the standard library's sqlite3 module on a file opened
read-only (``mode=ro``): it costs nothing to import, and a read command can
then neither write nor migrate. Writes and migrations go through SQLAlchemy
(``write_engine``), with foreign keys enforced on every SQLite connection.
``access`` builds on these to open a database for a command.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivig_evidence.config import DbLocation
from ivig_evidence.errors import DatabaseError
from ivig_evidence.store.reader import PostgresReader, Reader, SqlAlchemyReader, SqliteReader

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

# The Alembic head this code expects. Read commands compare the stored revision
# with it instead of importing Alembic; a test keeps it equal to the real head.
SCHEMA_REVISION = "0022_server_history_transactions"

SQLITE_HEADER = b"SQLite format 3\x00"
# How long a command waits for another process's lock before saying the file is busy.


def busy_timeout_ms() -> int:
    """How long a connection waits for SQLite's own lock: the configured wait."""
    from ivig_evidence.config import lock_wait_seconds

    return round(lock_wait_seconds() * 1000)


def describe_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a SQLite database, or None if it can."""
    if not path.exists():
        return f"no database at {path}"
    if path.is_dir():
        return f"{path} is a directory, not a database file"
    if not path.is_file():  # a pipe would make the read below wait for a writer for ever
        return f"{path} is not a regular file (a pipe, a device or a socket), not a database"
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror or exc}"
    if len(header) == 0:
        return f"{path} is an empty file, not an ivig-evidence database"
    if header != SQLITE_HEADER:
        return f"{path} is not a SQLite database"
    return None


NO_REVISION = "no such table: alembic_version"


def unwritable(path: Path) -> str | None:
    """Why a command could not write ``path`` (the file, and beside it its -wal and its
    backups), or None. Asked before a write starts, so a read-only file, directory or
    mount is one line naming the path and the cause, and nothing is half-done."""
    directory = path.parent
    for target in (path, directory) if path.exists() else (directory,):
        if not os.access(target, os.W_OK):
            try:
                read_only_mount = bool(os.statvfs(target).f_flag & os.ST_RDONLY)
            except OSError:
                read_only_mount = False
            cause = "on a read-only file system" if read_only_mount else "not writable"
            return f"{target} is {cause}"
    for side in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        if side.exists() and not os.access(side, os.W_OK):
            # Left by a read of the file while it was read-only (SQLite gives them its
            # mode), or by another user: SQLite would refuse the write half-way.
            status = side.stat()
            return (
                f"{side} is not writable (mode {status.st_mode & 0o777:o}, owner uid "
                f"{status.st_uid}): make it writable with chmod, or ask its owner"
            )
    return None


def require_writable(path: Path) -> None:
    problem = unwritable(path)
    if problem:
        raise DatabaseError(f"cannot write {path}: {problem}; nothing was written")


def stored_revision(conn: sqlite3.Connection) -> str | None:
    """The schema revision stored in the file; None if it holds none (not ours).

    Only a missing table means "not an ivig database": a busy file, an interrupted
    write or a damaged one raise, so that each gets its own message."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if str(exc) == NO_REVISION:
            return None
        raise
    return row[0] if row else None


def interrupted_write(path: Path) -> Path | None:
    """The rollback journal a killed write left beside ``path``, if there is one.

    (A database in WAL mode never leaves one: an unfinished write there is a tail
    of the -wal file that readers ignore. Files from before WAL can.)"""
    journal = Path(f"{path}-journal")
    try:
        return journal if journal.stat().st_size > 0 else None
    except OSError:
        return None


def explain_sqlite_error(path: Path, exc: sqlite3.Error) -> DatabaseError:
    """One line for what went wrong opening or reading ``path``, each cause its own."""
    code = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if code in ("SQLITE_READONLY_ROLLBACK", "SQLITE_READONLY_RECOVERY") or (
        interrupted_write(path) is not None and code.startswith("SQLITE_READONLY")
    ):
        return DatabaseError(
            f"{path}: a write was interrupted (it left {path.name}-journal) and a read-only "
            "command cannot finish it; run `ivig db recover` (any command that writes also "
            "recovers it)"
        )
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return DatabaseError(
            f"{path} is busy: another process holds it locked for longer than "
            f"{busy_timeout_ms() / 1000:g} s; try again"
        )
    if code.startswith("SQLITE_NOTADB"):
        return DatabaseError(f"{path} is not a SQLite database")
    if code.startswith("SQLITE_CORRUPT"):
        return DatabaseError(
            f"{path} is damaged ({text}); restore a backup: `ivig db restore --list`"
        )
    if code.startswith("SQLITE_CANTOPEN"):
        return DatabaseError(
            f"cannot open {path} ({text}): check that the file and its directory are readable"
        )
    if code.startswith(("SQLITE_IOERR", "SQLITE_FULL")):
        import shutil

        if shutil.disk_usage(path.resolve().parent).free < 1 << 20:  # under 1 MiB
            # A file in WAL mode needs room beside it (-shm, -wal) even to be read: on a
            # full disk SQLite says only "disk I/O error", as if the file were bad.
            text = (
                "the disk holding it is full (SQLite needs room beside it for its -shm and "
                "-wal files); nothing was changed: free some space and run it again"
            )
    return DatabaseError(f"cannot read {path}: {text}")


def check_revision(path: Path, revision: str | None) -> None:
    if revision is None:
        raise DatabaseError(
            f"{path} is a SQLite file but not an ivig-evidence database (no schema revision)"
        )
    if revision != SCHEMA_REVISION:
        raise DatabaseError(
            f"the database at {path} is at schema revision {revision}, this ivig needs "
            f"{SCHEMA_REVISION}: run `ivig db upgrade` (a newer database needs a newer ivig)"
        )


def open_readonly(path: Path, *, check_schema: bool = True) -> SqliteReader:
    """Open an existing database file read-only; DatabaseError with one line if we can't.

    A reader waits up to busy_timeout_ms() for a lock (a WAL checkpoint, a database
    still in the old journal mode being written). Reading never needs write access
    (see ``read_uri``): a file this user may not change, or in a directory it may not
    write, is read without creating the WAL index (``-shm``) beside it."""
    problem = describe_file_problem(path)
    if problem:
        raise DatabaseError(problem)
    try:
        reader = _open_ro(read_uri(path), path)
    except sqlite3.Error as exc:
        raise explain_sqlite_error(path, exc) from exc
    if check_schema:
        check_revision(path, reader.revision)
    return reader


def has_unfolded_wal(path: Path) -> bool:
    """Whether ``path``'s ``-wal`` may hold committed changes not yet in the file."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def shares_its_index(path: Path) -> bool:
    """Whether a reader of ``path`` may create and write the WAL index (``-shm``) and
    ``-wal`` beside it: the file is meant to be written (it has a write bit; SQLite
    gives the side files the file's own mode, so a read of a 0444 file would leave
    0444 side files that refuse the next writer) and this user can write it and its
    directory."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & 0o222) and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def read_uri(path: Path) -> str:
    """The URI a read opens ``path`` with. Normally ``mode=ro``. A file read without
    write access (see ``shares_its_index``):

    - whose ``-wal`` holds committed changes: ``mode=ro`` through the ``-shm`` its
      writer left (SQLite reads both without writing them), or, with no ``-shm``, a
      refusal naming the ``-wal`` (reading the file alone would hide those changes);
    - with no such ``-wal``: ``immutable=1``, the whole database being the file
      itself, and nothing can change it that cannot write beside it.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if shares_its_index(path):
        return uri
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if not has_unfolded_wal(path):
        return f"{uri}&immutable=1"
    if shm.exists():
        return uri
    raise DatabaseError(
        f"{wal.name} beside {path} holds changes committed to it that are not in the file "
        f"itself yet, and this user cannot create {shm.name} to read them: someone who can "
        f"write {path.parent} should run `ivig --db {path} db recover`, which folds them in"
    )


def _open_ro(uri: str, path: Path) -> SqliteReader:
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
        reader = SqliteReader(conn, str(path))
        reader.revision = stored_revision(conn)
    except BaseException:
        conn.close()
        raise
    return reader


def recover(path: Path) -> bool:
    """Finish what an interrupted write left (roll back its journal) by opening the file
    for writing once; True if there was anything to recover. Every writing command
    calls this first."""
    if interrupted_write(path) is None:
        return False
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # rolls it back
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise explain_sqlite_error(path, exc) from exc
    return True


def fold_in_wal(path: Path) -> bool:
    """Copy the changes committed in ``path``'s ``-wal`` into the file itself (a WAL
    checkpoint), so that readers who cannot write beside the file see them; True if
    the ``-wal`` held any. SQLite does this when the last writer closes; a writer that
    was killed, or a file copied with its ``-wal``, leaves it to be done."""
    if not has_unfolded_wal(path):
        return False
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise explain_sqlite_error(path, exc) from exc
    if busy:
        raise DatabaseError(
            f"{path} is busy: a reader kept its -wal from being folded in; try again"
        )
    return True


def use_wal(conn: sqlite3.Connection) -> None:
    """Write-ahead logging, so readers keep reading the last committed data while a
    write runs, and a killed write leaves nothing a reader must roll back. The mode is
    stored in the file: set once by the first writer, kept by every later one. A file
    another process holds open in the old mode stays in it until the next write."""
    with contextlib.suppress(sqlite3.OperationalError):  # busy: the next write tries again
        conn.execute("PRAGMA journal_mode=WAL")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{os.fspath(path)}"


def write_engine(
    path: Path, *, enforce_foreign_keys: bool = True, immediate: bool = False
) -> Engine:
    """A SQLAlchemy engine for writes and migrations.

    The pysqlite driver would otherwise autocommit DDL; taking over BEGIN makes
    migrations and the seed load all-or-nothing (SQLAlchemy's documented recipe
    for transactional DDL on SQLite). Migrations run with foreign keys off, as
    SQLite's table-rebuild procedure requires, and check them before commit.
    """
    from sqlalchemy import create_engine, event

    engine = create_engine(sqlite_url(path))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if enforce_foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
        use_wal(dbapi_connection)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        # IMMEDIATE takes the write lock first, so a busy file is waited for up front
        # (a deferred transaction that read first would be refused at once).
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


# ------------------------------------------------------------------ database servers
#
# A shared PostgreSQL database is read through psycopg2 or psycopg without SQLAlchemy
# (another driver through SQLAlchemy Core), with the portable SQL and :named
# parameters sqlite3 runs for a file. psycopg2 is preferred for reading: importing it
# costs ~40 ms, psycopg (3) ~220 ms (it loads asyncio and logging), which is most of a
# read command's time on a server.

READ_DRIVERS = ("psycopg2", "psycopg")
# URLs whose scheme names a libpq driver, or none (SQLAlchemy then picks its default).
LIBPQ_SCHEMES = frozenset({"postgresql", "postgresql+psycopg2", "postgresql+psycopg"})

POSTGRES_EXTRA = "pip install 'ivig-evidence[postgres]'"
# The first statement of the session's one transaction: everything after it is
# read-only, and sees one snapshot (the kept summaries are brought in step by the
# history rows that snapshot shows, and counted against the rows it shows).
READ_ONLY_PREFIX = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"


# Libraries that log a second failure while the first is being raised: psycopg ("error
# ignored terminating <psycopg.Pipeline [BAD]>: the connection is lost", when a server
# stops mid-write) and SQLAlchemy's pool (a failed reset of a lost connection). With no
# handler configured, Python prints such a record on stderr by itself, beside ivig's one
# line about the first failure.
DRIVER_LOGGERS = ("psycopg", "sqlalchemy")


def quiet_driver_logs() -> None:
    """Give the drivers' loggers a handler that drops their records, unless IVIG_DEBUG is
    set (then they print as before, with the traceback)."""
    import logging

    from ivig_evidence.config import debug_enabled

    if debug_enabled():
        return
    for name in DRIVER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            logger.addHandler(logging.NullHandler())


def server_engine(url: str, shown: str) -> Engine:
    """An engine for a server URL, with one line when its driver is missing."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    quiet_driver_logs()
    try:
        return create_engine(url, pool_pre_ping=False)
    except (NoSuchModuleError, ModuleNotFoundError, ImportError) as exc:
        raise DatabaseError(
            f"no driver for {shown} ({exc}): for PostgreSQL, {POSTGRES_EXTRA}"
        ) from exc
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise DatabaseError(f"not a database URL: {shown} ({exc})") from exc


def connect_server(location: DbLocation) -> Connection:
    from sqlalchemy.exc import OperationalError

    assert location.url is not None
    engine = server_engine(location.url, location.shown)
    try:
        return engine.connect()
    except OperationalError as exc:
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseError(f"cannot connect to {location.shown}: {first}") from exc
    except ModuleNotFoundError as exc:
        raise DatabaseError(f"no driver for {location.shown}: {POSTGRES_EXTRA}") from exc


def server_revision(reader: Reader) -> str | None:
    exists = reader.execute("SELECT to_regclass('alembic_version') AS t").fetchone()
    if exists is None or exists["t"] is None:
        return None
    row = reader.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row["version_num"]) if row else None


def libpq_arguments(url: str, shown: str) -> dict[str, str] | None:
    """Connection arguments for libpq from a ``postgresql[+psycopg|+psycopg2]://`` URL,
    or None for any other URL (another driver is reached through SQLAlchemy)."""
    from urllib.parse import parse_qsl, unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme not in LIBPQ_SCHEMES:
        return None
    arguments: dict[str, str] = {}
    try:
        port = parts.port
    except ValueError as exc:
        raise DatabaseError(f"not a database URL: {shown} ({exc})") from exc
    for key, value in (
        ("host", parts.hostname),
        ("port", str(port) if port else None),
        ("user", unquote(parts.username) if parts.username else None),
        ("password", unquote(parts.password) if parts.password else None),
        ("dbname", unquote(parts.path.lstrip("/")) if parts.path.strip("/") else None),
    ):
        if value:
            arguments[key] = value
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key in arguments and key != "host":
            return None
        arguments[key] = value
    return arguments


def connect_libpq(
    location: DbLocation, arguments: dict[str, str], drivers: Sequence[str] = READ_DRIVERS
) -> PostgresReader:
    """A reading connection through the first of ``drivers`` that is installed."""
    import importlib

    for driver_name in drivers:
        try:
            driver: Any = importlib.import_module(driver_name)
        except ImportError:
            continue
        break
    else:
        raise DatabaseError(f"no driver for {location.shown}: {POSTGRES_EXTRA}")
    if driver_name == "psycopg":  # psycopg2 logs nothing, and loads no logging for it
        quiet_driver_logs()
    try:
        connection = driver.connect(**arguments)
    except driver.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseError(f"cannot connect to {location.shown}: {first}") from exc
    return PostgresReader(connection, driver_name, location.shown)


def open_server(location: DbLocation, *, check_schema: bool = True) -> Reader:
    """A read-only session on a server: its one transaction is READ ONLY from the start.
    A libpq URL is read with psycopg2 or psycopg alone (SQLAlchemy's import is most of
    a read's start-up); other drivers through SQLAlchemy."""
    assert location.url is not None
    arguments = libpq_arguments(location.url, location.shown)
    reader: Reader
    if arguments is not None:
        reader = connect_libpq(location, arguments)
        reader.execute(READ_ONLY_PREFIX)
    else:
        connection = connect_server(location)
        connection.exec_driver_sql(READ_ONLY_PREFIX)
        reader = SqlAlchemyReader(connection, location.shown)
    if check_schema:
        revision = server_revision(reader)
        if revision is None:
            raise DatabaseError(
                f"{location.shown} holds no ivig-evidence database: "
                f"create it with `ivig --db-url URL db init`"
            )
        if revision != SCHEMA_REVISION:
            raise DatabaseError(
                f"the database at {location.shown} is at schema revision {revision}, this ivig "
                f"needs {SCHEMA_REVISION}: run `ivig db upgrade` (a newer database needs a "
                "newer ivig)"
            )
    return reader
