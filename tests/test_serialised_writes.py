"""One writer at a time, with real processes: a restore or a rebuild started while an
import runs never copies over what the import commits, and a write refused as busy
changes nothing, its backups included.

The invariant asserted is the user's: every study an import said it added is in the
database afterwards, or in the backup the later write says it took of what it
replaced. Timing decides which; neither may lose them.
"""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import add_study_args
from tests.test_faults import STUDIES, big_file, ivig_process, local_studies, run_ivig
from tests.test_read_only import commit_into_the_wal

__all__ = ["big_file"]  # the fixture, imported for pytest

pytestmark = pytest.mark.faults


@pytest.fixture
def env(subprocess_env: dict[str, str], db_path: Path) -> dict[str, str]:
    return {**subprocess_env, "IVIG_DB": str(db_path)}


def lock_is_held(db: Path) -> bool:
    """Whether another process holds the database's write lock (a probe that, when the
    lock is free, takes and drops it at once)."""
    path = db.with_name(f".{db.name}.lock")
    if not path.exists():
        return False
    descriptor = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)  # closing drops a lock the probe took
    return False


def start_import_and_wait_for_its_lock(
    db: Path, big_file: Path, env: dict[str, str]
) -> subprocess.Popen[str]:
    importing = ivig_process(["import", str(big_file)], env)
    deadline = time.monotonic() + 30
    while not lock_is_held(db):
        assert importing.poll() is None, importing.communicate()
        assert time.monotonic() < deadline, "the import never took the write lock"
        time.sleep(0.01)
    return importing


def replaced_backup_named(said: str, db: Path) -> Path | None:
    """The backup a write says it took of what it replaced: the last one it names (a
    restore names the backup it put back first)."""
    found = re.findall(r"(\S+\.backup-\d{8}T\d+Z\.sqlite)", said)
    return db.with_name(Path(found[-1]).name) if found else None


@pytest.mark.parametrize(
    "second_write", [["db", "restore"], ["db", "init", "--force"]], ids=["restore", "init"]
)
def test_a_write_started_during_an_import_never_discards_it(
    env: dict[str, str], db_path: Path, big_file: Path, second_write: list[str]
) -> None:
    # A restore needs a backup to put back: one from before the import.
    assert run_ivig(["db", "init", "--force"], env).returncode == 0
    importing = start_import_and_wait_for_its_lock(db_path, big_file, env)
    second = run_ivig(second_write, env)
    out, err = importing.communicate(timeout=120)
    assert importing.returncode == 0, err
    assert re.search(rf"added: .*\b{STUDIES} studies", out + err), out + err

    said = second.stdout + second.stderr
    if second.returncode != 0:
        # Refused: it said so in one line and changed nothing.
        assert "busy" in said and "nothing was changed" in said, said
        assert len(second.stderr.strip().splitlines()) == 1, said
        assert local_studies(db_path) == STUDIES
    else:
        # It went ahead after the import: what it replaced, the import's studies, is in
        # the backup it names.
        replaced = replaced_backup_named(said, db_path)
        assert replaced is not None and replaced.exists(), said
        assert local_studies(replaced) == STUDIES
    # Wherever they are, the import's studies are not lost.
    assert STUDIES in {local_studies(db_path)} | {
        local_studies(b) for b in db_path.parent.glob("*.backup-*.sqlite")
    }


HOLD_LOCK = """
import sys, time
from pathlib import Path
from ivig_evidence.store.write_lock import write_lock
with write_lock(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(120)
"""


def hold_write_lock(db: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """Another ivig writer, as far as the lock goes: a process holding it until killed."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def hold_sqlite_write_lock(db: Path) -> sqlite3.Connection:
    """A writer that is not ivig (the sqlite3 shell, a script): SQLite's own lock only."""
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def backups_of(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.glob(f"{db.stem}.backup-*"))


def make_restore_points(db: Path, how_many: int) -> None:
    """Backups as ivig names them, from earlier days: restore points a user relies on."""
    source = sqlite3.connect(db)
    try:
        for day in range(1, how_many + 1):
            target = sqlite3.connect(
                db.with_name(f"{db.stem}.backup-2026010{day}T000000000000Z.sqlite")
            )
            source.backup(target)
            target.close()
    finally:
        source.close()


WRITES = {
    "upgrade": ["db", "upgrade"],
    "restore": ["db", "restore"],
    "init": ["db", "init", "--force"],
    "recover": ["db", "recover"],
    "import": ["import", "IMPORT_FILE"],
}
CASES = [(w, h) for w in WRITES for h in ("ivig", "sqlite") if (w, h) != ("recover", "sqlite")]


@pytest.mark.parametrize(("write", "holder"), CASES)
def test_a_write_refused_as_busy_keeps_every_backup(
    env: dict[str, str], db_path: Path, tmp_path: Path, write: str, holder: str
) -> None:
    from tests.test_curation import NEW_STUDY, write_json
    from tests.test_upgrades import build_at, earlier_revisions

    if write == "upgrade":  # an upgrade with work to do
        db_path.unlink()
        build_at(db_path, earlier_revisions()[-1])
    make_restore_points(db_path, 3)
    if write == "recover":  # something to recover: a change a killed writer left in the -wal
        commit_into_the_wal(db_path)
    before = backups_of(db_path)
    study = write_json(tmp_path / "new.json", [NEW_STUDY])
    args = [str(study) if a == "IMPORT_FILE" else a for a in WRITES[write]]
    other = hold_write_lock(db_path, env) if holder == "ivig" else None
    conn = hold_sqlite_write_lock(db_path) if holder == "sqlite" else None
    try:
        # Fewer kept than there are: a write that went ahead would prune some.
        limited = {**env, "IVIG_BACKUPS_KEPT": "2"}
        refusals = [run_ivig(args, limited) for _ in range(2)]
    finally:
        if other is not None:
            other.kill()
            other.wait()
        if conn is not None:
            conn.execute("ROLLBACK")
            conn.close()
    for refused in refusals:
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "busy" in refused.stderr and "nothing was changed" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert backups_of(db_path) == before


def test_the_wait_for_a_busy_file_is_configurable(ivig, db_path: Path, monkeypatch) -> None:
    """$IVIG_LOCK_WAIT sets how long a write waits before saying the file is busy; a value
    that is not a number of seconds is refused in one line, and nothing is changed."""
    from ivig_evidence.store.write_lock import lock_file

    monkeypatch.setenv("IVIG_LOCK_WAIT", "0.3")
    holder = subprocess.Popen(  # another process holds the write lock
        [sys.executable, "-c", "import fcntl, os, sys, time; "
         f"fd = os.open({str(lock_file(db_path))!r}, os.O_RDONLY | os.O_CREAT); "
         "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        refused = ivig(*add_study_args())
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert refused.exit_code != 0 and "within 0.3 s" in refused.stderr, refused.stderr
    assert 0.3 <= waited < 3
    for wrong in ("soon", "0", "-2", "9999"):
        monkeypatch.setenv("IVIG_LOCK_WAIT", wrong)
        run = ivig(*add_study_args())
        assert run.exit_code == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert "IVIG_LOCK_WAIT must be a number of seconds" in run.stderr
