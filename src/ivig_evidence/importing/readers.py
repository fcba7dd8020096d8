"""Reading import files: study records from JSON, JSON Lines or CSV, and table files.

Readers only parse: every file problem (not UTF-8, not JSON, a missing column)
is one line naming the file; what the records say is checked by ``checks``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from ivig_evidence.errors import IvigError
from ivig_evidence.importing.edits import apply_cell_edits

# The CSV template for studies written by hand: the study's own fields, then its
# citation, then the source that states it.
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
STUDY_TEMPLATE_COLUMNS = (*STUDY_FIELDS, "indications", *CITATION_FIELDS, *SOURCE_FIELDS)
REQUIRED_TEMPLATE_COLUMNS = ("design", "population", "direction", "document", "quote")
# `ivig studies --format csv` ends each row with the whole study as JSON in this
# column, so that its output imports back unchanged; what was edited in the other
# columns is applied or refused (edits.py).
WHOLE_RECORD_COLUMN = "json"
CSV_FIELD_LIMIT = 16 * 1024 * 1024  # one cell; the csv module's default is 128 KB


def read_text(path: Path) -> str:
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


def _loads(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IvigError(f"{where} is not JSON (line {exc.lineno}: {exc.msg})") from exc
    except RecursionError as exc:
        raise IvigError(f"{where} nests JSON too deeply to be a study record") from exc


READ_CHUNK = 1 << 20  # bytes read at a time from a JSON array
MAX_RECORD_CHARS = 16 * 1024 * 1024  # one study record; a larger one is not a study


def check_study_file(path: Path) -> None:
    """What can be said about a study file before reading its records: it exists, is
    not empty, is UTF-8 without a byte-order mark (CSV may have one: Excel writes it)."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".jsonl", ".ndjson", ".csv"):
        raise IvigError(
            f"{path}: import reads .json, .jsonl or .csv files, or an `ivig export` directory"
        )
    if path.is_dir():
        raise IvigError(f"{path} is a directory; give a file, or an `ivig export` directory")
    try:
        with path.open("rb") as handle:
            head = handle.read(READ_CHUNK)
    except OSError as exc:
        raise IvigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not head.strip():
        raise IvigError(f"{path} is empty")
    if head.startswith(b"\xef\xbb\xbf") and suffix != ".csv":
        raise IvigError(f"{path} starts with a byte-order mark: save it as UTF-8 without one")


def iter_study_records(path: Path) -> Iterator[tuple[str, Any]]:
    """(where, record) pairs streamed from a .json, .jsonl or .csv file: memory holds one
    record at a time (and a buffer of the file), however many the file has."""
    check_study_file(path)
    suffix = path.suffix.lower()
    encoding = "utf-8-sig" if suffix == ".csv" else "utf-8"
    try:
        with path.open("r", encoding=encoding, newline="" if suffix == ".csv" else None) as handle:
            if suffix == ".json":
                yield from _json_array(path, handle)
            elif suffix == ".csv":
                yield from _study_rows(path, handle)
            else:
                yield from _json_lines(path, handle)
    except UnicodeDecodeError as exc:
        raise IvigError(f"{path} is not UTF-8 text: save it as UTF-8") from exc
    except OSError as exc:
        raise IvigError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _json_lines(path: Path, handle: TextIO) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        item = _loads(line, f"{path} line {number}")
        if not isinstance(item, dict):
            raise IvigError(f"{path} line {number} is not a JSON object")
        yield (f"line {number}", item)


def _json_array(path: Path, handle: TextIO) -> Iterator[tuple[str, Any]]:
    """The items of a JSON array one at a time, decoded as the file is read."""
    buffer = handle.read(READ_CHUNK).lstrip()
    if buffer.startswith("{"):  # {"data_release": ..., "items": [...]}: read it whole
        data = _loads(buffer + handle.read(), str(path))
        if isinstance(data, dict) and "data_release" in data and "items" in data:
            data = data["items"]
        yield from _whole_array(path, data)
        return
    if not buffer.startswith("["):
        raise IvigError(f"{path} is not JSON (line 1: expected [ to open the array of studies)")
    reader = _ArrayReader(path, handle, buffer)
    reader.position = 1
    decoder = json.JSONDecoder()
    number = 0
    while reader.item_follows(number):
        item, end = reader.decode(decoder, number)
        number += 1
        if not isinstance(item, dict):
            raise IvigError(
                f"{path} must hold a JSON array of study objects, as "
                f"`ivig studies --format json` prints (item {number} is not an object)"
            )
        yield (f"item {number}", item)
        reader.buffer, reader.position = reader.buffer[end:], 0


