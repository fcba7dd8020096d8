"""The guard behind `ivig sql`, rule by rule: what it refuses and says, what it lets
through, on SQLite through the CLI and, for a server, at the check itself (the
server's own tests, in test_postgres.py, need one; these rules do not).
"""

from __future__ import annotations

import sqlite3
import time
from datetime import date, datetime
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ivig_evidence import rawsql
from ivig_evidence.errors import SqlError, UsageError

# ------------------------------------------------------------------ on SQLite, by the CLI


@pytest.mark.parametrize("sql", ["-- a note", "/* a note */", "/* a */ -- b\n ;", ";"])
def test_sql_with_only_a_comment_is_no_sql(ivig: Any, db_path: Path, sql: str) -> None:
    run = ivig("sql", "--", sql)
    assert run.exit_code == 2 and run.stdout == ""
    assert run.stderr == ("ivig: error: no SQL given, only comments (give one SELECT statement).\n")


@pytest.mark.parametrize("sql", ["", "   ", "\n\t"])
def test_no_sql_at_all_is_a_usage_error(ivig: Any, db_path: Path, sql: str) -> None:
    run = ivig("sql", "--", sql)
    assert run.exit_code == 2 and run.stdout == ""
    assert run.stderr == "ivig: error: no SQL given.\n"


def test_a_query_with_a_comment_runs(ivig: Any, db_path: Path) -> None:
    run = ivig("sql", "/* how many */ SELECT count(*) AS n FROM indications -- all", "-f", "json")
    assert run.exit_code == 0 and run.json()[0]["n"] > 0


@pytest.mark.parametrize("pair", ["a b=1", "=1", "1a=2", "a-b=1", "nonsense"])
def test_a_parameter_must_be_a_name_and_a_value(ivig: Any, db_path: Path, pair: str) -> None:
    run = ivig("sql", "SELECT 1 AS x", "-p", pair)
    assert run.exit_code == 2
    assert run.stderr == (
        f"ivig: error: parameter '{pair}' is not NAME=VALUE (e.g. -p design=rct).\n"
    )


@pytest.mark.parametrize(
    ("pair", "value"), [(":d=rct", "rct"), (" d=rct", "rct"), ("d=a=b", "a=b"), ("d=", "")]
)
def test_a_parameter_value_is_everything_after_the_first_equals(
    ivig: Any, db_path: Path, pair: str, value: str
) -> None:
    run = ivig("sql", "SELECT :d AS d", "-p", pair, "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert run.json() == [{"d": value}]


@pytest.mark.parametrize("seconds", ["0.1", "3600"])
def test_the_time_limit_may_be_as_short_or_as_long_as_its_range(
    ivig: Any, db_path: Path, seconds: str
) -> None:
    run = ivig("sql", "SELECT 1 AS x", "--timeout", seconds, "-f", "json")
    assert run.exit_code == 0 and run.json() == [{"x": 1}]


def test_the_full_text_index_may_be_queried(ivig: Any, db_path: Path) -> None:
    """FTS5 reads the schema and its data_version counter itself: both are let through."""
    run = ivig(
        "sql",
        "SELECT count(*) AS n FROM search_index WHERE search_index MATCH 'immunoglobulin'",
        "-f",
        "json",
    )
    assert run.exit_code == 0, run.stderr
    assert run.json()[0]["n"] > 0


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        (
            "SELECT 1; SELECT 2",
            "ivig sql is read-only: only a single SELECT (or WITH ... "
            "SELECT) is allowed: found more than one statement.",
        ),  # fmt: skip
        (
            "REINDEX",
            "ivig sql is read-only: only a single SELECT (or WITH ... SELECT) is "
            "allowed (refused: REINDEX).",
        ),  # fmt: skip
        (
            "ANALYZE",
            "ivig sql is read-only: only a single SELECT (or WITH ... SELECT) is "
            "allowed (refused: ANALYZE).",
        ),  # fmt: skip
        (
            "SELECT * FROM pragma_index_list('studies')",
            "ivig sql is read-only: only a single "
            "SELECT (or WITH ... SELECT) is allowed (refused: PRAGMA).",
        ),  # fmt: skip
        (
            "SELECT zeroblob(20000000)",
            "a value in the result would be larger than 10 MB; ivig "
            "sql stops there (select less, e.g. substr(x, 1, 1000)).",
        ),  # fmt: skip
        ("SELECT nope FROM studies", "SQL error: no such column: nope."),
    ],
)
def test_each_refusal_on_sqlite_is_one_line_that_says_why(
    ivig: Any, db_path: Path, sql: str, said: str
) -> None:
    run = ivig("sql", sql)
    assert run.exit_code == 1 and run.stdout == ""
    assert run.stderr == f"ivig: error: {said}\n"


