"""`ivig conflicts`: statements the primary record contradicts or does not confirm."""

from __future__ import annotations

from typing import Annotated

import typer

from ivig_evidence import vocab
from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import DbOpt, FormatOpt, choices, connect, output
from ivig_evidence.errors import UsageError
from ivig_evidence.output import Format


@app.command()
def conflicts(
    ctx: typer.Context,
    status: Annotated[
        list[str] | None, typer.Option(help="contradicted and/or unconfirmed (default: both).")
    ] = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Every statement the primary record contradicts or does not confirm, the source's
    words beside what the record says.

    Example: ivig conflicts --status contradicted
    """
    from ivig_evidence.conflicts import conflicts_table, list_conflicts
    from ivig_evidence.output import message

    statuses = choices("status", status, vocab.Status) or ("contradicted", "unconfirmed")
    if "confirmed" in statuses:
        raise UsageError("conflicts lists contradicted and unconfirmed statements only")
    conn = connect(ctx, db)
    out = output(ctx, fmt, conn)
    found = list_conflicts(conn, statuses)
    if out.format is Format.JSON:
        out.json(c.to_json() for c in found)
        return
    if not found and out.format is not Format.CSV:
        message("no conflicts")
        return
    out.tables([conflicts_table(found)])
