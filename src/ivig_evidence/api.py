"""The commands that change or write out a database, as plain functions.

As ``alembic/command.py`` is to Alembic's command line: the CLI parses options,
calls one of these and prints the report it returns. Everything that makes a
write safe lives here, not in the CLI: the backup of a SQLite file before it
changes, the one transaction, the integrity check of what was written, and the
wording of what went wrong. Each function takes a ``DbLocation`` (a file or a
server) and typed arguments, and returns a report or raises an ``IvigError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ivig_evidence.config import DbLocation, backups_kept
from ivig_evidence.errors import IvigError, NotFoundError, UsageError

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ivig_evidence.importing.pipeline import Importer
    from ivig_evidence.importing.results import ImportResult
    from ivig_evidence.store.curated import UpgradeResult
    from ivig_evidence.store.migrate import BuildResult
    from ivig_evidence.store.reader import Reader
    from ivig_evidence.store.undo import UndoReport


# ------------------------------------------------------------------ build and upgrade


def _check_backup_setting(location: DbLocation) -> None:
    """A file is backed up before an upgrade, a restore, `db init --force` and on demand
    (`db backup`): a wrong $IVIG_BACKUPS_KEPT stops those before any work. An ordinary
    write takes no backup (the row history undoes it), so the setting does not stop it."""
    if not location.is_server:
        backups_kept()


def init(location: DbLocation, *, force: bool = False, empty: bool = False) -> BuildResult:
    """Build the database from the migrations and the curated release (``empty``: schema
    only). An existing one is replaced only with ``force``, after a backup of a file."""
    from ivig_evidence.store.migrate import init_database, init_server

    _check_backup_setting(location)
    if location.is_server:
        assert location.url is not None
        return init_server(location.url, location.shown, force=force, empty=empty)
    return init_database(location.path, force=force, empty=empty)


def upgrade(location: DbLocation) -> UpgradeResult:
    """Apply new migrations and bring the curated rows to the shipped release; local rows
    are never changed. A file is backed up first. A file with nothing to do is told so
    before Alembic, SQLAlchemy or the whole seed is loaded."""
    _check_backup_setting(location)
    if location.is_server:
        from ivig_evidence.store.migrate import upgrade_server

        assert location.url is not None
        return upgrade_server(location.url, location.shown)
    from ivig_evidence.progress import status
    from ivig_evidence.store.access import ensure_built

    path = ensure_built(location)
    current = _up_to_date(path)
    if current is not None:
        from ivig_evidence.store.curated import UpgradeResult

        return UpgradeResult(path, current, current)
    from ivig_evidence.store.migrate import upgrade_database

    with status(f"upgrading {path} (backup, migrations, curated data)…"):
        return upgrade_database(path)


def _up_to_date(path: Path) -> str | None:
    """The file's revision, if it is at this ivig's and holds the shipped release (or a
    newer one): nothing for an upgrade to do. Read with sqlite3 alone; an interrupted
    write, or anything unusual, leaves it to the full upgrade."""
    import sqlite3

    from ivig_evidence.store.curated import needs_refresh
    from ivig_evidence.store.db import SCHEMA_REVISION, interrupted_write, open_readonly
    from ivig_evidence.store.seed import shipped_release_version

    if interrupted_write(path):
        return None
    try:
        reader = open_readonly(path, check_schema=False)
    except IvigError:
        return None
    try:
        if reader.revision != SCHEMA_REVISION:
            return None
        row = reader.execute("SELECT version FROM data_release ORDER BY id").fetchone()
    except sqlite3.Error:
        return None
    finally:
        reader.close()
    stored = None if row is None else str(row[0])
    if needs_refresh(stored, shipped_release_version()):
        return None
    return SCHEMA_REVISION


# ------------------------------------------------------------------ recovery and backups


@dataclass(frozen=True)
class RecoverReport:
    database: Path
    recovered: bool  # an interrupted write was rolled back
    problems: list[str]  # what SQLite's integrity check found (empty: none)
    folded_in: bool = False  # changes committed in the -wal were copied into the file


def recover(location: DbLocation) -> RecoverReport:
    """Roll back what an interrupted write left, then check the file's integrity."""
    import sqlite3

    from ivig_evidence.store.db import (
        describe_file_problem,
        explain_sqlite_error,
        fold_in_wal,
        has_unfolded_wal,
        interrupted_write,
        open_readonly,
    )
    from ivig_evidence.store.db import recover as roll_back

    if location.is_server:
        raise UsageError("a database server recovers interrupted writes itself")
    path = location.path
    problem = describe_file_problem(path)
    if problem:
        raise IvigError(problem)
    from ivig_evidence.store.write_lock import write_lock

    recovered = folded_in = False
    if interrupted_write(path) or has_unfolded_wal(path):
        with write_lock(path):  # finishing them is a write: never beside another writer's
            recovered = roll_back(path)
            folded_in = fold_in_wal(path)
    reader = open_readonly(path, check_schema=False)
    try:
        found = [str(row[0]) for row in reader.connection.execute("PRAGMA quick_check(5)")]
    except sqlite3.Error as exc:
        raise explain_sqlite_error(path, exc) from exc
    finally:
        reader.close()
    return RecoverReport(path, recovered, [] if found == ["ok"] else found, folded_in)


