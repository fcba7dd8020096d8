"""`ivig serve`: the database in Datasette, started on a free loopback port and asked
for JSON, as a browser or a script would."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import PYTHON

pytest.importorskip("datasette")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(db_path: Path, tmp_path: Path, subprocess_env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    env = {**subprocess_env, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [PYTHON, "-m", "ivig_evidence", "--db", str(db_path), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(process.stderr.read() if process.stderr else "serve stopped")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
    # Stopping ivig stops Datasette: nothing is left listening on the port.
    for _ in range(50):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
        except OSError:
            break
        time.sleep(0.2)
    else:
        pytest.fail("Datasette still answers after ivig serve was stopped")


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
