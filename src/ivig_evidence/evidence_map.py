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


def indications_in_map_order(conn: Reader) -> list[str]:
    """Every indication, a family at a time (in the order vocab.ConditionFamily lists
    them: RA and its relatives first), each top-level indication followed by those
    beneath it: RA's rows together, not mixed with dermatomyositis by the alphabet.
    (Every parent is an indication: the foreign key keeps the tree whole.)"""
    rows = fetch_rows(conn, "SELECT slug, parent_slug, family FROM indications ORDER BY slug")
    children: dict[str | None, list[str]] = {}
    family = {}
    for row in rows:
        children.setdefault(row["parent_slug"], []).append(row["slug"])
        family[row["slug"]] = row["family"]
    rank = {f.value: i for i, f in enumerate(vocab.ConditionFamily)}
    ordered: list[str] = []

    def visit(slug: str) -> None:
        ordered.append(slug)
        for child in children.get(slug, []):
            visit(child)

    def size(slug: str) -> int:
        return 1 + sum(size(child) for child in children.get(slug, []))

    # Within a family the largest group first (RA before JIA and AOSD; IIM before IBM
    # beside it), then by slug.
    tops = children.get(None, [])
    for top in sorted(tops, key=lambda s: (rank.get(family[s], len(rank)), -size(s), s)):
        visit(top)
    return ordered


def evidence_map(conn: Reader, *, rollup: bool = True) -> tuple[list[str], list[MapRow]]:
    """Indications down, designs across, counted in one aggregate query. With ``rollup``
    (the default) a row counts the studies of the indications beneath it too, as
    `ivig studies -i` selects them; without, only studies filed under it."""
    from ivig_evidence.counts import design_counts

    counts = design_counts(conn, rollup=rollup)
    designs = [d.value for d in vocab.DESIGN_STRENGTH]
    slugs = indications_in_map_order(conn)
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
    "rct_crossover": "RCT-x",
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
    # A row of empty cells is a condition the data has not reached yet: named, so a
    # blank row never reads as a rendering fault.
    empty = [row.indication for row in rows if not any(c.studies for c in row.cells.values())]
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
        footer=f"no studies recorded yet for: {', '.join(empty)}" if empty else None,
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


# The chart: cells shaded by how many studies they hold, the prevailing direction as a
# symbol, plain-language labels, a legend for each, and the data release in the title.
SHADES = (
    (0, "#f2f2f2", "none"),
    (1, "#c6dbef", "1"),
    (2, "#6baed6", "2"),
    (3, "#2171b5", "3-4"),
    (5, "#08306b", "5 or more"),
)
SYMBOLS = {
    "benefit": ("\u25b2", "benefit"),
    "no_benefit": ("\u25bc", "no benefit"),
    "mixed": ("\u25c6", "mixed, or as many each way"),
    "not_applicable": ("\u25cb", "not a study of treatment effect"),
}
FONT = 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"'


def _shade(studies: int) -> tuple[str, str]:
    """(fill, text colour) for a cell with this many studies."""
    fill = SHADES[0][1]
    for least, colour, _ in SHADES:
        if studies >= least:
            fill = colour
    return fill, ("#ffffff" if studies >= 3 else "#000000")


def _text_width(text: str, size: int) -> int:
    return int(len(text) * size * 0.62) + 4  # a generous average for sans-serif


def _wrap_words(text: str, width_chars: int) -> list[str]:
    from ivig_evidence.terminal import wrap

    return wrap(text, width_chars)


