"""Shell completion of values: designs and the like from the vocabulary, indication
slugs and aliases and record ids from the database when it exists (read-only), else
from the curated data the first command would load (data/seed.sql, read into memory).
A <TAB> never builds or writes anything, and takes a fraction of a second at most."""

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivig_evidence import vocab

if TYPE_CHECKING:
    import sqlite3


def _database(ctx: Any) -> Path | None:
    from ivig_evidence.config import resolve_db

    given = None
    while ctx is not None and given is None:
        given = (getattr(ctx, "params", None) or {}).get("db")
        ctx = getattr(ctx, "parent", None)
    try:
        location = resolve_db(Path(given) if given else None)
    except Exception:
        return None
    if location.url is not None or not location.path.is_file():
        return None
    return location.path


def _query(
    ctx: Any, sql: str, params: Sequence[str], tables: Sequence[str]
) -> list[tuple[Any, ...]]:
    """``sql`` on the database when it exists (read-only); before the first command has
    built one (or for a server, which a <TAB> does not reach), on the curated rows of
    ``tables``, read into memory."""
    import sqlite3  # only when a <TAB> asks for values

    path = _database(ctx)
    try:
        if path is not None:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)
        else:
            conn = _curated(tables)
        try:
            return [tuple(r) for r in conn.execute(sql, params).fetchall()]
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        return []


# A statement of the seed file that fills one of the tables asked for.
_INSERT = re.compile(r"INSERT INTO (\w+) \(([^)]*)\) VALUES")


def _curated(tables: Sequence[str]) -> "sqlite3.Connection":
    """An in-memory database holding the seed file's rows of ``tables`` (each made with
    the columns its INSERTs name): what the first command would load, without a file."""
    import sqlite3

    from ivig_evidence.resources import seed_file

    statements: dict[str, list[str]] = {t: [] for t in tables}
    columns: dict[str, dict[str, None]] = {t: {} for t in tables}
    buffer: list[str] = []
    with seed_file().open(encoding="utf-8") as seed:
        for line in seed:
            if not buffer:
                start = _INSERT.match(line)
                if start is None or start.group(1) not in statements:
                    continue  # a comment, or another table's rows
                table = start.group(1)
                columns[table].update(dict.fromkeys(c.strip() for c in start.group(2).split(",")))
            buffer.append(line)
            if sqlite3.complete_statement("".join(buffer)):
                statements[table].append("".join(buffer))
                buffer = []
    conn = sqlite3.connect(":memory:")
    for table in tables:
        conn.execute(f"CREATE TABLE {table} ({', '.join(columns[table]) or 'id'})")
        for statement in statements[table]:
            conn.execute(statement)
    return conn


def indications(ctx: Any, incomplete: str) -> list[str]:
    rows = _query(
        ctx,
        "SELECT slug, NULL FROM indications "
        "UNION ALL SELECT indication_slug, alias FROM indication_aliases",
        (),
        ("indications", "indication_aliases"),
    )
    slugs, aliases = completable_names(rows)
    # Nothing typed yet: the slugs, a short list to choose from; a word begun: the
    # aliases that begin with it too.
    return _starting(slugs + (aliases if incomplete else []), incomplete)


def completable_names(rows: Iterable[tuple[Any, ...]]) -> tuple[list[str], list[str]]:
    """The slugs, and the aliases that name one indication each as a word a shell can
    take ('adult-onset Still's disease' is adult-onset-stills-disease, which ivig reads
    as the alias: names compare by letters and digits alone). An alias that names two
    ('still': aosd or sjia) is left out: ivig would ask which."""
    slugs: set[str] = set()
    named: dict[str, set[str]] = {}
    for slug, alias in rows:
        if alias is None:
            slugs.add(str(slug))
        else:
            named.setdefault(alias_word(str(alias)), set()).add(str(slug))
    aliases = {word for word, meant in named.items() if len(meant) == 1 and word}
    return sorted(slugs), sorted(aliases - slugs)


def alias_word(alias: str) -> str:
    """An alias as one word: lowercase, apostrophes dropped, any other gap a hyphen."""
    text = re.sub(r"['\u2019]", "", alias.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def record_ids(ctx: Any, incomplete: str) -> list[str]:
    rows = _query(
        ctx,
        "SELECT id FROM (SELECT id FROM studies UNION SELECT id FROM publications "
        "UNION SELECT slug FROM indications) WHERE lower(id) LIKE ? ORDER BY id LIMIT 200",
        (incomplete.lower() + "%",),
        ("studies", "publications", "indications"),
    )
    return [str(r[0]) for r in rows]


def _starting(values: Sequence[str], incomplete: str) -> list[str]:
    return [v for v in values if v.startswith(incomplete.lower())]


def designs(incomplete: str) -> list[str]:
    return _starting(vocab.values(vocab.Design), incomplete)


def populations(incomplete: str) -> list[str]:
    return _starting(vocab.values(vocab.Population), incomplete)


def directions(incomplete: str) -> list[str]:
    return _starting(vocab.values(vocab.Direction), incomplete)


def statuses(incomplete: str) -> list[str]:
    return _starting(vocab.values(vocab.Status), incomplete)
