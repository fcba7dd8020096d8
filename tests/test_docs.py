"""The documentation holds together: the CLI reference is written from the commands as
they are."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO_ROOT

DOCS = REPO_ROOT / "docs"
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)


def test_the_cli_reference_is_current() -> None:
    """docs/cli.md is every command's --help as the commands give it now."""
    run = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "cli_reference.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_cli_reference_has_every_command() -> None:
    from tests.test_cli_meta import command_paths

    headings = set(HEADING.findall((DOCS / "cli.md").read_text(encoding="utf-8")))
    assert {f"ivig {path}" for path in command_paths()} <= headings