def test_a_missing_parameter_says_how_to_give_it(ivig: Any, db_path: Path) -> None:
    run = ivig("sql", "SELECT :d AS d")
    assert run.exit_code == 2
    assert run.stderr.startswith("ivig: error: You did not supply a value for binding ")
    assert run.stderr.endswith(" Pass values with -p NAME=VALUE.\n")


def test_a_parameter_without_a_name_says_how_to_name_it(ivig: Any, db_path: Path) -> None:
    run = ivig("sql", "SELECT ? AS d", "-p", "d=1")
    assert run.exit_code == 2 and run.stdout == ""
    assert run.stderr == (
        "ivig: error: the SQL has a parameter without a name (?): name it, as in :n, "
        "and pass its value with -p n=VALUE.\n"
    )


def test_a_value_of_exactly_the_limit_is_read_and_one_byte_more_is_refused(
    ivig: Any, db_path: Path
) -> None:
    """The limit on one value is 10,000,000 bytes (10 MB), the boundary itself allowed."""
    run = ivig("sql", "SELECT length(zeroblob(10000000)) AS n", "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert run.json() == [{"n": 10_000_000}]
    over = ivig("sql", "SELECT length(zeroblob(10000001)) AS n")
    assert over.exit_code == 1 and "larger than 10 MB" in over.stderr


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("load_extension", "loads code into the database engine"),
        ("fts3_tokenizer", "reads or registers the engine's own code (a tokenizer's address)"),
        ("readfile", "reads a file"),
        ("writefile", "writes a file"),
        ("edit", "runs an editor"),
    ],
)
def test_a_refused_function_is_named_with_what_it_would_do(name: str, why: str) -> None:
    """readfile, writefile and edit exist only in SQLite's shell: a build that registered
    them would be refused in these words (what the authorizer saw, then the error)."""
    from ivig_evidence.rawsql.sqlite import _explain as explain

    guard = rawsql._Guard()
    guard.authorize(sqlite3.SQLITE_FUNCTION, None, name, None, None)
    error = explain(sqlite3.DatabaseError("not authorized"), guard, 5, f"SELECT {name}(1)")
    assert str(error) == f"ivig sql is read-only: {name}() {why}, so it is refused"


def test_the_time_limit_covers_the_rows_fetched_after_the_query_ran(db_path: Path) -> None:
    """The progress handler stops SQLite while it works; rows already computed and read
    slowly (a slow pipe, a slow terminal) are stopped by the limit between rows."""
    conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    try:
        result = rawsql.run_readonly(
            conn, "SELECT slug FROM indications ORDER BY slug LIMIT 3", {}, 0.2
        )
        rows = iter(result.rows)
        assert next(rows)
        time.sleep(0.3)  # the reader is slow: SQLite is not running meanwhile
        with pytest.raises(SqlError, match=r"stopped after the 0\.2 s time limit"):
            next(rows)
    finally:
        conn.close()


def test_rows_read_in_time_are_all_given(db_path: Path) -> None:
    conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    try:
        result = rawsql.run_readonly(conn, "SELECT 1 AS a, 2 AS b UNION ALL SELECT 3, 4", {}, 5)
        assert result.columns == ["a", "b"] and list(result.rows) == [(1, 2), (3, 4)]
    finally:
        conn.close()


@pytest.mark.parametrize("seconds", [0.1, 3600.0, 2.5])
def test_a_timeout_in_range_is_kept(seconds: float) -> None:
    assert rawsql.check_timeout(seconds) == seconds


@pytest.mark.parametrize("seconds", [0.0999, 3600.01, float("nan"), float("inf")])
def test_a_timeout_out_of_range_is_refused(seconds: float) -> None:
    with pytest.raises(UsageError, match="from 0.1 to 3600"):
        rawsql.check_timeout(seconds)


