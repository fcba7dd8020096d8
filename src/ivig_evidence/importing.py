"""Adding and importing evidence: read a file, check every row, then write all or nothing.

Two shapes are read:
- study records, the objects `ivig studies --format json` prints (a JSON array, JSON
  Lines, or a CSV with one study per row): each becomes a study with its indications,
  publication, dose regimens, statements and notes;
- a table export (`ivig export`): a directory of one JSON or CSV file per table.

Every problem in a file is reported at once, with where it is and which field, and
nothing is written unless the whole file is valid; then it is written in one
transaction. Imported rows are local; curated rows are never changed by an import.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.errors import IvigError
from ivig_evidence.queries import alias_key
from ivig_evidence.store.tables import parents_first

DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^[1-9]\d{0,8}$")
# The study CSV template: the study's own fields, then its citation, then its source.
STUDY_FIELDS = (
    "id",
    "first_author",
    "year",
    "design",
    "population",
    "population_text",
    "n",
    "comparator",
    "outcome_measures",
    "outcome",
    "direction",
    "note",
)
CITATION_FIELDS = ("publication_id", "title", "journal", "doi", "pmid")
SOURCE_FIELDS = ("document", "quote", "cited_as")
STUDY_CSV_COLUMNS = (*STUDY_FIELDS, "indications", *CITATION_FIELDS, *SOURCE_FIELDS)
REQUIRED_CSV_COLUMNS = ("design", "population", "direction", "document", "quote")


class ImportProblems(IvigError):
    """Every problem found in a file; nothing was written."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        shown = problems[:25]
        more = f"\n  ... and {len(problems) - 25} more" if len(problems) > 25 else ""
        super().__init__(
            f"{source}: {len(problems)} problem(s), nothing written:\n  "
            + "\n  ".join(shown)
            + more
        )
        self.problems = list(problems)


@dataclass
class Plan:
    """What an import would write, table by table, with what it skips and why."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)

    def counts(self) -> dict[str, int]:
        return {t: len(r) for t, r in self.rows.items() if r}


# ------------------------------------------------------------------ reading files


def _text(path: Path) -> str:
    if path.is_dir():
        raise IvigError(f"{path} is a directory; give a file, or an `ivig export` directory")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IvigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not raw.strip():
        raise IvigError(f"{path} is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise IvigError(f"{path} starts with a byte-order mark: save it as UTF-8 without one")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IvigError(f"{path} is not UTF-8 text (byte {exc.start}): save it as UTF-8") from exc


def read_study_records(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(where, record) pairs from a .json, .jsonl or .csv file."""
    suffix = path.suffix.lower()
    text = _text(path)
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise IvigError(f"{path} is not JSON (line {exc.lineno}: {exc.msg})") from exc
        if isinstance(data, dict) and "items" in data and "data_release" in data:
            data = data["items"]  # a --with-release export
        if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
            raise IvigError(
                f"{path} must hold a JSON array of study objects, as "
                "`ivig studies --format json` prints"
            )
        return [(f"item {i}", item) for i, item in enumerate(data, 1)]
    if suffix in (".jsonl", ".ndjson"):
        records = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise IvigError(f"{path} line {number} is not JSON ({exc.msg})") from exc
            if not isinstance(item, dict):
                raise IvigError(f"{path} line {number} is not a JSON object")
            records.append((f"line {number}", item))
        return records
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        columns = reader.fieldnames or []
        missing = [c for c in REQUIRED_CSV_COLUMNS if c not in columns]
        if missing:
            raise IvigError(
                f"{path} lacks the column(s) {', '.join(missing)}; the columns are: "
                + ", ".join(STUDY_CSV_COLUMNS)
            )
        return [(f"row {number}", _record_from_csv(row)) for number, row in enumerate(reader, 2)]
    raise IvigError(
        f"{path}: import reads .json, .jsonl or .csv files, or an `ivig export` directory"
    )


