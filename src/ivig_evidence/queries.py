"""Typed read functions: portable SQL text with named parameters.

Every function takes an open connection (the standard library's sqlite3 on the
read path) and returns plain dataclasses. No user text is ever pasted into SQL;
filters become ``:name`` parameters, which SQLAlchemy's ``text()`` also accepts,
so the same query text can serve another engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ivig_evidence import vocab
from ivig_evidence.errors import UsageError


class Row(Protocol):
    def keys(self) -> list[str]: ...
    def __getitem__(self, key: str) -> Any: ...


class ReadConnection(Protocol):
    def execute(self, sql: str, parameters: Mapping[str, Any] = ..., /) -> Any: ...


def fetch_rows(
    conn: ReadConnection, sql: str, params: Mapping[str, Any] | None = None
) -> list[Row]:
    return list(conn.execute(sql, dict(params or {})))


# --------------------------------------------------------------- indications


def alias_key(text: str) -> str:
    """How names are compared: lowercase letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("\u2019", "'"))


@dataclass(frozen=True)
class IndicationRef:
    slug: str
    name: str


def resolve_indication(conn: ReadConnection, text: str) -> IndicationRef:
    """Find an indication by slug or alias; a usage error names the closest match."""
    key = alias_key(text)
    rows = fetch_rows(
        conn,
        "SELECT i.slug, i.name FROM indications i "
        "WHERE i.slug = :slug OR replace(i.slug, '-', '') = :key "
        "OR i.slug IN (SELECT a.indication_slug FROM indication_aliases a WHERE a.alias_key = :key)",
        {"slug": text.strip().lower(), "key": key},
    )
    if key and rows:
        return IndicationRef(rows[0]["slug"], rows[0]["name"])
    known = fetch_rows(
        conn, "SELECT slug AS name FROM indications UNION SELECT alias FROM indication_aliases"
    )
    names = [r["name"] for r in known]
    slugs = [r["slug"] for r in fetch_rows(conn, "SELECT slug FROM indications ORDER BY slug")]
    guess = vocab.closest(text, [n.lower() for n in names])
    hint = f"; did you mean '{guess}'?" if guess else ""
    raise UsageError(f"unknown indication '{text}'{hint} Known slugs: {', '.join(slugs)}")


def indication_scope(conn: ReadConnection, slug: str) -> list[str]:
    """The indication and every indication beneath it (ra includes ra-refractory ...)."""
    scope = [slug]
    frontier = [slug]
    while frontier:
        params = {f"p{i}": s for i, s in enumerate(frontier)}
        placeholders = ", ".join(f":{name}" for name in params)
        children = [
            r["slug"]
            for r in fetch_rows(
                conn,
                f"SELECT slug FROM indications WHERE parent_slug IN ({placeholders}) ORDER BY slug",
                params,
            )
        ]
        frontier = [c for c in children if c not in scope]
        scope.extend(frontier)
    return scope


def in_clause(prefix: str, values: Sequence[str], params: dict[str, Any]) -> str:
    names = []
    for i, value in enumerate(values):
        name = f"{prefix}{i}"
        params[name] = value
        names.append(f":{name}")
    return "(" + ", ".join(names) + ")"


# --------------------------------------------------------------- provenance


@dataclass(frozen=True)
class Source:
    document: str
    document_title: str | None
    quote: str
    cited_as: str | None
    status: str
    note: str | None
    checked_against: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "document_title": self.document_title,
            "quote": self.quote,
            "cited_as": self.cited_as,
            "status": self.status,
            "note": self.note,
            "checked_against": self.checked_against,
        }


_SOURCE_COLUMNS = (
    "st.document_id, d.title AS document_title, st.quote, st.cited_as, st.status, "
    "st.status_note, st.checked_against"
)


def _source(row: Row) -> Source:
    return Source(
        document=row["document_id"],
        document_title=row["document_title"],
        quote=row["quote"],
        cited_as=row["cited_as"],
        status=row["status"],
        note=row["status_note"],
        checked_against=row["checked_against"],
    )


# A study's overall status in SQL, the same rule as overall_status() below.
STUDY_STATUS_SQL = (
    "CASE WHEN EXISTS (SELECT 1 FROM statements sx WHERE sx.study_id = s.id "
    "AND sx.status = 'contradicted') THEN 'contradicted' "
    "WHEN NOT EXISTS (SELECT 1 FROM statements sx WHERE sx.study_id = s.id "
    "AND sx.status <> 'confirmed') THEN 'confirmed' ELSE 'unconfirmed' END"
)


