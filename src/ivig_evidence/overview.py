"""Whole-picture reads: indication summaries, guidelines, evidence profiles, the map, conflicts.

Typed functions over an open read connection, built on the study, dose and
position queries; portable SQL with named parameters, as in queries.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.errors import NotFoundError
from ivig_evidence.queries import (
    DoseReport,
    IndicationRef,
    Position,
    ReadConnection,
    Study,
    StudyFilters,
    dose_report,
    fetch_rows,
    in_clause,
    indication_scope,
    list_positions,
    list_studies,
)

DIRECTION_MARK = {"benefit": "+", "no_benefit": "-", "mixed": "+/-", "not_applicable": "n/a"}


# ------------------------------------------------------------------ indications


@dataclass(frozen=True)
class IndicationSummary:
    slug: str
    name: str
    relation_to_ra: str
    parent: str | None
    aliases: tuple[str, ...]
    studies_by_design: dict[str, int]
    patients: int
    studies_of_unknown_size: int
    positions: tuple[Position, ...]

    @property
    def positions_short(self) -> str:
        return "; ".join(f"{p.body}: {p.stance}" for p in self.positions)

    def to_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "relation_to_ra": self.relation_to_ra,
            "parent": self.parent,
            "aliases": list(self.aliases),
            "studies_by_design": self.studies_by_design,
            "studies": sum(self.studies_by_design.values()),
            "patients": self.patients,
            "studies_of_unknown_size": self.studies_of_unknown_size,
            "positions": [
                {"body": p.body, "stance": p.stance, "category": p.category} for p in self.positions
            ],
        }


def list_indications(conn: ReadConnection) -> list[IndicationSummary]:
    """Every indication with its evidence counted over itself and the indications beneath it."""
    indications = fetch_rows(
        conn, "SELECT slug, name, relation_to_ra, parent_slug FROM indications ORDER BY slug"
    )
    aliases: dict[str, list[str]] = {}
    for row in fetch_rows(
        conn,
        "SELECT indication_slug, alias FROM indication_aliases ORDER BY indication_slug, alias",
    ):
        aliases.setdefault(row["indication_slug"], []).append(row["alias"])
    positions: dict[str, list[Position]] = {}
    for position in list_positions(conn, None):
        positions.setdefault(position.indication, []).append(position)
    summaries = []
    for row in indications:
        scope = indication_scope(conn, row["slug"])
        params: dict[str, Any] = {}
        in_scope = in_clause("ind", scope, params)
        studies = fetch_rows(
            conn,
            "SELECT s.design, s.n FROM studies s WHERE s.id IN (SELECT si.study_id FROM "
            f"study_indications si WHERE si.indication_slug IN {in_scope})",
            params,
        )
        by_design = Counter(r["design"] for r in studies)
        summaries.append(
            IndicationSummary(
                slug=row["slug"],
                name=row["name"],
                relation_to_ra=row["relation_to_ra"],
                parent=row["parent_slug"],
                aliases=tuple(aliases.get(row["slug"], [])),
                studies_by_design={
                    d: by_design[d] for d in vocab.values(vocab.Design) if by_design[d]
                },
                patients=sum(r["n"] for r in studies if r["n"] is not None),
                studies_of_unknown_size=sum(1 for r in studies if r["n"] is None),
                positions=tuple(positions.get(row["slug"], [])),
            )
        )
    return summaries


# ------------------------------------------------------------------ guidelines


def list_guidelines(
    conn: ReadConnection, scope: Sequence[str] | None, body: str | None
) -> list[Position]:
    """Positions, most favourable category first; --body matches part of the body's name."""
    found = list_positions(conn, scope)
    if body is not None:
        wanted = body.strip().lower()
        matching = [p for p in found if wanted in p.body.lower()]
        if not matching:
            bodies = sorted({p.body for p in list_positions(conn, None)})
            guess = vocab.closest(body, [b.lower() for b in bodies])
            hint = f"; did you mean '{guess}'?" if guess else ""
            raise NotFoundError(
                f"no positions from a body matching '{body}'{hint} Bodies: {', '.join(bodies)}"
            )
        found = matching
    return sorted(found, key=lambda p: (p.indication, p.category_rank, p.body, p.id))


