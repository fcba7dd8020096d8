"""The value lists of a body's criteria for reviewing an order: each criterion's kind
and rule, and which rules take a value.
"""

from __future__ import annotations

from enum import StrEnum


class CriterionKind(StrEnum):
    """What one row of a body's criteria is about (revision 0020): the eight things a
    pharmacist reviewing an IVIG order checks, each from the body's own sentence."""

    QUALIFYING_CRITERION = "qualifying_criterion"
    LINE_OF_THERAPY = "line_of_therapy"
    MAXIMUM_DOSE = "maximum_dose"
    DOSING_WEIGHT = "dosing_weight"
    ROUNDING = "rounding"
    INFUSION_RATE = "infusion_rate"
    REVIEW_INTERVAL = "review_interval"
    RESPONSE_MEASURE = "response_measure"


CRITERION_KIND_WORDS: dict[CriterionKind, str] = {
    CriterionKind.QUALIFYING_CRITERION: "qualifying criterion",
    CriterionKind.LINE_OF_THERAPY: "line of therapy",
    CriterionKind.MAXIMUM_DOSE: "maximum dose",
    CriterionKind.DOSING_WEIGHT: "dosing-weight rule",
    CriterionKind.ROUNDING: "rounding rule",
    CriterionKind.INFUSION_RATE: "infusion-rate limit",
    CriterionKind.REVIEW_INTERVAL: "review interval",
    CriterionKind.RESPONSE_MEASURE: "response measure",
}


class CriterionRule(StrEnum):
    """What a criterion's sentence means to the review's arithmetic, where it has a
    structured meaning (the row's ``value`` and ``value_high`` in its ``unit``). A row
    with no rule is words only: shown, never computed with."""

    # dosing weight: when a body's calculator (an adjusted body weight) applies
    CALCULATOR_IF_BMI_OVER = "calculator_if_bmi_over"  # value: BMI (kg/m2), exclusive
    CALCULATOR_IF_HEIGHT_AT_LEAST = "calculator_if_height_at_least"  # value: cm, inclusive
    CALCULATOR_IF_MALE_WEIGHT_OVER = "calculator_if_male_weight_over"  # value: kg, exclusive
    CALCULATOR_IF_FEMALE_WEIGHT_OVER = "calculator_if_female_weight_over"  # value: kg
    CALCULATOR_GIVES_ADJUSTED = "calculator_gives_adjusted"  # the calculator: an adjusted weight
    ACTUAL_OTHERWISE = "actual_otherwise"  # the calculator's criteria not met: actual weight
    ACTUAL_IF_UNDER_AGE_NOT_MEETING = "actual_if_under_age_not_meeting"  # value: years
    PRE_PREGNANCY_WEIGHT = "pre_pregnancy_weight"  # pregnant: the pre-pregnancy weight
    # dosing weight: the formula
    IDEAL_WEIGHT_DEVINE = "ideal_weight_devine"  # IBW by the Devine formula
    ADJUSTED_FACTOR = "adjusted_factor"  # value: f in IBW + f x (actual - IBW)
    # dosing weight: an adjusted weight by default, or at the prescriber's discretion
    ADJUSTED_DEFAULT = "adjusted_default"
    ADJUSTED_AT_DISCRETION = "adjusted_at_discretion"
    ACTUAL_IF_UNDER_AGE = "actual_if_under_age"  # value: years
    ACTUAL_IF_HEIGHT_UNDER = "actual_if_height_under"  # value: cm
    ACTUAL_IF_PREGNANT = "actual_if_pregnant"
    ACTUAL_IF_BELOW_ADJUSTED = "actual_if_below_adjusted"
    # rounding
    COURSE_TO_NEAREST_G = "course_to_nearest_g"  # value: grams; the course, not each day
    # maximum dose
    MAX_G_PER_KG_COURSE = "max_g_per_kg_course"  # value: g/kg a course
    MAX_G_PER_KG = "max_g_per_kg"  # value: g/kg; the page does not say per what
    # infusion rate
    MAX_RATE_MG_PER_KG_MIN = "max_rate_mg_per_kg_min"  # value: mg/kg/min
    MAX_RATE_ML_PER_KG_MIN = "max_rate_ml_per_kg_min"  # value: mL/kg/min
    # review
    FIRST_REVIEW_MONTHS = "first_review_months"  # value: months after the start
    CONTINUE_IF_EFFECTIVE_MONTHS = "continue_if_effective_months"  # value to value_high
    REVIEW_EVERY_MONTHS = "review_every_months"  # value: months between later reviews
    # line of therapy
    LINE_NUMBER = "line_number"  # value: 1 for first line, 2 for second ...


