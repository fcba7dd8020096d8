"""The evidence dossier: one self-contained HTML file for an indication, to circulate.

Everything a committee needs, offline and printable. Its first screen is the design
card: the studies by design with year, n, dose and outcome, every body's position
with its source's standing, and the recorded doses. The detail follows: the bottom
line in the sources' own words, the studies with their results and level of
evidence, the positions in their own words, the regimens with their flags, the
evidence map, where sources disagree, the numbered references, the data release and
the disclaimer. No script, no fetch: the style (report.css) is inline and the map is
a table, with the chart as an inline SVG. Status is a word as well as a colour.

Every table cell says what it holds (a number, an id, a vocabulary word or prose),
and report.css decides from that how it may wrap: numbers and ids never, prose at
spaces only. tests/test_dossier_layout.py measures it in Chromium, on screen and on
A4 and Letter paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import TYPE_CHECKING, Literal

from ivig_evidence import DISCLAIMER, vocab

if TYPE_CHECKING:
    from ivig_evidence.doses.regimen import Regimen
    from ivig_evidence.evidence import EvidenceProfile
    from ivig_evidence.evidence_map import MapRow
    from ivig_evidence.positions import Position
    from ivig_evidence.store.reader import Reader
    from ivig_evidence.studies import DesignGroup, Study

# How a cell may wrap (report.css): a number, an id and a vocabulary word never; prose
# at spaces.
CellKind = Literal["num", "id", "key", "prose"]

OUTCOME_WORDS = {
    vocab.Direction.BENEFIT: "benefit",
    vocab.Direction.NO_BENEFIT: "no benefit",
    vocab.Direction.MIXED: "mixed",
    vocab.Direction.NOT_APPLICABLE: "n/a",
}


@cache
def style() -> str:
    """The dossier's stylesheet, read once from report.css beside this module."""
    from importlib.resources import files

    return files("ivig_evidence").joinpath("report.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Col:
    header: str
    kind: CellKind = "prose"
    # A share of the table for a prose column whose longest line would take more than
    # its due (a <col> width); None leaves it to the browser.
    width: str | None = None


def _cls(kind: CellKind) -> str:
    return "" if kind == "prose" else f' class="{kind}"'


def _cell(value: object) -> str:
    return "unknown" if value is None or value == "" else escape(str(value))


def _table(
    caption: str,
    cols: Sequence[Col],
    rows: Iterable[Sequence[str]],
    *,
    note: str = "",
) -> str:
    """A table whose cells are already HTML; each column's kind sets how it wraps."""
    body = "".join(_tr(cols, row) for row in rows)
    return _frame(caption, cols, f"<tbody>{body}</tbody>", note=note)


def _frame(caption: str, cols: Sequence[Col], bodies: str, *, note: str = "") -> str:
    """The table around ``bodies``; ``note`` (HTML) follows the caption in small type.
    A table with no row is a sentence saying so (a condition with nothing recorded yet
    would otherwise print headers over nothing)."""
    if "<tr" not in bodies:
        return f'<p class="empty"><strong>{escape(caption)}</strong>: none recorded yet.</p>'
    head = "".join(f'<th scope="col"{_cls(c.kind)}>{escape(c.header)}</th>' for c in cols)
    widths = (
        "<colgroup>"
        + "".join(f'<col style="width: {c.width}">' if c.width else "<col>" for c in cols)
        + "</colgroup>"
        if any(c.width for c in cols)
        else ""
    )
    # The box scrolls, never the page, should a window be too narrow for the table.
    return (
        f'<div class="scroll"><table><caption>{escape(caption)}'
        + (f' <span class="meta">{note}</span>' if note else "")
        + "</caption>"
        + f"{widths}<thead><tr>{head}</tr></thead>{bodies}</table></div>"
    )


def _tr(cols: Sequence[Col], row: Sequence[str], anchor: str | None = None) -> str:
    ident = f' id="{escape(anchor, quote=True)}"' if anchor else ""
    cells = "".join(f"<td{_cls(c.kind)}>{v}</td>" for c, v in zip(cols, row, strict=True))
    return f"<tr{ident}>{cells}</tr>"


def _status(status: str) -> str:
    """Colour and the word: never colour alone."""
    return f'<span class="status {escape(status)}">{escape(status)}</span>'


def _outcome(direction: str) -> str:
    word = OUTCOME_WORDS[vocab.Direction(direction)]
    meaning = vocab.DIRECTION_MEANINGS[vocab.Direction(direction)]
    return f'<span class="{escape(direction)}" title="{escape(meaning)}">{escape(word)}</span>'


def _id(value: str) -> str:
    return f'<span class="id">{escape(value)}</span>'


def _about(about: str) -> str:
    """What a disagreement is about ('study silverman-1994', 'positions on ra'): the
    words, then the record's id, which never wraps."""
    words, _, ident = about.rpartition(" ")
    return f"{escape(words)} {_id(ident)}" if words else _id(ident)


def _link(url: str, text: str) -> str:
    return f'<a href="{escape(url, quote=True)}">{escape(text)}</a>'


def _prose(text: str | None) -> str:
    """Prose that may hold an address: an address may break after a slash (with a
    <wbr>), never inside a word, so one long link cannot widen its column."""
    if text is None or text == "":
        return "unknown"
    out = []
    for token in re.split(r"(\s+)", text):
        if token.startswith(("http://", "https://")):
            out.append("/<wbr>".join(escape(part) for part in token.split("/")))
        else:
            out.append(escape(token))
    return "".join(out)


def _css_string(text: str) -> str:
    """A CSS string literal: for the running header printed on every page."""
    return (
        '"'
        + "".join(ch if ch.isalnum() or ch in " .,:;()'-/" else f"\\{ord(ch):x} " for ch in text)
        + '"'
    )


def _amount(regimen: Regimen) -> str | None:
    """The structured reading, briefly: '0.4-2 g/kg a day for 2-5 days'."""
    if regimen.amount_low is None or regimen.unit is None:
        return None
    low = f"{regimen.amount_low:g}"
    high = f"{regimen.amount_high:g}" if regimen.amount_high is not None else low
    text = f"{low if low == high else f'{low}-{high}'} {regimen.unit}"
    text += {
        vocab.DoseBasis.PER_DAY: " a day",
        vocab.DoseBasis.PER_INFUSION: " an infusion",
        vocab.DoseBasis.PER_DOSE: "",
        vocab.DoseBasis.PER_COURSE: " a course",
    }.get(vocab.DoseBasis(regimen.basis), " (basis not stated)")
    if regimen.days_low is not None:
        days_high = regimen.days_high if regimen.days_high is not None else regimen.days_low
        days = (
            str(regimen.days_low)
            if regimen.days_low == days_high
            else f"{regimen.days_low}-{days_high}"
        )
        text += f" for {days} day" + ("" if days == "1" else "s")
    return text


def _repeated(regimen: Regimen) -> str:
    return (
        "not stated"
        if regimen.interval == vocab.DoseInterval.NOT_STATED
        else regimen.interval.replace("_", " ")
    )


def _doses_brief(regimens: Sequence[Regimen]) -> str:
    """Regimens briefly, for the card: each structured reading and how often, or the
    source's own words where no amount was recorded; AMBIGUOUS once if any is."""
    texts = []
    for regimen in regimens:
        amount = _amount(regimen)
        if amount is None:
            texts.append(f"<q>{escape(regimen.text)}</q>")
            continue
        interval = _repeated(regimen)
        # "for 3 days, daily" would say the days twice.
        daily = interval == "daily" and regimen.days_low is not None
        plain = interval == "not stated" or daily
        texts.append(escape(amount if plain else f"{amount}, {interval}"))
    text = "; ".join(dict.fromkeys(texts)) or "not recorded"
    if any(r.ambiguous for r in regimens):
        text += ' <span class="flag">AMBIGUOUS</span>'
    return text


def _study_name(study: Study) -> str:
    if study.first_author:
        return escape(study.first_author)
    return _id(study.id)


def _grouped(
    caption: str,
    cols: Sequence[Col],
    groups: Sequence[tuple[str, list[list[str]]]],
    *,
    note: str = "",
) -> str:
    """A table whose first column names a group once, for all its rows (rowspan): the
    card's studies by design and positions by scale, a line a row where they fit."""
    bodies = []
    for label, rows in groups:
        lines = []
        for index, row in enumerate(rows):
            first = f'<th scope="rowgroup" rowspan="{len(rows)}">{label}</th>' if index == 0 else ""
            lines.append(
                "<tr>"
                + first
                + "".join(f"<td{_cls(c.kind)}>{v}</td>" for c, v in zip(cols[1:], row, strict=True))
                + "</tr>"
            )
        bodies.append("<tbody>" + "".join(lines) + "</tbody>")
    return _frame(caption, cols, "".join(bodies), note=note)


def _card(profile: EvidenceProfile) -> str:
    """The design card: the indication's evidence at a glance, before any detail.
    Studies by design (year, n, dose, outcome, check), each body's position with
    its source's standing, and the doses recorded apart from a study."""
    parts = [
        '<section id="card" aria-labelledby="card-title">'
        '<h2 id="card-title">At a glance</h2><div class="card">'
    ]
    groups = []
    for group in profile.groups:
        label = escape(vocab.DESIGN_LABELS[vocab.Design(group.design)])
        if group.more:
            label += f' <span class="meta">(+{group.more} more)</span>'
        groups.append(
            (
                label,
                [
                    [
                        f'<a href="#study-{escape(study.id, quote=True)}">{_study_name(study)}</a>',
                        _cell(study.year),
                        _cell(study.n),
                        _doses_brief(study.regimens),
                        _outcome(study.direction),
                        _status(study.status),
                    ]
                    for study in group.studies
                ],
            )
        )
    if groups:
        total = sum(g.count for g in profile.groups)
        parts.append(
            _grouped(
                f"Studies by design, strongest first ({total} in all)",
                (
                    Col("design"),
                    Col("study"),
                    Col("year", "num"),
                    Col("n", "num"),
                    Col("dose"),
                    Col("outcome", "key"),
                    Col("checked", "key"),
                ),
                groups,
                note="(outcome n/a: not a study of treatment effect; checked: against the "
                "primary record)",
            )
        )
    else:
        parts.append("<p>No study recorded.</p>")
    # The doses before the positions: two or three lines that a long list of
    # positions would otherwise push below the first screen.
    parts.append(_card_doses(profile))
    parts.append(_card_positions(profile.positions))
    parts.append("</div></section>")
    return "".join(parts)


def _card_positions(positions: Sequence[Position]) -> str:
    """Positions by scale step; a body that says the same of several indications, from
    the same kind of source, is one row naming them all."""
    steps: dict[tuple[int, str], dict[tuple[str, str, str], list[str]]] = {}
    for p in sorted(positions, key=lambda p: (p.category_rank, p.body)):
        who = escape(p.body) + (f" ({p.year})" if p.year else "")
        if p.edition_status == vocab.EditionStatus.SUPERSEDED:
            who += f", {escape(p.edition or 'an edition')} (superseded)"
        bodies = steps.setdefault((p.category_rank, p.category), {})
        slugs = bodies.setdefault((who, p.standing, p.check_status), [])
        if p.indication not in slugs:
            slugs.append(p.indication)
    if not steps:
        return "<p>No body takes a position recorded here.</p>"
    return _grouped(
        "Positions, on one scale from 1 recommended to 6 not approved "
        "(7: approved on a product's label)",
        (
            Col("scale", width="17%"),
            Col("body", width="33%"),
            Col("on", width="22%"),
            Col("standing"),
            Col("checked", "key"),
        ),
        [
            (
                f"{rank}.&nbsp;{escape(category)}",
                [
                    [
                        who,
                        " ".join(_id(s) for s in slugs),
                        escape(standing),
                        _status(check) if check in vocab.values(vocab.Status) else escape(check),
                    ]
                    for (who, standing, check), slugs in bodies.items()
                ],
            )
            for (rank, category), bodies in steps.items()
        ],
    )


def _card_doses(profile: EvidenceProfile) -> str:
    """The doses a source suggests or a label gives; a studied regimen is on its
    study's row already."""
    apart = [r for r in profile.doses.regimens if r.study_id is None]
    studied = len(profile.doses.regimens) - len(apart)
    full = '<a href="#doses">Recorded regimens</a>'
    if not profile.doses.regimens:
        return "<p>No dose recorded.</p>"
    where = (
        f"{studied} studied regimen{'s are' if studied != 1 else ' is'} on "
        f"{'their' if studied != 1 else 'its'} study's row; all in full under {full}"
    )
    if not apart:
        return (
            "<p>No dose suggested or labelled apart from the studies "
            f'<span class="meta">({where})</span>.</p>'
        )
    return _table(
        "Doses recorded apart from a study",
        (Col("dose"), Col("on"), Col("source")),
        [
            [
                _doses_brief([r]),
                " ".join(_id(slug) for slug in r.applies_to) or "unknown",
                " ".join(_id(d) for d in dict.fromkeys(s.document for s in r.sources))
                or escape(r.context),
            ]
            for r in apart
        ],
        note=f"({where})",
    )


def _map(rows: Sequence[MapRow], names: dict[str, str]) -> str:
    """The evidence map as a table with the chart's shades and symbols: its words stay
    at reading size at any width and on paper, which the chart's fixed-size text,
    scaled to a page, does not."""
    from ivig_evidence.evidence_map import SHADES, SYMBOLS

    designs = [
        d.value for d in vocab.DESIGN_STRENGTH if any(r.cells[d.value].studies for r in rows)
    ]
    if not designs:
        return "<p>No study recorded.</p>"

    def shade(studies: int) -> str:
        least = max(n for n, _, _ in SHADES if studies >= n)
        return f"shade-{least}" if least else "empty"

    body = []
    for row in rows:
        cells = []
        for design in designs:
            cell = row.cells[design]
            if not cell.studies:
                cells.append('<td class="empty" title="no study">-</td>')
                continue
            symbol, meaning = SYMBOLS.get(cell.prevailing or "", ("?", "unknown"))
            patients = f" n={cell.patients}" if cell.patients is not None else ""
            cells.append(
                f'<td class="{shade(cell.studies)}" title="{escape(meaning)}">'
                f"{symbol}&nbsp;{cell.studies}{escape(patients)}</td>"
            )
        label = f"{escape(names.get(row.indication, row.indication))} {_id(row.indication)}"
        body.append(f'<tr><th scope="row">{label}</th>{"".join(cells)}</tr>')
    head = "".join(
        f'<th scope="col">{escape(vocab.DESIGN_LABELS[vocab.Design(d)])}</th>' for d in designs
    )
    shades = "".join(
        f'<span class="swatch {"shade-" + str(n) if n else ""}"></span>{escape(label)}'
        for n, _, label in SHADES
    )
    symbols = "; ".join(f"{s} {escape(label)}" for s, label in SYMBOLS.values())
    return (
        '<div class="scroll"><table class="map">'
        f"<caption>Studies per indication and design; an indication counts the studies of "
        f'those beneath it</caption><thead><tr><th scope="col">indication</th>{head}</tr>'
        f"</thead><tbody>{''.join(body)}</tbody></table></div>"
        f'<p class="legend">Studies in a cell: {shades}. Prevailing direction of the '
        f"results: {symbols}; n = patients where known.</p>"
    )


def _sectioned(
    caption: str,
    cols: Sequence[Col],
    groups: Iterable[tuple[str, Sequence[tuple[Sequence[str], str | None]]]],
    *,
    note: str = "",
) -> str:
    """A detail table in row groups, each headed by a row across the table (a design,
    a step of the scale): a column fewer than repeating it on every row. Each row may
    carry an anchor for the card to link to."""
    bodies = []
    for label, rows in groups:
        lines = [f'<tr class="group"><th scope="rowgroup" colspan="{len(cols)}">{label}</th></tr>']
        lines += [_tr(cols, cells, anchor) for cells, anchor in rows]
        bodies.append("<tbody>" + "".join(lines) + "</tbody>")
    return _frame(caption, cols, "".join(bodies), note=note)


def _studies(groups: Sequence[DesignGroup], name: str) -> str:
    """The studies in full, a row group per design; each row is the card's link target."""
    return _sectioned(
        f"Studies of IVIG for {name}",
        (
            Col("study"),
            Col("year", "num"),
            Col("n", "num"),
            Col("dose", width="20%"),
            Col("result", width="38%"),
            Col("level of evidence"),
            Col("checked", "key"),
        ),
        [
            (
                escape(vocab.DESIGN_LABELS[vocab.Design(group.design)])
                + f": {group.count} stud{'y' if group.count == 1 else 'ies'}",
                [
                    (
                        [
                            f"{_cell(study.first_author)}<br>{_id(study.id)}",
                            _cell(study.year),
                            _cell(study.n),
                            _prose(study.dose_text),
                            _prose(study.result),
                            escape(vocab.evidence_level(study.design, study.direction)),
                            _status(study.status),
                        ],
                        f"study-{study.id}",
                    )
                    for study in group.studies
                ],
            )
            for group in groups
        ],
        note="(checked: against the primary record)",
    )


def _positions(positions: Sequence[Position]) -> str:
    """Every position in full, a row group per step of the scale."""
    steps: dict[str, list[tuple[Sequence[str], str | None]]] = {}
    for p in sorted(positions, key=lambda p: (p.category_rank, p.body)):
        steps.setdefault(f"{p.category_rank}. {p.category}", []).append(
            (
                [
                    f"{escape(p.body)}<br>on {_id(p.indication)}",
                    escape(p.standing),
                    _status(p.check_status)
                    if p.check_status in vocab.values(vocab.Status)
                    else escape(p.check_status),
                    escape(
                        ", ".join(
                            str(x)
                            for x in (
                                p.document_title,
                                p.edition_shown,
                                p.year,
                                p.body_category and f"their category: {p.body_category}",
                            )
                            if x
                        )
                        or "not stated"
                    ),
                    f"<q>{escape(p.wording)}</q>",
                    _prose(p.conditions),
                ],
                None,
            )
        )
    return _sectioned(
        "Guideline, regulatory, funding and source positions",
        (
            Col("body, on"),
            Col("standing"),
            Col("checked", "key"),
            Col("document, edition, year"),
            Col("their words"),
            Col("conditions"),
        ),
        [(escape(step), rows) for step, rows in steps.items()],
    )


def _regimens(regimens: Sequence[Regimen], name: str) -> str:
    """Every regimen in full: the structured reading with its id, the source's words,
    where it comes from, its flags and what the primary literature says."""
    rows = []
    for regimen in regimens:
        flags = (
            f'<span class="flag">AMBIGUOUS</span>: {escape(regimen.ambiguity_note or "")}'
            if regimen.ambiguous
            else "none"
        )
        label = regimen.study_label
        where = (
            f"studied: {escape(label) if label and label != regimen.study_id else _id(regimen.study_id)}"
            if regimen.study_id
            else escape(regimen.context)
        )
        reading = _amount(regimen) or "no amount recorded"
        rows.append(
            [
                f"{escape(reading)}; repeated: {escape(_repeated(regimen))}<br>{_id(regimen.id)}",
                f"<q>{escape(regimen.text)}</q>",
                where,
                flags,
                _prose(regimen.record_reading),
            ]
        )
    return _table(
        f"Regimens recorded for {name}",
        (
            Col("regimen", width="22%"),
            Col("as stated", width="22%"),
            Col("from"),
            Col("flags", width="24%"),
            Col("primary literature", width="22%"),
        ),
        rows,
    )


def _effects(conn: Reader, profile: EvidenceProfile) -> str:
    """The effect sizes: each paper's stated effect beside the one recomputed from its
    arms, what was pooled and why not, and the forest plot (printed as it is: its
    text is drawn at a size that stays legible on A4 and Letter)."""
    from ivig_evidence import effects
    from ivig_evidence.forest_plot import forest_svg

    view = effects.effects_view(conn, profile.indication, profile.scope)
    parts = ['<section id="effects"><h2>Effect sizes, stated and recomputed</h2>']
    if view.nothing is not None and not view.groups:
        parts.append(f'<p class="empty">{escape(view.nothing[0].upper() + view.nothing[1:])}.</p>')
        return "".join(parts) + "</section>"
    parts.append(
        '<p class="meta">Each figure recomputed from the arms as the record gives them: '
        "risk and odds ratios with Wald 95% intervals on the log scale (0.5 added to every "
        "cell where one is zero), risk differences in percentage points, mean differences "
        "and Hedges' g; pooled by DerSimonian-Laird random effects only over two or more "
        "trials of one outcome and design. <code>ivig effects -i "
        f"{escape(profile.indication.slug)}</code> gives the same as data.</p>"
    )
    rows = [
        [
            f"{escape(e.row.study)}<br>{_id(e.row.study_id)}",
            escape(cells[1]),
            escape(cells[2]),
            escape(cells[3]),
            escape(cells[4]),
            escape(cells[5]),
        ]
        for g in view.groups
        for e in g.effects
        for cells in [effects.effect_cells(e)]
    ]
    parts.append(
        _table(
            "Each outcome: the paper's stated effect beside the same measure recomputed",
            (
                Col("study"),
                Col("outcome", width="15%"),
                Col("arms (IVIG vs control)", width="17%"),
                Col("stated effect", width="17%"),
                Col("recomputed from the arms", width="22%"),
                Col("check", width="14%"),
            ),
            rows,
        )
    )
    parts.append(
        _table(
            "Pooled where honest",
            (Col("outcome"), Col("trials", "num"), Col("pooled", width="55%")),
            [
                [
                    escape(str(c)) if i != 1 else str(c)
                    for i, c in enumerate(effects.pooled_cells(g))
                ]
                for g in view.groups
            ],
        )
    )
    if view.nothing is not None:
        parts.append(f'<p class="meta">{escape(view.nothing[0].upper() + view.nothing[1:])}.</p>')
    parts.append(
        '<figure class="forest">'
        + forest_svg(view, title=f"Effect sizes: {profile.indication.name}")
        + "<figcaption>Forest plot: each trial's effect recomputed from its arms, with its "
        "95% confidence interval; the stated figure beside it.</figcaption></figure>"
    )
    return "".join(parts) + "</section>"


def dossier(conn: Reader, profile: EvidenceProfile) -> str:
    """The dossier's HTML for the indication of ``profile``."""
    from datetime import date

    from ivig_evidence.citations import publications_behind, reference, works_for
    from ivig_evidence.evidence_map import evidence_map, map_svg
    from ivig_evidence.store.info import data_release
    from ivig_evidence.store.reader import fetch_rows

    slug = profile.indication.slug
    name = profile.indication.name
    release = data_release(conn)
    stamp = (
        f"data release {release.version} ({release.released_on})"
        if release
        else "no data release recorded"
    )
    others = [s for s in profile.scope if s != slug]
    beneath = f" and those beneath it: {escape(', '.join(others))}" if others else ""
    # Every printed page says what it is and where it came from, and which page it is.
    running = (
        "@page { @top-left { content: "
        + _css_string(f"IVIG evidence dossier: {name}")
        + "; font: 8pt sans-serif; color: #555; } @bottom-left { content: "
        + _css_string(f"ivig-evidence, {stamp}")
        + '; font: 8pt sans-serif; color: #555; } @bottom-right { content: "page " '
        'counter(page) " of " counter(pages); font: 8pt sans-serif; color: #555; } }'
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>IVIG evidence dossier: {escape(name)}</title>",
        f"<style>{style()}{running}</style></head><body>",
        f"<header><h1>IVIG evidence dossier: {escape(name)}</h1>",
        f'<p class="meta">Indication <code>{escape(slug)}</code>{beneath}; '
        f"{escape(stamp)}; made {date.today().isoformat()}.</p>",
        f'<p class="disclaimer" role="note">{escape(DISCLAIMER)}</p></header><main>',
    ]
    parts.append(_card(profile))

    parts.append('<section id="bottom-line"><h2>Bottom line, in the sources\' own words</h2>')
    if profile.standing_warning:
        parts.append(f'<p class="warning" role="note">{escape(profile.standing_warning)}</p>')
    if profile.bottom_line:
        parts += [
            f"<blockquote>{escape(line.reads)}</blockquote>"
            f'<p class="meta">— {escape(line.document)} ({escape(line.standing)})</p>'
            for line in profile.bottom_line
        ]
    else:
        parts.append("<p>No source states a position on this indication itself.</p>")
    parts.append("</section>")

    parts.append(
        f'<section id="studies"><h2>Studies, strongest design first</h2>'
        f'<p class="meta">Levels of evidence: {escape(profile.hierarchy)}.</p>'
    )
    parts.append(_studies(profile.groups, name))
    more = [f"{g.more} more {g.design}" for g in profile.groups if g.more]
    if more:
        parts.append(
            f'<p class="meta">Not shown: {escape("; ".join(more))} '
            f"(<code>ivig studies -i {escape(slug)}</code> lists them).</p>"
        )
    parts.append("</section>")

    parts.append('<section id="positions"><h2>What each body says, on one scale</h2>')
    parts.append(_positions(profile.positions))
    parts.append("</section>")

    parts.append(
        '<section id="doses"><h2>Recorded regimens</h2>'
        '<p class="meta">As each source states it, with the structured reading; '
        "an ambiguous regimen is flagged with its readings, never resolved by "
        "guess. For a patient's figures, the safest defensible reading first, use "
        f"<code>ivig dose -i {escape(slug)} --weight KG</code>.</p>"
    )
    parts.append(_regimens(profile.doses.regimens, name))
    if profile.doses.more:
        parts.append(
            '<p class="meta">Not shown: more regimens '
            f"(<code>ivig dose -i {escape(slug)}</code> lists them).</p>"
        )
    parts.append("</section>")

    designs, map_rows = evidence_map(conn, rollup=True)
    in_scope = [r for r in map_rows if r.indication in profile.scope]
    names = {r["slug"]: r["name"] for r in fetch_rows(conn, "SELECT slug, name FROM indications")}
    parts.append('<section id="map"><h2>Evidence map</h2>')
    parts.append(_map(in_scope, names))
    parts.append(
        '<details class="picture"><summary>The map as a chart</summary><figure>'
        + map_svg(designs, in_scope, names, title=f"Evidence map: {name}", rollup=True)
        + "<figcaption>Studies per indication and design (an indication counts the "
        "studies of those beneath it), with patients where known and the prevailing "
        "direction.</figcaption></figure></details></section>"
    )

    parts.append(_effects(conn, profile))

    parts.append('<section id="disagreements"><h2>Where sources disagree</h2>')
    if profile.disagreements:
        parts.append(
            _table(
                "Statements the primary record contradicts, and bodies that differ",
                (
                    Col("status", "key"),
                    Col("about"),
                    Col("source says"),
                    Col("record says"),
                    Col("checked against"),
                ),
                [
                    [
                        _status(c.status)
                        if c.status in vocab.values(vocab.Status)
                        else escape(c.status),
                        _about(c.about),
                        f"<q>{escape(c.quote)}</q>",
                        _prose(c.record_says),
                        _prose(c.checked_against),
                    ]
                    for c in profile.disagreements
                ],
            )
        )
    else:
        parts.append("<p>No disagreement recorded.</p>")
    parts.append("</section>")

    works, _ = works_for(conn, publications_behind(conn, profile.scope))
    parts.append('<section id="references"><h2>References</h2><ol>')
    for work in works:  # written as `ivig cite` writes them: citations.reference
        ref = reference(work)
        bits = [escape(ref.text), *(_link(address, label) for address, label in ref.links)]
        if ref.read_on:
            bits.append(escape(f"read on {ref.read_on}"))
        parts.append(f'<li id="ref-{escape(work.id)}">' + " ".join(bits) + "</li>")
    parts.append("</ol></section></main>")
    parts.append(
        f'<footer><p class="disclaimer">{escape(DISCLAIMER)}</p>'
        f'<p class="meta">ivig-evidence, {escape(stamp)}.</p></footer></body></html>'
    )
    return "\n".join(parts) + "\n"
