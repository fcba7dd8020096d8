"""Faults with real processes: kills at chosen moments, readers during a large write,
interrupted writes from before WAL, leftovers of killed builds.

Each test is bounded to a few seconds on small files; the suite's per-test
timeout stops a hang.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.test_curation import NEW_STUDY, write_json

pytestmark = pytest.mark.faults

PYTHON = sys.executable
STUDIES = 4000


def ivig_process(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [PYTHON, "-m", "ivig_evidence", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def run_ivig(
    args: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "ivig_evidence", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


@pytest.fixture
def env(subprocess_env: dict[str, str], db_path: Path) -> dict[str, str]:
    return {**subprocess_env, "IVIG_DB": str(db_path)}


def write_studies(path: Path, count: int = STUDIES) -> Path:
    """A JSON Lines file of ``count`` new studies, gen-0, gen-1, ..."""
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            study = dict(
                NEW_STUDY,
                id=f"gen-{number}",
                first_author=f"Author{number}",
                citation={"title": f"Generated study {number}"},
            )
            handle.write(json.dumps(study) + "\n")
    return path


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_studies(tmp_path_factory.mktemp("big") / "studies.jsonl")


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def local_studies(db: Path) -> int:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(
            conn.execute("SELECT count(*) FROM studies WHERE origin = 'local'").fetchone()[0]
        )
    finally:
        conn.close()


def kill_after(proc: subprocess.Popen[str], seconds: float) -> None:
    time.sleep(seconds)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)


@pytest.mark.parametrize("moment", [0.4, 1.2, 2.5])
def test_a_killed_import_leaves_a_database_every_command_can_use(
    env: dict[str, str], db_path: Path, big_file: Path, moment: float
) -> None:
    importing = ivig_process(["import", str(big_file)], env)
    kill_after(importing, moment)
    listed = run_ivig(["studies", "-f", "json", "--limit", "3"], env)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 3
    assert local_studies(db_path) in (0, STUDIES)  # all of it or none of it
    assert integrity(db_path) == "ok"
    assert history_agrees(db_path)
    again = run_ivig(["import", str(big_file)], env)  # writing works at once
    assert again.returncode == 0, again.stderr
    assert local_studies(db_path) == STUDIES
    assert history_agrees(db_path)


def history_agrees(db: Path) -> bool:
    """The row history says what the rows say: one write per committed import, with a
    row recorded for each study it added, and no write left open."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM history_open").fetchone() == (0,)
        recorded = conn.execute(
            "SELECT count(*) FROM history_rows WHERE table_name = 'studies' AND action = 'insert'"
        ).fetchone()[0]
        undone = conn.execute(
            "SELECT count(*) FROM history_rows WHERE table_name = 'studies' AND action = 'delete'"
        ).fetchone()[0]
        writes = conn.execute("SELECT count(*) FROM history_writes").fetchone()[0]
        assert recorded - undone == local_studies(db), (recorded, undone)
        assert (
            writes
            == conn.execute("SELECT count(DISTINCT write_id) FROM history_rows").fetchone()[0]
        )
        return True
    finally:
        conn.close()


@pytest.mark.parametrize("moment", [0.4, 1.5])
def test_a_killed_undo_leaves_the_write_whole_or_undone(
    env: dict[str, str], db_path: Path, big_file: Path, moment: float
) -> None:
    done = run_ivig(["import", str(big_file)], env)
    assert done.returncode == 0, done.stderr
    undoing = ivig_process(["db", "undo", "1"], env)
    kill_after(undoing, moment)
    assert local_studies(db_path) in (0, STUDIES)  # the undo all done or not begun
    assert integrity(db_path) == "ok" and history_agrees(db_path)
    if local_studies(db_path) == STUDIES:
        again = run_ivig(["db", "undo", "1"], env, timeout=300)
        assert again.returncode == 0, again.stderr
    assert local_studies(db_path) == 0 and history_agrees(db_path)


