"""`ivig evidence`: the evidence profile of one indication."""

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
def evidence(
    ctx: typer.Context,
    indication: Annotated[str, indication_option("Indication slug or alias.")],
    everything: Annotated[
        bool,
        typer.Option("--all", help="Every study of each design, not only the strongest five."),
    ] = False,
    section: SectionOpt = None,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """The evidence profile of one indication: studies by design, strongest first, with
    their level of evidence (Oxford CEBM 2011), positions, doses, disagreements, and a
    bottom line quoted from the sources.

    CSV sections (--section): studies, positions, doses, disagreements, bottom-line.

    Example: ivig evidence --indication ra
    """
    from ivig_evidence.evidence import STUDIES_PER_DESIGN, evidence_profile, evidence_sections
    from ivig_evidence.indications import resolve_indication

    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn, wide=wide)
    profile = evidence_profile(
        conn, resolve_indication(conn, indication), None if everything else STUDIES_PER_DESIGN
    )
    out.write(View(items=[profile.to_json()], sections=evidence_sections(profile)), section)
    disclaim(out)
