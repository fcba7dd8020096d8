"""Backups of a SQLite database file, taken with SQLite's online backup API.

A backup is a complete, consistent copy even while another process reads the
file. Backups sit next to the database, named with the UTC time they were
taken; the newest KEEP are kept. Restoring first backs up what it replaces.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ivig_evidence.errors import DatabaseError, NotFoundError

KEEP = 5
STAMP = "%Y%m%dT%H%M%S%fZ"


def _prefix(database: Path) -> str:
    return f"{database.stem}.backup-"


def list_backups(database: Path) -> list[Path]:
    """Backups of ``database``, newest first."""
    found = database.parent.glob(f"{_prefix(database)}*{database.suffix or '.sqlite'}")
    return sorted((p for p in found if p.is_file()), reverse=True)


def _copy(source: Path, target: Path) -> None:
    source_db = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    target_db = sqlite3.connect(target)
    try:
        source_db.execute("PRAGMA busy_timeout=5000")
        source_db.backup(target_db)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot copy {source} to {target}: {exc}") from exc
    finally:
        target_db.close()
        source_db.close()


def _is_ivig_database(path: Path) -> bool:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return found is not None


def take_backup(database: Path, *, keep: int = KEEP) -> Path:
    """Copy ``database`` beside itself and prune all but the newest ``keep`` backups."""
    stamp = datetime.now(UTC).strftime(STAMP)
    target = database.with_name(f"{_prefix(database)}{stamp}{database.suffix or '.sqlite'}")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        _copy(database, partial)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    for old in list_backups(database)[keep:]:
        old.unlink(missing_ok=True)
    return target


def restore_backup(database: Path, backup: Path | None) -> tuple[Path, Path | None]:
    """Put ``backup`` (default: the newest) back as ``database``.

    Returns (restored from, backup of what was replaced). The copy goes through
    the backup API into the live file, so readers never see a half-written file.
    """
    if backup is None:
        backups = list_backups(database)
        if not backups:
            raise NotFoundError(
                f"no backups of {database} (they are taken before an import, an "
                "addition, an upgrade or `db init --force` changes it)"
            )
        backup = backups[0]
    if not backup.is_file():
        raise NotFoundError(f"no backup file at {backup}")
    with backup.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise DatabaseError(f"{backup} is not a SQLite database")
    if not _is_ivig_database(backup):
        raise DatabaseError(f"{backup} is not an ivig-evidence database (no schema revision)")
    replaced = take_backup(database) if database.exists() else None
    _copy(backup, database)
    return backup, replaced
