"""Alembic driven from Python: build a database, upgrade one, report the head.

This is the only module that imports Alembic, and only commands that change
the schema (first-use build, `db init`, `db upgrade`) import it.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from ivig_evidence.counts import keep_in_step
from ivig_evidence.errors import DatabaseError
from ivig_evidence.resources import migrations_dir
from ivig_evidence.store.backups import PendingBackup
from ivig_evidence.store.curated import (
    RefreshReport,
    UpgradeResult,
    needs_refresh,
    release_version,
)
from ivig_evidence.store.db import (
    describe_file_problem,
    recover,
    require_writable,
    unwritable,
    write_engine,
)
from ivig_evidence.store.history import RELEASE, quietly, recording
from ivig_evidence.store.seed import (
    foreign_key_problems,
    integrity_problems,
    load_seed,
    mark_curated,
    release_database,
)
from ivig_evidence.store.statistics import analyze
from ivig_evidence.store.summaries import hold_counted_tables
from ivig_evidence.store.write_lock import busy_message, write_lock

FILE_TEMPLATE = "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("file_template", FILE_TEMPLATE)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise DatabaseError("no migrations found")
    return head


def known_revisions() -> set[str]:
    """Every schema revision this ivig can read or upgrade from."""
    return {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _fail_on_problems(conn: Connection, *, curated: bool = True) -> None:
    """A build checks the curated data's rules; an upgrade checks the structure only."""
    problems = integrity_problems(conn) if curated else foreign_key_problems(conn)
    if problems:
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise DatabaseError(f"integrity check failed: {shown}{more}")


@dataclass(frozen=True)
class BuildResult:
    path: Path | str
    revision: str
    statements: int
    backup: Path | None = None


SIDE_FILES = ("-wal", "-shm", "-journal")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or a platform that cannot tell: assume alive
    return True


def remove_stale_builds(path: Path) -> None:
    """Temporary files of builds whose process was killed: nothing reads them, ever."""
    for leftover in path.parent.glob(f".{path.name}.*.building*"):
        pid = leftover.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def build_database(path: Path, *, empty: bool = False) -> BuildResult:
    """Build a complete database at ``path``: into a temporary file, then put in place.

    Nothing is left half-built: a failure removes the temporary file and leaves
    whatever was at ``path`` untouched. A new file is renamed into place (after
    removing any -wal or -shm a deleted database left, which SQLite would otherwise
    read as part of the new one); an existing one, which readers may hold open, is
    replaced through SQLite's backup API in one transaction instead of by a rename.
    """
    remove_stale_builds(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.building")
    temp.unlink(missing_ok=True)
    try:
        engine = write_engine(temp, enforce_foreign_keys=False)
        try:
            with engine.begin() as conn:
                command.upgrade(alembic_config(conn), "head")
                with quietly(conn):  # a build is not a write an undo could revert
                    statements = 0 if empty else load_seed(conn)
                    keep_in_step(conn)
                    mark_curated(conn)
                _fail_on_problems(conn)
                analyze(conn)  # planner statistics for the loaded data
        finally:
            engine.dispose()
        if path.exists():
            from ivig_evidence.store.backups import copy_database, still_uri

            copy_database(temp, path, f"replacing {path.name}", source_uri=still_uri(temp))
            temp.unlink()
        else:
            for suffix in SIDE_FILES:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            os.replace(temp, path)
    except BaseException as exc:
        for leftover in (temp, *(Path(f"{temp}{suffix}") for suffix in SIDE_FILES)):
            leftover.unlink(missing_ok=True)
        reason = _storage_failure(exc)
        if reason is not None:
            raise DatabaseError(f"cannot build {path}: {reason}; nothing was left behind") from exc
        raise
    return BuildResult(path=path, revision=head_revision(), statements=statements)


def _storage_failure(exc: BaseException) -> str | None:
    """What the disk said, when a build failed because of the disk (full, read-only)."""
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        return str(exc.orig or exc).strip().splitlines()[0]
    if isinstance(exc, sqlite3.OperationalError):
        return str(exc)
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return None


def build_on_first_use(path: Path) -> None:
    created = not path.parent.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            f"cannot create {path.parent} for the database ({exc.strerror or exc}): give a "
            "writable place with --db PATH or the IVIG_DB environment variable"
        ) from exc
    problem = unwritable(path)
    if problem:
        raise DatabaseError(
            f"cannot build the database at {path}: {problem}; give a writable place with "
            "--db PATH or the IVIG_DB environment variable"
        )
    with write_lock(path, wait=None):  # another first use builds it meanwhile: wait for it
        if path.exists():  # another process built it while we waited
            return
        build_database(path)
        # One line on stderr, in a pipe too, once it is there: where the data now lives.
        made = f" (created the directory {path.parent})" if created else ""
        print(
            f"ivig: built the IVIG evidence database at {path}{made}: its schema, then the "
            "curated data of data/seed.sql (first use)",
            file=sys.stderr,
        )


