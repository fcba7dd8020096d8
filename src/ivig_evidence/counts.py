"""Studies counted per indication and design: the figures `ivig indications` and
`ivig map` show, in aggregate SQL, and kept in step on write so that a read stays
flat however large the database grows (see store/summaries.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ivig_evidence.store import summaries
from ivig_evidence.store.reader import Reader, fetch_rows, in_clause

if TYPE_CHECKING:
    from sqlalchemy import Connection

TREE_SQL = (
    "WITH RECURSIVE tree(root, slug) AS ("
    "SELECT slug, slug FROM indications UNION "
    "SELECT t.root, i.slug FROM tree t JOIN indications i ON i.parent_slug = t.slug)"
)


@dataclass(frozen=True)
class DesignCount:
    """Studies of one design under one indication, counted in SQL."""

    studies: int
    patients: int | None  # summed over the studies whose n is known; None if none is
    unknown_size: int  # studies whose n is not known
    directions: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "studies": self.studies,
            "patients": self.patients,
            "unknown_size": self.unknown_size,
            "directions": self.directions,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DesignCount:
        return cls(data["studies"], data["patients"], data["unknown_size"], data["directions"])


def design_counts(
    conn: Reader, *, rollup: bool, only: str | None = None
) -> dict[str, dict[str, DesignCount]]:
    """The counts `live_design_counts` gives, taken from those stored by the last write
    while they still describe the data (see store/summaries.py)."""
    kept = summaries.stored(conn, _name(rollup))
    if kept is None:
        kept = brought_in_step(conn, rollup=rollup)
    if kept is not None:
        chosen = kept if only is None else {only: kept.get(only, {})}
        return {
            root: {d: DesignCount.from_json(c) for d, c in designs.items()}
            for root, designs in chosen.items()
        }
    return live_design_counts(conn, rollup=rollup, only=only)


def live_design_counts(
    conn: Reader,
    *,
    rollup: bool,
    only: str | None = None,
    studies: Sequence[str] | None = None,
) -> dict[str, dict[str, DesignCount]]:
    """Studies per indication and design, by direction, with their patients: one
    aggregate query. With ``rollup`` an indication counts the studies of the
    indications beneath it too (each study once), as `ivig studies -i` selects.
    ``only``: count for that one indication (the work follows its studies only).
    ``studies``: count those studies only (what a write added)."""
    params: dict[str, Any] = {}
    among = ""
    if studies is not None:
        among = f" AND si.study_id IN {in_clause('study', studies, params)}"
    tree = TREE_SQL
    if only is not None:
        params["only"] = only
        tree = TREE_SQL.replace(
            "SELECT slug, slug FROM indications UNION",
            "SELECT slug, slug FROM indications WHERE slug = :only UNION",
        )
    if rollup and only is not None:
        # One root: its links found through the indication index, not a pass over all.
        scoped = (
            f"{tree}, scoped AS (SELECT DISTINCT :only AS root, si.study_id "
            f"FROM study_indications si WHERE si.indication_slug IN (SELECT slug FROM tree)"
            f"{among})"
        )
    else:
        scoped = (
            f"{tree}, scoped AS (SELECT DISTINCT t.root, si.study_id FROM tree t "
            f"JOIN study_indications si ON si.indication_slug = t.slug{among})"
            if rollup
            else "WITH scoped AS (SELECT si.indication_slug AS root, si.study_id "
            "FROM study_indications si WHERE 1 = 1"
            + (" AND si.indication_slug = :only" if only is not None else "")
            + among
            + ")"
        )
    rows = fetch_rows(
        conn,
        f"{scoped} SELECT sc.root, s.design, s.direction, count(*) AS studies, "
        "sum(s.n) AS patients, sum(CASE WHEN s.n IS NULL THEN 1 ELSE 0 END) AS unknown "
        "FROM scoped sc JOIN studies s ON s.id = sc.study_id "
        "GROUP BY sc.root, s.design, s.direction",
        params,
    )
    counts: dict[str, dict[str, DesignCount]] = {}
    for row in rows:
        by_design = counts.setdefault(row["root"], {})
        known = by_design.get(row["design"])
        patients = None if row["patients"] is None else int(row["patients"])
        if known is not None:
            if known.patients is not None and patients is not None:
                patients = known.patients + patients
            elif known.patients is not None:
                patients = known.patients
            by_design[row["design"]] = DesignCount(
                known.studies + int(row["studies"]),
                patients,
                known.unknown_size + int(row["unknown"]),
                {**known.directions, row["direction"]: int(row["studies"])},
            )
        else:
            by_design[row["design"]] = DesignCount(
                int(row["studies"]),
                patients,
                int(row["unknown"]),
                {row["direction"]: int(row["studies"])},
            )
    return counts


def _name(rollup: bool) -> str:
    return f"design_counts:{'rollup' if rollup else 'flat'}"


# What a write transaction tells keep_in_step, in its connection's ``info``: the counts
# kept when it began (if they were current), the studies it wrote, if writing studies
# (with their links) is all it did, and the counts of the studies it replaced, taken
# before they went.
KEPT_BEFORE = "ivig.kept_counts"
ADDED_STUDIES = "ivig.added_studies"
REMOVED_COUNTS = "ivig.removed_counts"
REMOVED_STUDIES = "ivig.removed_studies"
# Past this many changed studies, counting everything again costs less than the list.
CHANGED_AT_MOST = 5000


def remember_kept(conn: Connection) -> None:
    """At the start of a write: the kept counts, while they still describe the data."""
    from ivig_evidence.store.reader import SqlAlchemyReader

    for key in (KEPT_BEFORE, ADDED_STUDIES, REMOVED_COUNTS, REMOVED_STUDIES):
        conn.info.pop(key, None)  # info outlives a transaction on a pooled connection
    if not summaries.available(conn):
        return
    reader = SqlAlchemyReader(conn, "summaries")
    conn.info[KEPT_BEFORE] = {
        rollup: summaries.stored(reader, _name(rollup)) or brought_in_step(reader, rollup=rollup)
        for rollup in (True, False)
    }


def note_removing_studies(conn: Connection, study_ids: Sequence[str]) -> None:
    """Before studies are deleted (to be replaced): their counts, to take off the kept
    ones at the end."""
    from ivig_evidence.store.reader import SqlAlchemyReader

    removed: dict[bool, dict[str, dict[str, DesignCount]]] = conn.info.setdefault(
        REMOVED_COUNTS, {True: {}, False: {}}
    )
    conn.info[REMOVED_STUDIES] = conn.info.get(REMOVED_STUDIES, 0) + len(study_ids)
    reader = SqlAlchemyReader(conn, "summaries")
    for rollup in (True, False):
        going = live_design_counts(reader, rollup=rollup, studies=study_ids)
        removed[rollup] = _merged(removed[rollup], going, +1)


def note_added_studies(conn: Connection, study_ids: Sequence[str]) -> None:
    """The write only wrote these studies and their rows (new, or replacing studies
    noted by ``note_removing_studies``): the kept counts change by theirs instead of
    being counted again (at a million studies, 9 s of every write)."""
    conn.info[ADDED_STUDIES] = list(study_ids)


def keep_in_step(conn: Connection) -> None:
    """Store the counts as they are now, inside the writer's own transaction: the kept
    counts, less those of the studies replaced, plus those of the studies written,
    where that is all that changed; else counted afresh."""
    from ivig_evidence.store.reader import SqlAlchemyReader

    kept = conn.info.pop(KEPT_BEFORE, None) or {}
    added = conn.info.pop(ADDED_STUDIES, None)
    removed = conn.info.pop(REMOVED_COUNTS, None) or {True: {}, False: {}}
    changed = conn.info.pop(REMOVED_STUDIES, 0) + len(added or ())
    if not summaries.available(conn):
        return
    # On a server the write sees one snapshot (store/transaction.py): what another
    # client commits meanwhile is in neither these counts nor their mark, and a read
    # adds it from the history.
    reader = SqlAlchemyReader(conn, "summaries")
    for rollup in (True, False):
        before = kept.get(rollup)
        if added is not None and before is not None and changed <= CHANGED_AT_MOST:
            counts = {
                root: {d: DesignCount.from_json(c) for d, c in designs.items()}
                for root, designs in before.items()
            }
            counts = _merged(counts, removed[rollup], -1)
            if added:
                counts = _merged(
                    counts, live_design_counts(reader, rollup=rollup, studies=added), +1
                )
        else:
            counts = live_design_counts(reader, rollup=rollup)
        summaries.store(
            conn,
            _name(rollup),
            {
                root: {d: c.to_json() for d, c in designs.items()}
                for root, designs in counts.items()
            },
        )


def _merged(
    counts: dict[str, dict[str, DesignCount]],
    change: dict[str, dict[str, DesignCount]],
    sign: int,
) -> dict[str, dict[str, DesignCount]]:
    """``counts`` with those of other studies added (``sign`` +1) or taken off (-1).
    Each study is counted once per root on either side, so the sums are exact; the
    patients are unknown (None) exactly when every study's size is."""
    merged = {root: dict(designs) for root, designs in counts.items()}
    for root, designs in change.items():
        by_design = merged.setdefault(root, {})
        for design, delta in designs.items():
            old = by_design.get(design, DesignCount(0, None, 0, {}))
            studies = old.studies + sign * delta.studies
            unknown = old.unknown_size + sign * delta.unknown_size
            directions = dict(old.directions)
            for direction, n in delta.directions.items():
                directions[direction] = directions.get(direction, 0) + sign * n
            patients = (old.patients or 0) + sign * (delta.patients or 0)
            if studies:
                by_design[design] = DesignCount(
                    studies,
                    patients if studies > unknown else None,
                    unknown,
                    {d: n for d, n in directions.items() if n},
                )
            else:
                by_design.pop(design, None)
        if not by_design:
            del merged[root]
    return merged


