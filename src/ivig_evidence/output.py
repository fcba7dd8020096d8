"""One output layer: an ``Output`` (format, stream, release stamp) and one writer per format.

Data goes to the output's stream (stdout), messages for the person to stderr.
JSON is always an array (``[]`` when empty), streamed item by item; with a
release stamp it is ``{"data_release": ..., "items": [...]}``. CSV goes through
the csv module. A Rich table is drawn only when the stream is a terminal; in a
pipe the table format is plain aligned text, complete and never cut to the
terminal width. Rich is imported only when a terminal table is actually drawn.
"""

from __future__ import annotations

import csv
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, NamedTuple, TextIO

from ivig_evidence.cells import (
    MARK_END,
    MARK_START,
    UNKNOWN,
    Cell,
    Link,
    Table,
    column_names,
    display,
)

__all__ = [
    "MARK_END",
    "MARK_START",
    "UNKNOWN",
    "Cell",
    "Format",
    "Link",
    "Output",
    "ReleaseStamp",
    "Table",
    "View",
    "column_names",
    "display",
    "message",
]


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


class ReleaseStamp(NamedTuple):
    """The data release machine-readable output is stamped with (--with-release)."""

    version: str
    released_on: str

    @property
    def line(self) -> str:
        return f"ivig-evidence data release {self.version} ({self.released_on})"

    def to_json(self) -> dict[str, str]:
        return {"version": self.version, "released_on": self.released_on}


def message(text: str) -> None:
    """A message for the person, not data: to stderr, wrapped at words on a terminal."""
    if sys.stderr.isatty():
        from ivig_evidence.terminal import print_wrapped

        print_wrapped(sys.stderr, text)
        return
    print(text, file=sys.stderr)


def _json_default(value: object) -> object:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)


# ------------------------------------------------------------------ one writer per format


def write_json(stream: TextIO, items: Iterable[Any], release: ReleaseStamp | None) -> int:
    """A JSON array written item by item: the same text json.dump(indent=2) gives."""
    if release is not None:
        stream.write('{"data_release": ' + json.dumps(release.to_json()) + ', "items": ')
    count = 0
    for item in items:
        text = json.dumps(item, indent=2, ensure_ascii=False, default=_json_default)
        stream.write(("[\n  " if not count else ",\n  ") + text.replace("\n", "\n  "))
        count += 1
    stream.write("[]" if not count else "\n]")
    stream.write("}\n" if release is not None else "\n")
    return count


def _csv_value(value: Cell) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as `ivig export` writes them, and JSON
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()  # as JSON writes a BLOB
    if isinstance(value, Link):
        return display(value)
    if isinstance(value, str):
        # The value as stored: a newline inside it is kept (the csv module quotes it).
        return value.replace(MARK_START, "«").replace(MARK_END, "»")
    return value


def write_csv(
    stream: TextIO,
    columns: Sequence[Any],
    rows: Iterable[Sequence[Cell]],
    *,
    line_end: str = "\n",
) -> int:
    writer = csv.writer(stream, lineterminator=line_end)
    writer.writerow(column_names(columns))
    count = 0
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
        count += 1
    return count


def _markdown_cell(value: Cell) -> str:
    if isinstance(value, Link):
        text = value.text.replace("|", "\\|")
        return f"[{text}]({value.url})"
    return display(value, ("**", "**")).replace("|", "\\|")


def write_markdown(
    stream: TextIO, title: str, columns: Sequence[Any], rows: Iterable[Sequence[Cell]]
) -> int:
    stream.write(f"### {title}\n\n| " + " | ".join(column_names(columns)) + " |\n")
    stream.write("|" + "|".join(" --- " for _ in columns) + "|\n")
    count = 0
    for row in rows:
        stream.write("| " + " | ".join(_markdown_cell(v) for v in row) + " |\n")
        count += 1
    return count


PLAIN_WIDTH_SAMPLE = 200