def init_database(path: Path, *, force: bool, empty: bool = False) -> BuildResult:
    if path.exists() and not force:
        raise DatabaseError(f"{path} already exists; use --force to rebuild it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create {path.parent}: {exc.strerror or exc}") from exc
    require_writable(path)
    # The lock before anything is read: the backup below is of what is replaced, with
    # no other write committing in between.
    with write_lock(path), PendingBackup(path) as backup:
        if path.exists():
            problem = describe_file_problem(path)
            if problem:
                raise DatabaseError(f"{problem}; not overwriting it")
            recover(path)  # so the backup below can read it
            # --force replaces a database that may hold the user's own rows: keep a copy.
            backup.take()
        result = build_database(path, empty=empty)
    return BuildResult(result.path, result.revision, result.statements, backup.path)


def _migrate_and_refresh(
    conn: Connection, release: sqlite3.Connection, current: str, head: str
) -> RefreshReport | None:
    """Schema first, then the curated rows; the caller's transaction holds both."""
    from ivig_evidence.store.curated import (
        needs_refresh,
        refresh_curated,
        release_version,
        stored_release_version,
    )
    from ivig_evidence.store.tables import TABLE_ORDER

    if current != head:
        command.upgrade(alembic_config(conn), "head")
    report = None
    stored, shipped = stored_release_version(conn), release_version(release)
    if needs_refresh(stored, shipped, schema_changed=current != head):
        # Recorded apart from a curator's own writes: the release's history.
        with recording(conn, "ivig db upgrade", scope=RELEASE):
            report = refresh_curated(conn, release, TABLE_ORDER)
    if report is not None or current != head:
        hold_counted_tables(conn)
        keep_in_step(conn)
    if current != head:
        analyze(conn)  # a new index has no statistics until ANALYZE (store/statistics.py)
    _fail_on_problems(conn, curated=False)
    return report


