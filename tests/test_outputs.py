"""Outputs are files, not devices: every command that writes where the user says
(`report --html`, `map --svg`, `db dump-seed --out`, `export --out`) writes a regular
file whole, writes into a character device or a named pipe as a stream, and refuses
a directory, a socket or anything else in one line, leaving it as it was.

The devices are real: made with mknod in the test's directory (as root; skipped
where that is not permitted), so a rename over one is seen and harms nothing."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

# (name, the command up to its file argument, what its output starts with or holds)
WRITERS = [
    ("report", ["report", "-i", "aosd", "--html"], "<!DOCTYPE html>"),
    ("map", ["map", "-f", "json", "--svg"], "<svg"),
    ("dump-seed", ["db", "dump-seed", "--out"], "INSERT INTO"),
]
WRITER_IDS = [name for name, _, _ in WRITERS]


def make_device(path: Path, minor: int) -> Path:
    """A character device node like /dev/null (1, 3) or /dev/full (1, 7) at ``path``."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        with open(path, "w"):  # a file system mounted nodev refuses to open it
            pass
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a character device here: {exc}")
    return path


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of its own for the output (the database and its side files are beside
    it), made the working directory: a socket's path is limited to about 100 bytes."""
    made = tmp_path / "out"
    made.mkdir()
    monkeypatch.chdir(made)
    return made


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def siblings(path: Path) -> list[str]:
    """What else sits in the folder: a temporary file left beside a device would show."""
    return sorted(p.name for p in path.parent.iterdir() if p != path)


@pytest.mark.parametrize(("name", "command", "content"), WRITERS, ids=WRITER_IDS)
def test_a_character_device_is_written_into_and_stays_a_device(
    ivig: Any, db_path: Path, folder: Path, name: str, command: list[str], content: str
) -> None:
    device = make_device(folder / "null", 3)
    run = ivig(*command, str(device))
    assert run.exit_code == 0, run.stderr
    after = os.stat(device, follow_symlinks=False)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == os.makedev(1, 3)
    assert siblings(device) == []


@pytest.mark.parametrize(("name", "command", "content"), WRITERS, ids=WRITER_IDS)
def test_a_device_that_fails_the_write_is_one_line(
    ivig: Any, db_path: Path, folder: Path, name: str, command: list[str], content: str
) -> None:
    full = make_device(folder / "full", 7)  # every write: no space left on device
    run = ivig(*command, str(full))
    assert run.exit_code == 1
    assert one_line(run.stderr) == f"ivig: error: cannot write {full}: no space left on device."
    assert stat.S_ISCHR(os.stat(full).st_mode) and siblings(full) == []


@pytest.mark.parametrize(("name", "command", "content"), WRITERS, ids=WRITER_IDS)
def test_a_named_pipe_gets_the_output_as_a_stream(
    ivig: Any, db_path: Path, folder: Path, name: str, command: list[str], content: str
) -> None:
    fifo = folder / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []

    def reader() -> None:
        with open(fifo, encoding="utf-8") as stream:
            received.append(stream.read())

    # A daemon: if the command never opens the pipe, the reader must not hold up pytest.
    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    run = ivig(*command, str(fifo))
    thread.join(timeout=20)
    assert run.exit_code == 0, run.stderr
    assert received and content in received[0]
    assert stat.S_ISFIFO(os.stat(fifo, follow_symlinks=False).st_mode)
    assert siblings(fifo) == []


def unix_socket(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX)
    server.bind(path.name)  # relative to the working directory: see ``folder``
    return server


@pytest.mark.parametrize("what", ["directory", "socket"])
@pytest.mark.parametrize(("name", "command", "content"), WRITERS, ids=WRITER_IDS)
def test_anything_else_is_refused_in_one_line_and_left_as_it_was(
    ivig: Any,
    db_path: Path,
    folder: Path,
    name: str,
    command: list[str],
    content: str,
    what: str,
) -> None:
    place = folder / "place"
    if what == "directory":
        place.mkdir()
        (place / "kept.txt").write_text("mine", encoding="utf-8")
    else:
        server = unix_socket(place)
    try:
        run = ivig(*command, str(place))
        assert run.exit_code == 2
        assert one_line(run.stderr) == (
            f"ivig: error: {place} is a {what}, not a file; nothing was written."
        )
        if what == "directory":
            assert [p.name for p in place.iterdir()] == ["kept.txt"]
            assert (place / "kept.txt").read_text(encoding="utf-8") == "mine"
        else:
            assert stat.S_ISSOCK(os.stat(place).st_mode)
        assert siblings(place) == []
    finally:
        if what == "socket":
            server.close()


@pytest.mark.parametrize(("name", "command", "content"), WRITERS, ids=WRITER_IDS)
def test_a_link_to_a_file_has_the_file_replaced_and_stays_a_link(
    ivig: Any, db_path: Path, folder: Path, name: str, command: list[str], content: str
) -> None:
    real = folder / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = folder / "link"
    link.symlink_to(real.name)
    run = ivig(*command, str(link))
    assert run.exit_code == 0, run.stderr
    assert link.is_symlink() and os.readlink(link) == real.name
    assert content in real.read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["link", "real.txt"]


@pytest.mark.parametrize("what", ["character device", "named pipe", "socket"])
def test_export_refuses_anything_but_a_directory(
    ivig: Any, db_path: Path, folder: Path, what: str
) -> None:
    place = folder / "place"
    server = None
    if what == "character device":
        make_device(place, 3)
    elif what == "named pipe":
        os.mkfifo(place)
    else:
        server = unix_socket(place)
    try:
        before = os.stat(place)
        run = ivig("export", "--out", str(place))
        assert run.exit_code == 2
        assert one_line(run.stderr) == (
            f"ivig: error: {place} is a {what}, not a directory; nothing was written."
        )
        after = os.stat(place)
        assert (after.st_mode, after.st_ino, after.st_rdev) == (
            before.st_mode,
            before.st_ino,
            before.st_rdev,
        )
    finally:
        if server is not None:
            server.close()
