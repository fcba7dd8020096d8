"""How a study reads: a table row and a CSV row of the listing, the cells of the
sheet a curator edits, the record `ivig show` prints, and the brief table of a
profile.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.doses.regimen import Regimen
from ivig_evidence.output import Cell, Link, Table
from ivig_evidence.provenance import (
    Source,
    statement_tables,
)
from ivig_evidence.studies.listing import Citation, Study, unknown_citation
from ivig_evidence.terminal import Column, Kind, record_table


def citation_text(citation: Citation, sources: Sequence[Source]) -> str:
    if citation.known:
        return citation.formatted()
    return unknown_citation((s.document, s.cited_as) for s in sources)


def status_text(study: Study) -> str:
    """The study's overall status, then how its statements stand."""
    counts: dict[str, int] = {}
    for source in study.sources:
        counts[source.status] = counts.get(source.status, 0) + 1
    detail = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    return f"{study.status.upper()} ({detail})"


# On a terminal a study reads as its design card: id, author, year, design, n and
# population, then the dose and the result whole, then the direction and the check
# status. Where the table's columns fit (the dose and result whole) it is a table, one
# line a study; elsewhere each study is a record of about 6-10 lines at 80 columns.
# The citation waits for --wide, or for room beside the rest (or `ivig show`).
STUDY_TABLE_COLUMNS = (
    Column("id", Kind.ID),
    Column("author", Kind.KEY, wide_only=True, named=False),
    Column("year", Kind.NUMBER, named=False),
    Column("design", Kind.KEY, named=False),
    Column("n", Kind.NUMBER),
    Column("population", Kind.KEY, wide_only=True, named=False),
    Column("dose", Kind.TEXT, cap=None),
    Column("result", Kind.TEXT, cap=None),
    Column("direction", Kind.KEY),
    Column("citation", Kind.TEXT, wide_only=True),
    Column("checked", Kind.KEY),
)


# What `ivig studies --format csv` writes: a person's columns (``sheet_cells``), then the
# whole study as JSON, so the file imports back unchanged (`ivig import` reads that last
# column, and applies or refuses what was edited in the others: importing/edits.py).
STUDIES_CSV_COLUMNS = (
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
    "json",
)


def study_table_row(s: Study) -> list[Cell]:
    return [
        s.id,
        s.first_author,
        s.year,
        s.design,
        s.n,
        s.population,
        s.dose_text,
        s.result,
        s.direction,
        citation_text(s.citation, s.sources),
        s.status,
    ]


def study_csv_row(s: Study) -> list[Cell]:
    record = s.to_json()
    cells = sheet_cells(record)
    return [
        *(cells[name] for name in STUDIES_CSV_COLUMNS[:-1]),
        json.dumps(record, ensure_ascii=False),
    ]


def sheet_cells(record: Mapping[str, Any]) -> dict[str, Cell]:
    """The visible cells `ivig studies --format csv` writes for a study, made from the
    study as its json column holds it. One function for both directions: the export
    writes these cells, and the import compares a file's cells with them to find what
    a person edited. A hand-edited json cell may hold anything: a value of the wrong
    kind reads as empty here, and the import's checks refuse it."""
    citation = _mapping(record.get("citation"))
    sources = [_mapping(s) for s in _items(record.get("sources"))]
    notes = [_mapping(n) for n in _items(record.get("record_notes"))]
    year = citation.get("year")
    cited = Citation(
        **{name: _text(citation.get(name)) for name in Citation._fields if name != "year"},
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
    )
    return {
        "id": _plain(record.get("id")),
        "first_author": _plain(record.get("first_author")),
        "year": _plain(record.get("year")),
        "design": _plain(record.get("design")),
        "population": _plain(record.get("population")),
        "population_text": _plain(record.get("population_text")),
        "n": _plain(record.get("n")),
        "indications": ";".join(str(i) for i in _items(record.get("indications"))),
        "comparator": _plain(record.get("comparator")),
        "dose": _plain(record.get("dose")),
        "outcome_measures": _plain(record.get("outcome_measures")),
        "outcome": _plain(record.get("outcome")),
        "direction": _plain(record.get("direction")),
        "status": _plain(record.get("status")),
        "citation": cited.formatted()
        if cited.known
        else unknown_citation((str(s.get("document")), _text(s.get("cited_as"))) for s in sources),
        "doi": cited.doi,
        "pmid": cited.pmid,
        "publication_id": cited.publication_id,
        "note": _plain(record.get("note")),
        "record_notes": " | ".join(f"{n.get('topic')}: {n.get('note')}" for n in notes),
    }


