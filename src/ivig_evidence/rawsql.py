"""The read-only guard and runner behind `ivig sql`.

Two independent layers (as Datasette does): the file is opened read-only
(``mode=ro``), and an authorizer refuses every action but reading, so a write,
a schema change, ATTACH, PRAGMA or a transaction statement is stopped before
it runs. A progress handler enforces the time limit.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ivig_evidence.errors import SqlError, UsageError
from ivig_evidence.store.reader import SqlAlchemyReader

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

# SQLite calls the progress handler every N virtual-machine instructions.
_PROGRESS_STEP = 10_000


# Reading a pragma function also asks to update sqlite_master; name the pragma.
_TELLING_ACTIONS = ("PRAGMA", "ATTACH", "DETACH")


@dataclass
class _Guard:
    refused_actions: list[str] = field(default_factory=list)

    def authorize(
        self,
        action: int,
        arg1: str | None,
        _arg2: str | None,
        _db: str | None,
        _trigger: str | None,
    ) -> int:
        if action in _ALLOWED_ACTIONS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master":
            # SQLite asks this first when a SELECT reads a pragma function.
            self.refused_actions.append("PRAGMA")
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
        try:
            yield from cursor
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
    if guard.refused is not None or "not authorized" in text:
        keyword = _first_keyword(sql)
        refused = keyword if keyword not in ("SELECT", "WITH", "") else guard.refused
        what = f" (refused: {refused})" if refused else ""
        return SqlError(f"{READ_ONLY_MESSAGE}{what}")
    if "interrupted" in text:
        return SqlError(
            f"query stopped after the {timeout_seconds:g} s time limit (raise it with --timeout)"
        )
    if "one statement at a time" in text:
        return SqlError(f"{READ_ONLY_MESSAGE}: found more than one statement")
    if "supply a value for binding parameter" in text or "Incorrect number of bindings" in text:
        return UsageError(f"{text} Pass values with -p NAME=VALUE.")
    if "attempt to write a readonly database" in text:
        return SqlError(READ_ONLY_MESSAGE)
    return SqlError(f"SQL error: {text}")


# ------------------------------------------------------------------ database servers

WRITE_KEYWORDS = (
    "INSERT",
    "UPDATE",
    "DELETE",
    "MERGE",
    "CREATE",
    "DROP",
    "ALTER",
    "TRUNCATE",
    "GRANT",
    "REVOKE",
    "COPY",
    "VACUUM",
    "LOCK",
    "REINDEX",
    "CLUSTER",
    "COMMENT",
    "SET",
    "RESET",
    "BEGIN",
    "START",
    "COMMIT",
    "ROLLBACK",
    "CALL",
    "DO",
)
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_WRITE_WORD = re.compile(r"\b(" + "|".join(WRITE_KEYWORDS) + r")\b", re.IGNORECASE)


def statement_count(sql: str) -> int:
    """How many statements the text holds (quotes and comments respected)."""
    count, start = 0, 0
    for index, char in enumerate(sql):
        if char == ";" and sqlite3.complete_statement(sql[start : index + 1]):
            if sql[start:index].strip():
                count += 1
            start = index + 1
    return count + (1 if sql[start:].strip() else 0)


def _write_keyword(sql: str) -> str | None:
    """The first write keyword outside string literals and quoted names, if any."""
    match = _WRITE_WORD.search(_QUOTED.sub(" ", sql))
    return match.group(1).upper() if match else None


def run_readonly_server(
    reader: SqlAlchemyReader, sql: str, params: Mapping[str, str], timeout_seconds: float
) -> QueryResult:
    """The same guarantees on a server: a read-only transaction (by construction, set
    when the session opened), a check of the statement, and a statement timeout."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError, StatementError

    if not sql.strip():
        raise UsageError("no SQL given")
    if statement_count(sql) > 1:
        raise SqlError(f"{READ_ONLY_MESSAGE}: found more than one statement")
    keyword = _write_keyword(sql)
    if keyword is not None:
        raise SqlError(f"{READ_ONLY_MESSAGE} (refused: {keyword})")
    connection = reader.connection
    connection.exec_driver_sql(f"SET LOCAL statement_timeout = {int(timeout_seconds * 1000)}")
    try:
        result = connection.execution_options(stream_results=True).execute(text(sql), dict(params))
    except DBAPIError as exc:
        message = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        refused = re.search(r"cannot execute (\w+(?: \w+)?) in a read-only transaction", message)
        if refused:
            raise SqlError(f"{READ_ONLY_MESSAGE} (refused: {refused.group(1).split()[0]})") from exc
        if "statement timeout" in message:
            raise SqlError(
                f"query stopped after the {timeout_seconds:g} s time limit "
                "(raise it with --timeout)"
            ) from exc
        raise SqlError(f"SQL error: {message}") from exc
    except StatementError as exc:
        missing = re.search(r"bind parameter '(\w+)'", str(exc))
        name = f" :{missing.group(1)}" if missing else ""
        raise UsageError(
            f"no value for the parameter{name}: pass values with -p NAME=VALUE"
        ) from exc
    if not result.returns_rows:
        raise SqlError(READ_ONLY_MESSAGE)
    return QueryResult(list(result.keys()), (tuple(row) for row in result))
