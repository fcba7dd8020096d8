"""The review of one order as one view: every section's lines, computed once, with its
JSON and its tables (one a section; one for CSV)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.cells import Cell, Table
from ivig_evidence.criteria import Criterion, criteria_for
from ivig_evidence.doses import numbers
from ivig_evidence.errors import NotFoundError, UsageError
from ivig_evidence.indications import indication_lineage
from ivig_evidence.positions import Position, list_positions
from ivig_evidence.review.lines import SECTIONS, Line, Rule, rows_of, short_body, who, with_rule
from ivig_evidence.review.order import Order, kg_text
from ivig_evidence.review.sections import (
    LABEL_KINDS,
    LISTING_KINDS,
    document_urls,
    doses,
    labels,
    listings,
    rates,
    responses,
    reviews,
    to_confirm,
)
from ivig_evidence.review.weights import weights
from ivig_evidence.store.reader import Reader
from ivig_evidence.terminal import Column, Kind


@dataclass
class Review:
    order: Order
    lineage: tuple[str, ...]
    bodies: tuple[str, ...]
    lines: list[Line] = field(default_factory=list)
    release: str | None = None

    def section_lines(self, section: str) -> list[Line]:
        return [line for line in self.lines if line.section == section]

    def to_json(self) -> dict[str, Any]:
        return {
            "order": self.order.to_json(),
            "indications_applied": list(self.lineage),
            "bodies": list(self.bodies),
            "data_release": self.release,
            "sections": [
                {
                    "section": key,
                    "title": title,
                    "lines": [line.to_json() for line in self.section_lines(key)],
                }
                for key, title in SECTIONS.items()
            ],
        }


def review_view(conn: Reader, order: Order) -> Review:
    """The checklist for ``order``: every line from a recorded row, or "not recorded"."""
    from ivig_evidence.store.info import data_release

    slug = order.indication.slug
    lineage = indication_lineage(conn, slug)
    positions = list_positions(conn, lineage)
    listed = [p for p in positions if p.kind in LISTING_KINDS + LABEL_KINDS]
    if not listed:
        raise NotFoundError(
            f"{slug} ({order.indication.name}) is not on any recorded list: no funding body, "
            f"guideline or label entry is recorded for it{' or the groups above it' if len(lineage) > 1 else ''} "
            f"(`ivig positions -i {slug}` shows what sources say)"
        )
    rows = criteria_for(conn, lineage)
    _refuse_unread_weight(order, rows)
    bodies = _bodies(positions, rows)
    release = data_release(conn)
    review = Review(order, tuple(lineage), bodies, release=release.version if release else None)
    reported = sorted({s.document for p in positions if p.document_id is None for s in p.sources})
    urls = document_urls(conn, reported)
    review.lines += listings(order, positions, bodies, urls)
    review.lines += labels(order, positions, urls)
    for body in bodies:
        review.lines += to_confirm(body, rows_of(rows, body))
    review.lines += doses(conn, order, rows, bodies, lineage, positions)
    review.lines += weights(order, rows, bodies)
    for body in bodies:
        review.lines += rates(order, body, rows_of(rows, body))
    for body in bodies:
        review.lines += reviews(order, body, rows_of(rows, body))
    for body in bodies:
        review.lines += responses(body, rows_of(rows, body))
    return review


def _bodies(positions: Sequence[Position], rows: Sequence[Criterion]) -> tuple[str, ...]:
    """The bodies whose rules the checklist goes through: each body with a rule recorded,
    and each funding body or label with an entry on the indication."""
    found = dict.fromkeys(r.body for r in rows)
    for position in positions:
        if position.kind in (vocab.PositionKind.FUNDING_CRITERIA, *LABEL_KINDS):
            found.setdefault(position.body)
    return tuple(found)


def _refuse_unread_weight(order: Order, rows: Sequence[Criterion]) -> None:
    """A pregnant patient without the weight a body's rule takes: say the rule, ask for it."""
    if not order.pregnant or order.pre_pregnancy_kg is not None:
        return
    for row in with_rule(rows, Rule.PRE_PREGNANCY_WEIGHT):
        raise UsageError(
            f"{short_body(row.body)}'s rule for a pregnant patient takes the pre-pregnancy "
            f"weight (\u201c{row.quote}\u201d {row.url}): give it as --pre-pregnancy-weight KG"
        )


REVIEW_COLUMNS = (
    Column("who", Kind.KEY, named=False),
    Column("about", Kind.KEY, named=False),
    Column("check", Kind.WRAP, cap=None),
    Column("source", Kind.WRAP, cap=None),
)


def _row(line: Line) -> list[Cell]:
    return [who(line), line.about, line.text, line.source_text]


def review_tables(review: Review) -> list[Table]:
    """One table a section, each line a row: who, about what, our words, the source."""
    return [
        Table(
            title=f"({key}) {title}",
            columns=REVIEW_COLUMNS,
            rows=[_row(line) for line in review.section_lines(key)],
        )
        for key, title in SECTIONS.items()
    ]


CSV_COLUMNS = ("section", "who", "body", "about", "check", "recorded", "source", "criteria")


def review_csv(review: Review) -> Table:
    """The whole checklist as one table (a CSV holds one): a row a line."""
    return Table(
        title="review",
        columns=CSV_COLUMNS,
        rows=[
            [
                line.section,
                who(line),
                line.body,
                line.about,
                line.text,
                line.recorded,
                line.source_text,
                "; ".join(r.id for r in line.refs if r.kind == "criterion" and r.id),
            ]
            for line in review.lines
        ],
    )


def order_table(review: Review) -> Table:
    from ivig_evidence.terminal import record_table

    order = review.order
    patient = [f"{kg_text(order.weight_kg)} kg"]
    if order.height_cm is not None:
        patient.append(f"{numbers.format_amount(order.height_cm)} cm")
    if order.sex is not None:
        patient.append(order.sex.value)
    if order.age is not None:
        patient.append(f"aged {numbers.format_amount(order.age)}")
    if order.pregnant:
        pre = (
            f" (pre-pregnancy {kg_text(order.pre_pregnancy_kg)} kg)"
            if order.pre_pregnancy_kg
            else ""
        )
        patient.append(f"pregnant{pre}")
    pairs: list[list[Cell]] = [
        ["indication", f"{order.indication.slug} ({order.indication.name})"],
        ["dose", order.dose.text],
        ["patient", ", ".join(patient)],
    ]
    if order.start is not None:
        pairs.append(["start", order.start.isoformat()])
    pairs.append(["bodies", "; ".join(short_body(b) for b in review.bodies)])
    return record_table(
        "IVIG order review: a checklist for the reviewer, which decides nothing", pairs
    )
