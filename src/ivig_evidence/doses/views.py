"""How regimens and the calculator's readings read as tables: the regimen table, the
dosing weight, each regimen's calculation with its arithmetic and notes. The CSV and
JSON of a patient's doses, and the whole view of `ivig dose`, are in dose_view.py."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ivig_evidence import vocab
from ivig_evidence.doses.arithmetic import Reading
from ivig_evidence.doses.numbers import format_amount, g_per_kg_text
from ivig_evidence.doses.patient import DosingWeight, Rounding
from ivig_evidence.doses.regimen import Regimen
from ivig_evidence.doses.report import DoseReport
from ivig_evidence.output import Cell, Table, display
from ivig_evidence.terminal import Column, Kind, record_table


def _amount(regimen: Regimen) -> str | None:
    if regimen.amount_low is None or regimen.unit is None:
        return None
    low, high = display(regimen.amount_low), display(regimen.amount_high)
    value = low if low == high else f"{low}-{high}"
    return f"{value} {regimen.unit}"


def _days(regimen: Regimen) -> str | None:
    if regimen.days_low is None:
        return None
    low, high = regimen.days_low, regimen.days_high
    return str(low) if low == high else f"{low}-{high}"


REGIMEN_TABLE_COLUMNS = (
    Column("regimen", Kind.ID),
    Column("context", Kind.KEY, wide_only=True),
    Column("applies to", Kind.TEXT, wide_only=True),
    Column("amount", Kind.KEY, wide_only=True),
    Column("basis", Kind.KEY, wide_only=True),
    Column("days", Kind.KEY, wide_only=True),
    Column("interval", Kind.KEY, wide_only=True),
    Column("duration", Kind.TEXT, wide_only=True),
    Column("as stated", Kind.TEXT, least=18),
    Column("ambiguity", Kind.KEY),
    Column("notes", Kind.TEXT, wide_only=True),
    Column("source", Kind.TEXT, wide_only=True),
)


def _regimen_context(regimen: Regimen) -> str:
    if regimen.context == "studied":
        label = regimen.study_label or regimen.study_id
        phase = f", {regimen.phase}" if regimen.phase else ""
        return f"studied ({label}{phase})"
    # Who suggests it says what the dose is: a label's dose is not an article's advice.
    standings = dict.fromkeys(vocab.standing(s.document_kind) for s in regimen.sources)
    return f"suggested ({' and '.join(standings)})" if standings else "suggested"


def _regimen_source(regimen: Regimen) -> str:
    docs = dict.fromkeys(
        f"{s.document}" + (f" [{s.cited_as}]" if s.cited_as else "") for s in regimen.sources
    )
    return "; ".join(docs)


def regimens_table(report: DoseReport, *, for_csv: bool = False) -> Table:
    rows = []
    for r in report.regimens:
        notes = regimen_notes(r)
        if r.note:
            notes.append(f"Note: {r.note}")
        rows.append(
            [
                r.id,
                _regimen_context(r),
                ", ".join(r.applies_to),
                _amount(r) if not for_csv else (_amount(r) or ""),
                r.basis,
                _days(r),
                r.interval,
                r.course_duration,
                r.text,
                "AMBIGUOUS" if r.ambiguous else "none noted",
                " | ".join(notes) or None,
                _regimen_source(r),
            ]
        )
    return Table(
        title=f"Recorded IVIG dose regimens for {report.indication.slug} "
        f"({report.indication.name})",
        columns=REGIMEN_TABLE_COLUMNS,
        rows=rows,
    )


def dosing_weight_table(weight: DosingWeight, rounding: Rounding) -> Table:
    rows: list[Sequence[Cell]] = [
        ["dosing weight", f"{format_amount(weight.kg)} kg"],
        ["weight rule", weight.rule_text],
        ["how it was found", weight.description],
        ["rounding", rounding.describe()],
    ]
    rows += [["note", note] for note in weight.notes]
    return record_table("Dosing weight", rows)


def discrepancies(regimen: Regimen) -> list[str]:
    """What the records read say beside the regimen's source: a contradicted statement (the
    record says otherwise), or one checked against records that do not settle it (a term
    the source uses differently from some records, say), which stays unconfirmed."""
    found = []
    for s in regimen.sources:
        if s.status == "contradicted" and s.note:
            found.append(f"{s.document} says \u201c{s.quote}\u201d; the primary record: {s.note}")
        elif s.status == "unconfirmed" and s.note and s.checked_against:
            found.append(
                f"{s.document} says \u201c{s.quote}\u201d; unconfirmed by the records read: {s.note}"
            )
    return found


def _flag(reading: Reading) -> str:
    if reading.headline:
        return "HEADLINE"
    if reading.grams_low is None:
        return "no figure"
    return "IMPLAUSIBLE" if reading.implausible else "alternative"


def amount_unrecorded(found: Sequence[Reading]) -> bool:
    """A regimen recorded as a schedule only: there is no amount to read one way or another."""
    return all(r.grams_low is None for r in found)


def headline_of(found: Sequence[Reading]) -> Reading | None:
    """The one figure a reader should take, where there is one (arithmetic.readings)."""
    return next((r for r in found if r.headline), None)


def undecided(found: Sequence[Reading]) -> bool:
    """An amount read more than one way with no reading the primary literature supports:
    no headline, and every view says so rather than show a figure."""
    return headline_of(found) is None and not amount_unrecorded(found)


def _range_text(low: Decimal, high: Decimal, unit: str, *, per_kg: bool = False) -> str:
    """'28-140 g' or '0.08-1 g/kg': grams as computed, g/kg to 2 decimal places."""
    show = g_per_kg_text if per_kg else format_amount
    text = show(low) if low == high else f"{show(low)}-{show(high)}"
    return f"{text} {unit}"


def _interval(reading: Reading) -> str:
    return "" if reading.interval == "not_stated" else f", {reading.interval.replace('_', ' ')}"


def _day_count(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def dose_lines(reading: Reading) -> list[tuple[str, str]]:
    """The figures of one reading as labelled lines, the first of them the figure a
    reader takes: the course where it is known, then how it is given (grams a day,
    with the days that go with them), then the g/kg delivered, per day or per course.
    Every figure carries its unit and what it is per."""
    if reading.grams_low is None or reading.grams_high is None:
        return [(_flag(reading), "no amount is recorded: nothing to calculate")]
    low, high = reading.grams_low, reading.grams_high
    course = (
        None
        if reading.course_grams_low is None or reading.course_grams_high is None
        else _range_text(reading.course_grams_low, reading.course_grams_high, "g per course")
    )
    lines: list[tuple[str, str]] = []
    per_unit = _range_text(low, high, f"g/{reading.per}")
    if reading.per == "course":  # a course whose days are not recorded
        lines.append((_flag(reading), f"{course}{_interval(reading)} (days not recorded)"))
    elif reading.days_for_low is None or reading.days_for_high is None:
        each = _range_text(low, high, f"g per {reading.per}")
        lines.append((_flag(reading), f"{each}{_interval(reading)}"))
    else:
        lines.append((_flag(reading), f"{course}{_interval(reading)}"))
        if reading.basis != "per_course" or reading.days_low == reading.days_high:
            given = f"{per_unit} for {_range_days(reading)}"
        else:
            # A course divided over the days: each day's grams go with their own days
            # (the fewest grams a day with the most days), so they are named in pairs.
            given = (
                f"from {format_amount(low)} g/{reading.per} for {_day_count(reading.days_for_low)} "
                f"up to {format_amount(high)} g/{reading.per} for {_day_count(reading.days_for_high)}"
            )
        lines.append(("given as", given))
    delivered = []
    if (
        reading.per != "course"
        and reading.course_delivered_g_per_kg_low is not None
        and reading.course_delivered_g_per_kg_high is not None
    ):
        delivered.append(
            _range_text(
                reading.course_delivered_g_per_kg_low,
                reading.course_delivered_g_per_kg_high,
                "g/kg per course",
                per_kg=True,
            )
        )
    if reading.delivered_g_per_kg_low is not None and reading.delivered_g_per_kg_high is not None:
        delivered.append(
            _range_text(
                reading.delivered_g_per_kg_low,
                reading.delivered_g_per_kg_high,
                f"g/kg per {reading.per}",
                per_kg=True,
            )
        )
    lines.append(("reading", reading.name))
    lines.append(("delivered", "; ".join(delivered)))
    return lines


def _range_days(reading: Reading) -> str:
    low, high = reading.days_low, reading.days_high
    assert low is not None and high is not None
    return _day_count(low) if low == high else f"{low}-{high} days"


def regimen_notes(regimen: Regimen, reading: Reading | None = None) -> list[str]:
    """What a reader must see beside a regimen's figures: its ambiguity, a term its source
    uses differently from the records, and the primary literature's reading."""
    notes = [f"AMBIGUOUS: {regimen.ambiguity_note}"] if regimen.ambiguous else []
    notes += [f"NOTE: {text}" for text in discrepancies(regimen)]
    if regimen.record_reading:
        notes.append(f"Primary literature: {regimen.record_reading}")
    if regimen.rate_text:
        notes.append(f"Infusion-rate limit, as stated: {regimen.rate_text}")
    return notes


