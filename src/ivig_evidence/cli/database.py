"""Commands on the database itself: ad-hoc SQL, the schema, and `ivig db ...`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from ivig_evidence.cli.app import app, db_app
from ivig_evidence.cli.common import (
    AllOpt,
    BoundedRows,
    DbOpt,
    FormatOpt,
    LimitOpt,
    chosen_format,
    connect,
    location,
    table_limit,
)
from ivig_evidence.errors import IvigError
from ivig_evidence.render import Format
from ivig_evidence.store.reader import SqliteReader


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
        float, typer.Option(min=0.1, help="Stop the query after this many seconds.")
    ] = 10.0,
    limit: LimitOpt = None,
    everything: AllOpt = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Run ad-hoc, read-only SQL. Writes, schema changes, ATTACH, PRAGMA and
    more than one statement are refused; the database is never changed.

    Example: ivig sql "SELECT id, n FROM studies WHERE design = :d" -p d=rct
    """
    from ivig_evidence import rawsql, render

    fmt = chosen_format(fmt)
    params = rawsql.parse_params(param or [])
    conn = connect(ctx, db)
    if isinstance(conn, SqliteReader):
        result = rawsql.run_readonly(conn.connection, query, params, timeout)
    else:
        result = rawsql.run_readonly_server(conn, query, params, timeout)
    row_limit = table_limit(fmt, limit, everything)
    rows = BoundedRows(iter(result.rows), row_limit)
    if fmt is Format.JSON:
        render.emit_json_rows(result.columns, rows)
    else:
        shown = render.emit_rows(fmt, "Query result", result.columns, rows)
        if shown == 0 and fmt is not Format.CSV:
            render.message("no rows")
    if rows.more:
        # The total would mean running the whole query again: say there are more.
        render.message(
            f"more rows than the {row_limit} shown: use --limit N, --all, "
            "or --format csv|json for all of them"
        )


