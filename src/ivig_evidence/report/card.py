"""The dossier's first screen, the design card: the studies by design with year, n,
dose and outcome, every body's position with its source's standing, and the recorded
doses.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from ivig_evidence import vocab
from ivig_evidence.report.markup import (
    Col,
    cell_class,
    cell_html,
    frame_html,
    id_html,
    outcome_html,
    status_html,
    table_html,
)

if TYPE_CHECKING:
    from ivig_evidence.doses.regimen import Regimen
    from ivig_evidence.evidence import EvidenceProfile
    from ivig_evidence.positions import Position
    from ivig_evidence.studies.listing import Study


def regimen_amount(regimen: Regimen) -> str | None:
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


def regimen_interval(regimen: Regimen) -> str:
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
        amount = regimen_amount(regimen)
        if amount is None:
            texts.append(f"<q>{escape(regimen.text)}</q>")
            continue
        interval = regimen_interval(regimen)
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
    return id_html(study.id)


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
                + "".join(
                    f"<td{cell_class(c.kind)}>{v}</td>" for c, v in zip(cols[1:], row, strict=True)
                )
                + "</tr>"
            )
        bodies.append("<tbody>" + "".join(lines) + "</tbody>")
    return frame_html(caption, cols, "".join(bodies), note=note)


def design_card(profile: EvidenceProfile) -> str:
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
                        cell_html(study.year),
                        cell_html(study.n),
                        _doses_brief(study.regimens),
                        outcome_html(study.direction),
                        status_html(study.status),
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
                        " ".join(id_html(s) for s in slugs),
                        escape(standing),
                        status_html(check)
                        if check in vocab.values(vocab.Status)
                        else escape(check),
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
    return table_html(
        "Doses recorded apart from a study",
        (Col("dose"), Col("on"), Col("source")),
        [
            [
                _doses_brief([r]),
                " ".join(id_html(slug) for slug in r.applies_to) or "unknown",
                " ".join(id_html(d) for d in dict.fromkeys(s.document for s in r.sources))
                or escape(r.context),
            ]
            for r in apart
        ],
        note=f"({where})",
    )
