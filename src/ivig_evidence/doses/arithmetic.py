"""Dose arithmetic: the readings of a regimen's amount in grams for one dosing weight.

Plain functions on plain values, no database and no output: the command feeds them a
regimen's terms (``doses.terms``) and a dosing weight and rounding
(``doses.patient``), and renders what comes back (``doses.views``). A course total is
exactly the rounded daily dose times the days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ivig_evidence.doses.numbers import (
    amount_range,
    format_amount,
    g_per_kg_text,
    json_number,
    rounded_range,
)
from ivig_evidence.doses.patient import (
    UNUSUAL_COURSE_G_PER_KG,
    UNUSUAL_SINGLE_DAY_G_PER_KG,
    Rounding,
)
from ivig_evidence.doses.terms import DoseTerms, record_dose_name, record_terms

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
        f"{amount_range(terms.amount_low, terms.amount_high, terms.unit)} x {format_amount(weight)} kg = "
        f"{rounded_range(reading.exact_grams_low, reading.exact_grams_high, reading.grams_low, reading.grams_high)}/{per}"
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
            f"x {amount_range(Decimal(terms.days_low), Decimal(terms.days_high))} days = "
            f"{amount_range(reading.course_grams_low, reading.course_grams_high, 'g')} per course "
            f"({amount_range(reading.course_g_per_kg_low, reading.course_g_per_kg_high, 'g/kg')})"
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
            f"{amount_range(terms.amount_low, terms.amount_high, terms.unit)} x {format_amount(weight)} kg = "
            f"{rounded_range(course_low, course_high, reading.grams_low, reading.grams_high)} per course "
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
        f"{amount_range(terms.amount_low, terms.amount_high, terms.unit)} x {format_amount(weight)} kg = "
        f"{amount_range(course_low, course_high, 'g')} per course, "
        f"divided over {amount_range(Decimal(terms.days_low), Decimal(terms.days_high))} days = "
        f"{rounded_range(reading.exact_grams_low.quantize(two_places), reading.exact_grams_high.quantize(two_places), reading.grams_low, reading.grams_high)}/day"
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
