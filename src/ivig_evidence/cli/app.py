"""The Typer application: one-line errors, the root options, the `db` group."""

from __future__ import annotations

import errno
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
    original = getattr(exc, "orig", None)
    if getattr(original, "sqlstate", None) != "42501":
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
    cls=IvigGroup,
    name="ivig",
    help="Query the IVIG evidence database: studies, doses, guideline positions, with sources.\n\n"
    "It supports decisions; it does not replace clinical judgement or local protocols.",
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)
db_app = typer.Typer(
    cls=IvigGroup,
    help="Build, upgrade, inspect and restore the database; write its curated rows as seed SQL.",
    rich_markup_mode=None,
    invoke_without_command=True,
)
app.add_typer(db_app, name="db")


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
