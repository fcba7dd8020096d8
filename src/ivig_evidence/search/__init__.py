"""Full-text search over titles, results, notes and quotes (SQLite FTS5, PostgreSQL's own
full-text search on a server), and how hits read as a table. What a person types is
read the same way on both engines by query.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence.errors import DatabaseError, UsageError
from ivig_evidence.output import MARK_END, MARK_START, Table
from ivig_evidence.store.reader import Reader, fetch_rows
from ivig_evidence.terminal import Column, Kind


@dataclass(frozen=True)
class Hit:
    kind: str
    ref_id: str
    parent_id: str | None
    field: str
    snippet: str
    rank: float

    def to_json(self, start: str = "«", end: str = "»") -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.ref_id,
            "belongs_to": self.parent_id,
            "field": self.field,
            "snippet": self.snippet.replace(MARK_START, start).replace(MARK_END, end),
            "rank": round(self.rank, 4),
        }


class Hits(list[Hit]):
    """The hits shown, best first; ``bounded`` when more matched than were ranked (the
    best of the first RANKED_AT_MOST matches in the index's order)."""

    def __init__(self, hits: Sequence[Hit] = (), *, bounded: bool = False) -> None:
        super().__init__(hits)
        self.bounded = bounded


# On a file, the matches ranked: a word in 40% of a million studies matches 768,642
# entries, and scoring each (bm25) took 16 times as long as the same search at 10,000
# studies. The first this many matches in the index's order (the curated rows, loaded
# first, among them) are ranked by their score and their row alone, so a search costs
# the same however large the file; `ivig search` says so when more matched.
RANKED_AT_MOST = 10_000
FILE_SEARCH = (
    "WITH ranked AS (SELECT rowid AS entry, rank AS score FROM search_index "
    "WHERE search_index MATCH :q LIMIT :bound), "
    "best AS (SELECT entry, score FROM ranked ORDER BY score, entry LIMIT :limit) "
    "SELECT kind, ref_id, parent_id, field, "
    "snippet(search_index, 4, char(2), char(3), '…', 16) AS snippet, best.score AS rank "
    "FROM best JOIN search_index ON search_index.rowid = best.entry "
    "WHERE search_index MATCH :q ORDER BY best.score, best.entry"
)
FILE_MATCHES = (
    "SELECT count(*) AS matched FROM (SELECT rowid FROM search_index "
    "WHERE search_index MATCH :q LIMIT :bound + 1)"
)


# PostgreSQL's search_index holds each body's word vector (revision 0013): matches are
# found by its GIN index and ranked from the stored vector, not from re-parsed text.
# The snippet is made for the hits shown only (ts_headline on every match before the
# sort took 6.5 s for a word in 400,000 of a million studies), from the body with its
# typographic quotes and dashes made plain, as the vector was.
PLAIN_BODY = "translate(body, '\u2018\u2019\u201c\u201d\u2013\u2014\u00a0', '''''\"\"-- ')"
SERVER_SEARCH = (
    "SELECT kind, ref_id, parent_id, field, "
    f"ts_headline('english', {PLAIN_BODY}, to_tsquery('english', :q), "
    "'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=16, MinWords=6') "
    "AS snippet, rank "
    "FROM (SELECT kind, ref_id, parent_id, field, body, "
    "-ts_rank(vector, to_tsquery('english', :q)) AS rank "
    "FROM search_index WHERE vector @@ to_tsquery('english', :q) "
    "ORDER BY rank, kind, ref_id, field LIMIT :limit) AS best "
    "ORDER BY rank, kind, ref_id, field"
)


def named_indications(conn: Reader, text: str) -> dict[str, list[str]]:
    """The indications a search names as a whole (a slug, name or alias: "IBM",
    "Churg-Strauss"), each with every name it is known by. A search with operators, or
    that only contains a name, names none."""
    from ivig_evidence.indications import alias_key

    key = alias_key(text)
    if not key or any(op in text.split() for op in ("AND", "OR", "NOT")) or '"' in text:
        return {}
    rows = fetch_rows(
        conn,
        # An alias that names several indications ("vasculitis") widens no search.
        "SELECT i.slug, a.alias FROM indications i "
        "LEFT JOIN indication_aliases a ON a.indication_slug = i.slug AND NOT EXISTS "
        "(SELECT 1 FROM indication_aliases o WHERE o.alias_key = a.alias_key "
        "AND o.indication_slug <> a.indication_slug) "
        "WHERE replace(i.slug, '-', '') = :key OR i.slug IN "
        "(SELECT b.indication_slug FROM indication_aliases b WHERE b.alias_key = :key) "
        "ORDER BY i.slug, a.alias",
        {"key": key},
    )
    names: dict[str, list[str]] = {}
    for r in rows:
        names.setdefault(r["slug"], [])
        if r["alias"] is not None:
            names[r["slug"]].append(r["alias"])
    return names


def _phrase(name: str) -> str:
    """A name as an exact phrase of its words (the index splits on everything else)."""
    import re

    return '"' + " ".join(re.findall(r"[^\W_]+", name)) + '"'


def search(conn: Reader, text: str, limit: int) -> Hits:
    """Matches, best first. A search that is an indication's name or alias ("DM",
    "Churg-Strauss") also finds the other names of that indication, and the indication
    itself comes first, saying what was searched for."""
    if not text.strip():
        raise UsageError("nothing to search for: give one or more words.")
    named = named_indications(conn, text)
    if not named:
        return _matches(conn, text, limit)
    names = sorted(
        {alias for aliases in named.values() for alias in aliases} | set(named), key=str.lower
    )
    # Each has a word: an alias_key is never empty, and the text named something.
    expanded = " OR ".join(dict.fromkeys(_phrase(n) for n in (text, *names)))
    found = [
        Hit("indication", slug, slug, "names", _naming(text, slug, aliases), 0.0)
        for slug, aliases in named.items()
    ]
    found = found[:limit]  # at most ``limit`` hits in all, the names first
    room = limit - len(found)
    matches = _matches(conn, expanded, room) if room else Hits()
    return Hits(found + matches, bounded=matches.bounded)


def _naming(text: str, slug: str, aliases: Sequence[str]) -> str:
    """What a search that names an indication says first: the indication, and the other
    names of it that were searched for too (its slug among them)."""
    others = [name for name in (slug, *aliases) if alias_differs(name, text)]
    also = f"; also searched for: {', '.join(others)}" if others else ""
    return f"{text.strip()} names {slug}{also}"


def alias_differs(alias: str, text: str) -> bool:
    from ivig_evidence.indications import alias_key

    return alias_key(alias) != alias_key(text)


def _matches(conn: Reader, text: str, limit: int) -> Hits:
    from ivig_evidence.search import query as search_query

    query = search_query.parse(text)
    if conn.dialect != "sqlite":
        # PostgreSQL's own full-text search, asked the same parsed question.
        rows = fetch_rows(
            conn, SERVER_SEARCH, {"q": search_query.to_tsquery(query), "limit": limit}
        )
        return Hits(
            [
                Hit(
                    r["kind"],
                    r["ref_id"],
                    r["parent_id"],
                    r["field"],
                    r["snippet"],
                    float(r["rank"]),
                )
                for r in rows
            ]
        )
    params = {"q": search_query.to_fts5(query), "limit": limit, "bound": RANKED_AT_MOST}
    try:
        rows = fetch_rows(conn, FILE_SEARCH, params)
        matched = fetch_rows(conn, FILE_MATCHES, params)[0]["matched"]
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if "no such table: search_index" in message:
            raise DatabaseError("this database has no search index") from exc
        raise UsageError(
            f"cannot read the search '{text}' ({message.removeprefix('fts5: ')}): put words "
            "in double quotes to search for them as they are; AND, OR and NOT (in capitals) "
            "are operators."
        ) from exc
    return Hits(
        [
            Hit(r["kind"], r["ref_id"], r["parent_id"], r["field"], r["snippet"], r["rank"])
            for r in rows
        ],
        bounded=matched > RANKED_AT_MOST,
    )


def search_table(hits: Sequence[Hit], text: str) -> Table:
    return Table(
        title=f"Search: {text} ({len(hits)} found, best first)",
        columns=(
            Column("kind", Kind.KEY),
            Column("id", Kind.ID, named=False),
            Column("belongs to", Kind.ID),
            Column("field", Kind.KEY),
            Column("match", Kind.TEXT, cap=None, named=False),
        ),
        rows=[[h.kind, h.ref_id, h.parent_id, h.field, h.snippet] for h in hits],
    )
