"""The dose regimens recorded for an indication (and the indications beneath it), in
the order the calculator shows them, with the positions taken on the indication."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence.doses.regimen import (
    REGIMEN_SQL_COLUMNS,
    Regimen,
    regimen_from_row,
    regimen_links,
)
from ivig_evidence.indications import IndicationRef, indication_scope
from ivig_evidence.positions import Position, list_positions
from ivig_evidence.store.reader import Reader, Row, fetch_rows, in_clause


@dataclass(frozen=True)
class DoseReport:
    indication: IndicationRef
    scope: tuple[str, ...]
    regimens: tuple[Regimen, ...]
    positions: tuple[Position, ...]
    more: bool = False  # regimens beyond the limit asked for were held back

    def to_json(self) -> list[dict[str, Any]]:
        positions = [p.to_json() for p in self.positions]
        return [
            {"indication": self.indication.slug, **r.to_json(), "positions": positions}
            for r in self.regimens
        ]


def _regimen_scope(scope: Sequence[str], params: dict[str, Any]) -> str:
    return (
        "SELECT ri2.regimen_id FROM regimen_indications ri2 WHERE ri2.indication_slug IN "
        + in_clause("ind", scope, params)
    )


REGIMEN_SELECT = (
    f"SELECT {REGIMEN_SQL_COLUMNS}, s.first_author AS study_author, s.year AS study_year "
    "FROM dose_regimens r LEFT JOIN studies s ON s.id = r.study_id"
)
# How many regimens, in id order, to look through for an indication's first ones
# before asking for its regimens directly (a narrow indication has few among many).
WALK_ROWS = 20_000


def _first_regimens(conn: Reader, scope: Sequence[str], count: int) -> list[Row]:
    """The first ``count`` regimens in scope in listing order (suggested first, then by
    id), read in index order and never sorted: a broad indication's first regimens
    come early in a walk of the key; a narrow one's are looked up directly once the
    walk has not found them among the first WALK_ROWS regimens."""
    params: dict[str, Any] = {"count": count}
    in_scope = (
        "EXISTS (SELECT 1 FROM regimen_indications ri2 WHERE ri2.regimen_id = r.id "
        f"AND ri2.indication_slug IN {in_clause('ind', scope, params)})"
    )
    table = REGIMEN_SELECT
    rows = fetch_rows(
        conn,
        f"{table} WHERE r.context = 'suggested' AND {in_scope} ORDER BY r.id LIMIT :count",
        params,
    )
    if len(rows) >= count:
        return rows
    params["count"] = count - len(rows)
    # The walk ends before the WALK_ROWS-th regimen by id (none: the table is shorter,
    # and the walk covers all of it).
    end = fetch_rows(
        conn, "SELECT id FROM dose_regimens ORDER BY id LIMIT 1 OFFSET :walk", {"walk": WALK_ROWS}
    )
    bounded = "AND r.id < :walk_end " if end else ""
    if end:
        params["walk_end"] = end[0]["id"]
    others = fetch_rows(
        conn,
        f"{table} WHERE r.context <> 'suggested' {bounded}AND {in_scope} "
        "ORDER BY r.id LIMIT :count",
        params,
    )
    if end and len(others) < params["count"]:
        direct = _regimen_scope(scope, params)
        others = fetch_rows(
            conn,
            f"{table} WHERE r.context <> 'suggested' AND r.id IN ({direct}) "
            "ORDER BY r.id LIMIT :count",
            params,
        )
    return rows + others


def dose_report(conn: Reader, indication: IndicationRef, limit: int | None = None) -> DoseReport:
    """Regimens recorded for the indication (and those beneath it), suggested ones
    first, with the positions; at most ``limit`` regimens when one is given."""
    scope = indication_scope(conn, indication.slug)
    params: dict[str, Any] = {}
    regimen_subquery = _regimen_scope(scope, params)
    if limit is None:
        rows = fetch_rows(
            conn,
            f"{REGIMEN_SELECT} "
            f"WHERE r.id IN ({regimen_subquery}) "
            "ORDER BY CASE WHEN r.context = 'suggested' THEN 0 ELSE 1 END, r.id",
            params,
        )
        applies, sources = regimen_links(conn, f"({regimen_subquery})", params)
        more = False
    else:  # one more than shown tells whether there are more; the links of those shown
        rows = _first_regimens(conn, scope, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        shown: dict[str, Any] = {}
        applies, sources = regimen_links(
            conn, in_clause("rid", [row["id"] for row in rows] or [""], shown), shown
        )
    regimens = tuple(
        regimen_from_row(
            row,
            applies.get(row["id"], []),
            sources.get(row["id"], []),
            study_label=_study_label(row["study_id"], row["study_author"], row["study_year"]),
        )
        for row in rows
    )
    return DoseReport(indication, tuple(scope), regimens, tuple(list_positions(conn, scope)), more)


def count_regimens(conn: Reader, scope: Sequence[str]) -> int:
    """Regimens in scope, each once (a regimen may apply to several indications in it)."""
    params: dict[str, Any] = {}
    subquery = _regimen_scope(scope, params)
    return int(
        fetch_rows(
            conn, f"SELECT count(DISTINCT r.regimen_id) AS n FROM ({subquery}) AS r", params
        )[0]["n"]
    )


def _study_label(study_id: str | None, author: str | None, year: int | None) -> str | None:
    if study_id is None:
        return None
    if author:
        return f"{author} {year}" if year else author
    return study_id
