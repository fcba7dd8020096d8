"""SQLAlchemy 2.x typed models: the schema the migrations create.

Only writes and migrations import this module; read commands use plain SQL
(studies.py, doses.py, ...), so SQLAlchemy's import cost stays off their start-up path.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    case,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ivig_evidence import vocab

# Named constraints keep batch migrations on SQLite and ALTERs on PostgreSQL
# able to find and change them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(80)
YEAR_RANGE = "BETWEEN 1800 AND 2100"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def vocab_enum(enum: type[StrEnum], name: str) -> Enum:
    """A portable enum: VARCHAR plus a named CHECK, storing the lowercase values."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class DataRelease(Base):
    __tablename__ = "data_release"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[str] = mapped_column(String(32))
    released_on: Mapped[str] = mapped_column(String(10))
    description: Mapped[str | None] = mapped_column(Text)


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


class RegimenIndication(Base):
    __tablename__ = "regimen_indications"

    regimen_id: Mapped[str] = mapped_column(ForeignKey("dose_regimens.id"), primary_key=True)
    indication_slug: Mapped[str] = mapped_column(
        ForeignKey("indications.slug"), primary_key=True, index=True
    )
    origin: Mapped[vocab.Origin] = mapped_column(
        vocab_enum(vocab.Origin, "origin"), server_default=vocab.Origin.LOCAL.value
    )


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
