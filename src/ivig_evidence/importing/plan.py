"""From checked records to rows: what an import would write, table by table.

``plan_studies`` checks every study record (``checks``), decides for each
whether it is new, a duplicate to skip, or a local study to replace, and builds
its rows with one builder per table. ``plan_table_rows`` does the same for a
directory of table files. Every problem in the input is collected and raised at
once (``ImportProblems``); a plan is written only whole (``apply_plan``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ivig_evidence import vocab
from ivig_evidence.errors import IvigError
from ivig_evidence.importing import checks
from ivig_evidence.importing.checks import CheckedDose, CheckedSource, CheckedStudy, Problem
from ivig_evidence.store.reader import fetch_rows

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ivig_evidence.store.reader import Reader

LOCAL = vocab.Origin.LOCAL.value
SHOWN_PROBLEMS = 25
# Past this many problems a file is not worth reading to the end: checking stops.
PROBLEM_LIMIT = 1000


class ImportProblems(IvigError):
    """Every problem found in the input; nothing was written."""

    def __init__(
        self, source: str, problems: Sequence[Problem | str], *, total: int | None = None
    ) -> None:
        lines = [str(p) for p in problems]
        total = len(lines) if total is None else total
        shown = lines[:SHOWN_PROBLEMS]
        more = f"\n  ... and {total - len(shown)} more" if total > len(shown) else ""
        counted = (
            f"at least {total} problems (checking stopped there)"
            if total >= PROBLEM_LIMIT
            else f"{total} problem(s)"
        )
        super().__init__(f"{source}: {counted}, nothing written:\n  " + "\n  ".join(shown) + more)
        self.problems = list(problems)


@dataclass
class Plan:
    """What an import would write, table by table, with what it skips and why. A
    summary of a streamed import has no rows, only their ``tally``."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    tally: dict[str, int] | None = None

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)

    def merge(self, other: Plan) -> None:
        for table, rows in other.rows.items():
            self.rows.setdefault(table, []).extend(rows)
        self.skipped.extend(other.skipped)
        self.updated.extend(other.updated)

    def counts(self) -> dict[str, int]:
        if self.tally is not None:
            return {t: n for t, n in self.tally.items() if n}
        return {t: len(r) for t, r in self.rows.items() if r}


# ------------------------------------------------------------------ what is there already


@dataclass
class Context:
    """What the database already holds, for checks and duplicate detection; records
    planned earlier in the same input are added as they are planned."""

    indications: dict[str, list[str]]  # slug or alias key -> the slugs it names
    slugs: list[str]
    documents: set[str]
    studies: Known  # id -> origin
    regimens: Known  # dose regimen id -> its study
    by_doi: dict[str, str]  # doi -> publication id
    by_pmid: dict[str, str]
    by_author_year_title: Known  # (author, year, title), lowercase -> study id
    planned: set[str] = field(default_factory=set)  # study and publication ids from this input


# Below this many studies the ids are read whole (fastest for a large import into a
# small database); above it each is asked for by key (an import into a database of a
# million studies then holds none of them: it held 535 MB before).
READ_WHOLE_BELOW = 100_000
_MISSING = object()


class Known:
    """Keys the database already holds, each with a value, and those planned earlier in
    this input: read whole, or asked for one key at a time through ``fetch`` (which
    returns the value or _MISSING). Only ``in``, ``get``, ``[]`` and assignment."""

    def __init__(
        self, whole: dict[Any, Any] | None = None, fetch: Callable[[Any], Any] | None = None
    ) -> None:
        self.local: dict[Any, Any] = whole if whole is not None else {}
        self._fetch = fetch
        self._asked: dict[Any, Any] = {}

    def _value(self, key: Any) -> Any:
        if key in self.local:
            return self.local[key]
        if self._fetch is None:
            return _MISSING
        if key not in self._asked:
            self._asked[key] = self._fetch(key)
        return self._asked[key]

    def __contains__(self, key: Any) -> bool:
        return self._value(key) is not _MISSING

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._value(key)
        return default if value is _MISSING else value

    def __getitem__(self, key: Any) -> Any:
        value = self._value(key)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __setitem__(self, key: Any, value: Any) -> None:
        self.local[key] = value


