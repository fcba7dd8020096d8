"""The same ivig on PostgreSQL: build, read, search, read-only SQL, concurrency.

Runs against a real server when IVIG_TEST_DATABASE_URL names one (a SQLAlchemy URL to a
database the tests may use to create and drop their own); in CI it must be set.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.conftest import PYTHON, add_study_args

SERVER = os.environ.get("IVIG_TEST_DATABASE_URL")
if not SERVER:
    if os.environ.get("CI"):
        pytest.fail("CI must test PostgreSQL: set IVIG_TEST_DATABASE_URL", pytrace=False)
    pytest.skip("no PostgreSQL server (set IVIG_TEST_DATABASE_URL)", allow_module_level=True)


def _admin() -> object:
    return create_engine(SERVER, isolation_level="AUTOCOMMIT")


def _create_database(name: str) -> str:
    """A new database with byte-order collation; its URL."""
    admin = _admin()
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(
            text(
                f"CREATE DATABASE {name} TEMPLATE template0 LC_COLLATE 'C' "
                "LC_CTYPE 'C' ENCODING 'UTF8'"
            )
        )
    admin.dispose()  # type: ignore[attr-defined]
    return make_url(SERVER).set(database=name).render_as_string(hide_password=False)


def _drop_database(name: str) -> None:
    admin = _admin()
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def empty_database() -> Iterator[str]:
    """A fresh database with byte-order collation, dropped afterwards."""
    name = f"ivig_test_{uuid.uuid4().hex[:10]}"
    yield _create_database(name)
    _drop_database(name)


def _build(url: str) -> str:
    """Build the curated database at ``url`` with `ivig db init`, in a subprocess."""
    run = subprocess.run(
        [PYTHON, "-m", "ivig_evidence", "--db-url", url, "db", "init"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return url


@pytest.fixture(scope="module")
def pg_url(empty_database: str) -> str:
    return _build(empty_database)


def both(ivig, pg_url: str, *args: str):  # type: ignore[no-untyped-def]
    on_sqlite = ivig(*args)
    on_server = ivig("--db-url", pg_url, *args)
    assert on_sqlite.exit_code == 0, on_sqlite.stderr
    assert on_server.exit_code == 0, on_server.stderr
    return on_sqlite, on_server


@pytest.mark.parametrize(
    "args",
    [
        ["studies", "-f", "json"],
        ["studies", "--design", "rct", "--indication", "ra", "-f", "json"],
        ["studies", "--status", "contradicted", "--min-n", "10", "-f", "csv"],
        ["studies", "--since", "1995", "--until", "2015", "-f", "markdown"],
        ["studies", "--design", "rct", "--cite", "bibtex"],
        ["studies", "--author", "silverman", "-f", "json"],
        ["studies", "-p", "aosd", "--direction", "mixed,benefit", "-f", "json"],
        ["studies", "--status", "unconfirmed", "-f", "json"],
        ["studies", "-i", "ra", "-i", "aosd", "--min-n", "5", "-f", "json"],
        ["dose", "--indication", "sjia", "--weight", "30", "-f", "json"],
        [
            "dose",
            "--indication",
            "pjia",
            "-w",
            "100",
            "--height",
            "170",
            "--sex",
            "female",
            "--dosing-weight",
            "adjusted",
            "--round",
            "5",
            "-f",
            "csv",
        ],
        ["evidence", "--indication", "aosd", "-f", "json"],
        ["map", "--no-rollup", "-f", "json"],
        ["positions", "-i", "ra", "-f", "json"],
        ["show", "publication:kanik-1996", "-f", "json"],
        ["show", "tumiati-1992", "-f", "json"],
        ["conflicts", "--include-unchecked", "-f", "json"],
        ["dose", "--indication", "aosd", "-f", "json"],
        ["dose", "--indication", "ra", "--weight", "70", "-f", "json"],
        ["indications", "-f", "json"],
        ["positions", "-f", "json"],
        ["evidence", "--indication", "ra", "-f", "json"],
        ["map", "-f", "json"],
        ["conflicts", "-f", "json"],
        ["show", "kanik-1996", "-f", "json"],
        ["show", "aosd", "-f", "json"],
        ["cite", "kanik-1996", "mulhearn-2015", "-f", "csl-json"],
        ["schema", "-f", "json"],
        [
            "sql",
            "SELECT id, n FROM studies WHERE design = :d ORDER BY id",
            "-p",
            "d=rct",
            "-f",
            "json",
        ],
    ],
)
def test_same_json_on_sqlite_and_postgresql(
    ivig, db_path: Path, pg_url: str, args: list[str]
) -> None:
    on_sqlite, on_server = both(ivig, pg_url, *args)
    assert on_server.stdout == on_sqlite.stdout


def test_status_on_the_server(ivig, db_path: Path, pg_url: str) -> None:
    (status,) = ivig("--db-url", pg_url, "db", "status", "-f", "json").json()
    (local,) = ivig("db", "status", "-f", "json").json()
    assert status["up_to_date"] and status["counts"] == local["counts"]
    assert status["path"].startswith("postgresql")


def test_sql_is_read_only_on_the_server(ivig, pg_url: str) -> None:
    for statement, refused in (
        ("DELETE FROM studies", "DELETE"),
        ("WITH x AS (SELECT 1) DELETE FROM studies", "DELETE"),
        ("UPDATE studies SET n = 1", "UPDATE"),
        ("CREATE TABLE x (a int)", "CREATE"),
        ("SET TRANSACTION READ WRITE", "SET"),
    ):
        run = ivig("--db-url", pg_url, "sql", statement)
        assert run.exit_code == 1
        assert "ivig sql is read-only" in run.stderr and f"refused: {refused}" in run.stderr
    run = ivig("--db-url", pg_url, "sql", "SELECT 1; SELECT 2")
    assert run.exit_code == 1 and "more than one statement" in run.stderr
    count = ivig("--db-url", pg_url, "sql", "SELECT count(*) AS n FROM studies", "-f", "json")
    assert count.json()[0]["n"] >= 13  # nothing was deleted


def test_the_read_only_transaction_holds_without_the_keyword_check(pg_url: str) -> None:
    from ivig_evidence.config import DbLocation, DbOrigin
    from ivig_evidence.store.db import open_server

    reader = open_server(DbLocation(Path(), DbOrigin.URL_OPTION, pg_url))
    with pytest.raises(Exception, match="read-only transaction"):
        reader.execute("DELETE FROM claims")
    reader.close()


def test_sql_timeout_and_errors_on_the_server(ivig, pg_url: str) -> None:
    slow = ivig("--db-url", pg_url, "sql", "SELECT pg_sleep(3)", "--timeout", "0.3")
    assert slow.exit_code == 1 and "time limit" in slow.stderr
    typo = ivig("--db-url", pg_url, "sql", "SELEC 1")
    assert typo.exit_code == 1 and "SQL error: syntax error" in typo.stderr
    missing = ivig("--db-url", pg_url, "sql", "SELECT id FROM studies WHERE design = :d")
    assert missing.exit_code == 2 and "-p NAME=VALUE" in missing.stderr


def test_search_uses_the_servers_full_text_search(ivig, pg_url: str) -> None:
    hits = ivig("--db-url", pg_url, "search", "hepatitis", "-f", "json").json()
    assert hits and hits[0]["belongs_to"] == "ra-low-dose-rct"
    assert "«hepatitis»" in hits[0]["snippet"].lower() or "«Hepatitis»" in hits[0]["snippet"]
    assert ivig("--db-url", pg_url, "search", "zebrafish", "-f", "json").json() == []


@pytest.mark.parametrize(
    "query",
    [
        "immunoglobulin",
        "intravenous",
        '"high dose"',
        "high dose",
        "Still's disease",
        "anti-inflammatory",
        "Kanik",
        "immuno*",
        "immunoglobulin NOT intravenous",
        "Tumiati OR Uziel",
        "(fever OR arthritis) steroid",
        "“immunoglobulin”",
    ],
)
def test_search_finds_the_same_hits_on_both_engines(ivig, pg_url: str, query: str) -> None:
    """The database is created with LC_CTYPE 'C' (the set-up docs/team-server.md gives):
    typographic quotes and dashes must not glue to words. Ranking may differ; the set of
    hits may not."""
    on_sqlite, on_server = both(ivig, pg_url, "search", query, "-f", "json", "--limit", "1000")
    hits = {(h["kind"], h["id"], h["field"]) for h in on_sqlite.json()}
    assert hits and hits == {(h["kind"], h["id"], h["field"]) for h in on_server.json()}


def test_server_search_uses_the_gin_index(pg_url: str) -> None:
    from ivig_evidence.search import SERVER_SEARCH

    engine = create_engine(pg_url)
    with engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(
            row[0]
            for row in conn.execute(text("EXPLAIN " + SERVER_SEARCH), {"q": "'kanik'", "limit": 20})
        )
    engine.dispose()
    assert "ix_search_index_vector" in plan and "Bitmap Index Scan" in plan
    assert "Seq Scan" not in plan


def test_the_search_index_holds_the_same_rows_on_both_engines(ivig, pg_url: str) -> None:
    query = "SELECT kind, ref_id, parent_id, field, body FROM search_index"
    on_sqlite, on_server = both(ivig, pg_url, "sql", query, "-f", "json")
    key = ("kind", "ref_id", "field")
    rows = sorted(on_sqlite.json(), key=lambda r: [r[k] for k in key])
    assert len(rows) > 500
    assert rows == sorted(on_server.json(), key=lambda r: [r[k] for k in key])


def test_the_server_search_index_follows_every_write(ivig, pg_url: str, tmp_path: Path) -> None:
    """ivig's writes and any other tool's: the triggers keep the index in step."""

    def found(word: str) -> set[str]:
        run = ivig("--db-url", pg_url, "search", word, "-f", "json")
        assert run.exit_code == 0, run.stderr
        return {hit["id"] for hit in run.json()}

    added = ivig("--db-url", pg_url, *add_study_args("--outcome", "a zebrafinch outcome"))
    assert added.exit_code == 0, added.stderr
    (study_id,) = found("zebrafinch")
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE studies SET result = 'a marmoset outcome' WHERE id = :id"),
            {"id": study_id},
        )
    assert found("marmoset") == {study_id} and not found("zebrafinch")
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM statements WHERE study_id = :id"), {"id": study_id})
        conn.execute(text("DELETE FROM study_indications WHERE study_id = :id"), {"id": study_id})
        conn.execute(text("DELETE FROM dose_regimens WHERE study_id = :id"), {"id": study_id})
        conn.execute(text("DELETE FROM studies WHERE id = :id"), {"id": study_id})
    engine.dispose()
    assert not found("marmoset")


def test_init_refuses_an_existing_database_and_upgrade_is_a_no_op(ivig, pg_url: str) -> None:
    again = ivig("--db-url", pg_url, "db", "init")
    assert again.exit_code == 1 and "already holds an ivig-evidence database" in again.stderr
    upgrade = ivig("--db-url", pg_url, "db", "upgrade")
    assert upgrade.exit_code == 0 and "already at the latest" in upgrade.stderr


def test_two_processes_initialising_at_once(empty_database: str, subprocess_env) -> None:
    # A second database, so the module's shared one stays as it is.
    name = f"ivig_race_{uuid.uuid4().hex[:8]}"
    url = _create_database(name)
    try:
        command = [PYTHON, "-m", "ivig_evidence", "--db-url", url, "db", "init"]
        procs = [
            subprocess.Popen(
                command,
                env=subprocess_env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
        codes = sorted(code for code, _ in results)
        assert codes == [0, 1], results
        assert any("already holds" in err for _, err in results)
        check = subprocess.run(
            [PYTHON, "-m", "ivig_evidence", "--db-url", url, "studies", "-f", "json"],
            env=subprocess_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert check.returncode == 0 and check.stdout.count('"id"') >= 13
    finally:
        _drop_database(name)


def test_a_collation_that_sorts_differently_is_refused(ivig) -> None:
    name = f"ivig_coll_{uuid.uuid4().hex[:8]}"
    admin = _admin()
    with admin.connect() as conn:  # type: ignore[attr-defined]
        # ICU ships with PostgreSQL: a linguistic ordering needs no OS locale.
        conn.execute(
            text(
                f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu "
                "ICU_LOCALE 'en' LOCALE 'C' ENCODING 'UTF8'"
            )
        )
    try:
        url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
        run = ivig("--db-url", url, "db", "init")
        assert run.exit_code == 1 and "sorts text linguistically" in run.stderr
        assert "LC_COLLATE 'C'" in run.stderr
    finally:
        with admin.connect() as conn:  # type: ignore[attr-defined]
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()  # type: ignore[attr-defined]


@pytest.fixture
def scratch_url() -> Iterator[str]:
    """A database of this test's own, built by `ivig db init`, dropped afterwards."""
    name = f"ivig_scratch_{uuid.uuid4().hex[:8]}"
    try:
        yield _build(_create_database(name))
    finally:
        _drop_database(name)


