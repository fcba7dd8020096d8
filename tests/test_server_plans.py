"""Writes on a PostgreSQL server reach their rows through indexes, as on a file.

A statement the server can only answer by reading a whole table costs nothing on
the curated data and seconds at a million studies (a DELETE of `import --update`
read all of `statements`: over 40 s for 100 studies). Each DELETE and UPDATE that
an update, its undo and `db forget` make is captured as it runs and planned again
with sequential scans priced out (``enable_seqscan = off``): a plan that still
reads a table from end to end has no other way to its rows.

Needs IVIG_TEST_DATABASE_URL (skipped without it, failed in CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event
from tests.test_curation import NEW_STUDY, write_json
from tests.test_history import recorded_write
from tests.test_postgres import scratch_url  # noqa: F401 (a fixture)


@pytest.fixture
def captured() -> Iterator[list[tuple[str, Any]]]:
    """The DELETE and UPDATE statements ivig's engines send, with their parameters."""
    statements: list[tuple[str, Any]] = []

    def capture(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool
    ) -> None:
        if statement.lstrip().upper().startswith(("DELETE", "UPDATE")):
            statements.append((statement, parameters[0] if many else parameters))

    event.listen(Engine, "before_cursor_execute", capture)
    yield statements
    event.remove(Engine, "before_cursor_execute", capture)


def test_an_update_its_undo_and_forgetting_them_on_the_server_reach_rows_through_indexes(
    ivig: Any,
    scratch_url: str,  # noqa: F811
    tmp_path: Path,
    captured: list[tuple[str, Any]],
) -> None:
    study = dict(NEW_STUDY, id="plan-1", citation={})
    assert ivig("--db-url", scratch_url, "import", str(write_json(tmp_path / "a.json", [study])))
    captured.clear()
    changed = dict(study, n=31)
    run = ivig(
        "--db-url",
        scratch_url,
        "import",
        "--update",
        str(write_json(tmp_path / "b.json", [changed])),
    )
    assert run.exit_code == 0, run.stderr
    deletes = [sql for sql, _ in captured if sql.lstrip().upper().startswith("DELETE")]
    assert len(deletes) >= 5, captured  # the study, its statements, regimens, links, notes
    undone = ivig("--db-url", scratch_url, "db", "undo", str(recorded_write(run.stderr)))
    assert undone.exit_code == 0, undone.stderr
    assert len(captured) > len(deletes) + 3  # the undo's own
    forgetting = len(captured)
    forgot = ivig("--db-url", scratch_url, "db", "forget", str(recorded_write(run.stderr)), "--yes")
    assert forgot.exit_code == 0, forgot.stderr
    assert any("history_rows" in sql for sql, _ in captured[forgetting:]), captured
    engine = create_engine(scratch_url)
    try:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("SET enable_seqscan = off")
            for sql, params in captured:
                cursor.execute(f"EXPLAIN {sql}", params)
                plan = "\n".join(str(row[0]) for row in cursor.fetchall())
                assert "Seq Scan" not in plan, f"{sql}\n{plan}"
        finally:
            raw.close()
    finally:
        engine.dispose()
