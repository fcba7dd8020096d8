"""The fixed value lists of the database, each with a one-line meaning.

The database stores the lowercase values (``rct``, ``aosd``) so that seed.sql,
ad-hoc SQL and JSON output all agree. This module imports nothing heavy: the
read path uses it to validate options before any database work.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from enum import StrEnum


class Design(StrEnum):
    RCT = "rct"
    RCT_WITHDRAWAL = "rct_withdrawal"
    RCT_CROSSOVER = "rct_crossover"  # revision 0018
    OPEN_LABEL = "open_label"
    CASE_SERIES = "case_series"
    TRIAL = "trial"
    OBSERVATIONAL = "observational"
    REVIEW = "review"
    ANIMAL = "animal"
    LABORATORY = "laboratory"


DESIGN_MEANINGS: dict[Design, str] = {
    Design.RCT: "randomised controlled trial (parallel groups)",
    Design.RCT_WITHDRAWAL: "randomised withdrawal trial (responders randomised to continue or stop)",
    Design.RCT_CROSSOVER: "randomised crossover trial (each patient given IVIG and the comparator "
    "in randomised order)",
    Design.OPEN_LABEL: "open-label, uncontrolled treatment study",
    Design.CASE_SERIES: "case series or retrospective report of treated patients",
    Design.TRIAL: "clinical trial whose design (randomised? controlled?) the source does not state",
    Design.OBSERVATIONAL: "observational study (cohort, cross-sectional, survey)",
    Design.REVIEW: "narrative or systematic review",
    Design.ANIMAL: "animal model study",
    Design.LABORATORY: "laboratory or mechanistic study",
}

# How a design reads on a chart or in a report, in plain language.
DESIGN_LABELS: dict[Design, str] = {
    Design.RCT: "Randomised trial",
    Design.RCT_WITHDRAWAL: "Randomised withdrawal trial",
    Design.RCT_CROSSOVER: "Randomised crossover trial",
    Design.OPEN_LABEL: "Open-label study",
    Design.CASE_SERIES: "Case series",
    Design.TRIAL: "Trial (design not stated)",
    Design.OBSERVATIONAL: "Observational study",
    Design.REVIEW: "Review",
    Design.ANIMAL: "Animal study",
    Design.LABORATORY: "Laboratory study",
}

# Filter names that stand for several designs: `--design rct` means "randomised",
# which includes the withdrawal design.
DESIGN_GROUPS: dict[str, tuple[Design, ...]] = {
    "rct": (Design.RCT, Design.RCT_WITHDRAWAL, Design.RCT_CROSSOVER),
}

# Strongest design first; used to order evidence within an indication.
# Designs whose patients received IVIG: only these count as "patients in IVIG studies"
# (an observational cohort of treated RA patients, a survey or a review did not).
TREATMENT_DESIGNS: tuple[Design, ...] = (
    Design.RCT,
    Design.RCT_WITHDRAWAL,
    Design.RCT_CROSSOVER,
    Design.OPEN_LABEL,
    Design.TRIAL,
    Design.CASE_SERIES,
)

DESIGN_STRENGTH: tuple[Design, ...] = (
    Design.RCT,
    Design.RCT_WITHDRAWAL,
    Design.RCT_CROSSOVER,
    Design.OPEN_LABEL,
    Design.TRIAL,
    Design.CASE_SERIES,
    Design.OBSERVATIONAL,
    Design.REVIEW,
    Design.ANIMAL,
    Design.LABORATORY,
)


class Population(StrEnum):
    RA = "ra"
    ADULT_RA = "adult_ra"
    JUVENILE_RA = "juvenile_ra"
    SYSTEMIC_JRA = "systemic_jra"
    POLYARTICULAR_JRA = "polyarticular_jra"
    AOSD = "aosd"
    RHEUMATIC_DISEASES = "rheumatic_diseases"
    # Beyond RA (revision 0018): the inflammatory myopathies, the ANCA-associated
    # vasculitides, Kawasaki disease and antiphospholipid syndrome.
    IIM = "iim"
    DERMATOMYOSITIS = "dermatomyositis"
    JUVENILE_DM = "juvenile_dm"
    POLYMYOSITIS = "polymyositis"
    IMNM = "imnm"
    IBM = "ibm"
    AAV = "aav"
    GPA = "gpa"
    MPA = "mpa"
    EGPA = "egpa"
    KAWASAKI = "kawasaki"
    APS = "aps"
    GENERAL_POPULATION = "general_population"
    ANIMAL_MODEL = "animal_model"
    NOT_STATED = "not_stated"


POPULATION_MEANINGS: dict[Population, str] = {
    Population.RA: "people with rheumatoid arthritis, age group not stated",
    Population.ADULT_RA: "adults with rheumatoid arthritis",
    Population.JUVENILE_RA: "children with juvenile rheumatoid/idiopathic arthritis, subtype not stated",
    Population.SYSTEMIC_JRA: "children with systemic juvenile rheumatoid arthritis (systemic JIA)",
    Population.POLYARTICULAR_JRA: "children with polyarticular juvenile rheumatoid arthritis",
    Population.AOSD: "adults with adult-onset Still's disease",
    Population.RHEUMATIC_DISEASES: "rheumatic diseases in general",
    Population.IIM: "people with an idiopathic inflammatory myopathy, subtype not stated",
    Population.DERMATOMYOSITIS: "adults with dermatomyositis",
    Population.JUVENILE_DM: "children with juvenile dermatomyositis",
    Population.POLYMYOSITIS: "people with polymyositis",
    Population.IMNM: "people with immune-mediated necrotising myopathy",
    Population.IBM: "people with inclusion body myositis",
    Population.AAV: "people with ANCA-associated vasculitis, GPA or MPA not stated",
    Population.GPA: "people with granulomatosis with polyangiitis (formerly Wegener's)",
    Population.MPA: "people with microscopic polyangiitis",
    Population.EGPA: "people with eosinophilic granulomatosis with polyangiitis (Churg-Strauss)",
    Population.KAWASAKI: "children with Kawasaki disease",
    Population.APS: "people with antiphospholipid syndrome (catastrophic, obstetric or not stated)",
    Population.GENERAL_POPULATION: "a general (non-patient) population",
    Population.ANIMAL_MODEL: "an animal model of arthritis",
    Population.NOT_STATED: "not stated in the source",
}


class Direction(StrEnum):
    BENEFIT = "benefit"
    NO_BENEFIT = "no_benefit"
    MIXED = "mixed"
    NOT_APPLICABLE = "not_applicable"


DIRECTION_MEANINGS: dict[Direction, str] = {
    Direction.BENEFIT: "the study reports a benefit of IVIG",
    Direction.NO_BENEFIT: "the study reports no benefit of IVIG",
    Direction.MIXED: "benefit on some measures or in some patients only",
    Direction.NOT_APPLICABLE: "not a study of treatment effect (review, epidemiology, mechanism)",
}


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


class DoseUnit(StrEnum):
    MG_PER_KG = "mg/kg"
    G_PER_KG = "g/kg"


class DoseBasis(StrEnum):
    PER_DAY = "per_day"
    PER_INFUSION = "per_infusion"
    PER_DOSE = "per_dose"
    PER_COURSE = "per_course"
    NOT_STATED = "not_stated"


DOSE_BASIS_MEANINGS: dict[DoseBasis, str] = {
    DoseBasis.PER_DAY: "the amount is given on each treatment day",
    DoseBasis.PER_INFUSION: "the amount is given at each infusion",
    DoseBasis.PER_DOSE: "the amount is one scheduled dose; how it is split into infusions is not stated",
    DoseBasis.PER_COURSE: "the amount is the total of one course",
    DoseBasis.NOT_STATED: "the source does not say what the amount refers to",
}


class DoseInterval(StrEnum):
    ONCE = "once"
    DAILY = "daily"
    WEEKLY = "weekly"
    EVERY_2_WEEKS = "every_2_weeks"
    EVERY_3_WEEKS = "every_3_weeks"
    EVERY_4_WEEKS = "every_4_weeks"
    MONTHLY = "monthly"
    NOT_STATED = "not_stated"


class DoseContext(StrEnum):
    STUDIED = "studied"
    SUGGESTED = "suggested"


DOSE_CONTEXT_MEANINGS: dict[DoseContext, str] = {
    DoseContext.STUDIED: "the dose given in a study",
    DoseContext.SUGGESTED: "a dose a source suggests for use",
}


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


class RelationToRA(StrEnum):
    RA = "ra"
    RA_SUBGROUP = "ra_subgroup"
    RA_MANIFESTATION = "ra_manifestation"
    OVERLAP = "overlap"
    RELATED = "related"
    JUVENILE = "juvenile"
    OTHER_DISEASE = "other_disease"


class ConditionFamily(StrEnum):
    """The group of diseases an indication belongs to: how bodies file them, so a
    reader finds a condition beside its relatives (revision 0018)."""

    RA_AND_RELATIVES = "ra_and_relatives"
    INFLAMMATORY_MYOPATHIES = "inflammatory_myopathies"
    VASCULITIS = "vasculitis"
    KAWASAKI_DISEASE = "kawasaki_disease"
    ANTIPHOSPHOLIPID_SYNDROME = "antiphospholipid_syndrome"
    OTHER = "other"


FAMILY_MEANINGS: dict[ConditionFamily, str] = {
    ConditionFamily.RA_AND_RELATIVES: "rheumatoid arthritis, its subgroups and manifestations, "
    "juvenile arthritis, adult-onset Still's disease and RA overlaps",
    ConditionFamily.INFLAMMATORY_MYOPATHIES: "the idiopathic inflammatory myopathies "
    "(dermatomyositis, polymyositis, necrotising myopathy, inclusion body myositis)",
    ConditionFamily.VASCULITIS: "systemic vasculitis: ANCA-associated (GPA, MPA) and EGPA",
    ConditionFamily.KAWASAKI_DISEASE: "Kawasaki disease, a vasculitis of childhood that "
    "bodies list on its own",
    ConditionFamily.ANTIPHOSPHOLIPID_SYNDROME: "antiphospholipid syndrome, catastrophic or "
    "obstetric",
    ConditionFamily.OTHER: "another condition, or a family not stated",
}


class TreatmentClass(StrEnum):
    NSAID = "nsaid"
    GLUCOCORTICOID = "glucocorticoid"
    CSDMARD = "csdmard"
    BDMARD = "bdmard"
    TSDMARD = "tsdmard"
    SURGERY = "surgery"


class NoteTopic(StrEnum):
    STOPPED_EARLY = "stopped_early"
    DROPOUTS = "dropouts"
    PRODUCT_SAFETY = "product_safety"
    DOSE_CAP = "dose_cap"
    DOSE = "dose"
    DESIGN = "design"
    POPULATION = "population"
    RESULT = "result"


class OutcomeKind(StrEnum):
    """What an outcome row holds (revision 0019)."""

    BINARY = "binary"  # events and total in each arm
    CONTINUOUS = "continuous"  # mean, SD and n in each arm
    STATED_ONLY = "stated_only"  # only the paper's stated effect: nothing to recompute


class Comparison(StrEnum):
    """The design facts that decide what may be pooled with what (revision 0019)."""

    PARALLEL = "parallel"  # randomised parallel groups
    CROSSOVER = "crossover"  # each patient in both arms, in periods
    WITHDRAWAL = "withdrawal"  # responders randomised to continue or stop
    SINGLE_ARM = "single_arm"  # one arm: no comparison to compute


COMPARISON_MEANINGS: dict[Comparison, str] = {
    Comparison.PARALLEL: "parallel groups",
    Comparison.CROSSOVER: "crossover",
    Comparison.WITHDRAWAL: "randomised withdrawal",
    Comparison.SINGLE_ARM: "single arm",
}


class Better(StrEnum):
    """Which way an outcome is good for the patient: more responders (higher), fewer
    deaths or aneurysms (lower)."""

    HIGHER = "higher"
    LOWER = "lower"


class EffectMeasure(StrEnum):
    """The measure of a stated or recomputed effect. A risk difference is in
    percentage points; a mean difference in the outcome's own units."""

    RISK_RATIO = "risk_ratio"
    ODDS_RATIO = "odds_ratio"
    RISK_DIFFERENCE = "risk_difference"
    MEAN_DIFFERENCE = "mean_difference"
    SMD = "smd"  # standardised mean difference (Hedges' g)
    HAZARD_RATIO = "hazard_ratio"  # stated only: counts do not give it


