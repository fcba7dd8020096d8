"""`ivig indications`: every indication with its evidence counted."""

import typer

from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import DbOpt, FormatOpt, WideOpt, open_database, output
from ivig_evidence.output import View


@app.command()
def indications(
    ctx: typer.Context, wide: WideOpt = False, fmt: FormatOpt = None, db: DbOpt = None
) -> None:
    """Every indication: slug, name, family (ra_and_relatives, vasculitis and so on),
    aliases, studies by design, patients studied, and the positions taken on it.

    Example: ivig indications --format markdown
    """
    from ivig_evidence.indications import indications_table, list_indications

    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn, wide=wide)
    summaries = list_indications(conn)
    out.write(
        View(
            items=(s.to_json() for s in summaries),
            sections={"indications": indications_table(summaries)},
            empty="no indications recorded",
        )
    )
