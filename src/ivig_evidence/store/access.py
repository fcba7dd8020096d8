"""What opening a database needs whatever its kind (``database.Evidence`` decides the
kind): a file built on first use, and the status (revision, release, row counts) of a
database whatever its revision.

A file named by configuration (``IVIG_DB`` or the per-user default) that does not
exist yet is built on first use; one named by ``--db`` must exist, so a typo never
silently creates a new database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ivig_evidence.config import DbLocation, backups_kept
from ivig_evidence.errors import DatabaseError
from ivig_evidence.store.reader import Reader

if TYPE_CHECKING:
    from ivig_evidence.store.history import HistorySize


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


class DatabaseStatus(NamedTuple):
    name: str
    revision: str | None
    expected_revision: str
    data_release: str | None
    released_on: str | None
    counts: dict[str, int]
    backups: list[Path] | None = None  # a file's backups, newest first; None on a server
    backups_kept: int | None = None  # how many a write keeps (None: the setting is wrong)
    history: HistorySize | None = None  # None: another revision's database

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.expected_revision

    @property
    def backup_bytes(self) -> int:
        return sum(b.stat().st_size for b in self.backups or [] if b.exists())

    @property
    def backups_text(self) -> str:
        """How many backups the file has and their size on disk."""
        if not self.backups:
            return "none yet: an upgrade, a restore and `db init --force` take one, and `db backup`"
        size = self.backup_bytes
        shown = f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{size / 1e6:.1f} MB"
        return f"{len(self.backups)}, {shown} in all"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.name,
            "revision": self.revision,
            "expected_revision": self.expected_revision,
            "up_to_date": self.up_to_date,
            "data_release": self.data_release,
            "released_on": self.released_on,
            "counts": self.counts,
            "history": None if self.history is None else self.history.to_json(),
            "backups": None
            if self.backups is None
            else {
                "count": len(self.backups),
                "bytes": self.backup_bytes,
                "kept": self.backups_kept,
                "newest": self.backups[0].name if self.backups else None,
            },
        }


def status_of(
    reader: Reader,
    revision: str | None,
    *,
    backups: list[Path] | None = None,
    backups_kept: int | None = None,
) -> DatabaseStatus:
    """The status of the database ``reader`` reads, stored at ``revision``: its release
    and row counts only where that is this ivig's revision (another's tables differ)."""
    from ivig_evidence.store.db import SCHEMA_REVISION
    from ivig_evidence.store.history import history_size
    from ivig_evidence.store.info import data_release, table_counts
    from ivig_evidence.store.tables import TABLE_ORDER

    current = revision == SCHEMA_REVISION
    release = data_release(reader) if current else None
    return DatabaseStatus(
        name=reader.name,
        revision=revision,
        expected_revision=SCHEMA_REVISION,
        data_release=release.version if release else None,
        released_on=release.released_on if release else None,
        counts=table_counts(reader, TABLE_ORDER) if current else {},
        backups=backups,
        backups_kept=backups_kept,
        history=history_size(reader) if current else None,
    )


def backups_kept_or_none() -> int | None:
    """The setting, or None where it is wrong: status shows that instead of refusing
    (a write refuses, with the reason)."""
    from ivig_evidence.errors import UsageError

    try:
        return backups_kept()
    except UsageError:
        return None
