"""The row history: every write recorded with its before-images, `ivig db history`,
`ivig db undo` on SQLite and PostgreSQL, and whole-file backups only where the
history cannot undo (an upgrade, a restore, `db init --force`, `ivig db backup`).

Each walk compares every row of every data table before and after, on a real file
and on a real server (IVIG_TEST_DATABASE_URL; skipped without one, failed in CI).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import add_study_args
from tests.test_curation import NEW_STUDY, write_json

from ivig_evidence.store.backups import list_backups
from ivig_evidence.store.db import SCHEMA_REVISION
from ivig_evidence.store.tables import TABLE_ORDER

SERVER = os.environ.get("IVIG_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, db_path: Path) -> Iterator[list[str]]:
    """The database option of each engine: a file, or a fresh database on the server."""
    if request.param == "sqlite":
        yield ["--db", str(db_path)]
        return
    if not SERVER:
        if os.environ.get("CI"):
            pytest.fail("CI must test PostgreSQL: set IVIG_TEST_DATABASE_URL", pytrace=False)
        pytest.skip("no PostgreSQL server (set IVIG_TEST_DATABASE_URL)")
    from tests.test_postgres import _build, _create_database, _drop_database

    name = f"ivig_hist_{uuid.uuid4().hex[:10]}"
    url = _build(_create_database(name))
    yield ["--db-url", url]
    _drop_database(name)


def every_row(target: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table, in key order: what an undo must give back."""
    from sqlalchemy import create_engine, inspect, text

    url = target[1] if target[0] == "--db-url" else f"sqlite:///{target[1]}"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = {}
            for table in TABLE_ORDER:
                key = inspect(conn).get_pk_constraint(table)["constrained_columns"]
                order = ", ".join(f'"{c}"' for c in key)
                found[table] = [
                    tuple(row)
                    for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY {order}"))
                ]
            return found
    finally:
        engine.dispose()


def recorded_write(said: str) -> int:
    found = re.search(r"recorded as write (\d+)", said)
    assert found, said
    return int(found.group(1))


def studies_file(tmp_path: Path, name: str, studies: list[dict[str, Any]]) -> str:
    return str(write_json(tmp_path / f"{name}.json", studies))


def study(number: int, **changes: Any) -> dict[str, Any]:
    base = dict(NEW_STUDY, id=f"h-{number}", first_author=f"Hist{number}", citation={})
    base["doses"] = [dict(NEW_STUDY["doses"][0], amount_low=0.4, amount_high=1.1)]
    return {**base, **changes}


def test_add_import_update_and_undo_give_back_every_row(
    ivig: Any, target: list[str], tmp_path: Path
) -> None:
    """Each write undone in turn, newest first, gives back every row of every table
    as it was before that write, and the summaries that `indications` shows."""
    snapshots = [every_row(target)]
    counts = [ivig(*target, "indications", "-f", "json").stdout]
    changed = study(1, n=40, design="rct", outcome="Thirty of forty improved.")
    writes = []
    for args in (
        add_study_args("--id", "h-added", "--first-author", "Added"),
        ["import", studies_file(tmp_path, "two", [study(1), study(2)])],
        ["import", "--update", studies_file(tmp_path, "upd", [changed])],
    ):
        run = ivig(*target, *args)
        assert run.exit_code == 0, run.stderr
        writes.append(recorded_write(run.stderr))
        snapshots.append(every_row(target))
        counts.append(ivig(*target, "indications", "-f", "json").stdout)
        assert snapshots[-1] != snapshots[-2]
    snapshots.pop(), counts.pop()  # the state after the last write: nothing to go back to

    history = ivig(*target, "db", "history", "-f", "json").json()
    assert [w["write"] for w in history] == writes[::-1]
    assert [w["command"].split()[:2] for w in history] == [["ivig", "import"]] * 2 + [
        ["ivig", "add"]
    ]
    assert history[0]["command"].endswith("--update") and history[0]["removed"] > 0
    assert history[1]["added"] > 0 and history[1]["removed"] == 0

    for write in reversed(writes):
        undone = ivig(*target, "db", "undo", str(write))
        assert undone.exit_code == 0, undone.stderr
        assert f"undid write {write}" in undone.stderr
        assert every_row(target) == snapshots.pop()
        assert ivig(*target, "indications", "-f", "json").stdout == counts.pop()
    after = ivig(*target, "db", "history", "-f", "json").json()
    assert [w["undoes"] for w in after[:3]] == writes  # each undo is itself a write
    assert {w["write"]: w["undone_by"] for w in after}[writes[0]] == after[0]["write"]


