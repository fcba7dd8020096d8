"""The value lists of sources: what a publication is and the standing that gives it,
the check status of a statement, what a claim is about, and whose a row is (the
curated release or a curator's own).
"""

from __future__ import annotations

from enum import StrEnum


class PublicationKind(StrEnum):
    TRIAL_REPORT = "trial_report"
    ORIGINAL_RESEARCH = "original_research"
    REVIEW = "review"
    GUIDELINE = "guideline"
    REGULATORY = "regulatory"
    WEB_ARTICLE = "web_article"
    FUNDING_CRITERIA = "funding_criteria"  # a payer's criteria; not a clinical guideline
    REGULATORY_LABEL = "regulatory_label"  # a product's label: its authorised indications


# What each kind of document is to a reader weighing it: shown beside every position.
STANDING = {
    PublicationKind.TRIAL_REPORT: "primary study",
    PublicationKind.ORIGINAL_RESEARCH: "primary study",
    PublicationKind.REVIEW: "review",
    PublicationKind.GUIDELINE: "professional guideline",
    PublicationKind.REGULATORY: "regulatory document",
    PublicationKind.REGULATORY_LABEL: "regulatory label",
    PublicationKind.FUNDING_CRITERIA: "funding criteria",
    PublicationKind.WEB_ARTICLE: "secondary article",
}


def standing(kind: str | None) -> str:
    """The standing of a document of this kind, in a few words ('not recorded' if unknown)."""
    try:
        return STANDING[PublicationKind(kind)] if kind else "not recorded"
    except ValueError:
        return "not recorded"


class ClaimTopic(StrEnum):
    EVIDENCE_SUMMARY = "evidence_summary"
    SAFETY = "safety"
    MECHANISM = "mechanism"
    COST = "cost"
    COMPARATIVE_EFFICACY = "comparative_efficacy"
    RESEARCH_GAP = "research_gap"


class Status(StrEnum):
    CONFIRMED = "confirmed"
    UNCONFIRMED = "unconfirmed"
    CONTRADICTED = "contradicted"


STATUS_MEANINGS: dict[Status, str] = {
    Status.CONFIRMED: "the primary publication's record says the same",
    Status.UNCONFIRMED: "not (yet) checked against a primary record, or no primary record found",
    Status.CONTRADICTED: "the primary publication's record says otherwise (see the note)",
}


class Origin(StrEnum):
    CURATED = "curated"
    LOCAL = "local"
