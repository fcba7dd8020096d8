"""Each body's rules for reviewing an IVIG order, as recorded (revision 0020): a row
per sentence of a body's page, with its edition, the page's canonical address and,
where the sentence has one, its structured rule. What the rules come to for one order
is in review."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from ivig_evidence import vocab
from ivig_evidence.store.reader import Reader, fetch_rows, in_clause


class Criterion(NamedTuple):
    """One recorded rule as read back, with the page it was read on (a named tuple for
    start-up: see studies/listing.py)."""

    id: str
    body: str
    document_id: str
    document_title: str | None
    url: str | None
    document_kind: str | None
    edition: str | None
    edition_status: str | None
    indication: str | None
    kind: str
    rule: str | None
    value: float | None
    value_high: float | None
    unit: str | None
    quote: str
    status: str
    status_note: str | None
    checked_against: str
    note: str | None

    @property
    def figure(self) -> Decimal | None:
        """The rule's value as an exact decimal (as typed in the data, not a float's digits)."""
        return None if self.value is None else Decimal(str(self.value))

    @property
    def figure_high(self) -> Decimal | None:
        return None if self.value_high is None else Decimal(str(self.value_high))

    @property
    def standing(self) -> str:
        return vocab.standing(self.document_kind)

    @property
    def edition_shown(self) -> str | None:
        """The edition with whether it still applies ('status not stated' where the page
        read named an edition but did not say), or the status alone: a superseded edition
        is never shown as if it applied. None: the page shows neither."""
        if self.edition:
            return f"{self.edition} ({self.edition_status or 'status not stated'})"
        return self.edition_status

    def to_json(self) -> dict[str, Any]:
        from ivig_evidence.doses.regimen import json_number

        return {
            "id": self.id,
            "body": self.body,
            "document": self.document_id,
            "document_title": self.document_title,
            "url": self.url,
            "standing": self.standing,
            "edition": self.edition,
            "edition_status": self.edition_status,
            "indication": self.indication,
            "kind": self.kind,
            "rule": self.rule,
            "value": json_number(self.value),
            "value_high": json_number(self.value_high),
            "unit": self.unit,
            "quote": self.quote,
            "status": self.status,
            "status_note": self.status_note,
            "checked_against": self.checked_against,
            "note": self.note,
        }


KIND_ORDER = {kind.value: index for index, kind in enumerate(vocab.CriterionKind)}


def criteria_for(conn: Reader, slugs: Sequence[str]) -> list[Criterion]:
    """The rules for any of ``slugs`` and every body's rules for all indications
    (indication NULL), by body, then kind in vocab's order, then id."""
    params: dict[str, Any] = {}
    rows = fetch_rows(
        conn,
        "SELECT c.id, c.body, c.document_id, d.title AS document_title, d.url, "
        "d.kind AS document_kind, c.edition, c.edition_status, c.indication_slug, c.kind, "
        "c.rule, c.value, c.value_high, c.unit, c.quote, c.status, c.status_note, "
        "c.checked_against, c.note FROM criteria c "
        "JOIN publications d ON d.id = c.document_id "
        f"WHERE c.indication_slug IS NULL OR c.indication_slug IN {in_clause('i', slugs, params)} "
        "ORDER BY c.body, c.id",
        params,
    )
    found = [
        Criterion(
            id=r["id"],
            body=r["body"],
            document_id=r["document_id"],
            document_title=r["document_title"],
            url=r["url"],
            document_kind=r["document_kind"],
            edition=r["edition"],
            edition_status=r["edition_status"],
            indication=r["indication_slug"],
            kind=r["kind"],
            rule=r["rule"],
            value=r["value"],
            value_high=r["value_high"],
            unit=r["unit"],
            quote=r["quote"],
            status=r["status"],
            status_note=r["status_note"],
            checked_against=r["checked_against"],
            note=r["note"],
        )
        for r in rows
    ]
    return sorted(found, key=lambda c: (c.body, KIND_ORDER.get(c.kind, 99), c.id))
