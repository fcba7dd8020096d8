"""Where the database is: --db, then IVIG_DB, then the per-user default."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

DB_ENV_VAR = "IVIG_DB"
DEBUG_ENV_VAR = "IVIG_DEBUG"
DB_FILE_NAME = "ivig-evidence.sqlite"
APP_DIR_NAME = "ivig-evidence"


class DbOrigin(StrEnum):
    OPTION = "--db"
    ENV = DB_ENV_VAR
    DEFAULT = "default"


@dataclass(frozen=True)
class DbLocation:
    path: Path
    origin: DbOrigin

    @property
    def builds_on_first_use(self) -> bool:
        """An explicit --db names a file the user expects to exist; a typo there
        must not silently create an empty-of-their-data database. IVIG_DB and the
        default location are configuration, built on first use."""
        return self.origin is not DbOrigin.OPTION


def user_data_dir() -> Path:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def resolve_db(option: Path | None) -> DbLocation:
    if option is not None:
        return DbLocation(option.expanduser(), DbOrigin.OPTION)
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return DbLocation(Path(from_env).expanduser(), DbOrigin.ENV)
    return DbLocation(user_data_dir() / DB_FILE_NAME, DbOrigin.DEFAULT)


def debug_enabled() -> bool:
    return os.environ.get(DEBUG_ENV_VAR, "") not in ("", "0")
