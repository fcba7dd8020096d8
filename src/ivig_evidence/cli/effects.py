"""`ivig effects`: the stated effect beside the recomputed one, and a forest plot."""

from pathlib import Path
from typing import Annotated

import typer

from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import (
    DbOpt,
    FormatOpt,
    SectionOpt,
    WideOpt,
    disclaim,
    indication_option,
    open_database,
    output,
)
from ivig_evidence.output import View


@app.command()
def effects(
    ctx: typer.Context,
    indication: Annotated[str, indication_option("Indication slug or alias.")],
    svg: Annotated[
        Path | None,
        typer.Option(
            "--svg",
            help="Also draw a forest plot (an SVG image) in this file: a panel per outcome, "
            "each trial's 95% CI as a line, the pooled estimate as a diamond where pooling "
            "is honest, the stated figure beside the recomputed one (- for stdout: the plot "
            "alone).",
            show_default=False,
        ),
    ] = None,
    section: SectionOpt = None,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Effect sizes for an indication: each paper's stated effect beside the same measure
    recomputed from its counts or means (95% CIs, zero cells said), pooled only over two
    or more comparable trials of one outcome and design.

    CSV sections (--section): effects, pooled.

    Example: ivig effects --indication dermatomyositis --svg forest.svg
    """
    from ivig_evidence.effects import effects_sections, effects_view
    from ivig_evidence.indications import indication_scope, resolve_indication

    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn, wide=wide)
    found = resolve_indication(conn, indication)
    view = effects_view(conn, found, indication_scope(conn, found.slug))
    if svg is not None:
        from ivig_evidence.effects.forest_plot import forest_svg
        from ivig_evidence.evidence_map import write_svg
        from ivig_evidence.store.info import data_release

        release = data_release(conn)
        stamp = f" (ivig-evidence data release {release.version})" if release else ""
        chart = forest_svg(view, title=f"Effect sizes: {found.name}{stamp}")
        if str(svg) == "-":  # the plot is then the whole of stdout
            typer.echo(chart, nl=False)
            return
        write_svg(chart, svg)
    # Where nothing is estimable and nothing stated either, the line saying why is all.
    sections = effects_sections(view) if view.groups or view.nothing is None else {}
    out.write(View(items=[view.to_json()], sections=sections, said=view.nothing), section)
    disclaim(out)
