"""Widths: prose wrapped or cut at words, and each column's width fitted to the
terminal from its content's natural and least widths.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ivig_evidence.terminal.columns import ELLIPSIS, GAP, PROSE, WRAP_LEAST, Column, Kind

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
