"""The database as one object: ``Evidence``, a SQLite file or a server behind one interface.

As sqlite-utils' ``Database`` is to a SQLite file: one object built from where the
database is (``--db``, ``$IVIG_DB``, the per-user default, or a server URL), with a
method per question and per write. The kind is decided once, by ``Evidence.at``: a
``FileEvidence`` (a SQLite file: built on first use, backed up before an upgrade, a
restore or on demand, recovered after an interrupted write) or a ``ServerEvidence`` (a
PostgreSQL server, which
keeps and recovers its data itself). The commands and the tests hold an ``Evidence``;
the query functions take the ``Reader`` it hands out.

Everything that makes a write safe is behind ``write()``
(``store.transaction.write_transaction``): the one transaction, the file's write lock,
the write recorded in the row history (``ivig db undo`` reverts it), the summaries kept
in step.
SQLAlchemy and Alembic are imported by the methods that write, never by opening.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ivig_evidence.config import DbLocation, backups_kept, resolve_db
from ivig_evidence.errors import IvigError, NotFoundError, UsageError

if TYPE_CHECKING:
    from types import TracebackType

    from sqlalchemy import Connection, Engine

    from ivig_evidence.importing.pipeline import Importer
    from ivig_evidence.importing.results import ImportResult
    from ivig_evidence.store.access import DatabaseStatus
    from ivig_evidence.store.backups import RecoverReport, RestoreReport
    from ivig_evidence.store.curated import UpgradeResult
    from ivig_evidence.store.exporting import ExportReport
    from ivig_evidence.store.history import Forgetting
    from ivig_evidence.store.migrate import BuildResult
    from ivig_evidence.store.reader import Reader
    from ivig_evidence.store.undo import UndoReport

MakeImporter = Callable[["Connection", "Reader"], "Importer"]


class Evidence(ABC):
    """The evidence database: open it with ``Evidence.at(location)`` or
    ``Evidence.open(db=..., url=...)``; read with ``reader()``, write with ``write()``
    or one of the commands' methods; ``close()`` (or ``with``) ends its reading."""

    def __init__(self, location: DbLocation) -> None:
        self.location = location
        self._reader: Reader | None = None

    @staticmethod
    def at(location: DbLocation) -> Evidence:
        """The database at a resolved location: the one place the kind is decided."""
        return ServerEvidence(location) if location.is_server else FileEvidence(location)

    @staticmethod
    def open(db: Path | None = None, url: str | None = None) -> Evidence:
        """The database named as the CLI names it: ``url`` (``--db-url``), else ``db``
        (``--db``), else ``$IVIG_DATABASE_URL``, ``$IVIG_DB``, the per-user default."""
        return Evidence.at(resolve_db(db, url))

    @property
    def name(self) -> str:
        """How messages name it: the file's path, or the URL without its password."""
        return self.location.shown

    # -------------------------------------------------------------- the kind's part

    @abstractmethod
    def open_reader(self, *, check_schema: bool = True) -> Reader:
        """A new read-only connection (the caller closes it); with ``check_schema``,
        refused unless the database is ivig's, at this ivig's schema revision."""

    @abstractmethod
    def sqlite_file(self, refusal: str) -> Path:
        """The SQLite file, for what only a file has (backups, recovery, Datasette);
        on a server, ``refusal`` as a usage error."""

    @abstractmethod
    def check_backup_setting(self) -> None:
        """A file is backed up before an upgrade, a restore, `db init --force` and on
        demand: a wrong $IVIG_BACKUPS_KEPT stops those before any work. An ordinary write
        takes no backup (the row history undoes it), so the setting does not stop it."""

    @abstractmethod
    def guard_write(self) -> contextlib.AbstractContextManager[None]:
        """What surrounds a write transaction: on a file its lock and the recovery of an
        earlier killed write."""

    @abstractmethod
    def write_engine(self) -> Engine:
        """The SQLAlchemy engine a write transaction runs on."""

    @abstractmethod
    def busy_message(self) -> str:
        """Why a write could not start in time (another writer holds the lock)."""

    @abstractmethod
    def init(self, *, force: bool = False, empty: bool = False) -> BuildResult:
        """Build the database from the migrations and the curated release (``empty``:
        schema only). An existing one is replaced only with ``force``, after a backup
        of a file."""

    @abstractmethod
    def upgrade(self) -> UpgradeResult:
        """Apply new migrations and bring the curated rows to the shipped release; local
        rows are never changed. A file is backed up first."""

    @abstractmethod
    def status(self) -> DatabaseStatus:
        """The revision, release and row counts of a database, whatever its revision."""

    # -------------------------------------------------------------- reading

    def reader(self) -> Reader:
        """The read-only connection of this object (opened on first use, at this ivig's
        schema revision, and closed by ``close()``)."""
        if self._reader is None:
            self._reader = self.open_reader()
        return self._reader

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def __enter__(self) -> Evidence:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -------------------------------------------------------------- writing

    @contextlib.contextmanager
    def write(self, command: str, *, undoes: int | None = None) -> Iterator[Connection]:
        """A connection inside one write transaction, committed only if the block
        finishes, recorded in the row history as ``command``; the summaries are kept in
        step in the same transaction."""
        from ivig_evidence.store.transaction import write_transaction

        with write_transaction(self, command, undoes=undoes) as conn:
            yield conn

    def undo(self, write: int) -> UndoReport:
        """Revert one write (`ivig db undo WRITE`), itself a write in the history;
        refused, changing nothing, if a later write touched the same rows."""
        from ivig_evidence.store.transaction import write_id
        from ivig_evidence.store.undo import check_undoable, undo_write

        with self.write(f"ivig db undo {write}", undoes=write) as conn:
            check_undoable(conn, write, write_id(conn))
            return undo_write(conn, write, write_id(conn))

    def forget(self, through: int) -> Forgetting:
        """Forget write ``through`` and every older one from the row history (`ivig db
        forget`): they can no longer be undone; the rows themselves are not changed."""
        from ivig_evidence.counts import note_added_studies
        from ivig_evidence.store.history import forget_through
        from ivig_evidence.store.transaction import write_id

        with self.write(f"ivig db forget {through}") as conn:
            note_added_studies(conn, [])  # no study changes: the kept counts stand
            return forget_through(conn, through, write_id(conn))

    # -------------------------------------------------------------- recovery and backups

    def recover(self) -> RecoverReport:
        """Roll back what an interrupted write left, then check the file's integrity."""
        import sqlite3

        from ivig_evidence.store.backups import RecoverReport
        from ivig_evidence.store.db import (
            describe_file_problem,
            explain_sqlite_error,
            fold_in_wal,
            has_unfolded_wal,
            interrupted_write,
            open_readonly,
        )
        from ivig_evidence.store.db import recover as roll_back

        path = self.sqlite_file("a database server recovers interrupted writes itself")
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

    def backup(self) -> Path:
        """A backup of the database now (`ivig db backup`): of a file only."""
        raise UsageError(BACKUPS_ARE_OF_FILES)

    def backups(self) -> list[Path]:
        """The backups of a database file, newest first."""
        from ivig_evidence.store.backups import list_backups

        return list_backups(self.sqlite_file(BACKUPS_ARE_OF_FILES))

    def restore(self, backup: Path | None = None) -> RestoreReport:
        """Put a backup (default: the newest) back, after checking it; what it replaces
        is backed up first."""
        from ivig_evidence.store.backups import RestoreReport, restore_backup
        from ivig_evidence.store.migrate import head_revision, known_revisions

        database = self.sqlite_file(BACKUPS_ARE_OF_FILES)
        self.check_backup_setting()
        restored, replaced, revision = restore_backup(database, backup, known_revisions())
        return RestoreReport(database, restored, replaced, revision, revision != head_revision())

    # -------------------------------------------------------------- writing data out

    def export(self, directory: Path, fmt: str = "json") -> ExportReport:
        """Every table, with its ids, plus a manifest: what `ivig import DIR` reads back."""
        from ivig_evidence.store.db import SCHEMA_REVISION
        from ivig_evidence.store.exporting import EXPORT_FORMATS, ExportReport, export_tables
        from ivig_evidence.store.info import data_release
        from ivig_evidence.store.tables import TABLE_ORDER

        fmt = fmt.lower()
        if fmt not in EXPORT_FORMATS:
            raise UsageError(f"--format must be one of {', '.join(EXPORT_FORMATS)}, not '{fmt}'")
        reader = self.reader()
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

    def dump_seed(self, out: Path | TextIO) -> int:
        """The curated rows as seed SQL, deterministically; a file is replaced whole or
        not at all, a device or pipe written as a stream (files.write_file). Returns how
        many rows were written."""
        from ivig_evidence.store.exporting import dump_seed as write_seed
        from ivig_evidence.store.tables import TABLE_ORDER

        reader = self.reader()
        if not isinstance(out, Path):
            return write_seed(reader, TABLE_ORDER, out)
        from ivig_evidence.files import write_file

        return write_file(out, lambda handle: write_seed(reader, TABLE_ORDER, handle), newline="\n")

    # -------------------------------------------------------------- adding data

    def import_path(
        self, path: Path, *, dry_run: bool = False, update: bool = False
    ) -> ImportResult:
        """Import a file of studies, a whole `ivig export`, or a directory of table files."""
        from ivig_evidence.importing import readers
        from ivig_evidence.importing.tables import table_files_importer

        if not path.exists():
            raise NotFoundError(f"no file or directory at {path}")  # as a missing --db file: 1
        if path.is_dir():
            return self._import(
                table_files_importer(path), dry_run=dry_run, command=f"ivig import {path}"
            )
        readers.check_study_file(path)  # a bad file is refused before the database is touched
        return self._import_studies(
            readers.iter_study_records(path), dry_run=dry_run, update=update, source=str(path)
        )

    def add_study(self, record: dict[str, Any], *, dry_run: bool = False) -> ImportResult:
        """Add one study, given as the object `ivig studies --format json` prints, with
        its provenance; checked by the same rules as an import."""
        return self._import_studies(
            [("the study", record)], dry_run=dry_run, update=False, source="ivig add study"
        )

    def _import_studies(
        self, records: Iterable[tuple[str, Any]], *, dry_run: bool, update: bool, source: str
    ) -> ImportResult:
        """Study records streamed into the pipeline: memory holds one record's rows at once."""
        from ivig_evidence.importing.plan import StudyImport, load_context

        def studies(_conn: Connection, reader: Reader) -> Importer:
            return StudyImport(records, load_context(reader), update=update, source=source)

        command = source if source.startswith("ivig ") else f"ivig import {source}"
        command += " --update" if update else ""
        return self._import(studies, dry_run=dry_run, command=command)

    def _import(self, make: MakeImporter, *, dry_run: bool, command: str) -> ImportResult:
        """The one import pipeline, inside one write transaction: the importer's records
        checked and written (``importing.pipeline``), then committed only if all of them
        are valid and this is not a dry run (which finds every problem the real import
        would meet, and rolls back). The write is recorded in the row history in the same
        transaction (``ivig db undo`` reverts it); any failure leaves the database as it
        was. Problems found in the input are raised whole (``ImportProblems``, every
        problem with its field)."""
        from dataclasses import replace

        from ivig_evidence.importing.pipeline import write
        from ivig_evidence.store.reader import SqlAlchemyReader
        from ivig_evidence.store.transaction import write_id

        try:
            with self.write(command) as conn:
                result = write(make(conn, SqlAlchemyReader(conn, self.name)), conn)
                if dry_run or not result.changes:
                    raise _RolledBack(replace(result, dry_run=dry_run))
                result = replace(result, write=write_id(conn))
        except _RolledBack as done:
            return done.result
        return result


