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
from ivig_evidence.counts import design_counts, live_design_counts
from ivig_evidence.doses.report import dose_report
from ivig_evidence.indications import indication_scope, list_indications, resolve_indication
from ivig_evidence.positions import list_positions
from ivig_evidence.store.db import open_readonly
from ivig_evidence.studies import (
    STUDY_ORDER,
    StudyFilters,
    design_groups,
    iter_studies,
    list_studies,
)

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
                # Sorting a handful of ids named in the query is cheap; a listing must not sort.
                by_ids = re.search(r"s\.id IN \(", sql) is not None
                if STUDY_ORDER in sql and "TEMP B-TREE FOR ORDER BY" in step and not by_ids:
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


@pytest.mark.parametrize(
    "call",
    [
        lambda c: design_groups(c, scope(c, "aosd"), 5),
        lambda c: design_groups(c, scope(c, "pjia"), 5),
        lambda c: live_design_counts(c, rollup=True, only="aosd"),
        lambda c: list_indications(c, only="sjia"),
    ],
    ids=["evidence groups aosd", "evidence groups pjia", "counts for one", "one indication"],
)
def test_summary_queries_follow_the_indication_links(
    large_db: Path, call: Callable[[Any], object]
) -> None:
    """A summary of one indication reads that indication's links through their index and
    looks studies up by key: no scan of studies or of a child table per row."""
    assert problems(large_db, traced(large_db, call)) == []


def test_whole_database_summaries_come_from_the_counts_kept_on_write(large_db: Path) -> None:
    """`indications` and `map` over every indication read the stored counts, not the
    studies (large_db was filled with raw inserts: its counts are refreshed first)."""
    from ivig_evidence.counts import keep_in_step
    from ivig_evidence.store.db import write_engine

    engine = write_engine(large_db)
    with engine.begin() as conn:
        keep_in_step(conn)
    engine.dispose()
    statements = traced(large_db, lambda c: design_counts(c, rollup=True))
    assert statements and not any(re.search(r"\bJOIN studies\b", s) for s in statements)
    assert problems(large_db, statements) == []


def test_the_strongest_studies_of_a_design_are_walked_not_sorted(large_db: Path) -> None:
    statements = [
        s
        for s in traced(large_db, lambda c: design_groups(c, scope(c, "aosd"), 5, root="aosd"))
        if "s.design = " in s
    ]
    assert statements
    with sqlite3.connect(f"file:{large_db}?mode=ro", uri=True) as conn:
        for sql in statements:
            plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "ix_studies_strongest" in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize(
    "call",
    [
        lambda c: list(
            iter_studies(c, StudyFilters(designs=("rct",), indication_scope=scope(c, "aosd")), 101)
        ),
        lambda c: design_groups(c, scope(c, "aosd"), 5),
    ],
    ids=["studies -i aosd", "evidence groups aosd"],
)
def test_a_candidates_indications_are_looked_up_within_the_scope(
    large_db: Path, call: Callable[[Any], object]
) -> None:
    """Whether a candidate study is in an indication's scope is looked up in the
    (indication, study) index, whose scope entries lie together, not in the primary key
    (study, indication), which at a million studies puts each lookup on a page of its own."""
    lookups = [s for s in traced(large_db, call) if "EXISTS (SELECT 1 FROM study_indications" in s]
    assert lookups
    for sql in lookups:
        plan = plan_of(large_db, sql)
        assert "ix_study_indications_scope" in plan, plan
        assert "sqlite_autoindex_study_indications_1" not in plan, plan


def test_a_positions_statements_are_read_by_the_positions_ids(large_db: Path) -> None:
    """Not through a subquery on positions: PostgreSQL's planner misjudged one at a
    million studies (nearly every statement is about a study) and sorted them all."""
    statements = traced(large_db, lambda c: list_positions(c, scope(c, "ra")))
    reads = [s for s in statements if "st.position_id IN" in s]
    assert reads and not any("SELECT p.id FROM positions" in s for s in reads), reads


def plan_of(db: Path, sql: str) -> str:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))


def test_an_indications_first_regimens_are_walked_not_sorted(large_db: Path) -> None:
    """`dose`, `evidence` and `show` list an indication's first regimens: suggested ones
    from their index, the rest in key order, stopping when enough are found. RA covers
    about half of the regimens here: gathering and sorting them all is what this stops."""
    statements = traced(large_db, lambda c: dose_report(c, resolve_indication(c, "ra"), 20))
    reads = [s for s in statements if re.search(r"FROM (\(SELECT \* FROM )?dose_regimens", s)]
    assert reads
    plans = [plan_of(large_db, sql) for sql in reads]
    assert "ix_dose_regimens_context_id" in plans[0], plans[0]
    for sql, plan in zip(reads, plans, strict=True):
        assert "TEMP B-TREE" not in plan and "LIST SUBQUERY" not in plan, (plan, sql)


