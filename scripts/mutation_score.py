"""Mutation score of the core rule modules: do the tests notice when a rule changes?

Each mutant changes one token of a module (a comparison, a boolean operator, a
keyword, a number, a string that is not a docstring) and is run against the test
files that exercise that module; a test that fails (or a run that times out) kills
it, and a mutant every test passes survives. The mutants are a random sample of all
the single-token mutants of each module (``--sample`` per module, ``--seed``), so a
run takes minutes, not hours, and a new seed gives a fresh set.

The tests run in a copy of the checkout per worker (``PYTHONPATH`` points at it, so
the CLI the tests start, in process or as a subprocess, is the mutated one); the
checkout itself is never changed.

    python scripts/mutation_score.py --sample 40 --seed 3301 --jobs 2
    python scripts/mutation_score.py --module conflicts --list   # the mutants only

With IVIG_TEST_DATABASE_URL naming a PostgreSQL server (as .ci/run starts one), the
server's tests count too, as they do in CI.

The way it was measured, and the numbers, are in docs/development.md.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tokenize
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each group: the modules mutated, and the test files that exercise them (those
# missing in a checkout are left out, so an older checkout can be measured too).
GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "conflicts": (
        ("src/ivig_evidence/conflicts.py",),
        (
            "tests/test_conflicts.py",
            "tests/test_views.py",
            "tests/test_effects.py",
            "tests/test_bodies_and_labels.py",
            "tests/test_links_and_lines.py",
            "tests/test_widths.py",
            "tests/test_exit_codes.py",
        ),
    ),
    "import checks": (
        (
            "src/ivig_evidence/importing/checks.py",
            "src/ivig_evidence/doses/checks.py",
            "src/ivig_evidence/importing/study_checks.py",
        ),
        (
            "tests/test_import_rules.py",
            "tests/test_checks.py",
            "tests/test_curation.py",
            "tests/test_csv_edits.py",
            "tests/test_addresses.py",
            "tests/test_exit_codes.py",
        ),
    ),
    "sql guard": (
        (
            "src/ivig_evidence/rawsql/sqlite.py",
            "src/ivig_evidence/rawsql/lexer.py",
            "src/ivig_evidence/rawsql/server_check.py",
            "src/ivig_evidence/rawsql/server.py",
            "src/ivig_evidence/rawsql/query.py",
        ),
        (
            "tests/test_sql_guard.py",
            "tests/test_sql.py",
            "tests/test_read_only.py",
            "tests/test_limits.py",
            "tests/test_exit_codes.py",
            "tests/test_postgres.py",  # skipped unless IVIG_TEST_DATABASE_URL names a server
        ),
    ),
    "search": (
        ("src/ivig_evidence/search/query.py", "src/ivig_evidence/search/__init__.py"),
        (
            "tests/test_search.py",
            "tests/test_views.py",
            "tests/test_bodies_and_labels.py",
            "tests/test_exit_codes.py",
            "tests/test_links_and_lines.py",
            "tests/test_postgres.py",
        ),
    ),
}

# One token for another: comparisons and arithmetic, boolean operators and keywords.
SWAPS = {
    "<": "<=",
    "<=": "<",
    ">": ">=",
    ">=": ">",
    "==": "!=",
    "!=": "==",
    "+": "-",
    "-": "+",
    "*": "/",
    "/": "*",
    "//": "/",
    "%": "/",
    "+=": "-=",
    "-=": "+=",
    "|": "&",
    "&": "|",
    "and": "or",
    "or": "and",
    "True": "False",
    "False": "True",
    "is": "is not",
    "in": "not in",
    "break": "continue",
    "continue": "break",
}


@dataclass(frozen=True)
class Mutant:
    path: str  # relative to the checkout
    line: int
    column: int
    before: str
    after: str

    @property
    def name(self) -> str:
        return f"{self.path}:{self.line}:{self.column} {self.before!r} -> {self.after!r}"

    def apply(self, source: str) -> str:
        lines = source.splitlines(keepends=True)
        at = sum(len(line) for line in lines[: self.line - 1]) + self.column
        assert source[at : at + len(self.before)] == self.before, self.name
        return source[:at] + self.after + source[at + len(self.before) :]


def _skipped_spans(tree: ast.AST) -> list[tuple[int, int]]:
    """Lines no mutant touches: docstrings, imports, annotations (never evaluated under
    ``from __future__ import annotations``) and ``if TYPE_CHECKING:`` blocks."""
    skipped: list[ast.AST] = []
    for node in ast.walk(tree):
        docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if docstring and isinstance(node.value.value, str):  # type: ignore[attr-defined]
            skipped.append(node)
        if isinstance(node, ast.Import | ast.ImportFrom):
            skipped.append(node)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            skipped.append(node)
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            skipped.append(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            skipped.append(node.returns)
    return [(n.lineno, n.end_lineno or n.lineno) for n in skipped]  # type: ignore[attr-defined]


def _changes(token: tokenize.TokenInfo, following: str) -> Iterator[str]:
    text = token.string
    if token.type == tokenize.NUMBER:
        try:
            value = ast.literal_eval(text.replace("_", ""))
        except (ValueError, SyntaxError):
            return
        if isinstance(value, int | float) and not isinstance(value, bool):
            yield repr(value + 1)
    elif token.type == tokenize.STRING:
        start = 0
        while text[start] not in "'\"":
            start += 1
        quote = text[start] * 3 if text[start : start + 3] in ('"""', "'''") else text[start]
        body_start, body_end = start + len(quote), len(text) - len(quote)
        yield text[:body_start] + "XX" + text[body_start:body_end] + "XX" + text[body_end:]
    elif text == "not":
        yield ""  # `not x` -> `x`, `not in` -> `in`, `is not` -> `is`
    elif text == "is" and following == "not":
        return  # made from the `not`
    elif text in SWAPS:
        yield SWAPS[text]


