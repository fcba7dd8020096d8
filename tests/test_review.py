"""`ivig review` through the real CLI on a real database file: the issue's worked example
(checked by hand, as far as the rules read support it), one case per recorded body, a
rule removed from the data turning its line into "not recorded", every line's source,
the refusals, every format and the page for the patient's file; and the criteria rows'
own rules (one sentence, the body's page, the schema's CHECKs, export and upgrade)."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.test_record_quotes import sentences, site

# The worked example of issue 30: a man, 175 cm, 100 kg, dermatomyositis, 2 g/kg.
EXAMPLE = [
    "review",
    "-i",
    "dermatomyositis",
    "--weight",
    "100",
    "--height",
    "175",
    "--sex",
    "male",
    "--dose",
    "2 g/kg",
    "--start",
    "2027-01-04",
]
ONTARIO = "Ontario Regional Blood Coordinating Network (ORBCoN): Ontario IG utilization management guidelines"
NBA = "National Blood Authority (Australia)"
OCTAGAM = "US prescribing information of Octagam 10% (Pfizer Laboratories Div Pfizer Inc)"


def review(ivig: Any, *args: str) -> dict[str, Any]:
    run = ivig(*args, "-f", "json")
    assert run.exit_code == 0, run.stderr
    (found,) = run.json()
    assert isinstance(found, dict)
    return found


def lines(view: dict[str, Any], section: str | None = None) -> list[dict[str, Any]]:
    return [
        line
        for s in view["sections"]
        if section is None or s["section"] == section
        for line in s["lines"]
    ]


def line(view: dict[str, Any], section: str, body: str | None, about: str) -> dict[str, Any]:
    (found,) = [x for x in lines(view, section) if x["body"] == body and x["about"] == about]
    return found


def criteria_ids(entry: dict[str, Any]) -> set[str]:
    return {s["id"] for s in entry["sources"] if s["kind"] == "criterion"}


# ------------------------------------------------------------------ the worked example


def test_the_worked_example_as_far_as_the_rules_read_support_it(ivig: Any) -> None:
    """Checked by hand: IBW 50 + 2.3 x (175/2.54 - 60) = 70.46 -> 70.5 kg; BMI 100/1.75^2
    = 32.65 -> 32.7; adjusted 70.46 + 0.4 x 29.54 = 82.28 -> 82.3 kg; 2 x 82.3 = 164.6 g;
    at actual weight 200 g. The 0.4 of that adjusted weight is the NBA's, read on its
    page; Ontario's calculator formula was past the part of its page read, so Ontario's
    own weight, and the 165 g its nearest-5 g rule would make of 164.6 g, are not
    recorded: the checklist says so rather than borrow Australia's formula."""
    view = review(ivig, *EXAMPLE)
    patient = line(view, "e", None, "the patient")
    assert patient["values"] == {"bmi": 32.7, "actual_course_g": 200}
    assert "BMI 32.7" in patient["text"] and "2 g/kg x 100 kg = 200 g a course" in patient["text"]
    assert patient["sources"][0]["kind"] == "order"

    # Australia: the dose-determining weight from the NBA's own formula.
    assert line(view, "e", NBA, "ideal body weight")["values"] == {"ideal_body_weight_kg": 70.5}
    dosing = line(view, "e", NBA, "dosing weight")
    assert dosing["values"] == {"dosing_weight_kg": 82.3}
    assert "70.5 + 0.4 x (100 - 70.5)" in dosing["text"]
    assert criteria_ids(dosing) == {"cr-au-ddw-formula"}
    course = line(view, "e", NBA, "course")
    assert course["values"]["course_g"] == 164.6
    assert "2 g/kg x 82.3 kg = 164.6 g a course" in course["text"]
    assert line(view, "e", NBA, "rounding")["text"] == "not recorded"

    # Ontario: its calculator must be used (BMI over 30), the Devine IBW it names, its
    # rounding of the course to the nearest 5 g; its adjusted-weight formula not read.
    rule = line(view, "e", ONTARIO, "weight rule")
    assert "must be used: BMI 32.7 is over 30" in rule["text"]
    assert {"cr-on-calc-bmi", "cr-on-calc-adjusted"} <= criteria_ids(rule)
    assert line(view, "e", ONTARIO, "ideal body weight")["values"] == {"ideal_body_weight_kg": 70.5}
    formula = line(view, "e", ONTARIO, "adjusted-weight formula")
    assert formula["recorded"] is False and formula["text"].startswith("not recorded")
    assert not [x for x in lines(view, "e") if x["body"] == ONTARIO and x["about"] == "course"]
    rounding = line(view, "e", ONTARIO, "rounding")
    assert "the course (the total dose) to the nearest 5 g" in rounding["text"]
    assert "not each day's dose" in rounding["text"]
    assert "rounded_course_g" not in rounding["values"]  # no Ontario course to round
    assert "165" not in json.dumps(lines(view, "e"))

    # The label's days and rate limit beside it.
    (label_regimen,) = [
        x for x in lines(view, "d") if x["about"] == "regimen" and x["body"] == OCTAGAM
    ]
    assert "over 2-5 days, every 4 weeks" in label_regimen["text"]
    rate = [x for x in lines(view, "f") if x["body"] == OCTAGAM]
    assert any("at most 4 mg/kg/min: 400 mg/min (24 g/h)" in x["text"] for x in rate)
    assert any("thromboembolic" in x["text"] for x in rate)

    # Review due 6 months after --start, then at least yearly (Ontario).
    (due,) = [x for x in lines(view, "g") if x["body"] == ONTARIO and "due" in x["values"]]
    assert due["values"]["due"] == "2027-07-04" and due["values"]["then_every_months"] == 12
    assert {"cr-on-um-review-first", "cr-on-rheum-iim-first"} <= criteria_ids(due)


