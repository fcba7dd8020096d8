"""Tables for the whole-picture commands: indications, guidelines, show, evidence, map,
search and conflicts. JSON output does not come through here (each record's to_json)."""

from __future__ import annotations

from collections.abc import Sequence

from ivig_evidence import vocab
from ivig_evidence.overview import (
    DIRECTION_MARK,
    Conflict,
    EvidenceProfile,
    IndicationSummary,
    MapRow,
)
from ivig_evidence.queries import Position, Source, Study
from ivig_evidence.records import IndicationRecord, PublicationRecord
from ivig_evidence.render import Cell, Link, Table
from ivig_evidence.search import Hit
from ivig_evidence.views import citation_text, regimens_table, status_text

# ------------------------------------------------------------------ indications


def _designs(counts: dict[str, int]) -> str:
    return "; ".join(f"{design} {n}" for design, n in counts.items()) or "none recorded"


def _patients(summary: IndicationSummary) -> str:
    unknown = summary.studies_of_unknown_size
    extra = f" (+{unknown} studies of unknown size)" if unknown else ""
    return f"{summary.patients}{extra}"


def indications_table(summaries: Sequence[IndicationSummary]) -> Table:
    return Table(
        title="Indications (studies and patients include the indications beneath each)",
        columns=("slug", "name", "aliases", "studies by design", "patients", "positions"),
        rows=[
            [
                s.slug,
                s.name,
                ", ".join(s.aliases),
                _designs(s.studies_by_design),
                _patients(s),
                s.positions_short or "none recorded",
            ]
            for s in summaries
        ],
    )


# ------------------------------------------------------------------ guidelines


def _document(position: Position) -> str | None:
    parts = [p for p in (position.document_title, position.edition) if p]
    return ", ".join(parts) if parts else None


def guidelines_table(positions: Sequence[Position], title: str) -> Table:
    return Table(
        title=title,
        columns=(
            "indication",
            "body",
            "kind",
            "document",
            "year",
            "category",
            "stance",
            "their words",
            "conditions",
            "source",
            "quote",
        ),
        rows=[
            [
                p.indication,
                p.body,
                p.kind,
                _document(p),
                p.year,
                f"{p.category_rank}. {p.category}",
                p.stance,
                p.wording,
                p.conditions,
                "; ".join(dict.fromkeys(s.document for s in p.sources)),
                " / ".join(s.quote for s in p.sources),
            ]
            for p in positions
        ],
    )


# ------------------------------------------------------------------ one record


def _doi(doi: str | None) -> Cell:
    return Link(doi, f"https://doi.org/{doi}") if doi else None


def _pmid(pmid: str | None) -> Cell:
    return Link(pmid, f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/") if pmid else None


def statements_table(sources: Sequence[Source], title: str = "Statements") -> Table:
    return Table(
        title=title,
        columns=(
            "document",
            "cited as",
            "quote",
            "status",
            "what the record says",
            "checked against",
        ),
        rows=[
            [s.document, s.cited_as, s.quote, s.status, s.note, s.checked_against] for s in sources
        ],
    )


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
        ["DOI", _doi(study.citation.doi)],
        ["PMID", _pmid(study.citation.pmid)],
        ["publication", study.citation.publication_id],
    ]
    tables = [Table(title=f"Study {study.id}", columns=("field", "value"), rows=fields)]
    if study.regimens:
        tables.append(
            Table(
                title="Dose regimens",
                columns=(
                    "regimen",
                    "phase",
                    "as stated",
                    "amount",
                    "basis",
                    "days",
                    "interval",
                    "duration",
                    "ambiguity",
                    "primary literature",
                ),
                rows=[
                    [
                        r.id,
                        r.phase,
                        r.text,
                        None
                        if r.amount_low is None
                        else f"{r.amount_low:g}-{r.amount_high:g} {r.unit}"
                        if r.amount_low != r.amount_high
                        else f"{r.amount_low:g} {r.unit}",
                        r.basis,
                        None
                        if r.days_low is None
                        else f"{r.days_low}-{r.days_high}"
                        if r.days_low != r.days_high
                        else r.days_low,
                        r.interval,
                        r.course_duration,
                        r.ambiguity_note if r.ambiguous else "none noted",
                        r.record_reading,
                    ]
                    for r in study.regimens
                ],
            )
        )
    tables.append(statements_table(study.sources))
    if study.notes:
        tables.append(
            Table(
                title="From the primary record",
                columns=("topic", "note", "checked against"),
                rows=[[n.topic, n.note, n.checked_against] for n in study.notes],
            )
        )
    return tables


