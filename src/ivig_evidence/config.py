"""Where the database is: --db-url or IVIG_DATABASE_URL (a shared server), else the
SQLite file given by --db, then IVIG_DB, then the per-user default."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

DB_ENV_VAR = "IVIG_DB"
URL_ENV_VAR = "IVIG_DATABASE_URL"
DEBUG_ENV_VAR = "IVIG_DEBUG"
BACKUPS_ENV_VAR = "IVIG_BACKUPS_KEPT"
LOCK_WAIT_ENV_VAR = "IVIG_LOCK_WAIT"
DEFAULT_LOCK_WAIT_SECONDS = 5.0
LONGEST_LOCK_WAIT_SECONDS = 600.0
DEFAULT_BACKUPS_KEPT = 5
MOST_BACKUPS_KEPT = 1000
DB_FILE_NAME = "ivig-evidence.sqlite"
APP_DIR_NAME = "ivig-evidence"


class DbOrigin(StrEnum):
    OPTION = "--db"
    ENV = DB_ENV_VAR
    DEFAULT = "default"
    URL_OPTION = "--db-url"
    URL_ENV = URL_ENV_VAR


class DbLocation(NamedTuple):
    path: Path
    origin: DbOrigin
    url: str | None = None  # a SQLAlchemy URL of a database server; None for a SQLite file

    @property
    def is_server(self) -> bool:
        return self.url is not None

    @property
    def shown(self) -> str:
        """How to name it in messages: the path, or the URL without its password."""
        if self.url is None:
            return str(self.path)
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.url)
        if parts.password:
            parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
        if parts.query:
            # libpq also takes the password as a parameter (?password=...): masked too.
            query = "&".join(
                f"{name}=***" if name.lower() in SECRET_PARAMETERS else f"{name}{sep}{value}"
                for name, sep, value in (pair.partition("=") for pair in parts.query.split("&"))
            )
            parts = parts._replace(query=query)
        return urlunsplit(parts)

    @property
    def builds_on_first_use(self) -> bool:
        """An explicit --db names a file the user expects to exist; a typo there
        must not silently create an empty-of-their-data database. IVIG_DB and the
        default location are configuration, built on first use."""
        return self.origin is not DbOrigin.OPTION


SECRET_PARAMETERS = frozenset({"password", "sslpassword", "passfile", "sslkey"})


def user_data_dir() -> Path:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    base = os.environ.get("XDG_DATA_HOME", "")
    if not Path(base).is_absolute():  # the XDG specification: a relative path is ignored
        base = str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def resolve_db(option: Path | None, url_option: str | None = None) -> DbLocation:
    from ivig_evidence.errors import UsageError

    if url_option is not None and option is not None:
        raise UsageError("give --db (a SQLite file) or --db-url (a server), not both")
    url = url_option or (None if option is not None else os.environ.get(URL_ENV_VAR) or None)
    if url:
        if url.startswith("sqlite"):
            raise UsageError("--db-url is for database servers; give a SQLite file with --db")
        origin = DbOrigin.URL_OPTION if url_option else DbOrigin.URL_ENV
        return DbLocation(Path(), origin, url)
    if option is not None:
        return DbLocation(option.expanduser(), DbOrigin.OPTION)
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return DbLocation(Path(from_env).expanduser(), DbOrigin.ENV)
    return DbLocation(user_data_dir() / DB_FILE_NAME, DbOrigin.DEFAULT)


def debug_enabled() -> bool:
    return os.environ.get(DEBUG_ENV_VAR, "") not in ("", "0")


def backups_kept() -> int:
    """How many backups of a SQLite file a write keeps: $IVIG_BACKUPS_KEPT, else 5. At
    least one: a backup is how a write is undone (`ivig db restore`)."""
    raw = os.environ.get(BACKUPS_ENV_VAR, "").strip()
    if not raw:
        return DEFAULT_BACKUPS_KEPT
    if not raw.isdecimal() or not 1 <= int(raw) <= MOST_BACKUPS_KEPT:
        from ivig_evidence.errors import UsageError

        raise UsageError(
            f"{BACKUPS_ENV_VAR} must be a whole number from 1 to {MOST_BACKUPS_KEPT}, not "
            f"{raw!r}; nothing was changed"
        )
    return int(raw)


def lock_wait_seconds() -> float:
    """How long a write waits for another writer, and a reader for a lock, before saying
    the file is busy: $IVIG_LOCK_WAIT seconds, else 5."""
    raw = os.environ.get(LOCK_WAIT_ENV_VAR, "").strip()
    if not raw:
        return DEFAULT_LOCK_WAIT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0.1 <= seconds <= LONGEST_LOCK_WAIT_SECONDS:
        from ivig_evidence.errors import UsageError

        raise UsageError(
            f"{LOCK_WAIT_ENV_VAR} must be a number of seconds from 0.1 to "
            f"{LONGEST_LOCK_WAIT_SECONDS:g}, not {raw!r}; nothing was changed"
        )
    return seconds
