"""Tables laid out for a terminal: fitted to its width, colour that means something.

What ``gh`` and ``kubectl`` do for a list: each column gets a width, ids,
numbers and vocabulary words are never cut, prose longer than its column's cap
is cut at a word with an ellipsis, and a column marked wide-only appears as
soon as there is room for it (``--wide`` shows every column, uncut). When the
columns a table must show do not fit, each row becomes a record instead: one
block a row, its short fields on a line or two, its prose wrapped at words
under a label, blocks separated by a blank line, so nothing is cut at any width.
A field/value view (``ivig show``) wraps its long values at words in the table.
Status words are coloured (contradicted and implausible red, ambiguous and
unconfirmed yellow, confirmed green); Rich drops the colour when ``NO_COLOR`` is
set, and a pipe never gets this layout at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from typing import Any, NamedTuple, TextIO, cast

from ivig_evidence.cells import MARK_END, MARK_START, Cell, Link, Table, display

GAP = 2  # spaces between columns
ELLIPSIS = "…"
SAMPLE_ROWS = 100  # widths are measured on this many rows; later rows stream through them


class Kind(StrEnum):
    ID = "id"  # an id or slug: never cut, never wrapped in a table
    KEY = "key"  # a vocabulary word or short label (design, status): never cut
    NUMBER = "number"  # right-aligned, never cut
    TEXT = "text"  # prose in a list: one line in a table, cut at a word past its cap
    WRAP = "wrap"  # prose in a field/value view: wrapped at words in the table


SHORT = (Kind.ID, Kind.KEY, Kind.NUMBER)  # a record shows these on its first line(s)
PROSE = (Kind.TEXT, Kind.WRAP)  # a record shows these as wrapped paragraphs
WRAP_LEAST = 30  # a wrapped column narrower than this reads as a word list: a record instead


class Column(NamedTuple):
    name: str
    kind: Kind = Kind.TEXT
    # Shown with --wide, or as soon as the terminal has room for it beside the others;
    # a record shows a short wide-only field (it costs a few characters on a line it
    # already has) and leaves wide-only prose out.
    wide_only: bool = False
    # The widest a prose column is in a table before --wide, cut past it; None: never
    # cut, so the table is drawn only where the whole text fits, else a record is.
    cap: int | None = 60
    # The narrowest a column may be cut to in a table: only for a label that is not a
    # vocabulary word (a name, a reading) or prose that may be cut below its cap.
    least: int | None = None
    # In a record, whether the value follows its column's name ("n 31"); a value
    # whose meaning is plain without it ("rct", "1994") may say False.
    named: bool = True


def columns_of(table: Table) -> list[Column]:
    return [c if isinstance(c, Column) else Column(str(c)) for c in table.columns]


# ------------------------------------------------------------------ colour

STYLES = (
    (re.compile(r"\b(CONTRADICTED|contradicted|IMPLAUSIBLE)\b"), "bold red"),
    (re.compile(r"\b(AMBIGUOUS|ambiguous|UNCONFIRMED|unconfirmed)\b"), "yellow"),
    (re.compile(r"\b(CONFIRMED|confirmed)\b"), "green"),
    (re.compile(r"\bheadline\b"), "bold"),
    # The figure to take stands out at least as much as a warning (issue 26).
    (re.compile(r"\bHEADLINE\b"), "bold reverse"),
)


def console(stream: TextIO, width: int | None = None) -> Any:
    """A Rich console on ``stream``; with NO_COLOR set (https://no-color.org), one that
    writes no escape codes at all, so no colour, bold, underline or hyperlink."""
    import os

    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))
    return Console(
        file=cast(TextIO, Tidy(stream)),
        width=width,
        highlight=False,
        color_system=None if plain else "auto",
    )


# Spaces (and tabs) at the end of a line, before any escape codes that close it.
_TRAILING = re.compile(r"[ \t]+(?=(?:\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\a]*(?:\x1b\\|\a))*\r?\n)")


def without_trailing_spaces(text: str) -> str:
    return _TRAILING.sub("", text)


class Tidy:
    """A stream that writes no line with trailing spaces: Rich leaves the space it broke
    a paragraph at, and pads cells, at the end of a line; a reader copying the output
    (or a diff of it) should not get them. Everything else is the stream's own."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(without_trailing_spaces(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def styled(
    text: str,
    style: str | None = None,
    *,
    links: Mapping[str, str] | None = None,
    link: str | None = None,
) -> Any:
    """``text`` with its status words coloured and its DOIs and PMIDs as hyperlinks (OSC 8:
    a terminal that supports them makes them clickable, others show the text). ``links``:
    the identifiers to link, found in the whole text a line was cut from (a line holding
    half a DOI must not link to that half); by default, those written in ``text``.
    ``link``: an address the whole text points to (a ``Link`` cell)."""
    from rich.style import Style
    from rich.text import Text

    from ivig_evidence.addresses import identifier_links

    rendered = Text(text, style=style or "")
    for pattern, colour in STYLES:
        rendered.highlight_regex(pattern, colour)
    if link is not None and text.strip():
        start = len(text) - len(text.lstrip())
        rendered.stylize(Style(link=link), start, len(text.rstrip()))
    for written, address in (identifier_links(text) if links is None else links).items():
        for found in re.finditer(re.escape(written), text):
            rendered.stylize(Style(link=address), found.start(), found.end())
    return rendered


