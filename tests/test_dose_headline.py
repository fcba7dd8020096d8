"""A dose headline a pharmacist can take (issue 26, item 3).

Where a primary record gives figures of its own for the reading it supports, the
first figure shown is the record's dose at the patient's weight, with its days; the
source's range is shown as the source states it, and never as the headline. Run on
a pseudo-terminal of 80 columns, with and without colour, and as CSV and JSON.

The expected figures are the oracle from the record itself (PubMed 10522316: "2 g/kg
of body weight during two or five days", "monthly"): at 70 kg a course is 140 g,
given as 28 g a day over 5 days or 70 g a day over 2 days.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import run_on_terminal

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# A figure in grams (140 g, 28 g/day, 0.4-2 g/kg ...), not kilograms.
GRAMS = re.compile(r"\d g\b")
RECORD_DOSE = "the primary record's dose: 2 g/kg a course over 2-5 days, monthly"


def screen(env: dict[str, str], *args: str, columns: int = 80, colour: bool = False) -> str:
    code, text = run_on_terminal(list(args), env, columns=columns, colour=colour)
    assert code == 0, text
    return text.replace("\r\n", "\n")


@pytest.fixture
def env(subprocess_env: dict[str, str], db_path: Path) -> dict[str, str]:
    return {**subprocess_env, "IVIG_DB": str(db_path)}


def regimen_blocks(text: str) -> dict[str, list[str]]:
    """The screen's blocks (separated by a blank line), by their first word: a regimen id."""
    blocks = [b.splitlines() for b in re.split(r"\n\s*\n", text) if b.strip()]
    return {b[0].split(":")[0]: b for b in blocks}


@pytest.mark.parametrize("columns", [80, 120])
def test_the_first_figure_is_the_record_dose_with_its_days(
    env: dict[str, str], columns: int
) -> None:
    text = screen(env, "dose", "-i", "aosd", "--weight", "70", columns=columns)
    lines = text.splitlines()
    # The dosing weight comes first (kg, and its rounding rule); the first dose figure
    # after it, in grams, is the headline: the record's course with its days.
    after_weight = lines.index("") if "" in lines else 0
    first = next(i for i, line in enumerate(lines) if i > after_weight and GRAMS.search(line))
    assert lines[first].split() == ["HEADLINE", "140", "g", "per", "course,", "monthly"]
    assert " ".join(lines[first + 1].split()) == (
        "given as from 28 g/day for 5 days up to 70 g/day for 2 days"
    )
    for regimen in ("suggested-high-dose-course", "aosd-case-series-dose"):
        block = regimen_blocks(text)[regimen]
        figures = [line for line in block if GRAMS.search(line)]
        assert figures[0].split()[:4] == ["HEADLINE", "140", "g", "per"], block
        assert RECORD_DOSE in " ".join(" ".join(block).split())  # the reading, never cut
        assert "…" not in "".join(block)


def test_the_source_range_is_shown_as_the_source_states_it_not_as_the_headline(
    env: dict[str, str],
) -> None:
    text = screen(env, "dose", "-i", "aosd", "--weight", "70")
    block = regimen_blocks(text)["suggested-high-dose-course"]
    joined = " ".join(" ".join(block).split())
    assert (
        "As the source states it: \u201c0.4-2 g/kg/day for 2-5 days\u201d (the source's "
        "figures, not the headline: the headline is the primary record's own dose)"
    ) in joined
    (headline,) = [line for line in block if line.startswith("HEADLINE")]
    assert "0.4" not in headline and "28-140" not in headline
    # The range is still read, below the headline: as a course and, implausibly, per day.
    flags = [line.split()[0] for line in block if line.split()[0] in ("HEADLINE", "alternative")]
    assert flags == ["HEADLINE", "alternative"]
    assert "alternative  28-140 g per course" in block
    assert "IMPLAUSIBLE  56-700 g per course" in block


def test_the_arithmetic_and_delivered_figures_are_whole_at_80_columns(
    env: dict[str, str],
) -> None:
    text = screen(env, "dose", "-i", "aosd", "--weight", "70")
    for line in text.splitlines():
        assert len(line) <= 80, line  # wrapped at words, never cut
    block = regimen_blocks(text)["suggested-high-dose-course"]
    joined = " ".join(" ".join(block).split())
    assert (
        "Arithmetic, HEADLINE: 2 g/kg x 70 kg = 140 g per course, divided over 2-5 days = "
        "28-70 g/day; 28 g x 5 days = 140 g; 70 g x 2 days = 140 g"
    ) in joined
    assert "Arithmetic, IMPLAUSIBLE: 0.4-2 g/kg x 70 kg = 28-140 g/day" in joined
    delivered = [line for line in block if line.startswith("delivered")]
    assert delivered[0].split(None, 1)[1] == "2 g/kg per course; 0.4-1 g/kg per day"
    for line in delivered:  # every delivered figure says what it is per
        for match in re.finditer(r"g/kg(.{0,15})", line):
            assert re.match(r" per (day|course|dose|infusion)\b", match.group(1)), line


