"""The view of an indication's effects, and its tables and JSON: each study's effect
beside its check, and each group's pooled estimate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ivig_evidence.effects.sizes as es
from ivig_evidence.effects.groups import OutcomeGroup, StudyEffect, outcome_groups, study_effect
from ivig_evidence.effects.outcomes import outcome_rows
from ivig_evidence.effects.words import (
    agreement_text,
    arms_named,
    arms_text,
    effect_text,
    pooled_text,
    stated_text,
)
from ivig_evidence.indications import IndicationRef
from ivig_evidence.output import Table
from ivig_evidence.store.reader import Reader, fetch_rows, in_clause
from ivig_evidence.terminal import Column, Kind
from ivig_evidence.vocab import (
    COMPARISON_MEANINGS,
)

# ------------------------------------------------------------------ the view


@dataclass(frozen=True)
class EffectsView:
    indication: IndicationRef
    scope: tuple[str, ...]
    groups: tuple[OutcomeGroup, ...]
    nothing: str | None  # the one line that says why nothing is estimable, if nothing is

    def to_json(self) -> dict[str, Any]:
        return {
            "indication": self.indication.slug,
            "name": self.indication.name,
            "scope": list(self.scope),
            "why_nothing_is_estimable": self.nothing,
            "effects": [effect_json(e) for g in self.groups for e in g.effects],
            "pooled": [pooled_json(g) for g in self.groups],
        }


def effects_view(conn: Reader, indication: IndicationRef, scope: Sequence[str]) -> EffectsView:
    rows = outcome_rows(conn, scope)
    groups = outcome_groups(rows)
    nothing = None
    if not rows:
        nothing = nothing_estimable(conn, indication, scope)
    elif not any(e.drawn for g in groups for e in g.effects):
        nothing = (
            f"nothing estimable for {indication.name} ({indication.slug}): its outcome rows "
            "give stated effects only (or a single arm), no per-arm figures to compute from"
        )
    return EffectsView(indication, tuple(scope), tuple(groups), nothing)


def nothing_estimable(conn: Reader, indication: IndicationRef, scope: Sequence[str]) -> str:
    """One line: why no effect can be computed for an indication with no outcome row."""
    params: dict[str, Any] = {}
    counted = fetch_rows(
        conn,
        "SELECT count(DISTINCT si.study_id) AS n FROM study_indications si "
        f"WHERE si.indication_slug IN {in_clause('ind', scope, params)}",
        params,
    )
    studies = int(counted[0]["n"]) if counted else 0
    beneath = " and those beneath it" if len(scope) > 1 else ""
    where = f"{indication.name} ({indication.slug}){beneath}"
    if not studies:
        return f"nothing estimable for {where}: no study is recorded for it yet"
    return (
        f"nothing estimable for {where}: none of its {studies} "
        f"stud{'y' if studies == 1 else 'ies'} has an outcome row recorded (no record read "
        "gives per-arm counts or means, or a stated effect, for them)"
    )


def _estimate_json(effect: es.Estimate | None) -> dict[str, Any] | None:
    if effect is None:
        return None
    if isinstance(effect, es.NotEstimable):
        return {
            "measure": effect.measure.value if effect.measure else None,
            "not_estimable": effect.reason,
        }
    return {
        "measure": effect.measure.value,
        "value": effect.value,
        "ci_low": effect.ci_low,
        "ci_high": effect.ci_high,
        "ci_level": 0.95,
        "method": effect.method,
        "correction": effect.correction,
    }


def effect_json(effect: StudyEffect) -> dict[str, Any]:
    row = effect.row
    return {
        "id": row.id,
        "study_id": row.study_id,
        "study": row.study,
        "outcome": row.outcome,
        "time_point": row.time_point,
        "kind": row.kind.value,
        "comparison": row.comparison.value,
        "period": row.period,
        "better": row.better.value,
        "arms": {
            "treatment": {
                "name": row.treatment_arm,
                "events": row.treatment_events,
                "n": row.treatment_n,
                "mean": row.treatment_mean,
                "sd": row.treatment_sd,
            },
            "control": None
            if row.control_arm is None
            else {
                "name": row.control_arm,
                "events": row.control_events,
                "n": row.control_n,
                "mean": row.control_mean,
                "sd": row.control_sd,
            },
            "unit": row.unit,
        },
        "stated": {
            "measure": row.stated_measure.value if row.stated_measure else None,
            "value": row.stated_value,
            "ci_low": row.stated_ci_low,
            "ci_high": row.stated_ci_high,
            "p": row.stated_p,
            "quote": row.quote,
            # None where the paper states it; else the document that does, by standing.
            "stated_in": row.stated_elsewhere,
        },
        "recomputed": _estimate_json(effect.recomputed),
        "check": agreement_text(effect),
        "agrees": None if effect.check is None else effect.check.agrees,
        "plotted": _estimate_json(effect.plotted),
        "weight_percent": effect.weight,
        "publication_id": row.publication_id,
        "checked_against": row.checked_against,
        "note": row.note,
    }


def pooled_json(group: OutcomeGroup) -> dict[str, Any]:
    pooled = group.pooled
    base = {
        "outcome": group.outcome,
        "time_point": group.time_point,
        "kind": group.kind.value,
        "comparison": group.comparison.value,
        "measure": group.measure.value if group.measure else None,
        "studies": [e.row.id for e in group.effects],
        "apart": group.apart,
    }
    if isinstance(pooled, es.NotEstimable):
        return base | {"not_estimable": pooled.reason}
    return base | {
        "value": pooled.value,
        "ci_low": pooled.ci_low,
        "ci_high": pooled.ci_high,
        "ci_level": 0.95,
        "trials": pooled.k,
        "tau2": pooled.tau2,
        "q": pooled.q,
        "df": pooled.df,
        "i2_percent": pooled.i2,
        "method": pooled.method,
    }


# ------------------------------------------------------------------ tables

EFFECT_COLUMNS = (
    Column("study", Kind.ID),
    Column("outcome", Kind.TEXT, cap=None),
    Column("arms (IVIG vs control)", Kind.TEXT, cap=None),
    Column("stated effect", Kind.TEXT, cap=None),
    Column("recomputed from the arms", Kind.TEXT, cap=None),
    Column("check", Kind.TEXT, cap=None),
)
POOLED_COLUMNS = (
    Column("outcome", Kind.TEXT, cap=None),
    Column("trials", Kind.NUMBER),
    Column("pooled", Kind.TEXT, cap=None),
)


def effect_cells(effect: StudyEffect) -> list[Any]:
    row = effect.row
    return [
        row.study_id,
        f"{row.outcome}{f', {row.time_point}' if row.time_point else ''} "
        f"({COMPARISON_MEANINGS[row.comparison]}"
        f"{f', {row.period}' if row.period else ''})",
        f"{arms_named(row)}: {arms_text(row)}",
        stated_text(row),
        effect_text(effect.recomputed, row),
        agreement_text(effect),
    ]


def pooled_cells(group: OutcomeGroup) -> list[Any]:
    text = pooled_text(group)
    if group.apart:
        text += f"; {group.apart}"
    return [group.title, sum(1 for e in group.effects if e.drawn), text]


def effects_sections(view: EffectsView) -> dict[str, Table]:
    name = f"{view.indication.name} ({view.indication.slug})"
    return {
        "effects": Table(
            title=f"Effect sizes for {name}: the stated effect (the paper's, or where "
            "another document states it, that document named) beside the same measure "
            "recomputed from the arms (95% CIs)",
            columns=EFFECT_COLUMNS,
            rows=[effect_cells(e) for g in view.groups for e in g.effects],
        ),
        "pooled": Table(
            title="Pooled where honest: two or more comparable trials of one outcome and "
            "design, DerSimonian-Laird random effects",
            columns=POOLED_COLUMNS,
            rows=[pooled_cells(g) for g in view.groups],
        ),
    }


def differing(conn: Reader, scope: Sequence[str] | None) -> Iterable[StudyEffect]:
    """Outcome rows whose stated effect differs beyond rounding from the same measure
    recomputed from their arms."""
    for row in outcome_rows(conn, scope, stated_with_figures=True):
        effect = study_effect(row, row.stated_measure)
        if effect.check is not None and not effect.check.agrees:
            yield effect
