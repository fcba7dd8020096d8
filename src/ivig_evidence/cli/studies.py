"""`ivig studies`: the filtered list of studies."""

from typing import TYPE_CHECKING, Annotated

import typer

from ivig_evidence import vocab
from ivig_evidence.cli import completion
from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import (
    DESIGN_HELP,
    DIRECTION_HELP,
    POPULATION_HELP,
    STATUS_HELP,
    AllOpt,
    BoundedRows,
    DbOpt,
    FormatOpt,
    LimitOpt,
    WideOpt,
    choices,
    disclaim,
    indication_option,
    more_rows_message,
    open_database,
    output,
    table_limit,
    year_option,
)
from ivig_evidence.errors import UsageError
from ivig_evidence.output import Table, View

if TYPE_CHECKING:
    from ivig_evidence.indications import IndicationRef


@app.command()
def studies(
    ctx: typer.Context,
    design: Annotated[
        list[str] | None,
        typer.Option("--design", "-d", help=DESIGN_HELP, autocompletion=completion.designs),
    ] = None,
    indication: Annotated[
        list[str] | None,
        indication_option(
            "Indication slug or alias (aosd, 'refractory RA', ...); includes the indications beneath "
            "it (ra includes ra-refractory). Repeat for either.",
            metavar="INDICATION",
        ),
    ] = None,
    author: Annotated[
        list[str] | None,
        typer.Option(
            "--author",
            "-a",
            metavar="NAME",
            help="An author's name or part of it (Kanik, silverman); repeat for either.",
        ),
    ] = None,
    population: Annotated[
        list[str] | None,
        typer.Option(
            "--population", "-p", help=POPULATION_HELP, autocompletion=completion.populations
        ),
    ] = None,
    since: Annotated[int | None, typer.Option(help="Published in or after this year.")] = None,
    until: Annotated[int | None, typer.Option(help="Published in or before this year.")] = None,
    min_n: Annotated[
        int | None,
        typer.Option("--min-n", min=1, help="At least this many patients (unknown n is excluded)."),
    ] = None,
    direction: Annotated[
        list[str] | None, typer.Option(help=DIRECTION_HELP, autocompletion=completion.directions)
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option(help=STATUS_HELP, autocompletion=completion.statuses)
    ] = None,
    limit: LimitOpt = None,
    everything: AllOpt = False,
    cite: Annotated[
        str | None,
        typer.Option(
            "--cite",
            help="Print the references of the studies found instead: bibtex, ris or csl-json.",
            show_default=False,
        ),
    ] = None,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """List studies, oldest first, with dose, result, citation, sources and whether the
    primary publication's record confirms them.

    Example: ivig studies --design rct --indication ra
    """
    from ivig_evidence import studies as study_list
    from ivig_evidence.output import message

    filters = study_list.StudyFilters(
        designs=choices("design", design, vocab.Design, vocab.DESIGN_GROUPS),
        populations=choices("population", population, vocab.Population),
        directions=choices("direction", direction, vocab.Direction),
        statuses=choices("status", status, vocab.Status),
        since=year_option("--since", since),
        until=year_option("--until", until),
        min_n=min_n,
        authors=tuple(name.strip() for name in author or [] if name.strip()),
    )
    if author and not filters.authors:
        raise UsageError("--author needs a name (or part of one).")
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn, wide=wide)
    refs: list[IndicationRef] = []
    if indication:
        # Only here: the indication module and its positions cost ~5 ms to import.
        from ivig_evidence.indications import indication_scope, resolve_indication

        scope: dict[str, None] = {}
        refs = [resolve_indication(conn, name) for name in indication]
        for ref in refs:
            scope.update(dict.fromkeys(indication_scope(conn, ref.slug)))
        filters = filters._replace(indication_scope=tuple(scope))

    def no_studies() -> str:
        """Nothing to show: 'no studies match', or that none is recorded at all yet
        for the indication asked about (a condition the data has not reached)."""
        if refs:
            from ivig_evidence.indications import nothing_recorded, studies_filed

            if not studies_filed(conn, filters.indication_scope):
                return nothing_recorded("studies", refs)
        return "no studies match"

    row_limit = table_limit(out, limit, everything)
    if cite is not None:
        from ivig_evidence.cli.cite import write_references

        ids = [s.id for s in study_list.iter_studies(conn, filters, row_limit)]
        if ids:
            write_references(conn, out, ids, cite)
        else:
            message(no_studies())
        return
    # One row more than shown tells whether there are more, without counting them all.
    probe = None if row_limit is None else row_limit + 1
    rows = BoundedRows(
        (study_list.study_table_row(s) for s in study_list.iter_studies(conn, filters, probe)),
        row_limit,
    )

    def held_back() -> None:
        if rows.more:
            more_rows_message(
                out,
                rows.given,
                "studies",
                lambda: study_list.count_studies(conn, filters),
                conn.interrupt,
            )
        disclaim(out)

    # Each format reads the studies as it writes them: none is held in memory.
    found = study_list.iter_studies(conn, filters, row_limit)
    csv_rows = (study_list.study_csv_row(s) for s in found)
    view = View(
        items=(s.to_json() for s in found),
        sections={"studies": Table("studies", study_list.STUDIES_CSV_COLUMNS, csv_rows)},
        tables=[Table("Studies", study_list.STUDY_TABLE_COLUMNS, rows)],
        empty=no_studies,
        streamed=True,
        after=held_back,
    )
    out.write(view)