def _record_from_csv(row: Mapping[str, str | None]) -> dict[str, Any]:
    def value(name: str) -> str | None:
        text = (row.get(name) or "").strip()
        return text or None

    record: dict[str, Any] = {name: value(name) for name in STUDY_FIELDS}
    record["indications"] = [
        s.strip() for s in (value("indications") or "").split(";") if s.strip()
    ]
    record["citation"] = {name: value(name) for name in CITATION_FIELDS}
    record["sources"] = [{name: value(name) for name in SOURCE_FIELDS}]
    return record


# ------------------------------------------------------------------ checking


@dataclass
class Context:
    """What the database already holds, for checks and duplicate detection."""

    indications: dict[str, str]  # alias key or slug -> slug
    slugs: list[str]
    documents: set[str]
    studies: dict[str, str]  # id -> origin
    by_doi: dict[str, str]  # doi -> publication id
    by_pmid: dict[str, str]
    by_author_year_title: dict[tuple[str, int, str], str]  # -> study id
    planned: set[str] = field(default_factory=set)  # study and publication ids from this file


def load_context(conn: Any) -> Context:
    from ivig_evidence.queries import fetch_rows

    indications: dict[str, str] = {}
    slugs = [r["slug"] for r in fetch_rows(conn, "SELECT slug FROM indications ORDER BY slug")]
    for slug in slugs:
        indications[slug] = slug
        indications[alias_key(slug)] = slug
    for r in fetch_rows(conn, "SELECT alias_key, indication_slug FROM indication_aliases"):
        indications[r["alias_key"]] = r["indication_slug"]
    publications = fetch_rows(conn, "SELECT id, doi, pmid FROM publications")
    triples = fetch_rows(
        conn,
        "SELECT s.id, s.first_author, s.year, p.title FROM studies s "
        "JOIN publications p ON p.id = s.publication_id "
        "WHERE s.first_author IS NOT NULL AND s.year IS NOT NULL",
    )
    return Context(
        indications=indications,
        slugs=slugs,
        documents={r["id"] for r in publications},
        studies={r["id"]: r["origin"] for r in fetch_rows(conn, "SELECT id, origin FROM studies")},
        by_doi={r["doi"].lower(): r["id"] for r in publications if r["doi"]},
        by_pmid={r["pmid"]: r["id"] for r in publications if r["pmid"]},
        by_author_year_title={
            (r["first_author"].lower(), int(r["year"]), (r["title"] or "").lower()): r["id"]
            for r in triples
        },
    )


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(value)
    return int(text)


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    return float(value)


def _slugify(*parts: Any) -> str:
    text = "-".join(str(p) for p in parts if p not in (None, ""))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "study"


