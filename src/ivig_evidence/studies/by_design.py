"""Studies by design, strongest design first: each design's exact count and its
strongest studies, bounded however large the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.store.reader import Reader, fetch_rows, in_clause
from ivig_evidence.studies.listing import Study, StudyFilters, in_indication_scope, list_studies

# The strongest studies of a design first: the largest, then the oldest.
STRONGEST_FIRST = "CASE WHEN s.n IS NULL THEN 1 ELSE 0 END, s.n DESC, s.year, s.id"


@dataclass(frozen=True)
class DesignGroup:
    design: str
    count: int  # every study of this design in scope
    studies: tuple[Study, ...]  # the strongest of them, up to the limit

    @property
    def more(self) -> int:
        return self.count - len(self.studies)


def design_groups(
    conn: Reader, scope: Sequence[str], per_design: int | None, root: str | None = None
) -> list[DesignGroup]:
    """The studies of the indications in ``scope``, by design (strongest design first):
    each design's exact count and its strongest ``per_design`` studies. ``root``: the
    indication ``scope`` descends from, whose counts the last write kept (see counts.py).
    Bounded however large the database: a few studies per design are found by walking
    the designs' strength index until enough are in scope."""
    from ivig_evidence.counts import design_counts

    params: dict[str, Any] = {}
    in_scope = in_indication_scope(conn.dialect, scope, params)
    counts: dict[str, int]
    if root is not None:
        counts = {
            d: c.studies
            for d, c in design_counts(conn, rollup=True, only=root).get(root, {}).items()
        }
    else:
        counts = {
            r["design"]: int(r["n"])
            for r in fetch_rows(
                conn,
                "SELECT s.design, count(*) AS n FROM (SELECT DISTINCT si.study_id FROM "
                f"study_indications si WHERE si.indication_slug IN {in_clause('cnt', scope, params)}) "
                "sc JOIN studies s ON s.id = sc.study_id GROUP BY s.design",
                params,
            )
        }
    ids: list[str] = []
    for design in counts:
        params["design"] = design
        limit = ""
        if per_design is not None:
            params["per_design"] = per_design
            limit = " LIMIT :per_design"
        ids += [
            r["id"]
            for r in fetch_rows(
                conn,
                f"SELECT s.id FROM studies s WHERE s.design = :design AND {in_scope} "
                f"ORDER BY {STRONGEST_FIRST}{limit}",
                params,
            )
        ]
    studies = list_studies(conn, StudyFilters(ids=tuple(ids))) if ids else []
    groups = []
    for design in vocab.DESIGN_STRENGTH:
        if design.value not in counts:
            continue
        members = [s for s in studies if s.design == design.value]
        members.sort(key=lambda s: (s.n is None, -(s.n or 0), s.year or 0, s.id))
        groups.append(DesignGroup(design.value, counts[design.value], tuple(members)))
    return groups
