"""Each import rule by its own words, on a small fixture database.

Every check of a study, dose, source and table row is broken once, alone, on a
record that is otherwise valid, and `ivig import --dry-run` must name that field
with that check's message: not a CHECK constraint of the database (which would
also refuse it, with another message), not another check. Then what an import
stores where it fills something in: a dose's sources and indications, a PMID or
a reference number given as a number.
"""

from __future__ import annotations

import contextlib
import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.test_rules import DOCUMENT

from ivig_evidence import vocab

FIXTURE = (
    DOCUMENT + "INSERT INTO publications (id, kind, title) VALUES ('trial-record', 'trial_report', "
    "'A trial'), ('kanik-1996', 'trial_report', 'Another trial');\n"
    "INSERT INTO indications (slug, name, relation_to_ra, family) VALUES "
    "('ra', 'Rheumatoid arthritis', 'ra', 'ra_and_relatives'), "
    "('aosd', 'Adult-onset Still''s disease', 'related', 'ra_and_relatives'), "
    "('sjia', 'Systemic JIA', 'related', 'ra_and_relatives');\n"
    "INSERT INTO indication_aliases (alias_key, alias, indication_slug) VALUES "
    "('still', 'Still', 'aosd'), ('still', 'Still', 'sjia'), ('adultstill', 'adult Still', 'aosd');\n"
    "INSERT INTO studies (id, first_author, year, design, population, direction, publication_id) "
    "VALUES ('kanik', 'Kanik', 1996, 'rct', 'ra', 'benefit', 'kanik-1996');\n"
    "INSERT INTO dose_regimens (id, study_id, context, basis, repeat_interval, text, ambiguous) "
    "VALUES ('kanik-dose', 'kanik', 'studied', 'per_day', 'once', '1 g/kg', 0);\n"
    "INSERT INTO statements (id, document_id, quote, status, study_id) VALUES "
    "('st-kanik', 'doc', 'Said so.', 'unconfirmed', 'kanik');\n"
    "INSERT INTO statements (id, document_id, quote, status, regimen_id) VALUES "
    "('st-kanik-dose', 'doc', 'Said so.', 'unconfirmed', 'kanik-dose');\n"
)