def test_the_example_reads_every_section_with_its_sources(ivig: Any) -> None:
    view = review(ivig, *EXAMPLE)
    assert [s["section"] for s in view["sections"]] == list("abcdefgh")
    listing = " ".join(x["text"] for x in lines(view, "a"))
    assert "R4-IIM" in listing and "2nd line: IVIG" in listing
    assert any(x["about"] == "bodies differ" for x in lines(view, "a"))
    confirm = [x["text"] for x in lines(view, "c")]
    assert any(t.startswith("[ ] to confirm, tried first (1st line)") for t in confirm)
    maximum = line(view, "d", ONTARIO, "maximum dose")
    assert "at the maximum of 2 g/kg a course, not above it" in maximum["text"]
    assert any(x["about"] == "regimens differ" for x in lines(view, "d"))
    responses = " ".join(x["text"] for x in lines(view, "h") if x["body"] == ONTARIO)
    assert "objective measures of effectiveness" in responses


# ------------------------------------------------------------------ one case per body


def test_ontario_actual_weight_and_its_course_rounded_to_5_g(ivig: Any) -> None:
    """Ontario's rule fully read: under 152.4 cm, not obese, so the actual weight;
    2 g/kg x 47.3 kg = 94.6 g, which its nearest-5 g rule makes 95 g a course."""
    view = review(
        ivig, "review", "-i", "dermatomyositis", "--weight", "47.3", "--height", "150",
        "--sex", "female", "--dose", "2 g/kg",
    )  # fmt: skip
    rule = line(view, "e", ONTARIO, "weight rule")
    assert rule["values"] == {"weight": "actual"}
    assert "cr-on-calc-actual" in criteria_ids(rule)
    assert line(view, "e", ONTARIO, "course")["values"]["course_g"] == 94.6
    rounding = line(view, "e", ONTARIO, "rounding")
    assert rounding["values"] == {"step_g": 5, "rounded_course_g": 95}
    assert "94.6 g rounds to 95 g a course" in rounding["text"]