# ------------------------------------------------------------------ the server's check


SINGLE = "ivig sql is read-only: only a single SELECT (or WITH ... SELECT) is allowed"


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT year AS start FROM studies",
        "SELECT count(*) AS comment FROM studies",
        "SELECT count(*) AS n FROM studies -- delete me later",
        "SELECT $$a;b$$ AS x",
        "SELECT $tag$ dblink_exec(1) $tag$ AS x",
        "SELECT 'it''s; DELETE' AS x",
        "SELECT E'it\\'s; DELETE' AS x",
        "WITH r AS (SELECT id FROM studies) SELECT count(*) AS n FROM r",
        "WITH r AS (SELECT 'delete' AS w) SELECT w FROM r",
        'SELECT 1 AS "update"',
        "SELECT 1;",
        "SELECT 1 ; ;",
        "/* DELETE FROM studies; */ SELECT 1",
        "/* nested /* DELETE */ still a comment; */ SELECT 1",
        "SELECT 'pg_read_file(1)' AS note",
        "EXPLAIN SELECT 1",
        "SHOW search_path",
    ],
)
def test_the_server_check_lets_a_query_through(sql: str) -> None:
    rawsql.check_server_sql(sql)


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        ("SELECT 1; SELECT 2", f"{SINGLE}: found more than one statement"),
        ("SELECT 1; DELETE FROM studies", f"{SINGLE}: found more than one statement"),
        ("SELECT $$a$$; SELECT 2", f"{SINGLE}: found more than one statement"),
        ("SELECT 1 -- x\r; DELETE FROM studies", f"{SINGLE}: found more than one statement"),
        ("DELETE FROM studies", f"{SINGLE} (refused: DELETE)"),
        ("set statement_timeout = 0", f"{SINGLE} (refused: SET)"),
        ("COPY (SELECT 1) TO PROGRAM 'true'", f"{SINGLE} (refused: COPY)"),
        ("DO $$ BEGIN END $$", f"{SINGLE} (refused: DO)"),
        ("/* hidden */ VACUUM", f"{SINGLE} (refused: VACUUM)"),
        ("WITH gone AS (DELETE FROM claims RETURNING id) SELECT 1", f"{SINGLE} (refused: DELETE)"),
        ("WITH x AS (SELECT 1) UPDATE studies SET n = 1", f"{SINGLE} (refused: UPDATE)"),
        ("WITH x AS (SELECT 1) (INSERT INTO claims VALUES (1))", f"{SINGLE} (refused: INSERT)"),
        (
            "SELECT dblink_exec('x', 'y')",
            "ivig sql is read-only: dblink_exec() opens a connection of its own, outside the "
            "read-only transaction, so it is refused",
        ),
        (
            'SELECT public."dblink_exec" /* quoted */ (1)',
            "ivig sql is read-only: dblink_exec() opens a connection of its own, outside the "
            "read-only transaction, so it is refused",
        ),
        (
            'SELECT 1 AS "dblink_exec"',  # a name is refused wherever it is a name
            "ivig sql is read-only: dblink_exec() opens a connection of its own, outside the "
            "read-only transaction, so it is refused",
        ),
        (
            "SELECT DbLink_Exec(1)",
            "ivig sql is read-only: dblink_exec() opens a connection of its own, outside the "
            "read-only transaction, so it is refused",
        ),
        (
            'SELECT U&"dblink\\005fexec"(1)',
            "ivig sql is read-only: dblink_exec() opens a connection of its own, outside the "
            "read-only transaction, so it is refused",
        ),
        (
            "SELECT U&\"dblink!005fexec\" /* x */ UESCAPE '!' (1)",
            "ivig sql is read-only: dblink_exec() opens a connection of its own, outside the "
            "read-only transaction, so it is refused",
        ),
        (
            "SELECT U&\"dblink!+00005Fexec\" UESCAPE '!' (1)",
            "ivig sql is read-only: dblink_exec() opens a connection of its own, outside the "
            "read-only transaction, so it is refused",
        ),
        (
            "SELECT 1 AS é$$, dblink_exec(1) AS y$$",
            "ivig sql is read-only: dblink_exec() opens a connection of its own, outside the "
            "read-only transaction, so it is refused",
        ),
        (
            "SELECT query_to_xml('SELECT 1', true, false, '')",
            "ivig sql is read-only: query_to_xml() runs SQL handed to it as text or by name, "
            "unseen by ivig's check, so it is refused",
        ),
        (
            "SELECT ts_stat('SELECT 1')",
            "ivig sql is read-only: ts_stat() runs SQL handed to it as text or by name, unseen "
            "by ivig's check, so it is refused",
        ),
        (
            "SELECT lo_import('/etc/hostname')",
            "ivig sql is read-only: lo_import() reaches the server's own files, logs or large "
            "objects, so it is refused",
        ),
        (
            "SELECT * FROM pg_ls_dir('.')",
            "ivig sql is read-only: pg_ls_dir() reaches the server's own files, logs or large "
            "objects, so it is refused",
        ),
        (
            "SELECT pg_advisory_lock(1)",
            "ivig sql is read-only: pg_advisory_lock() acts beyond your own result (on other "
            "sessions, the server, its settings, sequences, locks or indexes), which a "
            "read-only transaction does not stop, so it is refused",
        ),
        (
            "SELECT nextval('s')",
            "ivig sql is read-only: nextval() acts beyond your own result (on other sessions, "
            "the server, its settings, sequences, locks or indexes), which a read-only "
            "transaction does not stop, so it is refused",
        ),
    ],
)
def test_the_server_check_refuses_and_says_why(sql: str, said: str) -> None:
    with pytest.raises(SqlError) as refused:
        rawsql.check_server_sql(sql)
    assert refused.value.message == said