def overall_status(sources: Iterable[Source]) -> str:
    """contradicted if any source is; confirmed only if every one is."""
    statuses = {s.status for s in sources}
    if vocab.Status.CONTRADICTED in statuses:
        return vocab.Status.CONTRADICTED.value
    if statuses and statuses <= {vocab.Status.CONFIRMED.value}:
        return vocab.Status.CONFIRMED.value
    return vocab.Status.UNCONFIRMED.value


# --------------------------------------------------------------- studies


@dataclass(frozen=True)
class Citation:
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


@dataclass(frozen=True)
class Regimen:
    id: str
    context: str
    study_id: str | None
    study_label: str | None
    phase: str | None
    amount_low: float | None
    amount_high: float | None
    unit: str | None
    basis: str
    days_low: int | None
    days_high: int | None
    interval: str
    course_duration: str | None
    text: str
    ambiguous: bool
    ambiguity_note: str | None
    note: str | None
    record_reading: str | None = None
    record_source: str | None = None
    record_basis: str | None = None
    max_grams: float | None = None
    applies_to: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "context": self.context,
            "study_id": self.study_id,
            "phase": self.phase,
            "amount_low": _number(self.amount_low),
            "amount_high": _number(self.amount_high),
            "unit": self.unit,
            "basis": self.basis,
            "days_low": self.days_low,
            "days_high": self.days_high,
            "interval": self.interval,
            "course_duration": self.course_duration,
            "text": self.text,
            "ambiguous": self.ambiguous,
            "note": self.ambiguity_note,
            "caveat": self.note,
            "record_reading": self.record_reading,
            "record_source": self.record_source,
            "record_basis": self.record_basis,
            "max_grams": _number(self.max_grams),
            "applies_to": list(self.applies_to),
            "sources": [s.to_json() for s in self.sources],
        }


