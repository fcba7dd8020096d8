"""Write docs/cli.md, the command-line reference, from the commands themselves.

Every command and subcommand gets a heading of its own and its ``--help`` exactly as
Typer and Click format it at 80 columns, so the reference cannot drift from the code.

    python scripts/cli_reference.py          # rewrite docs/cli.md
    python scripts/cli_reference.py --check  # exit 1 if docs/cli.md is stale
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typer.main import get_command

from ivig_evidence.cli import app
from ivig_evidence.cli.app import load_all_commands

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "cli.md"
# The help as a terminal 80 columns wide shows it, whatever this one is: Click formats
# help two columns narrower than the terminal.
WIDTH = 78

INTRO = """\
# Command-line reference

Every command's `--help`, as `ivig` prints it on a terminal 80 columns wide. This
file is written by `python scripts/cli_reference.py` from the commands themselves:
do not edit it by hand (`tests/test_docs.py` fails when it is stale). What the
commands are for and how they fit together: the [README](../README.md) and the
[manual](README.md).
"""


def root_command() -> Any:
    """The `ivig` group with every command loaded (it loads them lazily otherwise)."""
    root = get_command(app)
    for name, command in load_all_commands().items():
        root.add_command(command, name)  # type: ignore[attr-defined]
    return root


def helps(command: Any, path: str, parent: Any = None) -> Iterator[tuple[str, int, str]]:
    """(command path, depth, help text) for a command and everything beneath it."""
    ctx = command.context_class(
        command,
        info_name=path.rsplit(" ", 1)[-1],
        parent=parent,
        terminal_width=WIDTH,
        max_content_width=WIDTH + 2,
        **command.context_settings,
    )
    yield path, path.count(" "), command.get_help(ctx)
    if hasattr(command, "list_commands"):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from helps(sub, f"{path} {name}", ctx)


def anchor(path: str) -> str:
    return path.replace(" ", "-")


def render() -> str:
    found = list(helps(root_command(), "ivig"))
    contents = [
        f"{'  ' * max(depth - 1, 0)}- [{path}](#{anchor(path)})" for path, depth, _ in found
    ]
    sections = [f"## {path}\n\n```text\n{text.rstrip()}\n```\n" for path, _depth, text in found]
    return "\n".join([INTRO, *contents, "", *sections]).rstrip() + "\n"


def main(argv: list[str]) -> int:
    fresh = render()
    if "--check" in argv:
        current = REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else ""
        if fresh != current:
            print("docs/cli.md is stale: run python scripts/cli_reference.py")
            return 1
        return 0
    REFERENCE.parent.mkdir(exist_ok=True)
    REFERENCE.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
