"""`ivig map`: indications by designs, at a glance."""

from pathlib import Path
from typing import Annotated

import typer

from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import DbOpt, FormatOpt, WideOpt, open_database, output
from ivig_evidence.output import View


@app.command(name="map")
def evidence_map(
    ctx: typer.Context,
    svg: Annotated[
        Path | None,
        typer.Option(
            "--svg",
            help="Also draw the map as a chart (an SVG image) in this file: cells shaded by "
            "the number of studies, the prevailing direction as a symbol, with legends "
            "(- for stdout: the chart alone, as report --html - writes the dossier).",
            show_default=False,
        ),
    ] = None,
    rollup: Annotated[
        bool,
        typer.Option(
            "--rollup/--no-rollup",
            help="Count the studies of the indications beneath each row in it too (the "
            "default, as `ivig studies -i` selects); --no-rollup counts only studies filed "
            "under the row itself.",
        ),
    ] = True,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """An evidence map: indications down, designs across; each cell the studies (and
    patients) with the prevailing direction, so gaps show at a glance.

    Example: ivig map --svg evidence-map.svg
    """
    from ivig_evidence import evidence_map as mapping

    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn, wide=wide)
    designs, rows = mapping.evidence_map(conn, rollup=rollup)
    if svg is not None:
        from ivig_evidence.store.info import data_release

        release = data_release(conn)
        stamp = f" (ivig-evidence data release {release.version})" if release else ""
        chart = mapping.map_svg(
            designs,
            rows,
            mapping.indication_names(conn),
            title=f"Evidence on IVIG by indication and study design{stamp}",
            rollup=rollup,
        )
        if str(svg) == "-":  # the chart is then the whole of stdout, never mixed with the table
            typer.echo(chart, nl=False)
            return
        mapping.write_svg(chart, svg)
    out.write(
        View(
            items=mapping.map_json(rows),
            sections={"map": mapping.map_csv_table(designs, rows)},
            tables=[mapping.map_table(designs, rows, rollup=rollup)],
            empty="no indications recorded: the map is empty",
        )
    )
