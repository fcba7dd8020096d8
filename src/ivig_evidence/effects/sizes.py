"""The arithmetic of effect sizes: pure functions, no database, no output.

From counts (events and total per arm): the risk ratio and odds ratio with Wald 95%
intervals on the log scale, and the risk difference with a Wald interval on its own
scale, in percentage points. A zero cell makes a ratio infinite or zero: 0.5 is added
to every cell of that study (Haldane-Anscombe), and the result says so. Where neither
arm has an event, or every patient in both arms has it, the study says nothing about
a difference between the arms: not estimable, with the reason.

From means: the mean difference (Wald interval) and the standardised mean difference
as Hedges' g (the pooled SD, the small-sample correction J = 1 - 3 / (4 (n1 + n2) - 9),
and the variance RevMan uses: N / (n1 n2) + g^2 / (2 (N - 3.94))).

Pooling is DerSimonian-Laird random effects on the analysis scale (log for ratios),
with the between-study variance tau^2 truncated at zero, Cochran's Q and I^2. It never
pools trials of different designs (a crossover's periods, a withdrawal trial and
parallel groups measure different things) and never fewer than two comparable trials:
what the rules refuse is ``NotEstimable`` with the reason in words, as Cochrane's
tables say "not estimable".

A stated effect agrees with a recomputed one when every figure printed (value and
both ends of the interval) is what the recomputed figure rounds to at the decimals
printed: within half a unit of the last printed digit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import NormalDist

from ivig_evidence.vocab import COMPARISON_MEANINGS, MEASURE_NAMES, Comparison, EffectMeasure

Z95 = NormalDist().inv_cdf(0.975)  # 1.959963984540054
RATIOS = (EffectMeasure.RISK_RATIO, EffectMeasure.ODDS_RATIO, EffectMeasure.HAZARD_RATIO)
FROM_COUNTS = (
    EffectMeasure.RISK_RATIO,
    EffectMeasure.ODDS_RATIO,
    EffectMeasure.RISK_DIFFERENCE,
)
FROM_MEANS = (EffectMeasure.MEAN_DIFFERENCE, EffectMeasure.SMD)
ZERO_CELL_CORRECTION = 0.5
HALDANE = "0.5 added to every cell (a zero cell; Haldane-Anscombe)"


@dataclass(frozen=True)
class Effect:
    """An effect with its 95% interval; ``y`` and ``se`` on the analysis scale (the log
    of a ratio; a difference as it is), which is what pooling weighs."""

    measure: EffectMeasure
    value: float
    ci_low: float
    ci_high: float
    y: float
    se: float
    method: str  # how it was computed, in words
    correction: str | None = None  # a correction applied, in words


@dataclass(frozen=True)
class NotEstimable:
    measure: EffectMeasure | None
    reason: str


Estimate = Effect | NotEstimable


def is_ratio(measure: EffectMeasure) -> bool:
    return measure in RATIOS


def _from_scale(measure: EffectMeasure, y: float, se: float) -> tuple[float, float, float]:
    """Value and interval on the measure's own scale from the analysis scale."""
    low, high = y - Z95 * se, y + Z95 * se
    if is_ratio(measure):
        return math.exp(y), math.exp(low), math.exp(high)
    return y, low, high


# ------------------------------------------------------------------ from counts


def _check_counts(events_t: int, n_t: int, events_c: int, n_c: int) -> None:
    for events, n in ((events_t, n_t), (events_c, n_c)):
        if n <= 0 or not 0 <= events <= n:
            raise ValueError(f"{events}/{n} is not a count of events within a total")


def risk_ratio(events_t: int, n_t: int, events_c: int, n_c: int) -> Estimate:
    return binary_effect(EffectMeasure.RISK_RATIO, events_t, n_t, events_c, n_c)


def odds_ratio(events_t: int, n_t: int, events_c: int, n_c: int) -> Estimate:
    return binary_effect(EffectMeasure.ODDS_RATIO, events_t, n_t, events_c, n_c)


def risk_difference(events_t: int, n_t: int, events_c: int, n_c: int) -> Estimate:
    return binary_effect(EffectMeasure.RISK_DIFFERENCE, events_t, n_t, events_c, n_c)