@pytest.mark.parametrize("sql", ["", "   ", "-- only this", "/* this */ ;"])
def test_no_sql_is_a_usage_error_on_a_server_too(sql: str) -> None:
    with pytest.raises(UsageError, match="no SQL given"):
        rawsql.run_readonly_server(None, sql, {}, 1.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sql", "planned"),
    [
        ("SELECT 1", "SELECT 1"),
        ("(SELECT 1)", "(SELECT 1)"),
        ("WITH r AS (SELECT 1) SELECT * FROM r", "WITH r AS (SELECT 1) SELECT * FROM r"),
        ("VALUES (1)", "VALUES (1)"),
        ("TABLE studies", "TABLE studies"),
        ("EXPLAIN SELECT 1", "SELECT 1"),
        ("EXPLAIN ANALYZE VERBOSE SELECT 1", "SELECT 1"),
        ("EXPLAIN (ANALYZE, FORMAT (JSON)) SELECT 2", "SELECT 2"),
        ("EXPLAIN", None),
        ("SHOW search_path", None),
        ("", None),
        ("'x'", None),
    ],
)
def test_the_part_of_a_statement_the_server_plans(sql: str, planned: str | None) -> None:
    assert rawsql.plannable_part(sql) == planned


def test_every_name_in_a_plan_is_found_and_no_literal() -> None:
    plan = [
        {
            "Plan": {
                "Output": ["dblink_exec('x'::text)", "'pg_read_file'::text"],
                "Plans": [{"Filter": "(nextval('s'::regclass) > 1)"}],
                "Rows": 3,
            }
        }
    ]
    names = set(rawsql.planned_names(plan))
    assert {"dblink_exec", "nextval", "text", "regclass"} <= names
    assert "pg_read_file" not in names and "s" not in names


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        ("dblink", True),
        ("dblink_connect_u", True),
        ("postgres_fdw_get_connections", True),
        ("lo_get", True),
        ("pg_read_binary_file", True),
        ("pg_stat_reset_shared", True),
        ("set_config", True),
        ("pg_sleep", False),
        ("lower", False),
        ("mydblink", False),
    ],
)
def test_functions_refused_by_name_and_by_prefix(name: str, refused: bool) -> None:
    assert (rawsql.refused_function(name) is not None) is refused


@pytest.mark.parametrize(
    ("sql", "kept"),
    [
        ("SELECT ':x' AS a, :x AS b", "SELECT '\\:x' AS a, :x AS b"),
        ('SELECT 1 AS ":x", :x', 'SELECT 1 AS "\\:x", :x'),
        ("SELECT :x -- :y\n", "SELECT :x -- \\:y\n"),
        ("SELECT $$ :x $$", "SELECT $$ \\:x $$"),
        ("SELECT :x", "SELECT :x"),
    ],
)
def test_a_parameter_inside_a_literal_stays_text(sql: str, kept: str) -> None:
    assert rawsql.keep_literals_literal(sql) == kept


