"""BibTeX: an entry per work, special characters escaped and capitals kept."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ivig_evidence.citations.people import Person
from ivig_evidence.citations.works import MONTHS, Work, date_parts, page_range

_BIBTEX_SPECIAL = str.maketrans(
    {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}"}
)


def _bib(value: str) -> str:
    return value.translate(_BIBTEX_SPECIAL)


_HAS_CAPITAL = re.compile(r"[A-Z]")
_ACRONYM = re.compile(r"[A-Z].*[A-Z]")


def _bib_title(title: str) -> str:
    """The title with its capitals kept under styles that lower-case titles: an acronym
    (IVIG, ACR/CHEST, RA-ILD) or a capitalised word after the first (Still's, Australia)
    goes in braces, as BibTeX protects them."""
    words = _bib(title).split(" ")
    kept = []
    for index, word in enumerate(words):
        protect = _ACRONYM.search(word) if index == 0 else _HAS_CAPITAL.search(word)
        kept.append("{" + word + "}" if protect and word else word)
    return " ".join(kept)


def _bib_person(person: Person) -> str:
    if person.literal:
        return "{" + _bib(person.family) + "}"
    return _bib(f"{person.family}, {person.given}" if person.given else person.family)


def bibtex(works: Sequence[Work]) -> str:
    entries = []
    for work in works:
        entry_type = "article" if work.is_article else "misc"
        key = re.sub(r"[^A-Za-z0-9]", "", work.id)
        fields: list[tuple[str, str]] = []
        names = [_bib_person(p) for p in work.authors] + (["others"] if work.et_al else [])
        if names:
            fields.append(("author", " and ".join(names)))
        if work.title:
            fields.append(("title", _bib_title(work.title)))
        if work.journal:
            fields.append(("journal", _bib(work.journal)))
        elif work.publisher:
            fields.append(("howpublished", _bib(work.publisher)))
        if work.year:
            fields.append(("year", str(work.year)))
        published = date_parts(work.published_on)
        if len(published) >= 2 and (not work.year or published[0] == work.year):
            fields.append(("month", MONTHS[published[1] - 1]))
            fields.append(("date", work.published_on or ""))
        for name, value in (("volume", work.volume), ("number", work.issue)):
            if value:
                fields.append((name, _bib(value)))
        first, last = page_range(work.pages)
        if first:
            fields.append(("pages", f"{first}--{last}" if last else first))
        for name, value in (
            ("doi", work.doi),
            ("pmid", work.pmid),
            ("url", work.url),
            ("urldate", work.read_on),
        ):
            if value:
                fields.append((name, value))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{entry_type}{{{key},\n{body}\n}}\n")
    return "\n".join(entries)
