"""The planner's statistics stay fresh: an upgrade that adds indexes analyzes them, and
a write that has more than doubled the studies analyzes again. Without them SQLite may
take a new index for the best one: a million-study listing then sorts instead of
walking (measured: `studies --design rct` 0.17 s -> 0.8 s after an upgrade)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.test_upgrades import build_at, earlier_revisions


def analyzed(path: Path) -> dict[str, int]:
    """Each index's row count in sqlite_stat1."""
    with sqlite3.connect(path) as conn:
        return {idx: int(stat.split()[0]) for idx, stat in
                conn.execute("SELECT idx, stat FROM sqlite_stat1 WHERE idx IS NOT NULL")}  # fmt: skip


def indexes(path: Path, table: str) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
            )
        }


def study_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM studies").fetchone()[0])


@pytest.mark.parametrize(
    "revision",
    # The previous revision in the quick suite; the two before it with the slow group.
    [pytest.param(r, marks=pytest.mark.slow) for r in earlier_revisions()[-3:-1]]
    + earlier_revisions()[-1:],
)
def test_an_upgrade_leaves_statistics_for_every_index(
    ivig: Any, tmp_path: Path, revision: str
) -> None:
    path = tmp_path / "old.sqlite"
    build_at(path, revision)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE IF EXISTS sqlite_stat1")  # as a file never analyzed
    assert ivig("--db", str(path), "db", "upgrade").exit_code == 0
    stats = analyzed(path)
    for table in ("studies", "dose_regimens", "study_indications"):
        missing = {i for i in indexes(path, table) if not i.startswith("sqlite_")} - set(stats)
        assert not missing, (table, missing)


def records(count: int) -> str:
    return "\n".join(
        json.dumps(
            {
                "id": f"grown-{i:04d}",
                "first_author": "Grown",
                "year": 2000,
                "design": "case_series",
                "population": "ra",
                "direction": "benefit",
                "n": 3,
                "indications": ["ra"],
                "outcome": "Improved.",
                "sources": [{"document": "droracle-2025", "quote": f"Sentence {i}."}],
            }
        )
        for i in range(count)
    )


def test_a_write_that_doubles_the_studies_analyzes_and_a_small_one_does_not(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    before = study_count(db_path)
    baseline = analyzed(db_path)["sqlite_autoindex_studies_1"]
    assert baseline == before  # the build analyzed what it loaded

    small = tmp_path / "small.jsonl"
    small.write_text(records(before // 2), encoding="utf-8")
    assert ivig("import", str(small), "--db", str(db_path)).exit_code == 0
    assert analyzed(db_path)["sqlite_autoindex_studies_1"] == baseline  # grown, not doubled

    large = tmp_path / "large.jsonl"
    large.write_text(records(before * 3), encoding="utf-8")
    assert ivig("import", str(large), "--db", str(db_path)).exit_code == 0
    assert analyzed(db_path)["sqlite_autoindex_studies_1"] == study_count(db_path)
