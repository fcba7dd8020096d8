"""A table as rows of fitted columns, one line or a few a row, links marked."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ivig_evidence.cells import MARK_END, MARK_START, Cell, Link, display
from ivig_evidence.terminal.columns import GAP, Column, Kind
from ivig_evidence.terminal.fit import truncate, wrap
from ivig_evidence.terminal.style import styled

# ------------------------------------------------------------------ drawing


def cell_text(value: Cell) -> str:
    return display(value, (MARK_START, MARK_END))


def _cell_lines(text: str, column: Column, width: int, wide: bool) -> list[str]:
    if wide:
        return [text]
    if column.kind is Kind.WRAP:
        return wrap(text, width)
    return [truncate(text, width)]


def marked_text(
    text: str,
    style: str | None = None,
    *,
    links: Mapping[str, str] | None = None,
    link: str | None = None,
) -> Any:
    """``text`` styled, with search matches (between the marks) in reverse video; ``links``
    and ``link`` as ``styled`` takes them (a piece of a wrapped text links only the
    identifiers whole in the text it was cut from)."""
    from rich.text import Text

    if MARK_START not in text and MARK_END not in text:
        return styled(text, style, links=links, link=link)
    result = Text()
    for index, part in enumerate(re.split(f"[{MARK_START}{MARK_END}]", text)):
        result.append_text(
            styled(part, "bold reverse" if index % 2 else style, links=links, link=link)
        )
    return result


def _render_cell(
    text: str, width: int, column: Column, unknown: bool, links: Mapping[str, str], link: str | None
) -> Any:
    padded = text.rjust(width) if column.kind is Kind.NUMBER else text.ljust(width)
    return marked_text(padded, "dim" if unknown else None, links=links, link=link)


def _links_of(value: Cell, text: str) -> tuple[dict[str, str], str | None]:
    """The identifiers written in a whole cell, and the address a Link cell points to."""
    from ivig_evidence.addresses import identifier_links

    if isinstance(value, Link):
        return {}, value.url
    return (identifier_links(text) if isinstance(value, str) else {}), None


def render_rows(
    out: Any,
    columns: Sequence[Column],
    widths: Sequence[int | None],
    rows: Iterable[Sequence[Cell]],
    wide: bool,
) -> int:
    from rich.text import Text

    count = 0
    for row in rows:
        texts = [cell_text(v) for v in row]
        cells = [
            (
                _cell_lines(texts[i], columns[i], w, wide),
                w,
                columns[i],
                row[i] is None,
                _links_of(row[i], texts[i]),
            )
            for i, w in enumerate(widths)
            if w is not None
        ]
        height = max((len(lines) for lines, *_ in cells), default=1)
        for number in range(height):
            line = Text()
            for position, (lines, w, column, unknown, (links, link)) in enumerate(cells):
                if position:
                    line.append(" " * GAP)
                piece = lines[number] if number < len(lines) else ""
                line.append_text(
                    _render_cell(piece, w, column, unknown and number == 0, links, link)
                )
            line.rstrip()
            out.print(line, crop=False, soft_wrap=True, highlight=False)
        count += 1
    return count
