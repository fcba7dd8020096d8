"""Refreshing the curated rows to the release this ivig ships, without touching local rows.

A new release of ivig-evidence brings corrected and extended curated data. On
``ivig db upgrade`` every curated row is brought to the shipped release by its
stable id: new rows are inserted, changed rows corrected, rows the release no
longer holds retired (deleted). Local rows are never changed. Two cases keep a
row the release would otherwise lose or overwrite, and say so:
- a local row already holds an id the release now uses: the local row stays
  exactly as it is, and the release's row is stored under a new id (the old id
  with ``-release`` after it), with the release's own rows that refer to it
  pointing there, so no curated study cites the user's row by accident (a link
  row, whose key is the pair it links, is the same link either way: it stays);
- a retired curated row is still referred to by a local row (a local statement
  on a curated study, say): it stays, and becomes local, so nothing dangles.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivig_evidence.vocab import Origin

if TYPE_CHECKING:
    from sqlalchemy import Connection

CURATED, LOCAL = Origin.CURATED.value, Origin.LOCAL.value


@dataclass
class RefreshReport:
    from_release: str | None
    to_release: str | None
    inserted: dict[str, int] = field(default_factory=dict)
    corrected: dict[str, int] = field(default_factory=dict)
    retired: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        def part(label: str, counts: dict[str, int]) -> str:
            total = sum(counts.values())
            return f"{total} {label}" + (
                " (" + ", ".join(f"{n} {t}" for t, n in counts.items()) + ")" if total else ""
            )

        return f"curated data {self.from_release or 'unknown'} -> {self.to_release}: " + "; ".join(
            part(label, counts)
            for label, counts in (
                ("inserted", self.inserted),
                ("corrected", self.corrected),
                ("retired", self.retired),
            )
        )


@dataclass(frozen=True)
class UpgradeResult:
    path: Path | str
    from_revision: str
    to_revision: str
    refresh: RefreshReport | None = None
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision or self.refresh is not None


def release_version(release: sqlite3.Connection) -> str | None:
    row = release.execute("SELECT version FROM data_release ORDER BY id LIMIT 1").fetchone()
    return None if row is None else str(row[0])


def stored_release_version(conn: Connection) -> str | None:
    try:
        row = conn.exec_driver_sql("SELECT version FROM data_release ORDER BY id").first()
    except Exception:  # noqa: BLE001 - an old revision without the table has no release
        return None
    return None if row is None else str(row[0])


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else -1 for part in version.split("."))


def needs_refresh(stored: str | None, shipped: str | None, *, schema_changed: bool = False) -> bool:
    """Refresh an older (or unknown) release, and after any schema migration (a
    database at an old revision may hold rows of an earlier build of the same
    release number); never replace a newer release with an older one."""
    if shipped is None:
        return False
    if stored is not None and _version_key(stored) > _version_key(shipped):
        return False
    return schema_changed or stored != shipped


def _key(row: dict[str, Any], key: Sequence[str]) -> tuple[Any, ...]:
    return tuple(row[c] for c in key)


def _where(table: Any, key: Sequence[str], values: tuple[Any, ...]) -> Any:
    from sqlalchemy import and_

    return and_(*(table.c[c] == v for c, v in zip(key, values, strict=True)))


def _exists(conn: Connection, table: Any, key: Sequence[str], values: tuple[Any, ...]) -> bool:
    from sqlalchemy import select

    return (
        conn.execute(
            select(*table.primary_key.columns).where(_where(table, key, values)).limit(1)
        ).first()
        is not None
    )


def _referenced(conn: Connection, table: Any, row: dict[str, Any]) -> bool:
    """Whether any row of any table points at ``row`` through a foreign key."""
    from sqlalchemy import select

    from ivig_evidence.store.models import Base

    for child in Base.metadata.tables.values():
        for fk in child.foreign_keys:
            if fk.column.table is table and row.get(fk.column.name) is not None:
                found = conn.execute(
                    select(fk.parent).where(fk.parent == row[fk.column.name]).limit(1)
                ).first()
                if found is not None:
                    return True
    return False


RENAMED_SUFFIX = "-release"


def renamed_id(value: str) -> str:
    """Where the release's row goes when a local row holds its id."""
    return f"{value}{RENAMED_SUFFIX}"


def _point_at_renamed(
    table: Any, row: dict[str, Any], renames: dict[str, dict[Any, Any]]
) -> dict[str, Any]:
    """The release's row with every reference to a renamed release row following it."""
    for fk in table.foreign_keys:
        moved = renames.get(fk.column.table.name, {})
        value = row.get(fk.parent.name)
        if value in moved:
            row = row | {fk.parent.name: moved[value]}
    return row


