"""How dose figures read: numbers for JSON, amounts without trailing zeros, ranges.

Decimal throughout: the stated amounts stay exact (0.4 g/kg x 70 kg is 28 g, not
27.999...).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


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


def amount_range(low: Decimal, high: Decimal, unit: str = "") -> str:
    """ "28", "0.4-2 g/kg": one figure where low and high agree."""
    suffix = f" {unit}" if unit else ""
    return (
        f"{format_amount(low)}{suffix}"
        if low == high
        else f"{format_amount(low)}-{format_amount(high)}{suffix}"
    )


def rounded_range(exact_low: Decimal, exact_high: Decimal, low: Decimal, high: Decimal) -> str:
    """'28-140 g', or '27.96-140 g, rounded to 30-140 g' when rounding changed it."""
    exact = amount_range(exact_low, exact_high, "g")
    shown = amount_range(low, high, "g")
    return exact if exact == shown else f"{exact}, rounded to {shown}"
