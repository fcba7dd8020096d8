"""One table written to a terminal: as rows where its columns fit, as records where
they do not.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TextIO

from ivig_evidence.cells import Cell, Table
from ivig_evidence.terminal.columns import GAP, SAMPLE_ROWS, Kind, columns_of
from ivig_evidence.terminal.fit import fit
from ivig_evidence.terminal.records import record_columns, render_records
from ivig_evidence.terminal.rows import cell_text, render_rows
from ivig_evidence.terminal.style import console, print_hidden, print_lines

# ------------------------------------------------------------------ one table


def write_table(
    stream: TextIO,
    table: Table,
    *,
    wide: bool = False,
    width: int | None = None,
    hidden: list[str] | None = None,
) -> int:
    """One table: its title, its header, its rows (streamed after the first SAMPLE_ROWS
    are measured), or its rows as records where its columns do not fit. Columns left
    out are added to ``hidden`` when given (the caller says so once for several
    tables), else named in a line after the table."""
    from rich.text import Text

    out = console(stream, width)
    columns = columns_of(table)
    iterator = iter(table.rows)
    head = [row for _, row in zip(range(SAMPLE_ROWS), iterator, strict=False)]
    sample = [[cell_text(v) for v in row] for row in head]
    widths = fit(columns, sample, out.width, wide)
    if table.title:
        print_lines(out, Text(table.title, style="bold"))
    if not head:
        return 0  # no header over nothing: the command says what is not recorded
    if widths is None:
        if table.title and len(record_columns(columns)) > 2:
            out.print("", crop=False)  # blocks under a title: a blank line, as between them
        count = render_records(out, columns, _chain(head, iterator), out.width)
        shown = record_columns(columns)
        left_out = [c.name for i, c in enumerate(columns) if i not in shown]
    else:
        header = Text()
        for position, (column, w) in enumerate(
            (c, w) for c, w in zip(columns, widths, strict=True) if w is not None
        ):
            if position:
                header.append(" " * GAP)
            name = column.name.rjust(w) if column.kind is Kind.NUMBER else column.name.ljust(w)
            header.append(name, style="bold underline")
        header.rstrip()
        out.print(header, crop=False, soft_wrap=True)
        count = render_rows(out, columns, widths, _chain(head, iterator), wide)
        left_out = [c.name for c, w in zip(columns, widths, strict=True) if w is None]
    if hidden is not None:
        hidden.extend(name for name in left_out if name not in hidden)
    elif left_out:
        print_hidden(stream, left_out)
    return count


def _chain(head: list[Sequence[Cell]], rest: Iterator[Sequence[Cell]]) -> Iterator[Sequence[Cell]]:
    yield from head
    yield from rest