def test_headline_stands_out_at_least_as_much_as_implausible(env: dict[str, str]) -> None:
    coloured = screen(env, "dose", "-i", "aosd", "--weight", "70", colour=True)

    def styles(word: str) -> set[str]:
        found = re.findall(r"((?:\x1b\[[0-9;]*m)+)" + word, coloured)
        assert found, word
        return {code for seq in found for code in re.findall(r"\d+", seq)}

    implausible, headline = styles("IMPLAUSIBLE"), styles("HEADLINE")
    assert "1" in implausible and "1" in headline  # both bold
    assert "7" in headline  # and the headline reversed, a block that colour shows as much
    plain = screen(env, "dose", "-i", "aosd", "--weight", "70")  # NO_COLOR
    assert "\x1b" not in plain
    assert ANSI.sub("", coloured).splitlines() == plain.splitlines()
    # Without colour both are the same kind of mark: an upper-case word in the flag column.
    assert re.search(r"^HEADLINE  ", plain, re.M) and re.search(r"^IMPLAUSIBLE  ", plain, re.M)


def test_csv_puts_the_days_in_order_and_names_the_days_of_each_gram_figure(ivig: Any) -> None:
    run = ivig("dose", "-i", "aosd", "--weight", "70", "-f", "csv")
    assert run.exit_code == 0, run.stderr
    header = next(csv.reader(io.StringIO(run.stdout)))
    assert header.index("days_with_grams_low") == header.index("grams_low") + 1
    assert header.index("days_with_grams_high") == header.index("grams_high") + 1
    assert header.index("days_low") < header.index("days_high")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    record = [r for r in rows if r["regimen"] == "suggested-high-dose-course"][0]
    assert (record["headline"], record["from_record"]) == ("true", "true")
    assert (record["grams_per"], record["interval"]) == ("day", "monthly")
    assert (record["grams_low"], record["days_with_grams_low"]) == ("28", "5")
    assert (record["grams_high"], record["days_with_grams_high"]) == ("70", "2")
    assert (record["days_low"], record["days_high"]) == ("2", "5")
    assert (record["course_grams_low"], record["course_grams_high"]) == ("140", "140")
    for row in rows:
        if row["days_low"]:
            assert int(row["days_low"]) <= int(row["days_high"]), row
            assert {row["days_with_grams_low"], row["days_with_grams_high"]} <= {
                row["days_low"],
                row["days_high"],
            }
    # The first row of each regimen is its headline where it has one.
    firsts = {}
    for row in rows:
        firsts.setdefault(row["regimen"], row)
    assert firsts["aosd-case-series-dose"]["reading"] == RECORD_DOSE


def test_json_names_the_headline_and_its_days_consistently(ivig: Any) -> None:
    regimens = ivig("dose", "-i", "aosd", "--weight", "70", "-f", "json").json()
    (regimen,) = [r for r in regimens if r["id"] == "suggested-high-dose-course"]
    assert (regimen["reading"], regimen["from_record"]) == (RECORD_DOSE, True)
    assert (regimen["days_low"], regimen["days_high"]) == (2, 5)  # the source's, as before
    headline = regimen["readings"][0]
    assert headline["headline"] and headline["from_record"]
    assert (headline["days_low"], headline["days_high"]) == (2, 5)
    assert (headline["days_with_grams_low"], headline["days_with_grams_high"]) == (5, 2)
    for key in ("grams_low", "grams_high", "days_with_grams_low", "days_with_grams_high"):
        assert regimen[key] == headline[key]
    assert "days_for_low" not in headline  # one name per figure, as in the CSV


# ------------------------------------------------------------------ a fixture database


FIXTURE_DOSE = {
    "text": "0.4-2 g/kg/day for 2-5 days",
    "amount_low": 0.4,
    "amount_high": 2,
    "unit": "g/kg",
    "basis": "per_day",
    "days_low": 2,
    "days_high": 5,
    "ambiguous": True,
    "note": "per day, or a course divided over the days",
    "applies_to": ["aosd"],
}
FIXTURE_STUDY = {
    "id": "fixture-series",
    "first_author": "Fixture",
    "year": 2020,
    "design": "case_series",
    "population": "aosd",
    "direction": "benefit",
    "indications": ["aosd"],
    "sources": [{"document": "droracle-2025", "quote": "A sentence quoted verbatim."}],
    "doses": [
        # The record settles the reading but gives no figures: the source's range, read
        # the record's way, is the headline (the behaviour before records had figures).
        dict(
            FIXTURE_DOSE,
            id="fixture-basis-only",
            record_reading="a record reads it as one course, without figures of its own",
            record_source="a record",
            record_basis="per_course",
        ),
        # No record: no headline at all.
        dict(FIXTURE_DOSE, id="fixture-unsupported"),
        # The record's own figures would pass 2 g/kg a course: never the headline.
        dict(
            FIXTURE_DOSE,
            id="fixture-implausible-record",
            record_reading="a record gives 3 g/kg a course",
            record_source="a record",
            record_basis="per_course",
            record_amount_low=3,
            record_amount_high=3,
            record_unit="g/kg",
            record_days_low=2,
            record_days_high=5,
            record_interval="monthly",
        ),
    ],
}


