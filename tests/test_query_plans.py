"""Every list query uses an index: no full scan of studies or a child table, and no
temporary sort for the listing order. Checked with EXPLAIN QUERY PLAN on the SQL the
query functions actually send, over a database large enough for the planner to care."""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ivig_evidence.conflicts import list_conflicts
from ivig_evidence.doses import dose_report
from ivig_evidence.indications import indication_scope, resolve_indication
from ivig_evidence.positions import list_positions
from ivig_evidence.store.db import open_readonly
from ivig_evidence.studies import STUDY_ORDER, StudyFilters, iter_studies, list_studies

# Aliases the read queries give studies and its child tables.
GUARDED = {
    "studies",
    "s",
    "sx",
    "study_indications",
    "si",
    "statements",
    "st",
    "dose_regimens",
    "r",
    "r2",
    "regimen_indications",
    "ri",
    "ri2",
    "study_notes",
    "n",
}
SCAN = re.compile(r"SCAN (\w+)(.*)")
ORDERED_WALK = "INDEX ix_studies_listing"  # the one full walk allowed: in listing order


@pytest.fixture(scope="module")
def large_db(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "large.sqlite"
    shutil.copyfile(built_db, path)
    rng = random.Random(7)
    designs = ["rct", "open_label", "case_series", "observational", "review"]
    slugs = ["ra", "ra-refractory", "aosd", "sjia", "pjia", "ra-ild"]
    with sqlite3.connect(path) as conn:
        for i in range(4000):
            sid = f"syn-{i:05d}"
            conn.execute(
                "INSERT INTO studies (id, year, design, population, direction, n) "
                "VALUES (?, ?, ?, 'ra', ?, ?)",
                (
                    sid,
                    rng.choice([None, *range(1980, 2025)]),
                    rng.choice(designs),
                    rng.choice(["benefit", "no_benefit"]),
                    rng.choice([None, 5, 50]),
                ),
            )
            conn.execute(
                "INSERT INTO study_indications (study_id, indication_slug) VALUES (?, ?)",
                (sid, rng.choice(slugs)),
            )
            conn.execute(
                "INSERT INTO statements (id, document_id, quote, status, study_id) "
                "VALUES (?, 'droracle-2025', 'synthetic', 'unconfirmed', ?)",
                (f"st-{sid}", sid),
            )
            conn.execute(
                "INSERT INTO dose_regimens (id, study_id, context, amount_low, "
                "amount_high, unit, basis, repeat_interval, text, ambiguous) VALUES "
                "(?, ?, 'studied', 1, 1, 'g/kg', 'per_day', 'once', '1 g/kg', 0)",
                (f"{sid}-dose", sid),
            )
            conn.execute(
                "INSERT INTO regimen_indications (regimen_id, indication_slug) VALUES (?, ?)",
                (f"{sid}-dose", rng.choice(slugs)),
            )
        conn.execute("ANALYZE")
    return path


def traced(db: Path, call: Callable[[Any], object]) -> list[str]:
    conn = open_readonly(db)
    sent: list[str] = []
    conn.connection.set_trace_callback(sent.append)
    call(conn)
    conn.close()
    return [s for s in sent if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def problems(db: Path, statements: list[str]) -> list[str]:
    found = []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for sql in statements:
            plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
            for step in plan:
                match = SCAN.search(step)
                if match and match.group(1) in GUARDED and ORDERED_WALK not in match.group(2):
                    found.append(f"{step}  <=  {sql[:120]}")
                if STUDY_ORDER in sql and "TEMP B-TREE FOR ORDER BY" in step:
                    found.append(f"{step}  <=  {sql[:120]}")
    return found


def scope(conn: Any, slug: str) -> tuple[str, ...]:
    return tuple(indication_scope(conn, slug))


STUDY_QUERIES: dict[str, Callable[[Any], object]] = {
    "all": lambda c: list_studies(c, StudyFilters()),
    "design": lambda c: list_studies(c, StudyFilters(designs=("rct", "rct_withdrawal"))),
    "indication": lambda c: list_studies(c, StudyFilters(indication_scope=scope(c, "ra"))),
    "design and indication": lambda c: list_studies(
        c, StudyFilters(designs=("rct",), indication_scope=scope(c, "aosd"))
    ),
    "population": lambda c: list_studies(c, StudyFilters(populations=("aosd",))),
    "direction": lambda c: list_studies(c, StudyFilters(directions=("no_benefit",))),
    "years": lambda c: list_studies(c, StudyFilters(since=1990, until=2000)),
    "min n": lambda c: list_studies(c, StudyFilters(min_n=10)),
    "status": lambda c: list_studies(c, StudyFilters(statuses=("contradicted",))),
    "first rows only": lambda c: list(iter_studies(c, StudyFilters(designs=("rct",)), limit=101)),
}


@pytest.mark.parametrize("name", list(STUDY_QUERIES))
def test_study_list_queries_use_indexes(large_db: Path, name: str) -> None:
    statements = traced(large_db, STUDY_QUERIES[name])
    assert any(STUDY_ORDER in s for s in statements)
    assert problems(large_db, statements) == []


@pytest.mark.parametrize(
    "call",
    [
        lambda c: dose_report(c, resolve_indication(c, "aosd")),
        # (dose for the whole RA scope returns about half of all regimens here, where a
        # scan is the right plan; the guard is for queries that select.)
        lambda c: dose_report(c, resolve_indication(c, "pjia")),
        lambda c: list_positions(c, scope(c, "ra")),
        lambda c: list(list_conflicts(c, kinds=("contradicted",))),
    ],
    ids=["dose aosd", "dose pjia", "positions", "conflicts"],
)
def test_other_list_queries_use_indexes(large_db: Path, call: Callable[[Any], object]) -> None:
    assert problems(large_db, traced(large_db, call)) == []


def test_the_guard_can_fail(large_db: Path) -> None:
    sql = "SELECT s.id FROM studies s WHERE s.result = 'x' ORDER BY s.first_author"
    assert problems(large_db, [sql])  # a real table scan is reported
    with_order = f"SELECT s.id FROM studies s WHERE s.population = 'aosd' {STUDY_ORDER}"
    assert problems(large_db, [with_order]) == []