MEASURE_NAMES: dict[EffectMeasure, str] = {
    EffectMeasure.RISK_RATIO: "risk ratio",
    EffectMeasure.ODDS_RATIO: "odds ratio",
    EffectMeasure.RISK_DIFFERENCE: "risk difference (percentage points)",
    EffectMeasure.MEAN_DIFFERENCE: "mean difference",
    EffectMeasure.SMD: "standardised mean difference (Hedges' g)",
    EffectMeasure.HAZARD_RATIO: "hazard ratio",
}
MEASURE_SHORT: dict[EffectMeasure, str] = {
    EffectMeasure.RISK_RATIO: "RR",
    EffectMeasure.ODDS_RATIO: "OR",
    EffectMeasure.RISK_DIFFERENCE: "RD",
    EffectMeasure.MEAN_DIFFERENCE: "MD",
    EffectMeasure.SMD: "SMD",
    EffectMeasure.HAZARD_RATIO: "HR",
}


class CriterionKind(StrEnum):
    """What one row of a body's criteria is about (revision 0020): the eight things a
    pharmacist reviewing an IVIG order checks, each from the body's own sentence."""

    QUALIFYING_CRITERION = "qualifying_criterion"
    LINE_OF_THERAPY = "line_of_therapy"
    MAXIMUM_DOSE = "maximum_dose"
    DOSING_WEIGHT = "dosing_weight"
    ROUNDING = "rounding"
    INFUSION_RATE = "infusion_rate"
    REVIEW_INTERVAL = "review_interval"
    RESPONSE_MEASURE = "response_measure"


