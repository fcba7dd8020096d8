"""`ivig effects`, `conflicts`' "effect differs" and the outcome rows' store, through the
real CLI on a real database file holding the fixture outcome rows
(tests/fixtures/outcomes.sql: the Jayne 2000 and ProDERM oracles and rows made up for
a rule each)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "outcomes.sql"


def load_outcomes(path: Path, *, keep_release: bool = False) -> None:
    """The fixture's outcome rows in place of the release's: each rule is tested on rows
    made for it (the release's own rows are tested in test_release_2027); beside them
    with ``keep_release``."""
    with sqlite3.connect(path) as conn:
        if not keep_release:
            conn.execute("DELETE FROM outcomes")
        conn.executescript(FIXTURE.read_text(encoding="utf-8"))
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.fixture
def fx_db(db_path: Path) -> Path:
    load_outcomes(db_path)
    return db_path


def by_id(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in view["effects"]}


def test_jayne_2000_and_proderm_are_reproduced_as_printed(ivig: Any, fx_db: Path) -> None:
    (aav,) = ivig("effects", "-i", "aav", "-f", "json").json()
    jayne = by_id(aav)["fx-jayne-response"]
    assert jayne["recomputed"]["measure"] == "odds_ratio"
    assert [round(jayne["recomputed"][k], p) for k, p in
            (("value", 2), ("ci_low", 2), ("ci_high", 1))] == [8.56, 1.74, 42.2]  # fmt: skip
    assert jayne["agrees"] is True and jayne["check"] == "agrees to the printed precision"
    assert jayne["recomputed"]["method"] == "Wald interval on the log scale"
    (dm,) = ivig("effects", "-i", "dermatomyositis", "-f", "json").json()
    proderm = by_id(dm)["fx-proderm-tis20"]
    assert proderm["recomputed"]["measure"] == "risk_difference"
    assert [round(proderm["recomputed"][k]) for k in ("value", "ci_low", "ci_high")] == [35, 17, 53]
    assert proderm["agrees"] is True
    # The table says it in words, each figure at the decimals the paper printed.
    table = ivig("effects", "-i", "aav").stdout
    assert "OR 8.56 (95% CI 1.74 to 42.2), as printed" in table
    assert "OR 8.56 (95% CI 1.74 to 42.2); Wald interval on the log scale" in table
    assert "14/17 vs 6/17" in table


def test_a_crossover_is_not_pooled_with_the_parallel_trials(ivig: Any, fx_db: Path) -> None:
    (dm,) = ivig("effects", "-i", "dermatomyositis", "-f", "json").json()
    pooled = {(p["outcome"], p["comparison"], p["kind"]): p for p in dm["pooled"]}
    parallel = pooled[("TIS 20 response", "parallel", "binary")]
    assert parallel["trials"] == 2 and parallel["measure"] == "risk_difference"
    assert parallel["studies"] == ["fx-proderm-tis20", "fx-second-tis20", "fx-stated-tis20"]
    assert "crossover" in parallel["apart"] and "never pooled" in parallel["apart"]
    crossover = pooled[("TIS 20 response", "crossover", "binary")]
    assert crossover["not_estimable"].startswith("not pooled: 1 comparable trial")
    assert crossover["studies"] == ["fx-crossover-tis20"]
    # The pooled estimate is that of the two parallel trials alone.
    from ivig_evidence.effects.sizes import Comparison, Trial, pool, risk_difference

    alone = pool([Trial(s, Comparison.PARALLEL, risk_difference(*c))  # type: ignore[arg-type]
                  for s, c in (("a", (37, 47, 21, 48)), ("b", (10, 15, 4, 15)))])  # fmt: skip
    assert parallel["value"] == pytest.approx(alone.value)  # type: ignore[union-attr]
    weights = [by_id(dm)[i]["weight_percent"] for i in ("fx-proderm-tis20", "fx-second-tis20")]
    assert sum(weights) == pytest.approx(100)
    # A stated effect only is listed, never drawn or pooled.
    stated = by_id(dm)["fx-stated-tis20"]
    assert stated["plotted"] is None and stated["recomputed"] is None
    assert stated["check"] == "stated only: listed, not drawn"


def test_zero_cells_are_corrected_and_said_and_empty_arms_not_estimable(
    ivig: Any, fx_db: Path
) -> None:
    (kd,) = ivig("effects", "-i", "kd", "-f", "json").json()
    zero = by_id(kd)["fx-kd-zero-caa"]
    assert zero["plotted"]["correction"].startswith("0.5 added to every cell")
    none = by_id(kd)["fx-kd-none-caa"]
    assert none["plotted"]["not_estimable"] == "no events in either arm: nothing to compare"
    (group,) = kd["pooled"]
    assert "1 comparable trial" in group["not_estimable"]
    assert "Noevents 2018 left out: no events in either arm" in group["not_estimable"]
    table = ivig("effects", "-i", "kd").stdout
    assert "0.5 added to every cell (a zero cell; Haldane-Anscombe)" in table


def test_an_indication_with_no_outcome_row_says_why_in_one_line(ivig: Any, fx_db: Path) -> None:
    run = ivig("effects", "-i", "ra")
    assert run.exit_code == 0 and run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("nothing estimable for Rheumatoid arthritis (ra)")
    assert "none of its" in lines[0] and "has an outcome row recorded" in lines[0]
    (empty,) = ivig("effects", "-i", "ra", "-f", "json").json()
    assert empty["effects"] == [] and empty["why_nothing_is_estimable"] == lines[0]
    svg = ivig("effects", "-i", "ra", "--svg", "-")
    assert svg.stdout.startswith("<svg") and "nothing estimable" in svg.stdout


def test_csv_markdown_and_the_svg_file(ivig: Any, fx_db: Path, tmp_path: Path) -> None:
    run = ivig("effects", "-i", "iim", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert {r["study"] for r in rows} >= {"fx-proderm", "fx-dm-second", "fx-dm-crossover"}
    assert "pooled" in run.stderr  # the other section is named, never dropped silently
    pooled = ivig("effects", "-i", "iim", "-f", "csv", "--section", "pooled").stdout
    assert "DerSimonian-Laird random effects, tau^2 truncated at zero" in pooled
    markdown = ivig("effects", "-i", "iim", "-f", "markdown").stdout
    assert markdown.count("### ") == 2 and "| fx-proderm |" in markdown
    target = tmp_path / "forest.svg"
    made = ivig("effects", "-i", "iim", "--svg", str(target), "-f", "json")
    assert made.exit_code == 0 and f"wrote {target}" in made.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<svg") and "Aggarwal 2022" in text
    assert "stated RD 45 (15 to 75)" in text and ">differs</tspan>" in text
    assert "Statedonly 2021" in text and "listed, not drawn: stated effect only" in text
    json.loads(made.stdout)  # the data still goes to stdout as asked


def test_bad_input_is_one_line_and_a_non_zero_exit(ivig: Any, fx_db: Path) -> None:
    run = ivig("effects", "-i", "no-such-thing")
    assert run.exit_code == 2 and len(run.stderr.strip().splitlines()) == 1
    assert "unknown indication" in run.stderr
    missing = ivig("effects")
    assert missing.exit_code == 2 and "--indication" in missing.stderr
    section = ivig("effects", "-i", "iim", "-f", "csv", "--section", "nope")
    assert section.exit_code == 2 and "effects, pooled" in section.stderr


def test_conflicts_lists_a_stated_effect_that_differs(ivig: Any, fx_db: Path) -> None:
    found = ivig("conflicts", "--status", "effects", "-f", "json").json()
    assert [c["about"] for c in found] == ["outcome fx-second-tis20"]
    (row,) = found
    assert row["status"] == "effect differs"
    assert row["quote"].startswith("stated RD 45 (95% CI 15 to 75), p 0.03, as printed")
    assert row["quote"].endswith(
        ": \u201cFixture sentence: 45 points (95% CI 15 to 75), a figure its counts do not give.\u201d"
    )
    assert row["record_says"].startswith("recomputed from 10/15 vs 4/15: RD 40 (95% CI 7 to 73)")
    assert "differs beyond rounding: value, CI low, CI high" in row["record_says"]
    assert row["document"] == "fx-dm-made-up"
    everything = ivig("conflicts", "-f", "json").json()
    assert "outcome fx-second-tis20" in {c["about"] for c in everything}
    # The two oracles agree, so they are no conflict; the evidence of DM lists the one that is.
    assert not {"outcome fx-jayne-response", "outcome fx-proderm-tis20"} & {
        c["about"] for c in everything
    }
    (profile,) = ivig("evidence", "-i", "dm", "-f", "json").json()
    assert "outcome fx-second-tis20" in json.dumps(profile)


def test_the_dossier_holds_the_effects_and_the_plot(ivig: Any, fx_db: Path) -> None:
    page = ivig("report", "-i", "dermatomyositis", "--html", "-").stdout
    assert '<section id="effects">' in page and '<figure class="forest"><svg' in page
    assert "RD 35 (95% CI 17 to 53), as printed" in page
    ra = ivig("report", "-i", "ra", "--html", "-").stdout
    assert "Nothing estimable for Rheumatoid arthritis (ra)" in ra
    assert 'class="forest"' not in ra


# ------------------------------------------------------------------ the rows' store


def test_the_schema_refuses_rows_that_cannot_be_true(fx_db: Path) -> None:
    base = (
        "INSERT INTO outcomes (id, study_id, outcome, kind, comparison, better, treatment_arm, "
        "control_arm, treatment_events, treatment_n, control_events, control_n, "
        "stated_measure, stated_value, quote, checked_against) VALUES "
    )
    bad = {
        "events over the total": "('b1', 'fx-proderm', 'x', 'binary', 'parallel', 'higher', "
        "'IVIG', 'placebo', 48, 47, 1, 2, NULL, NULL, NULL, 'r')",
        "a control arm missing": "('b2', 'fx-proderm', 'x', 'binary', 'parallel', 'higher', "
        "'IVIG', 'placebo', 4, 47, NULL, NULL, NULL, NULL, NULL, 'r')",
        "a stated effect without its sentence": "('b3', 'fx-proderm', 'x', 'binary', "
        "'parallel', 'higher', 'IVIG', 'placebo', 4, 47, 1, 2, 'odds_ratio', 2.0, NULL, 'r')",
        "a single arm with a control": "('b4', 'fx-proderm', 'x', 'binary', 'single_arm', "
        "'higher', 'IVIG', 'placebo', 4, 47, 1, 2, NULL, NULL, NULL, 'r')",
        "an unknown design": "('b5', 'fx-proderm', 'x', 'binary', 'factorial', 'higher', "
        "'IVIG', 'placebo', 4, 47, 1, 2, NULL, NULL, NULL, 'r')",
    }
    for why, values in bad.items():
        with sqlite3.connect(fx_db) as conn, pytest.raises(sqlite3.IntegrityError):
            conn.execute(base + values)
            pytest.fail(why)


def test_export_and_import_carry_the_outcome_rows(
    ivig: Any, fx_db: Path, tmp_path: Path, fresh_copy: Any
) -> None:
    out = tmp_path / "export"
    assert ivig("export", "--out", str(out)).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["outcomes"] == 8
    fresh = fresh_copy(tmp_path / "fresh.sqlite", empty=True)
    run = ivig("--db", str(fresh), "import", str(out))
    assert run.exit_code == 0, run.stderr
    with sqlite3.connect(fx_db) as a, sqlite3.connect(fresh) as b:
        query = "SELECT * FROM outcomes ORDER BY id"
        assert a.execute(query).fetchall() == b.execute(query).fetchall()


def test_a_table_file_of_outcomes_imports_as_local_rows(
    ivig: Any, fx_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "outcomes.csv").write_text(
        "id,study_id,outcome,time_point,kind,comparison,better,treatment_arm,treatment_events,"
        "treatment_n,control_arm,control_events,control_n,checked_against\n"
        "my-remission,fx-proderm,remission,week 40,binary,parallel,higher,IVIG,20,47,"
        "placebo,10,48,my reading of the paper\n",
        encoding="utf-8",
    )
    run = ivig("import", str(folder))
    assert run.exit_code == 0, run.stderr
    with sqlite3.connect(fx_db) as conn:
        assert conn.execute("SELECT origin FROM outcomes WHERE id = 'my-remission'").fetchall() == [
            ("local",)
        ]
    (dm,) = ivig("effects", "-i", "dm", "-f", "json").json()
    assert by_id(dm)["my-remission"]["recomputed"]["measure"] == "risk_ratio"
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "outcomes.csv").write_text(
        "id,study_id,outcome,kind,comparison,better,treatment_arm,checked_against\n"
        "x,fx-proderm,remission,binomial,parallel,higher,IVIG,r\n",
        encoding="utf-8",
    )
    refused = ivig("import", str(bad))
    assert refused.exit_code != 0 and "binomial" in refused.stderr


def test_updating_a_local_study_keeps_its_outcome_rows(
    ivig: Any, fx_db: Path, tmp_path: Path
) -> None:
    """`ivig import --update` replaces a study from its JSON, which carries no outcome
    rows: they are written again after it, unchanged."""
    (study,) = [s for s in ivig("studies", "-i", "dm", "-f", "json").json()
                if s["id"] == "fx-proderm"]  # fmt: skip
    study["note"] = "my note"
    study["sources"] = [
        {"document": "droracle-2025", "quote": "IVIG is not recommended as standard therapy "
         "for rheumatoid arthritis and should only be considered in highly specific clinical "
         "scenarios where conventional DMARDs and biologics are contraindicated or have "
         "failed."}
    ]  # fmt: skip
    path = tmp_path / "update.json"
    path.write_text(json.dumps([study]), encoding="utf-8")
    with sqlite3.connect(fx_db) as conn:
        before = conn.execute("SELECT * FROM outcomes WHERE study_id = 'fx-proderm'").fetchall()
    run = ivig("import", "--update", str(path))
    assert run.exit_code == 0, run.stderr
    with sqlite3.connect(fx_db) as conn:
        assert conn.execute("SELECT note FROM studies WHERE id = 'fx-proderm'").fetchall() == [
            ("my note",)
        ]
        assert (
            conn.execute("SELECT * FROM outcomes WHERE study_id = 'fx-proderm'").fetchall()
            == before
        )


def test_an_upgrade_keeps_local_outcome_rows(ivig: Any, fx_db: Path) -> None:
    """A new release (here: the same one, stored as older) leaves the user's own
    outcome rows as they are."""
    with sqlite3.connect(fx_db) as conn:
        conn.execute("UPDATE data_release SET version = '2026.10.1'")
        mine = "SELECT * FROM outcomes WHERE origin = 'local' ORDER BY id"
        before = conn.execute(mine).fetchall()
    assert before
    run = ivig("db", "upgrade")
    assert run.exit_code == 0, run.stderr
    with sqlite3.connect(fx_db) as conn:
        assert conn.execute(mine).fetchall() == before
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_table_on_an_80_column_terminal(fx_db: Path, subprocess_env: dict[str, str]) -> None:
    """On a terminal 80 columns wide every line fits, no figure is cut, and the stated
    figure stands beside the recomputed one."""
    from tests.conftest import run_on_terminal

    code, screen = run_on_terminal(
        ["effects", "-i", "aav", "--db", str(fx_db)], subprocess_env, columns=80
    )
    assert code == 0, screen
    lines = screen.replace("\r", "").splitlines()
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    text = " ".join(screen.split())
    assert "OR 8.56 (95% CI 1.74 to 42.2), as printed" in text
    assert "OR 8.56 (95% CI 1.74 to 42.2); Wald interval on the log scale" in text
    assert "agrees to the printed precision" in text and "…" not in text
