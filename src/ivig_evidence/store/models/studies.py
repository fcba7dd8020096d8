"""The tables of studies: a study, the indications it is filed under, the notes of its
primary record and its outcomes, with the indexes the listing and the profile walk.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    case,
)
from sqlalchemy.orm import Mapped, mapped_column

from ivig_evidence import vocab
from ivig_evidence.store.models.base import ID, YEAR_RANGE, Base, vocab_enum


class Study(Base):
    __tablename__ = "studies"
    __table_args__ = (
        CheckConstraint("n > 0", name="n_positive"),
        CheckConstraint(f"year {YEAR_RANGE}", name="year_range"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    first_author: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer)
    design: Mapped[vocab.Design] = mapped_column(vocab_enum(vocab.Design, "design"))
    population: Mapped[vocab.Population] = mapped_column(vocab_enum(vocab.Population, "population"))
    population_text: Mapped[str | None] = mapped_column(Text)
    n: Mapped[int | None] = mapped_column(Integer)
    comparator: Mapped[str | None] = mapped_column(Text)
    outcome_measures: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)
    direction: Mapped[vocab.Direction] = mapped_column(vocab_enum(vocab.Direction, "direction"))
    publication_id: Mapped[str | None] = mapped_column(ForeignKey("publications.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )


# The listing index: the order `ivig studies` lists in (year, unknown years last,
# then id), followed by the columns its filters test. Every list query walks it in
# order and checks its filters inside the index, so the first rows come without
# sorting or reading the whole table, however large it grows.
STUDY_SORT_KEY = case((Study.year.is_(None), 1), else_=0)
Index(
    "ix_studies_listing",
    STUDY_SORT_KEY,
    Study.year,
    Study.id,
    Study.design,
    Study.population,
    Study.direction,
    Study.n,
)

# The strongest studies of a design first (the largest, then the oldest): `evidence`
# and `show` walk it for a few studies of each design and stop (revision 0010).
Index(
    "ix_studies_strongest",
    Study.design,
    case((Study.n.is_(None), 1), else_=0),
    Study.n.desc(),
    Study.year,
    Study.id,
)


class StudyIndication(Base):
    __tablename__ = "study_indications"
    # An indication's studies, read from the index alone (revision 0010).
    __table_args__ = (Index("ix_study_indications_scope", "indication_slug", "study_id"),)

    study_id: Mapped[str] = mapped_column(ForeignKey("studies.id"), primary_key=True)
    indication_slug: Mapped[str] = mapped_column(
        ForeignKey("indications.slug"), primary_key=True, index=True
    )
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )


class StudyNote(Base):
    """What a primary record tells a reader that neither source says."""

    __tablename__ = "study_notes"
    __table_args__ = (CheckConstraint("length(note) > 0", name="note_not_empty"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    study_id: Mapped[str] = mapped_column(ForeignKey("studies.id"), index=True)
    topic: Mapped[vocab.NoteTopic] = mapped_column(vocab_enum(vocab.NoteTopic, "note_topic"))
    note: Mapped[str] = mapped_column(Text)
    publication_id: Mapped[str | None] = mapped_column(ForeignKey("publications.id"), index=True)
    checked_against: Mapped[str] = mapped_column(Text)
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )


class Outcome(Base):
    """One outcome of one study as its record reports it: the arms' counts or means, the
    design facts that decide what it may be pooled with, and the paper's own stated
    effect with the sentence that states it (revision 0019). Provenance as a study
    note's: the record (``publication_id``) and where it was read (``checked_against``)."""

    __tablename__ = "outcomes"
    __table_args__ = (
        CheckConstraint("length(outcome) > 0", name="outcome_not_empty"),
        CheckConstraint("length(treatment_arm) > 0", name="treatment_arm_not_empty"),
        CheckConstraint("length(checked_against) > 0", name="checked_not_empty"),
        CheckConstraint("length(quote) > 0", name="quote_not_empty"),
        CheckConstraint("treatment_n > 0", name="treatment_n_positive"),
        CheckConstraint("control_n > 0", name="control_n_positive"),
        CheckConstraint(
            "treatment_events >= 0 AND treatment_events <= treatment_n",
            name="treatment_events_within",
        ),
        CheckConstraint(
            "control_events >= 0 AND control_events <= control_n", name="control_events_within"
        ),
        CheckConstraint("treatment_sd > 0", name="treatment_sd_positive"),
        CheckConstraint("control_sd > 0", name="control_sd_positive"),
        # A binary outcome has events and a total in every arm it compares; a continuous
        # one a mean, SD and n; neither holds the other's figures.
        CheckConstraint(
            "kind <> 'binary' OR (treatment_events IS NOT NULL AND treatment_n IS NOT NULL"
            " AND (comparison = 'single_arm' OR (control_events IS NOT NULL"
            " AND control_n IS NOT NULL)))",
            name="binary_complete",
        ),
        CheckConstraint(
            "kind <> 'continuous' OR (treatment_mean IS NOT NULL AND treatment_sd IS NOT NULL"
            " AND treatment_n IS NOT NULL AND (comparison = 'single_arm'"
            " OR (control_mean IS NOT NULL AND control_sd IS NOT NULL"
            " AND control_n IS NOT NULL)))",
            name="continuous_complete",
        ),
        CheckConstraint(
            "kind = 'continuous' OR (treatment_mean IS NULL AND treatment_sd IS NULL"
            " AND control_mean IS NULL AND control_sd IS NULL)",
            name="means_only_continuous",
        ),
        CheckConstraint(
            "kind = 'binary' OR (treatment_events IS NULL AND control_events IS NULL)",
            name="events_only_binary",
        ),
        CheckConstraint(
            "kind <> 'stated_only' OR stated_value IS NOT NULL", name="stated_only_states"
        ),
        # One arm compares nothing; two arms name their control.
        CheckConstraint(
            "(comparison = 'single_arm' AND control_arm IS NULL AND control_n IS NULL"
            " AND control_events IS NULL AND control_mean IS NULL AND control_sd IS NULL)"
            " OR (comparison <> 'single_arm' AND control_arm IS NOT NULL)",
            name="arms_match_comparison",
        ),
        # The stated effect: a value with its measure, a CI around it, the sentence.
        CheckConstraint(
            "(stated_value IS NULL AND stated_measure IS NULL)"
            " OR (stated_value IS NOT NULL AND stated_measure IS NOT NULL)",
            name="stated_has_measure",
        ),
        CheckConstraint(
            "(stated_ci_low IS NULL AND stated_ci_high IS NULL)"
            " OR (stated_ci_low IS NOT NULL AND stated_ci_high IS NOT NULL"
            " AND stated_value IS NOT NULL)",
            name="stated_ci_complete",
        ),
        CheckConstraint(
            "stated_ci_low <= stated_value AND stated_value <= stated_ci_high",
            name="stated_ci_order",
        ),
        CheckConstraint(
            "stated_measure NOT IN ('risk_ratio', 'odds_ratio', 'hazard_ratio')"
            " OR (stated_value > 0 AND (stated_ci_low IS NULL OR stated_ci_low > 0))",
            name="stated_ratio_positive",
        ),
        CheckConstraint(
            "(stated_value IS NULL AND stated_p IS NULL) OR quote IS NOT NULL",
            name="stated_has_sentence",
        ),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    study_id: Mapped[str] = mapped_column(ForeignKey("studies.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(300))
    time_point: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[vocab.OutcomeKind] = mapped_column(vocab_enum(vocab.OutcomeKind, "outcome_kind"))
    comparison: Mapped[vocab.Comparison] = mapped_column(vocab_enum(vocab.Comparison, "comparison"))
    period: Mapped[str | None] = mapped_column(String(200))
    better: Mapped[vocab.Better] = mapped_column(vocab_enum(vocab.Better, "better"))
    unit: Mapped[str | None] = mapped_column(String(60))
    treatment_arm: Mapped[str] = mapped_column(String(300))
    treatment_events: Mapped[int | None] = mapped_column(Integer)
    treatment_n: Mapped[int | None] = mapped_column(Integer)
    treatment_mean: Mapped[float | None] = mapped_column(Float)
    treatment_sd: Mapped[float | None] = mapped_column(Float)
    control_arm: Mapped[str | None] = mapped_column(String(300))
    control_events: Mapped[int | None] = mapped_column(Integer)
    control_n: Mapped[int | None] = mapped_column(Integer)
    control_mean: Mapped[float | None] = mapped_column(Float)
    control_sd: Mapped[float | None] = mapped_column(Float)
    stated_measure: Mapped[vocab.EffectMeasure | None] = mapped_column(
        vocab_enum(vocab.EffectMeasure, "stated_measure")
    )
    stated_value: Mapped[float | None] = mapped_column(Float)
    stated_ci_low: Mapped[float | None] = mapped_column(Float)
    stated_ci_high: Mapped[float | None] = mapped_column(Float)
    stated_p: Mapped[str | None] = mapped_column(String(40))
    quote: Mapped[str | None] = mapped_column(Text)
    publication_id: Mapped[str | None] = mapped_column(ForeignKey("publications.id"), index=True)
    checked_against: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )
