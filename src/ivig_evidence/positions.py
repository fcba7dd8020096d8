"""Positions of guideline, regulatory and source bodies on IVIG for an indication."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.errors import UsageError
from ivig_evidence.output import Table
from ivig_evidence.provenance import SOURCE_COLUMNS, Source, overall_status, source_from_row
from ivig_evidence.store.reader import Reader, fetch_rows, group_rows, in_clause
from ivig_evidence.terminal import Column, Kind


@dataclass(frozen=True)
class Position:
    id: str
    kind: str
    body: str
    document_title: str | None
    edition: str | None
    year: int | None
    indication: str
    stance: str
    wording: str
    conditions: str | None
    note: str | None
    sources: tuple[Source, ...] = ()
    document_kind: str | None = None  # the kind of the document the position is in
    document_standing: str | None = None  # what that document says it is, where recorded
    body_category: str | None = None  # the body's own category or line, as worded
    edition_status: str | None = None  # current | superseded, as the page says
    document_id: str | None = None  # the document the position is read in
    document_url: str | None = None  # its canonical address

    @property
    def superseded(self) -> bool:
        return self.edition_status == vocab.EditionStatus.SUPERSEDED

    @property
    def edition_shown(self) -> str | None:
        """The edition with whether it still applies; 'status not recorded' where the
        page read did not say, so a superseded edition is never taken for current."""
        if self.edition is None and self.edition_status is None:
            return None
        status = self.edition_status or "status not recorded"
        return f"{self.edition} ({status})" if self.edition else status

    @property
    def standing(self) -> str:
        """What the document behind the position is: a guideline, a label, a secondary article."""
        if self.document_kind is not None:
            return vocab.standing(self.document_kind)
        # A body's position known only from the documents that report it.
        reporters = sorted({vocab.standing(s.document_kind) for s in self.sources})
        if self.kind == vocab.PositionKind.SECONDARY_SOURCE or not reporters:
            return reporters[0] if len(reporters) == 1 else "not recorded"
        return f"reported by a {' and a '.join(reporters)}"

    @property
    def check_status(self) -> str:
        """How the position's statements stand against the records read."""
        return overall_status(self.sources)

    @property
    def category(self) -> str:
        return vocab.position_category(self.stance)[1]

    @property
    def category_rank(self) -> int:
        return vocab.position_category(self.stance)[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "category": self.category,
            "category_rank": self.category_rank,
            "standing": self.standing,
            "standing_note": self.document_standing,
            "check_status": self.check_status,
            "body": self.body,
            "document_title": self.document_title,
            "edition": self.edition,
            "edition_status": self.edition_status,
            "body_category": self.body_category,
            "year": self.year,
            "indication": self.indication,
            "stance": self.stance,
            "wording": self.wording,
            "conditions": self.conditions,
            "note": self.note,
            "sources": [s.to_json() for s in self.sources],
        }


def list_positions(conn: Reader, scope: Sequence[str] | None) -> list[Position]:
    """Positions on the indications in scope, or on every indication (scope None)."""
    params: dict[str, Any] = {}
    in_scope = in_clause("ind", scope, params) if scope else "(SELECT slug FROM indications)"
    rows = fetch_rows(
        conn,
        "SELECT p.id, p.kind, p.body, p.document_title, p.edition, p.year, p.indication_slug, "
        "p.stance, p.wording, p.conditions, p.note, p.body_category, p.edition_status, "
        "pub.kind AS document_kind, "
        "pub.standing AS document_standing, p.publication_id, pub.url AS document_url "
        "FROM positions p "
        "LEFT JOIN publications pub ON pub.id = p.publication_id "
        # An edition its page calls superseded comes after those that still apply.
        f"WHERE p.indication_slug IN {in_scope} ORDER BY p.indication_slug, "
        "CASE WHEN p.edition_status = 'superseded' THEN 1 ELSE 0 END, p.kind, p.id",
        params,
    )
    # The statements of the positions just read, by their ids: given a subquery, the
    # server's planner can misjudge how few statements belong to positions (nearly all
    # are about studies) and sort every statement (0.9 s at a million studies).
    by_id: dict[str, Any] = {}
    statement_rows = (
        fetch_rows(
            conn,
            f"SELECT st.position_id, {SOURCE_COLUMNS} FROM statements st "
            "JOIN publications d ON d.id = st.document_id WHERE st.position_id IN "
            f"{in_clause('pos', [r['id'] for r in rows], by_id)} "
            "ORDER BY st.position_id, st.id",
            by_id,
        )
        if rows
        else []
    )
    sources = {
        k: [source_from_row(r) for r in v]
        for k, v in group_rows(statement_rows, "position_id").items()
    }
    return [
        Position(
            id=r["id"],
            kind=r["kind"],
            body=r["body"],
            document_title=r["document_title"],
            edition=r["edition"],
            year=r["year"],
            indication=r["indication_slug"],
            stance=r["stance"],
            wording=r["wording"],
            conditions=r["conditions"],
            note=r["note"],
            sources=tuple(sources.get(r["id"], [])),
            document_kind=r["document_kind"],
            document_standing=r["document_standing"],
            body_category=r["body_category"],
            edition_status=r["edition_status"],
            document_id=r["publication_id"],
            document_url=r["document_url"],
        )
        for r in rows
    ]


def positions_by_category(
    conn: Reader, scope: Sequence[str] | None, body: str | None
) -> list[Position]:
    """Positions, most favourable category first; --body matches part of the body's name.

    A --body that names no body at all is a usage error (the bodies are the valid values,
    as the designs are for --design); one that names a body with no position in ``scope``
    is an empty result, as any other filter's."""
    found = list_positions(conn, scope)
    if body is not None:
        wanted = body.strip().lower()
        matching = [p for p in found if wanted in p.body.lower()]
        if not matching:
            every = found if scope is None else list_positions(conn, None)
            bodies = sorted({p.body for p in every})
            if not any(wanted in b.lower() for b in bodies):
                guess = vocab.closest(body, [b.lower() for b in bodies])
                hint = f"; did you mean '{guess}'?" if guess else ""
                raise UsageError(f"no body matching '{body}'{hint} (bodies: {', '.join(bodies)})")
        found = matching
    return sorted(
        found,
        key=lambda p: (p.indication, p.superseded, p.category_rank, p.body, p.id),
    )


POSITION_COLUMNS = (
    Column("indication", Kind.ID),
    Column("who", Kind.KEY, named=False),
    Column("kind", Kind.KEY, wide_only=True),
    Column("standing", Kind.KEY),
    Column("edition", Kind.KEY),
    Column("stance", Kind.KEY),
    Column("check", Kind.KEY),
    Column("wording", Kind.TEXT, cap=None),
    Column("conditions", Kind.TEXT, wide_only=True),
    Column("source", Kind.ID, wide_only=True),
)


def brief_positions_table(positions: Sequence[Position], title: str) -> Table:
    """The positions beside another view (`ivig dose`): who, standing, stance, wording."""
    return Table(
        title=title,
        columns=POSITION_COLUMNS,
        rows=[
            [
                p.indication,
                p.body,
                p.kind,
                p.standing,
                p.edition_shown,
                p.stance,
                p.check_status,
                p.wording,
                p.conditions,
                "; ".join(dict.fromkeys(s.document for s in p.sources)),
            ]
            for p in positions
        ],
    )


def _document(position: Position) -> str | None:
    parts = [p for p in (position.document_title, position.edition_shown) if p]
    return ", ".join(parts) if parts else None


def positions_table(positions: Sequence[Position], title: str) -> Table:
    """The positions in full (`ivig positions`, `ivig evidence`, `ivig show`): each with
    its document, edition, standing, category on the common scale and quote."""
    return Table(
        title=title,
        columns=(
            Column("indication", Kind.ID),
            Column("body", Kind.KEY, named=False),
            Column("kind", Kind.KEY),
            Column("document", Kind.TEXT, wide_only=True),
            Column("year", Kind.NUMBER),
            Column("edition", Kind.KEY),
            Column("standing", Kind.KEY),
            Column("category", Kind.KEY, named=False),
            Column("their category", Kind.KEY),
            Column("check", Kind.KEY),
            Column("stance", Kind.KEY, wide_only=True),
            Column("their words", Kind.TEXT, cap=None),
            Column("conditions", Kind.TEXT, wide_only=True),
            Column("source", Kind.ID, wide_only=True),
            Column("quote", Kind.TEXT, wide_only=True),
        ),
        rows=[
            [
                p.indication,
                p.body,
                p.kind,
                _document(p),
                p.year,
                p.edition_shown,
                p.standing,
                f"{p.category_rank}. {p.category}",
                p.body_category,
                p.check_status,
                p.stance,
                p.wording,
                p.conditions,
                "; ".join(dict.fromkeys(s.document for s in p.sources)),
                " / ".join(s.quote for s in p.sources),
            ]
            for p in positions
        ],
    )
