"""Study records into rows: the importer behind `ivig import FILE` and `ivig add study`.

``StudyImport`` checks each record (``checks``), decides whether it is new, a
duplicate to skip (``results.Duplicate``) or a local study to replace, and builds
its rows with one builder per table, one record at a time, so an import of any
size holds one record's rows at once. ``Context`` is what the database already
holds, read whole for a small database or key by key for a large one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ivig_evidence import vocab
from ivig_evidence.doses.checks import CheckedDose
from ivig_evidence.importing.checks import CheckedSource, Problem
from ivig_evidence.importing.pipeline import Importer
from ivig_evidence.importing.results import Duplicate, Match, Why
from ivig_evidence.importing.study_checks import CheckedStudy, check_study
from ivig_evidence.importing.writing import Plan
from ivig_evidence.store.reader import fetch_rows

if TYPE_CHECKING:
    from ivig_evidence.store.reader import Reader

LOCAL = vocab.Origin.LOCAL.value
UNCONFIRMED = vocab.Status.UNCONFIRMED.value


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


def _duplicate_of(study: CheckedStudy, study_id: str, context: Context) -> tuple[str, Match] | None:
    """What in the database (or earlier in the input) this study repeats, and by what."""
    doi = (study.citation.doi or "").lower() or None
    pmid = study.citation.pmid
    title = (study.citation.title or "").lower()
    if study_id in context.studies:
        return study_id, Match.ID
    if doi and doi in context.by_doi:
        return context.by_doi[doi], Match.DOI
    if pmid and pmid in context.by_pmid:
        return context.by_pmid[pmid], Match.PMID
    if study.first_author and study.year and title:
        key = (study.first_author.lower(), study.year, title)
        if key in context.by_author_year_title:
            return str(context.by_author_year_title[key]), Match.AUTHOR_YEAR_TITLE
    return None


def _why_skipped(study_id: str, of: str, context: Context, *, update: bool) -> Why | None:
    """Why a study that repeats ``of`` is skipped; None when it replaces a local study."""
    if of in context.planned:
        return Why.EARLIER_IN_INPUT
    if not update:
        return Why.IN_DATABASE
    if context.studies.get(study_id) == vocab.Origin.CURATED:
        return Why.CURATED
    if study_id not in context.studies:
        return Why.NOT_SAME_ID
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


class StudyImport(Importer):
    """Study records checked and planned one at a time: ``plans`` yields each valid
    record's rows; every problem is counted (the first few kept for the report)."""

    def __init__(
        self,
        records: Iterable[tuple[str, Any]],
        context: Context,
        *,
        update: bool,
        source: str = "the import",
    ) -> None:
        super().__init__(source)
        self.records = records
        self.context = context
        self.update = update
        self._seen_ids: dict[str, None] = {}

    def plans(self) -> Iterator[Plan]:
        for where, record in self.records:
            plan = self.plan(where, record)
            if plan is not None:
                yield self.planned(plan)
            if self.log.hopeless:
                return  # reading on would only count more problems

    def plan(self, where: str, record: Any) -> Plan | None:
        """This record's rows, or None when it has a problem or is skipped."""
        context = self.context
        study, found = check_study(
            where, record, context.indications, context.slugs, context.documents
        )
        self.log.add(*found)
        if study is None:
            return None
        study_id = study_id_for(study)
        if study_id in self._seen_ids:
            self.log.add(Problem(where, "id", f"'{study_id}' appears twice in the file"))
            return None
        repeats = _duplicate_of(study, study_id, context)
        if repeats is not None:
            of, match = repeats
            why = _why_skipped(study_id, of, context, update=self.update)
            if why is not None:
                self.skip(Duplicate(where, study_id, of, match, why))
                return None
        taken = _id_problems(study, study_id, context, replacing=repeats is not None)
        if taken:
            self.log.add(*taken)
            return None
        plan = Plan(replaces=[study_id] if repeats is not None else [])
        self._seen_ids[study_id] = None
        _add_study(plan, study, study_id, context)
        return plan

    @property
    def written_studies(self) -> list[str]:
        """The studies planned: all written once the import is found valid (those it
        replaces are written again)."""
        return list(self._seen_ids)


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
        # A dose's own sources are stored as given (checked as a study's are). One
        # without is stated by the study's sentences, unless a primary record is named;
        # a record that confirmed the study's claim did not confirm the dose: unchecked.
        dose_sources = dose.sources or tuple(
            replace(source, status=UNCONFIRMED, note=None, checked_against=None)
            for source in (() if dose.record_source else study.sources)
        )
        for s_index, source in enumerate(dose_sources, 1):
            plan.add(
                "statements",
                statement_row(f"st-{regimen_id}-{s_index}", source, regimen_id=regimen_id),
            )
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
        "rate_text": dose.rate_text,
        "max_rate_mg_per_kg_min": dose.max_rate_mg_per_kg_min,
    }
