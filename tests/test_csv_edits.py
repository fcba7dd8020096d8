"""An edited `ivig studies --format csv` sheet is applied or refused, never ignored.

A person opens the export in Excel, changes a cell and saves; `ivig import --update`
reads it back. Excel is simulated: the file is read with the csv module, one cell
changed, and written back as Excel saves "CSV UTF-8" (a byte-order mark, CRLF). Every
column the export writes is edited in turn, through the real CLI on a real database
file, and the database is read afterwards: the value changed (and nothing else), or
the import was refused naming the cell (and nothing changed).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.test_curation import NEW_STUDY, content, write_json

from ivig_evidence.studies import STUDIES_CSV_COLUMNS

STUDY_ID = "novak-2024"
# Every visible cell of this study holds something, so every one can be edited.
STUDY: dict[str, Any] = dict(
    NEW_STUDY,
    id=STUDY_ID,
    population_text="Adults with RA refractory to two DMARDs",
    comparator="none",
    outcome_measures="DAS28 at 12 weeks",
    note="A small series.",
    citation=dict(NEW_STUDY["citation"], journal="J Example", pmid="31234567"),
    record_notes=[{"topic": "dropouts", "note": "Two left.", "checked_against": "X"}],
)


def sheet(ivig: Any, *, excel: bool = True) -> tuple[list[str], list[list[str]]]:
    """The study exported as `ivig studies --format csv` writes it: header and rows."""
    run = ivig("studies", "-f", "csv", *(["--excel"] if excel else []), "--author", "Novak")
    assert run.exit_code == 0, run.stderr
    text = run.stdout.removeprefix("\ufeff")
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    assert len(rows) == 1 and rows[0][header.index("id")] == STUDY_ID
    return header, rows


def save(path: Path, header: list[str], rows: list[list[str]], *, excel: bool = True) -> Path:
    """The sheet as a spreadsheet saves it: Excel's "CSV UTF-8" has a BOM and CRLF."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n" if excel else "\n").writerows([header, *rows])
    path.write_bytes((("\ufeff" if excel else "") + out.getvalue()).encode("utf-8"))
    return path


def the_study(ivig: Any) -> dict[str, Any]:
    (found,) = [s for s in ivig("studies", "-f", "json", "--all").json() if s["id"] == STUDY_ID]
    return dict(found)


