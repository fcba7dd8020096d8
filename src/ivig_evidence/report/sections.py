"""The dossier's detail, a section each: the evidence map, the studies with their
results and level of evidence, the positions in their own words, the regimens with
their flags, and the effect sizes with their forest plots.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from ivig_evidence import vocab
from ivig_evidence.report.card import regimen_amount, regimen_interval
from ivig_evidence.report.markup import (
    Col,
    cell_html,
    frame_html,
    id_html,
    prose_html,
    row_html,
    status_html,
    table_html,
)

if TYPE_CHECKING:
    from ivig_evidence.doses.regimen import Regimen
    from ivig_evidence.evidence import EvidenceProfile
    from ivig_evidence.evidence_map import MapRow
    from ivig_evidence.positions import Position
    from ivig_evidence.store.reader import Reader
    from ivig_evidence.studies.by_design import DesignGroup


def dossier_map(rows: Sequence[MapRow], names: dict[str, str]) -> str:
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
        label = f"{escape(names.get(row.indication, row.indication))} {id_html(row.indication)}"
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
        lines += [row_html(cols, cells, anchor) for cells, anchor in rows]
        bodies.append("<tbody>" + "".join(lines) + "</tbody>")
    return frame_html(caption, cols, "".join(bodies), note=note)


def dossier_studies(groups: Sequence[DesignGroup], name: str) -> str:
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
                            f"{cell_html(study.first_author)}<br>{id_html(study.id)}",
                            cell_html(study.year),
                            cell_html(study.n),
                            prose_html(study.dose_text),
                            prose_html(study.result),
                            escape(vocab.evidence_level(study.design, study.direction)),
                            status_html(study.status),
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


def dossier_positions(positions: Sequence[Position]) -> str:
    """Every position in full, a row group per step of the scale."""
    steps: dict[str, list[tuple[Sequence[str], str | None]]] = {}
    for p in sorted(positions, key=lambda p: (p.category_rank, p.body)):
        steps.setdefault(f"{p.category_rank}. {p.category}", []).append(
            (
                [
                    f"{escape(p.body)}<br>on {id_html(p.indication)}",
                    escape(p.standing),
                    status_html(p.check_status)
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
                    prose_html(p.conditions),
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


def dossier_regimens(regimens: Sequence[Regimen], name: str) -> str:
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
            f"studied: {escape(label) if label and label != regimen.study_id else id_html(regimen.study_id)}"
            if regimen.study_id
            else escape(regimen.context)
        )
        reading = regimen_amount(regimen) or "no amount recorded"
        rows.append(
            [
                f"{escape(reading)}; repeated: {escape(regimen_interval(regimen))}<br>{id_html(regimen.id)}",
                f"<q>{escape(regimen.text)}</q>",
                where,
                flags,
                prose_html(regimen.record_reading),
            ]
        )
    return table_html(
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


def dossier_effects(conn: Reader, profile: EvidenceProfile) -> str:
    """The effect sizes: each paper's stated effect beside the one recomputed from its
    arms, what was pooled and why not, and the forest plot (printed as it is: its
    text is drawn at a size that stays legible on A4 and Letter)."""
    from ivig_evidence.effects.forest_plot import forest_svg
    from ivig_evidence.effects.views import effect_cells, effects_view, pooled_cells

    view = effects_view(conn, profile.indication, profile.scope)
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
            f"{escape(e.row.study)}<br>{id_html(e.row.study_id)}",
            escape(cells[1]),
            escape(cells[2]),
            escape(cells[3]),
            escape(cells[4]),
            escape(cells[5]),
        ]
        for g in view.groups
        for e in g.effects
        for cells in [effect_cells(e)]
    ]
    parts.append(
        table_html(
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
        table_html(
            "Pooled where honest",
            (Col("outcome"), Col("trials", "num"), Col("pooled", width="55%")),
            [
                [escape(str(c)) if i != 1 else str(c) for i, c in enumerate(pooled_cells(g))]
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
