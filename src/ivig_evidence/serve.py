"""The database in Datasette, read-only: metadata written from ``schema_docs``, facets
that make sense, canned queries for the everyday questions, and full-text search on
every table with text a person would search.

Datasette searches a table through an FTS table whose rowids are the table's own;
ivig's search index spans every kind of record, so the served file is a copy of the
database with one such index per searchable table added. The copy is taken through
SQLite, so commits still in the ``-wal`` file are in it, made once per state of the
data (a digest of the copy names it) in the user's cache directory, and served
immutable: nothing can be written through it. A copy no running serve uses is removed
by the next serve, so a serve that was killed leaves nothing behind for long.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ivig_evidence import DISCLAIMER


@dataclass(frozen=True)
class Searchable:
    """What Datasette's search box finds in one table: the table's own text columns, and
    text gathered for each row from related tables (a study's notes, an indication's
    aliases), each an SQL expression over the table's row ``t``."""

    columns: tuple[str, ...]
    gathered: tuple[tuple[str, str], ...] = ()

    def fts_columns(self) -> tuple[str, ...]:
        return self.columns + tuple(name for name, _ in self.gathered)


# Every table with text a person would search, with at least the text `ivig search`
# indexes for it (migrations' search sources: a study's notes are found as the study),
# and the names and words around it (a position's body and document, a document's
# publisher). The tables left out hold codes and links only; Datasette shows them no
# search box.
SEARCHABLE: dict[str, Searchable] = {
    "studies": Searchable(
        ("first_author", "population_text", "comparator", "outcome_measures", "result", "note"),
        (
            (
                "notes",
                "(SELECT group_concat(n.note, ' ') FROM study_notes n WHERE n.study_id = t.id)",
            ),
        ),
    ),
    "study_notes": Searchable(("note", "checked_against")),
    "outcomes": Searchable(
        (
            "outcome",
            "time_point",
            "treatment_arm",
            "control_arm",
            "quote",
            "note",
            "checked_against",
        )
    ),
    "criteria": Searchable(("body", "edition", "quote", "status_note", "note", "checked_against")),
    "publications": Searchable(
        ("title", "authors", "first_author", "journal", "publisher", "note", "standing")
    ),
    "statements": Searchable(("quote", "status_note", "checked_against")),
    "positions": Searchable(("body", "document_title", "wording", "conditions", "note")),
    "dose_regimens": Searchable(
        ("text", "course_duration", "ambiguity_note", "note", "record_reading", "record_source")
    ),
    "indications": Searchable(
        ("slug", "name", "description", "note"),
        (
            (
                "aliases",
                "(SELECT group_concat(a.alias, '; ') FROM indication_aliases a "
                "WHERE a.indication_slug = t.slug)",
            ),
        ),
    ),
    "claims": Searchable(("summary",)),
    "treatments": Searchable(("name", "brand_names", "role", "note")),
    "source_references": Searchable(("reference_text",)),
}

FACETS: dict[str, list[str]] = {
    "studies": ["design", "population", "direction"],
    "statements": ["status", "document_id"],
    "positions": ["kind", "stance", "indication_slug"],
    "dose_regimens": ["context", "basis", "unit", "ambiguous"],
    "publications": ["kind"],
    "study_indications": ["indication_slug"],
    "outcomes": ["kind", "comparison", "stated_measure"],
    "criteria": ["body", "kind", "rule", "edition_status", "indication_slug"],
}

# The indications a canned query's :indication names, as `ivig ... --indication` reads it
# (indications.resolve_indication and indication_scope): a slug, or a name or alias
# compared as lowercase letters and digits; a name that stands for more than one
# indication ("Still's disease") names none; then every indication beneath it. SQLite
# has no function to keep letters and digits only, so the key is built a character at
# a time.
INDICATION_SCOPE = """WITH RECURSIVE
  asked(i, key) AS (
    SELECT 0, ''
    UNION ALL
    SELECT i + 1, key || CASE WHEN lower(substr(:indication, i + 1, 1)) GLOB '[a-z0-9]'
      THEN lower(substr(:indication, i + 1, 1)) ELSE '' END
    FROM asked WHERE i < length(:indication)
  ),
  name_key(key) AS (SELECT key FROM asked ORDER BY i DESC LIMIT 1),
  named(slug) AS (
    SELECT slug FROM indications, name_key
    WHERE name_key.key <> '' AND (slug = lower(trim(:indication))
      OR replace(slug, '-', '') = name_key.key
      OR slug IN (SELECT indication_slug FROM indication_aliases a WHERE a.alias_key = name_key.key))
  ),
  chosen(slug) AS (
    SELECT slug FROM named WHERE slug = lower(trim(:indication))
    UNION
    SELECT slug FROM named WHERE (SELECT count(*) FROM named) = 1
  ),
  scope(slug) AS (
    SELECT slug FROM chosen
    UNION
    SELECT i.slug FROM indications i JOIN scope ON i.parent_slug = scope.slug
  )
"""

