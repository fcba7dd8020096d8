"""Rules of schema revision 0018 on small fixtures written into a copy of the release:
a label's approval beside bodies' positions, documents that suggest different doses,
an infusion-rate limit and its arithmetic, a position's own category and edition
status, and a search by an indication's alias."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

# A fixture indication with nothing of the release on it: only these tests' rows.
INDICATION = "aps"


def execute(db: Path, sql: str, *params: Any) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(sql, params)


@pytest.fixture(autouse=True)
def _fixture_indication(db_path: Path) -> None:
    execute(
        db_path,
        "INSERT INTO indications (slug, name, relation_to_ra, family, origin) VALUES "
        "(?, 'Antiphospholipid syndrome', 'other_disease', 'antiphospholipid_syndrome', 'local')",
        INDICATION,
    )


def add_position(db: Path, pid: str, stance: str, **extra: Any) -> None:
    columns = {
        "id": pid,
        "kind": extra.pop("kind", "guideline"),
        "body": extra.pop("body", f"Body {pid}"),
        "indication_slug": INDICATION,
        "stance": stance,
        "wording": f"words of {pid}",
        "origin": "local",
        **extra,
    }
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    execute(db, f"INSERT INTO positions ({names}) VALUES ({marks})", *columns.values())


def add_suggested(db: Path, rid: str, document: str, **terms: Any) -> None:
    values = {
        "id": rid,
        "context": "suggested",
        "amount_low": 2,
        "amount_high": 2,
        "unit": "g/kg",
        "basis": "per_course",
        "days_low": 2,
        "days_high": 5,
        "repeat_interval": "every_4_weeks",
        "text": f"dose of {rid}",
        "ambiguous": 0,
        "origin": "local",
        **terms,
    }
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    execute(db, f"INSERT INTO dose_regimens ({names}) VALUES ({marks})", *values.values())
    execute(
        db,
        "INSERT INTO regimen_indications (regimen_id, indication_slug) VALUES (?, ?)",
        rid,
        INDICATION,
    )
    execute(
        db,
        "INSERT INTO statements (id, document_id, quote, status, regimen_id) "
        "VALUES (?, ?, ?, 'unconfirmed', ?)",
        f"st-{rid}",
        document,
        f"dose of {rid}",
        rid,
    )


def conflicts_about(ivig: Any, about: str) -> list[dict[str, Any]]:
    run = ivig("conflicts", "-f", "json")
    assert run.exit_code == 0, run.stderr
    return [c for c in run.json() if c["about"] == about]


def test_a_labels_approval_beside_a_recommendation_is_no_disagreement(
    ivig: Any, db_path: Path
) -> None:
    add_position(db_path, "label-kd", "approved", kind="regulatory_label", body="Label X")
    add_position(db_path, "body-kd", "recommended")
    assert conflicts_about(ivig, f"positions on {INDICATION}") == []
    add_position(db_path, "doubter-kd", "not_recommended")
    (found,) = conflicts_about(ivig, f"positions on {INDICATION}")
    assert "Label X: 7. approved on the label" in found["quote"]
    assert "3. not routine" in found["quote"]


def test_a_label_approval_and_a_conditional_position_agree(ivig: Any, db_path: Path) -> None:
    add_position(db_path, "label-kd", "approved", kind="regulatory_label", body="Label X")
    add_position(db_path, "body-kd", "conditionally_recommended")
    assert conflicts_about(ivig, f"positions on {INDICATION}") == []


def test_documents_that_suggest_different_doses_are_a_disagreement(
    ivig: Any, db_path: Path
) -> None:
    add_suggested(db_path, "label-dose", "ameripharma-ivig-ra")
    add_suggested(db_path, "body-dose", "droracle-2025", days_low=2, days_high=2)
    (found,) = conflicts_about(ivig, f"doses for {INDICATION}")
    assert found["status"] == "doses differ"
    assert "ameripharma-ivig-ra: \u201cdose of label-dose\u201d" in found["quote"]
    assert "droracle-2025: \u201cdose of body-dose\u201d" in found["quote"]
    run = ivig("conflicts", "--status", "doses", "-f", "json")
    assert {c["status"] for c in run.json()} == {"doses differ"}
    assert f"doses for {INDICATION}" in [c["about"] for c in run.json()]


def test_one_documents_several_doses_or_two_documents_agreeing_are_not(
    ivig: Any, db_path: Path
) -> None:
    add_suggested(db_path, "label-dose", "ameripharma-ivig-ra")
    add_suggested(db_path, "label-maintenance", "ameripharma-ivig-ra", amount_low=1, amount_high=1)
    assert conflicts_about(ivig, f"doses for {INDICATION}") == []
    add_suggested(db_path, "body-dose", "droracle-2025")
    add_suggested(db_path, "body-maintenance", "droracle-2025", amount_low=1, amount_high=1)
    assert conflicts_about(ivig, f"doses for {INDICATION}") == []


def test_a_rate_limit_is_shown_with_its_arithmetic(ivig: Any, db_path: Path) -> None:
    add_suggested(
        db_path,
        "label-dose",
        "ameripharma-ivig-ra",
        rate_text="at most 0.04 mL/kg/min (4 mg/kg/min)",
        max_rate_mg_per_kg_min=4,
    )
    run = ivig("dose", "-i", INDICATION, "--weight", "80")
    assert run.exit_code == 0, run.stderr
    assert "at most 320 mg/min (19.2 g/h) = 4 mg/kg/min x 80 kg" in run.stdout
    assert "Infusion-rate limit, as stated: at most 0.04 mL/kg/min (4 mg/kg/min)" in run.stdout
    (regimen,) = ivig("dose", "-i", INDICATION, "-f", "json").json()
    assert regimen["max_rate_mg_per_kg_min"] == 4 and regimen["rate_text"].startswith("at most")


def test_a_rate_figure_needs_the_words_it_was_read_from(db_path: Path) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="max_rate_stated"):
        add_suggested(db_path, "label-dose", "ameripharma-ivig-ra", max_rate_mg_per_kg_min=4)


def test_a_suggested_dose_says_who_suggests_it(ivig: Any, db_path: Path) -> None:
    add_suggested(db_path, "article-dose", "droracle-2025")
    run = ivig("dose", "-i", INDICATION, "--weight", "80")
    assert "article-dose: suggested (secondary article)" in run.stdout


def test_an_edition_says_whether_it_still_applies(ivig: Any, db_path: Path) -> None:
    add_position(
        db_path,
        "old-kd",
        "not_supported",
        kind="funding_criteria",
        edition="Second Edition",
        edition_status="superseded",
        body_category="Chapter 8",
    )
    add_position(db_path, "new-kd", "recommended", edition="Version 3")
    (new, old) = sorted(
        ivig("positions", "-i", INDICATION, "-f", "json").json(), key=lambda p: p["id"]
    )
    assert new["edition_status"] is None and old["edition_status"] == "superseded"
    assert old["body_category"] == "Chapter 8"
    shown = ivig("positions", "-i", INDICATION, "--wide").stdout
    assert "Second Edition (superseded)" in shown and "Version 3 (status not recorded)" in shown
    with pytest.raises(sqlite3.IntegrityError):
        add_position(db_path, "odd-kd", "recommended", edition_status="withdrawn")


def test_a_search_by_an_alias_finds_the_other_names(ivig: Any, db_path: Path) -> None:
    execute(
        db_path,
        "UPDATE studies SET result = result || ' Seen in mucocutaneous lymph node syndrome.' "
        "WHERE id = 'kanik-1996' OR id = 'ra-low-dose-rct'",
    )
    hits = ivig("search", "KD", "-f", "json", "--limit", "200").json()
    assert hits[0]["kind"] == "indication" and hits[0]["id"] == "kawasaki"
    assert "mucocutaneous lymph node syndrome" in hits[0]["snippet"]
    assert any(h["kind"] == "study" and h["id"] == "ra-low-dose-rct" for h in hits[1:])


def test_an_alias_that_names_several_indications_widens_no_search(ivig: Any, db_path: Path) -> None:
    # 'vasculitis' names RA's vasculitis, AAV and EGPA: a search for Churg-Strauss must
    # not bring in every text that says vasculitis.
    hits = ivig("search", "Churg-Strauss", "-f", "json").json()
    assert [h["id"] for h in hits if h["kind"] == "indication"] == ["egpa"]
    marked = [
        m.lower() for h in hits[1:] for m in re.findall("\u00ab([^\u00bb]*)\u00bb", h["snippet"])
    ]
    assert marked and "vasculitis" not in marked


def test_a_superseded_edition_comes_after_those_that_still_apply(ivig: Any, db_path: Path) -> None:
    add_position(db_path, "a-old", "recommended", edition_status="superseded", body="A Body")
    add_position(db_path, "z-new", "not_recommended", body="Z Body")
    listed = [p["id"] for p in ivig("positions", "-i", INDICATION, "-f", "json").json()]
    assert listed == ["z-new", "a-old"]
    add_suggested(db_path, "some-dose", "droracle-2025")
    shown = ivig("dose", "-i", INDICATION).stdout
    assert shown.index("Z Body") < shown.index("A Body")
    assert "superseded" in shown