def plan_studies(
    records: Sequence[tuple[str, dict[str, Any]]], context: Context, *, update: bool
) -> Plan:
    """Check every record and turn the valid ones into rows; raise with every problem."""
    problems: list[str] = []
    plan = Plan()
    seen_ids: set[str] = set()

    def problem(where: str, name: str, text: str) -> None:
        problems.append(f"{where}, {name}: {text}")

    valid_values = {
        name: vocab.values(enum)
        for name, enum in (
            ("design", vocab.Design),
            ("population", vocab.Population),
            ("direction", vocab.Direction),
            ("status", vocab.Status),
            ("note_topic", vocab.NoteTopic),
        )
    }
    for where, record in records:
        before = len(problems)
        wrong_shape = [
            name
            for name in ("indications", "sources", "doses", "record_notes")
            if record.get(name) is not None and not isinstance(record.get(name), list)
        ]
        for name in wrong_shape:
            problem(where, name, "must be a list")
            record = {k: v for k, v in record.items() if k != name}
        citation = record.get("citation") or {}
        if not isinstance(citation, dict):
            problem(where, "citation", "must be an object")
            citation = {}
        for name in ("design", "population", "direction"):
            value = record.get(name)
            valid = valid_values[name]
            if value is None:
                problem(where, name, f"required (one of: {', '.join(valid)})")
            elif str(value).lower() not in valid:
                guess = vocab.closest(str(value), valid)
                problem(
                    where,
                    name,
                    f"'{value}' is not valid"
                    + (f"; did you mean '{guess}'?" if guess else f" ({', '.join(valid)})"),
                )
        year = n = None
        try:
            year = _int(record.get("year"))
            if year is not None and not 1800 <= year <= 2100:
                problem(where, "year", f"{year} is outside 1800-2100")
        except (TypeError, ValueError):
            problem(where, "year", f"'{record.get('year')}' is not a year")
        try:
            n = _int(record.get("n"))
            if n is not None and n <= 0:
                problem(where, "n", f"{n} is not a positive number of patients")
        except (TypeError, ValueError):
            problem(where, "n", f"'{record.get('n')}' is not a whole number of patients")
        slugs: list[str] = []
        for name in record.get("indications") or []:
            slug = context.indications.get(str(name).strip().lower()) or context.indications.get(
                alias_key(str(name))
            )
            if slug is None:
                guess = vocab.closest(str(name), context.slugs)
                problem(
                    where,
                    "indications",
                    f"unknown indication '{name}'"
                    + (f"; did you mean '{guess}'?" if guess else ""),
                )
            elif slug not in slugs:
                slugs.append(slug)
        doi, pmid = citation.get("doi"), citation.get("pmid")
        if doi and not DOI.match(str(doi)):
            problem(where, "citation.doi", f"'{doi}' is not a DOI (10.NNNN/...)")
        if pmid and not PMID.match(str(pmid)):
            problem(where, "citation.pmid", f"'{pmid}' is not a PMID (digits)")
        sources = record.get("sources") or []
        if not sources:
            problem(where, "sources", "at least one source (document and quote) is required")
        for index, source in enumerate(sources, 1):
            if not isinstance(source, dict):
                problem(where, f"sources[{index}]", "must be an object")
                continue
            if not (source.get("quote") or "").strip():
                problem(where, f"sources[{index}].quote", "a quote is required")
            document = source.get("document")
            if not document:
                problem(where, f"sources[{index}].document", "the source document is required")
            elif document not in context.documents and document != citation.get("publication_id"):
                guess = vocab.closest(str(document), sorted(context.documents))
                problem(
                    where,
                    f"sources[{index}].document",
                    f"unknown document '{document}'"
                    + (f"; did you mean '{guess}'?" if guess else ""),
                )
            status = source.get("status") or "unconfirmed"
            if status not in valid_values["status"]:
                problem(where, f"sources[{index}].status", f"'{status}' is not a status")
            elif status != "unconfirmed" and not source.get("checked_against"):
                problem(
                    where,
                    f"sources[{index}].checked_against",
                    f"a {status} statement must name the record it was checked against",
                )
            elif status == "contradicted" and not source.get("note"):
                problem(where, f"sources[{index}].note", "say what the record contradicts")
        for index, dose in enumerate(record.get("doses") or [], 1):
            _check_dose(where, index, dose, problem)
            if isinstance(dose, dict):
                _check_dose_links(where, index, dose, context, citation, problem)
        for index, note in enumerate(record.get("record_notes") or [], 1):
            label = f"record_notes[{index}]"
            if not isinstance(note, dict) or not (note.get("note") or "").strip():
                problem(where, label, "needs a topic and a note")
            elif note.get("topic") not in valid_values["note_topic"]:
                problem(
                    where,
                    f"{label}.topic",
                    f"'{note.get('topic')}' is not one of " + ", ".join(valid_values["note_topic"]),
                )
        if len(problems) > before:
            continue
        _plan_study(
            where,
            record,
            citation,
            slugs,
            year,
            n,
            context,
            plan,
            seen_ids,
            update=update,
            problem=problem,
        )
    if problems:
        raise ImportProblems("the import", problems)
    return plan


