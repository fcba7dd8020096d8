"""References for publications: BibTeX, RIS and CSL-JSON, writing only what is known.

A publication is read once as a ``Work`` (works.py, with its people and journal from
people.py and journals.py); each format writes it (bibtex.py, ris.py, csl_json.py,
named as people call them in formats.py), and the dossier's numbered list reads it in
Vancouver's order (vancouver.py).
"""

from ivig_evidence.citations.bibtex import bibtex
from ivig_evidence.citations.csl_json import csl_json
from ivig_evidence.citations.formats import CiteFormat, cite_format
from ivig_evidence.citations.people import people_from_list
from ivig_evidence.citations.ris import ris
from ivig_evidence.citations.works import (
    CITATION_COLUMNS,
    publications_behind,
    work_from_row,
    works_for,
)

__all__ = [
    "CITATION_COLUMNS",
    "CiteFormat",
    "bibtex",
    "cite_format",
    "csl_json",
    "people_from_list",
    "publications_behind",
    "ris",
    "work_from_row",
    "works_for",
]
