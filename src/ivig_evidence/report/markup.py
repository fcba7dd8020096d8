"""The dossier's HTML pieces: the stylesheet, tables whose cells say what they hold
(report.css decides from that how each may wrap), prose, links and status words.
The review page (review/page.py) is built from the same pieces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Literal

from ivig_evidence import vocab

# How a cell may wrap (report.css): a number, an id and a vocabulary word never; prose
# at spaces.
CellKind = Literal["num", "id", "key", "prose"]

OUTCOME_WORDS = {
    vocab.Direction.BENEFIT: "benefit",
    vocab.Direction.NO_BENEFIT: "no benefit",
    vocab.Direction.MIXED: "mixed",
    vocab.Direction.NOT_APPLICABLE: "n/a",
}


@cache
def style() -> str:
    """The dossier's stylesheet, read once from report.css beside this module."""
    from importlib.resources import files

    return files("ivig_evidence").joinpath("report.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Col:
    header: str
    kind: CellKind = "prose"
    # A share of the table for a prose column whose longest line would take more than
    # its due (a <col> width); None leaves it to the browser.
    width: str | None = None


def cell_class(kind: CellKind) -> str:
    return "" if kind == "prose" else f' class="{kind}"'


def cell_html(value: object) -> str:
    return "unknown" if value is None or value == "" else escape(str(value))


def table_html(
    caption: str,
    cols: Sequence[Col],
    rows: Iterable[Sequence[str]],
    *,
    note: str = "",
) -> str:
    """A table whose cells are already HTML; each column's kind sets how it wraps."""
    body = "".join(row_html(cols, row) for row in rows)
    return frame_html(caption, cols, f"<tbody>{body}</tbody>", note=note)


def frame_html(caption: str, cols: Sequence[Col], bodies: str, *, note: str = "") -> str:
    """The table around ``bodies``; ``note`` (HTML) follows the caption in small type.
    A table with no row is a sentence saying so (a condition with nothing recorded yet
    would otherwise print headers over nothing)."""
    if "<tr" not in bodies:
        return f'<p class="empty"><strong>{escape(caption)}</strong>: none recorded yet.</p>'
    head = "".join(f'<th scope="col"{cell_class(c.kind)}>{escape(c.header)}</th>' for c in cols)
    widths = (
        "<colgroup>"
        + "".join(f'<col style="width: {c.width}">' if c.width else "<col>" for c in cols)
        + "</colgroup>"
        if any(c.width for c in cols)
        else ""
    )
    # The box scrolls, never the page, should a window be too narrow for the table.
    return (
        f'<div class="scroll"><table><caption>{escape(caption)}'
        + (f' <span class="meta">{note}</span>' if note else "")
        + "</caption>"
        + f"{widths}<thead><tr>{head}</tr></thead>{bodies}</table></div>"
    )


def row_html(cols: Sequence[Col], row: Sequence[str], anchor: str | None = None) -> str:
    ident = f' id="{escape(anchor, quote=True)}"' if anchor else ""
    cells = "".join(f"<td{cell_class(c.kind)}>{v}</td>" for c, v in zip(cols, row, strict=True))
    return f"<tr{ident}>{cells}</tr>"


def status_html(status: str) -> str:
    """Colour and the word: never colour alone."""
    return f'<span class="status {escape(status)}">{escape(status)}</span>'


def outcome_html(direction: str) -> str:
    word = OUTCOME_WORDS[vocab.Direction(direction)]
    meaning = vocab.DIRECTION_MEANINGS[vocab.Direction(direction)]
    return f'<span class="{escape(direction)}" title="{escape(meaning)}">{escape(word)}</span>'


def id_html(value: str) -> str:
    return f'<span class="id">{escape(value)}</span>'


def about_html(about: str) -> str:
    """What a disagreement is about ('study silverman-1994', 'positions on ra'): the
    words, then the record's id, which never wraps."""
    words, _, ident = about.rpartition(" ")
    return f"{escape(words)} {id_html(ident)}" if words else id_html(ident)


def link_html(url: str, text: str) -> str:
    return f'<a href="{escape(url, quote=True)}">{escape(text)}</a>'


def prose_html(text: str | None) -> str:
    """Prose that may hold an address: an address may break after a slash (with a
    <wbr>), never inside a word, so one long link cannot widen its column."""
    if text is None or text == "":
        return "unknown"
    out = []
    for token in re.split(r"(\s+)", text):
        if token.startswith(("http://", "https://")):
            out.append("/<wbr>".join(escape(part) for part in token.split("/")))
        else:
            out.append(escape(token))
    return "".join(out)


def css_string(text: str) -> str:
    """A CSS string literal: for the running header printed on every page."""
    return (
        '"'
        + "".join(ch if ch.isalnum() or ch in " .,:;()'-/" else f"\\{ord(ch):x} " for ch in text)
        + '"'
    )
