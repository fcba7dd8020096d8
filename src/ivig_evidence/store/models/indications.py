"""The tables of indications: the tree of conditions and the names they go by."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ivig_evidence import vocab
from ivig_evidence.store.models.base import Base, vocab_enum


class Indication(Base):
    __tablename__ = "indications"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    relation_to_ra: Mapped[vocab.RelationToRA] = mapped_column(
        vocab_enum(vocab.RelationToRA, "relation_to_ra")
    )
    parent_slug: Mapped[str | None] = mapped_column(ForeignKey("indications.slug"), index=True)
    # Which group of diseases (revision 0018). A row written without one (SQL from
    # before the column, say) is 'other' rather than refused.
    family: Mapped[vocab.ConditionFamily] = mapped_column(
        vocab_enum(vocab.ConditionFamily, "condition_family"),
        server_default=vocab.ConditionFamily.OTHER.value,
    )
    description: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )


class IndicationAlias(Base):
    __tablename__ = "indication_aliases"
    __table_args__ = (CheckConstraint("length(alias_key) > 0", name="key_not_empty"),)

    alias_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    alias: Mapped[str] = mapped_column(String(200))
    indication_slug: Mapped[str] = mapped_column(
        ForeignKey("indications.slug"), primary_key=True, index=True
    )
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )
