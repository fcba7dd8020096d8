"""Reading import files: study records from JSON, JSON Lines or CSV, and table files.

Readers only parse: every file problem (not UTF-8, not JSON, a missing column)
is one line naming the file; what the records say is checked by ``checks``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ivig_evidence.errors import IvigError

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
# column, so that its output imports back unchanged.
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


def read_study_records(path: Path) -> list[tuple[str, Any]]:
    """(where, record) pairs from a .json, .jsonl or .csv file."""
    suffix = path.suffix.lower()
    text = read_text(path)
    if suffix == ".json":
        data = _loads(text, str(path))
        if isinstance(data, dict) and "items" in data and "data_release" in data:
            data = data["items"]  # a --with-release export
        if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
            raise IvigError(
                f"{path} must hold a JSON array of study objects, as "
                "`ivig studies --format json` prints"
            )
        return [(f"item {i}", item) for i, item in enumerate(data, 1)]
    if suffix in (".jsonl", ".ndjson"):
        records: list[tuple[str, Any]] = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            item = _loads(line, f"{path} line {number}")
            if not isinstance(item, dict):
                raise IvigError(f"{path} line {number} is not a JSON object")
            records.append((f"line {number}", item))
        return records
    if suffix == ".csv":
        return _study_rows(path, text)
    raise IvigError(
        f"{path}: import reads .json, .jsonl or .csv files, or an `ivig export` directory"
    )


def _csv_rows(path: Path, text: str) -> tuple[list[str], list[dict[str, str | None]]]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.DictReader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise IvigError(
            f"{path} is not a CSV file the import can read (line {reader.line_num}: {exc})"
        ) from exc
    return list(reader.fieldnames or []), rows


def _study_rows(path: Path, text: str) -> list[tuple[str, Any]]:
    columns, rows = _csv_rows(path, text)
    if WHOLE_RECORD_COLUMN in columns:
        return [
            (f"row {number}", _whole_record(path, number, row))
            for number, row in enumerate(rows, 2)
        ]
    missing = [c for c in REQUIRED_TEMPLATE_COLUMNS if c not in columns]
    if missing:
        raise IvigError(
            f"{path} lacks the column(s) {', '.join(missing)}; the columns are: "
            + ", ".join(STUDY_TEMPLATE_COLUMNS)
            + f" (or the '{WHOLE_RECORD_COLUMN}' column `ivig studies --format csv` writes)"
        )
    return [(f"row {number}", _template_record(row)) for number, row in enumerate(rows, 2)]


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