def test_the_lexer_tells_code_from_text() -> None:
    tokens = rawsql.sql_tokens('SELECT E\'a\\\'b\' AS "Q""x", $t$ c $t$ /* d */ FROM t -- e')
    assert [(t.text, t.kind) for t in tokens] == [
        ("select", "word"),
        ("''", "literal"),
        ("as", "word"),
        ('Q"x', "name"),
        (",", "mark"),
        ("''", "literal"),
        ("from", "word"),
        ("t", "word"),
    ]
    assert tokens[1].value == "a\\'b" and tokens[5].value == " c "
    assert [t.word for t in tokens[:4]] == [True, False, True, True]
    unclosed = rawsql.sql_tokens("SELECT 'open")
    assert [t.kind for t in unclosed] == ["word", "literal"]


def test_a_unicode_escape_past_the_last_code_point_is_clamped() -> None:
    (token,) = rawsql.sql_tokens('U&"\\+FFFFFFx"')
    assert token.text == "\U0010ffffx"
    (kept,) = rawsql.sql_tokens('U&"a\\\\b\\zz"')
    assert kept.text == "a\\b\\zz"


@pytest.mark.parametrize(
    ("message", "said"),
    [
        (
            "cannot execute DELETE in a read-only transaction",
            f"{SINGLE} (refused: DELETE)",
        ),
        (
            "cannot execute CREATE TABLE in a read-only transaction",
            f"{SINGLE} (refused: CREATE)",
        ),
        (
            "canceling statement due to statement timeout",
            "query stopped after the 1.5 s time limit (raise it with --timeout)",
        ),
        ('relation "x" does not exist', 'SQL error: relation "x" does not exist'),
    ],
)
def test_a_server_error_in_words(message: str, said: str) -> None:
    assert rawsql._server_error(message, 1.5).message == said


@pytest.mark.parametrize(
    ("value", "given"),
    [
        (True, 1),
        (False, 0),
        (Decimal("12"), 12),
        (Decimal("12.50"), 12.5),
        (Decimal("12.0"), 12.0),
        (datetime(2026, 1, 2, 3, 4, 5), "2026-01-02T03:04:05"),
        (date(2026, 1, 2), "2026-01-02"),
        (clock(3, 4), "03:04:00"),
        (memoryview(b"ab"), b"ab"),
        ("text", "text"),
        (None, None),
    ],
)
def test_a_server_value_as_sqlite_gives_it(value: Any, given: Any) -> None:
    got = rawsql._as_sqlite_gives(value)
    assert got == given and type(got) is type(given)


def test_the_server_session_settings() -> None:
    assert rawsql._session_settings(2.5) == [
        "SET LOCAL statement_timeout = 2500",
        "SET LOCAL standard_conforming_strings = on",
    ]


# ------------------------------------------------------------------ every name on the lists

