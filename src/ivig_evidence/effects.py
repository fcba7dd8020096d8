"""Effect sizes of an indication: each outcome row's stated effect beside the same
effect recomputed from its counts or means, grouped by outcome for pooling.

The arithmetic is effect_sizes'; this module reads the outcome rows, decides what is
computed and compared, words every figure (what it is and how it was computed), and
builds the tables and JSON of `ivig effects`. Outcome rows of one name, time point,
kind and design form a group; a group is pooled only where effect_sizes' rules allow
(two or more comparable trials), in the measure its papers state where they agree,
else the risk ratio (counts) or mean difference (means). A stated effect only, or a
single arm, is listed and never drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence import effect_sizes as es
from ivig_evidence import vocab
from ivig_evidence.indications import IndicationRef
from ivig_evidence.output import Table
from ivig_evidence.store.reader import Reader, Row, fetch_rows, in_clause
from ivig_evidence.terminal import Column, Kind
from ivig_evidence.vocab import (
    COMPARISON_MEANINGS,
    MEASURE_NAMES,
    MEASURE_SHORT,
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
AGREES = "agrees to the printed precision"
DESIGN_ADJECTIVES = {
    Comparison.PARALLEL: "parallel-group",
    Comparison.CROSSOVER: "crossover",
    Comparison.WITHDRAWAL: "withdrawal",
    Comparison.SINGLE_ARM: "single-arm",
}


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


# ------------------------------------------------------------------ words and numbers


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


def check_text(effect: StudyEffect) -> str:
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
        "check": check_text(effect),
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
        check_text(effect),
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
