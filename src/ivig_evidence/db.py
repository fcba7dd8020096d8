"""Opening the database, in one place.

Read commands use the standard library's sqlite3 module on a file opened
read-only (``mode=ro``): it costs nothing to import, and a read command can
then neither write nor migrate. Writes and migrations go through SQLAlchemy
(``write_engine``), with foreign keys enforced on every SQLite connection.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from ivig_evidence.config import DbLocation
from ivig_evidence.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy import Engine

# The Alembic head this code expects. Read commands compare the stored revision
# with it instead of importing Alembic; a test keeps it equal to the real head.
SCHEMA_REVISION = "0005_listing_index"

SQLITE_HEADER = b"SQLite format 3\x00"


def describe_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a SQLite database, or None if it can."""
    if not path.exists():
        return f"no database at {path}"
    if path.is_dir():
        return f"{path} is a directory, not a database file"
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


def stored_revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


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


def open_readonly(path: Path, *, check_schema: bool = True) -> sqlite3.Connection:
    """Open an existing database read-only; raise DatabaseError with one line if we can't."""
    problem = describe_file_problem(path)
    if problem:
        raise DatabaseError(problem)
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        revision = stored_revision(conn)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"cannot open {path}: {exc}") from exc
    if check_schema:
        check_revision(path, revision)
    return conn


def ensure_readable(location: DbLocation) -> Path:
    """The database path for a read command, building it on first use where allowed."""
    path = location.path
    if not path.exists() and not path.is_symlink():
        if not location.builds_on_first_use:
            raise DatabaseError(
                f"no database at {path} (given with --db); "
                f"create one with `ivig --db {path} db init`"
            )
        from ivig_evidence.migrate import build_on_first_use

        build_on_first_use(path)
    return path


def connect_read(location: DbLocation) -> sqlite3.Connection:
    return open_readonly(ensure_readable(location))


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{os.fspath(path)}"


def write_engine(path: Path, *, enforce_foreign_keys: bool = True) -> Engine:
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
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN")

    return engine
