"""Commands that change the data: `ivig import`, `ivig add study`, and `ivig export`.

Each checks everything first and writes in one transaction, recorded in the row
history: `ivig db undo WRITE` reverts it.
"""

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ivig_evidence import vocab
from ivig_evidence.cli.app import IvigGroup, app
from ivig_evidence.cli.options import DbOpt, choices, open_database
from ivig_evidence.errors import UsageError

if TYPE_CHECKING:
    from ivig_evidence.importing.results import Duplicate, ImportResult, Skip

add_app = typer.Typer(
    cls=IvigGroup, help="Add evidence by hand, with its provenance.", rich_markup_mode=None
)
app.add_typer(add_app, name="add")

DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Check and report what would change; write nothing.")
]


def _report(result: "ImportResult") -> None:
    from ivig_evidence.output import message

    for line in report_lines(result):
        message(line)  # a report on what was done: stderr, as every message
    if result.write is not None:
        message(f"recorded as write {result.write}: `ivig db undo {result.write}` reverts it")


def report_lines(result: "ImportResult") -> list[str]:
    """What an import or addition did (or would do), in words."""
    verb = "would add" if result.dry_run else "added"
    lines = [
        f"{verb}: " + ", ".join(f"{n} {table}" for table, n in result.added.items())
        if result.added
        else "nothing to add"
    ]
    replaced = "would replace" if result.dry_run else "replaced"
    lines += [f"{replaced} local study {study_id}" for study_id in result.replaced]
    lines += [f"skipped {skip_text(skip)}" for skip in result.skipped]
    if result.skipped_unshown:
        lines.append(f"... and {result.skipped_unshown} more skipped")
    return lines


def repeated(skip: "Duplicate") -> str:
    """What a skipped study repeats: 'publication kanik-1996 (same DOI)'."""
    what = "publication" if skip.of_publication else "study"
    return f"{what} {skip.of} (same {skip.match.value})"