BACKUPS_ARE_OF_FILES = "backups are of SQLite files; back up a server with its own tools"


class _RolledBack(Exception):
    """Leaves the write transaction without committing (a dry run, or nothing to add)."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("rolled back")
        self.result = result


class FileEvidence(Evidence):
    """A SQLite file: read with the standard library's sqlite3, opened read-only; built
    on first use where configuration names it; backed up before an upgrade, a restore,
    `db init --force` and on demand (`db backup`)."""

    @property
    def path(self) -> Path:
        return self.location.path

    def built(self) -> Path:
        """The file, built on first use where allowed (never for a mistyped --db)."""
        from ivig_evidence.store.access import ensure_built

        return ensure_built(self.location)

    def open_reader(self, *, check_schema: bool = True) -> Reader:
        from ivig_evidence.store.db import open_readonly

        return open_readonly(self.built(), check_schema=check_schema)

    def sqlite_file(self, refusal: str) -> Path:
        return self.path

    def check_backup_setting(self) -> None:
        backups_kept()

    def guard_write(self) -> contextlib.AbstractContextManager[None]:
        from ivig_evidence.store.transaction import guard_file_write

        return guard_file_write(self.built())  # a --db typo is refused; a first use builds

    def backup(self) -> Path:
        """A backup of the file now (`ivig db backup`), taken under the write lock so no
        write commits half-way through it; older ones pruned to $IVIG_BACKUPS_KEPT."""
        from ivig_evidence.store.backups import PendingBackup
        from ivig_evidence.store.db import recover
        from ivig_evidence.store.write_lock import write_lock

        self.check_backup_setting()
        database = self.built()
        with write_lock(database), PendingBackup(database) as taken:
            recover(database)  # what is copied is what was committed, whole
            return taken.take()

    def write_engine(self) -> Engine:
        from ivig_evidence.store.db import write_engine

        return write_engine(self.path, immediate=True)

    def busy_message(self) -> str:
        from ivig_evidence.store.write_lock import busy_message

        return busy_message(self.path)

    def init(self, *, force: bool = False, empty: bool = False) -> BuildResult:
        from ivig_evidence.store.migrate import init_database

        self.check_backup_setting()
        return init_database(self.path, force=force, empty=empty)

    def upgrade(self) -> UpgradeResult:
        from ivig_evidence.progress import status
        from ivig_evidence.store.curated import UpgradeResult, up_to_date_revision

        self.check_backup_setting()
        path = self.built()
        current = up_to_date_revision(path)  # nothing to do: told before Alembic loads
        if current is not None:
            return UpgradeResult(path, current, current)
        from ivig_evidence.store.migrate import upgrade_database

        with status(f"upgrading {path} (backup, migrations, curated data)…"):
            return upgrade_database(path)

    def status(self) -> DatabaseStatus:
        from ivig_evidence.store.access import backups_kept_or_none, status_of
        from ivig_evidence.store.backups import list_backups
        from ivig_evidence.store.db import open_readonly

        reader = open_readonly(self.built(), check_schema=False)
        try:
            return status_of(
                reader,
                reader.revision,
                backups=list_backups(self.path),
                backups_kept=backups_kept_or_none(),
            )
        finally:
            reader.close()


class ServerEvidence(Evidence):
    """A database server (PostgreSQL): read through libpq in a READ ONLY transaction,
    written through SQLAlchemy; it keeps, backs up and recovers its data itself."""

    @property
    def url(self) -> str:
        assert self.location.url is not None
        return self.location.url

    def open_reader(self, *, check_schema: bool = True) -> Reader:
        from ivig_evidence.store.db import open_server

        return open_server(self.location, check_schema=check_schema)

    def sqlite_file(self, refusal: str) -> Path:
        raise UsageError(refusal)

    def check_backup_setting(self) -> None:
        """A server is not backed up by ivig: the setting does not apply."""

    def guard_write(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def write_engine(self) -> Engine:
        from ivig_evidence.store.db import server_engine

        return server_engine(self.url, self.name)

    def busy_message(self) -> str:
        from ivig_evidence.store.write_lock import busy_message

        return busy_message(self.name)

    def init(self, *, force: bool = False, empty: bool = False) -> BuildResult:
        from ivig_evidence.store.migrate import init_server

        return init_server(self.url, self.name, force=force, empty=empty)

    def upgrade(self) -> UpgradeResult:
        from ivig_evidence.store.migrate import upgrade_server

        return upgrade_server(self.url, self.name)

    def status(self) -> DatabaseStatus:
        from ivig_evidence.store.access import status_of
        from ivig_evidence.store.db import server_revision

        reader = self.open_reader(check_schema=False)
        try:
            return status_of(reader, server_revision(reader))
        finally:
            reader.close()
