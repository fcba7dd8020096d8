"""The tables of bodies' positions: a position, the treatments it compares IVIG with,
and each body's criteria for reviewing an order.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ivig_evidence import vocab
from ivig_evidence.store.models.base import ID, YEAR_RANGE, Base, vocab_enum


class Position(Base):
    __tablename__ = "positions"
    __table_args__ = (CheckConstraint(f"year {YEAR_RANGE}", name="year_range"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[vocab.PositionKind] = mapped_column(
        vocab_enum(vocab.PositionKind, "position_kind")
    )
    body: Mapped[str] = mapped_column(String(300))
    document_title: Mapped[str | None] = mapped_column(Text)
    edition: Mapped[str | None] = mapped_column(String(100))
    year: Mapped[int | None] = mapped_column(Integer)
    indication_slug: Mapped[str] = mapped_column(ForeignKey("indications.slug"), index=True)
    stance: Mapped[vocab.PositionStance] = mapped_column(vocab_enum(vocab.PositionStance, "stance"))
    wording: Mapped[str] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    publication_id: Mapped[str | None] = mapped_column(ForeignKey("publications.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )
    # The body's own category or line of therapy, as worded ("Category 2a", "Do Not
    # Use"), and whether the edition read still applies, as its page says (revision 0018).
    body_category: Mapped[str | None] = mapped_column(Text)
    edition_status: Mapped[vocab.EditionStatus | None] = mapped_column(
        vocab_enum(vocab.EditionStatus, "edition_status")
    )


class Treatment(Base):
    __tablename__ = "treatments"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    treatment_class: Mapped[vocab.TreatmentClass] = mapped_column(
        vocab_enum(vocab.TreatmentClass, "treatment_class")
    )
    brand_names: Mapped[str | None] = mapped_column(String(300))
    role: Mapped[str | None] = mapped_column(Text)
    indication_slug: Mapped[str] = mapped_column(ForeignKey("indications.slug"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )


def _rule_kind_check() -> str:
    """Each rule belongs to one kind of criterion (vocab.RULE_KIND)."""
    by_kind: dict[str, list[str]] = {}
    for rule, kind in vocab.RULE_KIND.items():
        by_kind.setdefault(kind.value, []).append(f"'{rule.value}'")
    return "rule IS NULL OR " + " OR ".join(
        f"(kind = '{kind}' AND rule IN ({', '.join(rules)}))" for kind, rules in by_kind.items()
    )


def _rule_value_check() -> str:
    """A rule whose meaning is a figure has it; a rule that is words alone has none."""
    bare = ", ".join(f"'{r.value}'" for r in sorted(vocab.RULES_WITHOUT_VALUE))
    return (
        f"rule IS NULL OR (rule IN ({bare}) AND value IS NULL) "
        f"OR (rule NOT IN ({bare}) AND value IS NOT NULL)"
    )


class Criterion(Base):
    """One rule of one body for reviewing an IVIG order (revision 0020): a qualifying
    criterion, a line of therapy, a maximum dose, a dosing-weight or rounding rule, an
    infusion-rate limit, a review interval or a response measure, each the body's one
    sentence (``quote``) on the page read (``document_id``, whose ``url`` is its
    canonical address), with the edition and whether it still applies as the page says,
    and where the sentence has one, its structured meaning (``rule``, ``value``). An
    indication of NULL: the body's rule for every indication (its dose calculator)."""

    __tablename__ = "criteria"
    __table_args__ = (
        CheckConstraint("length(body) > 0", name="body_not_empty"),
        CheckConstraint("length(quote) > 0", name="quote_not_empty"),
        CheckConstraint("length(checked_against) > 0", name="checked_not_empty"),
        CheckConstraint("value > 0", name="value_positive"),
        CheckConstraint(
            "value_high IS NULL OR (value IS NOT NULL AND value_high >= value)",
            name="value_range",
        ),
        CheckConstraint("unit IS NULL OR value IS NOT NULL", name="unit_has_value"),
        CheckConstraint(
            "status <> 'contradicted' OR status_note IS NOT NULL", name="contradiction_explained"
        ),
        CheckConstraint(_rule_kind_check(), name="rule_fits_kind"),
        CheckConstraint(_rule_value_check(), name="rule_has_value"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    body: Mapped[str] = mapped_column(String(300))
    document_id: Mapped[str] = mapped_column(ForeignKey("publications.id"), index=True)
    edition: Mapped[str | None] = mapped_column(String(100))
    edition_status: Mapped[vocab.EditionStatus | None] = mapped_column(
        vocab_enum(vocab.EditionStatus, "edition_status")
    )
    indication_slug: Mapped[str | None] = mapped_column(ForeignKey("indications.slug"), index=True)
    kind: Mapped[vocab.CriterionKind] = mapped_column(
        vocab_enum(vocab.CriterionKind, "criterion_kind")
    )
    rule: Mapped[vocab.CriterionRule | None] = mapped_column(
        vocab_enum(vocab.CriterionRule, "criterion_rule")
    )
    value: Mapped[float | None] = mapped_column(Float)
    value_high: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(20))
    quote: Mapped[str] = mapped_column(Text)
    status: Mapped[vocab.Status] = mapped_column(vocab_enum(vocab.Status, "status"))
    status_note: Mapped[str | None] = mapped_column(Text)
    checked_against: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )
