"""The read-only guard and runner behind `ivig sql`.

Two independent layers (as Datasette does): the file is opened read-only
(``mode=ro``), and an authorizer refuses every action but reading, so a write,
a schema change, ATTACH, PRAGMA, a transaction statement or a function that
reaches outside the file (load_extension) is stopped before it runs. A progress
handler enforces the time limit.

On a server: a READ ONLY transaction and a statement timeout, and a check, first
of the statement as written, then of the server's plan of it and its catalogue,
for what a read-only transaction does not stop (a function with a connection of
its own, such as dblink's, or one reaching the server's files or other sessions).
"""

from __future__ import annotations

import itertools
import math
import re
import sqlite3
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ivig_evidence.errors import SqlError, UsageError
from ivig_evidence.store.reader import (
    BIND_PARAMETER,
    PostgresReader,
    SqlAlchemyReader,
    bound_names,
)

_ALLOWED_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    getattr(sqlite3, "SQLITE_RECURSIVE", 33),
}

# Authorizer action codes share numbers with other sqlite3 constants (the
# SQLITE_LIMIT_* family), so the names are listed rather than derived.
_AUTHORIZER_ACTIONS = (
    "CREATE_INDEX",
    "CREATE_TABLE",
    "CREATE_TEMP_INDEX",
    "CREATE_TEMP_TABLE",
    "CREATE_TEMP_TRIGGER",
    "CREATE_TEMP_VIEW",
    "CREATE_TRIGGER",
    "CREATE_VIEW",
    "DELETE",
    "DROP_INDEX",
    "DROP_TABLE",
    "DROP_TEMP_INDEX",
    "DROP_TEMP_TABLE",
    "DROP_TEMP_TRIGGER",
    "DROP_TEMP_VIEW",
    "DROP_TRIGGER",
    "DROP_VIEW",
    "INSERT",
    "PRAGMA",
    "TRANSACTION",
    "UPDATE",
    "ATTACH",
    "DETACH",
    "ALTER_TABLE",
    "REINDEX",
    "ANALYZE",
    "CREATE_VTABLE",
    "DROP_VTABLE",
    "SAVEPOINT",
)
_ACTION_NAMES = {
    getattr(sqlite3, f"SQLITE_{name}"): name.replace("_", " ")
    for name in _AUTHORIZER_ACTIONS
    if hasattr(sqlite3, f"SQLITE_{name}")
}

READ_ONLY_MESSAGE = "ivig sql is read-only: only a single SELECT (or WITH ... SELECT) is allowed"

# The largest single value (text or blob) a query may produce.
MAX_VALUE_BYTES = 10_000_000
# --timeout accepts a finite number of seconds in this range.
TIMEOUT_RANGE = (0.1, 3600.0)


def check_timeout(seconds: float) -> float:
    low, high = TIMEOUT_RANGE
    if not math.isfinite(seconds) or not low <= seconds <= high:
        raise UsageError(f"--timeout must be a number of seconds from {low:g} to {high:g}")
    return seconds


def _timeout_message(seconds: float) -> str:
    return f"query stopped after the {seconds:g} s time limit (raise it with --timeout)"


# SQLite calls the progress handler every N virtual-machine instructions.
_PROGRESS_STEP = 10_000


# Reading a pragma function also asks to update sqlite_master; name the pragma.
_TELLING_ACTIONS = ("PRAGMA", "ATTACH", "DETACH")


# Functions that reach outside the file, though calling a function is otherwise reading.
# load_extension is also off in Python's sqlite3; readfile, writefile and edit belong
# to SQLite's own shell, and are refused in case a build ever registers them.
SQLITE_REFUSED_FUNCTIONS = {
    "load_extension": "loads code into the database engine",
    "fts3_tokenizer": "reads or registers the engine's own code (a tokenizer's address)",
    "readfile": "reads a file",
    "writefile": "writes a file",
    "edit": "runs an editor",
}