CANNED_QUERIES: dict[str, dict[str, str]] = {
    "randomised_trials": {
        "title": "Randomised trials of IVIG",
        "sql": "SELECT id, first_author, year, n, direction, result FROM studies "
        "WHERE design IN ('rct', 'rct_withdrawal', 'rct_crossover') ORDER BY year",
    },
    "studies_for_an_indication": {
        "title": "Studies for an indication",
        "description": "A slug (ra) or a name (rheumatoid arthritis); the studies of the "
        "indication and of those beneath it, as ivig studies --indication lists them.",
        # The order is the listing's (studies.STUDY_ORDER).
        "sql": INDICATION_SCOPE
        + "SELECT s.id, s.first_author, s.year, s.design, s.n, s.direction, s.result "
        "FROM studies s WHERE s.id IN (SELECT si.study_id FROM study_indications si "
        "WHERE si.indication_slug IN (SELECT slug FROM scope)) "
        "ORDER BY CASE WHEN s.year IS NULL THEN 1 ELSE 0 END, s.year, s.id",
    },
    "doses_for_an_indication": {
        "title": "Recorded dose regimens for an indication",
        "description": "A slug (aosd) or a name (adult-onset Still's disease); the regimens "
        "of the indication and of those beneath it, suggested ones first, as ivig dose lists "
        "them.",
        "sql": INDICATION_SCOPE
        + "SELECT r.id, r.context, r.text, r.amount_low, r.amount_high, r.unit, r.basis, "
        "r.repeat_interval, r.ambiguous, r.record_reading FROM dose_regimens r "
        "WHERE r.id IN (SELECT ri.regimen_id FROM regimen_indications ri "
        "WHERE ri.indication_slug IN (SELECT slug FROM scope)) "
        "ORDER BY CASE WHEN r.context = 'suggested' THEN 0 ELSE 1 END, r.id",
    },
    "positions_on_an_indication": {
        "title": "What each body says about an indication",
        "description": "A slug (ra) or a name (rheumatoid arthritis); the positions on the "
        "indication and on those beneath it, as ivig positions --indication lists them.",
        "sql": INDICATION_SCOPE
        + "SELECT id, indication_slug, body, kind, document_title, edition, year, stance, "
        "wording FROM positions WHERE indication_slug IN (SELECT slug FROM scope) "
        "ORDER BY indication_slug, body, id",
    },
    "contradicted_statements": {
        "title": "Statements the primary record contradicts",
        "sql": "SELECT id, document_id, quote, status_note, checked_against FROM statements "
        "WHERE status = 'contradicted'",
    },
}


def metadata(release: tuple[str, str] | None) -> dict[str, Any]:
    """Datasette metadata written from the schema's own descriptions."""
    from ivig_evidence.schema_docs import SCHEMA_DOCS

    stamp = f"data release {release[0]} ({release[1]})" if release else "no data release recorded"
    tables: dict[str, Any] = {}
    for name, (description, columns) in SCHEMA_DOCS.items():
        table: dict[str, Any] = {"description": description, "columns": dict(columns)}
        if name in FACETS:
            table["facets"] = FACETS[name]
        if name in SEARCHABLE:
            # Datasette finds a table's search by these (its own detection looks for an
            # FTS table over the table's columns; these also hold gathered text).
            table["fts_table"] = f"{name}_fts"
            table["fts_pk"] = "rowid"
        tables[name] = table
    for hidden in ("search_index", "search_index_rows", "summary_counts", "alembic_version"):
        tables[hidden] = {"hidden": True}
    return {
        "title": "IVIG evidence",
        "description": f"The ivig-evidence database, {stamp}, read-only. {DISCLAIMER}",
        "license": "MIT (the software); quotes remain their authors'",
        "databases": {
            "ivig": {
                "description": "Studies, doses and positions on IVIG in rheumatology (rheumatoid "
                "arthritis and its relatives, the inflammatory myopathies, ANCA-associated "
                "vasculitis and EGPA, Kawasaki disease), each with its source, verbatim quote and whether "
                "the primary record confirms it.",
                "tables": tables,
                "queries": CANNED_QUERIES,
            }
        },
    }


# Each copy in the cache holds a marker per ``ivig serve`` serving it, named with its
# process id; a copy no live process serves is removed by the next serve.
MARKER = "serving."
SNAPSHOT = ".snapshot."


@dataclass(frozen=True)
class ServedCopy:
    database: Path
    metadata: Path
    marker: Path

    def release(self) -> None:
        """This process no longer serves the copy; it stays, for the next serve."""
        self.marker.unlink(missing_ok=True)


