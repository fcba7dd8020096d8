"""One render path: a command hands one View to Output.write and never looks at the
format it writes (table, records, JSON, CSV, markdown are the output's business)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

CLI = Path(__file__).resolve().parent.parent / "src" / "ivig_evidence" / "cli"


def _format_dispatches() -> list[str]:
    """Where a CLI module reads the output's format (``out.format``) or names one of
    the output formats (``Format.JSON``): each is a branch the view's renderers hold."""
    found = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute):
                continue
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if owner == "Format" or (owner == "out" and node.attr == "format"):
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_command_writes_its_own_format_dispatch() -> None:
    assert _format_dispatches() == []


def test_every_format_of_one_view_is_the_same_data(ivig: Any, db_path: Path) -> None:
    """The view is computed once: JSON, CSV and the table hold the same regimens."""
    import csv
    import io

    as_json = ivig("dose", "-i", "aosd", "-f", "json").json()
    as_csv = list(csv.DictReader(io.StringIO(ivig("dose", "-i", "aosd", "-f", "csv").stdout)))
    table = ivig("dose", "-i", "aosd", "--wide").stdout
    ids = [r["id"] for r in as_json]
    assert ids and [r["regimen"] for r in as_csv] == ids
    assert all(i in table for i in ids)
    markdown = ivig("dose", "-i", "aosd", "-f", "markdown").stdout
    assert markdown.startswith("### ") and all(i in markdown for i in ids)