def test_the_same_export_from_sqlite_and_postgresql(
    ivig, db_path: Path, pg_url: str, tmp_path: Path
) -> None:
    assert ivig("export", "--out", str(tmp_path / "file")).exit_code == 0
    assert ivig("--db-url", pg_url, "export", "--out", str(tmp_path / "server")).exit_code == 0
    for exported in sorted((tmp_path / "file").iterdir()):
        assert exported.read_bytes() == (tmp_path / "server" / exported.name).read_bytes()


def test_import_and_upgrade_on_the_server(ivig, scratch_url: str, tmp_path: Path) -> None:
    study = {
        "id": "novak-2024",
        "first_author": "Novak",
        "year": 2024,
        "design": "case_series",
        "population": "ra",
        "direction": "benefit",
        "n": 12,
        "indications": ["ra"],
        "sources": [{"document": "droracle-2025", "quote": "Quoted."}],
    }
    path = tmp_path / "new.json"
    path.write_text(json.dumps([study, dict(study, design="rtc", id="x")]), encoding="utf-8")
    refused = ivig("--db-url", scratch_url, "import", str(path))
    assert refused.exit_code == 1 and "did you mean 'rct'" in refused.stderr
    path.write_text(json.dumps([study]), encoding="utf-8")
    added = ivig("--db-url", scratch_url, "import", str(path))
    assert added.exit_code == 0 and "1 studies" in added.stderr, added.stderr
    engine = create_engine(scratch_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE data_release SET version = '2026.10.1'"))
        conn.execute(text("UPDATE studies SET n = 99 WHERE id = 'silverman-1994'"))
    upgraded = ivig("--db-url", scratch_url, "db", "upgrade")
    assert upgraded.exit_code == 0 and "curated data 2026.10.1 -> " in upgraded.stderr
    with engine.connect() as conn:
        got = conn.execute(
            text(
                "SELECT id, n, origin FROM studies WHERE id IN ('silverman-1994', 'novak-2024')"
                " ORDER BY id"
            )
        ).all()
    engine.dispose()
    assert [tuple(r) for r in got] == [
        ("novak-2024", 12, "local"),
        ("silverman-1994", 31, "curated"),
    ]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT year AS start FROM studies",
        "SELECT count(*) AS comment FROM studies",
        "SELECT count(*) AS n FROM studies -- delete me later",
        "SELECT $$a;b$$ AS x",
        "SELECT 'it''s; DELETE' AS x",
        "WITH r AS (SELECT id FROM studies) SELECT count(*) AS n FROM r",
        "SELECT id, row_number() OVER (ORDER BY id) AS rank FROM studies",
        'SELECT 1 AS "update"',
    ],
)
def test_valid_selects_run_on_the_server(ivig, pg_url: str, query: str) -> None:
    run = ivig("--db-url", pg_url, "sql", query, "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert run.json()


@pytest.mark.parametrize(
    ("query", "named"),
    [
        (
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE false",
            "pg_terminate_backend",
        ),
        ("SELECT pg_cancel_backend(pg_backend_pid())", "pg_cancel_backend"),
        ('SELECT "pg_terminate_backend"(1)', "pg_terminate_backend"),
        ("SELECT set_config('statement_timeout', '0', false)", "set_config"),
        ("SELECT lo_import('/etc/passwd')", "lo_import"),
        ("SELECT nextval('x')", "nextval"),
        ("DO $$ BEGIN PERFORM pg_terminate_backend(1); END $$", "DO"),
        ("COPY (SELECT 1) TO PROGRAM 'true'", "COPY"),
        ("WITH gone AS (DELETE FROM claims RETURNING id) SELECT count(*) FROM gone", "DELETE"),
        ("SET statement_timeout = 0", "SET"),
    ],
)
def test_statements_with_effects_beyond_the_result_are_refused(
    ivig, pg_url: str, query: str, named: str
) -> None:
    run = ivig("--db-url", pg_url, "sql", query)
    assert run.exit_code == 1
    assert "read-only" in run.stderr and named in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    count = ivig("--db-url", pg_url, "sql", "SELECT count(*) AS n FROM claims", "-f", "json")
    assert count.json()[0]["n"] >= 10


# ---------------------------------------------- what a READ ONLY transaction does not stop
#
# As the superuser of IVIG_TEST_DATABASE_URL, on a database with dblink, postgres_fdw
# and (where the server has it) adminpack: a function reaching beyond the transaction is
# refused whatever the role, and nothing changes.

WRITE = "DELETE FROM study_indications"
PROOF = "ivig-pwned"  # a file a refused call would leave in the server's data directory


@pytest.fixture(scope="module")
def guarded_url() -> Iterator[str]:
    name = f"ivig_guard_{uuid.uuid4().hex[:8]}"
    url = _build(_create_database(name))
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        available = set(conn.execute(text("SELECT name FROM pg_available_extensions")).scalars())
        if "dblink" not in available or "postgres_fdw" not in available:
            message = "the server has no dblink or postgres_fdw (PostgreSQL's contrib modules)"
            if os.environ.get("CI"):
                pytest.fail(message, pytrace=False)
            pytest.skip(message)
        for extension in ("dblink", "postgres_fdw", "adminpack"):
            if extension in available:
                conn.execute(text(f"CREATE EXTENSION {extension}"))
        # The database owner's own code, which a reader's query may reach.
        for statement in (
            f"CREATE VIEW sneaky_view AS SELECT dblink_exec({_dblink_target(url)}, '{WRITE}')",
            "CREATE FUNCTION sneaky_sql() RETURNS text LANGUAGE sql AS "
            f"$f$ SELECT dblink_exec({_dblink_target(url)}, '{WRITE}') $f$",
            "CREATE FUNCTION sneaky_plpgsql() RETURNS text LANGUAGE plpgsql AS "
            f"$f$ BEGIN RETURN dblink_exec({_dblink_target(url)}, '{WRITE}'); END $f$",
        ):
            conn.execute(text(statement))
    engine.dispose()
    yield url
    _drop_database(name)


def _dblink_target(url: str) -> str:
    """A libpq connection string to ``url``'s database, as an SQL literal."""
    parts = make_url(url)
    words = [
        f"host={parts.host}",
        f"port={parts.port or 5432}",
        f"user={parts.username}",
        f"dbname={parts.database}",
    ]
    if parts.password:
        words.append(f"password={parts.password}")
    return "'" + " ".join(words) + "'"


def _state(url: str) -> tuple[int, ...]:
    """What a refused call would change: rows, the catalogue, a file in the data directory."""
    engine = create_engine(url)
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM studies), (SELECT count(*) FROM study_indications), "
                "(SELECT count(*) FROM pg_collation), "
                f"(pg_stat_file('{PROOF}', true) IS NOT NULL)::int"
            )
        ).one()
    engine.dispose()
    return tuple(row)