def skip_text(skip: "Skip") -> str:
    from ivig_evidence.importing.results import RowsPresent, Why

    if isinstance(skip, RowsPresent):
        return f"{skip.table}: {skip.rows} row(s) already present"
    said = {
        Why.IN_DATABASE: f"is already in the database as {repeated(skip)}",
        Why.EARLIER_IN_INPUT: f"duplicates {repeated(skip)}, earlier in this file",
        Why.CURATED: "is curated; an import changes only local rows (give it another id)",
        Why.NOT_SAME_ID: (
            f"duplicates {repeated(skip)}; --update replaces a local study of the same id only"
        ),
    }[skip.why]
    return f"{skip.where}: {skip.study_id} {said}"


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
    whole `ivig export`, or a directory of table files (one file per table: publications,
    positions, indications, statements and the rest). Every problem in the file is reported at once and nothing is
    written unless all of it is valid; then all of it is written in one transaction.
    Studies already present (same id, DOI, PMID, or first author + year + title) are
    skipped and listed. Curated rows are never changed.

    Example: ivig import new-studies.json --dry-run
    """
    database = open_database(ctx, db)
    _report(database.import_path(path, dry_run=dry_run, update=update))


PROMPTS = {
    "design": "Design (" + ", ".join(vocab.values(vocab.Design)) + ")",
    "population": "Population (" + ", ".join(vocab.values(vocab.Population)) + ")",
    "direction": "Direction of the result (" + ", ".join(vocab.values(vocab.Direction)) + ")",
    "document": "Source document id (see `ivig show DOCUMENT`, `ivig sql`)",
    "quote": "The sentence in that document, verbatim",
}


CHOSEN_FROM: dict[str, type[StrEnum]] = {
    "design": vocab.Design,
    "population": vocab.Population,
    "direction": vocab.Direction,
}


def _valid(label: str, raw: str) -> str:
    """``raw`` as the vocabulary spells it, or a one-line error naming the valid values."""
    if label not in CHOSEN_FROM:
        return raw
    (value,) = choices(label, [raw], CHOSEN_FROM[label]) or (raw,)
    return value


def _ask(value: str | None, label: str, *, required: bool, missing: list[str]) -> str | None:
    if value is not None or not required:
        return value  # given values are checked with the rest, every problem at once
    if sys.stdin.isatty():

        def checked(text: str) -> str:
            try:
                return _valid(label, text.strip())
            except UsageError as exc:  # asked again at the same prompt, nothing lost
                raise typer.BadParameter(exc.message) from None

        answer: str = typer.prompt(PROMPTS.get(label, label), value_proc=checked)
        return answer.strip() or None
    missing.append(label)
    return None


@add_app.command("study")
def add_study(
    ctx: typer.Context,
    design: Annotated[
        str | None, typer.Option(help=", ".join(vocab.values(vocab.Design)) + ".")
    ] = None,
    population: Annotated[
        str | None, typer.Option(help=", ".join(vocab.values(vocab.Population)) + ".")
    ] = None,
    direction: Annotated[
        str | None, typer.Option(help=", ".join(vocab.values(vocab.Direction)) + ".")
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

    Example: ivig add study --design case_series --population ra --direction benefit --document ameripharma-ivig-ra --quote "The sentence, verbatim." --first-author Smith --year 2025 --n 12
    """
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
    database = open_database(ctx, db)
    from ivig_evidence.errors import IvigError
    from ivig_evidence.importing.results import Duplicate, ImportProblems, Match

    try:
        result = database.add_study(record, dry_run=dry_run)
    except ImportProblems as found:
        # Values typed on the command line, not a file's rows: a usage error (2, as
        # `studies --indication nope` is), every problem named by its option, one line.
        raise UsageError(
            "the study was not added (nothing written): " + typed_problems(found.problems)
        ) from found
    if not result.added and result.skipped:
        # The one study asked for is not added: that is a failure, not a report. An id
        # made from author, year and title can be another study's (two studies with
        # neither are both "study").
        (skip,) = result.skipped
        assert isinstance(skip, Duplicate)
        if skip.match is Match.ID:
            said = f"a study with the id '{skip.study_id}' is already in the database"
            if not study_id:
                said += (
                    " (an id made from the first author, year and title): give this one an "
                    "id of its own with --id"
                )
        else:
            said = f"it is already in the database as {repeated(skip)}"
        raise IvigError(f"the study was not added: {said}")
    _report(result)


# A field of the record `add study` builds, and the dose options it came from.
DOSE_OPTIONS = {
    "text": "--dose-text",
    "amount_low": "--dose-low",
    "amount_high": "--dose-high",
    "amount": "--dose-low/--dose-high/--dose-unit",
    "unit": "--dose-unit",
    "basis": "--dose-basis",
    "interval": "--dose-interval",
    "days_low": "--dose-days",
    "days_high": "--dose-days",
    "ambiguous": "--dose-ambiguous",
}
RECORD_OPTIONS = {"indications": "--indication", "id": "--id", "n": "--n"}


def option_of(field: str) -> str:
    """The option that gave a record field: 'citation.doi' is --doi, 'doses[1].unit'
    --dose-unit, 'sources[1].document' --document."""
    if field.startswith("doses["):
        return DOSE_OPTIONS.get(field.partition(".")[2], "--dose-text")
    name = field.rpartition(".")[2] if "." in field else field
    return RECORD_OPTIONS.get(name, "--" + name.replace("_", "-"))


def typed_problems(problems: Sequence[Any]) -> str:
    """Each problem once, after the option it concerns ('--year 3000' gives both the
    study's and its publication's year): '--year: 3000 is outside 1800-2100; ...'."""
    said: dict[str, None] = {}
    for problem in problems:
        field = getattr(problem, "field", None)
        text = str(getattr(problem, "text", problem)).rstrip(".")
        said[f"{option_of(field)}: {text}" if field else text] = None
    return "; ".join(said)


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
    report = open_database(ctx, db).export(out, fmt)
    from ivig_evidence.output import message

    message(f"wrote {report.rows} rows in {len(report.counts)} tables to {out}")
