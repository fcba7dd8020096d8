"""`ivig dose`: the recorded regimens for an indication, and grams for a patient."""

from typing import Annotated

import typer

from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import (
    AllOpt,
    DbOpt,
    FormatOpt,
    LimitOpt,
    SectionOpt,
    WideOpt,
    disclaim,
    indication_option,
    more_rows_message,
    open_database,
    output,
    table_limit,
)


@app.command()
def dose(
    ctx: typer.Context,
    indication: Annotated[
        str, indication_option("Indication slug or alias (aosd, 'RA in pregnancy', ra-ild ...).")
    ],
    weight: Annotated[
        str | None,
        typer.Option(
            "--weight",
            "-w",
            help="Patient weight in kg (1-350): adds grams per day, infusion "
            "and course for every recorded regimen.",
            show_default=False,
        ),
    ] = None,
    dosing_weight: Annotated[
        str | None,
        typer.Option(
            "--dosing-weight",
            help="Weight to dose on: actual (default), ideal (Devine formula, "
            "needs --height and --sex) or adjusted (IBW + 0.4 x (actual - IBW)).",
            show_default=False,
        ),
    ] = None,
    height: Annotated[
        str | None,
        typer.Option(
            "--height",
            help="Height in cm (40-250), for ideal or adjusted weight.",
            show_default=False,
        ),
    ] = None,
    sex: Annotated[
        str | None,
        typer.Option(
            "--sex", help="female or male, for ideal or adjusted weight.", show_default=False
        ),
    ] = None,
    round_to: Annotated[
        str | None,
        typer.Option(
            "--round",
            help="Round each dose to the nearest N grams (off by default: 0.1 g).",
            show_default=False,
        ),
    ] = None,
    limit: LimitOpt = None,
    everything: AllOpt = False,
    section: SectionOpt = None,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Every recorded IVIG dose regimen for an indication, as stated and structured,
    with its source, any ambiguity, and the positions taken on the indication.
    With --weight, the doses in grams for that patient, with the arithmetic shown:
    first the headline (the primary record's own dose where a record gives one),
    then every other reading of an ambiguous regimen, and warnings for unusual doses.

    CSV sections (--section): doses (with --weight, for that patient), positions.

    Example: ivig dose --indication aosd --weight 70
    """
    from ivig_evidence.cli.measures import patient_options
    from ivig_evidence.doses.arithmetic import Reading, readings
    from ivig_evidence.doses.dose_view import dose_view
    from ivig_evidence.doses.report import count_regimens, dose_report
    from ivig_evidence.doses.terms import terms_of
    from ivig_evidence.indications import resolve_indication

    dosing_for = patient_options(weight, dosing_weight, height, sex, round_to)
    conn = open_database(ctx, db).reader()
    out = output(ctx, fmt, conn, wide=wide)
    row_limit = table_limit(out, limit, everything)
    report = dose_report(conn, resolve_indication(conn, indication), row_limit)
    calculations: list[list[Reading]] | None = None
    if dosing_for is not None:
        calculations = [
            readings(terms_of(r), dosing_for.weight.kg, dosing_for.rounding)
            for r in report.regimens
        ]

    def held_back() -> None:
        if report.more:
            more_rows_message(
                out,
                len(report.regimens),
                "regimens",
                lambda: count_regimens(conn, report.scope),
                conn.interrupt,
            )

    out.write(dose_view(report, calculations, dosing_for, after=held_back), section)
    disclaim(out)