def _file_only(location: DbLocation) -> Path:
    if location.is_server:
        raise UsageError("backups are of SQLite files; back up a server with its own tools")
    return location.path


def backups(location: DbLocation) -> list[Path]:
    """The backups of a database file, newest first."""
    from ivig_evidence.store.backups import list_backups

    return list_backups(_file_only(location))


@dataclass(frozen=True)
class RestoreReport:
    database: Path
    restored: Path
    replaced: Path | None  # the backup of what the restore replaced
    revision: str
    needs_upgrade: bool


def restore(location: DbLocation, backup: Path | None = None) -> RestoreReport:
    """Put a backup (default: the newest) back, after checking it; what it replaces is
    backed up first."""
    from ivig_evidence.store.backups import restore_backup
    from ivig_evidence.store.migrate import head_revision, known_revisions

    database = _file_only(location)
    _check_backup_setting(location)
    restored, replaced, revision = restore_backup(database, backup, known_revisions())
    return RestoreReport(database, restored, replaced, revision, revision != head_revision())


def backup(location: DbLocation) -> Path:
    """A backup of the file now (`ivig db backup`), taken under the write lock so no
    write commits half-way through it; older ones pruned to $IVIG_BACKUPS_KEPT."""
    from ivig_evidence.store.access import ensure_built
    from ivig_evidence.store.backups import PendingBackup
    from ivig_evidence.store.db import recover
    from ivig_evidence.store.write_lock import write_lock

    database = _file_only(location)
    _check_backup_setting(location)
    ensure_built(location)
    with write_lock(database), PendingBackup(database) as taken:
        recover(database)  # what is copied is what was committed, whole
        return taken.take()


# ------------------------------------------------------------------ the row history


def undo(location: DbLocation, write: int) -> UndoReport:
    """Revert one write (`ivig db undo WRITE`), itself a write in the history; refused,
    changing nothing, if a later write touched the same rows."""
    from ivig_evidence.store.transaction import write_id, write_transaction
    from ivig_evidence.store.undo import check_undoable, undo_write

    with write_transaction(location, f"ivig db undo {write}", undoes=write) as conn:
        check_undoable(conn, write)
        return undo_write(conn, write, write_id(conn))


# ------------------------------------------------------------------ writing data out


@dataclass(frozen=True)
class ExportReport:
    directory: Path
    counts: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def export(location: DbLocation, directory: Path, fmt: str = "json") -> ExportReport:
    """Every table, with its ids, plus a manifest: what `ivig import DIR` reads back."""
    from ivig_evidence.store.access import open_reader
    from ivig_evidence.store.db import SCHEMA_REVISION
    from ivig_evidence.store.exporting import EXPORT_FORMATS, export_tables
    from ivig_evidence.store.info import data_release
    from ivig_evidence.store.tables import TABLE_ORDER

    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"--format must be one of {', '.join(EXPORT_FORMATS)}, not '{fmt}'")
    reader = open_reader(location)
    release = data_release(reader)
    counts = export_tables(
        reader,
        directory,
        fmt,
        TABLE_ORDER,
        revision=SCHEMA_REVISION,
        release=release.version if release else None,
    )
    return ExportReport(directory, counts)


