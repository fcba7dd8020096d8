"""The `ivig` command line: thin commands that parse, query, and render.

Only Typer and light standard-library modules load at start-up; the database
layer, Rich, SQLAlchemy and Alembic load inside the commands that need them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from ivig_evidence import __version__, vocab
from ivig_evidence.config import debug_enabled, resolve_db
from ivig_evidence.errors import IvigError, UsageError
from ivig_evidence.render import Format

if TYPE_CHECKING:
    import sqlite3


class IvigGroup(TyperGroup):
    """Maps every expected failure to one line on stderr and an exit code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args=args,
                prog_name=prog_name or "ivig",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except IvigError as exc:
            _fail(exc.message, exc.exit_code)
        except typer.Abort:
            _fail("aborted", 1)
        except typer.TyperException as exc:  # Click's usage and parameter errors
            context = getattr(exc, "ctx", None)
            hint = f" (see '{context.command_path} --help')" if context is not None else ""
            _fail(exc.format_message() + hint, getattr(exc, "exit_code", 2))
        except BrokenPipeError:
            # The reader went away (`ivig studies | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except Exception as exc:
            if debug_enabled():
                raise
            _fail(
                f"internal error: {type(exc).__name__}: {exc} "
                "(a bug: run again with IVIG_DEBUG=1 for the traceback, and please report it)",
                1,
            )
        code = result if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def _fail(text: str, code: int) -> NoReturn:
    print(f"ivig: error: {text}", file=sys.stderr)
    sys.exit(code)


app = typer.Typer(
    cls=IvigGroup,
    name="ivig",
    help="Query the IVIG evidence database: studies, doses, guideline positions, with sources.\n\n"
    "It supports decisions; it does not replace clinical judgement or local protocols.",
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)
db_app = typer.Typer(
    cls=IvigGroup,
    help="Build, upgrade and inspect the database file.",
    rich_markup_mode=None,
    invoke_without_command=True,
)
app.add_typer(db_app, name="db")

DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Database file (default: $IVIG_DB, then the per-user data dir).",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="table (default), csv, json or markdown.",
        case_sensitive=False,
        show_default=False,
    ),
]

_DESIGN_HELP = (
    "Study design (repeatable). 'rct' means every randomised design, withdrawal included. "
    "Values: " + ", ".join(vocab.values(vocab.Design)) + "."
)
_POPULATION_HELP = (
    "Population (repeatable). Values: " + ", ".join(vocab.values(vocab.Population)) + "."
)
_STATUS_HELP = (
    "Whether the primary record confirms the study's statements (repeatable): confirmed, "
    "unconfirmed, contradicted (any statement contradicted)."
)
_DIRECTION_HELP = (
    "Direction of the result (repeatable). Values: "
    + ", ".join(vocab.values(vocab.Direction))
    + "."
)