def _one(reader: Reader, sql: str, params: dict[str, Any], column: str) -> Any:
    rows = fetch_rows(reader, sql, params)
    return rows[0][column] if rows else _MISSING


def _study_by_author_year_title(reader: Reader, key: tuple[str, int, str]) -> Any:
    author, year, title = key
    # The listing index serves one year; author and title are compared as Python
    # lowercases them, as when the ids are read whole.
    for row in fetch_rows(
        reader,
        "SELECT s.id, s.first_author, p.title FROM studies s "
        "JOIN publications p ON p.id = s.publication_id "
        "WHERE (CASE WHEN s.year IS NULL THEN 1 ELSE 0 END) = 0 AND s.year = :year "
        "AND s.first_author IS NOT NULL",
        {"year": year},
    ):
        if row["first_author"].lower() == author and (row["title"] or "").lower() == title:
            return row["id"]
    return _MISSING


def load_context(reader: Reader) -> Context:
    from ivig_evidence.indications import alias_key

    indications: dict[str, list[str]] = {}
    slugs = [r["slug"] for r in fetch_rows(reader, "SELECT slug FROM indications ORDER BY slug")]
    for slug in slugs:
        indications[slug] = [slug]
        indications.setdefault(alias_key(slug), [slug])
    for r in fetch_rows(
        reader,
        "SELECT alias_key, indication_slug FROM indication_aliases "
        "ORDER BY alias_key, indication_slug",
    ):
        named = indications.setdefault(r["alias_key"], [])
        if r["indication_slug"] not in named:
            named.append(r["indication_slug"])
    publications = fetch_rows(reader, "SELECT id, doi, pmid FROM publications")
    large = fetch_rows(reader, "SELECT count(*) AS n FROM studies")[0]["n"] >= READ_WHOLE_BELOW
    if large:
        studies = Known(
            fetch=lambda key: _one(
                reader, "SELECT origin FROM studies WHERE id = :id", {"id": key}, "origin"
            )
        )
        regimens = Known(
            fetch=lambda key: _one(
                reader, "SELECT study_id FROM dose_regimens WHERE id = :id", {"id": key}, "study_id"
            )
        )
        by_author_year_title = Known(fetch=lambda key: _study_by_author_year_title(reader, key))
    else:
        studies = Known(
            {r["id"]: r["origin"] for r in fetch_rows(reader, "SELECT id, origin FROM studies")}
        )
        regimens = Known(
            {
                r["id"]: r["study_id"]
                for r in fetch_rows(reader, "SELECT id, study_id FROM dose_regimens")
            }
        )
        by_author_year_title = Known(
            {
                (r["first_author"].lower(), int(r["year"]), (r["title"] or "").lower()): r["id"]
                for r in fetch_rows(
                    reader,
                    "SELECT s.id, s.first_author, s.year, p.title FROM studies s "
                    "JOIN publications p ON p.id = s.publication_id "
                    "WHERE s.first_author IS NOT NULL AND s.year IS NOT NULL",
                )
            }
        )
    return Context(
        indications=indications,
        slugs=slugs,
        documents={r["id"] for r in publications},
        studies=studies,
        regimens=regimens,
        by_doi={r["doi"].lower(): r["id"] for r in publications if r["doi"]},
        by_pmid={r["pmid"]: r["id"] for r in publications if r["pmid"]},
        by_author_year_title=by_author_year_title,
    )


# ------------------------------------------------------------------ studies


def _slugify(*parts: Any) -> str:
    text = "-".join(str(p) for p in parts if p not in (None, ""))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "study"


def study_id_for(study: CheckedStudy) -> str:
    title = (study.citation.title or "").lower()
    return study.id or _slugify(study.first_author, study.year, title[:30] or None)


def _duplicate_of(study: CheckedStudy, study_id: str, context: Context) -> str | None:
    """What in the database (or earlier in the input) this study repeats, if anything."""
    doi = (study.citation.doi or "").lower() or None
    pmid = study.citation.pmid
    title = (study.citation.title or "").lower()
    if study_id in context.studies:
        return f"study {study_id} (same id)"
    if doi and doi in context.by_doi:
        return f"publication {context.by_doi[doi]} (same DOI)"
    if pmid and pmid in context.by_pmid:
        return f"publication {context.by_pmid[pmid]} (same PMID)"
    if study.first_author and study.year and title:
        key = (study.first_author.lower(), study.year, title)
        if key in context.by_author_year_title:
            return str(context.by_author_year_title[key])
    return None


