"""One kind of mistake, one exit code, whichever command it is made in: 2 for what was
typed and cannot be read (a usage error), 1 for a record or file that is not there or a
write that cannot be done, 0 for an empty result. Each refusal is one line on stderr."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.conftest import QA_SENTENCE

USAGE = [
    ["studies", "-d", "nope"],
    ["studies", "-i", "nope"],
    ["studies", "-i", "still"],  # aosd or sjia: the user must say which
    ["studies", "--since", "abc"],
    ["dose", "-i", "nope"],
    ["dose", "-i", "still"],
    ["dose"],
    ["evidence", "-i", "nope"],
    ["report", "-i", "nope", "--html", "-"],
    ["positions", "-i", "nope"],
    ["positions", "--body", "nope"],  # no body of that name: the bodies are the values
    ["positions", "--body", ""],
    ["conflicts", "--status", "nope"],
    ["cite", "--indication", "nope"],
    ["cite"],
    ["cite", "kanik-1996", "--all"],
    ["cite", "kanik-1996", "-f", "nope"],
    ["show"],
    ["show", "kanik-1996", "--section", "nope"],
    ["search", "\"unclosed"],
    ["sql", "SELECT :a"],
    ["map", "--svg", "."],  # a directory where a file goes
    ["export", "--format", "nope", "--out", "x"],
    ["nope"],
    ["db", "nope"],
    ["add", "study", "--design", "rct"],
    # A value add study cannot take is a usage error, as the same value is for studies.
    [
        "add", "study", "--design", "rct", "--population", "ra", "--direction", "benefit",
        "--document", "droracle-2025", "--quote", QA_SENTENCE, "--indication", "nope",
    ],
]  # fmt: skip

MISSING = [
    ["show", "nope"],
    ["show", "publication:nope"],
    ["cite", "nope"],
    ["cite", "kanik-1996", "nope"],  # one unknown id: nothing written
    ["cite", "ra-high-dose-open"],  # its publication is not known: nothing to write
    ["cite", "ra-high-dose-open", "aosd-case-series", "-f", "csl-json"],
    ["import", "no-such-file.json"],
    ["db", "restore", "no-such-backup.sqlite"],
    ["--db", "no-such-database.sqlite", "studies"],
    ["sql", "SELECT * FROM nope"],
]

EMPTY = [
    ["studies", "-a", "nobody"],
    ["studies", "--since", "1800", "--until", "1801"],
    ["search", "zzzzzz"],
    ["positions", "-i", "ra-ild", "--body", "FDA"],  # a body, with no position on ra-ild
    ["db", "restore", "--list"],
]


def one_line_refusal(run: Any) -> None:
    assert run.stdout == "", run.stdout
    assert run.stderr.startswith("ivig: error: ") and run.stderr.count("\n") == 1, run.stderr


@pytest.mark.parametrize("args", USAGE, ids=[" ".join(a)[:60] for a in USAGE])
def test_a_usage_error_is_2(ivig: Any, db_path: Path, args: list[str]) -> None:
    run = ivig(*args)
    assert run.exit_code == 2, run.stderr
    one_line_refusal(run)


@pytest.mark.parametrize("args", MISSING, ids=[" ".join(a) for a in MISSING])
def test_a_missing_record_is_1(ivig: Any, db_path: Path, args: list[str]) -> None:
    run = ivig(*args)
    assert run.exit_code == 1, run.stderr
    one_line_refusal(run)


@pytest.mark.parametrize("args", EMPTY, ids=[" ".join(a) for a in EMPTY])
def test_an_empty_result_is_0(ivig: Any, db_path: Path, args: list[str]) -> None:
    run = ivig(*args)
    assert run.exit_code == 0 and run.stdout == "", run.stderr
    assert run.stderr.count("\n") == 1 and "error" not in run.stderr


def test_cite_that_writes_nothing_says_why(ivig: Any, db_path: Path) -> None:
    run = ivig("cite", "ra-high-dose-open")
    assert run.stderr == (
        "ivig: error: nothing to cite: the primary publication of ra-high-dose-open is not "
        "known (ivig show ra-high-dose-open shows what is recorded).\n"
    )
    # One of two cited: the reference is written, the other named as skipped.
    partly = ivig("cite", "ra-high-dose-open", "kanik-1996")
    assert partly.exit_code == 0 and "@article{kanik1996" in partly.stdout
    assert partly.stderr == "skipped ra-high-dose-open: its primary publication is unknown\n"


def test_cite_never_writes_an_empty_entry(ivig: Any, db_path: Path) -> None:
    """A publication known by nothing a reference is made of (an abstract read at an
    aggregator) is refused alone and skipped beside others, in every format."""
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO publications (id, kind, note, origin) VALUES "
            "('known-by-nothing', 'trial_report', 'only an abstract was read', 'local')"
        )
    for style in ("bibtex", "ris", "csl-json"):
        alone = ivig("cite", "known-by-nothing", "-f", style)
        assert alone.exit_code == 1 and alone.stdout == ""
        assert alone.stderr.count("\n") == 1 and "nothing to cite" in alone.stderr
        beside = ivig("cite", "known-by-nothing", "kanik-1996", "-f", style)
        assert beside.exit_code == 0 and "known-by-nothing" not in beside.stdout
        assert "Kanik" in beside.stdout
        assert beside.stderr.startswith("skipped known-by-nothing: nothing of its publication")


def test_a_value_add_study_cannot_take_is_named_by_its_option(ivig: Any, db_path: Path) -> None:
    from tests.conftest import add_study_args

    run = ivig(*add_study_args("--year", "3000", "--indication", "nope", "--doi", "bad"))
    assert run.exit_code == 2
    assert run.stderr == (
        "ivig: error: the study was not added (nothing written): --year: 3000 is outside "
        "1800-2100; --doi: 'bad' is not a DOI (10.NNNN/...); --indication: unknown "
        "indication 'nope'.\n"
    )