def _knows_revision(script: ScriptDirectory, revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def upgrade_database(path: Path) -> UpgradeResult:
    require_writable(path)
    with write_lock(path), PendingBackup(path) as backup:
        return _upgrade_locked(path, backup)


def _upgrade_locked(path: Path, backup: PendingBackup) -> UpgradeResult:
    from sqlalchemy.exc import OperationalError

    from ivig_evidence.store.db import open_readonly, recover

    recover(path)
    reader = open_readonly(path, check_schema=False)
    try:
        current = reader.revision
    finally:
        reader.close()
    if current is None:
        raise DatabaseError(f"{path} is not an ivig-evidence database (no schema revision)")
    script = ScriptDirectory.from_config(alembic_config())
    head = head_revision()
    if not _knows_revision(script, current):
        raise DatabaseError(
            f"{path} is at revision {current}, which this ivig does not know: "
            "it was made by a newer ivig-evidence"
        )
    release = release_database()
    if current == head and not needs_refresh(_file_release(path), release_version(release)):
        return UpgradeResult(path, current, head)
    engine = write_engine(path, enforce_foreign_keys=False, immediate=True)
    try:
        with engine.begin() as conn:
            backup.take()  # with SQLite's write lock held too: what the migration replaces
            report = _migrate_and_refresh(conn, release, current, head)
    except OperationalError as exc:
        if "locked" not in str(exc):
            raise
        raise DatabaseError(busy_message(path)) from exc
    finally:
        engine.dispose()
    return UpgradeResult(path, current, head, report, backup.path)


def _file_release(path: Path) -> str | None:
    from ivig_evidence.store.db import open_readonly

    reader = open_readonly(path, check_schema=False)
    try:
        row = reader.execute("SELECT version FROM data_release ORDER BY id").fetchone()
        return None if row is None else str(row[0])
    except sqlite3.Error:
        return None
    finally:
        reader.close()


# ------------------------------------------------------------------ database servers

# Serialises builds and upgrades of one server database between processes.
MIGRATION_LOCK_KEY = 7_241_861_190  # arbitrary, fixed: "ivig" migrations


def _server_lock(conn: Connection) -> None:
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
    # ivig's own write: the change counter's triggers (revision 0012) leave it alone,
    # as the summaries are stored by this transaction. Without the mark, marking the
    # curated rows after storing them moved the counter, and the summaries of a newly
    # built server were never used until its first import.
    conn.exec_driver_sql("SET LOCAL ivig.writing = 'on'")


def _require_byte_order_collation(conn: Connection, shown: str) -> None:
    """Sort text as SQLite does (by code point), so both engines list in one order."""
    # Asked of the ordering itself, whatever the provider (libc or ICU) and version:
    # byte order puts 'B' before 'a' and does not skip the hyphen in 'a-c'.
    byte_order = conn.exec_driver_sql("SELECT ('B' < 'a') AND ('a-c' < 'ab')").scalar()
    if not byte_order:
        raise DatabaseError(
            f"{shown} sorts text linguistically; ivig needs byte order: create "
            "the database with LC_COLLATE 'C' (CREATE DATABASE ivig TEMPLATE template0 "
            "LC_COLLATE 'C' LC_CTYPE 'C' ENCODING 'UTF8')"
        )


def _server_revision(conn: Connection) -> str | None:
    if conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is None:
        return None
    value = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return str(value) if value is not None else None


def _empty_tables(conn: Connection) -> None:
    """Empty the data tables before a rebuild goes down through every revision: some
    downgrades put back an older, narrower constraint, which rows written since would
    break (`db init --force` on a server with data was an internal error)."""
    from sqlalchemy import inspect

    from ivig_evidence.store.tables import TABLE_ORDER

    present = set(inspect(conn).get_table_names())
    tables = [name for name in TABLE_ORDER if name in present]
    if tables:
        conn.exec_driver_sql(f"TRUNCATE {', '.join(tables)} CASCADE")


def init_server(url: str, shown: str, *, force: bool, empty: bool = False) -> BuildResult:
    """Build the schema and the curated data on a server, all in one transaction."""
    from ivig_evidence.store.db import server_engine

    engine = server_engine(url, shown)
    try:
        with engine.begin() as conn:
            _server_lock(conn)
            _require_byte_order_collation(conn, shown)
            current = _server_revision(conn)
            if current is not None and not force:
                raise DatabaseError(
                    f"{shown} already holds an ivig-evidence database "
                    f"(revision {current}); use --force to rebuild it"
                )
            if current is not None:
                _empty_tables(conn)
                command.downgrade(alembic_config(conn), "base")
            command.upgrade(alembic_config(conn), "head")
            with quietly(conn):
                statements = 0 if empty else load_seed(conn)
                keep_in_step(conn)
                mark_curated(conn)
            _fail_on_problems(conn)
            analyze(conn)
    finally:
        engine.dispose()
    return BuildResult(path=shown, revision=head_revision(), statements=statements)


def upgrade_server(url: str, shown: str) -> UpgradeResult:
    from ivig_evidence.store.db import server_engine

    engine = server_engine(url, shown)
    script = ScriptDirectory.from_config(alembic_config())
    head = head_revision()
    try:
        with engine.begin() as conn:
            _server_lock(conn)
            current = _server_revision(conn)
            if current is None:
                raise DatabaseError(
                    f"{shown} holds no ivig-evidence database (no schema "
                    "revision): create it with `ivig db init`"
                )
            if not _knows_revision(script, current):
                raise DatabaseError(
                    f"{shown} is at revision {current}, which this ivig does "
                    "not know: it was made by a newer ivig-evidence"
                )
            report = _migrate_and_refresh(conn, release_database(), current, head)
    finally:
        engine.dispose()
    return UpgradeResult(shown, current, head, report)
