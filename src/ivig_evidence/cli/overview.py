"""Whole-picture commands: indications, guidelines, evidence, map, conflicts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ivig_evidence import vocab
from ivig_evidence.cli.app import app
from ivig_evidence.cli.common import DbOpt, FormatOpt, choices, chosen_format, connect
from ivig_evidence.render import Format


@app.command()
def indications(ctx: typer.Context, fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """Every indication: slug, name, aliases, studies by design, patients studied, and
    the positions taken on it.

    Example: ivig indications --format markdown
    """
    from ivig_evidence import overview, overview_views, render

    fmt = chosen_format(fmt)
    summaries = overview.list_indications(connect(ctx, db))
    if fmt is Format.JSON:
        render.emit_json([s.to_json() for s in summaries])
        return
    render.emit_tables(fmt, [overview_views.indications_table(summaries)])


@app.command()
def guidelines(
    ctx: typer.Context,
    indication: Annotated[
        str | None,
        typer.Option(
            "--indication",
            "-i",
            help="Only positions on this indication (and those beneath it).",
            show_default=False,
        ),
    ] = None,
    body: Annotated[
        str | None,
        typer.Option(
            "--body",
            help="Only positions of bodies whose name contains this (e.g. ACR, FDA).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Every guideline, regulatory and source position: who, which document, the body's own
    words, and a common category (1 recommended ... 6 not approved) to compare them by.

    Example: ivig guidelines --indication ra
    """
    from ivig_evidence import overview, overview_views, queries, render

    fmt = chosen_format(fmt)
    conn = connect(ctx, db)
    scope = None
    if indication is not None:
        scope = queries.indication_scope(conn, queries.resolve_indication(conn, indication).slug)
    positions = overview.list_guidelines(conn, scope, body)
    if fmt is Format.JSON:
        render.emit_json([p.to_json() for p in positions])
        return
    render.emit_tables(
        fmt,
        [
            overview_views.guidelines_table(
                positions,
                "Positions on IVIG (category: "
                + ", ".join(f"{i}. {c}" for i, c in enumerate(vocab.POSITION_CATEGORIES, 1))
                + ")",
            )
        ],
    )


@app.command()
def evidence(
    ctx: typer.Context,
    indication: Annotated[
        str,
        typer.Option("--indication", "-i", help="Indication slug or alias.", show_default=False),
    ],
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """The evidence profile of one indication: studies by design, strongest first, with
    their level of evidence (Oxford CEBM 2011), positions, doses, disagreements, and a
    bottom line quoted from the sources.

    Example: ivig evidence --indication ra
    """
    from ivig_evidence import overview, overview_views, queries, render
    from ivig_evidence.cli.common import disclaim

    fmt = chosen_format(fmt)
    conn = connect(ctx, db)
    profile = overview.evidence_profile(conn, queries.resolve_indication(conn, indication))
    if fmt is Format.JSON:
        render.emit_json([profile.to_json()])
        return
    tables = overview_views.evidence_tables(profile)
    render.emit_tables(fmt, tables if fmt is not Format.CSV else tables[:1])
    disclaim(fmt)


@app.command(name="map")
def evidence_map(
    ctx: typer.Context,
    svg: Annotated[
        Path | None,
        typer.Option(
            "--svg",
            help="Also write the rendered map as an SVG image to this file.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """An evidence map: indications down, designs across; each cell the studies (and
    patients) with the prevailing direction, so gaps show at a glance.

    Example: ivig map --svg evidence-map.svg
    """
    from ivig_evidence import overview, overview_views, render

    fmt = chosen_format(fmt)
    designs, rows = overview.evidence_map(connect(ctx, db))
    if svg is not None:
        render.write_svg(overview_views.map_table(designs, rows), svg)
    if fmt is Format.JSON:
        render.emit_json(
            [
                {
                    "indication": row.indication,
                    "cells": {
                        d: {
                            "studies": c.studies,
                            "patients": c.patients,
                            "prevailing_direction": c.prevailing,
                        }
                        for d, c in row.cells.items()
                    },
                }
                for row in rows
            ]
        )
        return
    if fmt is Format.CSV:
        render.emit_tables(fmt, [overview_views.map_csv_table(designs, rows)])
        return
    render.emit_tables(fmt, [overview_views.map_table(designs, rows)])


@app.command()
def conflicts(
    ctx: typer.Context,
    status: Annotated[
        list[str] | None, typer.Option(help="contradicted and/or unconfirmed (default: both).")
    ] = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Every statement the primary record contradicts or does not confirm, the source's
    words beside what the record says.

    Example: ivig conflicts --status contradicted
    """
    from ivig_evidence import overview, overview_views, render

    fmt = chosen_format(fmt)
    statuses = choices("status", status, vocab.Status) or ("contradicted", "unconfirmed")
    if "confirmed" in statuses:
        from ivig_evidence.errors import UsageError

        raise UsageError("conflicts lists contradicted and unconfirmed statements only")
    found = overview.list_conflicts(connect(ctx, db), statuses)
    if fmt is Format.JSON:
        render.emit_json([c.to_json() for c in found])
        return
    if not found and fmt is not Format.CSV:
        render.message("no conflicts")
        return
    render.emit_tables(fmt, [overview_views.conflicts_table(found)])