# Each rule belongs to one kind of criterion; the rules whose meaning is a figure need it.
RULE_KIND: dict[CriterionRule, CriterionKind] = {
    **{
        rule: CriterionKind.DOSING_WEIGHT
        for rule in (
            CriterionRule.CALCULATOR_IF_BMI_OVER,
            CriterionRule.CALCULATOR_IF_HEIGHT_AT_LEAST,
            CriterionRule.CALCULATOR_IF_MALE_WEIGHT_OVER,
            CriterionRule.CALCULATOR_IF_FEMALE_WEIGHT_OVER,
            CriterionRule.CALCULATOR_GIVES_ADJUSTED,
            CriterionRule.ACTUAL_OTHERWISE,
            CriterionRule.ACTUAL_IF_UNDER_AGE_NOT_MEETING,
            CriterionRule.PRE_PREGNANCY_WEIGHT,
            CriterionRule.IDEAL_WEIGHT_DEVINE,
            CriterionRule.ADJUSTED_FACTOR,
            CriterionRule.ADJUSTED_DEFAULT,
            CriterionRule.ADJUSTED_AT_DISCRETION,
            CriterionRule.ACTUAL_IF_UNDER_AGE,
            CriterionRule.ACTUAL_IF_HEIGHT_UNDER,
            CriterionRule.ACTUAL_IF_PREGNANT,
            CriterionRule.ACTUAL_IF_BELOW_ADJUSTED,
        )
    },
    CriterionRule.COURSE_TO_NEAREST_G: CriterionKind.ROUNDING,
    CriterionRule.MAX_G_PER_KG_COURSE: CriterionKind.MAXIMUM_DOSE,
    CriterionRule.MAX_G_PER_KG: CriterionKind.MAXIMUM_DOSE,
    CriterionRule.MAX_RATE_MG_PER_KG_MIN: CriterionKind.INFUSION_RATE,
    CriterionRule.MAX_RATE_ML_PER_KG_MIN: CriterionKind.INFUSION_RATE,
    CriterionRule.FIRST_REVIEW_MONTHS: CriterionKind.REVIEW_INTERVAL,
    CriterionRule.CONTINUE_IF_EFFECTIVE_MONTHS: CriterionKind.REVIEW_INTERVAL,
    CriterionRule.REVIEW_EVERY_MONTHS: CriterionKind.REVIEW_INTERVAL,
    CriterionRule.LINE_NUMBER: CriterionKind.LINE_OF_THERAPY,
}
RULES_WITHOUT_VALUE: frozenset[CriterionRule] = frozenset(
    {
        CriterionRule.CALCULATOR_GIVES_ADJUSTED,
        CriterionRule.ACTUAL_OTHERWISE,
        CriterionRule.PRE_PREGNANCY_WEIGHT,
        CriterionRule.IDEAL_WEIGHT_DEVINE,
        CriterionRule.ADJUSTED_DEFAULT,
        CriterionRule.ADJUSTED_AT_DISCRETION,
        CriterionRule.ACTUAL_IF_PREGNANT,
        CriterionRule.ACTUAL_IF_BELOW_ADJUSTED,
    }
)
