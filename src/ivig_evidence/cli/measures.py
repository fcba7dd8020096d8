"""The patient's measures as typed (--weight, --height, --sex, --round, --age, and
review's --dose and --start): a number within its plausible range, or a one-line usage
error that says what to type."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ivig_evidence.doses.numbers import format_amount
from ivig_evidence.doses.ordered import DoseOrder
from ivig_evidence.doses.patient import (
    HEIGHT_RANGE_CM,
    WEIGHT_RANGE_KG,
    Patient,
    PatientDosing,
    Rounding,
    Sex,
    WeightRule,
    dosing_weight,
)
from ivig_evidence.errors import UsageError
from ivig_evidence.indications import IndicationRef
from ivig_evidence.review.order import Order

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


_AMOUNT = r"(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>g|mg)\s*/\s*kg"

_DAYS = r"(?P<days>\d+)(?:\s*(?:-|to)\s*(?P<days_high>\d+))?\s*days?"

COURSE = re.compile(rf"^{_AMOUNT}(?:\s*(?:a|per|/)\s*course)?(?:\s+(?:over|in)\s+{_DAYS})?$")

DAILY = re.compile(rf"^{_AMOUNT}\s*(?:/|a|per)\s*day\s+(?:for|x|over)\s+(?P<days>\d+)\s*days?$")

DOSE_FORM = (
    '--dose "2 g/kg" (a course), --dose "2 g/kg over 2 days" or --dose "0.4 g/kg/day for 5 days"'
)

COURSE_RANGE_G_PER_KG = (Decimal("0.01"), Decimal("10"))


def parse_dose(text: str) -> DoseOrder:
    """The dose as typed, or a one-line usage error giving the form to type."""
    typed = text.strip()
    if re.search(r"\d,\d", typed):
        fixed = re.sub(r"(\d),(\d)", r"\1.\2", typed)
        raise UsageError(f"--dose '{text}': use a decimal point, not a comma: --dose \"{fixed}\"")
    lowered = " ".join(typed.lower().split())
    daily = DAILY.match(lowered)
    course = COURSE.match(lowered)
    match = daily or course
    if match is None:
        raise UsageError(f"--dose '{text}' cannot be read: give the amount per kg, as {DOSE_FORM}")
    amount = Decimal(match["amount"]) / (1000 if match["unit"] == "mg" else 1)
    days_low = int(match["days"]) if match["days"] else None
    days_high = int(match["days_high"]) if course and match["days_high"] else None
    if days_low is not None and (
        not 1 <= days_low <= 30 or (days_high is not None and not days_low <= days_high <= 30)
    ):
        raise UsageError(f"--dose '{text}': the days must be 1 to 30, the fewer first")
    per_course = amount * days_low if daily and days_low is not None else amount
    low, high = COURSE_RANGE_G_PER_KG
    if not low <= per_course <= high:
        raise UsageError(
            f"--dose '{text}' is {format_amount(per_course)} g/kg a course, outside "
            f"{low}-{high} g/kg: give the amount per kg, as {DOSE_FORM}"
        )
    return DoseOrder(per_course, days_low, days_high, typed)


AGE_RANGE_YEARS = (Decimal("0.01"), Decimal("120"))


def parse_order(
    indication: str | IndicationRef,
    *,
    weight: str,
    dose: str,
    height: str | None = None,
    sex: str | None = None,
    age: str | None = None,
    pregnant: bool = False,
    pre_pregnancy_weight: str | None = None,
    start: str | None = None,
) -> Order:
    """The order from the options as typed; anything unreadable is a one-line usage error.
    ``indication`` as typed stands in until it is found in the database (``for_indication``):
    what can be checked without the database is checked before it is opened."""
    parsed_sex = None if sex is None else parse_sex(sex)
    if pregnant and parsed_sex is Sex.MALE:
        raise UsageError("--pregnant is for a female patient, not --sex male")
    if pre_pregnancy_weight is not None and not pregnant:
        raise UsageError("--pre-pregnancy-weight is for a pregnant patient: add --pregnant")
    ref = IndicationRef(indication, indication) if isinstance(indication, str) else indication
    return Order(
        indication=ref,
        dose=parse_dose(dose),
        weight_kg=parse_measure(weight, "--weight", "kg", WEIGHT_RANGE_KG, "70"),
        height_cm=None
        if height is None
        else parse_measure(height, "--height", "cm", HEIGHT_RANGE_CM, "170"),
        sex=parsed_sex,
        age=None if age is None else parse_measure(age, "--age", "years", AGE_RANGE_YEARS, "45"),
        pregnant=pregnant,
        pre_pregnancy_kg=None
        if pre_pregnancy_weight is None
        else parse_measure(
            pre_pregnancy_weight,
            "--pre-pregnancy-weight",
            "kg",
            WEIGHT_RANGE_KG,
            "65",
        ),
        start=None if start is None else parse_start(start),
    )


def parse_start(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--start '{text}' is not a date: give it as YYYY-MM-DD, e.g. --start 2027-01-04"
        ) from None


def patient_options(
    weight: str | None,
    rule: str | None,
    height: str | None,
    sex: str | None,
    round_to: str | None,
) -> PatientDosing | None:
    """`ivig dose`'s patient from its options as typed (None without --weight): the
    options that only a weight makes meaningful, refused without one, and the height
    and sex refused where the actual weight is used."""
    given = {"--dosing-weight": rule, "--height": height, "--sex": sex, "--round": round_to}
    if weight is None:
        named = [name for name, value in given.items() if value is not None]
        if named:
            verb = "needs" if len(named) == 1 else "need"
            raise UsageError(f"{', '.join(named)} {verb} --weight (the patient's weight in kg)")
        return None
    from ivig_evidence.cli.options import choices

    chosen = WeightRule(choices("dosing weight", [rule or "actual"], WeightRule)[0])
    unused = [name for name, value in (("--height", height), ("--sex", sex)) if value]
    if unused and chosen is WeightRule.ACTUAL:
        raise UsageError(
            f"{' and '.join(unused)} {'is' if len(unused) == 1 else 'are'} used only for an "
            "ideal or adjusted body weight: add --dosing-weight ideal|adjusted, or leave "
            f"{'it' if len(unused) == 1 else 'them'} out"
        )
    return patient_dosing(weight, height, sex, chosen, round_to)
