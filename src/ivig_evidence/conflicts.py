"""Where sources disagree: with the primary record, or with each other.

Four kinds of disagreement, each found in SQL:
- a statement the primary record contradicts;
- bodies whose positions on the same indication fall in different categories of
  the common scale (a label's approval stands beside a recommendation without
  disagreeing with it; beside "not routine" or worse it is a disagreement);
- a source's dose figure read one way where the primary record supports another
  (the figure as written against the record's reading);
- documents that suggest different doses for the same indication (amount, basis,
  days or interval), each in its own words;
- a paper's stated effect that differs beyond rounding from the same measure
  recomputed from its own counts or means (effects/), both figures in words.
A statement no record could check is not a disagreement: it is listed only when
asked for (``include_unchecked``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.output import Table
from ivig_evidence.store.reader import Reader, fetch_rows, in_clause
from ivig_evidence.terminal import Column, Kind

CONTRADICTED = "contradicted"
POSITIONS_DIFFER = "positions differ"
READING_DIFFERS = "reading differs"
DOSES_DIFFER = "doses differ"
EFFECT_DIFFERS = "effect differs"
UNCONFIRMED = "unconfirmed"
KINDS = (
    CONTRADICTED,
    POSITIONS_DIFFER,
    READING_DIFFERS,
    DOSES_DIFFER,
    EFFECT_DIFFERS,
    UNCONFIRMED,
)
# Every kind but the statements no record could check: what `conflicts` lists by default.
DISAGREEMENTS = KINDS[:-1]
# The ranks of the common scale a label's approval agrees with: recommended, conditional.
AGREES_WITH_APPROVAL = (1, 2)


@dataclass(frozen=True)
class Conflict:
    status: str  # one of KINDS
    about: str  # "study silverman-1994", "positions on ra", "dose aosd-case-series-dose"
    document: str | None
    quote: str  # what the source says (its words, or the bodies' positions side by side)
    record_says: str | None
    checked_against: str | None
    statement_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "statement": self.statement_id,
            "about": self.about,
            "document": self.document,
            "quote": self.quote,
            "status": self.status,
            "record_says": self.record_says,
            "checked_against": self.checked_against,
        }


SUBJECT_SQL = (
    "CASE WHEN st.study_id IS NOT NULL THEN 'study ' || st.study_id "
    "WHEN st.regimen_id IS NOT NULL THEN 'dose ' || st.regimen_id "
    "WHEN st.position_id IS NOT NULL THEN 'position ' || st.position_id "
    "WHEN st.publication_id IS NOT NULL THEN 'publication ' || st.publication_id "
    "WHEN st.indication_slug IS NOT NULL THEN 'indication ' || st.indication_slug "
    "WHEN st.treatment_id IS NOT NULL THEN 'treatment ' || st.treatment_id "
    "ELSE 'claim ' || st.claim_id END"
)


def _statement_scope(scope: Sequence[str] | None, params: dict[str, Any]) -> str:
    """Statements about something within the indications in scope (every one if None).
    A study's or regimen's links are probed per statement (the statements of one
    status are few where it matters), never gathered for a whole broad scope."""
    if scope is None:
        return "1 = 1"
    inds = in_clause("ind", scope, params)
    return (
        f"(st.indication_slug IN {inds} "
        "OR EXISTS (SELECT 1 FROM study_indications si WHERE si.study_id = st.study_id "
        f"AND si.indication_slug IN {inds}) "
        "OR EXISTS (SELECT 1 FROM regimen_indications ri WHERE ri.regimen_id = st.regimen_id "
        f"AND ri.indication_slug IN {inds}) "
        f"OR st.position_id IN (SELECT p.id FROM positions p WHERE p.indication_slug IN {inds}) "
        f"OR st.treatment_id IN (SELECT t.id FROM treatments t WHERE t.indication_slug IN {inds}) "
        f"OR st.claim_id IN (SELECT c.id FROM claims c WHERE c.indication_slug IN {inds}))"
    )


def _statements(conn: Reader, status: str, scope: Sequence[str] | None) -> Iterator[Conflict]:
    params: dict[str, Any] = {"status": status}
    cursor = conn.execute(
        f"SELECT st.id, {SUBJECT_SQL} AS about, st.document_id, st.quote, st.status, "
        "st.status_note, st.checked_against FROM statements st "
        f"WHERE st.status = :status AND {_statement_scope(scope, params)} "
        "ORDER BY about, st.id",
        params,
    )
    for r in cursor:
        yield Conflict(
            r["status"],
            r["about"],
            r["document_id"],
            r["quote"],
            r["status_note"],
            r["checked_against"],
            r["id"],
        )


def _positions_differ(conn: Reader, scope: Sequence[str] | None) -> Iterator[Conflict]:
    params: dict[str, Any] = {}
    where = f"WHERE p.indication_slug IN {in_clause('ind', scope, params)}" if scope else ""
    rows = fetch_rows(
        conn,
        f"SELECT p.indication_slug, p.body, p.stance FROM positions p {where} "
        "ORDER BY p.indication_slug, p.body, p.id",
        params,
    )
    by_indication: dict[str, list[tuple[int, str, str]]] = {}
    for row in rows:
        rank, category = vocab.position_category(row["stance"])
        by_indication.setdefault(row["indication_slug"], []).append((rank, category, row["body"]))
    approved = vocab.position_category(vocab.PositionStance.APPROVED)[0]
    for indication, found in by_indication.items():
        ranks = {rank for rank, _, _ in found}
        if ranks - {approved} <= set(AGREES_WITH_APPROVAL):
            ranks.discard(approved)
        if len(ranks) > 1:
            sides = "; ".join(
                f"{body}: {rank}. {category}"
                for rank, category, body in sorted(dict.fromkeys(found))
            )
            yield Conflict(POSITIONS_DIFFER, f"positions on {indication}", None, sides, None, None)


def _readings_differ(conn: Reader, scope: Sequence[str] | None) -> Iterator[Conflict]:
    params: dict[str, Any] = {}
    in_scope = ""
    if scope:
        in_scope = (  # probed per regimen with a record reading (few), never gathered
            "AND EXISTS (SELECT 1 FROM regimen_indications ri WHERE ri.regimen_id = r.id "
            f"AND ri.indication_slug IN {in_clause('ind', scope, params)}) "
        )
    cursor = conn.execute(
        "SELECT r.id, r.text, r.basis, r.record_basis, r.record_reading, r.record_source, "
        "(SELECT min(st.document_id) FROM statements st WHERE st.regimen_id = r.id) AS document "
        "FROM dose_regimens r WHERE r.record_basis IS NOT NULL "
        f"AND r.record_basis <> r.basis {in_scope}ORDER BY r.id",
        params,
    )
    for r in cursor:
        yield Conflict(
            READING_DIFFERS,
            f"dose {r['id']}",
            r["document"],
            f"{r['text']} (recorded as {r['basis'].replace('_', ' ')})",
            f"{r['record_reading']} (read as {r['record_basis'].replace('_', ' ')})",
            r["record_source"],
        )


def _doses_differ(conn: Reader, scope: Sequence[str] | None) -> Iterator[Conflict]:
    params: dict[str, Any] = {}
    where = f"AND ri.indication_slug IN {in_clause('ind', scope, params)} " if scope else ""
    # Suggested regimens are few (a handful per indication): gathered whole.
    rows = fetch_rows(
        conn,
        "SELECT ri.indication_slug, r.id, r.text, r.amount_low, r.amount_high, r.unit, "
        "r.basis, r.days_low, r.days_high, r.repeat_interval, "
        "(SELECT min(st.document_id) FROM statements st WHERE st.regimen_id = r.id) AS document "
        "FROM dose_regimens r JOIN regimen_indications ri ON ri.regimen_id = r.id "
        f"WHERE r.context = 'suggested' {where}ORDER BY ri.indication_slug, r.id",
        params,
    )
    by_indication: dict[str, dict[str, list[Any]]] = {}
    for r in rows:
        by_indication.setdefault(r["indication_slug"], {}).setdefault(
            r["document"] or "a source not named", []
        ).append(r)
    for indication, by_document in by_indication.items():
        terms = {
            document: {
                (
                    r["amount_low"],
                    r["amount_high"],
                    r["unit"],
                    r["basis"],
                    r["days_low"],
                    r["days_high"],
                    r["repeat_interval"],
                )
                for r in found
            }
            for document, found in by_document.items()
        }
        # Different doses in one document are its regimens, not a disagreement: only
        # documents none of whose doses another document suggests too are set apart.
        if len(by_document) < 2 or len({frozenset(t) for t in terms.values()}) < 2:
            continue
        sides = "; ".join(
            f"{document}: " + " / ".join(f"\u201c{r['text']}\u201d" for r in found)
            for document, found in by_document.items()
        )
        yield Conflict(DOSES_DIFFER, f"doses for {indication}", None, sides, None, None)


def _effects_differ(conn: Reader, scope: Sequence[str] | None) -> Iterator[Conflict]:
    from ivig_evidence.effects.views import differing
    from ivig_evidence.effects.words import agreement_text, arms_text, effect_text, stated_text

    for found in differing(conn, scope):
        row = found.row
        # A stated figure always has its sentence (ck_outcomes_stated_has_sentence).
        yield Conflict(
            EFFECT_DIFFERS,
            f"outcome {row.id}",
            row.publication_id,
            f"stated {stated_text(row)}: \u201c{row.quote}\u201d",
            f"recomputed from {arms_text(row)}: "
            f"{effect_text(found.recomputed, row)} ({agreement_text(found)})",
            row.checked_against,
        )


def list_conflicts(
    conn: Reader,
    *,
    scope: Sequence[str] | None = None,
    kinds: Sequence[str] = DISAGREEMENTS,
) -> Iterator[Conflict]:
    """Disagreements in scope (every indication if None), contradictions first, streamed."""
    if CONTRADICTED in kinds:
        yield from _statements(conn, CONTRADICTED, scope)
    if POSITIONS_DIFFER in kinds:
        yield from _positions_differ(conn, scope)
    if READING_DIFFERS in kinds:
        yield from _readings_differ(conn, scope)
    if DOSES_DIFFER in kinds:
        yield from _doses_differ(conn, scope)
    if EFFECT_DIFFERS in kinds:
        yield from _effects_differ(conn, scope)
    if UNCONFIRMED in kinds:
        yield from _statements(conn, UNCONFIRMED, scope)


# The point of a disagreement is the two sets of words side by side: both are shown
# whole (a record where they do not fit a table); where it was checked waits for --wide.
CONFLICT_COLUMNS = (
    Column("status", Kind.KEY),
    Column("about", Kind.ID, named=False),
    Column("document", Kind.ID, wide_only=True),
    Column("source says", Kind.TEXT, cap=None),
    Column("record says", Kind.TEXT, cap=None),
    Column("checked against", Kind.TEXT, wide_only=True),
)


def conflict_rows(conflicts: Iterator[Conflict]) -> Iterator[list[Any]]:
    for c in conflicts:
        yield [c.status, c.about, c.document, c.quote, c.record_says, c.checked_against]


def conflicts_table(conflicts: Sequence[Conflict], title: str) -> Table:
    return Table(title=title, columns=CONFLICT_COLUMNS, rows=list(conflict_rows(iter(conflicts))))