# ------------------------------------------------------------------ fitting text


# Where a word too long for its column may be broken, best first: after a slash (a
# path's or a URL's own separator, so a file name stays whole), then only inside a part
# still too long, after - _ . ? & = , ; : (as a browser breaks a URL).
_BREAK_AFTER = (re.compile(r"(?<=/)"), re.compile(r"(?<=[\-_.?&=,;:])"))


def _pieces(word: str, width: int, tier: int = 0) -> list[str]:
    """A word too long for its column, split at the best breaks that make it fit; a piece
    still too long is cut, the only place a word is ever broken."""
    pieces: list[str] = []
    for part in (p for p in _BREAK_AFTER[tier].split(word) if p):
        if pieces and len(pieces[-1]) + len(part) <= width:
            pieces[-1] += part
        elif len(part) > width and tier + 1 < len(_BREAK_AFTER):
            pieces.extend(_pieces(part, width, tier + 1))
        else:
            while len(part) > width:
                pieces.append(part[:width])
                part = part[width:]
            pieces.append(part)
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken between words."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for index, piece in enumerate(_pieces(word, width) if len(word) > width else [word]):
            joiner = "" if index else " "
            if not line:
                line = piece
            elif len(line) + len(joiner) + len(piece) <= width:
                line += joiner + piece
            else:
                lines.append(line)
                line = piece
    if line:
        lines.append(line)
    return lines or [""]


def truncate(text: str, width: int) -> str:
    """``text`` in ``width`` characters: whole if it fits, else cut after a whole word
    (or, for one long word, inside it) with an ellipsis."""
    if len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    room = text[: width - 1]
    space = room.rfind(" ")
    if space >= width // 2:
        room = room[:space]
    return room.rstrip(" ,;:-") + ELLIPSIS


# ------------------------------------------------------------------ widths


def _natural(column: Column, texts: Iterable[str]) -> int:
    longest = max((len(t) for t in texts), default=0)
    widest = max(len(column.name), longest)
    if column.kind in PROSE and column.cap is not None:
        return min(widest, max(column.cap, len(column.name)))
    return widest


def _least(column: Column, natural: int) -> int:
    """The narrowest ``column`` may be in a table: ids, numbers and vocabulary words
    whole, prose up to its cap, unless the column says it may be cut further."""
    if column.kind in (Kind.ID, Kind.NUMBER):
        return natural
    if column.least is not None:
        return min(natural, max(column.least, len(column.name)))
    if column.kind is Kind.WRAP:
        return min(natural, max(WRAP_LEAST, len(column.name)))
    return natural


