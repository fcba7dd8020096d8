"""The value lists of studies: designs (with their labels, groups and strength),
populations, directions of a result, the topics of a study's notes, and the levels
of evidence a design and direction give.
"""

from __future__ import annotations

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


class NoteTopic(StrEnum):
    STOPPED_EARLY = "stopped_early"
    DROPOUTS = "dropouts"
    PRODUCT_SAFETY = "product_safety"
    DOSE_CAP = "dose_cap"
    DOSE = "dose"
    DESIGN = "design"
    POPULATION = "population"
    RESULT = "result"


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