def binary_effect(
    measure: EffectMeasure, events_t: int, n_t: int, events_c: int, n_c: int
) -> Estimate:
    """The treatment arm against the control arm, from events and totals."""
    _check_counts(events_t, n_t, events_c, n_c)
    if measure not in FROM_COUNTS:
        return NotEstimable(measure, f"a {_name(measure)} is not computed from counts")
    if events_t == 0 and events_c == 0:
        return NotEstimable(measure, "no events in either arm: nothing to compare")
    if events_t == n_t and events_c == n_c:
        return NotEstimable(measure, "every patient in both arms had the event: nothing to compare")
    if measure is EffectMeasure.RISK_DIFFERENCE:
        p_t, p_c = events_t / n_t, events_c / n_c
        variance = p_t * (1 - p_t) / n_t + p_c * (1 - p_c) / n_c
        y, se = 100 * (p_t - p_c), 100 * math.sqrt(variance)
        value, low, high = _from_scale(measure, y, se)
        return Effect(
            measure, value, low, high, y, se, "difference of the two proportions, Wald interval"
        )
    a, b, c, d = float(events_t), float(n_t - events_t), float(events_c), float(n_c - events_c)
    correction = None
    if 0 in (a, b, c, d):
        a, b, c, d = (x + ZERO_CELL_CORRECTION for x in (a, b, c, d))
        correction = HALDANE
    if measure is EffectMeasure.RISK_RATIO:
        y = math.log((a / (a + b)) / (c / (c + d)))
        se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    else:
        y = math.log((a * d) / (b * c))
        se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    value, low, high = _from_scale(measure, y, se)
    return Effect(measure, value, low, high, y, se, "Wald interval on the log scale", correction)


# ------------------------------------------------------------------ from means


def mean_difference(
    mean_t: float, sd_t: float, n_t: int, mean_c: float, sd_c: float, n_c: int
) -> Estimate:
    return continuous_effect(EffectMeasure.MEAN_DIFFERENCE, mean_t, sd_t, n_t, mean_c, sd_c, n_c)


def hedges_g(
    mean_t: float, sd_t: float, n_t: int, mean_c: float, sd_c: float, n_c: int
) -> Estimate:
    return continuous_effect(EffectMeasure.SMD, mean_t, sd_t, n_t, mean_c, sd_c, n_c)


def continuous_effect(
    measure: EffectMeasure,
    mean_t: float,
    sd_t: float,
    n_t: int,
    mean_c: float,
    sd_c: float,
    n_c: int,
) -> Estimate:
    """The treatment arm's mean against the control arm's."""
    if n_t <= 0 or n_c <= 0 or sd_t <= 0 or sd_c <= 0:
        raise ValueError("each arm needs a positive n and SD")
    if measure is EffectMeasure.MEAN_DIFFERENCE:
        y = mean_t - mean_c
        se = math.sqrt(sd_t**2 / n_t + sd_c**2 / n_c)
        value, low, high = _from_scale(measure, y, se)
        return Effect(measure, value, low, high, y, se, "difference of the means, Wald interval")
    if measure is not EffectMeasure.SMD:
        return NotEstimable(measure, f"a {_name(measure)} is not computed from means")
    total = n_t + n_c
    if total < 3:
        return NotEstimable(measure, "too few patients for a pooled SD")
    pooled_sd = math.sqrt(((n_t - 1) * sd_t**2 + (n_c - 1) * sd_c**2) / (total - 2))
    d = (mean_t - mean_c) / pooled_sd
    j = 1 - 3 / (4 * total - 9)
    y = j * d
    se = math.sqrt(total / (n_t * n_c) + y**2 / (2 * (total - 3.94)))
    value, low, high = _from_scale(measure, y, se)
    return Effect(
        measure,
        value,
        low,
        high,
        y,
        se,
        "Hedges' g (pooled SD, small-sample correction), Wald interval",
    )


# ------------------------------------------------------------------ stated against recomputed


