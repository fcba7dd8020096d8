"""The value lists of outcomes: their kind, the comparison a study makes, which way is
better, and the effect measures with their names.
"""

from __future__ import annotations

from enum import StrEnum


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