def test_a_read_only_transaction_does_not_stop_dblink(guarded_url: str) -> None:
    """Why the functions are refused by name: dblink's connection has its own
    transaction, which is not read-only."""
    engine = create_engine(guarded_url)
    with engine.connect() as conn:
        conn.execute(text("SET TRANSACTION READ ONLY"))
        conn.execute(
            text(
                f"SELECT dblink_exec({_dblink_target(guarded_url)}, 'CREATE TABLE dblink_wrote ()')"
            )
        )
        conn.rollback()
        assert conn.execute(text("SELECT to_regclass('dblink_wrote')")).scalar() is not None
        conn.execute(text("DROP TABLE dblink_wrote"))
        conn.commit()
    engine.dispose()


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        # The attack: a connection of one's own, and a query sent on it.
        (
            "SELECT dblink_connect_u('ivig', {target}), dblink_send_query('ivig', '{write}')",
            "dblink_connect_u() opens a connection of its own",
        ),
        ("SELECT dblink_exec({target}, '{write}')", "dblink_exec() opens a connection"),
        (
            "SELECT * FROM dblink({target}, '{write} RETURNING 1') AS t(one int)",
            "dblink() opens a connection",
        ),
        ("SELECT public.\"dblink_exec\" /* quoted */ ({target}, '{write}')", "dblink_exec() opens"),
        ("SELECT DbLink_Exec({target}, '{write}')", "dblink_exec() opens"),
        ("SELECT U&\"dblink\\005fexec\"({target}, '{write}')", "dblink_exec() opens"),
        (
            "SELECT U&\"dblink!005fexec\" /* x */ UESCAPE '!' ({target}, '{write}')",
            "dblink_exec() opens",
        ),
        # The server ends a -- comment at a carriage return too.
        ("SELECT 1 -- a comment\r, dblink_exec({target}, '{write}')", "dblink_exec() opens"),
        # To the server "é$$" is one name, not a name and the start of a $$ string.
        ("SELECT 1 AS é$$, dblink_exec({target}, '{write}') AS y$$", "dblink_exec() opens"),
        ("SELECT postgres_fdw_disconnect_all()", "postgres_fdw_disconnect_all() opens"),
        (
            "SELECT query_to_xml('SELECT dblink_exec(' || quote_literal({target}) || ', ''x'')', "
            "true, false, '')",
            "query_to_xml() runs SQL handed to it as text",
        ),
        ("SELECT lo_import('/etc/hostname')", "lo_import() reaches the server's own files"),
        ("SELECT lo_export(1, '{proof}')", "lo_export() reaches the server's own files"),
        ("SELECT pg_read_file('postgresql.conf')", "pg_read_file() reaches"),
        ("SELECT * FROM pg_ls_dir('.')", "pg_ls_dir() reaches"),
        ("SELECT pg_file_write('{proof}', 'x', false)", "pg_file_write() reaches"),
        (
            "SELECT pg_import_system_collations('public'::regnamespace)",
            "pg_import_system_collations() acts beyond your own result",
        ),
        ("SELECT pg_stat_reset()", "pg_stat_reset() acts beyond"),
        # The owner's view and SQL function: the server's plan shows what they call.
        ("SELECT * FROM sneaky_view", "dblink_exec(), which the server's plan of the query"),
        ("SELECT sneaky_sql()", "dblink_exec(), which the server's plan of the query calls"),
        # A PL/pgSQL function is no function of PostgreSQL's own: what it does is unseen.
        ("VALUES (sneaky_plpgsql())", "sneaky_plpgsql() is not one of PostgreSQL's own"),
        ("COPY (SELECT 1) TO PROGRAM 'touch {proof}'", "(refused: COPY)"),
        ("COPY study_indications FROM '/etc/hostname'", "(refused: COPY)"),
        ("CREATE SERVER elsewhere FOREIGN DATA WRAPPER postgres_fdw", "(refused: CREATE)"),
        ("IMPORT FOREIGN SCHEMA public FROM SERVER elsewhere INTO public", "(refused: IMPORT)"),
    ],
)
def test_functions_that_reach_beyond_the_transaction_are_refused_for_a_superuser(
    ivig, guarded_url: str, query: str, refused: str
) -> None:
    before = _state(guarded_url)
    statement = query.format(target=_dblink_target(guarded_url), write=WRITE, proof=PROOF)
    run = ivig("--db-url", guarded_url, "sql", statement)
    assert run.exit_code == 1 and run.stdout == ""
    assert run.stderr.startswith("ivig: error: ivig sql is read-only"), run.stderr
    assert refused in run.stderr and run.stderr.count("\n") == 1, run.stderr
    time.sleep(0.2)  # a query sent with dblink_send_query would be running by now
    assert _state(guarded_url) == before


