"""Rules the seed data never exercises, on small fixture databases written as SQL.

Each fixture is an empty database (migrations only) plus a few rows, so a test
states exactly the case it protects: statements of mixed status, an indication
tree three levels deep, a result of exactly --limit rows.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import run_on_terminal

DOCUMENT = "INSERT INTO publications (id, kind, title) VALUES ('doc', 'web_article', 'A source');\n"


def fixture_db(empty_db: Path, tmp_path: Path, sql: str) -> Path:
    path = tmp_path / "fixture.sqlite"
    path.write_bytes(empty_db.read_bytes())
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(DOCUMENT + sql)
    return path


def study(study_id: str, *, year: int = 2000, design: str = "rct", n: int | None = 10) -> str:
    return (
        "INSERT INTO studies (id, first_author, year, design, population, direction, n) VALUES "
        f"('{study_id}', 'Author', {year}, '{design}', 'ra', 'benefit', "
        f"{'NULL' if n is None else n});\n"
    )


def statement(statement_id: str, study_id: str, status: str) -> str:
    checked = "NULL" if status == "unconfirmed" else "'a record (https://example.org)'"
    note = "'it differs'" if status == "contradicted" else "NULL"
    return (
        "INSERT INTO statements (id, document_id, quote, status, status_note, checked_against, "
        f"study_id) VALUES ('{statement_id}', 'doc', 'Said so.', '{status}', {note}, {checked}, "
        f"'{study_id}');\n"
    )


# ------------------------------------------------------------------ confirmation status

MIXED = (
    study("all-confirmed")
    + statement("s1", "all-confirmed", "confirmed")
    + statement("s2", "all-confirmed", "confirmed")
    + study("one-unconfirmed")
    + statement("s3", "one-unconfirmed", "confirmed")
    + statement("s4", "one-unconfirmed", "unconfirmed")
    + study("one-contradicted")
    + statement("s5", "one-contradicted", "confirmed")
    + statement("s6", "one-contradicted", "contradicted")
    + statement("s7", "one-contradicted", "unconfirmed")
    + study("no-statements")
)


def test_a_study_is_confirmed_only_if_every_statement_is(
    ivig: Any, empty_db: Path, tmp_path: Path
) -> None:
    db = fixture_db(empty_db, tmp_path, MIXED)
    listed = {s["id"]: s["status"] for s in ivig("studies", "--db", str(db), "-f", "json").json()}
    assert listed == {
        "all-confirmed": "confirmed",
        "one-unconfirmed": "unconfirmed",
        "one-contradicted": "contradicted",
        "no-statements": "unconfirmed",
    }
    for status, expected in (
        ("confirmed", ["all-confirmed"]),
        ("unconfirmed", ["no-statements", "one-unconfirmed"]),
        ("contradicted", ["one-contradicted"]),
    ):
        # The SQL filter and the Python rule must agree.
        run = ivig("studies", "--db", str(db), "--status", status, "-f", "json")
        assert sorted(s["id"] for s in run.json()) == expected, status


# ------------------------------------------------------------------ indication trees

TREE = (
    "INSERT INTO indications (slug, name, relation_to_ra, parent_slug) VALUES "
    "('top', 'Top', 'ra', NULL), ('middle', 'Middle', 'ra_subgroup', 'top'), "
    "('bottom', 'Bottom', 'ra_subgroup', 'middle'), ('other', 'Other', 'related', NULL);\n"
    + study("on-bottom", n=7)
    + "INSERT INTO study_indications (study_id, indication_slug) VALUES ('on-bottom', 'bottom');\n"
    + study("on-other", n=100)
    + "INSERT INTO study_indications (study_id, indication_slug) VALUES ('on-other', 'other');\n"
    + "INSERT INTO positions (id, kind, body, indication_slug, stance, wording) VALUES "
    "('p-bottom', 'guideline', 'A body', 'bottom', 'not_recommended', 'Do not use.');\n"
    + "INSERT INTO dose_regimens (id, context, basis, repeat_interval, text, ambiguous) VALUES "
    "('r-bottom', 'suggested', 'per_day', 'once', '1 g/kg', 0);\n"
    + "INSERT INTO regimen_indications (regimen_id, indication_slug) VALUES "
    "('r-bottom', 'bottom');\n"
)


def test_every_view_of_an_indication_reaches_three_levels_down(
    ivig: Any, empty_db: Path, tmp_path: Path
) -> None:
    db = fixture_db(empty_db, tmp_path, TREE)
    at = ("--db", str(db))
    assert [s["id"] for s in ivig("studies", *at, "-i", "top", "-f", "json").json()] == [
        "on-bottom"
    ]
    assert [p["id"] for p in ivig("positions", *at, "-i", "top", "-f", "json").json()] == [
        "p-bottom"
    ]
    assert [r["id"] for r in ivig("dose", *at, "-i", "top", "-f", "json").json()] == ["r-bottom"]
    summaries = {s["slug"]: s for s in ivig("indications", *at, "-f", "json").json()}
    assert summaries["top"]["studies"] == 1 and summaries["top"]["patients"] == 7
    assert summaries["middle"]["studies"] == 1
    assert summaries["other"]["studies"] == 1 and summaries["other"]["patients"] == 100
    profile = ivig("evidence", *at, "-i", "top", "-f", "json").json()[0]
    assert profile["includes"] == ["top", "middle", "bottom"]
    assert [s["id"] for group in profile["studies"] for s in group["studies"]] == ["on-bottom"]


# ------------------------------------------------------------------ exactly --limit rows


def _studies(count: int) -> str:
    return "".join(study(f"s-{i:02d}", year=1990 + i) for i in range(count))


@pytest.mark.parametrize(("count", "more"), [(3, False), (4, True)])
def test_more_rows_is_said_only_when_there_are_more(
    ivig: Any, empty_db: Path, tmp_path: Path, count: int, more: bool
) -> None:
    db = fixture_db(empty_db, tmp_path, _studies(count))
    listed = ivig("studies", "--db", str(db), "--limit", "3")
    assert listed.exit_code == 0
    assert ("more studies than the 3 shown" in listed.stderr) is more
    assert listed.stdout.count("s-0") == 3
    queried = ivig("sql", "--db", str(db), "SELECT id FROM studies", "--limit", "3")
    assert ("more rows than the 3 shown" in queried.stderr) is more


def test_the_total_counted_on_a_terminal_follows_the_filters(
    empty_db: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    rows = _studies(5) + study("old-cohort", year=1980, design="observational")
    db = fixture_db(empty_db, tmp_path, rows)
    code, screen = run_on_terminal(
        ["--db", str(db), "studies", "--design", "rct", "--limit", "2"], subprocess_env
    )
    assert code == 0
    assert "showing 2 of 5 studies" in screen  # the observational study is not counted


def test_a_dose_table_at_exactly_its_limit_says_nothing_more(
    ivig: Any, empty_db: Path, tmp_path: Path
) -> None:
    regimens = "".join(
        "INSERT INTO dose_regimens (id, context, basis, repeat_interval, text, ambiguous) "
        f"VALUES ('r{i}', 'suggested', 'per_day', 'once', '{i} g/kg', 0);\n"
        "INSERT INTO regimen_indications (regimen_id, indication_slug) "
        f"VALUES ('r{i}', 'ind');\n"
        for i in range(1, 4)
    )
    tree = "INSERT INTO indications (slug, name, relation_to_ra) VALUES ('ind', 'Ind', 'ra');\n"
    db = fixture_db(empty_db, tmp_path, tree + regimens)
    exact = ivig("dose", "--db", str(db), "-i", "ind", "--limit", "3")
    assert exact.exit_code == 0 and "more regimens" not in exact.stderr
    short = ivig("dose", "--db", str(db), "-i", "ind", "--limit", "2")
    assert "more regimens than the 2 shown" in short.stderr