CRITERION_KIND_WORDS: dict[CriterionKind, str] = {
    CriterionKind.QUALIFYING_CRITERION: "qualifying criterion",
    CriterionKind.LINE_OF_THERAPY: "line of therapy",
    CriterionKind.MAXIMUM_DOSE: "maximum dose",
    CriterionKind.DOSING_WEIGHT: "dosing-weight rule",
    CriterionKind.ROUNDING: "rounding rule",
    CriterionKind.INFUSION_RATE: "infusion-rate limit",
    CriterionKind.REVIEW_INTERVAL: "review interval",
    CriterionKind.RESPONSE_MEASURE: "response measure",
}


class CriterionRule(StrEnum):
    """What a criterion's sentence means to the review's arithmetic, where it has a
    structured meaning (the row's ``value`` and ``value_high`` in its ``unit``). A row
    with no rule is words only: shown, never computed with."""

    # dosing weight: when a body's calculator (an adjusted body weight) applies
    CALCULATOR_IF_BMI_OVER = "calculator_if_bmi_over"  # value: BMI (kg/m2), exclusive
    CALCULATOR_IF_HEIGHT_AT_LEAST = "calculator_if_height_at_least"  # value: cm, inclusive
    CALCULATOR_IF_MALE_WEIGHT_OVER = "calculator_if_male_weight_over"  # value: kg, exclusive
    CALCULATOR_IF_FEMALE_WEIGHT_OVER = "calculator_if_female_weight_over"  # value: kg
    CALCULATOR_GIVES_ADJUSTED = "calculator_gives_adjusted"  # the calculator: an adjusted weight
    ACTUAL_OTHERWISE = "actual_otherwise"  # the calculator's criteria not met: actual weight
    ACTUAL_IF_UNDER_AGE_NOT_MEETING = "actual_if_under_age_not_meeting"  # value: years
    PRE_PREGNANCY_WEIGHT = "pre_pregnancy_weight"  # pregnant: the pre-pregnancy weight
    # dosing weight: the formula
    IDEAL_WEIGHT_DEVINE = "ideal_weight_devine"  # IBW by the Devine formula
    ADJUSTED_FACTOR = "adjusted_factor"  # value: f in IBW + f x (actual - IBW)
    # dosing weight: an adjusted weight by default, or at the prescriber's discretion
    ADJUSTED_DEFAULT = "adjusted_default"
    ADJUSTED_AT_DISCRETION = "adjusted_at_discretion"
    ACTUAL_IF_UNDER_AGE = "actual_if_under_age"  # value: years
    ACTUAL_IF_HEIGHT_UNDER = "actual_if_height_under"  # value: cm
    ACTUAL_IF_PREGNANT = "actual_if_pregnant"
    ACTUAL_IF_BELOW_ADJUSTED = "actual_if_below_adjusted"
    # rounding
    COURSE_TO_NEAREST_G = "course_to_nearest_g"  # value: grams; the course, not each day
    # maximum dose
    MAX_G_PER_KG_COURSE = "max_g_per_kg_course"  # value: g/kg a course
    MAX_G_PER_KG = "max_g_per_kg"  # value: g/kg; the page does not say per what
    # infusion rate
    MAX_RATE_MG_PER_KG_MIN = "max_rate_mg_per_kg_min"  # value: mg/kg/min
    MAX_RATE_ML_PER_KG_MIN = "max_rate_ml_per_kg_min"  # value: mL/kg/min
    # review
    FIRST_REVIEW_MONTHS = "first_review_months"  # value: months after the start
    CONTINUE_IF_EFFECTIVE_MONTHS = "continue_if_effective_months"  # value to value_high
    REVIEW_EVERY_MONTHS = "review_every_months"  # value: months between later reviews
    # line of therapy
    LINE_NUMBER = "line_number"  # value: 1 for first line, 2 for second ...


