"""The rules every study, dose and source must meet, each written once.

Pure functions: they take a value (and, where a rule needs it, what the database
already holds) and return the problems found, each with where it is, which
field, and what is wrong. `ivig import` and `ivig add study` use the same rules;
the table-file import applies the field rules by column name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.addresses import address_problem

DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^[1-9]\d{0,8}$")
YEARS = (1800, 2100)
MAX_PATIENTS = 100_000_000  # more than any study could enrol; stops 1e30 reaching the database
MAX_DAYS = 3_650
MAX_AMOUNT = 1_000_000.0  # mg/kg or g/kg: far above any dose, below any float trouble
MAX_TEXT = 100_000  # characters in one field


@dataclass(frozen=True)
class Problem:
    where: str  # "item 3", "line 12", "row 4"
    field: str  # "year", "sources[1].quote"
    text: str

    def __str__(self) -> str:
        return f"{self.where}, {self.field}: {self.text}"


@dataclass(frozen=True)
class RefusedRecord:
    """A record its reader could not take as it stands (a sheet row whose edited cells
    cannot be applied): its problems stand for it, reported with every other one."""

    problems: tuple[Problem, ...]


@dataclass
class Found:
    """The problems found so far in one record, and the helper that adds one."""

    where: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, name: str, text: str) -> None:
        self.problems.append(Problem(self.where, name, text))


# ------------------------------------------------------------------ single values


def whole_number(value: Any) -> int | None:
    """A whole number from JSON or a CSV cell; ValueError if it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(value)
    text = str(value).strip()
    if not re.fullmatch(r"-?\d{1,18}", text):
        raise ValueError(value)
    return int(text)


def real_number(value: Any) -> float | None:
    """A finite number; ValueError for text, booleans, NaN and infinities."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def figure(number: float) -> str:
    """A number in a message as it was given: 1000001, not 1e+06; 2.5, not 2.500000."""
    return f"{number:.15g}"


def check_text(
    found: Found, name: str, value: Any, *, required: bool = False, label: str = "text"
) -> str | None:
    """Text, or a problem: a number, list or object where words belong is refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            found.add(name, f"{label} is required")
        return None
    if not isinstance(value, str):
        found.add(name, f"must be text, not {_kind(value)}")
        return None
    if len(value) > MAX_TEXT:
        found.add(name, f"is {len(value):,} characters long; at most {MAX_TEXT:,}")
        return None
    return value


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return f"text ('{value[:40]}')"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def check_year(found: Found, name: str, value: Any) -> int | None:
    try:
        year = whole_number(value)
    except (TypeError, ValueError):
        found.add(name, f"'{value}' is not a year")
        return None
    if year is not None and not YEARS[0] <= year <= YEARS[1]:
        found.add(name, f"{year} is outside {YEARS[0]}-{YEARS[1]}")
        return None
    return year


def check_patients(found: Found, name: str, value: Any) -> int | None:
    try:
        n = whole_number(value)
    except (TypeError, ValueError):
        found.add(name, f"'{value}' is not a whole number of patients")
        return None
    if n is not None and n <= 0:
        found.add(name, f"{n} is not a positive number of patients")
        return None
    if n is not None and n > MAX_PATIENTS:
        found.add(name, f"{n} is more patients than any study enrols (at most {MAX_PATIENTS:,})")
        return None
    return n


def check_choice(
    found: Found, name: str, value: Any, enum: type[StrEnum], *, required: bool = False
) -> str | None:
    valid = vocab.values(enum)
    if value is None or value == "":
        if required:
            found.add(name, f"required (one of: {', '.join(valid)})")
        return None
    if not isinstance(value, str):
        found.add(name, f"must be one of {', '.join(valid)}, not {_kind(value)}")
        return None
    if value.strip().lower() not in valid:
        guess = vocab.closest(value, valid)
        found.add(
            name,
            f"'{value}' is not valid; did you mean '{guess}'?"
            if guess
            else f"'{value}' is not one of {', '.join(valid)}",
        )
        return None
    return value.strip().lower()


def check_doi(found: Found, name: str, value: Any) -> str | None:
    text = check_text(found, name, value)
    if text is not None and not DOI.match(text):
        found.add(name, f"'{text}' is not a DOI (10.NNNN/...)")
        return None
    return text