def mutants(path: str, root: Path = ROOT) -> list[Mutant]:
    """Every single-token mutant of the module that still compiles."""
    source = (root / path).read_text(encoding="utf-8")
    tree = ast.parse(source)
    skipped = _skipped_spans(tree)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    found: list[Mutant] = []
    for index, token in enumerate(tokens):
        line, column = token.start
        if any(low <= line <= high for low, high in skipped):
            continue
        following = tokens[index + 1].string if index + 1 < len(tokens) else ""
        for after in _changes(token, following):
            mutant = Mutant(path, line, column, token.string, after)
            try:
                compile(mutant.apply(source), path, "exec")
            except SyntaxError:
                continue
            found.append(mutant)
    return found


def sample(group: str, size: int, seed: int, root: Path = ROOT) -> list[Mutant]:
    paths, _ = GROUPS[group]
    # A module not in this checkout (an older one, before a split) has no mutants.
    every = [m for path in paths if (root / path).exists() for m in mutants(path, root)]
    chosen = random.Random(f"{seed}:{group}").sample(every, min(size, len(every)))
    return sorted(chosen, key=lambda m: (m.path, m.line, m.column))


@dataclass
class Outcome:
    group: str
    mutant: str
    killed: bool
    seconds: float
    how: str  # "failed", "timed out", "survived"


def _copy_checkout(source: Path, target: Path) -> None:
    ignored = shutil.ignore_patterns(
        ".git", "__pycache__", "*.pyc", ".mypy_cache", ".ruff_cache", "mutants", "*.egg-info"
    )
    shutil.copytree(source, target, ignore=ignored, symlinks=True)


PYTEST_ARGS: list[str] = []  # --pytest-args


