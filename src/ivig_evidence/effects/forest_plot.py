"""The forest plot: an SVG image of an indication's effect sizes, drawn as the evidence
map is (our own code, plain SVG, every mark explained in words).

A panel per outcome group (one outcome, time point and design), each with its own
axis, since groups may differ in measure: a row per trial with the 95% CI as a line
and the effect as a square (its area by the trial's weight where the group is
pooled), the pooled estimate as a diamond, the line of no effect dashed, and under
the axis the side each direction favours. Beside each row, the effect recomputed from
the arms and the effect the paper states. A study with a stated effect only, or a
single arm, is listed with its words and never drawn; a group that is not pooled says
why under its rows. Every position is laid out from a generous estimate of each
text's width, so no label overlaps another (tests/test_forest_layout.py measures it
in Chromium).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

import ivig_evidence.effects.sizes as es
from ivig_evidence.effects.groups import OutcomeGroup, StudyEffect
from ivig_evidence.effects.outcomes import OutcomeRow
from ivig_evidence.effects.views import EffectsView
from ivig_evidence.effects.words import arms_text, number, pooled_text
from ivig_evidence.evidence_map import FONT
from ivig_evidence.vocab import (
    MEASURE_NAMES,
    MEASURE_SHORT,
    Better,
    Comparison,
    EffectMeasure,
    OutcomeKind,
)

SIZE = 12  # body text, px
SMALL = 11  # second lines and ticks
MARGIN = 16
GAP = 14
PLOT_W = 220
ROW_H = 34
INK, MUTED, CI_INK = "#000000", "#444444", "#1f4e79"
DIFFERS, AGREES = "#b00020", "#1b6e20"
RATIO_TICKS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50,
               100, 200, 500, 1000)  # fmt: skip
RATIO_BOUNDS = (0.01, 100.0)  # a CI reaching past these ends in an arrow


def text_width(text: str, size: int, *, bold: bool = False) -> float:
    """A generous width for sans-serif text: wider than any browser draws it."""
    return len(text) * size * (0.7 if bold else 0.64) + 4


def short_arms(row: OutcomeRow) -> str:
    """The arms' figures briefly, for the line under a trial's name: '37/47 vs 21/48',
    '12.5 (SD 6) n=15 vs 4 (SD 7) n=15' (the unit is in the panel's heading)."""
    if row.kind is not OutcomeKind.CONTINUOUS:
        return arms_text(row)

    def arm(mean: float | None, sd: float | None, n: int | None) -> str:
        return f"{mean:g} (SD {sd:g}) n={n}"

    treated = arm(row.treatment_mean, row.treatment_sd, row.treatment_n)
    if row.comparison is Comparison.SINGLE_ARM:
        return f"{treated} (a single arm)"
    return f"{treated} vs {arm(row.control_mean, row.control_sd, row.control_n)}"


def study_label(effect: StudyEffect) -> str:
    weight = f", weight {effect.weight:.0f}%" if effect.weight is not None else ""
    return f"{effect.row.study}{weight}"


def wrap_to_width(text: str, width: float, size: int) -> list[str]:
    from ivig_evidence.terminal import wrap as wrap_words

    return wrap_words(text, max(10, int((width - 4) / (size * 0.62))))


@dataclass(frozen=True)
class Axis:
    measure: EffectMeasure
    low: float
    high: float
    left: float
    width: float

    @property
    def ratio(self) -> bool:
        return es.is_ratio(self.measure)

    @property
    def null(self) -> float:
        return 1.0 if self.ratio else 0.0

    def _t(self, value: float) -> float:
        return math.log(value) if self.ratio else value

    def x(self, value: float) -> float:
        """The x of ``value``, held inside the axis (the caller draws an arrow there)."""
        low, high = self._t(self.low), self._t(self.high)
        t = min(max(self._t(max(value, 1e-12)) if self.ratio else value, low), high)
        return self.left + (t - low) / (high - low) * self.width

    def beyond(self, value: float) -> bool:
        return value < self.low or value > self.high

    def ticks(self) -> list[float]:
        """Tick values whose labels do not touch: the line of no effect first, then the
        rest by how round they are, each kept only where its label has room."""
        if self.ratio:
            candidates = [t for t in RATIO_TICKS if self.low <= t <= self.high]
        else:
            span = self.high - self.low
            step = _nice_step(span / 5)
            first = math.ceil(self.low / step) * step
            candidates = []
            value = first
            while value <= self.high + 1e-9:
                candidates.append(round(value, 10))
                value += step
        priority = sorted(
            candidates,
            key=lambda t: (t != self.null, not _round_number(t, self.ratio), abs(self._t(t))),
        )
        kept: list[tuple[float, float]] = []  # (left, right) of each kept label
        chosen = []
        for tick in priority:
            half = text_width(tick_label(tick), SMALL) / 2
            left, right = self.x(tick) - half, self.x(tick) + half
            if all(right + 4 < a or left - 4 > b for a, b in kept):
                kept.append((left, right))
                chosen.append(tick)
        return sorted(chosen)


def _nice_step(rough: float) -> float:
    if rough <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if rough <= factor * power:
            return float(factor * power)
    return float(10 * power)


def _round_number(value: float, ratio: bool) -> bool:
    if ratio:
        return value > 0 and abs(math.log10(value) - round(math.log10(value))) < 1e-9
    return value == 0 or abs(value / 10 ** math.floor(math.log10(abs(value))) - 1) < 1e-9


def tick_label(value: float) -> str:
    return f"{value:g}"


def axis_for(group: OutcomeGroup, left: float) -> Axis | None:
    if group.measure is None:
        return None
    drawn = [e.plotted for e in group.effects if isinstance(e.plotted, es.Effect)]
    if not drawn:
        return None
    lows = [d.ci_low for d in drawn]
    highs = [d.ci_high for d in drawn]
    if isinstance(group.pooled, es.Pooled):
        lows.append(group.pooled.ci_low)
        highs.append(group.pooled.ci_high)
    if es.is_ratio(group.measure):
        low = min([*lows, 1.0, *(d.value for d in drawn)])
        high = max([*highs, 1.0, *(d.value for d in drawn)])
        low = max(RATIO_BOUNDS[0], max(t for t in RATIO_TICKS if t <= max(low, 0.001)))
        high = min(RATIO_BOUNDS[1], min(t for t in RATIO_TICKS if t >= min(high, 1000)))
        if low >= 1.0:
            low = 0.5
        if high <= 1.0:
            high = 2.0
    else:
        low, high = min([*lows, 0.0]), max([*highs, 0.0])
        pad = (high - low) * 0.05 or 1.0
        step = _nice_step((high - low + 2 * pad) / 5)
        low = math.floor((low - pad) / step) * step
        high = math.ceil((high + pad) / step) * step
    return Axis(group.measure, low, high, left, PLOT_W)


def favours(group: OutcomeGroup) -> tuple[str, str]:
    """The words under each end of the axis: which arm a value on that side favours.
    Above the line of no effect the IVIG arm has more events (or a higher mean)."""
    if group.better is Better.HIGHER:
        return "favours control", "favours IVIG"
    return "favours IVIG", "favours control"


def _square(effect: StudyEffect) -> float:
    """Half the side of a trial's square: its area by weight where pooled."""
    if effect.weight is None:
        return 4.5
    return 3.0 + 7.0 * math.sqrt(effect.weight / 100)


def _recomputed_line(effect: StudyEffect) -> tuple[str, str | None]:
    """(the recomputed figure, a word on the stated one where it differs or agrees)."""
    row = effect.row
    plotted = effect.plotted
    if not effect.drawn:
        if not row.compares:
            why = "stated effect only" if row.comparison.value != "single_arm" else "single arm"
            return f"listed, not drawn: {why}", None
        assert isinstance(plotted, es.NotEstimable)
        return f"not estimable: {plotted.reason}", None
    assert isinstance(plotted, es.Effect)
    text = (
        f"recomputed {MEASURE_SHORT[plotted.measure]} {number(plotted.value)} "
        f"({number(plotted.ci_low)} to {number(plotted.ci_high)})"
    )
    if plotted.correction:
        text += "*"  # the correction is said under the panel, not widening the plot
    return text, None


def trial_notes(effect: StudyEffect) -> list[str]:
    """What a reader must know of one trial's figures, said under its panel: a zero cell's
    correction, and a stated figure read in another document than the paper."""
    notes = []
    if isinstance(effect.plotted, es.Effect) and effect.plotted.correction:
        notes.append(f"* {study_label(effect)}: {effect.plotted.correction}.")
    if effect.row.stated_elsewhere and effect.row.stated_value is not None:
        notes.append(
            f"{study_label(effect)}: the stated figure is from a {effect.row.stated_elsewhere}, "
            "not the paper."
        )
    return notes


def _stated_line(effect: StudyEffect) -> tuple[str, str | None, str | None]:
    """(the stated figure, a verdict word, its colour)."""
    row = effect.row
    if row.stated_measure is None or row.stated_value is None:
        return "stated: none", None, None
    text = f"stated {MEASURE_SHORT[row.stated_measure]} {number(row.stated_value, es.decimals(row.stated_value))}"
    if row.stated_ci_low is not None and row.stated_ci_high is not None:
        text += (
            f" ({number(row.stated_ci_low, es.decimals(row.stated_ci_low))} to "
            f"{number(row.stated_ci_high, es.decimals(row.stated_ci_high))})"
        )
    if effect.check is None:
        return text, None, None
    if effect.check.agrees:
        return text, "agrees", AGREES
    return text, "differs", DIFFERS


def _text(x: float, y: float, text: str, *, size: int = SIZE, anchor: str = "start",
          fill: str = INK, bold: bool = False, css: str = "label") -> str:  # fmt: skip
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" {FONT} font-size="{size}"{weight} '
        f'text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'
    )


