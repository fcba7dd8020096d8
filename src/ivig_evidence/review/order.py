"""The order a review checks: the dose (a course per kg, over how many days) and the
patient (weight, height, sex, age, pregnancy). What was typed is read, or refused in
one line, by cli/measures.py."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ivig_evidence.doses import numbers, patient
from ivig_evidence.doses.ordered import DoseOrder
from ivig_evidence.indications import IndicationRef


def g_text(value: Decimal) -> str:
    return numbers.format_amount(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def kg_text(value: Decimal) -> str:
    return numbers.format_amount(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Order:
    """One IVIG order for one patient, as typed and checked."""

    indication: IndicationRef
    dose: DoseOrder
    weight_kg: Decimal
    height_cm: Decimal | None = None
    sex: patient.Sex | None = None
    age: Decimal | None = None
    pregnant: bool = False
    pre_pregnancy_kg: Decimal | None = None
    start: date | None = None

    @property
    def typed(self) -> str:
        """The order as the options that gave it: the source of every line about it."""
        parts = [f"--indication {self.indication.slug}", f"--weight {kg_text(self.weight_kg)}"]
        if self.height_cm is not None:
            parts.append(f"--height {numbers.format_amount(self.height_cm)}")
        if self.sex is not None:
            parts.append(f"--sex {self.sex.value}")
        if self.age is not None:
            parts.append(f"--age {numbers.format_amount(self.age)}")
        if self.pregnant:
            parts.append("--pregnant")
        if self.pre_pregnancy_kg is not None:
            parts.append(f"--pre-pregnancy-weight {kg_text(self.pre_pregnancy_kg)}")
        parts.append(f'--dose "{self.dose.typed}"')
        if self.start is not None:
            parts.append(f"--start {self.start.isoformat()}")
        return " ".join(parts)

    @property
    def bmi(self) -> Decimal | None:
        """Body mass index on the weight a calculator takes (pre-pregnancy when given)."""
        if self.height_cm is None:
            return None
        metres = self.height_cm / 100
        return (self.calculator_kg / (metres * metres)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def calculator_kg(self) -> Decimal:
        return self.pre_pregnancy_kg if self.pre_pregnancy_kg is not None else self.weight_kg

    def for_indication(self, found: IndicationRef) -> Order:
        """The order for the indication as the database names it."""
        return replace(self, indication=found)

    def to_json(self) -> dict[str, Any]:
        return {
            "indication": self.indication.slug,
            "indication_name": self.indication.name,
            "dose": self.dose.typed,
            "course_g_per_kg": numbers.json_number(self.dose.course_g_per_kg),
            "days_low": self.dose.days_low,
            "days_high": self.dose.days_high,
            "weight_kg": numbers.json_number(self.weight_kg),
            "height_cm": numbers.json_number(self.height_cm),
            "sex": self.sex.value if self.sex else None,
            "age_years": numbers.json_number(self.age),
            "pregnant": self.pregnant,
            "pre_pregnancy_weight_kg": numbers.json_number(self.pre_pregnancy_kg),
            "bmi": numbers.json_number(self.bmi),
            "start": self.start.isoformat() if self.start else None,
        }
