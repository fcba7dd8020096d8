"""What a server's READ ONLY transaction does not stop, refused by name: statements
that end or change the transaction or reach outside the database, and functions with
a connection of their own, the server's files or other sessions; checked in the
statement as written and again in the server's plan of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ivig_evidence.errors import SqlError
from ivig_evidence.rawsql.lexer import sql_tokens
from ivig_evidence.rawsql.query import READ_ONLY_MESSAGE
from ivig_evidence.store.reader import (
    PostgresReader,
    SqlAlchemyReader,
)

# A READ ONLY transaction stops this session's own writes, and nothing else: a function
# may open a connection of its own (dblink, postgres_fdw), whose transaction is not read-
# only, so `SELECT dblink_exec(...)` writes whatever the role; others reach the server's
# files, run SQL handed to them as text, or act on other sessions, settings, sequences,
# locks and indexes. These are refused by name, whatever the role, before anything is
# sent, and again in the server's own plan of the statement (which shows the functions
# that views and SQL functions call, written as the server parsed them).


@dataclass(frozen=True)
class _Refused:
    reason: str
    names: frozenset[str]
    prefixes: tuple[str, ...] = ()


_LARGE_OBJECTS = frozenset(
    {
        "lo_close", "lo_creat", "lo_create", "lo_export", "lo_from_bytea", "lo_get",
        "lo_import", "lo_lseek", "lo_lseek64", "lo_open", "lo_put", "lo_tell", "lo_tell64",
        "lo_truncate", "lo_truncate64", "lo_unlink", "loread", "lowrite",
    }
)  # fmt: skip
REFUSED_FUNCTIONS = (
    _Refused(
        "opens a connection of its own, outside the read-only transaction",
        frozenset(),
        ("dblink", "postgres_fdw", "pg_background"),
    ),
    _Refused(
        "runs SQL handed to it as text or by name, unseen by ivig's check",
        frozenset({"ts_stat", "ts_rewrite"}),
        ("query_to_xml", "cursor_to_xml", "table_to_xml", "schema_to_xml", "database_to_xml"),
    ),
    _Refused(
        "reaches the server's own files, logs or large objects",
        _LARGE_OBJECTS
        | {"pg_stat_file", "pg_current_logfile", "pg_logdir_ls", "xslt_process"}
        | {"autoprewarm_dump_now", "autoprewarm_start_worker"},
        ("pg_read_file", "pg_read_binary_file", "pg_ls_", "pg_file_"),
    ),
    _Refused(
        "acts beyond your own result (on other sessions, the server, its settings, "
        "sequences, locks or indexes), which a read-only transaction does not stop",
        frozenset(
            {
                "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf",
                "pg_rotate_logfile", "pg_rotate_logfile_old", "pg_switch_wal",
                "pg_create_restore_point", "pg_promote", "pg_log_backend_memory_contexts",
                "pg_backup_start", "pg_backup_stop", "pg_start_backup", "pg_stop_backup",
                "pg_import_system_collations", "pg_stop_making_pinned_objects",
                "pg_notify", "set_config", "nextval", "setval",
                "brin_summarize_new_values", "brin_summarize_range", "brin_desummarize_range",
                "gin_clean_pending_list", "pg_truncate_visibility_map",
                "pg_stat_statements_reset",
                "pg_create_physical_replication_slot", "pg_create_logical_replication_slot",
                "pg_copy_physical_replication_slot", "pg_copy_logical_replication_slot",
                "pg_drop_replication_slot", "pg_replication_slot_advance",
            }
        ),
        (
            "pg_advisory_", "pg_try_advisory_", "pg_stat_reset", "pg_replication_origin_",
            "pg_logical_", "pg_wal_replay_", "heap_force_",
        ),
    ),
)  # fmt: skip


def refused_function(name: str) -> str | None:
    """Why a function of this name is refused, or None. Matched on the name alone, in any
    schema: a name is refused wherever it appears as a name, even where it is not called
    (a column alias), since a false refusal says why and a missed call cannot be undone."""
    for refused in REFUSED_FUNCTIONS:
        if name in refused.names or name.startswith(refused.prefixes):
            return refused.reason
    return None


def _refusal(name: str, reason: str, *, in_plan: bool = False) -> SqlError:
    called = f"{name}(), which the server's plan of the query calls," if in_plan else f"{name}()"
    return SqlError(f"ivig sql is read-only: {called} {reason}, so it is refused")


# Statements that would end or change the reader's transaction, run code the guard
# cannot see (DO, CALL), reach outside the database (COPY ... PROGRAM, COPY to or from a
# server file, LOAD) or write. The server refuses most writes itself; these are refused
# first, by name.
DATA_CHANGES = frozenset({"insert", "update", "delete", "merge"})
REFUSED_STATEMENTS = frozenset(
    [
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
)
# Statements whose functions the server's plan shows (EXPLAIN takes these).
_PLANNED = frozenset({"select", "with", "values", "table"})
_EXPLAIN_OPTIONS = frozenset({"analyze", "analyse", "verbose"})


def check_server_sql(sql: str) -> None:
    """One statement, not one that changes the transaction or reaches outside it, naming
    no refused function; else SqlError. Anything else goes to the server, whose READ ONLY
    transaction refuses writes and whose parser reports typos."""
    tokens = sql_tokens(sql)
    while tokens and tokens[-1].text == ";" and tokens[-1].kind == "mark":
        tokens.pop()
    if any(t.text == ";" and t.kind == "mark" for t in tokens):
        raise SqlError(f"{READ_ONLY_MESSAGE}: found more than one statement")
    if tokens and tokens[0].kind == "word" and tokens[0].text in REFUSED_STATEMENTS:
        raise SqlError(f"{READ_ONLY_MESSAGE} (refused: {tokens[0].text.upper()})")
    if tokens and tokens[0].text == "with":
        # A data-modifying CTE: WITH x AS (DELETE ...) or WITH ... ) UPDATE ...
        for before, token in zip(tokens, tokens[1:], strict=False):
            if token.text in DATA_CHANGES and before.text in ("(", ")"):
                raise SqlError(f"{READ_ONLY_MESSAGE} (refused: {token.text.upper()})")
    for token in tokens:
        if token.word and (reason := refused_function(token.text)):
            raise _refusal(token.text, reason)


def plannable_part(sql: str) -> str | None:
    """The statement EXPLAIN can plan: the whole of a query, the query an EXPLAIN names
    (its options left out), or None for statements that call no function (SHOW)."""
    tokens = sql_tokens(sql)
    if not tokens:
        return None
    first = tokens[0]
    if first.text == "(" or (first.kind == "word" and first.text in _PLANNED):
        return sql
    if first.kind != "word" or first.text != "explain":
        return None
    rest = tokens[1:]
    if rest and rest[0].text == "(":
        depth = 0
        for index, token in enumerate(rest):
            depth += {"(": 1, ")": -1}.get(token.text, 0) if token.kind == "mark" else 0
            if depth == 0:
                rest = rest[index + 1 :]
                break
    else:
        while rest and rest[0].kind == "word" and rest[0].text in _EXPLAIN_OPTIONS:
            rest = rest[1:]
    return sql[rest[0].start :] if rest else None


def planned_names(plan: Any) -> Iterator[str]:
    """Every name in the server's plan (EXPLAIN (VERBOSE, FORMAT JSON)): its expressions
    are written out with their functions, and its literals stay literals."""
    if isinstance(plan, str):
        yield from (token.text for token in sql_tokens(plan) if token.word)
    elif isinstance(plan, dict):
        for value in plan.values():
            yield from planned_names(value)
    elif isinstance(plan, list):
        for value in plan:
            yield from planned_names(value)


# Functions that came with the server have object ids below FirstNormalObjectId; an
# extension's or a user's (a PL/pgSQL function calling dblink, say) have higher ones.
_NOT_BUILT_IN = """
SELECT n.nspname AS schema, p.proname AS name
FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
WHERE p.proname::text = ANY(:names) AND p.oid >= 16384
  AND p.prorettype NOT IN ('pg_catalog.trigger'::regtype, 'pg_catalog.event_trigger'::regtype)
