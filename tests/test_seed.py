"""The curated data: loads cleanly, every row traceable, quotes verbatim, constraints hold."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from ivig_evidence.resources import seed_file
from ivig_evidence.store.db import write_engine
from ivig_evidence.store.seed import integrity_problems, iter_sql_statements

REQUIRED_SLUGS = {
    "ra",
    "ra-refractory",
    "ra-infection",
    "ra-vasculitis",
    "rhupus",
    "ra-pregnancy",
    "aosd",
    "sjia",
    "pjia",
    "ra-ild",
    "iim-ild",
    "mctd-ild",
}


def rows(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_seed_is_inserts_only() -> None:
    statements = list(iter_sql_statements(seed_file().read_text(encoding="utf-8")))
    assert statements and all(s.startswith("INSERT INTO ") for s in statements)


def test_loaded_seed_passes_every_check(db_path: Path) -> None:
    assert rows(db_path, "PRAGMA foreign_key_check") == []
    assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    engine = write_engine(db_path)
    with engine.connect() as conn:
        assert integrity_problems(conn) == []
    engine.dispose()


def test_required_indication_slugs(db_path: Path) -> None:
    assert {r[0] for r in rows(db_path, "SELECT slug FROM indications")} >= REQUIRED_SLUGS


def test_every_study_has_a_statement(db_path: Path) -> None:
    assert (
        rows(
            db_path,
            "SELECT id FROM studies s WHERE NOT EXISTS "
            "(SELECT 1 FROM statements st WHERE st.study_id = s.id)",
        )
        == []
    )


def test_every_quote_stands_verbatim_in_its_source_document(db_path: Path, sources: Path) -> None:
    documents = {
        doc_id: (sources / file_name).read_text(encoding="utf-8")
        for doc_id, file_name in rows(
            db_path, "SELECT id, source_file FROM publications WHERE source_file IS NOT NULL"
        )
    }
    assert len(documents) == 2
    statements = rows(db_path, "SELECT id, document_id, quote FROM statements")
    assert len(statements) > 100
    missing = [
        sid for sid, doc, quote in statements if doc in documents and quote not in documents[doc]
    ]
    assert missing == []


def test_every_quote_from_a_record_names_its_address_and_the_date_read(db_path: Path) -> None:
    """A record read on the web is not stored: its statements say where and when it was read."""
    quoted = rows(
        db_path,
        "SELECT st.id, p.url, p.read_on, st.checked_against, st.status, p.read_at, "
        "st.status_note, p.id, s.publication_id FROM statements st "
        "JOIN publications p ON p.id = st.document_id "
        "LEFT JOIN studies s ON s.id = st.study_id WHERE p.source_file IS NULL",
    )
    assert len(quoted) >= 20
    for sid, url, read_on, checked_against, status, read_at, note, doc, study_pub in quoted:
        # The canonical address, or where it is not known, the copy read (read_at).
        assert (url and re.fullmatch(r"https?://\S+", url)) or read_at, sid
        assert read_on and re.fullmatch(r"\d{4}-\d{2}-\d{2}", read_on), sid
        assert checked_against and (
            re.search(r"https?://\S+", checked_against)
            or "canonical address not known" in checked_against
        ), sid
        assert f"on {read_on}" in checked_against, sid
        if study_pub is None or study_pub == doc:
            assert status == "confirmed", sid  # quoted from the record itself
        else:
            # A record's words about a study another record reports (a summary's
            # figures, a review's count) stand against that record: the note says how;
            # another report of the same trial is quoted as it stands.
            assert status == "confirmed" or (note and len(note) > 30), sid


def test_records_read_name_their_address_and_date(db_path: Path) -> None:
    """Every publication read as a record has both, and no source document claims a read date."""
    ((released,),) = rows(db_path, "SELECT released_on FROM data_release")
    for pid, url, read_on, source_file in rows(
        db_path,
        "SELECT id, COALESCE(url, read_at), read_on, source_file FROM publications "
        "WHERE read_on IS NOT NULL",
    ):
        assert source_file is None and url, pid
        assert "2026-11-01" <= read_on <= released, pid  # read before the release


def test_reference_lists_match_the_source(db_path: Path, sources: Path) -> None:
    for doc_id, file_name in rows(
        db_path, "SELECT id, source_file FROM publications WHERE source_file IS NOT NULL"
    ):
        document = (sources / file_name).read_text(encoding="utf-8")
        for (reference,) in rows(
            db_path,
            "SELECT reference_text FROM source_references "
            f"WHERE document_id = '{doc_id}' "
            "AND reference_text IS NOT NULL",
        ):
            assert reference in document


def test_identifiers_are_well_formed_and_unique(db_path: Path) -> None:
    dois = [r[0] for r in rows(db_path, "SELECT doi FROM publications WHERE doi IS NOT NULL")]
    assert dois and len(dois) == len(set(dois))
    assert all(re.fullmatch(r"10\.\d{4,9}/\S+", d) for d in dois)
    pmids = [r[0] for r in rows(db_path, "SELECT pmid FROM publications WHERE pmid IS NOT NULL")]
    assert len(pmids) == len(set(pmids)) and all(re.fullmatch(r"[1-9]\d{0,8}", p) for p in pmids)


def test_source_disagreement_is_kept_not_resolved(db_path: Path) -> None:
    quotes = [
        r[0]
        for r in rows(db_path, "SELECT quote FROM statements WHERE study_id = 'silverman-1994'")
    ]
    assert any("children with active RA" in q for q in quotes)
    assert any("systemic juvenile rheumatoid arthritis" in q for q in quotes)


@pytest.mark.parametrize(
    ("sql", "constraint"),
    [
        ("UPDATE studies SET n = 0 WHERE id = 'muscat-1995'", "n_positive"),
        ("UPDATE studies SET year = 3000 WHERE id = 'muscat-1995'", "year_range"),
        ("UPDATE studies SET design = 'anecdote' WHERE id = 'muscat-1995'", "design"),
        (
            "UPDATE dose_regimens SET amount_low = 5 WHERE id = 'aosd-case-series-dose'",
            "amount_order",
        ),
        ("UPDATE dose_regimens SET days_low = 9 WHERE id = 'aosd-case-series-dose'", "days_order"),
        (
            "UPDATE dose_regimens SET ambiguity_note = NULL WHERE id = 'aosd-case-series-dose'",
            "ambiguity_explained",
        ),
        (
            "UPDATE statements SET claim_id = 'cost-prohibitive' WHERE id = 'st-xu-2021-text'",
            "one_subject",
        ),
        (
            "UPDATE statements SET status = 'confirmed' WHERE id = 'st-xu-2021-text'",
            "checked_has_record",
        ),
        ("UPDATE statements SET quote = '' WHERE id = 'st-xu-2021-text'", "quote_not_empty"),
        ("UPDATE publications SET doi = 'not-a-doi' WHERE id = 'xu-2021'", "doi_shape"),
        ("UPDATE studies SET publication_id = 'nowhere-2020' WHERE id = 'xu-2021'", "FOREIGN KEY"),
    ],
)
def test_constraints_refuse_what_cannot_be_true(db_path: Path, sql: str, constraint: str) -> None:
    engine = write_engine(db_path)
    with pytest.raises(IntegrityError, match=constraint), engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()