@pytest.fixture
def fixture_db(ivig: Any, db_path: Path, tmp_path: Path) -> Path:
    source = tmp_path / "fixture.json"
    source.write_text(json.dumps([FIXTURE_STUDY]), encoding="utf-8")
    run = ivig("import", str(source))
    assert run.exit_code == 0, run.stderr
    return db_path


def test_without_record_figures_the_safest_figure_rules_stay(ivig: Any, fixture_db: Path) -> None:
    regimens = {
        r["id"]: r for r in ivig("dose", "-i", "aosd", "--weight", "70", "-f", "json").json()
    }
    basis_only = regimens["fixture-basis-only"]
    assert basis_only["reading"] == (
        "alternative: the amount is the whole course, divided over the days"
    )
    assert basis_only["from_record"] is False
    assert (basis_only["course_grams_low"], basis_only["course_grams_high"]) == (28, 140)
    assert not any(r["from_record"] for r in basis_only["readings"])
    unsupported = regimens["fixture-unsupported"]
    assert unsupported["reading"] == "ambiguous: see readings"
    assert unsupported["grams_low"] is None and unsupported["course_grams_high"] is None
    assert not any(r["headline"] for r in unsupported["readings"])
    implausible = regimens["fixture-implausible-record"]
    record = [r for r in implausible["readings"] if r["from_record"]]
    assert [(r["course_grams_high"], r["implausible"], r["headline"]) for r in record] == [
        (210, True, False)  # 3 g/kg x 70 kg
    ]
    assert implausible["from_record"] is False and implausible["course_grams_high"] == 140
    assert implausible["readings"][-1]["implausible"]


def test_on_a_terminal_a_regimen_no_record_supports_opens_with_no_headline(
    subprocess_env: dict[str, str], fixture_db: Path
) -> None:
    text = screen({**subprocess_env, "IVIG_DB": str(fixture_db)}, "dose", "-i", "aosd", "-w", "70")
    blocks = regimen_blocks(text)
    unsupported = blocks["fixture-unsupported"]
    assert unsupported[2].startswith("no headline  ambiguous: see the readings below")
    assert not any(line.startswith("HEADLINE") for line in unsupported)
    assert "As the source states it: \u201c0.4-2 g/kg/day for 2-5 days\u201d" in unsupported
    basis_only = blocks["fixture-basis-only"]
    assert basis_only[2].split()[:4] == ["HEADLINE", "28-140", "g", "per"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"record_basis": None}, "say how the record's amount is read"),
        ({"record_unit": None}, "give record_amount_low, record_amount_high and record_unit"),
        ({"record_amount_low": 4}, "4 is above record_amount_high 3"),
        ({"record_days_high": None}, "give record_days_low and record_days_high together"),
        ({"record_interval": "fortnightly"}, "record_interval: 'fortnightly' is not valid"),
    ],
)
def test_an_import_keeps_the_record_figures_rules(
    ivig: Any, db_path: Path, tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    dose = dict(FIXTURE_STUDY["doses"][2], **change)  # type: ignore[index]
    study = dict(FIXTURE_STUDY, doses=[dose])
    source = tmp_path / "bad.json"
    source.write_text(json.dumps([study]), encoding="utf-8")
    run = ivig("import", str(source))
    assert run.exit_code != 0 and expected in run.stderr, run.stderr


def test_rounding_never_makes_a_dose_into_no_dose(ivig: Any) -> None:
    """Kanik's 5 mg/kg at 70 kg is 0.35 g: rounding to the nearest 10 g would show 0 g."""
    run = ivig("dose", "-i", "ra", "--weight", "70", "--round", "10", "-f", "json")
    assert run.exit_code == 0, run.stderr
    readings = [r for regimen in run.json() for r in regimen["readings"]]
    tiny = [r for r in readings if r["exact_grams_low"] and r["exact_grams_low"] < 5]
    assert tiny, "the seed's 5 mg/kg regimen is the case this needs"
    for reading in tiny:
        assert reading["grams_low"] == reading["exact_grams_low"] > 0
        assert any("into 0 g: not rounded" in w for w in reading["warnings"])
    # Doses the step suits are still rounded.
    assert any(r["grams_low"] == 30 and r["exact_grams_low"] == 28 for r in readings)
