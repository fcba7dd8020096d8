"""Running `ivig sql` on a database server: a READ ONLY transaction with a statement
timeout, the statement checked first, rows streamed from a cursor (libpq or
SQLAlchemy), the server's errors said as SQLite's would be.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterator, Mapping
from typing import Any

from ivig_evidence.errors import SqlError, UsageError
from ivig_evidence.rawsql.lexer import lex, require_sql
from ivig_evidence.rawsql.query import READ_ONLY_MESSAGE, QueryResult, timeout_message
from ivig_evidence.rawsql.server_check import check_on_server, check_server_sql
from ivig_evidence.store.reader import (
    BIND_PARAMETER,
    PostgresReader,
    SqlAlchemyReader,
    bound_names,
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
                        raise SqlError(timeout_message(timeout_seconds))
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
                raise SqlError(timeout_message(timeout_seconds))
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
