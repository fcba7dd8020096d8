"""What an import did, or found wrong, as data: the CLI words it.

An import adds rows (counted by table), replaces local studies (with ``--update``)
and skips what is already there, each skip saying which record, what it repeats
and why it is not written. Nothing here is a sentence to be taken apart again:
``Duplicate`` and ``RowsPresent`` carry their parts, ``ImportProblems`` the checks'
problems (each where, field, what is wrong).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ivig_evidence.errors import IvigError
from ivig_evidence.importing.checks import Problem

# Problems and skipped records named in full; past this many the rest are counted.
SHOWN = 25
# Past this many problems a file is not worth reading to the end: checking stops.
PROBLEM_LIMIT = 1000


class Match(StrEnum):
    """What a study shares with the one it repeats."""

    ID = "id"
    DOI = "DOI"
    PMID = "PMID"
    AUTHOR_YEAR_TITLE = "first author, year and title"


class Why(StrEnum):
    """Why a study that repeats another is not written."""

    IN_DATABASE = "in the database"  # already there (without --update)
    EARLIER_IN_INPUT = "earlier in the input"  # the same study twice in one file
    CURATED = "curated"  # --update replaces local studies only
    NOT_SAME_ID = "not the same id"  # --update replaces a local study of the same id only


@dataclass(frozen=True)
class Duplicate:
    """A study skipped: ``where`` in the input, the id it would take, the study or
    publication it repeats (``of``) and by what (``match``), and why it is not written."""

    where: str
    study_id: str
    of: str
    match: Match
    why: Why

    @property
    def of_publication(self) -> bool:
        """A DOI or PMID names a publication; an id or author, year and title a study."""
        return self.match in (Match.DOI, Match.PMID)


@dataclass(frozen=True)
class RowsPresent:
    """Rows of a table file whose key the database already holds: skipped."""

    table: str
    rows: int


Skip = Duplicate | RowsPresent


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote (or, in a dry run, would write)."""

    added: dict[str, int]  # rows by table, those of replaced studies included
    replaced: tuple[str, ...] = ()  # local studies written again (--update)
    skipped: tuple[Skip, ...] = ()  # the first SHOWN skips
    skipped_total: int = 0  # every skip, shown or not
    dry_run: bool = False
    write: int | None = None  # its write in the row history (`ivig db undo` reverts it)

    @property
    def changes(self) -> bool:
        return bool(self.added or self.replaced)

    @property
    def skipped_unshown(self) -> int:
        return self.skipped_total - len(self.skipped)


@dataclass
class ProblemLog:
    """Every problem of an input counted, the first SHOWN (and one more) kept."""

    problems: list[Problem | str] = field(default_factory=list)
    count: int = 0

    def add(self, *found: Problem | str) -> None:
        self.count += len(found)
        room = max(SHOWN + 1 - len(self.problems), 0)
        self.problems.extend(found[:room])

    @property
    def hopeless(self) -> bool:
        """So many problems that reading on would only count more of them."""
        return self.count >= PROBLEM_LIMIT


class ImportProblems(IvigError):
    """Every problem found in the input; nothing was written."""

    def __init__(
        self, source: str, problems: Sequence[Problem | str], *, total: int | None = None
    ) -> None:
        lines = [str(p) for p in problems]
        total = len(lines) if total is None else total
        shown = lines[:SHOWN]
        more = f"\n  ... and {total - len(shown)} more" if total > len(shown) else ""
        counted = (
            f"at least {total} problems (checking stopped there)"
            if total >= PROBLEM_LIMIT
            else f"{total} problem(s)"
        )
        super().__init__(f"{source}: {counted}, nothing written:\n  " + "\n  ".join(shown) + more)
        self.problems = list(problems)
