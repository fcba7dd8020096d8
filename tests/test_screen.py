"""What a reader sees on a terminal: at 80 and 160 columns, with and without colour.

Each view is run on a pseudo-terminal of the given width; every line must fit,
a list command must give each record one line, ids and headers must stand
whole, and colour must mean something and vanish with NO_COLOR or in a pipe.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import run_on_terminal
from tests.test_widths import READ_COMMANDS

ANSI = re.compile(r"\x1b\[[0-9;]*m")
VIEWS = [
    ["studies"],
    ["studies", "-d", "rct"],
    ["indications"],
    ["positions"],
    ["conflicts"],
    ["search", "immunoglobulin"],
    ["map"],
    ["evidence", "-i", "ra"],
    ["evidence", "-i", "aosd"],
    ["dose", "-i", "aosd"],
    ["dose", "-i", "aosd", "--weight", "70"],
    ["dose", "-i", "ra", "--weight", "120", "--round", "10"],
    ["show", "silverman-1994"],
    ["show", "kanik-1996"],
    ["show", "aosd"],
    ["schema"],
    ["sql", "SELECT id, quote FROM statements"],
]


def screen(args: list[str], env: dict[str, str], columns: int, colour: bool = False) -> str:
    code, text = run_on_terminal(args, env, columns=columns, colour=colour)
    assert code == 0, text
    return text.replace("\r\n", "\n")


@pytest.fixture
def env(subprocess_env: dict[str, str], db_path: Path) -> dict[str, str]:
    return {**subprocess_env, "IVIG_DB": str(db_path)}


# The views test_widths does not already fit at 40, 80 and 120 columns.
NOT_IN_WIDTHS = [v for v in VIEWS if v not in READ_COMMANDS]


@pytest.mark.parametrize("columns", [80, 160])
@pytest.mark.parametrize("args", NOT_IN_WIDTHS, ids=[" ".join(v) for v in NOT_IN_WIDTHS])
def test_every_line_fits_the_terminal(env: dict[str, str], args: list[str], columns: int) -> None:
    for line in screen(args, env, columns).splitlines():
        assert len(line) <= columns, line


@pytest.mark.parametrize("columns", [80, 160])
def test_where_the_columns_do_not_fit_each_study_is_a_record(
    ivig: Any, env: dict[str, str], columns: int
) -> None:
    ids = [s["id"] for s in ivig("studies", "-f", "json").json()]
    lines = screen(["studies"], env, columns).splitlines()
    assert lines[:2] == ["Studies", ""]  # no header: a record names its own fields
    firsts = [line.split()[0] for line in lines if line[:1].strip() and line.split()]
    for study_id in ids:
        assert firsts.count(study_id) == 1  # whole, once, at the start of its block


def test_wide_keeps_the_table_one_line_a_study(ivig: Any, env: dict[str, str]) -> None:
    ids = [s["id"] for s in ivig("studies", "-f", "json").json()]
    lines = screen(["studies", "--wide"], env, 80).splitlines()
    header = lines[1].split()
    assert header[:3] == ["id", "author", "year"] and header[-1] == "checked"  # whole
    for study_id in ids:
        (line,) = [line for line in lines if line.split()[:1] == [study_id]]


def test_prose_is_cut_with_an_ellipsis_after_a_whole_word(env: dict[str, str], ivig: Any) -> None:
    """Where a table cuts prose at its cap (here `ivig sql`, 60 characters), it cuts
    after a whole word, with an ellipsis; ids stand whole."""
    query = "SELECT id, quote FROM statements"
    rows = ivig("sql", query, "-f", "json").json()
    words = {w for r in rows for w in r["quote"].split()}
    ids = {r["id"] for r in rows}
    lines = screen(["sql", query, "--all"], env, 120).splitlines()
    cut = 0
    for line in lines:
        if not line.split() or line.split()[0] not in ids:
            continue
        quote = line[line.index(line.split()[0]) + len(line.split()[0]) :].split()
        for token in quote[:-1]:
            assert token in words, token
        if quote and quote[-1].endswith("…"):
            cut += 1
            stem = quote[-1][:-1]  # a whole word, its trailing punctuation dropped
            assert any(w.rstrip(",;:-") == stem for w in words), quote[-1]
    assert cut > 10


def test_the_result_is_whole_in_the_listing_and_in_the_record_view(
    env: dict[str, str], ivig: Any
) -> None:
    (study,) = [s for s in ivig("studies", "-f", "json").json() if s["id"] == "silverman-1994"]
    listing = " ".join(screen(["studies"], env, 80).split())
    assert study["outcome"] in listing and study["dose"] in listing  # wrapped, never cut
    record = " ".join(screen(["show", "silverman-1994"], env, 80).split())
    assert study["outcome"] in record  # wrapped at words, nothing lost


def test_wide_shows_every_column(env: dict[str, str]) -> None:
    narrow = screen(["studies", "-d", "rct"], env, 80)
    assert "--wide shows every column" in " ".join(narrow.split())
    assert "citation" not in narrow.splitlines()[1]
    wide = screen(["studies", "-d", "rct", "--wide"], env, 80)
    assert "citation" in wide and "Pediatric Rheumatology Collaborative Study Group" in wide


def test_colour_means_something_and_vanishes_with_no_color_or_in_a_pipe(
    env: dict[str, str], ivig: Any
) -> None:
    coloured = screen(["studies"], env, 120, colour=True)
    red = re.compile(r"\x1b\[[0-9;]*31m(contradicted)")
    yellow = re.compile(r"\x1b\[[0-9;]*33m(unconfirmed)")
    green = re.compile(r"\x1b\[[0-9;]*32m(confirmed)")
    assert red.search(coloured) and yellow.search(coloured) and green.search(coloured)
    plain = screen(["studies"], env, 120, colour=False)  # NO_COLOR=1
    assert "\x1b" not in plain
    assert ANSI.sub("", coloured).splitlines() == plain.splitlines()
    piped = ivig("studies").stdout
    assert "\x1b" not in piped
    implausible = screen(["dose", "-i", "aosd", "-w", "70"], env, 120, colour=True)
    assert re.search(r"\x1b\[[0-9;]*31mIMPLAUSIBLE", implausible)


def test_the_disclaimer_wraps_at_words(env: dict[str, str]) -> None:
    lines = screen(["studies"], env, 80).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ivig supports"))
    text = " ".join(line.strip() for line in lines[start:])
    assert "Check the primary sources before acting on any figure." in text
    for line in lines[start:]:
        assert len(line) <= 80 and not line.rstrip().endswith("-")


def test_a_section_cut_says_how_many_more_and_how(
    env: dict[str, str], empty_db_with_studies: Path, subprocess_env: dict[str, str]
) -> None:
    text = screen(
        ["evidence", "-i", "ra"], {**subprocess_env, "IVIG_DB": str(empty_db_with_studies)}, 100
    )
    assert "4 more rct: ivig studies -i ra -d DESIGN" in " ".join(text.split())  # 9 RCTs, 5 shown


@pytest.fixture
def empty_db_with_studies(tmp_path: Path) -> Path:
    """A database with eight RA trials: more than evidence shows of one design."""
    import sqlite3

    from ivig_evidence.store.migrate import build_database

    path = tmp_path / "many.sqlite"
    build_database(path)
    with sqlite3.connect(path) as conn:
        for number in range(8):
            conn.execute(
                "INSERT INTO studies (id, design, population, direction, n) VALUES "
                f"('trial-{number}', 'rct', 'ra', 'benefit', {10 + number})"
            )
            conn.execute(
                "INSERT INTO study_indications (study_id, indication_slug) VALUES "
                f"('trial-{number}', 'ra')"
            )
    return path


def test_the_terminal_writes_rows_as_they_come() -> None:
    """The first line is out before the rows are all read: --all streams."""
    import io

    from ivig_evidence.cells import Table
    from ivig_evidence.terminal import SAMPLE_ROWS, write_table

    pulled = 0

    def rows() -> Any:
        nonlocal pulled
        for number in range(10 * SAMPLE_ROWS):
            pulled += 1
            yield [f"study-{number}", number]

    class Watch(io.StringIO):
        first_write_after: int | None = None

        def write(self, text: str) -> int:
            if "study-0" in text and self.first_write_after is None:
                self.first_write_after = pulled
            return super().write(text)

    stream = Watch()
    write_table(stream, Table("Studies", ("id", "n"), rows()), width=80)
    assert stream.first_write_after is not None and stream.first_write_after <= SAMPLE_ROWS
    assert pulled == 10 * SAMPLE_ROWS


def test_spare_width_shows_a_wide_only_column_as_soon_as_it_fits() -> None:
    """Not only when every column fits: here the design fits beside the rest and is
    shown; the note does not, and is named as left out."""
    import io

    from ivig_evidence.cells import Table
    from ivig_evidence.terminal import Column, Kind, write_table

    columns = (
        Column("id", Kind.ID),
        Column("note", Kind.TEXT, wide_only=True),
        Column("design", Kind.KEY, wide_only=True),
        Column("result", Kind.TEXT),
    )
    rows = [["study-1", "a note long enough not to fit in the room left " * 2, "rct", "better"]]
    stream = io.StringIO()
    write_table(stream, Table("Studies", columns, rows), width=40)
    lines = stream.getvalue().splitlines()
    assert lines[1].split() == ["id", "design", "result"]
    assert lines[2].split() == ["study-1", "rct", "better"]
    assert "(note not shown at this width" in lines[3]


# ------------------------------------------------------------------ the map as a picture


@pytest.fixture
def chart(ivig: Any, db_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "map.svg"
    run = ivig("map", "--svg", str(path), "-f", "json")
    assert run.exit_code == 0
    return path


def test_the_map_is_a_chart_with_legends_and_words(chart: Path, ivig: Any, db_path: Path) -> None:
    root = ET.parse(chart).getroot()
    svg = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{svg}svg"
    texts = [t.text or "" for t in root.iter(f"{svg}text")]
    release = ivig("db", "status", "-f", "json").json()[0]["data_release"]
    assert any(release in t for t in texts)  # the title names the release
    every_word = " ".join(texts)
    for label in ("Randomised trial", "Case series", "Adult-onset Still's disease (aosd)"):
        assert label in every_word, label
    assert "Studies in a cell" in texts and "benefit" in texts and "no benefit" in texts
    indications = ivig("indications", "-f", "json").json()
    cells = [r for r in root.iter(f"{svg}rect") if r.get("width") == "96"]
    from ivig_evidence import vocab

    assert len(cells) == len(indications) * len(vocab.DESIGN_STRENGTH)  # a cell a design
    width = float(root.get("width") or 0)
    for text in root.iter(f"{svg}text"):  # nothing starts outside the picture
        assert 0 <= float(text.get("x") or 0) <= width


def _need(binary: str) -> str:
    import os
    import shutil

    found = shutil.which(binary)
    if found is None:
        if os.environ.get("IVIG_REQUIRE_RENDERERS"):
            pytest.fail(f"{binary} must be installed here (.ci/run installs it)")
        pytest.skip(f"{binary} is not installed")
    return found


def test_librsvg_renders_the_map(chart: Path, tmp_path: Path) -> None:
    import subprocess

    converter = _need("rsvg-convert")
    image = tmp_path / "map.png"
    done = subprocess.run(
        [converter, str(chart), "-o", str(image)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_browser_renders_the_map(chart: Path, tmp_path: Path) -> None:
    import subprocess

    browser = _need("chromium")
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            chart.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "<svg" in done.stdout and "Case series" in done.stdout


# ------------------------------------------------------------------ CSV sections


@pytest.mark.parametrize(
    ("args", "sections"),
    [
        (
            ["evidence", "-i", "ra"],
            ["studies", "positions", "doses", "disagreements", "bottom-line"],
        ),
        (["dose", "-i", "aosd"], ["doses", "positions"]),
        (["dose", "-i", "aosd", "-w", "70"], ["doses", "positions"]),
        (["show", "silverman-1994"], ["record", "doses", "statements", "notes"]),
    ],
)
def test_csv_never_drops_a_section_silently(
    ivig: Any, args: list[str], sections: list[str]
) -> None:
    import csv
    import io

    default = ivig(*args, "-f", "csv")
    assert default.exit_code == 0
    assert all(name in default.stderr for name in sections[1:])  # the others are named
    for name in sections:
        run = ivig(*args, "-f", "csv", "--section", name)
        assert run.exit_code == 0, run.stderr
        assert list(csv.reader(io.StringIO(run.stdout)))[0]  # a header row
    assert ivig(*args, "-f", "csv", "--section", "nope").exit_code == 2


@pytest.mark.parametrize("args", [["dose", "-i", "aosd"], ["show", "silverman-1994"]])
def test_the_recorded_regimens_are_one_section_doses_as_in_json(ivig: Any, args: list[str]) -> None:
    """One name per meaning: the recorded regimens are "doses" in JSON and in CSV; the
    old section name, "regimens", still writes the same section."""
    doses = ivig(*args, "-f", "csv", "--section", "doses")
    assert doses.exit_code == 0 and doses.stdout.startswith("regimen,")
    assert ivig(*args, "-f", "csv", "--section", "regimens").stdout == doses.stdout
    assert "wrote the doses section" in ivig(*args, "-f", "csv").stderr or args[0] == "show"
