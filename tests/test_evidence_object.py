"""The database as one object (database.Evidence): its kind decided once, by where the
database is; reads, writes and backups through it on a real file."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from ivig_evidence.database import Evidence, FileEvidence, ServerEvidence
from ivig_evidence.errors import UsageError

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "ivig_evidence"


def test_the_kind_is_decided_by_where_the_database_is_and_nothing_connects(
    db_path: Path,
) -> None:
    assert isinstance(Evidence.open(db_path), FileEvidence)
    assert isinstance(Evidence.open(), FileEvidence)  # $IVIG_DB, as the CLI reads it
    server = Evidence.open(url="postgresql+psycopg://ivig:secret@127.0.0.1:1/nowhere")
    assert isinstance(server, ServerEvidence)
    assert server.name == "postgresql+psycopg://ivig:***@127.0.0.1:1/nowhere"
    with pytest.raises(UsageError, match="not both"):
        Evidence.open(db_path, url="postgresql+psycopg://127.0.0.1:1/nowhere")


def test_a_server_refuses_what_only_a_file_has_before_connecting() -> None:
    server = Evidence.open(url="postgresql+psycopg://127.0.0.1:1/nowhere")
    with pytest.raises(UsageError, match="^backups are of SQLite files"):
        server.backups()
    with pytest.raises(UsageError, match="^backups are of SQLite files"):
        server.restore()
    with pytest.raises(UsageError, match="^a database server recovers interrupted writes"):
        server.recover()


def test_a_file_is_read_written_and_reported_through_the_one_object(db_path: Path) -> None:
    def count(where: str) -> int:
        with sqlite3.connect(db_path) as conn:
            return int(conn.execute(f"SELECT count(*) FROM studies WHERE {where}").fetchone()[0])

    with Evidence.open(db_path) as database:
        studies = database.reader().execute("SELECT count(*) AS n FROM studies").fetchone()
        assert studies is not None and studies["n"] == database.status().counts["studies"]
        assert database.status().up_to_date and database.backups() == []

        from sqlalchemy import text

        with pytest.raises(RuntimeError), database.write("a test: half done") as conn:
            conn.execute(
                text("UPDATE studies SET comparator = 'half done' WHERE id = 'muscat-1995'")
            )
            raise RuntimeError("interrupted")
        assert count("comparator = 'half done'") == 0  # all of a write or none of it

        with database.write("a test: done") as conn:
            conn.execute(text("UPDATE studies SET comparator = 'done' WHERE id = 'muscat-1995'"))
        assert count("comparator = 'done'") == 1


def _modules_asking_file_or_server() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.Attribute) and n.attr == "is_server" for n in ast.walk(tree)):
            found.append(str(path.relative_to(PACKAGE)))
    return found


def test_file_or_server_is_decided_in_the_database_object_only() -> None:
    """A command or a store module that asks whether the database is a server is a
    branch the kinds of database.Evidence exist to hold."""
    assert _modules_asking_file_or_server() == ["database.py"]
