"""Curating without fear: add, import, export, backups, and upgrades that keep local rows.

Every test runs the real CLI on a real database file copied from a full build.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True, params=["ids read whole", "ids asked by key"])
def context_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every rule here holds whether an import reads the database's ids whole (a small
    database) or asks for each by key (a large one): both ways run every test."""
    from ivig_evidence.importing import plan

    if request.param == "ids asked by key":
        monkeypatch.setattr(plan, "READ_WHOLE_BELOW", 0)
    return str(request.param)


# For a test the mode cannot change: one mode, not two runs of the same thing.
ONE_MODE = pytest.mark.parametrize("context_mode", ["ids read whole"], indirect=True)


NEW_STUDY: dict[str, Any] = {
    "first_author": "Novak",
    "year": 2024,
    "design": "case_series",
    "population": "ra",
    "direction": "benefit",
    "n": 12,
    "indications": ["rheumatoid arthritis"],
    "outcome": "Eight of twelve improved.",
    "citation": {"title": "IVIG in refractory RA: a case series", "doi": "10.5555/novak.2024"},
    "sources": [{"document": "ameripharma-ivig-ra", "quote": "A sentence quoted verbatim."}],
    "doses": [
        {
            "text": "2 g/kg over 5 days",
            "amount_low": 2,
            "amount_high": 2,
            "unit": "g/kg",
            "basis": "per_course",
            "days_low": 5,
            "days_high": 5,
        }
    ],
}


def write_json(path: Path, items: Any) -> Path:
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return [tuple(r) for r in conn.execute(sql)]


def content(ivig: Any, db: Path, out: Path) -> dict[str, str]:
    """The whole dataset as exported: {file name: text}."""
    run = ivig("export", "--db", str(db), "--out", str(out))
    assert run.exit_code == 0, run.stderr
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


# ------------------------------------------------------------------ import


