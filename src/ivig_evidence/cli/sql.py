"""`ivig sql`: ad-hoc, read-only SQL."""

from typing import Annotated

import typer

from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import (
    AllOpt,
    BoundedRows,
    DbOpt,
    FormatOpt,
    LimitOpt,
    WideOpt,
    open_database,
    output,
    table_limit,
)
from ivig_evidence.output import Table, View


@app.command()
def sql(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(help="One SELECT statement; :name for parameters.", show_default=False)
    ],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A named parameter, NAME=VALUE (repeatable)."),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(metavar="SECONDS", help="Stop the query after this many seconds (0.1-3600)."),
    ] = 10.0,
    limit: LimitOpt = None,
    everything: AllOpt = False,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Run ad-hoc, read-only SQL. Writes, schema changes, ATTACH, PRAGMA, more
    than one statement, and functions that reach beyond the transaction (dblink,
    server files, other sessions) are refused; the database is never changed.

    Example: ivig sql "SELECT id, n FROM studies WHERE design = :d" -p d=rct
    """
    from ivig_evidence import rawsql
    from ivig_evidence.output import message
    from ivig_evidence.store.reader import PostgresReader, SqlAlchemyReader, SqliteReader

    timeout = rawsql.check_timeout(timeout)
    params = rawsql.parse_params(param or [])
    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn, wide=wide)
    if isinstance(conn, SqliteReader):
        result = rawsql.run_readonly(conn.connection, query, params, timeout)
    else:
        assert isinstance(conn, PostgresReader | SqlAlchemyReader)
        result = rawsql.run_readonly_server(conn, query, params, timeout)
    row_limit = table_limit(out, limit, everything)
    rows = BoundedRows(iter(result.rows), row_limit)
    view = View(
        items=(dict(zip(result.columns, row, strict=True)) for row in rows),
        sections={"result": Table("Query result", result.columns, rows)},
        empty="no rows",
        streamed=True,
    )
    out.write(view)
    if rows.more:
        # The total would mean running the whole query again: say there are more.
        message(
            f"more rows than the {row_limit} shown: use --limit N, --all, "
            "or --format csv|json for all of them"
        )
