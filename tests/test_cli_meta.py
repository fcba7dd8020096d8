"""The CLI as a whole: help for every command, README coverage, lean start-up."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
import typer
from tests.conftest import PYTHON, REPO_ROOT

from ivig_evidence import __version__
from ivig_evidence.cli import app
from ivig_evidence.cli.app import COMMANDS, load_all_commands


def command_paths() -> list[str]:
    root = typer.main.get_command(app)
    for name, command in load_all_commands().items():
        root.add_command(command, name)  # type: ignore[attr-defined]
    paths: list[str] = []

    def walk(group: typer.core.TyperGroup, prefix: str) -> None:
        for name, command in group.commands.items():
            path = f"{prefix} {name}".strip()
            if isinstance(command, typer.core.TyperGroup):
                walk(command, path)
            else:
                paths.append(path)

    walk(root, "")  # type: ignore[arg-type]
    return paths


def test_the_expected_commands_exist() -> None:
    assert {
        "studies",
        "dose",
        "sql",
        "schema",
        "db init",
        "db upgrade",
        "db status",
        "db path",
    } <= set(command_paths())


@pytest.mark.parametrize("path", command_paths())
def test_every_command_has_help_with_an_example(ivig, path: str) -> None:
    run = ivig(*path.split(), "--help")
    assert run.exit_code == 0
    assert "Example: ivig" in run.stdout, path


@pytest.mark.parametrize("path", command_paths())
def test_every_command_is_in_the_readme(path: str) -> None:
    assert f"ivig {path}" in (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_the_listed_summaries_are_the_commands_own() -> None:
    """`ivig --help` lists COMMANDS without importing them: each summary there must be
    the command's own first sentence, and every command must be listed."""
    commands = load_all_commands()
    for name, command in commands.items():
        assert COMMANDS[name][1] == command.get_short_help_str(limit=10_000), name
    registered = {
        info.name or typer.main.get_command_name(info.callback.__name__)
        for info in app.registered_commands
        if info.callback is not None
    } | {group.name for group in app.registered_groups}
    assert registered == set(COMMANDS)


def test_help_lists_every_command_in_order_without_loading_them(subprocess_env) -> None:
    probe = (
        "import sys\n"
        "from ivig_evidence.cli import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('ivig_evidence.cli.'))\n"
        "print('LOADED', ' '.join(loaded), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", probe], env=subprocess_env, capture_output=True, text=True, timeout=60
    )
    listed = [
        line.split()[0]
        for line in done.stdout.split("Commands:")[1].splitlines()
        if line.startswith("  ") and not line.startswith("   ")
    ]
    assert listed == list(COMMANDS)
    loaded = done.stderr.split("LOADED", 1)[1].split()
    assert not set(loaded) & {f"ivig_evidence.cli.{module}" for module, _ in COMMANDS.values()}