def _check_dose_links(
    where: str,
    index: int,
    dose: dict[str, Any],
    context: Context,
    citation: dict[str, Any],
    problem: Any,
) -> None:
    """A dose's indications and sources must name rows that exist: never dropped quietly."""
    for slug in dose.get("applies_to") or []:
        if slug not in context.slugs:
            guess = vocab.closest(str(slug), context.slugs)
            problem(
                where,
                f"doses[{index}].applies_to",
                f"unknown indication '{slug}'" + (f"; did you mean '{guess}'?" if guess else ""),
            )
    for s_index, source in enumerate(dose.get("sources") or [], 1):
        label = f"doses[{index}].sources[{s_index}]"
        if not isinstance(source, dict) or not (source.get("quote") or "").strip():
            problem(where, label, "needs a document and a quote")
        elif source.get("document") not in context.documents and source.get(
            "document"
        ) != citation.get("publication_id"):
            problem(where, f"{label}.document", f"unknown document '{source.get('document')}'")


def _check_dose(where: str, index: int, dose: Any, problem: Any) -> None:
    label = f"doses[{index}]"
    if not isinstance(dose, dict):
        problem(where, label, "must be an object")
        return
    if not (dose.get("text") or "").strip():
        problem(where, f"{label}.text", "the dose as stated is required")
    try:
        low, high = _number(dose.get("amount_low")), _number(dose.get("amount_high"))
        if low is not None and high is not None and low > high:
            problem(where, f"{label}.amount_low", f"{low:g} is above amount_high {high:g}")
        if (low is None) != (high is None) or ((low is not None) and not dose.get("unit")):
            problem(where, f"{label}.amount", "give amount_low, amount_high and unit together")
        if low is not None and low <= 0:
            problem(where, f"{label}.amount_low", "must be positive")
    except (TypeError, ValueError):
        problem(where, f"{label}.amount", "amounts must be numbers")
    try:
        d_low, d_high = _int(dose.get("days_low")), _int(dose.get("days_high"))
        if d_low is not None and d_high is not None and d_low > d_high:
            problem(where, f"{label}.days_low", f"{d_low} is above days_high {d_high}")
    except (TypeError, ValueError):
        problem(where, f"{label}.days", "days must be whole numbers")
    for name, enum in (
        ("unit", vocab.DoseUnit),
        ("basis", vocab.DoseBasis),
        ("interval", vocab.DoseInterval),
    ):
        value = dose.get(name)
        if value is not None and value not in vocab.values(enum):
            problem(
                where,
                f"{label}.{name}",
                f"'{value}' is not one of " + ", ".join(vocab.values(enum)),
            )


