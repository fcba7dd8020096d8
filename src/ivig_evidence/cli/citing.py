"""Writing references, shared by `ivig cite` and `ivig studies --cite`."""

from __future__ import annotations

from collections.abc import Sequence

from ivig_evidence import vocab
from ivig_evidence.errors import UsageError
from ivig_evidence.queries import ReadConnection


def emit_citations(conn: ReadConnection, ids: Sequence[str], style: str) -> None:
    from ivig_evidence import cite, render

    valid = vocab.values(cite.CiteFormat)
    if style.lower() not in valid:
        guess = vocab.closest(style, valid)
        hint = f"; did you mean '{guess}'?" if guess else ""
        raise UsageError(f"unknown citation format '{style}'{hint} Valid: {', '.join(valid)}")
    works, skipped = cite.works_for(conn, ids)
    for reason in skipped:
        render.message(f"skipped {reason}")
    chosen = cite.CiteFormat(style.lower())
    if chosen is cite.CiteFormat.CSL_JSON:
        render.emit_json(cite.csl_json(works))
    elif works:
        text = cite.bibtex(works) if chosen is cite.CiteFormat.BIBTEX else cite.ris(works)
        print(text, end="")
