"""The one interface every read goes through, and its three adapters.

Query functions take a ``Reader``: ``execute(sql, params)`` with portable SQL
and ``:named`` parameters, rows addressable by column name, and a ``dialect``
("sqlite" or "postgresql") for the few places the engines differ (full-text
search, the guard of `ivig sql`). ``SqliteReader`` wraps the standard
library's sqlite3 (the read path of a file: nothing heavy to import);
``PostgresReader`` wraps a psycopg2 or psycopg connection (the read path of a
PostgreSQL server, without SQLAlchemy's import); ``SqlAlchemyReader`` wraps a SQLAlchemy
connection (a server reached through another driver, or the write transaction
of a file, whose checks read what is being written).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy import Connection


class Row(Protocol):
    def keys(self) -> Any: ...
    def __getitem__(self, key: str, /) -> Any: ...


class Cursor(Protocol):
    @property
    def description(self) -> Sequence[Sequence[Any]] | None: ...
    def fetchone(self) -> Any: ...
    def fetchmany(self, size: int, /) -> list[Any]: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Reader(Protocol):
    """A read connection: the query functions' only view of a database."""

    @property
    def dialect(self) -> str: ...
    @property
    def name(self) -> str: ...
    def execute(self, sql: str, parameters: Mapping[str, Any] | None = None, /) -> Cursor: ...
    def interrupt(self) -> None: ...
    def close(self) -> None: ...


def fetch_rows(reader: Reader, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
    return list(reader.execute(sql, dict(params or {})))


def group_rows(rows: Iterable[Row], key: str) -> dict[Any, list[Row]]:
    """Rows grouped by one column's value, in the order they came."""
    grouped: dict[Any, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def in_clause(prefix: str, values: Sequence[Any], params: dict[str, Any]) -> str:
    """``(:p0, :p1, ...)`` for ``values``, adding them to ``params``: never pasted into SQL."""
    names = []
    for i, value in enumerate(values):
        name = f"{prefix}{i}"
        params[name] = value
        names.append(f":{name}")
    return "(" + ", ".join(names) + ")"


class SqliteReader:
    """A sqlite3 connection (rows as sqlite3.Row) behind the Reader interface."""

    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection, name: str) -> None:
        connection.row_factory = sqlite3.Row
        self.connection = connection
        self.name = name
        self.revision: str | None = None  # the schema revision read when it was opened

    def execute(self, sql: str, parameters: Mapping[str, Any] | None = None) -> sqlite3.Cursor:
        return self.connection.execute(sql, dict(parameters or {}))

    def interrupt(self) -> None:
        self.connection.interrupt()

    def close(self) -> None:
        self.connection.close()


class _MappingCursor:
    """A SQLAlchemy result shaped like a DB-API cursor whose rows are addressed by name."""

    def __init__(self, result: Any) -> None:
        self.description = [(name,) for name in result.keys()]  # noqa: SIM118 (not a dict)
        self._rows = result.mappings()

    def fetchone(self) -> Any:
        return self._rows.fetchone()

    def fetchmany(self, size: int) -> list[Any]:
        return list(self._rows.fetchmany(size))

    def fetchall(self) -> list[Any]:
        return list(self._rows.fetchall())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


# SQLAlchemy's own rule for a named parameter in text(), so both server readers bind
# the same names: ``:name``, not ``::cast`` and not an escaped ``\:name``.
BIND_PARAMETER = re.compile(r"(?<![:\w\x5c]):(\w+)(?!:)", re.UNICODE)


def bound_names(sql: str) -> list[str]:
    """The ``:named`` parameters ``sql`` uses, in order."""
    return BIND_PARAMETER.findall(sql)


def to_pyformat(sql: str) -> str:
    """``:name`` as psycopg's ``%(name)s`` (and a literal ``%`` doubled)."""
    escaped = sql.replace("%", "%%")
    return BIND_PARAMETER.sub(r"%(\1)s", escaped).replace("\\:", ":")


class PostgresReader:
    """A PostgreSQL connection of psycopg2 or psycopg (3) behind the Reader interface.

    Both are DB-API drivers over libpq with the same parameter style; they differ in
    how a cursor is asked to give rows by name, which this class hides."""

    dialect = "postgresql"

    def __init__(self, connection: Any, driver: str, name: str) -> None:
        self.connection = connection
        self.driver = driver  # the module's name: "psycopg2" or "psycopg"
        self.name = name

    def cursor(self, *, by_name: bool = True, server_side: str | None = None) -> Any:
        """A cursor giving rows as dicts (``by_name``) or tuples; ``server_side`` names a
        cursor that fetches from the server in batches."""
        if self.driver == "psycopg2":
            from psycopg2.extras import RealDictCursor  # type: ignore[import-untyped,unused-ignore]

            return self.connection.cursor(
                server_side, cursor_factory=RealDictCursor if by_name else None
            )
        from psycopg.rows import dict_row, tuple_row

        return self.connection.cursor(
            name=server_side or "", row_factory=dict_row if by_name else tuple_row
        )

    def execute(self, sql: str, parameters: Mapping[str, Any] | None = None) -> Any:
        cursor = self.cursor()
        values = dict(parameters or {})
        if values:
            cursor.execute(to_pyformat(sql), values)
        else:
            cursor.execute(sql.replace("\\:", ":"))
        return cursor

    def interrupt(self) -> None:
        self.connection.cancel()

    def close(self) -> None:
        self.connection.close()


class SqlAlchemyReader:
    """A SQLAlchemy connection behind the Reader interface; the dialect is the engine's own."""

    def __init__(self, connection: Connection, name: str) -> None:
        self.connection = connection
        self.name = name
        self.dialect = connection.dialect.name

    def execute(self, sql: str, parameters: Mapping[str, Any] | None = None) -> _MappingCursor:
        from sqlalchemy import text

        return _MappingCursor(self.connection.execute(text(sql), dict(parameters or {})))

    def interrupt(self) -> None:
        """Cancel a running statement, where the driver can (psycopg's cancel)."""
        raw = getattr(self.connection.connection, "driver_connection", None)
        if raw is not None and hasattr(raw, "cancel"):
            raw.cancel()

    def close(self) -> None:
        self.connection.close()
