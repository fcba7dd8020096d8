"""Commands that change the data: `ivig import`, `ivig add study`, and `ivig export`.

Each checks everything first and writes in one transaction; a SQLite file is
backed up (SQLite's online backup API) before anything in it changes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ivig_evidence import vocab
from ivig_evidence.cli.app import app
from ivig_evidence.cli.common import DbOpt, location
from ivig_evidence.errors import IvigError, UsageError

if TYPE_CHECKING:
    from ivig_evidence.config import DbLocation
    from ivig_evidence.importing import Plan

add_app = typer.Typer(help="Add evidence by hand, with its provenance.", rich_markup_mode=None)
app.add_typer(add_app, name="add")

DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Check and report what would change; write nothing.")
]


def _report(plan: Plan, *, dry_run: bool) -> None:
    verb = "would add" if dry_run else "added"
    counts = plan.counts()
    if counts:
        print(f"{verb}: " + ", ".join(f"{n} {table}" for table, n in counts.items()))
    else:
        print("nothing to add")
    for study_id in plan.updated:
        print(f"{'would replace' if dry_run else 'replaced'} local study {study_id}")
    for line in plan.skipped:
        print(f"skipped {line}")


def _write(where: DbLocation, make_plan: Any, *, dry_run: bool) -> Plan:
    """Plan inside the write transaction (so the checks see what is written), back up
    the file if anything will change, then apply; a dry run writes nothing."""
    from ivig_evidence.importing import apply_plan
    from ivig_evidence.progress import status
    from ivig_evidence.store.reader import SqlAlchemyReader
    from ivig_evidence.store.transaction import target_name, write_transaction

    with write_transaction(where) as conn:
        with status("checking every record…"):
            plan: Plan = make_plan(conn, SqlAlchemyReader(conn, target_name(where)))
        if dry_run or not (plan.counts() or plan.updated):
            return plan
        if not where.is_server:
            from ivig_evidence.store.backups import take_backup

            backup = take_backup(where.path)
            print(f"backed up {where.path} to {backup.name}", file=sys.stderr)
        apply_plan(conn, plan)
        _check_written(conn)
    return plan


def _check_written(conn: Any) -> None:
    """What was written must leave every row linked and every fact with a source."""
    from ivig_evidence.importing import ImportProblems
    from ivig_evidence.store.seed import integrity_problems

    problems = integrity_problems(conn)
    if problems:
        raise ImportProblems("the import", problems)


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="A .json (array, as `ivig studies --format json` prints), .jsonl or .csv file "
            "of studies; or a directory written by `ivig export`, or of your own table files "
            "(positions.csv, statements.json, ...: columns as `ivig schema` lists them).",
            show_default=False,
        ),
    ],
    dry_run: DryRunOpt = False,
    update: Annotated[
        bool,
        typer.Option("--update", help="Replace your own (local) studies of the same id."),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Import studies (with their publication, doses, indications and statements), a
    whole `ivig export`, or a directory of table files (publications, positions,
    indications, statements, ... one file per table). Every problem in the file is reported at once and nothing is
    written unless all of it is valid; then all of it is written in one transaction.
    Studies already present (same id, DOI, PMID, or first author + year + title) are
    skipped and listed. Curated rows are never changed.

    Example: ivig import new-studies.json --dry-run
    """
    from ivig_evidence import importing

    where = location(ctx, db)
    if not path.exists():
        raise UsageError(f"no file or directory at {path}")
    if path.is_dir():
        from ivig_evidence.store.db import SCHEMA_REVISION
        from ivig_evidence.store.exporting import MANIFEST, read_manifest
        from ivig_evidence.store.tables import TABLE_ORDER as TABLES

        # A full export carries its manifest; a directory of your own table files
        # (say positions.csv with its statements.csv) imports as local rows.
        whole_export = (path / MANIFEST).exists()
        if whole_export:
            manifest = read_manifest(path)
            if manifest.get("schema_revision") != SCHEMA_REVISION:
                raise IvigError(
                    f"{path} was exported at schema revision "
                    f"{manifest.get('schema_revision')}; this ivig imports exports at "
                    f"{SCHEMA_REVISION}: import it with the ivig that wrote it, upgrade that "
                    "database, and export again"
                )
        found = importing.read_table_export(path, TABLES)

        def make_plan(conn: Any, reader: Any) -> Plan:
            return importing.plan_table_rows(
                found, importing.existing_keys(conn, list(found)), allow_curated=whole_export
            )
    else:
        records = importing.read_study_records(path)

        def make_plan(conn: Any, reader: Any) -> Plan:
            return importing.plan_studies(records, importing.load_context(reader), update=update)

    try:
        plan = _write(where, make_plan, dry_run=dry_run)
    except importing.ImportProblems as exc:
        raise IvigError(exc.message.replace("the import", str(path), 1)) from exc
    _report(plan, dry_run=dry_run)


