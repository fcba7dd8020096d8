"""Opening the database a command names: a read-only Reader on a file or a server.

The one way read commands open a database. A file named by configuration
(``IVIG_DB`` or the per-user default) that does not exist yet is built on first
use; one named by ``--db`` must exist, so a typo never silently creates a new
database.
"""

from __future__ import annotations

from pathlib import Path

from ivig_evidence.config import DbLocation
from ivig_evidence.errors import DatabaseError
from ivig_evidence.store.db import open_readonly, open_server
from ivig_evidence.store.reader import Reader


def ensure_built(location: DbLocation) -> Path:
    """The database file for a command, building it on first use where allowed."""
    path = location.path
    if not path.exists() and not path.is_symlink():
        if not location.builds_on_first_use:
            raise DatabaseError(
                f"no database at {path} (given with --db); "
                f"create one with `ivig --db {path} db init`"
            )
        from ivig_evidence.store.migrate import build_on_first_use  # Alembic: first use only

        build_on_first_use(path)
    return path


def open_reader(location: DbLocation, *, check_schema: bool = True) -> Reader:
    """A read-only connection: sqlite3 on a file, or a read-only session on a server."""
    if location.is_server:
        return open_server(location, check_schema=check_schema)
    return open_readonly(ensure_built(location), check_schema=check_schema)
