"""The evidence profile of one indication: studies by design, strongest first, with
positions, doses, disagreements and the sources' own bottom line.

Studies are counted per design in SQL and only the strongest of each design (the
largest first) are read whole, so the profile costs the same whatever the size of
the database; the counts of the rest are exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ivig_evidence import vocab
from ivig_evidence.conflicts import Conflict, conflicts_table, list_conflicts
from ivig_evidence.doses.report import DoseReport, dose_report
from ivig_evidence.doses.views import regimens_table
from ivig_evidence.indications import IndicationRef, indication_scope, nothing_recorded
from ivig_evidence.output import Table
from ivig_evidence.positions import Position, list_positions, positions_table
from ivig_evidence.provenance import marker_in_words
from ivig_evidence.store.reader import Reader
from ivig_evidence.studies.by_design import DesignGroup, design_groups
from ivig_evidence.studies.listing import Study
from ivig_evidence.studies.views import studies_brief
from ivig_evidence.terminal import Column, Kind

STUDIES_PER_DESIGN = 5
SHOWN_REGIMENS = 20
# Within a design the strongest study is the largest; unknown sizes come last.


class BottomLine(NamedTuple):
    """One source's words on the indication: the quote verbatim, and its citation marker."""

    document: str
    standing: str  # the document's standing (secondary article, guideline, ...)
    quote: str
    cited_as: str | None

    @property
    def reads(self) -> str:
        """As a person reads it: the marker named in words, not glued to the last figure."""
        return marker_in_words(self.quote, self.cited_as)


@dataclass(frozen=True)
class EvidenceProfile:
    indication: IndicationRef
    scope: tuple[str, ...]
    groups: tuple[DesignGroup, ...]
    positions: tuple[Position, ...]
    doses: DoseReport
    disagreements: tuple[Conflict, ...]
    bottom_line: tuple[BottomLine, ...]
    # Said in words where only secondary articles take a position on the indication.
    standing_warning: str | None = None
    hierarchy: str = vocab.EVIDENCE_HIERARCHY

    @property
    def studies(self) -> tuple[Study, ...]:
        return tuple(s for g in self.groups for s in g.studies)

    def to_json(self) -> dict[str, Any]:
        return {
            "indication": self.indication.slug,
            "name": self.indication.name,
            "includes": list(self.scope),
            "evidence_hierarchy": self.hierarchy,
            "studies": [
                {
                    "design": g.design,
                    "count": g.count,
                    "shown": len(g.studies),
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
                        for s in g.studies
                    ],
                }
                for g in self.groups
            ],
            "positions": [p.to_json() for p in self.positions],
            "doses": [r.to_json() for r in self.doses.regimens],
            "disagreements": [d.to_json() for d in self.disagreements],
            "bottom_line": [
                {
                    "document": line.document,
                    "standing": line.standing,
                    "quote": line.quote,
                    "cited_as": line.cited_as,
                }
                for line in self.bottom_line
            ],
            "standing_warning": self.standing_warning,
        }


def evidence_profile(
    conn: Reader, indication: IndicationRef, per_design: int | None = STUDIES_PER_DESIGN
) -> EvidenceProfile:
    scope = tuple(indication_scope(conn, indication.slug))
    positions = list_positions(conn, scope)
    bottom_line = tuple(
        BottomLine(source.document, position.standing, source.quote, source.cited_as)
        for position in positions
        if position.kind == vocab.PositionKind.SECONDARY_SOURCE
        and position.indication == indication.slug
        for source in position.sources
    )
    return EvidenceProfile(
        indication=indication,
        scope=scope,
        groups=tuple(design_groups(conn, scope, per_design, root=indication.slug)),
        positions=tuple(positions),
        # Bounded like the studies: the first regimens, the rest with `ivig dose`.
        doses=dose_report(conn, indication, None if per_design is None else SHOWN_REGIMENS),
        disagreements=tuple(list_conflicts(conn, scope=scope)),
        bottom_line=tuple(dict.fromkeys(bottom_line)),
        standing_warning=secondary_only_warning(positions, indication),
    )


def secondary_only_warning(positions: Sequence[Position], indication: IndicationRef) -> str | None:
    """Where every position on the indication comes from a secondary article, say so: the
    reader must not take an article's view for a body's."""
    own = [p for p in positions if p.indication == indication.slug]
    secondary = vocab.STANDING[vocab.PublicationKind.WEB_ARTICLE]
    if not own or any(p.standing != secondary for p in positions):
        return None
    documents = ", ".join(dict.fromkeys(s.document for p in own for s in p.sources))
    return (
        f"Only a secondary article takes a position on {indication.name} ({documents}; not "
        "peer-reviewed): no guideline, regulator, label or funding body recorded here speaks "
        "to it, and no primary record read supports the article's words."
    )


def evidence_tables(profile: EvidenceProfile) -> list[Table]:
    return list(evidence_sections(profile).values())


def evidence_sections(profile: EvidenceProfile) -> dict[str, Table]:
    slug = profile.indication.slug
    cut = [f"{g.more} more {g.design}" for g in profile.groups if g.more]
    studies = studies_brief(
        list(profile.studies),
        f"Evidence on IVIG for {slug} ({profile.indication.name}; includes "
        f"{', '.join(profile.scope)}), strongest design first, the largest studies of each "
        f"design first - levels by the {profile.hierarchy}",
    )
    if cut:
        studies.footer = (
            f"{'; '.join(cut)}: ivig studies -i {slug} -d DESIGN, or ivig evidence -i {slug} --all"
        )
    if not profile.studies:
        # A condition the data has not reached yet says so, not just "none recorded".
        empty = not profile.positions and not profile.doses.regimens
        what = "studies, positions or dose regimens" if empty else "studies"
        studies.footer = nothing_recorded(what, [profile.indication])
    sections = {"studies": studies}
    if profile.positions:
        sections["positions"] = positions_table(profile.positions, "Guideline and source positions")
    if profile.doses.regimens:
        sections["doses"] = regimens_table(profile.doses)
    if profile.disagreements:
        sections["disagreements"] = conflicts_table(
            profile.disagreements,
            "Where sources disagree (with the primary record, or with each other)",
        )
    sections["bottom-line"] = Table(
        title="Bottom line, in the sources' own words",
        columns=(
            Column("document", Kind.ID),
            Column("standing", Kind.KEY),
            Column("quote", Kind.WRAP, cap=200, named=False),
        ),
        rows=[[line.document, line.standing, line.reads] for line in profile.bottom_line]
        or [["none", "", "no source states a position on this indication itself"]],
    )
    if profile.standing_warning:
        sections["bottom-line"].footer = profile.standing_warning
    return sections
