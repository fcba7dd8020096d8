"""The review checklist as one self-contained HTML page, for the patient's file.

Like the dossier (report/, whose stylesheet and table cells it shares): no script, no
fetch, the style inline, printable on A4 and Letter with the page's name, the data
release and "page N of M" in the margins. Each section is a table of its lines: whose
rule, about what, the check in our words with a box to tick where the reviewer must
confirm, and the source (the body's sentence and its page's canonical address, its
edition and status). A line nothing recorded supports says "not recorded".
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from ivig_evidence import DISCLAIMER
from ivig_evidence.report.markup import Col, css_string, prose_html, style, table_html

if TYPE_CHECKING:
    from ivig_evidence.review.lines import Line, Ref
    from ivig_evidence.review.view import Review


# Joined to what follows: a browser may break an address after "?", "=" or "&", inside
# what reads as one word; it may break only at the slashes (<wbr>) and after hyphens.
JOINED = {"?": "?\u2060", "=": "=\u2060", "&": "&amp;\u2060"}


def _link(url: str) -> str:
    parts = []
    for part in url.split("/"):
        parts.append("".join(JOINED.get(char, escape(char)) for char in part))
    return f'<a href="{escape(url, quote=True)}">{"/<wbr>".join(parts)}</a>'


def _ref(ref: Ref, line_text: str, brief: bool = False) -> str:
    if ref.kind == "order":
        return f"the order as typed: <code>{escape(ref.quote or '')}</code>"
    if ref.kind == "none":
        return f'<span class="meta">{escape(ref.note or "not recorded")}</span>'
    bits = []
    if ref.quote and ref.quote not in line_text and not brief:
        bits.append(f"<q>{escape(ref.quote)}</q>")
    bits.append(_link(ref.url) if ref.url else escape(f"{ref.document} (address not known)"))
    if ref.edition:
        bits.append(escape(ref.edition))
    if ref.status and ref.status != "confirmed":
        status = f'<span class="status {escape(ref.status)}">{escape(ref.status)}</span>'
        bits.append(status + (f": {escape(ref.note)}" if ref.note else ""))
    return " ".join(bits)


def _check(line: Line) -> str:
    text = escape(line.text)
    text = re.sub(r"^\[ \]", '<span class="box" aria-label="to confirm">&#9744;</span>', text)
    if not line.recorded:
        return f'<span class="unrecorded">{text}</span>'
    return text


def _rows(lines: list[Line]) -> list[list[str]]:
    from ivig_evidence.review.lines import who

    return [
        [
            escape(who(line)),
            escape(line.about),
            _check(line),
            "<br>".join(dict.fromkeys(_ref(ref, line.text, line.brief) for ref in line.refs)),
        ]
        for line in lines
    ]


def review_page(review: Review) -> str:
    """The page for ``review``, its sections in order (a)-(h)."""
    from datetime import date

    from ivig_evidence.review.lines import SECTIONS
    from ivig_evidence.review.view import order_table

    order = review.order
    name = f"IVIG order review: {order.indication.name}"
    stamp = f"data release {review.release}" if review.release else "no data release recorded"
    running = (
        "@page { @top-left { content: "
        + css_string(name)
        + "; font: 8pt sans-serif; color: #555; } @bottom-left { content: "
        + css_string(f"ivig-evidence, {stamp}")
        + '; font: 8pt sans-serif; color: #555; } @bottom-right { content: "page " '
        'counter(page) " of " counter(pages); font: 8pt sans-serif; color: #555; } }'
        " .box { font-size: 1.1em; margin-right: .2em; }"
        " .unrecorded { color: #a4161a; font-weight: 600; }"
    )
    summary = "".join(
        f'<tr><th scope="row">{escape(str(field))}</th><td>{prose_html(str(value))}</td></tr>'
        for field, value in (list(row) for row in order_table(review).rows)
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(name)}</title>",
        f"<style>{style()}{running}</style></head><body>",
        f"<header><h1>{escape(name)}</h1>",
        '<p class="meta">A checklist for the reviewer: it decides nothing. Every line '
        "names its source; a rule no body's page in this database states is "
        f"&ldquo;not recorded&rdquo;. {escape(stamp)}; made {date.today().isoformat()}.</p>",
        f'<p class="disclaimer" role="note">{escape(DISCLAIMER)}</p>',
        f'<div class="scroll"><table><caption>The order</caption><tbody>{summary}</tbody>'
        "</table></div></header><main>",
    ]
    cols = (Col("whose", "prose"), Col("about", "key"), Col("check"), Col("source"))
    for key, title in SECTIONS.items():
        parts.append(f'<section id="section-{key}"><h2>({key}) {escape(title)}</h2>')
        parts.append(table_html(f"({key}) {title}", cols, _rows(review.section_lines(key))))
        parts.append("</section>")
    parts.append("</main>")
    parts.append(
        f'<footer><p class="disclaimer">{escape(DISCLAIMER)}</p>'
        f'<p class="meta">ivig-evidence, {escape(stamp)}; for the order '
        f"<code>{escape(order.typed)}</code>.</p></footer></body></html>"
    )
    return "\n".join(parts) + "\n"
