"""The study listing: filters, the streamed query behind `ivig studies`, and a study as
the listing assembles it (its citation, notes, regimens and sources).

Every query takes an open Reader and returns plain records: named tuples for what a
listing reads back and for the other records every `ivig studies` defines at
start-up (a named tuple class is made in a fraction of a frozen dataclass's
millisecond; config, output, terminal and store.access do the same), frozen
dataclasses elsewhere. No user text is ever pasted into SQL; filters become ``:name``
parameters, so the same query text serves SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from ivig_evidence.doses.regimen import (
    REGIMEN_SQL_COLUMNS,
    Regimen,
    regimen_from_row,
    regimen_links,
)
from ivig_evidence.provenance import (
    SOURCE_COLUMNS,
    Source,
    overall_status,
    source_from_row,
)
from ivig_evidence.store.reader import Reader, Row, fetch_rows, group_rows, in_clause

# A study's overall status in SQL, the same rule as overall_status() below.
STUDY_STATUS_SQL = (
    "CASE WHEN EXISTS (SELECT 1 FROM statements sx WHERE sx.study_id = s.id "
    "AND sx.status = 'contradicted') THEN 'contradicted' "
    "WHEN EXISTS (SELECT 1 FROM statements sx WHERE sx.study_id = s.id) "
    "AND NOT EXISTS (SELECT 1 FROM statements sx WHERE sx.study_id = s.id "
    "AND sx.status <> 'confirmed') THEN 'confirmed' ELSE 'unconfirmed' END"
)


class Citation(NamedTuple):
    publication_id: str | None = None
    authors: str | None = None
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None

    @property
    def known(self) -> bool:
        return self.publication_id is not None

    def formatted(self) -> str:
        """Vancouver-like, with only the parts that are known."""
        parts: list[str] = []
        if self.authors:
            parts.append(self.authors.rstrip("."))
        if self.title:
            parts.append(self.title.rstrip("."))
        where = self.journal or ""
        if self.year:
            where += f" {self.year}" if where else str(self.year)
        if self.volume:
            where += f";{self.volume}"
            if self.issue:
                where += f"({self.issue})"
        if self.pages:
            where += f":{self.pages}"
        if where:
            parts.append(where.strip())
        text = ". ".join(parts) + ("." if parts else "")
        if self.doi:
            text += f" doi:{self.doi}"
        if self.pmid:
            text += f" PMID:{self.pmid}"
        return text.strip()

    def to_json(self) -> dict[str, Any]:
        return {
            "publication_id": self.publication_id,
            "authors": self.authors,
            "title": self.title,
            "journal": self.journal,
            "year": self.year,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "doi": self.doi,
            "pmid": self.pmid,
            "url": self.url,
        }


class StudyNote(NamedTuple):
    topic: str
    note: str
    checked_against: str

    def to_json(self) -> dict[str, Any]:
        return {"topic": self.topic, "note": self.note, "checked_against": self.checked_against}


class StudyFilters(NamedTuple):
    designs: tuple[str, ...] = ()
    indication_scope: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()
    directions: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    since: int | None = None
    until: int | None = None
    min_n: int | None = None


class Study(NamedTuple):
    id: str
    first_author: str | None
    year: int | None
    design: str
    population: str
    population_text: str | None
    n: int | None
    comparator: str | None
    outcome_measures: str | None
    result: str | None
    direction: str
    note: str | None
    citation: Citation
    indications: tuple[str, ...] = ()
    regimens: tuple[Regimen, ...] = ()
    sources: tuple[Source, ...] = ()
    notes: tuple[StudyNote, ...] = ()

    @property
    def dose_text(self) -> str | None:
        texts = list(dict.fromkeys(r.text for r in self.regimens))
        return "; ".join(texts) if texts else None

    @property
    def status(self) -> str:
        return overall_status(self.sources)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "first_author": self.first_author,
            "year": self.year,
            "design": self.design,
            "population": self.population,
            "population_text": self.population_text,
            "n": self.n,
            "indications": list(self.indications),
            "comparator": self.comparator,
            "dose": self.dose_text,
            "doses": [r.to_json() for r in self.regimens],
            "outcome_measures": self.outcome_measures,
            "outcome": self.result,
            "direction": self.direction,
            "note": self.note,
            "status": self.status,
            "citation": self.citation.to_json(),
            "sources": [s.to_json() for s in self.sources],
            "record_notes": [n.to_json() for n in self.notes],
        }


def in_indication_scope(dialect: str, scope: Sequence[str], params: dict[str, Any]) -> str:
    """SQL true when study ``s`` is filed under one of the indications in ``scope``.

    EXISTS is a lookup per candidate row, rather than gathering every matching id
    first. On SQLite the lookup is made in the (indication, study) index: the scope's
    own entries are a few hundred pages at a million studies, where the primary key's
    (study, indication) puts each candidate anywhere in the table (a listing 35-40%
    faster there, a count twice as fast). PostgreSQL's planner chooses for itself."""
    hint = " INDEXED BY ix_study_indications_scope" if dialect == "sqlite" else ""
    return (
        f"EXISTS (SELECT 1 FROM study_indications si{hint} WHERE si.study_id = s.id "
        f"AND si.indication_slug IN {in_clause('ind', scope, params)})"
    )