def fit(
    columns: Sequence[Column], sample: Sequence[Sequence[str]], width: int, wide: bool
) -> list[int | None] | None:
    """Each column's width in a table (None for a column left out), or None when the
    columns the table must show do not fit: then its rows are drawn as records."""
    if wide:
        return [
            max(len(c.name), max((len(row[i]) for row in sample), default=0))
            for i, c in enumerate(columns)
        ]
    natural = [_natural(c, (row[i] for row in sample)) for i, c in enumerate(columns)]
    widths = [_least(c, n) for c, n in zip(columns, natural, strict=True)]
    shown = [i for i, c in enumerate(columns) if not c.wide_only]

    def total(indexes: Iterable[int]) -> int:
        chosen = list(indexes)
        return sum(widths[i] for i in chosen) + GAP * (len(chosen) - 1)

    if not shown or total(shown) > width:
        return None

    def grow() -> None:
        """Spare width to the columns that were cut, the most cut first."""
        spare = width - total(shown)
        while spare > 0:
            short = [i for i in shown if widths[i] < natural[i]]
            if not short:
                return
            widest_gap = max(short, key=lambda i: natural[i] - widths[i])
            widths[widest_gap] += 1
            spare -= 1

    grow()
    # Spare width is used: a wide-only column appears as soon as it fits beside the
    # others, in column order, not only when every column fits at its natural width.
    for index, column in enumerate(columns):
        if column.wide_only and total([*shown, index]) <= width:
            shown = sorted([*shown, index])
    grow()
    return [widths[i] if i in shown else None for i in range(len(columns))]


# ------------------------------------------------------------------ drawing


def _cell_text(value: Cell) -> str:
    return display(value, (MARK_START, MARK_END))


def _cell_lines(text: str, column: Column, width: int, wide: bool) -> list[str]:
    if wide:
        return [text]
    if column.kind is Kind.WRAP:
        return wrap(text, width)
    return [truncate(text, width)]


def _marked(
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
    return _marked(padded, "dim" if unknown else None, links=links, link=link)


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
        texts = [_cell_text(v) for v in row]
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


# ------------------------------------------------------------------ records

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
        line.append_text(_marked(self.value, self.style))
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
            Text(" " * margin) + _marked(piece, field.style, links=whole) for piece in pieces[:-1]
        )
        line = Text(" " * margin) + _marked(pieces[-1], field.style, links=whole)
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
            Text(" " * INDENT) + _marked(piece, style, links=whole)
            for piece in _balanced(wrap(text, max(1, width - INDENT)))
        ]
    beside = width - INDENT - label - GAP
    if beside >= LEAST_PROSE:
        pieces = _balanced(wrap(text, beside))
        lines = []
        for number, piece in enumerate(pieces):
            line = Text(" " * INDENT)
            line.append((column.name if not number else "").ljust(label + GAP), style="dim")
            lines.append(line + _marked(piece, style, links=whole))
        return lines
    under = [Text(" " * INDENT + column.name, style="dim")]
    margin = INDENT * 2
    return under + [
        Text(" " * margin) + _marked(piece, style, links=whole)
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
        column, text, unknown = columns[i], _cell_text(row[i]), row[i] is None
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
    sample = [[_cell_text(v) for v in row] for row in head]
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


def print_lines(out: Any, text: Any) -> None:
    """``text`` wrapped at words to the console's width, each line without the space
    Rich leaves where it broke the line."""
    for line in text.wrap(out, out.width):
        line.rstrip()
        out.print(line, crop=False, soft_wrap=True, highlight=False)


def print_hidden(stream: TextIO, names: Sequence[str]) -> None:
    from rich.text import Text

    text = f"({', '.join(names)} not shown at this width: --wide shows every column)"
    print_lines(console(stream), Text(text, style="dim"))


def _chain(head: list[Sequence[Cell]], rest: Iterator[Sequence[Cell]]) -> Iterator[Sequence[Cell]]:
    yield from head
    yield from rest


def print_wrapped(stream: TextIO, text: str, style: str | None = None) -> None:
    """A paragraph (the disclaimer, a note) wrapped at words to the terminal's width."""
    print_lines(console(stream), styled(text, style))


# A field's name is never cut; at a width where the value would be squeezed beside
# it, each field becomes a record: its name, then its value wrapped beneath.
RECORD_COLUMNS = (Column("field", Kind.KEY), Column("value", Kind.WRAP, cap=200, named=False))


def record_table(title: str, pairs: Sequence[Sequence[Cell]]) -> Table:
    """A record as field/value lines: the value wrapped at words, never cut."""
    return Table(title=title, columns=RECORD_COLUMNS, rows=[list(p) for p in pairs])