# ------------------------------------------------------------------ after another tool's write


def brought_in_step(conn: Reader, *, rollup: bool) -> dict[str, Any] | None:
    """The kept counts brought in step with what another tool changed since they were
    stored, as the row history recorded it (revision 0021: every change to the
    studies, their indication links and the indication tree): the counts of the
    studies it touched, as they were then, taken off, and as they are now, added.
    None where the history cannot say (a changed indication tree, more than
    CHANGED_AT_MOST changes, or no history): then the counts are counted afresh.

    On a server the changes are those of the transactions the counts' snapshot did
    not see (revision 0022), read in ``conn``'s one snapshot (REPEATABLE READ) with
    the rows they are counted against."""
    kept = summaries.kept_since(conn, _name(rollup))
    if kept is None:
        return None
    payload, mark = kept
    if isinstance(mark, summaries.ServerMark) != (conn.dialect == "postgresql"):
        return None  # a server's mark by history id, from before revision 0022
    try:
        entries = fetch_rows(conn, *_changes_since(mark))
    except Exception:  # noqa: BLE001 (no history here: count afresh)
        return None
    if not entries or len(entries) > CHANGED_AT_MOST:
        return None
    if any(e["table_name"] == "indications" for e in entries):
        return None
    touched, then = _studies_then(conn, entries)
    counts = {
        root: {d: DesignCount.from_json(c) for d, c in designs.items()}
        for root, designs in payload.items()
    }
    counts = _merged(counts, _counted(conn, then, rollup=rollup), -1)
    counts = _merged(counts, live_design_counts(conn, rollup=rollup, studies=touched), +1)
    return {root: {d: c.to_json() for d, c in designs.items()} for root, designs in counts.items()}