PROMPTS = {
    "design": "Design (" + ", ".join(vocab.values(vocab.Design)) + ")",
    "population": "Population (" + ", ".join(vocab.values(vocab.Population)) + ")",
    "direction": "Direction of the result (" + ", ".join(vocab.values(vocab.Direction)) + ")",
    "document": "Source document id (see `ivig show DOCUMENT`, `ivig sql`)",
    "quote": "The sentence in that document, verbatim",
}


def _ask(value: str | None, label: str, *, required: bool, missing: list[str]) -> str | None:
    if value is not None or not required:
        return value
    if sys.stdin.isatty():
        answer: str = typer.prompt(PROMPTS.get(label, label))
        return answer.strip() or None
    missing.append(label)
    return None


@add_app.command("study")
def add_study(
    ctx: typer.Context,
    design: Annotated[str | None, typer.Option(help="rct, trial, cohort, case_series, ...")] = None,
    population: Annotated[str | None, typer.Option(help="ra, aosd, systemic_jra, ...")] = None,
    direction: Annotated[
        str | None, typer.Option(help="benefit, no_benefit, mixed, harm, ...")
    ] = None,
    document: Annotated[
        str | None, typer.Option(help="The source document (publication id) that states it.")
    ] = None,
    quote: Annotated[
        str | None, typer.Option(help="The sentence in that document, verbatim.")
    ] = None,
    study_id: Annotated[
        str | None, typer.Option("--id", help="Stable id (default: author-year-title).")
    ] = None,
    first_author: Annotated[str | None, typer.Option(help="First author's surname.")] = None,
    year: Annotated[int | None, typer.Option(help="Year of publication.")] = None,
    n: Annotated[int | None, typer.Option("--n", help="Patients enrolled.")] = None,
    indication: Annotated[
        list[str] | None, typer.Option(help="Indication slug or name (repeatable).")
    ] = None,
    population_text: Annotated[str | None, typer.Option(help="Population as stated.")] = None,
    comparator: Annotated[str | None, typer.Option(help="Comparator, if any.")] = None,
    outcome_measures: Annotated[str | None, typer.Option(help="What was measured.")] = None,
    outcome: Annotated[str | None, typer.Option(help="The result, in words.")] = None,
    note: Annotated[str | None, typer.Option(help="A curator's note.")] = None,
    cited_as: Annotated[str | None, typer.Option(help="Reference number in the document.")] = None,
    publication_id: Annotated[
        str | None, typer.Option(help="Id for the study's own publication (created if new).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Publication title.")] = None,
    journal: Annotated[str | None, typer.Option(help="Journal.")] = None,
    doi: Annotated[str | None, typer.Option(help="DOI, 10.NNNN/...")] = None,
    pmid: Annotated[str | None, typer.Option(help="PubMed id (digits).")] = None,
    dose_text: Annotated[str | None, typer.Option(help="The dose as the source states it.")] = None,
    dose_low: Annotated[float | None, typer.Option(help="Dose amount, low end.")] = None,
    dose_high: Annotated[float | None, typer.Option(help="Dose amount, high end.")] = None,
    dose_unit: Annotated[
        str | None, typer.Option(help=", ".join(vocab.values(vocab.DoseUnit)))
    ] = None,
    dose_basis: Annotated[
        str | None, typer.Option(help=", ".join(vocab.values(vocab.DoseBasis)))
    ] = None,
    dose_interval: Annotated[
        str | None, typer.Option(help=", ".join(vocab.values(vocab.DoseInterval)))
    ] = None,
    dose_days: Annotated[int | None, typer.Option(help="Days per course.")] = None,
    dose_ambiguous: Annotated[
        bool, typer.Option("--dose-ambiguous", help="Flag the stated dose as ambiguous.")
    ] = False,
    dry_run: DryRunOpt = False,
    db: DbOpt = None,
) -> None:
    """Add one study with its provenance: the source document and the verbatim quote
    are required (a row without provenance is refused). Missing required values are
    asked for on a terminal.

    Example: ivig add study --design case_series --population ra --direction benefit --document ameripharma-ivig-ra --quote "..." --first-author Smith --year 2025 --n 12
    """
    from ivig_evidence import importing

    missing: list[str] = []
    design = _ask(design, "design", required=True, missing=missing)
    population = _ask(population, "population", required=True, missing=missing)
    direction = _ask(direction, "direction", required=True, missing=missing)
    document = _ask(document, "document", required=True, missing=missing)
    quote = _ask(quote, "quote", required=True, missing=missing)
    if missing:
        raise UsageError(
            "missing "
            + ", ".join(f"--{m}" for m in missing)
            + " (a study needs its design, population, direction and provenance)"
        )
    record: dict[str, Any] = {
        "id": study_id,
        "first_author": first_author,
        "year": year,
        "design": design,
        "population": population,
        "population_text": population_text,
        "n": n,
        "indications": indication or [],
        "comparator": comparator,
        "outcome_measures": outcome_measures,
        "outcome": outcome,
        "direction": direction,
        "note": note,
        "citation": {
            "publication_id": publication_id,
            "title": title,
            "journal": journal,
            "doi": doi,
            "pmid": pmid,
            "year": year,
        },
        "sources": [{"document": document, "quote": quote, "cited_as": cited_as}],
    }
    if dose_text or dose_low is not None:
        record["doses"] = [
            {
                "text": dose_text,
                "amount_low": dose_low,
                "amount_high": dose_high if dose_high is not None else dose_low,
                "unit": dose_unit,
                "basis": dose_basis,
                "interval": dose_interval,
                "days_low": dose_days,
                "days_high": dose_days,
                "ambiguous": dose_ambiguous,
            }
        ]
    where = location(ctx, db)

    def make_plan(_conn: Any, reader: Any) -> Plan:
        return importing.plan_studies(
            [("the study", record)], importing.load_context(reader), update=False
        )

    try:
        plan = _write(where, make_plan, dry_run=dry_run)
    except importing.ImportProblems as exc:
        raise IvigError(exc.message.replace("the import", "ivig add study", 1)) from exc
    _report(plan, dry_run=dry_run)


@app.command("export")
def export(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Directory to write (new or empty).")
    ] = Path("ivig-export"),
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json (default) or csv: one file per table.")
    ] = "json",
    db: DbOpt = None,
) -> None:
    """Write the whole dataset, every table with its ids, plus a manifest, so it can be
    imported into an empty database (`ivig db init --empty`, then `ivig import DIR`).

    Example: ivig export --format csv --out ./ivig-export
    """
    from ivig_evidence import queries
    from ivig_evidence.store.access import open_reader
    from ivig_evidence.store.db import SCHEMA_REVISION
    from ivig_evidence.store.exporting import EXPORT_FORMATS, export_tables
    from ivig_evidence.store.tables import TABLE_ORDER as TABLES

    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"--format must be one of {', '.join(EXPORT_FORMATS)}, not '{fmt}'")
    conn = open_reader(location(ctx, db))
    release = queries.data_release(conn)
    counts = export_tables(
        conn,
        out,
        fmt,
        TABLES,
        revision=SCHEMA_REVISION,
        release=release.version if release else None,
    )
    print(f"wrote {sum(counts.values())} rows in {len(counts)} tables to {out}")
