"""The evidence map: indications down, designs across, each cell the studies, the
patients where known, and the prevailing direction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.output import Cell, Table
from ivig_evidence.store.reader import Reader, fetch_rows
from ivig_evidence.terminal import Column, Kind

DIRECTION_MARK = {"benefit": "+", "no_benefit": "-", "mixed": "+/-", "not_applicable": "n/a"}


@dataclass(frozen=True)
class MapCell:
    studies: int
    patients: int | None  # where n is known; None when no study in the cell gives it
    prevailing: str | None

    @property
    def text(self) -> str:
        if not self.studies:
            return ""
        mark = DIRECTION_MARK.get(self.prevailing or "", "?")
        patients = f", n={self.patients}" if self.patients is not None else ""
        return f"{self.studies}{patients} {mark}"


@dataclass(frozen=True)
class MapRow:
    indication: str
    cells: dict[str, MapCell] = field(default_factory=dict)


def prevailing(directions: dict[str, int]) -> str | None:
    """The direction most studies found; a tie at the top is 'mixed'."""
    if not directions:
        return None
    ranked = Counter(directions).most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return "mixed"
    return ranked[0][0]


def evidence_map(conn: Reader, *, rollup: bool = True) -> tuple[list[str], list[MapRow]]:
    """Indications down, designs across, counted in one aggregate query. With ``rollup``
    (the default) a row counts the studies of the indications beneath it too, as
    `ivig studies -i` selects them; without, only studies filed under it."""
    from ivig_evidence.indications import design_counts

    counts = design_counts(conn, rollup=rollup)
    designs = [d.value for d in vocab.DESIGN_STRENGTH]
    slugs = [r["slug"] for r in fetch_rows(conn, "SELECT slug FROM indications ORDER BY slug")]
    result = []
    for slug in slugs:
        by_design = counts.get(slug, {})
        cells = {}
        for design in designs:
            found = by_design.get(design)
            cells[design] = (
                MapCell(found.studies, found.patients, prevailing(found.directions))
                if found is not None
                else MapCell(0, None, None)
            )
        result.append(MapRow(slug, cells))
    return designs, result


MAP_LEGEND = (
    "each cell: studies, n = patients where known, prevailing direction "
    "(+ benefit, - no benefit, +/- mixed or tied, n/a not a study of treatment effect)"
)
# Short headers for a terminal; the legend and JSON use the design names.
DESIGN_HEADERS = {
    "rct": "RCT",
    "rct_withdrawal": "RCT-wd",
    "open_label": "open",
    "trial": "trial",
    "case_series": "series",
    "observational": "obs",
    "review": "review",
    "animal": "animal",
    "laboratory": "lab",
}
# Not studies of treatment in patients: shown with --wide, in a pipe and in CSV.
SECONDARY_DESIGNS = ("review", "animal", "laboratory")


def map_table(designs: Sequence[str], rows: Sequence[MapRow], *, rollup: bool = True) -> Table:
    scope = (
        "rows include the indications beneath them"
        if rollup
        else "studies filed under each row only"
    )
    return Table(
        title=f"Evidence map: indications by design ({scope}; {MAP_LEGEND})",
        columns=(
            Column("indication", Kind.ID),
            *(
                Column(DESIGN_HEADERS.get(d, d), Kind.KEY, wide_only=d in SECONDARY_DESIGNS)
                for d in designs
            ),
        ),
        rows=[[row.indication, *(row.cells[d].text for d in designs)] for row in rows],
    )


def map_csv_table(designs: Sequence[str], rows: Sequence[MapRow]) -> Table:
    columns = ["indication"]
    for design in designs:
        columns += [f"{design}_studies", f"{design}_patients", f"{design}_direction"]
    data: list[Sequence[Cell]] = []
    for row in rows:
        cells: list[Cell] = [row.indication]
        for design in designs:
            cell = row.cells[design]
            cells += [
                cell.studies,
                cell.patients,
                DIRECTION_MARK.get(cell.prevailing or "") if cell.studies else None,
            ]
        data.append(cells)
    return Table(title="evidence map", columns=columns, rows=data)


def map_json(rows: Sequence[MapRow]) -> list[dict[str, Any]]:
    return [
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


def write_svg(table: Table, path: Path) -> None:
    """The map table as Rich draws it, saved as an SVG image."""
    import io

    from rich.console import Console

    from ivig_evidence.errors import IvigError
    from ivig_evidence.output import message, rich_table

    console = Console(record=True, width=160, file=io.StringIO(), color_system="truecolor")
    console.print(rich_table(table))
    try:
        path.write_text(console.export_svg(title=table.title[:80]), encoding="utf-8")
    except OSError as exc:
        raise IvigError(f"cannot write {path}: {exc.strerror or exc}") from exc
    message(f"wrote {path}")
