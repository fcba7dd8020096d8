"""The tables of sources: publications and the references read for them, claims, and
the statements that quote a source for a row (with their check status).
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ivig_evidence import vocab
from ivig_evidence.store.models.base import ID, YEAR_RANGE, Base, vocab_enum


class Publication(Base):
    __tablename__ = "publications"
    __table_args__ = (
        CheckConstraint(f"year {YEAR_RANGE}", name="year_range"),
        CheckConstraint("doi LIKE '10.%/%'", name="doi_shape"),
        CheckConstraint("length(pmid) BETWEEN 1 AND 9", name="pmid_length"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[vocab.PublicationKind] = mapped_column(
        vocab_enum(vocab.PublicationKind, "publication_kind")
    )
    authors: Mapped[str | None] = mapped_column(Text)
    first_author: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    journal: Mapped[str | None] = mapped_column(String(300))
    year: Mapped[int | None] = mapped_column(Integer)
    volume: Mapped[str | None] = mapped_column(String(20))
    issue: Mapped[str | None] = mapped_column(String(20))
    pages: Mapped[str | None] = mapped_column(String(40))
    doi: Mapped[str | None] = mapped_column(String(200), unique=True)
    pmid: Mapped[str | None] = mapped_column(String(12), unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(300))
    published_on: Mapped[str | None] = mapped_column(String(10))
    source_file: Mapped[str | None] = mapped_column(String(200), unique=True)
    note: Mapped[str | None] = mapped_column(Text)
    read_on: Mapped[str | None] = mapped_column(String(10))
    read_at: Mapped[str | None] = mapped_column(Text)
    author_list: Mapped[str | None] = mapped_column(Text)
    standing: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )


class SourceReference(Base):
    __tablename__ = "source_references"
    __table_args__ = (CheckConstraint("number > 0", name="number_positive"),)

    document_id: Mapped[str] = mapped_column(ForeignKey("publications.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    reference_text: Mapped[str | None] = mapped_column(Text)
    publication_id: Mapped[str | None] = mapped_column(ForeignKey("publications.id"), index=True)
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    topic: Mapped[vocab.ClaimTopic] = mapped_column(vocab_enum(vocab.ClaimTopic, "claim_topic"))
    indication_slug: Mapped[str | None] = mapped_column(ForeignKey("indications.slug"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )


SUBJECT_COLUMNS = (
    "publication_id",
    "study_id",
    "regimen_id",
    "position_id",
    "indication_slug",
    "treatment_id",
    "claim_id",
)


class Statement(Base):
    __tablename__ = "statements"
    __table_args__ = (
        CheckConstraint(
            " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in SUBJECT_COLUMNS)
            + " = 1",
            name="one_subject",
        ),
        CheckConstraint("length(quote) > 0", name="quote_not_empty"),
        CheckConstraint(
            "status = 'unconfirmed' OR checked_against IS NOT NULL", name="checked_has_record"
        ),
        CheckConstraint(
            "status <> 'contradicted' OR status_note IS NOT NULL", name="contradiction_explained"
        ),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("publications.id"), index=True)
    quote: Mapped[str] = mapped_column(Text)
    cited_as: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[vocab.Status] = mapped_column(
        vocab_enum(vocab.Status, "status"), default=vocab.Status.UNCONFIRMED, index=True
    )
    status_note: Mapped[str | None] = mapped_column(Text)
    checked_against: Mapped[str | None] = mapped_column(Text)
    publication_id: Mapped[str | None] = mapped_column(ForeignKey("publications.id"), index=True)
    study_id: Mapped[str | None] = mapped_column(ForeignKey("studies.id"), index=True)
    regimen_id: Mapped[str | None] = mapped_column(ForeignKey("dose_regimens.id"), index=True)
    position_id: Mapped[str | None] = mapped_column(ForeignKey("positions.id"), index=True)
    indication_slug: Mapped[str | None] = mapped_column(ForeignKey("indications.slug"), index=True)
    treatment_id: Mapped[str | None] = mapped_column(ForeignKey("treatments.id"), index=True)
    claim_id: Mapped[str | None] = mapped_column(ForeignKey("claims.id"), index=True)

    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )
