"""Table files into rows: the importer behind `ivig import DIR`.

A directory of TABLE.json or TABLE.csv files (as `ivig export` writes them, or your
own positions.csv with its statements.csv) imports as rows of those tables: every
cell checked by the same rules as a study's fields, applied by column name; rows
whose key is already present are skipped (``results.RowsPresent``); curated rows
only from a whole export with its manifest. The rows are checked whole, then
written as one plan, parents first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivig_evidence import vocab
from ivig_evidence.errors import IvigError
from ivig_evidence.importing import checks
from ivig_evidence.importing.pipeline import Importer
from ivig_evidence.importing.results import RowsPresent
from ivig_evidence.importing.writing import LOCAL, Plan

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ivig_evidence.store.reader import Reader


# The field rules of a study, applied to table files by column name.
# Columns checked as a study's field of the same name is.
_FIELD_CHECKS = {
    "year": checks.check_year,
    "n": checks.check_patients,
    "doi": checks.check_doi,
    "pmid": checks.check_pmid,
}


def _check_column(found: checks.Found, column: Any, value: Any) -> Any:
    """A CSV cell or JSON value as the column's type, under the same rules as a study's fields."""
    from sqlalchemy import Boolean, Enum, Float, Integer, String

    name = column.name
    if value is None or value == "":
        return None
    if name in _FIELD_CHECKS:
        return _FIELD_CHECKS[name](found, name, value)
    kind = column.type
    if (column.primary_key or column.foreign_keys) and isinstance(kind, String):
        return checks.check_id(found, name, value)  # a key or a link: an id, as a study's
    if isinstance(kind, Boolean):
        return _check_boolean(found, name, value)
    if isinstance(kind, Integer):
        return _check_whole(found, name, value)
    if isinstance(kind, Float):
        return _check_real(found, name, value)
    if isinstance(kind, Enum):
        if str(value) not in kind.enums:
            found.add(name, f"'{value}' is not one of {', '.join(kind.enums)}")
            return None
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a number in a text column (an id, a volume) is its digits
    return checks.check_text(found, name, value)


def _check_boolean(found: checks.Found, name: str, value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true"):
        return True
    if text in ("0", "false"):
        return False
    found.add(name, f"'{value}' is not true or false")
    return None


def _check_whole(found: checks.Found, name: str, value: Any) -> int | None:
    try:
        number = checks.whole_number(value)
    except (TypeError, ValueError):
        found.add(name, f"'{value}' is not a whole number")
        return None
    if number is not None and abs(number) > checks.MAX_PATIENTS:
        found.add(name, f"{number} is too large")
        return None
    return number


def _check_real(found: checks.Found, name: str, value: Any) -> float | None:
    try:
        real = checks.real_number(value)
    except (TypeError, ValueError):
        found.add(name, f"'{value}' is not a number")
        return None
    if real is not None and abs(real) > checks.MAX_AMOUNT:
        found.add(name, f"{checks.figure(real)} is too large")
        return None
    return real


class TableImport(Importer):
    """Rows of table files, checked whole, then given as one plan: parents before
    children, and an indication that names no family takes its parent's (or 'other'
    at the top of the tree)."""

    def __init__(
        self,
        found: Mapping[str, Sequence[Any]],
        conn: Connection,
        *,
        allow_curated: bool,
        source: str = "the import",
    ) -> None:
        super().__init__(source)
        self.found = found
        self.existing = existing_keys(conn, list(found))
        self.families = existing_families(conn) if "indications" in found else {}
        self.allow_curated = allow_curated

    def plans(self) -> Iterator[Plan]:
        plan = Plan()
        for table_name, rows in self.found.items():
            for values in self._checked_rows(table_name, rows):
                plan.add(table_name, values)
        if self.log.count:
            return
        indications = plan.rows.get("indications")
        if indications:  # parents before children: the foreign key is checked row by row
            from ivig_evidence.store.tables import parents_first

            plan.rows["indications"] = parents_first(indications)
            inherit_families(plan.rows["indications"], self.families)
        yield self.planned(plan)

    def _checked_rows(self, table_name: str, rows: Sequence[Any]) -> Iterator[dict[str, Any]]:
        """The rows of one table that are valid and new; a problem of each that is not."""
        from ivig_evidence.store.models import Base

        table = Base.metadata.tables[table_name]
        key_columns = [c.name for c in table.primary_key.columns]
        seen: set[tuple[Any, ...]] = set()
        present = 0
        for number, row in enumerate(rows, 1):
            where = checks.Found(f"{table_name} row {number}")
            if not isinstance(row, Mapping):
                self.log.add(f"{where.where}: not an object")
                continue
            unknown = sorted(set(row) - set(table.columns.keys()))
            if unknown:
                self.log.add(f"{where.where}: unknown column(s) {', '.join(unknown)}")
                continue
            values = self._values(where, table, row)
            self.log.add(*where.problems)
            if where.problems:
                continue
            key = tuple(values.get(k) for k in key_columns)
            if key in seen:
                shown = ", ".join(str(part) for part in key)
                self.log.add(f"{where.where}: key {shown} appears twice")
                continue
            seen.add(key)
            if key in self.existing.get(table_name, set()):
                present += 1
                continue
            yield values
        if present:
            self.skip(RowsPresent(table_name, present))

    def _values(self, where: checks.Found, table: Any, row: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for column in table.columns:
            values[column.name] = _check_column(where, column, row.get(column.name))
            raw_missing = row.get(column.name) in (None, "")
            if raw_missing and not column.nullable and column.server_default is None:
                where.add(column.name, "required")
        if "origin" in values and values["origin"] is None:
            values["origin"] = LOCAL
        if values.get("origin") == vocab.Origin.CURATED.value and not self.allow_curated:
            where.add(
                "origin",
                "rows you import are local; curated rows come only from the release or "
                "an `ivig export` with its manifest",
            )
        if table.name == "publications" and values.get("origin") != vocab.Origin.CURATED.value:
            checks.check_publication_row(where, values)
        return values


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


def table_files_importer(path: Path) -> Callable[[Connection, Reader], Importer]:
    """The importer of a directory of table files: a whole `ivig export` (with its
    manifest, at this schema revision: curated rows too) or your own (local rows)."""
    from ivig_evidence.importing import readers
    from ivig_evidence.store.db import SCHEMA_REVISION
    from ivig_evidence.store.exporting import MANIFEST, read_manifest
    from ivig_evidence.store.tables import TABLE_ORDER

    # A full export carries its manifest; a directory of your own table files
    # (say positions.csv with its statements.csv) imports as local rows.
    whole_export = (path / MANIFEST).exists()
    if whole_export:
        manifest = read_manifest(path)
        if manifest.get("schema_revision") != SCHEMA_REVISION:
            raise IvigError(
                f"{path} was exported at schema revision "
                f"{manifest.get('schema_revision')}; this ivig imports exports at "
                f"{SCHEMA_REVISION}: import it with the ivig that wrote it, upgrade that "
                "database, and export again"
            )
    found = readers.read_table_files(path, TABLE_ORDER)

    def tables(conn: Connection, _reader: Reader) -> Importer:
        return TableImport(found, conn, allow_curated=whole_export, source=str(path))

    return tables