# ------------------------------------------------------------------ evidence profile


@dataclass(frozen=True)
class Disagreement:
    what: str
    source_says: str
    record_says: str | None
    status: str
    document: str
    checked_against: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "about": self.what,
            "source_says": self.source_says,
            "record_says": self.record_says,
            "status": self.status,
            "document": self.document,
            "checked_against": self.checked_against,
        }


@dataclass(frozen=True)
class EvidenceProfile:
    indication: IndicationRef
    scope: tuple[str, ...]
    studies: tuple[Study, ...]
    positions: tuple[Position, ...]
    doses: DoseReport
    disagreements: tuple[Disagreement, ...]
    bottom_line: tuple[tuple[str, str], ...]  # (document, verbatim quote)
    hierarchy: str = vocab.EVIDENCE_HIERARCHY

    def studies_by_design(self) -> list[tuple[str, list[Study]]]:
        """Groups, strongest design first."""
        groups = []
        for design in vocab.DESIGN_STRENGTH:
            members = [s for s in self.studies if s.design == design.value]
            if members:
                groups.append((design.value, members))
        return groups

    def to_json(self) -> dict[str, Any]:
        return {
            "indication": self.indication.slug,
            "name": self.indication.name,
            "includes": list(self.scope),
            "evidence_hierarchy": self.hierarchy,
            "studies": [
                {
                    "design": design,
                    "studies": [
                        {
                            "id": s.id,
                            "first_author": s.first_author,
                            "year": s.year,
                            "n": s.n,
                            "direction": s.direction,
                            "status": s.status,
                            "level": vocab.evidence_level(s.design, s.direction),
                        }
                        for s in members
                    ],
                }
                for design, members in self.studies_by_design()
            ],
            "positions": [p.to_json() for p in self.positions],
            "doses": [r.to_json() for r in self.doses.regimens],
            "disagreements": [d.to_json() for d in self.disagreements],
            "bottom_line": [{"document": d, "quote": q} for d, q in self.bottom_line],
        }


def _disagreements(studies: Sequence[Study], positions: Sequence[Position]) -> list[Disagreement]:
    found: list[Disagreement] = []
    for study in studies:
        for source in study.sources:
            if source.status == vocab.Status.CONTRADICTED:
                found.append(
                    Disagreement(
                        f"study {study.id}",
                        source.quote,
                        source.note,
                        source.status,
                        source.document,
                        source.checked_against,
                    )
                )
    by_category: dict[str, list[Position]] = {}
    for position in positions:
        by_category.setdefault(position.category, []).append(position)
    if len(by_category) > 1:
        for position in positions:
            quote = position.sources[0].quote if position.sources else position.wording
            found.append(
                Disagreement(
                    f"position of {position.body} on {position.indication} ({position.category})",
                    quote,
                    None,
                    position.sources[0].status if position.sources else "unconfirmed",
                    position.sources[0].document if position.sources else "",
                    None,
                )
            )
    return found


def evidence_profile(conn: ReadConnection, indication: IndicationRef) -> EvidenceProfile:
    scope = tuple(indication_scope(conn, indication.slug))
    studies = list_studies(conn, StudyFilters(indication_scope=scope))
    positions = list_positions(conn, scope)
    bottom_line = tuple(
        (source.document, source.quote)
        for position in positions
        if position.kind == vocab.PositionKind.SECONDARY_SOURCE
        and position.indication == indication.slug
        for source in position.sources
    )
    return EvidenceProfile(
        indication=indication,
        scope=scope,
        studies=tuple(studies),
        positions=tuple(positions),
        doses=dose_report(conn, indication),
        disagreements=tuple(_disagreements(studies, positions)),
        bottom_line=tuple(dict.fromkeys(bottom_line)),
    )


