"""The dose calculator: worked examples checked by hand, properties, and the CLI."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import run_on_terminal

from ivig_evidence.doses.arithmetic import readings
from ivig_evidence.doses.patient import (
    Patient,
    Rounding,
    Sex,
    WeightRule,
    dosing_weight,
    ideal_body_weight,
)
from ivig_evidence.doses.terms import DoseTerms

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

# The same regimen with the Still's disease review's own figures (PubMed 10522316:
# "2 g/kg of body weight during two or five days", "monthly").
AOSD_RECORD = replace(
    AOSD,
    record_amount_low=D("2"),
    record_amount_high=D("2"),
    record_unit="g/kg",
    record_days_low=2,
    record_days_high=5,
    record_interval="monthly",
)


# ------------------------------------------------------------ worked examples (by hand)


def test_aosd_both_readings_for_70_kg() -> None:
    course, literal = readings(AOSD, D("70"), Rounding())  # the supported reading first
    assert course.headline and not literal.headline
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


def test_the_record_dose_is_the_headline_with_its_own_figures() -> None:
    record, course, literal = readings(AOSD_RECORD, D("70"), Rounding())
    assert record.headline and record.from_record and record.supported_by_literature
    assert record.name == "the primary record's dose: 2 g/kg a course over 2-5 days, monthly"
    # 2 x 70 = 140 g a course: 140 / 5 = 28 g a day for 5 days, 140 / 2 = 70 g for 2 days
    assert (record.course_grams_low, record.course_grams_high) == (D("140"), D("140"))
    assert (record.grams_low, record.days_for_low) == (D("28"), 5)
    assert (record.grams_high, record.days_for_high) == (D("70"), 2)
    assert (record.days_low, record.days_high, record.interval) == (2, 5, "monthly")
    assert record.arithmetic == [
        "2 g/kg x 70 kg = 140 g per course, divided over 2-5 days = 28-70 g/day",
        "28 g x 5 days = 140 g; 70 g x 2 days = 140 g",
    ]
    # The source's range is still read, never first: as a course, then literally.
    assert not course.headline and not course.from_record and course.supported_by_literature
    assert (course.course_grams_low, course.course_grams_high) == (D("28"), D("140"))
    assert literal.implausible and not literal.headline


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
    literal = readings(AOSD, D("82.3"), Rounding(D("5")))[-1]  # implausible: last
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
        if reading.per == "course":  # a course whose days are not recorded: no days invented
            assert reading.days_low is None and reading.days_high is None
            assert (reading.course_grams_low, reading.course_grams_high) == (
                reading.grams_low,
                reading.grams_high,
            )
        elif reading.course_grams_low is not None:
            assert reading.course_grams_high is not None
            assert reading.course_grams_low <= reading.course_grams_high
            assert reading.days_for_low is not None and reading.days_for_high is not None
            assert reading.days_low is not None and reading.days_high is not None
            assert reading.days_low <= reading.days_high  # in order, unlike days_for_*
            totals = sorted(
                (
                    reading.grams_low * reading.days_for_low,
                    reading.grams_high * reading.days_for_high,
                )
            )
            assert [reading.course_grams_low, reading.course_grams_high] == totals


@given(regimens(), regimens(), weights, roundings)
def test_the_record_dose_heads_unless_it_is_implausible(
    source: DoseTerms, record: DoseTerms, weight: D, rounding: Rounding
) -> None:
    terms = replace(
        source,
        basis="per_day",
        ambiguous=True,
        record_basis=record.basis,
        record_amount_low=record.amount_low,
        record_amount_high=record.amount_high,
        record_unit=record.unit,
        record_days_low=record.days_low,
        record_days_high=record.days_high,
        record_interval=record.interval,
    )
    found = readings(terms, weight, rounding)
    (own,) = [r for r in found if r.from_record]
    headline = next((r for r in found if r.headline), None)
    assert headline is None or (not headline.implausible and found[0] is headline)
    assert own.headline is (not own.implausible)
    assert found[-1].implausible or not any(r.implausible for r in found)


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
    assert (course["dosing_weight_kg"], course["weight_rule"]) == (70, "actual")
    # The headline is the primary record's own dose (2 g/kg a course over two or five
    # days, monthly), never the source's range and never the implausible reading.
    assert course["reading"] == "the primary record's dose: 2 g/kg a course over 2-5 days, monthly"
    assert course["from_record"] is True
    assert (course["grams_low"], course["days_with_grams_low"]) == (28, 5)
    assert (course["grams_high"], course["days_with_grams_high"]) == (70, 2)
    assert (course["course_grams_low"], course["course_grams_high"]) == (140, 140)
    assert course["text"] == "0.4-2 g/kg/day for 2-5 days"  # existing fields stay
    assert (course["amount_low"], course["amount_high"]) == (0.4, 2)  # the source's range
    assert (course["record_amount_low"], course["record_unit"]) == (2, "g/kg")
    assert any(w.startswith("ambiguous:") for w in course["warnings"])
    record, divided, literal = course["readings"]
    assert record["headline"] and record["from_record"] and not record["implausible"]
    assert literal["implausible"] and not divided["implausible"]
    assert not divided["headline"] and not literal["headline"] and not divided["from_record"]
    assert divided["supported_by_literature"] and divided["course_grams_high"] == 140
    assert (divided["course_grams_low"], divided["grams_low"]) == (28, 5.6)  # the range, kept
    assert (literal["grams_low"], literal["grams_high"]) == (28, 140)


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
    assert "IMPLAUSIBLE" in out and "Primary literature:" in out
    # In each regimen the headline comes before the implausible reading.
    assert out.index("HEADLINE") < out.index("IMPLAUSIBLE")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--weight", "70kg"], "without a unit (the same number): --weight 70"),
        (["--weight", "154lb"], "(154lb is 69.9 kg): --weight 69.9"),
        (["--weight", "70,5"], "use a decimal point, not a comma: --weight 70.5"),
        (["--weight", "70", "--height", "170"], "--height is used only for an ideal or adjusted"),
        (["--weight", "70", "--sex", "f"], "--sex is used only for an ideal or adjusted"),
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


# ------------------------------------------------------------ safest figure first (issue 13)

WORKED = [
    # weight, rule, height, sex, dosing kg (by hand)
    (D("70"), WeightRule.ACTUAL, None, None, D("70")),
    (D("120"), WeightRule.ACTUAL, None, None, D("120")),
    # 175 cm male: IBW 70.46 kg
    (D("120"), WeightRule.IDEAL, D("175"), Sex.MALE, D("70.5")),
    # adjusted: 70.46 + 0.4 x (120 - 70.46) = 90.28
    (D("120"), WeightRule.ADJUSTED, D("175"), Sex.MALE, D("90.3")),
    # 70 kg, 160 cm female: IBW 52.38; adjusted 52.38 + 0.4 x 17.62 = 59.43
    (D("70"), WeightRule.ADJUSTED, D("160"), Sex.FEMALE, D("59.4")),
]


@pytest.mark.parametrize(("weight", "rule", "height", "sex", "expected"), WORKED)
def test_worked_dosing_weights(
    weight: D, rule: WeightRule, height: D | None, sex: Sex | None, expected: D
) -> None:
    assert dosing_weight(Patient(weight, height, sex), rule).kg == expected


def test_the_weight_rule_names_what_was_asked_and_what_was_used() -> None:
    # 48 kg, 175 cm man: IBW 70.46 kg would exceed the actual weight.
    chosen = dosing_weight(Patient(D("48"), D("175"), Sex.MALE), WeightRule.ADJUSTED)
    assert chosen.kg == D("48") and chosen.rule is WeightRule.ACTUAL
    assert chosen.rule_asked is WeightRule.ADJUSTED
    assert chosen.rule_text == (
        "adjusted asked; actual 48 kg used because the adjusted weight would exceed it"
    )


@pytest.mark.parametrize(
    ("weight", "step", "per_day", "course", "warned"),
    [
        # 70 kg: the course 0.4-2 g/kg = 28-140 g; over 5 days 5.6 g/day, over 2 days 70 g/day
        (D("70"), None, (D("5.6"), D("70")), (D("28"), D("140")), False),
        # to 5 g: 5.6 -> 5 (-11%: warned), 70 -> 70; courses 25 and 140
        (D("70"), D("5"), (D("5"), D("70")), (D("25"), D("140")), True),
        # to 10 g: 5.6 -> 10 (+79%), course 28 -> 50 (+79%)
        (D("70"), D("10"), (D("10"), D("70")), (D("50"), D("140")), True),
        # 120 kg: 48-240 g; 9.6-120 g/day
        (D("120"), None, (D("9.6"), D("120")), (D("48"), D("240")), False),
        # to 5 g: 9.6 -> 10 (+4%), 120 -> 120: no warning
        (D("120"), D("5"), (D("10"), D("120")), (D("50"), D("240")), False),
        # to 10 g: 9.6 -> 10 (+4%): no warning
        (D("120"), D("10"), (D("10"), D("120")), (D("50"), D("240")), False),
        # 100 kg to 5 g: 8 -> 10 (+25%), course 40 -> 50 (+25%)
        (D("100"), D("5"), (D("10"), D("100")), (D("50"), D("200")), True),
    ],
)
def test_worked_headline_figures_and_rounding(
    weight: D, step: D | None, per_day: tuple[D, D], course: tuple[D, D], warned: bool
) -> None:
    found = readings(AOSD, weight, Rounding(step))
    headline = found[0]
    assert headline.headline and headline.basis == "per_course"
    assert (headline.grams_low, headline.grams_high) == per_day
    assert (headline.course_grams_low, headline.course_grams_high) == course
    assert any("rounding to the nearest" in w for w in headline.warnings) is warned
    assert found[-1].implausible and not found[-1].headline


def test_the_rounding_warning_gives_both_figures_and_the_g_per_kg_delivered() -> None:
    headline = readings(AOSD, D("70"), Rounding(D("10")))[0]
    assert (
        "rounding to the nearest 10 g changes the course from 28 g to 50 g (+79%): "
        "0.71 g/kg delivered instead of 0.4 g/kg" in headline.warnings
    )
    assert (
        "rounding to the nearest 10 g changes the dose per day from 5.6 g to 10 g (+79%): "
        "0.14 g/kg per day delivered instead of 0.08 g/kg per day" in headline.warnings
    )


def test_no_reading_is_the_headline_where_the_literature_supports_none() -> None:
    unsupported = DoseTerms(D("0.4"), D("2"), "g/kg", "per_day", 2, 5, "not_stated", True)
    found = readings(unsupported, D("70"), Rounding())
    assert not any(r.headline for r in found)
    assert found[-1].implausible  # implausible last, even without a headline


def test_a_350_kg_weight_is_accepted_and_a_single_day_has_no_divided_reading() -> None:
    from ivig_evidence.cli.measures import parse_measure
    from ivig_evidence.doses.patient import WEIGHT_RANGE_KG

    assert parse_measure("350", "--weight", "kg", WEIGHT_RANGE_KG, "70") == D("350")
    one_day = DoseTerms(D("1"), D("2"), "g/kg", "per_day", 1, 1, "monthly", ambiguous=True)
    (only,) = readings(one_day, D("350"), Rounding())
    assert only.basis == "per_day" and only.grams_high == D("700")


def test_rounding_is_half_up() -> None:
    assert Rounding(D("5")).apply(D("27.5")) == D("30")
    assert Rounding(D("5")).apply(D("27.4999")) == D("25")
    assert Rounding().apply(D("2.25")) == D("2.3")
    assert Rounding().apply(D("2.35")) == D("2.4")


@given(regimens(), weights, roundings)
def test_top_level_figures_never_exceed_the_supported_reading(
    terms: DoseTerms, weight: D, rounding: Rounding
) -> None:
    ambiguous = DoseTerms(
        terms.amount_low,
        terms.amount_high,
        terms.unit,
        "per_day",
        terms.days_low,
        terms.days_high,
        terms.interval,
        ambiguous=True,
        record_basis="per_course",
    )
    found = readings(ambiguous, weight, rounding)
    headline = next((r for r in found if r.headline), None)
    supported = [r for r in found if r.supported_by_literature]
    if headline is None:
        return
    assert not headline.implausible
    for reading in supported:
        assert headline.grams_high is not None and reading.grams_high is not None
        assert headline.grams_high <= reading.grams_high
    assert found[0] is headline


@given(regimens(), weights, roundings)
def test_delivered_g_per_kg_is_rounded_grams_over_the_dosing_weight(
    terms: DoseTerms, weight: D, rounding: Rounding
) -> None:
    for reading in readings(terms, weight, rounding):
        assert reading.grams_low is not None and reading.grams_high is not None
        assert reading.delivered_g_per_kg_low == reading.grams_low / weight
        assert reading.delivered_g_per_kg_high == reading.grams_high / weight
        if reading.course_grams_high is not None:
            assert reading.course_delivered_g_per_kg_high == reading.course_grams_high / weight


@given(regimens(), weights, roundings)
def test_the_rounding_warning_appears_exactly_when_rounding_moves_a_dose_over_10_percent(
    terms: DoseTerms, weight: D, rounding: Rounding
) -> None:
    """... or would round it away to 0 g (the dose is then left unrounded, and says so)."""
    for reading in readings(terms, weight, rounding):
        assert reading.exact_grams_low is not None and reading.grams_low is not None
        assert reading.exact_grams_high is not None and reading.grams_high is not None
        moved = [
            (reading.exact_grams_low, reading.grams_low),
            (reading.exact_grams_high, reading.grams_high),
        ]
        if reading.basis == "per_course" and reading.days_for_low and reading.days_for_high:
            moved += [
                (reading.course_exact_low, reading.grams_low * reading.days_for_low),
                (reading.course_exact_high, reading.grams_high * reading.days_for_high),
            ]
        elif reading.course_exact_low is not None:
            moved += [
                (reading.course_exact_low, reading.course_grams_low),
                (reading.course_exact_high, reading.course_grams_high),
            ]
        expected = rounding.step_grams is not None and any(
            exact
            and rounded is not None
            and (abs(rounded - exact) / exact > D("0.10") or rounding.rounds_away(exact))
            for exact, rounded in moved
        )
        warned = any(w.startswith("rounding to the nearest") for w in reading.warnings)
        assert warned is expected


def test_csv_has_one_complete_row_per_reading(ivig, db_path: Path) -> None:
    import csv
    import io

    run = ivig("dose", "-i", "aosd", "--weight", "70", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    course_rows = [r for r in rows if r["regimen"] == "aosd-case-series-dose"]
    assert [r["reading"] for r in course_rows] == [
        "the primary record's dose: 2 g/kg a course over 2-5 days, monthly",
        "alternative: the amount is the whole course, divided over the days",
        "as recorded: the amount each day",
    ]
    headline, divided, literal = course_rows
    assert headline["headline"] == "true" and headline["from_record"] == "true"
    assert literal["implausible"] == "true" and divided["from_record"] == "false"
    assert (headline["grams_low"], headline["grams_high"]) == ("28", "70")
    assert (divided["grams_low"], divided["grams_high"]) == ("5.6", "70")
    assert (literal["course_grams_low"], literal["course_grams_high"]) == ("56", "700")
    for row in rows:
        assert row["regimen"] and row["indication"] == "aosd" and row["reading"]
        assert row["dosing_weight_kg"] == "70" and row["weight_rule_used"] == "actual"
        if row["warnings"] == "no amount recorded for this regimen":  # a schedule only
            assert row["grams_low"] == row["grams_high"] == "" and row["headline"] == "false"
            continue
        for column in ("grams_low", "grams_high", "delivered_g_per_kg_low"):
            float(row[column])  # numbers in number columns


def test_a_terminology_clash_is_noted_on_the_regimen(ivig, db_path: Path) -> None:
    run = ivig("dose", "-i", "ra", "--weight", "70", "-f", "json", "--all")
    (called_high,) = [r for r in run.json() if r["id"] == "ra-high-dose-open-dose"]
    notes = [w for w in called_high["warnings"] if w.startswith("note:")]
    assert notes and "400 mg/kg/day" in notes[0]


def test_an_implausible_reading_is_never_the_headline_even_where_supported() -> None:
    # The literature "supports" the per-day reading, but it goes up to 10 g/kg a course
    # while the divided reading stays within 2 g/kg: no headline at all.
    odd = DoseTerms(
        D("0.4"), D("2"), "g/kg", "per_day", 2, 5, "not_stated", True, record_basis="per_day"
    )
    found = readings(odd, D("70"), Rounding())
    literal = next(r for r in found if r.basis == "per_day")
    assert literal.supported_by_literature and literal.implausible
    assert not any(r.headline for r in found) and found[-1] is literal


def test_json_of_an_ambiguous_regimen_no_record_supports_has_null_figures(
    ivig, db_path: Path
) -> None:
    regimens = ivig("dose", "-i", "ra", "--weight", "70", "-f", "json", "--all").json()
    (loading,) = [r for r in regimens if r["id"] == "muscat-1995-loading"]
    assert loading["ambiguous"] and loading["record_basis"] is None
    assert loading["reading"] == "ambiguous: see readings"
    assert loading["grams_low"] is None and loading["course_grams_high"] is None
    assert any("no reading is supported" in w for w in loading["warnings"])
    assert len(loading["readings"]) == 2 and not any(r["headline"] for r in loading["readings"])
    table = ivig("dose", "-i", "ra", "--weight", "70", "--all").stdout
    assert "ambiguous: see the readings below" in table


def test_a_schedule_without_an_amount_is_not_called_ambiguous(ivig: Any, db_path: Path) -> None:
    """A record that gives only a schedule (Uziel 1996: monthly for 3-54 months) has no
    figure to calculate: it says so, and never calls the regimen ambiguous."""
    with sqlite3.connect(db_path) as conn:
        schedule_only = {
            r[0] for r in conn.execute("SELECT id FROM dose_regimens WHERE amount_low IS NULL")
        }
    assert "uziel-1996-schedule" in schedule_only
    dosed = {r["id"]: r for r in ivig("dose", "-i", "sjia", "-w", "30", "-f", "json").json()}
    uziel = dosed["uziel-1996-schedule"]
    assert uziel["reading"] == "no amount recorded" and uziel["grams_low"] is None
    assert not any(w.startswith("ambiguous") for w in uziel["warnings"])
    table = ivig("dose", "-i", "sjia", "-w", "30").stdout
    block = table.split("uziel-1996-schedule", 1)[1].split("\n\n", 1)[0]
    assert "no amount is recorded" in block and "ambiguous" not in block
    assert "no figure" in block


def test_the_regimen_total_on_a_terminal_counts_each_regimen_once(
    db_path: Path, subprocess_env
) -> None:
    """Two suggested regimens apply to several indications beneath RA: "showing 3 of N"
    must count each once (it said 14 where there are 8)."""
    from ivig_evidence.indications import indication_scope
    from ivig_evidence.store.db import open_readonly

    reader = open_readonly(db_path)
    scope = indication_scope(reader, "ra")
    reader.close()
    marks = ", ".join("?" * len(scope))
    with sqlite3.connect(db_path) as conn:
        distinct, links = conn.execute(
            f"SELECT count(DISTINCT regimen_id), count(*) FROM regimen_indications "
            f"WHERE indication_slug IN ({marks})",
            scope,
        ).fetchone()
    assert links > distinct > 3  # the seed has regimens shared within the scope
    code, screen = run_on_terminal(
        ["dose", "-i", "ra", "--limit", "3"], {**subprocess_env, "IVIG_DB": str(db_path)}
    )
    assert code == 0
    assert f"showing 3 of {distinct} regimens" in " ".join(screen.split())


def test_an_empty_database_says_it_holds_no_indications(
    ivig, tmp_path: Path, fresh_copy: Any
) -> None:
    empty = fresh_copy(tmp_path / "empty.sqlite", empty=True)
    run = ivig("--db", str(empty), "dose", "-i", "ra")
    assert run.exit_code == 2
    assert run.stderr == (
        "ivig: error: unknown indication 'ra': this database holds no indications yet.\n"
    )
