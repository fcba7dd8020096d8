"""Backups of a SQLite database file, taken with SQLite's online backup API.

A backup is a complete, consistent copy even while another process reads the
file. Backups sit next to the database, named with the UTC time they were
taken; the newest five are kept ($IVIG_BACKUPS_KEPT sets another number, see
config.backups_kept). They are taken where the row history (store/history.py) cannot
undo: before a schema upgrade, before a restore (of what it replaces), before `db
init --force`, and on demand (`ivig db backup`); never before an ordinary write.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ivig_evidence.config import backups_kept
from ivig_evidence.errors import DatabaseError, NotFoundError, UsageError

STAMP = "%Y%m%dT%H%M%S%fZ"


def _prefix(database: Path) -> str:
    return f"{database.stem}.backup-"


def list_backups(database: Path) -> list[Path]:
    """Backups of ``database``, newest first."""
    found = database.parent.glob(f"{_prefix(database)}*{database.suffix or '.sqlite'}")
    return sorted((p for p in found if p.is_file()), reverse=True)


# Pages copied per step: progress moves every 64 MB or so (at SQLite's 4 KB pages).
STEP_PAGES = 16_384


def copy_database(
    source: Path, target: Path, label: str = "copying", *, source_uri: str | None = None
) -> None:
    """Copy a whole database into ``target`` in one transaction (SQLite's backup API): a
    reader of the target sees the old content or the new, and a kill half-way is
    rolled back by the next opener. A bar shows the pages copied on a terminal (a
    large file takes seconds). ``source_uri`` opens the source another way than
    read-only (a backup as immutable). A target another process keeps locked for
    longer than the busy wait is left as it was, with one line saying it is busy."""
    from ivig_evidence.progress import progress
    from ivig_evidence.store.db import busy_timeout_ms
    from ivig_evidence.store.write_lock import busy_message

    uri = source_uri or f"{source.resolve().as_uri()}?mode=ro"
    source_db = sqlite3.connect(uri, uri=True)
    target_db = sqlite3.connect(target)
    busy_since: float | None = None
    try:
        source_db.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
        target_db.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
        pages = int(source_db.execute("PRAGMA page_count").fetchone()[0])
        with progress(label, pages) as advance:
            copied = 0

            def step_done(status: int, remaining: int, total: int) -> None:
                nonlocal copied, busy_since
                # Python's backup retries a busy step for ever: bound it here.
                if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                    busy_since = busy_since or time.monotonic()
                    if time.monotonic() - busy_since >= busy_timeout_ms() / 1000:
                        raise DatabaseError(busy_message(target, busy_timeout_ms() / 1000))
                    return
                busy_since = None
                advance(total - remaining - copied)
                copied = total - remaining

            source_db.backup(target_db, pages=STEP_PAGES, progress=step_done)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot copy {source} to {target}: {exc}") from exc
    finally:
        target_db.close()
        source_db.close()


def still_uri(backup: Path) -> str:
    """How a backup is read: as immutable (nothing writes a backup, and reading it so
    leaves no ``-shm`` or ``-wal`` beside it), unless a ``-wal`` beside it holds data
    (a database file given as the backup), which only a normal read sees."""
    from ivig_evidence.store.db import has_unfolded_wal

    uri = f"{backup.resolve().as_uri()}?mode=ro"
    return uri if has_unfolded_wal(backup) else f"{uri}&immutable=1"


def _ivig_revision(path: Path) -> str:
    """The schema revision of a backup, after checking that it is whole and ours."""
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise DatabaseError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if header != b"SQLite format 3\x00":
        raise DatabaseError(f"{path} is not a SQLite database; nothing was restored")
    conn = sqlite3.connect(still_uri(path), uri=True)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(3)")]
        if problems != ["ok"]:
            first = " ".join(str(problems[0]).split())
            raise DatabaseError(
                f"{path} is damaged ({first}); nothing was restored: choose another "
                "backup (`ivig db restore --list`)"
            )
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if found else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"{path} cannot be read as a database ({exc}); nothing was restored"
        ) from exc
    finally:
        conn.close()
    if row is None:
        raise DatabaseError(
            f"{path} is not an ivig-evidence database (no schema revision); nothing was restored"
        )
    return str(row[0])


def _copy_beside(database: Path) -> Path:
    """A complete copy of ``database`` beside it, named with the time; a copy left
    half-made (by a failure; a kill leaves a ``.partial`` removed later) is removed."""
    stamp = datetime.now(UTC).strftime(STAMP)
    target = database.with_name(f"{_prefix(database)}{stamp}{database.suffix or '.sqlite'}")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        copy_database(database, partial, f"backing up {database.name}")
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def prune_backups(database: Path, kept: Collection[Path], keep: int | None = None) -> None:
    """Remove all but the newest ``keep`` backups (default: config.backups_kept()); those
    in ``kept`` (the one just taken, the one a restore read) count but are never removed."""
    keep = backups_kept() if keep is None else keep
    protected = {path.resolve() for path in kept}
    prunable = [p for p in list_backups(database) if p.resolve() not in protected]
    for old in prunable[max(keep - len(protected), 0) :]:
        old.unlink(missing_ok=True)
    _remove_abandoned_copies(database)


class PendingBackup:
    """The backup a write takes of a file before it changes it, while holding the write
    lock: kept, and older backups pruned, only once the write has gone ahead. A write
    that fails or is refused after taking it removes it again, so a refusal never costs
    a restore point."""

    def __init__(self, database: Path, *, protect: Path | None = None) -> None:
        self.database = database
        self.protect = protect  # the backup a restore reads: never pruned
        self.path: Path | None = None

    def take(self) -> Path:
        self.path = _copy_beside(self.database)
        return self.path

    def settle(self, *, went_ahead: bool) -> None:
        if self.path is None:
            return
        if went_ahead:
            prune_backups(self.database, [p for p in (self.path, self.protect) if p])
        else:
            self.path.unlink(missing_ok=True)
            self.path = None

    def __enter__(self) -> PendingBackup:
        return self

    def __exit__(self, exc_type: object, *_rest: object) -> None:
        self.settle(went_ahead=exc_type is None)


# A copy still being written is touched every step; one untouched this long was left
# by a process killed mid-copy, and may be as large as the database.
ABANDONED_AFTER_SECONDS = 3600


def _remove_abandoned_copies(database: Path) -> None:
    stale_before = datetime.now(UTC).timestamp() - ABANDONED_AFTER_SECONDS
    for partial in database.parent.glob(f".{_prefix(database)}*.partial"):
        with contextlib.suppress(OSError):  # gone meanwhile, or not ours to remove
            if partial.stat().st_mtime < stale_before:
                partial.unlink()


def restore_backup(
    database: Path, backup: Path | None, known_revisions: Collection[str]
) -> tuple[Path, Path | None, str]:
    """Put ``backup`` (default: the newest) back as ``database``, holding the write lock.

    Returns (restored from, backup of what was replaced, the restored revision).
    The backup is checked first (whole, an ivig database, a revision this ivig
    knows), so a refusal touches nothing. The copy goes through SQLite's backup
    API into the live file, in one transaction: readers see the old database or
    the restored one, and a kill half-way is rolled back by the next opener.
    """
    if backup is None:
        backups = list_backups(database)
        if not backups:
            raise NotFoundError(
                f"no backups of {database} (they are taken before an upgrade, a restore or "
                "`db init --force` changes it, and by `ivig db backup`; `ivig db undo` "
                "reverts an import or an addition)"
            )
        backup = backups[0]
    if not backup.is_file():
        raise NotFoundError(f"no backup file at {backup}")
    if database.exists() and backup.resolve() == database.resolve():
        raise UsageError(f"{backup} is the database itself; give one of its backups")
    revision = _ivig_revision(backup)
    if revision not in known_revisions:
        raise DatabaseError(
            f"{backup} is at schema revision {revision}, which this ivig does not know: it "
            "was made by a newer ivig-evidence; nothing was restored"
        )
    from ivig_evidence.store.db import recover
    from ivig_evidence.store.write_lock import write_lock

    # The lock first: what is backed up and replaced is what is there once no other
    # write runs (an import committing meanwhile would otherwise be copied over).
    with write_lock(database), PendingBackup(database, protect=backup) as replaced:
        if database.exists():
            recover(database)
            replaced.take()
        copy_database(backup, database, f"restoring {backup.name}", source_uri=still_uri(backup))
    return backup, replaced.path, revision


@dataclass(frozen=True)
class RecoverReport:
    database: Path
    recovered: bool  # an interrupted write was rolled back
    problems: list[str]  # what SQLite's integrity check found (empty: none)
    folded_in: bool = False  # changes committed in the -wal were copied into the file


@dataclass(frozen=True)
class RestoreReport:
    database: Path
    restored: Path
    replaced: Path | None  # the backup of what the restore replaced
    revision: str
    needs_upgrade: bool
