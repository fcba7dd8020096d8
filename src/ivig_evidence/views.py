"""How each kind of record reads as a table: the columns people see.

Queries return dataclasses; these functions turn them into render.Table rows.
JSON output does not come through here: it uses each record's to_json().
"""

from __future__ import annotations

from collections.abc import Sequence

from ivig_evidence.queries import Citation, DoseReport, Position, Regimen, Source, Study
from ivig_evidence.render import Table, display

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


def studies_table(studies: Sequence[Study]) -> Table:
    return Table(
        title=f"Studies ({len(studies)})",
        columns=STUDY_TABLE_COLUMNS,
        rows=[
            [
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
            for s in studies
        ],
    )


def studies_csv(studies: Sequence[Study]) -> Table:
    return Table(
        title="studies",
        columns=STUDY_CSV_COLUMNS,
        rows=[
            [
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
            for s in studies
        ],
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
