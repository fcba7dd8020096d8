"""Provenance: the statements that say where a fact came from, and how they stand.

Every fact row (study, dose regimen, position, ...) is backed by statements: a
document, the verbatim quote, the citation marker, and whether the primary
record confirms it. This module reads them and says how a set of them stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from ivig_evidence import vocab
from ivig_evidence.output import Table
from ivig_evidence.store.reader import Row
from ivig_evidence.terminal import record_table


class Source(NamedTuple):
    """Where a row's fact was read, and whether the primary record confirms it (a named
    tuple for start-up: see studies/listing.py)."""

    document: str
    document_title: str | None
    quote: str
    cited_as: str | None
    status: str
    note: str | None
    checked_against: str | None
    document_kind: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "document_title": self.document_title,
            "quote": self.quote,
            "cited_as": self.cited_as,
            "status": self.status,
            "note": self.note,
            "checked_against": self.checked_against,
            "document_standing": vocab.standing(self.document_kind),
        }


SOURCE_COLUMNS = (
    "st.document_id, d.title AS document_title, st.quote, st.cited_as, st.status, "
    "st.status_note, st.checked_against, d.kind AS document_kind"
)


def source_from_row(row: Row) -> Source:
    return Source(
        document=row["document_id"],
        document_title=row["document_title"],
        quote=row["quote"],
        cited_as=row["cited_as"],
        status=row["status"],
        note=row["status_note"],
        checked_against=row["checked_against"],
        document_kind=row["document_kind"],
    )


def overall_status(sources: Iterable[Source]) -> str:
    """contradicted if any source is; confirmed only if every one is."""
    statuses = {s.status for s in sources}
    if vocab.Status.CONTRADICTED in statuses:
        return vocab.Status.CONTRADICTED.value
    if statuses and statuses <= {vocab.Status.CONFIRMED.value}:
        return vocab.Status.CONFIRMED.value
    return vocab.Status.UNCONFIRMED.value


def statement_tables(sources: Sequence[Source], title: str = "Statement") -> list[Table]:
    """Each statement as a record: its status first, the quote and what the record says
    in full."""
    return [
        record_table(
            f"{title} {index} of {len(sources)}: {s.status}",
            [
                ["document", s.document],
                ["cited as", s.cited_as],
                ["quote", s.quote],
                ["status", s.status],
                ["what the record says", s.note],
                ["checked against", s.checked_against],
            ],
        )
        for index, s in enumerate(sources, 1)
    ]


def marker_in_words(quote: str, cited_as: str | None) -> str:
    """The quote with the source's citation marker at its end named in words: "... for
    2-5 days 5" reads as part of the dose, "... for 2-5 days (the source's reference 5)"
    does not. The words stand where the marker stood, before the sentence's own closing
    mark; a quote whose end is not the marker (a reference entry, say) is left as it is."""
    numbers = [n for n in re.split(r"\s*,\s*", (cited_as or "").strip()) if n]
    if not numbers:
        return quote
    marker = r"\s*,\s*".join(re.escape(n) for n in numbers)
    found = re.search(rf"\s+\[?{marker}\]?(?P<close>[.:;,]?)\s*$", quote)
    if found is None:
        return quote
    if len(numbers) == 1:
        words = f"the source's reference {numbers[0]}"
    else:
        words = f"the source's references {', '.join(numbers[:-1])} and {numbers[-1]}"
    return f"{quote[: found.start()]} ({words}){found.group('close')}"