def test_a_refused_name_in_a_literal_is_only_text(ivig, guarded_url: str) -> None:
    query = "SELECT 'dblink_exec and lo_import are words here' AS note, $$pg_read_file$$ AS f"
    run = ivig("--db-url", guarded_url, "sql", query, "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert run.json() == [{"note": "dblink_exec and lo_import are words here", "f": "pg_read_file"}]


def test_a_parameter_inside_quotes_stays_text_as_on_sqlite(ivig, guarded_url: str) -> None:
    """The drivers replace :x even inside quotes, which pasted its value outside them,
    as code the check never saw; it is text, as SQLite keeps it."""
    before = _state(guarded_url)
    payload = f"x=, dblink_exec($q${_dblink_target(guarded_url)[1:-1]}$q$, $q${WRITE}$q$) AS b, "
    query = "SELECT ' :x ' AS a, \"a :x\" FROM (SELECT 1 AS \"a :x\") t -- :x\nWHERE :y = '1'"
    args = ("sql", query, "-p", payload, "-p", "y=1", "-f", "json")
    on_sqlite, on_server = ivig(*args), ivig("--db-url", guarded_url, *args)
    assert on_server.exit_code == 0, on_server.stderr
    assert on_server.json() == on_sqlite.json() == [{"a": " :x ", "a :x": 1}]
    time.sleep(0.2)
    assert _state(guarded_url) == before


def test_a_parameter_inside_quotes_without_values_stays_text(ivig, pg_url: str) -> None:
    """With no -p at all the statement runs as written: a literal's or a quoted name's
    :x comes back as it was typed, as on SQLite."""
    query = "SELECT ' :x ' AS a, 1 AS \"b :x\" -- :x"
    on_sqlite = ivig("sql", query, "-f", "json")
    on_server = ivig("--db-url", pg_url, "sql", query, "-f", "json")
    assert on_server.exit_code == 0, on_server.stderr
    assert on_server.json() == on_sqlite.json() == [{"a": " :x ", "b :x": 1}]


def _team_server_sql_blocks() -> list[str]:
    page = Path(__file__).resolve().parent.parent / "docs" / "team-server.md"
    return re.findall(r"```sql\n(.*?)```", page.read_text(encoding="utf-8"), re.S)


def _team_server_shell_commands() -> list[list[str]]:
    """The `ivig` lines of the page's shell block that sets IVIG_DATABASE_URL."""
    from tests.test_examples import manual_blocks

    (block,) = [b for b in manual_blocks() if b.server]
    return [example.args for example in block.examples]


def test_the_team_server_set_up_works_as_written(
    ivig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/team-server.md's SQL and commands, verbatim but for names and passwords: the
    owner builds, the reader reads everything, and every write by the reader is one line."""
    suffix = uuid.uuid4().hex[:8]
    names = {"ivig_owner": f"ivig_owner_{suffix}", "ivig_reader": f"ivig_reader_{suffix}"}
    database = f"ivig_{suffix}"

    def adapt(sql: str) -> list[str]:
        for old, new in names.items():
            sql = sql.replace(old, new)
        sql = re.sub(r"\bivig\b", database, sql).replace("PASSWORD '...'", "PASSWORD 'pw'")
        return [s.strip() for s in sql.split(";") if s.strip()]

    create, grants = _team_server_sql_blocks()
    admin = _admin()
    url = make_url(SERVER)
    try:
        with admin.connect() as conn:  # type: ignore[attr-defined]
            for statement in adapt(create):
                conn.execute(text(statement))
        owner = url.set(username=names["ivig_owner"], password="pw", database=database)
        reader = url.set(username=names["ivig_reader"], password="pw", database=database)
        owner_url = owner.render_as_string(hide_password=False)
        reader_url = reader.render_as_string(hide_password=False)
        with monkeypatch.context() as env:  # the page's `export IVIG_DATABASE_URL=...`
            env.setenv("IVIG_DATABASE_URL", owner_url)
            for args in _team_server_shell_commands():  # ivig db init, ivig db status
                run = ivig(*args)
                assert run.exit_code == 0, (args, run.stderr)
        in_database = create_engine(url.set(database=database), isolation_level="AUTOCOMMIT")
        with in_database.connect() as conn:
            for statement in adapt(grants):
                conn.execute(text(statement))
        in_database.dispose()
        for args in (
            ["studies", "-d", "rct", "-f", "json"],
            ["dose", "-i", "aosd", "-w", "70", "-f", "json"],
            ["evidence", "-i", "ra", "-f", "json"],
            ["positions", "-f", "json"],
            ["search", "Kanik", "-f", "json"],
            ["sql", "SELECT count(*) AS n FROM studies", "-f", "json"],
            ["db", "status", "-f", "json"],
        ):
            run = ivig("--db-url", reader_url, *args)
            assert run.exit_code == 0, (args, run.stderr)
            assert run.json(), args
        export = ivig("--db-url", owner_url, "export", "--out", str(tmp_path / "x"))
        assert export.exit_code == 0, export.stderr
        # The driver the URL names writes: psycopg, or psycopg2.
        reader_psycopg2_url = reader.set(drivername="postgresql+psycopg2").render_as_string(
            hide_password=False
        )
        for as_reader, args in itertools.product(
            (reader_url, reader_psycopg2_url), (add_study_args(), ["db", "init", "--force"])
        ):
            run = ivig("--db-url", as_reader, *args)
            assert run.exit_code == 1, (as_reader, args)
            (line,) = run.stderr.strip().splitlines()
            assert "may only read" in line and "INSERT" not in line and "internal" not in line
            assert "pw" not in line.replace("password", "")
        counted = ivig(
            "--db-url", reader_url, "sql", "SELECT count(*) AS n FROM studies", "-f", "json"
        )
        assert counted.json()[0]["n"] == len(
            ivig("--db-url", owner_url, "studies", "-f", "json", "--all").json()
        )
    finally:
        with admin.connect() as conn:  # type: ignore[attr-defined]
            conn.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
            for role in names.values():
                conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()  # type: ignore[attr-defined]


def test_a_password_in_the_query_string_is_masked(ivig) -> None:
    url = make_url(SERVER).set(username="no_such_role_x", password=None)
    shown = url.render_as_string(hide_password=False) + "?password=topsecret42"
    run = ivig("--db-url", shown, "studies")
    assert run.exit_code != 0 and "topsecret42" not in run.stderr and "password=***" in run.stderr


def test_sql_values_are_the_same_types_on_both_engines(ivig, db_path: Path, pg_url: str) -> None:
    for query in (
        "SELECT avg(n) AS a, sum(n) AS s, count(*) AS c FROM studies",
        "SELECT id, ambiguous FROM dose_regimens ORDER BY id",
        "SELECT id, year FROM studies ORDER BY year NULLS LAST, id",
        "SELECT 2.50 AS x, CAST(3 AS numeric) AS y",
    ):
        on_sqlite, on_server = both(ivig, pg_url, "sql", query, "-f", "json")
        # The text itself: in Python 1 == True, in JSON 1 is not true.
        assert on_sqlite.stdout == on_server.stdout, query


def test_every_server_reader_gives_the_same_answers(pg_url: str) -> None:
    """A libpq URL is read with psycopg2 (or psycopg where psycopg2 is not installed)
    alone; any other driver through SQLAlchemy. The query functions and `ivig sql`
    must answer alike through each."""
    from ivig_evidence import rawsql, search, studies
    from ivig_evidence.config import DbLocation, DbOrigin
    from ivig_evidence.store.db import connect_libpq, libpq_arguments, open_server
    from ivig_evidence.store.reader import PostgresReader, Reader, SqlAlchemyReader

    location = DbLocation(Path("."), DbOrigin.URL_OPTION, pg_url)
    preferred = open_server(location)
    assert isinstance(preferred, PostgresReader) and preferred.driver == "psycopg2"
    arguments = libpq_arguments(pg_url, pg_url)
    assert arguments is not None
    other = connect_libpq(location, arguments, drivers=("psycopg",))
    assert other.driver == "psycopg"
    other.execute("SET TRANSACTION READ ONLY")
    engine = create_engine(pg_url)
    connection = engine.connect()
    connection.exec_driver_sql("SET TRANSACTION READ ONLY")
    readers: list[Reader] = [preferred, other, SqlAlchemyReader(connection, "sqlalchemy")]
    try:
        for reader in readers:
            assert reader.dialect == "postgresql"
        listing = [
            [s.to_json() for s in studies.iter_studies(r, studies.StudyFilters(), None)]
            for r in readers
        ]
        assert listing[0] and len(listing[0]) > 10
        assert all(answer == listing[0] for answer in listing)
        hits = [search.search(r, '"high dose" OR remission', 50) for r in readers]
        assert hits[0] and all(answer == hits[0] for answer in hits)
        query = (
            "SELECT id, n, '100%' AS pct, n::text AS cast_n, 'ab'::bytea AS b, "
            "DATE '2020-01-02' AS d, 2.50 AS x, true AS t FROM studies "
            "WHERE design = :d ORDER BY id"
        )
        answers = []
        for r in readers:
            assert isinstance(r, PostgresReader | SqlAlchemyReader)
            result = rawsql.run_readonly_server(r, query, {"d": "rct"}, 10)
            answers.append((result.columns, list(result.rows)))
        assert answers[0][1] and all(answer == answers[0] for answer in answers)
        assert answers[0][1][0][2:] == (
            "100%",
            str(answers[0][1][0][1]),
            b"ab",
            "2020-01-02",
            2.5,
            1,
        )
        empty = [
            list(rawsql.run_readonly_server(r, "SELECT 1 AS one WHERE false", {}, 10).rows)
            for r in readers[:2]
        ]  # type: ignore[arg-type]
        assert empty == [[], []]
    finally:
        for reader in readers:
            reader.close()
        engine.dispose()


def test_reading_a_server_imports_neither_sqlalchemy_nor_psycopg(
    pg_url: str, subprocess_env
) -> None:
    probe = (
        "import sys\n"
        "from ivig_evidence.cli import app\n"
        "for args in (['studies', '-d', 'rct'], ['search', 'IVIG'], ['sql', 'SELECT 1']):\n"
        "    try:\n"
        f"        app(['--db-url', {pg_url!r}, *args])\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code\n"
        "print('LOADED', 'sqlalchemy' in sys.modules, 'psycopg' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", probe], env=subprocess_env, capture_output=True, text=True, timeout=60
    )
    # Nor psycopg, when psycopg2 is installed: its import costs five times as much.
    assert "LOADED False False" in done.stderr, done.stderr


def _changes(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        value = conn.execute(text("SELECT payload FROM summary_counts WHERE name = 'changes'"))
        number = int(value.scalar_one())
    engine.dispose()
    return number


def _ra_rcts(ivig, url: str) -> int:  # type: ignore[no-untyped-def]
    rows = ivig("--db-url", url, "indications", "-f", "json").json()
    (ra,) = [i for i in rows if i["slug"] == "ra"]
    return int(ra["studies_by_design"].get("rct", 0))


def test_the_server_notices_a_change_made_with_another_tool(ivig, scratch_url: str) -> None:
    """On PostgreSQL the kept summaries are checked against a counter the triggers keep
    (count(*) is a scan there): another tool's change moves it and is counted afresh;
    ivig's own writes store fresh counts without moving it."""
    before, counter = _ra_rcts(ivig, scratch_url), _changes(scratch_url)
    run = ivig("--db-url", scratch_url, *add_study_args("--indication", "ra"))
    assert run.exit_code == 0, run.stderr
    assert _changes(scratch_url) == counter  # ivig's write: fresh counts stored instead
    assert _ra_rcts(ivig, scratch_url) == before + 1
    engine = create_engine(scratch_url)
    with engine.begin() as conn:  # not through ivig
        conn.execute(
            text(
                "INSERT INTO studies (id, design, population, direction) "
                "VALUES ('zz-outside', 'rct', 'ra', 'benefit')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO study_indications (study_id, indication_slug) "
                "VALUES ('zz-outside', 'ra')"
            )
        )
    assert _changes(scratch_url) == counter + 2
    assert _ra_rcts(ivig, scratch_url) == before + 2
    with engine.begin() as conn:
        conn.execute(text("UPDATE studies SET design = 'review' WHERE id = 'zz-outside'"))
    engine.dispose()
    assert _changes(scratch_url) == counter + 3
    assert _ra_rcts(ivig, scratch_url) == before + 1  # the update is seen too


def test_the_servers_fingerprint_reads_no_study(pg_url: str) -> None:
    from ivig_evidence.store.summaries import FINGERPRINT_SQL

    engine = create_engine(pg_url)
    with engine.connect() as conn:
        plan = " ".join(row[0] for row in conn.execute(text(f"EXPLAIN {FINGERPRINT_SQL}")))
    engine.dispose()
    assert "studies" not in plan and "summary_counts" in plan, plan


def test_a_server_upgraded_to_the_search_index_finds_what_it_found(ivig, scratch_url: str) -> None:
    """Down to the view of revision 0012 and up again: the index is filled from the
    tables, the user's own rows as well as the release's."""
    from alembic import command

    from ivig_evidence.store.migrate import alembic_config

    added = ivig("--db-url", scratch_url, *add_study_args("--outcome", "an okapi outcome"))
    assert added.exit_code == 0, added.stderr
    before = ivig("--db-url", scratch_url, "search", "remission OR Kanik OR okapi", "-f", "json")
    assert before.exit_code == 0 and len(before.json()) > 5
    engine = create_engine(scratch_url)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0012_change_counter")
        assert conn.execute(text("SELECT to_regclass('search_index')")).scalar() is None
    engine.dispose()
    upgraded = ivig("--db-url", scratch_url, "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.stderr
    after = ivig("--db-url", scratch_url, "search", "remission OR Kanik OR okapi", "-f", "json")
    assert after.json() == before.json()
    okapi = ivig("--db-url", scratch_url, "search", "okapi", "-f", "json")
    assert [(hit["kind"], hit["field"]) for hit in okapi.json()] == [("study", "result")]


def test_a_server_built_or_upgraded_keeps_summaries_that_are_current(
    ivig, scratch_url: str
) -> None:
    """`db init` and `db upgrade` store the counts and must leave them current: the
    curated rows were marked after the counts were stamped, which moved the change
    counter, so every read of a new server counted afresh."""
    from ivig_evidence.store import summaries
    from ivig_evidence.store.reader import SqlAlchemyReader

    def current() -> bool:
        engine = create_engine(scratch_url)
        with engine.connect() as conn:
            kept = summaries.stored(SqlAlchemyReader(conn, "check"), "design_counts:flat")
        engine.dispose()
        return kept is not None

    assert current()
    engine = create_engine(scratch_url)
    with engine.begin() as conn:  # another tool's change: the counts go stale
        conn.execute(text("UPDATE studies SET n = n WHERE id = 'kanik-1996'"))
    engine.dispose()
    assert not current()
    assert ivig("--db-url", scratch_url, "db", "init", "--force").exit_code == 0
    assert current()


def test_conditions_beyond_ra_upgrade_a_server_keeping_its_rows(ivig) -> None:
    """A server at revision 0016 with the release it shipped and rows of the user's own:
    the upgrade changes the population constraint in place (nothing rebuilt, every
    trigger and index kept), gives each indication its family and keeps the user's rows;
    down to 0016 and up again works too."""
    from alembic import command
    from tests.test_upgrades import RELEASES

    from ivig_evidence.store.migrate import alembic_config
    from ivig_evidence.store.seed import load_seed, mark_curated

    name = f"ivig_conditions_{uuid.uuid4().hex[:8]}"
    url = _create_database(name)
    engine = create_engine(url)

    def derived(conn) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
        triggers = conn.execute(
            text(
                "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "  # 0021's come later
                "WHERE NOT tgisinternal AND tgname NOT LIKE 'history%' ORDER BY 1, 2"
            )
        ).all()
        indexes = conn.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes "  # 0019-0020's tables come later
                "WHERE schemaname = current_schema() "
                "AND tablename NOT IN ('outcomes', 'criteria') "
                "AND tablename NOT LIKE 'history%' ORDER BY 1"
            )
        ).all()
        return tuple(map(tuple, triggers)), tuple(map(tuple, indexes))

    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0017_record_dose")
            load_seed(conn, RELEASES / "0017_record_dose.sql")
            mark_curated(conn)
            conn.execute(
                text(
                    "INSERT INTO indications (slug, name, relation_to_ra, parent_slug) VALUES "
                    "('my-myositis', 'My myositis clinic', 'other_disease', NULL), "
                    "('my-ra-group', 'My RA group', 'ra_subgroup', 'ra')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO studies (id, first_author, year, design, population, n, "
                    "direction) VALUES ('my-study', 'Me', 2020, 'case_series', 'ra', 12, "
                    "'benefit')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO study_indications (study_id, indication_slug) VALUES "
                    "('my-study', 'my-myositis'), ('my-study', 'my-ra-group')"
                )
            )
            study = conn.execute(text("SELECT * FROM studies WHERE id = 'my-study'")).all()
            before = derived(conn)

        run = ivig("--db-url", url, "db", "upgrade")
        assert run.exit_code == 0, run.stderr

        with engine.begin() as conn:
            assert conn.execute(text("SELECT * FROM studies WHERE id = 'my-study'")).all() == study
            families = dict(
                conn.execute(text("SELECT slug, family FROM indications")).all()  # type: ignore[arg-type]
            )
            assert derived(conn) == before
        assert families["my-myositis"] == "other" and families["my-ra-group"] == "ra_and_relatives"
        assert families["iim-ild"] == families["dermatomyositis"] == "inflammatory_myopathies"
        assert families["egpa"] == "vasculitis" and families["kawasaki"] == "kawasaki_disease"
        mine = ivig("--db-url", url, "studies", "-i", "my-myositis", "-f", "json")
        assert [s["id"] for s in mine.json()] == ["my-study"]
        myositis = ivig("--db-url", url, "studies", "-i", "iim", "-f", "json", "--all").json()
        assert myositis and "my-study" not in {s["id"] for s in myositis}  # the release's own
        with engine.begin() as conn:  # the new values are accepted, others still refused
            conn.execute(
                text(
                    "INSERT INTO studies (id, design, population, direction) "
                    "VALUES ('kd-study', 'rct', 'kawasaki', 'benefit')"
                )
            )
        with pytest.raises(Exception, match="ck_studies_population"), engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO studies (id, design, population, direction) "
                    "VALUES ('bad', 'rct', 'lupus', 'benefit')"
                )
            )
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0017_record_dose")
            assert (
                conn.execute(text("SELECT population FROM studies WHERE id = 'kd-study'")).scalar()
                == "rheumatic_diseases"
            )
            command.upgrade(alembic_config(conn), "head")
            assert derived(conn) == before
            again = dict(conn.execute(text("SELECT slug, family FROM indications")).all())  # type: ignore[arg-type]
        assert again == families
    finally:
        engine.dispose()
        _drop_database(name)