def _version(value: bool) -> None:
    if value:
        print(f"ivig-evidence {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: DbOpt = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is None:
        print(ctx.get_help())


@db_app.callback()
def db_callback(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        print(ctx.get_help())


def _db_option(ctx: typer.Context, db: Path | None) -> Path | None:
    """A command's own --db wins over the one given before the command name."""
    if db is not None:
        return db
    root = ctx.find_root().obj or {}
    value: Path | None = root.get("db")
    return value


def _connect(ctx: typer.Context, db: Path | None) -> sqlite3.Connection:
    from ivig_evidence.db import connect_read

    return connect_read(resolve_db(_db_option(ctx, db)))


def _fmt(fmt: Format | None) -> Format:
    return fmt or Format.TABLE


def _disclaim(fmt: Format) -> None:
    from ivig_evidence.render import message, stdout_is_terminal
    from ivig_evidence.views import DISCLAIMER

    if fmt is Format.TABLE and stdout_is_terminal():
        message(DISCLAIMER)


def _choices(
    kind: str,
    given: list[str] | None,
    enum: type[StrEnum],
    groups: dict[str, tuple[vocab.Design, ...]] | None = None,
) -> tuple[str, ...]:
    chosen: list[str] = []
    for raw in given or []:
        value = raw.strip().lower()
        if groups and value in groups:
            chosen.extend(m.value for m in groups[value])
            continue
        valid = vocab.values(enum)
        if value not in valid:
            guess = vocab.closest(value, valid)
            hint = f"; did you mean '{guess}'?" if guess else ""
            raise UsageError(f"unknown {kind} '{raw}'{hint} Valid values: {', '.join(valid)}")
        chosen.append(value)
    return tuple(dict.fromkeys(chosen))


def _year(option: str, value: int | None) -> int | None:
    if value is not None and not 1800 <= value <= 2100:
        raise UsageError(f"{option} {value} is not a plausible year (1800-2100)")
    return value


@app.command()
def studies(
    ctx: typer.Context,
    design: Annotated[list[str] | None, typer.Option("--design", "-d", help=_DESIGN_HELP)] = None,
    indication: Annotated[
        str | None,
        typer.Option(
            "--indication",
            "-i",
            help="Indication slug or alias (aosd, 'still', ...); includes "
            "the indications beneath it (ra includes ra-refractory).",
        ),
    ] = None,
    population: Annotated[
        list[str] | None, typer.Option("--population", "-p", help=_POPULATION_HELP)
    ] = None,
    since: Annotated[int | None, typer.Option(help="Published in or after this year.")] = None,
    until: Annotated[int | None, typer.Option(help="Published in or before this year.")] = None,
    min_n: Annotated[
        int | None,
        typer.Option("--min-n", min=1, help="At least this many patients (unknown n is excluded)."),
    ] = None,
    direction: Annotated[list[str] | None, typer.Option(help=_DIRECTION_HELP)] = None,
    status: Annotated[list[str] | None, typer.Option(help=_STATUS_HELP)] = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """List studies, oldest first, with dose, result, citation, sources and whether the
    primary publication's record confirms them.

    Example: ivig studies --design rct --indication ra
    """
    from ivig_evidence import queries, render, views

    fmt = _fmt(fmt)
    filters = queries.StudyFilters(
        designs=_choices("design", design, vocab.Design, vocab.DESIGN_GROUPS),
        populations=_choices("population", population, vocab.Population),
        directions=_choices("direction", direction, vocab.Direction),
        statuses=_choices("status", status, vocab.Status),
        since=_year("--since", since),
        until=_year("--until", until),
        min_n=min_n,
    )
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    conn = _connect(ctx, db)
    if indication is not None:
        ref = queries.resolve_indication(conn, indication)
        filters = queries.StudyFilters(
            **{
                **filters.__dict__,
                "indication_scope": tuple(queries.indication_scope(conn, ref.slug)),
            }
        )
    found = queries.list_studies(conn, filters)
    if fmt is Format.JSON:
        render.emit_json([s.to_json() for s in found])
        return
    if not found and fmt is not Format.CSV:
        render.message("no studies match")
        return
    if fmt is Format.CSV:
        render.emit_tables(fmt, [views.studies_csv(found)])
    else:
        render.emit_tables(fmt, [views.studies_table(found)])
    _disclaim(fmt)


@app.command()
def dose(
    ctx: typer.Context,
    indication: Annotated[
        str,
        typer.Option(
            "--indication",
            "-i",
            help="Indication slug or alias (aosd, 'still', ra-pregnancy ...).",
            show_default=False,
        ),
    ],
    weight: Annotated[
        str | None,
        typer.Option(
            "--weight",
            "-w",
            help="Patient weight in kg (1-350): adds grams per day, infusion "
            "and course for every recorded regimen.",
            show_default=False,
        ),
    ] = None,
    dosing_weight: Annotated[
        str | None,
        typer.Option(
            "--dosing-weight",
            help="Weight to dose on: actual (default), ideal (Devine formula, "
            "needs --height and --sex) or adjusted (IBW + 0.4 x (actual - IBW)).",
            show_default=False,
        ),
    ] = None,
    height: Annotated[
        str | None,
        typer.Option(
            "--height",
            help="Height in cm (40-250), for ideal or adjusted weight.",
            show_default=False,
        ),
    ] = None,
    sex: Annotated[
        str | None,
        typer.Option(
            "--sex", help="female or male, for ideal or adjusted weight.", show_default=False
        ),
    ] = None,
    round_to: Annotated[
        str | None,
        typer.Option(
            "--round",
            help="Round each dose to the nearest N grams (off by default: 0.1 g).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Every recorded IVIG dose regimen for an indication, as stated and structured,
    with its source, any ambiguity, and the positions taken on the indication.
    With --weight, the doses in grams for that patient, with the arithmetic shown,
    every reading of an ambiguous regimen, and warnings for unusual doses.

    Example: ivig dose --indication aosd --weight 70
    """
    from ivig_evidence import dosing, queries, render, views

    fmt = _fmt(fmt)
    patient_options = {
        "--dosing-weight": dosing_weight,
        "--height": height,
        "--sex": sex,
        "--round": round_to,
    }
    calculations: list[list[dosing.Reading]] | None = None
    if weight is None:
        given = [name for name, value in patient_options.items() if value is not None]
        if given:
            verb = "needs" if len(given) == 1 else "need"
            raise UsageError(f"{', '.join(given)} {verb} --weight (the patient's weight in kg)")
    else:
        patient = dosing.Patient(
            weight_kg=dosing.parse_measure(weight, "--weight", "kg", dosing.WEIGHT_RANGE_KG, "70"),
            height_cm=None
            if height is None
            else dosing.parse_measure(height, "--height", "cm", dosing.HEIGHT_RANGE_CM, "170"),
            sex=None if sex is None else dosing.parse_sex(sex),
        )
        rule = dosing.WeightRule(
            _choices("dosing weight", [dosing_weight or "actual"], dosing.WeightRule)[0]
        )
        chosen_weight = dosing.dosing_weight(patient, rule)
        rounding = dosing.Rounding(
            None
            if round_to is None
            else dosing.parse_measure(
                round_to, "--round", "grams", (Decimal("0.1"), Decimal("1000")), "5"
            )
        )
    conn = _connect(ctx, db)
    report = queries.dose_report(conn, queries.resolve_indication(conn, indication))
    if weight is not None:
        calculations = [
            dosing.readings(dosing.terms_of(r), chosen_weight.kg, rounding) for r in report.regimens
        ]
    if fmt is Format.JSON:
        items = report.to_json()
        if calculations is not None:
            for item, regimen, found in zip(items, report.regimens, calculations, strict=True):
                item.update(views.dose_json(regimen, found, chosen_weight, rounding))
        render.emit_json(items)
        return
    if fmt is Format.CSV:
        if calculations is not None:
            render.emit_tables(fmt, [views.dose_calculation_table(report, calculations)])
        else:
            render.emit_tables(fmt, [views.regimens_table(report, for_csv=True)])
        return
    tables = []
    if calculations is not None:
        tables.append(views.dosing_weight_table(chosen_weight, rounding))
    if report.regimens:
        tables.append(
            views.dose_calculation_table(report, calculations)
            if calculations is not None
            else views.regimens_table(report)
        )
    else:
        render.message(f"no dose regimens recorded for {report.indication.slug}")
    if report.positions:
        tables.append(
            views.positions_table(
                report.positions, f"Positions on IVIG for {report.indication.slug}"
            )
        )
    else:
        render.message(f"no guideline or source positions recorded for {report.indication.slug}")
    if tables:
        render.emit_tables(fmt, tables)
    _disclaim(fmt)


@app.command()
def sql(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(help="One SELECT statement; :name for parameters.", show_default=False)
    ],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A named parameter, NAME=VALUE (repeatable)."),
    ] = None,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Stop the query after this many seconds.")
    ] = 10.0,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Run ad-hoc, read-only SQL. Writes, schema changes, ATTACH, PRAGMA and
    more than one statement are refused; the database is never changed.

    Example: ivig sql "SELECT id, n FROM studies WHERE design = :d" -p d=rct
    """
    from ivig_evidence import rawsql, render

    fmt = _fmt(fmt)
    params = rawsql.parse_params(param or [])
    conn = _connect(ctx, db)
    result = rawsql.run_readonly(conn, query, params, timeout)
    if fmt is Format.JSON:
        render.emit_json_rows(result.columns, result.rows)
        return
    table = render.Table(title="Query result", columns=result.columns, rows=list(result.rows))
    if not table.rows and fmt is not Format.CSV:
        render.message("no rows")
        return
    render.emit_tables(fmt, [table])


@app.command()
def schema(ctx: typer.Context, fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """List every table and column with a one-line description, for writing `ivig sql`.

    Example: ivig schema --format markdown
    """
    from ivig_evidence import queries, render
    from ivig_evidence.schema_docs import SCHEMA_DOCS

    fmt = _fmt(fmt)
    conn = _connect(ctx, db)
    rows: list[dict[str, str]] = []
    for table, (table_doc, column_docs) in SCHEMA_DOCS.items():
        for column in queries.table_columns(conn, table):
            rows.append(
                {
                    "table": table,
                    "table_description": table_doc,
                    "column": column,
                    "description": column_docs.get(column, "(undocumented)"),
                }
            )
    if fmt is Format.JSON:
        render.emit_json(rows)
        return
    render.emit_tables(
        fmt,
        [
            render.Table(
                title="Schema",
                columns=("table", "column", "description"),
                rows=[[r["table"], r["column"], r["description"]] for r in rows],
            )
        ],
    )


@db_app.command("path")
def db_path(ctx: typer.Context, db: DbOpt = None) -> None:
    """Print where the database is (--db, then $IVIG_DB, then the per-user default).

    Example: ivig db path
    """
    print(resolve_db(_db_option(ctx, db)).path)


@db_app.command("init")
def db_init(
    ctx: typer.Context,
    force: Annotated[bool, typer.Option("--force", help="Rebuild an existing database.")] = False,
    db: DbOpt = None,
) -> None:
    """Build the database from the migrations and the curated data.

    Refuses to replace an existing database unless --force is given; the old
    file stays untouched until the new one is complete.

    Example: ivig db init --db ./evidence.sqlite
    """
    from ivig_evidence.migrate import init_database
    from ivig_evidence.render import message

    location = resolve_db(_db_option(ctx, db))
    result = init_database(location.path, force=force)
    message(
        f"built {result.path} at schema revision {result.revision} "
        f"({result.statements} seed statements loaded)"
    )


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context, db: DbOpt = None) -> None:
    """Apply new schema migrations to an existing database.

    Example: ivig db upgrade
    """
    from ivig_evidence.db import ensure_readable
    from ivig_evidence.migrate import upgrade_database
    from ivig_evidence.render import message

    path = ensure_readable(resolve_db(_db_option(ctx, db)))
    result = upgrade_database(path)
    if result.changed:
        message(f"upgraded {path} from {result.from_revision} to {result.to_revision}")
    else:
        message(f"{path} is already at the latest schema revision ({result.to_revision})")


@db_app.command("status")
def db_status(ctx: typer.Context, fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """Show the schema revision, the data release and the rows in each table.

    Example: ivig db status
    """
    from ivig_evidence import queries, render
    from ivig_evidence.db import SCHEMA_REVISION, ensure_readable, open_readonly, stored_revision
    from ivig_evidence.schema_docs import TABLES

    fmt = _fmt(fmt)
    path = ensure_readable(resolve_db(_db_option(ctx, db)))
    conn = open_readonly(path, check_schema=False)
    revision = stored_revision(conn)
    current = revision == SCHEMA_REVISION
    release = queries.data_release(conn) if current else None
    counts = queries.table_counts(conn, TABLES) if current else {}
    status = {
        "path": str(path),
        "revision": revision,
        "expected_revision": SCHEMA_REVISION,
        "up_to_date": current,
        "data_release": release.version if release else None,
        "released_on": release.released_on if release else None,
        "counts": counts,
    }
    if fmt is Format.JSON:
        render.emit_json([status])
    else:
        rows: list[Sequence[render.Cell]] = [
            ["path", str(path)],
            ["schema revision", revision],
            ["expected revision", SCHEMA_REVISION],
            ["up to date", current],
            ["data release", release.version if release else None],
            ["released on", release.released_on if release else None],
        ]
        rows += [[f"rows in {t}", n] for t, n in counts.items()]
        render.emit_tables(fmt, [render.Table("Database status", ("item", "value"), rows)])
    if not current:
        render.message("the database needs `ivig db upgrade` before other commands can read it")


def main() -> None:
    app()
