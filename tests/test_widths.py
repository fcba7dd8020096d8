"""Every read command at 40, 80 and 120 columns, with NO_COLOR and (40, 120) in colour.

Each command is run on a pseudo-terminal of that width, as a person runs it. On
every screen: no line wider than the terminal, no trailing space, no vocabulary
word (vocab.py) and no id (the database's) cut or broken. `studies` at 80
columns gives each study a block of at most 12 lines holding its dose and its
result whole; `positions`, `conflicts`, `evidence`, `search` and `indications`
show the words they exist for.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from enum import StrEnum
from pathlib import Path

import pytest
from tests.conftest import run_in_pipe, run_on_terminal

from ivig_evidence import vocab

# 200 columns was a fourth width (36 terminals): it only adds room, so 120 is the
# tighter test of the same rules above the record layout's 80.
WIDTHS = (40, 80, 120)
# Colour changes no character: checked at the narrowest width and at a wide one, where
# wrapping and cutting differ most.
COLOUR_WIDTHS = (40, 120)
READ_COMMANDS = [
    ["studies", "--all"],
    ["studies", "--design", "rct"],
    ["dose", "-i", "aosd"],
    ["dose", "-i", "aosd", "--weight", "70"],
    ["positions"],
    ["positions", "-i", "ra"],
    ["conflicts"],
    ["evidence", "-i", "ra"],
    ["evidence", "-i", "aosd"],
    ["search", "remission"],
    ["indications"],
    ["map"],
    ["effects", "-i", "ra"],
    [
        "review",
        "-i",
        "dm",
        "--weight",
        "100",
        "--height",
        "175",
        "--sex",
        "male",
        "--dose",
        "2 g/kg",
    ],
    ["show", "silverman-1994"],
    ["show", "aosd"],
    ["cite", "silverman-1994", "kanik-1996"],
    ["db", "status"],
]
# Escape codes: SGR (colour, bold) and OSC 8 (a hyperlink's start and end).
ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x07\x1b]*(?:\x07|\x1b\\)")
# A cut or broken word: a cell or field (at a line's start, after a column gap or a
# record's " · ") ending in an ellipsis, or a line ending in a joiner. Prose cut after
# a whole word ("an intra-articular…") is not a cut word.
CUT = re.compile(r"(?:^|  |· )([\w./-]*\w)…")
BROKEN = re.compile(r"([\w./-]*\w[-_/])$")


@pytest.fixture(scope="module")
def env(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    import os

    home = tmp_path_factory.mktemp("widths")
    shutil.copyfile(built_db, home / "ivig.sqlite")
    yield {
        **{k: v for k, v in os.environ.items() if k != "IVIG_DEBUG"},
        "IVIG_DB": str(home / "ivig.sqlite"),
        "XDG_DATA_HOME": str(home / "xdg"),
    }


@pytest.fixture(scope="module")
def screens(env: dict[str, str]) -> dict[tuple[str, int, bool], str]:
    """Every command at every width without colour, and at COLOUR_WIDTHS in colour:
    rendered once, two at a time."""
    cases = [
        (args, width, colour)
        for args in READ_COMMANDS
        for width in WIDTHS
        for colour in ((True, False) if width in COLOUR_WIDTHS else (False,))
    ]

    def render(case: tuple[list[str], int, bool]) -> str:
        args, width, colour = case
        code, text = run_on_terminal(args, env, columns=width, colour=colour)
        assert code == 0, text
        return text.replace("\r\n", "\n")

    with ThreadPoolExecutor(max_workers=2) as pool:
        texts = list(pool.map(render, cases))
    return {(" ".join(a), w, c): t for (a, w, c), t in zip(cases, texts, strict=True)}


def plain(screens: dict[tuple[str, int, bool], str], args: list[str], width: int) -> str:
    return screens[(" ".join(args), width, False)]


@pytest.fixture(scope="module")
def whole_words(env: dict[str, str]) -> set[str]:
    """What must never be cut: every vocabulary value and every id in the database."""
    words = {
        member.value
        for value in vars(vocab).values()
        if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
        for member in value
    }
    with sqlite3.connect(env["IVIG_DB"]) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            names = {r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")}
            for key in {"id", "slug"} & names:
                words |= {r[0] for r in conn.execute(f"SELECT {key} FROM '{table}'") if r[0]}
    return {w for w in words if isinstance(w, str)}


def cut_words(text: str, words: set[str]) -> list[str]:
    """Words of ``text`` cut with an ellipsis, or broken at a line's end, that are the
    start of a vocabulary word or an id but not the whole of one."""
    found = []
    for line in text.splitlines():
        stems = CUT.findall(line) + BROKEN.findall(line.rstrip())
        for stem in stems:
            for tail in (stem, stem.split("/")[-1], stem.split(".")[-1]):
                if len(tail) > 1 and tail not in words and any(w.startswith(tail) for w in words):
                    found.append(f"{tail} in {line!r}")
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", READ_COMMANDS, ids=[" ".join(a) for a in READ_COMMANDS])
def test_every_screen_fits_and_cuts_no_word(
    screens: dict[tuple[str, int, bool], str], whole_words: set[str], args: list[str], width: int
) -> None:
    text = plain(screens, args, width)
    assert "\x1b" not in text  # NO_COLOR: no escape codes at all
    if width in COLOUR_WIDTHS:
        coloured = screens[(" ".join(args), width, True)]
        assert ESCAPES.sub("", coloured) == text  # colour changes no character
    for line in text.splitlines():
        assert len(line) <= width, f"{len(line)} > {width}: {line!r}"
        assert line == line.rstrip(), f"trailing space: {line!r}"
    assert cut_words(text, whole_words) == []


def test_the_checks_find_a_cut_word(whole_words: set[str]) -> None:
    """The checks above can fail: a word cut as the table used to cut it is caught."""
    assert cut_words("open_la…  rct_wit…", whole_words)
    assert cut_words("suggested-high-dose-\ncourse-ra-subgroups", whole_words)
    assert not cut_words("rct  open_label  administered IVIg monthly…", whole_words)


def blocks(text: str) -> list[list[str]]:
    """A record layout's blocks: the runs of lines between blank lines."""
    found: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            found[-1].append(line)
        elif found[-1]:
            found.append([])
    return [b for b in found if b]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def studies(env: dict[str, str]) -> list[dict[str, object]]:
    done = run_in_pipe(["studies", "--all", "-f", "json"], env)
    assert done.exit_code == 0, done.stderr
    found: list[dict[str, object]] = json.loads(done.stdout)
    return found


