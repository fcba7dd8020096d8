"""One import pipeline for every input: an importer reads, checks and plans its records,
and one ``RowWriter`` writes them.

An ``Importer`` (``plan.StudyImport`` for study records from a file or `ivig add
study`, ``tables.TableImport`` for a directory of table files) yields the rows of
each record as it is checked, counting every problem and recording what it adds,
replaces and skips. ``write`` runs it inside the caller's write transaction:
rows are written only while no problem has been found, every problem is raised
at once, and what was written is checked (links, provenance) before the caller
commits. The transaction, the backup and the dry run are the caller's (``database.Evidence``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ivig_evidence.importing.results import (
    SHOWN,
    ImportProblems,
    ImportResult,
    ProblemLog,
    Skip,
)
from ivig_evidence.importing.writing import Plan, RowWriter

if TYPE_CHECKING:
    from sqlalchemy import Connection


class Importer(ABC):
    """Reads an input's records, checks and plans each; keeps the tally of what it adds,
    replaces and skips, and every problem found."""

    def __init__(self, source: str) -> None:
        self.source = source  # the file (or command) named in a report of problems
        self.log = ProblemLog()
        self.added: dict[str, int] = {}
        self.replaced: list[str] = []
        self.skipped: list[Skip] = []
        self.skipped_total = 0

    @abstractmethod
    def plans(self) -> Iterator[Plan]:
        """The rows of each valid record, as it is checked; problems go to ``log``."""

    @property
    def written_studies(self) -> Sequence[str] | None:
        """The studies written, when only they and their own rows change (the kept
        counts then change by theirs); None when the counts must be taken afresh."""
        return None

    def skip(self, skip: Skip) -> None:
        self.skipped_total += 1
        if len(self.skipped) < SHOWN:
            self.skipped.append(skip)

    def planned(self, plan: Plan) -> Plan:
        """Count a plan's rows and the studies it replaces; returns it."""
        for table, n in plan.counts().items():
            self.added[table] = self.added.get(table, 0) + n
        self.replaced.extend(plan.replaces)
        return plan

    def result(self) -> ImportResult:
        return ImportResult(
            added=dict(self.added),
            replaced=tuple(self.replaced),
            skipped=tuple(self.skipped),
            skipped_total=self.skipped_total,
        )


def write(importer: Importer, conn: Connection) -> ImportResult:
    """Every record of ``importer`` written on ``conn``, inside the caller's transaction,
    as long as no problem has been found; then every problem raised at once
    (``ImportProblems``), or what was written checked and the result returned. The
    caller commits, or rolls back (a dry run finds every problem the import would)."""
    from ivig_evidence.counts import note_added_studies
    from ivig_evidence.progress import progress
    from ivig_evidence.store.seed import foreign_key_problems, foreign_keys_enforced

    writer = RowWriter(conn)
    with progress("importing", None) as advance:
        for plan in importer.plans():
            if not importer.log.count:
                writer.add(plan)  # rows written only while all is valid
            advance(1)
    if importer.log.count:
        raise ImportProblems(importer.source, importer.log.problems, total=importer.log.count)
    writer.flush()
    studies = importer.written_studies
    if studies is not None:
        # The kept summaries change by these studies (less those they replaced).
        note_added_studies(conn, studies)
    # Every row written is linked (checked as it went in, or now) and every fact
    # sourced (checked batch by batch): the rest of the database is not read again.
    problems = [] if foreign_keys_enforced(conn) else foreign_key_problems(conn)
    problems += writer.problems
    if problems:
        raise ImportProblems(importer.source, problems)
    return importer.result()
