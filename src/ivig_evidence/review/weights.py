"""The checklist's section (e): the dosing weight each body's recorded rule gives this
patient, with its arithmetic, the course at that weight and the body's rounding rule.
Only a body's own rows are used: where its formula was not read, its weight and course
are "not recorded", never computed with another body's formula."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from ivig_evidence.criteria import Criterion
from ivig_evidence.doses import numbers, patient
from ivig_evidence.review.lines import (
    NOT_RECORDED,
    CriterionKind,
    Line,
    Ref,
    Rule,
    absent,
    criterion_ref,
    order_ref,
    rows_of,
    with_rule,
)
from ivig_evidence.review.order import Order, g_text, kg_text


class WeightFinding(NamedTuple):
    """What a body's rule gives for this patient: the weight it takes (actual, adjusted,
    adjusted at the prescriber's discretion, undecided for want of the patient's
    figures, or words with no weight), why, and from which rows."""

    rule: str  # actual | adjusted | discretion | undecided | words
    reasons: tuple[str, ...]
    refs: tuple[Criterion, ...]
    base_kg: Decimal  # the weight the rule starts from (pre-pregnancy where it says so)


class _Reading:
    """What a body's rules have said so far: the reasons, the rows behind them, and the
    weight its rule starts from."""

    def __init__(self, base: Decimal) -> None:
        self.reasons: list[str] = []
        self.used: list[Criterion] = []
        self.base = base

    def found(self, rule: str, why: str, *rows_used: Criterion) -> WeightFinding:
        self.used.extend(rows_used)
        self.reasons.append(why)
        return WeightFinding(rule, tuple(self.reasons), tuple(dict.fromkeys(self.used)), self.base)


def decide(order: Order, rows: Sequence[Criterion]) -> WeightFinding:
    """Which weight a body's recorded dosing-weight rules give, read rule by rule: the
    exclusions first (pregnancy, age, height), then the default, then the calculator."""
    reading = _Reading(order.weight_kg)
    for exclusion in (_by_pregnancy, _by_age, _by_height):
        if finding := exclusion(order, rows, reading):
            return finding
    default = with_rule(rows, Rule.ADJUSTED_DEFAULT)
    if default:
        below = with_rule(rows, Rule.ACTUAL_IF_BELOW_ADJUSTED)
        tail = " (unless the actual weight is below it)" if below else ""
        return reading.found(
            "adjusted",
            f"so an adjusted body weight, the default where no exclusion applies{tail}",
            *default,
            *below,
        )
    if finding := _by_calculator(order, rows, reading):
        return finding
    discretion = with_rule(rows, Rule.ADJUSTED_AT_DISCRETION)
    if discretion:
        return reading.found(
            "discretion", "an adjusted body weight at the prescriber's discretion", *discretion
        )
    return reading.found(
        "words",
        "its words only: no weight is computed from them",
        *[r for r in rows if r.rule is None],
    )


def _by_pregnancy(
    order: Order, rows: Sequence[Criterion], reading: _Reading
) -> WeightFinding | None:
    pre = with_rule(rows, Rule.PRE_PREGNANCY_WEIGHT)
    if order.pregnant and pre and order.pre_pregnancy_kg is not None:
        reading.base = order.pre_pregnancy_kg
        reading.used += pre
        reading.reasons.append(
            f"pregnant: the pre-pregnancy weight {kg_text(reading.base)} kg goes into its rule"
        )
    pregnant_actual = with_rule(rows, Rule.ACTUAL_IF_PREGNANT)
    if order.pregnant and pregnant_actual:
        return reading.found("actual", "pregnant: the actual body weight", *pregnant_actual)
    if not order.pregnant and pregnant_actual and order.sex is not patient.Sex.MALE:
        reading.used += pregnant_actual
        reading.reasons.append("not pregnant")
    return None


def _by_age(order: Order, rows: Sequence[Criterion], reading: _Reading) -> WeightFinding | None:
    for row in with_rule(rows, Rule.ACTUAL_IF_UNDER_AGE):
        limit = row.figure or Decimal(0)
        reading.used.append(row)
        if order.age is None:
            reading.reasons.append(
                f"age not given: under {kg_text(limit)} years it is the actual weight (to confirm)"
            )
        elif order.age < limit:
            return reading.found(
                "actual", f"aged {kg_text(order.age)}, under {kg_text(limit)}: the actual weight"
            )
        else:
            reading.reasons.append(f"aged {kg_text(order.age)}, not under {kg_text(limit)}")
    return None


def _by_height(order: Order, rows: Sequence[Criterion], reading: _Reading) -> WeightFinding | None:
    for row in with_rule(rows, Rule.ACTUAL_IF_HEIGHT_UNDER):
        limit = row.figure or Decimal(0)
        reading.used.append(row)
        if order.height_cm is None:
            return reading.found(
                "undecided", f"needs --height: under {kg_text(limit)} cm it is the actual weight"
            )
        if order.height_cm < limit:
            return reading.found(
                "actual",
                f"{kg_text(order.height_cm)} cm is under {kg_text(limit)} cm: the actual weight",
            )
        reading.reasons.append(f"{kg_text(order.height_cm)} cm, not under {kg_text(limit)} cm")
    return None


def _by_calculator(
    order: Order, rows: Sequence[Criterion], reading: _Reading
) -> WeightFinding | None:
    """Where the body's calculator (an adjusted weight) applies by BMI, height and weight;
    None where it has no such rule."""
    bmi_rules = with_rule(rows, Rule.CALCULATOR_IF_BMI_OVER)
    height_rules = with_rule(rows, Rule.CALCULATOR_IF_HEIGHT_AT_LEAST)
    if not (bmi_rules or height_rules):
        return None
    sex_rule = (
        Rule.CALCULATOR_IF_MALE_WEIGHT_OVER
        if order.sex is patient.Sex.MALE
        else Rule.CALCULATOR_IF_FEMALE_WEIGHT_OVER
    )
    weight_rules = with_rule(rows, sex_rule)
    gives = with_rule(rows, Rule.CALCULATOR_GIVES_ADJUSTED)
    if order.height_cm is None:
        return reading.found(
            "undecided",
            "needs --height (and --sex) to tell whether its calculator applies",
            *bmi_rules,
            *height_rules,
        )
    bmi = order.bmi or Decimal(0)
    for row in bmi_rules:
        if bmi > (row.figure or Decimal(0)):
            return reading.found(
                "adjusted",
                f"its calculator (an adjusted body weight) must be used: BMI {bmi} is over {kg_text(row.figure or Decimal(0))}",
                row,
                *gives,
            )
    by_sex = with_rule(
        rows, Rule.CALCULATOR_IF_MALE_WEIGHT_OVER, Rule.CALCULATOR_IF_FEMALE_WEIGHT_OVER
    )
    if order.sex is None and by_sex:
        return reading.found(
            "undecided",
            f"BMI {bmi} is not over its limit; needs --sex for its weight criterion",
            *bmi_rules,
        )
    tall = all(order.height_cm >= (r.figure or Decimal(0)) for r in height_rules)
    heavy = all(reading.base > (r.figure or Decimal(0)) for r in weight_rules)
    if height_rules and weight_rules and tall and heavy:
        return reading.found(
            "adjusted",
            f"its calculator (an adjusted body weight) should be used: BMI {bmi} is not over "
            f"its limit, but {kg_text(order.height_cm)} cm and {kg_text(reading.base)} kg meet its height "
            "and weight criteria",
            *height_rules,
            *weight_rules,
            *gives,
        )
    otherwise = with_rule(rows, Rule.ACTUAL_OTHERWISE)
    young = [
        r
        for r in with_rule(rows, Rule.ACTUAL_IF_UNDER_AGE_NOT_MEETING)
        if order.age is not None and order.age < (r.figure or Decimal(0))
    ]
    if otherwise or young:
        return reading.found(
            "actual",
            f"BMI {bmi} is not over its limit and its height and weight criteria are not "
            "both met: the actual weight",
            *bmi_rules,
            *height_rules,
            *weight_rules,
            *otherwise,
            *young,
        )
    return reading.found(
        "undecided", "its criteria are not met, and what follows is not recorded", *bmi_rules
    )


def _for_sex(quote: str, sex: patient.Sex) -> bool:
    """Whether a sentence of a formula is for this sex: one for females names them, one
    for males names males alone, one that names neither is for both."""
    words = quote.lower()
    if "female" in words:
        return sex is patient.Sex.FEMALE
    return "male" not in words or sex is patient.Sex.MALE


def _adjusted(
    order: Order, body: str, rows: Sequence[Criterion], base: Decimal
) -> tuple[list[Line], patient.DosingWeight | None]:
    """The body's adjusted weight by its own recorded formula, or why it is not computed."""
    devine = with_rule(rows, Rule.IDEAL_WEIGHT_DEVINE)
    factors = with_rule(rows, Rule.ADJUSTED_FACTOR)
    lines: list[Line] = []
    if order.height_cm is None or order.sex is None:
        lines.append(
            Line(
                "e",
                "adjusted body weight",
                body,
                "needs --height and --sex (the Devine formula takes both)",
                tuple(criterion_ref(r) for r in devine + factors) or (order_ref(order),),
            )
        )
        return lines, None
    devine = [r for r in devine if _for_sex(r.quote, order.sex)]
    if devine:
        ibw = patient.ideal_body_weight(order.height_cm, order.sex)
        inches = (order.height_cm / patient.CM_PER_INCH).quantize(Decimal("0.1"))
        base_kg = patient.DEVINE_BASE_KG[order.sex.value]
        lines.append(
            Line(
                "e",
                "ideal body weight",
                body,
                f"{kg_text(ibw)} kg = {base_kg} kg + 2.3 kg x ({inches} in - 60 in), by the Devine "
                "formula its page names",
                tuple(criterion_ref(r) for r in devine),
                values={
                    "ideal_body_weight_kg": numbers.json_number(
                        ibw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                    )
                },
            )
        )
    if not factors or not devine:
        missing = "adjusted-weight formula" if not factors else "ideal-weight formula"
        lines.append(
            Line(
                "e",
                "adjusted-weight formula",
                body,
                f"{NOT_RECORDED}: the {missing} of its rule was not read, so its dosing "
                "weight and course are not computed here",
                (absent(body, missing),),
                recorded=False,
            )
        )
        return lines, None
    factor = factors[0].figure or patient.ADJUSTMENT_FACTOR
    weight = patient.dosing_weight(
        patient.Patient(base, order.height_cm, order.sex), patient.WeightRule.ADJUSTED, factor
    )
    below = with_rule(rows, Rule.ACTUAL_IF_BELOW_ADJUSTED)
    if weight.asked is not None:
        text = f"actual weight {kg_text(base)} kg: it is below the adjusted weight"
    else:
        ibw = patient.ideal_body_weight(order.height_cm, order.sex)
        share = numbers.format_amount(factor)
        text = (
            f"{kg_text(weight.kg)} kg = IBW + {share} x (actual - IBW) = {kg_text(ibw)} + {share} x "
            f"({kg_text(base)} - {kg_text(ibw)})"
        )
    lines.append(
        Line(
            "e",
            "dosing weight",
            body,
            text,
            tuple(criterion_ref(r) for r in factors + (below if weight.asked else [])),
            values={"dosing_weight_kg": numbers.json_number(weight.kg)},
        )
    )
    return lines, weight


