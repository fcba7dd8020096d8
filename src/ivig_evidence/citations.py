"""References for publications: BibTeX, RIS and CSL-JSON, writing only what is known."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ivig_evidence.errors import NotFoundError, UsageError
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


@dataclass(frozen=True)
class Person:
    family: str
    given: str = ""
    literal: bool = False  # an organisation, written as one name


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


# ------------------------------------------------------------------ authors

_VANCOUVER = re.compile(r"^(?P<family>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*) (?P<initials>[A-Z]{1,3})$")
# "E D", "HJ.", "K. S.": a given name written as initials only.
_INITIALS_ONLY = re.compile(r"^(?:[A-Z]\.?\s*){1,3}$")
# Words that belong to a family name written after the given names ("Ludwig van Beethoven").
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "le", "la", "ter", "ten"})  # fmt: skip


def _initials(text: str) -> str:
    """'E D', 'HJ.', 'KS' -> 'E. D.', 'H. J.', 'K. S.'; full given names stay as they are."""
    cleaned = text.replace(".", " ").split()
    if all(len(part) <= 3 and part.isupper() for part in cleaned):
        letters = [letter for part in cleaned for letter in part]
        return " ".join(f"{letter}." for letter in letters)
    return text.strip()


# Words that make a name in an author list a group's, not a person's.
_GROUP_WORDS = re.compile(
    r"\b(?:group|committee|consortium|investigators|society|collaborative|association|"
    r"network|authority|organi[sz]ation|council|foundation|college|staff|editors)\b",
    re.IGNORECASE,
)


def _given_first(name: str) -> Person | None:
    """'Ronald M. Laxer' -> Laxer, Ronald M.; a group's name ('The Research Group for
    IVIg ... in Japan') as one name; None where the name is not written given names first
    (one word, or ending in initials as 'Kanik KS' does)."""
    if _GROUP_WORDS.search(name):
        return Person(name, literal=True)
    words = name.split()
    if len(words) < 2 or _INITIALS_ONLY.match(words[-1]):
        return None
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return Person(" ".join(words[start:]), " ".join(words[:start]))


def parse_authors(
    authors: str | None, first_author: str | None, corporate: bool = False
) -> tuple[tuple[Person, ...], bool]:
    """The people in an author string as the sources give it, and whether it ends 'et al.'.

    A list of names separated by commas reads more than one way: "Kaestner, S., Wolff, HJ."
    is family, given, family, given; "Xiaoxia Shen, Fei Wang" is two people, given names
    first. Each way the string can be read is tried, and the first whose first person's
    family name is the record's first author is taken (without a first author: names
    paired with initials, then given names first, then any pairing)."""
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
    readings: list[tuple[Person, ...]] = []
    if tokens and all(_VANCOUVER.match(t) for t in tokens):  # "Kanik KS, Yarboro CH"
        readings.append(
            tuple(
                Person(m["family"], _initials(m["initials"]))
                for m in (_VANCOUVER.match(t) for t in tokens)
                if m
            )
        )
    paired: tuple[Person, ...] = ()
    if tokens and len(tokens) % 2 == 0:  # "Kaestner, S., Wolff, HJ." or "Silverman, E D"
        paired = tuple(
            Person(tokens[i], _initials(tokens[i + 1])) for i in range(0, len(tokens), 2)
        )
        if all(_INITIALS_ONLY.match(tokens[i]) for i in range(1, len(tokens), 2)):
            readings.append(paired)
    given_first = [_given_first(t) for t in tokens]
    if tokens and all(given_first):  # "Bruno Tumiati, Patrizia Casoli"
        readings.append(tuple(p for p in given_first if p))
    if paired:  # "Katz-Agranov, Nurit": a given name in full
        readings.append(paired)
    for people in readings:
        if not first_author or people[0].family.casefold() == first_author.casefold():
            return people, et_al
    return ((Person(first_author),) if first_author else ()), True


def people_from_list(author_list: str | None) -> tuple[Person, ...] | None:
    """The people of a record's stored author list (JSON), or None where none is stored."""
    if not author_list:
        return None
    import json

    return tuple(
        Person(entry["literal"], literal=True)
        if "literal" in entry
        else Person(entry["family"], entry.get("given", ""))
        for entry in json.loads(author_list)
    )


def authors_as_text(author_list: str | None) -> str | None:
    """A stored author list as a reader reads it: 'Tumiati, Bruno; Casoli, Patrizia'."""
    people = people_from_list(author_list)
    if people is None:
        return None
    return "; ".join(
        p.family if p.literal else f"{p.family}, {p.given}".rstrip(", ") for p in people
    )


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


# ------------------------------------------------------------------ BibTeX

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


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def date_parts(date: str | None) -> list[int]:
    """'1996-06' -> [1996, 6]; '2012-08-10' -> [2012, 8, 10]; what is not a date -> []."""
    if not date or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        return []
    return [int(part) for part in date.split("-")]


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
            fields.append(("month", _MONTHS[published[1] - 1]))
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


# ------------------------------------------------------------------ RIS


def ris(works: Sequence[Work]) -> str:
    records = []
    for work in works:
        kind = "JOUR" if work.is_article else "ELEC" if work.kind == "web_article" else "GEN"
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
        published = date_parts(work.published_on)
        if published:
            parts = [f"{published[0]:04d}"] + [f"{x:02d}" for x in published[1:]]
            lines.append("DA  - " + "/".join(parts + [""] * (3 - len(parts))) + "/")
        optional = (
            ("TI", work.title),
            ("T2", work.journal),
            ("J2", work.journal_abbreviation),
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
                # Not AN: Zotero reads AN as "Loc. in Archive"; a note keeps it visible.
                ("N1", f"PMID: {work.pmid}" if work.pmid else None),
                ("UR", work.url),
                ("Y2", work.read_on.replace("-", "/") if work.read_on else None),
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
            if work.is_article
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
            ("container-title-short", work.journal_abbreviation),
            ("publisher", work.publisher),
            ("volume", work.volume),
            ("issue", work.issue),
            ("page", work.pages),
            ("DOI", work.doi),
            ("PMID", work.pmid),
            ("URL", work.url),
        )
        item.update({key: value for key, value in optional if value})
        published = date_parts(work.published_on)
        if published and (not work.year or published[0] == work.year):
            item["issued"] = {"date-parts": [published]}
        elif work.year:
            item["issued"] = {"date-parts": [[work.year]]}
        if work.read_on:
            item["accessed"] = {"date-parts": [date_parts(work.read_on)]}
        if work.et_al:
            # Styles render names, not notes: the last name known carries "et al." as its
            # suffix, which styles print after it ("Giannini, E.H., et al.").
            named = item.get("author") or []
            if named and "family" in named[-1]:
                named[-1]["suffix"] = "et al."
            item["note"] = "The author list given by the source ends with et al."
        items.append(item)
    return items


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


# ------------------------------------------------------------------ as a reader reads it


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
        words.append(_MONTHS[parts[1] - 1].capitalize())
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
