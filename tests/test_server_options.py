"""Choosing a database server: URL options, environment, and the missing-driver message.
These need no server, so they always run."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_missing_driver_names_the_extra(ivig) -> None:
    run = ivig("--db-url", "postgresql+pg8000://user@127.0.0.1:1/ivig", "studies")
    assert run.exit_code == 1
    assert "pip install 'ivig-evidence[postgres]'" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_unreachable_server_is_one_line(ivig) -> None:
    run = ivig("--db-url", "postgresql+psycopg://nobody:secret@127.0.0.1:1/ivig", "studies")
    assert run.exit_code == 1 and "cannot connect to" in run.stderr
    assert "secret" not in run.stderr  # the password never shows
    assert len(run.stderr.strip().splitlines()) == 1


def test_url_from_the_environment_and_db_path(ivig, monkeypatch) -> None:
    monkeypatch.setenv("IVIG_DATABASE_URL", "postgresql+psycopg://ivig:secret@db.example/ivig")
    assert ivig("db", "path").stdout.strip() == "postgresql+psycopg://ivig:***@db.example/ivig"


def test_db_and_db_url_together_is_a_usage_error(ivig, tmp_path: Path) -> None:
    run = ivig("--db-url", "postgresql+psycopg://x@h/db", "studies", "--db", str(tmp_path / "x"))
    assert run.exit_code == 2 and "not both" in run.stderr


def test_a_sqlite_url_is_pointed_to_db(ivig) -> None:
    run = ivig("--db-url", "sqlite:///x.sqlite", "studies")
    assert run.exit_code == 2 and "--db" in run.stderr


@pytest.mark.parametrize("driver", ["postgresql+psycopg", "postgresql"])
def test_a_port_that_is_not_a_number_is_one_line_without_the_password(ivig, driver: str) -> None:
    run = ivig("--db-url", f"{driver}://me:secret@127.0.0.1:abc/ivig", "studies")
    assert run.exit_code == 1
    assert run.stderr.startswith(f"ivig: error: not a database URL: {driver}://me:***@")
    assert "secret" not in run.stderr and run.stderr.count("\n") == 1
