"""The peer of `ivig import` for benchmark target 7: a plain sqlite3 executemany loader.

    python bench/peer_import.py DB studies.jsonl [--replace]

Reads the same JSON Lines file and inserts the same rows (studies, their
indication links and statements) in one transaction, with no checking at all;
with --replace it first deletes those studies' rows (the peer of `import --update`).
"""

from __future__ import annotations

import json
import sqlite3
import sys


def main() -> None:
    db, path = sys.argv[1], sys.argv[2]
    replace = "--replace" in sys.argv[3:]
    studies, links, statements = [], [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            studies.append(
                (
                    r["id"],
                    r["first_author"],
                    r["year"],
                    r["design"],
                    r["population"],
                    r["n"],
                    r["outcome"],
                    r["direction"],
                )
            )
            links.extend((r["id"], slug) for slug in r["indications"])
            statements.extend(
                (f"st-{r['id']}-{i}", s["document"], s["quote"], "unconfirmed", r["id"])
                for i, s in enumerate(r["sources"], 1)
            )
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = ON")
    with conn:
        if replace:
            ids = [(row[0],) for row in studies]
            for table, column in (
                ("statements", "study_id"),
                ("study_indications", "study_id"),
                ("studies", "id"),
            ):
                conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", ids)
        conn.executemany(
            "INSERT INTO studies (id, first_author, year, design, population, n, result, "
            "direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            studies,
        )
        conn.executemany(
            "INSERT INTO study_indications (study_id, indication_slug) VALUES (?, ?)", links
        )
        conn.executemany(
            "INSERT INTO statements (id, document_id, quote, status, study_id) "
            "VALUES (?, ?, ?, ?, ?)",
            statements,
        )
    conn.close()


if __name__ == "__main__":
    main()
