"""Refreshing the curated rows to the release this ivig ships, without touching local rows.

A new release of ivig-evidence brings corrected and extended curated data. On
``ivig db upgrade`` every curated row is brought to the shipped release by its
stable id: new rows are inserted, changed rows corrected, rows the release no
longer holds retired (deleted). Local rows are never changed. Two cases keep a
row the release would otherwise lose or overwrite, and say so:
- a local row already holds an id the release now uses: the local row stays and
  the release's row is not loaded;
- a retired curated row is still referred to by a local row (a local statement
  on a curated study, say): it stays, and becomes local, so nothing dangles.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from ivig_evidence.vocab import Origin

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


def needs_refresh(stored: str | None, shipped: str | None) -> bool:
    """Refresh an older (or unknown) release; never replace a newer one with an older."""
    if shipped is None or stored == shipped:
        return False
    return stored is None or _version_key(stored) < _version_key(shipped)


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

    from ivig_evidence.models import Base

    for child in Base.metadata.tables.values():
        for fk in child.foreign_keys:
            if fk.column.table is table and row.get(fk.column.name) is not None:
                found = conn.execute(
                    select(fk.parent).where(fk.parent == row[fk.column.name]).limit(1)
                ).first()
                if found is not None:
                    return True
    return False


def refresh_curated(
    conn: Connection, release: sqlite3.Connection, tables: Sequence[str]
) -> RefreshReport:
    """Bring the curated rows on ``conn`` to ``release``, inside the caller's transaction."""
    from sqlalchemy import delete, insert, update

    from ivig_evidence.db import ServerReader
    from ivig_evidence.exporting import iter_table
    from ivig_evidence.importing import _parents_first
    from ivig_evidence.models import Base

    report = RefreshReport(stored_release_version(conn), release_version(release))
    reader = ServerReader(conn, "")
    retiring: dict[str, list[dict[str, Any]]] = {}
    for name in tables:
        table = Base.metadata.tables[name]
        key = [c.name for c in table.primary_key.columns]
        has_origin = "origin" in table.columns
        shipped = [
            {c: v for c, v in row.items() if c != "origin"} for row in iter_table(release, name)
        ]
        if name == "indications":
            shipped = _parents_first(shipped)
        # Only curated rows are read whole: local rows (there may be millions) are
        # looked up by key, and only where the release uses the same key.
        where = f" WHERE origin = '{CURATED}'" if has_origin else ""
        present = {_key(row, key): row for row in iter_table(reader, name, where)}
        shipped_keys = set()
        for row in shipped:
            values = _key(row, key)
            shipped_keys.add(values)
            current = present.get(values)
            if current is None and has_origin and _exists(conn, table, key, values):
                current = {"origin": LOCAL}
            if current is None:
                conn.execute(insert(table), [row | ({"origin": CURATED} if has_origin else {})])
                report.inserted[name] = report.inserted.get(name, 0) + 1
            elif has_origin and current["origin"] == LOCAL:
                report.kept.append(
                    f"{name} {'/'.join(map(str, values))}: your local row keeps this id; "
                    "the release's row of the same id was not loaded"
                )
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
