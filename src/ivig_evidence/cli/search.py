"""`ivig search`: full-text search."""

from typing import Annotated

import typer

from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import DbOpt, FormatOpt, WideOpt, open_database, output
from ivig_evidence.output import View


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            help='Words to find (FTS5 syntax: "exact phrase", OR, NOT, prefix*).',
            show_default=False,
        ),
    ],
    limit: Annotated[int, typer.Option(min=1, help="At most this many matches.")] = 50,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Full-text search over publication titles, results, notes and statement quotes,
    best match first, with the matching words highlighted.

    Example: ivig search "hepatitis C"
    """
    from ivig_evidence import search as full_text
    from ivig_evidence.output import message

    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn, wide=wide)
    hits = full_text.search(conn, text, limit)
    if hits.bounded:
        message(
            f"more than {full_text.RANKED_AT_MOST:,} entries match: these are the best of the "
            f"first {full_text.RANKED_AT_MOST:,} (add words to narrow the search)"
        )
    out.write(
        View(
            items=(h.to_json() for h in hits),
            sections={"hits": full_text.search_table(hits, text)},
            empty=f"nothing found for {text}",
        )
    )