@dataclass
class _Guard:
    refused_actions: list[str] = field(default_factory=list)
    refused_function: str | None = None

    def authorize(
        self,
        action: int,
        arg1: str | None,
        arg2: str | None,
        _db: str | None,
        _trigger: str | None,
    ) -> int:
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in SQLITE_REFUSED_FUNCTIONS:
            self.refused_function = (arg2 or "").lower()
            return sqlite3.SQLITE_DENY
        if action in _ALLOWED_ACTIONS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master":
            # SQLite asks this when it reads the schema for a pragma function or for
            # the full-text index; the connection is read-only, so nothing can change.
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and arg1 == "data_version":
            # The full-text index reads this counter itself; it reveals and changes nothing.
            return sqlite3.SQLITE_OK
        self.refused_actions.append(_ACTION_NAMES.get(action, f"action {action}"))
        return sqlite3.SQLITE_DENY

    @property
    def refused(self) -> str | None:
        for telling in _TELLING_ACTIONS:
            if telling in self.refused_actions:
                return telling
        return self.refused_actions[0] if self.refused_actions else None


@dataclass
class QueryResult:
    columns: list[str]
    rows: Iterator[tuple[Any, ...]]


def parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip(":")
        if not sep or not name.isidentifier():
            raise UsageError(f"parameter '{pair}' is not NAME=VALUE (e.g. -p design=rct)")
        params[name] = value
    return params


def run_readonly(
    conn: sqlite3.Connection, sql: str, params: Mapping[str, str], timeout_seconds: float
) -> QueryResult:
    """Run one read-only statement; rows stream from the cursor."""
    require_sql(sql)
    guard = _Guard()
    conn.set_authorizer(guard.authorize)
    # No single value may grow past this: randomblob(1e9) fails at once instead of
    # taking the machine's memory.
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    deadline = time.monotonic() + timeout_seconds

    def _past_deadline() -> int:
        return 1 if time.monotonic() > deadline else 0

    conn.set_progress_handler(_past_deadline, _PROGRESS_STEP)
    try:
        cursor = conn.execute(sql, dict(params))
    except sqlite3.Error as exc:
        raise _explain(exc, guard, timeout_seconds, sql) from exc
    if cursor.description is None:  # no query, though nothing was refused: DROP ... IF EXISTS
        raise SqlError(READ_ONLY_MESSAGE + _refused_keyword(sql, None))
    columns = [d[0] for d in cursor.description]

    def _stream() -> Iterator[tuple[Any, ...]]:
        # The limit covers fetching and writing out: checked between rows as well as
        # by the progress handler inside each step.
        try:
            for row in cursor:
                if time.monotonic() > deadline:
                    raise SqlError(_timeout_message(timeout_seconds))
                yield row
        except sqlite3.Error as exc:
            raise _explain(exc, guard, timeout_seconds, sql) from exc

    return QueryResult(columns, _stream())


def _first_keyword(sql: str) -> str:
    words = sql.strip().split(None, 1)
    return words[0].upper().rstrip(";") if words else ""


def _refused_keyword(sql: str, refused_action: str | None) -> str:
    """' (refused: DELETE)': the statement's own keyword, or for a query the action the
    guard refused in it (a pragma function's PRAGMA); '' when neither says."""
    keyword = _first_keyword(sql)
    refused = keyword if keyword not in ("SELECT", "WITH", "") else refused_action
    return f" (refused: {refused})" if refused else ""


def _explain(
    exc: sqlite3.Error, guard: _Guard, timeout_seconds: float, sql: str
) -> SqlError | UsageError:
    text = str(exc)
    if guard.refused_function is not None:
        name = guard.refused_function
        return SqlError(
            f"ivig sql is read-only: {name}() {SQLITE_REFUSED_FUNCTIONS[name]}, so it is refused"
        )
    if guard.refused is not None or "not authorized" in text:
        return SqlError(READ_ONLY_MESSAGE + _refused_keyword(sql, guard.refused))
    if "interrupted" in text:
        return SqlError(_timeout_message(timeout_seconds))
    if "too big" in text:
        return SqlError(
            f"a value in the result would be larger than {MAX_VALUE_BYTES // 1_000_000} MB; "
            "ivig sql stops there (select less, e.g. substr(x, 1, 1000))"
        )
    if "one statement at a time" in text:
        return SqlError(f"{READ_ONLY_MESSAGE}: found more than one statement")
    if "supply a value for binding parameter" in text or "Incorrect number of bindings" in text:
        return UsageError(f"{text} Pass values with -p NAME=VALUE.")
    if "attempt to write a readonly database" in text:
        return SqlError(READ_ONLY_MESSAGE)
    return SqlError(f"SQL error: {text}")