def _run_tests(copy: Path, tests: Sequence[str], timeout: float) -> tuple[str, float]:
    env = {**os.environ, "PYTHONPATH": f"{copy / 'src'}{os.pathsep}{copy}"}
    env.pop("IVIG_DB", None)
    started = time.monotonic()
    try:
        done = subprocess.run(
            # Every group, marked slow or not, and in one process: -x stops at the first
            # failure only there, and a mutant is judged by all the tests of its module.
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
            + ["-m", "", "-n", "0", *PYTEST_ARGS]
            + list(tests),
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return "timed out", time.monotonic() - started
    how = "survived" if done.returncode == 0 else "failed"
    if done.returncode not in (0, 1):  # not a test failing: a broken run
        how = f"error {done.returncode}"
    return how, time.monotonic() - started


def _unique_mtime(path: Path, number: int) -> None:
    """Each mutant's source gets a modification time of its own, so Python never reads a
    byte-code file compiled from another mutant of the same size."""
    stamp = 1_000_000_000 + number
    os.utime(path, (stamp, stamp))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=sorted(GROUPS), dest="groups")
    parser.add_argument("--sample", type=int, default=40, help="mutants per group")
    parser.add_argument("--seed", type=int, default=3301)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--list", action="store_true", help="list the mutants; run nothing")
    parser.add_argument(
        "--pytest-args", default="", help="more arguments for pytest (say, a --deselect)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="run only each group's first test file (a screen)"
    )
    parser.add_argument("--out", type=Path, help="write every outcome here as JSON")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    PYTEST_ARGS.extend(shlex.split(args.pytest_args))
    groups = args.groups or list(GROUPS)
    chosen = [(group, m) for group in groups for m in sample(group, args.sample, args.seed, root)]
    if args.list:
        for group, mutant in chosen:
            print(f"{group}: {mutant.name}")
        return 0
    work = Path(tempfile.mkdtemp(prefix="ivig-mutants-"))
    copies = [work / f"copy-{n}" for n in range(args.jobs)]
    for copy in copies:
        _copy_checkout(root, copy)
    tests = {
        group: [t for t in GROUPS[group][1] if (root / t).exists()][: 1 if args.quick else None]
        for group in GROUPS
    }
    # The tests must pass unmutated, and set the time a mutant may take.
    baseline: dict[str, float] = {}
    for group in groups:
        how, seconds = _run_tests(copies[0], tests[group], timeout=3600)
        if how != "survived":
            print(f"{group}: the tests fail without a mutant ({how}); nothing measured")
            return 1
        baseline[group] = seconds
        print(f"{group}: {len(tests[group])} test files pass in {seconds:.0f} s", flush=True)
    free = list(copies)
    numbers = iter(range(10**9))
    outcomes: list[Outcome] = []

    def run(item: tuple[str, Mutant]) -> Outcome:
        group, mutant = item
        copy = free.pop()
        try:
            target = copy / mutant.path
            original = target.read_text(encoding="utf-8")
            stat = target.stat()
            target.write_text(mutant.apply(original), encoding="utf-8")
            _unique_mtime(target, next(numbers))
            try:
                how, seconds = _run_tests(copy, tests[group], timeout=baseline[group] * 3 + 30)
            finally:
                target.write_text(original, encoding="utf-8")
                os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        finally:
            free.append(copy)
        outcome = Outcome(group, mutant.name, how != "survived", seconds, how)
        print(f"{'killed  ' if outcome.killed else 'SURVIVED'} {how:9} {mutant.name}", flush=True)
        return outcome

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        outcomes = list(pool.map(run, chosen))
    shutil.rmtree(work, ignore_errors=True)
    print()
    total_killed = 0
    for group in groups:
        mine = [o for o in outcomes if o.group == group]
        killed = sum(o.killed for o in mine)
        total_killed += killed
        print(f"{group:14} {killed:3} of {len(mine):3} killed ({100 * killed / len(mine):.0f}%)")
    print(
        f"{'all':14} {total_killed:3} of {len(outcomes):3} killed "
        f"({100 * total_killed / len(outcomes):.0f}%)"
    )
    if args.out:
        args.out.write_text(
            json.dumps([asdict(o) for o in outcomes], indent=1) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