def test_disagreements_of_an_indication_read_only_what_disagrees(large_db: Path) -> None:
    """The regimens a record reads differently come from their partial index, and the
    contradicted statements of a broad indication are probed, not matched against a
    list of all its studies."""
    from ivig_evidence.conflicts import CONTRADICTED, READING_DIFFERS

    statements = traced(
        large_db,
        lambda c: list(
            list_conflicts(c, scope=scope(c, "ra"), kinds=(CONTRADICTED, READING_DIFFERS))
        ),
    )
    plans = [plan_of(large_db, sql) for sql in statements if "FROM statements st" in sql or
             "FROM dose_regimens r" in sql]  # fmt: skip
    assert len(plans) == 2
    assert any("ix_dose_regimens_record_basis" in plan for plan in plans), plans
    for plan in plans:
        steps = plan.split(" | ")
        gathered = [
            after for step, after in zip(steps, steps[1:], strict=False)
            if step.startswith("LIST SUBQUERY") and re.search(r"\b(si|ri)\b", after)
        ]  # fmt: skip
        assert gathered == [], plan
        assert not any(SCAN.search(step) and re.search(r"\b(st|r)\b", step) for step in steps)


@pytest.mark.parametrize("walk_rows", [1, 50, 10**9], ids=["direct", "walk then direct", "walk"])
@pytest.mark.parametrize("slug", ["ra", "aosd", "rhupus", "pjia", "ra-ild", "mctd-ild"])
@pytest.mark.parametrize("limit", [0, 1, 3, 20])
def test_the_first_regimens_are_the_first_of_the_whole_list(
    large_db: Path, monkeypatch: pytest.MonkeyPatch, walk_rows: int, slug: str, limit: int
) -> None:
    """However they are found (a walk of the key, a direct lookup, or both), the first
    regimens shown are the first of the full list, suggested ones first, each once;
    and `more` says whether the full list is longer."""
    from ivig_evidence.doses import report as doses

    monkeypatch.setattr(doses, "WALK_ROWS", walk_rows)
    conn = open_readonly(large_db)
    try:
        indication = resolve_indication(conn, slug)
        whole = dose_report(conn, indication)
        first = dose_report(conn, indication, limit)
        assert [r.id for r in first.regimens] == [r.id for r in whole.regimens][:limit]
        assert first.regimens == whole.regimens[:limit]
        assert first.more == (len(whole.regimens) > limit)
        assert doses.count_regimens(conn, first.scope) == len(whole.regimens)
    finally:
        conn.close()


def _index_entries(db: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with sqlite3.connect(db) as conn:
        indexed = sorted(conn.execute("SELECT kind, ref_id, rowid FROM search_index"))
        mapped = sorted(conn.execute("SELECT kind, ref_id, row FROM search_index_rows"))
    return indexed, mapped


def test_search_entries_are_removed_by_key(db_path: Path) -> None:
    """FTS5 cannot index kind and ref_id: a trigger that deletes by them scans the
    whole index for every row changed (3 s a study at a million). Every search
    trigger deletes through search_index_rows, whose key finds the entries."""
    with sqlite3.connect(db_path) as conn:
        triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        deleting = {n: sql for n, sql in triggers.items() if "DELETE FROM search_index " in sql}
        assert len(deleting) >= 14  # an update and a delete trigger per searched table
        for name, sql in deleting.items():
            assert "DELETE FROM search_index WHERE rowid IN (SELECT row FROM" in sql, name
        plan = " | ".join(
            row[3]
            for row in conn.execute(
                "EXPLAIN QUERY PLAN DELETE FROM search_index WHERE rowid IN (SELECT row FROM "
                "search_index_rows WHERE kind = 'study' AND ref_id = 'kanik-1996')"
            )
        )
    assert "SEARCH search_index_rows USING PRIMARY KEY (kind=? AND ref_id=?)" in plan, plan
    assert "SCAN search_index_rows" not in plan


def test_the_search_map_follows_every_write(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    from tests.test_curation import NEW_STUDY, write_json

    indexed, mapped = _index_entries(db_path)
    assert indexed and indexed == mapped
    record = dict(NEW_STUDY, id="map-1", outcome="An ocelot outcome.")
    assert ivig("import", str(write_json(tmp_path / "a.json", [record]))).exit_code == 0
    replaced = dict(record, outcome="A lynx outcome.")
    run = ivig("import", str(write_json(tmp_path / "b.json", [replaced])), "--update")
    assert run.exit_code == 0 and "replaced local study map-1" in run.stderr
    assert ivig("search", "ocelot", "-f", "json").json() == []
    assert [h["id"] for h in ivig("search", "lynx", "-f", "json").json()] == ["map-1"]
    with sqlite3.connect(db_path) as conn:  # another tool's changes too
        conn.execute("UPDATE studies SET note = 'a serval note' WHERE id = 'map-1'")
        gone = {r[0] for r in conn.execute("SELECT id FROM statements WHERE study_id = 'map-1'")}
        conn.execute("DELETE FROM statements WHERE study_id = 'map-1'")
    assert gone
    assert {h["field"] for h in ivig("search", "serval", "-f", "json").json()} == {"note"}
    indexed, mapped = _index_entries(db_path)
    assert indexed == mapped
    assert not [entry for entry in mapped if entry[0] == "statement" and entry[1] in gone]
