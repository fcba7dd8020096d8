"""Benchmark ivig against `sqlite-utils query` on the same database files.

    python bench/run.py                      # all targets, 20 pairs each
    python bench/run.py --pairs 30 --sizes 10000,1000000
    python bench/run.py --sizes 10000,1000000 --postgres postgresql+psycopg://me@host/postgres

Needs `ivig` and `sqlite-utils` on PATH (pip install sqlite-utils). Builds
synthetic databases of 10k, 100k and 1M studies (cached in bench/.data) through
`ivig db init` and the real schema, then runs each pair of commands alternately,
output to a pipe, and prints the median of each side and their ratio against the
issue's targets. With --postgres (a server URL whose role may create databases),
the largest database is also copied to that server (database ivig_bench_SIZE, kept
for later runs) and the PostgreSQL targets compare each command there with the
same command on the SQLite file. A benchmark, not a test: CI does not run it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DESIGNS = [
    ("rct", 15),
    ("rct_withdrawal", 3),
    ("open_label", 25),
    ("case_series", 18),
    ("trial", 2),
    ("observational", 20),
    ("review", 10),
    ("animal", 4),
    ("laboratory", 3),
]
INDICATIONS = [
    ("ra", 30),
    ("ra-refractory", 20),
    ("ra-infection", 3),
    ("ra-vasculitis", 3),
    ("rhupus", 2),
    ("ra-pregnancy", 2),
    ("ra-ild", 5),
    ("aosd", 6),
    ("jia", 3),
    ("sjia", 8),
    ("pjia", 8),
    ("iim-ild", 5),
    ("mctd-ild", 5),
]
DIRECTIONS = [("benefit", 40), ("no_benefit", 30), ("mixed", 15), ("not_applicable", 15)]
POPULATIONS = {
    "aosd": "aosd",
    "sjia": "systemic_jra",
    "pjia": "polyarticular_jra",
    "jia": "juvenile_ra",
}
WORDS = [
    "improvement",
    "remission",
    "response",
    "joint",
    "swelling",
    "pain",
    "fever",
    "stiffness",
    "placebo",
    "infusion",
    "tolerated",
    "relapse",
    "disease",
    "activity",
    "score",
    "ferritin",
    "cytokine",
]

STUDIES_SELECT = (
    "SELECT s.id, s.first_author, s.year, s.design, s.population, s.n, s.result, s.direction "
    "FROM studies s WHERE s.design IN (:d, :w) "
    "ORDER BY CASE WHEN s.year IS NULL THEN 1 ELSE 0 END, s.year, s.id"
)
DOSE_SELECT = (
    "SELECT r.id, r.context, r.amount_low, r.amount_high, r.unit, r.basis, r.days_low, "
    "r.days_high, r.repeat_interval, r.text, r.ambiguous, r.ambiguity_note FROM dose_regimens r "
    "WHERE r.id IN (SELECT ri.regimen_id FROM regimen_indications ri "
    "WHERE ri.indication_slug = :i) ORDER BY r.id"
)
SQL_SELECT = "SELECT id, year, n FROM studies WHERE design = 'rct' AND year >= 2000"

TARGETS = {1: 1.25, 2: 1.25, 3: 1.15, 4: 0.6, 5: 1.05, 6: 1.3, 7: 1.2}
# Whole-picture commands: time at the largest size against the smallest (limit 1.5x),
# and peak memory at the largest size against a budget of 100 MB (limit 1.0).
SUMMARY_COMMANDS = {
    8: ("conflicts", ["conflicts"]),
    9: ("evidence --indication aosd", ["evidence", "--indication", "aosd"]),
    10: ("indications", ["indications"]),
    11: ("map", ["map"]),
    12: ("show aosd", ["show", "aosd"]),
}
TARGETS.update({n: 1.5 for n in SUMMARY_COMMANDS})
MEMORY_BUDGET_MB = 100.0
# Start-up on the small curated database, where the peer's own start-up dominates.
TARGETS[13] = 0.6
# The same command on PostgreSQL against the SQLite file, at the largest size.
SERVER_COMMANDS = {
    14: ("studies --design rct", ["studies", "--design", "rct"]),
    15: ("search remission", ["search", "remission"]),
    16: ("evidence --indication aosd", ["evidence", "--indication", "aosd"]),
}
TARGETS.update({n: 2.0 for n in SERVER_COMMANDS})
# Issue 31: writes flat in the size of the database, summaries after a foreign write,
# search of a common word (bench/writes.py).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from writes import MORE_TARGETS, WRITE_TARGETS  # noqa: E402

TARGETS.update(WRITE_TARGETS)
TARGETS.update(MORE_TARGETS)
# Rows the generator adds, in the order their foreign keys need, with the column
# that marks a generated row.
GENERATED_TABLES = (
    ("studies", "id"),
    ("study_indications", "study_id"),
    ("dose_regimens", "study_id"),
    ("regimen_indications", "regimen_id"),
    ("statements", "id"),
)


def progress(text: str) -> None:
    """Progress on a terminal; nothing in a pipe."""
    if sys.stderr.isatty():
        print(f"\r{text}\033[K", end="", file=sys.stderr, flush=True)


def weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def generate(path: Path, size: int, ivig: str) -> None:
    """A database of `size` synthetic studies, built by ivig itself, then bulk-filled."""
    temp = path.with_suffix(".partial")
    temp.unlink(missing_ok=True)
    subprocess.run(
        [ivig, "--db", str(temp), "db", "init"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rng = random.Random(size)
    conn = sqlite3.connect(temp)
    conn.execute("PRAGMA foreign_keys = ON")
    # One transaction of a million studies: with SQLite's default 2 MB page cache its
    # pages spill to the -wal again and again (50 GB written for 400 MB of -wal).
    conn.execute("PRAGMA cache_size = -2000000")
    batch = 20_000
    with conn:
        for start in range(0, size, batch):
            studies, links, regimens, regimen_links, statements = [], [], [], [], []
            for i in range(start, min(start + batch, size)):
                sid = f"syn-{i:07d}"
                indication = weighted(rng, INDICATIONS)
                design = weighted(rng, DESIGNS)
                year = None if rng.random() < 0.05 else rng.randint(1975, 2025)
                n = None if rng.random() < 0.2 else max(1, int(rng.lognormvariate(3.2, 1.1)))
                result = " ".join(rng.choices(WORDS, k=8))
                studies.append(
                    (
                        sid,
                        f"Author{i % 5000}",
                        year,
                        design,
                        POPULATIONS.get(indication, "ra"),
                        n,
                        result,
                        weighted(rng, DIRECTIONS),
                    )
                )
                links.append((sid, indication))
                amount = rng.choice((0.4, 1, 2, 400))
                unit = "mg/kg" if amount == 400 else "g/kg"
                regimens.append(
                    (
                        f"{sid}-dose",
                        sid,
                        "studied",
                        amount,
                        amount,
                        unit,
                        "per_day",
                        rng.randint(1, 5),
                        f"{amount} {unit}/day",
                        False,
                    )
                )
                regimen_links.append((f"{sid}-dose", indication))
                statements.append(
                    (
                        f"st-{sid}",
                        "droracle-2025",
                        f"Synthetic study {i}: {result}.",
                        "unconfirmed",
                        sid,
                        None,
                    )
                )
                statements.append(
                    (
                        f"st-{sid}-dose",
                        "droracle-2025",
                        f"{amount} {unit}/day",
                        "unconfirmed",
                        None,
                        f"{sid}-dose",
                    )
                )
            conn.executemany(
                "INSERT INTO studies (id, first_author, year, design, population, n, result, "
                "direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                studies,
            )
            conn.executemany(
                "INSERT INTO study_indications (study_id, indication_slug) VALUES (?, ?)", links
            )
            conn.executemany(
                "INSERT INTO dose_regimens (id, study_id, context, amount_low, amount_high, unit, "
                "basis, days_low, days_high, repeat_interval, text, ambiguous) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'once', ?, ?)",
                [
                    (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[7], r[8], r[9])
                    for r in regimens
                ],
            )
            conn.executemany(
                "INSERT INTO regimen_indications (regimen_id, indication_slug) VALUES (?, ?)",
                regimen_links,
            )
            conn.executemany(
                "INSERT INTO statements (id, document_id, quote, status, study_id, regimen_id) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                statements,
            )
            progress(f"generating {path.name}: {min(start + batch, size):,} of {size:,} studies")
    conn.execute("ANALYZE")
    conn.close()
    keep_summaries_in_step(ivig, ["--db", str(temp)])
    progress("")
    os.replace(temp, path)


def ivig_python(ivig: str) -> str:
    """The interpreter the `ivig` script runs under (its #! line)."""
    first = Path(ivig).read_text(encoding="utf-8", errors="replace").splitlines()[0]
    return first[2:].strip() if first.startswith("#!") else sys.executable


def keep_summaries_in_step(ivig: str, where: list[str]) -> None:
    """Rows written by another tool leave ivig's kept counts behind (a read then counts
    afresh); an empty ivig write brings them in step, as any ivig write does."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ivig_evidence.database import Evidence\n"
        "flag, target = sys.argv[1:3]\n"
        "if flag == '--db':\n"
        "    database = Evidence.open(db=Path(target))\n"
        "else:\n"
        "    database = Evidence.open(url=target)\n"
        "with database.write('bench: summaries in step'):\n"
        "    pass\n"
    )
    subprocess.run([ivig_python(ivig), "-c", code, *where], check=True)


def compile_bytecode(ivig: str) -> None:
    """What a wheel install does: with PYTHONDONTWRITEBYTECODE set (or an editable
    install), every run would otherwise compile ivig's modules again."""
    code = (
        "import compileall, pathlib, ivig_evidence\n"
        "compileall.compile_dir(pathlib.Path(ivig_evidence.__file__).parent, quiet=1)\n"
    )
    subprocess.run([ivig_python(ivig), "-c", code], check=True)


def server_copy(ivig: str, source: Path, server: str, size: int) -> str:
    """The generated rows of ``source`` on the server, in database ivig_bench_SIZE
    (built by `ivig db init`, filled with COPY); its URL. Kept for later runs."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server)
    name = f"ivig_bench_{size}"
    target = url.set(database=name).render_as_string(hide_password=False)
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists:  # built by an earlier run: brought to this ivig's schema
        subprocess.run(
            [ivig, "--db-url", target, "db", "upgrade"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return target
    # Built under another name and renamed when complete: an interrupted copy is
    # never taken for a finished one.
    building = f"{name}_partial"
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{building}"')
        admin.execute(f'CREATE DATABASE "{building}"')
    partial = url.set(database=building).render_as_string(hide_password=False)
    subprocess.run(
        [ivig, "--db-url", partial, "db", "init"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    lite = sqlite3.connect(source)
    plain_target = url.set(drivername="postgresql", database=building).render_as_string(
        hide_password=False
    )
    with psycopg.connect(plain_target) as pg:
        for table, marker in GENERATED_TABLES:
            types: dict[str, str] = dict(
                pg.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND table_name = %s",
                    (table,),
                ).fetchall()
            )
            columns = [
                row[1] for row in lite.execute(f"PRAGMA table_info({table})") if row[1] in types
            ]
            booleans = [i for i, c in enumerate(columns) if types[c] == "boolean"]
            prefix = "syn-%" if table != "statements" else "st-syn-%"
            rows = lite.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE {marker} LIKE ?", (prefix,)
            )
            copied = 0
            with pg.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    if booleans:
                        row = tuple(
                            bool(v) if i in booleans and v is not None else v
                            for i, v in enumerate(row)
                        )
                    copy.write_row(row)
                    copied += 1
                    if copied % 50_000 == 0:
                        progress(f"copying {table} to {name}: {copied:,} rows")
        pg.commit()
        pg.autocommit = True
        pg.execute("ANALYZE")
    lite.close()
    keep_summaries_in_step(ivig, ["--db-url", partial])
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    progress("")
    return target


@dataclass
class Sample:
    seconds: float
    max_rss_kb: int


# Each command is started by a small launcher: a child's peak memory (ru_maxrss)
# starts at the memory of the process that spawned it, so spawned from this script
# (which holds generated rows) it would report this script's size, not its own. The
# launcher also times the command itself, without the launcher's own start-up.
LAUNCHER = """
import os, sys, time
null = os.open(os.devnull, os.O_WRONLY)
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, null, 2)])
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
print(os.waitstatus_to_exitcode(status), elapsed, usage.ru_maxrss, file=sys.stderr)
"""


def run_once(command: Sequence[str]) -> Sample:
    proc = subprocess.Popen(
        [sys.executable, "-S", "-c", LAUNCHER, *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    while proc.stdout.read(1 << 16):
        pass
    report = proc.stderr.read().decode().split()
    proc.wait()
    code, seconds, max_rss_kb = int(report[0]), float(report[1]), int(report[2])
    if code != 0:
        raise SystemExit(f"failed ({code}): {' '.join(command)}")
    return Sample(seconds, max_rss_kb)


def pairs(
    first: Sequence[str], second: Sequence[str], count: int, label: str
) -> tuple[list[Sample], list[Sample]]:
    run_once(first), run_once(second)  # warm caches and bytecode
    a, b = [], []
    for i in range(count):
        a.append(run_once(first))
        b.append(run_once(second))
        progress(f"{label}: pair {i + 1} of {count}")
    progress("")
    return a, b


def import_file(path: Path, size: int) -> None:
    """`size` study records as JSON Lines, the shape `ivig import` reads."""
    rng = random.Random(size)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(size):
            record = {
                "id": f"imp-{i:07d}",
                "first_author": f"Author{rng.randint(1, 5000)}",
                "year": rng.randint(1975, 2025),
                "design": weighted(rng, DESIGNS),
                "population": "ra",
                "direction": "benefit",
                "n": rng.randint(1, 500),
                "indications": [weighted(rng, INDICATIONS)],
                "outcome": "Most patients improved.",
                "sources": [{"document": "droracle-2025", "quote": f"Quoted sentence {i}."}],
            }
            handle.write(json.dumps(record) + "\n")


def import_pairs(ivig: str, data: Path, size: int, count: int) -> tuple[list[float], list[float]]:
    """Each side loads the same file into its own fresh copy of a seed-only database."""
    records, template = data / f"import-{size}.jsonl", data / "import-template.sqlite"
    if not records.exists():
        import_file(records, size)
    subprocess.run(  # built once, then brought to this ivig's schema
        [ivig, "--db", str(template), "db", "upgrade" if template.exists() else "init"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for backup in template.parent.glob(f"{template.stem}.backup-*"):
        backup.unlink()
    peer = [sys.executable, str(HERE / "peer_import.py")]
    mine, theirs = [], []
    for i in range(count):
        for command, times in (([ivig, "import"], mine), (peer, theirs)):
            target = data / "import-target.sqlite"
            for old in data.glob("import-target*"):
                old.unlink()
            shutil.copyfile(template, target)
            if command[0] == ivig:
                command = [*command, str(records), "--db", str(target)]
            else:
                command = [*command, str(target), str(records)]
            times.append(run_once(command).seconds)
        progress(f"import: pair {i + 1} of {count}")
    progress("")
    return mine, theirs


def run_writes(
    args: argparse.Namespace,
    ivig: str,
    small: Path,
    large: Path,
    rows: list[tuple[str, str, float, float, float, float]],
    record: Callable[[int, str, list[float], list[float], str], None],
) -> None:
    """Issue 31's targets: writes, summaries after another tool's write, search."""
    from writes import (
        SEARCH_PEER,
        SEARCH_SCALE,
        SERVER_UPDATE_SCALE,
        SUMMARY_AFTER_FOREIGN,
        SUMMARY_AFTER_FOREIGN_SERVER,
        change_in_file,
        change_on_server,
        server_update_scale,
        summaries_after_foreign_write,
        write_targets,
    )

    count = max(3, args.pairs // 4)
    for number, label, mine, theirs, unit in write_targets(
        run_once, ivig, small, large, args.data, count
    ):
        if number == 0:  # a peak against its budget
            rows.append((label, unit, mine[0], theirs[0], mine[0] / theirs[0], 1.0))
        else:
            record(number, label, mine, theirs, unit)
    seed = args.data / "write-seed.jsonl"
    after, in_step = summaries_after_foreign_write(
        run_once, ivig, ["--db", str(large)], change_in_file(large), seed, count
    )
    record(SUMMARY_AFTER_FOREIGN, "indications after a foreign write vs in step", after,
           in_step, "s")  # fmt: skip
    if args.postgres:
        server = server_copy(ivig, large, args.postgres, int(large.stem.rsplit("-", 1)[1]))
        after, in_step = summaries_after_foreign_write(
            run_once, ivig, ["--db-url", server], change_on_server(server), seed, count
        )
        record(SUMMARY_AFTER_FOREIGN_SERVER, "PostgreSQL indications after a foreign write "
               "vs in step", after, in_step, "s")  # fmt: skip
        server_small = server_copy(ivig, small, args.postgres, int(small.stem.rsplit("-", 1)[1]))
        big, little = server_update_scale(run_once, ivig, server_small, server, args.data, count)
        record(SERVER_UPDATE_SCALE, "PostgreSQL import --update of 100, largest vs smallest",
               big, little, "s")  # fmt: skip
    a, b = pairs(
        [ivig, "--db", str(large), "search", "remission"],
        [ivig, "--db", str(small), "search", "remission"],
        count,
        "search",
    )
    record(SEARCH_SCALE, "search remission, largest vs smallest", [s.seconds for s in a],
           [s.seconds for s in b], "s")  # fmt: skip
    peer = shutil.which("sqlite-utils") or "sqlite-utils"
    a, b = pairs(
        [ivig, "--db", str(large), "search", "remission"],
        [peer, "search", str(large), "search_index", "remission", "--limit", "50"],
        count,
        "search",
    )
    record(SEARCH_PEER, "search remission vs sqlite-utils search, largest",
           [s.seconds for s in a], [s.seconds for s in b], "s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--data", type=Path, default=HERE / ".data")
    parser.add_argument("--import-size", type=int, default=100_000)
    parser.add_argument("--only-import", action="store_true", help="run target 7 alone")
    parser.add_argument(
        "--only-writes", action="store_true", help="run the targets of issue 31 (7, 17-27) alone"
    )
    parser.add_argument(
        "--import-sizes",
        default=None,
        help="target 7 at these sizes (default: --import-size; 0: not run)",
    )
    parser.add_argument(
        "--postgres", metavar="URL", help="also run the PostgreSQL targets on this server"
    )
    args = parser.parse_args()
    ivig, peer = shutil.which("ivig"), shutil.which("sqlite-utils")
    if not ivig or not peer:
        raise SystemExit("needs ivig and sqlite-utils on PATH (pip install sqlite-utils)")
    args.data.mkdir(parents=True, exist_ok=True)
    compile_bytecode(ivig)
    sizes = [int(s) for s in args.sizes.split(",")][: 1 if args.only_import else None]
    dbs = {}
    curated = args.data / "curated.sqlite"
    if not curated.exists():
        subprocess.run(
            [ivig, "--db", str(curated), "db", "init"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    dbs[0] = curated
    for size in sizes:
        dbs[size] = args.data / f"ivig-{size}.sqlite"
        if not dbs[size].exists():
            generate(dbs[size], size, ivig)
    for db in dbs.values():
        # A database built by an earlier ivig is brought to this one's schema.
        subprocess.run(
            [ivig, "--db", str(db), "db", "upgrade"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    small, large = dbs[min(sizes)], dbs[max(sizes)]
    sqlu = [peer, "query", str(small)]
    on_curated = [peer, "query", str(curated)]
    rows: list[tuple[str, str, float, float, float, float]] = []

    def record(number: int, label: str, mine: list[float], theirs: list[float], unit: str) -> None:
        a, b = statistics.median(mine), statistics.median(theirs)
        rows.append((f"{number}. {label}", unit, a, b, a / b, TARGETS[number]))

    def compare(number: int, label: str, first: list[str], second: list[str]) -> list[Sample]:
        """Time ``first`` against ``second`` (a quarter of the pairs, at least 3) and
        record the ratio; the first command's samples, for its peak memory."""
        a, b = pairs(first, second, max(3, args.pairs // 4), label)
        record(number, label, [s.seconds for s in a], [s.seconds for s in b], "s")
        return a

    cases = [
        (
            1,
            "ivig studies --design rct",
            [ivig, "--db", str(small), "studies", "--design", "rct"],
            [*sqlu, STUDIES_SELECT, "-p", "d", "rct", "-p", "w", "rct_withdrawal", "--table"],
        ),
        (
            2,
            "ivig dose --indication aosd",
            [ivig, "--db", str(small), "dose", "-i", "aosd"],
            [*sqlu, DOSE_SELECT, "-p", "i", "aosd", "--table"],
        ),
        (
            3,
            "ivig sql SELECT ...",
            [ivig, "--db", str(small), "sql", SQL_SELECT],
            [*sqlu, SQL_SELECT],
        ),
        (
            4,
            "ivig --help (curated) vs studies query",
            [ivig, "--help"],
            [*on_curated, STUDIES_SELECT, "-p", "d", "rct", "-p", "w", "rct_withdrawal", "--table"],
        ),
        (
            13,
            "ivig studies --design rct (curated)",
            [ivig, "--db", str(curated), "studies", "--design", "rct"],
            [*on_curated, STUDIES_SELECT, "-p", "d", "rct", "-p", "w", "rct_withdrawal", "--table"],
        ),
    ]
    only = args.only_import or args.only_writes
    for number, label, mine, theirs in cases if not only else []:
        a, b = pairs(mine, theirs, args.pairs, label)
        record(number, label, [s.seconds for s in a], [s.seconds for s in b], "s")
    if len(sizes) > 1 and not only:
        on_large = [ivig, "--db", str(large), "studies", "--design", "rct", "--indication", "aosd"]
        on_small = [ivig, "--db", str(small), "studies", "--design", "rct", "--indication", "aosd"]
        a, b = pairs(on_large, on_small, args.pairs, "scale")
        record(
            5,
            f"studies --design rct --indication aosd, {max(sizes):,} vs {min(sizes):,}",
            [s.seconds for s in a],
            [s.seconds for s in b],
            "s",
        )
        a, b = pairs(
            [ivig, "--db", str(large), "studies", "--design", "rct"],
            [
                peer,
                "query",
                str(large),
                STUDIES_SELECT,
                "-p",
                "d",
                "rct",
                "-p",
                "w",
                "rct_withdrawal",
                "--table",
            ],
            max(3, args.pairs // 4),
            "memory",
        )
        record(
            6,
            f"peak memory, studies --design rct on {max(sizes):,}",
            [s.max_rss_kb / 1024 for s in a],
            [s.max_rss_kb / 1024 for s in b],
            "MB",
        )
    if len(sizes) > 1 and not only:
        memory: list[tuple[str, float]] = []
        for number, (label, command) in SUMMARY_COMMANDS.items():
            a = compare(
                number,
                f"{label}, {max(sizes):,} vs {min(sizes):,}",
                [ivig, "--db", str(large), *command],
                [ivig, "--db", str(small), *command],
            )
            memory.append((label, max(s.max_rss_kb for s in a) / 1024))
        for label, peak in memory:
            rows.append(
                (f"   peak memory of {label} on {max(sizes):,}", "MB", peak, MEMORY_BUDGET_MB,
                 peak / MEMORY_BUDGET_MB, 1.0)
            )  # fmt: skip
    if len(sizes) > 1 and not args.only_import:
        run_writes(args, ivig, small, large, rows, record)
    if args.postgres and len(sizes) > 1 and not only:
        server = server_copy(ivig, large, args.postgres, max(sizes))
        for number, (label, command) in SERVER_COMMANDS.items():
            compare(
                number,
                f"PostgreSQL {label}, {max(sizes):,}, vs SQLite",
                [ivig, "--db-url", server, *command],
                [ivig, "--db", str(large), *command],
            )
    readings: list[str] = []  # what the table's targets do not say, printed after it
    one_study: tuple[float, float] | None = None
    for size in [int(n) for n in (args.import_sizes or str(args.import_size)).split(",")]:
        if not size:  # --import-sizes 0: target 7 not run
            continue
        mine, theirs = import_pairs(ivig, args.data, size, max(3, args.pairs // 5))
        record(7, f"ivig import of {size:,} studies", mine, theirs, "s")
        if one_study is None:  # each side's fixed cost: its import of one study
            ones = import_pairs(ivig, args.data, 1, max(3, args.pairs // 5))
            one_study = (statistics.median(ones[0]), statistics.median(ones[1]))
        past_mine = statistics.median(mine) - one_study[0]
        past_theirs = statistics.median(theirs) - one_study[1]
        readings.append(
            f"7 at {size:,}, the studies past the first (each side less its import of one "
            f"study, {one_study[0]:.3f} s / {one_study[1]:.3f} s): {past_mine:.3f} s / "
            f"{past_theirs:.3f} s = {past_mine / past_theirs:.2f} (a reading, not a target)"
        )
    print(f"{'target':<62} {'ivig':>9} {'peer':>9} {'ratio':>6} {'limit':>6}  met")
    for label, unit, a, b, ratio, limit in rows:
        fmt = "{:>7.3f} " if unit == "s" else "{:>6.1f}MB"
        print(
            f"{label:<62} {fmt.format(a):>9} {fmt.format(b):>9} {ratio:>6.2f} "
            f"{limit:>6.2f}  {'yes' if ratio <= limit else 'NO'}"
        )
    for reading in readings:
        print(reading)


if __name__ == "__main__":
    main()