def _study_where(filters: StudyFilters, params: dict[str, Any], dialect: str) -> str:
    clauses: list[str] = []
    if filters.designs:
        clauses.append("s.design IN " + in_clause("design", filters.designs, params))
    if filters.populations:
        clauses.append("s.population IN " + in_clause("pop", filters.populations, params))
    if filters.directions:
        clauses.append("s.direction IN " + in_clause("dir", filters.directions, params))
    if filters.indication_scope:
        clauses.append(in_indication_scope(dialect, filters.indication_scope, params))
    if filters.ids:
        clauses.append("s.id IN " + in_clause("id", filters.ids, params))
    if filters.authors:
        # Any of the names, in the study's first author or its publication's author list.
        alternatives = []
        for index, name in enumerate(filters.authors):
            params[f"author{index}"] = f"%{name.lower()}%"
            alternatives.append(
                f"lower(COALESCE(s.first_author, '')) LIKE :author{index} OR EXISTS "
                "(SELECT 1 FROM publications ap WHERE ap.id = s.publication_id AND "
                f"lower(COALESCE(ap.authors, '') || ' ' || COALESCE(ap.first_author, '')) "
                f"LIKE :author{index})"
            )
        clauses.append("(" + " OR ".join(f"({a})" for a in alternatives) + ")")
    if filters.statuses:
        clauses.append(f"({STUDY_STATUS_SQL}) IN " + in_clause("status", filters.statuses, params))
    if filters.since is not None:
        params["since"] = filters.since
        clauses.append("s.year >= :since")
    if filters.until is not None:
        params["until"] = filters.until
        clauses.append("s.year <= :until")
    if filters.min_n is not None:
        params["min_n"] = filters.min_n
        clauses.append("s.n >= :min_n")
    return " AND ".join(clauses) if clauses else "1 = 1"


STUDY_ORDER = "ORDER BY CASE WHEN s.year IS NULL THEN 1 ELSE 0 END, s.year, s.id"


BATCH_SIZE = 500


def iter_studies(conn: Reader, filters: StudyFilters, limit: int | None = None) -> Iterator[Study]:
    """Studies matching every filter, oldest first (unknown years last), streamed.

    Rows are read in batches; each batch's dose regimens, statements and notes
    come in a few queries keyed on that batch's ids, so memory stays bounded
    however many studies match.
    """
    params: dict[str, Any] = {}
    where = _study_where(filters, params, conn.dialect)
    sql = (
        "SELECT s.id, s.first_author, s.year, s.design, s.population, s.population_text, s.n, "
        "s.comparator, s.outcome_measures, s.result, s.direction, s.note, "
        "p.id AS pub_id, p.authors, p.title, p.journal, p.year AS pub_year, p.volume, "
        "p.issue, p.pages, p.doi, p.pmid, p.url "
        "FROM studies s LEFT JOIN publications p ON p.id = s.publication_id "
        f"WHERE {where} {STUDY_ORDER}"
    )
    if limit is not None:
        sql += " LIMIT :row_limit"
        params["row_limit"] = limit
    cursor = conn.execute(sql, params)
    while True:
        rows = cursor.fetchmany(BATCH_SIZE)
        if not rows:
            return
        yield from _assemble_studies(conn, rows)


