"""`ivig serve`: the database in Datasette, started on a free loopback port and asked
for JSON, as a browser or a script would."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import PYTHON
from tests.test_curation import NEW_STUDY, write_json

pytestmark = pytest.mark.serve

pytest.importorskip("datasette")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_serve(db_path: Path, port: int, env: dict[str, str]) -> subprocess.Popen[str]:
    """`ivig serve` on ``port``, returned once Datasette answers."""
    process = subprocess.Popen(
        [PYTHON, "-m", "ivig_evidence", "--db", str(db_path), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(150):
        if answers(port):
            return process
        if process.poll() is not None:
            pytest.fail(process.stderr.read() if process.stderr else "serve stopped")
        time.sleep(0.2)
    process.kill()
    pytest.fail("ivig serve did not answer in 30 seconds")


def answers(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=1)
    except OSError:
        return False
    return True


def stop_serve(process: subprocess.Popen[str], port: int) -> None:
    process.terminate()
    process.wait(timeout=30)
    # Stopping ivig stops Datasette: nothing is left listening on the port.
    for _ in range(50):
        if not answers(port):
            return
        time.sleep(0.2)
    pytest.fail("Datasette still answers after ivig serve was stopped")


@contextmanager
def serving(db_path: Path, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    process = start_serve(db_path, port, env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_serve(process, port)


@pytest.fixture
def serve_env(tmp_path: Path, subprocess_env: dict[str, str]) -> dict[str, str]:
    return {**subprocess_env, "XDG_CACHE_HOME": str(tmp_path / "cache")}


@pytest.fixture
def served(db_path: Path, serve_env: dict[str, str]) -> Iterator[str]:
    with serving(db_path, serve_env) as base:
        yield base


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_serve_answers_with_metadata_facets_search_and_queries(served: str, ivig: Any) -> None:
    meta = get(served + "/-/metadata.json")
    assert "does not replace clinical judgement" in meta["description"]
    tables = meta["databases"]["ivig"]["tables"]
    assert tables["studies"]["columns"]["design"]  # descriptions from the schema docs
    for internal in ("search_index", "search_index_rows", "summary_counts", "alembic_version"):
        assert tables[internal] == {"hidden": True}, internal
    facets = get(served + "/ivig/studies.json?_facet=design&_size=0")["facet_results"]
    expected = {d for d in (s["design"] for s in ivig("studies", "-f", "json", "--all").json())}
    assert {r["value"] for r in facets["design"]["results"]} == expected
    found = get(served + "/ivig/studies.json?_search=Kanik&_shape=array")
    assert [r["id"] for r in found] == ["ra-low-dose-rct"]
    titles = get(served + "/ivig/publications.json?_search=Still%27s&_shape=array")
    assert any("Still" in (r["title"] or "") for r in titles)
    trials = get(served + "/ivig/randomised_trials.json?_shape=array")
    assert {t["id"] for t in trials} == {
        s["id"] for s in ivig("studies", "-d", "rct", "-f", "json").json()
    }


def test_serve_is_read_only(served: str) -> None:
    try:
        urllib.request.urlopen(served + "/ivig.json?sql=DELETE+FROM+studies", timeout=10)
        pytest.fail("a DELETE was accepted")
    except urllib.error.HTTPError as refused:
        assert refused.code == 400
        assert "SELECT" in json.loads(refused.read())["error"]
    assert get(served + "/ivig.json?sql=select+count(*)+as+n+from+studies&_shape=array")[0]["n"]


def test_serve_without_datasette_or_on_a_server_is_one_line(ivig: Any) -> None:
    run = ivig("--db-url", "postgresql+psycopg://nobody@127.0.0.1:1/none", "serve")
    assert run.exit_code == 2 and "SQLite file" in run.stderr


def served_studies(base: str) -> int:
    found = get(base + "/ivig.json?sql=select+count(*)+as+n+from+studies&_shape=array")
    return int(found[0]["n"])


def test_serve_serves_commits_still_in_the_wal(
    db_path: Path, tmp_path: Path, serve_env: dict[str, str], ivig: Any
) -> None:
    # A reader holding its snapshot open keeps every later commit in the -wal: no
    # checkpoint can copy them into the main file, whose size and time stay as they were.
    holder = sqlite3.connect(db_path)
    try:
        holder.execute("BEGIN")
        before = int(holder.execute("SELECT count(*) FROM studies").fetchone()[0])
        with serving(db_path, serve_env) as base:
            assert served_studies(base) == before
        main = db_path.stat()
        added = ivig("import", str(write_json(tmp_path / "new.json", [NEW_STUDY])))
        assert added.exit_code == 0, added.stderr
        assert (db_path.stat().st_size, db_path.stat().st_mtime_ns) == (
            main.st_size,
            main.st_mtime_ns,
        )
        assert Path(f"{db_path}-wal").stat().st_size > 0
        committed = len(ivig("studies", "-f", "json", "--all").json())
        assert committed == before + 1
        with serving(db_path, serve_env) as base:
            assert served_studies(base) == committed
    finally:
        holder.close()


def test_a_busy_port_is_one_line_before_anything_else(
    db_path: Path, tmp_path: Path, serve_env: dict[str, str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        run = subprocess.run(
            [PYTHON, "-m", "ivig_evidence", "--db", str(db_path), "serve", "--port", str(port)],
            env=serve_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr == (
        f"ivig: error: port {port} on 127.0.0.1 is in use; choose another with --port.\n"
    )
    assert not (tmp_path / "cache").exists()  # nothing was prepared either


def datasette_processes(port: int) -> list[int]:
    """Live processes whose command line is a Datasette on ``port``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile
            continue
        if b"datasette" in args and str(port).encode() in args:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl are Linux's")
