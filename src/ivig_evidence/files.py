"""The files a command writes where the user said (``report --html``, ``map --svg``,
``db dump-seed --out``, ``export --out``): what kind of thing is at the path decides
how it is written, and nothing but a regular file is ever replaced.

- a regular file, or nothing yet: written to a temporary file beside it and renamed
  over it, so a reader sees the old file or the new one, never half of one;
- a character device or a named pipe (``/dev/null``, ``/dev/stdout``, a FIFO): written
  into as a stream, as a shell's ``>`` would; a rename would put a file where the
  device was;
- anything else (a directory, a socket, a block device): refused in one line, with
  nothing written.

A symbolic link is followed to decide: a link to a regular file has that file's
content replaced and stays a link.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from ivig_evidence.errors import IvigError, UsageError

T = TypeVar("T")

KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISREG, "regular file"),
    (stat.S_ISDIR, "directory"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISFIFO, "named pipe"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISBLK, "block device"),
)


def kind(path: Path) -> str | None:
    """What is at ``path`` (links followed): "regular file", "directory", ..., or None
    when nothing is there yet (a link to nothing included)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:  # a loop of links, a path through a file, no permission
        raise IvigError(f"cannot write {path}: {_reason(exc)}") from exc
    return next((name for test, name in KINDS if test(mode)), "special file")


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def write_file(path: Path, write: Callable[[TextIO], T], *, newline: str | None = None) -> T:
    """Call ``write`` with a text stream onto ``path`` (UTF-8) and return what it returns;
    any failure to write is one line naming the path."""
    found = kind(path)
    if found in ("character device", "named pipe"):
        try:  # opening a pipe waits for its reader, as a shell's redirection does
            with open(path, "w", encoding="utf-8", newline=newline) as stream:
                return write(stream)
        except OSError as exc:
            raise IvigError(f"cannot write {path}: {_reason(exc)}") from exc
    if found not in (None, "regular file"):
        raise UsageError(f"{path} is a {found}, not a file; nothing was written")
    # The rename goes where a link points, so a link to a file stays a link.
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline=newline) as stream:
            result = write(stream)
        partial.replace(target)  # whole or not at all
    except BaseException as exc:
        with contextlib.suppress(OSError):  # never there, or not ours to remove
            partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise IvigError(f"cannot write {path}: {_reason(exc)}") from exc
        raise
    return result


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as ``write_file`` does."""
    write_file(path, lambda stream: stream.write(text))


def require_directory(path: Path) -> None:
    """Refuse, in one line, a path for a directory that holds something else."""
    found = kind(path)
    if found not in (None, "directory"):
        raise UsageError(f"{path} is a {found}, not a directory; nothing was written")