def _course_line(
    order: Order, body: str, kg: Decimal, refs: tuple[Ref, ...]
) -> tuple[Line, Decimal]:
    course = (order.dose.course_g_per_kg * kg).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return (
        Line(
            "e",
            "course",
            body,
            f"{numbers.format_amount(order.dose.course_g_per_kg)} g/kg x {kg_text(kg)} kg = {g_text(course)} g a course",
            refs,
            values={
                "course_g": numbers.json_number(course),
                "dosing_weight_kg": numbers.json_number(kg),
            },
        ),
        course,
    )


def _rounding(body: str, rows: Sequence[Criterion], course: Decimal | None, why: str) -> Line:
    rounding = rows_of(rows, body, CriterionKind.ROUNDING)
    steps = with_rule(rounding, Rule.COURSE_TO_NEAREST_G)
    if not rounding:
        return Line(
            "e", "rounding", body, NOT_RECORDED, (absent(body, "rounding rule"),), recorded=False
        )
    refs = tuple(criterion_ref(r) for r in rounding)
    if not steps:
        return Line("e", "rounding", body, "as stated, with no step recorded", refs)
    step = steps[0].figure or Decimal(1)
    rule = f"the course (the total dose) to the nearest {numbers.format_amount(step)} g, not each day's dose and not to a vial size"
    if course is None:
        return Line(
            "e",
            "rounding",
            body,
            f"{rule}; {why}",
            refs,
            values={"step_g": numbers.json_number(step)},
        )
    rounded = patient.Rounding(step).apply(course)
    return Line(
        "e",
        "rounding",
        body,
        f"{rule}: {g_text(course)} g rounds to {numbers.format_amount(rounded)} g a course",
        refs,
        values={
            "step_g": numbers.json_number(step),
            "rounded_course_g": numbers.json_number(rounded),
        },
    )


