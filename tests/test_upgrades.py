"""Upgrades from every earlier schema revision keep the user's own rows exactly.

Each earlier database is built as that version of ivig built it: the migrations
up to its revision, then the curated release of that time (kept verbatim in
tests/fixtures/releases/). The user's row that the new release would collide
with is either a row of their own at an id the release later took, or a curated
row they edited by hand: either way it is theirs and must survive unchanged.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from ivig_evidence.store.curated import renamed_id
from ivig_evidence.store.db import write_engine
from ivig_evidence.store.migrate import alembic_config, head_revision
from ivig_evidence.store.seed import load_seed
from ivig_evidence.store.tables import ORIGIN_TABLES

RELEASES = Path(__file__).resolve().parent / "fixtures" / "releases"
ROOT = Path(__file__).resolve().parent.parent
MY_NOTE = "MY OWN NOTES on the Kanik pilot"


def earlier_revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    oldest_first = [r.revision for r in script.walk_revisions()][::-1]
    return oldest_first[:-1]


def release_for(revision: str) -> Path:
    """The curated release an ivig at ``revision`` shipped: the newest written for it or before."""
    order = earlier_revisions() + [head_revision()]
    candidates = [p for p in RELEASES.glob("*.sql") if order.index(p.stem) <= order.index(revision)]
    return max(candidates, key=lambda p: order.index(p.stem))


def build_at(path: Path, revision: str) -> None:
    engine = write_engine(path, enforce_foreign_keys=False)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
        load_seed(conn, release_for(revision))
        if "origin" in {c[1] for c in conn.exec_driver_sql("PRAGMA table_info(studies)")}:
            for table in ORIGIN_TABLES:
                conn.exec_driver_sql(f"UPDATE {table} SET origin = 'curated'")
    engine.dispose()


def rows(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def add_users_own_rows(path: Path) -> None:
    """A publication of the user's own at kanik-1996 (or, where the release of the
    time already held that id, the user's edit of it), and an unrelated claim."""
    with sqlite3.connect(path) as conn:
        if conn.execute("SELECT 1 FROM publications WHERE id = 'kanik-1996'").fetchone():
            conn.execute("UPDATE publications SET note = ? WHERE id = 'kanik-1996'", (MY_NOTE,))
        else:
            conn.execute(
                "INSERT INTO publications (id, kind, title, note) VALUES "
                "('kanik-1996', 'trial_report', 'Kanik pilot, my reading', ?)",
                (MY_NOTE,),
            )
        conn.execute(
            "INSERT INTO claims (id, topic, summary) VALUES ('my-claim', 'cost', 'My own claim')"
        )


def curated_counts(path: Path) -> dict[str, int]:
    return {
        t: rows(path, f"SELECT count(*) FROM {t} WHERE origin = 'curated'")[0][0]
        for t in ORIGIN_TABLES
    }


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ivig_evidence.store.migrate import build_database

    path = tmp_path_factory.mktemp("fresh") / "fresh.sqlite"
    build_database(path)
    return path


