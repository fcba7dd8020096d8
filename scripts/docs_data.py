"""Write the data sections of the manual from the curated data: in docs/data.md the
counts, the checking table, what the records changed and what remains unknown; in
docs/indications.md the table of indications.

Each section sits between ``<!-- data:NAME -->`` and ``<!-- /data:NAME -->`` in its
page and is produced here from a database built from the migrations and
data/seed.sql, so the pages cannot drift from the data by hand.

    python scripts/docs_data.py          # rewrite the sections
    python scripts/docs_data.py --check  # exit 1 if any section is stale
"""

from __future__ import annotations

import re
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ivig_evidence.store.migrate import build_database

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs" / "data.md"
INDICATIONS = ROOT / "docs" / "indications.md"

SUBJECT = (
    "CASE WHEN publication_id IS NOT NULL THEN 'publications' "
    "WHEN study_id IS NOT NULL THEN 'studies' WHEN regimen_id IS NOT NULL THEN 'dose regimens' "
    "WHEN position_id IS NOT NULL THEN 'positions' "
    "WHEN indication_slug IS NOT NULL THEN 'indications' "
    "WHEN treatment_id IS NOT NULL THEN 'treatments' ELSE 'claims' END"
)
SUBJECT_ID = (
    "COALESCE(publication_id, study_id, regimen_id, position_id, indication_slug, "
    "treatment_id, claim_id)"
)


def count(conn: sqlite3.Connection, sql: str) -> int:
    return int(conn.execute(sql).fetchone()[0])


def counts(conn: sqlite3.Connection) -> str:
    release = conn.execute("SELECT version FROM data_release").fetchone()[0]
    c = {
        "studies": count(conn, "SELECT count(*) FROM studies"),
        "regimens": count(conn, "SELECT count(*) FROM dose_regimens"),
        "positions": count(conn, "SELECT count(*) FROM positions"),
        "treatments": count(conn, "SELECT count(*) FROM treatments"),
        "claims": count(conn, "SELECT count(*) FROM claims"),
        "publications": count(conn, "SELECT count(*) FROM publications"),
        "notes": count(conn, "SELECT count(*) FROM study_notes"),
        "statements": count(conn, "SELECT count(*) FROM statements"),
        "records": count(
            conn,
            "SELECT count(*) FROM publications p WHERE p.source_file IS NULL AND "
            "(EXISTS (SELECT 1 FROM statements s WHERE s.document_id = p.id) "
            "OR EXISTS (SELECT 1 FROM criteria r WHERE r.document_id = p.id))",
        ),
        "criteria": count(conn, "SELECT count(*) FROM criteria"),
    }
    return (
        f"`data/seed.sql` (release {release}) holds {c['studies']} studies (trials, "
        "open-label and case series, reviews, animal, laboratory and observational work), "
        f"{c['regimens']} dose regimens, {c['positions']} guideline, regulatory and source "
        f"positions, {c['treatments']} standard RA treatments offered as alternatives, "
        f"{c['claims']} general claims (evidence quality, safety, cost, mechanism, research "
        f"gaps), {c['publications']} publications, {c['notes']} notes from primary records, "
        f"{c['statements']} provenance statements and {c['criteria']} review criteria (a "
        "body's rule for reviewing an order, in its own words: `ivig review`). Of the "
        f"publications, {c['records']} "
        "are records read on the web and quoted directly (each with its public, canonical "
        "address in `url`, the copy read in `read_at` where it lay elsewhere, and the date "
        "in `read_on`); the others are the two source documents and the publications they "
        "cite."
    )


def checking(conn: sqlite3.Connection) -> str:
    lines = [
        "| statements about | confirmed | contradicted | unconfirmed |",
        "| --- | --- | --- | --- |",
    ]
    for about, confirmed, contradicted, unconfirmed in conn.execute(
        f"SELECT {SUBJECT} AS about, "
        "SUM(status = 'confirmed'), SUM(status = 'contradicted'), SUM(status = 'unconfirmed') "
        "FROM statements GROUP BY about ORDER BY about"
    ):
        lines.append(f"| {about} | {confirmed} | {contradicted} | {unconfirmed} |")
    by_study = dict(
        conn.execute(
            "SELECT status, count(*) FROM (SELECT s.id, CASE "
            "WHEN SUM(st.status = 'contradicted') > 0 THEN 'contradicted' "
            "WHEN count(st.id) > 0 AND SUM(st.status <> 'confirmed') = 0 THEN 'confirmed' "
            "ELSE 'unconfirmed' END AS status FROM studies s "
            "LEFT JOIN statements st ON st.study_id = s.id GROUP BY s.id) GROUP BY status"
        ).fetchall()
    )
    lines += [
        "",
        f"By study: {by_study.get('confirmed', 0)} confirmed, "
        f"{by_study.get('contradicted', 0)} contradicted, "
        f"{by_study.get('unconfirmed', 0)} unconfirmed (`ivig studies --status ...`).",
    ]
    return "\n".join(lines)


