"""The rules a dose must meet: as stated, structured only as far as it is stated, the
primary record's own figures beside it under the rules the database keeps, its links
to indications and documents existing. Pure functions, as ``checks``."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.importing.checks import (
    MAX_AMOUNT,
    MAX_DAYS,
    CheckedSource,
    Found,
    check_choice,
    check_fields,
    check_id,
    check_list,
    check_source,
    check_text,
    figure,
    real_number,
    whole_number,
)


@dataclass(frozen=True)
class CheckedDose:
    id: str | None
    text: str
    phase: str | None
    amount_low: float | None
    amount_high: float | None
    unit: str | None
    basis: str
    days_low: int | None
    days_high: int | None
    interval: str
    course_duration: str | None
    ambiguous: bool
    ambiguity_note: str | None
    caveat: str | None
    record_reading: str | None
    record_source: str | None
    record_basis: str | None
    max_grams: float | None
    applies_to: tuple[str, ...]
    sources: tuple[CheckedSource, ...]
    record_amount_low: float | None = None
    record_amount_high: float | None = None
    record_unit: str | None = None
    record_days_low: int | None = None
    record_days_high: int | None = None
    record_interval: str | None = None
    rate_text: str | None = None
    max_rate_mg_per_kg_min: float | None = None


DOSE_TEXTS = ("phase", "course_duration", "note", "caveat", "record_reading", "record_source")
RECORD_FIGURES = (
    "record_amount_low", "record_amount_high", "record_unit", "record_basis",
    "record_days_low", "record_days_high", "record_interval",
)  # fmt: skip
DOSE_FIELDS = (
    "id", "text", "amount_low", "amount_high", "unit", "basis", "days_low", "days_high",
    "interval", "max_grams", "ambiguous", *DOSE_TEXTS, *RECORD_FIGURES, "rate_text",
    "max_rate_mg_per_kg_min", "applies_to", "sources",
)  # fmt: skip
# What `ivig studies -f json` writes of a study's dose from where it is: always a
# studied regimen, of the study it is in (a copied study keeps the old id here).
DOSE_DERIVED = ("context", "study_id")


def _amount(found: Found, name: str, value: Any, limit: float) -> float | None:
    try:
        number = real_number(value)
    except (TypeError, ValueError):
        found.add(name, f"'{value}' is not a number")
        return None
    if number is not None and not 0 < number <= limit:
        found.add(name, f"{figure(number)} is outside 0-{figure(limit)}")
        return None
    return number


def _days(found: Found, name: str, value: Any) -> int | None:
    try:
        days = whole_number(value)
    except (TypeError, ValueError):
        found.add(name, f"'{value}' is not a whole number of days")
        return None
    if days is not None and not 0 < days <= MAX_DAYS:
        found.add(name, f"{days} is outside 1-{MAX_DAYS} days")
        return None
    return days


def check_dose(
    found: Found,
    label: str,
    dose: Any,
    slugs: Collection[str],
    documents: Collection[str],
    own_publication: str | None,
) -> CheckedDose | None:
    """A dose as stated, structured only as far as it is stated; its links must exist."""
    if not isinstance(dose, dict):
        found.add(label, "must be an object")
        return None
    before = len(found.problems)
    check_fields(found, label, dose, "a dose", DOSE_FIELDS, DOSE_DERIVED)
    if dose.get("context", "studied") != "studied":  # the only value it can come back with
        found.add(
            f"{label}.context", "a study's dose is 'studied'; suggested ones are not imported"
        )
    dose_id = check_id(found, f"{label}.id", dose.get("id"))
    text = check_text(
        found, f"{label}.text", dose.get("text"), required=True, label="the dose as stated"
    )
    low = _amount(found, f"{label}.amount_low", dose.get("amount_low"), MAX_AMOUNT)
    high = _amount(found, f"{label}.amount_high", dose.get("amount_high"), MAX_AMOUNT)
    unit = check_choice(found, f"{label}.unit", dose.get("unit"), vocab.DoseUnit)
    if low is not None and high is not None and low > high:
        found.add(f"{label}.amount_low", f"{figure(low)} is above amount_high {figure(high)}")
    given = [dose.get(k) not in (None, "") for k in ("amount_low", "amount_high", "unit")]
    if any(given) and not all(given):
        found.add(f"{label}.amount", "give amount_low, amount_high and unit together")
    days_low = _days(found, f"{label}.days_low", dose.get("days_low"))
    days_high = _days(found, f"{label}.days_high", dose.get("days_high"))
    if days_low is not None and days_high is not None and days_low > days_high:
        found.add(f"{label}.days_low", f"{days_low} is above days_high {days_high}")
    basis = check_choice(found, f"{label}.basis", dose.get("basis"), vocab.DoseBasis)
    interval = check_choice(found, f"{label}.interval", dose.get("interval"), vocab.DoseInterval)
    record_basis = check_choice(
        found, f"{label}.record_basis", dose.get("record_basis"), vocab.DoseBasis
    )
    max_grams = _amount(found, f"{label}.max_grams", dose.get("max_grams"), MAX_AMOUNT)
    ambiguous = dose.get("ambiguous", False)
    if not isinstance(ambiguous, bool | int) or ambiguous not in (True, False, 0, 1):
        found.add(f"{label}.ambiguous", "must be true or false")
        ambiguous = False
    texts = {name: check_text(found, f"{label}.{name}", dose.get(name)) for name in DOSE_TEXTS}
    rate_text = check_text(found, f"{label}.rate_text", dose.get("rate_text"))
    max_rate = _amount(
        found, f"{label}.max_rate_mg_per_kg_min", dose.get("max_rate_mg_per_kg_min"), MAX_AMOUNT
    )
    if max_rate is not None and not rate_text:
        found.add(f"{label}.rate_text", "give the rate limit as stated with its figure")
    if texts["record_reading"] and not texts["record_source"]:
        found.add(f"{label}.record_source", "name the record the reading comes from")
    record = _record_dose(found, label, dose, record_basis, texts["record_source"])
    applies_to: list[str] = []
    for slug in check_list(found, f"{label}.applies_to", dose.get("applies_to")):
        if slug not in slugs:
            guess = vocab.closest(str(slug), sorted(slugs))
            found.add(
                f"{label}.applies_to",
                f"unknown indication '{slug}'" + (f"; did you mean '{guess}'?" if guess else ""),
            )
        elif slug not in applies_to:
            applies_to.append(slug)
    sources = [
        check_source(found, f"{label}.sources[{i}]", s, documents, own_publication)
        for i, s in enumerate(check_list(found, f"{label}.sources", dose.get("sources")), 1)
    ]
    if len(found.problems) > before or text is None:
        return None
    return CheckedDose(
        id=dose_id,
        text=text,
        phase=texts["phase"],
        amount_low=low,
        amount_high=high,
        unit=unit,
        basis=basis or "not_stated",
        days_low=days_low,
        days_high=days_high,
        interval=interval or "not_stated",
        course_duration=texts["course_duration"],
        ambiguous=bool(ambiguous),
        ambiguity_note=texts["note"],
        caveat=texts["caveat"],
        record_reading=texts["record_reading"],
        record_source=texts["record_source"],
        record_basis=record_basis,
        max_grams=max_grams,
        applies_to=tuple(applies_to),
        sources=tuple(s for s in sources if s is not None),
        rate_text=rate_text,
        max_rate_mg_per_kg_min=max_rate,
        **record,
    )


def _record_dose(
    found: Found, label: str, dose: dict[str, Any], basis: str | None, source: str | None
) -> dict[str, Any]:
    """The primary record's own figures, under the rules the database keeps: an amount
    with its unit, read on a record_basis from a named record; days and an interval
    only with an amount."""
    low = _amount(found, f"{label}.record_amount_low", dose.get("record_amount_low"), MAX_AMOUNT)
    high = _amount(found, f"{label}.record_amount_high", dose.get("record_amount_high"), MAX_AMOUNT)
    unit = check_choice(found, f"{label}.record_unit", dose.get("record_unit"), vocab.DoseUnit)
    if low is not None and high is not None and low > high:
        found.add(
            f"{label}.record_amount_low",
            f"{figure(low)} is above record_amount_high {figure(high)}",
        )
    keys = ("record_amount_low", "record_amount_high", "record_unit")
    given = [dose.get(k) not in (None, "") for k in keys]
    if any(given) and not all(given):
        found.add(
            f"{label}.record_amount",
            "give record_amount_low, record_amount_high and record_unit together",
        )
    if all(given) and basis is None:
        found.add(f"{label}.record_basis", "say how the record's amount is read (per_course ...)")
    if all(given) and not source:
        found.add(f"{label}.record_source", "name the record the figures come from")
    days_low = _days(found, f"{label}.record_days_low", dose.get("record_days_low"))
    days_high = _days(found, f"{label}.record_days_high", dose.get("record_days_high"))
    if (days_low is None) != (days_high is None):
        found.add(f"{label}.record_days", "give record_days_low and record_days_high together")
    elif days_low is not None and days_high is not None and days_low > days_high:
        found.add(f"{label}.record_days_low", f"{days_low} is above record_days_high {days_high}")
    interval = check_choice(
        found, f"{label}.record_interval", dose.get("record_interval"), vocab.DoseInterval
    )
    if (days_low is not None or interval is not None) and not all(given):
        found.add(f"{label}.record_days", "the record's days and interval need its amount")
    return {
        "record_amount_low": low,
        "record_amount_high": high,
        "record_unit": unit,
        "record_days_low": days_low,
        "record_days_high": days_high,
        "record_interval": interval,
    }