def _skip_reason(
    study: CheckedStudy, study_id: str, duplicate_of: str, context: Context, *, update: bool
) -> str | None:
    """Why a study that repeats another is skipped; None when it replaces a local study."""
    earlier = duplicate_of.split(" ")[1] if " " in duplicate_of else duplicate_of
    where = study.where
    if earlier in context.planned:
        return f"{where}: {study_id} duplicates {duplicate_of}, earlier in this file"
    if not update:
        return f"{where}: {study_id} is already in the database as {duplicate_of}"
    if context.studies.get(study_id) == vocab.Origin.CURATED:
        return f"{where}: {study_id} is curated; an import changes only local rows (give it another id)"
    if study_id not in context.studies:
        return (
            f"{where}: {study_id} duplicates {duplicate_of}; --update replaces a local study of "
            "the same id only"
        )
    return None


def _regimen_id(study_id: str, index: int, dose: CheckedDose) -> str:
    return dose.id or f"{study_id}-dose-{index}"


def _id_problems(
    study: CheckedStudy, study_id: str, context: Context, replacing: bool
) -> list[Problem]:
    """Ids this study's rows would take that are already taken: found now, not by the database."""
    problems: list[Problem] = []
    for index, dose in enumerate(study.doses, 1):
        regimen_id = _regimen_id(study_id, index, dose)
        owner = context.regimens.get(regimen_id, "")
        if regimen_id in context.regimens and not (replacing and owner == study_id):
            problems.append(
                Problem(study.where, f"doses[{index}].id", f"'{regimen_id}' is already used")
            )
    return problems


class StudyImport:
    """Study records checked and planned one at a time, so an import of any size holds
    one record's rows at once: ``plan`` returns each record's rows (or None), and every
    problem is counted (the first SHOWN_PROBLEMS kept for the report)."""

    def __init__(self, context: Context, *, update: bool, source: str = "the import") -> None:
        self.context = context
        self.update = update
        self.source = source
        self.problems: list[Problem | str] = []
        self.problem_count = 0
        self.counts: dict[str, int] = {}
        self.updated: list[str] = []
        self.skipped: list[str] = []
        self.skipped_count = 0
        self._seen_ids: set[str] = set()

    def _problem(self, *found: Problem) -> None:
        self.problem_count += len(found)
        room = max(SHOWN_PROBLEMS + 1 - len(self.problems), 0)
        self.problems.extend(found[:room])

    def plan(self, where: str, record: Any) -> Plan | None:
        """This record's rows, or None when it has a problem or is skipped."""
        context = self.context
        study, found = checks.check_study(
            where, record, context.indications, context.slugs, context.documents
        )
        self._problem(*found)
        if study is None:
            return None
        study_id = study_id_for(study)
        if study_id in self._seen_ids:
            self._problem(Problem(where, "id", f"'{study_id}' appears twice in the file"))
            return None
        duplicate_of = _duplicate_of(study, study_id, context)
        replacing = False
        if duplicate_of is not None:
            reason = _skip_reason(study, study_id, duplicate_of, context, update=self.update)
            if reason is not None:
                self.skipped_count += 1
                if len(self.skipped) < SHOWN_PROBLEMS:
                    self.skipped.append(reason)
                return None
            replacing = True
        taken = _id_problems(study, study_id, context, replacing)
        if taken:
            self._problem(*taken)
            return None
        plan = Plan()
        if replacing:
            plan.updated.append(study_id)
            self.updated.append(study_id)
        self._seen_ids.add(study_id)
        _add_study(plan, study, study_id, context)
        for table, n in plan.counts().items():
            self.counts[table] = self.counts.get(table, 0) + n
        return plan

    @property
    def written_ids(self) -> list[str]:
        """The studies planned so far: all written once the import is found valid (those
        of ``updated`` replace local studies of the same id)."""
        return list(self._seen_ids)

    @property
    def hopeless(self) -> bool:
        """So many problems that reading on would only count more of them."""
        return self.problem_count >= PROBLEM_LIMIT

    def check(self) -> None:
        """Raise with every problem found, if any was."""
        if self.problem_count:
            raise ImportProblems(self.source, self.problems, total=self.problem_count)

    def summary(self) -> Plan:
        """What the import adds, replaces and skips, without its rows."""
        skipped = list(self.skipped)
        if self.skipped_count > len(skipped):
            skipped.append(f"... and {self.skipped_count - len(skipped)} more")
        return Plan(rows={}, skipped=skipped, updated=list(self.updated), tally=dict(self.counts))