def forest_svg(view: EffectsView, *, title: str) -> str:
    """The forest plot of ``view`` as a self-contained SVG image."""
    rows = [e for g in view.groups for e in g.effects]
    labels = [study_label(e) for e in rows]
    seconds = [short_arms(e.row) for e in rows]
    label_w = max([text_width(t, SIZE) for t in labels]
                  + [text_width("Pooled (random effects)", SIZE, bold=True)]
                  + [text_width(t, SMALL) for t in seconds] + [120])  # fmt: skip
    rights = []
    for effect in rows:
        rights.append(text_width(_recomputed_line(effect)[0], SMALL))
        stated, verdict, _ = _stated_line(effect)
        rights.append(text_width(stated + (f"  {verdict}" if verdict else ""), SMALL))
    for group in view.groups:
        if isinstance(group.pooled, es.Pooled):
            rights.append(text_width(_pooled_line(group), SMALL, bold=True))
    right_w = max([*rights, 160])
    plot_left = MARGIN + label_w + GAP
    right_left = plot_left + PLOT_W + GAP
    width = math.ceil(max(right_left + right_w + MARGIN, 560))
    inner = width - 2 * MARGIN
    out: list[str] = []
    y = 10.0
    for line in wrap_to_width(title, inner, 16):
        y += 20
        out.append(_text(MARGIN, y, line, size=16, bold=True, css="title"))
    if view.nothing is not None and not view.groups:
        for line in wrap_to_width(view.nothing, inner, SIZE):
            y += 18
            out.append(_text(MARGIN, y, line, fill=MUTED, css="note"))
    for group in view.groups:
        y = _panel(out, group, y + 16, plot_left, right_left, inner)
    if view.nothing is not None and view.groups:
        for line in wrap_to_width(view.nothing, inner, SIZE):
            y += 18
            out.append(_text(MARGIN, y, line, fill=MUTED, css="note"))
    y += 10
    legend = (
        "How to read it: each square is a trial's effect recomputed from its arms' counts "
        "or means (its area by the trial's weight where the outcome is pooled), the line "
        "through it the 95% confidence interval (an arrow: it runs past the axis); a "
        "diamond is the pooled estimate (DerSimonian-Laird random effects, only over two "
        "or more trials of one outcome and design); the dashed line is no effect. Beside "
        "each trial, the figure recomputed here and the figure its paper states, with "
        "whether they agree to the precision printed. A trial with a stated effect only, "
        "or a single arm, is listed and not drawn."
    )
    for line in wrap_to_width(legend, inner, SMALL):
        y += 15
        out.append(_text(MARGIN, y, line, size=SMALL, fill=MUTED, css="legend"))
    height = math.ceil(y + 16)
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="forest-title forest-desc">',
        f'<title id="forest-title">{escape(title)}</title>',
        '<desc id="forest-desc">Forest plot: each trial\'s effect with its 95% confidence '
        "interval, by outcome, with the paper's stated figure beside the recomputed one."
        "</desc>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    return "\n".join([*head, *out, "</svg>"]) + "\n"