def _plain(value: Any) -> str | int | float | None:
    """A JSON scalar as a cell shows it; a list or object (wrong in a scalar field) as
    nothing, so that a hand-edited record never breaks the comparison."""
    return value if isinstance(value, str | int | float) else None


def _text(value: Any) -> str | None:
    """A citation part as text (a hand-made record may give a volume or PMID as a number)."""
    plain = _plain(value)
    return None if plain is None else str(plain)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def doi_link(doi: str | None) -> Cell:
    return Link(doi, f"https://doi.org/{doi}") if doi else None


def pmid_link(pmid: str | None) -> Cell:
    return Link(pmid, f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/") if pmid else None


def study_record_tables(study: Study) -> list[Table]:
    fields: list[Sequence[Cell]] = [
        ["id", study.id],
        ["first author", study.first_author],
        ["year", study.year],
        ["design", study.design],
        [
            "level of evidence",
            f"{vocab.evidence_level(study.design, study.direction)} - {vocab.EVIDENCE_HIERARCHY}",
        ],
        ["population", study.population],
        ["population (as described)", study.population_text],
        ["n", study.n],
        ["indications", ", ".join(study.indications)],
        ["comparator", study.comparator],
        ["outcome measures", study.outcome_measures],
        ["result", study.result],
        ["direction", study.direction],
        ["checked", status_text(study)],
        ["note", study.note],
        ["citation", citation_text(study.citation, study.sources)],
        ["DOI", doi_link(study.citation.doi)],
        ["PMID", pmid_link(study.citation.pmid)],
        ["publication", study.citation.publication_id],
    ]
    tables = [record_table(f"Study {study.id}", fields)]
    for r in study.regimens:
        tables.append(
            record_table(
                f"Dose regimen {r.id}",
                [
                    ["as stated", r.text],
                    ["phase", r.phase],
                    ["amount", _amount_text(r)],
                    ["basis", r.basis],
                    ["days", _days_text(r)],
                    ["interval", r.interval],
                    ["duration", r.course_duration],
                    [
                        "ambiguity",
                        f"AMBIGUOUS: {r.ambiguity_note}" if r.ambiguous else "none noted",
                    ],
                    ["primary literature", r.record_reading],
                    ["read at", r.record_source],
                ],
            )
        )
    tables.extend(statement_tables(study.sources))
    for index, n in enumerate(study.notes, 1):
        tables.append(
            record_table(
                f"From the primary record ({index} of {len(study.notes)})",
                [["topic", n.topic], ["note", n.note], ["checked against", n.checked_against]],
            )
        )
    return tables


def _amount_text(r: Regimen) -> str | None:
    if r.amount_low is None:
        return None
    if r.amount_low != r.amount_high:
        return f"{r.amount_low:g}-{r.amount_high:g} {r.unit}"
    return f"{r.amount_low:g} {r.unit}"


def _days_text(r: Regimen) -> str | None:
    if r.days_low is None:
        return None
    return f"{r.days_low}-{r.days_high}" if r.days_low != r.days_high else str(r.days_low)


def studies_brief(studies: Sequence[Study], title: str) -> Table:
    return Table(
        title=title,
        columns=(
            Column("design", Kind.KEY),
            Column("study", Kind.ID, named=False),
            Column("author", Kind.KEY, wide_only=True, named=False),
            Column("year", Kind.NUMBER, named=False),
            Column("n", Kind.NUMBER),
            Column("direction", Kind.KEY),
            Column("level of evidence", Kind.KEY),  # a fixed phrase: never cut
            Column("checked", Kind.KEY),
        ),
        rows=[
            [
                s.design,
                s.id,
                s.first_author,
                s.year,
                s.n,
                s.direction,
                vocab.evidence_level(s.design, s.direction),
                s.status,
            ]
            for s in studies
        ],
    )