VALID: dict[str, Any] = {
    "id": "novak-2024",
    "first_author": "Novak",
    "year": 2024,
    "design": "case_series",
    "population": "ra",
    "direction": "benefit",
    "n": 12,
    "indications": ["ra"],
    "outcome": "Eight of twelve improved.",
    "citation": {"title": "IVIG in refractory RA", "doi": "10.5555/novak.2024"},
    "sources": [{"document": "doc", "quote": "A sentence quoted verbatim."}],
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
GONE = object()  # a key removed from the record


@pytest.fixture(scope="module")
def rules_db(empty_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture database: dry runs never change it, so one serves the module."""
    path = tmp_path_factory.mktemp("rules") / "rules.sqlite"
    path.write_bytes(empty_db.read_bytes())
    # Closed, not only committed: the last connection's close checkpoints a WAL file, and
    # fresh_db copies the main file alone.
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(FIXTURE)
    return path


@pytest.fixture
def fresh_db(rules_db: Path, tmp_path: Path) -> Path:
    """A copy of the fixture database a test may write to."""
    path = tmp_path / "fresh.sqlite"
    path.write_bytes(rules_db.read_bytes())
    return path


def record(**changes: Any) -> dict[str, Any]:
    """VALID with ``changes``: 'doses.0.amount_low' names a nested field; GONE removes it."""
    made = copy.deepcopy(VALID)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        target: Any = made
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        key: Any = int(last) if last.isdigit() else last
        if value is GONE:
            del target[key]
        else:
            target[key] = value
    return made


def dry_run(ivig: Any, db: Path, tmp_path: Path, *records: dict[str, Any]) -> Any:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(list(records)), encoding="utf-8")
    return ivig("import", "--db", str(db), "--dry-run", str(path))


def problems(ivig: Any, db: Path, tmp_path: Path, study: dict[str, Any]) -> list[str]:
    run = dry_run(ivig, db, tmp_path, study)
    assert run.exit_code == 1, run.stderr
    head, *lines = run.stderr.splitlines()
    assert head.endswith(f"{len(lines)} problem(s), nothing written:"), run.stderr
    return problem_lines(lines)


def problem_lines(lines: list[str]) -> list[str]:
    """The problems of an error, without the full stop the error line ends with."""
    return [line.strip() for line in lines[:-1]] + [lines[-1].strip().removesuffix(".")]


def test_the_valid_record_is_valid(ivig: Any, rules_db: Path, tmp_path: Path) -> None:
    run = dry_run(ivig, rules_db, tmp_path, VALID)
    assert run.exit_code == 0, run.stderr
    assert "would add: 1 publications, 1 studies, 1 study_indications, 2 statements" in run.stderr


TOO_LONG = "x" * 100_001
ID_81 = "a" * 81
CHOICES = {
    name: ", ".join(vocab.values(enum))
    for name, enum in (
        ("design", vocab.Design),
        ("population", vocab.Population),
        ("direction", vocab.Direction),
        ("unit", vocab.DoseUnit),
        ("topic", vocab.NoteTopic),
    )
}

# (changes, the one problem they must cause), each rule broken alone.
BROKEN: list[tuple[dict[str, Any], list[str]]] = [
    # ids
    ({"id": " novak"}, ["id: ' novak' is not an id (at most 80 characters, no outer spaces)"]),
    ({"id": "novak "}, ["id: 'novak ' is not an id (at most 80 characters, no outer spaces)"]),
    ({"id": ID_81}, [f"id: '{'a' * 40}' is not an id (at most 80 characters, no outer spaces)"]),
    ({"id": 7}, ["id: must be text, not a number (7)"]),
    # fixed values
    ({"design": GONE}, [f"design: required (one of: {CHOICES['design']})"]),
    ({"design": "rtc"}, ["design: 'rtc' is not valid; did you mean 'rct'?"]),
    ({"design": "zzzzzz"}, [f"design: 'zzzzzz' is not one of {CHOICES['design']}"]),
    ({"design": 3}, [f"design: must be one of {CHOICES['design']}, not a number (3)"]),
    ({"population": ""}, [f"population: required (one of: {CHOICES['population']})"]),
    ({"direction": "maybe"}, [f"direction: 'maybe' is not one of {CHOICES['direction']}"]),
    # numbers
    ({"year": "soon"}, ["year: 'soon' is not a year"]),
    ({"year": 1799}, ["year: 1799 is outside 1800-2100"]),
    ({"year": 2101}, ["year: 2101 is outside 1800-2100"]),
    ({"year": True}, ["year: 'True' is not a year"]),
    ({"year": 2024.5}, ["year: '2024.5' is not a year"]),
    ({"year": "1" * 19}, [f"year: '{'1' * 19}' is not a year"]),
    ({"n": 0}, ["n: 0 is not a positive number of patients"]),
    ({"n": -3}, ["n: -3 is not a positive number of patients"]),
    ({"n": "twelve"}, ["n: 'twelve' is not a whole number of patients"]),
    ({"n": 12.5}, ["n: '12.5' is not a whole number of patients"]),
    (
        {"n": 100_000_001},
        ["n: 100000001 is more patients than any study enrols (at most 100,000,000)"],
    ),
    # text
    ({"first_author": 42}, ["first_author: must be text, not a number (42)"]),
    ({"comparator": True}, ["comparator: must be text, not true/false"]),
    ({"outcome": ["a"]}, ["outcome: must be text, not a list"]),
    ({"note": {"a": 1}}, ["note: must be text, not an object"]),
    ({"outcome": TOO_LONG}, ["outcome: is 100,001 characters long; at most 100,000"]),
    # the citation
    ({"citation": ["x"]}, ["citation: must be an object, not a list"]),
    ({"citation.doi": "11.x"}, ["citation.doi: '11.x' is not a DOI (10.NNNN/...)"]),
    ({"citation.pmid": "0123"}, ["citation.pmid: '0123' is not a PMID (digits, no leading zero)"]),
    ({"citation.pmid": "12ab"}, ["citation.pmid: '12ab' is not a PMID (digits, no leading zero)"]),
    (
        {"citation.pmid": "1234567890"},
        ["citation.pmid: '1234567890' is not a PMID (digits, no leading zero)"],
    ),
    ({"citation.year": 1700}, ["citation.year: 1700 is outside 1800-2100"]),
    (
        {"citation.publication_id": "p "},
        ["citation.publication_id: 'p ' is not an id (at most 80 characters, no outer spaces)"],
    ),
    ({"citation.journal": 5}, ["citation.journal: must be text, not a number (5)"]),
    ({"citation.authors": 5}, ["citation.authors: must be text, not a number (5)"]),
    ({"citation.title": 5}, ["citation.title: must be text, not a number (5)"]),
    ({"citation.pages": 5}, ["citation.pages: must be text, not a number (5)"]),
    ({"citation.volume": 1.5}, ["citation.volume: must be text, not a number (1.5)"]),
    ({"citation.url": 5}, ["citation.url: must be text, not a number (5)"]),
    (
        {"citation.url": "https://example.org/x"},
        [
            "citation.url: https://example.org/x is not the canonical address of a record with "
            "this identifier: https://doi.org/10.5555/novak.2024"
        ],
    ),
    # indications
    (
        {"indications": ["still"]},
        ["indications: 'still' can mean more than one indication (aosd, sjia): give one"],
    ),  # fmt: skip
    (
        {"indications": ["Still"]},
        ["indications: 'Still' can mean more than one indication (aosd, sjia): give one"],
    ),  # fmt: skip
    ({"indications": ["raa"]}, ["indications: unknown indication 'raa'; did you mean 'ra'?"]),
    ({"indications": ["zzzzzzzz"]}, ["indications: unknown indication 'zzzzzzzz'"]),
    ({"indications": [3]}, ["indications: must be indication names, not a number (3)"]),
    ({"indications": "ra"}, ["indications: must be a list, not text ('ra')"]),
    # sources
    ({"sources": GONE}, ["sources: at least one source (document and quote) is required"]),
    ({"sources": []}, ["sources: at least one source (document and quote) is required"]),
    (
        {"sources": ["doc"]},
        ["sources[1]: must be an object with a document and a quote"],
    ),
    ({"sources.0.quote": "  "}, ["sources[1].quote: a quote is required"]),
    ({"sources.0.document": GONE}, ["sources[1].document: the document is required"]),
    (
        {"sources.0.document": "dox"},
        ["sources[1].document: unknown document 'dox'; did you mean 'doc'?"],
    ),  # fmt: skip
    ({"sources.0.document": "zzzzzzzz"}, ["sources[1].document: unknown document 'zzzzzzzz'"]),
    ({"sources.0.cited_as": [1]}, ["sources[1].cited_as: must be text, not a list"]),
    (
        {"sources.0.status": "checked"},
        ["sources[1].status: 'checked' is not one of confirmed, unconfirmed, contradicted"],
    ),  # fmt: skip
    (
        {"sources.0.status": "confirmed"},
        [
            "sources[1].checked_against: a confirmed statement must name the record it was "
            "checked against"
        ],
    ),
    (
        {"sources.0.status": "contradicted", "sources.0.checked_against": "PMID 1"},
        ["sources[1].note: say what the record contradicts"],
    ),
    ({"sources.0.note": 1}, ["sources[1].note: must be text, not a number (1)"]),
    (
        {"sources.0.checked_against": 1, "sources.0.status": "confirmed"},
        [
            "sources[1].checked_against: must be text, not a number (1)",
            "sources[1].checked_against: a confirmed statement must name the record it was "
            "checked against",
        ],
    ),
    (
        {"record_notes": [{"topic": "dose", "note": "N.", "checked_against": 3}]},
        ["record_notes[1].checked_against: must be text, not a number (3)"],
    ),
    # notes on the record
    ({"record_notes": ["x"]}, ["record_notes[1]: needs a topic and a note"]),
    (
        {"record_notes": [{"note": "A note."}]},
        [f"record_notes[1].topic: required (one of: {CHOICES['topic']})"],
    ),
    ({"record_notes": [{"topic": "dose"}]}, ["record_notes[1].note: the note is required"]),
    # doses
    ({"doses": "2 g/kg"}, ["doses: must be a list, not text ('2 g/kg')"]),
    ({"doses": ["2 g/kg"]}, ["doses[1]: must be an object"]),
    ({"doses.0.text": GONE}, ["doses[1].text: the dose as stated is required"]),
    (
        {"doses.0.id": " d"},
        ["doses[1].id: ' d' is not an id (at most 80 characters, no outer spaces)"],
    ),  # fmt: skip
    ({"doses.0.id": "kanik-dose"}, ["doses[1].id: 'kanik-dose' is already used"]),
    ({"doses.0.amount_low": "two"}, ["doses[1].amount_low: 'two' is not a number"]),
    ({"doses.0.amount_low": True}, ["doses[1].amount_low: 'True' is not a number"]),
    ({"doses.0.amount_low": 0}, ["doses[1].amount_low: 0 is outside 0-1000000"]),
    ({"doses.0.amount_high": 1_000_001}, ["doses[1].amount_high: 1000001 is outside 0-1000000"]),
    ({"doses.0.amount_low": 2.0000001}, ["doses[1].amount_low: 2.0000001 is above amount_high 2"]),
    ({"doses.0.amount_low": 3}, ["doses[1].amount_low: 3 is above amount_high 2"]),
    ({"doses.0.unit": GONE}, ["doses[1].amount: give amount_low, amount_high and unit together"]),
    ({"doses.0.unit": "ml"}, [f"doses[1].unit: 'ml' is not one of {CHOICES['unit']}"]),
    ({"doses.0.days_low": "x"}, ["doses[1].days_low: 'x' is not a whole number of days"]),
    ({"doses.0.days_low": 0}, ["doses[1].days_low: 0 is outside 1-3650 days"]),
    ({"doses.0.days_high": 3651}, ["doses[1].days_high: 3651 is outside 1-3650 days"]),
    ({"doses.0.days_low": 6}, ["doses[1].days_low: 6 is above days_high 5"]),
    (
        {"doses.0.basis": "per_cours"},
        ["doses[1].basis: 'per_cours' is not valid; did you mean 'per_course'?"],
    ),  # fmt: skip
    (
        {"doses.0.interval": "dayly"},
        ["doses[1].interval: 'dayly' is not valid; did you mean 'daily'?"],
    ),  # fmt: skip
    ({"doses.0.max_grams": 0}, ["doses[1].max_grams: 0 is outside 0-1000000"]),
    ({"doses.0.ambiguous": "yes"}, ["doses[1].ambiguous: must be true or false"]),
    ({"doses.0.ambiguous": 2}, ["doses[1].ambiguous: must be true or false"]),
    ({"doses.0.caveat": 3}, ["doses[1].caveat: must be text, not a number (3)"]),
    (
        {"doses.0.record_reading": "1 g/kg a day"},
        ["doses[1].record_source: name the record the reading comes from"],
    ),
    (
        {"doses.0.record_amount_low": 1},
        [
            "doses[1].record_amount: give record_amount_low, record_amount_high and "
            "record_unit together"
        ],
    ),
    (
        {
            "doses.0.record_amount_low": 1,
            "doses.0.record_amount_high": 1,
            "doses.0.record_unit": "g/kg",
            "doses.0.record_source": "trial-record",
        },
        ["doses[1].record_basis: say how the record's amount is read (per_course ...)"],
    ),
    (
        {
            "doses.0.record_amount_low": 1,
            "doses.0.record_amount_high": 1,
            "doses.0.record_unit": "g/kg",
            "doses.0.record_basis": "per_day",
        },
        ["doses[1].record_source: name the record the figures come from"],
    ),
    (
        {
            "doses.0.record_amount_low": 2,
            "doses.0.record_amount_high": 1,
            "doses.0.record_unit": "g/kg",
            "doses.0.record_basis": "per_day",
            "doses.0.record_source": "trial-record",
        },
        ["doses[1].record_amount_low: 2 is above record_amount_high 1"],
    ),
    (
        {"doses.0.record_amount_low": "one"},
        [
            "doses[1].record_amount_low: 'one' is not a number",
            "doses[1].record_amount: give record_amount_low, record_amount_high and "
            "record_unit together",
        ],
    ),
    (
        {"doses.0.record_unit": "ml"},
        [
            f"doses[1].record_unit: 'ml' is not one of {CHOICES['unit']}",
            "doses[1].record_amount: give record_amount_low, record_amount_high and "
            "record_unit together",
        ],
    ),
    (
        {"doses.0.record_days_low": 5},
        [
            "doses[1].record_days: give record_days_low and record_days_high together",
            "doses[1].record_days: the record's days and interval need its amount",
        ],
    ),
    (
        {"doses.0.record_days_low": 5, "doses.0.record_days_high": 5},
        ["doses[1].record_days: the record's days and interval need its amount"],
    ),
    (
        {"doses.0.record_interval": "once"},
        ["doses[1].record_days: the record's days and interval need its amount"],
    ),
    (
        {
            "doses.0.record_amount_low": 1,
            "doses.0.record_amount_high": 1,
            "doses.0.record_unit": "g/kg",
            "doses.0.record_basis": "per_day",
            "doses.0.record_source": "trial-record",
            "doses.0.record_days_low": 6,
            "doses.0.record_days_high": 5,
        },
        ["doses[1].record_days_low: 6 is above record_days_high 5"],
    ),
    (
        {"doses.0.record_basis": "per_dya"},
        ["doses[1].record_basis: 'per_dya' is not valid; did you mean 'per_day'?"],
    ),  # fmt: skip
    (
        {"doses.0.applies_to": ["aosdd"]},
        ["doses[1].applies_to: unknown indication 'aosdd'; did you mean 'aosd'?"],
    ),
    ({"doses.0.applies_to": ["zzzzzzzz"]}, ["doses[1].applies_to: unknown indication 'zzzzzzzz'"]),
    ({"doses.0.applies_to": "aosd"}, ["doses[1].applies_to: must be a list, not text ('aosd')"]),
    ({"doses.0.sources": "doc"}, ["doses[1].sources: must be a list, not text ('doc')"]),
    (
        {"sources": "doc"},
        [
            "sources: must be a list, not text ('doc')",
            "sources: at least one source (document and quote) is required",
        ],
    ),
    ({"record_notes": "x"}, ["record_notes: must be a list, not text ('x')"]),
    ({"doses.0.phase": 1}, ["doses[1].phase: must be text, not a number (1)"]),
    ({"doses.0.course_duration": 1}, ["doses[1].course_duration: must be text, not a number (1)"]),
    ({"doses.0.note": 1}, ["doses[1].note: must be text, not a number (1)"]),
    (
        {"doses.0.sources": [{"document": "doc"}]},
        ["doses[1].sources[1].quote: a quote is required"],
    ),
    # a key the import does not read is refused, never dropped with its value
    ({"outcom": "Better."}, ["outcom: not a field of a study; did you mean 'outcome'?"]),
    ({"Design": "rct"}, ["Design: not a field of a study; did you mean 'design'?"]),
    ({"zzzz": 1}, ["zzzz: not a field of a study"]),
    (
        {"result": "Six of twelve improved."},
        ["result: is another name for outcome, and they differ: give one"],
    ),
    (
        {"doses.0.amount_lo": 2},
        ["doses[1].amount_lo: not a field of a dose; did you mean 'amount_low'?"],
    ),
    (
        {"sources.0.qoute": "q"},
        ["sources[1].qoute: not a field of a source; did you mean 'quote'?"],
    ),
    (
        {"doses.0.sources": [{"document": "doc", "quote": "q", "statuss": "confirmed"}]},
        ["doses[1].sources[1].statuss: not a field of a source; did you mean 'status'?"],
    ),
    (
        {"citation.jornal": "J"},
        ["citation.jornal: not a field of a citation; did you mean 'journal'?"],
    ),
    (
        {"record_notes": [{"topic": "dose", "note": "x", "checked": "PMID 1"}]},
        ["record_notes[1].checked: not a field of a note"],
    ),
    (
        {"doses.0.context": "suggested"},
        ["doses[1].context: a study's dose is 'studied'; suggested ones are not imported"],
    ),
    # an infusion-rate limit: as stated, with its figure
    (
        {"doses.0.max_rate_mg_per_kg_min": 4},
        ["doses[1].rate_text: give the rate limit as stated with its figure"],
    ),
    (
        {"doses.0.rate_text": "up to 4 mg/kg/min", "doses.0.max_rate_mg_per_kg_min": 0},
        ["doses[1].max_rate_mg_per_kg_min: 0 is outside 0-1000000"],
    ),
    ({"doses.0.rate_text": 4}, ["doses[1].rate_text: must be text, not a number (4)"]),
]


@pytest.mark.parametrize(
    ("changes", "expected"), BROKEN, ids=[",".join(c) + f"#{i}" for i, (c, _) in enumerate(BROKEN)]
)
def test_each_rule_names_its_field_in_its_own_words(
    ivig: Any,
    rules_db: Path,
    tmp_path: Path,
    changes: dict[str, Any],
    expected: list[str],
) -> None:
    assert problems(ivig, rules_db, tmp_path, record(**changes)) == [
        f"item 1, {line}" for line in expected
    ]


# Values given in another form than the one stored, and stored as the rule says.
ACCEPTED: list[tuple[dict[str, Any], str, Any]] = [
    ({"design": " RCT "}, "SELECT design FROM studies WHERE id = 'novak-2024'", "rct"),
    ({"n": "12"}, "SELECT n FROM studies WHERE id = 'novak-2024'", 12),
    ({"n": 12.0}, "SELECT n FROM studies WHERE id = 'novak-2024'", 12),
    ({"year": 1800}, "SELECT year FROM studies WHERE id = 'novak-2024'", 1800),
    ({"year": 2100}, "SELECT year FROM studies WHERE id = 'novak-2024'", 2100),
    ({"n": 100_000_000}, "SELECT n FROM studies WHERE id = 'novak-2024'", 100_000_000),
    ({"id": "a" * 80}, "SELECT count(*) FROM studies WHERE length(id) = 80", 1),
    # A record that cites nothing may say so with null or an empty object.
    ({"citation": None}, "SELECT publication_id IS NULL FROM studies WHERE id = 'novak-2024'", 1),
    ({"citation": {}}, "SELECT publication_id IS NULL FROM studies WHERE id = 'novak-2024'", 1),
    ({"citation.pmid": 123}, "SELECT pmid FROM publications WHERE id = 'novak-2024'", "123"),
    (
        {"citation.pmid": "987654321"},
        "SELECT pmid FROM publications WHERE id = 'novak-2024'",
        "987654321",
    ),  # fmt: skip
    ({"citation.volume": 12}, "SELECT volume FROM publications WHERE id = 'novak-2024'", "12"),
    ({"citation.issue": 3}, "SELECT issue FROM publications WHERE id = 'novak-2024'", "3"),
    (
        {"citation.authors": "Novak J, Ruiz A"},
        "SELECT authors FROM publications WHERE id = 'novak-2024'",
        "Novak J, Ruiz A",
    ),  # fmt: skip
    (
        {"sources.0.cited_as": 12},
        "SELECT cited_as FROM statements WHERE id = 'st-novak-2024-1'",
        "12",
    ),  # fmt: skip
    (
        {"result": "Eight of twelve improved."},
        "SELECT result FROM studies WHERE id = 'novak-2024'",
        "Eight of twelve improved.",
    ),  # fmt: skip
    (
        {"outcome": GONE, "result": "As written."},
        "SELECT result FROM studies WHERE id = 'novak-2024'",
        "As written.",
    ),  # fmt: skip
    (
        {"indications": ["adult Still", "aosd"]},
        "SELECT group_concat(indication_slug) FROM study_indications",
        "aosd",
    ),  # fmt: skip
    (
        {"doses.0.ambiguous": 1, "doses.0.note": "Which day?"},
        "SELECT ambiguous || ambiguity_note FROM dose_regimens WHERE study_id = 'novak-2024'",
        "1Which day?",
    ),  # fmt: skip
    (
        {"doses.0.amount_low": 1_000_000, "doses.0.amount_high": 1_000_000},
        "SELECT amount_low FROM dose_regimens WHERE study_id = 'novak-2024'",
        1_000_000,
    ),  # fmt: skip
    (
        {"doses.0.days_low": 3650, "doses.0.days_high": 3650},
        "SELECT days_low FROM dose_regimens WHERE study_id = 'novak-2024'",
        3650,
    ),  # fmt: skip
    (
        {"doses.0.applies_to": ["aosd", "aosd", "sjia"]},
        "SELECT group_concat(indication_slug) FROM regimen_indications "
        "WHERE regimen_id = 'novak-2024-dose-1'",
        "aosd,sjia",
    ),  # fmt: skip
    (
        {"sources.0.status": "confirmed", "sources.0.checked_against": "PMID 1"},
        "SELECT status FROM statements WHERE id = 'st-novak-2024-1'",
        "confirmed",
    ),  # fmt: skip
    (
        {"record_notes": [{"topic": "dose", "note": "Read twice."}]},
        "SELECT topic || ': ' || note || '|' || checked_against FROM study_notes",
        "dose: Read twice.|",
    ),  # fmt: skip
    (
        {"doses.0.rate_text": "up to 4 mg/kg/min", "doses.0.max_rate_mg_per_kg_min": "4"},
        "SELECT rate_text || '|' || max_rate_mg_per_kg_min FROM dose_regimens WHERE study_id = 'novak-2024'",
        "up to 4 mg/kg/min|4.0",
    ),  # fmt: skip
    # What the export derives from the rest comes back with it, and is not read.
    (
        {
            "dose": "as exported",
            "status": "unconfirmed",
            "doses.0.context": "studied",
            "doses.0.study_id": "novak-2024",
            "sources.0.document_title": "A title",
        },
        "SELECT count(*) FROM dose_regimens WHERE study_id = 'novak-2024'",
        1,
    ),  # fmt: skip
]


@pytest.mark.parametrize(("changes", "sql", "stored"), ACCEPTED)
def test_values_in_another_form_are_stored_as_the_rule_says(
    ivig: Any, fresh_db: Path, tmp_path: Path, changes: dict[str, Any], sql: str, stored: Any
) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps([record(**changes)]), encoding="utf-8")
    run = ivig("import", "--db", str(fresh_db), str(path))
    assert run.exit_code == 0, run.stderr
    with sqlite3.connect(fresh_db) as conn:
        assert conn.execute(sql).fetchone()[0] == stored


def stored(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return [tuple(row) for row in conn.execute(sql)]


def import_file(ivig: Any, db: Path, tmp_path: Path, *records: dict[str, Any]) -> Any:
    path = tmp_path / "studies.json"
    path.write_text(json.dumps(list(records)), encoding="utf-8")
    return ivig("import", "--db", str(db), str(path))


def test_a_dose_without_sources_is_stated_by_the_study_quote_unchecked(
    ivig: Any, fresh_db: Path, tmp_path: Path
) -> None:
    """The study's sentence states the dose too, but a record that confirmed the study's
    claim did not confirm the dose: the dose's statement is unconfirmed, unchecked."""
    study = record(
        **{
            "sources.0.status": "confirmed",
            "sources.0.checked_against": "PubMed record (PMID 1)",
            "sources.0.note": "The record says so.",
            "sources.0.cited_as": "4",
        }
    )
    assert import_file(ivig, fresh_db, tmp_path, study).exit_code == 0
    assert stored(
        fresh_db,
        "SELECT document_id, quote, cited_as, status, status_note, checked_against "
        "FROM statements WHERE regimen_id = 'novak-2024-dose-1'",
    ) == [("doc", "A sentence quoted verbatim.", "4", "unconfirmed", None, None)]
    assert stored(fresh_db, "SELECT status FROM statements WHERE study_id = 'novak-2024'") == [
        ("confirmed",)
    ]


def test_a_dose_keeps_its_own_sources_as_checked(ivig: Any, fresh_db: Path, tmp_path: Path) -> None:
    """A dose's own source, confirmed against its record, is stored as given (as `ivig
    studies -f json` prints it, so a study exported and imported again keeps it)."""
    own = {
        "document": "trial-record",
        "quote": "Two grams per kilogram.",
        "status": "confirmed",
        "checked_against": "PubMed record (PMID 1)",
        "note": "The abstract gives the dose.",
    }
    assert (
        import_file(ivig, fresh_db, tmp_path, record(**{"doses.0.sources": [own]})).exit_code == 0
    )
    assert stored(
        fresh_db,
        "SELECT document_id, quote, status, status_note, checked_against FROM statements "
        "WHERE regimen_id = 'novak-2024-dose-1'",
    ) == [("trial-record", own["quote"], "confirmed", own["note"], own["checked_against"])]


def test_a_dose_read_from_its_record_is_not_stated_by_the_study_quote(
    ivig: Any, fresh_db: Path, tmp_path: Path
) -> None:
    study = record(
        **{"doses.0.record_reading": "2 g/kg per course", "doses.0.record_source": "trial-record"}
    )
    assert import_file(ivig, fresh_db, tmp_path, study).exit_code == 0
    assert stored(fresh_db, "SELECT count(*) FROM statements WHERE regimen_id IS NOT NULL "
                  "AND regimen_id <> 'kanik-dose'") == [(0,)]  # fmt: skip


def test_a_dose_without_applies_to_is_filed_under_the_study_indications(
    ivig: Any, fresh_db: Path, tmp_path: Path
) -> None:
    two = record(indications=["ra", "aosd"])
    assert import_file(ivig, fresh_db, tmp_path, two).exit_code == 0
    assert stored(
        fresh_db,
        "SELECT indication_slug FROM regimen_indications WHERE regimen_id = 'novak-2024-dose-1' "
        "ORDER BY 1",
    ) == [("aosd",), ("ra",)]
    shown = ivig("dose", "--db", str(fresh_db), "-i", "aosd", "-f", "json").json()
    assert [r["id"] for r in shown] == ["novak-2024-dose-1"]


def test_a_dose_with_applies_to_is_filed_under_those_only(
    ivig: Any, fresh_db: Path, tmp_path: Path
) -> None:
    study = record(indications=["ra"], **{"doses.0.applies_to": ["sjia"]})
    assert import_file(ivig, fresh_db, tmp_path, study).exit_code == 0
    assert stored(
        fresh_db,
        "SELECT indication_slug FROM regimen_indications WHERE regimen_id = 'novak-2024-dose-1'",
    ) == [("sjia",)]


# ------------------------------------------------------------------ table files


def write_tables(directory: Path, **tables: list[dict[str, Any]]) -> Path:
    directory.mkdir(exist_ok=True)
    for name, table_rows in tables.items():
        (directory / f"{name}.json").write_text(json.dumps(table_rows), encoding="utf-8")
    return directory


STUDY_ROW = {"id": "tbl-1", "design": "rct", "population": "ra", "direction": "benefit"}
STATEMENT_ROW = {
    "id": "st-tbl-1",
    "document_id": "doc",
    "quote": "Said so.",
    "status": "unconfirmed",
    "study_id": "tbl-1",
}

TABLE_BROKEN: list[tuple[dict[str, list[Any]], list[str]]] = [
    (
        {
            "publications": [
                {"id": "p-1", "kind": "trial_report", "url": "https://www.scilit.net/article/1"}
            ]
        },
        [
            "publications row 1, url: https://www.scilit.net/article/1 is an aggregator, not the "
            "record's public address: give the canonical one and keep where you read it as "
            "read_at"
        ],
    ),  # fmt: skip
    (
        {
            "studies": [dict(STUDY_ROW, id=" tbl-1")],
            "statements": [dict(STATEMENT_ROW, study_id=" tbl-1")],
        },
        [
            "studies row 1, id: ' tbl-1' is not an id (at most 80 characters, no outer spaces)",
            "statements row 1, study_id: ' tbl-1' is not an id (at most 80 characters, no "
            "outer spaces)",
        ],
    ),  # fmt: skip
    (
        {"publications": [{"id": "p-1", "kind": "trial_report", "pmid": "0123"}]},
        ["publications row 1, pmid: '0123' is not a PMID (digits, no leading zero)"],
    ),
    (
        {"publications": [{"id": "p-1", "kind": "trial_report", "doi": "11.x"}]},
        ["publications row 1, doi: '11.x' is not a DOI (10.NNNN/...)"],
    ),
    ({"studies": [dict(STUDY_ROW, year=1700)]}, ["studies row 1, year: 1700 is outside 1800-2100"]),
    (
        {"studies": [dict(STUDY_ROW, n=0)]},
        ["studies row 1, n: 0 is not a positive number of patients"],
    ),  # fmt: skip
    (
        {"studies": [dict(STUDY_ROW, design="rtc")]},
        ["studies row 1, design: 'rtc' is not one of " + CHOICES["design"]],
    ),  # fmt: skip
    ({"studies": [dict(STUDY_ROW, design=None)]}, ["studies row 1, design: required"]),
    ({"studies": ["tbl-1"]}, ["studies row 1: not an object"]),
    ({"studies": [dict(STUDY_ROW, colour="red")]}, ["studies row 1: unknown column(s) colour"]),
    ({"studies": [STUDY_ROW, STUDY_ROW]}, ["studies row 2: key tbl-1 appears twice"]),
    (
        {"studies": [dict(STUDY_ROW, origin="curated")]},
        [
            "studies row 1, origin: rows you import are local; curated rows come only from the "
            "release or an `ivig export` with its manifest"
        ],
    ),
    (
        {
            "dose_regimens": [
                {
                    "id": "r",
                    "context": "studied",
                    "basis": "per_day",
                    "repeat_interval": "once",
                    "text": "1 g",
                    "ambiguous": "maybe",
                }
            ]
        },
        ["dose_regimens row 1, ambiguous: 'maybe' is not true or false"],
    ),  # fmt: skip
    (
        {
            "dose_regimens": [
                {
                    "id": "r",
                    "context": "studied",
                    "basis": "per_day",
                    "repeat_interval": "once",
                    "text": "1 g",
                    "days_low": "five",
                    "ambiguous": False,
                }
            ]
        },
        ["dose_regimens row 1, days_low: 'five' is not a whole number"],
    ),  # fmt: skip
    (
        {
            "dose_regimens": [
                {
                    "id": "r",
                    "context": "studied",
                    "basis": "per_day",
                    "repeat_interval": "once",
                    "text": "1 g",
                    "amount_low": "two",
                    "ambiguous": "0",
                }
            ]
        },
        ["dose_regimens row 1, amount_low: 'two' is not a number"],
    ),  # fmt: skip
    (
        {"publications": [{"id": "p-1", "kind": "trial_report", "author_list": "Kanik KS"}]},
        [
            'publications row 1, author_list: must be a JSON array such as [{"family": '
            '"Kanik", "given": "K. S."}]'
        ],
    ),
    (
        {"publications": [{"id": "p-1", "kind": "trial_report", "author_list": "[]"}]},
        ["publications row 1, author_list: must be a non-empty JSON array of people"],
    ),
    (
        {
            "publications": [
                {
                    "id": "p-1",
                    "kind": "trial_report",
                    "author_list": '[{"family": "Kanik", "initials": "KS"}]',
                }
            ]
        },
        [
            'publications row 1, author_list[0]: must be {"family": ..., "given": ...} or '
            '{"literal": ...}'
        ],
    ),  # fmt: skip
    (
        {
            "publications": [
                {
                    "id": "p-1",
                    "kind": "trial_report",
                    "pmid": "8624520",
                    "url": "https://europepmc.org/article/MED/8624520",
                }
            ]
        },
        [
            "publications row 1, url: https://europepmc.org/article/MED/8624520 is not the "
            "canonical address of a record with this identifier: "
            "https://pubmed.ncbi.nlm.nih.gov/8624520/"
        ],
    ),  # fmt: skip
]


@pytest.mark.parametrize(("tables", "expected"), TABLE_BROKEN)
def test_each_rule_of_a_table_file_names_its_row_and_column(
    ivig: Any, rules_db: Path, tmp_path: Path, tables: dict[str, list[Any]], expected: list[str]
) -> None:
    directory = write_tables(tmp_path / "tables", **tables)
    run = ivig("import", "--db", str(rules_db), "--dry-run", str(directory))
    assert run.exit_code == 1, run.stderr
    head, *lines = run.stderr.splitlines()
    assert head.endswith(f"{len(expected)} problem(s), nothing written:"), run.stderr
    assert problem_lines(lines) == expected


def test_table_rows_already_present_are_skipped_and_counted(
    ivig: Any, fresh_db: Path, tmp_path: Path
) -> None:
    directory = write_tables(
        tmp_path / "tables",
        studies=[STUDY_ROW, dict(STUDY_ROW, id="kanik")],
        statements=[STATEMENT_ROW],
    )
    run = ivig("import", "--db", str(fresh_db), str(directory))
    assert run.exit_code == 0, run.stderr
    assert "added: 1 studies, 1 statements" in run.stderr
    assert "skipped studies: 1 row(s) already present" in run.stderr
    assert stored(fresh_db, "SELECT origin FROM studies WHERE id = 'tbl-1'") == [("local",)]


# ------------------------------------------------------------------ what an import reports


def test_an_import_result_says_what_each_skipped_study_repeats_and_why(
    fresh_db: Path, tmp_path: Path
) -> None:
    from ivig_evidence.database import Evidence
    from ivig_evidence.importing.results import Duplicate, Match, Why

    same_pmid = record(id="other", citation={"title": "Other", "pmid": "8624520"})
    first = record(citation={"title": "T", "pmid": "8624520"})
    path = tmp_path / "in.json"
    path.write_text(
        json.dumps(
            [
                first,
                same_pmid,
                record(id="kanik"),
                record(id="x", first_author="Kanik", year=1996, citation={"title": "T"}),
            ]
        ),
        encoding="utf-8",
    )
    result = Evidence.open(fresh_db).import_path(path, dry_run=True)
    assert result.dry_run and result.write is None and result.replaced == ()
    assert result.added["studies"] == 2  # the first, and "x" (its author and year differ)
    assert result.skipped == (
        Duplicate("item 2", "other", "novak-2024", Match.PMID, Why.EARLIER_IN_INPUT),
        Duplicate("item 3", "kanik", "kanik", Match.ID, Why.IN_DATABASE),
    )
    assert result.skipped_total == 2


def test_update_replaces_only_a_local_study_of_the_same_id(
    ivig: Any, fresh_db: Path, tmp_path: Path
) -> None:
    from ivig_evidence.database import Evidence
    from ivig_evidence.importing.results import Duplicate, Match, Why

    assert import_file(ivig, fresh_db, tmp_path, VALID).exit_code == 0
    with sqlite3.connect(fresh_db) as conn:
        conn.execute("UPDATE studies SET origin = 'curated' WHERE id = 'kanik'")
    path = tmp_path / "again.json"
    path.write_text(
        json.dumps(
            [
                record(id="renamed"),
                record(outcome="Nine of twelve improved."),
                record(id="kanik", citation={}),
            ]
        ),
        encoding="utf-8",
    )
    result = Evidence.open(fresh_db).import_path(path, update=True)
    assert result.replaced == ("novak-2024",) and result.write is not None
    assert result.skipped == (
        Duplicate("item 1", "renamed", "novak-2024", Match.DOI, Why.NOT_SAME_ID),
        Duplicate("item 3", "kanik", "kanik", Match.ID, Why.CURATED),
    )
    assert stored(fresh_db, "SELECT result FROM studies WHERE id = 'novak-2024'") == [
        ("Nine of twelve improved.",)
    ]
    run = ivig("import", "--db", str(fresh_db), "--update", "--dry-run", str(path))
    assert run.stderr.splitlines() == [
        "would add: 1 studies, 1 study_indications, 2 statements, 1 dose_regimens, "
        "1 regimen_indications",
        "would replace local study novak-2024",
        "skipped item 1: renamed duplicates publication novak-2024 (same DOI); --update "
        "replaces a local study of the same id only",
        "skipped item 3: kanik is curated; an import changes only local rows (give it another id)",
    ]


def test_a_study_repeated_by_author_year_and_title_is_named(
    ivig: Any, fresh_db: Path, tmp_path: Path
) -> None:
    again = record(id="another", citation={"title": "Another trial"}, first_author="Kanik",
                   year=1996)  # fmt: skip
    run = import_file(ivig, fresh_db, tmp_path, again)
    assert run.exit_code == 0, run.stderr
    assert run.stderr.splitlines() == [
        "nothing to add",
        "skipped item 1: another is already in the database as study kanik (same first "
        "author, year and title)",
    ]


def test_more_skips_than_shown_are_counted(ivig: Any, fresh_db: Path, tmp_path: Path) -> None:
    copies = [record(id="kanik") for _ in range(30)]
    run = import_file(ivig, fresh_db, tmp_path, *copies)
    lines = run.stderr.splitlines()
    assert lines[0] == "nothing to add" and lines[-1] == "... and 5 more skipped"
    assert len(lines) == 1 + 25 + 1