def test_undo_refuses_when_a_later_write_touched_the_same_rows(
    ivig: Any, target: list[str], tmp_path: Path
) -> None:
    original = every_row(target)
    first = ivig(*target, "import", studies_file(tmp_path, "one", [study(1), study(2)]))
    later = ivig(*target, "import", "--update", studies_file(tmp_path, "upd", [study(2, n=3)]))
    apart = ivig(*target, "import", studies_file(tmp_path, "other", [study(3)]))
    writes = [recorded_write(run.stderr) for run in (first, later, apart)]
    before = every_row(target)
    history = ivig(*target, "db", "history", "-f", "json").stdout

    refused = ivig(*target, "db", "undo", str(writes[0]))

    assert refused.exit_code == 1
    assert refused.stderr == (
        f"ivig: error: cannot undo write {writes[0]}: write {writes[1]} changed statements "
        f"st-h-2-1 since (undo write {writes[1]} first); nothing was changed.\n"
    )
    assert every_row(target) == before
    assert ivig(*target, "db", "history", "-f", "json").stdout == history  # no write added
    # A write on other rows is no obstacle: the third import undoes on its own.
    assert ivig(*target, "db", "undo", str(writes[2])).exit_code == 0
    again = ivig(*target, "db", "undo", str(writes[2]))
    assert again.exit_code == 1 and f"write {writes[2]} was undone by write" in again.stderr
    # The later write undone, the first can be: a write and its undo cancel out.
    assert ivig(*target, "db", "undo", str(writes[1])).exit_code == 0
    undone = ivig(*target, "db", "undo", str(writes[0]))
    assert undone.exit_code == 0, undone.stderr
    assert every_row(target) == original


@pytest.mark.parametrize("write", ["999", "1"])
def test_undo_of_a_write_not_in_the_history_is_one_line(
    ivig: Any, target: list[str], write: str
) -> None:
    """Write 1 is the id the undo itself would take on a database without writes: it is
    no write to undo either (the undo once undid itself and reported success)."""
    before = every_row(target)
    run = ivig(*target, "db", "undo", write)
    assert run.exit_code == 1
    assert run.stderr == (
        f"ivig: error: no write {write} in the history (`ivig db history` lists them); "
        "nothing was changed.\n"
    )
    assert every_row(target) == before
    assert ivig(*target, "db", "history", "-f", "json").json() == []