def test_import_adds_a_study_with_its_provenance_as_local_rows(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    run = ivig("import", str(write_json(tmp_path / "new.json", [NEW_STUDY])))
    assert run.exit_code == 0, run.stderr
    assert "added: 1 publications, 1 studies" in run.stderr
    shown = ivig("studies", "--design", "case_series", "-f", "json", "--all").json()
    novak = next(s for s in shown if s["first_author"] == "Novak")
    assert (novak["n"], novak["indications"], novak["citation"]["doi"]) == (
        12,
        ["ra"],
        "10.5555/novak.2024",
    )
    assert [s["quote"] for s in novak["sources"]] == ["A sentence quoted verbatim."]
    assert novak["doses"][0]["amount_low"] == 2 and novak["doses"][0]["days_low"] == 5
    origins = rows(db_path, "SELECT DISTINCT origin FROM studies WHERE first_author = 'Novak'")
    assert origins == [("local",)]
    # Recorded in the row history, which undoes it; no whole-file copy is taken.
    assert "recorded as write 1: `ivig db undo 1` reverts it" in run.stderr
    assert "backed up" not in run.stderr and not list(db_path.parent.glob("*.backup-*"))


def test_the_same_study_twice_is_skipped_not_duplicated(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    first = write_json(tmp_path / "a.json", [NEW_STUDY])
    assert ivig("import", str(first)).exit_code == 0
    same_doi = dict(NEW_STUDY, id="another-id", first_author="Other")
    same_triple = dict(NEW_STUDY, id="third-id", citation={"title": NEW_STUDY["citation"]["title"]})
    again = ivig("import", str(write_json(tmp_path / "b.json", [NEW_STUDY, same_doi, same_triple])))
    assert again.exit_code == 0, again.stderr
    assert "nothing to add" in again.stderr
    assert again.stderr.count("skipped item") == 3 and "(same DOI)" in again.stderr
    assert rows(db_path, "SELECT count(*) FROM studies WHERE origin = 'local'") == [(1,)]


def test_every_problem_is_reported_at_once_and_nothing_is_written(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    before = content(ivig, db_path, tmp_path / "before")
    bad = dict(
        NEW_STUDY,
        design="rtc",
        year=1700,
        n=-3,
        indications=["aosdd"],
        citation={"doi": "11.x", "pmid": "12ab"},
        sources=[{"document": "nope", "quote": ""}],
        doses=[{"text": "x", "amount_low": 3, "amount_high": 2, "unit": "g/kg"}],
    )
    run = ivig("import", str(write_json(tmp_path / "bad.json", [NEW_STUDY, bad])))
    assert run.exit_code == 1
    for expected in (
        "item 2, design: 'rtc' is not valid; did you mean 'rct'?",
        "item 2, year: 1700 is outside",
        "item 2, n: -3 is not a positive number",
        "unknown indication 'aosdd'; did you mean 'aosd'?",
        "citation.doi: '11.x' is not a DOI",
        "citation.pmid: '12ab' is not a PMID",
        "sources[1].quote: a quote is required",
        "unknown document 'nope'",
        "doses[1].amount_low: 3 is above amount_high 2",
    ):
        assert expected in run.stderr
    assert "nothing written" in run.stderr
    assert content(ivig, db_path, tmp_path / "after") == before


def test_dry_run_reports_and_writes_nothing(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    before = content(ivig, db_path, tmp_path / "before")
    run = ivig("import", "--dry-run", str(write_json(tmp_path / "new.json", [NEW_STUDY])))
    assert run.exit_code == 0 and "would add: 1 publications, 1 studies" in run.stderr
    assert content(ivig, db_path, tmp_path / "after") == before
    assert not list(db_path.parent.glob("*.backup-*"))


def test_update_replaces_only_the_users_own_rows(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    mine = dict(NEW_STUDY, id="novak-2024")
    assert ivig("import", str(write_json(tmp_path / "a.json", [mine]))).exit_code == 0
    changed = dict(mine, n=14)
    skipped = ivig("import", str(write_json(tmp_path / "b.json", [changed])))
    assert "skipped" in skipped.stderr
    assert rows(db_path, "SELECT n FROM studies WHERE id = 'novak-2024'") == [(12,)]
    replaced = ivig("import", "--update", str(tmp_path / "b.json"))
    assert replaced.exit_code == 0 and "replaced local study novak-2024" in replaced.stderr
    assert rows(db_path, "SELECT n FROM studies WHERE id = 'novak-2024'") == [(14,)]
    assert rows(db_path, "SELECT count(*) FROM statements WHERE study_id = 'novak-2024'") == [(1,)]
    curated = dict(NEW_STUDY, id="silverman-1994", citation={})
    refused = ivig("import", "--update", str(write_json(tmp_path / "c.json", [curated])))
    assert "is curated" in refused.stderr
    assert rows(db_path, "SELECT n, origin FROM studies WHERE id = 'silverman-1994'") == [
        (31, "curated")
    ]


def test_a_csv_of_studies_imports(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "studies.csv"
    sheet.write_text(
        "first_author,year,design,population,direction,n,indications,title,pmid,document,quote\n"
        "Lee,2022,observational,ra,mixed,40,ra;ra-ild,IVIG cohort,12345678,ameripharma-ivig-ra,"
        '"Quoted, with a comma."\n',
        encoding="utf-8",
    )
    run = ivig("import", str(sheet))
    assert run.exit_code == 0, run.stderr
    got = rows(
        db_path,
        "SELECT s.n, p.pmid, st.quote FROM studies s JOIN publications p ON p.id = "
        "s.publication_id JOIN statements st ON st.study_id = s.id WHERE s.first_author = 'Lee'",
    )
    assert got == [(40, "12345678", "Quoted, with a comma.")]
    assert rows(
        db_path,
        "SELECT indication_slug FROM study_indications si JOIN studies s ON s.id = si.study_id "
        "WHERE s.first_author = 'Lee' ORDER BY 1",
    ) == [("ra",), ("ra-ild",)]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.json", b"", "is empty"),
        ("bom.json", b"\xef\xbb\xbf[]", "byte-order mark"),
        ("latin1.csv", "design,café\n".encode("latin-1"), "is not UTF-8"),
        ("object.json", b'{"id": "x"}', "must hold a JSON array of study objects"),
        ("numbers.json", b"[1, 2]", "must hold a JSON array of study objects"),
        ("really-csv.json", b"design,population\nrct,ra\n", "is not JSON"),
        ("short.csv", b"design,population\nrct,ra\n", "lacks the column(s) direction"),
        (
            "misspelt.csv",
            b"design,population,direction,document,quote,outcom,mine\nrct,ra,benefit,d,q,x,y\n",
            "has column(s) the import does not read: 'outcom' (did you mean 'outcome'?), "
            "'mine'; the columns are: id, first_author",
        ),
        ("lines.jsonl", b'{"id": 1}\n[2]\n', "line 2 is not a JSON object"),
        ("notes.txt", b"hello", "reads .json, .jsonl or .csv"),
    ],
)
@ONE_MODE  # a file refused whole, before any id is looked up
def test_bad_files_get_one_clear_line_and_nothing_is_written(
    ivig: Any, db_path: Path, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    run = ivig("import", str(path))
    assert run.exit_code == 1
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert rows(db_path, "SELECT count(*) FROM studies WHERE origin = 'local'") == [(0,)]


TABLE_STUDY = {
    "studies.json": [
        {"id": "tbl-1", "design": "rct", "population": "ra", "direction": "benefit"},
    ],
    "study_indications.json": [{"study_id": "tbl-1", "indication_slug": "ra"}],
    "statements.json": [
        {
            "id": "st-tbl-1",
            "document_id": "droracle-2025",
            "quote": "A sentence quoted verbatim.",
            "status": "unconfirmed",
            "study_id": "tbl-1",
        }
    ],
}


def import_input(tmp_path: Path, kind: str) -> Path:
    """A study file, or a directory of table files, adding one local study."""
    if kind == "study file":
        return write_json(tmp_path / "new.json", [NEW_STUDY])
    directory = tmp_path / "tables"
    directory.mkdir()
    for name, table_rows in TABLE_STUDY.items():
        write_json(directory / name, table_rows)
    return directory


@pytest.mark.parametrize("kind", ["study file", "table files"])
def test_an_import_interrupted_half_way_leaves_the_database_unchanged(
    ivig: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """`ivig import` itself, stopped by a failure once some of its rows are written (its
    studies, before their statements): none of them stays, no backup is kept, and the
    same import then goes through."""
    from ivig_evidence.importing import writing

    before = content(ivig, db_path, tmp_path / "before")
    source = import_input(tmp_path, kind)
    written: list[str] = []
    insert_rows = writing.insert_rows

    def insert_then_fail(conn: Any, table: str, table_rows: Any, **options: Any) -> None:
        insert_rows(conn, table, table_rows, **options)
        written.append(table)
        if table == "statements":
            raise RuntimeError("power cut")

    monkeypatch.setattr(writing, "insert_rows", insert_then_fail)
    failed = ivig("import", str(source))
    assert failed.exit_code == 1 and "RuntimeError: power cut" in failed.stderr
    assert "studies" in written and written[-1] == "statements"
    assert content(ivig, db_path, tmp_path / "after") == before
    assert list(db_path.parent.glob("*.backup-*")) == []
    monkeypatch.setattr(writing, "insert_rows", insert_rows)
    again = ivig("import", str(source))
    assert again.exit_code == 0, again.stderr
    assert rows(db_path, "SELECT count(*) FROM studies WHERE origin = 'local'") == [(1,)]


@ONE_MODE  # the lock is met before any id is looked up
def test_a_locked_database_waits_then_says_so(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        run = ivig("import", str(write_json(tmp_path / "new.json", [NEW_STUDY])))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert run.exit_code == 1
    assert "busy" in run.stderr and "nothing was changed" in run.stderr
    assert rows(db_path, "SELECT count(*) FROM studies WHERE origin = 'local'") == [(0,)]


# ------------------------------------------------------------------ add study


def test_add_study_with_its_provenance(ivig: Any, db_path: Path) -> None:
    run = ivig(
        "add",
        "study",
        "--design",
        "rct",
        "--population",
        "ra",
        "--direction",
        "no_benefit",
        "--document",
        "droracle-2025",
        "--quote",
        "No benefit was seen.",
        "--id",
        "kim-2026",
        "--first-author",
        "Kim",
        "--year",
        "2026",
        "--n",
        "30",
        "--indication",
        "ra",
        "--dose-text",
        "0.4 g/kg daily for 5 days",
        "--dose-low",
        "0.4",
        "--dose-unit",
        "g/kg",
        "--dose-basis",
        "per_day",
        "--dose-days",
        "5",
    )
    assert run.exit_code == 0, run.stderr
    shown = ivig("show", "kim-2026", "-f", "json").json()
    text = json.dumps(shown)
    assert "No benefit was seen." in text and "0.4 g/kg daily for 5 days" in text
    assert rows(db_path, "SELECT n, origin FROM studies WHERE id = 'kim-2026'") == [(30, "local")]


def test_a_study_not_added_is_an_error_that_says_why(ivig: Any, db_path: Path) -> None:
    """Two studies with no author or year both take the id "study": the second is not
    added, and `add study` must fail saying so (it said "nothing to add", exit 0)."""
    from tests.conftest import add_study_args

    first = ivig(*add_study_args("--outcome", "A first result."))
    assert first.exit_code == 0, first.stderr
    second = ivig(*add_study_args("--outcome", "Another result."))
    assert second.exit_code == 1
    assert second.stderr.startswith(
        "ivig: error: the study was not added: a study with the id 'study' is already in"
    )
    assert "--id" in second.stderr
    assert second.stderr.count("\n") == 1
    results = rows(db_path, "SELECT result FROM studies WHERE origin = 'local'")
    assert results == [("A first result.",)]
    given = ivig(*add_study_args("--outcome", "Another result.", "--id", "study"))
    assert given.exit_code == 1 and "--id" not in given.stderr
    other = ivig(*add_study_args("--outcome", "Another result.", "--id", "second-study"))
    assert other.exit_code == 0, other.stderr
    assert len(rows(db_path, "SELECT id FROM studies WHERE origin = 'local'")) == 2


@ONE_MODE  # refused for its fields, before any id is looked up
def test_add_study_without_provenance_is_refused(ivig: Any, db_path: Path) -> None:
    run = ivig("add", "study", "--design", "rct", "--population", "ra", "--direction", "benefit")
    assert run.exit_code == 2
    assert "--document" in run.stderr and "--quote" in run.stderr
    bad = ivig(
        "add",
        "study",
        "--design",
        "rtc",
        "--population",
        "ra",
        "--direction",
        "benefit",
        "--document",
        "droracle-2025",
        "--quote",
        "q",
        "--year",
        "3000",
    )
    # Typed values, not a file's rows: a usage error, each problem after its option.
    assert bad.exit_code == 2 and "--design: 'rtc' is not valid; did you mean 'rct'" in bad.stderr
    assert "--year: 3000 is outside 1800-2100" in bad.stderr and bad.stderr.count("\n") == 1
    assert rows(db_path, "SELECT count(*) FROM studies WHERE origin = 'local'") == [(0,)]


# ------------------------------------------------------------------ export and round trip


@ONE_MODE  # into an empty database: no id to find, read whole or asked for by key
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_an_empty_database_gives_the_same_content(
    ivig: Any,
    db_path: Path,
    tmp_path: Path,
    fmt: str,
    fresh_copy: Any,
) -> None:
    assert ivig("import", str(write_json(tmp_path / "new.json", [NEW_STUDY]))).exit_code == 0
    exported = tmp_path / "export"
    assert ivig("export", "--format", fmt, "--out", str(exported)).exit_code == 0
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["studies"] == rows(db_path, "SELECT count(*) FROM studies")[0][0]
    empty = tmp_path / "empty.sqlite"
    if fmt == "json":  # `db init --empty` itself, once
        assert ivig("db", "init", "--empty", "--db", str(empty)).exit_code == 0
    else:
        fresh_copy(empty, empty=True)
    assert rows(empty, "SELECT count(*) FROM studies") == [(0,)]
    loaded = ivig("import", str(exported), "--db", str(empty))
    assert loaded.exit_code == 0, loaded.stderr
    assert content(ivig, empty, tmp_path / "again") == content(ivig, db_path, tmp_path / "orig")
    searched = ivig("search", "--db", str(empty), "quoted verbatim", "-f", "json").json()
    assert searched, "the search index follows imported rows"


@ONE_MODE  # an export looks up no id
def test_export_refuses_to_overwrite_an_export(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    assert ivig("export", "--out", str(tmp_path / "x")).exit_code == 0
    again = ivig("export", "--out", str(tmp_path / "x"))
    assert again.exit_code == 1 and "already holds an export" in again.stderr


# ------------------------------------------------------------------ seed dump


@ONE_MODE  # the mode touches only the one study imported first
def test_dump_seed_is_deterministic_and_rebuilds_the_same_curated_data(
    ivig: Any,
    db_path: Path,
    tmp_path: Path,
    fresh_copy: Any,
) -> None:
    from alembic import command

    from ivig_evidence.store.db import write_engine
    from ivig_evidence.store.migrate import alembic_config
    from ivig_evidence.store.seed import load_seed, mark_curated

    assert ivig("import", str(write_json(tmp_path / "new.json", [NEW_STUDY]))).exit_code == 0
    first, second = tmp_path / "one.sql", tmp_path / "two.sql"
    assert ivig("db", "dump-seed", "--out", str(first)).exit_code == 0
    assert ivig("db", "dump-seed", "--out", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert "Novak" not in first.read_text(encoding="utf-8"), "local rows are not curated"
    rebuilt = tmp_path / "rebuilt.sqlite"
    engine = write_engine(rebuilt, enforce_foreign_keys=False)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
        load_seed(conn, first)
        mark_curated(conn)
    engine.dispose()
    fresh = fresh_copy(tmp_path / "fresh.sqlite")
    assert content(ivig, rebuilt, tmp_path / "a") == content(ivig, fresh, tmp_path / "b")


# ------------------------------------------------------------------ backups


@ONE_MODE  # restore looks up no id; the import only makes a backup
def test_restore_puts_the_last_backup_back(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    before = content(ivig, db_path, tmp_path / "before")
    assert ivig("db", "backup").exit_code == 0
    assert ivig("import", str(write_json(tmp_path / "new.json", [NEW_STUDY]))).exit_code == 0
    listed = ivig("db", "restore", "--list")
    assert listed.exit_code == 0 and ".backup-" in listed.stdout
    run = ivig("db", "restore")
    assert run.exit_code == 0 and "restored" in run.stderr
    assert content(ivig, db_path, tmp_path / "after") == before
    missing = ivig("db", "restore", str(tmp_path / "nope.sqlite"))
    assert missing.exit_code == 1 and "no backup file" in missing.stderr


@ONE_MODE  # the imports only make backups
def test_only_the_newest_backups_are_kept(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    from ivig_evidence.config import DEFAULT_BACKUPS_KEPT as KEEP

    for number in range(KEEP + 2):
        study = dict(NEW_STUDY, id=f"s-{number}", citation={}, first_author=f"A{number}")
        path = write_json(tmp_path / f"{number}.json", [study])
        assert ivig("db", "backup").exit_code == 0
        assert ivig("import", str(path)).exit_code == 0
    assert len(list(db_path.parent.glob("*.backup-*"))) == KEEP


# ------------------------------------------------------------------ upgrades


def _as_older_release(db: Path) -> None:
    """Make a database look like it holds an older curated release, plus local rows."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE data_release SET version = '2026.10.1'")
        conn.execute("UPDATE studies SET n = 99 WHERE id = 'silverman-1994'")  # since corrected
        conn.execute("UPDATE studies SET result = 'Outdated wording' WHERE id = 'muscat-1995'")
        conn.execute(
            "INSERT INTO studies (id, design, population, direction, origin) "
            "VALUES ('withdrawn-study', 'rct', 'ra', 'benefit', 'curated')"
        )
        conn.execute(
            "INSERT INTO statements (id, document_id, quote, status, study_id, origin) VALUES "
            "('st-withdrawn', 'droracle-2025', 'Gone.', 'unconfirmed', 'withdrawn-study', "
            "'curated')"
        )
        conn.execute(
            "INSERT INTO studies (id, design, population, direction, origin) "
            "VALUES ('retired-but-used', 'rct', 'ra', 'benefit', 'curated')"
        )
        conn.execute(
            "INSERT INTO statements (id, document_id, quote, status, study_id) VALUES "
            "('st-mine-on-retired', 'droracle-2025', 'Mine.', 'unconfirmed', 'retired-but-used'),"
            "('st-mine-on-curated', 'droracle-2025', 'My note.', 'unconfirmed', 'muscat-1995')"
        )


@ONE_MODE  # the upgrade looks up no id the import did not
def test_upgrade_refreshes_curated_rows_and_keeps_every_local_row(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    assert ivig("import", str(write_json(tmp_path / "new.json", [NEW_STUDY]))).exit_code == 0
    _as_older_release(db_path)
    assert ivig("search", "Outdated wording", "-f", "json").json() != []
    local_before = rows(db_path, "SELECT * FROM statements WHERE origin = 'local' ORDER BY id")
    run = ivig("db", "upgrade")
    assert run.exit_code == 0, run.stderr
    assert "curated data 2026.10.1 -> " in run.stderr and "backed up" in run.stderr
    assert rows(db_path, "SELECT n FROM studies WHERE id = 'silverman-1994'") == [(31,)]
    assert ivig("search", "Outdated wording", "-f", "json").json() == []  # index follows
    assert rows(db_path, "SELECT id FROM studies WHERE id = 'withdrawn-study'") == []
    assert rows(db_path, "SELECT origin FROM studies WHERE id = 'retired-but-used'") == [("local",)]
    assert "retired-but-used" in run.stderr
    assert rows(db_path, "SELECT * FROM statements WHERE origin = 'local' ORDER BY id") == (
        local_before
    )
    assert rows(db_path, "SELECT count(*) FROM studies WHERE first_author = 'Novak'") == [(1,)]
    again = ivig("db", "upgrade")
    assert "already at the latest" in again.stderr
    restored = ivig("db", "restore")
    assert restored.exit_code == 0
    assert rows(db_path, "SELECT n FROM studies WHERE id = 'silverman-1994'") == [(99,)]


@ONE_MODE  # an export looks up no id
def test_an_export_with_broken_rows_is_refused_whole(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "export"
    assert ivig("export", "--out", str(exported)).exit_code == 0
    studies = json.loads((exported / "studies.json").read_text(encoding="utf-8"))
    studies.append(dict(studies[0], id="study-without-source", origin="local"))
    write_json(exported / "studies.json", studies)
    statements = json.loads((exported / "statements.json").read_text(encoding="utf-8"))
    statements.append(dict(statements[0], id="st-dangling", document_id="no-such-document"))
    write_json(exported / "statements.json", statements)
    before = content(ivig, db_path, tmp_path / "before")
    dangling = ivig("import", str(exported))
    assert dangling.exit_code == 1 and "FOREIGN KEY" in dangling.stderr
    write_json(exported / "statements.json", statements[:-1])
    unsourced = ivig("import", str(exported))
    assert unsourced.exit_code == 1
    assert "study-without-source: no statement says where it came from" in unsourced.stderr
    assert content(ivig, db_path, tmp_path / "after") == before


@ONE_MODE  # refused before any id is looked up
def test_an_export_from_another_schema_revision_is_refused(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "export"
    assert ivig("export", "--out", str(exported)).exit_code == 0
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    write_json(exported / "manifest.json", dict(manifest, schema_revision="0001_initial"))
    run = ivig("import", str(exported))
    assert run.exit_code == 1 and "exported at schema revision 0001_initial" in run.stderr


@ONE_MODE  # table files never consult the mode
def test_a_directory_of_your_own_table_files_imports_positions_with_statements(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "positions.csv").write_text(
        "id,kind,body,year,indication_slug,stance,wording,publication_id\n"
        "local-committee-ra,secondary_source,Our formulary committee,2026,ra,not_recommended,"
        '"IVIG is not funded for RA.",droracle-2025\n',
        encoding="utf-8",
    )
    write_json(
        folder / "statements.json",
        [
            {
                "id": "st-local-committee-ra",
                "document_id": "droracle-2025",
                "quote": "IVIG is not funded for RA.",
                "status": "unconfirmed",
                "position_id": "local-committee-ra",
            }
        ],
    )
    run = ivig("import", str(folder))
    assert run.exit_code == 0, run.stderr
    assert "added: 1 positions, 1 statements" in run.stderr
    positions = ivig("positions", "-f", "json").json()
    assert any("Our formulary committee" in json.dumps(p) for p in positions)
    assert rows(db_path, "SELECT origin FROM positions WHERE id = 'local-committee-ra'") == [
        ("local",)
    ]
    write_json(
        folder / "statements.json",
        [
            {
                "id": "st-x",
                "document_id": "droracle-2025",
                "quote": "q",
                "status": "maybe",
                "origin": "curated",
            }
        ],
    )
    (folder / "positions.csv").unlink()
    bad = ivig("import", str(folder))
    assert bad.exit_code == 1
    assert "statements row 1, status: 'maybe' is not one of" in bad.stderr
    assert "rows you import are local" in bad.stderr


@ONE_MODE  # a subprocess never sees the monkeypatched threshold
@pytest.mark.faults
def test_two_imports_at_once_both_land_whole(
    db_path: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    import subprocess

    from tests.conftest import PYTHON

    files = []
    for side in ("a", "b"):
        batch = [
            dict(NEW_STUDY, id=f"{side}-{i}", first_author=f"{side}{i}", citation={})
            for i in range(300)
        ]
        files.append(write_json(tmp_path / f"{side}.json", batch))
    # The second import waits for the first: the wait must outlast a 300-study import on a
    # busy machine (the tests' 1 s wait does not), as the default 5 s is meant to.
    waiting = dict(subprocess_env, IVIG_LOCK_WAIT="60")
    procs = [
        subprocess.Popen(
            [PYTHON, "-m", "ivig_evidence", "--db", str(db_path), "import", str(path)],
            env=waiting,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    assert [code for code, _ in results] == [0, 0], results
    assert rows(db_path, "SELECT count(*) FROM studies WHERE origin = 'local'") == [(600,)]
    assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]


@ONE_MODE  # an upgrade looks up no id
def test_upgrade_never_replaces_a_newer_release_with_an_older_one(ivig: Any, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE data_release SET version = '2099.1.1'")
        conn.execute("UPDATE studies SET n = 77 WHERE id = 'silverman-1994'")
    run = ivig("db", "upgrade")
    assert run.exit_code == 0 and "already at the latest" in run.stderr
    assert rows(db_path, "SELECT n FROM studies WHERE id = 'silverman-1994'") == [(77,)]


def test_studies_json_output_imports_back_to_the_same_studies(
    ivig: Any,
    db_path: Path,
    tmp_path: Path,
    fresh_copy: Any,
) -> None:
    # Every optional field of a dose given, so that one the import did not read shows.
    dose = dict(
        NEW_STUDY["doses"][0],
        phase="induction",
        interval="every_4_weeks",
        course_duration="6 months",
        max_grams=140,
        caveat="Given with steroids.",
        ambiguous=True,
        note="Over 2 or 5 days?",
        rate_text="not above 4 mg/kg/min",
        max_rate_mg_per_kg_min=4,
        record_reading="2 g/kg per course",
        record_source="PMID 1",
        record_basis="per_course",
        record_amount_low=2,
        record_amount_high=2,
        record_unit="g/kg",
        record_days_low=5,
        record_days_high=5,
        record_interval="every_4_weeks",
    )
    study = dict(NEW_STUDY, doses=[dose])
    assert ivig("import", str(write_json(tmp_path / "new.json", [study]))).exit_code == 0
    listed = ivig("studies", "--design", "case_series", "-f", "json", "--all").json()
    mine = [s for s in listed if s["first_author"] == "Novak"]
    assert {k: v for k, v in mine[0]["doses"][0].items() if v is None} == {}
    other = fresh_copy(tmp_path / "other.sqlite")
    run = ivig("import", str(write_json(tmp_path / "out.json", mine)), "--db", str(other))
    assert run.exit_code == 0, run.stderr
    again = ivig("studies", "--db", str(other), "--design", "case_series", "-f", "json", "--all")
    assert [s for s in again.json() if s["first_author"] == "Novak"] == mine


@ONE_MODE  # the rebuild looks up no id
def test_a_forced_rebuild_keeps_a_backup_of_the_users_rows(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    assert ivig("import", str(write_json(tmp_path / "new.json", [NEW_STUDY]))).exit_code == 0
    rebuilt = ivig("db", "init", "--force")
    assert rebuilt.exit_code == 0 and "backed up the old" in rebuilt.stderr
    assert rows(db_path, "SELECT count(*) FROM studies WHERE origin = 'local'") == [(0,)]
    assert ivig("db", "restore").exit_code == 0
    assert rows(db_path, "SELECT count(*) FROM studies WHERE origin = 'local'") == [(1,)]


def test_dose_links_and_notes_are_checked_never_dropped(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    dose = dict(
        NEW_STUDY["doses"][0],
        applies_to=["aosdd"],
        sources=[{"document": "no-such-doc", "quote": "2 g/kg"}],
    )
    bad = dict(NEW_STUDY, doses=[dose], record_notes=[{"topic": "gossip", "note": "x"}])
    run = ivig("import", str(write_json(tmp_path / "bad.json", [bad])))
    assert run.exit_code == 1
    assert "doses[1].applies_to: unknown indication 'aosdd'; did you mean 'aosd'?" in run.stderr
    assert "doses[1].sources[1].document: unknown document 'no-such-doc'" in run.stderr
    assert "record_notes[1].topic: 'gossip' is not one of" in run.stderr
    shapeless = dict(NEW_STUDY, indications="ra", sources={"document": "droracle-2025"})
    run = ivig("import", str(write_json(tmp_path / "shape.json", [shapeless])))
    assert run.exit_code == 1
    assert "item 1, indications: must be a list" in run.stderr
    assert "item 1, sources: must be a list" in run.stderr
    good_dose = dict(
        dose,
        applies_to=["aosd"],
        sources=[{"document": "droracle-2025", "quote": "2 g/kg over 5 days"}],
    )
    good = dict(NEW_STUDY, id="novak-2024", doses=[good_dose])
    assert ivig("import", str(write_json(tmp_path / "good.json", [good]))).exit_code == 0
    assert rows(
        db_path,
        "SELECT ri.indication_slug, st.quote FROM regimen_indications ri JOIN statements st "
        "ON st.regimen_id = ri.regimen_id WHERE ri.regimen_id = 'novak-2024-dose-1'",
    ) == [("aosd", "2 g/kg over 5 days")]


@ONE_MODE  # a subprocess never sees the monkeypatched threshold
def test_add_study_asks_for_what_is_missing_on_a_terminal(
    db_path: Path, subprocess_env: dict[str, str]
) -> None:
    from tests.conftest import run_on_terminal

    code, screen = run_on_terminal(
        ["add", "study", "--design", "rct", "--population", "ra", "--id", "asked-2026"],
        {**subprocess_env, "IVIG_DB": str(db_path)},
        answers=("benefit", "droracle-2025", "Asked for on a terminal."),
    )
    assert code == 0, screen
    assert "Direction of the result" in screen and "verbatim" in screen
    assert rows(
        db_path,
        "SELECT s.direction, st.quote FROM studies s JOIN statements st ON st.study_id = s.id "
        "WHERE s.id = 'asked-2026'",
    ) == [("benefit", "Asked for on a terminal.")]


@ONE_MODE  # a subprocess never sees the monkeypatched threshold
def test_a_large_import_in_a_pipe_prints_no_progress(
    db_path: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    from tests.conftest import run_in_pipe

    batch = [dict(NEW_STUDY, id=f"p-{i}", first_author=f"P{i}", citation={}) for i in range(2000)]
    path = write_json(tmp_path / "many.json", batch)
    done = run_in_pipe(["--db", str(db_path), "import", str(path)], subprocess_env)
    assert done.exit_code == 0, done.stderr
    lines = done.stderr.splitlines()
    # In a pipe: the report and the write it was recorded as, one line each, no progress.
    assert len(lines) == 2 and lines[0].startswith("added: 2000 studies")
    assert lines[1] == "recorded as write 1: `ivig db undo 1` reverts it" and done.stdout == ""


@ONE_MODE  # restore looks up no id
def test_restore_refuses_a_file_that_is_not_an_ivig_database(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    before = content(ivig, db_path, tmp_path / "before")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    text_file = tmp_path / "notes.sqlite"
    text_file.write_text("not a database", encoding="utf-8")
    for wrong, message in ((other, "not an ivig-evidence database"), (text_file, "not a SQLite")):
        run = ivig("db", "restore", str(wrong))
        assert run.exit_code == 1 and message in run.stderr
    assert content(ivig, db_path, tmp_path / "after") == before


@ONE_MODE  # table files never consult the mode
def test_each_batch_an_import_writes_is_checked_for_its_statements(db_path: Path) -> None:
    """A streamed import checks the fact rows it has just written, batch by batch,
    instead of reading the whole database again: a study written without a
    statement is reported; one written with its statement is not."""
    from ivig_evidence.importing.writing import Plan, RowWriter
    from ivig_evidence.store.db import write_engine

    def study(study_id: str) -> dict[str, Any]:
        return {"id": study_id, "design": "rct", "population": "ra", "direction": "benefit"}

    engine = write_engine(db_path)
    try:
        with engine.connect() as conn, conn.begin() as transaction:
            writer = RowWriter(conn, batch_rows=1)
            sourced = Plan()
            sourced.add("studies", study("zz-sourced"))
            sourced.add(
                "statements",
                {
                    "id": "st-zz-sourced",
                    "document_id": "droracle-2025",
                    "quote": "A sentence.",
                    "status": "unconfirmed",
                    "study_id": "zz-sourced",
                },
            )
            writer.add(sourced)
            unsourced = Plan()
            unsourced.add("studies", study("zz-unsourced"))
            writer.add(unsourced)
            writer.flush()
            assert writer.problems == ["studies zz-unsourced: no statement says where it came from"]
            transaction.rollback()
    finally:
        engine.dispose()


@ONE_MODE  # reads the export's keys only
def test_every_key_the_export_writes_the_import_reads_or_knows_it_derives(ivig: Any) -> None:
    """A field added to `ivig studies -f json` without teaching the import would come
    back refused (or, before, dropped: a dose's rate limit was): each key at each level
    is one the import reads or one it knows the export derives."""
    from ivig_evidence.doses.checks import DOSE_DERIVED, DOSE_FIELDS
    from ivig_evidence.importing.checks import NOTE_FIELDS, SOURCE_DERIVED, SOURCE_FIELDS
    from ivig_evidence.importing.study_checks import CITATION_FIELDS, STUDY_DERIVED, STUDY_FIELDS

    studies = ivig("studies", "-f", "json", "--all").json()
    written: dict[str, set[str]] = {"study": set(), "citation": set(), "dose": set(),
                                    "source": set(), "note": set()}  # fmt: skip
    for study in studies:
        written["study"] |= set(study)
        written["citation"] |= set(study["citation"])
        written["note"] |= {k for note in study["record_notes"] for k in note}
        for source in study["sources"] + [s for d in study["doses"] for s in d["sources"]]:
            written["source"] |= set(source)
        written["dose"] |= {k for dose in study["doses"] for k in dose}
    known = {
        "study": {*STUDY_FIELDS, *STUDY_DERIVED},
        "citation": set(CITATION_FIELDS),
        "dose": {*DOSE_FIELDS, *DOSE_DERIVED},
        "source": {*SOURCE_FIELDS, *SOURCE_DERIVED},
        "note": set(NOTE_FIELDS),
    }
    assert all(written.values()), written  # the curated data has every level
    assert {level: keys - known[level] for level, keys in written.items()} == {
        level: set() for level in written
    }
