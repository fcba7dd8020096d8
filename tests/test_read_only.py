"""Reading never needs write access, tested as an unprivileged user: a database in a
directory the reader cannot write (a shared or shipped database), a 0444 file, a
``-wal`` holding committed changes, and the messages for what cannot be read.

Root can write anything, which hides these faults: the tests run ivig as ``nobody``
through ``setpriv`` when they run as root (as CI does), and as themselves otherwise.
The package is copied where that user can read it, and run by an interpreter it can
run (see ``reader_python``); $IVIG_REQUIRE_UNPRIVILEGED makes their absence a
failure instead of a skip.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

pytestmark = pytest.mark.faults

NOBODY = 65534
READS = [
    ["studies", "--design", "rct", "-f", "json"],
    ["dose", "--indication", "aosd", "-f", "json"],
    ["positions", "-f", "json"],
    ["evidence", "--indication", "ra", "-f", "json"],
    ["search", "remission", "-f", "json"],
    ["indications", "-f", "json"],
    ["sql", "SELECT count(*) AS n FROM studies", "-f", "json"],
    ["db", "status", "-f", "json"],
]


def as_reader() -> list[str]:
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


RunAs = Callable[[list[str], dict[str, str]], "subprocess.CompletedProcess[str]"]


class Reader(NamedTuple):
    python: str
    path: str  # PYTHONPATH: the package and its dependencies, where that user can read them


def _probe(reader: Reader) -> str | None:
    probe = subprocess.run(
        [*as_reader(), reader.python, "-c", "import ivig_evidence.cli, sqlalchemy, typer"],
        capture_output=True,
        text=True,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": reader.path},
    )
    return None if probe.returncode == 0 else (probe.stderr.strip().splitlines() or ["?"])[-1]


@pytest.fixture(scope="module")
def reader_python() -> Iterator[Reader]:
    """An interpreter and PYTHONPATH the unprivileged user can run ivig with.

    The package is copied, with its data files as a wheel carries them, into a
    directory everyone can read (a checkout may sit in root's 0700 home). The
    interpreter is this one if that user can run it, else the system's Python of the
    same version with this environment's site-packages. Where neither works the tests
    skip, or fail under $IVIG_REQUIRE_UNPRIVILEGED (CI)."""
    import ivig_evidence
    from ivig_evidence.resources import migrations_dir, seed_file

    place = Path(tempfile.mkdtemp(prefix="ivig-package-", dir="/tmp"))
    package = place / "ivig_evidence"
    shutil.copytree(Path(ivig_evidence.__file__).parent, package)
    shutil.copytree(migrations_dir(), package / "_migrations", dirs_exist_ok=True)
    (package / "_data").mkdir(exist_ok=True)
    shutil.copyfile(seed_file(), package / "_data" / "seed.sql")
    for path in (place, *place.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    site = [p for p in sys.path if p.endswith("site-packages")]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [
        Reader(sys.executable, str(place)),
        Reader(f"/usr/bin/{version}", os.pathsep.join([str(place), *site])),
    ]
    problems = []
    for candidate in candidates:
        problem = _probe(candidate) if Path(candidate.python).exists() else "not there"
        if problem is None:
            yield candidate
            shutil.rmtree(place)
            return
        problems.append(f"{candidate.python}: {problem}")
    shutil.rmtree(place)
    message = "an unprivileged user cannot run ivig here (" + "; ".join(problems) + ")"
    if os.environ.get("IVIG_REQUIRE_UNPRIVILEGED"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def run_as_reader(
    reader_python: Reader,
) -> Callable[[list[str], dict[str, str]], subprocess.CompletedProcess[str]]:
    def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*as_reader(), reader_python.python, "-m", "ivig_evidence", *args],
            capture_output=True,
            text=True,
            env={**env, "PYTHONPATH": reader_python.path},
            timeout=60,
        )

    return run


@pytest.fixture
def shared(built_db: Path) -> Iterator[Path]:
    """A directory everyone can enter (pytest's own temporary one is root's alone)
    holding a copy of the built database, owned by root, 0644."""
    place = Path(tempfile.mkdtemp(prefix="ivig-shared-", dir="/tmp"))
    place.chmod(0o755)
    database = place / "ivig.sqlite"
    shutil.copyfile(built_db, database)
    database.chmod(0o644)
    yield database
    for path in (place, *place.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(place)


@pytest.fixture
def reader_env(tmp_path: Path) -> dict[str, str]:
    home = Path(tempfile.mkdtemp(prefix="ivig-home-", dir="/tmp"))
    home.chmod(0o777)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "COLUMNS": "80",
    }


def side_files(database: Path) -> list[str]:
    return sorted(p.name for p in database.parent.iterdir() if p.name != database.name)


def expected(args: list[str], database: Path) -> object:
    """What root reads in a private, writable copy of the same file."""
    private = Path(tempfile.mkdtemp()) / "ivig.sqlite"
    shutil.copyfile(database, private)
    done = subprocess.run(
        [sys.executable, "-m", "ivig_evidence", "--db", str(private), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    shutil.rmtree(private.parent)
    return comparable(args, json.loads(done.stdout))


def comparable(args: list[str], found: object) -> object:
    if args[:2] == ["db", "status"] and isinstance(found, list):
        return found[0]["counts"]  # the path and backups differ between the two copies
    return found


def make_read_only(database: Path, how: str) -> None:
    if how == "0555 directory":
        database.parent.chmod(0o555)
    else:  # a 0444 file in a directory the reader cannot write (root's)
        database.chmod(0o444)


@pytest.mark.parametrize("how", ["0555 directory", "0444 file"])
@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a[:2]))
def test_every_read_works_without_write_access(
    shared: Path, reader_env: dict[str, str], run_as_reader: RunAs, how: str, args: list[str]
) -> None:
    wanted = expected(args, shared)
    before = side_files(shared)
    make_read_only(shared, how)
    done = run_as_reader(["--db", str(shared), *args], reader_env)
    assert done.returncode == 0, done.stderr
    assert comparable(args, json.loads(done.stdout)) == wanted
    assert side_files(shared) == before  # nothing left beside it


# A writer killed after its commit, before closing: the change stays in the -wal.
COMMIT_AND_DIE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint=0")
conn.execute("UPDATE studies SET year = 1901 WHERE id = (SELECT min(id) FROM studies)")
os._exit(0)
"""
CHANGED = ["sql", "SELECT count(*) AS n FROM studies WHERE year = 1901", "-f", "json"]


def commit_into_the_wal(database: Path) -> None:
    subprocess.run([sys.executable, "-c", COMMIT_AND_DIE, str(database)], check=True)
    assert Path(f"{database}-wal").stat().st_size > 0
    assert Path(f"{database}-shm").exists()


def test_a_wal_holding_commits_is_read_through_the_index_its_writer_left(
    shared: Path, reader_env: dict[str, str], run_as_reader: RunAs
) -> None:
    commit_into_the_wal(shared)
    shared.parent.chmod(0o555)
    done = run_as_reader(["--db", str(shared), *CHANGED], reader_env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"n": 1}]  # the committed change, not the file alone


