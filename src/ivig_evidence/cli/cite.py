"""`ivig cite`, and the references `ivig studies --cite` writes."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import DbOpt, indication_option, open_database, output
from ivig_evidence.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from ivig_evidence.output import Output
    from ivig_evidence.store.reader import Reader


def write_references(
    conn: "Reader", out: "Output", ids: Sequence[str], style: str, *, asked: bool = False
) -> None:
    """The references of ``ids``. ``asked``: the ids were named by the user, so a run that
    would write nothing at all fails (exit 1) instead of succeeding with empty output."""
    from ivig_evidence import citations
    from ivig_evidence.output import message

    chosen = citations.cite_format(style)
    works, skipped = citations.works_for(conn, ids)
    # A publication known by nothing a reference is made of would be an empty entry.
    empty = [work.id for work in works if work.knows_nothing]
    works = [work for work in works if not work.knows_nothing]
    if asked and not works and empty and not skipped:
        raise NotFoundError(
            f"nothing to cite: no author, title, journal, year or identifier of "
            f"{' and '.join(empty)} is known (ivig show {empty[0]} shows what is recorded)"
        )
    for publication_id in empty:
        message(
            f"skipped {publication_id}: nothing of its publication is known to cite (no "
            f"author, title, journal, year or identifier; ivig show {publication_id})"
        )
    if asked and not works:
        # Every id named a study whose publication is not known: nothing can be cited.
        named = " and ".join(skipped) if len(skipped) < 3 else ", ".join(skipped)
        raise NotFoundError(
            f"nothing to cite: the primary publication of {named} is not known "
            f"(ivig show {skipped[0]} shows what is recorded)"
        )
    for study_id in skipped:
        message(f"skipped {study_id}: its primary publication is unknown")
    if chosen is citations.CiteFormat.CSL_JSON:
        out.json(citations.csl_json(works))
    elif works:
        if chosen is citations.CiteFormat.BIBTEX:
            out.text(citations.bibtex(works), spaces_break=True)
        else:  # RIS holds a field on one line: a break would end it
            out.text(citations.ris(works))


@app.command()
def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="ID...", help="Publication or study ids.", show_default=False),
    ] = None,
    indication: Annotated[
        str | None,
        indication_option(
            "Every reference behind an indication (and those beneath it): its studies' "
            "publications and the documents of the positions on it."
        ),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every publication in the database.")
    ] = False,
    style: Annotated[
        str, typer.Option("--format", "-f", help="bibtex (default), ris or csl-json.")
    ] = "bibtex",
    db: DbOpt = None,
) -> None:
    """References ready for Zotero, EndNote or BibTeX, writing only the fields that are
    known. A study's reference is its primary publication.

    Example: ivig cite kanik-1996 giannini-1996 --format ris
    """
    from ivig_evidence import citations

    chosen = [bool(ids), indication is not None, everything]
    if sum(chosen) != 1:
        raise UsageError("give the ids to cite, or --indication SLUG, or --all (one of them).")
    named = bool(ids)  # ids typed by the user, not gathered for --indication or --all
    conn = open_database(ctx, db).reader()
    if indication is not None:
        from ivig_evidence.indications import indication_scope, resolve_indication

        scope = indication_scope(conn, resolve_indication(conn, indication).slug)
        ids = citations.publications_behind(conn, scope)
    elif everything:
        ids = citations.publications_behind(conn, None)
    if not ids:
        from ivig_evidence.output import message

        message("no publications to cite")
        return
    write_references(conn, output(ctx, None, conn), ids, style, asked=named)
