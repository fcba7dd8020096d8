"""Weight-based IVIG dose arithmetic: the dosing weight, the readings of a regimen, grams.

Plain functions on plain values, no database and no output: the CLI feeds them a
regimen's structured terms and a patient, and renders what comes back.

Ideal body weight (IBW) by the Devine formula: Devine BJ (1974), Drug
Intelligence & Clinical Pharmacy (gentamicin dosing): 50 kg for men, 45.5 kg for
women, plus 2.3 kg for each inch of height over 5 feet. Adjusted body weight:
IBW + 0.4 x (actual weight - IBW). A dosing weight is never larger than the
actual weight: where a rule would give more, the actual weight is used, and the
result says so.

Decimal arithmetic keeps the stated amounts exact (0.4 g/kg x 70 kg is 28 g, not
27.999...), so a course total is exactly the rounded daily dose times the days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Protocol

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


# ------------------------------------------------------------------ input checks


# What a typed unit converts by, to the unit an option takes (kg for weight, cm for
# height, g for rounding). Used only to say what to type, never to guess silently.
UNIT_FACTORS: dict[str, dict[str, Decimal]] = {
    "kg": {
        "kg": Decimal("1"),
        "kgs": Decimal("1"),
        "g": Decimal("0.001"),
        "lb": Decimal("0.45359237"),
        "lbs": Decimal("0.45359237"),
        "pound": Decimal("0.45359237"),
        "pounds": Decimal("0.45359237"),
        "st": Decimal("6.35029318"),
        "stone": Decimal("6.35029318"),
    },
    "cm": {
        "cm": Decimal("1"),
        "m": Decimal("100"),
        "mm": Decimal("0.1"),
        "in": Decimal("2.54"),
        "inch": Decimal("2.54"),
        "inches": Decimal("2.54"),
        '"': Decimal("2.54"),
    },
    "grams": {"g": Decimal("1"), "gram": Decimal("1"), "grams": Decimal("1")},
}
_NUMBER_AND_UNIT = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*([A-Za-z\"]+)\s*$")


def parse_measure(
    text: str, option: str, unit: str, bounds: tuple[Decimal, Decimal], example: str
) -> Decimal:
    """A positive number within bounds, typed without its unit; else a one-line usage
    error that says what to type (a unit converted, a decimal comma made a point)."""
    cleaned = text.strip()
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite():
        raise UsageError(_measure_hint(text, option, unit, example)) from None
    low, high = bounds
    if value <= 0:
        raise UsageError(f"{option} must be a positive number of {unit}, not {text}")
    if not low <= value <= high:
        raise UsageError(f"{option} {text} {unit} is outside the plausible range {low}-{high}")
    return value


def _measure_hint(text: str, option: str, unit: str, example: str) -> str:
    cleaned = text.strip()
    if re.fullmatch(r"[0-9]+,[0-9]+", cleaned):
        return (
            f"{option} '{text}': use a decimal point, not a comma: "
            f"{option} {cleaned.replace(',', '.')}"
        )
    match = _NUMBER_AND_UNIT.match(cleaned)
    if match:
        number = Decimal(match.group(1).replace(",", "."))
        typed = match.group(2).lower()
        factor = UNIT_FACTORS.get(unit, {}).get(typed)
        if factor is not None:
            converted = (number * factor).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            same = (
                " (the same number)" if factor == 1 else f" ({text.strip()} is {converted} {unit})"
            )
            return (
                f"{option} '{text}': give the number of {unit} without a unit{same}: "
                f"{option} {format_amount(converted)}"
            )
        return (
            f"{option} '{text}': give the number of {unit} without a unit, e.g. {option} {example}"
        )
    return f"{option} '{text}' is not a number"


def parse_sex(text: str) -> Sex:
    value = text.strip().lower()
    aliases = {"f": Sex.FEMALE, "female": Sex.FEMALE, "m": Sex.MALE, "male": Sex.MALE}
    if value not in aliases:
        raise UsageError(f"--sex '{text}' is not one of: female, male")
    return aliases[value]


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


# ------------------------------------------------------------------ readings


@dataclass(frozen=True)
class DoseTerms:
    """The structured terms of one regimen, as the calculator needs them."""

    amount_low: Decimal | None
    amount_high: Decimal | None
    unit: str | None
    basis: str
    days_low: int | None
    days_high: int | None
    interval: str
    ambiguous: bool = False
    record_basis: str | None = None
    max_grams: Decimal | None = None
    course_duration: str | None = None
    # The primary record's own figures for the reading it supports (read on
    # record_basis): where given, the record's dose is a reading of its own.
    record_amount_low: Decimal | None = None
    record_amount_high: Decimal | None = None
    record_unit: str | None = None
    record_days_low: int | None = None
    record_days_high: int | None = None
    record_interval: str | None = None

    def g_per_kg(self, amount: Decimal) -> Decimal:
        return amount / 1000 if self.unit == "mg/kg" else amount


class RegimenLike(Protocol):
    """What the calculator reads from a stored regimen (read-only)."""

    @property
    def amount_low(self) -> float | None: ...
    @property
    def amount_high(self) -> float | None: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def basis(self) -> str: ...
    @property
    def days_low(self) -> int | None: ...
    @property
    def days_high(self) -> int | None: ...
    @property
    def interval(self) -> str: ...
    @property
    def ambiguous(self) -> bool: ...
    @property
    def record_basis(self) -> str | None: ...
    @property
    def max_grams(self) -> float | None: ...
    @property
    def course_duration(self) -> str | None: ...
    @property
    def record_amount_low(self) -> float | None: ...
    @property
    def record_amount_high(self) -> float | None: ...
    @property
    def record_unit(self) -> str | None: ...
    @property
    def record_days_low(self) -> int | None: ...
    @property
    def record_days_high(self) -> int | None: ...
    @property
    def record_interval(self) -> str | None: ...


def _decimal(value: float | None) -> Decimal | None:
    # Through str: the stored 0.4 becomes Decimal('0.4'), not 0.40000000000000002.
    return None if value is None else Decimal(str(value))


def terms_of(regimen: RegimenLike) -> DoseTerms:
    return DoseTerms(
        amount_low=_decimal(regimen.amount_low),
        amount_high=_decimal(regimen.amount_high),
        unit=regimen.unit,
        basis=regimen.basis,
        days_low=regimen.days_low,
        days_high=regimen.days_high,
        interval=regimen.interval,
        ambiguous=regimen.ambiguous,
        record_basis=regimen.record_basis,
        max_grams=_decimal(regimen.max_grams),
        course_duration=regimen.course_duration,
        record_amount_low=_decimal(regimen.record_amount_low),
        record_amount_high=_decimal(regimen.record_amount_high),
        record_unit=regimen.record_unit,
        record_days_low=regimen.record_days_low,
        record_days_high=regimen.record_days_high,
        record_interval=regimen.record_interval,
    )


PER_LABEL = {
    "per_day": "day",
    "per_infusion": "infusion",
    "per_dose": "dose",
    "per_course": "day",
    "not_stated": "administration (schedule not stated)",
}


@dataclass
class Reading:
    """One way of reading a regimen's amount, in grams for one dosing weight.

    Per unit (a day, an infusion, a dose): the grams before and after rounding and
    the g/kg they deliver. Per course, where the days are recorded: the same.
    Delivered g/kg is always the rounded grams divided by the dosing weight.

    ``days_for_low`` and ``days_for_high`` are the days that go with ``grams_low``
    and ``grams_high``: for a course divided over the days the fewest grams a day go
    with the most days, so they are not in order; ``days_low``/``days_high`` are."""

    name: str
    basis: str
    per: str
    weight_kg: Decimal = Decimal("0")
    grams_low: Decimal | None = None
    grams_high: Decimal | None = None
    exact_grams_low: Decimal | None = None
    exact_grams_high: Decimal | None = None
    intended_g_per_kg_low: Decimal | None = None
    intended_g_per_kg_high: Decimal | None = None
    days_for_low: int | None = None
    days_for_high: int | None = None
    course_grams_low: Decimal | None = None
    course_grams_high: Decimal | None = None
    course_exact_low: Decimal | None = None
    course_exact_high: Decimal | None = None
    course_g_per_kg_low: Decimal | None = None
    course_g_per_kg_high: Decimal | None = None
    arithmetic: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    supported_by_literature: bool = False
    implausible: bool = False
    headline: bool = False
    from_record: bool = False  # the primary record's own figures, not the source's
    interval: str = "not_stated"  # how often the dose or course is repeated

    @property
    def days_low(self) -> int | None:
        """The fewest treatment days of this reading (in order, unlike days_for_low)."""
        known = [d for d in (self.days_for_low, self.days_for_high) if d is not None]
        return min(known) if known else None

    @property
    def days_high(self) -> int | None:
        known = [d for d in (self.days_for_low, self.days_for_high) if d is not None]
        return max(known) if known else None

    def _delivered(self, grams: Decimal | None) -> Decimal | None:
        return None if grams is None or not self.weight_kg else grams / self.weight_kg

    @property
    def delivered_g_per_kg_low(self) -> Decimal | None:
        return self._delivered(self.grams_low)

    @property
    def delivered_g_per_kg_high(self) -> Decimal | None:
        return self._delivered(self.grams_high)

    @property
    def course_delivered_g_per_kg_low(self) -> Decimal | None:
        return self._delivered(self.course_grams_low)

    @property
    def course_delivered_g_per_kg_high(self) -> Decimal | None:
        return self._delivered(self.course_grams_high)

    @property
    def flags(self) -> list[str]:
        found = []
        if self.supported_by_literature:
            found.append("supported by the primary literature")
        if self.implausible:
            found.append("IMPLAUSIBLE")
        return found

    def to_json(self) -> dict[str, object]:
        return {
            "reading": self.name,
            "basis": self.basis,
            "headline": self.headline,
            "from_record": self.from_record,
            "supported_by_literature": self.supported_by_literature,
            "implausible": self.implausible,
            "interval": self.interval,
            "grams_per": self.per,
            "grams_low": json_number(self.grams_low),
            "grams_high": json_number(self.grams_high),
            "exact_grams_low": json_number(self.exact_grams_low),
            "exact_grams_high": json_number(self.exact_grams_high),
            "intended_g_per_kg_low": json_number(self.intended_g_per_kg_low),
            "intended_g_per_kg_high": json_number(self.intended_g_per_kg_high),
            "delivered_g_per_kg_low": json_number(self.delivered_g_per_kg_low),
            "delivered_g_per_kg_high": json_number(self.delivered_g_per_kg_high),
            "days_low": self.days_low,
            "days_high": self.days_high,
            "days_with_grams_low": self.days_for_low,
            "days_with_grams_high": self.days_for_high,
            "course_grams_low": json_number(self.course_grams_low),
            "course_grams_high": json_number(self.course_grams_high),
            "course_g_per_kg_low": json_number(self.course_g_per_kg_low),
            "course_g_per_kg_high": json_number(self.course_g_per_kg_high),
            "course_delivered_g_per_kg_low": json_number(self.course_delivered_g_per_kg_low),
            "course_delivered_g_per_kg_high": json_number(self.course_delivered_g_per_kg_high),
            "arithmetic": list(self.arithmetic),
            "warnings": list(self.warnings),
        }


def json_number(value: Decimal | None) -> float | int | None:
    """A Decimal for JSON: whole numbers as integers, others to 4 decimal places."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize())