def publication_record_tables(record: PublicationRecord) -> list[Table]:
    fields: list[Sequence[Cell]] = []
    for name, value in record.fields.items():
        if name == "doi":
            fields.append(["doi", _doi(value)])
        elif name == "pmid":
            fields.append(["pmid", _pmid(value)])
        elif name == "url" and value and str(value).startswith("http"):
            fields.append(["url", Link(value, value)])
        else:
            fields.append([name, value])
    fields.append(["studies reported", ", ".join(record.studies) or None])
    fields.append(["cited by", ", ".join(f"{d} ref {n}" for d, n in record.cited_by) or None])
    tables = [
        Table(title=f"Publication {record.fields['id']}", columns=("field", "value"), rows=fields)
    ]
    if record.statements:
        tables.append(statements_table(record.statements))
    return tables


def studies_brief(studies: Sequence[Study], title: str) -> Table:
    return Table(
        title=title,
        columns=(
            "design",
            "study",
            "author",
            "year",
            "n",
            "direction",
            "level of evidence",
            "checked",
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


def indication_record_tables(record: IndicationRecord) -> list[Table]:
    s = record.summary
    fields: list[Sequence[Cell]] = [
        ["slug", s.slug],
        ["name", s.name],
        ["relation to RA", s.relation_to_ra],
        ["part of", s.parent],
        ["includes", ", ".join(record.children) or None],
        ["aliases", ", ".join(s.aliases) or None],
        ["description", record.description],
        ["note", record.note],
        ["studies by design", _designs(s.studies_by_design)],
        ["patients studied", _patients(s)],
    ]
    tables = [Table(title=f"Indication {s.slug}", columns=("field", "value"), rows=fields)]
    if record.studies:
        tables.append(studies_brief(record.studies, "Studies"))
    if record.positions:
        tables.append(guidelines_table(record.positions, "Positions"))
    if record.doses.regimens:
        tables.append(regimens_table(record.doses))
    return tables


# ------------------------------------------------------------------ evidence profile


def evidence_tables(profile: EvidenceProfile) -> list[Table]:
    ordered = [s for _, members in profile.studies_by_design() for s in members]
    tables = [
        studies_brief(
            ordered,
            f"Evidence on IVIG for {profile.indication.slug} ({profile.indication.name}; includes "
            f"{', '.join(profile.scope)}), strongest design first - levels by the "
            f"{profile.hierarchy}",
        )
    ]
    if profile.positions:
        tables.append(guidelines_table(profile.positions, "Guideline and source positions"))
    if profile.doses.regimens:
        tables.append(regimens_table(profile.doses))
    if profile.disagreements:
        tables.append(
            Table(
                title="Where sources disagree (with each other or with the primary record)",
                columns=(
                    "about",
                    "status",
                    "source says",
                    "document",
                    "record says",
                    "checked against",
                ),
                rows=[
                    [d.what, d.status, d.source_says, d.document, d.record_says, d.checked_against]
                    for d in profile.disagreements
                ],
            )
        )
    tables.append(
        Table(
            title="Bottom line, in the sources' own words",
            columns=("document", "quote"),
            rows=[[document, quote] for document, quote in profile.bottom_line]
            or [["none", "no source states a position on this indication itself"]],
        )
    )
    return tables


# ------------------------------------------------------------------ map

MAP_LEGEND = (
    "each cell: studies, n = patients where known, prevailing direction "
    "(+ benefit, - no benefit, +/- mixed or tied, n/a not a study of treatment effect)"
)


def map_table(designs: Sequence[str], rows: Sequence[MapRow]) -> Table:
    return Table(
        title=f"Evidence map: indications by design ({MAP_LEGEND})",
        columns=("indication", *designs),
        rows=[[row.indication, *(row.cells[d].text for d in designs)] for row in rows],
    )


def map_csv_table(designs: Sequence[str], rows: Sequence[MapRow]) -> Table:
    columns = ["indication"]
    for design in designs:
        columns += [f"{design}_studies", f"{design}_patients", f"{design}_direction"]
    data: list[Sequence[Cell]] = []
    for row in rows:
        cells: list[Cell] = [row.indication]
        for design in designs:
            cell = row.cells[design]
            cells += [
                cell.studies,
                cell.patients if cell.studies else None,
                DIRECTION_MARK.get(cell.prevailing or "") if cell.studies else None,
            ]
        data.append(cells)
    return Table(title="evidence map", columns=columns, rows=data)


# ------------------------------------------------------------------ search and conflicts


def search_table(hits: Sequence[Hit], text: str) -> Table:
    return Table(
        title=f"Search: {text} ({len(hits)} found, best first)",
        columns=("kind", "id", "belongs to", "field", "match"),
        rows=[[h.kind, h.ref_id, h.parent_id, h.field, h.snippet] for h in hits],
    )


def conflicts_table(conflicts: Sequence[Conflict]) -> Table:
    return Table(
        title=f"Statements the primary record contradicts or does not confirm ({len(conflicts)})",
        columns=(
            "status",
            "about",
            "document",
            "source says",
            "primary record says",
            "checked against",
        ),
        rows=[
            [c.status, c.about, c.document, c.quote, c.record_says, c.checked_against]
            for c in conflicts
        ],
    )
