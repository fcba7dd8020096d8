"""Indications: finding one by slug or alias, the tree beneath it, and the summary list."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ivig_evidence import vocab
from ivig_evidence.counts import design_counts
from ivig_evidence.errors import AmbiguousName, UsageError
from ivig_evidence.output import Table
from ivig_evidence.positions import Position, list_positions
from ivig_evidence.store.reader import Reader, fetch_rows
from ivig_evidence.terminal import Column, Kind


def alias_key(text: str) -> str:
    """How names are compared: lowercase letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("\u2019", "'"))


@dataclass(frozen=True)
class IndicationRef:
    slug: str
    name: str


def resolve_indication(conn: Reader, text: str) -> IndicationRef:
    """Find an indication by slug or alias; a usage error names the closest match, and a
    name that stands for more than one indication ("Still's disease": adult-onset, or
    the systemic JIA the eponym historically denotes) asks which, never picks one."""
    key = alias_key(text)
    slug = text.strip().lower()
    rows = fetch_rows(
        conn,
        "SELECT i.slug, i.name FROM indications i "
        "WHERE i.slug = :slug OR replace(i.slug, '-', '') = :key "
        "OR i.slug IN (SELECT a.indication_slug FROM indication_aliases a WHERE a.alias_key = :key) "
        "ORDER BY i.slug",
        {"slug": slug, "key": key},
    )
    exact = [r for r in rows if r["slug"] == slug]
    if key and (exact or len(rows) == 1):
        found = exact[0] if exact else rows[0]
        return IndicationRef(found["slug"], found["name"])
    if key and rows:
        choices = "; ".join(f"{r['slug']} ({r['name']})" for r in rows)
        raise AmbiguousName(
            f"'{text}' can mean more than one indication: {choices}. Give one of them"
        )
    known = fetch_rows(
        conn, "SELECT slug AS name FROM indications UNION SELECT alias FROM indication_aliases"
    )
    names = [r["name"] for r in known]
    slugs = [r["slug"] for r in fetch_rows(conn, "SELECT slug FROM indications ORDER BY slug")]
    guess = vocab.closest(text, [n.lower() for n in names])
    hint = f"; did you mean '{guess}'?" if guess else "."
    if not slugs:  # a database built empty, before anything was imported
        raise UsageError(f"unknown indication '{text}': this database holds no indications yet")
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


def indication_lineage(conn: Reader, slug: str) -> list[str]:
    """The indication and each indication above it, nearest first (dermatomyositis,
    iim): what a body says of a group it says of each condition in it."""
    lineage = [slug]
    while True:
        rows = fetch_rows(
            conn, "SELECT parent_slug FROM indications WHERE slug = :slug", {"slug": lineage[-1]}
        )
        parent = rows[0]["parent_slug"] if rows else None
        if parent is None or parent in lineage:
            return lineage
        lineage.append(parent)


def studies_filed(conn: Reader, scope: Sequence[str]) -> bool:
    """Whether any study is filed under one of the ``scope`` indications (read from
    the index of study links, stopping at the first)."""
    params = {f"s{i}": slug for i, slug in enumerate(scope)}
    placeholders = ", ".join(f":{name}" for name in params)
    return bool(
        fetch_rows(
            conn,
            "SELECT 1 AS found FROM study_indications "
            f"WHERE indication_slug IN ({placeholders}) LIMIT 1",
            params,
        )
    )


def nothing_recorded(what: str, refs: Sequence[IndicationRef]) -> str:
    """What an empty answer means when the indication itself holds nothing yet: said
    so, rather than a bare 'no match' a reader could take for a wrong filter."""
    names = " or ".join(f"{r.slug} ({r.name})" for r in refs)
    beneath = "them" if len(refs) > 1 else "it"
    return f"no {what} recorded yet for {names} or any indication beneath {beneath}"


