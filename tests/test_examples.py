"""Examples run as written: every `ivig ...` line of README's "Everyday use", every
`ivig ...` line of the other shell blocks of README and the manual (docs/, bench/),
and every `Example:` line of a command's --help, on a real database.

A line documented as showing an error (its comment starts "error:") must be refused:
a non-zero exit and one line on stderr. Every other line must exit 0 with output
(stdout, or the file it names with --html, --svg or --out). The lines of one shell
block of the manual run in order, on one database, in one directory, as a reader
would type them (an import, then its --update). The block that sets
IVIG_DATABASE_URL needs a PostgreSQL server: tests/test_postgres.py runs it.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from tests.conftest import QA_SENTENCE, REPO_ROOT

from ivig_evidence.cli.app import load_all_commands

FILE_OPTIONS = ("--html", "--svg", "--out", "-o")


class Example(NamedTuple):
    args: list[str]
    comment: str

    @property
    def shows_an_error(self) -> bool:
        return self.comment.startswith("error:")


def split_comment(line: str) -> tuple[str, str]:
    """A shell line and its comment: the first # outside quotes after a space."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip(), line[index + 1 :].strip()
    return line.rstrip(), ""


def shell_lines(block: str) -> list[str]:
    """The block's lines, a line ending in a backslash joined to the next."""
    return block.replace("\\\n", " ").splitlines()


README = REPO_ROOT / "README.md"
# Every page with examples a reader may copy; docs/cli.md is the commands' own help,
# whose `Example:` lines are run below from the commands themselves.
MANUAL_PAGES = [
    README,
    *sorted(p for p in (REPO_ROOT / "docs").glob("*.md") if p.name != "cli.md"),
    REPO_ROOT / "bench" / "README.md",
]
SHELL_BLOCK = re.compile(r"```sh\n(.*?)\n```", flags=re.S)


def section_span(text: str, title: str) -> tuple[int, int]:
    """Where one `## ` section starts and ends in a page, its subsections included."""
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return start, end if end != -1 else len(text)


def readme_section(title: str) -> str:
    """The text of one `## ` section of README.md, its subsections included."""
    text = README.read_text(encoding="utf-8")
    start, end = section_span(text, title)
    return text[start:end]


def everyday_examples() -> list[Example]:
    section = readme_section("Everyday use")
    blocks = re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)
    examples = []
    for block in blocks:
        for line in shell_lines(block):
            command, comment = split_comment(line)
            if command.startswith("ivig "):
                examples.append(Example(shlex.split(command)[1:], comment))
    return examples


def help_examples() -> list[tuple[str, Example]]:
    """(the command, its `Example:` line) for every command and subcommand."""
    found = []

    def visit(name: str, command: Any) -> None:
        for line in (command.help or "").splitlines():
            if line.strip().startswith("Example: ivig "):
                text = line.strip().removeprefix("Example: ")
                found.append((name, Example(shlex.split(text)[1:], "")))
        for sub_name, sub in getattr(command, "commands", {}).items():
            visit(f"{name} {sub_name}", sub)

    for name, command in load_all_commands().items():
        visit(name, command)
    return found


class Block(NamedTuple):
    where: str  # page:line of the block's opening fence
    examples: list[Example]
    server: bool  # it sets IVIG_DATABASE_URL: its lines need a PostgreSQL server


def manual_blocks() -> list[Block]:
    """Every shell block with `ivig` lines on the manual's pages, README's "Everyday
    use" apart (its lines run one at a time, above)."""
    blocks = []
    for page in MANUAL_PAGES:
        text = page.read_text(encoding="utf-8")
        skip = section_span(text, "Everyday use") if page == README else (0, 0)
        for match in SHELL_BLOCK.finditer(text):
            if skip[0] <= match.start() < skip[1]:
                continue
            examples, server = [], False
            for line in shell_lines(match.group(1)):
                command, comment = split_comment(line)
                if command.startswith("export IVIG_DATABASE_URL="):
                    server = True
                elif command.startswith("ivig "):
                    examples.append(Example(shlex.split(command)[1:], comment))
            if examples:
                line = text.count("\n", 0, match.start()) + 1
                where = f"{page.relative_to(REPO_ROOT)}:{line}"
                blocks.append(Block(where, examples, server))
    return blocks


EVERYDAY = everyday_examples()
HELP = help_examples()
BLOCKS = manual_blocks()


def written_file(args: list[str], cwd: Path) -> Path | None:
    for option in FILE_OPTIONS:
        if option in args and args[args.index(option) + 1] != "-":
            return cwd / args[args.index(option) + 1]
    return None