def _plan_study(
    where: str,
    record: dict[str, Any],
    citation: dict[str, Any],
    slugs: list[str],
    year: int | None,
    n: int | None,
    context: Context,
    plan: Plan,
    seen_ids: set[str],
    *,
    update: bool,
    problem: Any,
) -> None:
    doi = (citation.get("doi") or "").lower() or None
    pmid = citation.get("pmid") or None
    title = (citation.get("title") or "").lower()
    first_author = record.get("first_author")
    study_id = record.get("id") or _slugify(first_author, year, title[:30] or None)
    if study_id in seen_ids:
        problem(where, "id", f"'{study_id}' appears twice in the file")
        return
    duplicate_of: str | None = None
    if study_id in context.studies:
        duplicate_of = f"study {study_id} (same id)"
    elif doi and doi in context.by_doi:
        duplicate_of = f"publication {context.by_doi[doi]} (same DOI)"
    elif pmid and pmid in context.by_pmid:
        duplicate_of = f"publication {context.by_pmid[pmid]} (same PMID)"
    elif (
        first_author
        and year
        and title
        and (first_author.lower(), year, title) in context.by_author_year_title
    ):
        duplicate_of = context.by_author_year_title[(first_author.lower(), year, title)]
    if duplicate_of is not None:
        earlier = duplicate_of.split(" ")[1] if " " in duplicate_of else duplicate_of
        if earlier in context.planned:
            plan.skipped.append(
                f"{where}: {study_id} duplicates {duplicate_of}, earlier in this file"
            )
            return
        if not update:
            plan.skipped.append(f"{where}: {study_id} is already in the database as {duplicate_of}")
            return
        if context.studies.get(study_id) == vocab.Origin.CURATED:
            plan.skipped.append(
                f"{where}: {study_id} is curated; an import changes only local "
                "rows (give it another id)"
            )
            return
        if study_id not in context.studies:
            plan.skipped.append(
                f"{where}: {study_id} duplicates {duplicate_of}; --update "
                "replaces a local study of the same id only"
            )
            return
        plan.updated.append(study_id)
    seen_ids.add(study_id)
    context.planned.update({study_id, str(citation.get("publication_id") or study_id)})
    # Later records in the same file are checked against this one too.
    context.studies[study_id] = vocab.Origin.LOCAL.value
    if doi:
        context.by_doi[doi] = str(citation.get("publication_id") or study_id)
    if pmid:
        context.by_pmid[str(pmid)] = str(citation.get("publication_id") or study_id)
    if first_author and year and title:
        context.by_author_year_title[(first_author.lower(), year, title)] = study_id
    publication_id = citation.get("publication_id")
    if not publication_id and any(citation.get(k) for k in ("title", "doi", "pmid", "journal")):
        publication_id = study_id  # the citation needs a row to live in
    if publication_id and publication_id not in context.documents:
        plan.add(
            "publications",
            {
                "id": publication_id,
                "kind": "trial_report",
                "authors": citation.get("authors"),
                "first_author": first_author,
                "title": citation.get("title"),
                "journal": citation.get("journal"),
                "year": _int(citation.get("year")) or year,
                "volume": citation.get("volume"),
                "issue": citation.get("issue"),
                "pages": citation.get("pages"),
                "doi": citation.get("doi"),
                "pmid": pmid,
                "url": citation.get("url"),
            },
        )
        context.documents.add(publication_id)
    plan.add(
        "studies",
        {
            "id": study_id,
            "first_author": first_author,
            "year": year,
            "design": str(record["design"]).lower(),
            "population": str(record["population"]).lower(),
            "population_text": record.get("population_text"),
            "n": n,
            "comparator": record.get("comparator"),
            "outcome_measures": record.get("outcome_measures"),
            "result": record.get("outcome") or record.get("result"),
            "direction": str(record["direction"]).lower(),
            "publication_id": publication_id or None,
            "note": record.get("note"),
        },
    )
    for slug in slugs:
        plan.add("study_indications", {"study_id": study_id, "indication_slug": slug})
    for index, source in enumerate(record.get("sources") or [], 1):
        plan.add(
            "statements",
            {
                "id": f"st-{study_id}-{index}",
                "document_id": source["document"],
                "quote": source["quote"],
                "cited_as": source.get("cited_as"),
                "status": source.get("status") or "unconfirmed",
                "status_note": source.get("note"),
                "checked_against": source.get("checked_against"),
                "study_id": study_id,
            },
        )
    for index, dose in enumerate(record.get("doses") or [], 1):
        regimen_id = dose.get("id") or f"{study_id}-dose-{index}"
        plan.add(
            "dose_regimens",
            {
                "id": regimen_id,
                "study_id": study_id,
                "context": "studied",
                "phase": dose.get("phase"),
                "amount_low": _number(dose.get("amount_low")),
                "amount_high": _number(dose.get("amount_high")),
                "unit": dose.get("unit"),
                "basis": dose.get("basis") or "not_stated",
                "days_low": _int(dose.get("days_low")),
                "days_high": _int(dose.get("days_high")),
                "repeat_interval": dose.get("interval") or "not_stated",
                "course_duration": dose.get("course_duration"),
                "text": dose["text"],
                "ambiguous": bool(dose.get("ambiguous")),
                "ambiguity_note": dose.get("note"),
                "note": dose.get("caveat"),
                "record_reading": dose.get("record_reading"),
                "record_source": dose.get("record_source"),
                "record_basis": dose.get("record_basis"),
                "max_grams": _number(dose.get("max_grams")),
            },
        )
        for slug in dose.get("applies_to") or slugs:
            plan.add("regimen_indications", {"regimen_id": regimen_id, "indication_slug": slug})
        # A dose without sources of its own is stated by the study's sources (the
        # quote the user gave for the study), unless a primary record is named.
        dose_sources = dose.get("sources") or (
            [] if dose.get("record_source") else record.get("sources") or []
        )
        for s_index, source in enumerate(dose_sources, 1):
            plan.add(
                "statements",
                {
                    "id": f"st-{regimen_id}-{s_index}",
                    "document_id": source["document"],
                    "quote": source["quote"],
                    "cited_as": source.get("cited_as"),
                    "status": "unconfirmed",
                    "regimen_id": regimen_id,
                },
            )
    for index, note in enumerate(record.get("record_notes") or [], 1):
        plan.add(
            "study_notes",
            {
                "id": f"note-{study_id}-{index}",
                "study_id": study_id,
                "topic": note["topic"],
                "note": note["note"],
                "checked_against": note.get("checked_against") or "",
                "publication_id": None,
            },
        )