# Every indication paired with itself and every indication beneath it, in SQL.
@dataclass(frozen=True)
class IndicationSummary:
    slug: str
    name: str
    relation_to_ra: str
    family: str
    parent: str | None
    aliases: tuple[str, ...]
    studies_by_design: dict[str, int]
    patients: int | None  # in studies of IVIG treatment whose n is known; None if none is
    studies_of_unknown_size: int  # studies of IVIG treatment whose n is not known
    positions: tuple[Position, ...]

    @property
    def positions_short(self) -> str:
        return "; ".join(
            f"{p.body} ({p.standing}, {p.check_status}): {p.stance}" for p in self.positions
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "relation_to_ra": self.relation_to_ra,
            "family": self.family,
            "parent": self.parent,
            "aliases": list(self.aliases),
            "studies_by_design": self.studies_by_design,
            "studies": sum(self.studies_by_design.values()),
            "patients": self.patients,
            "patients_counted_in": PATIENTS_SCOPE,
            "studies_of_unknown_size": self.studies_of_unknown_size,
            "positions": [
                {
                    "body": p.body,
                    "stance": p.stance,
                    "category": p.category,
                    "standing": p.standing,
                    "check_status": p.check_status,
                }
                for p in self.positions
            ],
        }


PATIENTS_SCOPE = (
    "studies of IVIG treatment (" + ", ".join(d.value for d in vocab.TREATMENT_DESIGNS) + ")"
)


def list_indications(conn: Reader, only: str | None = None) -> list[IndicationSummary]:
    """Every indication (or ``only`` that one) with its evidence counted over itself and
    the indications beneath it (each study once), in aggregate queries."""
    indications = fetch_rows(
        conn,
        "SELECT slug, name, relation_to_ra, family, parent_slug FROM indications"
        + (" WHERE slug = :only" if only is not None else "")
        + " ORDER BY slug",
        {"only": only} if only is not None else None,
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
    counts = design_counts(conn, rollup=True, only=only)
    treatment = {d.value for d in vocab.TREATMENT_DESIGNS}
    summaries = []
    for row in indications:
        by_design = counts.get(row["slug"], {})
        treated = [c for d, c in by_design.items() if d in treatment]
        known = [c.patients for c in treated if c.patients is not None]
        summaries.append(
            IndicationSummary(
                slug=row["slug"],
                name=row["name"],
                relation_to_ra=row["relation_to_ra"],
                family=row["family"],
                parent=row["parent_slug"],
                aliases=tuple(aliases.get(row["slug"], [])),
                studies_by_design={
                    d: by_design[d].studies for d in vocab.values(vocab.Design) if d in by_design
                },
                patients=sum(known) if known else None,
                studies_of_unknown_size=sum(c.unknown_size for c in treated),
                positions=tuple(positions.get(row["slug"], [])),
            )
        )
    return summaries


def designs_text(counts: dict[str, int]) -> str:
    return "; ".join(f"{design} {n}" for design, n in counts.items()) or "none recorded"


def patients_text(summary: IndicationSummary) -> str | None:
    """The patients in IVIG studies, or None (unknown): never a 0 that means 'not known'."""
    unknown = summary.studies_of_unknown_size
    if summary.patients is None:
        return f"unknown ({unknown} studies of unknown size)" if unknown else None
    extra = f" (+{unknown} of unknown size)" if unknown else ""
    return f"{summary.patients}{extra}"


def indications_table(summaries: Sequence[IndicationSummary]) -> Table:
    return Table(
        title="Indications (studies include the indications beneath each; patients only "
        "in studies of IVIG treatment)",
        columns=(
            Column("slug", Kind.ID),
            Column("name", Kind.KEY, named=False),
            Column("aliases", Kind.TEXT, wide_only=True),
            Column("studies by design", Kind.TEXT, cap=None),
            Column("patients in IVIG studies", Kind.KEY),
            Column("family", Kind.KEY),
            Column("positions", Kind.TEXT, wide_only=True),
        ),
        rows=[
            [
                s.slug,
                s.name,
                ", ".join(s.aliases),
                designs_text(s.studies_by_design),
                patients_text(s),
                s.family,
                s.positions_short or "none recorded",
            ]
            for s in summaries
        ],
    )
