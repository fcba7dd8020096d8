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
            present = {row[0] for row in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}  # fmt: skip
            for table in ORIGIN_TABLES:
                if table in present:  # a table of a later revision is not there yet
                    conn.exec_driver_sql(f"UPDATE {table} SET origin = 'curated'")
    engine.dispose()


def rows(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def release_publication_ids() -> set[str]:
    from ivig_evidence.store.seed import release_database

    release = release_database()
    return {row[0] for row in release.execute("SELECT id FROM publications")}


def pick_target(path: Path) -> tuple[str, bool]:
    """The publication id the user's own row takes: kanik-1996 where the old release
    lacks it, else one the new release brings; or, where none is new, kanik-1996 edited
    by hand (``edited``: the old release's row, changed by the user)."""
    with sqlite3.connect(path) as conn:
        old = {row[0] for row in conn.execute("SELECT id FROM publications")}
    new = sorted(release_publication_ids() - old)
    if "kanik-1996" in new:
        return "kanik-1996", False
    if new:
        return new[0], False
    return "kanik-1996", True


def add_users_own_rows(path: Path, target: str, edited: bool) -> None:
    """The user's own publication row at ``target`` (or their edit of it), and an
    unrelated claim of their own."""
    with sqlite3.connect(path) as conn:
        has_origin = "origin" in {c[1] for c in conn.execute("PRAGMA table_info(publications)")}
        if edited:
            conn.execute("UPDATE publications SET note = ? WHERE id = ?", (MY_NOTE, target))
            if has_origin:
                conn.execute("UPDATE publications SET origin = 'local' WHERE id = ?", (target,))
        else:
            conn.execute(
                "INSERT INTO publications (id, kind, title, note) VALUES "
                "(?, 'trial_report', 'My reading of a pilot', ?)",
                (target, MY_NOTE),
            )
        conn.execute(
            "INSERT INTO claims (id, topic, summary) VALUES ('my-claim', 'cost', 'My own claim')"
        )


REFERENCES = (
    ("studies", "publication_id"),
    ("statements", "publication_id"),
    ("statements", "document_id"),
    ("study_notes", "publication_id"),
    ("positions", "publication_id"),
    ("source_references", "publication_id"),
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


def every_earlier_revision() -> list[Any]:
    """The oldest revision and the previous one in the quick suite; those between, each
    a database built and upgraded (seconds apiece), with the slow group."""
    found = earlier_revisions()
    return [
        revision
        if revision in (found[0], found[-1])
        else pytest.param(revision, marks=pytest.mark.slow)
        for revision in found
    ]


@pytest.mark.parametrize("revision", every_earlier_revision())
def test_an_upgrade_from_every_earlier_revision_keeps_the_users_rows(
    revision: str, ivig: Any, tmp_path: Path, fresh: Path
) -> None:
    db = tmp_path / "old.sqlite"
    build_at(db, revision)
    target, edited = pick_target(db)
    add_users_own_rows(db, target, edited)
    mine_before = rows(db, "SELECT * FROM publications WHERE id = ?", target)

    run = ivig("db", "upgrade", "--db", str(db))

    assert run.exit_code == 0, run.stderr
    # The user's row: every column as it was, and local.
    after = rows(db, "SELECT * FROM publications WHERE id = ?", target)
    assert [r[: len(mine_before[0])] for r in after] == mine_before
    assert rows(db, "SELECT origin, note FROM publications WHERE id = ?", target) == [
        ("local", MY_NOTE)
    ]
    assert rows(db, "SELECT origin, summary FROM claims WHERE id = 'my-claim'") == [
        ("local", "My own claim")
    ]
    moved = renamed_id(target)
    if edited:
        # The same publication (same DOI and PMID): a second copy is not allowed, so the
        # user's version stands for it, and the upgrade says so.
        assert f"publications {target}: your local row holds this key and stays" in run.stderr
        assert rows(db, "SELECT count(*) FROM publications WHERE id = ?", moved) == [(0,)]
    else:
        # The release's row is there under the new id, and the release's rows cite it.
        assert f"publications {target}: your local row keeps this id" in run.stderr
        assert f"stored as {moved}" in run.stderr
        release_row = rows(fresh, "SELECT title, doi, pmid FROM publications WHERE id = ?", target)
        assert rows(db, "SELECT title, doi, pmid FROM publications WHERE id = ?", moved) == (
            release_row
        )
        for table, column in REFERENCES:
            assert rows(
                db,
                f"SELECT count(*) FROM {table} WHERE {column} = ? AND origin = 'curated'",
                target,
            ) == [(0,)], (table, column)
            cited = rows(fresh, f"SELECT count(*) FROM {table} WHERE {column} = ?", target)
            assert (
                rows(
                    db,
                    f"SELECT count(*) FROM {table} WHERE {column} = ? AND origin = 'curated'",
                    moved,
                )
                == cited
            ), (table, column)
    # Every other curated row is the release's.
    expected = curated_counts(fresh)
    if edited:
        expected["publications"] -= 1
    assert curated_counts(db) == expected
    assert rows(db, "PRAGMA foreign_key_check") == []
    again = ivig("--db", str(db), "db", "upgrade")
    assert "already at the latest" in again.stderr
    assert rows(db, "SELECT origin, note FROM publications WHERE id = ?", target) == [
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


def test_upgrading_the_previous_release_brings_the_new_one_and_keeps_local_rows(
    ivig: Any, tmp_path: Path
) -> None:
    """A database at the schema that shipped release 2026.12.0, with a user's own study at
    an id a later release takes and a row of their own besides."""
    db = tmp_path / "previous.sqlite"
    build_at(db, "0015_file_change_counter")
    assert rows(db, "SELECT version FROM data_release") == [("2026.12.0",)]
    assert rows(db, "SELECT count(*) FROM studies WHERE id = 'intra-articular-igg-pilot'") == [(0,)]
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO studies (id, first_author, year, design, population, n, direction, note, "
            "origin) VALUES ('intra-articular-igg-pilot', 'Someone', 1999, 'trial', 'ra', 11, "
            "'no_benefit', ?, 'local')",
            (MY_NOTE,),
        )
        conn.execute(
            "INSERT INTO study_indications (study_id, indication_slug, origin) "
            "VALUES ('intra-articular-igg-pilot', 'ra', 'local')"
        )
        conn.execute(
            "INSERT INTO publications (id, kind, title, url, origin) VALUES ('my-own-paper', "
            "'review', 'My reading list', 'https://example.org/my-list', 'local')"
        )
    run = ivig("db", "upgrade", "--db", str(db))
    assert run.exit_code == 0, run.stderr
    moved = renamed_id("intra-articular-igg-pilot")
    assert f"stored as {moved}" in run.stderr
    assert rows(db, "SELECT version FROM data_release") == [(release_database_version(),)]
    assert rows(
        db, "SELECT origin, note, first_author FROM studies WHERE id = 'intra-articular-igg-pilot'"
    ) == [("local", MY_NOTE, "Someone")]
    assert rows(db, "SELECT origin, n FROM studies WHERE id = ?", moved) == [("curated", 11)]
    # The user's own publication keeps its address, whatever it is: the rule is for releases.
    assert rows(db, "SELECT title, url FROM publications WHERE id = 'my-own-paper'") == [
        ("My reading list", "https://example.org/my-list")
    ]
    # What the release changed arrived: canonical addresses with the copy read beside them,
    # author lists, statuses no stronger than the records.
    assert rows(
        db, "SELECT url, read_at IS NOT NULL FROM publications WHERE id = 'silverman-1994'"
    ) == [("https://pubmed.ncbi.nlm.nih.gov/7699642/", 1)]
    assert rows(
        db, "SELECT status FROM statements WHERE id = 'st-cl-articular-efficacy-inferior'"
    ) == [("unconfirmed",)]
    assert rows(
        db,
        "SELECT indication_slug FROM regimen_indications "
        "WHERE regimen_id = 'suggested-high-dose-course'",
    ) == [("aosd",)]
    assert rows(db, "PRAGMA foreign_key_check") == []


def release_database_version() -> str:
    from ivig_evidence.store.seed import release_database

    return str(release_database().execute("SELECT version FROM data_release").fetchone()[0])


def test_upgrading_2026_12_1_brings_the_record_dose_and_keeps_a_local_regimen(
    ivig: Any, tmp_path: Path
) -> None:
    """Release 2026.12.2 (schema 0017) structures the Still's disease review's own dose;
    a regimen of the user's own keeps its values, the new figures empty."""
    db = tmp_path / "release-2026.12.1.sqlite"
    build_at(db, "0016_canonical_addresses")
    assert rows(db, "SELECT version FROM data_release") == [("2026.12.1",)]
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO dose_regimens (id, context, amount_low, amount_high, unit, basis, "
            "repeat_interval, text, ambiguous, origin) VALUES ('my-regimen', 'suggested', 1, 1, "
            "'g/kg', 'per_infusion', 'monthly', '1 g/kg monthly', 0, 'local')"
        )
    run = ivig("db", "upgrade", "--db", str(db))
    assert run.exit_code == 0, run.stderr
    assert rows(db, "SELECT version FROM data_release") == [(release_database_version(),)]
    assert rows(
        db,
        "SELECT record_amount_low, record_amount_high, record_unit, record_days_low, "
        "record_days_high, record_interval FROM dose_regimens "
        "WHERE id = 'suggested-high-dose-course'",
    ) == [(2.0, 2.0, "g/kg", 2, 5, "monthly")]
    assert rows(
        db,
        "SELECT origin, text, record_amount_low, record_interval FROM dose_regimens "
        "WHERE id = 'my-regimen'",
    ) == [("local", "1 g/kg monthly", None, None)]
    dosed = ivig("--db", str(db), "dose", "-i", "aosd", "-w", "70", "-f", "json").json()
    (course,) = [r for r in dosed if r["id"] == "suggested-high-dose-course"]
    assert course["from_record"] and course["course_grams_high"] == 140
    assert rows(db, "PRAGMA foreign_key_check") == []


def derived_schema(path: Path) -> list[tuple[Any, ...]]:
    """Every index and trigger, as written: what a SQLite table rebuild can lose (those
    of a table a later revision adds, 0019's outcomes and 0020's criteria, and 0021's
    history triggers, come with it)."""
    return rows(
        path,
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE type IN ('index', 'trigger') AND tbl_name NOT IN ('outcomes', 'criteria') "
        "AND name NOT LIKE 'history%' AND tbl_name NOT LIKE 'history%' ORDER BY name",
    )


def changes(path: Path) -> int:
    return int(rows(path, "SELECT payload FROM summary_counts WHERE name = 'changes'")[0][0])


def test_conditions_beyond_ra_keep_the_users_rows_indexes_and_triggers(
    ivig: Any, tmp_path: Path
) -> None:
    """Revision 0018 rebuilds the studies table on SQLite: the user's own study (an RA
    population) and indications come through whole, every index and trigger is as it
    was, and the triggers still work afterwards."""
    db = tmp_path / "at-0017.sqlite"
    build_at(db, "0017_record_dose")
    with sqlite3.connect(db) as conn:
        conn.executescript(
            "INSERT INTO indications (slug, name, relation_to_ra, parent_slug, origin) VALUES "
            "('my-myositis', 'My myositis clinic', 'other_disease', NULL, 'local'), "
            "('my-ra-group', 'My RA group', 'ra_subgroup', 'ra', 'local'), "
            "('my-ra-subgroup', 'Within my RA group', 'ra_subgroup', 'my-ra-group', 'local');"
            "INSERT INTO indication_aliases (alias_key, alias, indication_slug, origin) "
            "VALUES ('mymyo', 'mymyo', 'my-myositis', 'local');"
            "INSERT INTO studies (id, first_author, year, design, population, n, result, "
            "direction, origin) VALUES ('my-study', 'Me', 2020, 'case_series', 'ra', 12, "
            "'An okapi outcome', 'benefit', 'local');"
            "INSERT INTO study_indications (study_id, indication_slug, origin) VALUES "
            "('my-study', 'my-myositis', 'local'), ('my-study', 'my-ra-subgroup', 'local');"
        )
    study = rows(db, "SELECT * FROM studies WHERE id = 'my-study'")
    mine = rows(db, "SELECT * FROM indications WHERE origin = 'local' ORDER BY slug")
    links = rows(db, "SELECT * FROM study_indications WHERE study_id = 'my-study'")
    derived = derived_schema(db)

    run = ivig("db", "upgrade", "--db", str(db))

    assert run.exit_code == 0, run.stderr
    assert rows(db, "SELECT * FROM studies WHERE id = 'my-study'") == study
    assert rows(db, "SELECT * FROM study_indications WHERE study_id = 'my-study'") == links
    after = rows(db, "SELECT * FROM indications WHERE origin = 'local' ORDER BY slug")
    assert [r[: len(mine[0])] for r in after] == mine  # family is the one column added
    assert rows(db, "SELECT slug, family FROM indications WHERE origin = 'local' ORDER BY 1") == [
        ("my-myositis", "other"),
        ("my-ra-group", "ra_and_relatives"),
        ("my-ra-subgroup", "ra_and_relatives"),
    ]
    assert derived_schema(db) == derived
    assert rows(db, "PRAGMA foreign_key_check") == [] and rows(db, "PRAGMA integrity_check") == [
        ("ok",)
    ]
    # The rebuilt table's triggers work: the change counter and the search index follow.
    counter = changes(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE studies SET n = 13 WHERE id = 'my-study'")
        conn.execute(
            "INSERT INTO studies (id, design, population, direction, result) VALUES "
            "('my-dm-study', 'rct', 'dermatomyositis', 'benefit', 'A wombat outcome')"
        )
    assert changes(db) == counter + 2
    for word, found in (("okapi", "my-study"), ("wombat", "my-dm-study")):
        hits = ivig("search", word, "--db", str(db), "-f", "json")
        assert hits.exit_code == 0, hits.stderr
        assert {h["id"] for h in hits.json()} >= {found}, word
    listed = ivig("studies", "-i", "mymyo", "--db", str(db), "-f", "json")
    assert [s["id"] for s in listed.json()] == ["my-study"]
    assert [s["id"] for s in ivig("studies", "-i", "ra", "--db", str(db), "-f", "json").json()
            if s["id"].startswith("my-")] == ["my-study"]  # fmt: skip
    assert ivig("studies", "-i", "dm", "--db", str(db)).exit_code == 0
