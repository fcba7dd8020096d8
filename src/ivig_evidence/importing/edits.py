"""A row of `ivig studies --format csv` read back: its visible cells, as edited, against
the study its json column holds.

The export writes each study's visible cells and, last, the whole study as JSON, so
that the file imports back unchanged. A person edits the visible cells (in Excel, say)
and leaves the json cell as it was exported. So a visible cell that differs from what
the export writes for the json record (``studies.sheet_cells``) is an edit, and it is
never ignored:

- a cell that holds its field whole (``APPLIED``: n, year, design, a text, the
  indications) wins: the study is imported with the cell's value, checked like any
  imported value (`n` of 'twelve' is a problem of that row and cell);
- a cell that cannot change its field on its own (``REFUSED``: the id that says which
  study the row is, and what the export derives from several fields: the dose as
  text beside its numbers, the check status, the citation, the notes) refuses the
  row, naming the cell, both values and why; nothing is written.

What a save through Excel changes without a person editing (12 saved as 12.0, line
ends, outer spaces, an empty cell for a NULL, another letter case in a fixed value,
indications in another order) is not an edit. A column the export does not write
(one added in the sheet) is not read; one it writes but this module does not know
is refused when edited, never ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from ivig_evidence.importing.checks import Problem, RefusedRecord
from ivig_evidence.studies.views import sheet_cells


class FieldKind(Enum):
    """How a cell holds its field: what counts as the same value, and how it is read."""

    TEXT = "text"
    NUMBER = "number"
    CHOICE = "choice"  # a fixed value (design, population, direction): case does not matter
    LIST = "list"  # `;`-separated, order does not matter


# Cells that hold their field whole: an edit is applied (under the same JSON name).
APPLIED: dict[str, FieldKind] = {
    "first_author": FieldKind.TEXT,
    "year": FieldKind.NUMBER,
    "design": FieldKind.CHOICE,
    "population": FieldKind.CHOICE,
    "population_text": FieldKind.TEXT,
    "n": FieldKind.NUMBER,
    "indications": FieldKind.LIST,
    "comparator": FieldKind.TEXT,
    "outcome_measures": FieldKind.TEXT,
    "outcome": FieldKind.TEXT,
    "direction": FieldKind.CHOICE,
    "note": FieldKind.TEXT,
}

_PUBLICATION = "a sheet does not change the publication a study cites"
# Cells that cannot change their field on their own: an edit refuses the row, saying why.
REFUSED: dict[str, str] = {
    "id": (
        "the id says which study the row is, and an import never renames one: put the id "
        "back (add a new study with `ivig add study` or a JSON file)"
    ),
    "dose": (
        "the dose's amounts, unit and days are in the json column and would not follow "
        "the text: change a dose in JSON (`ivig studies -f json`, then `ivig import --update`)"
    ),
    "status": "the check status follows each source's check against its record, not this cell",
    "citation": f"the citation is written from the publication's record; {_PUBLICATION}",
    "doi": _PUBLICATION,
    "pmid": _PUBLICATION,
    "publication_id": _PUBLICATION,
    "record_notes": (
        "each note's topic and the record it was checked against are in the json column: "
        "change notes in JSON (`ivig studies -f json`, then `ivig import --update`)"
    ),
}
# A column the export gained without a rule above: refused when edited, never ignored.
UNKNOWN_COLUMN = "this column is not read back from a sheet"

# A number as a spreadsheet writes one; the exponent is bounded so that arithmetic on
# it stays inside Decimal's default range (1e999999999 would overflow it).
_NUMBER = re.compile(r"[+-]?\d{1,40}(?:\.\d{0,40})?(?:[eE][+-]?\d{1,3})?")
_WHOLE = Decimal(10) ** 18  # beyond this a cell stays text (the checks read 18 digits at most)
_SHOWN = 60  # characters of a value quoted in a problem


def apply_cell_edits(where: str, row: Mapping[str, str | None], record: Any) -> Any:
    """The study this row stands for: ``record`` (its json cell) with the row's edited
    cells applied, or a ``RefusedRecord`` naming every edited cell that cannot be."""
    if not isinstance(record, dict):
        return record  # not a study at all: the checks say so
    edited = dict(record)
    refused: list[Problem] = []
    for column, exported in sheet_cells(record).items():
        if column not in row:
            continue  # a column deleted from the sheet says nothing about its field
        cell = row[column] or ""  # a row cut short reads as empty cells
        kind = APPLIED.get(column)
        if _same(cell, exported, kind):
            continue
        if kind is not None:
            edited[column] = _value(cell, kind)
            continue
        study = f" (study {record['id']})" if isinstance(record.get("id"), str) else ""
        refused.append(
            Problem(
                where,
                column,
                f"the cell reads {_shown(cell)}, the json column {_shown(_text(exported))}"
                f"{study}: {REFUSED.get(column, UNKNOWN_COLUMN)}",
            )
        )
    return RefusedRecord(tuple(refused)) if refused else edited


def _normal(text: str) -> str:
    """Text as compared: a save may change line ends, outer spaces and the Unicode form."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return unicodedata.normalize("NFC", text)


def _text(value: Any) -> str:
    """A value as the export writes it in a cell (output._csv_value)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _number(text: str) -> Decimal | None:
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _parts(text: str) -> set[str]:
    return {part.strip() for part in text.split(";") if part.strip()}


def _same(cell: str, exported: Any, kind: FieldKind | None) -> bool:
    """Whether the cell still says what the export wrote (whatever a save changed)."""
    mine, theirs = _normal(cell), _normal(_text(exported))
    if mine == theirs:
        return True
    if kind is FieldKind.CHOICE:
        return mine.lower() == theirs.lower()
    if kind is FieldKind.LIST:
        return _parts(mine) == _parts(theirs)
    number = _number(mine)
    return number is not None and number == _number(theirs)


def _value(cell: str, kind: FieldKind) -> Any:
    """The edited cell as the field's JSON value; what does not read as one is passed
    on as text, for the checks to refuse with the row and field named."""
    text = _normal(cell)
    if kind is FieldKind.LIST:
        return list(dict.fromkeys(p.strip() for p in text.split(";") if p.strip()))
    if not text:
        return None
    if kind is FieldKind.NUMBER:
        number = _number(text)
        # Within any count or year the checks accept: 1e999999999 is not made a number.
        if number is not None and abs(number) < _WHOLE and number == number.to_integral_value():
            return int(number)
    return text


def _shown(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return "empty"
    return f"'{text[:_SHOWN]}...'" if len(text) > _SHOWN else f"'{text}'"