# Each rule belongs to one kind of criterion; the rules whose meaning is a figure need it.
RULE_KIND: dict[CriterionRule, CriterionKind] = {
    **{
        rule: CriterionKind.DOSING_WEIGHT
        for rule in (
            CriterionRule.CALCULATOR_IF_BMI_OVER,
            CriterionRule.CALCULATOR_IF_HEIGHT_AT_LEAST,
            CriterionRule.CALCULATOR_IF_MALE_WEIGHT_OVER,
            CriterionRule.CALCULATOR_IF_FEMALE_WEIGHT_OVER,
            CriterionRule.CALCULATOR_GIVES_ADJUSTED,
            CriterionRule.ACTUAL_OTHERWISE,
            CriterionRule.ACTUAL_IF_UNDER_AGE_NOT_MEETING,
            CriterionRule.PRE_PREGNANCY_WEIGHT,
            CriterionRule.IDEAL_WEIGHT_DEVINE,
            CriterionRule.ADJUSTED_FACTOR,
            CriterionRule.ADJUSTED_DEFAULT,
            CriterionRule.ADJUSTED_AT_DISCRETION,
            CriterionRule.ACTUAL_IF_UNDER_AGE,
            CriterionRule.ACTUAL_IF_HEIGHT_UNDER,
            CriterionRule.ACTUAL_IF_PREGNANT,
            CriterionRule.ACTUAL_IF_BELOW_ADJUSTED,
        )
    },
    CriterionRule.COURSE_TO_NEAREST_G: CriterionKind.ROUNDING,
    CriterionRule.MAX_G_PER_KG_COURSE: CriterionKind.MAXIMUM_DOSE,
    CriterionRule.MAX_G_PER_KG: CriterionKind.MAXIMUM_DOSE,
    CriterionRule.MAX_RATE_MG_PER_KG_MIN: CriterionKind.INFUSION_RATE,
    CriterionRule.MAX_RATE_ML_PER_KG_MIN: CriterionKind.INFUSION_RATE,
    CriterionRule.FIRST_REVIEW_MONTHS: CriterionKind.REVIEW_INTERVAL,
    CriterionRule.CONTINUE_IF_EFFECTIVE_MONTHS: CriterionKind.REVIEW_INTERVAL,
    CriterionRule.REVIEW_EVERY_MONTHS: CriterionKind.REVIEW_INTERVAL,
    CriterionRule.LINE_NUMBER: CriterionKind.LINE_OF_THERAPY,
}
RULES_WITHOUT_VALUE: frozenset[CriterionRule] = frozenset(
    {
        CriterionRule.CALCULATOR_GIVES_ADJUSTED,
        CriterionRule.ACTUAL_OTHERWISE,
        CriterionRule.PRE_PREGNANCY_WEIGHT,
        CriterionRule.IDEAL_WEIGHT_DEVINE,
        CriterionRule.ADJUSTED_DEFAULT,
        CriterionRule.ADJUSTED_AT_DISCRETION,
        CriterionRule.ACTUAL_IF_PREGNANT,
        CriterionRule.ACTUAL_IF_BELOW_ADJUSTED,
    }
)


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


