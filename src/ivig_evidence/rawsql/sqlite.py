"""The guard on a SQLite file: an authorizer that refuses every action but reading,
a progress handler for the time limit, and SQLite's errors said as the user's.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ivig_evidence.errors import SqlError, UsageError
from ivig_evidence.rawsql.lexer import require_sql
from ivig_evidence.rawsql.query import (
    MAX_VALUE_BYTES,
    READ_ONLY_MESSAGE,
    QueryResult,
    timeout_message,
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
                    raise SqlError(timeout_message(timeout_seconds))
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
        return SqlError(timeout_message(timeout_seconds))
    if "too big" in text:
        return SqlError(
            f"a value in the result would be larger than {MAX_VALUE_BYTES // 1_000_000} MB; "
            "ivig sql stops there (select less, e.g. substr(x, 1, 1000))"
        )
    if "one statement at a time" in text:
        return SqlError(f"{READ_ONLY_MESSAGE}: found more than one statement")
    if "supply a value for binding parameter" in text:
        return UsageError(f"{text} Pass values with -p NAME=VALUE.")
    if "has no name" in text:  # a positional `?`: values are passed by name only
        return UsageError(
            "the SQL has a parameter without a name (?): name it, as in :n, "
            "and pass its value with -p n=VALUE."
        )
    if "attempt to write a readonly database" in text:
        return SqlError(READ_ONLY_MESSAGE)
    return SqlError(f"SQL error: {text}")