class _ArrayReader:
    """A JSON array's text, read a chunk at a time as the decoder needs it."""

    def __init__(self, path: Path, handle: TextIO, buffer: str) -> None:
        self.path, self.handle, self.buffer = path, handle, buffer
        self.position = 0
        self.ended = False

    def read_more(self) -> None:
        more = self.handle.read(READ_CHUNK)
        self.ended = not more
        self.buffer, self.position = self.buffer[self.position :] + more, 0

    def next_char(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            while self.position < len(self.buffer) and self.buffer[self.position].isspace():
                self.position += 1
            if self.position < len(self.buffer):
                return self.buffer[self.position]
            if self.ended:
                return ""
            self.read_more()

    def item_follows(self, number: int) -> bool:
        """Whether an item follows the ``number`` read so far (past the comma between
        them); False at the closing ], which must end the file."""
        char = self.next_char()
        if number:  # after an item: a comma, or the end of the array
            if char == "":
                raise self.fail("the array is never closed")
            if char == "]":
                self.expect_end()
                return False
            if char != ",":
                raise self.fail(f"item {number + 1}: expected , or ] between items")
            self.position += 1
            char = self.next_char()
        elif char == "]":
            self.expect_end()
            return False
        if char == "":
            raise self.fail("the array is never closed")
        return True

    def decode(self, decoder: json.JSONDecoder, number: int) -> tuple[Any, int]:
        """The item at the position and where it ends, reading on until it is whole."""
        while True:
            try:
                return decoder.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError as exc:
                if self.ended or len(self.buffer) - self.position > MAX_RECORD_CHARS:
                    raise self.fail(f"item {number + 1}: {exc.msg}") from exc
                self.read_more()
            except RecursionError as exc:
                raise IvigError(f"{self.path} nests JSON too deeply to be a study record") from exc

    def expect_end(self) -> None:
        self.position += 1
        if self.next_char():
            raise self.fail("text after the closing ]")

    def fail(self, what: str) -> IvigError:
        return IvigError(f"{self.path} is not JSON ({what})")


def _whole_array(path: Path, data: Any) -> Iterator[tuple[str, Any]]:
    if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
        raise IvigError(
            f"{path} must hold a JSON array of study objects, as "
            "`ivig studies --format json` prints"
        )
    for number, item in enumerate(data, 1):
        yield (f"item {number}", item)


def _csv_reader(path: Path, handle: TextIO) -> csv.DictReader[str]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    return csv.DictReader(handle)


def _csv_rows(path: Path, text: str) -> tuple[list[str], list[dict[str, str | None]]]:
    reader = _csv_reader(path, io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise IvigError(
            f"{path} is not a CSV file the import can read (line {reader.line_num}: {exc})"
        ) from exc
    return list(reader.fieldnames or []), rows


def _study_rows(path: Path, handle: TextIO) -> Iterator[tuple[str, Any]]:
    reader = _csv_reader(path, handle)
    try:
        columns = list(reader.fieldnames or [])
        whole = WHOLE_RECORD_COLUMN in columns
        missing = [c for c in REQUIRED_TEMPLATE_COLUMNS if c not in columns]
        if missing and not whole:
            raise IvigError(
                f"{path} lacks the column(s) {', '.join(missing)}; the columns are: "
                + ", ".join(STUDY_TEMPLATE_COLUMNS)
                + f" (or the '{WHOLE_RECORD_COLUMN}' column `ivig studies --format csv` writes)"
            )
        # Without the json column a column the import does not read would lose its
        # values without a word (a misspelt `outcom`); with it, a column a person added
        # beside the exported ones is theirs (edits.py).
        unknown = [c for c in columns if c not in STUDY_TEMPLATE_COLUMNS]
        if unknown and not whole:
            raise IvigError(
                f"{path} has column(s) the import does not read: "
                + ", ".join(_with_closest(c, STUDY_TEMPLATE_COLUMNS) for c in unknown)
                + "; the columns are: "
                + ", ".join(STUDY_TEMPLATE_COLUMNS)
            )
        for number, row in enumerate(reader, 2):
            where = f"row {number}"
            if whole:
                # The visible cells are what a person edited: applied, or the row refused.
                record = apply_cell_edits(where, row, _whole_record(path, number, row))
            else:
                record = _template_record(row)
            yield (where, record)
    except csv.Error as exc:
        raise IvigError(
            f"{path} is not a CSV file the import can read (line {reader.line_num}: {exc})"
        ) from exc


def _with_closest(name: str, known: Sequence[str]) -> str:
    from ivig_evidence.importing.checks import closest_field

    guess = closest_field(name, known)
    return f"'{name}' (did you mean '{guess}'?)" if guess else f"'{name}'"


def _whole_record(path: Path, number: int, row: Mapping[str, str | None]) -> Any:
    text = (row.get(WHOLE_RECORD_COLUMN) or "").strip()
    if not text:
        raise IvigError(f"{path} row {number}: the '{WHOLE_RECORD_COLUMN}' column is empty")
    return _loads(text, f"{path} row {number}, column {WHOLE_RECORD_COLUMN},")


def _template_record(row: Mapping[str, str | None]) -> dict[str, Any]:
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


def read_table_files(directory: Path, tables: Sequence[str]) -> dict[str, list[Any]]:
    """Rows of each TABLE.json or TABLE.csv in ``directory`` (as `ivig export` writes them)."""
    found: dict[str, list[Any]] = {}
    for table in tables:
        json_path, csv_path = directory / f"{table}.json", directory / f"{table}.csv"
        if json_path.exists():
            data = _loads(read_text(json_path), str(json_path))
            if not isinstance(data, list):
                raise IvigError(f"{json_path} must hold a JSON array of rows")
            found[table] = data
        elif csv_path.exists():
            _, rows = _csv_rows(csv_path, read_text(csv_path))
            found[table] = [{k: (v if v != "" else None) for k, v in row.items()} for row in rows]
    if not found:
        raise IvigError(
            f"{directory} holds no table files (TABLE.json or TABLE.csv, as `ivig export` "
            "writes them)"
        )
    return found