@pytest.mark.parametrize("revision", earlier_revisions())
def test_an_upgrade_from_every_earlier_revision_keeps_the_users_rows(
    revision: str, ivig: Any, tmp_path: Path, fresh: Path
) -> None:
    db = tmp_path / "old.sqlite"
    build_at(db, revision)
    # Where the release of the time held kanik-1996, the user's row is their edit of it.
    edited = rows(db, "SELECT count(*) FROM publications WHERE id = 'kanik-1996'") == [(1,)]
    add_users_own_rows(db)
    mine_before = rows(db, "SELECT * FROM publications WHERE id = 'kanik-1996'")

    run = ivig("--db", str(db), "db", "upgrade")

    assert run.exit_code == 0, run.stderr
    # The user's row: every column as it was, and local.
    after = rows(db, "SELECT * FROM publications WHERE id = 'kanik-1996'")
    assert [r[: len(mine_before[0])] for r in after] == mine_before
    assert rows(db, "SELECT origin, note FROM publications WHERE id = 'kanik-1996'") == [
        ("local", MY_NOTE)
    ]
    assert rows(db, "SELECT origin, summary FROM claims WHERE id = 'my-claim'") == [
        ("local", "My own claim")
    ]
    moved = renamed_id("kanik-1996")
    if edited:
        # The same publication (same DOI and PMID): a second copy is not allowed, so the
        # user's version stands for it, and the upgrade says so.
        assert "publications kanik-1996: your local row holds this key and stays" in run.stderr
        assert rows(db, "SELECT count(*) FROM publications WHERE id = ?", moved) == [(0,)]
    else:
        # The release's row is there under the new id, and the release's rows cite it.
        assert "publications kanik-1996: your local row keeps this id" in run.stderr
        assert f"stored as {moved}" in run.stderr
        release_row = rows(
            fresh, "SELECT title, doi, pmid FROM publications WHERE id = 'kanik-1996'"
        )
        assert rows(db, "SELECT title, doi, pmid FROM publications WHERE id = ?", moved) == (
            release_row
        )
        assert rows(db, "SELECT publication_id FROM studies WHERE id = 'ra-low-dose-rct'") == [
            (moved,)
        ]
        for table in ("statements", "study_notes"):
            assert rows(
                db,
                f"SELECT count(*) FROM {table} WHERE publication_id = 'kanik-1996' "
                "AND origin = 'curated'",
            ) == [(0,)]
        shown = ivig("--db", str(db), "show", "ra-low-dose-rct", "-f", "json")
        assert shown.exit_code == 0 and MY_NOTE not in shown.stdout
    # Every other curated row is the release's.
    expected = curated_counts(fresh)
    if edited:
        expected["publications"] -= 1
    assert curated_counts(db) == expected
    assert rows(db, "PRAGMA foreign_key_check") == []
    again = ivig("--db", str(db), "db", "upgrade")
    assert "already at the latest" in again.stderr
    assert rows(db, "SELECT origin, note FROM publications WHERE id = 'kanik-1996'") == [
        ("local", MY_NOTE)
    ]


def test_a_new_release_taking_a_local_id_stores_its_row_beside_it(ivig: Any, db_path: Path) -> None:
    # As if the user had added kanik-1996 themselves before the release that brought it.
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE data_release SET version = '2026.10.1'")
        conn.execute(
            "UPDATE publications SET origin = 'local', note = ?, doi = NULL, pmid = NULL, "
            "title = 'Kanik pilot, my reading' WHERE id = 'kanik-1996'",
            (MY_NOTE,),
        )
    run = ivig("db", "upgrade")
    assert run.exit_code == 0, run.stderr
    moved = renamed_id("kanik-1996")
    assert f"stored as {moved}" in run.stderr
    assert rows(db_path, "SELECT origin, note FROM publications WHERE id = 'kanik-1996'") == [
        ("local", MY_NOTE)
    ]
    assert rows(db_path, "SELECT origin FROM publications WHERE id = ?", moved) == [("curated",)]
    assert rows(db_path, "SELECT publication_id FROM studies WHERE id = 'ra-low-dose-rct'") == [
        (moved,)
    ]


def test_unchanged_rows_of_an_earlier_release_are_curated_and_edited_ones_local(
    tmp_path: Path,
) -> None:
    db = tmp_path / "old.sqlite"
    build_at(db, "0006_server_search")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE studies SET n = 21 WHERE id = 'ra-low-dose-rct'")  # the user's edit
    engine = write_engine(db, enforce_foreign_keys=False)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0007_row_origin")
    engine.dispose()
    assert rows(db, "SELECT origin FROM studies WHERE id = 'ra-low-dose-rct'") == [("local",)]
    assert rows(db, "SELECT origin FROM studies WHERE id = 'silverman-1994'") == [("curated",)]
    assert rows(db, "SELECT count(*) FROM studies WHERE origin = 'curated'") == [
        (rows(db, "SELECT count(*) FROM studies")[0][0] - 1,)
    ]


def test_the_release_fingerprints_are_those_of_the_kept_releases() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "release_fingerprints.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
