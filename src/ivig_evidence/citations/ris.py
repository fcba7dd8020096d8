"""RIS (EndNote, Reference Manager, Mendeley): tagged lines per work."""

from __future__ import annotations

from collections.abc import Sequence

from ivig_evidence.citations.works import Work, date_parts, page_range


def ris(works: Sequence[Work]) -> str:
    records = []
    for work in works:
        kind = "JOUR" if work.is_article else "ELEC" if work.kind == "web_article" else "GEN"
        lines = [f"TY  - {kind}"]
        for person in work.authors:
            name = (
                person.family
                if person.literal or not person.given
                else f"{person.family}, {person.given}"
            )
            lines.append(f"AU  - {name}")
        if work.et_al:  # RIS has no "et al."; an author line would import as a person
            lines.append("N1  - The author list given by the source ends with et al.")
        published = date_parts(work.published_on)
        if published:
            parts = [f"{published[0]:04d}"] + [f"{x:02d}" for x in published[1:]]
            lines.append("DA  - " + "/".join(parts + [""] * (3 - len(parts))) + "/")
        optional = (
            ("TI", work.title),
            ("T2", work.journal),
            ("J2", work.journal_abbreviation),
            ("PB", work.publisher),
            ("PY", str(work.year) if work.year else None),
            ("VL", work.volume),
            ("IS", work.issue),
        )
        lines += [f"{tag}  - {value}" for tag, value in optional if value]
        first, last = page_range(work.pages)
        if first:
            lines.append(f"SP  - {first}")
        if last:
            lines.append(f"EP  - {last}")
        lines += [
            f"{tag}  - {value}"
            for tag, value in (
                ("DO", work.doi),
                # Not AN: Zotero reads AN as "Loc. in Archive"; a note keeps it visible.
                ("N1", f"PMID: {work.pmid}" if work.pmid else None),
                ("UR", work.url),
                ("Y2", work.read_on.replace("-", "/") if work.read_on else None),
            )
            if value
        ]
        lines.append("ER  - ")
        records.append("\n".join(lines) + "\n")
    return "\n".join(records)