# What people type for a value, by the value it means (compared lowercased, with
# spaces and hyphens as underscores).
SYNONYMS: dict[str, str] = {
    "randomised": "rct",
    "randomized": "rct",
    "randomised_controlled_trial": "rct",
    "randomized_controlled_trial": "rct",
    "controlled_trial": "rct",
    "withdrawal": "rct_withdrawal",
    "randomised_withdrawal": "rct_withdrawal",
    "randomized_withdrawal": "rct_withdrawal",
    "open": "open_label",
    "openlabel": "open_label",
    "uncontrolled": "open_label",
    "pilot": "open_label",
    "case_report": "case_series",
    "cases": "case_series",
    "cohort": "observational",
    "retrospective": "observational",
    "systematic_review": "review",
    "meta_analysis": "review",
    "in_vitro": "laboratory",
    "mouse": "animal",
    "mice": "animal",
    "positive": "benefit",
    "effective": "benefit",
    "negative": "no_benefit",
    "no_effect": "no_benefit",
    "ineffective": "no_benefit",
    "dm": "dermatomyositis",
    "jdm": "juvenile_dm",
    "juvenile_dermatomyositis": "juvenile_dm",
    "pm": "polymyositis",
    "myositis": "iim",
    "inflammatory_myopathy": "iim",
    "nam": "imnm",
    "necrotising_myopathy": "imnm",
    "necrotizing_myopathy": "imnm",
    "sibm": "ibm",
    "inclusion_body_myositis": "ibm",
    "anca_vasculitis": "aav",
    "wegener": "gpa",
    "wegeners": "gpa",
    "churg_strauss": "egpa",
    "kd": "kawasaki",
    "kawasaki_disease": "kawasaki",
    "antiphospholipid_syndrome": "aps",
    "verified": "confirmed",
    "refuted": "contradicted",
    "unchecked": "unconfirmed",
}


