"""`ivig positions` (earlier `ivig guidelines`, still accepted): the positions of every
body, on a common scale."""

from typing import Annotated

import typer

from ivig_evidence import vocab
from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import (
    DbOpt,
    FormatOpt,
    WideOpt,
    indication_option,
    open_database,
    output,
)
from ivig_evidence.errors import UsageError
from ivig_evidence.output import View


@app.command()
def positions(
    ctx: typer.Context,
    indication: Annotated[
        str | None, indication_option("Only positions on this indication (and those beneath it).")
    ] = None,
    body: Annotated[
        str | None,
        typer.Option(
            "--body",
            help="Only positions of bodies whose name contains this (e.g. ACR, FDA).",
            show_default=False,
        ),
    ] = None,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Every guideline, regulatory and source position: who, which document, the body's own
    words, and a common category (from 1, recommended, to 6, not approved) to compare them by.

    `ivig guidelines`, the command's earlier name, runs it too.

    Example: ivig positions --indication ra
    """
    from ivig_evidence.indications import indication_scope, resolve_indication
    from ivig_evidence.positions import positions_by_category, positions_table

    if body is not None and not body.strip():
        raise UsageError("--body needs a name (or part of one).")
    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn, wide=wide)
    scope = None
    if indication is not None:
        scope = indication_scope(conn, resolve_indication(conn, indication).slug)
    found = positions_by_category(conn, scope, body)
    where = f" on {indication}" if indication is not None else ""
    who = f" from a body matching '{body}'" if body is not None else ""
    categories = ", ".join(f"{i}. {c}" for i, c in enumerate(vocab.POSITION_CATEGORIES, 1))
    out.write(
        View(
            items=(p.to_json() for p in found),
            sections={
                "positions": positions_table(found, f"Positions on IVIG (category: {categories})")
            },
            empty=f"no guideline, regulatory or source positions recorded{where}{who}",
        )
    )
