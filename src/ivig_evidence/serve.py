"""The database in Datasette, read-only: metadata written from ``schema_docs``, facets
that make sense, canned queries for the everyday questions, and full-text search on
the studies and publications tables.

Datasette searches a table through an FTS table whose rowids are the table's own;
ivig's search index spans every kind of record, so the served file is a copy of the
database with one such index per searchable table added. The copy is made once per
state of the database (its size and modification time name it) in the user's cache
directory, and served immutable: nothing can be written through it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from ivig_evidence import DISCLAIMER

# The searchable tables and the columns their search covers.
SEARCHABLE: dict[str, tuple[str, ...]] = {
    "studies": (
        "first_author",
        "result",
        "outcome_measures",
        "population_text",
        "comparator",
        "note",
    ),
    "publications": ("title", "authors", "first_author", "journal", "note"),
}

FACETS: dict[str, list[str]] = {
    "studies": ["design", "population", "direction"],
    "statements": ["status", "document_id"],
    "positions": ["kind", "stance", "indication_slug"],
    "dose_regimens": ["context", "basis", "unit", "ambiguous"],
    "publications": ["kind"],
    "study_indications": ["indication_slug"],
}

CANNED_QUERIES: dict[str, dict[str, str]] = {
    "randomised_trials": {
        "title": "Randomised trials of IVIG",
        "sql": "SELECT id, first_author, year, n, direction, result FROM studies "
        "WHERE design IN ('rct', 'rct_withdrawal') ORDER BY year",
    },
    "studies_for_an_indication": {
        "title": "Studies for an indication (slug, e.g. aosd)",
        "sql": "SELECT s.id, s.design, s.year, s.n, s.direction, s.result FROM studies s "
        "JOIN study_indications si ON si.study_id = s.id WHERE si.indication_slug = :slug "
        "ORDER BY s.year",
    },
    "doses_for_an_indication": {
        "title": "Recorded dose regimens for an indication (slug)",
        "sql": "SELECT r.id, r.text, r.amount_low, r.amount_high, r.unit, r.basis, "
        "r.repeat_interval, r.ambiguous, r.record_reading FROM dose_regimens r "
        "JOIN regimen_indications ri ON ri.regimen_id = r.id WHERE ri.indication_slug = :slug",
    },
    "positions_on_an_indication": {
        "title": "What each body says about an indication (slug)",
        "sql": "SELECT body, kind, document_title, edition, year, stance, wording FROM positions "
        "WHERE indication_slug = :slug ORDER BY body",
    },
    "contradicted_statements": {
        "title": "Statements the primary record contradicts",
        "sql": "SELECT id, document_id, quote, status_note, checked_against FROM statements "
        "WHERE status = 'contradicted'",
    },
}


def metadata(release: tuple[str, str] | None) -> dict[str, Any]:
    """Datasette metadata written from the schema's own descriptions."""
    from ivig_evidence.schema_docs import SCHEMA_DOCS

    stamp = f"data release {release[0]} ({release[1]})" if release else "no data release recorded"
    tables: dict[str, Any] = {}
    for name, (description, columns) in SCHEMA_DOCS.items():
        table: dict[str, Any] = {"description": description, "columns": dict(columns)}
        if name in FACETS:
            table["facets"] = FACETS[name]
        if name in SEARCHABLE:
            table["fts_table"] = f"{name}_fts"
        tables[name] = table
    for hidden in ("search_index", "search_index_rows", "summary_counts", "alembic_version"):
        tables[hidden] = {"hidden": True}
    return {
        "title": "IVIG evidence",
        "description": f"The ivig-evidence database, {stamp}, read-only. {DISCLAIMER}",
        "license": "MIT (the software); quotes remain their authors'",
        "databases": {
            "ivig": {
                "description": "Studies, doses and positions on IVIG in rheumatoid arthritis "
                "and related conditions, each with its source, verbatim quote and whether "
                "the primary record confirms it.",
                "tables": tables,
                "queries": CANNED_QUERIES,
            }
        },
    }


def served_copy(database: Path, cache: Path) -> Path:
    """A copy of ``database`` with an FTS table per searchable table, made once for each
    state of the file and reused while the file is unchanged."""
    state = database.stat()
    key = hashlib.sha256(f"{database.resolve()}:{state.st_size}:{state.st_mtime_ns}".encode())
    # The file is named ivig.sqlite, so Datasette calls the database "ivig".
    target = cache / key.hexdigest()[:16] / "ivig.sqlite"
    if target.exists():
        return target
    if cache.exists():
        import shutil

        for old in cache.iterdir():  # earlier states of the database
            shutil.rmtree(old, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
        copy.execute(
            "PRAGMA journal_mode = DELETE"
        )  # one file, as Datasette's immutable mode wants
        for table, columns in SEARCHABLE.items():
            copy.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5({', '.join(columns)}, "
                f"content='{table}', content_rowid='rowid', "
                "tokenize = 'porter unicode61 remove_diacritics 2')"
            )
            copy.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
        copy.commit()
    finally:
        copy.close()
        source.close()
    os.replace(partial, target)
    return target


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not Path(base).is_absolute():
        base = str(Path.home() / ".cache")
    return Path(base) / "ivig-evidence" / "serve"


def write_metadata(path: Path, release: tuple[str, str] | None) -> Path:
    path.write_text(json.dumps(metadata(release), indent=2), encoding="utf-8")
    return path