def test_undo_refuses_a_row_another_tool_changed_since(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    run = ivig("import", studies_file(tmp_path, "one", [study(1)]))
    write = recorded_write(run.stderr)
    with sqlite3.connect(db_path) as conn:  # the triggers record another tool's change too
        conn.execute("UPDATE studies SET n = 99 WHERE id = 'h-1'")
    refused = ivig("db", "undo", str(write))
    assert refused.exit_code == 1
    assert "another tool changed studies h-1 since" in refused.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT n FROM studies WHERE id = 'h-1'").fetchone() == (99,)


def test_a_real_number_comes_back_exactly(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    """SQLite's JSON keeps 15 digits; the history keeps a real's 17, so an undone
    replacement puts back the same double."""
    exact = 0.1 + 0.2  # 0.30000000000000004: 15 digits read back as 0.3
    first = dict(study(1), doses=[dict(NEW_STUDY["doses"][0], amount_low=exact)])
    ivig("import", studies_file(tmp_path, "one", [first]))
    run = ivig("import", "--update", studies_file(tmp_path, "upd", [study(1)]))
    assert ivig("db", "undo", str(recorded_write(run.stderr))).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        (amount,) = conn.execute(
            "SELECT amount_low FROM dose_regimens WHERE study_id = 'h-1'"
        ).fetchone()
    assert amount == exact


def test_history_in_csv_and_a_table_newest_first(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    empty = ivig("db", "history")
    assert empty.exit_code == 0 and empty.stdout == ""
    assert empty.stderr == "no writes recorded yet\n"
    for number in (1, 2, 3):
        ivig("import", studies_file(tmp_path, str(number), [study(number)]))
    csv = ivig("db", "history", "-f", "csv", "--limit", "2").stdout.splitlines()
    assert csv[0] == "write,at,command,role,added,changed,removed,undoes"
    assert [line.split(",")[0] for line in csv[1:]] == ["3", "2"]
    assert csv[1].split(",")[2] == f"ivig import {tmp_path / '3.json'}"
    table = ivig("db", "history").stdout
    assert table.index("ivig import") and table.splitlines()[0].split()[:3] == [
        "write",
        "at",
        "command",
    ]


def test_an_ordinary_write_takes_no_backup_and_db_backup_takes_one(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    assert ivig("import", studies_file(tmp_path, "one", [study(1)])).exit_code == 0
    assert ivig(*add_study_args("--id", "h-added", "--first-author", "Added")).exit_code == 0
    assert list_backups(db_path) == []
    taken = ivig("db", "backup")
    assert taken.exit_code == 0, taken.stderr
    (backup,) = list_backups(db_path)
    assert taken.stderr == f"backed up {db_path} to {backup.name}\n"
    with sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True) as conn:
        found = conn.execute("SELECT id FROM studies WHERE origin = 'local' ORDER BY id")
        assert [row[0] for row in found] == ["h-1", "h-added"]


def test_a_release_refresh_is_kept_apart_and_not_undone(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    """`db upgrade` refreshing the curated rows is the release's history: listed with
    --release, never among a curator's writes, and undone by its backup instead."""
    with sqlite3.connect(db_path) as conn:  # an older release: the upgrade refreshes it
        conn.execute("UPDATE data_release SET version = '2000.1.1'")
        conn.execute("UPDATE studies SET n = 77 WHERE id = 'silverman-1994'")
    ivig("import", studies_file(tmp_path, "one", [study(1)]))
    upgraded = ivig("db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.stderr
    release = ivig("db", "history", "--release", "-f", "json").json()
    assert [w["command"] for w in release] == ["ivig db upgrade"]
    assert release[0]["scope"] == "release" and release[0]["changed"] >= 1
    local = ivig("db", "history", "-f", "json").json()
    assert [w["scope"] for w in local] == ["local"]
    refused = ivig("db", "undo", str(release[0]["write"]))
    assert refused.exit_code == 1 and "is the curated release's" in refused.stderr
    assert "ivig db restore --list" in refused.stderr
    assert len(list_backups(db_path)) == 1  # the upgrade backed the file up first


def test_a_build_records_nothing_and_another_tools_insert_only_where_counted(
    db_path: Path,
) -> None:
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM history_rows").fetchone() == (0,)
        conn.execute(
            "INSERT INTO publications (id, kind, title) VALUES ('h-pub', 'review', 'A title')"
        )
        assert conn.execute("SELECT count(*) FROM history_rows").fetchone() == (0,)
        conn.execute(  # a study: the kept summaries count it, so its insert is recorded
            "INSERT INTO studies (id, design, population, direction) "
            "VALUES ('h-other-tool', 'rct', 'ra', 'benefit')"
        )
        assert conn.execute(
            "SELECT write_id, table_name, row_key, action FROM history_rows"
        ).fetchall() == [(None, "studies", '["h-other-tool"]', "insert")]
        assert conn.execute("SELECT count(*) FROM history_open").fetchone() == (0,)


@pytest.mark.parametrize(
    "change",
    [
        ["UPDATE studies SET design = 'rct', n = NULL WHERE id = 'aosd-korean-cohort-2012'"],
        ["DELETE FROM study_indications WHERE study_id = 'aosd-korean-cohort-2012'"],
        [
            "INSERT INTO studies (id, design, population, direction, n) "
            "VALUES ('h-other', 'open_label', 'ra', 'mixed', 7)",
            "INSERT INTO study_indications (study_id, indication_slug) VALUES ('h-other', 'aosd')",
            "UPDATE studies SET n = 8 WHERE id = 'h-other'",
        ],
        [
            "UPDATE study_indications SET indication_slug = 'ra' WHERE study_id = 'aosd-korean-cohort-2012'"
        ],
    ],
)
def test_summaries_after_another_tools_change_match_a_fresh_count(
    ivig: Any, db_path: Path, tmp_path: Path, change: list[str]
) -> None:
    """After another tool's change, `indications` and `map` bring the kept counts in step
    by the changes the history recorded: the same as counting every study afresh."""
    ivig("import", studies_file(tmp_path, "one", [study(1)]))  # counts kept, then a change
    with sqlite3.connect(db_path) as conn:
        for statement in change:
            assert conn.execute(statement).rowcount == 1, statement
    fresh = tmp_path / "fresh.sqlite"
    with sqlite3.connect(db_path) as source, sqlite3.connect(fresh) as target:
        source.backup(target)
        target.execute("DELETE FROM summary_counts WHERE name LIKE 'design_counts%'")
    for command in (["indications", "-f", "json"], ["map", "-f", "json"]):
        kept = ivig("--db", str(db_path), *command)
        assert kept.exit_code == 0, kept.stderr
        assert kept.stdout == ivig("--db", str(fresh), *command).stdout, command
    # The next ivig write starts from them too, and stores them in step.
    ivig("import", studies_file(tmp_path, "two", [study(2)]))
    with sqlite3.connect(fresh) as target:
        target.execute("INSERT INTO studies (id, design, population, direction, n) "
                       "VALUES ('h-2', 'case_series', 'ra', 'benefit', 12)")  # fmt: skip
        target.execute("INSERT INTO study_indications VALUES ('h-2', 'ra', 'local')")
    assert (
        ivig("--db", str(db_path), "indications", "-f", "json").stdout
        == ivig("--db", str(fresh), "indications", "-f", "json").stdout
    )


def test_every_data_table_records_every_column(db_path: Path) -> None:
    """A migration that adds a column must recreate its table's history triggers
    (revision 0021's ``install``): otherwise an undo would lose that column."""
    with sqlite3.connect(db_path) as conn:
        triggers = dict(
            conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        )
        for table in TABLE_ORDER:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            for event in ("update", "delete"):
                sql = triggers[f"history_{table}_{event}"]
                image = sql[sql.index("json_object(") :]
                assert [c for c in columns if f"'{c}'" not in image] == [], (table, event)
            assert f"history_{table}_insert" in triggers


def test_history_is_not_exported(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    ivig("import", studies_file(tmp_path, "one", [study(1)]))
    assert ivig("export", "--out", str(tmp_path / "out")).exit_code == 0
    names = {p.stem for p in (tmp_path / "out").iterdir()}
    assert not any(name.startswith("history") for name in names)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["schema_revision"] == SCHEMA_REVISION


def test_a_write_that_changed_rows_in_place_is_set_back(
    ivig: Any, target: list[str], tmp_path: Path
) -> None:
    """No ivig command changes a local row in place today (an --update replaces it), but
    the history keeps an UPDATE's before-image like any other: an undo sets it back."""
    from ivig_evidence.database import Evidence

    ivig(*target, "import", studies_file(tmp_path, "one", [study(1)]))
    before = every_row(target)
    if target[0] == "--db":
        database = Evidence.open(db=Path(target[1]))
    else:
        database = Evidence.open(url=target[1])
    with database.write("a change in place") as conn:
        conn.exec_driver_sql(
            "UPDATE dose_regimens SET amount_low = 0.30000000000000004, note = 'changed' "
            "WHERE study_id = 'h-1'"
        )
        conn.exec_driver_sql("UPDATE studies SET n = 99, design = 'rct' WHERE id = 'h-1'")
    (write,) = ivig(*target, "db", "history", "-f", "json", "--limit", "1").json()
    assert (write["command"], write["changed"], write["added"]) == ("a change in place", 2, 0)
    assert every_row(target) != before
    undone = ivig(*target, "db", "undo", str(write["write"]))
    assert undone.exit_code == 0, undone.stderr
    assert "set back 2" in undone.stderr
    assert every_row(target) == before


def history_rows(target: list[str]) -> list[tuple[int | None, str, str]]:
    """(write, table, key) of every history row, in the order recorded."""
    from sqlalchemy import create_engine, text

    url = target[1] if target[0] == "--db-url" else f"sqlite:///{target[1]}"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = conn.execute(
                text("SELECT write_id, table_name, row_key FROM history_rows ORDER BY id")
            )
            return [(row[0], row[1], row[2]) for row in found]
    finally:
        engine.dispose()


def test_forget_frees_the_oldest_writes_and_leaves_the_rows_and_the_rest_undoable(
    ivig: Any, target: list[str], tmp_path: Path
) -> None:
    """`db forget WRITE --yes` takes that write and the older ones out of the history:
    no row of the data changes, nor the counts `indications` shows; the forgotten
    writes cannot be undone, the newer ones still can."""
    writes, states = [], []
    for number in (1, 2, 3):
        states.append(every_row(target))
        run = ivig(*target, "import", studies_file(tmp_path, str(number), [study(number)]))
        assert run.exit_code == 0, run.stderr
        writes.append(recorded_write(run.stderr))
    rows, counts = every_row(target), ivig(*target, "indications", "-f", "json").stdout
    recorded = history_rows(target)
    kept_rows = [row for row in recorded if row[0] == writes[2]]
    status = ivig(*target, "db", "status", "-f", "json").json()[0]["history"]
    assert status == {"writes": 3, "oldest": writes[0], "newest": writes[2], "rows": len(recorded)}
    (line,) = [
        x for x in ivig(*target, "db", "status").stdout.splitlines() if x.startswith("row history")
    ]
    assert line.split(None, 2)[2] == (
        f"3 writes, {writes[0]} to {writes[2]}; {len(recorded):,} rows (`ivig db forget "
        "WRITE` takes the oldest out)"
    )

    forgot = ivig(*target, "db", "forget", str(writes[1]), "--yes")
    assert forgot.exit_code == 0, forgot.stderr
    assert forgot.stderr == (
        f"forgot 2 writes, through {writes[1]} ({len(recorded) - len(kept_rows)} history "
        f"rows); the history now begins at write {writes[2]}\n"
    )
    assert every_row(target) == rows
    assert ivig(*target, "indications", "-f", "json").stdout == counts
    assert [w["write"] for w in ivig(*target, "db", "history", "-f", "json").json()] == [
        writes[2]
    ]  # and the forgetting left no write of its own
    assert history_rows(target) == kept_rows
    status = ivig(*target, "db", "status", "-f", "json").json()[0]["history"]
    assert status == {"writes": 1, "oldest": writes[2], "newest": writes[2], "rows": len(kept_rows)}

    refused = ivig(*target, "db", "undo", str(writes[0]))
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"ivig: error: no write {writes[0]} in the history, which begins at write "
        f"{writes[2]} (`ivig db history` lists them); nothing was changed.\n"
    )
    assert every_row(target) == rows
    undone = ivig(*target, "db", "undo", str(writes[2]))
    assert undone.exit_code == 0, undone.stderr
    assert every_row(target) == states[2]

    last = ivig(*target, "db", "history", "-f", "json").json()[0]["write"]
    everything = ivig(*target, "db", "forget", str(last), "--yes")
    assert everything.exit_code == 0, everything.stderr
    assert everything.stderr.endswith("; no write is left in the history\n")
    assert history_rows(target) == []
    assert every_row(target) == states[2]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["1"],
            "this would forget write 1 ({rows} history rows), which could no longer be "
            "undone; nothing was changed: add --yes to forget them",
        ),
        (["7", "--yes"], "no write 7 in the history (`ivig db history` lists them); nothing was forgotten"),
        (["2"], "no write 2 in the history (`ivig db history` lists them); nothing was forgotten"),
    ],
)  # fmt: skip
def test_forget_without_yes_or_of_no_write_is_one_line_and_changes_nothing(
    ivig: Any, db_path: Path, tmp_path: Path, args: list[str], said: str
) -> None:
    assert recorded_write(ivig("import", studies_file(tmp_path, "1", [study(1)])).stderr) == 1
    before, history = every_row(["--db", str(db_path)]), history_rows(["--db", str(db_path)])
    run = ivig("db", "forget", *args)
    said = said.format(rows=len(history))
    assert history and (run.exit_code, run.stderr) == (1, f"ivig: error: {said}.\n")
    assert every_row(["--db", str(db_path)]) == before
    assert history_rows(["--db", str(db_path)]) == history


def test_forget_takes_the_release_writes_and_other_tools_changes_before_it(
    ivig: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forgetting through a write takes every older one, the release's too, and what
    other tools changed before it; what they change after is kept, and the counts
    brought in step from it are those of counting afresh. In batches of two ids, so
    that the ranges are stepped (the other tests forget in one)."""
    monkeypatch.setattr("ivig_evidence.store.history.FORGET_BATCH", 2)
    with sqlite3.connect(db_path) as conn:  # an older release: the upgrade refreshes it
        conn.execute("UPDATE data_release SET version = '2000.1.1'")
    assert ivig("db", "upgrade").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE studies SET n = 41 WHERE id = 'silverman-1994'")
    write = recorded_write(ivig("import", studies_file(tmp_path, "1", [study(1)])).stderr)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE studies SET design = 'rct' WHERE id = 'h-1'")
    assert {row[0] for row in history_rows(["--db", str(db_path)])} == {1, None, write}

    forgot = ivig("db", "forget", str(write), "--yes")
    assert forgot.exit_code == 0, forgot.stderr
    assert forgot.stderr.startswith(f"forgot 2 writes, through {write} (")
    after_it = [(None, "studies", '["h-1"]')]  # another tool's change after the write
    assert history_rows(["--db", str(db_path)]) == after_it
    assert ivig("db", "history", "--release", "-f", "json").json() == []
    with sqlite3.connect(db_path) as conn:  # after the forgetting: kept, and counted
        conn.execute("UPDATE studies SET design = 'case_series' WHERE id = 'h-1'")
    assert history_rows(["--db", str(db_path)]) == after_it * 2
    fresh = tmp_path / "fresh.sqlite"
    with sqlite3.connect(db_path) as source, sqlite3.connect(fresh) as copy:
        source.backup(copy)
        copy.execute("DELETE FROM summary_counts WHERE name LIKE 'design_counts%'")
    for command in (["indications", "-f", "json"], ["map", "-f", "json"]):
        assert ivig(*command).stdout == ivig("--db", str(fresh), *command).stdout, command
