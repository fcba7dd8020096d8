"""Commands on the database itself: the schema, and `ivig db ...` (path, init, upgrade,
status, recover, restore, dump-seed, history, undo, forget, backup). The work is done by
database.Evidence; these parse and report."""

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ivig_evidence.cli.app import app, db_app
from ivig_evidence.cli.options import DbOpt, FormatOpt, open_database, output
from ivig_evidence.errors import IvigError
from ivig_evidence.output import message

if TYPE_CHECKING:
    from ivig_evidence.store.history import Forgetting

app.add_typer(db_app, name="db")


@app.command()
def schema(ctx: typer.Context, fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """List every table and column with a one-line description, for writing `ivig sql`.

    Example: ivig schema --format markdown
    """
    from ivig_evidence.output import Table, View
    from ivig_evidence.schema_docs import SCHEMA_DOCS
    from ivig_evidence.store.info import table_columns

    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn)
    rows: list[dict[str, str]] = []
    for table, (table_doc, column_docs) in SCHEMA_DOCS.items():
        for column in table_columns(conn, table):
            rows.append(
                {
                    "table": table,
                    "table_description": table_doc,
                    "column": column,
                    "description": column_docs.get(column, "(undocumented)"),
                }
            )
    described = Table(
        title="Schema",
        columns=("table", "column", "description"),
        rows=[[r["table"], r["column"], r["description"]] for r in rows],
    )
    out.write(View(items=rows, sections={"schema": described}))


@db_app.command("path")
def db_path(ctx: typer.Context, db: DbOpt = None) -> None:
    """Print where the database is: the server URL (password hidden), else the file
    (--db, then $IVIG_DB, then the per-user default).

    Example: ivig db path
    """
    print(open_database(ctx, db).name)


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
    result = open_database(ctx, db).init(force=force, empty=empty)
    if result.backup is not None:
        message(f"backed up the old {result.path} to {result.backup.name}")
    message(
        f"built {result.path} at schema revision {result.revision} "
        f"(the curated data: {result.statements} INSERT statements of data/seed.sql)"
    )


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context, db: DbOpt = None) -> None:
    """Apply new schema migrations and bring the curated rows to the release this ivig
    ships (inserted, corrected or retired by id). Your own (local) rows are never
    changed. A SQLite file is backed up first; `ivig db restore` puts it back.

    Example: ivig db upgrade
    """
    result = open_database(ctx, db).upgrade()
    name = str(result.path)
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
    """Show the schema revision, the data release, the backups, the row history (its
    writes and rows) and the rows in each table.

    Example: ivig db status
    """
    from ivig_evidence.config import BACKUPS_ENV_VAR, MOST_BACKUPS_KEPT
    from ivig_evidence.output import Cell, Table, View
    from ivig_evidence.terminal import Column, Kind

    status = open_database(ctx, db).status()
    out = output(ctx, fmt)
    rows: list[Sequence[Cell]] = [
        ["path", status.name],
        ["schema revision", status.revision],
        ["expected revision", status.expected_revision],
        ["up to date", status.up_to_date],
        ["data release", status.data_release],
        ["released on", status.released_on],
    ]
    if status.backups is not None:
        rows.append(["backups", status.backups_text])
        kept = (
            f"the newest {status.backups_kept} (IVIG_BACKUPS_KEPT)"
            if status.backups_kept is not None
            else f"{BACKUPS_ENV_VAR} is not a whole number from 1 to {MOST_BACKUPS_KEPT}: "
            "upgrades, restores and backups refuse to start until it is"
        )
        rows.append(["backups kept", kept])
        if status.backups:
            rows.append(["newest backup", status.backups[0].name])
    if status.history is not None:
        rows.append(["row history", status.history.text])
    rows += [[f"rows in {t}", n] for t, n in status.counts.items()]
    # Values wrap at words, never cut: a long path or a backup's name stays whole.
    columns = (Column("item", Kind.KEY), Column("value", Kind.WRAP, cap=200, named=False))
    table = Table("Database status", columns, rows)
    out.write(View(items=[status.to_json()], sections={"status": table}))
    if not status.up_to_date:
        message("the database needs `ivig db upgrade` before other commands can read it")


