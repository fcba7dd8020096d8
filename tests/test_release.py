"""The curated release: the rules an audit of the data checks, each as a test.

Each test states a rule over the whole release (a year only where the source
gives one, two phases as two rows, a reference confirmed only for the fields the
record showed, ...) and names the case that made it a rule.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from ivig_evidence.resources import seed_file

ROOT = Path(__file__).resolve().parent.parent


def rows(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_a_position_has_a_year_only_where_its_source_gives_one(db_path: Path) -> None:
    """The pharmacy article gives no year for the Australian criteria: 2012 belongs to
    the publication row, not to the position as the article reports it."""
    for pid, year, kind, pub_year in rows(
        db_path,
        "SELECT p.id, p.year, p.kind, pub.year FROM positions p "
        "LEFT JOIN publications pub ON pub.id = p.publication_id WHERE p.year IS NOT NULL",
    ):
        quotes = " ".join(
            q for (q,) in rows(db_path, "SELECT quote FROM statements WHERE position_id = ?", pid)
        )
        own_view = kind == "secondary_source" and year == pub_year
        assert str(year) in quotes or own_view, pid
    assert rows(db_path, "SELECT year FROM positions WHERE id = 'nba-australia-ra'") == [(None,)]
    assert rows(db_path, "SELECT year FROM publications WHERE id = 'nba-ivig-criteria-2'") == [
        (2012,)
    ]


def test_funding_criteria_are_not_a_guideline(ivig: Any, db_path: Path) -> None:
    positions = {p["id"]: p for p in ivig("positions", "-i", "ra", "-f", "json").json()}
    nba = positions["nba-australia-ra"]
    assert nba["kind"] == "funding_criteria"
    quotes = {s["quote"]: s for s in nba["sources"]}
    (own,) = [s for q, s in quotes.items() if q.startswith("This document is not a clinical")]
    assert own["status"] == "confirmed" and "http" in own["checked_against"]
    (reported,) = [s for q, s in quotes.items() if "recommends alternative treatments" in q]
    # The RA entry was not read: the article's words are unconfirmed, not contradicted.
    assert reported["status"] == "unconfirmed" and "not read" in reported["note"]
    # The article's "many professional organizations recommend against" names only the NBA.
    assert "funding criteria" in positions["professional-organizations-ra"]["note"]
    assert rows(db_path, "SELECT kind FROM publications WHERE id = 'nba-ivig-criteria-2'") == [
        ("funding_criteria",)
    ]


def test_the_second_edition_is_dated_beside_version_3(db_path: Path) -> None:
    ((year, published, read_on, url),) = rows(
        db_path,
        "SELECT year, published_on, read_on, url FROM publications WHERE id = 'nba-ig-criteria-3'",
    )
    assert (year, published) == (2018, "2018-10") and url.startswith("https://")
    quotes = rows(
        db_path,
        "SELECT quote, checked_against FROM statements WHERE publication_id = 'nba-ig-criteria-3'",
    )
    assert any("Version 3 of the criteria in October 2018" in q for q, _ in quotes)
    assert all(f"on {read_on}" in where for _, where in quotes)
    (note,) = rows(db_path, "SELECT note FROM publications WHERE id = 'nba-ivig-criteria-2'")[0]
    assert "Version 3" in note and "nba-ig-criteria-3" in note


def test_a_citation_used_for_two_different_claims_is_noted(db_path: Path) -> None:
    """Citation 5 of the Q&A article backs both a Still's disease series and the
    ACR/CHEST lung guideline: every statement citing it says so."""
    for document, cited in rows(
        db_path,
        "SELECT document_id, cited_as FROM statements WHERE cited_as IS NOT NULL "
        "AND cited_as NOT LIKE '%,%' GROUP BY 1, 2",
    ):
        subjects = rows(
            db_path,
            "SELECT DISTINCT COALESCE(study_id, position_id, regimen_id, indication_slug, claim_id, "
            "publication_id) FROM statements WHERE document_id = ? AND cited_as = ?",
            document,
            cited,
        )
        if {s for (s,) in subjects} >= {"aosd-case-series", "acr-chest-2023-ra-ild"}:
            notes = rows(
                db_path,
                "SELECT id, status_note FROM statements WHERE document_id = ? AND cited_as = ?",
                document,
                cited,
            )
            assert all(n and "both" in n for _, n in notes), notes
    (status,) = rows(
        db_path, "SELECT status FROM statements WHERE id = 'st-cl-articular-efficacy-inferior'"
    )[0]
    # Citation 2 compared IVIG with placebo only: silent on DMARDs, so unconfirmed.
    assert status == "unconfirmed"


def test_an_indication_note_never_denies_evidence_that_is_filed(db_path: Path) -> None:
    for slug, note in rows(db_path, "SELECT slug, note FROM indications WHERE note IS NOT NULL"):
        filed = rows(
            db_path, "SELECT count(*) FROM study_indications WHERE indication_slug = ?", slug
        )
        if filed[0][0]:
            assert "no evidence" not in note.lower(), slug


def test_the_seed_header_names_the_release_it_holds(db_path: Path) -> None:
    (version,) = rows(db_path, "SELECT version FROM data_release")[0]
    head = seed_file().read_text(encoding="utf-8").splitlines()[0]
    assert head == f"-- ivig-evidence curated data, release {version}"


def test_a_schedule_in_phases_is_one_row_per_phase(ivig: Any, db_path: Path) -> None:
    """Silverman 1994 (every 2 weeks, then monthly) and Giannini 1996 ("bimonthly", then
    monthly) are stored as Muscat 1995 is: one regimen per phase, each phase named."""
    for study, count in rows(
        db_path,
        "SELECT study_id, count(*) FROM dose_regimens WHERE study_id IS NOT NULL "
        "GROUP BY study_id HAVING count(*) > 1",
    ):
        phases = [
            p for (p,) in rows(db_path, "SELECT phase FROM dose_regimens WHERE study_id = ?", study)
        ]
        assert None not in phases and len(set(phases)) == count, study
    assert rows(
        db_path,
        "SELECT phase, repeat_interval, ambiguous FROM dose_regimens "
        "WHERE study_id = 'jra-withdrawal' ORDER BY phase",
    ) == [("initial", "not_stated", 1), ("maintenance", "monthly", 0)]
    dosed = {r["id"]: r for r in ivig("dose", "-i", "sjia", "-w", "30", "-f", "json").json()}
    arithmetic = " ".join(dosed["silverman-1994-dose-monthly"]["readings"][0]["arithmetic"])
    assert "up to 9 infusions" in arithmetic and "not recorded" not in arithmetic


def test_a_dose_is_never_a_publication_title(db_path: Path) -> None:
    """Maksymowych 1996's dose once held the paper's title ("High dose intravenous ...")."""
    for rid, text, title in rows(
        db_path,
        "SELECT r.id, r.text, p.title FROM dose_regimens r JOIN studies s ON s.id = r.study_id "
        "JOIN publications p ON p.id = s.publication_id WHERE p.title IS NOT NULL",
    ):
        assert title.split(":")[0][:40].lower() not in text.lower(), rid


def test_a_reference_is_confirmed_field_by_field(db_path: Path) -> None:
    """A reference statement confirmed against a record says which fields the record
    showed; what it did not show is named as unconfirmed (or that nothing was left)."""
    confirmed = rows(
        db_path,
        "SELECT st.id, st.status_note FROM statements st JOIN source_references r "
        "ON r.document_id = st.document_id AND r.reference_text = st.quote "
        "WHERE st.status = 'confirmed' AND st.regimen_id IS NULL",
    )
    assert len(confirmed) >= 8
    for sid, note in confirmed:
        assert note.startswith("Confirmed against the record"), sid
        assert "unconfirmed" in note or "Nothing in the reference went unchecked" in note, sid


def test_every_study_from_a_record_is_quoted_from_that_record(db_path: Path) -> None:
    """A study entered from a record read on the web has its design and size in that
    record's own words, and the record's address and date."""
    studies = rows(
        db_path,
        "SELECT s.id, s.publication_id FROM studies s JOIN publications p ON p.id = s.publication_id "
        "WHERE p.read_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM source_references r "
        "WHERE r.publication_id = p.id) AND s.id NOT IN "
        "(SELECT study_id FROM statements st JOIN publications d ON d.id = st.document_id "
        " WHERE d.source_file IS NOT NULL AND st.study_id IS NOT NULL)",
    )
    assert len(studies) >= 30
    for sid, pub in studies:
        own = rows(
            db_path, "SELECT quote FROM statements WHERE study_id = ? AND document_id = ?", sid, pub
        )
        assert own, sid
        (n,) = rows(db_path, "SELECT n FROM studies WHERE id = ?", sid)[0]
        if n is not None:
            # The size in the words of a primary record of the study (a trial reported
            # in two papers may state it in either), as a total or as its arms.
            primary = rows(
                db_path,
                "SELECT st.quote FROM statements st JOIN publications d ON d.id = st.document_id "
                "WHERE st.study_id = ? AND st.status = 'confirmed' AND d.kind IN "
                "('trial_report', 'original_research') AND d.source_file IS NULL",
                sid,
            )
            stated = numbers_in(" ".join(q for (q,) in own + primary))
            arms = any(a + b == n for a in stated for b in stated)
            assert n in stated or arms, sid


SPELLED = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}


def numbers_in(text: str) -> list[int]:
    """Whole numbers a sentence states, in figures or in words ("Thirty-six", "nine")."""
    found = [int(d) for d in re.findall(r"(?<![\d.])\d+(?![\d.]\d)", text)]
    for tens, units in re.findall(
        r"\b(twenty|thirty|forty|fifty|sixty|seventy)(?:-(\w+))?", text, re.I
    ):
        found.append(TENS[tens.lower()] + SPELLED.get(units.lower(), 0))
    found += [
        SPELLED[w.lower()] for w in re.findall(r"\b[A-Za-z]+\b", text) if w.lower() in SPELLED
    ]
    return found


def test_numbers_are_read_as_a_sentence_states_them() -> None:
    assert set(numbers_in("Thirty-six patients, nine on IVIG and 27 (75%) on placebo")) >= {
        36,
        9,
        27,
        75,
    }
    assert 42 not in numbers_in("42.0% improved")


def test_identifiers_read_only_in_an_address_say_so(db_path: Path) -> None:
    """A PMID or DOI taken from the address of the copy read, not its text, is explained in
    the note (the canonical address is made from the identifier, so it proves nothing)."""
    for pid, doi, pmid, url, note in rows(
        db_path,
        "SELECT id, doi, pmid, read_at, note FROM publications WHERE read_on IS NOT NULL "
        "AND source_file IS NULL AND (doi IS NOT NULL OR pmid IS NOT NULL) AND NOT EXISTS "
        "(SELECT 1 FROM source_references r WHERE r.publication_id = publications.id)",
    ):
        for value in (doi, pmid):
            if value and value in (url or ""):
                assert note and re.search(r"address|PubMed record", note), pid


def test_the_manual_data_sections_are_current() -> None:
    """docs/data.md's counts, checking table and lists, and docs/indications.md's
    table, are what scripts/docs_data.py writes from the seed."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "docs_data.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
