"""A reference as a reader reads it, in Vancouver's order (the dossier's numbered list)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ivig_evidence.citations.people import Person
from ivig_evidence.citations.works import MONTHS, Work, date_parts


@dataclass(frozen=True)
class Reference:
    """A reference as a reader reads it (the dossier's numbered list): Vancouver's order,
    from the same ``Work`` the exports write, with its links apart so a page can make
    them links."""

    text: str
    links: tuple[tuple[str, str], ...]  # (address, what it shows): DOI, PubMed, the page
    read_on: str | None  # when the page linked was read, for a page with no DOI or PMID

    def plain(self) -> str:
        read = f" read on {self.read_on}" if self.read_on else ""
        return " ".join([self.text, *(label for _, label in self.links)]) + read


def _short_name(person: Person) -> str:
    """'Laxer, Ronald M.' -> 'Laxer RM'; an organisation keeps its whole name."""
    if person.literal or not person.given:
        return person.family
    letters = "".join(part[0] for part in re.split(r"[\s.\-]+", person.given) if part)
    return f"{person.family} {letters.upper()}"


def _sentence(text: str) -> str:
    """The text closed by one full stop ('Does It Really Work?' keeps its own mark)."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _written_date(work: Work) -> str:
    """The date a document gives for itself as Vancouver writes it: '2012 Aug 10'."""
    parts = date_parts(work.published_on)
    if not parts or (work.year and parts[0] != work.year):
        return ""
    words = [str(parts[0])]
    if len(parts) > 1:
        words.append(MONTHS[parts[1] - 1].capitalize())
    if len(parts) > 2:
        words.append(str(parts[2]))
    return " ".join(words)


# Vancouver names the first six people and then writes et al.
NAMES_SHOWN = 6


def reference(work: Work) -> Reference:
    """The reference of ``work`` with what is known, each part once: its authors (or the
    body that issued it), title, where it appeared and when, then its links."""
    from ivig_evidence import vocab

    parts: list[str] = []
    names = [_short_name(p) for p in work.authors[:NAMES_SHOWN]]
    if names:
        more = work.et_al or len(work.authors) > NAMES_SHOWN
        parts.append(_sentence(", ".join(names) + (", et al" if more else "")))
    if work.title:
        parts.append(_sentence(work.title))
    else:
        missing = [
            what
            for what, known in (("title", False), ("authors", names), ("year", work.year))
            if not known
        ]
        listed = ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else missing[0]
        parts.append(f"A {vocab.standing(work.kind)} whose {listed} were not recorded.")
    year = str(work.year) if work.year else ""
    if work.is_article:
        where = f";{work.volume}" if work.volume else ";" if work.issue or work.pages else ""
        where += f"({work.issue})" if work.issue else ""
        where += f":{work.pages}" if work.pages else ""
        placed = (year + where).lstrip(";")
        if work.journal:
            parts.append(_sentence(work.journal))
        if placed:
            parts.append(_sentence(placed))
    else:
        # The body that published it, unless it is already named as the author.
        publisher = (
            work.publisher if work.publisher not in [p.family for p in work.authors] else None
        )
        issued = "; ".join(bit for bit in (publisher, _written_date(work) or year) if bit)
        if issued:
            parts.append(_sentence(issued))
    links: list[tuple[str, str]] = []
    if work.doi:
        links.append((f"https://doi.org/{work.doi}", f"doi:{work.doi}"))
    if work.pmid:
        links.append((f"https://pubmed.ncbi.nlm.nih.gov/{work.pmid}/", f"PMID {work.pmid}"))
    if work.url and not links:
        links.append((work.url, work.url))
    return Reference(" ".join(parts), tuple(links), work.read_on if links else None)
