"""The order tables are written, dumped and exported in: parents before children.

Written out rather than derived, so that adding a table is a decision a test
checks (against ``Base.metadata.sorted_tables``), not a side effect of where a
description happens to sit in ``schema_docs``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

TABLE_ORDER: tuple[str, ...] = (
    "data_release",
    "publications",
    "source_references",
    "indications",
    "indication_aliases",
    "studies",
    "study_indications",
    "dose_regimens",
    "study_notes",
    "regimen_indications",
    "positions",
    "treatments",
    "claims",
    "statements",
    "outcomes",
    "criteria",
)

# Tables whose rows say whether they are curated (shipped in data/seed.sql) or local.
ORIGIN_TABLES: tuple[str, ...] = tuple(t for t in TABLE_ORDER if t != "data_release")


def parents_first(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Indication rows ordered so that each parent comes before its children."""
    placed: set[str] = set()
    ordered: list[dict[str, Any]] = []
    pending = list(rows)
    slugs = {r["slug"] for r in rows}
    while pending:
        ready = [
            r
            for r in pending
            if r.get("parent_slug") in (None, *placed) or r.get("parent_slug") not in slugs
        ]
        if not ready:  # a cycle: leave it for the foreign key check to report
            ordered.extend(pending)
            break
        ordered.extend(ready)
        placed.update(r["slug"] for r in ready)
        pending = [r for r in pending if r not in ready]
    return ordered
