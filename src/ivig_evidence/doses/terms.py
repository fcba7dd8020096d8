"""A regimen's structured terms as the calculator reads them, and the primary record's
own dose as terms of its own."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from ivig_evidence.doses.numbers import amount_range

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
        f"the primary record's dose: {amount_range(record.amount_low, record.amount_high, record.unit)} "
        f"{RECORD_PER[record.basis]}"
    )
    if record.days_low is not None and record.days_high is not None:
        days = amount_range(Decimal(record.days_low), Decimal(record.days_high))
        name += f" over {days} day{'' if record.days_high == 1 else 's'}"
    if record.interval != "not_stated":
        name += f", {record.interval.replace('_', ' ')}"
    return name
