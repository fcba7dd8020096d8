"""Shell completion of values: designs and the like from the vocabulary, indication
slugs and record ids from the database when it exists (read-only, never built by a
<TAB>, a fraction of a second at most)."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ivig_evidence import vocab


def _database(ctx: Any) -> Path | None:
    from ivig_evidence.config import resolve_db

    given = None
    while ctx is not None and given is None:
        given = (getattr(ctx, "params", None) or {}).get("db")
        ctx = getattr(ctx, "parent", None)
    try:
        location = resolve_db(Path(given) if given else None)
    except Exception:
        return None
    if location.url is not None or not location.path.is_file():
        return None
    return location.path


def _query(ctx: Any, sql: str, incomplete: str) -> list[str]:
    import sqlite3  # only when a <TAB> asks for values

    path = _database(ctx)
    if path is None:
        return []
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)
        try:
            rows = conn.execute(sql, (incomplete.lower() + "%",)).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [str(r[0]) for r in rows]


def indications(ctx: Any, incomplete: str) -> list[str]:
    return _query(
        ctx, "SELECT slug FROM indications WHERE lower(slug) LIKE ? ORDER BY slug", incomplete
    )


def record_ids(ctx: Any, incomplete: str) -> list[str]:
    return _query(
        ctx,
        "SELECT id FROM (SELECT id FROM studies UNION SELECT id FROM publications "
        "UNION SELECT slug FROM indications) WHERE lower(id) LIKE ? ORDER BY id LIMIT 200",
        incomplete,
    )


def _starting(values: Sequence[str], incomplete: str) -> list[str]:
    return [v for v in values if v.startswith(incomplete.lower())]


def designs(incomplete: str) -> list[str]:
    return _starting(vocab.values(vocab.Design), incomplete)


def populations(incomplete: str) -> list[str]:
    return _starting(vocab.values(vocab.Population), incomplete)


def directions(incomplete: str) -> list[str]:
    return _starting(vocab.values(vocab.Direction), incomplete)


def statuses(incomplete: str) -> list[str]:
    return _starting(vocab.values(vocab.Status), incomplete)
