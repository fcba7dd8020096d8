"""A PostgreSQL server that stops while ivig writes: ivig's one line, nothing half-written.

The test stops the server, so it starts one of its own (the system's PostgreSQL
binaries, a temporary data directory, loopback only, as .ci/run does): skipped where
PostgreSQL is not installed, and failed so in CI.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.conftest import PYTHON
from tests.test_faults import write_studies

pytestmark = pytest.mark.faults


def _postgres_bindir() -> Path | None:
    """The newest Debian PostgreSQL, else the one on PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class OwnServer:
    """A throwaway cluster: initdb into ``root``, trust on loopback, one port."""

    bindir: Path
    root: Path
    port: int = field(default_factory=_free_port)
    # initdb refuses to run as root: then every server command runs as postgres.
    runas: list[str] = field(
        default_factory=lambda: ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    )

    def run(self, program: str, *args: str) -> None:
        done = subprocess.run(
            [*self.runas, str(self.bindir / program), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{program} failed: {done.stdout}{done.stderr}"

    def init(self) -> None:
        for name in ("data", "socket", "log"):
            (self.root / name).mkdir()
            if self.runas:
                shutil.chown(self.root / name, "postgres")
        self.run("initdb", "-D", str(self.root / "data"), "-A", "trust", "-U", "postgres",
                 "--locale=C", "-E", "UTF8")  # fmt: skip

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root / 'socket'}"
        self.run("pg_ctl", "-D", str(self.root / "data"), "-l", str(self.root / "log" / "log"),
                 "-w", "-o", options, "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.root / "data"), "-m", mode, "-w", "stop")

    def url(self, driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture(scope="module")
def own_server() -> Iterator[OwnServer]:
    bindir = _postgres_bindir()
    if bindir is None or (os.geteuid() == 0 and not shutil.which("runuser")):
        message = "no PostgreSQL binaries (initdb, pg_ctl) to start a server of the test's own"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    root = Path(tempfile.mkdtemp(prefix="ivig-pg-"))
    root.chmod(0o755)  # the postgres user must reach the directories inside
    server = OwnServer(bindir, root)
    try:
        server.init()
        server.start()
        yield server
    finally:
        if (root / "data" / "postmaster.pid").exists():
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


def _studies(url: str) -> int:
    import psycopg

    with psycopg.connect(url.replace("+psycopg2", "").replace("+psycopg", "")) as conn:
        row = conn.execute("SELECT count(*) FROM studies").fetchone()
    assert row is not None
    return int(row[0])


def _history(url: str) -> tuple[int, ...]:
    """Writes, recorded rows and open writes in the row history."""
    import psycopg

    with psycopg.connect(url.replace("+psycopg2", "").replace("+psycopg", "")) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM history_writes), (SELECT count(*) FROM history_rows), "
            "(SELECT count(*) FROM history_open)"
        ).fetchone()
    assert row is not None
    return tuple(int(n) for n in row)


def _wait_for_inserts(url: str, importing: subprocess.Popen[str]) -> None:
    """Until the import's connection is running an INSERT: the middle of the write."""
    import psycopg

    deadline = time.monotonic() + 60
    with psycopg.connect(
        url.replace("+psycopg2", "").replace("+psycopg", ""), autocommit=True
    ) as c:
        while time.monotonic() < deadline and importing.poll() is None:
            active = c.execute(
                "SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                "AND state = 'active' AND query LIKE 'INSERT INTO statements%'"
            ).fetchone()
            if active:
                return
            time.sleep(0.01)
    pytest.fail("the import never reached its INSERTs")


@pytest.mark.parametrize("driver", ["postgresql+psycopg", "postgresql+psycopg2"])
def test_a_server_stopped_mid_import_prints_ivigs_one_line_only(
    own_server: OwnServer, subprocess_env: dict[str, str], tmp_path: Path, driver: str
) -> None:
    """psycopg also logged "error ignored terminating <psycopg.Pipeline [BAD]>: the
    connection is lost", which Python printed on stderr beside ivig's line."""
    url = own_server.url(driver)
    built = subprocess.run(
        [PYTHON, "-m", "ivig_evidence", "--db-url", url, "db", "init", "--force"],
        capture_output=True, text=True, env=subprocess_env, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    before = _studies(url)
    studies = write_studies(tmp_path / "studies.jsonl")
    importing = subprocess.Popen(
        [PYTHON, "-m", "ivig_evidence", "--db-url", url, "import", str(studies)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=subprocess_env,
    )  # fmt: skip
    try:
        _wait_for_inserts(url, importing)
        own_server.stop("immediate")
        _, stderr = importing.communicate(timeout=60)
    finally:
        if importing.poll() is None:
            importing.kill()
        own_server.start()
    assert importing.returncode == 1
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith(f"ivig: error: writing to {url} failed: "), stderr
    assert stderr.rstrip().endswith("nothing was written.")
    assert _studies(url) == before  # and nothing was
    assert _history(url) == (0, 0, 0)  # nor any of its history: no write left open
