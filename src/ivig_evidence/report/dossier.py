"""The whole dossier: its head, the card, the sections, where sources disagree, the
numbered references, the data release and the disclaimer, as one HTML file.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ivig_evidence import DISCLAIMER, vocab
from ivig_evidence.report.card import design_card
from ivig_evidence.report.markup import (
    Col,
    about_html,
    css_string,
    link_html,
    prose_html,
    status_html,
    style,
    table_html,
)
from ivig_evidence.report.sections import (
    dossier_effects,
    dossier_map,
    dossier_positions,
    dossier_regimens,
    dossier_studies,
)

if TYPE_CHECKING:
    from ivig_evidence.evidence import EvidenceProfile
    from ivig_evidence.store.reader import Reader


def dossier(conn: Reader, profile: EvidenceProfile) -> str:
    """The dossier's HTML for the indication of ``profile``."""
    from datetime import date

    from ivig_evidence.citations.vancouver import reference
    from ivig_evidence.citations.works import publications_behind, works_for
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
        + css_string(f"IVIG evidence dossier: {name}")
        + "; font: 8pt sans-serif; color: #555; } @bottom-left { content: "
        + css_string(f"ivig-evidence, {stamp}")
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
    parts.append(design_card(profile))

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
    parts.append(dossier_studies(profile.groups, name))
    more = [f"{g.more} more {g.design}" for g in profile.groups if g.more]
    if more:
        parts.append(
            f'<p class="meta">Not shown: {escape("; ".join(more))} '
            f"(<code>ivig studies -i {escape(slug)}</code> lists them).</p>"
        )
    parts.append("</section>")

    parts.append('<section id="positions"><h2>What each body says, on one scale</h2>')
    parts.append(dossier_positions(profile.positions))
    parts.append("</section>")

    parts.append(
        '<section id="doses"><h2>Recorded regimens</h2>'
        '<p class="meta">As each source states it, with the structured reading; '
        "an ambiguous regimen is flagged with its readings, never resolved by "
        "guess. For a patient's figures, the safest defensible reading first, use "
        f"<code>ivig dose -i {escape(slug)} --weight KG</code>.</p>"
    )
    parts.append(dossier_regimens(profile.doses.regimens, name))
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
    parts.append(dossier_map(in_scope, names))
    parts.append(
        '<details class="picture"><summary>The map as a chart</summary><figure>'
        + map_svg(designs, in_scope, names, title=f"Evidence map: {name}", rollup=True)
        + "<figcaption>Studies per indication and design (an indication counts the "
        "studies of those beneath it), with patients where known and the prevailing "
        "direction.</figcaption></figure></details></section>"
    )

    parts.append(dossier_effects(conn, profile))

    parts.append('<section id="disagreements"><h2>Where sources disagree</h2>')
    if profile.disagreements:
        parts.append(
            table_html(
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
                        status_html(c.status)
                        if c.status in vocab.values(vocab.Status)
                        else escape(c.status),
                        about_html(c.about),
                        f"<q>{escape(c.quote)}</q>",
                        prose_html(c.record_says),
                        prose_html(c.checked_against),
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
    for work in works:  # written as `ivig cite` writes them: citations.vancouver.reference
        ref = reference(work)
        bits = [escape(ref.text), *(link_html(address, label) for address, label in ref.links)]
        if ref.read_on:
            bits.append(escape(f"read on {ref.read_on}"))
        parts.append(f'<li id="ref-{escape(work.id)}">' + " ".join(bits) + "</li>")
    parts.append("</ol></section></main>")
    parts.append(
        f'<footer><p class="disclaimer">{escape(DISCLAIMER)}</p>'
        f'<p class="meta">ivig-evidence, {escape(stamp)}.</p></footer></body></html>'
    )
    return "\n".join(parts) + "\n"