def served_copy(database: Path, cache: Path, release: tuple[str, str] | None) -> ServedCopy:
    """A copy of ``database`` with an FTS table per searchable table, made once for each
    state of its data and reused while the data is unchanged.

    The copy is taken through SQLite (its backup API), so it holds everything
    committed, including commits still in the ``-wal`` file; it is named by a digest
    of that copy, so a commit that leaves the main file as it was (its size and time)
    still gives a new copy.
    """
    from ivig_evidence.store.backups import copy_database
    from ivig_evidence.store.db import read_uri

    cache.mkdir(parents=True, exist_ok=True)
    snapshot = cache / f"{SNAPSHOT}{os.getpid()}.partial"
    snapshot.unlink(missing_ok=True)
    try:
        # Read as any read is (store/db.read_uri): a database the user cannot write is
        # served too, and leaves no side files beside it.
        copy_database(database, snapshot, "copying the database", source_uri=read_uri(database))
        with snapshot.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        entry = cache / digest[:16]
        entry.mkdir(exist_ok=True)
        marker = entry / f"{MARKER}{os.getpid()}"
        marker.touch()  # before pruning, so no other serve takes this copy for unused
        # The file is named ivig.sqlite, so Datasette calls the database "ivig".
        target = entry / "ivig.sqlite"
        if not target.exists():
            _add_search_tables(snapshot)
            os.replace(snapshot, target)
    finally:
        for leftover in ("", "-wal", "-shm", "-journal"):
            Path(f"{snapshot}{leftover}").unlink(missing_ok=True)
    meta = write_metadata(entry / "metadata.json", release)
    prune(cache, keep=entry)
    return ServedCopy(target, meta, marker)


def _add_search_tables(path: Path) -> None:
    """An FTS table per searchable table, its rowids the table's own, each row holding
    the row's text and the text gathered for it (the copy never changes after this)."""
    copy = sqlite3.connect(path)
    try:
        # One file, as Datasette's immutable mode wants (the backup kept the WAL mark).
        copy.execute("PRAGMA journal_mode = DELETE")
        for table, search in SEARCHABLE.items():
            columns = search.fts_columns()
            copy.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5({', '.join(columns)}, "
                "tokenize = 'porter unicode61 remove_diacritics 2')"  # as ivig search's index
            )
            values = [f"t.{column}" for column in search.columns]
            values += [expression for _, expression in search.gathered]
            copy.execute(
                f"INSERT INTO {table}_fts (rowid, {', '.join(columns)}) "
                f"SELECT t.rowid, {', '.join(values)} FROM {table} t"
            )
        copy.commit()
    finally:
        copy.close()


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # Windows' os.kill would end the process: never remove a copy there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def _pid_of(path: Path, prefix: str) -> int | None:
    number = path.name[len(prefix) :].split(".", 1)[0]
    return int(number) if path.name.startswith(prefix) and number.isdigit() else None


def prune(cache: Path, keep: Path) -> None:
    """Remove the copies no live ``ivig serve`` serves (earlier states of the database,
    copies left by a serve that was killed) and snapshots of killed serves."""
    import shutil

    for item in cache.iterdir():
        if item.is_dir():
            markers = [(m, _pid_of(m, MARKER)) for m in item.glob(f"{MARKER}*")]
            for marker, pid in markers:
                if pid is not None and not _pid_alive(pid):
                    marker.unlink(missing_ok=True)
            live = any(pid is None or _pid_alive(pid) for _, pid in markers)
            if item != keep and not live:
                shutil.rmtree(item, ignore_errors=True)
        elif (pid := _pid_of(item, SNAPSHOT)) is not None and not _pid_alive(pid):
            item.unlink(missing_ok=True)


def port_problem(host: str, port: int) -> str | None:
    """Why Datasette could not listen on ``host``:``port``, in one line, or None.

    Binding a socket and closing it at once asks the system what Datasette's own
    bind would meet, before any of its start-up log is written."""
    import errno
    import socket

    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"cannot listen on {host}: {str(exc.strerror).lower()}"
    for family, kind, protocol, _name, address in found:
        with socket.socket(family, kind, protocol) as probe:
            if os.name == "posix":
                # As the server does: a port a stopped server left in TIME_WAIT is free.
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    return f"port {port} on {host} is in use; choose another with --port"
                reason = (exc.strerror or str(exc)).lower()
                return f"cannot listen on port {port} on {host}: {reason}"
    return None


def die_with_parent() -> Callable[[], None] | None:
    """A function for Popen's preexec_fn that has the child stopped (SIGTERM) when its
    parent dies, even by SIGKILL, so no server outlives ``ivig serve``; on Linux only
    (prctl), None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)  # loaded before the fork, not in the child
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()
    pr_set_pdeathsig = 1

    def preexec() -> None:
        prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the prctl took effect
            os._exit(1)

    return preexec


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not Path(base).is_absolute():
        base = str(Path.home() / ".cache")
    return Path(base) / "ivig-evidence" / "serve"


def write_metadata(path: Path, release: tuple[str, str] | None) -> Path:
    from ivig_evidence.files import write_text

    write_text(path, json.dumps(metadata(release), indent=2))  # another serve may read it
    return path
