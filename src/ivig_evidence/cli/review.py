"""`ivig review`: a stewardship checklist for one IVIG order, every line from a body's
own words."""

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
def review(
    ctx: typer.Context,
    indication: Annotated[str, indication_option("Indication slug or alias of the order.")],
    weight: Annotated[
        str,
        typer.Option("--weight", "-w", help="Patient weight in kg (1-350).", show_default=False),
    ],
    dose: Annotated[
        str,
        typer.Option(
            "--dose",
            help='The dose ordered, per kg: "2 g/kg" (a course), "2 g/kg over 2 days" or '
            '"0.4 g/kg/day for 5 days".',
            show_default=False,
        ),
    ],
    height: Annotated[
        str | None,
        typer.Option("--height", help="Height in cm (40-250).", show_default=False),
    ] = None,
    sex: Annotated[
        str | None, typer.Option("--sex", help="female or male.", show_default=False)
    ] = None,
    age: Annotated[
        str | None, typer.Option("--age", help="Age in years.", show_default=False)
    ] = None,
    pregnant: Annotated[bool, typer.Option("--pregnant", help="The patient is pregnant.")] = False,
    pre_pregnancy_weight: Annotated[
        str | None,
        typer.Option(
            "--pre-pregnancy-weight",
            metavar="KG",
            help="The weight before pregnancy, in kg, where a body's rule takes it.",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="DATE",
            help="The date of the first course (YYYY-MM-DD): gives the review dates.",
            show_default=False,
        ),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            metavar="FILE",
            help="Also write the checklist as one self-contained HTML page for the patient's "
            "file (- for stdout: the page alone).",
            show_default=False,
        ),
    ] = None,
    section: SectionOpt = None,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """A stewardship checklist for one IVIG order, every line from a body's own words:
    each body's listing, the label, the criteria to confirm, the dose against each
    maximum and regimen, the dosing weight and rounding under each body's rule, rate and
    safety flags, the review date and the response to record; a rule not read is "not
    recorded". It approves and refuses nothing.

    CSV sections (--section): review.

    Example: ivig review -i dermatomyositis --weight 100 --height 175 --sex male --dose "2 g/kg" --start 2027-01-04
    """
    from ivig_evidence.cli.measures import parse_order
    from ivig_evidence.indications import resolve_indication
    from ivig_evidence.output import message
    from ivig_evidence.review.view import (
        order_table,
        review_csv,
        review_tables,
        review_view,
    )

    order = parse_order(
        indication,
        weight=weight,
        dose=dose,
        height=height,
        sex=sex,
        age=age,
        pregnant=pregnant,
        pre_pregnancy_weight=pre_pregnancy_weight,
        start=start,
    )
    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn, wide=wide)
    view = review_view(conn, order.for_indication(resolve_indication(conn, indication)))
    if html is not None:
        from ivig_evidence.files import write_text
        from ivig_evidence.review.page import review_page

        page = review_page(view)
        if str(html) == "-":
            typer.echo(page, nl=False)
            return
        write_text(html, page)
        message(f"wrote the review page to {html}")
    out.write(
        View(
            items=[view.to_json()],
            sections={"review": review_csv(view)},
            tables=[order_table(view), *review_tables(view)],
        ),
        section,
    )
    disclaim(out)
