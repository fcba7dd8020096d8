"""Journals under one name each, with NLM's abbreviation, whichever name a record gives."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Journal:
    """A journal under the one name every reference gives it, and NLM's abbreviation
    (which numeric medical styles print), with the other names records give it."""

    title: str
    abbreviation: str
    also: tuple[str, ...] = ()


# Every journal the curated data names (a test keeps it so): the title as the journal
# prints it, and its MEDLINE abbreviation from the NLM Catalog. Records give either
# ("Rheumatol Int", "Rheumatology International"); a reference gives the title, and
# CSL-JSON and RIS the abbreviation beside it, so a list never mixes the two.
JOURNALS = (
    Journal("Acta Paediatrica Japonica", "Acta Paediatr Jpn"),
    Journal("Annals of the Rheumatic Diseases", "Ann Rheum Dis"),
    Journal("Arthritis and Rheumatism", "Arthritis Rheum"),
    Journal("Arthritis Care & Research", "Arthritis Care Res (Hoboken)"),
    Journal("Arthritis Research & Therapy", "Arthritis Res Ther"),
    Journal("Autoimmunity Reviews", "Autoimmun Rev"),
    Journal("Clinical and Experimental Immunology", "Clin Exp Immunol"),
    Journal("Clinical and Experimental Rheumatology", "Clin Exp Rheumatol"),
    Journal("Circulation", "Circulation"),
    Journal("Cochrane Database of Systematic Reviews", "Cochrane Database Syst Rev"),
    Journal("Immunity", "Immunity"),
    Journal("Journal of Clinical Medicine", "J Clin Med"),
    Journal("Journal of Neurology", "J Neurol"),
    Journal("The Lancet", "Lancet"),
    Journal("Modern Rheumatology", "Mod Rheumatol"),
    Journal("Muscle & Nerve", "Muscle Nerve"),
    Journal("Neurology", "Neurology"),
    Journal("The New England Journal of Medicine", "N Engl J Med"),
    Journal("QJM", "QJM", ("QJM: An International Journal of Medicine",)),
    Journal("The Journal of Rheumatology", "J Rheumatol"),
    Journal("Rheumatology", "Rheumatology (Oxford)", ("Rheumatology (Oxford, England)",)),
    Journal("Rheumatology International", "Rheumatol Int"),
)


def _journal_key(name: str) -> str:
    """How journal names are compared: case, 'the', '&' and punctuation aside."""
    plain = re.sub(r"^the\s+", "", name.casefold().replace("&", " and ").strip())
    return re.sub(r"[^a-z0-9]", "", plain)


_JOURNAL_BY_KEY = {
    _journal_key(name): journal
    for journal in JOURNALS
    for name in (journal.title, journal.abbreviation, *journal.also)
}


def journal_named(name: str | None) -> Journal | None:
    """The journal a record's name stands for, or None for a name not in ``JOURNALS``."""
    return _JOURNAL_BY_KEY.get(_journal_key(name)) if name else None