def map_svg(
    designs: Sequence[str],
    rows: Sequence[MapRow],
    names: dict[str, str],
    *,
    title: str,
    rollup: bool,
) -> str:
    """The evidence map as a self-contained SVG image: nothing is cut, every colour and
    symbol is explained in a legend, and the labels are words, not codes."""
    from xml.sax.saxutils import escape

    cell_w, cell_h, size = 96, 34, 13
    row_labels = [f"{names.get(r.indication, r.indication)} ({r.indication})" for r in rows]
    label_w = max(_text_width(label, size) for label in row_labels) + 16
    header_lines = [_wrap_words(vocab.DESIGN_LABELS[vocab.Design(d)], 13) for d in designs]
    header_h = 18 * max(len(lines) for lines in header_lines) + 12
    top = 70
    grid_w = label_w + cell_w * len(designs)
    width = max(grid_w + 40, 760)
    grid_top = top + header_h
    legend_top = grid_top + cell_h * len(rows) + 30
    height = legend_top + 150
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="map-title map-desc">',
        f'<title id="map-title">{escape(title)}</title>',
        '<desc id="map-desc">Indications down, study designs across; each cell gives the '
        "number of studies, the patients where known, and the prevailing direction.</desc>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for index, line in enumerate(_wrap_words(title, max(40, (width - 40) // 8))):
        out.append(
            f'<text x="20" y="{28 + index * 20}" {FONT} font-size="16" font-weight="bold">'
            f"{escape(line)}</text>"
        )
    scope = (
        "Each row includes the indications beneath it."
        if rollup
        else "Each row counts only the studies filed under it."
    )
    out.append(
        f'<text x="20" y="{top - 8}" {FONT} font-size="12" fill="#444444">{escape(scope)}</text>'
    )
    for column, lines in enumerate(header_lines):
        x = label_w + column * cell_w + cell_w / 2
        for number, line in enumerate(lines):
            out.append(
                f'<text x="{x:.0f}" y="{top + 16 + number * 18}" {FONT} font-size="12" '
                f'font-weight="bold" text-anchor="middle">{escape(line)}</text>'
            )
    for index, (row, label) in enumerate(zip(rows, row_labels, strict=True)):
        y = grid_top + index * cell_h
        out.append(
            f'<text x="{label_w - 10}" y="{y + cell_h / 2 + 5:.0f}" {FONT} font-size="{size}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        for column, design in enumerate(designs):
            cell = row.cells[design]
            x = label_w + column * cell_w
            fill, ink = _shade(cell.studies)
            out.append(
                f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" fill="{fill}" '
                'stroke="#ffffff" stroke-width="2"/>'
            )
            if cell.studies:
                symbol = SYMBOLS.get(cell.prevailing or "", ("?", "unknown"))[0]
                patients = f" n={cell.patients}" if cell.patients is not None else ""
                out.append(
                    f'<text x="{x + cell_w / 2:.0f}" y="{y + cell_h / 2 + 5:.0f}" {FONT} '
                    f'font-size="12" text-anchor="middle" fill="{ink}">'
                    f"{symbol} {cell.studies}{escape(patients)}</text>"
                )
    # Legends: the shades, then the symbols.
    out.append(
        f'<text x="20" y="{legend_top}" {FONT} font-size="12" font-weight="bold">'
        "Studies in a cell</text>"
    )
    for index, (_, colour, label) in enumerate(SHADES):
        x = 20 + index * 110
        out.append(
            f'<rect x="{x}" y="{legend_top + 10}" width="22" height="16" fill="{colour}" '
            'stroke="#999999"/>'
        )
        out.append(
            f'<text x="{x + 28}" y="{legend_top + 23}" {FONT} font-size="12">{escape(label)}</text>'
        )
    symbols_top = legend_top + 56
    out.append(
        f'<text x="20" y="{symbols_top}" {FONT} font-size="12" font-weight="bold">'
        "Prevailing direction of the results (n = patients where known)</text>"
    )
    for index, (symbol, label) in enumerate(SYMBOLS.values()):
        x = 20 + (index % 2) * 340
        y = symbols_top + 22 + (index // 2) * 22
        out.append(f'<text x="{x}" y="{y}" {FONT} font-size="13">{symbol}</text>')
        out.append(f'<text x="{x + 20}" y="{y}" {FONT} font-size="12">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def indication_names(conn: Reader) -> dict[str, str]:
    return {r["slug"]: r["name"] for r in fetch_rows(conn, "SELECT slug, name FROM indications")}


def write_svg(text: str, path: Path) -> None:
    """Write the chart; one line when the place cannot be written."""
    from ivig_evidence.files import write_text
    from ivig_evidence.output import message

    write_text(path, text)
    message(f"wrote {path}")