def test_a_killed_serve_leaves_no_datasette_behind_and_its_copy_goes_next_time(
    db_path: Path, tmp_path: Path, serve_env: dict[str, str], ivig: Any
) -> None:
    port = free_port()
    process = start_serve(db_path, port, serve_env)
    children = datasette_processes(port)
    assert children, "no Datasette process found for the port"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    try:
        for _ in range(50):
            if not datasette_processes(port) and not answers(port):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"Datasette {children} outlived ivig serve, killed")
    finally:
        for child in datasette_processes(port):  # never leave one for the next test
            os.kill(child, signal.SIGKILL)
    cache = tmp_path / "cache" / "ivig-evidence" / "serve"
    [killed_copy] = [p for p in cache.iterdir() if p.is_dir()]
    assert (killed_copy / f"serving.{process.pid}").exists()
    # The data changes; the next serve serves a new copy and removes the killed one's.
    assert ivig("import", str(write_json(tmp_path / "new.json", [NEW_STUDY]))).exit_code == 0
    with serving(db_path, serve_env):
        copies = [p for p in cache.iterdir() if p.is_dir()]
        assert len(copies) == 1 and copies[0] != killed_copy
        assert [m.name for m in copies[0].glob("serving.*")] != []
    assert list(copies[0].glob("serving.*")) == []  # a serve that stops says so
    assert sorted(p.name for p in cache.iterdir()) == [copies[0].name]


# ------------------------------------------------------------------ search and canned queries


def test_serve_searches_study_notes_and_shows_search_boxes_where_there_is_search(
    served: str, db_path: Path, ivig: Any
) -> None:
    # "hepatitis" is in none of the Kanik trial's own columns, only in its study notes
    # (the trial stopped over a hepatitis C scare): Datasette finds the study by them.
    with sqlite3.connect(db_path) as conn:
        own = conn.execute(
            "SELECT count(*) FROM studies WHERE id = 'ra-low-dose-rct' AND lower("
            "COALESCE(note, '') || COALESCE(result, '') || COALESCE(outcome_measures, '') || "
            "COALESCE(population_text, '') || COALESCE(comparator, '')) LIKE '%hepatitis%'"
        ).fetchone()[0]
    assert own == 0
    found = get(served + "/ivig/studies.json?_search=hepatitis&_shape=array")
    assert [r["id"] for r in found] == ["ra-low-dose-rct"]
    aliased = get(served + "/ivig/indications.json?_search=rhupus+syndrome&_shape=array")
    assert [r["slug"] for r in aliased] == ["rhupus"]
    # The canned query takes a name as `ivig studies --indication` does.
    named = get(
        served
        + "/ivig/studies_for_an_indication.json?indication=treatment-refractory+RA&_shape=array"
    )
    listed = ivig("studies", "-i", "treatment-refractory RA", "--all", "-f", "json").json()
    assert [r["id"] for r in named] == [s["id"] for s in listed] != []

    def page(table: str) -> str:
        with urllib.request.urlopen(f"{served}/ivig/{table}", timeout=10) as response:
            return str(response.read().decode())

    assert 'id="_search"' in page("studies") and 'id="_search"' in page("indications")
    assert 'id="_search"' not in page("study_indications")


