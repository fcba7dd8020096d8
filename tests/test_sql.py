"""`ivig sql`: read-only by construction, parameters, time limit, formats."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from tests.conftest import file_digest


def test_select_with_named_parameter(ivig, db_path: Path) -> None:
    run = ivig(
        "sql",
        "SELECT id, n FROM studies WHERE design = :d ORDER BY id",
        "-p",
        "d=rct",
        "-f",
        "json",
    )
    assert run.exit_code == 0, run.stderr
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        expected = conn.execute(
            "SELECT id, n FROM studies WHERE design = 'rct' ORDER BY id"
        ).fetchall()
    assert run.json() == [{"id": sid, "n": n} for sid, n in expected]
    assert {"id": "ra-low-dose-rct", "n": 20} in run.json()


def test_csv_and_table_output(ivig, db_path: Path) -> None:
    run = ivig("sql", "SELECT slug, name FROM indications WHERE slug = 'aosd'", "-f", "csv")
    assert list(csv.reader(io.StringIO(run.stdout))) == [
        ["slug", "name"],
        ["aosd", "Adult-onset Still's disease"],
    ]
    run = ivig("sql", "SELECT count(*) AS studies FROM studies")
    assert run.stdout.splitlines()[0].strip() == "studies"


def test_empty_result(ivig, db_path: Path) -> None:
    run = ivig("sql", "SELECT id FROM studies WHERE 0", "-f", "json")
    assert run.exit_code == 0 and run.json() == []
    run = ivig("sql", "SELECT id FROM studies WHERE 0", "-f", "csv")
    assert run.stdout == "id\n"


@pytest.mark.parametrize(
    ("statement", "refused"),
    [
        ("DELETE FROM studies", "DELETE"),
        ("UPDATE studies SET n = 1", "UPDATE"),
        ("INSERT INTO claims (id, topic, summary) VALUES ('x', 'cost', 'x')", "INSERT"),
        ("DROP TABLE statements", "DROP"),
        ("CREATE TABLE x (a)", "CREATE"),
        ("ALTER TABLE studies ADD COLUMN x", "ALTER"),
        ("ATTACH DATABASE ':memory:' AS other", "ATTACH"),
        ("PRAGMA foreign_keys = OFF", "PRAGMA"),
        ("SELECT * FROM pragma_table_info('studies')", "PRAGMA"),
        ("BEGIN", "BEGIN"),
        ("VACUUM", "VACUUM"),
        ("WITH doomed AS (SELECT id FROM studies) DELETE FROM studies", "DELETE"),
    ],
)
def test_writes_are_refused_and_the_file_is_unchanged(
    ivig, db_path: Path, statement: str, refused: str
) -> None:
    before = file_digest(db_path)
    run = ivig("sql", statement)
    assert run.exit_code == 1
    assert "read-only" in run.stderr and f"refused: {refused}" in run.stderr
    assert run.stdout == ""
    assert file_digest(db_path) == before


def test_multiple_statements_are_refused(ivig, db_path: Path) -> None:
    before = file_digest(db_path)
    run = ivig("sql", "SELECT 1; DELETE FROM studies")
    assert run.exit_code == 1 and "more than one statement" in run.stderr
    assert file_digest(db_path) == before


def test_syntax_error_shows_sqlites_message(ivig, db_path: Path) -> None:
    run = ivig("sql", "SELEC id FROM studies")
    assert run.exit_code == 1
    assert run.stderr.strip() == 'ivig: error: SQL error: near "SELEC": syntax error.'


def test_unknown_table(ivig, db_path: Path) -> None:
    run = ivig("sql", "SELECT * FROM nowhere")
    assert run.exit_code == 1 and "no such table: nowhere" in run.stderr


def test_missing_parameter_is_a_usage_error(ivig, db_path: Path) -> None:
    run = ivig("sql", "SELECT id FROM studies WHERE design = :d")
    assert run.exit_code == 2 and "-p NAME=VALUE" in run.stderr


def test_malformed_parameter(ivig, db_path: Path) -> None:
    run = ivig("sql", "SELECT 1", "-p", "nonsense")
    assert run.exit_code == 2 and "NAME=VALUE" in run.stderr


def test_runaway_query_stops_at_the_time_limit(ivig, db_path: Path) -> None:
    endless = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    )
    run = ivig("sql", endless, "--timeout", "0.3")
    assert run.exit_code == 1 and "time limit" in run.stderr


def test_empty_sql(ivig, db_path: Path) -> None:
    run = ivig("sql", "   ")
    assert run.exit_code == 2 and "no SQL given" in run.stderr


@pytest.mark.parametrize(
    "query",
    [
        "SELECT randomblob(1000000000)",
        "SELECT zeroblob(1000000000)",
        "SELECT printf('%.*c', 100000000, 'x') AS big",
        "WITH RECURSIVE r(x) AS (SELECT 'a' UNION ALL SELECT x || x FROM r) SELECT length(x) FROM r",
    ],
)
def test_a_query_cannot_take_unbounded_memory_or_time(ivig, db_path: Path, query: str) -> None:
    import time

    started = time.monotonic()
    run = ivig("sql", query, "--timeout", "2", "-f", "json")
    assert time.monotonic() - started < 10
    if run.exit_code == 0:  # SQLite's printf gives NULL past the length limit
        assert len(run.stdout) < 1_000_000
    else:
        assert run.exit_code == 1
        assert "larger than 10 MB" in run.stderr or "time limit" in run.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "3e6", "0", "-1", "0.01"])
def test_the_timeout_is_a_finite_number_in_range(ivig, db_path: Path, value: str) -> None:
    run = ivig("sql", "SELECT 1", "--timeout", value)
    assert run.exit_code == 2 and "--timeout must be a number of seconds" in run.stderr


def test_the_time_limit_covers_fetching_every_row(ivig, db_path: Path) -> None:
    run = ivig(
        "sql",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r",
        "--timeout",
        "1",
        "-f",
        "csv",
    )
    assert run.exit_code == 1 and "1 s time limit" in run.stderr


@pytest.mark.parametrize("statement", ["VACUUM INTO '{out}'", "ATTACH DATABASE '{out}' AS other"])
def test_no_other_file_is_written(ivig, db_path: Path, tmp_path: Path, statement: str) -> None:
    """VACUUM INTO and ATTACH would write a file beside the read-only one."""
    out = tmp_path / "elsewhere.sqlite"
    before = file_digest(db_path)
    run = ivig("sql", statement.format(out=out))
    assert run.exit_code == 1 and "read-only" in run.stderr
    assert run.stderr.count("\n") == 1
    assert not out.exists()
    assert file_digest(db_path) == before


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("SELECT load_extension('/nowhere/x.so')", "load_extension() loads code"),
        ("SELECT LOAD_EXTENSION('/nowhere/x.so', 'init')", "load_extension() loads code"),
        ("SELECT fts3_tokenizer('simple')", "fts3_tokenizer() reads or registers"),
    ],
)
def test_functions_that_reach_outside_the_file_are_refused(
    ivig, db_path: Path, query: str, refused: str
) -> None:
    run = ivig("sql", query)
    assert run.exit_code == 1 and run.stdout == ""
    assert run.stderr.startswith("ivig: error: ivig sql is read-only: ")
    assert refused in run.stderr and run.stderr.count("\n") == 1
