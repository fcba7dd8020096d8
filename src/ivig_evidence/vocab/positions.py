"""The value lists of positions: a body's stance and kind, its edition's status, and
the common ordinal scale that sets bodies' differing words side by side.
"""

from __future__ import annotations

from enum import StrEnum


class PositionStance(StrEnum):
    RECOMMENDED = "recommended"
    CONDITIONALLY_RECOMMENDED = "conditionally_recommended"
    MAY_BE_CONSIDERED = "may_be_considered"
    INVESTIGATIONAL = "investigational"
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"
    NOT_RECOMMENDED = "not_recommended"
    NOT_SUPPORTED = "not_supported"
    RECOMMENDED_AGAINST = "recommended_against"
    NOT_APPROVED = "not_approved"
    APPROVED = "approved"  # revision 0018: an indication on a product's label


STANCE_MEANINGS: dict[PositionStance, str] = {
    PositionStance.RECOMMENDED: "recommended",
    PositionStance.CONDITIONALLY_RECOMMENDED: "conditionally recommended (selected patients, stated conditions)",
    PositionStance.MAY_BE_CONSIDERED: "may be considered in selected patients",
    PositionStance.INVESTIGATIONAL: "investigational",
    PositionStance.INSUFFICIENT_EVIDENCE: "evidence insufficient to support use",
    PositionStance.NOT_RECOMMENDED: "not recommended (no recommendation for use)",
    PositionStance.NOT_SUPPORTED: "use not supported (for example, not funded)",
    PositionStance.RECOMMENDED_AGAINST: "recommended against",
    PositionStance.NOT_APPROVED: "not approved by the regulator for this indication",
    PositionStance.APPROVED: "an indication on the product's label (a regulator's approval, "
    "not a clinical recommendation)",
}


class PositionKind(StrEnum):
    GUIDELINE = "guideline"
    REGULATORY = "regulatory"
    SECONDARY_SOURCE = "secondary_source"
    FUNDING_CRITERIA = "funding_criteria"
    REGULATORY_LABEL = "regulatory_label"


POSITION_KIND_MEANINGS: dict[PositionKind, str] = {
    PositionKind.GUIDELINE: "a guideline or professional body, as reported by the source",
    PositionKind.REGULATORY: "a regulator's approval status, as reported by the source",
    PositionKind.SECONDARY_SOURCE: "the position the source document itself takes",
    PositionKind.FUNDING_CRITERIA: "a payer's criteria for funding IVIG, which are not a "
    "clinical practice guideline ('not supported' there can mean insufficient evidence)",
    PositionKind.REGULATORY_LABEL: "a product's authorised indications, read on its label",
}


class EditionStatus(StrEnum):
    """Whether the edition a position was read in still applies, as its page says."""

    CURRENT = "current"
    SUPERSEDED = "superseded"


# A common ordinal scale for positions, so bodies that word things differently
# can be compared side by side (1 most favourable). The body's own words are
# always kept beside it.
POSITION_CATEGORIES: tuple[str, ...] = (
    "recommended",
    "conditional / selected patients",
    "not routine",
    "not supported or against",
    "insufficient evidence",
    "not approved",
    # A regulator's approval is another axis than a recommendation: last, and left out
    # where it only stands beside bodies that recommend (see conflicts).
    "approved on the label",
)

STANCE_CATEGORY: dict[PositionStance, str] = {
    PositionStance.RECOMMENDED: "recommended",
    PositionStance.CONDITIONALLY_RECOMMENDED: "conditional / selected patients",
    PositionStance.MAY_BE_CONSIDERED: "conditional / selected patients",
    PositionStance.NOT_RECOMMENDED: "not routine",
    PositionStance.NOT_SUPPORTED: "not supported or against",
    PositionStance.RECOMMENDED_AGAINST: "not supported or against",
    PositionStance.INSUFFICIENT_EVIDENCE: "insufficient evidence",
    PositionStance.INVESTIGATIONAL: "insufficient evidence",
    PositionStance.NOT_APPROVED: "not approved",
    PositionStance.APPROVED: "approved on the label",
}


def position_category(stance: str) -> tuple[int, str]:
    """(rank, name) on the common scale; rank 1 is most favourable."""
    name = STANCE_CATEGORY[PositionStance(stance)]
    return POSITION_CATEGORIES.index(name) + 1, name