def weights(order: Order, rows: Sequence[Criterion], bodies: Sequence[str]) -> list[Line]:
    lines: list[Line] = []
    actual_course = (order.dose.course_g_per_kg * order.weight_kg).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    bmi = order.bmi
    facts = [
        f"at the actual weight: {numbers.format_amount(order.dose.course_g_per_kg)} g/kg x {kg_text(order.weight_kg)} kg = {g_text(actual_course)} g a course"
    ]
    if bmi is not None and order.height_cm is not None:
        facts.insert(
            0,
            f"BMI {bmi} = {kg_text(order.calculator_kg)} kg / ({numbers.format_amount(order.height_cm / 100)} m)\u00b2",
        )
    lines.append(
        Line(
            "e",
            "the patient",
            None,
            "; ".join(facts),
            (order_ref(order),),
            values={
                "bmi": numbers.json_number(bmi),
                "actual_course_g": numbers.json_number(actual_course),
            },
        )
    )
    for body in bodies:
        weight_rows = rows_of(rows, body, CriterionKind.DOSING_WEIGHT)
        if not weight_rows:
            lines.append(
                Line(
                    "e",
                    "dosing weight",
                    body,
                    NOT_RECORDED,
                    (absent(body, "dosing-weight rule"),),
                    recorded=False,
                )
            )
            lines.append(
                _rounding(body, rows, None, "no dosing weight of its own to round a course on")
            )
            continue
        finding = decide(order, weight_rows)
        # The body's sentences on its dosing weight that carry no figure stand beside
        # the rule as its sources, in their own words.
        words = [r for r in weight_rows if r.rule is None and r not in finding.refs]
        lines.append(
            Line(
                "e",
                "weight rule",
                body,
                "; ".join(finding.reasons),
                tuple(criterion_ref(r) for r in [*finding.refs, *words])
                or tuple(criterion_ref(r) for r in weight_rows),
                values={"weight": finding.rule},
            )
        )
        course: Decimal | None = None
        why = "no course at this body's weight to round here"
        if finding.rule == "actual":
            line, course = _course_line(
                order, body, finding.base_kg, tuple(criterion_ref(r) for r in finding.refs)
            )
            lines.append(line)
        elif finding.rule in ("adjusted", "discretion"):
            more, weight = _adjusted(order, body, weight_rows, finding.base_kg)
            lines += more
            if weight is not None:
                line, course = _course_line(
                    order,
                    body,
                    weight.kg,
                    tuple(criterion_ref(r) for r in with_rule(weight_rows, Rule.ADJUSTED_FACTOR)),
                )
                lines.append(line)
            else:
                why = "no course at this body's weight to round here (its weight is not computed)"
        discretion = with_rule(weight_rows, Rule.ADJUSTED_AT_DISCRETION)
        default = with_rule(weight_rows, Rule.ADJUSTED_DEFAULT)
        if discretion and default:
            lines.append(
                Line(
                    "e",
                    "rules differ",
                    body,
                    "one of its pages leaves the adjustment to the prescriber's discretion, "
                    "another makes the adjusted weight the default: shown, not resolved",
                    tuple(criterion_ref(r) for r in discretion + default),
                    brief=True,
                )
            )
        lines.append(_rounding(body, rows, course, why))
    return lines
