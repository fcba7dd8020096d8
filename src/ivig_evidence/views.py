"""How each kind of record reads as a table: the columns people see.

Queries return dataclasses; these functions turn them into render.Table rows.
JSON output does not come through here: it uses each record's to_json().
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ivig_evidence.dosing import DosingWeight, Reading, Rounding, format_amount
from ivig_evidence.queries import Citation, DoseReport, Position, Regimen, Source, Study
from ivig_evidence.render import Cell, Table, display

DISCLAIMER = (
    "ivig supports decisions; it does not replace clinical judgement or local protocols. "
    "Check the primary sources before acting on any figure."
)


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


def _unknown_citation(sources: Sequence[Source]) -> str:
    cited = [f"{s.document} ref {s.cited_as}" for s in sources if s.cited_as]
    where = f" (cited as {', '.join(dict.fromkeys(cited))})" if cited else ""
    return f"primary publication unknown{where}"


def citation_text(citation: Citation, sources: Sequence[Source]) -> str:
    return citation.formatted() if citation.known else _unknown_citation(sources)


def status_text(study: Study) -> str:
    """The study's overall status, then how its statements stand."""
    counts: dict[str, int] = {}
    for source in study.sources:
        counts[source.status] = counts.get(source.status, 0) + 1
    detail = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    return f"{study.status.upper()} ({detail})"


STUDY_TABLE_COLUMNS = (
    "id",
    "author",
    "year",
    "design",
    "population",
    "n",
    "dose",
    "result",
    "direction",
    "citation",
    "checked",
)
STUDY_CSV_COLUMNS = (
    "id",
    "first_author",
    "year",
    "design",
    "population",
    "population_text",
    "n",
    "indications",
    "comparator",
    "dose",
    "outcome_measures",
    "outcome",
    "direction",
    "status",
    "citation",
    "doi",
    "pmid",
    "publication_id",
    "note",
    "record_notes",
)


def study_table_row(s: Study) -> list[Cell]:
    return [
        s.id,
        s.first_author,
        s.year,
        s.design,
        s.population,
        s.n,
        s.dose_text,
        s.result,
        s.direction,
        citation_text(s.citation, s.sources),
        status_text(s),
    ]


def study_csv_row(s: Study) -> list[Cell]:
    return [
        s.id,
        s.first_author,
        s.year,
        s.design,
        s.population,
        s.population_text,
        s.n,
        ";".join(s.indications),
        s.comparator,
        s.dose_text,
        s.outcome_measures,
        s.result,
        s.direction,
        s.status,
        citation_text(s.citation, s.sources),
        s.citation.doi,
        s.citation.pmid,
        s.citation.publication_id,
        s.note,
        " | ".join(f"{n.topic}: {n.note}" for n in s.notes),
    ]


def studies_table(studies: Sequence[Study]) -> Table:
    return Table(
        title=f"Studies ({len(studies)})",
        columns=STUDY_TABLE_COLUMNS,
        rows=[study_table_row(s) for s in studies],
    )


def studies_csv(studies: Sequence[Study]) -> Table:
    return Table(
        title="studies", columns=STUDY_CSV_COLUMNS, rows=[study_csv_row(s) for s in studies]
    )


REGIMEN_COLUMNS = (
    "regimen",
    "context",
    "applies to",
    "amount",
    "basis",
    "days",
    "interval",
    "duration",
    "as stated",
    "ambiguity",
    "source",
)


def _regimen_context(regimen: Regimen) -> str:
    if regimen.context == "studied":
        label = regimen.study_label or regimen.study_id
        phase = f", {regimen.phase}" if regimen.phase else ""
        return f"studied ({label}{phase})"
    return "suggested"


def _regimen_source(regimen: Regimen) -> str:
    docs = dict.fromkeys(
        f"{s.document}" + (f" [{s.cited_as}]" if s.cited_as else "") for s in regimen.sources
    )
    return "; ".join(docs)