def _unique_clash(conn: Connection, table: Any, row: dict[str, Any]) -> bool:
    """Whether another row already holds one of ``row``'s unique values (its DOI,
    say): then the local row at its id is the same publication, edited by the
    user, and a second copy under a new id would not be allowed."""
    from sqlalchemy import or_, select

    taken = [
        table.c[c.name] == row[c.name]
        for c in table.columns
        if c.unique and not c.primary_key and row.get(c.name) is not None
    ]
    return (
        bool(taken)
        and conn.execute(select(1).select_from(table).where(or_(*taken)).limit(1)).first()
        is not None
    )


def refresh_curated(
    conn: Connection, release: sqlite3.Connection, tables: Sequence[str]
) -> RefreshReport:
    """Bring the curated rows on ``conn`` to ``release``, inside the caller's transaction."""
    from sqlalchemy import delete, insert, update

    from ivig_evidence.store.exporting import iter_table
    from ivig_evidence.store.models import Base
    from ivig_evidence.store.reader import SqlAlchemyReader, SqliteReader
    from ivig_evidence.store.tables import parents_first

    report = RefreshReport(stored_release_version(conn), release_version(release))
    reader = SqlAlchemyReader(conn, "")
    shipped_reader = SqliteReader(release, "the shipped release")
    retiring: dict[str, list[dict[str, Any]]] = {}
    renames: dict[str, dict[Any, Any]] = {}  # table -> release id -> the id it is stored as
    for name in tables:
        table = Base.metadata.tables[name]
        key = [c.name for c in table.primary_key.columns]
        has_origin = "origin" in table.columns
        shipped = [
            _point_at_renamed(table, {c: v for c, v in row.items() if c != "origin"}, renames)
            for row in iter_table(shipped_reader, name)
        ]
        if name == "indications":
            shipped = parents_first(shipped)
        # Only curated rows are read whole: local rows (there may be millions) are
        # looked up by key, and only where the release uses the same key.
        where = f" WHERE origin = '{CURATED}'" if has_origin else ""
        present = {_key(row, key): row for row in iter_table(reader, name, where)}
        shipped_keys = set()
        for row in shipped:
            row = _point_at_renamed(table, row, renames)  # a parent in this same table
            values = _key(row, key)
            current = present.get(values)
            local = current is None and has_origin and _exists(conn, table, key, values)
            if local and len(key) == 1 and not _unique_clash(conn, table, row):
                (column,) = key
                moved = renamed_id(row[column])
                renames.setdefault(name, {})[row[column]] = moved
                report.kept.append(
                    f"{name} {row[column]}: your local row keeps this id; the release's row "
                    f"is stored as {moved}"
                )
                row = row | {column: moved}
                values = (moved,)
                current = present.get(values)
                local = current is None and _exists(conn, table, key, values)
            shipped_keys.add(values)
            if local:
                report.kept.append(
                    f"{name} {'/'.join(map(str, values))}: your local row holds this key and "
                    "stays as it is; the release's row of the same key was not loaded"
                )
            elif current is None:
                conn.execute(insert(table), [row | ({"origin": CURATED} if has_origin else {})])
                report.inserted[name] = report.inserted.get(name, 0) + 1
            elif any(current[c] != v for c, v in row.items()):
                conn.execute(update(table).where(_where(table, key, values)).values(row))
                report.corrected[name] = report.corrected.get(name, 0) + 1
        retiring[name] = [
            row
            for values, row in present.items()
            if values not in shipped_keys and (not has_origin or row["origin"] == CURATED)
        ]
    for name in reversed(tables):  # children before parents
        table = Base.metadata.tables[name]
        key = [c.name for c in table.primary_key.columns]
        for row in retiring[name]:
            where = _where(table, key, _key(row, key))
            if "origin" in table.columns and _referenced(conn, table, row):
                conn.execute(update(table).where(where).values(origin=LOCAL))
                report.kept.append(
                    f"{name} {'/'.join(map(str, _key(row, key)))}: retired by the release but "
                    "a local row refers to it, so it stays (now local)"
                )
                continue
            conn.execute(delete(table).where(where))
            report.retired[name] = report.retired.get(name, 0) + 1
    return report


def up_to_date_revision(path: Path) -> str | None:
    """The file's revision, if it is at this ivig's and holds the shipped release (or a
    newer one): nothing for an upgrade to do. Read with sqlite3 alone, before Alembic,
    SQLAlchemy or the seed loads; an interrupted write, or anything unusual, leaves it
    to the full upgrade."""
    from ivig_evidence.errors import IvigError
    from ivig_evidence.store.db import SCHEMA_REVISION, interrupted_write, open_readonly
    from ivig_evidence.store.seed import shipped_release_version

    if interrupted_write(path):
        return None
    try:
        reader = open_readonly(path, check_schema=False)
    except IvigError:
        return None
    try:
        if reader.revision != SCHEMA_REVISION:
            return None
        row = reader.execute("SELECT version FROM data_release ORDER BY id").fetchone()
    except sqlite3.Error:
        return None
    finally:
        reader.close()
    stored = None if row is None else str(row[0])
    if needs_refresh(stored, shipped_release_version()):
        return None
    return SCHEMA_REVISION