def plan_studies(
    records: Iterable[tuple[str, Any]],
    context: Context,
    *,
    update: bool,
    source: str = "the import",
) -> Plan:
    """Check every record and turn the valid ones into one plan; raise with every problem."""
    importer = StudyImport(context, update=update, source=source)
    whole = Plan()
    for where, record in records:
        planned = importer.plan(where, record)
        if planned is not None:
            whole.merge(planned)
    importer.check()
    return whole


def _remember(study: CheckedStudy, study_id: str, publication_id: str, context: Context) -> None:
    """Later records in the same input are checked against this one too."""
    context.planned.update({study_id, publication_id})
    context.studies[study_id] = LOCAL
    if study.citation.doi:
        context.by_doi[study.citation.doi.lower()] = publication_id
    if study.citation.pmid:
        context.by_pmid[study.citation.pmid] = publication_id
    title = (study.citation.title or "").lower()
    if study.first_author and study.year and title:
        context.by_author_year_title[(study.first_author.lower(), study.year, title)] = study_id


def _add_study(plan: Plan, study: CheckedStudy, study_id: str, context: Context) -> None:
    publication_id = study.citation.publication_id
    if not publication_id and study.citation.given:
        publication_id = study_id  # the citation needs a row to live in
    _remember(study, study_id, publication_id or study_id, context)
    if publication_id and publication_id not in context.documents:
        plan.add("publications", publication_row(study, publication_id))
        context.documents.add(publication_id)
    plan.add("studies", study_row(study, study_id, publication_id))
    for slug in study.indications:
        plan.add("study_indications", {"study_id": study_id, "indication_slug": slug})
    for index, source in enumerate(study.sources, 1):
        plan.add("statements", statement_row(f"st-{study_id}-{index}", source, study_id=study_id))
    for index, dose in enumerate(study.doses, 1):
        regimen_id = _regimen_id(study_id, index, dose)
        context.regimens[regimen_id] = study_id
        plan.add("dose_regimens", regimen_row(dose, regimen_id, study_id))
        for slug in dose.applies_to or study.indications:
            plan.add("regimen_indications", {"regimen_id": regimen_id, "indication_slug": slug})
        # A dose without sources of its own is stated by the study's sources (the
        # quote the user gave for the study), unless a primary record is named.
        dose_sources = dose.sources or (() if dose.record_source else study.sources)
        for s_index, source in enumerate(dose_sources, 1):
            statement = statement_row(f"st-{regimen_id}-{s_index}", source, regimen_id=regimen_id)
            plan.add("statements", statement | {"status": "unconfirmed", "status_note": None})
    for index, note in enumerate(study.notes, 1):
        plan.add(
            "study_notes",
            {
                "id": f"note-{study_id}-{index}",
                "study_id": study_id,
                "topic": note.topic,
                "note": note.note,
                "checked_against": note.checked_against,
                "publication_id": None,
            },
        )


# ------------------------------------------------------------------ one builder per table


def publication_row(study: CheckedStudy, publication_id: str) -> dict[str, Any]:
    c = study.citation
    return {
        "id": publication_id,
        "kind": "trial_report",
        "authors": c.authors,
        "first_author": study.first_author,
        "title": c.title,
        "journal": c.journal,
        "year": c.year or study.year,
        "volume": c.volume,
        "issue": c.issue,
        "pages": c.pages,
        "doi": c.doi,
        "pmid": c.pmid,
        "url": c.url,
    }


def study_row(study: CheckedStudy, study_id: str, publication_id: str | None) -> dict[str, Any]:
    return {
        "id": study_id,
        "first_author": study.first_author,
        "year": study.year,
        "design": study.design,
        "population": study.population,
        "population_text": study.population_text,
        "n": study.n,
        "comparator": study.comparator,
        "outcome_measures": study.outcome_measures,
        "result": study.result,
        "direction": study.direction,
        "publication_id": publication_id or None,
        "note": study.note,
    }