def test_a_wal_that_cannot_be_read_is_named_and_folded_in_by_db_recover(
    shared: Path, reader_env: dict[str, str], run_as_reader: RunAs
) -> None:
    commit_into_the_wal(shared)
    Path(f"{shared}-shm").unlink()  # the index went, the committed changes did not
    shared.parent.chmod(0o555)
    refused = run_as_reader(["--db", str(shared), *CHANGED], reader_env)
    assert refused.returncode == 1
    line = refused.stderr.strip()
    assert len(line.splitlines()) == 1, line
    assert "ivig.sqlite-wal" in line and "db recover" in line
    assert "Traceback" not in line
    # Whoever can write the directory folds the -wal in; then the reader sees the change.
    shared.parent.chmod(0o755)
    recovered = subprocess.run(
        [sys.executable, "-m", "ivig_evidence", "--db", str(shared), "db", "recover"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert recovered.returncode == 0, recovered.stderr
    assert "folded" in recovered.stderr
    shared.parent.chmod(0o555)
    done = run_as_reader(["--db", str(shared), *CHANGED], reader_env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"n": 1}]


def test_reading_a_0444_file_of_ones_own_leaves_nothing_that_breaks_the_next_write(
    shared: Path, reader_env: dict[str, str], run_as_reader: RunAs
) -> None:
    from tests.conftest import add_study_args

    os.chown(shared.parent, NOBODY if os.geteuid() == 0 else -1, -1)
    os.chown(shared, NOBODY if os.geteuid() == 0 else -1, -1)
    shared.chmod(0o444)  # its owner made it read-only for a while
    read = run_as_reader(["--db", str(shared), "studies", "-f", "json"], reader_env)
    assert read.returncode == 0, read.stderr
    assert side_files(shared) == []
    shared.chmod(0o644)  # and writable again: the next write must work
    added = run_as_reader(["--db", str(shared), *add_study_args()], reader_env)
    assert added.returncode == 0, added.stderr
    with sqlite3.connect(f"{shared.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM studies WHERE origin = 'local'").fetchone()[0]


def test_a_side_file_the_writer_cannot_write_is_named(
    shared: Path, reader_env: dict[str, str], run_as_reader: RunAs
) -> None:
    from tests.conftest import add_study_args

    if os.geteuid() != 0:
        pytest.skip("needs a side file owned by another user")
    os.chown(shared.parent, NOBODY, -1)
    os.chown(shared, NOBODY, -1)
    shm = Path(f"{shared}-shm")
    shm.write_bytes(b"")
    shm.chmod(0o444)  # root's, read-only: as a read of a 0444 file used to leave
    before = shared.read_bytes()
    refused = run_as_reader(["--db", str(shared), *add_study_args()], reader_env)
    assert refused.returncode == 1
    line = refused.stderr.strip()
    assert len(line.splitlines()) == 1 and "ivig.sqlite-shm" in line, line
    assert "nothing was written" in line
    assert shared.read_bytes() == before
