"""Backups and restore: a restore never loses the backup it restores, and checks it first."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.test_curation import NEW_STUDY, content, write_json

from ivig_evidence.config import DEFAULT_BACKUPS_KEPT as KEEP
from ivig_evidence.store.backups import list_backups


def _import_one(ivig: Any, tmp_path: Path, number: int) -> None:
    study = dict(NEW_STUDY, id=f"s-{number}", citation={}, first_author=f"Author{number}")
    assert ivig("import", str(write_json(tmp_path / f"{number}.json", [study]))).exit_code == 0


def _back_up_then_import(ivig: Any, tmp_path: Path, number: int) -> None:
    """`ivig db backup`, then an import (which itself takes none: undo reverts it)."""
    taken = ivig("db", "backup")
    assert taken.exit_code == 0, taken.stderr
    _import_one(ivig, tmp_path, number)


def _local_authors(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        found = conn.execute("SELECT first_author FROM studies WHERE origin = 'local' ORDER BY 1")
        return [row[0] for row in found]


def test_restoring_the_oldest_backup_keeps_it_and_puts_it_back(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    for number in range(KEEP):  # a backup before each import: KEEP backups
        _back_up_then_import(ivig, tmp_path, number)
    backups = list_backups(db_path)
    assert len(backups) == KEEP
    oldest = backups[-1]
    assert _local_authors(oldest) == []  # taken before the first import

    run = ivig("db", "restore", str(oldest))

    assert run.exit_code == 0, run.stderr
    assert f"restored {db_path} from {oldest.name}" in run.stderr
    assert _local_authors(db_path) == []
    assert oldest.exists()  # the backup restored from is never pruned
    after = list_backups(db_path)
    assert len(after) == KEEP and oldest in after
    # What the restore replaced (all five imports) is the newest backup.
    assert _local_authors(after[0]) == [f"Author{n}" for n in range(KEEP)]
    # ... and can itself be restored: nothing was lost either way.
    assert ivig("db", "restore").exit_code == 0
    assert len(_local_authors(db_path)) == KEEP


def test_restore_refuses_the_database_itself(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    before = content(ivig, db_path, tmp_path / "before")
    run = ivig("db", "restore", str(db_path))
    assert run.exit_code == 2 and "is the database itself" in run.stderr
    assert list_backups(db_path) == []
    assert content(ivig, db_path, tmp_path / "after") == before


def test_restore_refuses_a_backup_from_a_newer_ivig(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    newer = tmp_path / "newer.sqlite"
    shutil.copyfile(db_path, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    before = content(ivig, db_path, tmp_path / "before")
    run = ivig("db", "restore", str(newer))
    assert run.exit_code == 1
    assert "0099_from_the_future" in run.stderr and "newer ivig" in run.stderr
    assert "nothing was restored" in run.stderr
    assert list_backups(db_path) == []  # refused before anything was touched
    assert content(ivig, db_path, tmp_path / "after") == before


def test_restore_refuses_a_damaged_backup(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.sqlite"
    shutil.copyfile(db_path, damaged)
    data = bytearray(damaged.read_bytes())
    page = 4096
    data[page * 3 : page * 12] = b"\xa5" * (page * 9)  # b-tree pages, not the header
    damaged.write_bytes(bytes(data))
    before = content(ivig, db_path, tmp_path / "before")
    run = ivig("db", "restore", str(damaged))
    assert run.exit_code == 1 and "nothing was restored" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert list_backups(db_path) == []
    assert content(ivig, db_path, tmp_path / "after") == before


def test_restoring_a_backup_at_an_older_revision_says_to_upgrade(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    from tests.test_upgrades import build_at

    older = tmp_path / "older.sqlite"
    build_at(older, "0006_server_search")
    run = ivig("db", "restore", str(older))
    assert run.exit_code == 0, run.stderr
    assert "run `ivig db upgrade`" in run.stderr
    assert ivig("db", "upgrade").exit_code == 0
    assert ivig("studies", "-f", "json").exit_code == 0


def test_ivig_backups_kept_sets_how_many_are_kept_and_status_shows_them(
    ivig: Any, db_path: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    before = " ".join(ivig("db", "status").stdout.split())
    assert (
        "backups none yet: an upgrade, a restore and `db init --force` take one, and "
        "`db backup`" in before
    )
    assert "backups kept the newest 5 (IVIG_BACKUPS_KEPT)" in before
    monkeypatch.setenv("IVIG_BACKUPS_KEPT", "2")
    for number in range(4):
        _back_up_then_import(ivig, tmp_path, number)
    assert ivig("db", "backup").exit_code == 0  # after the last import too
    for number in range(4):  # an import takes none of its own
        _import_one(ivig, tmp_path, 10 + number)
    backups = list_backups(db_path)
    assert len(backups) == 2
    # the newest two: taken after the fourth import and before it
    assert _local_authors(backups[0]) == ["Author0", "Author1", "Author2", "Author3"]
    assert _local_authors(backups[1]) == ["Author0", "Author1", "Author2"]
    table = " ".join(ivig("db", "status").stdout.split())
    size = sum(b.stat().st_size for b in backups) / 1e6
    assert f"backups 2, {size:.1f} MB in all" in table
    assert f"backups kept the newest 2 (IVIG_BACKUPS_KEPT) newest backup {backups[0].name}" in table
    (status,) = json.loads(ivig("db", "status", "-f", "json").stdout)
    assert status["backups"] == {
        "count": 2,
        "bytes": sum(b.stat().st_size for b in backups),
        "kept": 2,
        "newest": backups[0].name,
    }


@pytest.mark.parametrize("value", ["0", "-1", "two", "2.5", "1001"])
def test_a_wrong_ivig_backups_kept_stops_a_write_before_it_starts(
    ivig: Any, db_path: Path, tmp_path: Path, monkeypatch: Any, value: str
) -> None:
    before = db_path.read_bytes()
    monkeypatch.setenv("IVIG_BACKUPS_KEPT", value)
    study = dict(NEW_STUDY, id="s-x", citation={}, first_author="AuthorX")
    for args in (
        ["db", "backup"],
        ["db", "upgrade"],
        ["db", "restore"],
        ["db", "init", "--force"],
    ):
        run = ivig(*args)
        assert run.exit_code == 2, (args, run.stderr)
        assert run.stderr == (
            f"ivig: error: IVIG_BACKUPS_KEPT must be a whole number from 1 to 1000, not "
            f"{value!r}; nothing was changed.\n"
        )
    assert list_backups(db_path) == [] and db_path.read_bytes() == before
    status = ivig("db", "status")  # a read: it shows what is wrong instead of refusing
    assert status.exit_code == 0, status.stderr
    assert "IVIG_BACKUPS_KEPT is not a whole number from 1 to 1000" in " ".join(
        status.stdout.split()
    )
    assert json.loads(ivig("db", "status", "-f", "json").stdout)[0]["backups"]["kept"] is None
    # An import takes no backup, so the setting does not stop it.
    run = ivig("import", str(write_json(tmp_path / "x.json", [study])))
    assert run.exit_code == 0, run.stderr
    assert list_backups(db_path) == [] and _local_authors(db_path) == ["AuthorX"]


def test_a_backup_shows_its_progress_on_a_terminal_and_nothing_in_a_pipe(
    ivig: Any, db_path: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    from tests.conftest import run_in_pipe, run_on_terminal

    env = {**subprocess_env, "IVIG_DB": str(db_path)}
    code, screen = run_on_terminal(["db", "backup"], env)
    assert code == 0, screen
    assert f"backing up {db_path.name}" in screen and "100%" in screen
    piped = run_in_pipe(["db", "backup"], env)
    assert piped.exit_code == 0, piped.stderr
    assert "backing up" not in piped.stderr and "\x1b" not in piped.stderr
    newest = list_backups(db_path)[0]
    # the one line that says where the backup went
    assert piped.stderr == f"backed up {db_path} to {newest.name}\n"
    assert len(list_backups(db_path)) == 2


def test_status_shows_the_backups_whole_at_80_columns(
    ivig: Any, db_path: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    from tests.conftest import run_on_terminal

    _back_up_then_import(ivig, tmp_path, 1)
    (newest,) = list_backups(db_path)
    code, screen = run_on_terminal(
        ["db", "status"], {**subprocess_env, "IVIG_DB": str(db_path)}, columns=80
    )
    assert code == 0, screen
    assert newest.name in screen and "the newest 5 (IVIG_BACKUPS_KEPT)" in screen
    assert "…" not in screen


def test_a_copy_abandoned_by_a_killed_backup_is_removed_by_the_next(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    """A backup killed mid-copy leaves a hidden partial file as large as the database:
    the next backup removes it once it is an hour old, never one still being written."""
    import os
    import time

    prefix = f".{db_path.stem}.backup-"
    abandoned = db_path.with_name(f"{prefix}20200101T000000000000Z.sqlite.partial")
    recent = db_path.with_name(f"{prefix}20990101T000000000000Z.sqlite.partial")
    for partial in (abandoned, recent):
        partial.write_bytes(b"x" * 1000)
    two_hours_ago = time.time() - 7200
    os.utime(abandoned, (two_hours_ago, two_hours_ago))
    _back_up_then_import(ivig, tmp_path, 1)
    assert not abandoned.exists()
    assert recent.exists()  # another process may still be writing it
    assert len(list_backups(db_path)) == 1


def test_restore_recovers_an_interrupted_write_before_it_backs_up_the_file(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    """A write killed half-way (here: every statement deleted, never committed) is rolled
    back first: the backup of what the restore replaces is the database as committed,
    whole, not the half-written file."""
    from tests.test_faults import _leave_a_hot_journal

    _back_up_then_import(ivig, tmp_path, 1)  # the backup to restore: before this import
    reading = sqlite3.connect(db_path)
    statements = reading.execute("SELECT count(*) FROM statements").fetchone()[0]
    reading.close()
    _leave_a_hot_journal(db_path)
    run = ivig("db", "restore")
    assert run.exit_code == 0, run.stderr
    replaced = list_backups(db_path)[0]
    with sqlite3.connect(f"{replaced.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM statements").fetchone()[0] == statements
        assert conn.execute("SELECT count(*) FROM studies WHERE origin = 'local'").fetchone() == (
            1,
        )
    assert _local_authors(db_path) == []  # the restored file, from before the import
    assert not Path(f"{db_path}-journal").exists()