def statement_row(statement_id: str, source: CheckedSource, **subject: str) -> dict[str, Any]:
    return {
        "id": statement_id,
        "document_id": source.document,
        "quote": source.quote,
        "cited_as": source.cited_as,
        "status": source.status,
        "status_note": source.note,
        "checked_against": source.checked_against,
        **subject,
    }


def regimen_row(dose: CheckedDose, regimen_id: str, study_id: str) -> dict[str, Any]:
    return {
        "id": regimen_id,
        "study_id": study_id,
        "context": "studied",
        "phase": dose.phase,
        "amount_low": dose.amount_low,
        "amount_high": dose.amount_high,
        "unit": dose.unit,
        "basis": dose.basis,
        "days_low": dose.days_low,
        "days_high": dose.days_high,
        "repeat_interval": dose.interval,
        "course_duration": dose.course_duration,
        "text": dose.text,
        "ambiguous": dose.ambiguous,
        "ambiguity_note": dose.ambiguity_note,
        "note": dose.caveat,
        "record_reading": dose.record_reading,
        "record_source": dose.record_source,
        "record_basis": dose.record_basis,
        "max_grams": dose.max_grams,
        "record_amount_low": dose.record_amount_low,
        "record_amount_high": dose.record_amount_high,
        "record_unit": dose.record_unit,
        "record_days_low": dose.record_days_low,
        "record_days_high": dose.record_days_high,
        "record_interval": dose.record_interval,
    }


# ------------------------------------------------------------------ table files


# The field rules of a study, applied to table files by column name.
def _check_column(found: checks.Found, column: Any, value: Any) -> Any:
    """A CSV cell or JSON value as the column's type, under the same rules as a study's fields."""
    from sqlalchemy import Boolean, Enum, Float, Integer

    name = column.name
    if value is None or value == "":
        return None
    if name == "year":
        return checks.check_year(found, name, value)
    if name == "n":
        return checks.check_patients(found, name, value)
    if name == "doi":
        return checks.check_doi(found, name, value)
    if name == "pmid":
        return checks.check_pmid(found, name, value)
    kind = column.type
    if isinstance(kind, Boolean):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true"):
            return True
        if text in ("0", "false"):
            return False
        found.add(name, f"'{value}' is not true or false")
        return None
    if isinstance(kind, Integer):
        try:
            number = checks.whole_number(value)
        except (TypeError, ValueError):
            found.add(name, f"'{value}' is not a whole number")
            return None
        if number is not None and abs(number) > checks.MAX_PATIENTS:
            found.add(name, f"{number} is too large")
            return None
        return number
    if isinstance(kind, Float):
        try:
            real = checks.real_number(value)
        except (TypeError, ValueError):
            found.add(name, f"'{value}' is not a number")
            return None
        if real is not None and abs(real) > checks.MAX_AMOUNT:
            found.add(name, f"{real:g} is too large")
            return None
        return real
    if isinstance(kind, Enum):
        if str(value) not in kind.enums:
            found.add(name, f"'{value}' is not one of {', '.join(kind.enums)}")
            return None
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a number in a text column (an id, a volume) is its digits
    return checks.check_text(found, name, value)


