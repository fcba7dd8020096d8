"""Where sources disagree, and where they do not, on a small fixture database.

Each kind of disagreement has its negative cases beside it: bodies whose positions
agree (an approval beside a recommendation among them), a record's reading that
agrees with the figure as written, documents that suggest the same dose, one
document's several regimens. Then the scope of an indication's profile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.test_rules import fixture_db

INDICATIONS = (
    "agree",
    "agree-approved",
    "approved-conditional",
    "approved-against",
    "approved-unapproved",
    "differ",
    "single",
    "doses-same",
    "doses-differ",
    "doses-one-document",
    "doses-two-documents",
    "reading",
    "quiet",
)


def indications() -> str:
    values = ", ".join(f"('{slug}', '{slug.title()}', 'related')" for slug in INDICATIONS)
    return f"INSERT INTO indications (slug, name, relation_to_ra) VALUES {values};\n"


def position(pid: str, body: str, indication: str, stance: str) -> str:
    return (
        "INSERT INTO positions (id, kind, body, indication_slug, stance, wording) VALUES "
        f"('{pid}', 'guideline', '{body}', '{indication}', '{stance}', 'Words.');\n"
    )


def regimen(
    rid: str,
    indication: str,
    *,
    context: str = "suggested",
    amount: float = 2,
    basis: str = "per_course",
    record_basis: str | None = None,
    document: str | None = "doc",
) -> str:
    study = "'study-3'" if context == "studied" else "NULL"
    record = (
        f"'{record_basis}', '{amount:g} g/kg a day', 'PMID 1'"
        if record_basis
        else "NULL, NULL, NULL"
    )
    sql = (
        "INSERT INTO dose_regimens (id, study_id, context, amount_low, amount_high, unit, basis, "
        "repeat_interval, text, ambiguous, record_basis, record_reading, record_source) VALUES "
        f"('{rid}', {study}, '{context}', {amount}, {amount}, 'g/kg', '{basis}', 'once', "
        f"'{amount:g} g/kg ({rid})', 0, {record});\n"
        "INSERT INTO regimen_indications (regimen_id, indication_slug) VALUES "
        f"('{rid}', '{indication}');\n"
    )
    if document:
        sql += (
            "INSERT INTO statements (id, document_id, quote, status, regimen_id) VALUES "
            f"('st-{rid}', '{document}', 'Dosed so.', 'unconfirmed', '{rid}');\n"
        )
    return sql


def contradicted(sid: str, column: str, subject: str, *, status: str = "contradicted") -> str:
    checked, note = (
        ("'PMID 2'", "'the record says otherwise'") if status != "unconfirmed" else ("NULL", "NULL")
    )
    return (
        "INSERT INTO statements (id, document_id, quote, status, status_note, checked_against, "
        f"{column}) VALUES ('{sid}', 'doc', 'Claimed so.', '{status}', {note}, {checked}, "
        f"'{subject}');\n"
    )


FIXTURE = (
    "INSERT INTO publications (id, kind, title) VALUES ('doc2', 'web_article', 'Another');\n"
    + indications()
    + "INSERT INTO studies (id, design, population, direction) VALUES "
    "('study-1', 'rct', 'ra', 'benefit'), ('study-2', 'rct', 'ra', 'benefit'), "
    "('study-3', 'rct', 'ra', 'benefit');\n"
    # positions
    + position("p1", "Body A", "agree", "recommended")
    + position("p2", "Body B", "agree", "recommended")
    + position("p3", "Body A", "agree-approved", "recommended")
    + position("p4", "A label", "agree-approved", "approved")
    + position("p5", "Body A", "approved-conditional", "may_be_considered")
    + position("p6", "Body B", "approved-conditional", "conditionally_recommended")
    + position("p7", "A label", "approved-conditional", "approved")
    + position("p8", "Body A", "approved-against", "not_recommended")
    + position("p9", "A label", "approved-against", "approved")
    + position("p10", "A regulator", "approved-unapproved", "not_approved")
    + position("p11", "A label", "approved-unapproved", "approved")
    + position("p12", "Body B", "differ", "not_supported")
    + position("p13", "Body A", "differ", "recommended")
    + position("p14", "Body A", "differ", "recommended")
    + position("p15", "Body A", "single", "investigational")
    # suggested doses
    + regimen("s1", "doses-same")
    + regimen("s2", "doses-same", document="doc2")
    + regimen("s3", "doses-differ")
    + regimen("s4", "doses-differ", amount=1, basis="per_day", document="doc2")
    + regimen("s5", "doses-differ", amount=0.4, basis="per_day", document=None)
    + regimen("s8", "doses-two-documents")
    + regimen("s9", "doses-two-documents", basis="per_day", document="doc2")
    + regimen("s6", "doses-one-document")
    + regimen("s7", "doses-one-document", amount=1, basis="per_day")
    # a record's reading beside the figure as written
    + regimen("r-agrees", "reading", context="studied", record_basis="per_course")
    + regimen("r-unread", "reading", context="studied")
    + regimen("r-differs", "reading", context="studied", record_basis="per_day")
    + regimen("r-elsewhere", "quiet", context="studied", record_basis="per_day")
    # statements a record contradicts, about each kind of subject
    + "INSERT INTO study_indications (study_id, indication_slug) VALUES ('study-1', 'differ'), "
    "('study-2', 'quiet');\n"
    + "INSERT INTO treatments (id, name, treatment_class, indication_slug) VALUES "
    "('t-1', 'A drug', 'nsaid', 'differ');\n"
    + "INSERT INTO claims (id, topic, summary, indication_slug) VALUES "
    "('c-1', 'cost', 'It costs.', 'differ');\n"
    + contradicted("x-study", "study_id", "study-1")
    + contradicted("x-dose", "regimen_id", "s3")
    + contradicted("x-position", "position_id", "p12")
    + contradicted("x-publication", "publication_id", "doc2")
    + contradicted("x-indication", "indication_slug", "differ")
    + contradicted("x-treatment", "treatment_id", "t-1")
    + contradicted("x-claim", "claim_id", "c-1")
    + contradicted("x-elsewhere", "study_id", "study-2")
    + contradicted("u-study", "study_id", "study-1", status="unconfirmed")
)


@pytest.fixture
def db(empty_db: Path, tmp_path: Path) -> Path:
    return fixture_db(empty_db, tmp_path, FIXTURE)


def conflicts(ivig: Any, db: Path, *args: str) -> list[dict[str, Any]]:
    run = ivig("conflicts", "--db", str(db), *args, "-f", "json")
    assert run.exit_code == 0, run.stderr
    found: list[dict[str, Any]] = run.json()
    return found


def test_bodies_that_agree_are_no_disagreement(ivig: Any, db: Path) -> None:
    found = {c["about"]: c for c in conflicts(ivig, db, "--status", "positions")}
    assert sorted(found) == [
        "positions on approved-against",
        "positions on approved-unapproved",
        "positions on differ",
    ]
    assert found["positions on differ"] == {
        "statement": None,
        "about": "positions on differ",
        "document": None,
        "quote": "Body A: 1. recommended; Body B: 4. not supported or against",
        "status": "positions differ",
        "record_says": None,
        "checked_against": None,
    }
    assert found["positions on approved-against"]["quote"] == (
        "Body A: 3. not routine; A label: 7. approved on the label"
    )
    assert found["positions on approved-unapproved"]["quote"] == (
        "A regulator: 6. not approved; A label: 7. approved on the label"
    )


def test_a_record_reading_that_agrees_is_no_disagreement(ivig: Any, db: Path) -> None:
    found = conflicts(ivig, db, "--status", "reading")
    assert found == [
        {
            "statement": None,
            "about": "dose r-differs",
            "document": "doc",
            "quote": "2 g/kg (r-differs) (recorded as per course)",
            "status": "reading differs",
            "record_says": "2 g/kg a day (read as per day)",
            "checked_against": "PMID 1",
        },
        {
            "statement": None,
            "about": "dose r-elsewhere",
            "document": "doc",
            "quote": "2 g/kg (r-elsewhere) (recorded as per course)",
            "status": "reading differs",
            "record_says": "2 g/kg a day (read as per day)",
            "checked_against": "PMID 1",
        },
    ]


def test_documents_that_suggest_the_same_dose_do_not_disagree(ivig: Any, db: Path) -> None:
    found = conflicts(ivig, db, "--status", "doses")
    assert [c["about"] for c in found] == [
        "doses for doses-differ",
        "doses for doses-two-documents",
    ]
    assert found[1]["quote"] == "doc: \u201c2 g/kg (s8)\u201d; doc2: \u201c2 g/kg (s9)\u201d"
    assert found[:1] == [
        {
            "statement": None,
            "about": "doses for doses-differ",
            "document": None,
            "quote": "doc: \u201c2 g/kg (s3)\u201d; doc2: \u201c1 g/kg (s4)\u201d; "
            "a source not named: \u201c0.4 g/kg (s5)\u201d",
            "status": "doses differ",
            "record_says": None,
            "checked_against": None,
        }
    ]


def test_a_contradicted_statement_names_its_subject_and_both_sides(ivig: Any, db: Path) -> None:
    found = conflicts(ivig, db, "--status", "contradicted")
    assert [c["about"] for c in found] == [
        "claim c-1",
        "dose s3",
        "indication differ",
        "position p12",
        "publication doc2",
        "study study-1",
        "study study-2",
        "treatment t-1",
    ]
    assert found[-1] == {
        "statement": "x-treatment",
        "about": "treatment t-1",
        "document": "doc",
        "quote": "Claimed so.",
        "status": "contradicted",
        "record_says": "the record says otherwise",
        "checked_against": "PMID 2",
    }


def test_disagreements_come_contradictions_first_and_unchecked_only_when_asked(
    ivig: Any, db: Path
) -> None:
    kinds = [c["status"] for c in conflicts(ivig, db)]
    assert (
        kinds
        == ["contradicted"] * 8
        + ["positions differ"] * 3
        + ["reading differs"] * 2
        + ["doses differ"] * 2
    )
    every = conflicts(ivig, db, "--include-unchecked")
    assert [c["status"] for c in every][-1] == "unconfirmed"
    assert every[-1]["statement"] == "u-study" and every[-1]["record_says"] is None
    assert [c["statement"] for c in conflicts(ivig, db, "--status", "unconfirmed")] == [
        "st-r-agrees",  # the dose statements no record checked, then the study's
        "st-r-differs",
        "st-r-elsewhere",
        "st-r-unread",
        "st-s1",
        "st-s2",
        "st-s3",
        "st-s4",
        "st-s6",
        "st-s7",
        "st-s8",
        "st-s9",
        "u-study",
    ]


@pytest.mark.parametrize(
    ("indication", "abouts"),
    [
        (
            "differ",
            [
                "claim c-1",
                "indication differ",
                "position p12",
                "study study-1",
                "treatment t-1",
                "positions on differ",
            ],
        ),
        ("doses-differ", ["dose s3", "doses for doses-differ"]),
        ("reading", ["dose r-differs"]),
        ("quiet", ["study study-2", "dose r-elsewhere"]),
        ("agree", []),
    ],
)
def test_an_indication_profile_lists_only_its_own_disagreements(
    ivig: Any, db: Path, indication: str, abouts: list[str]
) -> None:
    run = ivig("evidence", "--db", str(db), "-i", indication, "-f", "json")
    assert run.exit_code == 0, run.stderr
    (profile,) = run.json()
    assert [d["about"] for d in profile["disagreements"]] == abouts


def test_the_table_shows_both_sides_and_says_when_there_are_none(ivig: Any, db: Path) -> None:
    run = ivig("conflicts", "--db", str(db), "--status", "reading", "-f", "csv")
    assert run.exit_code == 0
    assert run.stdout.splitlines()[:2] == [
        "status,about,document,source says,record says,checked against",
        "reading differs,dose r-differs,doc,2 g/kg (r-differs) (recorded as per course),"
        "2 g/kg a day (read as per day),PMID 1",
    ]
    table = ivig("conflicts", "--db", str(db), "--status", "reading", "--wide").stdout
    assert table.split()[:6] == ["status", "about", "document", "source", "says", "record"]
    none = ivig("conflicts", "--db", str(db), "--status", "effects")
    assert none.exit_code == 0 and none.stdout == "" and none.stderr == "no conflicts\n"
