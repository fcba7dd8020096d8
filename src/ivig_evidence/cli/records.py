"""Commands about single records: show, search, cite."""

from __future__ import annotations

from typing import Annotated

import typer

from ivig_evidence.cli.app import app
from ivig_evidence.cli.common import DbOpt, FormatOpt, chosen_format, connect
from ivig_evidence.render import Format


@app.command()
def show(
    ctx: typer.Context,
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A study id, publication id, or indication slug or alias; "
            "prefix publication:, study: or indication: where a study and its publication "
            "share an id.",
            show_default=False,
        ),
    ],
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Everything about one record: every field, dose regimen and statement with its quote
    and confirmation status, and the citation with DOI and PMID links.

    Example: ivig show kanik-1996
    """
    from ivig_evidence import overview_views, records, render
    from ivig_evidence.queries import Study

    fmt = chosen_format(fmt)
    record = records.find_record(connect(ctx, db), ident)
    if fmt is Format.JSON:
        item = record.to_json()
        if isinstance(record, Study):
            item = {"record": "study", **item}
        render.emit_json([item])
        return
    if isinstance(record, Study):
        tables = overview_views.study_record_tables(record)
    elif isinstance(record, records.PublicationRecord):
        tables = overview_views.publication_record_tables(record)
    else:
        tables = overview_views.indication_record_tables(record)
    render.emit_tables(fmt, tables if fmt is not Format.CSV else tables[:1])


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
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Full-text search over publication titles, results, notes and statement quotes,
    best match first, with the matching words highlighted.

    Example: ivig search "hepatitis C"
    """
    from ivig_evidence import overview_views, render
    from ivig_evidence import search as full_text

    fmt = chosen_format(fmt)
    hits = full_text.search(connect(ctx, db), text, limit)
    if fmt is Format.JSON:
        render.emit_json([h.to_json() for h in hits])
        return
    if not hits and fmt is not Format.CSV:
        render.message(f"nothing found for {text}")
        return
    render.emit_tables(fmt, [overview_views.search_table(hits, text)])


@app.command()
def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(metavar="ID...", help="Publication or study ids.", show_default=False),
    ],
    style: Annotated[
        str, typer.Option("--format", "-f", help="bibtex (default), ris or csl-json.")
    ] = "bibtex",
    db: DbOpt = None,
) -> None:
    """References ready for Zotero, EndNote or BibTeX, writing only the fields that are
    known. A study's reference is its primary publication.

    Example: ivig cite kanik-1996 giannini-1996 --format ris
    """
    from ivig_evidence.cli.citing import emit_citations

    emit_citations(connect(ctx, db), ids, style)