def plan_table_rows(
    found: Mapping[str, Sequence[Any]],
    existing_keys: Mapping[str, set[tuple[Any, ...]]],
    *,
    allow_curated: bool = True,
    source: str = "the import",
    families: Mapping[str, str] | None = None,
) -> Plan:
    """Rows of table files as a plan: rows whose key is already present are skipped.
    An indication that names no family takes its parent's (``families`` holds those
    already in the database), or 'other' at the top of the tree."""
    from ivig_evidence.store.models import Base
    from ivig_evidence.store.tables import parents_first

    problems: list[Problem | str] = []
    plan = Plan()
    for table_name, rows in found.items():
        table = Base.metadata.tables[table_name]
        key_columns = [c.name for c in table.primary_key.columns]
        seen: set[tuple[Any, ...]] = set()
        skipped = 0
        for number, row in enumerate(rows, 1):
            where = checks.Found(f"{table_name} row {number}")
            if not isinstance(row, Mapping):
                problems.append(f"{where.where}: not an object")
                continue
            unknown = sorted(set(row) - set(table.columns.keys()))
            if unknown:
                problems.append(f"{where.where}: unknown column(s) {', '.join(unknown)}")
                continue
            values: dict[str, Any] = {}
            for column in table.columns:
                values[column.name] = _check_column(where, column, row.get(column.name))
                raw_missing = row.get(column.name) in (None, "")
                if raw_missing and not column.nullable and column.server_default is None:
                    where.add(column.name, "required")
            if "origin" in values and values["origin"] is None:
                values["origin"] = LOCAL
            if values.get("origin") == vocab.Origin.CURATED.value and not allow_curated:
                where.add(
                    "origin",
                    "rows you import are local; curated rows come only from the release or "
                    "an `ivig export` with its manifest",
                )
            if table_name == "publications" and values.get("origin") != vocab.Origin.CURATED.value:
                checks.check_publication_row(where, values)
            problems.extend(where.problems)
            if where.problems:
                continue
            key = tuple(values.get(k) for k in key_columns)
            if key in seen:
                problems.append(f"{where.where}: key {key} appears twice")
                continue
            seen.add(key)
            if key in existing_keys.get(table_name, set()):
                skipped += 1
                continue
            plan.add(table_name, values)
        if skipped:
            plan.skipped.append(f"{table_name}: {skipped} row(s) already present")
    if problems:
        raise ImportProblems(source, problems)
    indications = plan.rows.get("indications")
    if indications:  # parents before children: the foreign key is checked row by row
        plan.rows["indications"] = parents_first(indications)
        inherit_families(plan.rows["indications"], families or {})
    return plan


def inherit_families(rows: Sequence[dict[str, Any]], known: Mapping[str, str]) -> None:
    """Fill in the family of indication rows that give none, parents first: a file
    written before the column (revision 0018) files a subtype with its parent."""
    families = dict(known)
    for row in rows:
        if row.get("family") is None:
            parent = row.get("parent_slug")
            row["family"] = families.get(parent or "", vocab.ConditionFamily.OTHER.value)
        families[row["slug"]] = row["family"]


def existing_families(conn: Connection) -> dict[str, str]:
    """Every indication's family, by slug (a few rows, whatever the database's size)."""
    from sqlalchemy import text

    return {
        slug: family for slug, family in conn.execute(text("SELECT slug, family FROM indications"))
    }


def existing_keys(conn: Connection, tables: Sequence[str]) -> dict[str, set[tuple[Any, ...]]]:
    from sqlalchemy import select

    from ivig_evidence.store.models import Base

    keys: dict[str, set[tuple[Any, ...]]] = {}
    for name in tables:
        table = Base.metadata.tables[name]
        keys[name] = {tuple(row) for row in conn.execute(select(*table.primary_key.columns))}
    return keys


# ------------------------------------------------------------------ writing a plan


def iter_batches(
    rows: Sequence[dict[str, Any]], size: int = 5000
) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


def apply_plan(conn: Connection, plan: Plan, *, after_table: Any = None) -> None:
    """Write a checked plan on ``conn``, inside the caller's transaction.

    Studies being updated lose their local rows first, then every table is
    inserted in dependency order. ``after_table(name)`` runs after each table
    (the seam that lets a test interrupt an import half way).
    """
    from ivig_evidence.progress import progress
    from ivig_evidence.store.tables import TABLE_ORDER

    kept: list[dict[str, Any]] = []
    if plan.updated:
        kept = delete_local_studies(conn, plan.updated)
    with progress("writing", sum(plan.counts().values())) as advance:
        for name in TABLE_ORDER:
            rows = [*plan.rows.get(name, ()), *(kept if name == "outcomes" else ())]
            if not rows:
                continue
            for batch in iter_batches(rows):
                insert_rows(conn, name, batch)
                advance(len(batch))
            if after_table is not None:
                after_table(name)


