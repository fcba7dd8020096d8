"""The read-only guard and runner behind `ivig sql`.

Two independent layers (as Datasette does): the file is opened read-only
(``mode=ro``), and an authorizer refuses every action but reading, so a write,
a schema change, ATTACH, PRAGMA, a transaction statement or a function that
reaches outside the file (load_extension) is stopped before it runs. A progress
handler enforces the time limit.
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
from ivig_evidence.store.reader import PostgresReader, SqlAlchemyReader, bound_names

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
    if not sql.strip():
        raise UsageError("no SQL given")
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
    if cursor.description is None:
        raise SqlError(READ_ONLY_MESSAGE)
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
        keyword = _first_keyword(sql)
        refused = keyword if keyword not in ("SELECT", "WITH", "") else guard.refused
        what = f" (refused: {refused})" if refused else ""
        return SqlError(f"{READ_ONLY_MESSAGE}{what}")
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

# Functions that act on something other than the reader's own result: other
# sessions, the server's configuration or files, locks, sequences, large objects,
# notifications. A READ ONLY transaction does not stop all of them.
SIDE_EFFECT_FUNCTIONS = frozenset(
    {
        "pg_terminate_backend",
        "pg_cancel_backend",
        "pg_reload_conf",
        "pg_rotate_logfile",
        "pg_switch_wal",
        "pg_create_restore_point",
        "pg_promote",
        "pg_log_backend_memory_contexts",
        "pg_notify",
        "set_config",
        "nextval",
        "setval",
        "lo_import",
        "lo_export",
        "lo_create",
        "lo_creat",
        "lo_unlink",
        "lo_put",
        "lo_from_bytea",
        "pg_read_file",
        "pg_read_binary_file",
        "pg_ls_dir",
        "pg_stat_file",
        "pg_file_write",
        "dblink",
        "dblink_exec",
        "dblink_connect",
        "pg_logical_emit_message",
        "pg_drop_replication_slot",
        "pg_create_physical_replication_slot",
        "pg_create_logical_replication_slot",
        "pg_replication_origin_create",
        "pg_replication_origin_drop",
        "pg_advisory_lock",
        "pg_advisory_lock_shared",
        "pg_advisory_xact_lock",
        "pg_advisory_xact_lock_shared",
        "pg_try_advisory_lock",
        "pg_try_advisory_lock_shared",
        "pg_try_advisory_xact_lock",
        "pg_try_advisory_xact_lock_shared",
        "pg_advisory_unlock",
        "pg_advisory_unlock_shared",
        "pg_advisory_unlock_all",
    }
)
# Statements that would end or change the reader's transaction, run code the guard
# cannot see (DO, CALL), reach outside the database (COPY ... PROGRAM, LOAD) or
# write. The server refuses most writes itself; these are refused first, by name.
DATA_CHANGES = frozenset({"insert", "update", "delete", "merge"})
REFUSED_STATEMENTS = frozenset(
    [
        "abort",
        "alter",
        "analyze",
        "begin",
        "call",
        "checkpoint",
        "cluster",
        "comment",
        "commit",
        "copy",
        "create",
        "deallocate",
        "delete",
        "discard",
        "do",
        "drop",
        "end",
        "execute",
        "grant",
        "import",
        "insert",
        "listen",
        "load",
        "lock",
        "merge",
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


@dataclass(frozen=True)
class Token:
    text: str  # a word (lower-cased), or one punctuation character
    word: bool


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")
_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


def sql_tokens(sql: str) -> list[Token]:
    """PostgreSQL's words and punctuation outside string literals, quoted names, dollar-
    quoted bodies and comments (which are skipped, so their words never count)."""
    tokens: list[Token] = []
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char.isspace():
            i += 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif sql.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if sql.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif sql.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif char in "'\"" or (char in "eE" and sql.startswith("'", i + 1)):
            escapes = char in "eE"
            quote = "'" if escapes else char
            i += 2 if escapes else 1
            start = i
            while i < n:
                if escapes and sql[i] == "\\" or sql[i] == quote and sql.startswith(quote * 2, i):
                    i += 2
                elif sql[i] == quote:
                    i += 1
                    break
                else:
                    i += 1
            if quote == '"':  # a quoted name is still a name: "pg_sleep"(1) calls pg_sleep
                tokens.append(Token(sql[start : i - 1].replace('""', '"'), True))
            else:
                tokens.append(Token("''", False))
        elif char == "$" and (tag := _DOLLAR_TAG.match(sql, i)):
            end = sql.find(tag.group(0), tag.end())
            i = n if end < 0 else end + len(tag.group(0))
            tokens.append(Token("''", False))
        elif word := _WORD.match(sql, i):
            tokens.append(Token(word.group(0).lower(), True))
            i = word.end()
        else:
            tokens.append(Token(char, False))
            i += 1
    return tokens


def check_server_sql(sql: str) -> None:
    """One statement, not one that changes the transaction or reaches outside it, calling
    no function with side effects; else SqlError. Anything else goes to the server,
    whose READ ONLY transaction refuses writes and whose parser reports typos."""
    tokens = sql_tokens(sql)
    while tokens and tokens[-1].text == ";":
        tokens.pop()
    if any(t.text == ";" for t in tokens):
        raise SqlError(f"{READ_ONLY_MESSAGE}: found more than one statement")
    if tokens and tokens[0].word and tokens[0].text in REFUSED_STATEMENTS:
        raise SqlError(f"{READ_ONLY_MESSAGE} (refused: {tokens[0].text.upper()})")
    if tokens and tokens[0].text == "with":
        # A data-modifying CTE: WITH x AS (DELETE ...) or WITH ... ) UPDATE ...
        for before, token in zip(tokens, tokens[1:], strict=False):
            if token.text in DATA_CHANGES and before.text in ("(", ")"):
                raise SqlError(f"{READ_ONLY_MESSAGE} (refused: {token.text.upper()})")
    for index, token in enumerate(tokens[:-1]):
        if token.word and token.text in SIDE_EFFECT_FUNCTIONS and tokens[index + 1].text == "(":
            raise SqlError(
                f"ivig sql is read-only: {token.text}() acts on more than your own result, "
                "so it is refused"
            )


def run_readonly_server(
    reader: PostgresReader | SqlAlchemyReader,
    sql: str,
    params: Mapping[str, str],
    timeout_seconds: float,
) -> QueryResult:
    """The same guarantees on a server, by the server's own means: a READ ONLY
    transaction (set when the session opened), a statement timeout, and the role's
    privileges; the statement is checked only for what those do not stop (more than
    one statement, a statement that is not a query, a function with side effects)."""
    if not sql.strip():
        raise UsageError("no SQL given")
    check_server_sql(sql)
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
    reader.execute(f"SET LOCAL statement_timeout = {int(timeout_seconds * 1000)}")
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
        if params:
            cursor.execute(to_pyformat(sql), dict(params))
        else:
            cursor.execute(sql.replace("\\:", ":"))
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
    connection.exec_driver_sql(f"SET LOCAL statement_timeout = {int(timeout_seconds * 1000)}")
    try:
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