def check_pmid(found: Found, name: str, value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = check_text(found, name, value)
    if text is not None and not PMID.match(text):
        found.add(name, f"'{text}' is not a PMID (digits, no leading zero)")
        return None
    return text


def check_id(found: Found, name: str, value: Any) -> str | None:
    text = check_text(found, name, value)
    if text is not None and (len(text) > 80 or text != text.strip()):
        found.add(name, f"'{text[:40]}' is not an id (at most 80 characters, no outer spaces)")
        return None
    return text


def check_list(found: Found, name: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        found.add(name, f"must be a list, not {_kind(value)}")
        return []
    return value


# ------------------------------------------------------------------ parts of a study


@dataclass(frozen=True)
class CheckedSource:
    document: str
    quote: str
    cited_as: str | None
    status: str
    note: str | None
    checked_against: str | None


def check_source(
    found: Found, label: str, source: Any, documents: Collection[str], own_publication: str | None
) -> CheckedSource | None:
    """A statement of where a fact came from: a known document and a verbatim quote."""
    if not isinstance(source, dict):
        found.add(label, "must be an object with a document and a quote")
        return None
    before = len(found.problems)
    quote = check_text(found, f"{label}.quote", source.get("quote"), required=True, label="a quote")
    document = check_text(
        found, f"{label}.document", source.get("document"), required=True, label="the document"
    )
    if document is not None and document not in documents and document != own_publication:
        guess = vocab.closest(document, sorted(documents))
        found.add(
            f"{label}.document",
            f"unknown document '{document}'" + (f"; did you mean '{guess}'?" if guess else ""),
        )
    cited_as = source.get("cited_as")
    if isinstance(cited_as, int) and not isinstance(cited_as, bool):
        cited_as = str(cited_as)
    cited_as = check_text(found, f"{label}.cited_as", cited_as)
    status = check_choice(
        found, f"{label}.status", source.get("status") or "unconfirmed", vocab.Status
    )
    note = check_text(found, f"{label}.note", source.get("note"))
    checked_against = check_text(found, f"{label}.checked_against", source.get("checked_against"))
    if status is not None and status != "unconfirmed" and not checked_against:
        found.add(
            f"{label}.checked_against",
            f"a {status} statement must name the record it was checked against",
        )
    if status == "contradicted" and not note:
        found.add(f"{label}.note", "say what the record contradicts")
    if len(found.problems) > before or quote is None or document is None or status is None:
        return None
    return CheckedSource(document, quote, cited_as, status, note, checked_against)


@dataclass(frozen=True)
class CheckedDose:
    id: str | None
    text: str
    phase: str | None
    amount_low: float | None
    amount_high: float | None
    unit: str | None
    basis: str
    days_low: int | None
    days_high: int | None
    interval: str
    course_duration: str | None
    ambiguous: bool
    ambiguity_note: str | None
    caveat: str | None
    record_reading: str | None
    record_source: str | None
    record_basis: str | None
    max_grams: float | None
    applies_to: tuple[str, ...]
    sources: tuple[CheckedSource, ...]
    record_amount_low: float | None = None
    record_amount_high: float | None = None
    record_unit: str | None = None
    record_days_low: int | None = None
    record_days_high: int | None = None
    record_interval: str | None = None


def _amount(found: Found, name: str, value: Any, limit: float) -> float | None:
    try:
        number = real_number(value)
    except (TypeError, ValueError):
        found.add(name, f"'{value}' is not a number")
        return None
    if number is not None and not 0 < number <= limit:
        found.add(name, f"{figure(number)} is outside 0-{figure(limit)}")
        return None
    return number


def _days(found: Found, name: str, value: Any) -> int | None:
    try:
        days = whole_number(value)
    except (TypeError, ValueError):
        found.add(name, f"'{value}' is not a whole number of days")
        return None
    if days is not None and not 0 < days <= MAX_DAYS:
        found.add(name, f"{days} is outside 1-{MAX_DAYS} days")
        return None
    return days


def check_dose(
    found: Found,
    label: str,
    dose: Any,
    slugs: Collection[str],
    documents: Collection[str],
    own_publication: str | None,
) -> CheckedDose | None:
    """A dose as stated, structured only as far as it is stated; its links must exist."""
    if not isinstance(dose, dict):
        found.add(label, "must be an object")
        return None
    before = len(found.problems)
    dose_id = check_id(found, f"{label}.id", dose.get("id"))
    text = check_text(
        found, f"{label}.text", dose.get("text"), required=True, label="the dose as stated"
    )
    low = _amount(found, f"{label}.amount_low", dose.get("amount_low"), MAX_AMOUNT)
    high = _amount(found, f"{label}.amount_high", dose.get("amount_high"), MAX_AMOUNT)
    unit = check_choice(found, f"{label}.unit", dose.get("unit"), vocab.DoseUnit)
    if low is not None and high is not None and low > high:
        found.add(f"{label}.amount_low", f"{figure(low)} is above amount_high {figure(high)}")
    given = [dose.get(k) not in (None, "") for k in ("amount_low", "amount_high", "unit")]
    if any(given) and not all(given):
        found.add(f"{label}.amount", "give amount_low, amount_high and unit together")
    days_low = _days(found, f"{label}.days_low", dose.get("days_low"))
    days_high = _days(found, f"{label}.days_high", dose.get("days_high"))
    if days_low is not None and days_high is not None and days_low > days_high:
        found.add(f"{label}.days_low", f"{days_low} is above days_high {days_high}")
    basis = check_choice(found, f"{label}.basis", dose.get("basis"), vocab.DoseBasis)
    interval = check_choice(found, f"{label}.interval", dose.get("interval"), vocab.DoseInterval)
    record_basis = check_choice(
        found, f"{label}.record_basis", dose.get("record_basis"), vocab.DoseBasis
    )
    max_grams = _amount(found, f"{label}.max_grams", dose.get("max_grams"), MAX_AMOUNT)
    ambiguous = dose.get("ambiguous", False)
    if not isinstance(ambiguous, bool | int) or ambiguous not in (True, False, 0, 1):
        found.add(f"{label}.ambiguous", "must be true or false")
        ambiguous = False
    texts = {
        name: check_text(found, f"{label}.{name}", dose.get(name))
        for name in (
            "phase",
            "course_duration",
            "note",
            "caveat",
            "record_reading",
            "record_source",
        )
    }
    if texts["record_reading"] and not texts["record_source"]:
        found.add(f"{label}.record_source", "name the record the reading comes from")
    record = _record_dose(found, label, dose, record_basis, texts["record_source"])
    applies_to: list[str] = []
    for slug in check_list(found, f"{label}.applies_to", dose.get("applies_to")):
        if slug not in slugs:
            guess = vocab.closest(str(slug), sorted(slugs))
            found.add(
                f"{label}.applies_to",
                f"unknown indication '{slug}'" + (f"; did you mean '{guess}'?" if guess else ""),
            )
        elif slug not in applies_to:
            applies_to.append(slug)
    sources = [
        check_source(found, f"{label}.sources[{i}]", s, documents, own_publication)
        for i, s in enumerate(check_list(found, f"{label}.sources", dose.get("sources")), 1)
    ]
    if len(found.problems) > before or text is None:
        return None
    return CheckedDose(
        id=dose_id,
        text=text,
        phase=texts["phase"],
        amount_low=low,
        amount_high=high,
        unit=unit,
        basis=basis or "not_stated",
        days_low=days_low,
        days_high=days_high,
        interval=interval or "not_stated",
        course_duration=texts["course_duration"],
        ambiguous=bool(ambiguous),
        ambiguity_note=texts["note"],
        caveat=texts["caveat"],
        record_reading=texts["record_reading"],
        record_source=texts["record_source"],
        record_basis=record_basis,
        max_grams=max_grams,
        applies_to=tuple(applies_to),
        sources=tuple(s for s in sources if s is not None),
        **record,
    )


def _record_dose(
    found: Found, label: str, dose: dict[str, Any], basis: str | None, source: str | None
) -> dict[str, Any]:
    """The primary record's own figures, under the rules the database keeps: an amount
    with its unit, read on a record_basis from a named record; days and an interval
    only with an amount."""
    low = _amount(found, f"{label}.record_amount_low", dose.get("record_amount_low"), MAX_AMOUNT)
    high = _amount(found, f"{label}.record_amount_high", dose.get("record_amount_high"), MAX_AMOUNT)
    unit = check_choice(found, f"{label}.record_unit", dose.get("record_unit"), vocab.DoseUnit)
    if low is not None and high is not None and low > high:
        found.add(
            f"{label}.record_amount_low",
            f"{figure(low)} is above record_amount_high {figure(high)}",
        )
    keys = ("record_amount_low", "record_amount_high", "record_unit")
    given = [dose.get(k) not in (None, "") for k in keys]
    if any(given) and not all(given):
        found.add(
            f"{label}.record_amount",
            "give record_amount_low, record_amount_high and record_unit together",
        )
    if all(given) and basis is None:
        found.add(f"{label}.record_basis", "say how the record's amount is read (per_course ...)")
    if all(given) and not source:
        found.add(f"{label}.record_source", "name the record the figures come from")
    days_low = _days(found, f"{label}.record_days_low", dose.get("record_days_low"))
    days_high = _days(found, f"{label}.record_days_high", dose.get("record_days_high"))
    if (days_low is None) != (days_high is None):
        found.add(f"{label}.record_days", "give record_days_low and record_days_high together")
    elif days_low is not None and days_high is not None and days_low > days_high:
        found.add(f"{label}.record_days_low", f"{days_low} is above record_days_high {days_high}")
    interval = check_choice(
        found, f"{label}.record_interval", dose.get("record_interval"), vocab.DoseInterval
    )
    if (days_low is not None or interval is not None) and not all(given):
        found.add(f"{label}.record_days", "the record's days and interval need its amount")
    return {
        "record_amount_low": low,
        "record_amount_high": high,
        "record_unit": unit,
        "record_days_low": days_low,
        "record_days_high": days_high,
        "record_interval": interval,
    }


@dataclass(frozen=True)
class CheckedNote:
    topic: str
    note: str
    checked_against: str


def check_note(found: Found, label: str, note: Any) -> CheckedNote | None:
    if not isinstance(note, dict):
        found.add(label, "needs a topic and a note")
        return None
    topic = check_choice(found, f"{label}.topic", note.get("topic"), vocab.NoteTopic, required=True)
    text = check_text(found, f"{label}.note", note.get("note"), required=True, label="the note")
    checked_against = check_text(found, f"{label}.checked_against", note.get("checked_against"))
    if topic is None or text is None:
        return None
    return CheckedNote(topic, text, checked_against or "")


def check_author_list(found: Found, name: str, value: Any) -> None:
    """A stored author list is a JSON array of people ({family, given}) or bodies ({literal})."""
    if value in (None, ""):
        return
    import json

    try:
        people = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        found.add(name, 'must be a JSON array such as [{"family": "Kanik", "given": "K. S."}]')
        return
    if not isinstance(people, list) or not people:
        found.add(name, "must be a non-empty JSON array of people")
        return
    for i, person in enumerate(people):
        literal = isinstance(person, dict) and isinstance(person.get("literal"), str)
        named = isinstance(person, dict) and isinstance(person.get("family"), str)
        if not (literal or named) or (isinstance(person, dict) and set(person) - PERSON_KEYS):
            found.add(f"{name}[{i}]", 'must be {"family": ..., "given": ...} or {"literal": ...}')


PERSON_KEYS = {"family", "given", "literal"}


def check_publication_row(found: Found, row: Mapping[str, Any]) -> None:
    """A publication's address is its public one, and its author list a list of people."""
    problem = address_problem(row.get("url"), row.get("pmid"), row.get("doi"))
    if problem:
        found.add("url", problem)
    check_author_list(found, "author_list", row.get("author_list"))


# ------------------------------------------------------------------ a whole study


@dataclass(frozen=True)
class Citation:
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
    citation: Citation
    sources: tuple[CheckedSource, ...]
    doses: tuple[CheckedDose, ...]
    notes: tuple[CheckedNote, ...]


NO_CITATION = Citation(None, None, None, None, None, None, None, None, None, None, None)


def check_citation(found: Found, value: Any) -> Citation:
    if value is None or value == {}:
        return NO_CITATION  # most imported records cite nothing: nothing to check
    if not isinstance(value, dict):
        found.add("citation", f"must be an object, not {_kind(value)}")
        value = {}

    def text(name: str) -> str | None:
        raw = value.get(name)
        if isinstance(raw, int) and not isinstance(raw, bool) and name in ("volume", "issue"):
            raw = str(raw)
        return check_text(found, f"citation.{name}", raw)

    citation = Citation(
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
            found.add("indications", f"must be indication names, not {_kind(name)}")
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
        found.add("record", f"must be an object, not {_kind(record)}")
        return None, found.problems
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
    texts = {
        name: check_text(found, name, record.get(name))
        for name in (
            "first_author",
            "population_text",
            "comparator",
            "outcome_measures",
            "outcome",
            "result",
            "note",
        )
    }
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
