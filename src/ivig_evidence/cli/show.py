"""`ivig show`: everything about one record."""

from typing import Annotated

import typer

from ivig_evidence.cli import completion
from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import (
    DbOpt,
    FormatOpt,
    SectionOpt,
    WideOpt,
    open_database,
    output,
)
from ivig_evidence.output import View


@app.command()
def show(
    ctx: typer.Context,
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            autocompletion=completion.record_ids,
            help="A study id, publication id, or indication slug or alias; "
            "prefix publication:, study: or indication: where a study and its publication "
            "share an id.",
            show_default=False,
        ),
    ],
    section: SectionOpt = None,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Everything about one record: every field, dose regimen and statement with its quote
    and confirmation status, and the citation with DOI and PMID links.

    CSV sections (--section): record, then for a study doses, statements, notes; for
    a publication statements; for an indication studies, positions, doses.

    Example: ivig show kanik-1996
    """
    from ivig_evidence.records import find_record, record_json, record_sections, record_tables

    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn, wide=wide)
    record = find_record(conn, ident)
    view = View(
        items=[record_json(record)],
        sections=record_sections(record),
        tables=record_tables(record),
    )
    out.write(view, section)
