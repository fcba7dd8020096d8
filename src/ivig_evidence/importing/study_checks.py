"""The rules a whole study record must meet: its own fields, its citation, the
indications it names, its sources, doses and notes, every problem at once. Pure
functions, as ``checks``; `ivig import` and `ivig add study` use the same."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.addresses import address_problem
from ivig_evidence.doses.checks import CheckedDose, check_dose
from ivig_evidence.importing.checks import (
    CheckedNote,
    CheckedSource,
    Found,
    Problem,
    RefusedRecord,
    check_choice,
    check_doi,
    check_fields,
    check_id,
    check_list,
    check_note,
    check_patients,
    check_pmid,
    check_source,
    check_text,
    check_year,
    kind_of,
)


@dataclass(frozen=True)
class CheckedCitation:
    publication_id: str | None
    authors: str | None
    title: str | None
    journal: str | None
    year: int | None
    volume: str | None
    issue: str | None
    pages: str | None
    doi: str | None
    pmid: str | None
    url: str | None

    @property
    def given(self) -> bool:
        return any((self.title, self.doi, self.pmid, self.journal))


@dataclass(frozen=True)
class CheckedStudy:
    where: str
    id: str | None
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
    indications: tuple[str, ...]
    citation: CheckedCitation
    sources: tuple[CheckedSource, ...]
    doses: tuple[CheckedDose, ...]
    notes: tuple[CheckedNote, ...]


NO_CITATION = CheckedCitation(None, None, None, None, None, None, None, None, None, None, None)
CITATION_FIELDS = (
    "publication_id", "authors", "title", "journal", "year", "volume", "issue", "pages",
    "doi", "pmid", "url",
)  # fmt: skip
STUDY_TEXTS = (
    "first_author", "population_text", "comparator", "outcome_measures", "outcome", "result",
    "note",
)  # fmt: skip
STUDY_FIELDS = (
    "id", "design", "population", "direction", "year", "n", *STUDY_TEXTS, "citation",
    "indications", "sources", "doses", "record_notes",
)  # fmt: skip
# What `ivig studies -f json` derives from the rest: the doses as text, the status of
# the sources together.
STUDY_DERIVED = ("dose", "status")


def check_citation(found: Found, value: Any) -> CheckedCitation:
    if value is None or value == {}:
        return NO_CITATION  # most imported records cite nothing: nothing to check
    if not isinstance(value, dict):
        found.add("citation", f"must be an object, not {kind_of(value)}")
        value = {}
    check_fields(found, "citation", value, "a citation", CITATION_FIELDS)

    def text(name: str) -> str | None:
        raw = value.get(name)
        if isinstance(raw, int) and not isinstance(raw, bool) and name in ("volume", "issue"):
            raw = str(raw)
        return check_text(found, f"citation.{name}", raw)

    citation = CheckedCitation(
        publication_id=check_id(found, "citation.publication_id", value.get("publication_id")),
        authors=text("authors"),
        title=text("title"),
        journal=text("journal"),
        year=check_year(found, "citation.year", value.get("year")),
        volume=text("volume"),
        issue=text("issue"),
        pages=text("pages"),
        doi=check_doi(found, "citation.doi", value.get("doi")),
        pmid=check_pmid(found, "citation.pmid", value.get("pmid")),
        url=text("url"),
    )
    problem = address_problem(citation.url, citation.pmid, citation.doi)
    if problem:
        found.add("citation.url", problem)
    return citation


def resolve_indications(
    found: Found,
    names: Sequence[Any],
    lookup: Mapping[str, Sequence[str]],
    slugs: Sequence[str],
) -> list[str]:
    """Indication slugs for the names given (slug, alias or name); unknown ones are
    problems, and so is a name that stands for more than one indication."""
    from ivig_evidence.indications import alias_key

    resolved: list[str] = []
    for name in names:
        if not isinstance(name, str):
            found.add("indications", f"must be indication names, not {kind_of(name)}")
            continue
        named = lookup.get(name.strip().lower()) or lookup.get(alias_key(name)) or []
        if len(named) > 1:
            found.add(
                "indications",
                f"'{name}' can mean more than one indication ({', '.join(named)}): give one",
            )
            continue
        slug = named[0] if named else None
        if slug is None:
            guess = vocab.closest(name, list(slugs))
            found.add(
                "indications",
                f"unknown indication '{name}'" + (f"; did you mean '{guess}'?" if guess else ""),
            )
        elif slug not in resolved:
            resolved.append(slug)
    return resolved


def check_study(
    where: str,
    record: Any,
    indication_lookup: Mapping[str, Sequence[str]],
    slugs: Sequence[str],
    documents: Collection[str],
) -> tuple[CheckedStudy | None, list[Problem]]:
    """Every rule a study record must meet; the checked study when it meets all of them."""
    if isinstance(record, RefusedRecord):
        return None, list(record.problems)
    found = Found(where)
    if not isinstance(record, dict):
        found.add("record", f"must be an object, not {kind_of(record)}")
        return None, found.problems
    check_fields(found, "", record, "a study", STUDY_FIELDS, STUDY_DERIVED)
    study_id = check_id(found, "id", record.get("id"))
    design = check_choice(found, "design", record.get("design"), vocab.Design, required=True)
    population = check_choice(
        found, "population", record.get("population"), vocab.Population, required=True
    )
    direction = check_choice(
        found, "direction", record.get("direction"), vocab.Direction, required=True
    )
    year = check_year(found, "year", record.get("year"))
    n = check_patients(found, "n", record.get("n"))
    texts = {name: check_text(found, name, record.get(name)) for name in STUDY_TEXTS}
    if texts["outcome"] and texts["result"] and texts["outcome"] != texts["result"]:
        # Two names for one field (the export writes `outcome`, the table `result`):
        # keeping one would drop the other without a word.
        found.add("result", "is another name for outcome, and they differ: give one")
    citation = check_citation(found, record.get("citation"))
    own = citation.publication_id
    indications = resolve_indications(
        found, check_list(found, "indications", record.get("indications")), indication_lookup, slugs
    )
    raw_sources = check_list(found, "sources", record.get("sources"))
    if not raw_sources:
        found.add("sources", "at least one source (document and quote) is required")
    sources = [
        check_source(found, f"sources[{i}]", s, documents, own)
        for i, s in enumerate(raw_sources, 1)
    ]
    doses = [
        check_dose(found, f"doses[{i}]", d, slugs, documents, own)
        for i, d in enumerate(check_list(found, "doses", record.get("doses")), 1)
    ]
    notes = [
        check_note(found, f"record_notes[{i}]", note)
        for i, note in enumerate(check_list(found, "record_notes", record.get("record_notes")), 1)
    ]
    if found.problems or design is None or population is None or direction is None:
        return None, found.problems
    return (
        CheckedStudy(
            where=where,
            id=study_id,
            first_author=texts["first_author"],
            year=year,
            design=design,
            population=population,
            population_text=texts["population_text"],
            n=n,
            comparator=texts["comparator"],
            outcome_measures=texts["outcome_measures"],
            result=texts["outcome"] or texts["result"],
            direction=direction,
            note=texts["note"],
            indications=tuple(indications),
            citation=citation,
            sources=tuple(s for s in sources if s is not None),
            doses=tuple(d for d in doses if d is not None),
            notes=tuple(n for n in notes if n is not None),
        ),
        [],
    )
