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


def parse_measure(
    text: str, option: str, unit: str, bounds: tuple[Decimal, Decimal], example: str
) -> Decimal:
    """A positive number within bounds, typed without its unit; else a one-line usage error."""
    cleaned = text.strip()
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite():
        if any(c.isalpha() for c in cleaned) and any(c.isdigit() for c in cleaned):
            raise UsageError(
                f"{option} '{text}': give the number of {unit} without a unit, "
                f"e.g. {option} {example}"
            ) from None
        raise UsageError(f"{option} '{text}' is not a number") from None
    low, high = bounds
    if value <= 0:
        raise UsageError(f"{option} must be a positive number of {unit}, not {text}")
    if not low <= value <= high:
        raise UsageError(f"{option} {text} {unit} is outside the plausible range {low}-{high}")
    return value


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
    kg: Decimal
    rule: WeightRule
    description: str
    notes: tuple[str, ...] = ()


def ideal_body_weight(height_cm: Decimal, sex: Sex) -> Decimal:
    inches = height_cm / CM_PER_INCH
    return DEVINE_BASE_KG[sex.value] + DEVINE_KG_PER_INCH * (inches - DEVINE_FROM_INCHES)


def _kg(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)} kg"


KG_STEP = Decimal("0.1")


def _round_kg(value: Decimal) -> Decimal:
    return value.quantize(KG_STEP, rounding=ROUND_HALF_UP)


def dosing_weight(patient: Patient, rule: WeightRule) -> DosingWeight:
    """The weight the doses are calculated on, to 0.1 kg, never above the actual weight."""
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
        weight = _round_kg(ibw + ADJUSTMENT_FACTOR * (actual - ibw))
        description = (
            f"adjusted body weight {_kg(weight)} = IBW + 0.4 x (actual - IBW) = "
            f"{_kg(ibw)} + 0.4 x ({_kg(actual)} - {_kg(ibw)}); {ibw_text}"
        )
    if weight > actual:
        notes.append(
            f"the {rule.value} body weight ({_kg(weight)}) is more than the actual "
            f"weight ({_kg(actual)}), so the actual weight is used"
        )
        weight = actual
        description = f"actual body weight {_kg(actual)} (capped: {description})"
    return DosingWeight(weight, rule, description, tuple(notes))


# ------------------------------------------------------------------ rounding