def test_a_mistyped_command_is_matched_against_every_command(subprocess_env) -> None:
    """In a fresh process no command is loaded yet: the suggestion must still come."""
    run = subprocess.run(
        [PYTHON, "-m", "ivig_evidence", "serv"],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr.startswith("ivig: error: No such command 'serv'. Did you mean 'serve'")
    assert run.stderr.count("\n") == 1


def test_bare_ivig_prints_help(ivig) -> None:
    run = ivig()
    assert run.exit_code == 0 and "studies" in run.stdout and "clinical judgement" in run.stdout


def test_version(ivig) -> None:
    assert ivig("--version").stdout.strip() == f"ivig-evidence {__version__}"


@pytest.mark.parametrize("collecting", [True, False])
def test_the_cli_import_freezes_what_it_made_and_leaves_the_collector_as_found(
    collecting: bool, db_path: Path, subprocess_env
) -> None:
    """Start-up: the import's objects are kept out of every later collection (the
    interpreter's shutdown included), and the collector is on (or off) as it was before."""
    probe = (
        "import atexit, gc, sys\n"
        f"{'' if collecting else 'gc.disable()'}\n"
        "before = gc.get_freeze_count()\n"
        "from ivig_evidence.cli import main\n"
        "after_import = gc.get_freeze_count()\n"
        "enabled = gc.isenabled()\n"
        "atexit.register(lambda: print('GC', before, after_import, enabled, file=sys.stderr))\n"
        "sys.argv = ['ivig', 'studies', '--design', 'rct']\n"
        "main()\n"
    )
    env = {**subprocess_env, "IVIG_DB": str(db_path)}
    done = subprocess.run(
        [PYTHON, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "Kanik" in done.stdout, done.stderr
    before, after_import, enabled = done.stderr.split("GC", 1)[1].split()
    assert int(before) == 0
    assert int(after_import) > 10_000  # Typer and ivig's modules, frozen
    assert enabled == str(collecting)


HEAVY_FOR_READS = ("sqlalchemy", "alembic", "rich", "pydantic")


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["studies", "--design", "rct"],
        ["studies", "-f", "json"],
        ["dose", "--indication", "aosd"],
        ["sql", "SELECT count(*) FROM studies"],
        ["schema"],
        ["db", "status"],
        ["db", "history"],
        ["db", "upgrade"],  # nothing to do: told before Alembic or the seed is loaded
        ["indications"],
        ["positions", "-i", "ra"],
        ["evidence", "-i", "ra"],
        ["map"],
        ["show", "kanik-1996"],
        ["search", "IVIG"],
        ["conflicts"],
        ["cite", "kanik-1996"],
        ["dose", "-i", "aosd", "--weight", "70"],
        [
            "review",
            "-i",
            "dm",
            "--weight",
            "100",
            "--height",
            "175",
            "--sex",
            "male",
            "--dose",
            "2 g/kg",
        ],
    ],
)
def test_read_commands_stay_off_heavy_imports(
    args: list[str], db_path: Path, subprocess_env
) -> None:
    probe = (
        "import sys\n"
        "from ivig_evidence.cli import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"loaded = sorted(m for m in {HEAVY_FOR_READS!r} if m in sys.modules)\n"
        "print('LOADED', ','.join(loaded), file=sys.stderr)\n"
    )
    env = {**subprocess_env, "IVIG_DB": str(db_path)}
    done = subprocess.run(
        [PYTHON, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert "LOADED \n" in done.stderr, done.stderr


# A write into a file needs SQLAlchemy's engine and Core, not its ORM or the mapped
# models: importing those was a third of the time of a one-study `add study` (0.95 s
# -> 0.60 s without them; bench/README.md, targets 21-23).
HEAVY_FOR_WRITES = ("ivig_evidence.store.models", "sqlalchemy.orm", "alembic", "rich")


def test_a_small_write_stays_off_the_orm_and_the_models(
    db_path: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    """`add study`, `import` and `import --update` in turn in one fresh process: none of
    them imports what the list names (a module once imported stays in sys.modules)."""
    import json

    from tests.conftest import QA_SENTENCE, add_study_args

    study = {
        "id": "light-2026", "first_author": "Light", "design": "rct", "population": "ra",
        "direction": "benefit", "indications": ["ra"], "outcome": "Improved.",
        "sources": [{"document": "droracle-2025", "quote": QA_SENTENCE}],
    }  # fmt: skip
    record = tmp_path / "one.json"
    record.write_text(json.dumps([study]), encoding="utf-8")
    runs = [
        [*add_study_args("--id", "light-2025")],
        ["import", str(record)],
        ["import", "--update", str(record)],
    ]
    probe = (
        "import sys\n"
        "from ivig_evidence.cli import app\n"
        f"for args in {runs!r}:\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit as done:\n"
        "        print('EXIT', done.code, file=sys.stderr)\n"
        f"    loaded = sorted(m for m in {HEAVY_FOR_WRITES!r} if m in sys.modules)\n"
        "    print('LOADED', ','.join(loaded), file=sys.stderr)\n"
    )
    env = {**subprocess_env, "IVIG_DB": str(db_path)}
    done = subprocess.run(
        [PYTHON, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    said = [line for line in done.stderr.splitlines() if line.startswith(("EXIT", "LOADED"))]
    assert said == ["EXIT 0", "LOADED "] * 3, done.stderr
    assert "replaced local study light-2026" in done.stderr
    with sqlite3.connect(db_path) as conn:
        found = conn.execute(
            "SELECT id FROM studies WHERE id IN ('light-2025', 'light-2026') ORDER BY id"
        ).fetchall()
    assert found == [("light-2025",), ("light-2026",)]


def readme() -> str:
    return (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def in_its_own_environment(command: str) -> bool:
    """A command that makes its virtual environment, then runs only what is in it (or
    installs with pipx): it works where the system's Python refuses to install outside
    one (PEP 668), and changes nothing of that Python's."""
    import re

    first, *rest = (part.strip() for part in command.split("&&"))
    if first.startswith("pipx "):
        return True
    made = re.fullmatch(r"python3? -m venv (\S+)", first)
    return (
        made is not None
        and bool(rest)
        and all(part.startswith(f"{made.group(1)}/bin/") for part in rest)
    )


def test_ci_runs_the_readme_test_command() -> None:
    """README's install line and test line are one command each, in a virtual
    environment they make; .ci/run runs the test line verbatim, as a command of its own
    (not in a comment, not inside another line), and so the line of the slow groups."""
    import re

    blocks = re.findall(r"```sh\n(.*?)\n```", readme(), flags=re.S)
    test_command, *group_commands = (b.strip() for b in blocks if "pytest" in b)
    ci_lines = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines
    assert group_commands, "README gives the line of the slow groups"
    for command in group_commands:
        assert command in ci_lines, command
    run_command = next(b for b in blocks if b.strip().endswith("ivig studies --design rct"))
    for command in (test_command, run_command):
        assert command.count("\n") == 0, command  # one command installs and runs
        assert in_its_own_environment(command), command


@pytest.mark.parametrize(
    ("command", "own"),
    [
        ("python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/ivig studies", True),
        ("pipx install . && ivig studies --design rct", True),
        ("python -m pip install . && ivig studies --design rct", False),
        ("python3 -m venv .venv && pip install . && .venv/bin/ivig studies", False),
        ("python3 -m venv .venv", False),
    ],
)
def test_what_counts_as_its_own_environment(command: str, own: bool) -> None:
    assert in_its_own_environment(command) is own


def test_the_data_page_counts_match_the_database(db_path: Path) -> None:
    """docs/data.md's counts (written by scripts/docs_data.py) are the database's."""
    import sqlite3

    with sqlite3.connect(db_path) as conn:

        def count(sql: str) -> int:
            return int(conn.execute(sql).fetchone()[0])

        expected = {
            "studies": count("SELECT count(*) FROM studies"),
            "dose regimens": count("SELECT count(*) FROM dose_regimens"),
            "guideline, regulatory and source positions": count("SELECT count(*) FROM positions"),
            "standard RA treatments": count("SELECT count(*) FROM treatments"),
            "general claims": count("SELECT count(*) FROM claims"),
            "publications": count("SELECT count(*) FROM publications"),
            "provenance statements": count("SELECT count(*) FROM statements"),
            "notes from primary records": count("SELECT count(*) FROM study_notes"),
        }
        release = conn.execute("SELECT version FROM data_release").fetchone()[0]
    text = " ".join((REPO_ROOT / "docs" / "data.md").read_text(encoding="utf-8").split())
    for label, number in expected.items():
        assert f"{number} {label}" in text, label
    assert f"(release {release})" in text