@db_app.command("recover")
def db_recover(ctx: typer.Context, db: DbOpt = None) -> None:
    """Finish what an interrupted write left (a killed import or upgrade: SQLite rolls it
    back, so the file is as it was before that write), fold changes committed in the
    -wal into the file (so readers who cannot write beside it see them) and check the
    file's integrity.
    Any command that writes does this first; read commands only say it is needed.

    Example: ivig db recover
    """
    report = open_database(ctx, db).recover()
    done = "; ".join(
        part
        for part, happened in (
            ("recovered an interrupted write", report.recovered),
            ("folded the changes committed in its -wal into the file", report.folded_in),
        )
        if happened
    )
    done = done or "nothing to recover"
    if report.problems:
        raise IvigError(
            f"{report.database}: {done}, but the integrity check failed "
            f"({'; '.join(report.problems)}): restore a backup (`ivig db restore --list`)"
        )
    message(f"{report.database}: {done}; the integrity check passes")


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
    """Put a backup of the database file back. Backups are taken before an upgrade or
    `db init --force` changes the file, and by `ivig db backup`; what a restore replaces
    is backed up too. (An import or an addition is reverted by `ivig db undo`.)

    Example: ivig db restore --list
    """
    database = open_database(ctx, db)
    if list_only:
        found = database.backups()
        for path in found:
            print(path)
        if not found:
            message(f"no backups of {database.name}")
        return
    report = database.restore(backup)
    message(
        f"restored {report.database} from {report.restored.name}"
        + (f" (what it replaced is in {report.replaced.name})" if report.replaced else "")
    )
    if report.needs_upgrade:
        message(
            f"it is at schema revision {report.revision}: run `ivig db upgrade` before using it"
        )


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

    count = open_database(ctx, db).dump_seed(out if out is not None else sys.stdout)
    if out is not None:
        message(f"wrote {count} curated rows to {out}")


@db_app.command("history")
def db_history(
    ctx: typer.Context,
    release: Annotated[
        bool,
        typer.Option(
            "--release", help="The curated release's writes (`db upgrade`), not your own."
        ),
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="Show the newest N writes only.", show_default=False),
    ] = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """List the writes made to the database, newest first: when, by which command (and,
    on a server, which role), and how many rows each added, changed and removed.
    `ivig db undo WRITE` reverts one.

    Example: ivig db history --limit 5
    """
    from ivig_evidence.output import Table, View
    from ivig_evidence.store.history import LOCAL, RELEASE, list_writes

    writes = list_writes(
        open_database(ctx, db).reader(), scope=RELEASE if release else LOCAL, limit=limit
    )
    columns = ("write", "at", "command", "role", "added", "changed", "removed", "undoes")
    rows = [
        [w.write, w.at, w.command, w.role or "", w.added, w.changed, w.removed, w.undoes or ""]
        for w in writes
    ]
    output(ctx, fmt).write(
        View(
            items=[w.to_json() for w in writes],
            sections={"writes": Table("Writes", columns, rows)},
            empty="no writes recorded yet" + (" by a release" if release else ""),
        )
    )


@db_app.command("undo")
def db_undo(
    ctx: typer.Context,
    write: Annotated[int, typer.Argument(help="The write to revert (`ivig db history`).")],
    db: DbOpt = None,
) -> None:
    """Revert one write: the rows it added removed, the rows it changed or removed put
    back as they were. Refused, changing nothing, if a later write changed any of the
    same rows (it names that write). The undo is itself a write in the history.

    Example: ivig db undo 1
    """
    report = open_database(ctx, db).undo(write)
    message(
        f"undid write {report.undone}: put back {report.added} rows, set back "
        f"{report.changed}, removed {report.removed} (recorded as write {report.write})"
    )


@db_app.command("forget")
def db_forget(
    ctx: typer.Context,
    write: Annotated[
        int,
        typer.Argument(
            help="The newest write to forget: it and every older one (`ivig db history`)."
        ),
    ],
    yes: Annotated[
        bool, typer.Option("--yes", help="Forget them (without it, say what would go).")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Forget the oldest writes of the row history, through WRITE (yours and the
    release's): they can no longer be undone, and the space their before-images took is
    reused by later writes. The rows themselves do not change. Without --yes, says what
    it would forget and changes nothing.

    Example: ivig db forget 1 --yes
    """
    from ivig_evidence.store.history import forgetting

    database = open_database(ctx, db)
    if not yes:
        found = forgetting(database.reader(), write)
        raise IvigError(
            f"this would forget {_forgotten(found)}, which could no longer be undone; "
            "nothing was changed: add --yes to forget them"
        )
    found = database.forget(write)
    left = (
        f"the history now begins at write {found.oldest_kept}"
        if found.oldest_kept is not None
        else "no write is left in the history"
    )
    message(f"forgot {_forgotten(found)}; {left}")


def _forgotten(found: "Forgetting") -> str:
    writes = f"write {found.through}"
    if found.writes > 1:
        writes = f"{found.writes:,} writes, through {found.through}"
    return f"{writes} ({found.rows:,} history rows)"


@db_app.command("backup")
def db_backup(ctx: typer.Context, db: DbOpt = None) -> None:
    """Back up the database file now, beside it (the newest IVIG_BACKUPS_KEPT are kept).
    An upgrade, a restore and `db init --force` take one themselves; an ordinary write
    does not (`ivig db undo` reverts it).

    Example: ivig db backup
    """
    database = open_database(ctx, db)
    taken = database.backup()
    message(f"backed up {database.name} to {taken.name}")
