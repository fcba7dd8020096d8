"""Every figure of `ivig effects` in words: what it is and how it was computed, at the
precision it was stated.
"""

from __future__ import annotations

import ivig_evidence.effects.sizes as es
from ivig_evidence.effects.groups import OutcomeGroup, StudyEffect
from ivig_evidence.effects.outcomes import OutcomeRow
from ivig_evidence.vocab import (
    MEASURE_SHORT,
    Comparison,
    OutcomeKind,
)

AGREES = "agrees to the printed precision"


def number(value: float, places: int | None = None) -> str:
    """A figure as shown: at ``places`` decimals (a stated figure's own), else three
    significant figures or so (8.56, 42.2, 135)."""
    if places is None:
        size = abs(value)
        if 0 < size < 0.1:  # two significant figures: 0.0057, never 0.01 for it
            return f"{value:.2g}"
        places = 2 if size < 10 else 1 if size < 100 else 0
    text = f"{value:.{places}f}"
    return "0" if text in ("-0", "-0.0", "-0.00") and places == 0 else text


def interval(low: float, high: float, places: tuple[int | None, int | None] = (None, None)) -> str:
    return f"95% CI {number(low, places[0])} to {number(high, places[1])}"


def arms_text(row: OutcomeRow) -> str:
    """The figures an effect is computed from: '14/17 vs 6/17' (events/total, IVIG arm
    first), or 'mean 10 (SD 4), n 20 vs ...'."""

    def arm(events: int | None, n: int | None, mean: float | None, sd: float | None) -> str:
        if row.kind is OutcomeKind.BINARY:
            return f"{events}/{n}"
        unit = f" {row.unit}" if row.unit else ""
        return f"mean {mean:g}{unit} (SD {sd:g}), n {n}"

    if row.kind is OutcomeKind.STATED_ONLY:
        return "no per-arm figures recorded"
    treated = arm(row.treatment_events, row.treatment_n, row.treatment_mean, row.treatment_sd)
    if row.comparison is Comparison.SINGLE_ARM:
        return f"{treated} (a single arm)"
    control = arm(row.control_events, row.control_n, row.control_mean, row.control_sd)
    return f"{treated} vs {control}"


def arms_named(row: OutcomeRow) -> str:
    return f"{row.treatment_arm} vs {row.control_arm}" if row.control_arm else row.treatment_arm


def stated_text(row: OutcomeRow) -> str:
    if row.stated_measure is None or row.stated_value is None:
        return f"none stated{f' (p {row.stated_p})' if row.stated_p else ''}"
    text = f"{MEASURE_SHORT[row.stated_measure]} {_printed(row.stated_value)}"
    if row.stated_ci_low is not None and row.stated_ci_high is not None:
        text += f" (95% CI {_printed(row.stated_ci_low)} to {_printed(row.stated_ci_high)})"
    if row.stated_p:
        text += f", p {row.stated_p}"
    if row.stated_elsewhere:
        return text + f", as printed in a {row.stated_elsewhere}, not the paper"
    return text + ", as printed"


def _printed(value: float) -> str:
    return number(value, es.decimals(value))


def effect_text(effect: es.Estimate | None, row: OutcomeRow | None = None) -> str:
    """An effect in words: the measure, the figures and how they were computed. Beside a
    stated figure of the same measure, each figure is shown at the decimals printed."""
    if effect is None:
        return "nothing to recompute: no per-arm figures"
    if isinstance(effect, es.NotEstimable):
        return f"not estimable: {effect.reason}"
    places: list[int | None] = [None, None, None]
    if row is not None and row.stated_measure is effect.measure:
        for i, figure in enumerate((row.stated_value, row.stated_ci_low, row.stated_ci_high)):
            if figure is not None:
                places[i] = es.decimals(figure)
    text = (
        f"{MEASURE_SHORT[effect.measure]} {number(effect.value, places[0])} "
        f"({interval(effect.ci_low, effect.ci_high, (places[1], places[2]))}); {effect.method}"
    )
    if effect.correction:
        text += f"; {effect.correction}"
    return text


def agreement_text(effect: StudyEffect) -> str:
    row = effect.row
    if row.kind is OutcomeKind.STATED_ONLY:
        return "stated only: listed, not drawn"
    if row.comparison is Comparison.SINGLE_ARM:
        return "single arm: listed, not drawn"
    if row.stated_value is None:
        return "nothing stated to check"
    if effect.check is None:
        return "the stated measure cannot be recomputed from these figures"
    if effect.check.agrees:
        return AGREES
    return "differs beyond rounding: " + ", ".join(effect.check.differs)


def pooled_text(group: OutcomeGroup) -> str:
    pooled = group.pooled
    if isinstance(pooled, es.NotEstimable):
        return pooled.reason
    return (
        f"{MEASURE_SHORT[pooled.measure]} {number(pooled.value)} "
        f"({interval(pooled.ci_low, pooled.ci_high)}) over {pooled.k} trials; {pooled.method}; "
        f"tau^2 {pooled.tau2:.3f}, Q {pooled.q:.2f} on {pooled.df} df, I^2 {pooled.i2:.0f}%"
    )