@pytest.fixture(scope="module")
def datasette(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The copy `ivig serve` serves, in Datasette's own Python API: ``ask(*urls)`` gets
    each address's JSON (or, for a page, its HTML) in one event loop."""
    import asyncio

    from datasette.app import Datasette

    from ivig_evidence.serve import served_copy

    copy = served_copy(built_db, tmp_path_factory.mktemp("cache"), None)
    app = Datasette(immutables=[str(copy.database)], metadata=json.loads(copy.metadata.read_text()))

    async def fetch(urls: tuple[str, ...]) -> list[Any]:
        answers = []
        for url in urls:
            response = await app.client.get(url)
            assert response.status_code == 200, (url, response.text[:300])
            answers.append(response.json() if ".json" in url else response.text)
        return answers

    def ask(*urls: str) -> list[Any]:
        return asyncio.run(fetch(urls))

    yield ask
    copy.release()


# Where Datasette finds each kind of record `ivig search` finds: the table and the
# column that is its key there (a study note is found as its study too).
SEARCHED_AS: dict[str, list[tuple[str, str, str]]] = {
    # kind: [(table, key column, which id of the entry: ref or parent)]
    "publication": [("publications", "id", "ref")],
    "study": [("studies", "id", "ref")],
    "study_note": [("studies", "id", "parent"), ("study_notes", "id", "ref")],
    "regimen": [("dose_regimens", "id", "ref")],
    "position": [("positions", "id", "ref")],
    "claim": [("claims", "id", "ref")],
    "statement": [("statements", "id", "ref")],
}


def test_datasette_finds_every_entry_ivig_search_finds(datasette: Any, built_db: Path) -> None:
    import re
    import urllib.parse

    with sqlite3.connect(built_db) as conn:
        entries = conn.execute(
            "SELECT kind, ref_id, parent_id, field, body FROM search_index ORDER BY rowid"
        ).fetchall()
    assert {kind for kind, *_ in entries} == set(SEARCHED_AS)
    asked: list[tuple[str, str, str]] = []  # (url, key column, id wanted)
    for kind, ref_id, parent_id, _field, body in entries:
        word = max(re.findall(r"[A-Za-z]{4,}", body) or [body], key=len)
        for table, key, which in SEARCHED_AS[kind]:
            query = urllib.parse.urlencode({"_search": word, "_shape": "array", "_size": "max"})
            wanted = ref_id if which == "ref" else parent_id
            asked.append((f"/ivig/{table}.json?{query}&_col={key}", key, wanted))
    answers = datasette(*(url for url, _, _ in asked))
    missed = [
        (url, wanted)
        for (url, key, wanted), rows in zip(asked, answers, strict=True)
        if wanted not in {r[key] for r in rows}
    ]
    assert not missed, missed[:5]
    assert len(asked) > 500


def test_only_tables_with_text_to_search_show_a_search_box(datasette: Any) -> None:
    from ivig_evidence.schema_docs import SCHEMA_DOCS
    from ivig_evidence.serve import SEARCHABLE

    codes_and_links = {
        "data_release", "indication_aliases", "study_indications", "regimen_indications",
    }  # fmt: skip
    assert set(SCHEMA_DOCS) == set(SEARCHABLE) | codes_and_links
    tables = sorted(SCHEMA_DOCS)
    pages = datasette(*(f"/ivig/{table}" for table in tables))
    boxed = {table for table, page in zip(tables, pages, strict=True) if 'id="_search"' in page}
    assert boxed == set(SEARCHABLE)
    # Searched in a table that has search: the rows that match, not every row.
    every, found = datasette(
        "/ivig/positions.json?_shape=array&_size=max",
        "/ivig/positions.json?_search=Privigen&_shape=array&_size=max",
    )
    assert 0 < len(found) < len(every)


def test_canned_queries_take_a_slug_or_a_name_and_the_indications_beneath(
    datasette: Any, ivig: Any, db_path: Path
) -> None:
    import urllib.parse

    slugs = [i["slug"] for i in ivig("indications", "-f", "json").json()]
    names = ["rheumatoid arthritis", "Juvenile Rheumatoid Arthritis", "RA-SLE overlap"]
    assert len(slugs) >= 10
    for asked in [*slugs, *names]:
        query = urllib.parse.urlencode({"indication": asked, "_shape": "array", "_size": "max"})
        studies, doses, positions = datasette(
            f"/ivig/studies_for_an_indication.json?{query}",
            f"/ivig/doses_for_an_indication.json?{query}",
            f"/ivig/positions_on_an_indication.json?{query}",
        )
        listed = ivig("studies", "-i", asked, "--all", "-f", "json").json()
        assert [s["id"] for s in studies] == [s["id"] for s in listed], asked
        dosed = ivig("dose", "-i", asked, "-f", "json").json()
        assert [r["id"] for r in doses] == [r["id"] for r in dosed], asked
        said = ivig("positions", "-i", asked, "-f", "json").json()
        assert {p["id"] for p in positions} == {p["id"] for p in said}, asked
    # The RA trial is filed under refractory RA: RA's listing includes it.
    ra = datasette("/ivig/studies_for_an_indication.json?indication=ra&_shape=array&_size=max")
    assert "ra-low-dose-rct" in {s["id"] for s in ra[0]}
    # A name for two indications names neither, as ivig asks which one.
    assert ivig("studies", "-i", "Still's disease").exit_code != 0
    (either,) = datasette(
        "/ivig/studies_for_an_indication.json?indication=Still%27s+disease&_shape=array"
    )
    assert either == []