# ------------------------------------------------------------------ database servers
#
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


@dataclass(frozen=True)
class Token:
    text: str  # a word (lower-cased), a quoted name (as written), or one punctuation mark
    kind: str  # "word", "name" (quoted), "literal" (a string; text is "''") or "mark"
    start: int  # where it begins in the statement
    value: str = ""  # a literal's content as written

    @property
    def word(self) -> bool:
        """A name (bare or quoted): what a function call is made of."""
        return self.kind in ("word", "name")


@dataclass
class Lexed:
    tokens: list[Token]
    opaque: list[tuple[int, int]]  # spans the server reads as text: literals, names, comments

    def is_opaque(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.opaque)


# PostgreSQL's lexer (scan.l): its whitespace, and every byte from 0x80 up is a letter
# of a name (so "\xa0" is no space, and "é$$" one name, not a name and a $$ quote).
_SPACE = " \t\n\r\f\v"
_LETTER = "A-Za-z_\x80-\U0010ffff"
_WORD = re.compile(f"[{_LETTER}][{_LETTER}0-9$]*")
_DOLLAR_TAG = re.compile(f"\\$([{_LETTER}][{_LETTER}0-9]*)?\\$")
_UNICODE_ESCAPE = re.compile(r"\+([0-9A-Fa-f]{6})|([0-9A-Fa-f]{4})")


def lex(sql: str) -> Lexed:
    """PostgreSQL's words and punctuation, with literals, quoted names (U&"..." decoded)
    and comments told apart from code as the server's lexer tells them, so that no word
    can hide from the check and no literal's content is taken for code."""
    tokens: list[Token] = []
    opaque: list[tuple[int, int]] = []
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        start = i
        if char in _SPACE:
            i += 1
            continue
        if sql.startswith("--", i):  # to the end of the line: \n or \r, as the server ends it
            ends = [at for at in (sql.find("\n", i), sql.find("\r", i)) if at >= 0]
            i = min(ends) + 1 if ends else n
        elif sql.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if sql.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif sql.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif (
            char in "'\""
            or (char in "eE" and sql.startswith("'", i + 1))
            or (char in "uU" and sql.startswith('&"', i + 1))
        ):
            escapes = char in "eE"
            unicode = char in "uU"
            quote = "'" if escapes else '"' if unicode else char
            i += 2 if escapes else 3 if unicode else 1
            body_start = i
            while i < n:
                if escapes and sql[i] == "\\" or sql[i] == quote and sql.startswith(quote * 2, i):
                    i += 2
                elif sql[i] == quote:
                    i += 1
                    break
                else:
                    i += 1
            body = sql[body_start : i - 1]
            if quote == '"':  # a quoted name is still a name: "pg_sleep"(1) calls pg_sleep
                name = body.replace('""', '"')
                tokens.append(Token(name, "uname" if unicode else "name", start))
            else:
                tokens.append(Token("''", "literal", start, body))
        elif char == "$" and (tag := _DOLLAR_TAG.match(sql, i)):
            end = sql.find(tag.group(0), tag.end())
            i = n if end < 0 else end + len(tag.group(0))
            tokens.append(Token("''", "literal", start, sql[tag.end() : max(end, tag.end())]))
        elif word := _WORD.match(sql, i):
            tokens.append(Token(word.group(0).lower(), "word", start))
            i = word.end()
            continue
        else:
            tokens.append(Token(char, "mark", start))
            i += 1
            continue
        opaque.append((start, i))
    return Lexed(_decode_unicode_names(tokens), opaque)