def changed(conn: sqlite3.Connection) -> str:
    """Every contradicted statement: what the record says instead."""
    lines = [
        f"- `{subject}` ({about}, statement `{sid}`): {note}"
        for sid, about, subject, note in conn.execute(
            f"SELECT id, {SUBJECT}, {SUBJECT_ID}, status_note FROM statements "
            "WHERE status = 'contradicted' ORDER BY 2, 3, id"
        )
    ]
    return "\n".join(lines)


def _ids(conn: sqlite3.Connection, sql: str) -> str:
    found = [f"`{row[0]}`" for row in conn.execute(sql)]
    return ", ".join(found) if found else "none"


def unknown(conn: sqlite3.Connection) -> str:
    """What the data itself marks as not known."""
    items = [
        (
            "Studies whose primary publication is unknown",
            "SELECT id FROM studies WHERE publication_id IS NULL ORDER BY id",
        ),
        (
            "Studies with no known number of patients (besides reviews, animal and laboratory work)",
            "SELECT id FROM studies WHERE n IS NULL "
            "AND design NOT IN ('review', 'animal', 'laboratory') ORDER BY id",
        ),
        (
            "Studies with no known year",
            "SELECT id FROM studies WHERE year IS NULL ORDER BY id",
        ),
        (
            "Regimens recorded as a schedule only (no amount)",
            "SELECT id FROM dose_regimens WHERE amount_low IS NULL ORDER BY id",
        ),
        (
            "Regimens whose wording is ambiguous (the readings are shown, not chosen)",
            "SELECT id FROM dose_regimens WHERE ambiguous ORDER BY id",
        ),
        (
            "Positions of other bodies no record confirms (every statement unconfirmed)",
            "SELECT p.id FROM positions p WHERE p.kind <> 'secondary_source' AND NOT EXISTS "
            "(SELECT 1 FROM statements s WHERE s.position_id = p.id AND s.status <> 'unconfirmed') "
            "ORDER BY p.id",
        ),
        (
            "Records read without their authors shown",
            "SELECT id FROM publications WHERE read_on IS NOT NULL AND authors IS NULL "
            "AND kind NOT IN ('regulatory_label') ORDER BY id",
        ),
        (
            "Records read without their journal or year shown",
            "SELECT id FROM publications WHERE read_on IS NOT NULL "
            "AND kind IN ('trial_report', 'original_research', 'review') "
            "AND (journal IS NULL OR year IS NULL) ORDER BY id",
        ),
    ]
    return "\n".join(f"- {label}: {_ids(conn, sql)}." for label, sql in items)


def indications(conn: sqlite3.Connection) -> str:
    """Every indication by family, each beneath its parent, with every alias."""
    from ivig_evidence.vocab import ConditionFamily

    aliases: dict[str, list[str]] = {}
    for slug, alias in conn.execute(
        "SELECT indication_slug, alias FROM indication_aliases ORDER BY indication_slug, "
        "lower(alias)"
    ):
        aliases.setdefault(slug, []).append(alias)
    found = conn.execute("SELECT slug, name, parent_slug, family FROM indications").fetchall()
    children: dict[str | None, list[tuple[str, str, str | None, str]]] = {}
    for row in sorted(found):
        children.setdefault(row[2], []).append(row)
    lines = ["| family | slug | part of | name | aliases |", "| --- | --- | --- | --- | --- |"]

    def walk(parent: str | None, family: str) -> None:
        for slug, name, parent_slug, row_family in children.get(parent, []):
            if parent is None and row_family != family:
                continue
            beneath = f"`{parent_slug}`" if parent_slug else ""
            names = ", ".join(aliases.get(slug, []))
            lines.append(f"| {row_family} | `{slug}` | {beneath} | {name} | {names} |")
            walk(slug, family)

    for family in ConditionFamily:
        walk(None, family.value)
    return "\n".join(lines)


# Each page and the sections written into it, in the order they appear there.
SECTIONS: dict[Path, dict[str, Callable[[sqlite3.Connection], str]]] = {
    DATA: {"counts": counts, "checking": checking, "changed": changed, "unknown": unknown},
    INDICATIONS: {"indications": indications},
}


def render(page: Path, text: str, conn: sqlite3.Connection) -> str:
    for name, make in SECTIONS[page].items():
        pattern = re.compile(rf"(<!-- data:{name} -->\n)(?:.*?\n)?(<!-- /data:{name} -->)", re.S)
        found = pattern.search(text)
        if found is None:
            raise SystemExit(f"{page.relative_to(ROOT)} has no <!-- data:{name} --> section")
        text = text[: found.end(1)] + make(conn) + "\n" + text[found.start(2) :]
    return text


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "docs.sqlite"
        build_database(db)
        with sqlite3.connect(db) as conn:
            pages = {page: page.read_text(encoding="utf-8") for page in SECTIONS}
            fresh = {page: render(page, text, conn) for page, text in pages.items()}
    stale = [page for page in SECTIONS if fresh[page] != pages[page]]
    if "--check" in argv:
        for page in stale:
            print(
                f"{page.relative_to(ROOT)}'s data sections are stale: "
                "run python scripts/docs_data.py"
            )
        return 1 if stale else 0
    for page in stale:
        page.write_text(fresh[page], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
