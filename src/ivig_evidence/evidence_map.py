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

DIRECTION_MARK = {"benefit": "+", "no_benefit": "-", "mixed": "+/-", "not_applicable": "n/a"}


@dataclass(frozen=True)
class MapCell:
    studies: int
    patients: int
    prevailing: str | None

    @property
    def text(self) -> str:
        if not self.studies:
            return ""
        mark = DIRECTION_MARK.get(self.prevailing or "", "?")
        patients = f", n={self.patients}" if self.patients else ""
        return f"{self.studies}{patients} {mark}"


@dataclass(frozen=True)
class MapRow:
    indication: str
    cells: dict[str, MapCell] = field(default_factory=dict)


def _prevailing(directions: Sequence[str]) -> str | None:
    if not directions:
        return None
    counts = Counter(directions).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return "mixed"
    return counts[0][0]


def evidence_map(conn: Reader) -> tuple[list[str], list[MapRow]]:
    """Indications down, designs across: studies linked directly to each indication."""
    rows = fetch_rows(
        conn,
        "SELECT si.indication_slug, s.design, s.n, s.direction FROM study_indications si "
        "JOIN studies s ON s.id = si.study_id ORDER BY si.indication_slug",
    )
    designs = [d.value for d in vocab.DESIGN_STRENGTH]
    slugs = [r["slug"] for r in fetch_rows(conn, "SELECT slug FROM indications ORDER BY slug")]
    grouped: dict[tuple[str, str], list[Any]] = {}
    for row in rows:
        grouped.setdefault((row["indication_slug"], row["design"]), []).append(row)
    result = []
    for slug in slugs:
        cells = {}
        for design in designs:
            members = grouped.get((slug, design), [])
            cells[design] = MapCell(
                studies=len(members),
                patients=sum(m["n"] for m in members if m["n"] is not None),
                prevailing=_prevailing([m["direction"] for m in members]),
            )
        result.append(MapRow(slug, cells))
    return designs, result


MAP_LEGEND = (
    "each cell: studies, n = patients where known, prevailing direction "
    "(+ benefit, - no benefit, +/- mixed or tied, n/a not a study of treatment effect)"
)


def map_table(designs: Sequence[str], rows: Sequence[MapRow]) -> Table:
    return Table(
        title=f"Evidence map: indications by design ({MAP_LEGEND})",
        columns=("indication", *designs),
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
                cell.patients if cell.studies else None,
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