def dump_seed(location: DbLocation, out: Path | TextIO) -> int:
    """The curated rows as seed SQL, deterministically; a file is replaced whole or not at
    all, a device or pipe written as a stream (files.write_file). Returns how many rows
    were written."""
    from ivig_evidence.store.access import open_reader
    from ivig_evidence.store.exporting import dump_seed as write_seed
    from ivig_evidence.store.tables import TABLE_ORDER

    reader = open_reader(location)
    if not isinstance(out, Path):
        return write_seed(reader, TABLE_ORDER, out)
    from ivig_evidence.files import write_file

    return write_file(out, lambda handle: write_seed(reader, TABLE_ORDER, handle), newline="\n")


# ------------------------------------------------------------------ adding data


MakeImporter = Callable[["Connection", "Reader"], "Importer"]


class _RolledBack(Exception):
    """Leaves the write transaction without committing (a dry run, or nothing to add)."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("rolled back")
        self.result = result


def _import(
    location: DbLocation, make: MakeImporter, *, dry_run: bool, command: str
) -> ImportResult:
    """The one import pipeline, inside one write transaction: the importer's records
    checked and written (``importing.pipeline``), then committed only if all of them
    are valid and this is not a dry run (which finds every problem the real import
    would meet, and rolls back). The write is recorded in the row history in the
    same transaction (``ivig db undo`` reverts it); any failure leaves the database
    as it was. Problems found in the input are raised whole (``ImportProblems``,
    every problem with its field)."""
    from dataclasses import replace

    from ivig_evidence.importing.pipeline import write
    from ivig_evidence.store.reader import SqlAlchemyReader
    from ivig_evidence.store.transaction import target_name, write_id, write_transaction

    try:
        with write_transaction(location, command) as conn:
            result = write(make(conn, SqlAlchemyReader(conn, target_name(location))), conn)
            if dry_run or not result.changes:
                raise _RolledBack(replace(result, dry_run=dry_run))
            result = replace(result, write=write_id(conn))
    except _RolledBack as done:
        return done.result
    return result


def import_path(
    location: DbLocation, path: Path, *, dry_run: bool = False, update: bool = False
) -> ImportResult:
    """Import a file of studies, a whole `ivig export`, or a directory of table files."""
    from ivig_evidence.importing import readers

    if not path.exists():
        raise NotFoundError(f"no file or directory at {path}")  # as a missing --db file: 1
    if path.is_dir():
        from ivig_evidence.importing.tables import TableImport
        from ivig_evidence.store.db import SCHEMA_REVISION
        from ivig_evidence.store.exporting import MANIFEST, read_manifest
        from ivig_evidence.store.tables import TABLE_ORDER

        # A full export carries its manifest; a directory of your own table files
        # (say positions.csv with its statements.csv) imports as local rows.
        whole_export = (path / MANIFEST).exists()
        if whole_export:
            manifest = read_manifest(path)
            if manifest.get("schema_revision") != SCHEMA_REVISION:
                raise IvigError(
                    f"{path} was exported at schema revision "
                    f"{manifest.get('schema_revision')}; this ivig imports exports at "
                    f"{SCHEMA_REVISION}: import it with the ivig that wrote it, upgrade that "
                    "database, and export again"
                )
        found = readers.read_table_files(path, TABLE_ORDER)

        def tables(conn: Connection, _reader: Reader) -> Importer:
            return TableImport(found, conn, allow_curated=whole_export, source=str(path))

        return _import(location, tables, dry_run=dry_run, command=f"ivig import {path}")
    readers.check_study_file(path)  # a bad file is refused before the database is touched
    return _import_studies(
        location, readers.iter_study_records(path), dry_run=dry_run, update=update, source=str(path)
    )


def add_study(
    location: DbLocation, record: dict[str, Any], *, dry_run: bool = False
) -> ImportResult:
    """Add one study, given as the object `ivig studies --format json` prints, with its
    provenance; checked by the same rules as an import."""
    return _import_studies(
        location, [("the study", record)], dry_run=dry_run, update=False, source="ivig add study"
    )


def _import_studies(
    location: DbLocation,
    records: Iterable[tuple[str, Any]],
    *,
    dry_run: bool,
    update: bool,
    source: str,
) -> ImportResult:
    """Study records streamed into the pipeline: memory holds one record's rows at once."""
    from ivig_evidence.importing.plan import StudyImport, load_context

    def studies(_conn: Connection, reader: Reader) -> Importer:
        return StudyImport(records, load_context(reader), update=update, source=source)

    command = source if source.startswith("ivig ") else f"ivig import {source}"
    return _import(
        location, studies, dry_run=dry_run, command=command + (" --update" if update else "")
    )
