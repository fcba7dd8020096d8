"""References for publications: BibTeX, RIS and CSL-JSON, writing only what is known."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ivig_evidence.errors import NotFoundError, UsageError
from ivig_evidence.store.reader import Reader, fetch_rows, in_clause

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
)


class CiteFormat(StrEnum):
    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csl-json"


def cite_format(style: str) -> CiteFormat:
    """The citation format a user named; a usage error suggests the closest."""
    from ivig_evidence import vocab

    valid = vocab.values(CiteFormat)
    if style.lower() not in valid:
        guess = vocab.closest(style, valid)
        hint = f"; did you mean '{guess}'?" if guess else ""
        raise UsageError(f"unknown citation format '{style}'{hint} Valid: {', '.join(valid)}")
    return CiteFormat(style.lower())


@dataclass(frozen=True)
class Person:
    family: str
    given: str = ""
    literal: bool = False  # an organisation, written as one name


@dataclass(frozen=True)
class Work:
    id: str
    kind: str
    authors: tuple[Person, ...]
    et_al: bool
    title: str | None
    journal: str | None
    year: int | None
    volume: str | None
    issue: str | None
    pages: str | None
    doi: str | None
    pmid: str | None
    url: str | None
    publisher: str | None
    published_on: str | None


# ------------------------------------------------------------------ authors

_VANCOUVER = re.compile(r"^(?P<family>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*) (?P<initials>[A-Z]{1,3})$")


def _initials(text: str) -> str:
    """'E D', 'HJ.', 'KS' -> 'E. D.', 'H. J.', 'K. S.'; full given names stay as they are."""
    cleaned = text.replace(".", " ").split()
    if all(len(part) <= 3 and part.isupper() for part in cleaned):
        letters = [letter for part in cleaned for letter in part]
        return " ".join(f"{letter}." for letter in letters)
    return text.strip()


def parse_authors(
    authors: str | None, first_author: str | None, corporate: bool = False
) -> tuple[tuple[Person, ...], bool]:
    """The people in an author string as the sources give it, and whether it ends 'et al.'."""
    if not authors:
        return ((Person(first_author, literal=True),) if first_author else ()), False
    text = authors.strip()
    et_al = bool(re.search(r"\bet al\.?$", text))
    text = re.sub(r",?\s*\bet al\.?$", "", text).strip().rstrip(",")
    if corporate:
        return (Person(text, literal=True),), et_al
    if " and " in text:  # MLA: "Mulhearn, Ben, and Ian N Bruce"
        head, tail = re.split(r",? and ", text, maxsplit=1)
        family, _, given = head.partition(", ")
        *tail_given, tail_family = tail.split()
        return (Person(family, given), Person(tail_family, " ".join(tail_given))), et_al
    tokens = [t.strip() for t in text.split(",") if t.strip()]
    if tokens and all(_VANCOUVER.match(t) for t in tokens):  # "Kanik KS, Yarboro CH"
        people = []
        for token in tokens:
            match = _VANCOUVER.match(token)
            assert match
            people.append(Person(match["family"], _initials(match["initials"])))
        return tuple(people), et_al
    if len(tokens) % 2 == 0:  # "Kaestner, S., Wolff, HJ." or "Silverman, E D"
        return tuple(
            Person(tokens[i], _initials(tokens[i + 1])) for i in range(0, len(tokens), 2)
        ), et_al
    return ((Person(first_author),) if first_author else ()), True


# ------------------------------------------------------------------ selection


def works_for(conn: Reader, ids: Sequence[str]) -> tuple[list[Work], list[str]]:
    """Publications named by id, or reported by the studies named; with what was skipped."""
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
                skipped.append(f"{ident}: its primary publication is unknown")
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
    works = []
    for pub_id in order:
        r = by_id[pub_id]
        people, et_al = parse_authors(
            r["authors"],
            r["first_author"],
            corporate=r["kind"] in ("guideline", "regulatory")
            and not (r["authors"] or "").endswith("et al."),
        )
        works.append(
            Work(
                r["id"],
                r["kind"],
                people,
                et_al,
                r["title"],
                r["journal"],
                r["year"],
                r["volume"],
                r["issue"],
                r["pages"],
                r["doi"],
                r["pmid"],
                r["url"],
                r["publisher"],
                r["published_on"],
            )
        )
    return works, skipped


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


# ------------------------------------------------------------------ BibTeX

_BIBTEX_SPECIAL = str.maketrans(
    {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}"}
)


def _bib(value: str) -> str:
    return value.translate(_BIBTEX_SPECIAL)


def _bib_person(person: Person) -> str:
    if person.literal:
        return "{" + _bib(person.family) + "}"
    return _bib(f"{person.family}, {person.given}" if person.given else person.family)


def bibtex(works: Sequence[Work]) -> str:
    entries = []
    for work in works:
        entry_type = "article" if work.journal else "misc"
        key = re.sub(r"[^A-Za-z0-9]", "", work.id)
        fields: list[tuple[str, str]] = []
        names = [_bib_person(p) for p in work.authors] + (["others"] if work.et_al else [])
        if names:
            fields.append(("author", " and ".join(names)))
        if work.title:
            fields.append(("title", _bib(work.title)))
        if work.journal:
            fields.append(("journal", _bib(work.journal)))
        elif work.publisher:
            fields.append(("howpublished", _bib(work.publisher)))
        if work.year:
            fields.append(("year", str(work.year)))
        for name, value in (("volume", work.volume), ("number", work.issue)):
            if value:
                fields.append((name, _bib(value)))
        first, last = page_range(work.pages)
        if first:
            fields.append(("pages", f"{first}--{last}" if last else first))
        for name, value in (("doi", work.doi), ("pmid", work.pmid), ("url", work.url)):
            if value:
                fields.append((name, value))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{entry_type}{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


# ------------------------------------------------------------------ RIS


def ris(works: Sequence[Work]) -> str:
    records = []
    for work in works:
        kind = "JOUR" if work.journal else "ELEC" if work.kind == "web_article" else "GEN"
        lines = [f"TY  - {kind}"]
        for person in work.authors:
            name = (
                person.family
                if person.literal or not person.given
                else f"{person.family}, {person.given}"
            )
            lines.append(f"AU  - {name}")
        if work.et_al:  # RIS has no "et al."; an author line would import as a person
            lines.append("N1  - The author list given by the source ends with et al.")
        optional = (
            ("TI", work.title),
            ("T2", work.journal),
            ("PB", work.publisher),
            ("PY", str(work.year) if work.year else None),
            ("VL", work.volume),
            ("IS", work.issue),
        )
        lines += [f"{tag}  - {value}" for tag, value in optional if value]
        first, last = page_range(work.pages)
        if first:
            lines.append(f"SP  - {first}")
        if last:
            lines.append(f"EP  - {last}")
        lines += [
            f"{tag}  - {value}"
            for tag, value in (
                ("DO", work.doi),
                ("AN", f"PMID:{work.pmid}" if work.pmid else None),
                ("UR", work.url),
            )
            if value
        ]
        lines.append("ER  - ")
        records.append("\n".join(lines) + "\n")
    return "\n".join(records)


# ------------------------------------------------------------------ CSL-JSON


def csl_json(works: Sequence[Work]) -> list[dict[str, Any]]:
    items = []
    for work in works:
        item: dict[str, Any] = {
            "id": work.id,
            "type": "article-journal"
            if work.journal
            else "webpage"
            if work.kind == "web_article"
            else "report",
        }
        if work.authors:
            item["author"] = [
                {"literal": p.family}
                if p.literal
                else {"family": p.family, **({"given": p.given} if p.given else {})}
                for p in work.authors
            ]
        optional = (
            ("title", work.title),
            ("container-title", work.journal),
            ("publisher", work.publisher),
            ("volume", work.volume),
            ("issue", work.issue),
            ("page", work.pages),
            ("DOI", work.doi),
            ("PMID", work.pmid),
            ("URL", work.url),
        )
        item.update({key: value for key, value in optional if value})
        if work.year:
            item["issued"] = {"date-parts": [[work.year]]}
        if work.et_al:
            item["note"] = "The author list given by the source ends with et al."
        items.append(item)
    return items