@app.command()
def schema(ctx: typer.Context, fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """List every table and column with a one-line description, for writing `ivig sql`.

    Example: ivig schema --format markdown
    """
    from ivig_evidence import queries, render
    from ivig_evidence.schema_docs import SCHEMA_DOCS

    fmt = chosen_format(fmt)
    conn = connect(ctx, db)
    rows: list[dict[str, str]] = []
    for table, (table_doc, column_docs) in SCHEMA_DOCS.items():
        for column in queries.table_columns(conn, table):
            rows.append(
                {
                    "table": table,
                    "table_description": table_doc,
                    "column": column,
                    "description": column_docs.get(column, "(undocumented)"),
                }
            )
    if fmt is Format.JSON:
        render.emit_json(rows)
        return
    render.emit_tables(
        fmt,
        [
            render.Table(
                title="Schema",
                columns=("table", "column", "description"),
                rows=[[r["table"], r["column"], r["description"]] for r in rows],
            )
        ],
    )


@db_app.command("path")
def db_path(ctx: typer.Context, db: DbOpt = None) -> None:
    """Print where the database is: the server URL (password hidden), else the file
    (--db, then $IVIG_DB, then the per-user default).

    Example: ivig db path
    """
    where = location(ctx, db)
    print(where.shown if where.is_server else where.path)


@db_app.command("init")
def db_init(
    ctx: typer.Context,
    force: Annotated[bool, typer.Option("--force", help="Rebuild an existing database.")] = False,
    empty: Annotated[
        bool,
        typer.Option("--empty", help="Schema only, no curated data: a target for `ivig import`."),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Build the database from the migrations and the curated data.

    Refuses to replace an existing database unless --force is given (the old file is
    backed up first: `ivig db restore` brings it back). A file is built beside the
    old one and renamed into place; on a server it is all one
    transaction. Either way nothing is left half-built.

    Example: ivig db init --db ./evidence.sqlite
    """
    from ivig_evidence.render import message
    from ivig_evidence.store.migrate import init_database, init_server

    where = location(ctx, db)
    if where.is_server:
        assert where.url is not None
        result = init_server(where.url, where.shown, force=force, empty=empty)
    else:
        result = init_database(where.path, force=force, empty=empty)
    if result.backup is not None:
        message(f"backed up the old {result.path} to {result.backup.name}")
    message(
        f"built {result.path} at schema revision {result.revision} "
        f"({result.statements} seed statements loaded)"
    )


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context, db: DbOpt = None) -> None:
    """Apply new schema migrations and bring the curated rows to the release this ivig
    ships (inserted, corrected or retired by id). Your own (local) rows are never
    changed. A SQLite file is backed up first; `ivig db restore` puts it back.

    Example: ivig db upgrade
    """
    from ivig_evidence.render import message
    from ivig_evidence.store.migrate import upgrade_database, upgrade_server

    where = location(ctx, db)
    if where.is_server:
        assert where.url is not None
        result = upgrade_server(where.url, where.shown)
        name = where.shown
    else:
        from ivig_evidence.progress import status
        from ivig_evidence.store.access import ensure_built

        path = ensure_built(where)
        with status(f"upgrading {path} (backup, migrations, curated data)…"):
            result = upgrade_database(path)
        name = str(path)
    if result.backup is not None:
        message(f"backed up {name} to {result.backup.name}")
    if result.from_revision != result.to_revision:
        message(f"upgraded {name} from {result.from_revision} to {result.to_revision}")
    if result.refresh is not None:
        message(result.refresh.summary())
        for line in result.refresh.kept:
            message(f"kept {line}")
    if not result.changed:
        message(f"{name} is already at the latest schema revision ({result.to_revision})")


@db_app.command("status")
def db_status(ctx: typer.Context, fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """Show the schema revision, the data release and the rows in each table.

    Example: ivig db status
    """
    from ivig_evidence import queries, render
    from ivig_evidence.store.db import SCHEMA_REVISION
    from ivig_evidence.store.tables import TABLE_ORDER

    fmt = chosen_format(fmt)
    where = location(ctx, db)
    if where.is_server:
        from ivig_evidence.store.db import open_server, server_revision

        conn: Any = open_server(where, check_schema=False)
        revision = server_revision(conn)
        name = where.shown
    else:
        from ivig_evidence.store.access import ensure_built
        from ivig_evidence.store.db import open_readonly, stored_revision

        path = ensure_built(where)
        conn = open_readonly(path, check_schema=False)
        revision = stored_revision(conn.connection)
        name = str(path)
    current = revision == SCHEMA_REVISION
    release = queries.data_release(conn) if current else None
    counts = queries.table_counts(conn, TABLE_ORDER) if current else {}
    status = {
        "path": name,
        "revision": revision,
        "expected_revision": SCHEMA_REVISION,
        "up_to_date": current,
        "data_release": release.version if release else None,
        "released_on": release.released_on if release else None,
        "counts": counts,
    }
    if fmt is Format.JSON:
        render.emit_json([status])
    else:
        rows: list[Sequence[render.Cell]] = [
            ["path", name],
            ["schema revision", revision],
            ["expected revision", SCHEMA_REVISION],
            ["up to date", current],
            ["data release", release.version if release else None],
            ["released on", release.released_on if release else None],
        ]
        rows += [[f"rows in {t}", n] for t, n in counts.items()]
        render.emit_tables(fmt, [render.Table("Database status", ("item", "value"), rows)])
    if not current:
        render.message("the database needs `ivig db upgrade` before other commands can read it")


@db_app.command("restore")
def db_restore(
    ctx: typer.Context,
    backup: Annotated[
        Path | None,
        typer.Argument(help="The backup file (default: the newest).", show_default=False),
    ] = None,
    list_only: Annotated[
        bool, typer.Option("--list", help="List the backups, newest first; restore nothing.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Put a backup of the database file back. Backups are taken before an import, an
    addition or an upgrade changes the file; what a restore replaces is backed up too.

    Example: ivig db restore --list
    """
    from ivig_evidence.errors import UsageError
    from ivig_evidence.render import message
    from ivig_evidence.store.backups import list_backups, restore_backup
    from ivig_evidence.store.migrate import head_revision, known_revisions

    where = location(ctx, db)
    if where.is_server:
        raise UsageError("backups are of SQLite files; back up a server with its own tools")
    if list_only:
        backups = list_backups(where.path)
        for path in backups:
            print(path)
        if not backups:
            message(f"no backups of {where.path}")
        return
    restored, replaced, revision = restore_backup(where.path, backup, known_revisions())
    message(
        f"restored {where.path} from {restored.name}"
        + (f" (what it replaced is in {replaced.name})" if replaced else "")
    )
    if revision != head_revision():
        message(f"it is at schema revision {revision}: run `ivig db upgrade` before using it")


@db_app.command("dump-seed")
def db_dump_seed(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="File to write (default: standard output)."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Write the curated rows as seed SQL (the form of data/seed.sql), deterministically:
    the same database gives the same bytes, so a curator's change is a readable diff.

    Example: ivig db dump-seed --out data/seed.sql
    """
    import sys

    from ivig_evidence.render import message
    from ivig_evidence.store.access import open_reader
    from ivig_evidence.store.exporting import dump_seed
    from ivig_evidence.store.tables import TABLE_ORDER as TABLES

    conn = open_reader(location(ctx, db))
    if out is None:
        dump_seed(conn, TABLES, sys.stdout)
        return
    partial = out.with_name(f".{out.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as handle:
            count = dump_seed(conn, TABLES, handle)
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise IvigError(f"cannot write {out}: {exc.strerror or exc}") from exc
    message(f"wrote {count} curated rows to {out}")
