"""Tables laid out for a terminal: fitted to its width, one line a row, colour that means
something.

What ``gh`` and ``kubectl`` do: each column gets a width, ids and numbers are
never cut, text is truncated at a word boundary with an ellipsis, and columns
that do not fit are left out (``--wide`` shows every column, uncut). A record
view (``ivig show``) wraps its long values at word boundaries instead, so
nothing is lost there. Status words are coloured (contradicted and implausible
red, ambiguous and unconfirmed yellow, confirmed green); Rich drops the colour
when ``NO_COLOR`` is set, and a pipe never gets this layout at all.
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
    ID = "id"  # an id or slug: never cut, never wrapped
    KEY = "key"  # a short label (design, status): cut only if nothing else can give
    NUMBER = "number"  # right-aligned, never cut
    TEXT = "text"  # prose in a list: one line, cut at a word with an ellipsis
    WRAP = "wrap"  # prose in a record view: wrapped at words, never cut


class Column(NamedTuple):
    name: str
    kind: Kind = Kind.TEXT
    wide_only: bool = False  # shown with --wide, or where the terminal is wide enough
    cap: int = 60  # the widest a TEXT column grows to before --wide
    least: int | None = None  # the narrowest it may be cut to (default by kind)


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
    if column.kind in (Kind.TEXT, Kind.WRAP):
        return min(widest, max(column.cap, len(column.name)))
    return widest


def _least(column: Column, natural: int) -> int:
    if column.kind in (Kind.ID, Kind.NUMBER):
        return natural
    if column.least is not None:
        return min(natural, max(column.least, len(column.name)))
    if column.kind is Kind.KEY:
        return max(len(column.name), min(natural, 10))
    return max(len(column.name), min(natural, 14))


def fit(
    columns: Sequence[Column], sample: Sequence[Sequence[str]], width: int, wide: bool
) -> list[int | None]:
    """Each column's width, or None for a column left out to fit the terminal."""
    natural = [_natural(c, (row[i] for row in sample)) for i, c in enumerate(columns)]
    if wide:
        return [
            max(len(c.name), max((len(row[i]) for row in sample), default=0))
            for i, c in enumerate(columns)
        ]
    shown = [i for i, c in enumerate(columns) if not c.wide_only]

    def total(indexes: Sequence[int], widths: Sequence[int]) -> int:
        return sum(widths[i] for i in indexes) + GAP * (len(indexes) - 1)

    if total(range(len(columns)), natural) <= width:  # room for every column
        return list(natural)
    widths = list(natural)
    least = [_least(c, n) for c, n in zip(columns, natural, strict=True)]
    prose = (Kind.TEXT, Kind.WRAP)

    def shrink(kinds: tuple[Kind, ...], excess: int) -> bool:
        flexible = [i for i in shown if columns[i].kind in kinds and widths[i] > least[i]]
        if not flexible:
            return False
        widest = max(flexible, key=lambda i: widths[i])
        widths[widest] -= min(excess, widths[widest] - least[widest])
        return True

    # Prose gives way first (cut, then left out, last column first); short labels are
    # cut only when nothing else is left to give; ids and numbers never.
    while (excess := total(shown, widths) - width) > 0:
        if shrink(prose, excess):
            continue
        droppable = [i for i in shown if columns[i].kind in prose]
        if droppable:
            shown.remove(droppable[-1])
            continue
        if shrink((Kind.KEY,), excess):
            continue
        # Long ids: labels give way down to their header's width, then (rightmost
        # first, never a column with a set minimum) are left out and named as hidden.
        cuttable = [
            i
            for i in shown
            if columns[i].kind is Kind.KEY
            and columns[i].least is None
            and least[i] > len(columns[i].name)
        ]
        if cuttable:
            for i in cuttable:
                least[i] = len(columns[i].name)
            continue
        spare = [i for i in shown if columns[i].kind is Kind.KEY and columns[i].least is None]
        if not spare:
            break  # ids and numbers alone: the line is as long as it must be
        shown.remove(spare[-1])
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


def _render_cell(
    text: str, width: int, column: Column, unknown: bool, links: Mapping[str, str], link: str | None
) -> Any:
    from rich.text import Text

    padded = text.rjust(width) if column.kind is Kind.NUMBER else text.ljust(width)
    if MARK_START in padded:  # search matches
        result = Text()
        for index, part in enumerate(re.split(f"[{MARK_START}{MARK_END}]", padded)):
            result.append_text(
                styled(part, "bold reverse" if index % 2 else None, links=links, link=link)
            )
        return result
    return styled(padded, "dim" if unknown else None, links=links, link=link)


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


def write_table(
    stream: TextIO,
    table: Table,
    *,
    wide: bool = False,
    width: int | None = None,
    hidden: list[str] | None = None,
) -> int:
    """One table: its title, its header, its rows (streamed after the first SAMPLE_ROWS
    are measured). Columns left out to fit are added to ``hidden`` when given (the
    caller says so once for several tables), else named in a line after the table."""
    from rich.text import Text

    out = console(stream, width)
    columns = columns_of(table)
    iterator = iter(table.rows)
    head = [row for _, row in zip(range(SAMPLE_ROWS), iterator, strict=False)]
    sample = [[_cell_text(v) for v in row] for row in head]
    widths = fit(columns, sample, out.width, wide)
    if table.title:
        out.print(Text(table.title, style="bold"), crop=False, soft_wrap=False)
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


def print_hidden(stream: TextIO, names: Sequence[str]) -> None:
    from rich.text import Text

    console(stream).print(
        Text(
            f"({', '.join(names)} not shown at this width: --wide shows every column)", style="dim"
        ),
        crop=False,
    )


def _chain(head: list[Sequence[Cell]], rest: Iterator[Sequence[Cell]]) -> Iterator[Sequence[Cell]]:
    yield from head
    yield from rest


def print_wrapped(stream: TextIO, text: str, style: str | None = None) -> None:
    """A paragraph (the disclaimer, a note) wrapped at words to the terminal's width."""
    console(stream).print(styled(text, style))


RECORD_COLUMNS = (Column("field", Kind.KEY, least=18), Column("value", Kind.WRAP, cap=200))


def record_table(title: str, pairs: Sequence[Sequence[Cell]]) -> Table:
    """A record as field/value lines: the value wrapped at words, never cut."""
    return Table(title=title, columns=RECORD_COLUMNS, rows=[list(p) for p in pairs])