def regimens_table(report: DoseReport, *, for_csv: bool = False) -> Table:
    rows = []
    for r in report.regimens:
        ambiguity = ("AMBIGUOUS: " + (r.ambiguity_note or "")) if r.ambiguous else "none noted"
        if r.note:
            ambiguity += f" | Note: {r.note}"
        if r.record_reading:
            ambiguity += f" | Primary literature: {r.record_reading}"
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
                ambiguity,
                _regimen_source(r),
            ]
        )
    return Table(
        title=f"Recorded IVIG dose regimens for {report.indication.slug} "
        f"({report.indication.name})",
        columns=REGIMEN_COLUMNS,
        rows=rows,
    )


POSITION_COLUMNS = ("indication", "who", "kind", "stance", "wording", "conditions", "source")


def positions_table(positions: Sequence[Position], title: str) -> Table:
    return Table(
        title=title,
        columns=POSITION_COLUMNS,
        rows=[
            [
                p.indication,
                p.body,
                p.kind,
                p.stance,
                p.wording,
                p.conditions,
                "; ".join(dict.fromkeys(s.document for s in p.sources)),
            ]
            for p in positions
        ],
    )


# ------------------------------------------------------------------ dose calculator


def dosing_weight_table(weight: DosingWeight, rounding: Rounding) -> Table:
    rows: list[Sequence[Cell]] = [
        ["dosing weight", f"{weight.kg} kg"],
        ["weight rule", weight.rule.value],
        ["how it was found", weight.description],
        ["rounding", rounding.describe()],
    ]
    rows += [["note", note] for note in weight.notes]
    return Table(title="Dosing weight", columns=("item", "value"), rows=rows)


def _reading_label(reading: Reading) -> str:
    flags = []
    if reading.implausible:
        flags.append("IMPLAUSIBLE")
    if reading.supported_by_literature:
        flags.append("supported by the primary literature")
    return reading.name + (f" [{'; '.join(flags)}]" if flags else "")


def _grams(low: Decimal | None, high: Decimal | None, per: str) -> str | None:
    if low is None or high is None:
        return None
    text = format_amount(low) if low == high else f"{format_amount(low)}-{format_amount(high)}"
    return f"{text} g/{per}"


def dose_calculation_table(report: DoseReport, calculations: Sequence[Sequence[Reading]]) -> Table:
    rows: list[Sequence[Cell]] = []
    for regimen, found in zip(report.regimens, calculations, strict=True):
        for index, reading in enumerate(found):
            warnings = list(reading.warnings)
            if index == 0 and regimen.ambiguous:
                warnings.insert(0, f"AMBIGUOUS: {regimen.ambiguity_note}")
            if reading.supported_by_literature and regimen.record_reading:
                warnings.append(f"Primary literature: {regimen.record_reading}")
            course = _grams(reading.course_grams_low, reading.course_grams_high, "course")
            rows.append(
                [
                    regimen.id if index == 0 else "",
                    regimen.text if index == 0 else "",
                    _reading_label(reading),
                    _grams(reading.grams_low, reading.grams_high, reading.per),
                    course,
                    "; ".join(reading.arithmetic),
                    " | ".join(warnings) or "none",
                ]
            )
    return Table(
        title=f"IVIG doses for {report.indication.slug} ({report.indication.name})",
        columns=("regimen", "as stated", "reading", "dose", "per course", "arithmetic", "warnings"),
        rows=rows,
    )


def dose_json(
    regimen: Regimen, found: Sequence[Reading], weight: DosingWeight, rounding: Rounding
) -> dict[str, object]:
    """The calculator's numbers for one regimen object of `ivig dose --format json`."""
    first = found[0].to_json()
    warnings: list[str] = []
    if regimen.ambiguous:
        warnings.append(f"ambiguous: {regimen.ambiguity_note}")
    warnings += found[0].warnings
    warnings += [
        f"another reading: {r.name}" + (" (implausible)" if r.implausible else "")
        for r in found[1:]
    ]
    if found[0].implausible:
        warnings.append("the reading as recorded is implausible; see readings")
    warnings += list(weight.notes)
    return {
        "dosing_weight_kg": float(weight.kg),
        "weight_rule": weight.rule.value,
        "weight_description": weight.description,
        "rounding": rounding.describe(),
        "grams_per": first["grams_per"],
        "grams_low": first["grams_low"],
        "grams_high": first["grams_high"],
        "course_grams_low": first["course_grams_low"],
        "course_grams_high": first["course_grams_high"],
        "warnings": warnings,
        "readings": [r.to_json() for r in found],
    }