_SINCE_SELECT = (
    "SELECT table_name, row_key, action, before_image FROM history_rows WHERE {since} "
    "AND table_name IN ("
    + ", ".join(f"'{name}'" for name in summaries.COUNTED_TABLES)
    + ") ORDER BY id LIMIT :most"
)
# Rows written by a transaction the snapshot did not see, found through the index on
# xid from the oldest transaction still running when it was taken.
_NOT_IN_SNAPSHOT = (
    "xid >= CAST(CAST(pg_snapshot_xmin(CAST(:snapshot AS pg_snapshot)) AS text) AS bigint) "
    "AND xid <> :own AND NOT pg_visible_in_snapshot("
    "CAST(CAST(xid AS text) AS xid8), CAST(:snapshot AS pg_snapshot))"
)


def _changes_since(mark: summaries.HistoryMark) -> tuple[str, dict[str, Any]]:
    """The query for the history rows recorded after ``mark``, and its parameters."""
    most = CHANGED_AT_MOST + 1
    if isinstance(mark, summaries.ServerMark):
        return (
            _SINCE_SELECT.format(since=_NOT_IN_SNAPSHOT),
            {"snapshot": mark.snapshot, "own": mark.xid, "most": most},
        )
    return _SINCE_SELECT.format(since="id > :mark"), {"mark": mark, "most": most}