def format_amount(value: Decimal) -> str:
    """400, 0.4, 28.5: no trailing zeros, never exponent notation."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def g_per_kg_text(value: Decimal) -> str:
    """A g/kg figure as people read it: to 2 decimal places at most."""
    return format_amount(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _range(low: Decimal, high: Decimal, unit: str = "") -> str:
    suffix = f" {unit}" if unit else ""
    return (
        f"{format_amount(low)}{suffix}"
        if low == high
        else f"{format_amount(low)}-{format_amount(high)}{suffix}"
    )


def _rounded(exact_low: Decimal, exact_high: Decimal, low: Decimal, high: Decimal) -> str:
    """'28-140 g', or '27.96-140 g, rounded to 30-140 g' when rounding changed it."""
    exact = _range(exact_low, exact_high, "g")
    shown = _range(low, high, "g")
    return exact if exact == shown else f"{exact}, rounded to {shown}"


def _factor(terms: DoseTerms, weight: Decimal) -> Decimal:
    return weight if terms.unit == "g/kg" else weight / 1000


def _per_unit_reading(
    terms: DoseTerms, weight: Decimal, rounding: Rounding, name: str, basis: str
) -> Reading:
    """The amount is given each day (or at each infusion/dose) and repeated over the days."""
    assert terms.amount_low is not None and terms.amount_high is not None and terms.unit
    per = PER_LABEL[basis]
    reading = Reading(name=name, basis=basis, per=per, weight_kg=weight, interval=terms.interval)
    factor = _factor(terms, weight)
    reading.exact_grams_low = terms.amount_low * factor
    reading.exact_grams_high = terms.amount_high * factor
    reading.intended_g_per_kg_low = terms.g_per_kg(terms.amount_low)
    reading.intended_g_per_kg_high = terms.g_per_kg(terms.amount_high)
    reading.grams_low = rounding.apply(reading.exact_grams_low)
    reading.grams_high = rounding.apply(reading.exact_grams_high)
    reading.arithmetic.append(
        f"{_range(terms.amount_low, terms.amount_high, terms.unit)} x {format_amount(weight)} kg = "
        f"{_rounded(reading.exact_grams_low, reading.exact_grams_high, reading.grams_low, reading.grams_high)}/{per}"
    )
    if terms.days_low is not None and terms.days_high is not None:
        reading.days_for_low, reading.days_for_high = terms.days_low, terms.days_high
        reading.course_grams_low = reading.grams_low * terms.days_low
        reading.course_grams_high = reading.grams_high * terms.days_high
        reading.course_exact_low = reading.exact_grams_low * terms.days_low
        reading.course_exact_high = reading.exact_grams_high * terms.days_high
        reading.course_g_per_kg_low = terms.g_per_kg(terms.amount_low) * terms.days_low
        reading.course_g_per_kg_high = terms.g_per_kg(terms.amount_high) * terms.days_high
        reading.arithmetic.append(
            f"x {_range(Decimal(terms.days_low), Decimal(terms.days_high))} days = "
            f"{_range(reading.course_grams_low, reading.course_grams_high, 'g')} per course "
            f"({_range(reading.course_g_per_kg_low, reading.course_g_per_kg_high, 'g/kg')})"
        )
    else:
        repeat = terms.interval.replace("_", " ")
        if terms.interval == "not_stated":
            why = "the schedule is not recorded"
        elif terms.course_duration:
            # The course is prose ("up to 9 infusions over 6 months"): quoted, never counted.
            why = f"repeated {repeat}, for a course recorded as: {terms.course_duration}"
        else:
            why = f"repeated {repeat}, number of {per}s not recorded"
        reading.arithmetic.append(f"course total not computed: {why}")
    return reading


def _course_reading(terms: DoseTerms, weight: Decimal, rounding: Rounding, name: str) -> Reading:
    """The amount is the whole course, divided evenly over the days."""
    assert terms.amount_low is not None and terms.amount_high is not None and terms.unit
    factor = _factor(terms, weight)
    course_low, course_high = terms.amount_low * factor, terms.amount_high * factor
    if terms.days_low is None or terms.days_high is None:
        reading = Reading(
            name=name, basis="per_course", per="course", weight_kg=weight, interval=terms.interval
        )
        reading.exact_grams_low, reading.exact_grams_high = course_low, course_high
        reading.grams_low = rounding.apply(course_low)
        reading.grams_high = rounding.apply(course_high)
        reading.intended_g_per_kg_low = terms.g_per_kg(terms.amount_low)
        reading.intended_g_per_kg_high = terms.g_per_kg(terms.amount_high)
        reading.course_grams_low, reading.course_grams_high = reading.grams_low, reading.grams_high
        reading.course_exact_low, reading.course_exact_high = course_low, course_high
        reading.course_g_per_kg_low = terms.g_per_kg(terms.amount_low)
        reading.course_g_per_kg_high = terms.g_per_kg(terms.amount_high)
        reading.arithmetic.append(
            f"{_range(terms.amount_low, terms.amount_high, terms.unit)} x {format_amount(weight)} kg = "
            f"{_rounded(course_low, course_high, reading.grams_low, reading.grams_high)} per course "
            "(days not recorded)"
        )
        return reading
    reading = Reading(
        name=name, basis="per_course", per="day", weight_kg=weight, interval=terms.interval
    )
    # Fewest grams a day: the smallest course over the most days, and the reverse.
    reading.days_for_low, reading.days_for_high = terms.days_high, terms.days_low
    reading.exact_grams_low = course_low / terms.days_high
    reading.exact_grams_high = course_high / terms.days_low
    reading.intended_g_per_kg_low = terms.g_per_kg(terms.amount_low) / terms.days_high
    reading.intended_g_per_kg_high = terms.g_per_kg(terms.amount_high) / terms.days_low
    # Each day's dose is rounded (what is drawn up and infused is a day's dose); the
    # course is the rounded daily dose times the days, so it is what is actually given.
    reading.grams_low = rounding.apply(reading.exact_grams_low)
    reading.grams_high = rounding.apply(reading.exact_grams_high)
    totals = sorted((reading.grams_low * terms.days_high, reading.grams_high * terms.days_low))
    reading.course_grams_low, reading.course_grams_high = totals
    reading.course_exact_low, reading.course_exact_high = sorted((course_low, course_high))
    reading.course_g_per_kg_low = terms.g_per_kg(terms.amount_low)
    reading.course_g_per_kg_high = terms.g_per_kg(terms.amount_high)
    two_places = Decimal("0.01")
    reading.arithmetic.append(
        f"{_range(terms.amount_low, terms.amount_high, terms.unit)} x {format_amount(weight)} kg = "
        f"{_range(course_low, course_high, 'g')} per course, "
        f"divided over {_range(Decimal(terms.days_low), Decimal(terms.days_high))} days = "
        f"{_rounded(reading.exact_grams_low.quantize(two_places), reading.exact_grams_high.quantize(two_places), reading.grams_low, reading.grams_high)}/day"
    )
    products = dict.fromkeys(
        f"{format_amount(grams)} g x {days} days = {format_amount(grams * days)} g"
        for grams, days in (
            (reading.grams_low, terms.days_high),
            (reading.grams_high, terms.days_low),
        )
    )  # one product where the two are the same (a single day count and amount)
    reading.arithmetic.append("; ".join(products))
    return reading


ROUNDING_WARNING_FRACTION = Decimal("0.10")


def _change(exact: Decimal, rounded: Decimal) -> Decimal:
    return (rounded - exact) / exact if exact else Decimal("0")


def _percent(change: Decimal) -> str:
    return f"{'+' if change > 0 else ''}{(change * 100).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


def _rounding_warnings(reading: Reading, rounding: Rounding) -> None:
    """Rounding that moves a dose or a course by more than 10% says so, with both figures
    and the g/kg actually delivered."""
    if rounding.step_grams is None:
        return
    step = f"rounding to the nearest {format_amount(rounding.step_grams)} g"
    pairs = [
        (reading.per, reading.exact_grams_low, reading.grams_low),
        (reading.per, reading.exact_grams_high, reading.grams_high),
    ]
    if reading.per != "course":
        course_pairs = []
        if reading.basis == "per_course":
            # the smallest course is given over the most days, and the reverse
            course_pairs = [
                (reading.course_exact_low, _course_total(reading, low=True)),
                (reading.course_exact_high, _course_total(reading, low=False)),
            ]
        elif reading.course_exact_low is not None:
            course_pairs = [
                (reading.course_exact_low, reading.course_grams_low),
                (reading.course_exact_high, reading.course_grams_high),
            ]
        pairs += [("course", exact, rounded) for exact, rounded in course_pairs]
    seen: set[tuple[str, Decimal, Decimal]] = set()
    for per, exact, rounded in pairs:
        if exact is None or rounded is None or (per, exact, rounded) in seen:
            continue
        seen.add((per, exact, rounded))
        if rounding.rounds_away(exact):
            reading.warnings.append(
                f"{step} would make {format_amount(exact.quantize(Decimal('0.01')))} g "
                f"{'a course' if per == 'course' else f'per {per}'} into 0 g: not rounded"
            )
            continue
        change = _change(exact, rounded)
        if abs(change) > ROUNDING_WARNING_FRACTION:
            intended = exact / reading.weight_kg
            delivered = rounded / reading.weight_kg
            what = "the course" if per == "course" else f"the dose per {per}"
            unit = "g/kg" if per == "course" else f"g/kg per {per}"
            reading.warnings.append(
                f"{step} changes {what} from {format_amount(exact.quantize(Decimal('0.01')))} g "
                f"to {format_amount(rounded)} g ({_percent(change)}): "
                f"{g_per_kg_text(delivered)} {unit} delivered instead of "
                f"{g_per_kg_text(intended)} {unit}"
            )


def _course_total(reading: Reading, *, low: bool) -> Decimal | None:
    """The rounded course of a divided-course reading that matches its exact low or high."""
    if reading.grams_low is None or reading.grams_high is None:
        return None
    if low:
        return None if reading.days_for_low is None else reading.grams_low * reading.days_for_low
    return None if reading.days_for_high is None else reading.grams_high * reading.days_for_high


def _warn(reading: Reading, terms: DoseTerms) -> None:
    if (
        reading.course_g_per_kg_high is not None
        and reading.course_g_per_kg_high > UNUSUAL_COURSE_G_PER_KG
    ):
        reading.warnings.append(
            f"unusual: up to {format_amount(reading.course_g_per_kg_high)} g/kg per course "
            f"(above {UNUSUAL_COURSE_G_PER_KG} g/kg)"
        )
    single_day_high: Decimal | None = None
    if reading.basis == "per_course" and terms.amount_high is not None and terms.days_low:
        single_day_high = terms.g_per_kg(terms.amount_high) / terms.days_low
    elif reading.basis in ("per_day", "per_infusion", "per_dose") and terms.amount_high:
        single_day_high = terms.g_per_kg(terms.amount_high)
    if single_day_high is not None and single_day_high > UNUSUAL_SINGLE_DAY_G_PER_KG:
        reading.warnings.append(
            f"unusual: up to {format_amount(single_day_high)} g/kg in a single day "
            f"(above {UNUSUAL_SINGLE_DAY_G_PER_KG} g/kg)"
        )
    if (
        terms.max_grams is not None
        and reading.grams_high is not None
        and reading.grams_high > terms.max_grams
    ):
        reading.warnings.append(
            f"above the {format_amount(terms.max_grams)} g per infusion maximum used in the study"
        )


def readings(terms: DoseTerms, weight_kg: Decimal, rounding: Rounding) -> list[Reading]:
    """Every reading of the regimen's amount, with grams for this dosing weight, safest first.

    An ambiguous amount per day over several days can also be read as one course
    divided over the days; both are computed. Where the primary record gives figures
    of its own for the reading it supports, the record's dose is a reading too. A
    reading that goes past the unusual course total while another stays within it is
    implausible. The headline (the first reading, ``headline`` true) is the one figure
    a reader should take: the record's own dose where there is one; else, where there
    is one reading, that one; where there are several, the reading the primary
    literature supports, or none at all. Implausible readings always come last.
    """
    if terms.amount_low is None or terms.amount_high is None or not terms.unit:
        return [
            Reading(
                name="as recorded",
                basis=terms.basis,
                per="dose",
                weight_kg=weight_kg,
                arithmetic=["no amount is recorded: nothing to calculate"],
                warnings=["no amount recorded for this regimen"],
            )
        ]
    if terms.basis == "per_course":
        first = _course_reading(
            terms, weight_kg, rounding, "as recorded: one course, divided over the days"
        )
    else:
        first = _per_unit_reading(
            terms,
            weight_kg,
            rounding,
            f"as recorded: the amount each {PER_LABEL[terms.basis]}",
            terms.basis,
        )
    found = [first]
    has_days = terms.days_low is not None and terms.days_high is not None
    if terms.ambiguous and terms.basis == "per_day" and has_days and (terms.days_high or 0) > 1:
        found.append(
            _course_reading(
                terms,
                weight_kg,
                rounding,
                "alternative: the amount is the whole course, divided over the days",
            )
        )
    for reading in found:
        _warn(reading, terms)
        _rounding_warnings(reading, rounding)
        reading.supported_by_literature = terms.record_basis == reading.basis
    record = record_terms(terms)
    if record is not None:
        own = _reading_of(record, weight_kg, rounding, record_dose_name(record))
        _warn(own, record)
        _rounding_warnings(own, rounding)
        own.supported_by_literature = own.from_record = True
        found.append(own)
    if len(found) > 1:
        within = [
            r
            for r in found
            if r.course_g_per_kg_high is not None
            and r.course_g_per_kg_high <= UNUSUAL_COURSE_G_PER_KG
        ]
        if within:
            for reading in found:
                if (
                    reading.course_g_per_kg_high is not None
                    and reading.course_g_per_kg_high > UNUSUAL_COURSE_G_PER_KG
                ):
                    reading.implausible = True
    best = headline_reading(found)
    if best is not None:
        best.headline = True
    # The headline, then the record's figures, then the source's readings; implausible last.
    return sorted(found, key=lambda r: (not r.headline, r.implausible, not r.from_record))


def record_terms(terms: DoseTerms) -> DoseTerms | None:
    """The primary record's own dose as terms of their own, where the record gives an
    amount and the reading it is read on; None otherwise."""
    if (
        terms.record_amount_low is None
        or terms.record_amount_high is None
        or not terms.record_unit
        or not terms.record_basis
    ):
        return None
    return DoseTerms(
        amount_low=terms.record_amount_low,
        amount_high=terms.record_amount_high,
        unit=terms.record_unit,
        basis=terms.record_basis,
        days_low=terms.record_days_low,
        days_high=terms.record_days_high,
        interval=terms.record_interval or "not_stated",
        record_basis=terms.record_basis,
        max_grams=terms.max_grams,  # a study's cap binds the record's dose as well
    )


# How a record's amount reads, by the basis it is read on.
RECORD_PER = {
    "per_course": "a course",
    "per_day": "a day",
    "per_infusion": "an infusion",
    "per_dose": "a dose",
    "not_stated": "(schedule not stated)",
}


def record_dose_name(record: DoseTerms) -> str:
    """'the primary record's dose: 2 g/kg a course over 2-5 days, monthly', built from the
    record's figures alone."""
    assert record.amount_low is not None and record.amount_high is not None and record.unit
    name = (
        f"the primary record's dose: {_range(record.amount_low, record.amount_high, record.unit)} "
        f"{RECORD_PER[record.basis]}"
    )
    if record.days_low is not None and record.days_high is not None:
        days = _range(Decimal(record.days_low), Decimal(record.days_high))
        name += f" over {days} day{'' if record.days_high == 1 else 's'}"
    if record.interval != "not_stated":
        name += f", {record.interval.replace('_', ' ')}"
    return name


