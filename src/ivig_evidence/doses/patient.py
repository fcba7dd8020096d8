"""The patient side of the dose calculator: the dosing weight and the rounding.

Ideal body weight (IBW) by the Devine formula: Devine BJ (1974), Drug
Intelligence & Clinical Pharmacy (gentamicin dosing): 50 kg for men, 45.5 kg for
women, plus 2.3 kg for each inch of height over 5 feet. Adjusted body weight:
IBW + 0.4 x (actual weight - IBW). A dosing weight is never larger than the
actual weight: where a rule would give more, the actual weight is used, and the
result says so. Plain values in, plain values out: no database, no output, no
parsing of what was typed (``cli/measures.py`` reads the options).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from ivig_evidence.doses.numbers import format_amount
from ivig_evidence.errors import UsageError

CM_PER_INCH = Decimal("2.54")
DEVINE_BASE_KG = {"male": Decimal("50"), "female": Decimal("45.5")}
DEVINE_KG_PER_INCH = Decimal("2.3")
DEVINE_FROM_INCHES = Decimal("60")
ADJUSTMENT_FACTOR = Decimal("0.4")
DEVINE_MIN_HEIGHT_CM = DEVINE_FROM_INCHES * CM_PER_INCH  # 152.4 cm, 5 feet

# Thresholds above which a dose is flagged as unusual (a warning, not an error).
UNUSUAL_COURSE_G_PER_KG = Decimal("2")
UNUSUAL_SINGLE_DAY_G_PER_KG = Decimal("1")

WEIGHT_RANGE_KG = (Decimal("1"), Decimal("350"))
HEIGHT_RANGE_CM = (Decimal("40"), Decimal("250"))

DEVINE_CITATION = "Devine formula (Devine BJ, Drug Intelligence & Clinical Pharmacy, 1974)"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class WeightRule(StrEnum):
    ACTUAL = "actual"
    IDEAL = "ideal"
    ADJUSTED = "adjusted"


# ------------------------------------------------------------------ dosing weight


@dataclass(frozen=True)
class Patient:
    weight_kg: Decimal
    height_cm: Decimal | None = None
    sex: Sex | None = None


@dataclass(frozen=True)
class DosingWeight:
    """The weight the doses are calculated on: the rule asked for, the rule whose weight
    was used (they differ where an ideal or adjusted weight would exceed the actual
    one), and how it was found."""

    kg: Decimal
    rule: WeightRule  # the rule whose weight is used
    description: str
    notes: tuple[str, ...] = ()
    asked: WeightRule | None = None  # the rule asked for, when it is not the one used

    @property
    def rule_asked(self) -> WeightRule:
        return self.asked or self.rule

    @property
    def rule_text(self) -> str:
        """'actual', or 'adjusted asked; actual 48 kg used because ...'."""
        if self.asked is None or self.asked is self.rule:
            return self.rule.value
        return (
            f"{self.asked.value} asked; {self.rule.value} {format_amount(self.kg)} kg used "
            f"because the {self.asked.value} weight would exceed it"
        )


def ideal_body_weight(height_cm: Decimal, sex: Sex) -> Decimal:
    inches = height_cm / CM_PER_INCH
    return DEVINE_BASE_KG[sex.value] + DEVINE_KG_PER_INCH * (inches - DEVINE_FROM_INCHES)


def _kg(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)} kg"


KG_STEP = Decimal("0.1")


def _round_kg(value: Decimal) -> Decimal:
    return value.quantize(KG_STEP, rounding=ROUND_HALF_UP)


def dosing_weight(
    patient: Patient, rule: WeightRule, factor: Decimal = ADJUSTMENT_FACTOR
) -> DosingWeight:
    """The weight the doses are calculated on, to 0.1 kg, never above the actual weight.
    ``factor``: the share of the excess weight an adjusted weight adds to the ideal one
    (0.4 unless a body's recorded rule says otherwise)."""
    actual = _round_kg(patient.weight_kg)
    if rule is WeightRule.ACTUAL:
        return DosingWeight(actual, rule, f"actual body weight {_kg(actual)}")
    missing = [
        name
        for name, value in (("--height", patient.height_cm), ("--sex", patient.sex))
        if value is None
    ]
    if missing:
        raise UsageError(
            f"--dosing-weight {rule.value} needs {' and '.join(missing)} "
            "(height in cm; sex female or male) for the ideal body weight"
        )
    assert patient.height_cm is not None and patient.sex is not None
    ibw = ideal_body_weight(patient.height_cm, patient.sex)
    notes: list[str] = []
    if patient.height_cm < DEVINE_MIN_HEIGHT_CM:
        notes.append(
            f"the Devine formula is made for adults at least 152.4 cm (5 ft) tall; "
            f"at {patient.height_cm} cm it is an extrapolation"
        )
    if ibw < 1:
        raise UsageError(
            f"the Devine formula gives no usable ideal body weight at {patient.height_cm} cm; "
            "use --dosing-weight actual"
        )
    ibw_text = (
        f"ideal body weight {_kg(ibw)} by the {DEVINE_CITATION}: "
        f"{DEVINE_BASE_KG[patient.sex.value]} kg + 2.3 kg x "
        f"({(patient.height_cm / CM_PER_INCH).quantize(Decimal('0.1'))} in - 60 in)"
    )
    if rule is WeightRule.IDEAL:
        weight, description = _round_kg(ibw), ibw_text
    else:
        weight = _round_kg(ibw + factor * (actual - ibw))
        share = format_amount(factor)
        description = (
            f"adjusted body weight {_kg(weight)} = IBW + {share} x (actual - IBW) = "
            f"{_kg(ibw)} + {share} x ({_kg(actual)} - {_kg(ibw)}); {ibw_text}"
        )
    if weight > actual:
        notes.append(
            f"the {rule.value} body weight ({_kg(weight)}) is more than the actual "
            f"weight ({_kg(actual)}), so the actual weight is used"
        )
        description = f"actual body weight {_kg(actual)} (capped: {description})"
        return DosingWeight(actual, WeightRule.ACTUAL, description, tuple(notes), asked=rule)
    return DosingWeight(weight, rule, description, tuple(notes))


# ------------------------------------------------------------------ rounding


@dataclass(frozen=True)
class Rounding:
    """Grams to 0.1 g by default; --round N rounds to the nearest N g (halves up)."""

    step_grams: Decimal | None = None

    def apply(self, grams: Decimal) -> Decimal:
        step = self.step_grams or Decimal("0.1")
        steps = (grams / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        if self.rounds_away(grams):
            # A step over twice the dose would show no dose at all: the dose stays as
            # computed (to 0.01 g), and a warning says it was not rounded.
            return grams.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return (steps * step).quantize(step)

    def rounds_away(self, grams: Decimal) -> bool:
        """Whether rounding would turn a dose into 0 g."""
        step = self.step_grams or Decimal("0.1")
        return grams > 0 and (grams / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP) == 0

    def describe(self) -> str:
        if self.step_grams is None:
            return (
                "grams to 0.1 g, not rounded to vial sizes; a course total is the "
                "rounded dose times the days"
            )
        return (
            f"each dose rounded to the nearest {format_amount(self.step_grams)} g (halves up); "
            "a course total is the rounded dose times the days"
        )


# ------------------------------------------------------------------ a patient's dosing


@dataclass(frozen=True)
class PatientDosing:
    """What the doses are calculated on for one patient: the weight and the rounding."""

    weight: DosingWeight
    rounding: Rounding
