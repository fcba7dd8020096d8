"""The tables of recorded doses: a dose regimen and the indications it is filed under,
with the indexes an indication's regimens and `conflicts` read.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ivig_evidence import vocab
from ivig_evidence.store.models.base import ID, Base, vocab_enum


class DoseRegimen(Base):
    __tablename__ = "dose_regimens"
    __table_args__ = (
        CheckConstraint("amount_low > 0", name="amount_positive"),
        CheckConstraint("amount_low <= amount_high", name="amount_order"),
        CheckConstraint(
            "(amount_low IS NULL AND amount_high IS NULL AND unit IS NULL)"
            " OR (amount_low IS NOT NULL AND amount_high IS NOT NULL AND unit IS NOT NULL)",
            name="amount_complete",
        ),
        CheckConstraint("days_low > 0", name="days_positive"),
        CheckConstraint("days_low <= days_high", name="days_order"),
        CheckConstraint(
            "(days_low IS NULL AND days_high IS NULL)"
            " OR (days_low IS NOT NULL AND days_high IS NOT NULL)",
            name="days_complete",
        ),
        CheckConstraint(
            "(context = 'studied' AND study_id IS NOT NULL)"
            " OR (context = 'suggested' AND study_id IS NULL)",
            name="context_study",
        ),
        CheckConstraint("length(text) > 0", name="text_not_empty"),
        CheckConstraint(
            "ambiguous = false OR ambiguity_note IS NOT NULL", name="ambiguity_explained"
        ),
        CheckConstraint(
            "record_reading IS NULL OR record_source IS NOT NULL", name="reading_has_source"
        ),
        CheckConstraint(
            "record_basis IS NULL OR record_source IS NOT NULL", name="basis_has_source"
        ),
        CheckConstraint("max_grams > 0", name="max_grams_positive"),
        CheckConstraint("max_rate_mg_per_kg_min > 0", name="max_rate_positive"),
        CheckConstraint(
            "max_rate_mg_per_kg_min IS NULL OR rate_text IS NOT NULL", name="max_rate_stated"
        ),
        # The primary record's own figures (revision 0017): an amount needs its unit
        # and the reading it is read on; days and an interval need the amount.
        CheckConstraint("record_amount_low > 0", name="record_amount_positive"),
        CheckConstraint("record_amount_low <= record_amount_high", name="record_amount_order"),
        CheckConstraint(
            "(record_amount_low IS NULL AND record_amount_high IS NULL AND record_unit IS NULL)"
            " OR (record_amount_low IS NOT NULL AND record_amount_high IS NOT NULL"
            " AND record_unit IS NOT NULL AND record_basis IS NOT NULL)",
            name="record_amount_complete",
        ),
        CheckConstraint("record_days_low > 0", name="record_days_positive"),
        CheckConstraint("record_days_low <= record_days_high", name="record_days_order"),
        CheckConstraint(
            "(record_days_low IS NULL AND record_days_high IS NULL)"
            " OR (record_days_low IS NOT NULL AND record_days_high IS NOT NULL)",
            name="record_days_complete",
        ),
        CheckConstraint(
            "record_amount_low IS NOT NULL"
            " OR (record_days_low IS NULL AND record_interval IS NULL)",
            name="record_schedule_has_amount",
        ),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    study_id: Mapped[str | None] = mapped_column(ForeignKey("studies.id"), index=True)
    context: Mapped[vocab.DoseContext] = mapped_column(
        vocab_enum(vocab.DoseContext, "dose_context")
    )
    phase: Mapped[str | None] = mapped_column(String(40))
    amount_low: Mapped[float | None] = mapped_column(Float)
    amount_high: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[vocab.DoseUnit | None] = mapped_column(vocab_enum(vocab.DoseUnit, "dose_unit"))
    basis: Mapped[vocab.DoseBasis] = mapped_column(vocab_enum(vocab.DoseBasis, "dose_basis"))
    days_low: Mapped[int | None] = mapped_column(Integer)
    days_high: Mapped[int | None] = mapped_column(Integer)
    repeat_interval: Mapped[vocab.DoseInterval] = mapped_column(
        vocab_enum(vocab.DoseInterval, "dose_interval")
    )
    course_duration: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    ambiguous: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="ambiguous_bool"), default=False
    )
    ambiguity_note: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    record_reading: Mapped[str | None] = mapped_column(Text)
    record_source: Mapped[str | None] = mapped_column(Text)
    record_basis: Mapped[vocab.DoseBasis | None] = mapped_column(
        vocab_enum(vocab.DoseBasis, "record_basis")
    )
    max_grams: Mapped[float | None] = mapped_column(Float)
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )
    record_amount_low: Mapped[float | None] = mapped_column(Float)
    record_amount_high: Mapped[float | None] = mapped_column(Float)
    record_unit: Mapped[vocab.DoseUnit | None] = mapped_column(
        vocab_enum(vocab.DoseUnit, "record_unit")
    )
    record_days_low: Mapped[int | None] = mapped_column(Integer)
    record_days_high: Mapped[int | None] = mapped_column(Integer)
    record_interval: Mapped[vocab.DoseInterval | None] = mapped_column(
        vocab_enum(vocab.DoseInterval, "record_interval")
    )
    # The infusion-rate limit as its source states it, and as figures where it gives
    # them (revision 0018).
    rate_text: Mapped[str | None] = mapped_column(Text)
    max_rate_mg_per_kg_min: Mapped[float | None] = mapped_column(Float)


# Suggested regimens first, then the rest by id: an indication's first regimens are
# read from this index and the primary key in order, never sorted (revision 0011).
Index("ix_dose_regimens_context_id", DoseRegimen.context, DoseRegimen.id)
# The few regimens whose primary record reads them differently, for `conflicts` and
# the disagreements of `evidence` (revision 0011).
Index(
    "ix_dose_regimens_record_basis",
    DoseRegimen.record_basis,
    sqlite_where=DoseRegimen.record_basis.is_not(None),
    postgresql_where=DoseRegimen.record_basis.is_not(None),
)


class RegimenIndication(Base):
    __tablename__ = "regimen_indications"

    regimen_id: Mapped[str] = mapped_column(ForeignKey("dose_regimens.id"), primary_key=True)
    indication_slug: Mapped[str] = mapped_column(
        ForeignKey("indications.slug"), primary_key=True, index=True
    )
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )
