"""The Typer application: one-line errors, the root options, the `db` group, and the
list of commands, each loaded only when it runs."""

import errno
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from ivig_evidence import __version__
from ivig_evidence.cli import coercion, helptext
from ivig_evidence.cli.options import DbOpt
from ivig_evidence.config import debug_enabled
from ivig_evidence.errors import IvigError, UsageError


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
        except OSError as exc:
            if exc.errno not in WRITE_FAILURES:
                raise
            # Output that cannot be written (`> /dev/full`, a full disk): say so once,
            # and let nothing else try to flush what cannot be written.
            where = exc.filename or "the output"
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            _fail(f"cannot write {where}: {(exc.strerror or str(exc)).lower()}.", 1)
        except Exception as exc:
            if debug_enabled():
                raise
            refused = _permission_denied(exc)
            if refused:
                _fail(
                    f"this database role may only read ({refused}); nothing was changed: "
                    "writing needs the role that owns the database",
                    1,
                )
            _fail(
                f"internal error: {type(exc).__name__}: {exc} "
                "(a bug: run again with IVIG_DEBUG=1 for the traceback, and please report it)",
                1,
            )
        code = result if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command's first sentence, whole and wrapped: never cut with '...'."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if ctx.parent is None:
            rest = _root_flags_after_the_command(ctx, rest)
        if command is not None and not isinstance(command, TyperGroup):
            _refuse_repeated_values(command, rest)
        return name, command, rest


# Every command `ivig --help` lists, in its order (everyday questions first, curation
# and the database last), with the module under ivig_evidence.cli that defines it and
# its summary. A command's module is imported only when that command runs, so start-up
# pays for one command, not for all of them. tests/test_cli_meta.py checks each summary
# against the command's own docstring and that no command is missing here.
COMMANDS: dict[str, tuple[str, str]] = {
    "studies": (
        "studies",
        "List studies, oldest first, with dose, result, citation, sources and whether the "
        "primary publication's record confirms them.",
    ),
    "dose": (
        "dose",
        "Every recorded IVIG dose regimen for an indication, as stated and structured, with "
        "its source, any ambiguity, and the positions taken on the indication.",
    ),
    "indications": (
        "indications",
        "Every indication: slug, name, family (ra_and_relatives, vasculitis and so on), "
        "aliases, studies by design, patients studied, and the positions taken on it.",
    ),
    "positions": (
        "positions",
        "Every guideline, regulatory and source position: who, which document, the body's own "
        "words, and a common category (from 1, recommended, to 6, not approved) to compare "
        "them by.",
    ),
    "evidence": (
        "evidence",
        "The evidence profile of one indication: studies by design, strongest first, with "
        "their level of evidence (Oxford CEBM 2011), positions, doses, disagreements, and a "
        "bottom line quoted from the sources.",
    ),
    "map": (
        "map",
        "An evidence map: indications down, designs across; each cell the studies (and "
        "patients) with the prevailing direction, so gaps show at a glance.",
    ),
    "review": (
        "review",
        "A stewardship checklist for one IVIG order, every line from a body's own words: each "
        "body's listing, the label, the criteria to confirm, the dose against each maximum and "
        "regimen, the dosing weight and rounding under each body's rule, rate and safety flags, "
        'the review date and the response to record; a rule not read is "not recorded".',
    ),
    "effects": (
        "effects",
        "Effect sizes for an indication: each paper's stated effect beside the same measure "
        "recomputed from its counts or means (95% CIs, zero cells said), pooled only over two "
        "or more comparable trials of one outcome and design.",
    ),
    "report": (
        "report",
        "An evidence dossier to circulate: one self-contained HTML file (offline, printable) "
        "with the bottom line, studies, positions, regimens, the map, disagreements and "
        "numbered references for an indication.",
    ),
    "serve": (
        "serve",
        "Browse the database in Datasette, read-only: table and column descriptions, facets, "
        "canned queries and full-text search on every table with text to search (a study by "
        "its notes too).",
    ),
    "conflicts": (
        "conflicts",
        "Where sources disagree: statements the primary record contradicts, bodies whose "
        "positions on the same indication differ, a source's dose figure against the "
        "reading the primary record supports, documents that suggest different doses for "
        "one indication, and a paper's stated effect against the same measure recomputed "
        "from its own counts, each side in its own words.",
    ),
    "show": (
        "show",
        "Everything about one record: every field, dose regimen and statement with its quote "
        "and confirmation status, and the citation with DOI and PMID links.",
    ),
    "search": (
        "search",
        "Full-text search over publication titles, results, notes and statement quotes, best "
        "match first, with the matching words highlighted.",
    ),
    "cite": (
        "cite",
        "References ready for Zotero, EndNote or BibTeX, writing only the fields that are known.",
    ),
    "sql": ("sql", "Run ad-hoc, read-only SQL."),
    "schema": (
        "database",
        "List every table and column with a one-line description, for writing `ivig sql`.",
    ),
    "import": (
        "curation",
        "Import studies (with their publication, doses, indications and statements), a whole "
        "`ivig export`, or a directory of table files (one file per table: publications, "
        "positions, indications, statements and the rest).",
    ),
    "export": (
        "curation",
        "Write the whole dataset, every table with its ids, plus a manifest, so it can be "
        "imported into an empty database (`ivig db init --empty`, then `ivig import DIR`).",
    ),
    "db": (
        "database",
        "Build, upgrade, inspect, back up and restore the database; list and undo its writes; "
        "write its curated rows as seed SQL.",
    ),
    "add": ("curation", "Add evidence by hand, with its provenance."),
}


# A command's earlier name, still accepted and not listed: scripts written for it keep
# working, and help, errors and completion say the name it has now.
EARLIER_NAMES = {"guidelines": "positions"}


class RootGroup(IvigGroup):
    """The `ivig` group: lists COMMANDS without importing them, loads one when it runs."""

    def list_commands(self, ctx: Any) -> list[str]:
        loaded = [name for name in super().list_commands(ctx) if name not in COMMANDS]
        return [*COMMANDS, *loaded]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.add_command(load_command(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        if args and args[0] in EARLIER_NAMES:
            args = [EARLIER_NAMES[args[0]], *args[1:]]
        name = args[0] if args else ""
        if name not in self.list_commands(ctx) and not ctx.resilient_parsing:
            # Click would suggest only among the commands loaded so far; an earlier name
            # mistyped suggests the name it has now.
            from difflib import get_close_matches

            known = [*self.list_commands(ctx), *EARLIER_NAMES]
            meant = dict.fromkeys(EARLIER_NAMES.get(m, m) for m in get_close_matches(name, known))
            close = ", ".join(repr(m) for m in meant)
            suggestion = f" Did you mean {close}?" if close else ""
            raise UsageError(f"No such command {name!r}.{suggestion} (see 'ivig --help')")
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(name, summary) for name, (_, summary) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def load_command(name: str) -> Any:
    """The Click command for `name`, importing the module that registers it on `app`."""
    from typer.main import get_command_from_info, get_command_name, get_group_from_info

    importlib.import_module(f"ivig_evidence.cli.{COMMANDS[name][0]}")
    for info in app.registered_commands:
        if (
            info.callback is not None
            and (info.name or get_command_name(info.callback.__name__)) == name
        ):
            return get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    for group in app.registered_groups:
        if group.name == name:
            return get_group_from_info(
                group,
                pretty_exceptions_short=app.pretty_exceptions_short,
                suggest_commands=app.suggest_commands,
                rich_markup_mode=app.rich_markup_mode,
            )
    raise LookupError(f"ivig_evidence.cli.{COMMANDS[name][0]} registers no command {name!r}")


def load_all_commands() -> dict[str, Any]:
    """Every command by name, each module imported (for tests and documentation)."""
    return {name: load_command(name) for name in COMMANDS}


ROOT_FLAGS_ANYWHERE = ("--with-release", "--excel")


def _root_flags_after_the_command(ctx: Any, args: list[str]) -> list[str]:
    """`ivig studies --with-release` means `ivig --with-release studies`."""
    end = args.index("--") if "--" in args else len(args)
    kept = [a for a in args[:end] if a not in ROOT_FLAGS_ANYWHERE]
    for flag in ROOT_FLAGS_ANYWHERE:
        if flag in args[:end]:
            ctx.params[flag.lstrip("-").replace("-", "_")] = True
    return kept + args[end:]


def _refuse_repeated_values(command: Any, args: list[str]) -> None:
    """A single-value option given twice is an error, never silently the last one."""
    single = [
        p
        for p in command.params
        if p.param_type_name == "option"
        and not (p.multiple or getattr(p, "is_flag", False) or getattr(p, "count", False))
    ]
    for option in single:
        seen = 0
        for token in args[: args.index("--") if "--" in args else len(args)]:
            for name in option.opts:
                if token == name or (name.startswith("--") and token.startswith(name + "=")):
                    seen += 1
        if seen > 1:
            names = "/".join(sorted(option.opts, key=len))
            raise UsageError(f"{names} was given {seen} times; it takes one value.")


def _permission_denied(exc: BaseException) -> str | None:
    """The server's own words when it refused a write for want of a privilege
    (SQLSTATE 42501), else None."""
    original = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    # psycopg names the SQLSTATE sqlstate, psycopg2 pgcode.
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if code != "42501":
        return None
    return str(original).strip().splitlines()[0]


WRITE_FAILURES = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def _fail(text: str, code: int) -> NoReturn:
    text = text.rstrip()
    if not text.endswith((".", "?", "!")):
        text += "."  # every error is a sentence
    print(f"ivig: error: {text}", file=sys.stderr)
    sys.exit(code)


coercion.install()
helptext.install()

app = typer.Typer(
    cls=RootGroup,
    name="ivig",
    help="Query the IVIG evidence database: studies, doses, guideline positions, with sources, "
    "on IVIG in rheumatology (RA and its relatives, the inflammatory myopathies, ANCA-associated "
    "vasculitis and EGPA, Kawasaki disease).\n\n"
    "It supports decisions; it does not replace clinical judgement or local protocols.",
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)
db_app = typer.Typer(
    cls=IvigGroup,
    help="Build, upgrade, inspect, back up and restore the database; list and undo its writes; "
    "write its curated rows as seed SQL.",
    rich_markup_mode=None,
    invoke_without_command=True,
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
    db_url: Annotated[
        str | None,
        typer.Option(
            "--db-url",
            help="A shared database server instead of a file: a SQLAlchemy URL such as "
            "postgresql+psycopg://user@host/ivig (default: $IVIG_DATABASE_URL).",
            show_default=False,
        ),
    ] = None,
    with_release: Annotated[
        bool,
        typer.Option(
            "--with-release",
            help="Stamp machine-readable output with the data release it came from (JSON: "
            '{"data_release": ..., "items": [...]}; CSV and markdown: a first comment line).',
        ),
    ] = False,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="With --format csv: a byte-order mark and CRLF line ends, so Excel on "
            "Windows opens the file with every character intact.",
        ),
    ] = False,
) -> None:
    ctx.obj = {"db": db, "db_url": db_url, "with_release": with_release, "excel": excel}
    if ctx.invoked_subcommand is None:
        print(ctx.get_help())


@db_app.callback()
def db_callback(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        print(ctx.get_help())


def main() -> None:
    app()