def test_ontario_paediatric_rule_and_the_juvenile_page(ivig: Any) -> None:
    view = review(
        ivig, "review", "-i", "juvenile-dm", "--weight", "30", "--height", "135", "--sex",
        "female", "--age", "10", "--dose", "2 g/kg over 2 days",
    )  # fmt: skip
    rule = line(view, "e", ONTARIO, "weight rule")
    assert rule["values"] == {"weight": "actual"}
    assert "cr-on-calc-paediatric" in criteria_ids(rule)
    assert line(view, "e", ONTARIO, "rounding")["values"]["rounded_course_g"] == 60
    nba = line(view, "e", NBA, "weight rule")
    assert nba["values"] == {"weight": "actual"} and "under 18" in nba["text"]
    maximum = line(view, "d", ONTARIO, "maximum dose")
    assert "(the page does not say per what)" in maximum["text"]
    assert any(
        "objective measures of sustained effectiveness" in x["text"] for x in lines(view, "h")
    )


def test_ontario_pre_pregnancy_weight_and_the_nba_pregnancy_exclusion(ivig: Any) -> None:
    view = review(
        ivig, "review", "-i", "dermatomyositis", "--weight", "80", "--height", "165",
        "--sex", "female", "--pregnant", "--pre-pregnancy-weight", "68", "--dose", "2 g/kg",
    )  # fmt: skip
    assert view["order"]["bmi"] == 25.0  # on the pre-pregnancy weight
    ontario = line(view, "e", ONTARIO, "weight rule")
    assert "pre-pregnancy weight 68 kg" in ontario["text"] and "should be used" in ontario["text"]
    assert "cr-on-calc-pregnant" in criteria_ids(ontario)
    nba = line(view, "e", NBA, "weight rule")
    assert nba["values"] == {"weight": "actual"} and "pregnant" in nba["text"]
    assert line(view, "e", NBA, "course")["values"]["course_g"] == 160


def test_the_nba_height_exclusion_gives_the_actual_weight(ivig: Any) -> None:
    view = review(
        ivig, "review", "-i", "dermatomyositis", "--weight", "80", "--height", "150",
        "--sex", "female", "--age", "40", "--dose", "2 g/kg",
    )  # fmt: skip
    nba = line(view, "e", NBA, "weight rule")
    assert nba["values"] == {"weight": "actual"} and "150 cm is under 152 cm" in nba["text"]
    assert all(s["status"] == "unconfirmed" for s in nba["sources"])  # read in Lifeblood's item
    assert line(view, "e", NBA, "course")["values"]["course_g"] == 160
    assert "must be used: BMI 35.6 is over 30" in line(view, "e", ONTARIO, "weight rule")["text"]


def test_a_rule_that_needs_what_was_not_given_says_so(ivig: Any) -> None:
    """Not obese, and the weight criterion depends on sex: Ontario's rule cannot tell
    which weight without --sex, and says so rather than guess."""
    view = review(
        ivig, "review", "-i", "dm", "--weight", "60", "--height", "170", "--dose", "2 g/kg"
    )
    rule = line(view, "e", ONTARIO, "weight rule")
    assert rule["values"] == {"weight": "undecided"} and "needs --sex" in rule["text"]
    nothing = review(ivig, "review", "-i", "dm", "--weight", "60", "--dose", "2 g/kg")
    assert "needs --height" in line(nothing, "e", ONTARIO, "weight rule")["text"]
    assert "needs --height" in line(nothing, "e", NBA, "weight rule")["text"]


def test_the_label_its_rate_at_the_weight_and_what_it_does_not_say(ivig: Any) -> None:
    view = review(ivig, "review", "-i", "dermatomyositis", "--weight", "70", "--dose", "2 g/kg")
    (label,) = [x for x in lines(view, "b") if x["body"] == OCTAGAM]
    assert label["text"].startswith("among the label's indications for dermatomyositis")
    assert "adults" in label["text"]
    assert any(
        "280 mg/min (16.8 g/h)" in x["text"] for x in lines(view, "f") if x["body"] == OCTAGAM
    )
    for section, about in (("e", "dosing weight"), ("e", "rounding"), ("g", "review")):
        assert line(view, section, OCTAGAM, about)["text"] == "not recorded"


