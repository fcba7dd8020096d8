"""Backups and restore: a restore never loses the backup it restores, and checks it first."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

from tests.test_curation import NEW_STUDY, content, write_json

from ivig_evidence.store.backups import KEEP, list_backups


def _import_one(ivig: Any, tmp_path: Path, number: int) -> None:
    study = dict(NEW_STUDY, id=f"s-{number}", citation={}, first_author=f"Author{number}")
    assert ivig("import", str(write_json(tmp_path / f"{number}.json", [study]))).exit_code == 0


def _local_authors(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        found = conn.execute("SELECT first_author FROM studies WHERE origin = 'local' ORDER BY 1")
        return [row[0] for row in found]


def test_restoring_the_oldest_backup_keeps_it_and_puts_it_back(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    for number in range(KEEP):  # each import backs up the file first: KEEP backups
        _import_one(ivig, tmp_path, number)
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
