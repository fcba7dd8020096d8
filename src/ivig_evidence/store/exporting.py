"""Writing the data out: every table for re-import, and the curated rows as seed SQL.

An export is a directory holding one file per table (rows ordered by primary
key, every column, with ids) and ``manifest.json`` naming the schema revision,
the data release and the row counts. Reading it back into an empty database
(``ivig db init --empty`` then ``ivig import DIR``) gives the same content.

``dump_seed`` writes the curated rows as ``data/seed.sql``: one INSERT per row,
tables in dependency order, rows by primary key, values as SQL literals, so the
same database always gives the same bytes and a curator's edit is a small diff.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ivig_evidence.errors import IvigError
from ivig_evidence.store.reader import Reader

MANIFEST = "manifest.json"
EXPORT_FORMATS = ("json", "csv")


def _table(name: str) -> Any:
    from ivig_evidence.store.models import Base

    return Base.metadata.tables[name]


def _select(name: str, where: str = "") -> str:
    table = _table(name)
    columns = ", ".join(c.name for c in table.columns)
    order = ", ".join(c.name for c in table.primary_key.columns)
    return f"SELECT {columns} FROM {name}{where} ORDER BY {order}"


def iter_table(conn: Reader, name: str, where: str = "") -> Iterator[dict[str, Any]]:
    """Rows of one table as {column: value}, with the same Python types on every engine."""
    from sqlalchemy import Boolean

    table = _table(name)
    booleans = [c.name for c in table.columns if isinstance(c.type, Boolean)]
    cursor = conn.execute(_select(name, where), {})
    while batch := cursor.fetchmany(1000):
        for record in batch:
            row = {c.name: record[c.name] for c in table.columns}
            for column in booleans:
                if row[column] is not None:
                    row[column] = bool(row[column])
            yield row


def _write_json(rows: Iterator[dict[str, Any]], out: TextIO, advance: Any) -> int:
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(row, ensure_ascii=False))
        count += 1
        advance(1)
    out.write("\n]\n" if count else "]\n")
    return count


def _write_csv(
    columns: Sequence[str], rows: Iterator[dict[str, Any]], out: TextIO, advance: Any
) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(
            [
                ""
                if row[c] is None
                else ("true" if row[c] is True else "false" if row[c] is False else row[c])
                for c in columns
            ]
        )
        count += 1
        advance(1)
    return count


def export_tables(
    conn: Reader,
    out_dir: Path,
    fmt: str,
    tables: Sequence[str],
    *,
    revision: str,
    release: str | None,
) -> dict[str, int]:
    """Write every table to ``out_dir``; returns rows written per table."""
    from ivig_evidence.files import require_directory
    from ivig_evidence.progress import progress
    from ivig_evidence.store.info import table_counts

    require_directory(out_dir)  # mkdir's "file exists" would not say what is there
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IvigError(f"cannot create {out_dir}: {exc.strerror or exc}") from exc
    if any(out_dir.glob(f"*.{fmt}")) or (out_dir / MANIFEST).exists():
        raise IvigError(f"{out_dir} already holds an export; give an empty or new directory")
    total = sum(table_counts(conn, tables).values())
    counts: dict[str, int] = {}
    written: list[Path] = []
    try:
        with progress("exporting", total) as advance:
            for name in tables:
                path = out_dir / f"{name}.{fmt}"
                written.append(path)
                with path.open("w", encoding="utf-8", newline="") as handle:
                    rows = iter_table(conn, name)
                    if fmt == "json":
                        counts[name] = _write_json(rows, handle, advance)
                    else:
                        columns = [c.name for c in _table(name).columns]
                        counts[name] = _write_csv(columns, rows, handle, advance)
        manifest = {
            "format": "ivig-evidence export",
            "file_format": fmt,
            "schema_revision": revision,
            "data_release": release,
            "tables": counts,
        }
        written.append(out_dir / MANIFEST)
        (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    except BaseException as exc:
        # An export is whole or absent: a reader must never take half of one for all of it.
        for path in written:
            path.unlink(missing_ok=True)
        if created:
            with contextlib.suppress(OSError):
                out_dir.rmdir()
        if isinstance(exc, OSError):
            raise IvigError(
                f"cannot write the export to {out_dir}: {exc.strerror or exc}; "
                "what was written is removed"
            ) from exc
        raise
    return counts


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.is_file():
        raise IvigError(f"{directory} is not an `ivig export` directory (no {MANIFEST})")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IvigError(f"{path} is not a valid manifest: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != "ivig-evidence export":
        raise IvigError(f"{path} is not an `ivig export` manifest")
    return manifest


# ------------------------------------------------------------------ seed SQL


def sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


SEED_HEADER = """\
-- ivig-evidence curated data, written by `ivig db dump-seed`.
-- INSERTs only: the schema comes from the migrations. Loaded in one transaction
-- after the migrations; every row loaded from here is marked curated.
"""


def dump_seed(conn: Reader, tables: Sequence[str], out: TextIO) -> int:
    """Write the curated rows (and the data release) as INSERT statements."""
    out.write(SEED_HEADER)
    count = 0
    for name in tables:
        table = _table(name)
        columns = [c.name for c in table.columns if c.name != "origin"]
        where = " WHERE origin = 'curated'" if "origin" in table.columns else ""
        rows = list(iter_table(conn, name, where))
        if not rows:
            continue
        out.write(f"\n-- {name}\n")
        for row in rows:
            values = ", ".join(sql_literal(row[c]) for c in columns)
            out.write(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({values});\n")
            count += 1
    return count


@dataclass(frozen=True)
class ExportReport:
    directory: Path
    counts: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.counts.values())