# ------------------------------------------------------------------ removing a rule


def _delete(db: Path, *ids: str) -> None:
    with sqlite3.connect(db) as conn:
        marks = ", ".join("?" for _ in ids)
        conn.execute(f"DELETE FROM criteria WHERE id IN ({marks})", ids)


def test_removing_a_rounding_rule_or_a_review_interval_makes_it_not_recorded(
    ivig: Any, db_path: Path
) -> None:
    args = ("review", "-i", "dermatomyositis", "--weight", "47.3", "--height", "150",
            "--sex", "female", "--dose", "2 g/kg", "--start", "2027-01-04")  # fmt: skip
    before = review(ivig, *args)
    assert line(before, "e", ONTARIO, "rounding")["values"]["rounded_course_g"] == 95
    assert any(x["recorded"] for x in lines(before, "g") if x["body"] == ONTARIO)
    _delete(db_path, "cr-on-calc-rounding", "cr-on-calc-total")
    _delete(
        db_path, "cr-on-um-review-first", "cr-on-um-review-every", "cr-on-um-lowest-dose",
        "cr-on-rheum-iim-first", "cr-on-rheum-iim-every", "cr-on-iim-dm-review",
    )  # fmt: skip
    after = review(ivig, *args)
    rounding = line(after, "e", ONTARIO, "rounding")
    assert rounding["text"] == "not recorded" and rounding["recorded"] is False
    assert rounding["sources"][0]["kind"] == "none"
    (due,) = [x for x in lines(after, "g") if x["body"] == ONTARIO]
    assert due["text"] == "not recorded" and due["recorded"] is False
    assert "95" not in json.dumps(lines(after, "e"))


def test_removing_the_nba_formula_leaves_its_weight_not_recorded(ivig: Any, db_path: Path) -> None:
    _delete(db_path, "cr-au-ddw-formula")
    view = review(ivig, *EXAMPLE)
    formula = line(view, "e", NBA, "adjusted-weight formula")
    assert formula["recorded"] is False
    assert "164.6" not in json.dumps(lines(view, "e"))


# ------------------------------------------------------------------ every line's source


def sourceless(view: dict[str, Any]) -> list[str]:
    """Lines of the checklist without a source: no source at all, a recorded line whose
    row names no document, or a line 'not recorded' that does not say why."""
    missing = []
    for entry in lines(view):
        where = f"{entry['section']} {entry['about']} {entry['body']}"
        if not entry["sources"]:
            missing.append(where)
        for source in entry["sources"]:
            if source["kind"] == "order":
                ok = bool(source["quote"])
            elif source["kind"] == "none":
                ok = not entry["recorded"] or entry["about"] == "other products"
                ok = ok and bool(source["note"])
            else:
                ok = bool(source["document"]) and bool(source["quote"])
                ok = (
                    ok
                    and (source["url"] or "").startswith("https://")
                    or source["document"]
                    in (
                        "droracle-2025",
                        "ameripharma-ivig-ra",
                    )
                )
            if not ok:
                missing.append(where)
    return missing


REVIEWABLE = [
    "aav", "aosd", "dermatomyositis", "egpa", "gpa", "ibm", "iim", "iim-ild", "imnm",
    "juvenile-dm", "kawasaki", "mctd-ild", "mpa", "pjia", "polymyositis", "ra", "ra-ild",
    "ra-pregnancy", "ra-refractory", "rhupus", "sjia",
]  # fmt: skip


@pytest.mark.parametrize("indication", REVIEWABLE)
def test_every_line_names_its_source(ivig: Any, indication: str) -> None:
    view = review(
        ivig, "review", "-i", indication, "--weight", "70", "--height", "170", "--sex",
        "female", "--dose", "2 g/kg", "--start", "2027-01-04",
    )  # fmt: skip
    assert lines(view)
    assert sourceless(view) == []
    # The checklist decides nothing: our words never grant or refuse.
    words = " ".join(f"{x['about']} {x['text']}" for x in lines(view)).lower()
    for verdict in ("approved", "denied", "funded", "refused"):
        assert not re.search(rf"\b{verdict}\b", words), verdict


