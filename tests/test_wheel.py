"""A plain (non-editable) install works with no checkout: migrations and seed travel in it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT


@pytest.mark.slow
def test_wheel_installs_and_answers_a_query(tmp_path: Path, subprocess_env) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO_ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = dist.glob("ivig_evidence-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "ivig_evidence/_data/seed.sql" in names
    assert any(
        n.startswith("ivig_evidence/_migrations/versions/") and n.endswith(".py") for n in names
    )
    assert "ivig_evidence/_migrations/env.py" in names
    assert "ivig_evidence/report.css" in names  # the dossier's style, inlined into each
    # The licence travels with the code, and the version is the package's own.
    from ivig_evidence import __version__

    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert f"Version: {__version__}" in text and "License-Expression: MIT" in text
    assert "Classifier: Typing :: Typed" in text and "Keywords:" in text

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )

    elsewhere = tmp_path / "elsewhere"  # far from any checkout
    elsewhere.mkdir()
    env = {**subprocess_env, "IVIG_DB": str(elsewhere / "evidence.sqlite")}
    done = subprocess.run(
        [str(bin_dir / "ivig"), "studies", "--design", "rct", "--format", "json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    # The installed wheel answers from its own copy of the release: every randomised
    # study the checkout's seed holds (the first page of them, strongest first).
    with sqlite3.connect(elsewhere / "evidence.sqlite") as conn:
        randomised = {
            sid
            for (sid,) in conn.execute(
                "SELECT id FROM studies WHERE design IN ('rct', 'rct_withdrawal', 'rct_crossover')"
            )
        }
    seed = (REPO_ROOT / "data" / "seed.sql").read_text(encoding="utf-8")
    assert randomised and all(f"('{sid}'," in seed for sid in randomised)
    assert {s["id"] for s in json.loads(done.stdout)} <= randomised
    assert {"silverman-1994", "jra-withdrawal", "ra-low-dose-rct"} <= randomised
    resources = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "from ivig_evidence.resources import migrations_dir, seed_file; "
            "print(migrations_dir()); print(seed_file())",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert str(REPO_ROOT) not in resources.stdout  # read from the installed wheel