@dataclass(frozen=True)
class Rounding:
    """Grams to 0.1 g by default; --round N rounds to the nearest N g (halves up)."""

    step_grams: Decimal | None = None

    def apply(self, grams: Decimal) -> Decimal:
        step = self.step_grams or Decimal("0.1")
        steps = (grams / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        return (steps * step).quantize(step)

    def describe(self) -> str:
        if self.step_grams is None:
            return (
                "grams to 0.1 g, not rounded to vial sizes; a course total is the "
                "rounded dose times the days"
            )
        return (
            f"each dose rounded to the nearest {self.step_grams.normalize()} g (halves up); "
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
    name: str
    basis: str
    per: str
    grams_low: Decimal | None = None
    grams_high: Decimal | None = None
    days_for_low: int | None = None
    days_for_high: int | None = None
    course_grams_low: Decimal | None = None
    course_grams_high: Decimal | None = None
    course_g_per_kg_low: Decimal | None = None
    course_g_per_kg_high: Decimal | None = None
    arithmetic: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    supported_by_literature: bool = False
    implausible: bool = False

    def to_json(self) -> dict[str, object]:
        def number(value: Decimal | None) -> float | int | None:
            if value is None:
                return None
            return int(value) if value == value.to_integral_value() else float(value)

        return {
            "reading": self.name,
            "basis": self.basis,
            "grams_per": self.per,
            "grams_low": number(self.grams_low),
            "grams_high": number(self.grams_high),
            "days_for_low": self.days_for_low,
            "days_for_high": self.days_for_high,
            "course_grams_low": number(self.course_grams_low),
            "course_grams_high": number(self.course_grams_high),
            "course_g_per_kg_low": number(self.course_g_per_kg_low),
            "course_g_per_kg_high": number(self.course_g_per_kg_high),
            "arithmetic": list(self.arithmetic),
            "warnings": list(self.warnings),
            "supported_by_literature": self.supported_by_literature,
            "implausible": self.implausible,
        }


def format_amount(value: Decimal) -> str:
    """400, 0.4, 28.5: no trailing zeros, never exponent notation."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


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


def _per_unit_reading(
    terms: DoseTerms, weight: Decimal, rounding: Rounding, name: str, basis: str
) -> Reading:
    """The amount is given each day (or at each infusion/dose) and repeated over the days."""
    assert terms.amount_low is not None and terms.amount_high is not None and terms.unit
    per = PER_LABEL[basis]
    reading = Reading(name=name, basis=basis, per=per)
    factor = weight if terms.unit == "g/kg" else weight / 1000
    exact_low, exact_high = terms.amount_low * factor, terms.amount_high * factor
    reading.grams_low = rounding.apply(exact_low)
    reading.grams_high = rounding.apply(exact_high)
    reading.arithmetic.append(
        f"{_range(terms.amount_low, terms.amount_high, terms.unit)} x {format_amount(weight)} kg = "
        f"{_rounded(exact_low, exact_high, reading.grams_low, reading.grams_high)}/{per}"
    )
    if terms.days_low is not None and terms.days_high is not None:
        reading.days_for_low, reading.days_for_high = terms.days_low, terms.days_high
        reading.course_grams_low = reading.grams_low * terms.days_low
        reading.course_grams_high = reading.grams_high * terms.days_high
        reading.course_g_per_kg_low = terms.g_per_kg(terms.amount_low) * terms.days_low
        reading.course_g_per_kg_high = terms.g_per_kg(terms.amount_high) * terms.days_high
        reading.arithmetic.append(
            f"x {_range(Decimal(terms.days_low), Decimal(terms.days_high))} days = "
            f"{_range(reading.course_grams_low, reading.course_grams_high, 'g')} per course "
            f"({_range(reading.course_g_per_kg_low, reading.course_g_per_kg_high, 'g/kg')})"
        )
    else:
        repeat = terms.interval.replace("_", " ")
        reading.arithmetic.append(
            f"course total not computed: repeated {repeat}, number of {per}s not recorded"
            if terms.interval != "not_stated"
            else "course total not computed: the schedule is not recorded"
        )
    return reading


def _course_reading(terms: DoseTerms, weight: Decimal, rounding: Rounding, name: str) -> Reading:
    """The amount is the whole course, divided evenly over the days."""
    assert terms.amount_low is not None and terms.amount_high is not None and terms.unit
    factor = weight if terms.unit == "g/kg" else weight / 1000
    if terms.days_low is None or terms.days_high is None:
        reading = Reading(name=name, basis="per_course", per="course")
        reading.grams_low = rounding.apply(terms.amount_low * factor)
        reading.grams_high = rounding.apply(terms.amount_high * factor)
        reading.course_grams_low, reading.course_grams_high = reading.grams_low, reading.grams_high
        reading.days_for_low = reading.days_for_high = 1
        reading.course_g_per_kg_low = terms.g_per_kg(terms.amount_low)
        reading.course_g_per_kg_high = terms.g_per_kg(terms.amount_high)
        reading.arithmetic.append(
            f"{_range(terms.amount_low, terms.amount_high, terms.unit)} x {format_amount(weight)} kg = "
            f"{_range(reading.grams_low, reading.grams_high, 'g')} per course "
            "(days not recorded)"
        )
        return reading
    reading = Reading(name=name, basis="per_course", per="day")
    # Fewest grams a day: the smallest course over the most days, and the reverse.
    reading.days_for_low, reading.days_for_high = terms.days_high, terms.days_low
    reading.grams_low = rounding.apply(terms.amount_low * factor / terms.days_high)
    reading.grams_high = rounding.apply(terms.amount_high * factor / terms.days_low)
    # What is given is the rounded daily dose times the days; rounding can make
    # the smaller course come out larger, so the range is taken over both totals.
    totals = sorted((reading.grams_low * terms.days_high, reading.grams_high * terms.days_low))
    reading.course_grams_low, reading.course_grams_high = totals
    reading.course_g_per_kg_low = terms.g_per_kg(terms.amount_low)
    reading.course_g_per_kg_high = terms.g_per_kg(terms.amount_high)
    exact_low = terms.amount_low * factor / terms.days_high
    exact_high = terms.amount_high * factor / terms.days_low
    reading.arithmetic.append(
        f"{_range(terms.amount_low, terms.amount_high, terms.unit)} x {format_amount(weight)} kg = "
        f"{_range(terms.amount_low * factor, terms.amount_high * factor, 'g')} per course, "
        f"divided over {_range(Decimal(terms.days_low), Decimal(terms.days_high))} days = "
        f"{_rounded(exact_low.quantize(Decimal('0.01')), exact_high.quantize(Decimal('0.01')), reading.grams_low, reading.grams_high)}/day"
    )
    reading.arithmetic.append(
        f"{format_amount(reading.grams_low)} g x {terms.days_high} days = {format_amount(reading.course_grams_low)} g; "
        f"{format_amount(reading.grams_high)} g x {terms.days_low} days = {format_amount(reading.course_grams_high)} g"
    )
    return reading


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
    """Every reading of the regimen's amount, with grams for this dosing weight.

    The first reading is the one the database records. An ambiguous amount per
    day over several days can also be read as one course divided over the days;
    both are shown, and a reading that goes past the unusual course total while
    the other stays within it is flagged implausible.
    """
    if terms.amount_low is None or terms.amount_high is None or not terms.unit:
        return [
            Reading(
                name="as recorded",
                basis=terms.basis,
                per="dose",
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
        reading.supported_by_literature = terms.record_basis == reading.basis
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
    return found


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