@pytest.mark.parametrize("moment", [0.5, 1.0])
def test_a_killed_forgetting_leaves_the_history_whole_or_forgotten(
    env: dict[str, str], db_path: Path, big_file: Path, moment: float
) -> None:
    done = run_ivig(["import", str(big_file)], env)
    assert done.returncode == 0, done.stderr
    forgetting = ivig_process(["db", "forget", "1", "--yes"], env)
    kill_after(forgetting, moment)
    assert local_studies(db_path) == STUDIES  # the rows are never touched
    assert integrity(db_path) == "ok"
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        kept = conn.execute("SELECT count(*) FROM history_rows").fetchone()[0]
        writes = conn.execute("SELECT count(*) FROM history_writes").fetchone()[0]
    finally:
        conn.close()
    if kept:  # not begun: all of it still there, and undoable
        assert writes == 1 and history_agrees(db_path)
    else:
        assert writes == 0
    again = run_ivig(["db", "forget", "1", "--yes"] if kept else ["db", "history"], env)
    assert again.returncode == 0, again.stderr


def test_readers_keep_working_while_a_large_import_runs(
    env: dict[str, str], db_path: Path, big_file: Path
) -> None:
    importing = ivig_process(["import", str(big_file)], env)
    failures: list[str] = []
    slowest: list[float] = []
    runs: list[int] = []

    def read_repeatedly(args: list[str]) -> None:
        while importing.poll() is None:
            started = time.monotonic()
            done = run_ivig(args, env)
            slowest.append(time.monotonic() - started)
            runs.append(1)
            if done.returncode != 0:
                failures.append(done.stderr.strip())
            else:
                json.loads(done.stdout)

    readers = [
        threading.Thread(target=read_repeatedly, args=(args,))
        for args in (
            ["studies", "-d", "rct", "-f", "json", "--limit", "5"],
            ["search", "immunoglobulin", "-f", "json"],
            ["dose", "-i", "aosd", "-f", "json"],
        )
    ]
    for reader in readers:
        reader.start()
    _, stderr = importing.communicate(timeout=120)
    for reader in readers:
        reader.join(timeout=60)
    assert importing.returncode == 0, stderr
    assert runs, "no reader ran during the import"
    assert failures == []
    assert max(slowest) < 10