def test_a_line_without_its_source_fails_the_check(ivig: Any) -> None:
    """The rule, broken on purpose on the worked example's view, is caught."""
    view = review(ivig, *EXAMPLE)
    view["sections"][4]["lines"][1]["sources"] = []
    assert sourceless(view) == ["e weight rule National Blood Authority (Australia)"]
    view = review(ivig, *EXAMPLE)
    view["sections"][3]["lines"][1]["sources"][0]["url"] = None
    assert len(sourceless(view)) == 1


def test_the_table_and_csv_give_every_line_its_source(ivig: Any) -> None:
    run = ivig(*EXAMPLE, "-f", "csv")
    assert run.exit_code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert len(rows) == len(lines(review(ivig, *EXAMPLE)))
    assert all(row["source"] for row in rows)
    assert {row["section"] for row in rows} == set("abcdefgh")
    (nba,) = [r for r in rows if r["who"] == NBA and r["about"] == "course"]
    assert nba["check"] == "2 g/kg x 82.3 kg = 164.6 g a course"
    assert "https://nba.gov.au/" in nba["source"] and nba["criteria"] == "cr-au-ddw-formula"
    plain = ivig(*EXAMPLE)
    assert plain.exit_code == 0
    for key in "abcdefgh":
        assert f"({key}) " in plain.stdout


# ------------------------------------------------------------------ refusals


def test_an_indication_on_no_list_is_refused_in_one_line(ivig: Any, db_path: Path) -> None:
    run = ivig("review", "-i", "jia", "--weight", "30", "--dose", "2 g/kg")
    assert run.exit_code == 1 and run.stdout == ""
    assert run.stderr.count("\n") == 1
    assert "not on any recorded list" in run.stderr
    assert "funded" not in run.stderr


def test_pregnant_without_the_pre_pregnancy_weight_says_ontarios_rule(
    ivig: Any, db_path: Path
) -> None:
    run = ivig(
        "review", "-i", "dermatomyositis", "--weight", "80", "--height", "165", "--sex",
        "female", "--pregnant", "--dose", "2 g/kg",
    )  # fmt: skip
    assert run.exit_code == 2 and run.stderr.count("\n") == 1
    assert "Ontario Regional Blood Coordinating Network (ORBCoN)'s rule" in run.stderr
    assert "The pre-pregnancy weight should be used for the dose calculator" in run.stderr
    assert "--pre-pregnancy-weight KG" in run.stderr


@pytest.mark.parametrize(
    ("dose", "says"),
    [
        ("2g", '--dose "2 g/kg" (a course)'),
        ("2 g", '--dose "2 g/kg" (a course)'),
        ("2,5 g/kg", '--dose "2.5 g/kg"'),
        ("25 g/kg", "outside 0.01-10 g/kg"),
        ("2 g/kg over 40 days", "the days must be 1 to 30"),
    ],
)
def test_a_dose_that_cannot_be_read_gives_the_form_to_type(ivig: Any, dose: str, says: str) -> None:
    run = ivig("review", "-i", "dermatomyositis", "--weight", "70", "--dose", dose)
    assert run.exit_code == 2 and run.stderr.count("\n") == 1, run.stderr
    assert says in run.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--start", "04/01/2027"], "--start '04/01/2027' is not a date"),
        (["--sex", "male", "--pregnant"], "--pregnant is for a female patient"),
        (["--pre-pregnancy-weight", "60"], "add --pregnant"),
        (["--weight", "154lb"], "--weight 69.9"),
    ],
)
def test_other_input_is_refused_in_one_line(ivig: Any, args: list[str], says: str) -> None:
    base = ["review", "-i", "dermatomyositis", "--dose", "2 g/kg"]
    if "--weight" not in args:
        base += ["--weight", "70"]
    run = ivig(*base, *args)
    assert run.exit_code == 2 and run.stderr.count("\n") == 1, run.stderr
    assert says in run.stderr


