"""The dose calculator: worked examples checked by hand, properties, and the CLI."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import run_on_terminal

from ivig_evidence.dosing import (
    DoseTerms,
    Patient,
    Rounding,
    Sex,
    WeightRule,
    dosing_weight,
    ideal_body_weight,
    readings,
)

AOSD = DoseTerms(
    D("0.4"),
    D("2"),
    "g/kg",
    "per_day",
    2,
    5,
    "not_stated",
    ambiguous=True,
    record_basis="per_course",
)


# ------------------------------------------------------------ worked examples (by hand)


def test_aosd_both_readings_for_70_kg() -> None:
    literal, course = readings(AOSD, D("70"), Rounding())
    # 0.4 x 70 = 28 g/day, 2 x 70 = 140 g/day; x 2 days = 56 g, x 5 days = 700 g
    assert (literal.grams_low, literal.grams_high) == (D("28"), D("140"))
    assert (literal.course_grams_low, literal.course_grams_high) == (D("56"), D("700"))
    assert literal.course_g_per_kg_high == D("10") and literal.implausible
    # the whole course: 28 g over 5 days = 5.6 g/day; 140 g over 2 days = 70 g/day
    assert (course.grams_low, course.grams_high) == (D("5.6"), D("70"))
    assert (course.course_grams_low, course.course_grams_high) == (D("28"), D("140"))
    assert course.supported_by_literature and not course.implausible
    assert not literal.supported_by_literature
    assert any("10 g/kg per course" in w for w in literal.warnings)
    assert any("2 g/kg in a single day" in w for w in literal.warnings)
    assert course.warnings == []


def test_devine_ideal_and_adjusted_weight() -> None:
    # 175 cm = 68.90 in; 50 + 2.3 x 8.90 = 70.46 kg
    assert ideal_body_weight(D("175"), Sex.MALE).quantize(D("0.01")) == D("70.46")
    # 160 cm = 62.99 in; 45.5 + 2.3 x 2.99 = 52.38 kg
    assert ideal_body_weight(D("160"), Sex.FEMALE).quantize(D("0.01")) == D("52.38")
    adjusted = dosing_weight(Patient(D("100"), D("175"), Sex.MALE), WeightRule.ADJUSTED)
    assert adjusted.kg == D("82.3")  # 70.46 + 0.4 x 29.54 = 82.28
    assert "IBW + 0.4 x (actual - IBW)" in adjusted.description
    assert "Devine" in adjusted.description


def test_a_dosing_weight_above_the_actual_weight_is_never_used_silently() -> None:
    for rule in (WeightRule.IDEAL, WeightRule.ADJUSTED):
        chosen = dosing_weight(Patient(D("50"), D("175"), Sex.MALE), rule)
        assert chosen.kg == D("50")
        assert any("actual weight is used" in note for note in chosen.notes)


def test_rounding_to_the_nearest_5_g() -> None:
    literal = readings(AOSD, D("82.3"), Rounding(D("5")))[0]
    # 0.4 x 82.3 = 32.92 -> 35; 2 x 82.3 = 164.6 -> 165; courses 35 x 2, 165 x 5
    assert (literal.grams_low, literal.grams_high) == (D("35"), D("165"))
    assert (literal.course_grams_low, literal.course_grams_high) == (D("70"), D("825"))
    assert "rounded to 35-165 g" in literal.arithmetic[0]


def test_mg_per_kg_loading_days() -> None:
    loading = DoseTerms(D("400"), D("400"), "mg/kg", "per_day", 3, 3, "daily")
    (reading,) = readings(loading, D("60"), Rounding())
    assert reading.grams_low == D("24") and reading.course_grams_high == D("72")
    assert reading.arithmetic[0] == "400 mg/kg x 60 kg = 24 g/day"
    assert reading.warnings == []


def test_a_regimen_without_an_amount_calculates_nothing() -> None:
    unknown = DoseTerms(None, None, None, "not_stated", None, None, "not_stated")
    (reading,) = readings(unknown, D("70"), Rounding())
    assert reading.grams_low is None and reading.warnings == ["no amount recorded for this regimen"]


# ------------------------------------------------------------ properties

amounts = st.decimals(min_value=D("0.01"), max_value=D("3"), places=2)
weights = st.decimals(min_value=D("1"), max_value=D("350"), places=1)
days = st.integers(min_value=1, max_value=7)
bases = st.sampled_from(["per_day", "per_infusion", "per_dose", "per_course", "not_stated"])
roundings = st.sampled_from([Rounding(), Rounding(D("1")), Rounding(D("5"))])


@st.composite
def regimens(draw: st.DrawFn) -> DoseTerms:
    low = draw(amounts)
    high = draw(st.decimals(min_value=low, max_value=D("3"), places=2))
    d_low = draw(days)
    d_high = draw(st.integers(min_value=d_low, max_value=8))
    with_days = draw(st.booleans())
    return DoseTerms(
        low,
        high,
        "g/kg",
        draw(bases),
        d_low if with_days else None,
        d_high if with_days else None,
        "monthly",
        ambiguous=draw(st.booleans()),
    )


@given(regimens(), weights, weights, roundings)
def test_doses_grow_with_weight(terms: DoseTerms, w1: D, w2: D, rounding: Rounding) -> None:
    light, heavy = sorted((w1, w2))
    for a, b in zip(
        readings(terms, light, rounding), readings(terms, heavy, rounding), strict=True
    ):
        assert a.grams_low is not None and b.grams_low is not None
        assert a.grams_low <= b.grams_low and a.grams_high <= b.grams_high  # type: ignore[operator]


@given(regimens(), weights, roundings)
def test_mg_and_g_per_kg_give_the_same_grams(
    terms: DoseTerms, weight: D, rounding: Rounding
) -> None:
    assert terms.amount_low is not None and terms.amount_high is not None
    in_mg = DoseTerms(
        terms.amount_low * 1000,
        terms.amount_high * 1000,
        "mg/kg",
        terms.basis,
        terms.days_low,
        terms.days_high,
        terms.interval,
        terms.ambiguous,
    )
    for g, mg in zip(
        readings(terms, weight, rounding), readings(in_mg, weight, rounding), strict=True
    ):
        assert (g.grams_low, g.grams_high, g.course_grams_low, g.course_grams_high) == (
            mg.grams_low,
            mg.grams_high,
            mg.course_grams_low,
            mg.course_grams_high,
        )


@given(regimens(), weights, roundings)
def test_low_never_above_high_and_course_is_dose_times_days(
    terms: DoseTerms, weight: D, rounding: Rounding
) -> None:
    for reading in readings(terms, weight, rounding):
        assert reading.grams_low is not None and reading.grams_high is not None
        assert reading.grams_low <= reading.grams_high
        if reading.course_grams_low is not None:
            assert reading.course_grams_high is not None
            assert reading.course_grams_low <= reading.course_grams_high
            assert reading.days_for_low is not None and reading.days_for_high is not None
            totals = sorted(
                (
                    reading.grams_low * reading.days_for_low,
                    reading.grams_high * reading.days_for_high,
                )
            )
            assert [reading.course_grams_low, reading.course_grams_high] == totals


# ------------------------------------------------------------ the CLI


def test_json_adds_the_computed_numbers(ivig, db_path: Path) -> None:
    run = ivig("dose", "--indication", "aosd", "--weight", "70", "--format", "json")
    assert run.exit_code == 0, run.stderr
    course = next(r for r in run.json() if r["id"] == "aosd-case-series-dose")
    for key in (
        "dosing_weight_kg",
        "weight_rule",
        "grams_low",
        "grams_high",
        "course_grams_low",
        "course_grams_high",
        "warnings",
    ):
        assert key in course
    assert (course["dosing_weight_kg"], course["weight_rule"]) == (70.0, "actual")
    assert (course["grams_low"], course["grams_high"]) == (28, 140)
    assert (course["course_grams_low"], course["course_grams_high"]) == (56, 700)
    assert course["text"] == "0.4-2 g/kg/day for 2-5 days"  # existing fields stay
    assert any(w.startswith("ambiguous:") for w in course["warnings"])
    literal, divided = course["readings"]
    assert literal["implausible"] and not divided["implausible"]
    assert divided["supported_by_literature"] and divided["course_grams_high"] == 140


def test_dose_cap_from_the_primary_record_is_enforced_as_a_warning(ivig, db_path: Path) -> None:
    run = ivig("dose", "-i", "pjia", "--weight", "60", "-f", "json")
    giannini = next(r for r in run.json() if r["id"] == "giannini-1996-dose")
    assert (giannini["grams_low"], giannini["grams_high"]) == (90, 120)  # 1.5-2 g/kg x 60 kg
    assert any("100 g per infusion maximum" in w for w in giannini["warnings"])


def test_table_shows_weight_rule_arithmetic_and_readings(ivig, db_path: Path) -> None:
    run = ivig(
        "dose",
        "-i",
        "aosd",
        "-w",
        "100",
        "--height",
        "175",
        "--sex",
        "male",
        "--dosing-weight",
        "adjusted",
    )
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "82.3 kg" in out and "adjusted" in out and "Devine" in out
    assert "0.4-2 g/kg x 82.3 kg = 32.92-164.6 g, rounded to 32.9-164.6 g/day" in out
    assert "IMPLAUSIBLE" in out and "supported by the primary literature" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--weight", "70kg"], "without a unit"),
        (["--weight", "-5"], "positive"),
        (["--weight", "seventy"], "not a number"),
        (["--weight", "351"], "outside the plausible range 1-350"),
        (["--weight", "0.5"], "outside the plausible range 1-350"),
        (
            ["--weight", "70", "--height", "260", "--sex", "f", "--dosing-weight", "ideal"],
            "outside the plausible range 40-250",
        ),
        (
            ["--weight", "70", "--height", "170cm", "--sex", "f", "--dosing-weight", "ideal"],
            "without a unit",
        ),
        (["--weight", "70", "--dosing-weight", "ideal"], "needs --height and --sex"),
        (["--weight", "70", "--dosing-weight", "adjusted", "--height", "170"], "needs --sex"),
        (
            ["--weight", "70", "--sex", "other", "--height", "170", "--dosing-weight", "ideal"],
            "not one of: female, male",
        ),
        (["--dosing-weight", "ideal"], "needs --weight"),
        (["--weight", "70", "--round", "0"], "positive"),
    ],
)
def test_bad_patient_input(ivig, db_path: Path, args: list[str], expected: str) -> None:
    run = ivig("dose", "-i", "aosd", *args)
    assert run.exit_code == 2 and run.stdout == ""
    assert expected in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_on_a_terminal_the_output_says_it_does_not_replace_judgement(
    db_path: Path, subprocess_env
) -> None:
    code, screen = run_on_terminal(
        ["dose", "-i", "aosd", "-w", "70"], {**subprocess_env, "IVIG_DB": str(db_path)}
    )
    assert code == 0
    assert "does not replace clinical judgement or local protocols" in screen
    assert "Dosing weight" in screen and "IMPLAUSIBLE" in screen


def test_json_without_weight_is_unchanged(ivig, db_path: Path) -> None:
    plain = ivig("dose", "-i", "aosd", "-f", "json").json()
    assert "grams_low" not in plain[0]
    assert json.dumps(plain)  # still a plain array of regimen objects