# (design, direction, n, indication slugs) of a study, as it stood
StudyThen = tuple[str, str, Any, set[str]]


def _studies_then(conn: Reader, entries: Sequence[Any]) -> tuple[list[str], dict[str, StudyThen]]:
    """The studies the entries touch, and those of them that stood before the entries,
    as they stood: their rows now, with the entries undone backwards in memory (as
    `ivig db undo` does in the database)."""
    import json

    touched: set[str] = set()
    for entry in entries:
        touched.add(str(json.loads(entry["row_key"])[0]))
        if entry["before_image"] is not None:
            image = json.loads(entry["before_image"])
            touched.add(str(image.get("id") or image.get("study_id")))
    params: dict[str, Any] = {}
    among = in_clause("s", sorted(touched), params)
    rows = {
        r["id"]: (r["design"], r["direction"], r["n"])
        for r in fetch_rows(
            conn, f"SELECT id, design, direction, n FROM studies WHERE id IN {among}", params
        )
    }
    links = {
        (r["study_id"], r["indication_slug"])
        for r in fetch_rows(
            conn,
            f"SELECT study_id, indication_slug FROM study_indications WHERE study_id IN {among}",
            params,
        )
    }
    for entry in reversed(entries):
        key = json.loads(entry["row_key"])
        image = json.loads(entry["before_image"]) if entry["before_image"] else None
        if entry["table_name"] == "studies":
            rows.pop(key[0], None)
            if image is not None:
                rows[image["id"]] = (image["design"], image["direction"], image["n"])
        else:
            links.discard((key[0], key[1]))
            if image is not None:
                links.add((image["study_id"], image["indication_slug"]))
    return sorted(touched), {
        study: (*row, {slug for linked, slug in links if linked == study})
        for study, row in rows.items()
    }


def _counted(
    conn: Reader, studies: dict[str, StudyThen], *, rollup: bool
) -> dict[str, dict[str, DesignCount]]:
    """``studies`` counted as live_design_counts counts them, each once per root."""
    roots: dict[str, set[str]] = {}
    if rollup:
        for r in fetch_rows(conn, f"{TREE_SQL} SELECT root, slug FROM tree"):
            roots.setdefault(r["slug"], set()).add(r["root"])
    counts: dict[str, dict[str, DesignCount]] = {}
    for design, direction, n, slugs in studies.values():
        under = {root for slug in slugs for root in roots.get(slug, ())} if rollup else slugs
        one = {design: DesignCount(1, n, 1 if n is None else 0, {direction: 1})}
        for root in under:
            counts = _merged(counts, {root: one}, +1)
    return counts
