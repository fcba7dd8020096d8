"""`ivig conflicts`: where sources disagree, with the primary record or with each other."""

from typing import Annotated

import typer

from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import (
    AllOpt,
    BoundedRows,
    DbOpt,
    FormatOpt,
    LimitOpt,
    WideOpt,
    open_database,
    output,
    table_limit,
)
from ivig_evidence.errors import UsageError
from ivig_evidence.output import Table, View


@app.command()
def conflicts(
    ctx: typer.Context,
    status: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these kinds (repeatable): contradicted, positions (bodies that differ "
            "on one indication), reading (a source's dose figure against the record's "
            "reading), doses (documents suggesting different doses for one indication), "
            "effects (a paper's stated effect against the same measure recomputed from its "
            "counts or means), unconfirmed (implies --include-unchecked).",
        ),
    ] = None,
    include_unchecked: Annotated[
        bool,
        typer.Option(
            "--include-unchecked",
            help="Also list statements no primary record could check: not disagreements, "
            "only unconfirmed.",
        ),
    ] = False,
    limit: LimitOpt = None,
    everything: AllOpt = False,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Where sources disagree: statements the primary record contradicts, bodies whose
    positions on the same indication differ, a source's dose figure against the
    reading the primary record supports, documents that suggest different doses for
    one indication, and a paper's stated effect against the same measure recomputed
    from its own counts, each side in its own words.

    Example: ivig conflicts --status contradicted
    """
    from ivig_evidence import conflicts as found_conflicts
    from ivig_evidence.cli.options import more_rows_message

    names = {
        "contradicted": found_conflicts.CONTRADICTED,
        "positions": found_conflicts.POSITIONS_DIFFER,
        "reading": found_conflicts.READING_DIFFERS,
        "doses": found_conflicts.DOSES_DIFFER,
        "effects": found_conflicts.EFFECT_DIFFERS,
        "unconfirmed": found_conflicts.UNCONFIRMED,
        "confirmed": None,
    }
    kinds: list[str] = []
    for raw in status or []:
        value = raw.strip().lower()
        if value not in names:
            raise UsageError(
                f"unknown kind '{raw}'; the kinds are: contradicted, positions, reading, "
                "doses, effects, unconfirmed"
            )
        kind = names[value]
        if kind is None:
            raise UsageError("conflicts lists disagreements; confirmed statements are not one")
        kinds.append(kind)
    if not kinds:
        kinds = list(found_conflicts.DISAGREEMENTS)
    if include_unchecked and found_conflicts.UNCONFIRMED not in kinds:
        kinds.append(found_conflicts.UNCONFIRMED)
    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn, wide=wide)
    row_limit = table_limit(out, limit, everything)
    listed = found_conflicts.list_conflicts(conn, kinds=kinds)
    rows = BoundedRows(found_conflicts.conflict_rows(listed), row_limit)
    title = "Where sources disagree" + (
        " (and statements no record could check)"
        if found_conflicts.UNCONFIRMED in kinds
        else "; statements no record could check: --include-unchecked"
    )
    view = View(
        items=(c.to_json() for c in listed),
        sections={"conflicts": Table(title, found_conflicts.CONFLICT_COLUMNS, rows)},
        empty="no conflicts",
        streamed=True,
    )
    shown = out.write(view)
    if rows.more:

        def count() -> int:
            return sum(1 for _ in found_conflicts.list_conflicts(conn, kinds=kinds))

        more_rows_message(out, shown, "conflicts", count, conn.interrupt)