def delete_local_studies(conn: Connection, study_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Remove local studies (and their local rows) that an import replaces. A study's
    outcome rows are not part of the record an import gives (`ivig studies -f json`
    does not carry them): they are returned, to be written again after the study."""
    from sqlalchemy import delete, select

    from ivig_evidence.store.models import Base

    tables = Base.metadata.tables
    studies, regimens, statements = (
        tables["studies"],
        tables["dose_regimens"],
        tables["statements"],
    )
    regimen_ids = select(regimens.c.id).where(regimens.c.study_id.in_(study_ids))
    conn.execute(
        delete(statements)
        .where(statements.c.origin == LOCAL)
        .where(statements.c.study_id.in_(study_ids) | statements.c.regimen_id.in_(regimen_ids))
    )
    outcomes = tables["outcomes"]
    kept = [
        dict(row._mapping)
        for row in conn.execute(
            select(outcomes).where(outcomes.c.study_id.in_(study_ids)).order_by(outcomes.c.id)
        )
    ]
    conn.execute(delete(outcomes).where(outcomes.c.study_id.in_(study_ids)))
    ri = tables["regimen_indications"]
    conn.execute(delete(ri).where(ri.c.regimen_id.in_(regimen_ids)))
    for name in ("dose_regimens", "study_notes", "study_indications"):
        child = tables[name]
        conn.execute(delete(child).where(child.c.study_id.in_(study_ids)))
    conn.execute(
        delete(studies).where(studies.c.id.in_(study_ids)).where(studies.c.origin == LOCAL)
    )
    return kept


class RowWriter:
    """Rows written in batches inside the caller's transaction, parents before children
    at every flush, so memory holds one batch however large the import."""

    def __init__(self, conn: Connection, batch_rows: int = 5000) -> None:
        self.conn = conn
        self.batch_rows = batch_rows
        self.pending: dict[str, list[dict[str, Any]]] = {}
        self.size = 0
        self.problems: list[str] = []  # fact rows written without a statement

    def add(self, plan: Plan) -> None:
        if plan.updated:
            from ivig_evidence.counts import note_removing_studies

            self.flush()
            note_removing_studies(self.conn, plan.updated)
            kept = delete_local_studies(self.conn, plan.updated)
            self.pending.setdefault("outcomes", []).extend(kept)
            self.size += len(kept)
        for table, rows in plan.rows.items():
            self.pending.setdefault(table, []).extend(rows)
            self.size += len(rows)
        if self.size >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Write the pending rows, then check the fact rows just written have their
        statements (they are written in the same batch: a record's rows stay together)."""
        from ivig_evidence.store.seed import PROVENANCE_REQUIRED, provenance_problems
        from ivig_evidence.store.tables import TABLE_ORDER

        for name in TABLE_ORDER:
            rows = self.pending.get(name)
            if rows:
                insert_rows(self.conn, name, rows)
        written = {
            table: [row[key] for row in self.pending.get(table, ())]
            for table, (key, _) in PROVENANCE_REQUIRED.items()
        }
        self.problems.extend(provenance_problems(self.conn, written))
        self.pending.clear()
        self.size = 0


def insert_rows(
    conn: Connection,
    table: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    via_json: bool | None = None,
) -> None:
    """Checked rows into ``table``, every column given (so one statement fits them all),
    through the driver's own executemany: SQLAlchemy's per-row parameter processing
    was a fifth of an import's time, and the rows need none of it (the checks give
    plain values: a vocabulary value as the text the database stores)."""
    from ivig_evidence.store.models import Base

    columns = [c.name for c in Base.metadata.tables[table].columns]
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(f'"{c}"' for c in columns)
    values = [[*map(row.get, columns)] for row in rows]
    if "origin" in columns:  # a row that does not say where it is from is the user's own
        at = columns.index("origin")
        for row_values in values:
            if row_values[at] is None:
                row_values[at] = LOCAL
    if via_json is None:  # SQLite has its JSON functions built in since 3.38
        via_json = conn.dialect.name == "sqlite" and sqlite3.sqlite_version_info >= (3, 38)
    if via_json:
        # One statement for the whole batch, its rows read by SQLite itself from one
        # JSON array: 2-3x faster than executemany, a statement per row (measured on
        # the benchmark's 100,000 studies: 2-3 s instead of 6-8 s for the studies).
        fields = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
        conn.exec_driver_sql(
            f"INSERT INTO {table} ({names}) SELECT {fields} FROM json_each(?)",
            (json.dumps(values, ensure_ascii=False, allow_nan=False),),
        )
        return
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({names}) VALUES ({', '.join([mark] * len(columns))})",
        [tuple(v) for v in values],
    )
