"""Colour that means something, and lines printed as they are: status words coloured
(contradicted and implausible red, ambiguous and unconfirmed yellow, confirmed
green), Rich's console made for a stream, no trailing spaces, links kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, TextIO, cast

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


def print_wrapped(stream: TextIO, text: str, style: str | None = None) -> None:
    """A paragraph (the disclaimer, a note) wrapped at words to the terminal's width."""
    print_lines(console(stream), styled(text, style))
