"""One output layer: table | csv | json | markdown, data to stdout.

JSON is always an array (``[]`` when empty). CSV goes through the csv module.
A Rich table is drawn only when stdout is a terminal; in a pipe the table
format is plain aligned text, complete and never cut to the terminal width.
Rich is imported only when a terminal table is actually drawn.
"""

from __future__ import annotations

import csv
import itertools
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

UNKNOWN = "unknown"


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Link:
    """Text that points somewhere: a hyperlink on terminals that support it."""

    text: str
    url: str


Cell = str | int | float | bool | Link | None

# Sentinels around matched words (search snippets); each format shows them its way.
MARK_START, MARK_END = "\x02", "\x03"

# The data release a machine-readable output is stamped with (--with-release).
_release_stamp: tuple[str, str] | None = None


def stamp_release(version: str, released_on: str) -> None:
    global _release_stamp
    _release_stamp = (version, released_on)


def clear_release() -> None:
    global _release_stamp
    _release_stamp = None


def _release_line() -> str | None:
    if _release_stamp is None:
        return None
    return f"ivig-evidence data release {_release_stamp[0]} ({_release_stamp[1]})"


def _release_object() -> dict[str, str] | None:
    if _release_stamp is None:
        return None
    return {"version": _release_stamp[0], "released_on": _release_stamp[1]}


@dataclass
class Table:
    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]] = field(default_factory=list)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def display(value: Cell, marks: tuple[str, str] = ("«", "»")) -> str:
    """How a cell reads to a person: NULL is 'unknown', never an empty gap."""
    if value is None:
        return UNKNOWN
    if isinstance(value, Link):
        return value.text
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = " ".join(str(value).split())
    return text.replace(MARK_START, marks[0]).replace(MARK_END, marks[1])


def message(text: str) -> None:
    """A message for the person, not data: to stderr."""
    print(text, file=sys.stderr)


