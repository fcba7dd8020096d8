"""Bounded tables and streamed output: a default table limit with a clear line, never a
silent truncation; --limit and --all; JSON and CSV always complete."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from tests.conftest import run_on_terminal

from ivig_evidence.cli.options import DEFAULT_TABLE_LIMIT, BoundedRows

EXTRA = 150


@pytest.fixture
def many(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        for i in range(EXTRA):
            conn.execute(
                "INSERT INTO studies (id, year, design, population, direction) "
                "VALUES (?, ?, 'open_label', 'ra', 'benefit')",
                (f"syn-{i:03d}", 2000),
            )
        return int(conn.execute("SELECT count(*) FROM studies").fetchone()[0])


def data_lines(text: str) -> list[str]:
    return text.splitlines()[2:]  # after the header and the rule


def test_table_shows_a_screenful_and_says_so(ivig, db_path: Path, many: int) -> None:
    run = ivig("studies")
    assert len(data_lines(run.stdout)) == DEFAULT_TABLE_LIMIT
    assert f"more studies than the {DEFAULT_TABLE_LIMIT} shown" in run.stderr
    assert "--all" in run.stderr


def test_limit_and_all(ivig, db_path: Path, many: int) -> None:
    assert len(data_lines(ivig("studies", "--limit", "5").stdout)) == 5
    for args in (["--all"], ["--limit", "0"]):
        run = ivig("studies", *args)
        assert len(data_lines(run.stdout)) == many and run.stderr == ""
    assert len(ivig("studies", "--limit", "3", "-f", "json").json()) == 3
    assert ivig("studies", "--limit", "-1").exit_code == 2


def test_machine_readable_output_is_complete(ivig, db_path: Path, many: int) -> None:
    assert len(ivig("studies", "-f", "json").json()) == many
    rows = list(csv.DictReader(io.StringIO(ivig("studies", "-f", "csv").stdout)))
    assert len(rows) == many
    assert ivig("studies", "-f", "markdown").stdout.count("\n| syn-") == EXTRA


def test_no_message_when_everything_fits(ivig, db_path: Path) -> None:
    run = ivig("studies", "--limit", "50")
    assert run.stderr == "" and len(data_lines(run.stdout)) < 50


def test_sql_tables_are_bounded_too(ivig, db_path: Path, many: int) -> None:
    run = ivig("sql", "SELECT id FROM studies ORDER BY id")
    assert len(data_lines(run.stdout)) == DEFAULT_TABLE_LIMIT
    assert "more rows than the 100 shown" in run.stderr
    assert len(ivig("sql", "SELECT id FROM studies", "-f", "json").json()) == many


def test_dose_tables_are_bounded_too(ivig, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        for i in range(EXTRA):
            conn.execute(
                "INSERT INTO dose_regimens (id, context, basis, repeat_interval, text, ambiguous) "
                "VALUES (?, 'suggested', 'per_day', 'once', ?, 0)",
                (f"syn-dose-{i:03d}", f"synthetic regimen {i:03d}"),
            )
            conn.execute(
                "INSERT INTO regimen_indications (regimen_id, indication_slug) VALUES (?, 'aosd')",
                (f"syn-dose-{i:03d}",),
            )
    every = ivig("dose", "-i", "aosd", "-f", "json").json()
    assert len(every) > EXTRA and any(r["sources"] for r in every)
    # A limited report is the head of the full one, each regimen with its own links.
    for limit in (7, EXTRA + 1):
        assert (
            ivig("dose", "-i", "aosd", "-f", "json", "--limit", str(limit)).json()
            == (every[:limit])
        )
    shown = ivig("dose", "-i", "aosd")
    assert f"more regimens than the {DEFAULT_TABLE_LIMIT} shown" in shown.stderr
    last_shown, first_held_back = every[DEFAULT_TABLE_LIMIT - 1], every[DEFAULT_TABLE_LIMIT]
    assert last_shown["id"] in shown.stdout and first_held_back["id"] not in shown.stdout
    everything = ivig("dose", "-i", "aosd", "--all")
    assert "more regimens" not in everything.stderr
    assert all(r["id"] in everything.stdout for r in every)


def test_bounded_rows_decides_once() -> None:
    rows = BoundedRows(iter(range(4)), 3)
    assert list(rows) == [0, 1, 2] and rows.more
    assert list(rows) == [] and rows.more  # asking again does not change the answer
    exact = BoundedRows(iter(range(3)), 3)
    assert list(exact) == [0, 1, 2] and not exact.more
    unbounded = BoundedRows(iter(range(5)), None)
    assert list(unbounded) == [0, 1, 2, 3, 4] and not unbounded.more


def test_on_a_terminal_the_total_is_counted(db_path: Path, many: int, subprocess_env) -> None:
    code, screen = run_on_terminal(["studies"], {**subprocess_env, "IVIG_DB": str(db_path)})
    assert code == 0
    assert f"showing {DEFAULT_TABLE_LIMIT} of {many} studies" in screen
