"""One record by its id, whatever it is (a study, a publication or an indication),
and how each kind reads as `ivig show` shows it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.citations.people import authors_as_text
from ivig_evidence.citations.works import CITATION_COLUMNS
from ivig_evidence.doses.report import DoseReport, dose_report
from ivig_evidence.doses.views import regimens_table
from ivig_evidence.errors import AmbiguousName, NotFoundError, UsageError
from ivig_evidence.indications import (
    IndicationRef,
    IndicationSummary,
    designs_text,
    indication_scope,
    list_indications,
    patients_text,
    resolve_indication,
)
from ivig_evidence.output import Cell, Link, Table
from ivig_evidence.positions import Position, list_positions, positions_table
from ivig_evidence.provenance import Source, statement_tables
from ivig_evidence.store.reader import Reader, fetch_rows
from ivig_evidence.studies.by_design import design_groups
from ivig_evidence.studies.listing import Study, StudyFilters, list_studies
from ivig_evidence.studies.views import doi_link, pmid_link, studies_brief, study_record_tables
from ivig_evidence.terminal import record_table

# What a citation needs, plus where the document came from and the curator's note.
PUBLICATION_FIELDS = (*CITATION_COLUMNS, "source_file", "note")


@dataclass(frozen=True)
class PublicationRecord:
    fields: dict[str, Any]
    statements: tuple[Source, ...]
    studies: tuple[str, ...]
    cited_by: tuple[tuple[str, int], ...]
    reported: tuple[Study, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "record": "publication",
            **self.fields,
            "statements": [s.to_json() for s in self.statements],
            "studies": list(self.studies),
            "study_results": [
                {
                    "id": s.id,
                    "design": s.design,
                    "n": s.n,
                    "direction": s.direction,
                    "outcome": s.result,
                    "status": s.status,
                }
                for s in self.reported
            ],
            "cited_by": [{"document": d, "reference": n} for d, n in self.cited_by],
        }


@dataclass(frozen=True)
class IndicationRecord:
    summary: IndicationSummary
    description: str | None
    note: str | None
    children: tuple[str, ...]
    studies: tuple[Study, ...]  # the strongest few of each design (`ivig studies -i` for all)
    positions: tuple[Position, ...]
    doses: DoseReport
    studies_total: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "record": "indication",
            **self.summary.to_json(),
            "description": self.description,
            "note": self.note,
            "children": list(self.children),
            "study_ids": [s.id for s in self.studies],
            "studies_total": self.studies_total,
            "positions": [p.to_json() for p in self.positions],
            "doses": [r.to_json() for r in self.doses.regimens],
        }


Record = Study | PublicationRecord | IndicationRecord


def _publication(conn: Reader, pub_id: str) -> PublicationRecord | None:
    rows = fetch_rows(
        conn,
        f"SELECT {', '.join(PUBLICATION_FIELDS)} FROM publications WHERE id = :id",
        {"id": pub_id},
    )
    if not rows:
        return None
    statements = fetch_rows(
        conn,
        "SELECT st.document_id, d.title AS document_title, st.quote, st.cited_as, st.status, "
        "st.status_note, st.checked_against FROM statements st "
        "JOIN publications d ON d.id = st.document_id WHERE st.publication_id = :id "
        "ORDER BY st.id",
        {"id": pub_id},
    )
    studies = fetch_rows(
        conn, "SELECT id FROM studies WHERE publication_id = :id ORDER BY id", {"id": pub_id}
    )
    cited = fetch_rows(
        conn,
        "SELECT document_id, number FROM source_references "
        "WHERE publication_id = :id ORDER BY document_id, number",
        {"id": pub_id},
    )
    return PublicationRecord(
        fields={name: rows[0][name] for name in PUBLICATION_FIELDS},
        statements=tuple(
            Source(
                r["document_id"],
                r["document_title"],
                r["quote"],
                r["cited_as"],
                r["status"],
                r["status_note"],
                r["checked_against"],
            )
            for r in statements
        ),
        studies=tuple(r["id"] for r in studies),
        cited_by=tuple((r["document_id"], r["number"]) for r in cited),
        reported=tuple(list_studies(conn, StudyFilters(ids=tuple(r["id"] for r in studies))))
        if studies
        else (),
    )


def _indication(conn: Reader, ref: IndicationRef) -> IndicationRecord:
    (summary,) = list_indications(conn, only=ref.slug)
    row = fetch_rows(
        conn, "SELECT description, note FROM indications WHERE slug = :slug", {"slug": ref.slug}
    )[0]
    children = fetch_rows(
        conn,
        "SELECT slug FROM indications WHERE parent_slug = :slug ORDER BY slug",
        {"slug": ref.slug},
    )
    scope = tuple(indication_scope(conn, ref.slug))
    groups = design_groups(conn, scope, SHOWN_PER_DESIGN, root=ref.slug)
    return IndicationRecord(
        summary=summary,
        description=row["description"],
        note=row["note"],
        children=tuple(r["slug"] for r in children),
        # Bounded however large the database: the strongest studies of each design and
        # the first regimens are shown; ids alone for the rest.
        studies=tuple(s for group in groups for s in group.studies),
        positions=tuple(list_positions(conn, scope)),
        doses=dose_report(conn, ref, SHOWN_REGIMENS),
        studies_total=sum(group.count for group in groups),
    )


def known_ids(conn: Reader) -> list[str]:
    rows = fetch_rows(
        conn,
        "SELECT id AS name FROM studies UNION SELECT id FROM publications "
        "UNION SELECT slug FROM indications",
    )
    return sorted(r["name"] for r in rows)


SHOWN_PER_DESIGN = 5
SHOWN_REGIMENS = 20
KINDS = ("study", "publication", "indication")
AUTHOR_YEAR = re.compile(r"(?P<name>[a-z][a-z'-]*?)-(?P<year>\d{4})")


def author_year_study(conn: Reader, ident: str) -> str | None:
    """The one study whose first author and year the id names (kanik-1996 is the study
    of Kanik et al. 1996, whatever its id), or None where none or several do."""
    match = AUTHOR_YEAR.fullmatch(ident.strip().lower())
    if match is None:
        return None
    rows = fetch_rows(
        conn,
        "SELECT id FROM studies WHERE year = :year AND "
        "replace(replace(lower(first_author), ' ', '-'), '''', '') = :name",
        {"year": int(match["year"]), "name": match["name"].replace("'", "")},
    )
    return rows[0]["id"] if len(rows) == 1 else None


def find_record(conn: Reader, ident: str) -> Record:
    """A study, else a publication, else an indication (by slug or alias).

    A study and its publication may share an id; 'publication:ID' (or 'study:',
    'indication:') says which is meant.
    """
    kind, sep, rest = ident.strip().partition(":")
    kinds = (kind,) if sep and kind in KINDS else KINDS
    wanted = rest.strip() if sep and kind in KINDS else ident.strip()
    if "study" in kinds:
        studies = list_studies(conn, StudyFilters(ids=(wanted,)))
        if studies:
            return studies[0]
        by_author = author_year_study(conn, wanted)
        if by_author is not None:
            return list_studies(conn, StudyFilters(ids=(by_author,)))[0]
    if "publication" in kinds:
        publication = _publication(conn, wanted)
        if publication is not None:
            return publication
    if "indication" in kinds:
        try:
            return _indication(conn, resolve_indication(conn, wanted))
        except AmbiguousName:
            raise
        except UsageError:
            pass
    close = difflib.get_close_matches(wanted.lower(), known_ids(conn), n=3, cutoff=0.5)
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise NotFoundError(f"no study, publication or indication '{ident}'{hint}")


def publication_record_tables(record: PublicationRecord) -> list[Table]:
    fields: list[Sequence[Cell]] = []
    for name, value in record.fields.items():
        if name == "standing":
            continue  # shown beside the kind
        if name == "kind":
            fields.append(["kind", value])
            fields.append(["standing", record.fields.get("standing") or vocab.standing(value)])
        elif name == "author_list":
            fields.append(["author list", authors_as_text(value)])
        elif name == "read_at":
            # Where the copy read lay: provenance, never offered as a link.
            fields.append(["read at", value])
        elif name == "doi":
            fields.append(["doi", doi_link(value)])
        elif name == "pmid":
            fields.append(["pmid", pmid_link(value)])
        elif name == "url" and value and str(value).startswith("http"):
            fields.append(["url", Link(value, value)])
        else:
            fields.append([name, value])
    fields.append(["studies reported", ", ".join(record.studies) or None])
    if record.reported:
        fields.extend([f"result of {s.id}", s.result] for s in record.reported)
    fields.append(["cited by", ", ".join(f"{d} ref {n}" for d, n in record.cited_by) or None])
    tables = [record_table(f"Publication {record.fields['id']}", fields)]
    tables.extend(statement_tables(record.statements))
    return tables


def indication_record_tables(record: IndicationRecord) -> list[Table]:
    s = record.summary
    fields: list[Sequence[Cell]] = [
        ["slug", s.slug],
        ["name", s.name],
        ["family", s.family],
        ["relation to RA", s.relation_to_ra],
        ["part of", s.parent or "none (a top-level indication)"],
        ["includes", ", ".join(record.children) or "none"],
        ["aliases", ", ".join(s.aliases) or None],
        ["description", record.description],
        ["note", record.note],
        ["studies by design", designs_text(s.studies_by_design)],
        ["patients studied", patients_text(s)],
    ]
    tables = [record_table(f"Indication {s.slug}", fields)]
    if record.studies:
        shown = studies_brief(record.studies, "Studies (the strongest of each design)")
        if record.studies_total > len(record.studies):
            more = record.studies_total - len(record.studies)
            shown.footer = f"{more} more: ivig studies -i {record.summary.slug}"
        tables.append(shown)
    if record.positions:
        tables.append(positions_table(record.positions, "Positions"))
    if record.doses.regimens:
        tables.append(regimens_table(record.doses))
    return tables


def record_tables(record: Record) -> list[Table]:
    """How `ivig show` lays out a record of any kind."""
    if isinstance(record, Study):
        return study_record_tables(record)
    if isinstance(record, PublicationRecord):
        return publication_record_tables(record)
    return indication_record_tables(record)


def record_json(record: Record) -> dict[str, Any]:
    item = record.to_json()
    return {"record": "study", **item} if isinstance(record, Study) else item


STATEMENT_COLUMNS = ("document", "cited_as", "quote", "status", "record_says", "checked_against")


def _statement_rows(sources: Sequence[Source]) -> list[list[Cell]]:
    return [[s.document, s.cited_as, s.quote, s.status, s.note, s.checked_against] for s in sources]


def record_sections(record: Record) -> dict[str, Table]:
    """A record as CSV sections: one table each, a row per item."""
    if isinstance(record, Study):
        fields = record_tables(record)[0]
        return {
            "record": Table("record", ("field", "value"), list(fields.rows)),
            "doses": Table(
                "doses",
                (
                    "regimen",
                    "text",
                    "phase",
                    "amount_low",
                    "amount_high",
                    "unit",
                    "basis",
                    "days_low",
                    "days_high",
                    "interval",
                    "ambiguous",
                    "ambiguity_note",
                    "record_reading",
                    "record_source",
                ),
                [
                    [
                        r.id,
                        r.text,
                        r.phase,
                        r.amount_low,
                        r.amount_high,
                        r.unit,
                        r.basis,
                        r.days_low,
                        r.days_high,
                        r.interval,
                        r.ambiguous,
                        r.ambiguity_note,
                        r.record_reading,
                        r.record_source,
                    ]
                    for r in record.regimens
                ],
            ),
            "statements": Table("statements", STATEMENT_COLUMNS, _statement_rows(record.sources)),
            "notes": Table(
                "notes",
                ("topic", "note", "checked_against"),
                [[n.topic, n.note, n.checked_against] for n in record.notes],
            ),
        }
    if isinstance(record, PublicationRecord):
        fields = publication_record_tables(record)[0]
        return {
            "record": Table("record", ("field", "value"), list(fields.rows)),
            "statements": Table(
                "statements", STATEMENT_COLUMNS, _statement_rows(record.statements)
            ),
        }
    tables = indication_record_tables(record)
    sections = {"record": Table("record", ("field", "value"), list(tables[0].rows))}
    sections["studies"] = studies_brief(record.studies, "studies")
    sections["positions"] = positions_table(record.positions, "positions")
    sections["doses"] = regimens_table(record.doses)
    return sections
