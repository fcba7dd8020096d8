"""A dose as a prescriber orders it for a review: a course per kg of dosing weight, over
the days given. What `--dose` typed is read into one by cli/measures.py; the review
(review/) checks it against the indication's rules."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ivig_evidence.doses import numbers


class DoseOrder(NamedTuple):
    """The dose as ordered, per kg of dosing weight: the course, and the days where given."""

    course_g_per_kg: Decimal
    days_low: int | None
    days_high: int | None
    typed: str

    @property
    def days_text(self) -> str | None:
        if self.days_low is None:
            return None
        if self.days_high is None or self.days_high == self.days_low:
            return f"{self.days_low} day{'s' if self.days_low != 1 else ''}"
        return f"{self.days_low}-{self.days_high} days"

    @property
    def text(self) -> str:
        days = f" over {self.days_text}" if self.days_text else ""
        return f"{numbers.format_amount(self.course_g_per_kg)} g/kg a course{days}"