def emit_json(items: Any, out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    release = _release_object()
    if release is not None:
        items = {"data_release": release, "items": items}
    json.dump(items, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def emit_csv(table: Table, out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    release = _release_line()
    if release is not None:
        stream.write(f"# {release}\n")
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(
            ["" if v is None else display(v) if isinstance(v, Link | str) else v for v in row]
        )


def _markdown_cell(value: Cell) -> str:
    if isinstance(value, Link):
        text = value.text.replace("|", "\\|")
        return f"[{text}]({value.url})"
    return display(value, ("**", "**")).replace("|", "\\|")


def emit_markdown(tables: Sequence[Table], out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    release = _release_line()
    if release is not None:
        stream.write(f"_{release}_\n\n")
    for index, table in enumerate(tables):
        if index:
            stream.write("\n")
        stream.write(f"### {table.title}\n\n")
        stream.write("| " + " | ".join(table.columns) + " |\n")
        stream.write("|" + "|".join(" --- " for _ in table.columns) + "|\n")
        for row in table.rows:
            stream.write("| " + " | ".join(_markdown_cell(v) for v in row) + " |\n")


def emit_plain(tables: Sequence[Table], out: TextIO | None = None) -> None:
    """Aligned text for pipes: one line per row, every character kept."""
    stream = out or sys.stdout
    for index, table in enumerate(tables):
        if index:
            stream.write("\n")
        if len(tables) > 1:
            stream.write(f"{table.title}\n")
        cells = [[display(v) for v in row] for row in table.rows]
        widths = [len(c) for c in table.columns]
        for row in cells:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
        lines = [list(table.columns), ["-" * w for w in widths], *cells]
        for line in lines:
            stream.write("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
            stream.write("\n")


def _rich_table(table: Table) -> Any:
    from rich.table import Table as RichTable

    rich_table = RichTable(title=table.title, show_lines=True, title_justify="left")
    for column in table.columns:
        rich_table.add_column(column, overflow="fold")
    for row in table.rows:
        rich_table.add_row(*(_rich_cell(v) for v in row))
    return rich_table


def emit_rich(tables: Sequence[Table]) -> None:
    from rich.console import Console

    console = Console()
    for table in tables:
        console.print(_rich_table(table))


def _rich_cell(value: Cell) -> str:
    from rich.markup import escape

    if isinstance(value, Link):
        return f"[link={value.url}]{escape(value.text)}[/link]"
    text = escape(display(value, (MARK_START, MARK_END)))
    text = text.replace(MARK_START, "[bold reverse]").replace(MARK_END, "[/bold reverse]")
    return f"[dim]{text}[/dim]" if value is None else text


def emit_tables(fmt: Format, tables: Sequence[Table]) -> None:
    """Render tabular output; for JSON the caller passes its own objects to emit_json."""
    if fmt is Format.CSV:
        emit_csv(tables[0])
    elif fmt is Format.MARKDOWN:
        emit_markdown(tables)
    elif stdout_is_terminal():
        emit_rich(tables)
    else:
        emit_plain(tables)


def _json_value(value: object) -> object:
    return value.hex() if isinstance(value, bytes | bytearray | memoryview) else value


def emit_json_rows(columns: Sequence[str], rows: Any, out: TextIO | None = None) -> None:
    """Stream rows as a JSON array of objects, one row at a time."""
    stream = out or sys.stdout
    release = _release_object()
    if release is not None:
        stream.write('{"data_release": ' + json.dumps(release) + ', "items": ')
    stream.write("[")
    first = True
    for row in rows:
        item = {c: _json_value(v) for c, v in zip(columns, row, strict=True)}
        stream.write("\n  " if first else ",\n  ")
        stream.write(json.dumps(item, ensure_ascii=False, default=str))
        first = False
    stream.write("\n]" if not first else "]")
    stream.write("}\n" if release is not None else "\n")


def write_svg(table: Table, path: Path) -> None:
    """The table as Rich draws it, saved as an SVG image."""
    import io

    from rich.console import Console

    console = Console(record=True, width=160, file=io.StringIO(), color_system="truecolor")
    console.print(_rich_table(table))
    try:
        path.write_text(console.export_svg(title=table.title[:80]), encoding="utf-8")
    except OSError as exc:
        from ivig_evidence.errors import IvigError

        raise IvigError(f"cannot write {path}: {exc.strerror or exc}") from exc
    message(f"wrote {path}")


# ------------------------------------------------------------------ streaming output

PLAIN_WIDTH_SAMPLE = 200


def emit_json_iter(items: Iterable[Any], out: TextIO | None = None) -> None:
    """A JSON array written item by item: the same text json.dump(indent=2) gives."""
    stream = out or sys.stdout
    release = _release_object()
    if release is not None:
        stream.write('{"data_release": ' + json.dumps(release, ensure_ascii=False) + ', "items": ')
    first = True
    for item in items:
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        stream.write(("[\n  " if first else ",\n  ") + text)
        first = False
    stream.write("[]" if first else "\n]")
    stream.write("}\n" if release is not None else "\n")


def emit_rows(
    fmt: Format,
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    out: TextIO | None = None,
) -> int:
    """One table, its rows streamed where the format allows; returns how many were written."""
    stream = out or sys.stdout
    count = 0
    if fmt is Format.CSV:
        release = _release_line()
        if release is not None:
            stream.write(f"# {release}\n")
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                ["" if v is None else display(v) if isinstance(v, Link | str) else v for v in row]
            )
            count += 1
        return count
    if fmt is Format.MARKDOWN:
        iterator = iter(rows)
        first = next(iterator, None)
        if first is None:
            return 0
        release = _release_line()
        if release is not None:
            stream.write(f"_{release}_\n\n")
        stream.write(f"### {title}\n\n| " + " | ".join(columns) + " |\n")
        stream.write("|" + "|".join(" --- " for _ in columns) + "|\n")
        for row in itertools.chain((first,), iterator):
            stream.write("| " + " | ".join(_markdown_cell(v) for v in row) + " |\n")
            count += 1
        return count
    if stdout_is_terminal():
        materialised = list(rows)  # bounded by the caller's limit
        if materialised:
            emit_rich([Table(title, columns, materialised)])
        return len(materialised)
    # Plain text in a pipe: widths from the first rows, then stream; a longer cell
    # later widens its own line, it is never cut.
    iterator = iter(rows)
    head = [
        [display(v) for v in row]
        for _, row in zip(range(PLAIN_WIDTH_SAMPLE), iterator, strict=False)
    ]
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
