"""Benchmark targets of issue 31: writes flat in the size of the database, the summaries
after another tool's write, and search of a common word (run by bench/run.py).

- 17-20: `ivig add study`, `ivig import` of one study, `ivig import --update` of 1
  and of 100 studies into the largest database against the same into the smallest
  (limit 1.5x);
- 21-24: the same writes into the largest database against a bare sqlite3 loader
  writing the same rows (bench/peer_import.py, with --replace for an update;
  limit 15x), and each write's peak memory there (budget 100 MB);
- 25: the first `ivig indications` after another tool changed one study, against
  the same read with the summaries in step, at the largest size (limit 2x);
- 26: `ivig search remission` (a word in 40% of the studies) at the largest size
  against the smallest (limit 1.5x);
- 27: the same search at the largest size against `sqlite-utils search` of the
  search index for the same word, the best 50 as ivig shows by default (limit 1x:
  not slower);
- 28 (with --postgres): 25 on the server copy of the largest database (limit 2x);
- 29 (with --postgres): `ivig import --update` of 100 studies on the server copy of
  the largest database against the same on the copy of the smallest (limit 1.5x).

Each write is a new one (a new study id, or the same studies replaced again), timed
as a whole process by run.py's launcher, the two sides alternating.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WRITE_TARGETS = {17: 1.5, 18: 1.5, 19: 1.5, 20: 1.5, 21: 15.0, 22: 15.0, 23: 15.0, 24: 15.0}
SUMMARY_AFTER_FOREIGN = 25
SEARCH_SCALE = 26
SEARCH_PEER = 27
SUMMARY_AFTER_FOREIGN_SERVER = 28
SERVER_UPDATE_SCALE = 29
MORE_TARGETS = {
    SUMMARY_AFTER_FOREIGN: 2.0,
    SEARCH_SCALE: 1.5,
    SEARCH_PEER: 1.0,
    SUMMARY_AFTER_FOREIGN_SERVER: 2.0,
    SERVER_UPDATE_SCALE: 1.5,
}
QUOTE = "A sentence quoted verbatim."
MEMORY_BUDGET_MB = 100.0
RUN = f"{int(time.time()):x}"  # new ids each run: a study added stays in the file
_NEW = itertools.count()  # and each write within a run


def record(study_id: str, n: int = 12) -> dict[str, Any]:
    """One study as `ivig import` reads it: the rows `add study` writes too (the study,
    its indication link, its statement)."""
    return {
        "id": study_id,
        "first_author": "Bench",
        "year": 2024,
        "design": "case_series",
        "population": "ra",
        "direction": "benefit",
        "n": n,
        "indications": ["ra"],
        "outcome": "Most patients improved.",
        "sources": [{"document": "droracle-2025", "quote": QUOTE}],
    }


def write_records(path: Path, ids: Sequence[str], n: int = 12) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for study_id in ids:
            handle.write(json.dumps(record(study_id, n)) + "\n")
    return path


Make = Callable[[Path, int], list[str]]


def _add(ivig: str) -> Make:
    def make(db: Path, i: int) -> list[str]:
        return [
            ivig, "--db", str(db), "add", "study", "--id", f"bench-add-{RUN}-{next(_NEW)}",
            "--first-author", "Bench", "--year", "2024", "--n", "12", "--indication", "ra",
            "--design", "case_series", "--population", "ra", "--direction", "benefit",
            "--outcome", "Most patients improved.", "--document", "droracle-2025",
            "--quote", QUOTE,
        ]  # fmt: skip

    return make


def _import(ivig: str | None, data: Path, label: str, count: int, *, update: bool) -> Make:
    """`ivig import` (None: the bare peer) of ``count`` studies: new ones each time, or
    the same ones replaced each time (``update``)."""

    def make(db: Path, i: int) -> list[str]:
        side = "ivig" if ivig else "peer"
        ids = (
            [f"bench-upd-{n:04d}" for n in range(count)]
            if update
            else [f"bench-{label}-{RUN}-{next(_NEW)}-{n}" for n in range(count)]
        )
        path = write_records(data / f"write-{label}-{side}.jsonl", ids, n=12 + i)
        if ivig is None:
            peer = [sys.executable, str(HERE / "peer_import.py"), str(db), str(path)]
            return [*peer, "--replace"] if update else peer
        return [ivig, "--db", str(db), "import", *(["--update"] if update else []), str(path)]

    return make


def prepare_updates(ivig: str, dbs: Sequence[Path], data: Path) -> None:
    """The studies each --update replaces, there once before the timing."""
    path = write_records(data / "write-seed.jsonl", [f"bench-upd-{n:04d}" for n in range(100)])
    for db in dbs:
        subprocess.run(
            [ivig, "--db", str(db), "import", "--update", str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


Timed = Callable[[Sequence[str]], Any]  # run.run_once: a Sample (seconds, max_rss_kb)


def alternate(run_once: Timed, first: Make, on_first: Path, second: Make, on_second: Path,
              count: int) -> tuple[list[Any], list[Any]]:  # fmt: skip
    run_once(first(on_first, -1)), run_once(second(on_second, -2))  # warm caches
    a, b = [], []
    for i in range(count):
        a.append(run_once(first(on_first, i)))
        b.append(run_once(second(on_second, i)))
    return a, b


def write_targets(
    run_once: Timed, ivig: str, small: Path, large: Path, data: Path, count: int
) -> list[tuple[int, str, list[float], list[float], str]]:
    """(target, label, ivig's times, the other side's, unit) for targets 17-24, and the
    peak memory of each write at the largest size."""
    prepare_updates(ivig, [small, large], data)
    writes: list[tuple[str, Make, Make]] = [
        ("add study", _add(ivig), _import(None, data, "add", 1, update=False)),
        ("import of 1 study", _import(ivig, data, "one", 1, update=False),
         _import(None, data, "one", 1, update=False)),
        ("import --update of 1 study", _import(ivig, data, "upd1", 1, update=True),
         _import(None, data, "upd1", 1, update=True)),
        ("import --update of 100 studies", _import(ivig, data, "upd100", 100, update=True),
         _import(None, data, "upd100", 100, update=True)),
    ]  # fmt: skip
    rows = []
    for offset, (label, mine, peer) in enumerate(writes):
        big, little = alternate(run_once, mine, large, mine, small, count)
        rows.append((17 + offset, f"{label}, largest vs smallest", _s(big), _s(little), "s"))
        ours, bare = alternate(run_once, mine, large, peer, large, count)
        rows.append((21 + offset, f"{label} vs bare sqlite3, largest", _s(ours), _s(bare), "s"))
        peak = max(s.max_rss_kb for s in big + ours) / 1024
        rows.append((0, f"   peak memory of {label}, largest", [peak], [MEMORY_BUDGET_MB], "MB"))
    return rows


def _s(samples: Sequence[Any]) -> list[float]:
    return [s.seconds for s in samples]


def change_in_file(large: Path) -> Callable[[int], None]:
    """Another tool's change of one study's size in the file (sqlite3)."""

    def change(i: int) -> None:
        with sqlite3.connect(large) as conn:
            conn.execute("UPDATE studies SET n = ? WHERE id = 'syn-0000001'", (100 + i,))
        conn.close()

    return change


def change_on_server(url: str) -> Callable[[int], None]:
    """Another tool's change of one study's size on the server (psycopg)."""
    import psycopg
    from sqlalchemy.engine import make_url

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)

    def change(i: int) -> None:
        with psycopg.connect(plain) as conn:
            conn.execute("UPDATE studies SET n = %s WHERE id = 'syn-0000001'", (100 + i,))

    return change


def summaries_after_foreign_write(
    run_once: Timed,
    ivig: str,
    database: list[str],
    change: Callable[[int], None],
    seed: Path,
    count: int,
) -> tuple[list[float], list[float]]:
    """`ivig indications` after another tool changed one study's size, against the
    same read with the summaries in step (an ivig write brings them back between).
    ``database``: ivig's option naming it (``--db PATH`` or ``--db-url URL``)."""
    after, in_step = [], []
    for i in range(count):
        change(i)
        after.append(run_once([ivig, *database, "indications"]).seconds)
        subprocess.run(  # any ivig write stores the counts again
            [ivig, *database, "import", "--update", str(seed)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        in_step.append(run_once([ivig, *database, "indications"]).seconds)
    return after, in_step


def server_update_scale(
    run_once: Timed, ivig: str, small_url: str, large_url: str, data: Path, count: int
) -> tuple[list[float], list[float]]:
    """`ivig import --update` of the same 100 studies on the larger server database and
    the smaller, alternating (each replaces them with a new size)."""
    ids = [f"bench-upd-{n:04d}" for n in range(100)]
    seed = write_records(data / "write-seed.jsonl", ids)
    for url in (large_url, small_url):  # there once before the timing
        subprocess.run(
            [ivig, "--db-url", url, "import", "--update", str(seed)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    big, little = [], []
    for i in range(count):
        for url, times in ((large_url, big), (small_url, little)):
            path = write_records(data / "write-upd100-server.jsonl", ids, n=12 + i)
            times.append(run_once([ivig, "--db-url", url, "import", "--update", str(path)]))
    return _s(big), _s(little)
