"""Commands that read the evidence: studies and doses."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import typer

from ivig_evidence import vocab
from ivig_evidence.cli.app import app
from ivig_evidence.cli.common import (
    DESIGN_HELP,
    DIRECTION_HELP,
    POPULATION_HELP,
    STATUS_HELP,
    AllOpt,
    BoundedRows,
    DbOpt,
    FormatOpt,
    LimitOpt,
    choices,
    chosen_format,
    connect,
    disclaim,
    more_rows_message,
    table_limit,
    year_option,
)
from ivig_evidence.errors import UsageError
from ivig_evidence.render import Format


@app.command()
def studies(
    ctx: typer.Context,
    design: Annotated[list[str] | None, typer.Option("--design", "-d", help=DESIGN_HELP)] = None,
    indication: Annotated[
        str | None,
        typer.Option(
            "--indication",
            "-i",
            help="Indication slug or alias (aosd, 'still', ...); includes "
            "the indications beneath it (ra includes ra-refractory).",
        ),
    ] = None,
    population: Annotated[
        list[str] | None, typer.Option("--population", "-p", help=POPULATION_HELP)
    ] = None,
    since: Annotated[int | None, typer.Option(help="Published in or after this year.")] = None,
    until: Annotated[int | None, typer.Option(help="Published in or before this year.")] = None,
    min_n: Annotated[
        int | None,
        typer.Option("--min-n", min=1, help="At least this many patients (unknown n is excluded)."),
    ] = None,
    direction: Annotated[list[str] | None, typer.Option(help=DIRECTION_HELP)] = None,
    status: Annotated[list[str] | None, typer.Option(help=STATUS_HELP)] = None,
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
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """List studies, oldest first, with dose, result, citation, sources and whether the
    primary publication's record confirms them.

    Example: ivig studies --design rct --indication ra
    """
    from ivig_evidence import queries, render, views

    fmt = chosen_format(fmt)
    filters = queries.StudyFilters(
        designs=choices("design", design, vocab.Design, vocab.DESIGN_GROUPS),
        populations=choices("population", population, vocab.Population),
        directions=choices("direction", direction, vocab.Direction),
        statuses=choices("status", status, vocab.Status),
        since=year_option("--since", since),
        until=year_option("--until", until),
        min_n=min_n,
    )
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    conn = connect(ctx, db)
    if indication is not None:
        ref = queries.resolve_indication(conn, indication)
        filters = queries.StudyFilters(
            **{
                **filters.__dict__,
                "indication_scope": tuple(queries.indication_scope(conn, ref.slug)),
            }
        )
    row_limit = table_limit(fmt, limit, everything)
    if cite is not None:
        from ivig_evidence.cli.citing import emit_citations

        ids = [s.id for s in queries.iter_studies(conn, filters, row_limit)]
        if ids:
            emit_citations(conn, ids, cite)
        else:
            render.message("no studies match")
        return
    if fmt is Format.JSON:
        render.emit_json_iter(s.to_json() for s in queries.iter_studies(conn, filters, row_limit))
        return
    if fmt is Format.CSV:
        render.emit_rows(
            fmt,
            "studies",
            views.STUDY_CSV_COLUMNS,
            (views.study_csv_row(s) for s in queries.iter_studies(conn, filters, row_limit)),
        )
        return
    # One row more than shown tells whether there are more, without counting them all.
    probe = None if row_limit is None else row_limit + 1
    rows = BoundedRows(
        (views.study_table_row(s) for s in queries.iter_studies(conn, filters, probe)), row_limit
    )
    shown = render.emit_rows(fmt, "Studies", views.STUDY_TABLE_COLUMNS, rows)
    if shown == 0:
        render.message("no studies match")
        return
    if rows.more:
        more_rows_message(
            shown, "studies", lambda: queries.count_studies(conn, filters), conn.interrupt
        )
    disclaim(fmt)


@app.command()
def dose(
    ctx: typer.Context,
    indication: Annotated[
        str,
        typer.Option(
            "--indication",
            "-i",
            help="Indication slug or alias (aosd, 'still', ra-pregnancy ...).",
            show_default=False,
        ),
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
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Every recorded IVIG dose regimen for an indication, as stated and structured,
    with its source, any ambiguity, and the positions taken on the indication.
    With --weight, the doses in grams for that patient, with the arithmetic shown,
    every reading of an ambiguous regimen, and warnings for unusual doses.

    Example: ivig dose --indication aosd --weight 70
    """
    from ivig_evidence import dosing, queries, render, views

    fmt = chosen_format(fmt)
    patient_options = {
        "--dosing-weight": dosing_weight,
        "--height": height,
        "--sex": sex,
        "--round": round_to,
    }
    calculations: list[list[dosing.Reading]] | None = None
    if weight is None:
        given = [name for name, value in patient_options.items() if value is not None]
        if given:
            verb = "needs" if len(given) == 1 else "need"
            raise UsageError(f"{', '.join(given)} {verb} --weight (the patient's weight in kg)")
    else:
        patient = dosing.Patient(
            weight_kg=dosing.parse_measure(weight, "--weight", "kg", dosing.WEIGHT_RANGE_KG, "70"),
            height_cm=None
            if height is None
            else dosing.parse_measure(height, "--height", "cm", dosing.HEIGHT_RANGE_CM, "170"),
            sex=None if sex is None else dosing.parse_sex(sex),
        )
        rule = dosing.WeightRule(
            choices("dosing weight", [dosing_weight or "actual"], dosing.WeightRule)[0]
        )
        chosen_weight = dosing.dosing_weight(patient, rule)
        rounding = dosing.Rounding(
            None
            if round_to is None
            else dosing.parse_measure(
                round_to, "--round", "grams", (Decimal("0.1"), Decimal("1000")), "5"
            )
        )
    conn = connect(ctx, db)
    row_limit = table_limit(fmt, limit, everything)
    report = queries.dose_report(conn, queries.resolve_indication(conn, indication), row_limit)
    if weight is not None:
        calculations = [
            dosing.readings(dosing.terms_of(r), chosen_weight.kg, rounding) for r in report.regimens
        ]
    if fmt is Format.JSON:
        items = report.to_json()
        if calculations is not None:
            for item, regimen, found in zip(items, report.regimens, calculations, strict=True):
                item.update(views.dose_json(regimen, found, chosen_weight, rounding))
        render.emit_json(items)
        return
    if fmt is Format.CSV:
        if calculations is not None:
            render.emit_tables(fmt, [views.dose_calculation_table(report, calculations)])
        else:
            render.emit_tables(fmt, [views.regimens_table(report, for_csv=True)])
        return
    tables = []
    if calculations is not None:
        tables.append(views.dosing_weight_table(chosen_weight, rounding))
    if report.regimens:
        tables.append(
            views.dose_calculation_table(report, calculations)
            if calculations is not None
            else views.regimens_table(report)
        )
    else:
        render.message(f"no dose regimens recorded for {report.indication.slug}")
    if report.positions:
        tables.append(
            views.positions_table(
                report.positions, f"Positions on IVIG for {report.indication.slug}"
            )
        )
    else:
        render.message(f"no guideline or source positions recorded for {report.indication.slug}")
    if tables:
        render.emit_tables(fmt, tables)
    if report.more:
        more_rows_message(
            len(report.regimens),
            "regimens",
            lambda: queries.count_regimens(conn, report.scope),
            conn.interrupt,
        )
    disclaim(fmt)