def check(ivig: Any, example: Example, cwd: Path, *, output_on_stderr: bool = False) -> None:
    run = ivig(*example.args)
    if example.shows_an_error:
        assert run.exit_code != 0 and run.stdout == "", run.stdout
        assert run.stderr.startswith("ivig: error: ") and run.stderr.count("\n") == 1
        return
    assert run.exit_code == 0, run.stderr
    target = written_file(example.args, cwd)
    if target is not None:
        assert target.exists() and (target.is_dir() or target.stat().st_size > 0), target
    elif output_on_stderr:  # a command that changes the data says what it did
        assert (run.stdout + run.stderr).strip(), example.args
    else:
        assert run.stdout.strip(), example.args


def test_the_everyday_section_has_its_examples_and_an_error_shown_as_such() -> None:
    assert len(EVERYDAY) >= 15
    errors = [e for e in EVERYDAY if e.shows_an_error]
    assert [e.args for e in errors] == [["studies", "--indication", "still"]]


@pytest.mark.parametrize("example", EVERYDAY, ids=[" ".join(e.args)[:70] for e in EVERYDAY])
def test_every_everyday_example_runs_as_written(
    ivig: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: Example
) -> None:
    monkeypatch.chdir(tmp_path)  # files an example writes land here
    check(ivig, example, tmp_path)


# Examples that need something beside the database to run: made here, as a user would
# have it (a file of studies to import; a checkout's data/ directory to dump into).
NEW_STUDIES = [
    {
        "first_author": "Novak",
        "year": 2024,
        "design": "case_series",
        "population": "ra",
        "direction": "benefit",
        "sources": [{"document": "droracle-2025", "quote": QA_SENTENCE}],
    }
]
# The same study corrected, under the id its import gave it (docs/curating.md's --update).
CORRECTED = [dict(NEW_STUDIES[0], id="novak-2024", n=12)]
# A committee's own position with the statement that quotes it (docs/curating.md).
COMMITTEE = {
    "positions.csv": "id,kind,body,year,indication_slug,stance,wording,publication_id\n"
    "our-committee-ra,secondary_source,Our formulary committee,2026,ra,not_recommended,"
    '"IVIG is not funded for RA.",droracle-2025\n',
    "statements.csv": "id,document_id,quote,status,position_id\n"
    "st-our-committee-ra,droracle-2025,IVIG is not funded for RA.,unconfirmed,our-committee-ra\n",
}


def prepare(cwd: Path) -> None:
    (cwd / "new-studies.json").write_text(json.dumps(NEW_STUDIES), encoding="utf-8")
    (cwd / "corrected.json").write_text(json.dumps(CORRECTED), encoding="utf-8")
    (cwd / "our-committee").mkdir()
    for name, text in COMMITTEE.items():
        (cwd / "our-committee" / name).write_text(text, encoding="utf-8")
    (cwd / "data").mkdir()


def test_the_manual_has_its_examples() -> None:
    """The pages whose examples moved out of README are read (a page renamed or a fence
    mistyped would silently drop its examples)."""
    pages = {block.where.split(":")[0] for block in BLOCKS}
    assert {"docs/curating.md", "docs/dosing.md", "docs/team-server.md"} <= pages, pages
    assert sum(len(block.examples) for block in BLOCKS) >= 10


@pytest.mark.parametrize(
    "block", [b for b in BLOCKS if not b.server], ids=[b.where for b in BLOCKS if not b.server]
)
def test_every_manual_example_runs_as_written(
    ivig: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: Block
) -> None:
    monkeypatch.chdir(tmp_path)
    prepare(tmp_path)
    for example in block.examples:
        check(ivig, example, tmp_path, output_on_stderr=True)


def test_the_server_examples_are_the_team_server_set_up() -> None:
    """The one block that needs a server is the set-up tests/test_postgres.py runs."""
    server = [b for b in BLOCKS if b.server]
    assert [b.where.split(":")[0] for b in server] == ["docs/team-server.md"]
    assert ["db", "init"] in [e.args for e in server[0].examples]


def test_every_command_with_help_has_its_example_found() -> None:
    assert len(HELP) >= len(load_all_commands()), HELP


@pytest.mark.parametrize(
    ("name", "example"), HELP, ids=[f"{n}: {' '.join(e.args)[:60]}" for n, e in HELP]
)
def test_every_help_example_runs_as_written(
    ivig: Any,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    example: Example,
) -> None:
    monkeypatch.chdir(tmp_path)
    prepare(tmp_path)
    if name == "serve":
        # A server runs until stopped: its example is parsed, every option known and valid,
        # without starting it (tests/test_serve.py starts one).
        command = load_all_commands()["serve"]
        context = command.make_context("serve", example.args[1:])
        assert context.params["port"] == 8001
        return
    if name in ("db undo", "db forget"):  # a write to undo or forget: the first
        assert ivig("import", "new-studies.json").exit_code == 0
    check(ivig, example, tmp_path, output_on_stderr=True)
