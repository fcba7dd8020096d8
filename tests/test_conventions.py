"""What a command-line user expects of any polished tool: completion, help that
reads as words, values checked as they are typed, the XDG rules."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import PYTHON, REPO_ROOT, run_in_pipe, run_on_terminal

from ivig_evidence import vocab
from ivig_evidence.cli.options import choices


def complete(words: str, env: dict[str, str]) -> list[str]:
    """The candidates bash would offer for the last word of ``words``."""
    split = words.split(" ")
    run = run_in_pipe(
        [],
        {
            **env,
            "_IVIG_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(split) - 1),
        },
    )
    assert run.exit_code == 0, run.stderr
    return run.stdout.split()


def test_bash_completion_of_commands_and_values(
    db_path: Path, subprocess_env: dict[str, str]
) -> None:
    env = {**subprocess_env, "IVIG_DB": str(db_path)}
    assert complete("ivig stu", env) == ["studies"]
    assert "aosd" in complete("ivig studies --indication a", env)
    assert all(c.startswith("a") for c in complete("ivig studies --indication a", env))
    for command in ("dose", "evidence", "positions", "cite", "report"):  # one option for all
        assert "aosd" in complete(f"ivig {command} -i a", env), command
    assert set(complete("ivig studies -d r", env)) == {
        "rct",
        "rct_withdrawal",
        "rct_crossover",
        "review",
    }
    assert "kanik-1996" in complete("ivig show kan", env)
    assert {"init", "upgrade", "restore"} <= set(complete("ivig db ", env))
    # Without this, Typer looks for the shell among the test's ancestor processes
    # (none when pytest runs detached) and ignores the "bash" given.
    named = {**env, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = subprocess.run(
        [PYTHON, "-m", "ivig_evidence", "--show-completion", "bash"],
        env=named,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert script.returncode == 0 and "_IVIG_COMPLETE" in script.stdout, script.stderr


def test_completion_never_builds_a_database(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    missing = tmp_path / "not-yet.sqlite"
    env = {**subprocess_env, "IVIG_DB": str(missing)}
    offered = complete("ivig studies --indication a", env)
    assert {"aosd", "aav", "adult-onset-stills-disease"} <= set(offered)
    assert all(word.startswith("a") for word in offered)
    assert not missing.exists()


def curated_slugs_and_aliases() -> tuple[set[str], dict[str, set[str]]]:
    """The slugs and aliases data/seed.sql holds, read by SQLite from a database the
    test builds in memory from the whole seed (not by the parser under test)."""
    from ivig_evidence.cli.completion import alias_word
    from ivig_evidence.store.seed import iter_sql_statements

    seed = (REPO_ROOT / "data" / "seed.sql").read_text(encoding="utf-8")
    conn = sqlite3.connect(":memory:")
    for statement in iter_sql_statements(seed):
        insert = re.match(r"INSERT INTO (indications|indication_aliases) \(([^)]*)\)", statement)
        if insert:  # each table made with the columns its statement names
            conn.execute(f"CREATE TABLE IF NOT EXISTS {insert[1]} ({insert[2]})")
            conn.execute(statement)
    slugs = {r[0] for r in conn.execute("SELECT slug FROM indications")}
    meant: dict[str, set[str]] = {}
    for alias, slug in conn.execute("SELECT alias, indication_slug FROM indication_aliases"):
        meant.setdefault(alias_word(alias), set()).add(slug)
    return slugs, meant


def test_completion_before_first_use_offers_the_curated_slugs_and_aliases(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    """No database yet (the default place, in an empty data directory): `-i <TAB>` offers
    the curated slugs, a begun word its aliases too, and nothing is built or written."""
    data_home = tmp_path / "empty-data-home"
    data_home.mkdir()
    env = {k: v for k, v in subprocess_env.items() if k not in ("IVIG_DB", "IVIG_DATABASE_URL")}
    env["XDG_DATA_HOME"] = str(data_home)

    def offered(words: str) -> list[str]:
        split = words.split(" ")
        run = run_in_pipe(
            [],
            {
                **env,
                "_IVIG_COMPLETE": "complete_bash",  # Typer's spelling of Click's bash_complete
                "COMP_WORDS": words,
                "COMP_CWORD": str(len(split) - 1),
            },
        )
        assert run.exit_code == 0, run.stderr
        return run.stdout.split()

    slugs, meant = curated_slugs_and_aliases()
    assert set(offered("ivig dose -i ")) == slugs  # the slugs: no file names, no aliases
    assert offered("ivig dose -i aos") == ["aosd"]
    assert "adult-onset-stills-disease" in offered("ivig dose -i adult")
    assert {"rheumatoid-arthritis", "rhupus", "rhupus-syndrome"} <= set(offered("ivig dose -i rh"))
    assert offered("ivig studies --indication ra-sle") == ["ra-sle-overlap"]
    assert "kanik-1996" in offered("ivig show kan")  # record ids, too
    # Every alias naming one indication is offered under its first letter, and none
    # naming two ("still": aosd or sjia) is.
    for letter in {word[0] for word in meant}:
        got = set(offered(f"ivig dose -i {letter}"))
        expected = {w for w, s in meant.items() if w[0] == letter and len(s) == 1} | {
            s for s in slugs if s[0] == letter
        }
        assert got == expected, letter
    assert "still" not in offered("ivig dose -i st")
    assert list(data_home.iterdir()) == []  # no directory, no database, no lock


def test_every_alias_offered_resolves_to_its_indication(ivig: Any, db_path: Path) -> None:
    from ivig_evidence.cli.completion import alias_word

    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT alias, indication_slug FROM indication_aliases").fetchall()
    meant: dict[str, set[str]] = {}
    for alias, slug in rows:
        meant.setdefault(alias_word(alias), set()).add(slug)
    for word, slugs in meant.items():
        run = ivig("show", word, "-f", "json")
        if len(slugs) == 1:
            assert run.json()[0]["slug"] == next(iter(slugs)), word
        else:
            assert run.exit_code == 2 and "more than one indication" in run.stderr, word


COMMANDS = [
    ["studies"],
    ["dose"],
    ["indications"],
    ["positions"],
    ["evidence"],
    ["map"],
    ["effects"],
    ["review"],
    ["conflicts"],
    ["show"],
    ["search"],
    ["cite"],
    ["sql"],
    ["schema"],
    ["export"],
    ["report"],
    ["serve"],
    ["import"],
    ["add", "study"],
    ["db", "init"],
    ["db", "status"],
    ["db", "restore"],
    ["db", "upgrade"],
    ["db", "dump-seed"],
    ["db", "recover"],
    ["db", "path"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_names_values_in_words(ivig: Any, command: list[str]) -> None:
    text = ivig(*command, "--help").stdout
    assert not re.search(r"<(list|int|str|path|float|float range|int range)", text), text
    assert "x>=" not in text and "x<=" not in text


def test_the_command_list_is_never_cut(ivig: Any) -> None:
    text = ivig("--help").stdout
    listing = text.split("Commands:", 1)[1]
    assert "..." not in listing
    for line in listing.strip().splitlines():
        if not line.startswith("    "):
            assert line.split()[0] in {c[0] for c in COMMANDS} | {"db", "add"}


def test_add_study_help_offers_only_accepted_values(ivig: Any) -> None:
    text = " ".join(ivig("add", "study", "--help").stdout.split())
    for option, enum in (
        ("design", vocab.Design),
        ("population", vocab.Population),
        ("direction", vocab.Direction),
    ):
        offered = re.search(rf"--{option} {option.upper()} ([a-z_, ]+)\.", text)
        assert offered, option
        values = [v.strip() for v in offered.group(1).split(",")]
        assert tuple(values) == vocab.values(enum)
        assert choices(option, values, enum) == tuple(values)
    assert not re.search(r"\bharm\b", text)


def test_a_prompted_value_is_checked_as_it_is_typed(
    db_path: Path, subprocess_env: dict[str, str]
) -> None:
    code, screen = run_on_terminal(
        ["add", "study", "--first-author", "Novak", "--year", "2024", "--dry-run"],
        {**subprocess_env, "IVIG_DB": str(db_path)},
        (
            "rtc",
            "rct",
            "ra",
            "benefit",
            "ameripharma-ivig-ra",
            "Overall, there is conflicting evidence on the benefits of IVIG for RA.",
        ),
    )
    assert code == 0, screen
    assert "unknown design 'rtc'; did you mean 'rct'?" in screen
    assert screen.count("Design (") == 2  # asked again, at once, nothing else lost
    assert "would add: 1 studies" in screen


def test_a_relative_xdg_data_home_is_ignored(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    env = {k: v for k, v in subprocess_env.items() if k not in ("IVIG_DB", "IVIG_DATABASE_URL")}
    env.update({"HOME": str(tmp_path), "XDG_DATA_HOME": "relative/data"})
    run = subprocess.run(
        [PYTHON, "-m", "ivig_evidence", "db", "path"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(
        tmp_path / ".local" / "share" / "ivig-evidence" / "ivig-evidence.sqlite"
    )
    assert os.path.isabs(run.stdout.strip())


def test_csv_for_excel_keeps_every_character(
    ivig: Any, db_path: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    plain = ivig("studies", "-f", "csv", "--all").stdout
    run = subprocess.run(
        [
            PYTHON,
            "-m",
            "ivig_evidence",
            "--db",
            str(db_path),
            "studies",
            "-f",
            "csv",
            "--all",
            "--excel",
        ],
        env=subprocess_env,
        capture_output=True,
        timeout=60,
    )
    assert run.returncode == 0
    data = run.stdout
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    text = data.decode("utf-8")
    assert text[1:].replace("\r\n", "\n") == plain
    assert "’" in text  # a curly apostrophe, intact
    sheet = tmp_path / "from-excel.csv"
    sheet.write_bytes(data)
    # What Excel saves comes back: every study is recognised (already present), none garbled.
    back = ivig("import", str(sheet), "--dry-run")
    assert back.exit_code == 0, back.stderr
    assert "nothing to add" in back.stderr
    studies = len(ivig("studies", "-f", "json", "--all").json())
    # Each skipped study is named, the first 25 of them, then the rest counted.
    named = back.stderr.count("(same id)")
    more = re.search(r"\.\.\. and (\d+) more", back.stderr)
    assert named == min(studies, 25) and named + int(more[1] if more else 0) == studies
    refused = ivig("studies", "--excel")
    assert refused.exit_code == 2 and "--format csv" in refused.stderr


def test_output_that_cannot_be_written_is_one_line(
    db_path: Path, subprocess_env: dict[str, str]
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    for args in (["studies", "-f", "json"], ["studies"], ["dose", "-i", "aosd", "-w", "70"]):
        with open("/dev/full", "w") as full:
            run = subprocess.run(
                [PYTHON, "-m", "ivig_evidence", "--db", str(db_path), *args],
                env=subprocess_env,
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=60,
            )
        assert run.returncode == 1, args
        assert (
            run.stderr.strip() == "ivig: error: cannot write the output: no space left on device."
        )


def test_a_database_in_a_new_directory_says_where_it_was_built(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    target = tmp_path / "new" / "dir" / "mine.sqlite"
    run = subprocess.run(
        [PYTHON, "-m", "ivig_evidence", "studies", "-d", "rct", "-f", "json"],
        env={**subprocess_env, "IVIG_DB": str(target)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert target.exists()
    (line,) = run.stderr.strip().splitlines()
    assert str(target) in line and f"created the directory {target.parent}" in line
    assert "curated data" in line


def test_sql_reads_the_search_index_and_csv_keeps_values_whole(ivig: Any, db_path: Path) -> None:
    counted = ivig("sql", "SELECT count(*) AS n FROM search_index", "-f", "json")
    assert counted.exit_code == 0, counted.stderr and counted.json()[0]["n"] > 100
    assert ivig("sql", "SELECT * FROM pragma_table_info('studies')").exit_code == 1
    csv_run = ivig("sql", "SELECT 'a' || char(10) || 'b' AS x, X'0102' AS y", "-f", "csv")
    json_run = ivig("sql", "SELECT 'a' || char(10) || 'b' AS x, X'0102' AS y", "-f", "json")
    import csv as csv_module
    import io

    (row,) = list(csv_module.DictReader(io.StringIO(csv_run.stdout)))
    assert row == {"x": "a\nb", "y": "0102"}
    assert json_run.json() == [{"x": "a\nb", "y": "0102"}]


def test_show_answers_to_author_year_and_publications_list_results(
    ivig: Any, db_path: Path
) -> None:
    (study,) = ivig("show", "kanik-1996", "-f", "json").json()
    assert study["id"] == "ra-low-dose-rct" and study["outcome"]
    assert study["citation"]["pmid"] == "8651966"
    (publication,) = ivig("show", "publication:kanik-1996", "-f", "json").json()
    assert publication["record"] == "publication"
    (reported,) = publication["study_results"]
    assert reported["id"] == "ra-low-dose-rct" and reported["outcome"] == study["outcome"]
    # An author-year that names two studies, or none, is not guessed.
    assert ivig("show", "nobody-1996").exit_code != 0
    cite = ivig("cite", "kanick-1996")
    assert cite.exit_code != 0 and "closest: kanik-1996" in cite.stderr


NUMBERS = [
    "10",
    "10.0",
    " 10 ",
    "+5",
    "-3",
    "00012",
    "1_000",
    "10.",
    "10.5",
    "1e3",
    "1.0e2",
    ".5",
    "inf",
    "nan",
    "Infinity",
    "0x10",
    "1,5",
    "1__0",
    "_1",
    "1_",
    "",
    "ten",
    "١٠",
    "٣.٥",
    "１０",
]


@pytest.mark.parametrize("text", NUMBERS)
@pytest.mark.parametrize("annotation", [int, float])
def test_plain_coercion_agrees_with_typers_own(annotation: type, text: str) -> None:
    """ivig reads numbers without pydantic (start-up time); it must read them as Typer
    would have: the same value, or a refusal for the same input."""
    from pydantic import TypeAdapter, ValidationError

    from ivig_evidence.cli.coercion import _number

    try:
        expected = TypeAdapter(annotation).validate_python(text)
    except ValidationError:
        expected = None
    found = _number(annotation, text)
    if isinstance(expected, float) and expected != expected:  # nan
        assert isinstance(found, float) and found != found
    else:
        assert found == expected and type(found) is type(expected)


def test_typer_is_pinned_below_the_next_minor(pyproject: dict[str, Any]) -> None:
    (typer_requirement,) = [
        d for d in pyproject["project"]["dependencies"] if d.startswith("typer")
    ]
    assert "<" in typer_requirement  # coercion.py relies on Typer's internals
    import typer

    major, minor = (int(x) for x in typer.__version__.split(".")[:2])
    upper = typer_requirement.split("<", 1)[1]
    assert (major, minor) < tuple(int(x) for x in upper.split(".")[:2])


@pytest.fixture
def pyproject() -> dict[str, Any]:
    import tomllib

    return tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())


def test_no_table_is_a_header_alone(ivig: Any, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM statements WHERE position_id IS NOT NULL")
        conn.execute("DELETE FROM positions")
    run = ivig("positions", "-i", "sjia")
    assert run.exit_code == 0 and run.stdout == ""
    assert "no guideline, regulatory or source positions recorded on sjia" in run.stderr
    assert ivig("positions", "-f", "json").json() == []
    (top,) = ivig("show", "ra", "-f", "json").json()
    table = ivig("show", "ra").stdout
    assert top["parent"] is None and "none (a top-level indication)" in table
    assert "part of            unknown" not in table


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["studies"], "no studies match"),
        (["indications"], "no indications recorded"),
        (["positions"], "no guideline, regulatory or source positions recorded"),
        (["map"], "no indications recorded: the map is empty"),
        (["conflicts"], "no conflicts"),
        (["search", "IVIG"], "nothing found for IVIG"),
    ],
)
def test_an_empty_answer_is_a_message_and_empty_data_in_every_format(
    ivig: Any, tmp_path: Path, empty_db: Path, command: list[str], says: str
) -> None:
    """Nothing to show: tables and markdown print nothing and say so on stderr (a pipe
    gets no words it could take for data); CSV is its header alone, JSON []."""
    empty = tmp_path / "empty.sqlite"  # as `db init --empty` builds it (tested in test_curation)
    shutil.copyfile(empty_db, empty)
    for fmt in ("table", "markdown"):
        run = ivig("--db", str(empty), *command, "-f", fmt)
        assert (run.exit_code, run.stdout) == (0, ""), (fmt, run.stdout)
        assert run.stderr.strip() == says
    csv_run = ivig("--db", str(empty), *command, "-f", "csv")
    assert csv_run.exit_code == 0 and csv_run.stderr == ""
    assert len(csv_run.stdout.splitlines()) == 1 and "," in csv_run.stdout
    assert ivig("--db", str(empty), *command, "-f", "json").json() == []


@pytest.mark.faults
def test_a_read_only_home_names_the_ways_out(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    mounted = False
    if os.geteuid() == 0:
        done = subprocess.run(["mount", "--bind", str(home), str(home)], capture_output=True)
        again = subprocess.run(["mount", "-o", "remount,bind,ro", str(home)], capture_output=True)
        mounted = done.returncode == 0 and again.returncode == 0
        if not mounted:
            pytest.skip("cannot mount a read-only directory here")
    else:
        home.chmod(0o555)
    try:
        env = {k: v for k, v in subprocess_env.items() if k not in ("IVIG_DB", "XDG_DATA_HOME")}
        run = subprocess.run(
            [PYTHON, "-m", "ivig_evidence", "studies", "-d", "rct"],
            env={**env, "HOME": str(home)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        if mounted:
            subprocess.run(["umount", str(home)], check=False)
        else:
            home.chmod(0o755)
    assert run.returncode == 1 and run.stdout == ""
    (line,) = run.stderr.strip().splitlines()
    assert "--db PATH" in line and "IVIG_DB" in line and "internal error" not in line


@pytest.mark.parametrize(
    "args",
    [
        ["studies", "-d", "rtc"],
        ["show", "nothing-here"],
        ["sql", "SELEC 1"],
        ["search", "AND"],
        ["dose", "-i", "ra", "-w", "abc"],
        ["studies", "--since", "3000"],
        ["cite", "kanick-1996"],
    ],
    ids=" ".join,
)
def test_every_error_is_one_sentence(ivig: Any, db_path: Path, args: list[str]) -> None:
    run = ivig(*args)
    assert run.exit_code != 0 and run.stdout == ""
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith("ivig: error: ") and line.endswith((".", "?", "!")), line