def decimals(printed: float) -> int:
    """The decimals a stored figure shows: 8.56 two, 42.2 one, 35 none. A trailing zero
    the paper printed (1.70) is not kept by a number, so it is checked at the decimals
    the number shows (one)."""
    printed = float(printed)
    if printed.is_integer():
        return 0
    exponent = Decimal(repr(printed)).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def same_when_rounded(printed: float, computed: float) -> bool:
    """Whether ``computed`` rounds to ``printed`` at the decimals printed."""
    half_unit = 0.5 * 10.0 ** -decimals(printed)
    return abs(computed - printed) <= half_unit * (1 + 1e-9) + 1e-12


@dataclass(frozen=True)
class Check:
    """A stated effect against the same measure recomputed: the figures that differ
    beyond rounding (empty: they agree)."""

    differs: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        return not self.differs


def check_stated(
    effect: Effect, value: float, ci_low: float | None, ci_high: float | None
) -> Check:
    figures = [("value", value, effect.value)]
    if ci_low is not None and ci_high is not None:
        figures += [("CI low", ci_low, effect.ci_low), ("CI high", ci_high, effect.ci_high)]
    return Check(
        tuple(
            name for name, printed, computed in figures if not same_when_rounded(printed, computed)
        )
    )


# ------------------------------------------------------------------ pooling


@dataclass(frozen=True)
class Trial:
    """One trial's effect on one outcome, as pooling sees it."""

    label: str
    comparison: Comparison
    effect: Effect


@dataclass(frozen=True)
class Pooled:
    measure: EffectMeasure
    value: float
    ci_low: float
    ci_high: float
    y: float
    se: float
    tau2: float  # on the analysis scale
    q: float
    df: int
    i2: float  # percent
    weights: tuple[float, ...]  # percent, in the order the trials were given
    comparison: Comparison
    method: str = "DerSimonian-Laird random effects, tau^2 truncated at zero"

    @property
    def k(self) -> int:
        return len(self.weights)


def pool(trials: Sequence[Trial]) -> Pooled | NotEstimable:
    """DerSimonian-Laird random effects over comparable trials of one outcome; the
    rules in the module's docstring decide what is comparable."""
    measures = {t.effect.measure for t in trials}
    measure = next(iter(measures)) if len(measures) == 1 else None
    designs = sorted({t.comparison for t in trials}, key=list(Comparison).index)
    if len(designs) > 1:
        named = " and ".join(_design_words(d) for d in designs)
        return NotEstimable(
            measure, f"not pooled: {named} trials measure different things and are never pooled"
        )
    if measure is None:
        return NotEstimable(None, "not pooled: the trials' effects are of different measures")
    if designs and designs[0] is Comparison.SINGLE_ARM:
        return NotEstimable(measure, "not pooled: a single arm compares nothing")
    if len(trials) < 2:
        return NotEstimable(
            measure,
            f"not pooled: {len(trials)} comparable trial{'' if len(trials) == 1 else 's'} of "
            "this outcome; pooling needs at least two",
        )
    ys = [t.effect.y for t in trials]
    variances = [t.effect.se**2 for t in trials]
    if any(v <= 0 for v in variances):
        return NotEstimable(measure, "not pooled: a trial's effect has no variance")
    w = [1 / v for v in variances]
    sum_w = sum(w)
    fixed = sum(wi * yi for wi, yi in zip(w, ys, strict=True)) / sum_w
    q = sum(wi * (yi - fixed) ** 2 for wi, yi in zip(w, ys, strict=True))
    df = len(trials) - 1
    c = sum_w - sum(wi**2 for wi in w) / sum_w
    tau2 = max(0.0, (q - df) / c)
    w_re = [1 / (v + tau2) for v in variances]
    sum_re = sum(w_re)
    y = sum(wi * yi for wi, yi in zip(w_re, ys, strict=True)) / sum_re
    se = math.sqrt(1 / sum_re)
    value, low, high = _from_scale(measure, y, se)
    i2 = max(0.0, (q - df) / q) * 100 if q > 0 else 0.0
    return Pooled(
        measure,
        value,
        low,
        high,
        y,
        se,
        tau2,
        q,
        df,
        i2,
        tuple(100 * wi / sum_re for wi in w_re),
        designs[0],
    )


def _name(measure: EffectMeasure) -> str:
    return MEASURE_NAMES[measure]


def _design_words(comparison: Comparison) -> str:
    return COMPARISON_MEANINGS[comparison]
