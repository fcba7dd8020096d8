"""Options and helpers shared by the commands: the database, the output, choices, limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ivig_evidence import vocab
from ivig_evidence.errors import UsageError
from ivig_evidence.output import Format, Output

if TYPE_CHECKING:
    from ivig_evidence.database import Evidence
    from ivig_evidence.store.reader import Reader

T = TypeVar("T")

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

DESIGN_HELP = (
    "Study design (repeatable). 'rct' means every randomised design, withdrawal and crossover included. "
    "Values: " + ", ".join(vocab.values(vocab.Design)) + "."
)
POPULATION_HELP = (
    "Population (repeatable). Values: " + ", ".join(vocab.values(vocab.Population)) + "."
)
STATUS_HELP = (
    "Whether the primary record confirms the study's statements (repeatable): confirmed, "
    "unconfirmed, contradicted (any statement contradicted)."
)
DIRECTION_HELP = (
    "Direction of the result (repeatable). Values: "
    + ", ".join(vocab.values(vocab.Direction))
    + "."
)


def db_option(ctx: typer.Context, db: Path | None) -> Path | None:
    """A command's own --db wins over the one given before the command name."""
    if db is not None:
        return db
    root = ctx.find_root().obj or {}
    value: Path | None = root.get("db")
    return value


def open_database(ctx: typer.Context, db: Path | None) -> Evidence:
    """This command's database: --db-url / IVIG_DATABASE_URL, else the file (--db, given
    here or before the command name, then IVIG_DB, then the per-user default). Nothing
    is connected until it is used; what it opened is closed when the command ends."""
    from ivig_evidence.database import Evidence

    root = ctx.find_root().obj or {}
    database = Evidence.open(db_option(ctx, db), root.get("db_url"))
    ctx.call_on_close(database.close)
    return database


def indication_option(help: str, *, metavar: str | None = None) -> Any:
    """``--indication``/``-i``: a slug or alias, completed from the database; each
    command says in ``help`` what it does with the indication."""
    from ivig_evidence.cli import completion

    return typer.Option(
        "--indication",
        "-i",
        metavar=metavar,
        help=help,
        show_default=False,
        autocompletion=completion.indications,
    )


WideOpt = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="On a terminal, the full table: every column, uncut, one line a row (as "
        "kubectl -o wide). Otherwise a view that does not fit is drawn as records, its "
        "prose wrapped, and `ivig show ID` has every field.",
    ),
]


def output(
    ctx: typer.Context, fmt: Format | None, reader: Reader | None = None, *, wide: bool = False
) -> Output:
    """Where the command's data goes: stdout in the format asked (a table by default),
    stamped with the reader's data release when --with-release was given."""
    release = None
    if reader is not None and (ctx.find_root().obj or {}).get("with_release"):
        from ivig_evidence.output import ReleaseStamp
        from ivig_evidence.store.info import data_release

        found = data_release(reader)
        if found is not None:
            release = ReleaseStamp(found.version, found.released_on)
    excel = bool((ctx.find_root().obj or {}).get("excel"))
    return Output(fmt, release=release, wide=wide, excel=excel)


def disclaim(out: Output) -> None:
    """Clinical views on a terminal end with the disclaimer; data in a pipe stays data."""
    import sys

    from ivig_evidence import DISCLAIMER

    if out.draws_tables:
        from ivig_evidence.terminal import print_wrapped

        print_wrapped(sys.stderr, DISCLAIMER)


def choices(
    kind: str,
    given: list[str] | None,
    enum: type[StrEnum],
    groups: dict[str, tuple[vocab.Design, ...]] | None = None,
) -> tuple[str, ...]:
    """The values asked for: the option repeated, or values separated by commas (`-d
    rct,open_label`), with common synonyms read (`randomised` is rct)."""
    chosen: list[str] = []
    valid = vocab.values(enum)
    for raw in (part for option in given or [] for part in option.split(",")):
        if not raw.strip():
            continue
        value = vocab.normalise_choice(raw)
        if groups and value in groups:
            chosen.extend(m.value for m in groups[value])
            continue
        if value not in valid:
            guess = vocab.closest(value, valid)
            hint = f"; did you mean '{guess}'?" if guess else "."
            raise UsageError(
                f"unknown {kind} '{raw.strip()}'{hint} Valid values: {', '.join(valid)}."
            )
        chosen.append(value)
    if given and not chosen:  # "" or ",,": a value was meant and none was given
        raise UsageError(f"--{kind} needs a value: one of {', '.join(valid)}.")
    return tuple(dict.fromkeys(chosen))


def year_option(option: str, value: int | None) -> int | None:
    if value is not None and not 1800 <= value <= 2100:
        raise UsageError(f"{option} {value} is not a plausible year (1800-2100)")
    return value


# ------------------------------------------------------------------ bounded tables

DEFAULT_TABLE_LIMIT = 100

LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=0,
        help=f"Show at most this many rows (table format: "
        f"{DEFAULT_TABLE_LIMIT} by default; 0 for all).",
        show_default=False,
    ),
]
AllOpt = Annotated[bool, typer.Option("--all", help="Show every row (same as --limit 0).")]


def table_limit(out: Output, limit: int | None, everything: bool) -> int | None:
    """Rows to show: all for csv, json and markdown unless --limit; a screenful for tables."""
    if everything or limit == 0:
        return None
    if limit is not None:
        return limit
    return DEFAULT_TABLE_LIMIT if out.screenful else None


class BoundedRows(Iterator[T]):
    """At most `limit` rows of an iterator, remembering whether more were held back."""

    def __init__(self, rows: Iterator[T], limit: int | None) -> None:
        self._rows = rows
        self._limit = limit
        self._given = 0
        self._checked = False
        self.more = False

    def __next__(self) -> T:
        if self._limit is not None and self._given >= self._limit:
            if not self._checked:  # ask once: a second look would find the probe row gone
                self.more = next(self._rows, _END) is not _END
                self._checked = True
            raise StopIteration
        row = next(self._rows)
        self._given += 1
        return row

    @property
    def given(self) -> int:
        """How many rows were handed out."""
        return self._given


_END = object()
COUNT_SECONDS = 0.25


def more_rows_message(
    out: Output,
    shown: int,
    noun: str,
    count: Callable[[], int],
    interrupt: Callable[[], None] | None = None,
) -> None:
    """Never a silent truncation. On a terminal the total is counted (briefly); in a
    pipe it is not, since counting every match is the unbounded work the limit avoids."""
    from ivig_evidence.output import message

    advice = "use --limit N, --all, or --format csv|json for all of them"
    if out.is_terminal:
        total = _count_briefly(count, interrupt)
        if total is not None:
            message(f"showing {shown} of {total:,} {noun}: {advice}")
            return
    message(f"more {noun} than the {shown} shown: {advice}")


def _count_briefly(count: Callable[[], int], interrupt: Callable[[], None] | None) -> int | None:
    import contextlib
    import threading

    result: list[int] = []

    def run() -> None:
        # Interrupted, or any failure: the total is simply not shown.
        with contextlib.suppress(Exception):
            result.append(count())

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(COUNT_SECONDS)
    if worker.is_alive() and interrupt is not None:
        interrupt()
        worker.join()
    return result[0] if result else None


# ------------------------------------------------------------------ CSV sections

SectionOpt = Annotated[
    str | None,
    typer.Option(
        "--section",
        metavar="NAME",
        help="With --format csv: which section to write (one CSV holds one table). The "
        "sections are listed in this command's description.",
        show_default=False,
    ),
]