def list_studies(conn: Reader, filters: StudyFilters) -> list[Study]:
    return list(iter_studies(conn, filters))


def count_studies(conn: Reader, filters: StudyFilters) -> int:
    params: dict[str, Any] = {}
    where = _study_where(filters, params, conn.dialect)
    return int(
        fetch_rows(conn, f"SELECT count(*) AS n FROM studies s WHERE {where}", params)[0]["n"]
    )


def _assemble_studies(conn: Reader, study_rows: Sequence[Row]) -> list[Study]:
    params: dict[str, Any] = {}
    ids = in_clause("sid", [r["id"] for r in study_rows], params)
    indication_rows = fetch_rows(
        conn,
        "SELECT si.study_id, si.indication_slug FROM study_indications si "
        f"WHERE si.study_id IN {ids} ORDER BY si.study_id, si.indication_slug",
        params,
    )
    statement_rows = fetch_rows(
        conn,
        f"SELECT st.study_id, {SOURCE_COLUMNS} FROM statements st "
        "JOIN publications d ON d.id = st.document_id "
        f"WHERE st.study_id IN {ids} ORDER BY st.study_id, st.id",
        params,
    )
    note_rows = fetch_rows(
        conn,
        "SELECT n.study_id, n.topic, n.note, n.checked_against FROM study_notes n "
        f"WHERE n.study_id IN {ids} ORDER BY n.study_id, n.id",
        params,
    )
    regimen_rows = fetch_rows(
        conn,
        f"SELECT {REGIMEN_SQL_COLUMNS} FROM dose_regimens r "
        f"WHERE r.study_id IN {ids} ORDER BY r.study_id, r.id",
        params,
    )
    applies: dict[str, list[str]] = {}
    regimen_sources: dict[str, list[Source]] = {}
    if regimen_rows:  # their links by the ids just read, not by looking the studies up again
        by_id: dict[str, Any] = {}
        regimen_ids = in_clause("rid", [r["id"] for r in regimen_rows], by_id)
        applies, regimen_sources = regimen_links(conn, regimen_ids, by_id)

    indications = {
        k: [r["indication_slug"] for r in v]
        for k, v in group_rows(indication_rows, "study_id").items()
    }
    sources = {
        k: [source_from_row(r) for r in v]
        for k, v in group_rows(statement_rows, "study_id").items()
    }
    notes = {
        k: [StudyNote(r["topic"], r["note"], r["checked_against"]) for r in v]
        for k, v in group_rows(note_rows, "study_id").items()
    }
    regimens: dict[str, list[Regimen]] = {}
    for row in regimen_rows:
        regimens.setdefault(row["study_id"], []).append(
            regimen_from_row(row, applies.get(row["id"], []), regimen_sources.get(row["id"], []))
        )

    studies = []
    for row in study_rows:
        citation = (
            Citation(
                publication_id=row["pub_id"],
                authors=row["authors"],
                title=row["title"],
                journal=row["journal"],
                year=row["pub_year"],
                volume=row["volume"],
                issue=row["issue"],
                pages=row["pages"],
                doi=row["doi"],
                pmid=row["pmid"],
                url=row["url"],
            )
            if row["pub_id"]
            else Citation()
        )
        studies.append(
            Study(
                id=row["id"],
                first_author=row["first_author"],
                year=row["year"],
                design=row["design"],
                population=row["population"],
                population_text=row["population_text"],
                n=row["n"],
                comparator=row["comparator"],
                outcome_measures=row["outcome_measures"],
                result=row["result"],
                direction=row["direction"],
                note=row["note"],
                citation=citation,
                indications=tuple(indications.get(row["id"], [])),
                regimens=tuple(regimens.get(row["id"], [])),
                sources=tuple(sources.get(row["id"], [])),
                notes=tuple(notes.get(row["id"], [])),
            )
        )
    return studies


def unknown_citation(cited_as: Iterable[tuple[str, str | None]]) -> str:
    """What stands for the citation when no publication is known: where sources cite it,
    from (document, cited_as) pairs."""
    cited = [f"{document} ref {ref}" for document, ref in cited_as if ref]
    where = f" (cited as {', '.join(dict.fromkeys(cited))})" if cited else ""
    return f"primary publication unknown{where}"
