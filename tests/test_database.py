"""The database a user gets: first-use build, locations, revisions, db commands."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import PYTHON, file_digest

from ivig_evidence.store.db import SCHEMA_REVISION


def test_first_use_builds_the_database(ivig, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "fresh" / "evidence.sqlite"
    monkeypatch.setenv("IVIG_DB", str(target))
    run = ivig("studies", "--design", "rct", "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert target.exists()
    with sqlite3.connect(target) as conn:
        randomised = {
            sid
            for (sid,) in conn.execute(
                "SELECT id FROM studies WHERE design IN ('rct', 'rct_withdrawal', 'rct_crossover')"
            )
        }
    assert {s["id"] for s in run.json()} <= randomised
    assert {"silverman-1994", "jra-withdrawal", "ra-low-dose-rct"} <= randomised
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".building")]


def test_default_location_is_the_per_user_data_dir(ivig, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("IVIG_DB")
    run = ivig("db", "path")
    expected = tmp_path / "xdg" / "ivig-evidence" / "ivig-evidence.sqlite"
    assert run.stdout.strip() == str(expected)
    assert ivig("studies", "-f", "json").exit_code == 0
    assert expected.exists()


def test_db_option_wins_over_the_environment(ivig, db_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    assert ivig("db", "path", "--db", str(other)).stdout.strip() == str(other)
    assert ivig("--db", str(other), "db", "path").stdout.strip() == str(other)
    assert ivig("db", "path").stdout.strip() == str(db_path)


def test_missing_db_option_file_is_an_error_and_not_created(ivig, tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite"
    run = ivig("studies", "--db", str(missing))
    assert run.exit_code == 1
    assert run.stderr.strip() == (
        f"ivig: error: no database at {missing} (given with --db); "
        f"create one with `ivig --db {missing} db init`."
    )
    assert not missing.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is an empty file"),
        (b"not a database, just text\n", "is not a SQLite database"),
    ],
)
def test_non_database_file_is_refused_and_untouched(
    ivig, tmp_path: Path, monkeypatch, content: bytes, expected: str
) -> None:
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(content)
    for args in (["studies", "--db", str(bogus)], ["dose", "-i", "aosd"]):
        monkeypatch.setenv("IVIG_DB", str(bogus))
        run = ivig(*args)
        assert run.exit_code == 1 and expected in run.stderr
        assert bogus.read_bytes() == content


def test_directory_instead_of_file(ivig, tmp_path: Path) -> None:
    run = ivig("studies", "--db", str(tmp_path))
    assert run.exit_code == 1 and "is a directory" in run.stderr


def test_a_pipe_instead_of_a_file_is_refused_at_once(subprocess_env, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    pipe = tmp_path / "ivig.sqlite"
    os.mkfifo(pipe)  # opening it to read would wait for a writer for ever
    run = subprocess.run(
        [sys.executable, "-m", "ivig_evidence", "--db", str(pipe), "studies"],
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=30,
    )
    assert run.returncode == 1 and "not a regular file" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_sqlite_file_that_is_not_ours(ivig, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (a)")
    before = file_digest(foreign)
    run = ivig("studies", "--db", str(foreign))
    assert run.exit_code == 1 and "not an ivig-evidence database" in run.stderr
    assert file_digest(foreign) == before


def test_out_of_date_database_names_db_upgrade(ivig, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000_older'")
    before = file_digest(db_path)
    for args in (["studies"], ["dose", "-i", "aosd"], ["sql", "SELECT 1"], ["schema"]):
        run = ivig(*args)
        assert run.exit_code == 1
        assert "run `ivig db upgrade`" in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1
    assert file_digest(db_path) == before  # read commands never migrate


def test_upgrade_refuses_a_revision_it_does_not_know(ivig, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    run = ivig("db", "upgrade")
    assert run.exit_code == 1 and "newer ivig-evidence" in run.stderr


def test_upgrade_at_head_changes_nothing(ivig, db_path: Path) -> None:
    before = file_digest(db_path)
    run = ivig("db", "upgrade")
    assert run.exit_code == 0 and "already at the latest" in run.stderr
    assert file_digest(db_path) == before


def test_status_reports_revision_release_and_counts(ivig, db_path: Path) -> None:
    status = ivig("db", "status", "-f", "json").json()[0]
    assert status["revision"] == SCHEMA_REVISION and status["up_to_date"] is True
    with sqlite3.connect(db_path) as conn:
        release = conn.execute("SELECT version FROM data_release").fetchone()[0]
    assert status["data_release"] == release
    with sqlite3.connect(db_path) as conn:
        for table, count in status["counts"].items():
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
    assert status["counts"]["studies"] >= 10
    table = ivig("db", "status").stdout
    assert "rows in statements" in table and release in table


def test_init_refuses_to_overwrite_without_force(ivig, db_path: Path) -> None:
    before = file_digest(db_path)
    run = ivig("db", "init")
    assert run.exit_code == 1 and "--force" in run.stderr
    assert file_digest(db_path) == before


def test_init_force_rebuilds(ivig, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM study_indications WHERE study_id = 'xu-2021'")
    run = ivig("db", "init", "--force")
    assert run.exit_code == 0, run.stderr
    assert "xu-2021" in {s["id"] for s in ivig("studies", "-i", "ra", "-f", "json").json()}


def test_init_force_never_overwrites_a_non_database(ivig, tmp_path: Path) -> None:
    precious = tmp_path / "notes.txt"
    precious.write_text("my notes\n")
    run = ivig("db", "init", "--force", "--db", str(precious))
    assert run.exit_code == 1 and "not overwriting" in run.stderr
    assert precious.read_text() == "my notes\n"


def test_init_at_a_new_path(ivig, tmp_path: Path) -> None:
    target = tmp_path / "new" / "team.sqlite"
    run = ivig("--db", str(target), "db", "init")
    assert run.exit_code == 0 and target.exists()
    assert ivig("--db", str(target), "studies", "-f", "json").json()


@pytest.mark.faults
def test_two_processes_starting_at_once_build_one_good_database(
    tmp_path: Path, subprocess_env
) -> None:
    target = tmp_path / "race" / "evidence.sqlite"
    env = {**subprocess_env, "IVIG_DB": str(target)}
    command = [PYTHON, "-m", "ivig_evidence", "studies", "--format", "json"]
    procs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err.decode()
        assert len(json.loads(out)) >= 10
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert (
            conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_REVISION
        )
    assert not list(target.parent.glob("*.building"))


def test_module_entry_point(subprocess_env, db_path: Path) -> None:
    env = {**subprocess_env, "IVIG_DB": str(db_path)}
    done = subprocess.run(
        [PYTHON, "-m", "ivig_evidence", "dose", "-i", "aosd", "-f", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert {r["id"] for r in json.loads(done.stdout)} >= {"aosd-case-series-dose"}


def test_unexpected_errors_are_one_line_unless_debugging(db_path: Path, subprocess_env) -> None:
    # A database whose statements table is gone is beyond any expected failure.
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DROP TABLE statements")
    env = {**subprocess_env, "IVIG_DB": str(db_path)}
    command = [PYTHON, "-m", "ivig_evidence", "studies", "-f", "json"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "IVIG_DEBUG=1" in done.stderr
    debug = subprocess.run(
        command, env={**env, "IVIG_DEBUG": "1"}, capture_output=True, text=True, timeout=60
    )
    assert "Traceback" in debug.stderr


def test_db_upgrade_from_the_first_revision_keeps_rows(
    ivig, tmp_path: Path, fresh_copy: Any
) -> None:
    from alembic import command

    from ivig_evidence.store.db import write_engine
    from ivig_evidence.store.migrate import alembic_config

    old = tmp_path / "old.sqlite"
    engine = write_engine(old, enforce_foreign_keys=False)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001_initial")
        conn.exec_driver_sql(
            "INSERT INTO studies (id, design, population, direction, n) "
            "VALUES ('local-1', 'rct', 'ra', 'benefit', 12)"
        )
        conn.exec_driver_sql(
            "INSERT INTO publications (id, kind, title) "
            "VALUES ('doc', 'web_article', 'A local source')"
        )
        conn.exec_driver_sql(
            "INSERT INTO statements (id, document_id, quote, status, study_id) "
            "VALUES ('st-local-1', 'doc', 'Twelve patients improved.', "
            "'unconfirmed', 'local-1')"
        )
    engine.dispose()
    refused = ivig("studies", "--db", str(old))
    assert refused.exit_code == 1 and "ivig db upgrade" in refused.stderr
    run = ivig("db", "upgrade", "--db", str(old))
    assert run.exit_code == 0 and "from 0001_initial to " + SCHEMA_REVISION in run.stderr
    studies = {s["id"]: s for s in ivig("studies", "--db", str(old), "-f", "json").json()}
    # Every local row is there, unchanged, and still local ...
    local = studies.pop("local-1")
    assert (local["n"], [x["quote"] for x in local["sources"]]) == (
        12,
        ["Twelve patients improved."],
    )
    origins = ivig(
        "sql",
        "--db",
        str(old),
        "-f",
        "json",
        "SELECT 'study' AS t, id, origin FROM studies WHERE id = 'local-1' UNION ALL "
        "SELECT 'publication', id, origin FROM publications WHERE id = 'doc' UNION ALL "
        "SELECT 'statement', id, origin FROM statements WHERE id = 'st-local-1'",
    ).json()
    assert {r["origin"] for r in origins} == {"local"} and len(origins) == 3
    # ... and the curated release came in with the upgrade, exactly as a fresh build has it.
    fresh = fresh_copy(tmp_path / "fresh.sqlite")
    expected = {s["id"]: s for s in ivig("studies", "--db", str(fresh), "-f", "json").json()}
    assert studies == expected and len(expected) > 10
    assert "curated data unknown -> " in run.stderr
