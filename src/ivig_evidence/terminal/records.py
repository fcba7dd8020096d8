"""A table as records, when its columns do not fit: one block a row, its short fields
on a line or two, its prose wrapped at words under a label, nothing cut at any
width; and the field/value record of `ivig show`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from ivig_evidence.cells import MARK_END, MARK_START, Cell, Table
from ivig_evidence.terminal.columns import GAP, PROSE, SHORT, Column, Kind
from ivig_evidence.terminal.fit import wrap
from ivig_evidence.terminal.rows import cell_text, marked_text

INDENT = 2  # a record's lines after its first, and its prose, are indented this much
FIELD_GAP = " · "  # between the short fields of a record
LEAST_PROSE = 24  # prose narrower than this beside its label goes under the label instead


def record_columns(columns: Sequence[Column]) -> list[int]:
    """The columns a record shows: every column but wide-only prose."""
    return [i for i, c in enumerate(columns) if not c.wide_only or c.kind in SHORT]


def _balanced(lines: list[str]) -> list[str]:
    """Wrapped lines of a text with search marks: a match that runs over a line's end
    is closed there and opened again on the next line, so each line styles alone."""
    balanced = []
    open_mark = False
    for line in lines:
        text = (MARK_START if open_mark else "") + line
        for char in line:
            if char in (MARK_START, MARK_END):
                open_mark = char == MARK_START
        balanced.append(text + (MARK_END if open_mark else ""))
    return balanced


class _Field(NamedTuple):
    name: str | None  # None: the value stands alone
    value: str
    style: str | None

    @property
    def plain(self) -> str:
        return f"{self.name} {self.value}" if self.name else self.value

    def rendered(self) -> Any:
        from rich.text import Text

        line = Text()
        if self.name:
            line.append(self.name + " ", style="dim")
        line.append_text(marked_text(self.value, self.style))
        return line


def _field(column: Column, text: str, unknown: bool, first: bool) -> _Field:
    # The first field names the record and stands alone; an unknown value always says
    # what is unknown ("n unknown"), never a bare "unknown".
    named = unknown or (column.named and not first)
    style = "dim" if unknown else "bold" if first else None
    return _Field(column.name if named else None, text, style)


def _set_fields(fields: list[_Field], width: int, indent: int) -> list[Any]:
    """Short fields on as few lines as hold them, a field never split between lines
    unless it is longer than a line alone (then at words)."""
    from rich.text import Text

    from ivig_evidence.addresses import identifier_links

    lines: list[Any] = []
    line: Any = None
    used = 0
    for field in fields:
        margin = indent if not lines and line is None else indent + INDENT
        if line is not None and used + len(FIELD_GAP) + len(field.plain) <= width:
            line.append(FIELD_GAP, style="dim")
            line.append_text(field.rendered())
            used += len(FIELD_GAP) + len(field.plain)
            continue
        if line is not None:
            lines.append(line)
        if margin + len(field.plain) <= width:
            line = Text(" " * margin)
            line.append_text(field.rendered())
            used = margin + len(field.plain)
            continue
        pieces = _balanced(wrap(field.plain, max(1, width - margin)))
        whole = identifier_links(field.plain)
        lines.extend(
            Text(" " * margin) + marked_text(piece, field.style, links=whole)
            for piece in pieces[:-1]
        )
        line = Text(" " * margin) + marked_text(pieces[-1], field.style, links=whole)
        used = margin + len(pieces[-1])
    if line is not None:
        lines.append(line)
    return lines


def _paragraph(column: Column, text: str, unknown: bool, width: int, label: int) -> list[Any]:
    """Prose under or beside its label, wrapped at words, never cut."""
    from rich.text import Text

    from ivig_evidence.addresses import identifier_links

    style = "dim" if unknown else None
    whole = identifier_links(text)
    if not column.named:
        return [
            Text(" " * INDENT) + marked_text(piece, style, links=whole)
            for piece in _balanced(wrap(text, max(1, width - INDENT)))
        ]
    beside = width - INDENT - label - GAP
    if beside >= LEAST_PROSE:
        pieces = _balanced(wrap(text, beside))
        lines = []
        for number, piece in enumerate(pieces):
            line = Text(" " * INDENT)
            line.append((column.name if not number else "").ljust(label + GAP), style="dim")
            lines.append(line + marked_text(piece, style, links=whole))
        return lines
    under = [Text(" " * INDENT + column.name, style="dim")]
    margin = INDENT * 2
    return under + [
        Text(" " * margin) + marked_text(piece, style, links=whole)
        for piece in _balanced(wrap(text, max(1, width - margin)))
    ]


def record_lines(
    columns: Sequence[Column], shown: Sequence[int], row: Sequence[Cell], width: int
) -> list[Any]:
    """One row as a record: runs of short fields (ids, vocabulary, numbers) on lines of
    their own, each prose column a paragraph, in the columns' order. An empty value
    (a map cell with no studies) is left out; an unknown one says so."""
    label = max(
        (len(columns[i].name) for i in shown if columns[i].kind in PROSE and columns[i].named),
        default=0,
    )
    lines: list[Any] = []
    fields: list[_Field] = []
    for i in shown:
        column, text, unknown = columns[i], cell_text(row[i]), row[i] is None
        if not text and not unknown:
            continue
        if column.kind in SHORT:
            fields.append(_field(column, text, unknown, first=not lines and not fields))
            continue
        lines.extend(_set_fields(fields, width, INDENT if lines else 0))
        fields = []
        lines.extend(_paragraph(column, text, unknown, width, label))
    lines.extend(_set_fields(fields, width, INDENT if lines else 0))
    for line in lines:
        line.rstrip()
    return lines


def render_records(
    out: Any, columns: Sequence[Column], rows: Iterable[Sequence[Cell]], width: int
) -> int:
    """Each row a block of lines, blocks separated by a blank line (a field/value view,
    two columns, needs none: its indent shows where each value ends)."""
    shown = record_columns(columns)
    count = 0
    for row in rows:
        if count and len(shown) > 2:
            out.print("", crop=False)
        for line in record_lines(columns, shown, row, width):
            out.print(line, crop=False, soft_wrap=True, highlight=False)
        count += 1
    return count


# A field's name is never cut; at a width where the value would be squeezed beside
# it, each field becomes a record: its name, then its value wrapped beneath.
RECORD_COLUMNS = (Column("field", Kind.KEY), Column("value", Kind.WRAP, cap=200, named=False))


def record_table(title: str, pairs: Sequence[Sequence[Cell]]) -> Table:
    """A record as field/value lines: the value wrapped at words, never cut."""
    return Table(title=title, columns=RECORD_COLUMNS, rows=[list(p) for p in pairs])
