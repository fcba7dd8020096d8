"""Outcome rows grouped for pooling: rows of one name, time point, kind and design form
a group, pooled only where the arithmetic's rules allow (two or more comparable
trials), in the measure its papers state where they agree, else the risk ratio
(counts) or mean difference (means). A stated effect only, or a single arm, is listed
and never drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ivig_evidence.effects.sizes as es
from ivig_evidence.effects.outcomes import OutcomeRow, compute, default_measure
from ivig_evidence.vocab import (
    COMPARISON_MEANINGS,
    Better,
    Comparison,
    EffectMeasure,
    OutcomeKind,
)

DESIGN_ADJECTIVES = {
    Comparison.PARALLEL: "parallel-group",
    Comparison.CROSSOVER: "crossover",
    Comparison.WITHDRAWAL: "withdrawal",
    Comparison.SINGLE_ARM: "single-arm",
}


@dataclass(frozen=True)
class StudyEffect:
    """One outcome row: the stated effect, the same measure recomputed and whether they
    agree, and the effect in its group's measure (what the plot draws and pooling uses)."""

    row: OutcomeRow
    recomputed: es.Estimate | None  # None: nothing to recompute (a stated effect only)
    check: es.Check | None  # None: nothing stated, or nothing recomputed to check it by
    plotted: es.Estimate | None  # None: not drawn (stated only, single arm)
    weight: float | None = None  # percent of the pooled estimate

    @property
    def drawn(self) -> bool:
        return isinstance(self.plotted, es.Effect)


@dataclass(frozen=True)
class OutcomeGroup:
    outcome: str
    time_point: str | None
    kind: OutcomeKind
    comparison: Comparison
    measure: EffectMeasure | None  # None: stated effects only, nothing computed
    effects: tuple[StudyEffect, ...]
    pooled: es.Pooled | es.NotEstimable
    apart: str | None = None  # the same outcome in other designs, not pooled with these

    @property
    def better(self) -> Better:
        return self.effects[0].row.better

    @property
    def title(self) -> str:
        when = f", {self.time_point}" if self.time_point else ""
        return f"{self.outcome}{when} ({COMPARISON_MEANINGS[self.comparison]})"


def study_effect(row: OutcomeRow, measure: EffectMeasure | None) -> StudyEffect:
    plotted = compute(row, measure) if measure is not None and row.compares else None
    recomputed: es.Estimate | None = None
    check = None
    if row.compares:
        stated = row.stated_measure
        recomputed = compute(row, stated) if stated is not None else plotted
        if (
            isinstance(recomputed, es.Effect)
            and stated is not None
            and row.stated_value is not None
        ):
            check = es.check_stated(recomputed, row.stated_value, row.stated_ci_low,
                                    row.stated_ci_high)  # fmt: skip
    return StudyEffect(row, recomputed, check, plotted)


def group_measure(rows: Sequence[OutcomeRow]) -> EffectMeasure | None:
    """The measure the papers of a group state where they agree on one that their
    figures give; else the risk ratio (counts) or mean difference (means)."""
    kind = rows[0].kind
    if kind is OutcomeKind.STATED_ONLY or not any(r.compares for r in rows):
        return None
    possible = es.FROM_MEANS if kind is OutcomeKind.CONTINUOUS else es.FROM_COUNTS
    stated = {r.stated_measure for r in rows if r.compares and r.stated_measure in possible}
    return stated.pop() if len(stated) == 1 else default_measure(kind)


def outcome_groups(rows: Sequence[OutcomeRow]) -> list[OutcomeGroup]:
    """Rows of one outcome, time point, kind and design together, each group pooled
    where the rules allow; rows come in (outcome_rows') order."""
    grouped: dict[tuple[str, str | None, OutcomeKind, Comparison], list[OutcomeRow]] = {}
    for row in rows:
        grouped.setdefault((row.outcome, row.time_point, row.kind, row.comparison), []).append(row)
    # A stated effect only joins the trials of its outcome and design that have figures
    # (listed beside them, never drawn), where there are such trials of one kind.
    for key in [k for k in grouped if k[2] is OutcomeKind.STATED_ONLY]:
        outcome, time_point, _, comparison = key
        hosts = [k for k in grouped if k[2] is not OutcomeKind.STATED_ONLY
                 and (k[0], k[1], k[3]) == (outcome, time_point, comparison)]  # fmt: skip
        if len(hosts) == 1:
            grouped[hosts[0]].extend(grouped.pop(key))
    designs: dict[tuple[str, str | None], list[Comparison]] = {}
    for outcome, time_point, _, comparison in grouped:
        designs.setdefault((outcome, time_point), []).append(comparison)
    groups = []
    for (outcome, time_point, kind, comparison), members in grouped.items():
        measure = group_measure(members)
        effects = [study_effect(row, measure) for row in members]
        pooled: es.Pooled | es.NotEstimable
        if measure is None:
            pooled = es.NotEstimable(None, _why_not_computed(members))
        else:
            trials = [
                es.Trial(e.row.study, e.row.comparison, e.plotted)
                for e in effects
                if isinstance(e.plotted, es.Effect)
            ]
            pooled = es.pool(trials)
            left_out = [e for e in effects if isinstance(e.plotted, es.NotEstimable)]
            if left_out and isinstance(pooled, es.NotEstimable):
                pooled = es.NotEstimable(
                    pooled.measure, pooled.reason + f" ({_left_out(left_out)})"
                )
            if isinstance(pooled, es.Pooled):
                weights = iter(pooled.weights)
                effects = [
                    StudyEffect(e.row, e.recomputed, e.check, e.plotted, next(weights))
                    if isinstance(e.plotted, es.Effect)
                    else e
                    for e in effects
                ]
        others = list(dict.fromkeys(d for d in designs[(outcome, time_point)]
                                    if d is not comparison))  # fmt: skip
        apart = (
            "not pooled with this outcome's "
            + " and ".join(DESIGN_ADJECTIVES[d] for d in others)
            + " trials: designs are never pooled"
            if others
            else None
        )
        groups.append(
            OutcomeGroup(
                outcome, time_point, kind, comparison, measure, tuple(effects), pooled, apart
            )  # fmt: skip
        )
    return groups


def _why_not_computed(rows: Sequence[OutcomeRow]) -> str:
    if rows[0].comparison is Comparison.SINGLE_ARM:
        return "not estimable: a single arm compares nothing"
    return "not estimable: stated effects only, no per-arm figures to compute or pool"


def _left_out(left: Sequence[StudyEffect]) -> str:
    return "; ".join(
        f"{e.row.study} left out: {e.plotted.reason}"
        for e in left
        if isinstance(e.plotted, es.NotEstimable)
    )
