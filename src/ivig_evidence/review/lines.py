"""The lines of a review and where each comes from: a body's row on its page at its
canonical address, the order as typed, or nothing recorded (never an empty source)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ivig_evidence import vocab

if TYPE_CHECKING:
    from ivig_evidence.criteria import Criterion
    from ivig_evidence.positions import Position
    from ivig_evidence.review.order import Order

Rule = vocab.CriterionRule

CriterionKind = vocab.CriterionKind

NOT_RECORDED = "not recorded"

SECTIONS: dict[str, str] = {
    "a": "Listing by each body",
    "b": "Label status, per product read",
    "c": "Qualifying criteria and lines of therapy, for the reviewer to confirm",
    "d": "The dose against each recorded maximum and regimen",
    "e": "Dosing weight and rounding, under each body's rule",
    "f": "Infusion rate and safety flags",
    "g": "Review date",
    "h": "Response to record",
}


class Ref(NamedTuple):
    """Where a line comes from: a body's row (criterion, position, regimen statement) on
    its page at its canonical address, the order as typed, or nothing recorded."""

    kind: str  # criterion | position | regimen | order | none
    id: str | None
    document: str | None
    url: str | None
    quote: str | None
    status: str | None = None  # confirmed | unconfirmed | contradicted
    edition: str | None = None
    standing: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "document": self.document,
            "url": self.url,
            "quote": self.quote,
            "status": self.status,
            "edition": self.edition,
            "standing": self.standing,
            "note": self.note,
        }

    @property
    def where(self) -> str:
        """The page (its canonical address), its edition, and a status short of confirmed."""
        if self.kind == "order":
            return f"the order as typed: {self.quote}"
        if self.kind == "none":
            return self.note or NOT_RECORDED
        bits = [self.url or f"{self.document} (canonical address not known)"]
        if self.edition:
            bits.append(self.edition)
        if self.status and self.status != vocab.Status.CONFIRMED:
            # The reason in full is in the JSON (note); here, the kind of document read.
            bits.append(f"{self.status}: {self.standing}" if self.standing else self.status)
        return "; ".join(bits)

    def text(self, *, with_quote: bool = True) -> str:
        if with_quote and self.quote and self.kind not in ("order", "none"):
            return f"\u201c{self.quote}\u201d {self.where}"
        return self.where


def criterion_ref(row: Criterion) -> Ref:
    return Ref(
        "criterion",
        row.id,
        row.document_id,
        row.url,
        row.quote,
        row.status,
        row.edition_shown,
        row.standing,
        row.status_note if row.status != vocab.Status.CONFIRMED else None,
    )


def position_ref(position: Position, urls: Mapping[str, str | None] | None = None) -> Ref:
    """A position's source: its document, or where none is recorded, the document of the
    statement that reports it (``urls``: the canonical addresses of such documents)."""
    edition = position.edition_shown if position.edition else position.edition_status
    document, url = position.document_id, position.document_url
    if document is None and position.sources:
        document = position.sources[0].document
        url = (urls or {}).get(document)
    return Ref(
        "position",
        position.id,
        document,
        url,
        position.wording,
        position.check_status,
        edition,
        position.standing,
    )


def order_ref(order: Order) -> Ref:
    return Ref("order", None, None, None, order.typed)


def absent(body: str, what: str) -> Ref:
    return Ref(
        "none",
        None,
        None,
        None,
        None,
        note=f"no page of this body read states its {what}: a rule not read is not entered",
    )


class Line(NamedTuple):
    """One line of the checklist: what it is about, whose it is, our words, and where
    every part of it comes from (never empty)."""

    section: str
    about: str
    body: str | None  # None: the order itself, or several bodies at once
    text: str
    refs: tuple[Ref, ...]
    recorded: bool = True
    values: dict[str, Any] | None = None
    # A line about lines above it (bodies differ, not current): its sources by address
    # alone, their sentences being on those lines already.
    brief: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "about": self.about,
            "body": self.body,
            "text": self.text,
            "recorded": self.recorded,
            "values": self.values or {},
            "sources": [r.to_json() for r in self.refs],
        }

    @property
    def source_text(self) -> str:
        """Every source, the sentences read on one page before that page's address once."""
        quotes: dict[str, list[str]] = {}
        for ref in self.refs:
            said = quotes.setdefault(ref.where, [])
            quoted = ref.quote if ref.kind not in ("order", "none") else None
            if quoted and not self.brief and quoted not in self.text:
                said.append(f"\u201c{ref.quote}\u201d")
        return " | ".join(" ".join([*dict.fromkeys(said), where]) for where, said in quotes.items())


def short_body(body: str) -> str:
    """A body as a line names it: the organisation, without the document after a colon
    or a description in brackets ('US prescribing information of Octagam 10%')."""
    name = body.split(":", 1)[0].strip()
    bracket = re.search(r"\s*\(([^)]*)\)$", name)
    if bracket and " " in bracket.group(1):
        name = name[: bracket.start()]
    return name


def who(line: Line) -> str:
    """Whose line it is, as a row names it: the body, the order, or (lines about several
    bodies at once) nobody in particular."""
    if line.body:
        return short_body(line.body)
    return "the order" if line.about == "the patient" else ""


def rows_of(rows: Sequence[Criterion], body: str, *kinds: str) -> list[Criterion]:
    return [r for r in rows if r.body == body and (not kinds or r.kind in kinds)]


def with_rule(rows: Iterable[Criterion], *rules: str) -> list[Criterion]:
    return [r for r in rows if r.rule in rules]