# What the guard must refuse on a server, by name, whatever the role: the specification,
# written out here apart from the module's own lists.
CONNECTION = "opens a connection of its own, outside the read-only transaction"
AS_TEXT = "runs SQL handed to it as text or by name, unseen by ivig's check"
FILES = "reaches the server's own files, logs or large objects"
BEYOND = (
    "acts beyond your own result (on other sessions, the server, its settings, sequences, "
    "locks or indexes), which a read-only transaction does not stop"
)
REFUSED_NAMES = {
    CONNECTION: "dblink dblink_exec dblink_connect_u postgres_fdw_disconnect_all "
    "pg_background_launch",
    AS_TEXT: "ts_stat ts_rewrite query_to_xml query_to_xml_and_xmlschema cursor_to_xml "
    "table_to_xml schema_to_xml database_to_xml",
    FILES: "lo_close lo_creat lo_create lo_export lo_from_bytea lo_get lo_import lo_lseek "
    "lo_lseek64 lo_open lo_put lo_tell lo_tell64 lo_truncate lo_truncate64 lo_unlink loread "
    "lowrite pg_stat_file pg_current_logfile pg_logdir_ls xslt_process autoprewarm_dump_now "
    "autoprewarm_start_worker pg_read_file pg_read_binary_file pg_ls_dir pg_ls_waldir "
    "pg_file_write pg_file_unlink",
    BEYOND: "pg_terminate_backend pg_cancel_backend pg_reload_conf pg_rotate_logfile "
    "pg_rotate_logfile_old pg_switch_wal pg_create_restore_point pg_promote "
    "pg_log_backend_memory_contexts pg_backup_start pg_backup_stop pg_start_backup "
    "pg_stop_backup pg_import_system_collations pg_stop_making_pinned_objects pg_notify "
    "set_config nextval setval brin_summarize_new_values brin_summarize_range "
    "brin_desummarize_range gin_clean_pending_list pg_truncate_visibility_map "
    "pg_stat_statements_reset pg_create_physical_replication_slot "
    "pg_create_logical_replication_slot pg_copy_physical_replication_slot "
    "pg_copy_logical_replication_slot pg_drop_replication_slot pg_replication_slot_advance "
    "pg_advisory_lock pg_advisory_xact_lock_shared pg_try_advisory_lock pg_stat_reset "
    "pg_stat_reset_shared pg_replication_origin_create pg_logical_emit_message "
    "pg_wal_replay_pause heap_force_kill",
}


@pytest.mark.parametrize(
    ("name", "reason"),
    [(name, reason) for reason, names in REFUSED_NAMES.items() for name in names.split()],
)
def test_every_function_that_reaches_beyond_the_result_is_refused(name: str, reason: str) -> None:
    assert rawsql.refused_function(name) == reason
    with pytest.raises(SqlError) as refused:
        rawsql.check_server_sql(f"SELECT x.{name}(1) FROM t AS x")
    assert refused.value.message == f"ivig sql is read-only: {name}() {reason}, so it is refused"


STATEMENTS = [
    "abort",
    "alter",
    "analyze",
    "begin",
    "call",
    "checkpoint",
    "close",
    "cluster",
    "comment",
    "commit",
    "copy",
    "create",
    "deallocate",
    "declare",
    "delete",
    "discard",
    "do",
    "drop",
    "end",
    "execute",
    "fetch",
    "grant",
    "import",
    "insert",
    "listen",
    "load",
    "lock",
    "merge",
    "move",
    "notify",
    "prepare",
    "refresh",
    "reindex",
    "release",
    "reset",
    "revoke",
    "rollback",
    "savepoint",
    "security",
    "set",
    "start",
    "truncate",
    "unlisten",
    "update",
    "vacuum",
]


@pytest.mark.parametrize("word", STATEMENTS)
def test_every_statement_but_a_query_is_refused_on_a_server(word: str) -> None:
    with pytest.raises(SqlError) as refused:
        rawsql.check_server_sql(f"{word.upper()} something")
    assert refused.value.message == f"{SINGLE} (refused: {word.upper()})"


@pytest.mark.parametrize("word", ["insert", "update", "delete", "merge"])
def test_a_query_that_changes_data_inside_a_with_is_refused(word: str) -> None:
    with pytest.raises(SqlError) as refused:
        rawsql.check_server_sql(f"WITH x AS ({word} something) SELECT 1")
    assert refused.value.message == f"{SINGLE} (refused: {word.upper()})"


# Each write an SQLite authorizer can be asked for, and how the guard names it.
ACTIONS = {
    "CREATE_INDEX": "CREATE INDEX",
    "CREATE_TABLE": "CREATE TABLE",
    "CREATE_TEMP_INDEX": "CREATE TEMP INDEX",
    "CREATE_TEMP_TABLE": "CREATE TEMP TABLE",
    "CREATE_TEMP_TRIGGER": "CREATE TEMP TRIGGER",
    "CREATE_TEMP_VIEW": "CREATE TEMP VIEW",
    "CREATE_TRIGGER": "CREATE TRIGGER",
    "CREATE_VIEW": "CREATE VIEW",
    "DELETE": "DELETE",
    "DROP_INDEX": "DROP INDEX",
    "DROP_TABLE": "DROP TABLE",
    "DROP_TEMP_INDEX": "DROP TEMP INDEX",
    "DROP_TEMP_TABLE": "DROP TEMP TABLE",
    "DROP_TEMP_TRIGGER": "DROP TEMP TRIGGER",
    "DROP_TEMP_VIEW": "DROP TEMP VIEW",
    "DROP_TRIGGER": "DROP TRIGGER",
    "DROP_VIEW": "DROP VIEW",
    "INSERT": "INSERT",
    "PRAGMA": "PRAGMA",
    "TRANSACTION": "TRANSACTION",
    "UPDATE": "UPDATE",
    "ATTACH": "ATTACH",
    "DETACH": "DETACH",
    "ALTER_TABLE": "ALTER TABLE",
    "REINDEX": "REINDEX",
    "ANALYZE": "ANALYZE",
    "CREATE_VTABLE": "CREATE VTABLE",
    "DROP_VTABLE": "DROP VTABLE",
    "SAVEPOINT": "SAVEPOINT",
}


