"""The import rules at their boundaries, and hostile files: one report, nothing written."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.test_curation import NEW_STUDY, write_json


def _local_studies(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(
            conn.execute("SELECT count(*) FROM studies WHERE origin = 'local'").fetchone()[0]
        )


def _dry_run(ivig: Any, tmp_path: Path, study: dict[str, Any]) -> Any:
    return ivig("import", "--dry-run", str(write_json(tmp_path / "one.json", [study])))


@pytest.mark.parametrize(
    ("changes", "accepted"),
    [
        ({"year": 1800}, True),
        ({"year": 2100}, True),
        ({"year": 1799}, False),
        ({"year": 2101}, False),
        ({"n": 1}, True),
        ({"n": 0}, False),
        ({"n": 10**30}, False),
        ({"n": 1e30}, False),
        ({"n": "12"}, True),
        ({"n": 12.5}, False),
    ],
)
def test_year_and_n_boundaries(
    ivig: Any, db_path: Path, tmp_path: Path, changes: dict[str, Any], accepted: bool
) -> None:
    run = _dry_run(ivig, tmp_path, dict(NEW_STUDY, **changes))
    assert (run.exit_code == 0) is accepted, run.stderr
    if not accepted:
        (name,) = changes
        assert f"item 1, {name}:" in run.stderr


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("first_author",), 42, "first_author: must be text, not a number"),
        (("outcome",), ["a", "list"], "outcome: must be text, not a list"),
        (("id",), {"an": "object"}, "id: must be text, not an object"),
        (("sources", 0, "quote"), 7, "sources[1].quote: must be text, not a number"),
        (("citation", "title"), 3.5, "citation.title: must be text, not a number"),
        (("doses", 0, "text"), 2, "doses[1].text: must be text, not a number"),
        (("doses", 0, "days_low"), 10**30, "doses[1].days_low:"),
        (("record_notes",), [{"topic": "dose", "note": 5}], "record_notes[1].note: must be text"),
    ],
)
def test_a_value_of_the_wrong_kind_is_a_field_problem(
    ivig: Any, db_path: Path, tmp_path: Path, path: tuple[Any, ...], value: Any, expected: str
) -> None:
    study = copy.deepcopy(NEW_STUDY)
    target: Any = study
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    run = ivig("import", str(write_json(tmp_path / "bad.json", [study])))
    assert run.exit_code == 1, run.stdout
    assert expected in run.stderr
    assert "internal error" not in run.stderr
    assert _local_studies(db_path) == 0


@pytest.mark.parametrize("number", ["1e400", "-1e400", "NaN", "Infinity"])
def test_a_dose_that_is_not_a_finite_number_is_refused(
    ivig: Any, db_path: Path, tmp_path: Path, number: str
) -> None:
    text = json.dumps([NEW_STUDY]).replace('"amount_high": 2', f'"amount_high": {number}')
    path = tmp_path / "inf.json"
    path.write_text(text, encoding="utf-8")
    for args in (["--dry-run"], []):
        run = ivig("import", *args, str(path))
        assert run.exit_code == 1 and "doses[1].amount_high:" in run.stderr, run.stderr
    assert _local_studies(db_path) == 0
    assert "Infinity" not in ivig("studies", "-f", "json", "--all").stdout


def test_deeply_nested_json_is_one_line(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    run = ivig("import", str(path))
    assert run.exit_code == 1
    assert len(run.stderr.strip().splitlines()) == 1 and "internal error" not in run.stderr


def test_a_long_csv_cell_is_read(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "long.csv"
    long_note = "x" * 200_000
    sheet.write_text(
        "design,population,direction,document,quote,note\n"
        f"rct,ra,benefit,ameripharma-ivig-ra,A quote.,{long_note}\n",
        encoding="utf-8",
    )
    run = ivig("import", str(sheet))
    assert run.exit_code == 1 and "note: is 200,000 characters long" in run.stderr


@pytest.mark.parametrize("read_whole_below", [10**9, 0], ids=["ids whole", "ids by key"])
def test_a_copied_study_with_a_new_id_is_refused_by_the_dry_run_too(
    ivig: Any,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    read_whole_below: int,
) -> None:
    from ivig_evidence.importing import plan

    monkeypatch.setattr(plan, "READ_WHOLE_BELOW", read_whole_below)
    # Copied from `ivig studies --format json`: its dose ids come along.
    (kanik,) = [s for s in ivig("studies", "-f", "json").json() if s["id"] == "ra-low-dose-rct"]
    copied = dict(kanik, id="my-copy", citation={})
    path = write_json(tmp_path / "copy.json", [copied])
    for args in (["--dry-run"], []):
        run = ivig("import", *args, str(path))
        assert run.exit_code == 1
        assert "item 1, doses[1].id: 'ra-low-dose-rct-dose' is already used" in run.stderr
    assert _local_studies(db_path) == 0


def test_studies_csv_output_imports_back_unchanged(
    ivig: Any,
    db_path: Path,
    tmp_path: Path,
    fresh_copy: Any,
) -> None:
    study = dict(
        NEW_STUDY,
        record_notes=[{"topic": "dropouts", "note": "Two left.", "checked_against": "X"}],
    )
    assert ivig("import", str(write_json(tmp_path / "new.json", [study]))).exit_code == 0
    sheet = tmp_path / "studies.csv"
    sheet.write_text(ivig("studies", "-f", "csv", "--all").stdout, encoding="utf-8")
    other = fresh_copy(tmp_path / "other.sqlite")
    run = ivig("import", "--db", str(other), str(sheet))
    assert run.exit_code == 0, run.stderr
    assert "added: 1 publications, 1 studies" in run.stderr  # the curated ones are there already

    def mine(db: Path) -> list[Any]:
        listed = ivig("studies", "--db", str(db), "-f", "json", "--all").json()
        return [s for s in listed if s["first_author"] == "Novak"]

    assert mine(other) == mine(db_path) and len(mine(other)) == 1


def test_a_table_file_with_a_non_finite_number_is_refused(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "dose_regimens.json").write_text(
        '[{"id": "r-nan", "context": "suggested", "basis": "per_day", "repeat_interval": "once", '
        '"text": "NaN g/kg", "ambiguous": false, "amount_low": NaN, "amount_high": NaN, '
        '"unit": "g/kg"}]',
        encoding="utf-8",
    )
    run = ivig("import", str(folder))
    assert run.exit_code == 1
    assert "dose_regimens row 1, amount_low: 'nan' is not a number" in run.stderr


def test_a_huge_file_of_bad_records_stops_early_in_bounded_memory(
    db_path: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    import resource
    import subprocess
    import sys

    path = tmp_path / "empties.json"
    path.write_text("[" + ",".join(["{}"] * 500_000) + "]", encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, "-m", "ivig_evidence", "import", str(path)],
        capture_output=True,
        text=True,
        env={**subprocess_env, "IVIG_DB": str(db_path)},
        timeout=120,
    )
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert done.returncode == 1
    assert "at least 1000 problems (checking stopped there), nothing written" in done.stderr
    assert max(peak_kb, before) < 300_000  # KB: the file is never held as 500,000 objects
    assert _local_studies(db_path) == 0


def test_a_json_array_of_studies_is_read_one_study_at_a_time(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    studies = [
        dict(NEW_STUDY, id=f"s-{n}", first_author=f"A{n}", citation={"title": f"T{n}"})
        for n in range(300)
    ]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(studies, indent=2), encoding="utf-8")
    from ivig_evidence.importing import readers

    original = readers.READ_CHUNK
    readers.READ_CHUNK = 97  # items cross every chunk boundary
    try:
        run = ivig("import", str(path))
    finally:
        readers.READ_CHUNK = original
    assert run.exit_code == 0, run.stderr
    assert _local_studies(db_path) == 300


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"design": "rct"} {"design": "rct"}]', "expected , or ] between items"),
        ('[{"design": "rct"},]', "item 2"),
        ('[{"design": "rct"}', "the array is never closed"),
        ('[{"design": "rct"}] and more', "text after the closing ]"),
    ],
)
def test_a_malformed_array_is_one_line(
    ivig: Any, db_path: Path, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    run = ivig("import", str(path))
    assert run.exit_code == 1 and message in run.stderr
    assert _local_studies(db_path) == 0


def test_rows_written_from_json_are_the_rows_executemany_writes(db_path: Path) -> None:
    """The import's fast path (SQLite reads a batch from one JSON array) must store
    exactly what binding each value does: the same text, numbers and types."""
    import shutil
    import sqlite3

    from ivig_evidence.importing.writing import insert_rows
    from ivig_evidence.store.db import write_engine

    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        study = dict(conn.execute("SELECT * FROM studies ORDER BY id LIMIT 1").fetchone())
        regimen = dict(conn.execute("SELECT * FROM dose_regimens ORDER BY id LIMIT 1").fetchone())
    awkward = 'Ñoño “quoted” \\ "plain" 🙂\n\ttab \x01 \u2028 end'
    studies = [
        {**study, "id": "json-1", "first_author": awkward, "n": 2**53 + 1, "year": 1999},
        {**study, "id": "json-2", "first_author": None, "n": None, "result": "", "note": "0"},
    ]
    regimens = [
        {**regimen, "id": f"json-r{i}", "study_id": "json-1", "amount_low": low,
         "amount_high": high, "ambiguous": flag, "text": awkward,
         "ambiguity_note": "read two ways" if flag else None}
        for i, (low, high, flag) in enumerate(
            [(0.1, 2 / 3, True), (1e-7, 0.4, False), (123456.789, 123456.789, True), (1.0, 2.5, False)]
        )
    ]  # fmt: skip
    copies = {}
    for via_json in (True, False):
        copy = db_path.with_name(f"via-{via_json}.sqlite")
        shutil.copyfile(db_path, copy)
        engine = write_engine(copy, enforce_foreign_keys=False)
        with engine.begin() as conn:
            insert_rows(conn, "studies", studies, via_json=via_json)
            insert_rows(conn, "dose_regimens", regimens, via_json=via_json)
        engine.dispose()
        with sqlite3.connect(copy) as conn:
            copies[via_json] = [
                conn.execute(
                    f"SELECT *, {', '.join(f'typeof({c})' for c in columns)} FROM {table} "
                    f"WHERE id LIKE 'json-%' ORDER BY id"
                ).fetchall()
                for table, columns in (
                    ("studies", list(studies[0])),
                    ("dose_regimens", list(regimens[0])),
                )
            ]
    assert len(copies[True][0]) == 2 and len(copies[True][1]) == 4
    assert copies[True] == copies[False]
    assert copies[True][0][0][1] == awkward and copies[True][0][0][6] == 2**53 + 1
