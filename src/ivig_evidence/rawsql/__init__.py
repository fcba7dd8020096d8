"""The read-only guard and runner behind `ivig sql`.

Two independent layers (as Datasette does): the file is opened read-only
(``mode=ro``), and an authorizer refuses every action but reading, so a write,
a schema change, ATTACH, PRAGMA, a transaction statement or a function that
reaches outside the file (load_extension) is stopped before it runs. A progress
handler enforces the time limit (sqlite.py).

On a server: a READ ONLY transaction and a statement timeout (server.py), and a
check, first of the statement as written, then of the server's plan of it and its
catalogue, for what a read-only transaction does not stop (a function with a
connection of its own, such as dblink's, or one reaching the server's files or other
sessions: server_check.py), on tokens cut as the server cuts them (lexer.py).

`ivig sql` and the tests call the names below here (the private ones, tests only).
"""

from ivig_evidence.rawsql.lexer import sql_tokens
from ivig_evidence.rawsql.query import check_timeout, parse_params
from ivig_evidence.rawsql.server import (
    _as_sqlite_gives,
    _server_error,
    _session_settings,
    keep_literals_literal,
    run_readonly_server,
)
from ivig_evidence.rawsql.server_check import (
    check_server_sql,
    plannable_part,
    planned_names,
    refused_function,
)
from ivig_evidence.rawsql.sqlite import _Guard, run_readonly

__all__ = [
    "_Guard",
    "_as_sqlite_gives",
    "_server_error",
    "_session_settings",
    "check_server_sql",
    "check_timeout",
    "keep_literals_literal",
    "parse_params",
    "plannable_part",
    "planned_names",
    "refused_function",
    "run_readonly",
    "run_readonly_server",
    "sql_tokens",
]
