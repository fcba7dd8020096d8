"""The fixed value lists of the database, each with a one-line meaning, a module per
concept: studies, sources, doses, positions, conditions, outcomes, criteria, and how a
typed value is read (choices).

The database stores the lowercase values (``rct``, ``aosd``) so that seed.sql,
ad-hoc SQL and JSON output all agree. This package imports nothing heavy: the
read path uses it to validate options before any database work. Every value list is
named here as ``vocab.NAME``, as the modules that use them write it.
"""

from ivig_evidence.vocab.choices import SYNONYMS, closest, normalise_choice, values
from ivig_evidence.vocab.conditions import (
    FAMILY_MEANINGS,
    ConditionFamily,
    RelationToRA,
    TreatmentClass,
)
from ivig_evidence.vocab.criteria import (
    CRITERION_KIND_WORDS,
    RULE_KIND,
    RULES_WITHOUT_VALUE,
    CriterionKind,
    CriterionRule,
)
from ivig_evidence.vocab.doses import (
    DOSE_BASIS_MEANINGS,
    DOSE_CONTEXT_MEANINGS,
    DoseBasis,
    DoseContext,
    DoseInterval,
    DoseUnit,
)
from ivig_evidence.vocab.outcomes import (
    COMPARISON_MEANINGS,
    MEASURE_NAMES,
    MEASURE_SHORT,
    Better,
    Comparison,
    EffectMeasure,
    OutcomeKind,
)
from ivig_evidence.vocab.positions import (
    POSITION_CATEGORIES,
    POSITION_KIND_MEANINGS,
    STANCE_CATEGORY,
    STANCE_MEANINGS,
    EditionStatus,
    PositionKind,
    PositionStance,
    position_category,
)
from ivig_evidence.vocab.sources import (
    STANDING,
    STATUS_MEANINGS,
    ClaimTopic,
    Origin,
    PublicationKind,
    Status,
    standing,
)
from ivig_evidence.vocab.studies import (
    CEBM_LEVEL,
    DESIGN_GROUPS,
    DESIGN_LABELS,
    DESIGN_MEANINGS,
    DESIGN_STRENGTH,
    DIRECTION_MEANINGS,
    EVIDENCE_HIERARCHY,
    POPULATION_MEANINGS,
    TREATMENT_DESIGNS,
    Design,
    Direction,
    NoteTopic,
    Population,
    evidence_level,
)

__all__ = [
    "Better",
    "CEBM_LEVEL",
    "COMPARISON_MEANINGS",
    "CRITERION_KIND_WORDS",
    "ClaimTopic",
    "Comparison",
    "ConditionFamily",
    "CriterionKind",
    "CriterionRule",
    "DESIGN_GROUPS",
    "DESIGN_LABELS",
    "DESIGN_MEANINGS",
    "DESIGN_STRENGTH",
    "DIRECTION_MEANINGS",
    "DOSE_BASIS_MEANINGS",
    "DOSE_CONTEXT_MEANINGS",
    "Design",
    "Direction",
    "DoseBasis",
    "DoseContext",
    "DoseInterval",
    "DoseUnit",
    "EVIDENCE_HIERARCHY",
    "EditionStatus",
    "EffectMeasure",
    "FAMILY_MEANINGS",
    "MEASURE_NAMES",
    "MEASURE_SHORT",
    "NoteTopic",
    "Origin",
    "OutcomeKind",
    "POPULATION_MEANINGS",
    "POSITION_CATEGORIES",
    "POSITION_KIND_MEANINGS",
    "Population",
    "PositionKind",
    "PositionStance",
    "PublicationKind",
    "RULES_WITHOUT_VALUE",
    "RULE_KIND",
    "RelationToRA",
    "STANCE_CATEGORY",
    "STANCE_MEANINGS",
    "STANDING",
    "STATUS_MEANINGS",
    "SYNONYMS",
    "Status",
    "TREATMENT_DESIGNS",
    "TreatmentClass",
    "closest",
    "evidence_level",
    "normalise_choice",
    "position_category",
    "standing",
    "values",
]
