"""The citation formats `ivig cite` writes, and the names people call them by."""

from __future__ import annotations

from enum import StrEnum

from ivig_evidence.errors import UsageError

# What a person may call the format their program reads.
FORMAT_FOR = {
    "endnote": "ris",
    "refman": "ris",
    "mendeley": "ris",
    "zotero": "csl-json",
    "csl": "csl-json",
    "json": "csl-json",
    "bib": "bibtex",
    "latex": "bibtex",
    "biblatex": "bibtex",
}


class CiteFormat(StrEnum):
    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csl-json"


def cite_format(style: str) -> CiteFormat:
    """The citation format a user named; a usage error suggests the closest."""
    from ivig_evidence import vocab

    valid = vocab.values(CiteFormat)
    if style.lower() not in valid:
        guess = FORMAT_FOR.get(style.lower()) or vocab.closest(style, valid)
        hint = f"; did you mean '{guess}'?" if guess else ""
        raise UsageError(f"unknown citation format '{style}'{hint} Valid: {', '.join(valid)}")
    return CiteFormat(style.lower())