def _pooled_line(group: OutcomeGroup) -> str:
    pooled = group.pooled
    assert isinstance(pooled, es.Pooled)
    return (
        f"{MEASURE_SHORT[pooled.measure]} {number(pooled.value)} ({number(pooled.ci_low)} to "
        f"{number(pooled.ci_high)}), I\u00b2 {pooled.i2:.0f}%, \u03c4\u00b2 {pooled.tau2:.3f}"
    )


def _panel(
    out: list[str],
    group: OutcomeGroup,
    top: float,
    plot_left: float,
    right_left: float,
    inner: float,
) -> float:
    """One outcome group; returns the y its last line ends at."""
    y = top
    for line in wrap_to_width(group.title, inner, 13):
        y += 18
        out.append(_text(MARGIN, y, line, size=13, bold=True, css="heading"))
    axis = axis_for(group, plot_left)
    if group.measure is not None:
        scale = " (log scale)" if es.is_ratio(group.measure) else ""
        unit = group.effects[0].row.unit
        means = f"; means (SD) in {unit}" if unit and group.kind is OutcomeKind.CONTINUOUS else ""
        sub = f"{MEASURE_NAMES[group.measure]}{scale}, IVIG arm against control, 95% CIs{means}"
        for line in wrap_to_width(sub, inner, SMALL):
            y += 16
            out.append(_text(MARGIN, y, line, size=SMALL, fill=MUTED, css="note"))
    rows_top = y + 8
    for index, effect in enumerate(group.effects):
        row_top = rows_top + index * ROW_H
        mid = row_top + ROW_H / 2
        out.append(_text(MARGIN, mid - 3, study_label(effect), css="study"))
        out.append(_text(MARGIN, mid + 12, short_arms(effect.row), size=SMALL, fill=MUTED,
                         css="arms"))  # fmt: skip
        recomputed, _ = _recomputed_line(effect)
        out.append(_text(right_left, mid - 3, recomputed, size=SMALL, css="recomputed"))
        stated, verdict, colour = _stated_line(effect)
        if verdict and colour:
            out.append(
                f'<text class="stated" x="{right_left:.1f}" y="{mid + 12:.1f}" {FONT} '
                f'font-size="{SMALL}" fill="{INK}">{escape(stated)} '
                f'<tspan font-weight="bold" fill="{colour}">{verdict}</tspan></text>'
            )
        else:
            out.append(_text(right_left, mid + 12, stated, size=SMALL, fill=MUTED,
                             css="stated"))  # fmt: skip
        if axis is not None and isinstance(effect.plotted, es.Effect):
            _trial(out, axis, effect, mid)
    y = rows_top + len(group.effects) * ROW_H
    if axis is not None and isinstance(group.pooled, es.Pooled):
        mid = y + ROW_H / 2
        pooled = group.pooled
        out.append(_text(MARGIN, mid + 4, "Pooled (random effects)", bold=True, css="study"))
        x0, x1, xm = axis.x(pooled.ci_low), axis.x(pooled.ci_high), axis.x(pooled.value)
        out.append(
            f'<polygon points="{x0:.1f},{mid:.1f} {xm:.1f},{mid - 7:.1f} {x1:.1f},{mid:.1f} '
            f'{xm:.1f},{mid + 7:.1f}" fill="{INK}"/>'
        )
        out.append(_text(right_left, mid + 4, _pooled_line(group), size=SMALL, bold=True,
                         css="recomputed"))  # fmt: skip
        y += ROW_H
    if axis is not None:
        nx = axis.x(axis.null)
        out.append(
            f'<line x1="{nx:.1f}" y1="{rows_top:.1f}" x2="{nx:.1f}" y2="{y:.1f}" '
            f'stroke="{MUTED}" stroke-dasharray="4 3"/>'
        )
        out.append(
            f'<line x1="{axis.left:.1f}" y1="{y:.1f}" x2="{axis.left + axis.width:.1f}" '
            f'y2="{y:.1f}" stroke="{INK}"/>'
        )
        for tick in axis.ticks():
            tx = axis.x(tick)
            out.append(f'<line x1="{tx:.1f}" y1="{y:.1f}" x2="{tx:.1f}" y2="{y + 4:.1f}" '
                       f'stroke="{INK}"/>')  # fmt: skip
            out.append(_text(tx, y + 16, tick_label(tick), size=SMALL, anchor="middle",
                             css="tick"))  # fmt: skip
        left_words, right_words = favours(group)
        out.append(_text(nx - 6, y + 32, f"\u2190 {left_words}", size=SMALL, anchor="end",
                         fill=MUTED, css="side"))  # fmt: skip
        out.append(_text(nx + 6, y + 32, f"{right_words} \u2192", size=SMALL, fill=MUTED,
                         css="side"))  # fmt: skip
        y += 36
    notes = [note for effect in group.effects for note in trial_notes(effect)]
    if isinstance(group.pooled, es.NotEstimable):
        notes.append(pooled_text(group))
    if group.apart:
        notes.append(group.apart[0].upper() + group.apart[1:])
    for note in notes:
        for line in wrap_to_width(note, inner, SMALL):
            y += 15
            out.append(_text(MARGIN, y, line, size=SMALL, fill=MUTED, css="note"))
    return y + 6


def _trial(out: list[str], axis: Axis, effect: StudyEffect, mid: float) -> None:
    plotted = effect.plotted
    assert isinstance(plotted, es.Effect)
    x0, x1, xm = axis.x(plotted.ci_low), axis.x(plotted.ci_high), axis.x(plotted.value)
    out.append(
        f'<line x1="{x0:.1f}" y1="{mid:.1f}" x2="{x1:.1f}" y2="{mid:.1f}" '
        f'stroke="{CI_INK}" stroke-width="1.5"/>'
    )
    for end, x, direction in ((plotted.ci_low, x0, -1), (plotted.ci_high, x1, 1)):
        if axis.beyond(end):
            out.append(
                f'<polygon points="{x + direction * 6:.1f},{mid:.1f} {x:.1f},{mid - 4:.1f} '
                f'{x:.1f},{mid + 4:.1f}" fill="{CI_INK}"/>'
            )
    half = _square(effect)
    out.append(
        f'<rect x="{xm - half:.1f}" y="{mid - half:.1f}" width="{2 * half:.1f}" '
        f'height="{2 * half:.1f}" fill="{CI_INK}"/>'
    )
