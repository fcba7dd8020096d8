"""The arithmetic of effects (effect_sizes): the papers' own figures reproduced to the
precision they print, zero cells, pooling's rules, and a cross-check against
statsmodels where it is installed (it agrees to 1e-9 or the test fails)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ivig_evidence.effects.sizes import (
    HALDANE,
    Effect,
    NotEstimable,
    Pooled,
    Trial,
    check_stated,
    decimals,
    hedges_g,
    mean_difference,
    odds_ratio,
    pool,
    risk_difference,
    risk_ratio,
)
from ivig_evidence.vocab import Comparison, EffectMeasure


def rounded(value: float, places: int) -> str:
    return f"{value:.{places}f}"


def test_jayne_2000_odds_ratio_from_its_counts() -> None:
    """14/17 vs 6/17: OR 8.56 (95% CI 1.74 to 42.2), as printed."""
    effect = odds_ratio(14, 17, 6, 17)
    assert isinstance(effect, Effect) and effect.correction is None
    assert (rounded(effect.value, 2), rounded(effect.ci_low, 2), rounded(effect.ci_high, 1)) == (
        "8.56",
        "1.74",
        "42.2",
    )
    assert check_stated(effect, 8.56, 1.74, 42.2).agrees


def test_proderm_risk_difference_from_its_counts() -> None:
    """37/47 vs 21/48: a difference of 35 percentage points (95% CI 17 to 53)."""
    effect = risk_difference(37, 47, 21, 48)
    assert isinstance(effect, Effect)
    assert (rounded(effect.value, 0), rounded(effect.ci_low, 0), rounded(effect.ci_high, 0)) == (
        "35",
        "17",
        "53",
    )
    assert check_stated(effect, 35, 17, 53).agrees


def test_a_figure_beyond_rounding_differs_and_says_which() -> None:
    effect = odds_ratio(14, 17, 6, 17)  # 8.5556 (1.7358 to 42.169)
    assert check_stated(effect, 8.55, 1.74, 42.2).differs == ("value",)
    assert check_stated(effect, 8.56, 1.73, 42.1).differs == ("CI low", "CI high")
    assert check_stated(effect, 8.6, 1.7, 42).agrees  # printed more coarsely: still agrees
    assert check_stated(effect, 9, None, None).agrees  # 8.56 is 9 at no decimals
    assert check_stated(effect, 10, None, None).differs == ("value",)


def test_decimals_are_those_printed() -> None:
    assert [decimals(x) for x in (8.56, 42.2, 35.0, 0.001, 1.7)] == [2, 1, 0, 3, 1]


def test_a_zero_cell_is_corrected_and_says_so() -> None:
    effect = risk_ratio(0, 10, 5, 10)
    assert isinstance(effect, Effect) and effect.correction == HALDANE
    # 0.5/11 over 5.5/11
    assert effect.value == pytest.approx(0.5 / 5.5)
    assert effect.se == pytest.approx(math.sqrt(1 / 0.5 - 1 / 11 + 1 / 5.5 - 1 / 11))
    o = odds_ratio(10, 10, 5, 10)  # every patient of one arm: b = 0
    assert isinstance(o, Effect) and o.correction == HALDANE
    assert o.value == pytest.approx((10.5 * 5.5) / (0.5 * 5.5))
    # The risk difference needs no correction.
    rd = risk_difference(0, 10, 5, 10)
    assert isinstance(rd, Effect) and rd.correction is None and rd.value == pytest.approx(-50)


@pytest.mark.parametrize("make", [risk_ratio, odds_ratio, risk_difference])
def test_both_arms_without_events_or_all_events_are_not_estimable(make: Any) -> None:
    none = make(0, 12, 0, 15)
    assert isinstance(none, NotEstimable) and "no events in either arm" in none.reason
    every = make(12, 12, 15, 15)
    assert isinstance(every, NotEstimable) and "every patient in both arms" in every.reason


def test_counts_outside_their_totals_are_refused() -> None:
    with pytest.raises(ValueError, match="within a total"):
        odds_ratio(18, 17, 6, 17)


def test_means_give_a_mean_difference_and_hedges_g() -> None:
    md = mean_difference(10.0, 4.0, 20, 6.0, 5.0, 22)
    assert isinstance(md, Effect)
    assert md.value == pytest.approx(4.0)
    assert md.se == pytest.approx(math.sqrt(16 / 20 + 25 / 22))
    g = hedges_g(10.0, 4.0, 20, 6.0, 5.0, 22)
    assert isinstance(g, Effect)
    sp = math.sqrt((19 * 16 + 21 * 25) / 40)
    j = 1 - 3 / (4 * 42 - 9)
    assert g.value == pytest.approx(j * 4 / sp)


def trial(label: str, y: float, se: float, comparison: Comparison = Comparison.PARALLEL) -> Trial:
    measure = EffectMeasure.ODDS_RATIO
    return Trial(
        label,
        comparison,
        Effect(measure, math.exp(y), math.exp(y - 1.96 * se), math.exp(y + 1.96 * se), y, se, ""),
    )


def test_pooling_truncates_the_between_study_variance_at_zero() -> None:
    """Two trials closer than chance allows (Q < df): tau^2 would be negative without the
    truncation; with it the random-effects result is the fixed-effect one."""
    trials = [trial("a", 0.50, 0.30), trial("b", 0.52, 0.40)]
    pooled = pool(trials)
    assert isinstance(pooled, Pooled)
    assert pooled.q < pooled.df
    assert pooled.tau2 == 0.0 and pooled.i2 == 0.0
    w = [1 / 0.30**2, 1 / 0.40**2]
    fixed = (w[0] * 0.50 + w[1] * 0.52) / sum(w)
    assert pooled.y == pytest.approx(fixed)
    assert pooled.se == pytest.approx(math.sqrt(1 / sum(w)))
    assert sum(pooled.weights) == pytest.approx(100)


def test_pooling_heterogeneous_trials_by_hand() -> None:
    ys, ses = [0.1, 1.2, 2.0], [0.3, 0.35, 0.5]
    pooled = pool([trial(str(i), y, s) for i, (y, s) in enumerate(zip(ys, ses, strict=True))])
    assert isinstance(pooled, Pooled)
    w = [1 / s**2 for s in ses]
    fixed = sum(wi * yi for wi, yi in zip(w, ys, strict=True)) / sum(w)
    q = sum(wi * (yi - fixed) ** 2 for wi, yi in zip(w, ys, strict=True))
    tau2 = (q - 2) / (sum(w) - sum(wi**2 for wi in w) / sum(w))
    assert tau2 > 0
    assert pooled.q == pytest.approx(q) and pooled.tau2 == pytest.approx(tau2)
    assert pooled.i2 == pytest.approx((q - 2) / q * 100)
    w_re = [1 / (s**2 + tau2) for s in ses]
    assert pooled.y == pytest.approx(
        sum(wi * yi for wi, yi in zip(w_re, ys, strict=True)) / sum(w_re)
    )
    assert pooled.value == pytest.approx(math.exp(pooled.y))


def test_a_crossover_is_never_pooled_with_a_parallel_trial() -> None:
    trials = [trial("parallel", 0.5, 0.3), trial("crossover", 0.6, 0.3, Comparison.CROSSOVER)]
    refused = pool(trials)
    assert isinstance(refused, NotEstimable)
    assert "parallel groups and crossover trials" in refused.reason
    assert "never pooled" in refused.reason
    withdrawal = pool([trial("a", 0.5, 0.3), trial("b", 0.4, 0.3, Comparison.WITHDRAWAL)])
    assert isinstance(withdrawal, NotEstimable) and "randomised withdrawal" in withdrawal.reason


def test_fewer_than_two_comparable_trials_are_not_pooled() -> None:
    one = pool([trial("alone", 0.5, 0.3)])
    assert isinstance(one, NotEstimable)
    assert one.reason == (
        "not pooled: 1 comparable trial of this outcome; pooling needs at least two"
    )
    assert isinstance(pool([]), NotEstimable)


# ------------------------------------------------------------------ statsmodels cross-check


@pytest.fixture(scope="module")
def meta() -> Any:
    return pytest.importorskip("statsmodels.stats.meta_analysis")


COUNTS = [(14, 17, 6, 17), (37, 47, 21, 48), (3, 20, 9, 21), (12, 30, 11, 28), (5, 9, 1, 11)]


@pytest.mark.parametrize(
    ("make", "statistic"),
    [(risk_ratio, "risk-ratio"), (odds_ratio, "odds-ratio"), (risk_difference, "diff")],
)
def test_counts_agree_with_statsmodels(meta: Any, make: Any, statistic: str) -> None:
    import numpy as np

    c1, n1, c2, n2 = (np.array(column, dtype=float) for column in zip(*COUNTS, strict=True))
    theirs, variance = meta.effectsize_2proportions(c1, n1, c2, n2, statistic=statistic)
    for counts, their_y, their_var in zip(COUNTS, theirs, variance, strict=True):
        ours = make(*counts)
        assert isinstance(ours, Effect)
        scale = 100 if statistic == "diff" else 1
        assert ours.y == pytest.approx(their_y * scale, abs=1e-9)
        assert ours.se == pytest.approx(math.sqrt(their_var) * scale, abs=1e-9)


def test_hedges_g_agrees_with_statsmodels(meta: Any) -> None:
    theirs, variance = meta.effectsize_smd(10.0, 4.0, 20, 6.0, 5.0, 22)
    ours = hedges_g(10.0, 4.0, 20, 6.0, 5.0, 22)
    assert isinstance(ours, Effect)
    assert ours.value == pytest.approx(float(theirs), abs=1e-9)
    assert ours.se == pytest.approx(math.sqrt(float(variance)), abs=1e-9)


def _both(meta: Any, counts: list[Any]) -> tuple[Pooled, Any]:
    import numpy as np

    effects = [odds_ratio(*c) for c in counts]
    trials = [Trial(str(i), Comparison.PARALLEL, e) for i, e in enumerate(effects)
              if isinstance(e, Effect)]  # fmt: skip
    ours = pool(trials)
    assert isinstance(ours, Pooled)
    ys = np.array([t.effect.y for t in trials])
    variances = np.array([t.effect.se**2 for t in trials])
    return ours, meta.combine_effects(ys, variances, method_re="dl")


@pytest.mark.parametrize("counts", [COUNTS, COUNTS[2:4]])
def test_dersimonian_laird_agrees_with_statsmodels(meta: Any, counts: list[Any]) -> None:
    """Where the trials differ more than chance allows (tau^2 > 0), the same figures."""
    ours, theirs = _both(meta, counts)
    assert float(theirs.tau2) > 0
    assert ours.tau2 == pytest.approx(float(theirs.tau2), abs=1e-9)
    assert ours.q == pytest.approx(float(theirs.q), abs=1e-9)
    assert ours.y == pytest.approx(float(theirs.mean_effect_re), abs=1e-9)
    assert ours.se == pytest.approx(float(theirs.sd_eff_w_re), abs=1e-9)
    assert ours.i2 == pytest.approx(float(theirs.i2) * 100, abs=1e-7)


def test_statsmodels_leaves_a_negative_tau2_where_we_truncate_it(meta: Any) -> None:
    """statsmodels 0.15's DerSimonian-Laird does not truncate: where Q < df it reports a
    negative tau^2 (and no standard error); ours is zero, the fixed-effect result."""
    ours, theirs = _both(meta, COUNTS[:2])
    assert float(theirs.tau2) < 0
    assert ours.tau2 == 0.0
    assert ours.y == pytest.approx(float(theirs.mean_effect_fe), abs=1e-9)
    assert ours.se == pytest.approx(float(theirs.sd_eff_w_fe), abs=1e-9)
