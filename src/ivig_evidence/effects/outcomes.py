"""Outcome rows as `ivig effects` reads them, and what is computed from each: the
effect its counts or means give, in the measure asked for or the one its paper
states.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ivig_evidence.effects.sizes as es
from ivig_evidence import vocab
from ivig_evidence.store.reader import Reader, Row, fetch_rows, in_clause
from ivig_evidence.vocab import (
    MEASURE_NAMES,
    Better,
    Comparison,
    EffectMeasure,
    OutcomeKind,
)

COLUMNS = (
    "id, study_id, outcome, time_point, kind, comparison, period, better, unit, "
    "treatment_arm, treatment_events, treatment_n, treatment_mean, treatment_sd, "
    "control_arm, control_events, control_n, control_mean, control_sd, stated_measure, "
    "stated_value, stated_ci_low, stated_ci_high, stated_p, quote, publication_id, "
    "checked_against, note"
)


@dataclass(frozen=True)
class OutcomeRow:
    """An outcome row as stored, with its study's name."""

    id: str
    study_id: str
    study: str  # "Jayne 2000", or the study's id where it names no author
    outcome: str
    time_point: str | None
    kind: OutcomeKind
    comparison: Comparison
    period: str | None
    better: Better
    unit: str | None
    treatment_arm: str
    treatment_events: int | None
    treatment_n: int | None
    treatment_mean: float | None
    treatment_sd: float | None
    control_arm: str | None
    control_events: int | None
    control_n: int | None
    control_mean: float | None
    control_sd: float | None
    stated_measure: EffectMeasure | None
    stated_value: float | None
    stated_ci_low: float | None
    stated_ci_high: float | None
    stated_p: str | None
    quote: str | None
    publication_id: str | None
    checked_against: str
    note: str | None
    # Where the stated figure was read, when not in the study's own publication: that
    # document's standing (a secondary article), so it is never shown as the paper's.
    stated_elsewhere: str | None = None

    @property
    def compares(self) -> bool:
        """Whether the row holds two arms' figures, so an effect can be computed."""
        return self.kind is not OutcomeKind.STATED_ONLY and self.comparison is not (
            Comparison.SINGLE_ARM
        )


def _row(r: Row) -> OutcomeRow:
    author, year = r["first_author"], r["year"]
    study = " ".join(str(x) for x in (author, year) if x) if author else r["study_id"]
    measure = r["stated_measure"]
    return OutcomeRow(
        id=r["id"],
        study_id=r["study_id"],
        study=study,
        outcome=r["outcome"],
        time_point=r["time_point"],
        kind=OutcomeKind(r["kind"]),
        comparison=Comparison(r["comparison"]),
        period=r["period"],
        better=Better(r["better"]),
        unit=r["unit"],
        treatment_arm=r["treatment_arm"],
        treatment_events=r["treatment_events"],
        treatment_n=r["treatment_n"],
        treatment_mean=r["treatment_mean"],
        treatment_sd=r["treatment_sd"],
        control_arm=r["control_arm"],
        control_events=r["control_events"],
        control_n=r["control_n"],
        control_mean=r["control_mean"],
        control_sd=r["control_sd"],
        stated_measure=EffectMeasure(measure) if measure else None,
        stated_value=r["stated_value"],
        stated_ci_low=r["stated_ci_low"],
        stated_ci_high=r["stated_ci_high"],
        stated_p=r["stated_p"],
        quote=r["quote"],
        publication_id=r["publication_id"],
        checked_against=r["checked_against"],
        note=r["note"],
        stated_elsewhere=(
            f"{vocab.standing(r['stated_in_kind'])} {r['publication_id']}"
            if r["publication_id"] is not None
            and r["publication_id"] != r["study_publication_id"]
            and r["stated_in_kind"] not in ("trial_report", "original_research")
            else None
        ),
    )


def outcome_rows(
    conn: Reader, scope: Sequence[str] | None, *, stated_with_figures: bool = False
) -> list[OutcomeRow]:
    """The outcome rows of the studies filed under ``scope`` (every one if None), by
    outcome, time point, design, then study; ``stated_with_figures``: only rows with a
    stated effect and two arms' figures to check it against."""
    params: dict[str, Any] = {}
    where = ["1 = 1"]
    if scope is not None:
        where.append(
            "EXISTS (SELECT 1 FROM study_indications si WHERE si.study_id = o.study_id "
            f"AND si.indication_slug IN {in_clause('ind', scope, params)})"
        )
    if stated_with_figures:
        where.append(
            "o.stated_value IS NOT NULL AND o.kind <> 'stated_only' "
            "AND o.comparison <> 'single_arm'"
        )
    found = fetch_rows(
        conn,
        f"SELECT {', '.join('o.' + c.strip() for c in COLUMNS.split(','))}, "
        "s.first_author, s.year, s.publication_id AS study_publication_id, "
        "d.kind AS stated_in_kind FROM outcomes o JOIN studies s ON s.id = o.study_id "
        "LEFT JOIN publications d ON d.id = o.publication_id "
        f"WHERE {' AND '.join(where)}",
        params,
    )
    rows = [_row(r) for r in found]
    order = list(Comparison)
    return sorted(
        rows,
        key=lambda r: (
            r.outcome.lower(),
            r.time_point is None,
            (r.time_point or "").lower(),
            order.index(r.comparison),
            r.study,
            r.id,
        ),
    )


# ------------------------------------------------------------------ computing


def compute(row: OutcomeRow, measure: EffectMeasure) -> es.Estimate:
    """The row's effect in ``measure``, from its two arms' figures."""
    if not row.compares:
        reason = (
            "a single arm compares nothing"
            if row.comparison is Comparison.SINGLE_ARM
            else "no per-arm figures recorded: only the paper's stated effect"
        )
        return es.NotEstimable(measure, reason)
    if row.kind is OutcomeKind.BINARY:
        if measure not in es.FROM_COUNTS:
            return es.NotEstimable(measure, _not_from(measure, "counts"))
        assert row.treatment_events is not None and row.treatment_n is not None
        assert row.control_events is not None and row.control_n is not None
        return es.binary_effect(
            measure, row.treatment_events, row.treatment_n, row.control_events, row.control_n
        )
    if measure not in es.FROM_MEANS:
        return es.NotEstimable(measure, _not_from(measure, "means"))
    assert row.treatment_mean is not None and row.treatment_sd is not None
    assert row.treatment_n is not None and row.control_mean is not None
    assert row.control_sd is not None and row.control_n is not None
    return es.continuous_effect(
        measure,
        row.treatment_mean,
        row.treatment_sd,
        row.treatment_n,
        row.control_mean,
        row.control_sd,
        row.control_n,
    )


def _not_from(measure: EffectMeasure, figures: str) -> str:
    if measure is EffectMeasure.HAZARD_RATIO:
        return "a hazard ratio needs each patient's time to the event, not the arms' totals"
    return f"a {MEASURE_NAMES[measure]} is not computed from {figures}"


def default_measure(kind: OutcomeKind) -> EffectMeasure:
    return (
        EffectMeasure.MEAN_DIFFERENCE
        if kind is OutcomeKind.CONTINUOUS
        else (EffectMeasure.RISK_RATIO)
    )
