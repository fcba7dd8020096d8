"""The layout keeps its promises: no import cycles, an explicit table order, documented modules."""

from __future__ import annotations

import ast
from pathlib import Path

from ivig_evidence.store.models import Base
from ivig_evidence.store.tables import ORIGIN_TABLES, TABLE_ORDER

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "ivig_evidence"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Every module's imports of the package's own modules, at any depth (functions too)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_module_imports_itself_round_a_cycle() -> None:
    # A package's __init__ importing its submodules is not a cycle of ownership.
    graph = {
        name: {t for t in targets if not name.startswith(t + ".")}
        for name, targets in import_graph().items()
    }
    assert find_cycle(graph) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_table_order_puts_every_parent_first() -> None:
    assert set(TABLE_ORDER) == set(Base.metadata.tables)
    position = {name: index for index, name in enumerate(TABLE_ORDER)}
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            parent = fk.column.table.name
            if parent != table.name:
                assert position[parent] < position[table.name], (parent, table.name)
    assert set(ORIGIN_TABLES) == {
        t.name for t in Base.metadata.sorted_tables if "origin" in t.columns
    }


def test_every_module_says_what_it_owns() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.relative_to(PACKAGE)} has no docstring"


def test_the_package_is_typed() -> None:
    assert (PACKAGE / "py.typed").is_file()


def test_command_modules_keep_their_annotations_evaluated() -> None:
    """Typer reads a command's signature each time it runs: annotations kept as
    strings would be compiled again then (cli/__init__.py says why)."""
    defining = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        commands = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
            and any(
                isinstance(d, ast.Call) and getattr(d.func, "attr", "") in ("command", "callback")
                for d in node.decorator_list
            )
        ]
        if not commands:
            continue
        defining.append(path.name)
        postponed = any(
            isinstance(node, ast.ImportFrom)
            and node.module == "__future__"
            and any(alias.name == "annotations" for alias in node.names)
            for node in tree.body
        )
        assert not postponed, f"cli/{path.name} defines commands with postponed annotations"
    assert {"studies.py", "dose.py", "app.py", "curation.py"} <= set(defining)
