"""Write migrations/release_fingerprints.json: every row of every release made
before schema revision 0007, as revision 0007 sees it.

Revision 0007 gives each row an origin. It marks a row curated only when the
row matches, column for column, a row of some earlier release; this file is
what it compares with. The earlier releases are kept verbatim in
tests/fixtures/releases/, named by the schema revision they were written for.
Each is loaded into a database at its own revision, migrated to 0006 (the
shape 0007 reads), and every row of the origin tables is fingerprinted with the
migration's own function.

    python scripts/release_fingerprints.py          # rewrite the file
    python scripts/release_fingerprints.py --check  # exit 1 if it is stale
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from alembic import command

from ivig_evidence.store.db import write_engine
from ivig_evidence.store.migrate import alembic_config
from ivig_evidence.store.seed import load_seed

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ROOT / "tests" / "fixtures" / "releases"
OUTPUT = ROOT / "migrations" / "release_fingerprints.json"
BEFORE_ORIGIN = "0006_server_search"


def origin_migration() -> ModuleType:
    (path,) = (ROOT / "migrations" / "versions").glob("*_0007_row_origin.py")
    spec = importlib.util.spec_from_file_location("row_origin_0007", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def release_rows(seed: Path, revision: str, workdir: Path) -> dict[str, list[dict[str, Any]]]:
    """The seed's rows after migrating from ``revision`` to the shape 0007 reads."""
    engine = write_engine(workdir / f"{seed.stem}.sqlite", enforce_foreign_keys=False)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
            load_seed(conn, seed)
            command.upgrade(alembic_config(conn), BEFORE_ORIGIN)
        found: dict[str, list[dict[str, Any]]] = {}
        with engine.connect() as conn:
            for table in origin_migration().TABLES:
                # The key as it was at revision 0006, read from that database itself.
                info = conn.exec_driver_sql(f"PRAGMA table_info({table})").fetchall()
                key = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
                result = conn.exec_driver_sql(f"SELECT * FROM {table}")
                found[table] = [dict(row) | {"__key__": key} for row in result.mappings()]
        return found
    finally:
        engine.dispose()


def fingerprints() -> dict[str, Any]:
    migration = origin_migration()
    tables: dict[str, dict[str, Any]] = {}
    releases = []
    with tempfile.TemporaryDirectory() as workdir:
        # Releases written for 0007 or later carry their origin themselves.
        for seed in sorted(p for p in RELEASES.glob("*.sql") if p.stem < "0007"):
            revision = seed.stem
            releases.append(seed.name)
            for table, rows in release_rows(seed, revision, Path(workdir)).items():
                entry = tables.setdefault(table, {"key": None, "rows": {}})
                for row in rows:
                    key = row.pop("__key__")
                    entry["key"] = key
                    text = migration.key_text([row[c] for c in key])
                    digests = entry["rows"].setdefault(text, [])
                    digest = migration.row_fingerprint(row)
                    if digest not in digests:
                        digests.append(digest)
    for entry in tables.values():
        entry["rows"] = {k: sorted(v) for k, v in sorted(entry["rows"].items())}
    return {
        "about": "Fingerprints of every row of every release before schema revision 0007, "
        "written by scripts/release_fingerprints.py; read by that migration.",
        "releases": releases,
        "tables": dict(sorted(tables.items())),
    }


def render() -> str:
    return json.dumps(fingerprints(), indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is stale: run python scripts/release_fingerprints.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
