"""A patient's doses as data: the CSV of every reading, the JSON of a dose, and the
view of `ivig dose` (``dose_view``) that the output renders in any format."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from typing import Any, cast

from ivig_evidence.doses.arithmetic import Reading
from ivig_evidence.doses.numbers import json_number as decimal_json
from ivig_evidence.doses.patient import DosingWeight, PatientDosing, Rounding
from ivig_evidence.doses.regimen import Regimen
from ivig_evidence.doses.report import DoseReport
from ivig_evidence.doses.views import (
    discrepancies,
    dose_calculation_tables,
    dosing_weight_table,
    headline_of,
    regimens_table,
    undecided,
)
from ivig_evidence.output import Cell, Table, View
from ivig_evidence.positions import brief_positions_table

# The reading's figures, as its JSON names them, in the CSV's order: each gram figure
# beside the days that go with it, then the reading's day counts in order (issue 26).
READING_FIGURES = (
    "interval",
    "grams_per",
    "grams_low",
    "days_with_grams_low",
    "grams_high",
    "days_with_grams_high",
    "exact_grams_low",
    "exact_grams_high",
    "intended_g_per_kg_low",
    "intended_g_per_kg_high",
    "delivered_g_per_kg_low",
    "delivered_g_per_kg_high",
    "days_low",
    "days_high",
    "course_grams_low",
    "course_grams_high",
    "course_g_per_kg_low",
    "course_g_per_kg_high",
    "course_delivered_g_per_kg_low",
    "course_delivered_g_per_kg_high",
)

DOSE_CSV_COLUMNS = (
    "regimen",
    "indication",
    "as_stated",
    "reading",
    "headline",
    "from_record",
    "supported_by_literature",
    "implausible",
    "ambiguous",
    "dosing_weight_kg",
    "weight_rule_asked",
    "weight_rule_used",
    "rounding_step_g",
    *READING_FIGURES,
    "warnings",
)


def dose_csv_table(
    report: DoseReport,
    calculations: Sequence[Sequence[Reading]],
    weight: DosingWeight,
    rounding: Rounding,
) -> Table:
    """One complete row per reading, the headline first: every number in its own column."""
    rows: list[Sequence[Cell]] = []
    step = None if rounding.step_grams is None else decimal_json(rounding.step_grams)
    for regimen, found in zip(report.regimens, calculations, strict=True):
        notes = [f"ambiguous: {regimen.ambiguity_note}"] if regimen.ambiguous else []
        notes += [f"note: {text}" for text in discrepancies(regimen)]
        for reading in found:
            item = reading.to_json()
            rows.append(
                [
                    regimen.id,
                    report.indication.slug,
                    regimen.text,
                    reading.name,
                    reading.headline,
                    reading.from_record,
                    reading.supported_by_literature,
                    reading.implausible,
                    regimen.ambiguous,
                    decimal_json(weight.kg),
                    weight.rule_asked.value,
                    weight.rule.value,
                    step,
                    *(cast(Cell, item[k]) for k in READING_FIGURES),
                    " | ".join(notes + list(reading.warnings + list(weight.notes))),
                ]
            )
    return Table(title="doses", columns=DOSE_CSV_COLUMNS, rows=rows)


# The headline reading's figures, repeated at the top level of a regimen's JSON (the
# regimen's own days_low/days_high are the source's: the headline's days are named).
HEADLINE_KEYS = (
    "grams_per",
    "grams_low",
    "days_with_grams_low",
    "grams_high",
    "days_with_grams_high",
    "delivered_g_per_kg_low",
    "delivered_g_per_kg_high",
    "course_grams_low",
    "course_grams_high",
    "course_delivered_g_per_kg_low",
    "course_delivered_g_per_kg_high",
)


def dose_json(
    regimen: Regimen, found: Sequence[Reading], weight: DosingWeight, rounding: Rounding
) -> dict[str, object]:
    """The calculator's numbers for one regimen object of `ivig dose --format json`.

    The top-level figures are the headline reading's (named by ``reading``): the
    safest defensible one, the primary record's own dose where it gives one
    (``from_record``). Where an ambiguous regimen has no reading the primary
    literature supports, they are null and ``reading`` says "ambiguous: see
    readings". Every reading, implausible ones last and marked, is in ``readings``.
    """
    headline = headline_of(found)
    figures = headline.to_json() if headline is not None else {}
    warnings: list[str] = []
    if regimen.ambiguous:
        warnings.append(f"ambiguous: {regimen.ambiguity_note}")
    warnings += [f"note: {text}" for text in discrepancies(regimen)]
    if headline is not None:
        warnings += headline.warnings
    elif undecided(found):
        warnings.append(
            "ambiguous: no reading is supported by the primary literature; the top-level "
            "figures are null: see readings"
        )
    else:
        warnings.append("no amount recorded for this regimen: the top-level figures are null")
    warnings += [
        f"another reading: {r.name}" + (" (IMPLAUSIBLE)" if r.implausible else "")
        for r in found
        if r is not headline
    ]
    warnings += list(weight.notes)
    return {
        "dosing_weight_kg": decimal_json(weight.kg),
        "weight_rule": weight.rule.value,
        "weight_rule_asked": weight.rule_asked.value,
        "weight_description": weight.description,
        "rounding": rounding.describe(),
        "from_record": headline is not None and headline.from_record,
        "reading": headline.name
        if headline is not None
        else "ambiguous: see readings"
        if undecided(found)
        else "no amount recorded",
        **{key: figures.get(key) for key in HEADLINE_KEYS},
        "warnings": warnings,
        "readings": [r.to_json() for r in found],
    }


def dose_view(
    report: DoseReport,
    calculations: Sequence[Sequence[Reading]] | None,
    patient: PatientDosing | None,
    *,
    after: Callable[[], None] | None = None,
) -> View:
    """`ivig dose`: the regimens as recorded, or with a patient (``calculations``, one
    list of readings per regimen) the doses in grams; the positions beside them.
    ``after``: what to say after the tables (regimens a limit held back)."""
    dosing_for = patient

    def items() -> Iterator[dict[str, Any]]:
        for item, regimen, found in zip(
            report.to_json(), report.regimens, calculations or repeat(None), strict=False
        ):
            if found is not None and dosing_for is not None:
                item.update(dose_json(regimen, found, dosing_for.weight, dosing_for.rounding))
            yield item

    first = (
        dose_csv_table(report, calculations, dosing_for.weight, dosing_for.rounding)
        if calculations is not None and dosing_for is not None
        else regimens_table(report, for_csv=True)
    )
    slug = report.indication.slug
    tables = []
    notes = []
    # A weight with no dose to apply it to says nothing: its table only with regimens.
    if dosing_for is not None and report.regimens:
        tables.append(dosing_weight_table(dosing_for.weight, dosing_for.rounding))
    if report.regimens and calculations is not None and dosing_for is not None:
        tables.extend(dose_calculation_tables(report, calculations, dosing_for.weight))
    elif report.regimens:
        tables.append(regimens_table(report))
    else:
        from ivig_evidence.doses.numbers import format_amount

        for_weight = (
            f": nothing to compute at {format_amount(dosing_for.weight.kg)} kg"
            if dosing_for is not None
            else ""
        )
        notes.append(f"no dose regimens recorded for {slug}{for_weight}")
    if report.positions:
        tables.append(brief_positions_table(report.positions, f"Positions on IVIG for {slug}"))
    else:
        notes.append(f"no guideline or source positions recorded for {slug}")

    return View(
        items=items(),
        sections={
            "doses": first,
            "positions": brief_positions_table(report.positions, "positions"),
        },
        tables=tables,
        notes=notes,
        after=after,
    )