def _reading_of(terms: DoseTerms, weight: Decimal, rounding: Rounding, name: str) -> Reading:
    """One reading of ``terms`` on their own basis: a course divided over its days, or
    an amount each day, infusion or dose."""
    if terms.basis == "per_course":
        return _course_reading(terms, weight, rounding, name)
    return _per_unit_reading(terms, weight, rounding, name, terms.basis)


def headline_reading(found: list[Reading]) -> Reading | None:
    """The safest defensible reading, never an implausible one: the primary record's own
    dose where there is one; else, where the source's amount can be read more than one
    way, only the reading the primary literature supports. (An ambiguity that is not
    about the amount, a schedule say, leaves one reading: it is the headline, and the
    ambiguity is said beside it.)"""
    candidates = [r for r in found if not r.implausible and r.grams_low is not None]
    records = [r for r in candidates if r.from_record]
    if records:
        return records[0]
    candidates = [r for r in candidates if not r.from_record]
    if len([r for r in found if not r.from_record]) > 1:
        candidates = [r for r in candidates if r.supported_by_literature]
    return candidates[0] if candidates else None


# ------------------------------------------------------------------ a patient's dosing


@dataclass(frozen=True)
class PatientDosing:
    """What the doses are calculated on for one patient: the weight and the rounding."""

    weight: DosingWeight
    rounding: Rounding


ROUNDING_RANGE_G = (Decimal("0.1"), Decimal("1000"))


def patient_dosing(
    weight: str, height: str | None, sex: str | None, rule: WeightRule, round_to: str | None
) -> PatientDosing:
    """The patient's dosing weight and rounding from the options as typed."""
    patient = Patient(
        weight_kg=parse_measure(weight, "--weight", "kg", WEIGHT_RANGE_KG, "70"),
        height_cm=None
        if height is None
        else parse_measure(height, "--height", "cm", HEIGHT_RANGE_CM, "170"),
        sex=None if sex is None else parse_sex(sex),
    )
    rounding = Rounding(
        None
        if round_to is None
        else parse_measure(round_to, "--round", "grams", ROUNDING_RANGE_G, "5")
    )
    return PatientDosing(dosing_weight(patient, rule), rounding)
