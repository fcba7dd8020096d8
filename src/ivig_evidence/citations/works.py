"""A publication as every format writes it: the ``Work`` read from the database, with
its people, its journal, its pages and its date; and which publications stand behind
an indication.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence.citations.journals import journal_named
from ivig_evidence.citations.people import Person, parse_authors, people_from_list
from ivig_evidence.errors import NotFoundError
from ivig_evidence.store.reader import Reader, Row, fetch_rows, in_clause

CITATION_COLUMNS = (
    "id",
    "kind",
    "authors",
    "first_author",
    "title",
    "journal",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "url",
    "publisher",
    "published_on",
    "read_on",
    "read_at",
    "author_list",
    "standing",
)


# Documents written by a body, not by people: their author is the body's name.
CORPORATE_KINDS = ("guideline", "regulatory", "funding_criteria", "regulatory_label")
# Documents whose address is part of the reference (with the date it was read).
WEB_KINDS = ("web_article", "funding_criteria", "regulatory_label")
# Kinds published as journal articles: one is cited as an article even where the record
# read did not show the journal's name (Tumiati 1992 on its publisher's page, Shen and
# Wang at an aggregator); the name itself is only ever the one the record gives.
ARTICLE_KINDS = ("trial_report", "original_research", "review")


@dataclass(frozen=True)
class Work:
    id: str
    kind: str
    authors: tuple[Person, ...]
    et_al: bool
    title: str | None
    journal: str | None  # the journal's one name (``JOURNALS``), else as the record gives it
    year: int | None
    volume: str | None
    issue: str | None
    pages: str | None
    doi: str | None
    pmid: str | None
    url: str | None
    publisher: str | None
    published_on: str | None
    read_on: str | None = None  # when ``url`` was read (its access date), where it was
    journal_abbreviation: str | None = None  # NLM's, for a journal in ``JOURNALS``

    @property
    def knows_nothing(self) -> bool:
        """Nothing a reference could be written from: no person, title, journal, year,
        identifier, address or publisher (a record read only as an abstract at an
        aggregator). An entry of it would be empty."""
        return not (
            self.authors
            or self.title
            or self.journal
            or self.year
            or self.doi
            or self.pmid
            or self.url
            or self.publisher
        )

    @property
    def is_article(self) -> bool:
        """A journal article: its journal is named, or its kind is published in journals."""
        return bool(self.journal) or self.kind in ARTICLE_KINDS


# ------------------------------------------------------------------ selection


def works_for(conn: Reader, ids: Sequence[str]) -> tuple[list[Work], list[str]]:
    """Publications named by id, or reported by the studies named; with the ids of the
    studies skipped because their primary publication is unknown."""
    params: dict[str, Any] = {}
    wanted = in_clause("id", ids, params)
    study_pubs = fetch_rows(
        conn, f"SELECT id, publication_id FROM studies WHERE id IN {wanted}", params
    )
    by_study = {r["id"]: r["publication_id"] for r in study_pubs}
    pub_rows = fetch_rows(conn, f"SELECT id FROM publications WHERE id IN {wanted}", params)
    direct = {r["id"] for r in pub_rows}
    order: list[str] = []
    skipped: list[str] = []
    unknown: list[str] = []
    for ident in ids:
        if ident in direct:
            order.append(ident)
        elif ident in by_study:
            if by_study[ident]:
                order.append(by_study[ident])
            else:
                skipped.append(ident)
        else:
            unknown.append(ident)
    if unknown:
        import difflib

        known = [
            r["id"]
            for r in fetch_rows(conn, "SELECT id FROM studies UNION SELECT id FROM publications")
        ]
        hints = [
            f"{ident} (closest: {', '.join(close)})" if close else ident
            for ident in unknown
            for close in [difflib.get_close_matches(ident.lower(), known, n=3, cutoff=0.5)]
        ]
        raise NotFoundError(f"no study or publication: {'; '.join(hints)}.")
    order = list(dict.fromkeys(order))
    if not order:
        return [], skipped
    params = {}
    rows = fetch_rows(
        conn,
        f"SELECT {', '.join(CITATION_COLUMNS)} FROM publications "
        f"WHERE id IN {in_clause('p', order, params)}",
        params,
    )
    by_id = {r["id"]: r for r in rows}
    return [work_from_row(by_id[pub_id]) for pub_id in order], skipped


def work_from_row(r: Row) -> Work:
    """A publication row (``CITATION_COLUMNS``) as a work to cite."""
    corporate = r["kind"] in CORPORATE_KINDS and not (r["authors"] or "").endswith("et al.")
    people, et_al = parse_authors(r["authors"], r["first_author"], corporate=corporate)
    # The record's own list of people wins over a string split by rule; a document with
    # neither is cited by its publisher, never as "author not known".
    people = people_from_list(r["author_list"]) or people
    if not people and r["publisher"] and r["kind"] in WEB_KINDS + CORPORATE_KINDS:
        people = (Person(r["publisher"], literal=True),)
    journal = journal_named(r["journal"])
    # The address of a web document, or of an article known by no DOI or PMID; for an
    # article the DOI or PMID says where it is (the address a record was read at is in
    # the database, not the reference). An entry known by its PMID alone (no title)
    # carries its PubMed address, the one thing a reader can follow.
    url_read = r["kind"] in WEB_KINDS or not (r["doi"] or r["pmid"])
    url = r["url"] if url_read or not (r["title"] or r["doi"]) else None
    return Work(
        r["id"],
        r["kind"],
        people,
        et_al,
        r["title"],
        journal.title if journal else r["journal"],
        r["year"],
        r["volume"],
        r["issue"],
        r["pages"],
        r["doi"],
        r["pmid"],
        url,
        r["publisher"],
        r["published_on"],
        r["read_on"] if url and url_read else None,
        journal.abbreviation if journal else None,
    )


# ------------------------------------------------------------------ pages


def page_range(pages: str | None) -> tuple[str | None, str | None]:
    """'2353-8' -> ('2353', '2358'); '1046-1063.e7' -> ('1046', '1063.e7'); '3289' -> ('3289', None)."""
    if not pages:
        return None, None
    first, sep, last = pages.replace("–", "-").partition("-")
    if not sep:
        return first, None
    if last.isdigit() and first.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def date_parts(date: str | None) -> list[int]:
    """'1996-06' -> [1996, 6]; '2012-08-10' -> [2012, 8, 10]; what is not a date -> []."""
    if not date or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        return []
    return [int(part) for part in date.split("-")]


def publications_behind(conn: Reader, scope: Sequence[str] | None) -> list[str]:
    """The publications behind the indications in ``scope`` (their studies' publications
    and the documents of the positions on them), or every publication (``None``),
    oldest first."""
    params: dict[str, Any] = {}
    if scope is None:
        where = "1 = 1"
    else:
        where = (
            "p.id IN (SELECT s.publication_id FROM studies s JOIN study_indications si "
            f"ON si.study_id = s.id WHERE si.indication_slug IN {in_clause('a', scope, params)}) "
            "OR p.id IN (SELECT publication_id FROM positions WHERE indication_slug IN "
            f"{in_clause('b', scope, params)})"
        )
    rows = fetch_rows(
        conn,
        f"SELECT p.id FROM publications p WHERE {where} "
        "ORDER BY CASE WHEN p.year IS NULL THEN 1 ELSE 0 END, p.year, p.id",
        params,
    )
    return [r["id"] for r in rows]