def test_outcomes_on_the_server(ivig, scratch_url: str, db_path: Path, tmp_path: Path) -> None:
    """Revision 0019's outcome rows on a server: imported from a file's export, the same
    effects and conflicts as on SQLite; down to 0018 and up again keeps the rest."""
    from alembic import command
    from tests.test_effects import load_outcomes

    from ivig_evidence.store.migrate import alembic_config

    # The release's rows stay: the server has them from its own seed, the file's local
    # rows travel by export and import.
    load_outcomes(db_path, keep_release=True)
    out = tmp_path / "export"
    assert ivig("export", "--out", str(out)).exit_code == 0
    run = ivig("--db-url", scratch_url, "import", str(out))
    assert run.exit_code == 0, run.stderr
    for args in (
        ["effects", "-i", "iim", "-f", "json"],
        ["effects", "-i", "kawasaki", "-f", "json"],
        ["conflicts", "--status", "effects", "-f", "json"],
    ):
        on_file = ivig(*args)
        on_server = ivig("--db-url", scratch_url, *args)
        assert on_server.exit_code == 0, on_server.stderr
        assert on_server.json() == on_file.json(), args
    checked = create_engine(scratch_url)
    with (
        pytest.raises(Exception, match="ck_outcomes_treatment_events_within"),
        checked.begin() as conn,
    ):
        conn.execute(
            text(
                "INSERT INTO outcomes (id, study_id, outcome, kind, comparison, better, "
                "treatment_arm, control_arm, treatment_events, treatment_n, control_events, "
                "control_n, checked_against) VALUES ('bad', 'fx-proderm', 'x', 'binary', "
                "'parallel', 'higher', 'IVIG', 'placebo', 50, 47, 1, 2, 'r')"
            )
        )
    checked.dispose()
    engine = create_engine(scratch_url)
    try:
        with engine.begin() as conn:
            studies = conn.execute(text("SELECT count(*) FROM studies")).scalar()
            command.downgrade(alembic_config(conn), "0018_conditions_beyond_ra")
            assert conn.execute(text("SELECT to_regclass('outcomes')")).scalar() is None
            command.upgrade(alembic_config(conn), "head")
            assert conn.execute(text("SELECT count(*) FROM studies")).scalar() == studies
            assert conn.execute(text("SELECT count(*) FROM outcomes")).scalar() == 0
    finally:
        engine.dispose()