def stored(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return [tuple(r) for r in conn.execute(sql, {"id": STUDY_ID})]


def at(record: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        record = record[key]
    return record


def put(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A deep copy of ``record`` with the value at ``path`` replaced."""
    copied: dict[str, Any] = json.loads(json.dumps(record))
    parent = at(copied, path[:-1])
    parent[path[-1]] = value
    return copied


@dataclass(frozen=True)
class Applied:
    """An edit the import applies: the study then has ``value`` at ``path`` (in the
    shape `ivig studies -f json` prints), and the database ``sql`` reads ``row``."""

    edit: str | Callable[[str], str]  # the new cell, or how the old one is changed
    path: tuple[Any, ...]
    value: Any
    sql: str
    row: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Refused:
    """An edit the import refuses: it names the cell, and nothing is written."""

    edit: str


def _days_high_7(cell: str) -> str:
    record = json.loads(cell)
    record["doses"][0]["days_high"] = 7
    return json.dumps(record)


# Every column the export writes, and what editing it does. A column the export gains
# without an entry here fails its test: say whether its edit is applied or refused.
EDITS: dict[str, Applied | Refused] = {
    "id": Refused("novak-2025"),
    "first_author": Applied(
        "Nováková", ("first_author",), "Nováková",
        "SELECT first_author FROM studies WHERE id = :id", [("Nováková",)],
    ),
    "year": Applied("2023", ("year",), 2023, "SELECT year FROM studies WHERE id = :id", [(2023,)]),
    "design": Applied(
        "observational", ("design",), "observational",
        "SELECT design FROM studies WHERE id = :id", [("observational",)],
    ),
    "population": Applied(
        "adult_ra", ("population",), "adult_ra",
        "SELECT population FROM studies WHERE id = :id", [("adult_ra",)],
    ),
    "population_text": Applied(
        "Adults with RA", ("population_text",), "Adults with RA",
        "SELECT population_text FROM studies WHERE id = :id", [("Adults with RA",)],
    ),
    "n": Applied("15", ("n",), 15, "SELECT n FROM studies WHERE id = :id", [(15,)]),
    "indications": Applied(
        "ra;ra-ild", ("indications",), ["ra", "ra-ild"],
        "SELECT indication_slug FROM study_indications WHERE study_id = :id ORDER BY 1",
        [("ra",), ("ra-ild",)],
    ),
    "comparator": Applied(
        "placebo", ("comparator",), "placebo",
        "SELECT comparator FROM studies WHERE id = :id", [("placebo",)],
    ),
    "dose": Refused("2 g/kg over 3 days"),
    "outcome_measures": Applied(
        "ACR20", ("outcome_measures",), "ACR20",
        "SELECT outcome_measures FROM studies WHERE id = :id", [("ACR20",)],
    ),
    "outcome": Applied(
        "Nine of twelve improved.", ("outcome",), "Nine of twelve improved.",
        "SELECT result FROM studies WHERE id = :id", [("Nine of twelve improved.",)],
    ),
    "direction": Applied(
        "mixed", ("direction",), "mixed",
        "SELECT direction FROM studies WHERE id = :id", [("mixed",)],
    ),
    "status": Refused("confirmed"),
    "citation": Refused("Novak J. IVIG in refractory RA. J Example 2024."),
    "doi": Refused("10.5555/novak.2025"),
    "pmid": Refused("31234568"),
    "publication_id": Refused("kanik-1996"),
    "note": Applied(
        "Corrected.", ("note",), "Corrected.",
        "SELECT note FROM studies WHERE id = :id", [("Corrected.",)],
    ),
    "record_notes": Refused("dropouts: Three left."),
    # The json column is the study itself: what no visible cell shows is edited there.
    "json": Applied(
        _days_high_7, ("doses", 0, "days_high"), 7,
        "SELECT days_low, days_high FROM dose_regimens WHERE study_id = :id", [(5, 7)],
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def imported(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built database with STUDY imported through the CLI, once for the module."""
    from tests.conftest import _invoke

    folder = tmp_path_factory.mktemp("with-study")
    path = folder / "ivig.sqlite"
    shutil.copyfile(built_db, path)
    run = _invoke("--db", str(path), "import", str(write_json(folder / "study.json", [STUDY])))
    assert run.exit_code == 0, run.stderr
    with sqlite3.connect(path) as conn:  # one file to copy: the write-ahead log folded in
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def with_study(imported: Path, db_path: Path) -> Path:
    """This test's database (IVIG_DB) holding STUDY, as imported above."""
    shutil.copyfile(imported, db_path)
    return db_path


def test_every_column_of_the_export_is_tested(ivig: Any, with_study: Path) -> None:
    header, _ = sheet(ivig)
    assert header == list(STUDIES_CSV_COLUMNS)  # the columns parametrized below
    assert sorted(EDITS) == sorted(header), "EDITS names a column the export no longer writes"


@pytest.mark.parametrize("column", STUDIES_CSV_COLUMNS)
def test_an_edited_cell_is_applied_or_refused(
    ivig: Any, with_study: Path, tmp_path: Path, column: str
) -> None:
    rule = EDITS.get(column)
    if rule is None:
        pytest.fail(f"the export writes '{column}': add it to EDITS, applied or refused")
    header, rows = sheet(ivig)
    at_column = header.index(column)
    old = rows[0][at_column]
    new = rule.edit(old) if callable(rule.edit) else rule.edit
    assert new != old
    rows[0][at_column] = new
    edited = save(tmp_path / "edited.csv", header, rows)
    before_study = the_study(ivig)
    before = content(ivig, with_study, tmp_path / "before")

    run = ivig("import", "--update", str(edited))

    if isinstance(rule, Refused):
        assert run.exit_code == 1, run.stderr
        assert f"row 2, {column}: the cell reads '{new}'" in run.stderr
        assert "nothing written" in run.stderr
        assert content(ivig, with_study, tmp_path / "after") == before
        return
    assert run.exit_code == 0, run.stderr
    assert f"replaced local study {STUDY_ID}" in run.stderr
    after = the_study(ivig)
    assert at(after, rule.path) == rule.value
    assert put(after, rule.path, at(before_study, rule.path)) == before_study  # only that
    assert stored(with_study, rule.sql) == rule.row


@pytest.mark.parametrize("excel", [True, False], ids=["excel", "plain"])
def test_a_sheet_saved_without_an_edit_changes_nothing(
    ivig: Any, with_study: Path, tmp_path: Path, excel: bool
) -> None:
    header, rows = sheet(ivig, excel=excel)
    row = dict(zip(header, rows[0], strict=True))
    # What a spreadsheet does to cells nobody edited: numbers as decimals, a fixed
    # value in another case, outer spaces, line ends, indications reordered.
    row |= {
        "n": "12.0",
        "year": "2024.0",
        "design": "Case_Series",
        "first_author": " Novak ",
        "note": "A small series.\r\n",
        "pmid": "31234567.0",
    }
    saved = save(tmp_path / "saved.csv", header, [[row[c] for c in header]], excel=excel)
    before = content(ivig, with_study, tmp_path / "before")
    run = ivig("import", "--update", str(saved))
    assert run.exit_code == 0, run.stderr
    assert content(ivig, with_study, tmp_path / "after") == before


def test_every_edited_cell_is_named_and_none_applied_when_one_is_refused(
    ivig: Any, with_study: Path, tmp_path: Path
) -> None:
    header, rows = sheet(ivig)
    for column, cell in (("n", "15"), ("dose", "1 g/kg"), ("status", "confirmed")):
        rows[0][header.index(column)] = cell
    run = ivig("import", "--update", str(save(tmp_path / "edited.csv", header, rows)))
    assert run.exit_code == 1
    assert "2 problem(s), nothing written" in run.stderr
    assert "row 2, dose: the cell reads '1 g/kg', the json column '2 g/kg over 5 days'" in (
        run.stderr
    )
    assert "row 2, status: the cell reads 'confirmed', the json column 'unconfirmed'" in (
        run.stderr
    )
    assert stored(with_study, "SELECT n FROM studies WHERE id = :id") == [(12,)]


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        ("n", "twelve", "row 2, n: 'twelve' is not a whole number of patients"),
        ("n", "12.5", "row 2, n: '12.5' is not a whole number of patients"),
        ("n", "1e999999999", "row 2, n: '1e999999999' is not a whole number of patients"),
        ("year", "", None),  # an emptied cell clears the year: applied
        ("design", "", "row 2, design: required"),
        ("direction", "better", "row 2, direction: 'better' is not one of"),
        ("indications", "ra;lupus", "row 2, indications: unknown indication 'lupus'"),
    ],
)
def test_an_edited_cell_is_checked_as_any_imported_value(
    ivig: Any, with_study: Path, tmp_path: Path, column: str, cell: str, message: str | None
) -> None:
    header, rows = sheet(ivig)
    rows[0][header.index(column)] = cell
    before = content(ivig, with_study, tmp_path / "before")
    run = ivig("import", "--update", str(save(tmp_path / "edited.csv", header, rows)))
    if message is None:
        assert run.exit_code == 0, run.stderr
        assert the_study(ivig)[column] is None
        return
    assert run.exit_code == 1 and message in run.stderr
    assert content(ivig, with_study, tmp_path / "after") == before


def test_an_edit_to_a_study_the_import_does_not_replace_is_reported_skipped(
    ivig: Any, with_study: Path, tmp_path: Path
) -> None:
    """Without --update the edited study is listed as skipped, never silently kept."""
    header, rows = sheet(ivig)
    rows[0][header.index("n")] = "15"
    run = ivig("import", str(save(tmp_path / "edited.csv", header, rows)))
    assert run.exit_code == 0, run.stderr
    assert f"skipped row 2: {STUDY_ID} is already in the database" in run.stderr
    assert stored(with_study, "SELECT n FROM studies WHERE id = :id") == [(12,)]