ORDER BY 1, 2 LIMIT 1
"""


def check_on_server(
    reader: PostgresReader | SqlAlchemyReader, sql: str, params: Mapping[str, str]
) -> None:
    """The second layer, by the server's own reading of the statement: the functions in
    its plan (EXPLAIN plans without running), which include what views and SQL functions
    call, checked against the same list; then every name in the statement or the plan
    that is a function not built into PostgreSQL (an extension's, a user's) is refused,
    since what it does (a PL/pgSQL function may call dblink) is unseen by either layer.
    Trigger functions are left out: a query cannot call them."""
    import json

    names = {token.text for token in sql_tokens(sql) if token.word}
    planned = plannable_part(sql)
    if planned is not None:
        plan = reader.execute(_EXPLAIN + planned, params).fetchone()["QUERY PLAN"]
        if isinstance(plan, str | bytes):
            plan = json.loads(plan)
        for name in planned_names(plan):
            if reason := refused_function(name):
                raise _refusal(name, reason, in_plan=True)
            names.add(name)
    found = reader.execute(_NOT_BUILT_IN, {"names": sorted(names)}).fetchone()
    if found is not None:
        raise SqlError(
            f"ivig sql is read-only: {found['name']}() is not one of PostgreSQL's own "
            f"functions ({found['schema']}.{found['name']}, an extension's or a user's), "
            "and what it does is unseen by ivig's check, so it is refused"
        )


_EXPLAIN = "EXPLAIN (VERBOSE, FORMAT JSON) "
