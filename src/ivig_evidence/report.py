"""The evidence dossier: one self-contained HTML file for an indication, to circulate.

Everything a committee needs on one page, offline and printable: the bottom line in
the sources' own words, the studies by design with their level of evidence and
whether the primary record confirms them, every body's position on one scale, the
recorded regimens with their flags, the evidence map, where sources disagree, the
numbered references, the data release and the disclaimer. No script, no fetch: the
style is inline and the chart is an inline SVG. Status is a word as well as a colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from ivig_evidence import DISCLAIMER, vocab

if TYPE_CHECKING:
    from ivig_evidence.evidence import EvidenceProfile
    from ivig_evidence.store.reader import Reader

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
  max-width: 70rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: .3rem .45rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: #f2f2f2; } td.num { text-align: right; white-space: nowrap; }
.status { font-weight: 600; white-space: nowrap; }
.confirmed { color: #11602a; } .contradicted { color: #a4161a; } .unconfirmed { color: #8a5a00; }
.flag { color: #a4161a; font-weight: 600; }
.disclaimer { border: 2px solid #a4161a; padding: .6rem .8rem; background: #fff6f6; }
.warning { border-left: 4px solid #a40000; padding-left: .6rem; }
.meta { color: #555; } blockquote { margin: .3rem 0 .3rem 1rem; font-style: italic; }
figure { margin: 1rem 0; overflow-x: auto; } svg { max-width: 100%; height: auto; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
  tr { break-inside: avoid; } a { color: inherit; } }
"""


def _cell(value: object) -> str:
    return "unknown" if value is None or value == "" else escape(str(value))


def _table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table whose cells are already HTML; headers are column headers (scope=col)."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _status(status: str) -> str:
    """Colour and the word: never colour alone."""
    return f'<span class="status {escape(status)}">{escape(status)}</span>'


def _link(url: str, text: str) -> str:
    return f'<a href="{escape(url, quote=True)}">{escape(text)}</a>'


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
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>IVIG evidence dossier: {escape(name)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<header><h1>IVIG evidence dossier: {escape(name)}</h1>",
        f'<p class="meta">Indication <code>{escape(slug)}</code>, with those beneath it: '
        f"{escape(', '.join(profile.scope))}. Made with ivig-evidence from its {escape(stamp)} "
        f"on {date.today().isoformat()}.</p>",
        f'<p class="disclaimer" role="note">{escape(DISCLAIMER)}</p></header><main>',
    ]

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
    rows = []
    for group in profile.groups:
        for study in group.studies:
            rows.append(
                [
                    escape(vocab.DESIGN_LABELS[vocab.Design(study.design)]),
                    escape(study.id),
                    _cell(study.first_author),
                    _cell(study.year),
                    _cell(study.n),
                    _cell(study.dose_text),
                    _cell(study.result),
                    escape(vocab.evidence_level(study.design, study.direction)),
                    _status(study.status),
                ]
            )
    parts.append(
        _table(
            f"Studies of IVIG for {name}",
            (
                "design",
                "study",
                "first author",
                "year",
                "n",
                "dose",
                "result",
                "level of evidence",
                "checked against the primary record",
            ),
            rows,
        )
    )
    more = [f"{g.more} more {g.design}" for g in profile.groups if g.more]
    if more:
        parts.append(
            f'<p class="meta">Not shown: {escape("; ".join(more))} '
            f"(<code>ivig studies -i {escape(slug)}</code> lists them).</p>"
        )
    parts.append("</section>")

    parts.append('<section id="positions"><h2>What each body says, on one scale</h2>')
    positions = sorted(profile.positions, key=lambda p: (p.category_rank, p.body))
    parts.append(
        _table(
            "Guideline, regulatory, funding and source positions",
            (
                "scale",
                "body",
                "standing",
                "checked",
                "document, edition, year",
                "their words",
                "conditions",
            ),
            [
                [
                    f"{p.category_rank}. {escape(p.category)}",
                    escape(p.body),
                    escape(p.standing),
                    escape(p.check_status),
                    escape(
                        ", ".join(str(x) for x in (p.document_title, p.edition, p.year) if x)
                        or "not stated"
                    ),
                    f"<q>{escape(p.wording)}</q>",
                    _cell(p.conditions),
                ]
                for p in positions
            ],
        )
    )
    parts.append("</section>")

    parts.append(
        '<section id="doses"><h2>Recorded regimens</h2>'
        '<p class="meta">As each source states it, with the structured reading; '
        "an ambiguous regimen is flagged with its readings, never resolved by "
        "guess. For a patient's figures, the safest defensible reading first, use "
        f"<code>ivig dose -i {escape(slug)} --weight KG</code>.</p>"
    )
    dose_rows = []
    for regimen in profile.doses.regimens:
        amount = (
            f"{regimen.amount_low:g}-{regimen.amount_high:g} {regimen.unit} {regimen.basis.replace('_', ' ')}"
            if regimen.amount_low is not None
            and regimen.amount_high is not None
            and regimen.amount_low != regimen.amount_high
            else f"{regimen.amount_low:g} {regimen.unit} {regimen.basis.replace('_', ' ')}"
            if regimen.amount_low is not None
            else "no amount recorded"
        )
        flags = (
            f'<span class="flag">AMBIGUOUS</span>: {escape(regimen.ambiguity_note or "")}'
            if regimen.ambiguous
            else "none"
        )
        dose_rows.append(
            [
                escape(regimen.id),
                f"<q>{escape(regimen.text)}</q>",
                escape(amount),
                escape(regimen.interval.replace("_", " ")),
                flags,
                _cell(regimen.record_reading),
            ]
        )
    parts.append(
        _table(
            f"Regimens recorded for {name}",
            ("regimen", "as stated", "structured", "repeated", "flags", "primary literature"),
            dose_rows,
        )
    )
    parts.append("</section>")

    designs, map_rows = evidence_map(conn, rollup=True)
    in_scope = [r for r in map_rows if r.indication in profile.scope]
    names = {r["slug"]: r["name"] for r in fetch_rows(conn, "SELECT slug, name FROM indications")}
    parts.append('<section id="map"><h2>Evidence map</h2><figure>')
    parts.append(map_svg(designs, in_scope, names, title=f"Evidence map: {name}", rollup=True))
    parts.append(
        "<figcaption>Studies per indication and design (an indication counts the "
        "studies of those beneath it), with patients where known and the prevailing "
        "direction.</figcaption></figure></section>"
    )

    parts.append('<section id="disagreements"><h2>Where sources disagree</h2>')
    if profile.disagreements:
        parts.append(
            _table(
                "Statements the primary record contradicts, and bodies that differ",
                ("status", "about", "source says", "record says", "checked against"),
                [
                    [
                        _status(c.status)
                        if c.status in vocab.values(vocab.Status)
                        else escape(c.status),
                        escape(c.about),
                        f"<q>{escape(c.quote)}</q>",
                        _cell(c.record_says),
                        _cell(c.checked_against),
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
