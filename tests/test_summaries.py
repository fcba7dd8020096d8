"""Counts kept in step on write: `indications` and `map` read them while they still
describe the data, and count afresh the moment they do not."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import add_study_args


def ra_rcts(ivig: Any) -> int:
    (ra,) = [i for i in ivig("indications", "-f", "json").json() if i["slug"] == "ra"]
    return int(ra["studies_by_design"].get("rct", 0))


def stored(db: Path) -> dict[str, Any]:
    """The kept counts (not the change counter their fingerprint reads, nor where the
    row history stood when they were stored)."""
    with sqlite3.connect(db) as conn:
        return {
            name: json.loads(p)
            for name, p in conn.execute(
                "SELECT name, payload FROM summary_counts "
                "WHERE name NOT IN ('changes', 'history_mark')"
            )
        }


def changes(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        (counter,) = conn.execute(
            "SELECT payload FROM summary_counts WHERE name = 'changes'"
        ).fetchone()
        return int(counter)


def mark_kept(db: Path, name: str, where: tuple[str, str, str]) -> dict[str, Any]:
    """Add 1000 to one kept count, leaving the fingerprint as it is (so the counts still
    pass for current): a read or write that shows the mark used the kept counts."""
    root, design, field = where
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute(
            "SELECT payload FROM summary_counts WHERE name = ?", (name,)
        ).fetchone()
        payload = json.loads(text)
        payload[root][design][field] += 1000
        conn.execute(
            "UPDATE summary_counts SET payload = ? WHERE name = ?", (json.dumps(payload), name)
        )
    return dict(payload)


def test_a_build_stores_the_counts_the_views_show(ivig: Any, db_path: Path) -> None:
    kept = stored(db_path)
    assert set(kept) == {"design_counts:rollup", "design_counts:flat"}
    assert kept["design_counts:rollup"]["ra"]["rct"]["studies"] == ra_rcts(ivig)


def test_a_change_made_with_another_tool_is_counted_afresh(ivig: Any, db_path: Path) -> None:
    before = ra_rcts(ivig)
    with sqlite3.connect(db_path) as conn:  # not through ivig: the stored counts are stale
        conn.execute(
            "INSERT INTO studies (id, design, population, direction) "
            "VALUES ('zz-outside', 'rct', 'ra', 'benefit')"
        )
        conn.execute(
            "INSERT INTO study_indications (study_id, indication_slug) VALUES ('zz-outside', 'ra')"
        )
    assert ra_rcts(ivig) == before + 1
    rows = {r["indication"]: r["cells"] for r in ivig("map", "-f", "json").json()}
    assert rows["ra"]["rct"]["studies"] == before + 1


def test_a_study_changed_in_place_with_another_tool_is_counted_afresh(
    ivig: Any, db_path: Path
) -> None:
    """An UPDATE of what the counts read (design, direction, size), or of the
    indication tree, moves the counter; an update of anything else does not, and the
    kept counts stay in use."""
    (study,) = [s for s in ivig("studies", "-i", "ra", "--design", "rct", "-f", "json").json()[:1]]
    before = ra_rcts(ivig)
    counter = changes(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE studies SET note = 'typo fixed' WHERE id = ?", (study["id"],))
    assert changes(db_path) == counter  # nothing the counts read
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE studies SET design = 'open_label' WHERE id = ?", (study["id"],))
    assert changes(db_path) == counter + 1
    assert ra_rcts(ivig) == before - 1
    with sqlite3.connect(db_path) as conn:  # ra-refractory moved out from under ra
        conn.execute("UPDATE indications SET parent_slug = NULL WHERE slug = 'ra-refractory'")
    assert changes(db_path) == counter + 2
    assert stored(db_path) != live(db_path)  # what a read now counts afresh


def test_the_kept_counts_are_read_while_nothing_changed(ivig: Any, db_path: Path) -> None:
    """A mark put in a kept count shows while the counter is unchanged: the read takes
    the kept counts, it does not count."""
    payload = mark_kept(db_path, "design_counts:rollup", ("ra", "rct", "studies"))
    assert ra_rcts(ivig) == payload["ra"]["rct"]["studies"]


def test_a_write_through_ivig_stores_fresh_counts(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    before = ra_rcts(ivig)
    run = ivig(*add_study_args("--indication", "ra", "--first-author", "Novak", "--year", "2024"))
    assert run.exit_code == 0, run.stderr
    assert stored(db_path)["design_counts:rollup"]["ra"]["rct"]["studies"] == before + 1
    assert ra_rcts(ivig) == before + 1


def live(db: Path) -> dict[str, Any]:
    """The counts as counted now, in the form they are stored."""
    from ivig_evidence.counts import live_design_counts
    from ivig_evidence.store.reader import SqliteReader

    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        reader = SqliteReader(conn, str(db))
        return {
            f"design_counts:{'rollup' if rollup else 'flat'}": {
                root: {d: c.to_json() for d, c in designs.items()}
                for root, designs in live_design_counts(reader, rollup=rollup).items()
            }
            for rollup in (True, False)
        }


def test_counts_grown_by_the_studies_added_are_the_counts_counted_afresh(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    """An import or an added study adds its studies' counts to the kept ones: a study
    under a child indication and its parent (counted once in the parent's rollup),
    one of unknown size, a design and a root the kept counts did not have."""
    from tests.test_curation import NEW_STUDY, write_json

    records = [
        dict(NEW_STUDY, id="grow-1", n=None, indications=["ra", "ra-refractory"]),
        dict(NEW_STUDY, id="grow-2", n=7, design="observational", indications=["ra-vasculitis"]),
        dict(NEW_STUDY, id="grow-3", n=None, direction="mixed", indications=["aosd"]),
    ]
    for record in records:
        record.pop("citation", None)
    run = ivig("import", str(write_json(tmp_path / "grow.json", records)))
    assert run.exit_code == 0, run.stderr
    assert stored(db_path) == live(db_path)
    added = ivig(*add_study_args("--indication", "sjia", "--first-author", "Ruiz", "--n", "3"))
    assert added.exit_code == 0, added.stderr
    assert stored(db_path) == live(db_path)
    # Replacements: the replaced studies' counts come off, the new ones' go on. One
    # leaves its indication and design (the only registry-like study there), one
    # loses its size, one changes direction.
    changed = [
        dict(records[0], design="case_series", n=12),
        dict(records[1], design="rct", n=None, indications=["aosd"]),
        dict(records[2], direction="benefit", n=4),
    ]
    again = ivig("import", str(write_json(tmp_path / "again.json", changed)), "--update")
    assert again.exit_code == 0, again.stderr
    assert again.stderr.count("replaced local study grow-") == 3
    assert stored(db_path) == live(db_path)


def test_a_write_that_only_writes_studies_changes_the_counts_by_theirs(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    """Not counted afresh: a mark put in a kept count that no written study touches
    (with the fingerprint left as it was, so the counts still describe the data)
    survives an added study and a replacement; the counts they touch move by one."""
    from tests.test_curation import NEW_STUDY, write_json

    payload = mark_kept(db_path, "design_counts:flat", ("aosd", "case_series", "unknown_size"))
    ra_before = payload["ra"].get("rct", {}).get("studies", 0)
    run = ivig(*add_study_args("--indication", "ra", "--first-author", "Mark", "--year", "2025"))
    assert run.exit_code == 0, run.stderr
    kept = stored(db_path)["design_counts:flat"]
    assert (
        kept["aosd"]["case_series"]["unknown_size"]
        == payload["aosd"]["case_series"]["unknown_size"]
    )
    assert kept["ra"]["rct"]["studies"] == ra_before + 1
    record = dict(NEW_STUDY, id="mark-1", design="rct", indications=["ra"])
    record.pop("citation", None)
    assert ivig("import", str(write_json(tmp_path / "m.json", [record]))).exit_code == 0
    moved = dict(record, design="open_label")
    run = ivig("import", str(write_json(tmp_path / "moved.json", [moved])), "--update")
    assert run.exit_code == 0 and "replaced local study mark-1" in run.stderr
    kept = stored(db_path)["design_counts:flat"]
    assert (
        kept["aosd"]["case_series"]["unknown_size"]
        == payload["aosd"]["case_series"]["unknown_size"]
    )
    assert kept["ra"]["rct"]["studies"] == ra_before + 1
    assert (
        kept["ra"]["open_label"]["studies"]
        == payload["ra"].get("open_label", {}).get("studies", 0) + 1
    )