# ------------------------------------------------------------------ table exports


def read_table_export(directory: Path, tables: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        json_path, csv_path = directory / f"{table}.json", directory / f"{table}.csv"
        if json_path.exists():
            try:
                data = json.loads(_text(json_path))
            except json.JSONDecodeError as exc:
                raise IvigError(f"{json_path} is not JSON (line {exc.lineno}: {exc.msg})") from exc
            if not isinstance(data, list):
                raise IvigError(f"{json_path} must hold a JSON array of rows")
            found[table] = data
        elif csv_path.exists():
            found[table] = [
                {k: (v if v != "" else None) for k, v in row.items()}
                for row in csv.DictReader(io.StringIO(_text(csv_path)))
            ]
    if not found:
        raise IvigError(
            f"{directory} holds no table files (TABLE.json or TABLE.csv, as `ivig export` "
            "writes them)"
        )
    return found


def iter_batches(
    rows: Sequence[dict[str, Any]], size: int = 5000
) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


# ------------------------------------------------------------------ table exports as a plan


def _coerce(column: Any, value: Any) -> Any:
    """A CSV cell or JSON value as the column's Python type; ValueError if it is not one."""
    from sqlalchemy import Boolean, Enum, Float, Integer

    if value is None or value == "":
        return None
    kind = column.type
    if isinstance(kind, Boolean):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true"):
            return True
        if text in ("0", "false"):
            return False
        raise ValueError("not true or false")
    if isinstance(kind, Integer):
        number = _int(value)
        return number
    if isinstance(kind, Float):
        return _number(value)
    if isinstance(kind, Enum):
        if str(value) not in kind.enums:
            raise ValueError(f"not one of {', '.join(kind.enums)}")
        return str(value)
    return str(value) if not isinstance(value, str) else value


def plan_table_rows(
    found: Mapping[str, Sequence[Mapping[str, Any]]],
    existing_keys: Mapping[str, set[tuple[Any, ...]]],
    *,
    allow_curated: bool = True,
) -> Plan:
    """Rows of an `ivig export` as a plan: rows whose key is already present are skipped."""
    from ivig_evidence.store.models import Base

    problems: list[str] = []
    plan = Plan()
    for table_name, rows in found.items():
        table = Base.metadata.tables[table_name]
        key_columns = [c.name for c in table.primary_key.columns]
        seen: set[tuple[Any, ...]] = set()
        skipped = 0
        for number, row in enumerate(rows, 1):
            where = f"{table_name} row {number}"
            if not isinstance(row, Mapping):
                problems.append(f"{where}: not an object")
                continue
            unknown = sorted(set(row) - set(table.columns.keys()))
            if unknown:
                problems.append(f"{where}: unknown column(s) {', '.join(unknown)}")
                continue
            values: dict[str, Any] = {}
            for column in table.columns:
                try:
                    values[column.name] = _coerce(column, row.get(column.name))
                except (TypeError, ValueError) as exc:
                    problems.append(f"{where}, {column.name}: '{row.get(column.name)}' {exc}")
                    continue
                if (
                    values[column.name] is None
                    and not column.nullable
                    and column.server_default is None
                ):
                    problems.append(f"{where}, {column.name}: required")
            if "origin" in values and values["origin"] is None:
                values["origin"] = vocab.Origin.LOCAL.value
            if values.get("origin") == vocab.Origin.CURATED.value and not allow_curated:
                problems.append(
                    f"{where}, origin: rows you import are local; curated rows come only "
                    "from the release or an `ivig export` with its manifest"
                )
                continue
            key = tuple(values.get(k) for k in key_columns)
            if key in seen:
                problems.append(f"{where}: key {key} appears twice")
                continue
            seen.add(key)
            if key in existing_keys.get(table_name, set()):
                skipped += 1
                continue
            plan.add(table_name, values)
        if skipped:
            plan.skipped.append(f"{table_name}: {skipped} row(s) already present")
    if problems:
        raise ImportProblems("the import", problems)
    indications = plan.rows.get("indications")
    if indications:  # parents before children: the foreign key is checked row by row
        plan.rows["indications"] = parents_first(indications)
    return plan


def existing_keys(conn: Any, tables: Sequence[str]) -> dict[str, set[tuple[Any, ...]]]:
    from sqlalchemy import select

    from ivig_evidence.store.models import Base

    keys: dict[str, set[tuple[Any, ...]]] = {}
    for name in tables:
        table = Base.metadata.tables[name]
        keys[name] = {tuple(row) for row in conn.execute(select(*table.primary_key.columns))}
    return keys


# ------------------------------------------------------------------ writing a plan


def apply_plan(conn: Any, plan: Plan, *, after_table: Any = None) -> None:
    """Write a checked plan on ``conn``, inside the caller's transaction.

    Studies being updated lose their local rows first, then every table is
    inserted in dependency order. ``after_table(name)`` runs after each table
    (the seam that lets a test interrupt an import half way).
    """
    from sqlalchemy import delete, insert, select

    from ivig_evidence.store.models import Base
    from ivig_evidence.store.tables import TABLE_ORDER

    tables = Base.metadata.tables
    if plan.updated:
        local = vocab.Origin.LOCAL.value
        studies, regimens, statements = (
            tables["studies"],
            tables["dose_regimens"],
            tables["statements"],
        )
        regimen_ids = select(regimens.c.id).where(regimens.c.study_id.in_(plan.updated))
        conn.execute(
            delete(statements)
            .where(statements.c.origin == local)
            .where(
                statements.c.study_id.in_(plan.updated) | statements.c.regimen_id.in_(regimen_ids)
            )
        )
        ri = tables["regimen_indications"]
        conn.execute(delete(ri).where(ri.c.regimen_id.in_(regimen_ids)))
        for name in ("dose_regimens", "study_notes", "study_indications"):
            child = tables[name]
            conn.execute(delete(child).where(child.c.study_id.in_(plan.updated)))
        conn.execute(
            delete(studies).where(studies.c.id.in_(plan.updated)).where(studies.c.origin == local)
        )
    from ivig_evidence.progress import progress

    with progress("writing", sum(plan.counts().values())) as advance:
        for name in TABLE_ORDER:
            rows = plan.rows.get(name)
            if not rows:
                continue
            table = tables[name]
            columns = [c.name for c in table.columns]
            for batch in iter_batches(rows):
                # Every row carries every column, so one executemany fits the whole batch.
                conn.execute(insert(table), [_full_row(columns, row) for row in batch])
                advance(len(batch))
            if after_table is not None:
                after_table(name)


def _full_row(columns: Sequence[str], row: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: row.get(name) for name in columns}
    if "origin" in values and values["origin"] is None:
        values["origin"] = vocab.Origin.LOCAL.value
    return values
