"""Indications: finding one by slug or alias, the tree beneath it, and the summary list."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.errors import UsageError
from ivig_evidence.output import Table
from ivig_evidence.positions import Position, list_positions
from ivig_evidence.store.reader import Reader, fetch_rows, in_clause


def alias_key(text: str) -> str:
    """How names are compared: lowercase letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("\u2019", "'"))


@dataclass(frozen=True)
class IndicationRef:
    slug: str
    name: str


def resolve_indication(conn: Reader, text: str) -> IndicationRef:
    """Find an indication by slug or alias; a usage error names the closest match."""
    key = alias_key(text)
    rows = fetch_rows(
        conn,
        "SELECT i.slug, i.name FROM indications i "
        "WHERE i.slug = :slug OR replace(i.slug, '-', '') = :key "
        "OR i.slug IN (SELECT a.indication_slug FROM indication_aliases a WHERE a.alias_key = :key)",
        {"slug": text.strip().lower(), "key": key},
    )
    if key and rows:
        return IndicationRef(rows[0]["slug"], rows[0]["name"])
    known = fetch_rows(
        conn, "SELECT slug AS name FROM indications UNION SELECT alias FROM indication_aliases"
    )
    names = [r["name"] for r in known]
    slugs = [r["slug"] for r in fetch_rows(conn, "SELECT slug FROM indications ORDER BY slug")]
    guess = vocab.closest(text, [n.lower() for n in names])
    hint = f"; did you mean '{guess}'?" if guess else ""
    raise UsageError(f"unknown indication '{text}'{hint} Known slugs: {', '.join(slugs)}")


def indication_scope(conn: Reader, slug: str) -> list[str]:
    """The indication and every indication beneath it (ra includes ra-refractory ...)."""
    scope = [slug]
    frontier = [slug]
    while frontier:
        params = {f"p{i}": s for i, s in enumerate(frontier)}
        placeholders = ", ".join(f":{name}" for name in params)
        children = [
            r["slug"]
            for r in fetch_rows(
                conn,
                f"SELECT slug FROM indications WHERE parent_slug IN ({placeholders}) ORDER BY slug",
                params,
            )
        ]
        frontier = [c for c in children if c not in scope]
        scope.extend(frontier)
    return scope


@dataclass(frozen=True)
class IndicationSummary:
    slug: str
    name: str
    relation_to_ra: str
    parent: str | None
    aliases: tuple[str, ...]
    studies_by_design: dict[str, int]
    patients: int
    studies_of_unknown_size: int
    positions: tuple[Position, ...]

    @property
    def positions_short(self) -> str:
        return "; ".join(f"{p.body}: {p.stance}" for p in self.positions)

    def to_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "relation_to_ra": self.relation_to_ra,
            "parent": self.parent,
            "aliases": list(self.aliases),
            "studies_by_design": self.studies_by_design,
            "studies": sum(self.studies_by_design.values()),
            "patients": self.patients,
            "studies_of_unknown_size": self.studies_of_unknown_size,
            "positions": [
                {"body": p.body, "stance": p.stance, "category": p.category} for p in self.positions
            ],
        }


def list_indications(conn: Reader) -> list[IndicationSummary]:
    """Every indication with its evidence counted over itself and the indications beneath it."""
    indications = fetch_rows(
        conn, "SELECT slug, name, relation_to_ra, parent_slug FROM indications ORDER BY slug"
    )
    aliases: dict[str, list[str]] = {}
    for row in fetch_rows(
        conn,
        "SELECT indication_slug, alias FROM indication_aliases ORDER BY indication_slug, alias",
    ):
        aliases.setdefault(row["indication_slug"], []).append(row["alias"])
    positions: dict[str, list[Position]] = {}
    for position in list_positions(conn, None):
        positions.setdefault(position.indication, []).append(position)
    summaries = []
    for row in indications:
        scope = indication_scope(conn, row["slug"])
        params: dict[str, Any] = {}
        in_scope = in_clause("ind", scope, params)
        studies = fetch_rows(
            conn,
            "SELECT s.design, s.n FROM studies s WHERE s.id IN (SELECT si.study_id FROM "
            f"study_indications si WHERE si.indication_slug IN {in_scope})",
            params,
        )
        by_design = Counter(r["design"] for r in studies)
        summaries.append(
            IndicationSummary(
                slug=row["slug"],
                name=row["name"],
                relation_to_ra=row["relation_to_ra"],
                parent=row["parent_slug"],
                aliases=tuple(aliases.get(row["slug"], [])),
                studies_by_design={
                    d: by_design[d] for d in vocab.values(vocab.Design) if by_design[d]
                },
                patients=sum(r["n"] for r in studies if r["n"] is not None),
                studies_of_unknown_size=sum(1 for r in studies if r["n"] is None),
                positions=tuple(positions.get(row["slug"], [])),
            )
        )
    return summaries


def designs_text(counts: dict[str, int]) -> str:
    return "; ".join(f"{design} {n}" for design, n in counts.items()) or "none recorded"


def patients_text(summary: IndicationSummary) -> str:
    unknown = summary.studies_of_unknown_size
    extra = f" (+{unknown} studies of unknown size)" if unknown else ""
    return f"{summary.patients}{extra}"


def indications_table(summaries: Sequence[IndicationSummary]) -> Table:
    return Table(
        title="Indications (studies and patients include the indications beneath each)",
        columns=("slug", "name", "aliases", "studies by design", "patients", "positions"),
        rows=[
            [
                s.slug,
                s.name,
                ", ".join(s.aliases),
                designs_text(s.studies_by_design),
                patients_text(s),
                s.positions_short or "none recorded",
            ]
            for s in summaries
        ],
    )
