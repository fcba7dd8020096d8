"""Migrations: one head, the read path's constant at it, no drift, down and up."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from ivig_evidence.schema_docs import SCHEMA_DOCS
from ivig_evidence.store import models
from ivig_evidence.store.db import SCHEMA_REVISION, write_engine
from ivig_evidence.store.migrate import alembic_config, head_revision


def test_one_head_and_the_read_path_constant_matches_it() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert head_revision() == SCHEMA_REVISION


def test_models_and_migrations_agree(db_path: Path) -> None:
    engine = write_engine(db_path)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_name": lambda name, type_, _: (
                    not (
                        type_ == "table"
                        and name.startswith(("search_index", "summary_", "history_"))
                    )
                ),
            },
        )
        assert compare_metadata(context, models.Base.metadata) == []
    engine.dispose()


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path) -> None:
    engine = write_engine(tmp_path / "cycle.sqlite", enforce_foreign_keys=False)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.connect() as conn:
        tables = {
            t
            for t in inspect(conn).get_table_names()
            if not t.startswith(("search_index", "summary_", "history_"))
        }
        assert tables == set(SCHEMA_DOCS) | {"alembic_version"}
    engine.dispose()


def test_every_table_and_column_is_documented() -> None:
    for table in models.Base.metadata.sorted_tables:
        assert table.name in SCHEMA_DOCS, table.name
        documented = set(SCHEMA_DOCS[table.name][1])
        assert documented == {c.name for c in table.columns}, table.name
    assert set(SCHEMA_DOCS) == {t.name for t in models.Base.metadata.sorted_tables}


def test_schema_command_lists_every_column(ivig, db_path: Path) -> None:
    rows = ivig("schema", "-f", "json").json()
    listed = {(r["table"], r["column"]) for r in rows}
    expected = {(t, c) for t, (_, cols) in SCHEMA_DOCS.items() for c in cols}
    assert listed == expected
    assert all(r["description"] and r["description"] != "(undocumented)" for r in rows)


def test_check_constraints_agree_with_the_models(db_path: Path, tmp_path: Path) -> None:
    # Alembic's autogenerate does not compare CHECK constraints; compare them here.
    def checks(engine_path: Path) -> dict[str, set[tuple[str, str]]]:
        engine = write_engine(engine_path)
        with engine.connect() as conn:
            inspector = inspect(conn)
            found = {
                table: {
                    (c["name"], " ".join(c["sqltext"].split()))
                    for c in inspector.get_check_constraints(table)
                }
                for table in SCHEMA_DOCS
            }
        engine.dispose()
        return found

    from_models = tmp_path / "models.sqlite"
    engine = write_engine(from_models)
    models.Base.metadata.create_all(engine)
    engine.dispose()
    assert checks(db_path) == checks(from_models)


def test_the_listing_index_exists_as_the_models_declare(db_path: Path) -> None:
    # Alembic cannot compare expression indexes on SQLite, so this one is checked here.
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        (sql,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'ix_studies_listing'"
        ).fetchone()
        columns = [
            row[2] for row in conn.execute("PRAGMA index_xinfo('ix_studies_listing')") if row[5]
        ]  # key columns only
    assert "CASE WHEN year IS NULL THEN 1 ELSE 0 END" in sql
    assert columns == [None, "year", "id", "design", "population", "direction", "n"]
    declared = next(i for i in models.Study.__table__.indexes if i.name == "ix_studies_listing")
    assert [getattr(e, "name", None) for e in declared.expressions][1:] == columns[1:]


SEARCH_TRIGGERS = 21  # insert, update and delete on each of the seven indexed tables


def _derived(path: Path) -> tuple[int, int]:
    import sqlite3

    with sqlite3.connect(path) as conn:
        triggers = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_%'"
        ).fetchone()[0]
        listing = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'ix_studies_listing'"
        ).fetchone()[0]
    return int(triggers), int(listing)


@pytest.mark.slow  # a step per revision; the quick suite goes down and up in one
def test_search_triggers_and_listing_index_survive_every_migration(
    db_path: Path, tmp_path: Path
) -> None:
    # SQLite table rebuilds in batch migrations drop what Alembic cannot reflect.
    assert _derived(db_path) == (SEARCH_TRIGGERS, 1)
    engine = write_engine(db_path, enforce_foreign_keys=False)
    script = ScriptDirectory.from_config(alembic_config())
    revisions = [r.revision for r in script.walk_revisions()][::-1]  # oldest first
    for older in revisions[revisions.index("0005_listing_index") : -1]:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), older)
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        assert _derived(db_path) == (SEARCH_TRIGGERS, 1), older
    engine.dispose()


def test_seed_rows_are_curated_and_new_rows_local(db_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT DISTINCT origin FROM studies").fetchall() == [("curated",)]
        conn.execute("INSERT INTO claims (id, topic, summary) VALUES ('c', 'cost', 'x')")
        assert conn.execute("SELECT origin FROM claims WHERE id = 'c'").fetchone() == ("local",)


def test_conditions_beyond_ra_down_and_up_again_keeps_rows_indexes_and_triggers(
    db_path: Path,
) -> None:
    """Revision 0018 rebuilds studies on SQLite, going up and coming down: each time every
    index and trigger is as it was, and the rows stay (a population the older list lacks
    becomes the nearest it holds)."""
    import sqlite3

    def derived() -> list[tuple[str, str, str]]:
        # The tables of later revisions (0019's outcomes, 0020's criteria) and 0021's
        # history triggers go with a downgrade below them.
        with sqlite3.connect(db_path) as conn:
            return conn.execute(
                "SELECT type, name, sql FROM sqlite_master "
                "WHERE type IN ('index', 'trigger') AND tbl_name NOT IN ('outcomes', 'criteria') "
                "AND name NOT LIKE 'history%' AND tbl_name NOT LIKE 'history%' ORDER BY name"
            ).fetchall()

    def query(sql: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(db_path) as conn:
            return conn.execute(sql).fetchall()

    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO studies (id, design, population, direction) "
            "VALUES ('kd-study', 'rct', 'kawasaki', 'benefit')"
        )
        conn.execute("INSERT INTO study_indications VALUES ('kd-study', 'kawasaki', 'local')")
    before, studies = derived(), query("SELECT count(*) FROM studies")
    # Named, not only compared: the database under test was built by this same migration.
    assert {
        (kind, name)
        for kind, name, _sql in before
        if name.startswith(("ix_studies", "search_studies", "studies_"))
    } == {
        ("index", "ix_studies_listing"),
        ("index", "ix_studies_publication_id"),
        ("index", "ix_studies_strongest"),
        ("trigger", "search_studies_delete"),
        ("trigger", "search_studies_insert"),
        ("trigger", "search_studies_update"),
        ("trigger", "studies_changes_delete"),
        ("trigger", "studies_changes_insert"),
        ("trigger", "studies_changes_update"),
    }
    families = query("SELECT slug, family FROM indications ORDER BY slug")
    engine = write_engine(db_path, enforce_foreign_keys=False)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0017_record_dose")
    assert derived() == before
    assert query("SELECT population FROM studies WHERE id = 'kd-study'") == [
        ("rheumatic_diseases",)
    ]
    assert "family" not in {row[1] for row in query("PRAGMA table_info(indications)")}
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    engine.dispose()
    assert derived() == before
    assert query("SELECT count(*) FROM studies") == studies
    assert query("SELECT slug, family FROM indications ORDER BY slug") == families
    assert query("PRAGMA foreign_key_check") == []