def write_plain(
    stream: TextIO,
    columns: Sequence[Any],
    rows: Iterable[Sequence[Cell]],
    sample: int = PLAIN_WIDTH_SAMPLE,
) -> int:
    """Aligned text for pipes, every character kept: widths from the first ``sample``
    rows, then streamed; a longer cell later widens its own line, it is never cut."""
    columns = column_names(columns)
    iterator = iter(rows)
    head = [[display(v) for v in row] for _, row in zip(range(sample), iterator, strict=False)]
    if not head:
        return 0
    widths = [len(c) for c in columns]
    for row in head:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def write(line: Sequence[str]) -> None:
        stream.write("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        stream.write("\n")

    write(list(columns))
    write(["-" * w for w in widths])
    for row in head:
        write(row)
    count = len(head)
    for raw in iterator:
        write([display(v) for v in raw])
        count += 1
    return count


def rich_table(table: Table) -> Any:
    from rich.table import Table as RichTable

    drawn = RichTable(title=table.title, show_lines=True, title_justify="left")
    for column in table.names:
        drawn.add_column(column, overflow="fold")
    for row in table.rows:
        drawn.add_row(*(_rich_cell(v) for v in row))
    return drawn


def _rich_cell(value: Cell) -> str:
    from rich.markup import escape

    if isinstance(value, Link):
        return f"[link={value.url}]{escape(value.text)}[/link]"
    text = escape(display(value, (MARK_START, MARK_END)))
    text = text.replace(MARK_START, "[bold reverse]").replace(MARK_END, "[/bold reverse]")
    return f"[dim]{text}[/dim]" if value is None else text


# ------------------------------------------------------------------ a view


@dataclass(frozen=True)
class View:
    """What a command shows, computed once as data; ``Output.write`` renders it in the
    format asked, so no command writes its own format branches (as Datasette's
    renderers turn one view into JSON, CSV or a page).

    ``items``: the JSON array's items, written as they come.
    ``sections``: the view as named tables, in order. CSV holds one: ``--section NAME``,
    else the first, with a line on stderr naming the others. Markdown and tables write
    every section, or ``tables`` where the view draws differently from its CSV (a flat
    CSV drawn as small tables, say).
    ``notes``: what is not there, said on stderr beside tables and markdown.
    ``empty``: said on stderr instead of tables and markdown that would have no row (JSON
    says it with ``[]``, CSV with the header alone).
    ``said``: a line on stderr after the view, in every format but JSON (which carries
    it). A view with no sections writes no data, only its lines.
    ``streamed``: one table written row by row as its rows come (a long listing): column
    widths from its first rows, and nothing at all where it has none.
    ``after``: called after tables and markdown that showed rows: what a limit held
    back is said there (in JSON and CSV no limit applies unless asked for)."""

    items: Iterable[Any]
    sections: Mapping[str, Table]
    tables: Sequence[Table] | None = None
    notes: Sequence[str] = ()
    empty: str | Callable[[], str] | None = None
    streamed: bool = False
    said: str | None = None
    after: Callable[[], None] | None = None

    def say_empty(self) -> None:
        if self.empty is not None:
            message(self.empty if isinstance(self.empty, str) else self.empty())


# Sections renamed so that one concept has one name: the old name still writes it.
RENAMED_SECTIONS = {"regimens": "doses"}  # the recorded regimens: "doses", as in JSON


# ------------------------------------------------------------------ the output object


class Output:
    """Where a command's data goes, in which format, stamped with which release."""

    def __init__(
        self,
        fmt: Format | None = None,
        *,
        stream: TextIO | None = None,
        release: ReleaseStamp | None = None,
        wide: bool = False,
        excel: bool = False,
    ) -> None:
        if excel and fmt is not Format.CSV:
            from ivig_evidence.errors import UsageError

            raise UsageError("--excel shapes CSV for Excel: add --format csv.")
        self.format = fmt or Format.TABLE
        self.stream = stream if stream is not None else sys.stdout
        self.release = release
        self.wide = wide  # every column, uncut, on a terminal
        # CSV as Excel on Windows reads it: a byte-order mark first, CRLF line ends.
        self.excel = excel
        self._stamped = False
        self._marked = False

    @property
    def is_terminal(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    @property
    def screenful(self) -> bool:
        """Whether a listing shows a screenful by default (tables do; CSV, JSON and
        markdown hold every row unless --limit says otherwise)."""
        return self.format is Format.TABLE

    @property
    def draws_tables(self) -> bool:
        """Whether table output is drawn for a person (a terminal), not written for a pipe."""
        return self.format is Format.TABLE and self.is_terminal

    def _stamp_text(self) -> None:
        """CSV and markdown carry the release as a first line, once."""
        if self.format is Format.CSV and self.excel and not self._marked:
            self._marked = True
            self.stream.write("\ufeff")
        if self.release is None or self._stamped:
            return
        self._stamped = True
        if self.format is Format.CSV:
            self.stream.write(f"# {self.release.line}" + ("\r\n" if self.excel else "\n"))
        elif self.format is Format.MARKDOWN:
            self.stream.write(f"_{self.release.line}_\n\n")

    def write(self, view: View, section: str | None = None) -> int:
        """The view in this output's format (``section``: the one section to write, in
        any format but JSON). Returns how many JSON items or rows it wrote: rows are
        counted as they stream, and in tables whose rows are a list."""
        if self.format is Format.JSON:
            return self.json(view.items)
        shown = self._write_data(view, section) if view.sections else 0
        if view.said is not None:
            message(view.said)
        return shown

    def _write_data(self, view: View, section: str | None) -> int:
        if self.format is Format.CSV or section is not None:
            return self.section(view.sections, section)
        for note in view.notes:
            message(note)
        tables = list(view.sections.values()) if view.tables is None else list(view.tables)
        if view.streamed:
            (table,) = tables
            shown = self.table(table.title, table.columns, table.rows)
        else:
            if view.empty is not None:
                tables = [replace(t, rows=list(t.rows)) for t in tables]
            shown = sum(len(t.rows) for t in tables if isinstance(t.rows, Sized))
            if view.empty is None or shown:
                self.tables(tables)
        if view.empty is not None and not shown:
            view.say_empty()
        elif view.after is not None:
            view.after()
        return shown

    def section(self, sections: Mapping[str, Table], section: str | None) -> int:
        """CSV holds one table: the chosen section (the first by default), with a line on
        stderr naming the others, so no section is ever dropped without a word. In other
        formats a section asked for is written alone."""
        from ivig_evidence.errors import UsageError

        if section is not None and section not in sections:
            renamed = RENAMED_SECTIONS.get(section)
            if renamed is None or renamed not in sections:
                raise UsageError(
                    f"unknown section '{section}'; this output has: {', '.join(sections)}"
                )
            section = renamed
        name = section or next(iter(sections))
        chosen = sections[name]
        if self.format is not Format.CSV:
            self.tables([chosen])
            return 0
        shown = self.table(chosen.title, chosen.columns, chosen.rows)
        others = [s for s in sections if s != name]
        if others and section is None:
            message(f"wrote the {name} section; the others: {', '.join(others)} (--section NAME)")
        return shown

    def json(self, items: Iterable[Any]) -> int:
        """Items as one JSON array (whatever the format asked: the caller decides)."""
        return write_json(self.stream, items, self.release)

    def table(self, title: str, columns: Sequence[Any], rows: Iterable[Sequence[Cell]]) -> int:
        """One table, streamed where the format allows; returns how many rows were written."""
        if self.format is Format.CSV:
            self._stamp_text()
            return write_csv(self.stream, columns, rows, line_end="\r\n" if self.excel else "\n")
        if self.format is Format.MARKDOWN:
            iterator = iter(rows)
            first = next(iterator, None)
            if first is None:
                return 0
            self._stamp_text()
            return write_markdown(self.stream, title, columns, itertools.chain((first,), iterator))
        if self.is_terminal:
            from ivig_evidence.terminal import write_table

            iterator = iter(rows)
            first = next(iterator, None)
            if first is None:
                return 0
            rows_again = itertools.chain((first,), iterator)
            return write_table(self.stream, Table(title, columns, rows_again), wide=self.wide)
        return write_plain(self.stream, columns, rows)

    def tables(self, tables: Sequence[Table]) -> None:
        """Several tables: CSV holds the first only (one table per file)."""
        if not tables:
            return
        if self.format is Format.CSV:
            self.table(tables[0].title, tables[0].columns, tables[0].rows)
            return
        if self.format is Format.MARKDOWN:
            self._stamp_text()
            for index, table in enumerate(tables):
                if index:
                    self.stream.write("\n")
                write_markdown(self.stream, table.title, table.columns, table.rows)
            return
        if self.is_terminal:
            self._draw_tables(tables)
        else:
            self._write_plain_tables(tables)

    def _draw_tables(self, tables: Sequence[Table]) -> None:
        """On a terminal: each table fitted to the width, then what was left out."""
        from ivig_evidence.terminal import print_hidden, print_wrapped, write_table

        hidden: list[str] = []
        for index, table in enumerate(tables):
            if index:
                self.stream.write("\n")
            write_table(self.stream, table, wide=self.wide, hidden=hidden)
            if table.footer:
                print_wrapped(self.stream, table.footer)
        if hidden:
            print_hidden(self.stream, hidden)

    def _write_plain_tables(self, tables: Sequence[Table]) -> None:
        """In a pipe: aligned text, every character kept, each table under its title."""
        for index, table in enumerate(tables):
            if index:
                self.stream.write("\n")
            if len(tables) > 1:
                self.stream.write(f"{table.title}\n")
            rows = list(table.rows)
            if rows:
                write_plain(self.stream, table.columns, rows, sample=len(rows))
            else:  # a section with nothing in it says so: never a header alone
                self.stream.write("none recorded\n")
            if table.footer:
                self.stream.write(table.footer.rstrip("\n") + "\n")

    def text(self, text: str, *, spaces_break: bool = False) -> None:
        """Data that is already text in its own format (BibTeX, RIS): as it is in a pipe or
        a file. On a terminal, without trailing spaces (RIS's "ER  - "), as every line a
        person reads there, which reference managers read as well; and where the format
        reads a line break between words as a space (``spaces_break``: BibTeX), a line
        longer than the terminal is broken at spaces and continued indented, so it is
        the same data; a word longer than a line (a URL) is never broken."""
        if spaces_break and self.is_terminal:
            import shutil
            import textwrap

            width = shutil.get_terminal_size().columns
            lines = []
            for line in text.split("\n"):
                indent = line[: len(line) - len(line.lstrip())]
                wrapped = textwrap.wrap(
                    line,
                    width,
                    subsequent_indent=indent + "  ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )
                lines.extend(wrapped or [line])
            text = "\n".join(lines)
        if self.is_terminal:
            from ivig_evidence.terminal import without_trailing_spaces

            text = without_trailing_spaces(text)
        self.stream.write(text)