@pytest.mark.parametrize(("action", "named"), ACTIONS.items())
def test_the_guard_refuses_every_write_and_names_it(action: str, named: str) -> None:
    code = getattr(sqlite3, f"SQLITE_{action}", None)
    if code is None:
        pytest.skip(f"this SQLite has no SQLITE_{action}")
    guard = rawsql._Guard()
    assert guard.authorize(code, "t", None, None, None) == sqlite3.SQLITE_DENY
    assert guard.refused == named


def test_the_guard_lets_reading_through_and_names_the_telling_refusal() -> None:
    guard = rawsql._Guard()
    for action, arg1 in (
        (sqlite3.SQLITE_SELECT, None),
        (sqlite3.SQLITE_READ, "studies"),
        (sqlite3.SQLITE_FUNCTION, None),
        (sqlite3.SQLITE_UPDATE, "sqlite_master"),
        (sqlite3.SQLITE_PRAGMA, "data_version"),
    ):
        assert guard.authorize(action, arg1, "lower", None, None) == sqlite3.SQLITE_OK
    assert guard.refused is None
    assert guard.authorize(sqlite3.SQLITE_UPDATE, "studies", "n", None, None) == sqlite3.SQLITE_DENY
    assert guard.authorize(sqlite3.SQLITE_PRAGMA, "table_info", None, None, None) == (
        sqlite3.SQLITE_DENY
    )
    assert guard.refused == "PRAGMA"  # what a pragma function asks is named, not the update
    for name in ("load_extension", "FTS3_TOKENIZER", "readfile", "writefile", "edit"):
        assert guard.authorize(sqlite3.SQLITE_FUNCTION, None, name, None, None) == (
            sqlite3.SQLITE_DENY
        )
        assert guard.refused_function == name.lower()


@pytest.mark.parametrize(
    ("sql", "refused"),
    [
        ("SAVEPOINT a", "SAVEPOINT"),
        ("RELEASE a", "RELEASE"),
        ("CREATE TEMP VIEW v AS SELECT 1", "CREATE"),
        ("CREATE TEMP TABLE t (a)", "CREATE"),
        ("CREATE VIEW v AS SELECT 1", "CREATE"),
        ("CREATE INDEX i ON studies (n)", "CREATE"),
        ("CREATE TRIGGER tr AFTER INSERT ON claims BEGIN SELECT 1; END", "CREATE"),
        ("CREATE VIRTUAL TABLE v USING fts5(a)", "CREATE"),
        ("DROP VIEW IF EXISTS gone", "DROP"),
        ("DROP INDEX IF EXISTS gone", "DROP"),
        ("REINDEX", "REINDEX"),
        ("ANALYZE", "ANALYZE"),
        ("DETACH DATABASE main", "DETACH"),
        ("END", "END"),
        ("REPLACE INTO claims (id, topic, summary) VALUES ('x', 'cost', 'x')", "REPLACE"),
    ],
)
def test_each_kind_of_write_is_refused_on_sqlite(
    ivig: Any, db_path: Path, sql: str, refused: str
) -> None:
    from tests.conftest import file_digest

    before = file_digest(db_path)
    run = ivig("sql", sql)
    assert run.exit_code == 1 and run.stdout == ""
    assert run.stderr.startswith(f"ivig: error: {SINGLE}"), run.stderr
    assert f"(refused: {refused})" in run.stderr
    assert file_digest(db_path) == before
