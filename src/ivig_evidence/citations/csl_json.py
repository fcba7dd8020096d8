"""CSL-JSON (Zotero and every CSL processor): one item per work."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ivig_evidence.citations.works import Work, date_parts


def csl_json(works: Sequence[Work]) -> list[dict[str, Any]]:
    items = []
    for work in works:
        item: dict[str, Any] = {
            "id": work.id,
            "type": "article-journal"
            if work.is_article
            else "webpage"
            if work.kind == "web_article"
            else "report",
        }
        if work.authors:
            item["author"] = [
                {"literal": p.family}
                if p.literal
                else {"family": p.family, **({"given": p.given} if p.given else {})}
                for p in work.authors
            ]
        optional = (
            ("title", work.title),
            ("container-title", work.journal),
            ("container-title-short", work.journal_abbreviation),
            ("publisher", work.publisher),
            ("volume", work.volume),
            ("issue", work.issue),
            ("page", work.pages),
            ("DOI", work.doi),
            ("PMID", work.pmid),
            ("URL", work.url),
        )
        item.update({key: value for key, value in optional if value})
        published = date_parts(work.published_on)
        if published and (not work.year or published[0] == work.year):
            item["issued"] = {"date-parts": [published]}
        elif work.year:
            item["issued"] = {"date-parts": [[work.year]]}
        if work.read_on:
            item["accessed"] = {"date-parts": [date_parts(work.read_on)]}
        if work.et_al:
            # Styles render names, not notes: the last name known carries "et al." as its
            # suffix, which styles print after it ("Giannini, E.H., et al.").
            named = item.get("author") or []
            if named and "family" in named[-1]:
                named[-1]["suffix"] = "et al."
            item["note"] = "The author list given by the source ends with et al."
        items.append(item)
    return items
