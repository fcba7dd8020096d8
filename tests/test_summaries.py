"""Counts kept in step on write: `indications` and `map` read them while they still
describe the data, and count afresh the moment they do not."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import add_study_args


def ra_rcts(ivig: Any) -> int:
    (ra,) = [i for i in ivig("indications", "-f", "json").json() if i["slug"] == "ra"]
    return int(ra["studies_by_design"].get("rct", 0))


def stored(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as conn:
        return {
            name: json.loads(p)
            for name, p in conn.execute("SELECT name, payload FROM summary_counts")
        }


def test_a_build_stores_the_counts_the_views_show(ivig: Any, db_path: Path) -> None:
    kept = stored(db_path)
    assert set(kept) == {"design_counts:rollup", "design_counts:flat"}
    assert kept["design_counts:rollup"]["ra"]["rct"]["studies"] == ra_rcts(ivig)


def test_a_change_made_with_another_tool_is_counted_afresh(ivig: Any, db_path: Path) -> None:
    before = ra_rcts(ivig)
    with sqlite3.connect(db_path) as conn:  # not through ivig: the stored counts are stale
        conn.execute(
            "INSERT INTO studies (id, design, population, direction) "
            "VALUES ('zz-outside', 'rct', 'ra', 'benefit')"
        )
        conn.execute(
            "INSERT INTO study_indications (study_id, indication_slug) VALUES ('zz-outside', 'ra')"
        )
    assert ra_rcts(ivig) == before + 1
    rows = {r["indication"]: r["cells"] for r in ivig("map", "-f", "json").json()}
    assert rows["ra"]["rct"]["studies"] == before + 1


def test_a_write_through_ivig_stores_fresh_counts(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    before = ra_rcts(ivig)
    run = ivig(*add_study_args("--indication", "ra", "--first-author", "Novak", "--year", "2024"))
    assert run.exit_code == 0, run.stderr
    assert stored(db_path)["design_counts:rollup"]["ra"]["rct"]["studies"] == before + 1
    assert ra_rcts(ivig) == before + 1
