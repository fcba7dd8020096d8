"""The rules every value, source and note must meet, each written once.

Pure functions: they take a value (and, where a rule needs it, what the database
already holds) and return the problems found, each with where it is, which
field, and what is wrong. A dose's rules are in ``doses.checks``, a whole study's
in ``study_checks``; `ivig import` and `ivig add study` use the same rules, and
the table-file import applies the field rules by column name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
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


# ------------------------------------------------------------------ fields


def closest_field(name: str, known: Collection[str]) -> str | None:
    """The field of ``known`` that ``name`` most likely misspells; closer than for a
    value (vocab.closest), as a field guessed wrong sends its value elsewhere."""
    import difflib  # only when a field is wrong

    close = difflib.get_close_matches(name.lower(), sorted(known), n=1, cutoff=0.7)
    return close[0] if close else None


def check_fields(
    found: Found,
    label: str,
    record: Mapping[str, Any],
    kind: str,
    read: Collection[str],
    written: Collection[str] = (),
) -> None:
    """A key the import does not read is refused, never ignored: a misspelt field
    (``amount_lo``) would otherwise lose its value without a word. ``read``: the
    fields of ``kind`` this import reads; ``written``: those `ivig studies -f json`
    writes that it derives from the others (accepted as they come back, not read)."""
    for key in record:
        if key in read or key in written:
            continue
        guess = closest_field(str(key), read)
        found.add(
            f"{label}.{key}" if label else str(key),
            f"not a field of {kind}" + (f"; did you mean '{guess}'?" if guess else ""),
        )


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
        found.add(name, f"must be text, not {kind_of(value)}")
        return None
    if len(value) > MAX_TEXT:
        found.add(name, f"is {len(value):,} characters long; at most {MAX_TEXT:,}")
        return None
    return value


def kind_of(value: Any) -> str:
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
        found.add(name, f"must be one of {', '.join(valid)}, not {kind_of(value)}")
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
        found.add(name, f"must be a list, not {kind_of(value)}")
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


SOURCE_FIELDS = ("document", "quote", "cited_as", "status", "note", "checked_against")
# What the export adds from the document's row.
SOURCE_DERIVED = ("document_title", "document_standing")


def check_source(
    found: Found, label: str, source: Any, documents: Collection[str], own_publication: str | None
) -> CheckedSource | None:
    """A statement of where a fact came from: a known document and a verbatim quote."""
    if not isinstance(source, dict):
        found.add(label, "must be an object with a document and a quote")
        return None
    before = len(found.problems)
    check_fields(found, label, source, "a source", SOURCE_FIELDS, SOURCE_DERIVED)
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
class CheckedNote:
    topic: str
    note: str
    checked_against: str


NOTE_FIELDS = ("topic", "note", "checked_against")


def check_note(found: Found, label: str, note: Any) -> CheckedNote | None:
    if not isinstance(note, dict):
        found.add(label, "needs a topic and a note")
        return None
    check_fields(found, label, note, "a note", NOTE_FIELDS)
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
