"""`ivig dose`: structured and stated regimens, ambiguity, positions, contract."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

CONTRACT_KEYS = {
    "indication",
    "amount_low",
    "amount_high",
    "unit",
    "basis",
    "days_low",
    "days_high",
    "interval",
    "text",
    "ambiguous",
    "note",
    "sources",
}


def regimen_ids(db: Path, slug: str) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {
            r[0]
            for r in conn.execute(
                "SELECT regimen_id FROM regimen_indications WHERE indication_slug = ?", (slug,)
            )
        }


def test_aosd_regimens_structured_and_as_stated(ivig, db_path: Path) -> None:
    run = ivig("dose", "--indication", "aosd", "--format", "json")
    assert run.exit_code == 0, run.stderr
    regimens = {r["id"]: r for r in run.json()}
    assert set(regimens) == regimen_ids(db_path, "aosd")
    assert {"aosd-case-series-dose", "suggested-high-dose-course", "suggested-monthly"} <= set(
        regimens
    )
    for regimen in regimens.values():
        assert regimen.keys() >= CONTRACT_KEYS
        assert regimen["indication"] == "aosd"
        assert regimen["sources"] and all(s["quote"] for s in regimen["sources"])
    course = regimens["aosd-case-series-dose"]
    assert (course["amount_low"], course["amount_high"], course["unit"]) == (0.4, 2, "g/kg")
    assert (course["basis"], course["days_low"], course["days_high"]) == ("per_day", 2, 5)
    assert course["text"] == "0.4-2 g/kg/day for 2-5 days"
    assert course["ambiguous"] is True
    assert "10 g/kg per course" in course["note"]
    monthly = regimens["suggested-monthly"]
    assert (monthly["amount_low"], monthly["unit"], monthly["interval"]) == (
        400,
        "mg/kg",
        "monthly",
    )
    assert monthly["ambiguous"] is False and monthly["note"] is None


def test_positions_for_the_indication_travel_with_the_regimens(ivig, db_path: Path) -> None:
    regimens = ivig("dose", "-i", "aosd", "-f", "json").json()
    positions = {p["id"]: p for p in regimens[0]["positions"]}
    with sqlite3.connect(db_path) as conn:
        recorded = {
            r[0] for r in conn.execute("SELECT id FROM positions WHERE indication_slug = 'aosd'")
        }
    assert set(positions) == recorded and len(recorded) >= 2
    assert positions["droracle-aosd"]["stance"] == "may_be_considered"
    assert positions["droracle-aosd"]["sources"][0]["document"] == "droracle-2025"


def test_table_shows_ambiguity_and_positions(ivig, db_path: Path) -> None:
    run = ivig("dose", "--indication", "adult-onset Still's disease")
    assert run.exit_code == 0
    assert "AMBIGUOUS" in run.stdout
    assert "0.4-2 g/kg/day for 2-5 days" in run.stdout
    assert "Positions on IVIG for aosd" in run.stdout
    assert "may_be_considered" in run.stdout


def test_indication_beneath_includes_its_regimens(ivig, db_path: Path) -> None:
    ids = {r["id"] for r in ivig("dose", "-i", "ra", "-f", "json").json()}
    assert {
        "muscat-1995-loading",
        "muscat-1995-maintenance",
        "ra-low-dose-rct-dose",
        "suggested-monthly",
        "ra-high-dose-open-dose",
    } <= ids
    assert "aosd-case-series-dose" not in ids


def test_unstated_amount_stays_null(ivig, db_path: Path) -> None:
    regimens = {r["id"]: r for r in ivig("dose", "-i", "ra", "-f", "json").json()}
    vague = regimens["ra-high-dose-open-dose"]
    assert vague["days_low"] is None and vague["days_high"] is None  # not stated: not guessed


def test_primary_literature_reading_travels_with_the_regimen(ivig, db_path: Path) -> None:
    regimens = {r["id"]: r for r in ivig("dose", "-i", "ra-refractory", "-f", "json").json()}
    maintenance = regimens["muscat-1995-maintenance"]
    assert maintenance["ambiguous"] is True  # the source text is still ambiguous
    assert maintenance["record_reading"] and "http" in maintenance["record_source"]
    low = regimens["ra-low-dose-rct-dose"]
    assert (low["amount_low"], low["unit"], low["interval"]) == (5, "mg/kg", "every_3_weeks")
    assert low["text"] == "5 mg/kg"  # the source's words, beside the record's schedule
    table = ivig("dose", "-i", "aosd").stdout
    assert "Primary literature:" in table and "2 g/kg given over two or five days" in table


def test_indication_with_no_regimens(ivig, db_path: Path) -> None:
    run = ivig("dose", "--indication", "iim-ild", "--format", "json")
    assert run.exit_code == 0 and run.json() == []
    run = ivig("dose", "--indication", "iim-ild")
    assert run.exit_code == 0
    assert "no dose regimens recorded for iim-ild" in run.stderr
    assert "conditionally_recommended" in run.stdout  # the ACR/CHEST position still shows


def test_csv(ivig, db_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(ivig("dose", "-i", "aosd", "-f", "csv").stdout)))
    assert {r["regimen"] for r in rows} == regimen_ids(db_path, "aosd")


def test_an_unknown_indication_is_one_sentence_then_the_slugs(ivig, db_path: Path) -> None:
    run = ivig("dose", "--indication", "zzzz")
    assert run.exit_code == 2 and run.stdout == ""
    first, slugs = run.stderr.removeprefix("ivig: error: ").split(" Known slugs: ")
    assert first == "unknown indication 'zzzz'."
    assert "aosd" in slugs.rstrip(".\n").split(", ")


@pytest.mark.parametrize(
    ("args", "expected", "code"),
    [
        (["--indication", "no-such-indication"], "unknown indication 'no-such-indication'", 2),
        (["--indication", "aods"], "did you mean", 2),
        ([], "Missing option '--indication'", 2),
    ],
)
def test_bad_input(ivig, db_path: Path, args: list[str], expected: str, code: int) -> None:
    run = ivig("dose", *args)
    assert run.exit_code == code
    assert expected in run.stderr and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1