def normalise_choice(raw: str) -> str:
    """A typed value as the vocabulary spells it: lowercase, underscores, synonyms read."""
    value = "_".join(raw.strip().lower().replace("-", " ").split())
    return SYNONYMS.get(value, value)


@functools.cache
def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The values of a vocabulary, in its order (kept: an import checks every record)."""
    return tuple(member.value for member in enum)


def closest(word: str, candidates: Sequence[str]) -> str | None:
    import difflib  # only when a value is wrong

    matches = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.5)
    return matches[0] if matches else None


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


# Levels of evidence for treatment benefits: OCEBM Levels of Evidence Working
# Group, "The Oxford 2011 Levels of Evidence" (Oxford Centre for Evidence-Based
# Medicine). Level 1 is a systematic review of randomised trials; a narrative
# review is not graded.
EVIDENCE_HIERARCHY = "Oxford CEBM 2011 levels of evidence (treatment benefits)"

CEBM_LEVEL: dict[Design, str] = {
    Design.RCT: "2 (randomised trial)",
    Design.RCT_WITHDRAWAL: "2 (randomised trial)",
    Design.RCT_CROSSOVER: "2 (randomised trial)",
    Design.OPEN_LABEL: "4 (case series: uncontrolled)",
    Design.CASE_SERIES: "4 (case series)",
    Design.TRIAL: "not graded (design not stated)",
    Design.OBSERVATIONAL: "3 (non-randomised cohort or follow-up study)",
    Design.REVIEW: "not graded (narrative review)",
    Design.ANIMAL: "5 (mechanism-based reasoning)",
    Design.LABORATORY: "5 (mechanism-based reasoning)",
}


def evidence_level(design: str, direction: str) -> str:
    """The CEBM 2011 level of a study for treatment benefit, or why it has none."""
    if direction == Direction.NOT_APPLICABLE:
        return "not graded (not a study of treatment effect)"
    return CEBM_LEVEL[Design(design)]


class Origin(StrEnum):
    CURATED = "curated"
    LOCAL = "local"