# ------------------------------------------------------------------ the map


@dataclass(frozen=True)
class MapCell:
    studies: int
    patients: int
    prevailing: str | None

    @property
    def text(self) -> str:
        if not self.studies:
            return ""
        mark = DIRECTION_MARK.get(self.prevailing or "", "?")
        patients = f", n={self.patients}" if self.patients else ""
        return f"{self.studies}{patients} {mark}"


@dataclass(frozen=True)
class MapRow:
    indication: str
    cells: dict[str, MapCell] = field(default_factory=dict)


def _prevailing(directions: Sequence[str]) -> str | None:
    if not directions:
        return None
    counts = Counter(directions).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return "mixed"
    return counts[0][0]


def evidence_map(conn: ReadConnection) -> tuple[list[str], list[MapRow]]:
    """Indications down, designs across: studies linked directly to each indication."""
    rows = fetch_rows(
        conn,
        "SELECT si.indication_slug, s.design, s.n, s.direction FROM study_indications si "
        "JOIN studies s ON s.id = si.study_id ORDER BY si.indication_slug",
    )
    designs = [d.value for d in vocab.DESIGN_STRENGTH]
    slugs = [r["slug"] for r in fetch_rows(conn, "SELECT slug FROM indications ORDER BY slug")]
    grouped: dict[tuple[str, str], list[Any]] = {}
    for row in rows:
        grouped.setdefault((row["indication_slug"], row["design"]), []).append(row)
    result = []
    for slug in slugs:
        cells = {}
        for design in designs:
            members = grouped.get((slug, design), [])
            cells[design] = MapCell(
                studies=len(members),
                patients=sum(m["n"] for m in members if m["n"] is not None),
                prevailing=_prevailing([m["direction"] for m in members]),
            )
        result.append(MapRow(slug, cells))
    return designs, result


# ------------------------------------------------------------------ conflicts


@dataclass(frozen=True)
class Conflict:
    statement_id: str
    about: str
    document: str
    quote: str
    status: str
    record_says: str | None
    checked_against: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "statement": self.statement_id,
            "about": self.about,
            "document": self.document,
            "quote": self.quote,
            "status": self.status,
            "record_says": self.record_says,
            "checked_against": self.checked_against,
        }


SUBJECT_SQL = (
    "CASE WHEN st.study_id IS NOT NULL THEN 'study ' || st.study_id "
    "WHEN st.regimen_id IS NOT NULL THEN 'dose ' || st.regimen_id "
    "WHEN st.position_id IS NOT NULL THEN 'position ' || st.position_id "
    "WHEN st.publication_id IS NOT NULL THEN 'publication ' || st.publication_id "
    "WHEN st.indication_slug IS NOT NULL THEN 'indication ' || st.indication_slug "
    "WHEN st.treatment_id IS NOT NULL THEN 'treatment ' || st.treatment_id "
    "ELSE 'claim ' || st.claim_id END"
)


def list_conflicts(conn: ReadConnection, statuses: Sequence[str]) -> list[Conflict]:
    """Statements the primary record contradicts or does not confirm, contradicted first."""
    params: dict[str, Any] = {}
    rows = fetch_rows(
        conn,
        f"SELECT st.id, {SUBJECT_SQL} AS about, st.document_id, st.quote, st.status, "
        "st.status_note, st.checked_against FROM statements st "
        f"WHERE st.status IN {in_clause('status', statuses, params)} "
        "ORDER BY CASE WHEN st.status = 'contradicted' THEN 0 ELSE 1 END, about, st.id",
        params,
    )
    return [
        Conflict(
            r["id"],
            r["about"],
            r["document_id"],
            r["quote"],
            r["status"],
            r["status_note"],
            r["checked_against"],
        )
        for r in rows
    ]