def test_studies_at_80_columns_give_each_study_its_dose_and_result_within_12_lines(
    screens: dict[tuple[str, int, bool], str], studies: list[dict[str, object]]
) -> None:
    text = plain(screens, ["studies", "--all"], 80)
    by_id = {b[0].split()[0]: b for b in blocks(text)}
    assert len(studies) > 10
    for study in studies:
        block = by_id[str(study["id"])]  # one block a study, its id whole at its start
        assert len(block) <= 12, "\n".join(block)
        words = flat("\n".join(block))
        for field in ("dose", "outcome"):
            value = study[field]
            assert flat(str(value)) in words if value else "unknown" in words, (field, block)
        assert str(study["status"]) in words and str(study["design"]) in words


@pytest.mark.parametrize("width", [120])
def test_studies_show_dose_and_result_whole_at_wider_terminals(
    screens: dict[tuple[str, int, bool], str], studies: list[dict[str, object]], width: int
) -> None:
    words = flat(plain(screens, ["studies", "--all"], width))
    for study in studies:
        for field in ("dose", "outcome"):
            if study[field]:
                assert flat(str(study[field])) in words, (study["id"], field)


def test_positions_at_80_show_the_bodys_words_year_kind_and_check(
    screens: dict[tuple[str, int, bool], str], env: dict[str, str]
) -> None:
    positions = json.loads(run_in_pipe(["positions", "-i", "ra", "-f", "json"], env).stdout)
    found = blocks(plain(screens, ["positions", "-i", "ra"], 80))[1:]  # after the title
    assert len(found) == len(positions)
    seen = set()
    for position, block in zip(positions, found, strict=True):
        words = flat("\n".join(block))
        assert flat(position["wording"]) in words, block  # their words, whole
        assert position["kind"] in words and position["check_status"] in words
        assert (str(position["year"]) if position["year"] else "year unknown") in words
        seen.add(words)
    assert len(seen) == len(positions)  # two positions of one body are told apart


def test_conflicts_at_80_set_the_records_words_beside_the_sources(
    screens: dict[tuple[str, int, bool], str], env: dict[str, str]
) -> None:
    conflicts = json.loads(run_in_pipe(["conflicts", "-f", "json"], env).stdout)
    words = flat(plain(screens, ["conflicts"], 80))
    contradicted = [c for c in conflicts if c["status"] == "contradicted"]
    assert contradicted
    for conflict in contradicted:
        source, record = flat(conflict["quote"]), flat(conflict["record_says"])
        assert source in words and record in words
        assert words.index(record) - words.index(source) < len(source) + 40  # side by side


def test_evidence_search_and_indications_at_80_show_their_point(
    screens: dict[tuple[str, int, bool], str],
) -> None:
    evidence = flat(plain(screens, ["evidence", "-i", "ra"], 80))
    assert "2 (randomised trial)" in evidence  # the level of evidence the title announces
    assert "not graded (not a study of treatment effect)" in evidence
    search = plain(screens, ["search", "remission"], 80)
    assert "Long-term remission was obtained in half of the patients." in flat(search)
    assert "belongs to aosd-ivig-review" in flat(search)  # the record it belongs to
    indications = flat(plain(screens, ["indications"], 80))
    assert "Adult-onset Still's disease" in indications and "Adult-onset…" not in indications
