"""The evidence profile of one indication: studies by design, strongest first, with
positions, doses, disagreements and the sources' own bottom line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.doses import DoseReport, dose_report, regimens_table
from ivig_evidence.indications import IndicationRef, indication_scope
from ivig_evidence.output import Table
from ivig_evidence.positions import Position, guidelines_table, list_positions
from ivig_evidence.store.reader import Reader
from ivig_evidence.studies import Study, StudyFilters, list_studies, studies_brief


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


def evidence_profile(conn: Reader, indication: IndicationRef) -> EvidenceProfile:
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
