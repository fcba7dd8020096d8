"""`ivig studies`: every filter, every format, the JSON contract, empty results."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

CONTRACT_KEYS = {
    "id",
    "first_author",
    "year",
    "design",
    "population",
    "n",
    "indications",
    "dose",
    "outcome",
    "direction",
    "citation",
    "sources",
}


def ids(run) -> list[str]:  # type: ignore[no-untyped-def]
    assert run.exit_code == 0, run.stderr
    return [s["id"] for s in run.json()]


def db_ids(db: Path, where: str = "1=1", params: tuple = ()) -> set[str]:  # type: ignore[type-arg]
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute(f"SELECT id FROM studies WHERE {where}", params)}


def test_design_rct_covers_every_randomised_design(ivig, db_path: Path) -> None:
    found = ids(ivig("studies", "--design", "rct", "--format", "json"))
    assert set(found) == db_ids(db_path, "design IN ('rct', 'rct_withdrawal', 'rct_crossover')")
    assert "jra-withdrawal" in found and "silverman-1994" in found and "ra-low-dose-rct" in found
    assert "muscat-1995" not in found


def test_design_withdrawal_only(ivig, db_path: Path) -> None:
    assert ids(ivig("studies", "--design", "rct_withdrawal", "-f", "json")) == ["jra-withdrawal"]


def test_design_is_repeatable_and_case_insensitive(ivig, db_path: Path) -> None:
    found = ids(ivig("studies", "-d", "OPEN_LABEL", "-d", "review", "-f", "json"))
    assert set(found) == db_ids(db_path, "design IN ('open_label', 'review')")


def test_json_contract(ivig) -> None:
    studies = ivig("studies", "--format", "json").json()
    assert len(studies) >= 10
    for study in studies:
        assert study.keys() >= CONTRACT_KEYS
        assert set(study["citation"]) >= {"title", "journal", "doi", "pmid"}
        assert study["sources"], study["id"]
        for source in study["sources"]:
            assert {"document", "quote", "status", "note", "checked_against"} <= source.keys()
            assert source["quote"].strip()
    muscat = next(s for s in studies if s["id"] == "muscat-1995")
    assert muscat["n"] == 10 and muscat["year"] == 1995
    assert muscat["citation"]["doi"] == "10.1136/ard.54.5.382"
    assert "400 mg/kg" in muscat["dose"]
    assert muscat["indications"] == ["ra-refractory"]


def test_unknown_values_are_null_not_invented(ivig) -> None:
    studies = {s["id"]: s for s in ivig("studies", "-f", "json").json()}
    unidentified = studies["ra-high-dose-open"]
    assert unidentified["first_author"] is None and unidentified["year"] is None
    assert unidentified["citation"] == {k: None for k in unidentified["citation"]}
    assert unidentified["n"] == 7
    assert studies["halpert-2021"]["n"] is None  # an animal study has no patient count
    assert studies["silverman-1994"]["citation"]["doi"] is None  # none was read


def test_sorted_by_year_unknown_years_last(ivig) -> None:
    years = [s["year"] for s in ivig("studies", "-f", "json").json()]
    known = [y for y in years if y is not None]
    assert known == sorted(known)
    assert years[: len(known)] == known and all(y is None for y in years[len(known) :])


def recorded_for(db: Path, *slugs: str) -> set[str]:
    """The studies filed under any of ``slugs``, straight from the database."""
    marks = ", ".join("?" for _ in slugs)
    with sqlite3.connect(db) as conn:
        return {
            r[0]
            for r in conn.execute(
                f"SELECT study_id FROM study_indications WHERE indication_slug IN ({marks})", slugs
            )
        }


@pytest.mark.parametrize(
    "name", ["aosd", "AOSD", "adult-onset Still's disease", "Adult onset Still’s disease"]
)
def test_indication_aliases(ivig, db_path: Path, name: str) -> None:
    found = ids(ivig("studies", "--indication", name, "-f", "json"))
    assert set(found) == recorded_for(db_path, "aosd") and "aosd-case-series" in found


def test_indication_includes_the_indications_beneath_it(ivig, db_path: Path) -> None:
    found = set(ids(ivig("studies", "--indication", "ra", "-f", "json")))
    assert {"muscat-1995", "ra-low-dose-rct", "ra-high-dose-open", "xu-2021"} <= found
    assert "aosd-case-series" not in found and "silverman-1994" not in found
    assert found == recorded_for(
        db_path,
        "ra",
        "ra-refractory",
        "ra-infection",
        "ra-vasculitis",
        "rhupus",
        "ra-pregnancy",
        "ra-ild",
    )
    only_refractory = set(ids(ivig("studies", "-i", "ra-refractory", "-f", "json")))
    assert only_refractory == recorded_for(db_path, "ra-refractory")
    assert {"muscat-1995", "maksymowych-1996", "ra-low-dose-rct"} <= only_refractory
    juvenile = set(ids(ivig("studies", "-i", "jia", "-f", "json")))
    assert juvenile == recorded_for(db_path, "jia", "sjia", "pjia")
    assert {"jra-withdrawal", "silverman-1994"} <= juvenile


def test_population_filter(ivig, db_path: Path) -> None:
    found = ids(ivig("studies", "--population", "systemic_jra", "-f", "json"))
    with sqlite3.connect(db_path) as conn:
        expected = [
            r[0] for r in conn.execute("SELECT id FROM studies WHERE population = 'systemic_jra'")
        ]
    assert sorted(found) == sorted(expected) and "silverman-1994" in found
    assert len(expected) > 1


def test_year_filters(ivig, db_path: Path) -> None:
    found = ids(ivig("studies", "--since", "1995", "--until", "2015", "-f", "json"))
    assert set(found) == db_ids(db_path, "year BETWEEN 1995 AND 2015")
    assert "silverman-1994" not in found and "xu-2021" not in found


def test_min_n_excludes_unknown_n(ivig, db_path: Path) -> None:
    found = ids(ivig("studies", "--min-n", "10", "-f", "json"))
    assert set(found) == db_ids(db_path, "n >= 10")
    assert "muscat-1995" in found and "ra-high-dose-open" not in found  # n = 10 and n = 7
    assert "halpert-2021" not in found  # unknown n never passes a minimum


def test_direction_filter(ivig, db_path: Path) -> None:
    found = ids(ivig("studies", "--direction", "no_benefit", "-f", "json"))
    assert set(found) == db_ids(db_path, "direction = 'no_benefit'")
    assert {
        "silverman-1994",
        "maksymowych-1996",
        "ra-low-dose-rct",
        "intra-articular-igg-pilot",
        "dalakas-1997",
    } <= set(found)


def test_filters_combine(ivig) -> None:
    found = ids(ivig("studies", "-d", "rct", "-i", "ra", "--direction", "no_benefit", "-f", "json"))
    assert found == ["ra-low-dose-rct"]


def test_empty_result(ivig) -> None:
    run = ivig("studies", "--design", "rct", "--indication", "aosd", "--format", "json")
    assert run.exit_code == 0 and run.json() == []
    run = ivig("studies", "--design", "rct", "--indication", "aosd")
    assert run.exit_code == 0
    assert run.stdout == "" and run.stderr.strip() == "no studies match"


def test_csv_has_every_row_and_parses(ivig, db_path: Path) -> None:
    run = ivig("studies", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert {r["id"] for r in rows} == db_ids(db_path)
    muscat = next(r for r in rows if r["id"] == "muscat-1995")
    assert muscat["n"] == "10" and muscat["doi"] == "10.1136/ard.54.5.382"
    assert next(r for r in rows if r["id"] == "halpert-2021")["n"] == ""
    assert "stopped_early" in next(r for r in rows if r["id"] == "ra-low-dose-rct")["record_notes"]


def test_markdown_table(ivig) -> None:
    run = ivig("studies", "-d", "rct", "--format", "markdown")
    lines = run.stdout.splitlines()
    header = next(line for line in lines if line.startswith("| id"))
    assert "| citation |" in header
    body = [line for line in lines if line.startswith("| ") and line is not header]
    assert sum(1 for line in body if "silverman-1994" in line) == 1
    unknown_author = ivig("studies", "-i", "aosd", "--format", "markdown").stdout
    assert "| aosd-case-series | unknown | unknown |" in unknown_author  # NULL reads unknown


def test_table_in_a_pipe_is_complete_and_unwrapped(ivig, db_path: Path) -> None:
    run = ivig("studies", "--design", "rct", "--all")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[0].split()[:4] == ["id", "author", "year", "design"]
    randomised = db_ids(db_path, "design IN ('rct', 'rct_withdrawal', 'rct_crossover')")
    assert len(lines) == 2 + len(randomised)  # header, rule, one line a randomised study
    silverman = next(line for line in lines if line.startswith("silverman-1994"))
    assert "Pediatric Rheumatology Collaborative Study Group" in silverman  # never cut
    assert silverman.rstrip().endswith("contradicted")
    withdrawal = next(line for line in lines if line.startswith("jra-withdrawal"))
    assert withdrawal.rstrip().endswith("confirmed")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--design", "rtc"], "did you mean 'rct'?"),
        (["--design", "nonsense"], "Valid values: rct, rct_withdrawal"),
        (["--indication", "stil"], "did you mean 'still'?"),
        (["--population", "adult"], "Valid values:"),
        (["--direction", "benefits"], "did you mean 'benefit'?"),
        (["--since", "1990", "--until", "1980"], "--since 1990 is after --until 1980"),
        (["--since", "20"], "not a plausible year"),
        (["--min-n", "0"], "--min-n"),
        (["--min-n", "ten"], "--min-n"),
        (["--format", "xml"], "--format"),
    ],
)
def test_bad_input_is_one_line_exit_2(ivig, db_path: Path, args: list[str], expected: str) -> None:
    run = ivig("studies", *args)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1
    assert expected in run.stderr


@pytest.mark.parametrize("name", ["still", "Still's disease", "stills"])
def test_still_s_disease_asks_which_never_picks_one(ivig, db_path: Path, name: str) -> None:
    # The eponym names adult-onset Still's disease and, historically, systemic JIA.
    run = ivig("studies", "-i", name)
    assert run.exit_code == 2
    assert "can mean more than one indication" in run.stderr
    assert "aosd" in run.stderr and "sjia" in run.stderr
    assert ivig("studies", "-i", "aosd", "-f", "json").json()  # each one by its own name


def test_an_import_naming_still_s_disease_asks_which(ivig, db_path: Path, tmp_path: Path) -> None:
    from tests.test_curation import NEW_STUDY, write_json

    study = dict(NEW_STUDY, indications=["Still's disease"])
    run = ivig("import", str(write_json(tmp_path / "still.json", [study])))
    assert run.exit_code == 1
    assert "'Still's disease' can mean more than one indication (aosd, sjia)" in run.stderr


def test_author_filter_matches_first_authors_and_author_lists(ivig, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        expected = {
            r[0]
            for r in conn.execute(
                "SELECT s.id FROM studies s LEFT JOIN publications p ON p.id = s.publication_id "
                "WHERE lower(COALESCE(s.first_author, '') || ' ' || COALESCE(p.authors, '')) "
                "LIKE '%silverman%'"
            )
        }
    found = set(ids(ivig("studies", "--author", "SILVERMAN", "-f", "json")))
    assert found == expected and {"silverman-1994", "silverman-1990", "uziel-1996"} <= found
    both = set(ids(ivig("studies", "-a", "kanik", "-a", "tumiati", "-f", "json")))
    assert both == {"ra-low-dose-rct", "tumiati-1992"}
    assert ids(ivig("studies", "--author", "nobody-at-all", "-f", "json")) == []
    assert ivig("studies", "--author", " ").exit_code == 2


def test_values_as_people_type_them(ivig, db_path: Path) -> None:
    listed = set(ids(ivig("studies", "-d", "rct", "-d", "open_label", "-f", "json")))
    assert set(ids(ivig("studies", "-d", "rct,open_label", "-f", "json"))) == listed
    assert set(ids(ivig("studies", "-d", "randomised", "-f", "json"))) == set(
        ids(ivig("studies", "-d", "rct", "-f", "json"))
    )
    assert set(ids(ivig("studies", "-d", "Open-Label", "-f", "json"))) == set(
        ids(ivig("studies", "-d", "open_label", "-f", "json"))
    )
    either = set(ids(ivig("studies", "-i", "aosd", "-i", "ra-ild", "-f", "json")))
    assert either == recorded_for(db_path, "aosd") | recorded_for(db_path, "ra-ild")
    bad = ivig("studies", "-d", "rtc")
    assert bad.exit_code == 2 and "did you mean 'rct'" in bad.stderr
    assert bad.stderr.rstrip().endswith(".")


def test_a_single_value_option_given_twice_is_refused(ivig, db_path: Path) -> None:
    for args in (("dose", "-i", "ra", "-i", "aosd"), ("studies", "--limit", "1", "--limit=2")):
        run = ivig(*args)
        assert run.exit_code == 2 and "given 2 times" in run.stderr, args
        assert run.stdout == ""


def test_with_release_after_the_command(ivig, db_path: Path) -> None:
    stamped = ivig("studies", "-d", "rct", "-f", "json", "--with-release").json()
    assert stamped == ivig("--with-release", "studies", "-d", "rct", "-f", "json").json()
    assert stamped["data_release"]["version"] and stamped["items"]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["studies", "--design", ""], "--design"),
        (["studies", "--design", ",,"], "--design"),
        (["studies", "--population", ""], "--population"),
        (["studies", "--direction", " "], "--direction"),
        (["studies", "--status", ""], "--status"),
        (["positions", "--body", ""], "--body"),
    ],
)
def test_an_empty_value_is_refused_not_read_as_no_filter(
    ivig, args: list[str], option: str
) -> None:
    """An empty filter once returned every row with exit 0, as if no filter were given."""
    run = ivig(*args, "-f", "json")
    assert run.exit_code == 2
    assert run.stdout == "" and f"{option} needs a" in run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