def test_the_dose_forms_read(ivig: Any) -> None:
    for dose, course, days in (
        ("2 g/kg", 2, None),
        ("2 g/kg over 2 days", 2, 2),
        ("0.4 g/kg/day for 5 days", 2, 5),
        ("400 mg/kg/day x 5 days", 2, 5),
        ("1 g/kg", 1, None),
    ):
        order = review(ivig, "review", "-i", "dm", "--weight", "70", "--dose", dose)["order"]
        assert (order["course_g_per_kg"], order["days_low"]) == (course, days), dose


# ------------------------------------------------------------------ the page, markdown, width


def test_the_page_for_the_patients_file(ivig: Any, tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    run = ivig(*EXAMPLE, "--html", str(page))
    assert run.exit_code == 0, run.stderr
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<script" not in text
    for key in "abcdefgh":
        assert f'id="section-{key}"' in text
    assert "164.6 g a course" in text and "not recorded" in text
    assert 'href="https://ivig.transfusionontario.org/dose"' in text
    assert "it decides nothing" in text and "does not replace clinical judgement" in text
    alone = ivig(*EXAMPLE, "--html", "-")
    assert alone.exit_code == 0 and alone.stdout.startswith("<!DOCTYPE html>")


def test_markdown_is_a_table_a_section(ivig: Any) -> None:
    run = ivig(*EXAMPLE, "-f", "markdown")
    assert run.exit_code == 0
    assert run.stdout.count("### (") == 8
    assert "| who | about | check | source |" in run.stdout


def test_the_review_on_an_80_column_terminal(db_path: Path, subprocess_env: dict[str, str]) -> None:
    from tests.conftest import run_on_terminal

    code, screen = run_on_terminal([*EXAMPLE, "--db", str(db_path)], subprocess_env, columns=80)
    assert code == 0, screen
    shown = screen.replace("\r", "").splitlines()
    assert max(len(x) for x in shown) <= 80, max(shown, key=len)
    assert all(x == x.rstrip() for x in shown)
    text = " ".join(screen.split())
    for expected in (
        "2 g/kg x 82.3 kg = 164.6 g a course",
        "BMI 32.7 = 100 kg / (1.75 m)²",
        "review due by 2027-07-04 (6 months after 2027-01-04)",
        "the course (the total dose) to the nearest 5 g",
        "…",
    ):
        assert (expected in text) is (expected != "…"), expected


# ------------------------------------------------------------------ the criteria rows


def criteria_rows(db: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(
            "SELECT c.*, d.url, d.read_at FROM criteria c JOIN publications d "
            "ON d.id = c.document_id ORDER BY c.id"
        ).fetchall()


def test_every_criterion_is_one_sentence_of_its_bodys_page(db_path: Path) -> None:
    rows = criteria_rows(db_path)
    assert len(rows) >= 40
    for row in rows:
        assert len(sentences(row["quote"])) == 1, row["id"]
        assert row["url"] and row["url"].startswith("https://"), row["id"]
        read = {site(a) for a in re.findall(r"https?://[^\s;,)]+", row["checked_against"])}
        assert site(row["url"]) in read, row["id"]
        assert row["edition_status"] in (None, "current", "superseded")
        assert "2026-12-07" in row["checked_against"], row["id"]


def test_a_criterion_of_two_sentences_is_refused_by_the_rule(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE criteria SET quote = quote || ' It is reviewed yearly.' "
            "WHERE id = 'cr-on-calc-actual'"
        )
    with pytest.raises(AssertionError):
        test_every_criterion_is_one_sentence_of_its_bodys_page(db_path)


def test_the_schema_refuses_rules_that_cannot_be_true(db_path: Path) -> None:
    base = (
        "INSERT INTO criteria (id, body, document_id, kind, rule, value, value_high, unit, "
        "quote, status, checked_against) VALUES "
    )
    bad = {
        "a rule of another kind": "('x1', 'B', 'ontario-ig-dose-calculator', 'rounding', "
        "'adjusted_factor', 0.4, NULL, NULL, 'q', 'confirmed', 'r')",
        "a figure missing": "('x2', 'B', 'ontario-ig-dose-calculator', 'rounding', "
        "'course_to_nearest_g', NULL, NULL, NULL, 'q', 'confirmed', 'r')",
        "a figure on a rule of words": "('x3', 'B', 'ontario-ig-dose-calculator', "
        "'dosing_weight', 'actual_otherwise', 1, NULL, NULL, 'q', 'confirmed', 'r')",
        "a range upside down": "('x4', 'B', 'ontario-ig-dose-calculator', "
        "'review_interval', 'continue_if_effective_months', 6, 3, 'months', 'q', "
        "'confirmed', 'r')",
        "an unknown kind": "('x5', 'B', 'ontario-ig-dose-calculator', 'vial_size', NULL, "
        "NULL, NULL, NULL, 'q', 'confirmed', 'r')",
        "an empty quote": "('x6', 'B', 'ontario-ig-dose-calculator', 'rounding', NULL, "
        "NULL, NULL, NULL, '', 'confirmed', 'r')",
    }
    for why, values in bad.items():
        with sqlite3.connect(db_path) as conn, pytest.raises(sqlite3.IntegrityError):
            conn.execute(base + values)
            pytest.fail(why)


def test_export_import_and_a_table_file_carry_criteria(
    ivig: Any, db_path: Path, tmp_path: Path, fresh_copy: Any
) -> None:
    out = tmp_path / "export"
    assert ivig("export", "--out", str(out)).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["criteria"] == len(criteria_rows(db_path))
    fresh = fresh_copy(tmp_path / "fresh.sqlite", empty=True)
    run = ivig("--db", str(fresh), "import", str(out))
    assert run.exit_code == 0, run.stderr
    with sqlite3.connect(db_path) as a, sqlite3.connect(fresh) as b:
        query = "SELECT * FROM criteria ORDER BY id"
        assert a.execute(query).fetchall() == b.execute(query).fetchall()

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "criteria.csv").write_text(
        "id,body,document_id,indication_slug,kind,rule,value,unit,quote,status,checked_against\n"
        f'my-rounding,"{NBA}",nba-bloodstar-ibw-calculator,,rounding,course_to_nearest_g,'
        "10,g,Round to 10 g.,unconfirmed,our pharmacy's reading\n",
        encoding="utf-8",
    )
    run = ivig("import", str(folder))
    assert run.exit_code == 0, run.stderr
    view = review(ivig, *EXAMPLE)
    nba = line(view, "e", NBA, "rounding")
    assert nba["values"]["rounded_course_g"] == 160  # 164.6 g to the nearest 10 g
    assert criteria_ids(nba) == {"my-rounding"}

    # An upgrade (here: the same release, stored as older) keeps the local row.
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE data_release SET version = '2026.10.1'")
        mine = "SELECT * FROM criteria WHERE origin = 'local' ORDER BY id"
        before = conn.execute(mine).fetchall()
    assert before
    run = ivig("db", "upgrade")
    assert run.exit_code == 0, run.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute(mine).fetchall() == before
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_manual_shows_the_worked_example_as_it_prints(
    db_path: Path, subprocess_env: dict[str, str]
) -> None:
    """The manual's full review at 80 columns (docs/review.md) is the review as it
    prints today."""
    from tests.conftest import REPO_ROOT, run_on_terminal

    page = (REPO_ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    shown = re.search(r"```\n(IVIG order review: .*?)\n```", page, flags=re.S)
    assert shown, "docs/review.md has no review at 80 columns"
    code, screen = run_on_terminal([*EXAMPLE, "--db", str(db_path)], subprocess_env, columns=80)
    assert code == 0, screen
    printed = screen.replace("\r\n", "\n").rstrip("\n")
    assert printed == shown.group(1)
