"""What a table holds: cells, columns and rows, and how a value reads to a person.

Shared by every writer (output) and by the terminal layout (terminal), and by
every view that builds a table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

UNKNOWN = "unknown"

# Sentinels around matched words (search snippets); each format shows them its way.
MARK_START, MARK_END = "\x02", "\x03"


@dataclass(frozen=True)
class Link:
    """Text that points somewhere: a hyperlink on terminals that support it."""

    text: str
    url: str


Cell = str | int | float | bool | Link | None


@dataclass
class Table:
    """Rows under named columns. A column is a name, or a ``terminal.Column`` saying how
    it behaves on a terminal (an id never cut, prose cut at a word, ...)."""

    title: str
    columns: Sequence[Any]
    rows: Iterable[Sequence[Cell]] = field(default_factory=list)
    footer: str | None = None  # on a terminal: what was left out and how to see it

    @property
    def names(self) -> list[str]:
        return column_names(self.columns)


def column_names(columns: Sequence[Any]) -> list[str]:
    return [str(getattr(c, "name", c)) for c in columns]


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
