"""`ivig report`: the evidence dossier of an indication as one HTML file."""

from pathlib import Path
from typing import Annotated

import typer

from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import DbOpt, indication_option, open_database


@app.command()
def report(
    ctx: typer.Context,
    indication: Annotated[
        str, indication_option("Indication slug or alias; the dossier includes those beneath it.")
    ],
    html: Annotated[
        Path,
        typer.Option(
            "--html",
            metavar="FILE",
            help="Where to write the dossier (one self-contained HTML file; - for stdout).",
            show_default=False,
        ),
    ],
    db: DbOpt = None,
) -> None:
    """An evidence dossier to circulate: one self-contained HTML file (offline, printable)
    with the bottom line, studies, positions, regimens, the map, disagreements and
    numbered references for an indication.

    Example: ivig report --indication aosd --html aosd-dossier.html
    """
    from ivig_evidence.evidence import evidence_profile
    from ivig_evidence.files import write_text
    from ivig_evidence.indications import resolve_indication
    from ivig_evidence.output import message
    from ivig_evidence.report import dossier

    conn = open_database(ctx, db).reader()
    profile = evidence_profile(conn, resolve_indication(conn, indication))
    text = dossier(conn, profile)
    if str(html) == "-":
        typer.echo(text, nl=False)
        return
    write_text(html, text)  # a file whole, a device or pipe as a stream; else refused
    message(f"wrote the {profile.indication.slug} dossier to {html}")