def test_adding_a_study_while_another_write_holds_the_file_says_busy(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    holder = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        run = ivig("import", str(write_json(tmp_path / "one.json", [NEW_STUDY])))
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert run.exit_code == 1
    assert "is busy" in run.stderr and "no schema revision" not in run.stderr
    # It waited the configured time (1 s in the tests: $IVIG_LOCK_WAIT), not for ever.
    assert 0.8 <= waited < 30
    listed = ivig("studies", "-f", "json")  # reading was never blocked
    assert listed.exit_code == 0


def _leave_a_hot_journal(db: Path) -> None:
    """A write in the old (rollback journal) mode, killed half-way."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    code = (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA cache_size=1')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute('DELETE FROM statements')\n"
        "c.execute('UPDATE publications SET note = NULL')\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    writer = subprocess.Popen([PYTHON, "-c", code], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    assert Path(f"{db}-journal").stat().st_size > 0


def test_an_interrupted_write_is_named_by_readers_and_recovered_by_writers(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    _leave_a_hot_journal(db_path)
    for args in (["studies"], ["db", "status"], ["search", "ivig"]):
        run = ivig(*args)
        assert run.exit_code == 1
        assert "a write was interrupted" in run.stderr and "ivig db recover" in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1
    # Any command that writes recovers it first, then does its work.
    run = ivig("import", str(write_json(tmp_path / "one.json", [NEW_STUDY])))
    assert run.exit_code == 0, run.stderr
    statements = ivig("sql", "SELECT count(*) AS n FROM statements", "-f", "json").json()
    assert statements[0]["n"] > 100  # the killed DELETE was rolled back


def test_db_recover_rolls_back_and_checks(ivig: Any, db_path: Path) -> None:
    _leave_a_hot_journal(db_path)
    run = ivig("db", "recover")
    assert run.exit_code == 0
    assert "recovered an interrupted write; the integrity check passes" in run.stderr
    assert ivig("studies").exit_code == 0
    again = ivig("db", "recover")
    assert "nothing to recover" in again.stderr


@pytest.mark.parametrize("moment", [0.3, 0.8, 1.5])
def test_a_killed_upgrade_leaves_a_database_that_upgrades_next_time(
    subprocess_env: dict[str, str], tmp_path: Path, moment: float
) -> None:
    from tests.test_upgrades import build_at

    db = tmp_path / "old.sqlite"
    build_at(db, "0001_initial")
    env = {**subprocess_env, "IVIG_DB": str(db)}
    upgrading = ivig_process(["db", "upgrade"], env)
    kill_after(upgrading, moment)
    status = run_ivig(["db", "status", "-f", "json"], env)
    assert status.returncode == 0, status.stderr
    read = run_ivig(["studies"], env)
    if read.returncode != 0:  # still at the old revision: it says so, and nothing else
        assert "run `ivig db upgrade`" in read.stderr
    done = run_ivig(["db", "upgrade"], env)
    assert done.returncode == 0, done.stderr
    assert run_ivig(["studies", "-f", "json"], env).returncode == 0
    assert integrity(db) == "ok"


def test_a_killed_restore_leaves_the_old_or_the_restored_database(
    env: dict[str, str], db_path: Path, big_file: Path
) -> None:
    assert run_ivig(["db", "backup"], env).returncode == 0
    assert run_ivig(["import", str(big_file)], env).returncode == 0
    backup = sorted(db_path.parent.glob("*.backup-*"))[-1]  # taken before the import
    restoring = ivig_process(["db", "restore", str(backup)], env)
    kill_after(restoring, 0.15)
    listed = run_ivig(["studies", "-f", "json", "--limit", "1"], env)
    assert listed.returncode == 0, listed.stderr
    assert local_studies(db_path) in (0, STUDIES)
    assert integrity(db_path) == "ok"
    assert backup.exists()


def test_a_killed_build_leaves_nothing_behind_after_the_next(
    subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "new.sqlite"
    env = {**subprocess_env, "IVIG_DB": str(db)}
    # A build's temporary file, left by a process that no longer exists.
    dead = subprocess.Popen([PYTHON, "-c", "pass"])
    dead.wait()
    leftover = tmp_path / f".new.sqlite.{dead.pid}.building"
    leftover.write_bytes(b"half a database")
    first = run_ivig(["studies", "-f", "json"], env)  # builds on first use
    assert first.returncode == 0, first.stderr
    assert not leftover.exists()
    assert not list(tmp_path.glob("*.building*"))


def test_a_new_database_never_takes_the_wal_of_a_deleted_one(
    ivig: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "fresh.sqlite"
    monkeypatch.setenv("IVIG_DB", str(db))
    assert ivig("db", "init").exit_code == 0
    # A writer killed with its last commit still in the -wal; then the user deletes
    # the database file (only that file) and builds a new one.
    code = (
        "import sqlite3, time\n"
        f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint=0')\n"
        "c.execute('DELETE FROM statements')\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    writer = subprocess.Popen([PYTHON, "-c", code], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    assert Path(f"{db}-wal").stat().st_size > 0
    os.unlink(db)
    assert ivig("db", "init").exit_code == 0
    counted = ivig("sql", "SELECT count(*) AS n FROM statements", "-f", "json").json()
    assert counted[0]["n"] > 100


# ------------------------------------------------------------------ full and read-only disks


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 300 KB file system: too small for a database build or an export."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    where = tmp_path / "small"
    where.mkdir()
    _mount("-t", "tmpfs", "-o", "size=300k", "tmpfs", str(where))
    yield where
    subprocess.run(["umount", str(where)], check=False)


@pytest.fixture
def read_only_copy(tmp_path: Path, db_path: Path) -> Iterator[Path]:
    """The test's database, seen through a read-only mount (root); or a read-only
    directory (anyone else)."""
    source = tmp_path / "source"
    source.mkdir()
    (source / db_path.name).write_bytes(db_path.read_bytes())
    if os.geteuid() == 0:
        where = tmp_path / "ro"
        where.mkdir()
        _mount("--bind", str(source), str(where))
        _mount("-o", "remount,bind,ro", str(where))
        yield where / db_path.name
        subprocess.run(["umount", str(where)], check=False)
    else:
        source.chmod(0o555)
        yield source / db_path.name
        source.chmod(0o755)


def test_a_first_build_on_a_full_disk_is_one_line_and_leaves_nothing(
    small_disk: Path, subprocess_env: dict[str, str]
) -> None:
    env = {**subprocess_env, "IVIG_DB": str(small_disk / "ivig.sqlite")}
    run = run_ivig(["studies"], env)
    assert run.returncode == 1
    assert "cannot build" in run.stderr and "full" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert not [p for p in small_disk.iterdir() if not p.name.endswith(".lock")]


def test_a_database_on_a_full_disk_says_so_and_loses_nothing(
    ivig: Any, db_path: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    """A file in WAL mode needs room beside it to be read at all: on a full disk a read
    and a write each say the disk is full (SQLite says only "disk I/O error"), and once
    there is room again both work, the history as it was."""
    assert ivig("import", str(write_studies(tmp_path / "s.jsonl", count=3))).exit_code == 0
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    where = tmp_path / "full"
    where.mkdir()
    _mount("-t", "tmpfs", "-o", f"size={db_path.stat().st_size + 256 * 1024}", "tmpfs", str(where))
    try:
        db = where / db_path.name
        shutil.copyfile(db_path, db)
        filler = where / "filler"
        with filler.open("wb") as handle:  # every byte left, less a few
            handle.write(b"\0" * (shutil.disk_usage(where).free - 4096))
        env = {**subprocess_env, "IVIG_DB": str(db)}
        for args in (["studies", "--limit", "1"], ["db", "forget", "1", "--yes"]):
            run = run_ivig(args, env)
            assert run.returncode == 1, args
            assert run.stderr.count("\n") == 1 and "the disk holding it is full" in run.stderr
        filler.unlink()
        assert run_ivig(["studies", "--limit", "1"], env).returncode == 0
        forgot = run_ivig(["db", "forget", "1", "--yes"], env)
        assert forgot.returncode == 0 and forgot.stderr.startswith("forgot write 1 ("), forgot
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_an_export_to_a_full_disk_leaves_no_half_export(
    ivig: Any, db_path: Path, small_disk: Path
) -> None:
    out = small_disk / "export"
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * 200_000)
    run = ivig("export", "--out", str(out))
    assert run.exit_code == 1
    assert "No space left on device" in run.stderr and "what was written is removed" in run.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["import", "IMPORT_FILE"],
        [
            "add",
            "study",
            "--design",
            "rct",
            "--population",
            "ra",
            "--direction",
            "benefit",
            "--document",
            "ameripharma-ivig-ra",
            "--quote",
            "Q.",
        ],
        ["db", "init", "--force"],
        ["db", "upgrade"],
        ["db", "recover"],
    ],
    ids=["import", "add study", "init --force", "upgrade", "recover"],
)
def test_writing_to_a_read_only_place_is_one_line(
    ivig: Any, read_only_copy: Path, tmp_path: Path, args: list[str]
) -> None:
    study = write_json(tmp_path / "one.json", [NEW_STUDY])
    args = [str(study) if a == "IMPORT_FILE" else a for a in args]
    before = read_only_copy.read_bytes()
    run = ivig("--db", str(read_only_copy), *args)
    if args[:2] == ["db", "recover"]:  # nothing to recover: reading is all it needed
        assert run.exit_code == 0 and "nothing to recover" in run.stderr
    elif args[:2] == ["db", "upgrade"]:  # already up to date: nothing to write
        assert run.exit_code in (0, 1)
        assert "internal error" not in run.stderr
    else:
        assert run.exit_code == 1, run.stdout
        assert "read-only file system" in run.stderr or "not writable" in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1
    assert read_only_copy.read_bytes() == before
    reading = ivig("--db", str(read_only_copy), "studies", "-f", "json")
    assert reading.exit_code == 0 and reading.json()


def test_an_export_into_a_read_only_place_is_one_line(
    ivig: Any, db_path: Path, read_only_copy: Path
) -> None:
    run = ivig("export", "--out", str(read_only_copy.parent / "export"))
    assert run.exit_code == 1 and "cannot create" in run.stderr
