"""A table's columns as a terminal lays them out: each column's kind says whether it
may be cut or wrapped (ids, numbers and vocabulary words never), its cap, and
whether it waits for room (wide-only).
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from ivig_evidence.cells import Table

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
