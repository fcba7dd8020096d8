"""Fixtures: one real database per test run (migrations + seed), a copy per test.

Every test runs with IVIG_DB pointing at its own copy, so tests may write,
corrupt or delete their database without affecting any other.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from typer.testing import CliRunner

from ivig_evidence.cli import app
from ivig_evidence.store.migrate import build_database

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCES_ENV = "IVIG_SOURCES_DIR"


# The files that take longest, first, then the rest by their number of tests: workers
# take files in this order (addopts: --no-loadscope-reorder), so the run ends on short
# files, not on one worker finishing an upgrade test alone (measured with
# `--durations=0`; a file missing here goes with the rest).
LONGEST_FIRST = (
    "test_curation.py",
    "test_upgrades.py",
    "test_screen.py",
    "test_import_rules.py",
    "test_conventions.py",
    "test_widths.py",
    "test_query_plans.py",
    "test_conditions.py",
    "test_database.py",
    "test_csv_edits.py",
    "test_links_and_lines.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    tests_in = collections.Counter(item.path.name for item in items)
    items.sort(key=lambda item: (rank.get(item.path.name, len(rank)), -tests_in[item.path.name]))


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("built") / "seed.sqlite"
    build_database(path)
    return path


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schema without rows (migrations only), built once: fixture databases copy it."""
    path = tmp_path_factory.mktemp("empty") / "empty.sqlite"
    build_database(path, empty=True)
    return path


@pytest.fixture
def fresh_copy(built_db: Path, empty_db: Path) -> Any:
    """fresh_copy(path, empty=False): a database as `ivig db init [--empty]` builds it, at
    ``path``, copied from the run's one build (each build takes a second; the tests of
    `db init` itself build their own)."""

    def copy(path: Path, *, empty: bool = False) -> Path:
        shutil.copyfile(empty_db if empty else built_db, path)
        return path

    return copy


@pytest.fixture
def db_path(built_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "ivig.sqlite"
    shutil.copyfile(built_db, copy)
    return copy


@pytest.fixture(autouse=True)
def _isolated_db(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Point IVIG_DB at this test's own copy of the built database: its db_path, or a
    copy of its own. Never at nothing: a command would build the database there, a
    second or more each time (the tests of first use name a path of their own)."""
    monkeypatch.delenv("IVIG_DEBUG", raising=False)
    monkeypatch.delenv("IVIG_DATABASE_URL", raising=False)  # never a developer's team server
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    # A busy file is said after 1 s, not 5: the tests of waiting take a fifth of the time.
    monkeypatch.setenv("IVIG_LOCK_WAIT", "1")
    if "db_path" in request.fixturenames:
        monkeypatch.setenv("IVIG_DB", str(request.getfixturevalue("db_path")))
    else:  # in a folder of its own: the test's own files in tmp_path keep their names
        copy = tmp_path / "default-database" / "ivig.sqlite"
        copy.parent.mkdir()
        shutil.copyfile(request.getfixturevalue("built_db"), copy)
        monkeypatch.setenv("IVIG_DB", str(copy))


# Typer's runner builds the Click command tree again on every invoke: 30 ms once the
# tests have loaded every command, a fifth of the suite's time. A process builds it once
# (and loads the one command it runs), so the tests build it once too.
typer.testing._get_command = functools.cache(typer.testing._get_command)


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def _invoke(*args: str) -> Run:
    result = CliRunner().invoke(app, list(args))
    run = Run(result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr
    return run


@pytest.fixture
def ivig() -> Any:
    """Run the real CLI in-process: ivig("studies", "--design", "rct")."""
    return _invoke


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources_dir() -> Path | None:
    candidates = [Path(os.environ[SOURCES_ENV])] if os.environ.get(SOURCES_ENV) else []
    candidates.append(REPO_ROOT.parent / "shared" / "sources")
    for candidate in candidates:
        if (candidate / "README.md").exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def sources() -> Path:
    found = sources_dir()
    if found is None:
        message = (
            f"source documents not found (set {SOURCES_ENV} or place shared/sources "
            "beside the checkout)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


PYTHON = sys.executable


@pytest.fixture
def subprocess_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "IVIG_DEBUG"}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    yield env


def run_on_terminal(
    args: list[str],
    env: dict[str, str],
    answers: tuple[str, ...] = (),
    *,
    columns: int = 250,
    colour: bool = False,
) -> tuple[int, str]:
    """Run `ivig ARGS` with a pseudo-terminal as stdin, stdout and stderr, typing
    ``answers`` (one line each) as prompts appear; returns (exit code, screen)."""
    import select

    from tests.warm_ivig import warm_ivig

    runner = warm_ivig()
    pid, primary = runner.start(
        list(args),
        {
            **{k: v for k, v in env.items() if k != "NO_COLOR"},
            "COLUMNS": str(columns),
            "TERM": "xterm-256color",
            **({} if colour else {"NO_COLOR": "1"}),
        },
        os.getcwd(),
    )
    pending = list(answers)
    chunks = []
    while select.select([primary], [], [], 30)[0]:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
        if pending and chunk.rstrip().endswith(b":"):  # a prompt waits for its answer
            os.write(primary, pending.pop(0).encode() + b"\n")
    os.close(primary)
    return runner.wait(pid), b"".join(chunks).decode("utf-8", "replace")


def run_in_pipe(args: list[str], env: dict[str, str], stdin: str = "") -> Run:
    """Run `ivig ARGS` in a process of its own with pipes for stdin, stdout and stderr,
    forked from a warm one (tests/warm_ivig.py): as `python -m ivig_evidence ARGS` runs
    from a shell, for the tests that need a process but not its start-up."""
    from tests.warm_ivig import warm_ivig

    code, out, err = warm_ivig().run_in_pipe(list(args), env, os.getcwd(), stdin)
    return Run(code, out, err)


# A sentence of the Q&A article, verbatim: provenance a hand-added study may cite.
QA_SENTENCE = (
    "IVIG is not recommended as standard therapy for rheumatoid arthritis and should only be "
    "considered in highly specific clinical scenarios where conventional DMARDs and biologics "
    "are contraindicated or have failed."
)


def add_study_args(*extra: str, design: str = "rct", direction: str = "benefit") -> list[str]:
    """`ivig add study` with a design, population, direction and provenance, plus ``extra``."""
    return [
        "add", "study", "--design", design, "--population", "ra", "--direction", direction,
        "--document", "droracle-2025", "--quote", QA_SENTENCE, *extra,
    ]  # fmt: skip
