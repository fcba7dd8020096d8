"""Dose listings and the calculator's notes, on a small fixture database: the order of
regimens whatever --limit asks for (suggested first, then by id), however the first
ones are found, and the weight rule's notes in every regimen's JSON."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.test_rules import fixture_db


def regimen(rid: str, indication: str, context: str, amount: float | None = 1) -> str:
    study = "'a-study'" if context == "studied" else "NULL"
    figures = f"{amount}, {amount}, 'g/kg'" if amount is not None else "NULL, NULL, NULL"
    return (
        "INSERT INTO dose_regimens (id, study_id, context, amount_low, amount_high, unit, basis, "
        f"repeat_interval, text, ambiguous) VALUES ('{rid}', {study}, '{context}', {figures}, "
        f"'per_day', 'once', 'as stated ({rid})', 0);\n"
        f"INSERT INTO regimen_indications (regimen_id, indication_slug) VALUES ('{rid}', "
        f"'{indication}');\n"
    )


FIXTURE = (
    "INSERT INTO indications (slug, name, relation_to_ra) VALUES ('ind', 'Ind', 'related'), "
    "('other', 'Other', 'related');\n"
    "INSERT INTO studies (id, first_author, year, design, population, direction) VALUES "
    "('a-study', 'Author', 2001, 'rct', 'ra', 'benefit');\n"
    # Regimens of another indication come first by id: a walk of the first few finds none.
    + regimen("0-other-1", "other", "suggested")
    + regimen("0-other-2", "other", "studied")
    + regimen("0-other-3", "other", "studied")
    # Suggested and studied regimens interleaved by id.
    + regimen("a-studied", "ind", "studied")
    + regimen("b-suggested", "ind", "suggested")
    + regimen("c-studied", "ind", "studied", amount=None)
    + regimen("d-suggested", "ind", "suggested", amount=2)
    + regimen("e-studied", "ind", "studied")
)
LISTED = ["b-suggested", "d-suggested", "a-studied", "c-studied", "e-studied"]


@pytest.fixture
def db(empty_db: Path, tmp_path: Path) -> Path:
    return fixture_db(empty_db, tmp_path, FIXTURE)


def listed(ivig: Any, db: Path, *args: str) -> Any:
    run = ivig("dose", "--db", str(db), "-i", "ind", "-f", "json", *args)
    assert run.exit_code == 0, run.stderr
    return run.json()


@pytest.mark.parametrize("walk", [20_000, 2, 4], ids=["walked", "looked up", "walk ends early"])
def test_regimens_keep_their_order_under_any_limit(
    ivig: Any, db: Path, monkeypatch: pytest.MonkeyPatch, walk: int
) -> None:
    from ivig_evidence.doses import report

    monkeypatch.setattr(report, "WALK_ROWS", walk)
    every = listed(ivig, db)
    assert [r["id"] for r in every] == LISTED
    for limit in range(1, len(LISTED) + 2):
        assert listed(ivig, db, "--limit", str(limit)) == every[:limit], limit
    held_back = ivig("dose", "--db", str(db), "-i", "ind", "--limit", "3")
    assert "more regimens than the 3 shown" in held_back.stderr
    assert "e-studied" not in held_back.stdout and "a-studied" in held_back.stdout


def test_a_regimen_filed_under_two_indications_takes_its_place_by_id(ivig: Any, db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO regimen_indications (regimen_id, indication_slug) "
            "VALUES ('0-other-2', 'ind')"
        )
    ids = [r["id"] for r in listed(ivig, db)]
    assert ids == ["b-suggested", "d-suggested", "0-other-2", "a-studied", "c-studied", "e-studied"]
    assert [r["id"] for r in listed(ivig, db, "--limit", "3")] == ids[:3]


WEIGHT = ("--weight", "60", "--dosing-weight", "ideal", "--height", "200", "--sex", "male")


def test_the_weight_rule_notes_are_in_every_regimen_json(ivig: Any, db: Path) -> None:
    """Asked for the ideal weight of a tall, light patient, the calculator uses the actual
    weight and says why: in the warnings of each regimen, whether or not it has a dose
    to compute."""
    every = listed(ivig, db, *WEIGHT)
    capped = (
        "the ideal body weight (93.1 kg) is more than the actual weight (60.0 kg), so the "
        "actual weight is used"
    )
    for regimen in every:
        assert (regimen["weight_rule"], regimen["weight_rule_asked"]) == ("actual", "ideal")
        assert regimen["dosing_weight_kg"] == 60
        assert regimen["warnings"][-1] == capped, regimen["id"]
    unrecorded = next(r for r in every if r["id"] == "c-studied")
    assert unrecorded["reading"] == "no amount recorded"
    assert unrecorded["warnings"] == [
        "no amount recorded for this regimen: the top-level figures are null",
        "another reading: as recorded",
        capped,
    ]


def test_a_short_patient_is_told_the_formula_is_extrapolated(ivig: Any, db: Path) -> None:
    short = ("--weight", "40", "--dosing-weight", "ideal", "--height", "140", "--sex", "female")
    (first, *_) = listed(ivig, db, *short)
    assert first["weight_rule"] == "ideal" and first["weight_rule_asked"] == "ideal"
    assert first["warnings"][-1] == (
        "the Devine formula is made for adults at least 152.4 cm (5 ft) tall; at 140 cm it "
        "is an extrapolation"
    )


def test_the_actual_weight_has_no_note(ivig: Any, db: Path) -> None:
    (first, *_) = listed(ivig, db, "--weight", "70")
    assert first["warnings"] == [] and first["weight_rule"] == "actual"
