"""Claims checked against primary records: statuses, the records named, the counts
the manual gives (docs/data.md, "How the data was checked")."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT

SUBJECT_CASE = (
    "CASE WHEN publication_id IS NOT NULL THEN 'publications' "
    "WHEN study_id IS NOT NULL THEN 'studies' WHEN regimen_id IS NOT NULL THEN 'dose regimens' "
    "WHEN position_id IS NOT NULL THEN 'positions' "
    "WHEN indication_slug IS NOT NULL THEN 'indications' "
    "WHEN treatment_id IS NOT NULL THEN 'treatments' ELSE 'claims' END"
)
ADDRESS = re.compile(r"https?://\S+")


def query(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_every_checked_statement_names_the_record_read(db_path: Path) -> None:
    checked = query(
        db_path,
        "SELECT st.id, st.checked_against, st.status_note, d.read_at FROM statements st "
        "JOIN publications d ON d.id = st.document_id WHERE st.status <> 'unconfirmed'",
    )
    assert len(checked) >= 20
    for statement_id, record, note, read_at in checked:
        # A record whose canonical address is not known says so, and names the copy read.
        unknown_address = record and "canonical address not known" in record and read_at
        assert record and (ADDRESS.search(record) or unknown_address), statement_id
        assert note, statement_id


def test_every_contradiction_says_what_differs(db_path: Path) -> None:
    contradicted = query(
        db_path, "SELECT id, status_note FROM statements WHERE status = 'contradicted'"
    )
    assert contradicted
    assert all(note and len(note) > 40 for _, note in contradicted)


def test_record_notes_and_readings_name_their_record(db_path: Path) -> None:
    for note_id, record in query(db_path, "SELECT id, checked_against FROM study_notes"):
        assert ADDRESS.search(record), note_id
    readings = query(
        db_path, "SELECT id, record_source FROM dose_regimens WHERE record_reading IS NOT NULL"
    )
    assert readings and all(ADDRESS.search(source) for _, source in readings)


def test_a_near_match_is_not_a_match(db_path: Path) -> None:
    # The Q&A claims whose numbers no record matched keep an unknown publication.
    for study_id in ("ra-high-dose-open", "aosd-case-series"):
        ((publication, status),) = query(
            db_path,
            f"SELECT s.publication_id, st.status FROM studies s JOIN statements st "
            f"ON st.study_id = s.id WHERE s.id = '{study_id}'",
        )
        assert publication is None and status == "unconfirmed"


def test_study_row_holds_the_records_values_and_keeps_the_sources_words(
    ivig, db_path: Path
) -> None:
    silverman = next(s for s in ivig("studies", "-f", "json").json() if s["id"] == "silverman-1994")
    assert silverman["population"] == "systemic_jra" and silverman["n"] == 31
    text = next(s for s in silverman["sources"] if "children with active RA" in s["quote"])
    assert text["status"] == "contradicted" and "systemic" in text["note"]
    assert ADDRESS.search(text["checked_against"])


@pytest.mark.parametrize("status", ["confirmed", "contradicted", "unconfirmed"])
def test_status_filter_follows_the_statements(ivig, db_path: Path, status: str) -> None:
    found = ivig("studies", "--status", status, "-f", "json").json()
    assert found
    for study in found:
        statuses = {s["status"] for s in study["sources"]}
        assert study["status"] == status
        if status == "confirmed":
            assert statuses == {"confirmed"}
        elif status == "contradicted":
            assert "contradicted" in statuses
        else:
            assert "contradicted" not in statuses and statuses != {"confirmed"}
    every = ivig("studies", "-f", "json").json()
    assert len(every) == sum(
        len(ivig("studies", "--status", s, "-f", "json").json())
        for s in ("confirmed", "contradicted", "unconfirmed")
    )


DATA_PAGE = REPO_ROOT / "docs" / "data.md"


def test_the_data_page_table_matches_the_database(db_path: Path) -> None:
    page = DATA_PAGE.read_text(encoding="utf-8")
    section = page.split("## How the data was checked", 1)[1]
    listed = {
        m.group(1): (int(m.group(2)), int(m.group(3)), int(m.group(4)))
        for m in re.finditer(r"^\| ([a-z ]+) \| (\d+) \| (\d+) \| (\d+) \|$", section, re.M)
    }
    actual = {
        about: (confirmed, contradicted, unconfirmed)
        for about, confirmed, contradicted, unconfirmed in query(
            db_path,
            f"SELECT {SUBJECT_CASE} AS about, "
            "SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN status = 'contradicted' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN status = 'unconfirmed' THEN 1 ELSE 0 END) "
            "FROM statements GROUP BY about",
        )
    }
    assert listed == actual


def test_the_data_page_study_counts_match_the_cli(ivig, db_path: Path) -> None:
    page = " ".join(DATA_PAGE.read_text(encoding="utf-8").split())
    counts = {
        s: len(ivig("studies", "--status", s, "-f", "json").json())
        for s in ("confirmed", "contradicted", "unconfirmed")
    }
    expected = (
        f"By study: {counts['confirmed']} confirmed, {counts['contradicted']} "
        f"contradicted, {counts['unconfirmed']} unconfirmed"
    )
    assert expected in page