def _decode_unicode_names(tokens: list[Token]) -> list[Token]:
    """U&"d\\0062link" is the name dblink; UESCAPE '!' (any comment between) changes the
    escape character."""
    decoded: list[Token] = []
    for index, token in enumerate(tokens):
        if token.kind != "uname":
            decoded.append(token)
            continue
        escape = "\\"
        after = tokens[index + 1 : index + 3]
        if len(after) == 2 and after[0].text == "uescape" and after[1].kind == "literal":
            escape = after[1].value[:1] or escape
        decoded.append(Token(_unescape(token.text, escape), "name", token.start))
    return decoded


def _unescape(body: str, escape: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        if body[i] != escape:
            out.append(body[i])
            i += 1
        elif body.startswith(escape, i + 1):
            out.append(escape)
            i += 2
        elif code := _UNICODE_ESCAPE.match(body, i + 1):
            out.append(chr(min(int(code.group(1) or code.group(2), 16), 0x10FFFF)))
            i = code.end()
        else:  # the server refuses it; kept as written
            out.append(body[i])
            i += 1
    return "".join(out)


def require_sql(sql: str) -> None:
    """A statement to run: not nothing, nor only comments and semicolons."""
    if not sql.strip():
        raise UsageError("no SQL given")
    if all(token.text == ";" and token.kind == "mark" for token in sql_tokens(sql)):
        raise UsageError("no SQL given, only comments (give one SELECT statement)")


def sql_tokens(sql: str) -> list[Token]:
    """The statement's tokens outside comments (see ``lex``)."""
    return lex(sql).tokens


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


def keep_literals_literal(sql: str) -> str:
    """``:name`` inside a literal, a quoted name or a comment escaped as ``\\:name``: the
    drivers replace a parameter wherever its pattern appears, so ``' :x '`` with -p x=...
    would paste the value outside the quotes, as code the check never saw. Escaped, it
    stays text, as SQLite keeps it."""
    lexed = lex(sql)
    inside = [m.start() for m in BIND_PARAMETER.finditer(sql) if lexed.is_opaque(m.start())]
    for position in reversed(inside):
        sql = f"{sql[:position]}\\{sql[position:]}"
    return sql


def _session_settings(timeout_seconds: float) -> list[str]:
    # Backslashes in '...' then never escape a quote, so the server reads literals
    # where the check read them, whatever the server's default.
    return [
        f"SET LOCAL statement_timeout = {int(timeout_seconds * 1000)}",
        "SET LOCAL standard_conforming_strings = on",
    ]


_EXPLAIN = "EXPLAIN (VERBOSE, FORMAT JSON) "


def run_readonly_server(
    reader: PostgresReader | SqlAlchemyReader,
    sql: str,
    params: Mapping[str, str],
    timeout_seconds: float,
) -> QueryResult:
    """The same guarantees on a server, by the server's own means: a READ ONLY
    transaction (set when the session opened), a statement timeout, and the role's
    privileges; the statement is checked for what those do not stop (more than one
    statement, a statement that is not a query, a function that reaches beyond the
    transaction), first as written, then as the server plans it."""
    require_sql(sql)
    check_server_sql(sql)
    sql = keep_literals_literal(sql)
    if isinstance(reader, PostgresReader):
        return _run_libpq(reader, sql, params, timeout_seconds)
    return _run_sqlalchemy(reader, sql, params, timeout_seconds)


def _server_error(message: str, timeout_seconds: float) -> SqlError:
    refused = re.search(r"cannot execute (\w+(?: \w+)?) in a read-only transaction", message)
    if refused:
        return SqlError(f"{READ_ONLY_MESSAGE} (refused: {refused.group(1).split()[0]})")
    if "statement timeout" in message:
        return SqlError(
            f"query stopped after the {timeout_seconds:g} s time limit (raise it with --timeout)"
        )
    return SqlError(f"SQL error: {message}")


def _missing_parameter(name: str) -> UsageError:
    return UsageError(f"no value for the parameter :{name}: pass values with -p NAME=VALUE")


# A server-side cursor's name is unique in its session: one per query run on it.
_CURSOR_NUMBERS = itertools.count(1)


def _run_libpq(
    reader: PostgresReader, sql: str, params: Mapping[str, str], timeout_seconds: float
) -> QueryResult:
    import importlib

    from ivig_evidence.store.reader import to_pyformat

    driver_error: type[Exception] = importlib.import_module(reader.driver).Error
    missing = [name for name in bound_names(sql) if name not in params]
    if missing:
        raise _missing_parameter(missing[0])
    for setting in _session_settings(timeout_seconds):
        reader.execute(setting)

    def _execute(cursor: Any, statement: str) -> None:
        if params:
            cursor.execute(to_pyformat(statement), dict(params))
        else:
            cursor.execute(statement.replace("\\:", ":"))

    # A SELECT streams from a server-side cursor (as SQLAlchemy's stream_results does);
    # anything else runs on a client cursor, so the server still says what it refuses.
    streamed = re.match(r"\s*SELECT\b", sql, re.IGNORECASE) is not None
    cursor = reader.cursor(
        by_name=False, server_side=f"ivig_sql_{next(_CURSOR_NUMBERS)}" if streamed else None
    )

    def _failed(exc: Exception) -> SqlError:
        text = str(exc).strip()
        return _server_error(text.splitlines()[0] if text else type(exc).__name__, timeout_seconds)

    try:
        check_on_server(reader, sql, params)
        _execute(cursor, sql)
        # psycopg2 describes a server-side cursor's columns only once it has fetched.
        first = cursor.fetchmany(500) if cursor.description is not None or streamed else []
    except driver_error as exc:
        raise _failed(exc) from exc
    if cursor.description is None:
        raise SqlError(READ_ONLY_MESSAGE)
    columns = [column.name for column in cursor.description]
    deadline = time.monotonic() + timeout_seconds

    def _stream() -> Iterator[tuple[Any, ...]]:
        batch = first
        try:
            while batch:
                for row in batch:
                    if time.monotonic() > deadline:  # the limit covers fetching and writing
                        raise SqlError(_timeout_message(timeout_seconds))
                    yield tuple(_as_sqlite_gives(value) for value in row)
                batch = cursor.fetchmany(500)
        except driver_error as exc:
            raise _failed(exc) from exc
        cursor.close()

    return QueryResult(columns, _stream())


def _run_sqlalchemy(
    reader: SqlAlchemyReader, sql: str, params: Mapping[str, str], timeout_seconds: float
) -> QueryResult:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError, StatementError

    connection = reader.connection
    for setting in _session_settings(timeout_seconds):
        connection.exec_driver_sql(setting)
    try:
        check_on_server(reader, sql, params)
        result = connection.execution_options(stream_results=True).execute(text(sql), dict(params))
    except DBAPIError as exc:
        message = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise _server_error(message, timeout_seconds) from exc
    except StatementError as exc:
        missing = re.search(r"bind parameter '(\w+)'", str(exc))
        if missing:
            raise _missing_parameter(missing.group(1)) from exc
        raise UsageError("no value for a parameter: pass values with -p NAME=VALUE") from exc
    if not result.returns_rows:
        raise SqlError(READ_ONLY_MESSAGE)
    deadline = time.monotonic() + timeout_seconds

    def _stream() -> Iterator[tuple[Any, ...]]:
        for row in result:
            if time.monotonic() > deadline:  # the limit covers fetching and writing out
                raise SqlError(_timeout_message(timeout_seconds))
            yield tuple(_as_sqlite_gives(value) for value in row)

    return QueryResult(list(result.keys()), _stream())


def _as_sqlite_gives(value: Any) -> Any:
    """A server's value as the embedded database gives it, so `ivig sql` answers alike
    on both: booleans as 1 and 0, exact numerics as numbers (avg(n) is 59.78..., not
    the string "59.7857142857142857"), dates and times as ISO text."""
    from datetime import date, datetime
    from datetime import time as clock
    from decimal import Decimal

    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and "." not in str(value)
            else float(value)
        )
    if isinstance(value, datetime | date | clock):
        return value.isoformat()
    if isinstance(value, memoryview):  # psycopg2's bytea
        return bytes(value)
    return value