def _number(value: float | None) -> float | int | None:
    """400.0 prints as 400: amounts are stated as whole numbers where they are."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class StudyNote:
    topic: str
    note: str
    checked_against: str

    def to_json(self) -> dict[str, Any]:
        return {"topic": self.topic, "note": self.note, "checked_against": self.checked_against}


@dataclass(frozen=True)
class StudyFilters:
    designs: tuple[str, ...] = ()
    indication_scope: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()
    directions: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    since: int | None = None
    until: int | None = None
    min_n: int | None = None


@dataclass(frozen=True)
class Study:
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
    sources: tuple[Source, ...] = field(default=())
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


def _study_where(filters: StudyFilters, params: dict[str, Any]) -> str:
    clauses: list[str] = []
    if filters.designs:
        clauses.append("s.design IN " + in_clause("design", filters.designs, params))
    if filters.populations:
        clauses.append("s.population IN " + in_clause("pop", filters.populations, params))
    if filters.directions:
        clauses.append("s.direction IN " + in_clause("dir", filters.directions, params))
    if filters.indication_scope:
        # EXISTS: a lookup per candidate row, rather than gathering every matching id first
        clauses.append(
            "EXISTS (SELECT 1 FROM study_indications si WHERE si.study_id = s.id "
            "AND si.indication_slug IN " + in_clause("ind", filters.indication_scope, params) + ")"
        )
    if filters.ids:
        clauses.append("s.id IN " + in_clause("id", filters.ids, params))
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


_REGIMEN_COLUMNS = (
    "r.id, r.context, r.study_id, r.phase, r.amount_low, r.amount_high, r.unit, r.basis, "
    "r.days_low, r.days_high, r.repeat_interval, r.course_duration, r.text, r.ambiguous, "
    "r.ambiguity_note, r.note, r.record_reading, r.record_source, r.record_basis, r.max_grams"
)


def _regimen(
    row: Row, applies_to: Sequence[str], sources: Sequence[Source], study_label: str | None = None
) -> Regimen:
    return Regimen(
        id=row["id"],
        context=row["context"],
        study_id=row["study_id"],
        study_label=study_label,
        phase=row["phase"],
        amount_low=row["amount_low"],
        amount_high=row["amount_high"],
        unit=row["unit"],
        basis=row["basis"],
        days_low=row["days_low"],
        days_high=row["days_high"],
        interval=row["repeat_interval"],
        course_duration=row["course_duration"],
        text=row["text"],
        ambiguous=bool(row["ambiguous"]),
        ambiguity_note=row["ambiguity_note"],
        note=row["note"],
        record_reading=row["record_reading"],
        record_source=row["record_source"],
        record_basis=row["record_basis"],
        max_grams=row["max_grams"],
        applies_to=tuple(applies_to),
        sources=tuple(sources),
    )


def _group(rows: Iterable[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def _regimen_links(
    conn: ReadConnection, regimen_in: str, params: Mapping[str, Any]
) -> tuple[dict[str, list[str]], dict[str, list[Source]]]:
    """Indications and sources of the regimens in ``regimen_in``: a parenthesised
    subquery or list of parameters."""
    links = fetch_rows(
        conn,
        f"SELECT ri.regimen_id, ri.indication_slug FROM regimen_indications ri "
        f"WHERE ri.regimen_id IN {regimen_in} ORDER BY ri.regimen_id, ri.indication_slug",
        params,
    )
    applies: dict[str, list[str]] = {}
    for row in links:
        applies.setdefault(row["regimen_id"], []).append(row["indication_slug"])
    statement_rows = fetch_rows(
        conn,
        f"SELECT st.regimen_id, {_SOURCE_COLUMNS} FROM statements st "
        f"JOIN publications d ON d.id = st.document_id "
        f"WHERE st.regimen_id IN {regimen_in} ORDER BY st.regimen_id, st.id",
        params,
    )
    sources = {k: [_source(r) for r in v] for k, v in _group(statement_rows, "regimen_id").items()}
    return applies, sources


STUDY_ORDER = "ORDER BY CASE WHEN s.year IS NULL THEN 1 ELSE 0 END, s.year, s.id"
BATCH_SIZE = 500


def iter_studies(
    conn: ReadConnection, filters: StudyFilters, limit: int | None = None
) -> Iterator[Study]:
    """Studies matching every filter, oldest first (unknown years last), streamed.

    Rows are read in batches; each batch's dose regimens, statements and notes
    come in a few queries keyed on that batch's ids, so memory stays bounded
    however many studies match.
    """
    params: dict[str, Any] = {}
    where = _study_where(filters, params)
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


def list_studies(conn: ReadConnection, filters: StudyFilters) -> list[Study]:
    return list(iter_studies(conn, filters))


def count_studies(conn: ReadConnection, filters: StudyFilters) -> int:
    params: dict[str, Any] = {}
    where = _study_where(filters, params)
    return int(
        fetch_rows(conn, f"SELECT count(*) AS n FROM studies s WHERE {where}", params)[0]["n"]
    )


def _assemble_studies(conn: ReadConnection, study_rows: Sequence[Row]) -> list[Study]:
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
        f"SELECT st.study_id, {_SOURCE_COLUMNS} FROM statements st "
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
    regimen_subquery = f"SELECT r2.id FROM dose_regimens r2 WHERE r2.study_id IN {ids}"
    regimen_rows = fetch_rows(
        conn,
        f"SELECT {_REGIMEN_COLUMNS} FROM dose_regimens r "
        f"WHERE r.study_id IN {ids} ORDER BY r.study_id, r.id",
        params,
    )
    applies, regimen_sources = _regimen_links(conn, f"({regimen_subquery})", params)

    indications = {
        k: [r["indication_slug"] for r in v] for k, v in _group(indication_rows, "study_id").items()
    }
    sources = {k: [_source(r) for r in v] for k, v in _group(statement_rows, "study_id").items()}
    notes = {
        k: [StudyNote(r["topic"], r["note"], r["checked_against"]) for r in v]
        for k, v in _group(note_rows, "study_id").items()
    }
    regimens: dict[str, list[Regimen]] = {}
    for row in regimen_rows:
        regimens.setdefault(row["study_id"], []).append(
            _regimen(row, applies.get(row["id"], []), regimen_sources.get(row["id"], []))
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


# --------------------------------------------------------------- doses and positions


@dataclass(frozen=True)
class Position:
    id: str
    kind: str
    body: str
    document_title: str | None
    edition: str | None
    year: int | None
    indication: str
    stance: str
    wording: str
    conditions: str | None
    note: str | None
    sources: tuple[Source, ...] = ()

    @property
    def category(self) -> str:
        return vocab.position_category(self.stance)[1]

    @property
    def category_rank(self) -> int:
        return vocab.position_category(self.stance)[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "category": self.category,
            "category_rank": self.category_rank,
            "body": self.body,
            "document_title": self.document_title,
            "edition": self.edition,
            "year": self.year,
            "indication": self.indication,
            "stance": self.stance,
            "wording": self.wording,
            "conditions": self.conditions,
            "note": self.note,
            "sources": [s.to_json() for s in self.sources],
        }


def list_positions(conn: ReadConnection, scope: Sequence[str] | None) -> list[Position]:
    """Positions on the indications in scope, or on every indication (scope None)."""
    params: dict[str, Any] = {}
    in_scope = in_clause("ind", scope, params) if scope else "(SELECT slug FROM indications)"
    rows = fetch_rows(
        conn,
        "SELECT p.id, p.kind, p.body, p.document_title, p.edition, p.year, p.indication_slug, "
        "p.stance, p.wording, p.conditions, p.note FROM positions p "
        f"WHERE p.indication_slug IN {in_scope} ORDER BY p.indication_slug, p.kind, p.id",
        params,
    )
    statement_rows = fetch_rows(
        conn,
        f"SELECT st.position_id, {_SOURCE_COLUMNS} FROM statements st "
        "JOIN publications d ON d.id = st.document_id WHERE st.position_id IN "
        f"(SELECT p.id FROM positions p WHERE p.indication_slug IN {in_scope}) "
        "ORDER BY st.position_id, st.id",
        params,
    )
    sources = {k: [_source(r) for r in v] for k, v in _group(statement_rows, "position_id").items()}
    return [
        Position(
            id=r["id"],
            kind=r["kind"],
            body=r["body"],
            document_title=r["document_title"],
            edition=r["edition"],
            year=r["year"],
            indication=r["indication_slug"],
            stance=r["stance"],
            wording=r["wording"],
            conditions=r["conditions"],
            note=r["note"],
            sources=tuple(sources.get(r["id"], [])),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class DoseReport:
    indication: IndicationRef
    scope: tuple[str, ...]
    regimens: tuple[Regimen, ...]
    positions: tuple[Position, ...]
    more: bool = False  # regimens beyond the limit asked for were held back

    def to_json(self) -> list[dict[str, Any]]:
        positions = [p.to_json() for p in self.positions]
        return [
            {"indication": self.indication.slug, **r.to_json(), "positions": positions}
            for r in self.regimens
        ]


def _regimen_scope(scope: Sequence[str], params: dict[str, Any]) -> str:
    return (
        "SELECT ri2.regimen_id FROM regimen_indications ri2 WHERE ri2.indication_slug IN "
        + in_clause("ind", scope, params)
    )


def dose_report(
    conn: ReadConnection, indication: IndicationRef, limit: int | None = None
) -> DoseReport:
    """Regimens recorded for the indication (and those beneath it), suggested ones
    first, with the positions; at most ``limit`` regimens when one is given."""
    scope = indication_scope(conn, indication.slug)
    params: dict[str, Any] = {}
    regimen_subquery = _regimen_scope(scope, params)
    bounded = ""
    if limit is not None:
        params["regimen_limit"] = limit + 1  # one more than shown tells whether there are more
        bounded = " LIMIT :regimen_limit"
    rows = fetch_rows(
        conn,
        f"SELECT {_REGIMEN_COLUMNS}, s.first_author AS study_author, s.year AS study_year "
        "FROM dose_regimens r LEFT JOIN studies s ON s.id = r.study_id "
        f"WHERE r.id IN ({regimen_subquery}) "
        "ORDER BY CASE WHEN r.context = 'suggested' THEN 0 ELSE 1 END, r.id" + bounded,
        params,
    )
    more = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit is not None else rows
    if limit is None:
        applies, sources = _regimen_links(conn, f"({regimen_subquery})", params)
    else:  # the links of the regimens shown only
        shown: dict[str, Any] = {}
        applies, sources = _regimen_links(
            conn, in_clause("rid", [row["id"] for row in rows] or [""], shown), shown
        )
    regimens = tuple(
        _regimen(
            row,
            applies.get(row["id"], []),
            sources.get(row["id"], []),
            study_label=_study_label(row["study_id"], row["study_author"], row["study_year"]),
        )
        for row in rows
    )
    return DoseReport(indication, tuple(scope), regimens, tuple(list_positions(conn, scope)), more)


def count_regimens(conn: ReadConnection, scope: Sequence[str]) -> int:
    params: dict[str, Any] = {}
    subquery = _regimen_scope(scope, params)
    return int(fetch_rows(conn, f"SELECT count(*) AS n FROM ({subquery}) AS r", params)[0]["n"])


def _study_label(study_id: str | None, author: str | None, year: int | None) -> str | None:
    if study_id is None:
        return None
    if author:
        return f"{author} {year}" if year else author
    return study_id


# --------------------------------------------------------------- status and schema


@dataclass(frozen=True)
class DataRelease:
    version: str
    released_on: str


def data_release(conn: ReadConnection) -> DataRelease | None:
    rows = fetch_rows(conn, "SELECT version, released_on FROM data_release WHERE id = 1")
    return DataRelease(rows[0]["version"], rows[0]["released_on"]) if rows else None


def table_counts(conn: ReadConnection, tables: Sequence[str]) -> dict[str, int]:
    # Table names come from the package's own list, never from user input.
    return {t: int(fetch_rows(conn, f"SELECT COUNT(*) AS n FROM {t}")[0]["n"]) for t in tables}


def table_columns(conn: ReadConnection, table: str) -> list[str]:
    cursor = conn.execute(f"SELECT * FROM {table} WHERE 1 = 0", {})
    return [d[0] for d in cursor.description]
