"""Release 2027.01, condition family by condition family: what the records say is what
the commands show (trials, sizes, per-arm counts, doses), and each family's rules hold
(a group takes in its subtypes, never what stands beside it; reviews are not trials)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

MYOPATHY_TRIALS = {"aggarwal-2022-proderm", "dalakas-1993", "miyasaka-2012"}
IBM_STUDIES = {"dalakas-1997", "dalakas-2001", "walter-2000", "ibm-open-1994"}


def rows(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def studies(ivig: Any, *args: str) -> dict[str, dict[str, Any]]:
    run = ivig("studies", *args, "-f", "json", "--all")
    assert run.exit_code == 0, run.stderr
    return {s["id"]: s for s in run.json()}


# ------------------------------------------------------------------ every family


def test_at_least_ten_new_primary_studies_each_from_its_record(db_path: Path) -> None:
    found = rows(
        db_path,
        "SELECT s.id, s.design, p.read_on FROM studies s JOIN publications p "
        "ON p.id = s.publication_id WHERE s.population IN ('iim', 'dermatomyositis', "
        "'juvenile_dm', 'polymyositis', 'imnm', 'ibm', 'aav', 'gpa', 'mpa', 'egpa', 'kawasaki')",
    )
    primary = [sid for sid, design, read_on in found if design != "review" and read_on]
    assert len(primary) >= 10
    # Reviews and meta-analyses are reviews, never trials.
    reviews = {sid for sid, design, _ in found if design == "review"}
    assert {"cochrane-ibm-2015", "ivig-aav-meta-analysis-2019"} <= reviews


def test_a_group_takes_in_its_subtypes_and_not_what_stands_beside_it(ivig: Any) -> None:
    iim = studies(ivig, "-i", "iim")
    assert set(iim) >= MYOPATHY_TRIALS and not IBM_STUDIES & set(iim)
    assert set(studies(ivig, "-i", "ibm")) >= IBM_STUDIES
    aav = studies(ivig, "-i", "aav")
    assert {"jayne-2000", "arimura-2022"} <= set(aav) and "danieli-2004" not in aav
    assert "danieli-2004" in studies(ivig, "-i", "Churg-Strauss")


# ------------------------------------------------------------------ myopathies


def test_evidence_on_dermatomyositis_leads_with_proderm(ivig: Any) -> None:
    run = ivig("evidence", "-i", "dm", "-f", "json")
    assert run.exit_code == 0, run.stderr
    (profile,) = run.json()
    strongest = profile["studies"][0]
    assert strongest["design"] == "rct"
    assert strongest["studies"][0]["id"] == "aggarwal-2022-proderm"
    shown = ivig("evidence", "-i", "dm").stdout
    assert shown.index("aggarwal-2022-proderm") < shown.index("dalakas-1993")


def test_proderm_as_its_records_give_it(ivig: Any, db_path: Path) -> None:
    proderm = studies(ivig, "-i", "dm")["aggarwal-2022-proderm"]
    assert (proderm["design"], proderm["n"], proderm["direction"]) == ("rct", 95, "benefit")
    quotes = {s["quote"]: s for s in proderm["sources"]}
    arms = next(q for q in quotes if "(N = 47)" in q and "(N = 48)" in q)
    assert quotes[arms]["status"] == "confirmed"
    # The primary end point's counts were read only in a secondary article: unconfirmed.
    counts = next(q for q in quotes if "37 of 47" in q and "21 of 48" in q)
    assert quotes[counts]["status"] == "unconfirmed"
    assert quotes[counts]["document_standing"] == "secondary article"
    (dose,) = rows(
        db_path,
        "SELECT amount_low, unit, repeat_interval FROM dose_regimens "
        "WHERE id = 'aggarwal-2022-proderm-dose'",
    )
    assert dose == (2.0, "g/kg", "every_4_weeks")


def test_inclusion_body_myositis_trials_found_no_benefit(ivig: Any) -> None:
    ibm = studies(ivig, "-i", "ibm")
    controlled = {sid for sid in IBM_STUDIES if ibm[sid]["design"].startswith("rct")}
    assert controlled == {"dalakas-1997", "dalakas-2001", "walter-2000"}
    assert ibm["dalakas-1997"]["direction"] == "no_benefit"
    assert ibm["dalakas-2001"]["direction"] == "no_benefit"
    assert ibm["ibm-open-1994"]["n"] == 9


def test_crossover_trials_say_so(ivig: Any) -> None:
    crossover = studies(ivig, "-d", "rct_crossover")
    assert {"dalakas-1993", "dalakas-1997", "walter-2000", "miyasaka-2012"} <= set(crossover)
    # --design rct means every randomised design, the crossovers included.
    assert set(crossover) <= set(studies(ivig, "-d", "rct"))


def test_dalakas_1997_keeps_both_sizes_the_records_give(ivig: Any) -> None:
    dalakas = studies(ivig, "-i", "ibm")["dalakas-1997"]
    assert dalakas["n"] == 19
    contradicted = [s for s in dalakas["sources"] if s["status"] == "contradicted"]
    assert contradicted and any("22" in s["quote"] for s in contradicted)


# ------------------------------------------------------------------ vasculitis


def test_jayne_2000_gives_its_counts_and_its_odds_ratio(ivig: Any) -> None:
    jayne = studies(ivig, "-i", "aav")["jayne-2000"]
    assert (jayne["design"], jayne["n"], jayne["direction"]) == ("rct", 34, "benefit")
    result = next(s for s in jayne["sources"] if "14/17" in s["quote"])
    assert "6/17" in result["quote"] and "OR 8.56" in result["quote"]
    assert result["status"] == "confirmed"


# ------------------------------------------------------------------ Kawasaki disease


def test_newburger_1986_dose_for_a_child(ivig: Any) -> None:
    run = ivig("dose", "-i", "kd", "--weight", "20", "-f", "json")
    assert run.exit_code == 0, run.stderr
    newburger = next(r for r in run.json() if r["id"] == "newburger-1986-dose")
    headline = next(r for r in newburger["readings"] if r["headline"])
    # 400 mg/kg a day for 4 days at 20 kg: 8 g a day, 32 g a course.
    assert (headline["grams_low"], headline["days_low"]) == (8, 4)
    assert headline["course_grams_low"] == 32


@pytest.mark.parametrize(
    ("indication", "expected"),
    [("kawasaki", {"newburger-1986", "morikawa-1994"}), ("egpa", {"koike-egpa", "danieli-2004"})],
)
def test_each_condition_lists_its_trials(ivig: Any, indication: str, expected: set[str]) -> None:
    assert expected <= set(studies(ivig, "-i", indication))


# ------------------------------------------------------------------ effect sizes


def test_the_releases_effects_reproduce_what_the_records_print(ivig: Any) -> None:
    (aav,) = ivig("effects", "-i", "aav", "-f", "json").json()
    jayne = next(e for e in aav["effects"] if e["study_id"] == "jayne-2000")
    assert jayne["agrees"] is True and jayne["stated"]["stated_in"] is None
    (dm,) = ivig("effects", "-i", "dm", "-f", "json").json()
    proderm = next(e for e in dm["effects"] if e["study_id"] == "aggarwal-2022-proderm")
    assert proderm["agrees"] is True
    # Its figures were read only in a secondary article: said so wherever they are shown.
    assert proderm["stated"]["stated_in"].startswith("secondary article")
    assert "not the paper" in ivig("effects", "-i", "dm").stdout
    crossover = next(e for e in dm["effects"] if e["study_id"] == "dalakas-1993")
    assert crossover["comparison"] == "crossover"
    assert crossover["recomputed"]["correction"].startswith("0.5 added")


def test_no_effect_is_pooled_across_designs_or_from_one_trial(ivig: Any) -> None:
    for indication in ("iim", "kawasaki", "aav", "egpa"):
        (view,) = ivig("effects", "-i", indication, "-f", "json").json()
        for group in view["pooled"]:
            if "value" in group:
                assert group["trials"] >= 2, group
