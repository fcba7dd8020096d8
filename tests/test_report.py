"""The evidence dossier: one self-contained HTML file that a browser renders, with
headers, a language, a titled chart, the disclaimer and no outside resource."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from tests.test_screen import _need


class Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture
def dossier(ivig: Any, db_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "aosd.html"
    run = ivig("report", "--indication", "aosd", "--html", str(target))
    assert run.exit_code == 0, run.stderr
    assert run.stdout == "" and str(target) in run.stderr
    return target


def test_the_dossier_is_self_contained_and_accessible(dossier: Path, ivig: Any) -> None:
    page = Structure()
    page.feed(dossier.read_text(encoding="utf-8"))
    tags = [t for t, _ in page.tags]
    (html,) = [a for t, a in page.tags if t == "html"]
    assert html.get("lang") == "en"
    assert "script" not in tags and "link" not in tags and "iframe" not in tags
    assert not [a for t, a in page.tags if t in ("img", "source") and "src" in a]
    assert tags.count("table") == tags.count("caption") >= 4
    # Every header cell says what it heads: a column, or a group of rows (a design, a
    # step of the scale) or a row (an indication on the map).
    scopes = [a.get("scope") for t, a in page.tags if t == "th"]
    assert "col" in scopes and set(scopes) <= {"col", "rowgroup", "row"}
    svg = [a for t, a in page.tags if t == "svg"]
    assert svg and svg[0].get("role") == "img" and "title" in tags
    text = " ".join(" ".join(page.text).split())
    assert "does not replace clinical judgement" in text
    release = ivig("db", "status", "-f", "json").json()[0]["data_release"]
    assert f"data release {release}" in text
    for study in ivig("studies", "-i", "aosd", "-f", "json").json():
        assert study["id"] in text  # every study of the indication (few here)
    # Status is a word as well as a colour: every coloured status says its word.
    import re

    marked = re.findall(r'<span class="status (\w+)">([^<]*)</span>', dossier.read_text())
    assert len(marked) >= len(ivig("studies", "-i", "aosd", "-f", "json").json())
    assert all(word == css for css, word in marked)
    assert "AMBIGUOUS" in text and "PMID 9631752" in text


def test_a_browser_renders_the_dossier(dossier: Path, tmp_path: Path) -> None:
    browser = _need("chromium")
    done = subprocess.run(
        [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", dossier.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-500:]
    dom = done.stdout
    assert "IVIG evidence dossier: Adult-onset Still's disease" in dom
    assert "Evidence map" in dom and "<svg" in dom and "References" in dom


def test_report_errors_are_one_line(ivig: Any, db_path: Path, tmp_path: Path) -> None:
    missing = ivig("report", "-i", "no-such", "--html", str(tmp_path / "x.html"))
    assert missing.exit_code == 2 and not (tmp_path / "x.html").exists()
    folder = ivig("report", "-i", "aosd", "--html", str(tmp_path))
    assert folder.exit_code == 2 and "directory" in folder.stderr
    to_stdout = ivig("report", "-i", "sjia", "--html", "-")
    assert to_stdout.exit_code == 0 and to_stdout.stdout.startswith("<!DOCTYPE html>")
