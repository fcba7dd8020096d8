"""The documentation holds together: README a door a newcomer finishes, the manual in
docs/, every link and #anchor between them real, the CLI reference written from the
commands as they are, and README's install line working as written.

The data sections of docs/ are checked in test_release.py, test_checking.py and
test_cli_meta.py; the examples of every page run in test_examples.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT

README = REPO_ROOT / "README.md"
DOCS = REPO_ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md")), REPO_ROOT / "bench" / "README.md"]

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)


def prose(text: str) -> str:
    """The page without its code blocks (a shell line's [ ] is not a link)."""
    return FENCE.sub("", text)


def links(page: Path) -> list[str]:
    """Every inline link's target on a page, outside code (a link's text may be code)."""
    text = CODE_SPAN.sub("x", prose(page.read_text(encoding="utf-8")))
    return LINK.findall(text)


def anchors(page: Path) -> set[str]:
    """The #fragments GitHub gives a page's headings: lower case, punctuation dropped
    (hyphens and underscores kept), spaces as hyphens, a repeated one numbered."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(prose(page.read_text(encoding="utf-8"))):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def test_the_anchors_are_githubs() -> None:
    """The slug rule on headings this manual has, as GitHub renders them."""
    page = DOCS / "commands.md"
    assert {
        "effect-sizes-ivig-effects---indication-x",
        "ivig-sql-select-",
        "ivig-studies",
        "the-dossier",
    } <= anchors(page)


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(REPO_ROOT)) for p in PAGES])
def test_every_relative_link_names_a_file_and_a_heading_that_exist(page: Path) -> None:
    assert page.exists()
    broken = []
    for target in links(page):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
            continue
        path, _, fragment = target.partition("#")
        destination = (page.parent / path).resolve() if path else page
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif fragment and fragment not in anchors(destination):
            broken.append(f"{target}: no heading #{fragment} in {destination.name}")
    assert not broken, broken


def test_every_page_of_the_manual_is_in_its_index() -> None:
    """No page of docs/ is an orphan: the manual's index links every one, and README
    links the index."""
    listed = {(DOCS / target.partition("#")[0]).resolve() for target in links(DOCS / "README.md")}
    pages = {p.resolve() for p in DOCS.glob("*.md") if p.name != "README.md"}
    assert pages <= listed, pages - listed
    assert "docs/README.md" in links(README)


def test_readme_is_a_door() -> None:
    """README says what ivig is, how to install it and run a first command, the everyday
    commands and the dose calculator in brief, then where to go next; the rest is in the
    manual. It stays short enough to finish."""
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    titles = HEADING.findall(prose(text))
    for title in (
        "Install and run",
        "Run the tests",
        "Everyday use",
        "The dose calculator in brief",
        "Where to go next",
    ):
        assert title in titles, title
    assert "does not replace clinical judgement" in text


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

    headings = set(HEADING.findall(prose((DOCS / "cli.md").read_text(encoding="utf-8"))))
    assert {f"ivig {path}" for path in command_paths()} <= headings


def externally_managed(python: str) -> bool:
    """Whether this Python refuses `pip install` outside a virtual environment (PEP 668)."""
    probe = (
        "import os, sysconfig; "
        "print(os.path.exists(os.path.join(sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED')))"
    )
    done = subprocess.run([python, "-c", probe], capture_output=True, text=True, timeout=60)
    return done.stdout.strip() == "True"


@pytest.mark.slow
def test_the_readme_install_line_works_as_written(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    """README's install line, verbatim, in a copy of the source distribution's files,
    with a `python3` that refuses `pip install` outside a virtual environment (PEP 668,
    as Debian's and Ubuntu's do) where this machine has one, else the one on the path."""
    blocks = re.findall(r"```sh\n(.*?)\n```", README.read_text(encoding="utf-8"), flags=re.S)
    line = next(b for b in blocks if b.strip().endswith("ivig studies --design rct")).strip()
    path = subprocess_env.get("PATH", os.defpath)
    found = [shutil.which("python3", path=path), shutil.which("python3", path="/usr/bin")]
    pythons = [p for p in found if p is not None]
    if not pythons:
        pytest.skip("no python3 on the path")
    managed = [p for p in pythons if externally_managed(p)]
    python3 = (managed or pythons)[0]
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in pyproject["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, checkout / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, checkout / name)
    env = {k: v for k, v in subprocess_env.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{Path(python3).parent}{os.pathsep}{path}"  # `python3` is that one
    env["IVIG_DB"] = str(tmp_path / "evidence.sqlite")
    done = subprocess.run(
        ["sh", "-c", line], cwd=checkout, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "silverman-1994" in done.stdout  # a randomised trial of the curated release
    assert (checkout / ".venv" / "bin" / "ivig").exists()