def test_review_criteria_on_the_server(
    ivig, scratch_url: str, db_path: Path, tmp_path: Path
) -> None:
    """Revision 0020's criteria on a server: imported from a file's export, the same review
    as on SQLite, its CHECKs enforced; down to 0019 and up again keeps the rest."""
    from alembic import command
    from tests.test_review import EXAMPLE

    from ivig_evidence.store.migrate import alembic_config

    out = tmp_path / "export"
    assert ivig("export", "--out", str(out)).exit_code == 0
    run = ivig("--db-url", scratch_url, "import", str(out))
    assert run.exit_code == 0, run.stderr
    for args in (
        [*EXAMPLE, "-f", "json"],
        ["review", "-i", "juvenile-dm", "--weight", "30", "--age", "10", "--dose", "2 g/kg",
         "-f", "json"],
    ):  # fmt: skip
        on_file = ivig(*args)
        on_server = ivig("--db-url", scratch_url, *args)
        assert on_server.exit_code == 0, on_server.stderr
        assert on_server.json() == on_file.json(), args
    with (
        pytest.raises(Exception, match="ck_criteria_rule_fits_kind"),
        create_engine(scratch_url).begin() as conn,
    ):
        conn.execute(
            text(
                "INSERT INTO criteria (id, body, document_id, kind, rule, value, quote, "
                "status, checked_against) VALUES ('bad', 'B', 'ontario-ig-dose-calculator', "
                "'rounding', 'adjusted_factor', 0.4, 'q', 'confirmed', 'r')"
            )
        )
    engine = create_engine(scratch_url)
    try:
        with engine.begin() as conn:
            studies = conn.execute(text("SELECT count(*) FROM studies")).scalar()
            command.downgrade(alembic_config(conn), "0019_outcomes")
            assert conn.execute(text("SELECT to_regclass('criteria')")).scalar() is None
            command.upgrade(alembic_config(conn), "head")
            assert conn.execute(text("SELECT count(*) FROM studies")).scalar() == studies
            assert conn.execute(text("SELECT count(*) FROM criteria")).scalar() == 0
    finally:
        engine.dispose()