def rate_line(regimen: Regimen, kg: Decimal) -> tuple[str, str] | None:
    """The recorded infusion-rate limit at this dosing weight, with its arithmetic: the
    most a pump may give a minute, never a rate to run at."""
    if regimen.max_rate_mg_per_kg_min is None:
        return None
    per_kg = Decimal(str(regimen.max_rate_mg_per_kg_min))
    per_minute = per_kg * kg
    per_hour = per_minute * 60 / 1000
    return (
        "rate limit",
        f"at most {format_amount(per_minute)} mg/min ({format_amount(per_hour)} g/h) "
        f"= {format_amount(per_kg)} mg/kg/min x {format_amount(kg)} kg",
    )


def as_stated(regimen: Regimen, found: Sequence[Reading]) -> str:
    """The source's own words, said to be what they are: where the headline is the
    primary record's dose, the source's figures are not it."""
    line = f"As the source states it: \u201c{regimen.text}\u201d"
    headline = headline_of(found)
    if headline is not None and headline.from_record:
        line += " (the source's figures, not the headline: the headline is the primary record's own dose)"
    return line


def dose_calculation_tables(
    report: DoseReport, calculations: Sequence[Sequence[Reading]], weight: DosingWeight
) -> list[Table]:
    """One small table per regimen, its readings as labelled lines, the headline first; a
    regimen whose readings the literature does not decide between opens with a line
    that says so and shows no figure. Under each: the source's words as it states them,
    the arithmetic of every reading, then the notes and warnings, all in full."""
    columns = (
        Column("flag", Kind.KEY, least=11),
        Column(f"dose at {format_amount(weight.kg)} kg dosing weight", Kind.WRAP, cap=200),
    )
    tables = []
    for regimen, found in zip(report.regimens, calculations, strict=True):
        rows: list[Sequence[Cell]] = []
        if undecided(found):
            rows.append(
                [
                    "no headline",
                    "ambiguous: see the readings below; none of them is supported by the "
                    "primary literature",
                ]
            )
        for reading in found:
            rows.extend(list(line) for line in dose_lines(reading))
        rate = rate_line(regimen, weight.kg)
        if rate is not None:
            rows.append(list(rate))
        lines = [as_stated(regimen, found)]
        lines += [
            f"Arithmetic, {_flag(reading)}: {'; '.join(reading.arithmetic)}"
            for reading in found
            if reading.grams_low is not None
        ]
        lines += regimen_notes(regimen)
        lines += [f"{_flag(reading)}: {w}" for reading in found for w in reading.warnings]
        tables.append(
            Table(
                title=f"{regimen.id}: {_regimen_context(regimen)}",
                columns=columns,
                rows=rows,
                footer="\n".join(lines),
            )
        )
    return tables
