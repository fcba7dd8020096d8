"""Evidence views: indications, positions, show, evidence, map, search, conflicts, cite."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import pytest
from sqlalchemy import text

from ivig_evidence.store.db import write_engine


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


# ------------------------------------------------------------------ indications


def test_indications_count_studies_and_patients_over_the_scope(ivig, db_path: Path) -> None:
    rows = {i["slug"]: i for i in ivig("indications", "-f", "json").json()}
    assert set(rows) == {r[0] for r in query(db_path, "SELECT slug FROM indications")}
    refractory = rows["ra-refractory"]
    expected = query(
        db_path,
        "SELECT s.design, s.n FROM studies s JOIN study_indications si "
        "ON si.study_id = s.id WHERE si.indication_slug = 'ra-refractory'",
    )
    assert sum(refractory["studies_by_design"].values()) == len(expected)
    assert refractory["patients"] == sum(n for _, n in expected if n)  # all IVIG studies
    # Patients only in studies of IVIG treatment: not the 539 of an observational cohort.
    treated = query(
        db_path,
        "SELECT DISTINCT s.id, s.n FROM studies s JOIN study_indications si ON si.study_id = s.id "
        "JOIN indications i ON i.slug = si.indication_slug "
        "WHERE (i.slug = 'ra' OR i.parent_slug = 'ra') AND s.n IS NOT NULL "
        "AND s.design IN ('rct', 'rct_withdrawal', 'open_label', 'trial', 'case_series')",
    )
    assert rows["ra"]["patients"] == sum(n for _, n in treated)
    assert {"ra-low-dose-rct", "muscat-1995"} <= {i for i, _ in treated}
    assert "kaestner-2021" not in {i for i, _ in treated}
    assert rows["iim-ild"]["patients"] is None  # nothing known is unknown, never 0
    assert rows["ra"]["studies"] >= rows["ra-refractory"]["studies"]  # ra includes it
    assert "still" in rows["aosd"]["aliases"]
    assert {
        "body": "FDA",
        "stance": "not_approved",
        "category": "not approved",
        "standing": "reported by a secondary article",
        "check_status": "unconfirmed",
    } in rows["ra"]["positions"]
    assert rows["pjia"]["studies_by_design"] == {"rct_withdrawal": 1}


def test_indications_formats(ivig, db_path: Path) -> None:
    table = ivig("indications").stdout
    assert "patients in IVIG studies" in table and "rhupus" in table
    rows = list(csv.DictReader(io.StringIO(ivig("indications", "-f", "csv").stdout)))
    rhupus = next(r for r in rows if r["slug"] == "rhupus")
    assert rhupus["patients in IVIG studies"] == ""  # unknown is empty in CSV, never 0
    md = ivig("indications", "-f", "markdown").stdout
    assert md.count("\n| ") >= 14


# ------------------------------------------------------------------ positions


def test_positions_compare_bodies_on_one_scale(ivig, db_path: Path) -> None:
    positions = ivig("positions", "--indication", "ra", "-f", "json").json()
    assert {p["indication"] for p in positions} <= {
        r[0]
        for r in query(
            db_path, "SELECT slug FROM indications WHERE slug = 'ra' OR parent_slug = 'ra'"
        )
    }
    fda = next(p for p in positions if p["body"] == "FDA")
    assert (fda["category_rank"], fda["category"], fda["kind"]) == (6, "not approved", "regulatory")
    assert fda["wording"] == "IVIG is not FDA-approved to treat RA."
    assert fda["sources"][0]["quote"].startswith("The first limitation")
    ranks = [(p["indication"], p["category_rank"]) for p in positions]
    assert ranks == sorted(ranks)


def test_positions_by_body(ivig, db_path: Path) -> None:
    acr = ivig("positions", "--body", "acr", "-f", "json").json()
    assert {p["indication"] for p in acr} == {"iim-ild", "mctd-ild", "ra-ild"}
    missing = ivig("positions", "--body", "EULAR")
    assert missing.exit_code == 2 and "(bodies: ACR/CHEST" in missing.stderr  # as -d nope
    assert len(missing.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_the_earlier_name_guidelines_runs_positions(ivig, db_path: Path, fmt: str) -> None:
    """`ivig guidelines`, as scripts and habits know it: the same answer, the same options,
    and help and errors that give the command's name now; it is not listed as another."""
    now = ivig("positions", "-i", "ra", "--body", "FDA", "-f", fmt)
    earlier = ivig("guidelines", "-i", "ra", "--body", "FDA", "-f", fmt)
    assert now.exit_code == earlier.exit_code == 0 and "FDA" in now.stdout
    assert earlier.stdout == now.stdout and earlier.stderr == now.stderr
    assert "Usage: ivig positions" in ivig("guidelines", "--help").stdout
    wrong = ivig("guidelines", "--body", "")
    assert (
        wrong.exit_code == 2
        and wrong.stderr == "ivig: error: --body needs a name (or part of one).\n"
    )
    listed = ivig("--help").stdout
    assert "  positions" in listed and "  guidelines" not in listed
    typo = ivig("guidelnes")
    assert typo.exit_code == 2 and "Did you mean 'positions'?" in typo.stderr


# ------------------------------------------------------------------ show


def test_show_a_study_has_every_part(ivig, db_path: Path) -> None:
    run = ivig("show", "ra-low-dose-rct")
    assert run.exit_code == 0
    out = run.stdout
    for expected in (
        "Kanik",
        "level of evidence",
        "2 (randomised trial)",
        "Oxford CEBM 2011",
        "ra-low-dose-rct-dose",
        "every_3_weeks",
        "Low-dose IVIG (5 mg/kg)",
        "confirmed",
        "stopped_early",
        "hepatitis C",
        "10.1002/art.1780390621",
    ):
        assert expected in out, expected
    (item,) = ivig("show", "ra-low-dose-rct", "-f", "json").json()
    assert item["record"] == "study" and item["citation"]["pmid"] == "8651966"


def test_show_links_doi_and_pmid(ivig, db_path: Path) -> None:
    md = ivig("show", "kanik-1996", "-f", "markdown").stdout
    assert "[10.1002/art.1780390621](https://doi.org/10.1002/art.1780390621)" in md
    assert "[8651966](https://pubmed.ncbi.nlm.nih.gov/8651966/)" in md


def test_show_publication_and_indication(ivig, db_path: Path) -> None:
    (study,) = ivig("show", "silverman-1994", "-f", "json").json()
    assert study["record"] == "study"  # the study shares the publication's id; studies first
    (pub,) = ivig("show", "publication:silverman-1994", "-f", "json").json()
    assert pub["record"] == "publication" and pub["pmid"] == "7699642"
    assert pub["studies"] == ["silverman-1994"]
    (ref,) = ivig("show", "nba-ivig-criteria-2", "-f", "json").json()
    assert ref["record"] == "publication" and ref["cited_by"] == [
        {"document": "ameripharma-ivig-ra", "reference": 10}
    ]
    (aosd,) = ivig("show", "adult-onset Still's disease", "-f", "json").json()
    assert aosd["record"] == "indication" and aosd["slug"] == "aosd"
    ambiguous = ivig("show", "Still's disease")
    assert ambiguous.exit_code == 2 and "aosd" in ambiguous.stderr and "sjia" in ambiguous.stderr
    filed = query(db_path, "SELECT study_id FROM study_indications WHERE indication_slug = 'aosd'")
    assert sorted(aosd["study_ids"]) == sorted(r[0] for r in filed)
    assert "aosd-case-series" in aosd["study_ids"]


def test_show_unknown_id(ivig, db_path: Path) -> None:
    run = ivig("show", "ra-low-dose")
    assert run.exit_code == 1
    assert "no study, publication or indication 'ra-low-dose'" in run.stderr
    assert "closest: ra-low-dose-rct" in run.stderr


# ------------------------------------------------------------------ evidence


def test_ra_profile_puts_randomised_trials_before_open_label(ivig, db_path: Path) -> None:
    (profile,) = ivig("evidence", "--indication", "ra", "-f", "json").json()
    designs = [group["design"] for group in profile["studies"]]
    assert designs.index("rct") < designs.index("open_label")
    assert "Oxford CEBM 2011" in profile["evidence_hierarchy"]
    rct = next(g for g in profile["studies"] if g["design"] == "rct")["studies"]
    assert rct[0]["id"] == "ra-low-dose-rct" and rct[0]["level"] == "2 (randomised trial)"
    assert any(
        d["about"] == "study kaestner-2021" and d["status"] == "contradicted"
        for d in profile["disagreements"]
    )


def test_profile_bottom_line_is_quoted_from_the_sources(ivig, db_path: Path, sources: Path) -> None:
    (profile,) = ivig("evidence", "-i", "ra", "-f", "json").json()
    documents = {
        d: (sources / f).read_text(encoding="utf-8")
        for d, f in query(
            db_path, "SELECT id, source_file FROM publications WHERE source_file IS NOT NULL"
        )
    }
    assert profile["bottom_line"]
    for line in profile["bottom_line"]:
        assert line["quote"] in documents[line["document"]]


def test_profile_table(ivig, db_path: Path) -> None:
    out = ivig("evidence", "-i", "sjia").stdout
    assert "silverman-1994" in out and "Where sources disagree" in out
    assert "children with active RA" in out


# ------------------------------------------------------------------ map


def test_map_counts_match_the_database(ivig, db_path: Path) -> None:
    rows = {r["indication"]: r["cells"] for r in ivig("map", "--no-rollup", "-f", "json").json()}
    for slug, design, count in query(
        db_path,
        "SELECT si.indication_slug, s.design, count(*) FROM study_indications si "
        "JOIN studies s ON s.id = si.study_id GROUP BY 1, 2",
    ):
        assert rows[slug][design]["studies"] == count
    # Rolled up (the default), the ra row holds the RA trials `studies -i ra` returns.
    rolled = {r["indication"]: r["cells"] for r in ivig("map", "-f", "json").json()}
    ra_rcts = ivig("studies", "-i", "ra", "-d", "rct", "-f", "json").json()
    assert rolled["ra"]["rct"]["studies"] == len(ra_rcts) >= 1
    assert rolled["iim-ild"]["rct"]["patients"] is None
    # Two of the three open-label studies in refractory RA report benefit, one none.
    assert rows["ra-refractory"]["open_label"]["prevailing_direction"] == "benefit"
    assert rows["sjia"]["rct"] == {
        "studies": 1,
        "patients": 31,
        "prevailing_direction": "no_benefit",
    }
    assert rows["iim-ild"]["rct"]["studies"] == 0  # a gap shows as a gap


def test_map_exports(ivig, db_path: Path, tmp_path: Path) -> None:
    table = list(csv.DictReader(io.StringIO(ivig("map", "-f", "csv").stdout)))
    sjia = next(r for r in table if r["indication"] == "sjia")
    assert (sjia["rct_studies"], sjia["rct_patients"], sjia["rct_direction"]) == ("1", "31", "-")
    assert "| indication |" in ivig("map", "-f", "markdown").stdout
    image = tmp_path / "map.svg"
    run = ivig("map", "--svg", str(image))
    assert run.exit_code == 0 and f"wrote {image}" in run.stderr
    root = ET.parse(image).getroot()
    assert root.tag.endswith("svg") and "sjia" in image.read_text()
    bad = ivig("map", "--svg", str(tmp_path / "missing-dir" / "map.svg"))
    assert bad.exit_code == 1 and "cannot write" in bad.stderr
    # "-" is stdout, as for report --html: the chart alone, no file named "-", no table.
    streamed = ivig("map", "--svg", "-")
    assert streamed.exit_code == 0, streamed.stderr
    assert ET.fromstring(streamed.stdout).tag.endswith("svg") and "sjia" in streamed.stdout
    assert not (Path.cwd() / "-").exists()


# ------------------------------------------------------------------ search


def test_search_finds_a_word_in_a_quote(ivig, db_path: Path) -> None:
    hits = ivig("search", "Ritchie", "-f", "json").json()
    statements = [h for h in hits if h["kind"] == "statement"]
    assert any(h["id"] == "st-ra-high-dose-open" for h in statements)
    assert all("«Ritchie»" in h["snippet"] for h in statements)
    md = ivig("search", "Ritchie", "-f", "markdown").stdout
    assert "**Ritchie**" in md


def test_search_ranks_and_limits(ivig, db_path: Path) -> None:
    hits = ivig("search", "hepatitis", "-f", "json").json()
    assert hits[0]["belongs_to"] == "ra-low-dose-rct"
    ranks = [h["rank"] for h in hits]
    assert ranks == sorted(ranks)
    assert len(ivig("search", "IVIG", "--limit", "3", "-f", "json").json()) == 3


def test_search_nothing_found_and_bad_syntax(ivig, db_path: Path) -> None:
    run = ivig("search", "zebrafish")
    assert run.exit_code == 0 and "nothing found" in run.stderr
    assert ivig("search", "zebrafish", "-f", "json").json() == []
    for bad in ('"unbalanced', "AND", "NOT", "NOT virus", "hepatitis OR", "(fever", "fever)"):
        run = ivig("search", bad)
        assert run.exit_code == 2, bad
        assert re.search(r"quote|operator|joins|open|nothing open|add the term", run.stderr), bad
        assert len(run.stderr.strip().splitlines()) == 1 and run.stderr.rstrip().endswith("."), bad


def test_search_as_typed(ivig, db_path: Path) -> None:
    """Plain words as words: an apostrophe or a hyphen inside a word is no syntax, and
    authors are searched; the search syntax still works for those who use it."""

    def found(query: str) -> list[dict[str, str]]:
        run = ivig("search", query, "-f", "json", "--limit", "500")
        assert run.exit_code == 0, (query, run.stderr)
        return run.json()

    stills = found("Still's disease")
    assert {"aosd-case-series", "aosd-ivig-trial-7"} <= {h["id"] for h in stills} | {
        h["belongs_to"] for h in stills
    }
    assert found("anti-inflammatory") and found("Kanik")
    assert {("publication", "authors")} <= {(h["kind"], h["field"]) for h in found("Kanik")}
    immuno = found("immuno*")
    assert len(immuno) > len(found("immunoglobulin")) > 0
    phrase, words = found('"high dose"'), found("high dose")
    assert 0 < len(phrase) <= len(words)
    either = {h["id"] for h in found("Tumiati OR Uziel")}
    assert either == {h["id"] for h in found("Tumiati")} | {h["id"] for h in found("Uziel")}
    assert not {h["id"] for h in found("hepatitis NOT virus")} & {h["id"] for h in found("virus")}


def test_search_index_follows_inserts_updates_and_deletes(ivig, db_path: Path) -> None:
    engine = write_engine(db_path)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO studies (id, design, population, direction, result) "
                "VALUES ('local-1', 'rct', 'ra', 'benefit', 'zebrafish improved')"
            )
        )
    assert [h["id"] for h in ivig("search", "zebrafish", "-f", "json").json()] == ["local-1"]
    with engine.begin() as conn:
        conn.execute(text("UPDATE studies SET result = 'axolotl improved' WHERE id = 'local-1'"))
    assert ivig("search", "zebrafish", "-f", "json").json() == []
    assert [h["id"] for h in ivig("search", "axolotl", "-f", "json").json()] == ["local-1"]
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM studies WHERE id = 'local-1'"))
    assert ivig("search", "axolotl", "-f", "json").json() == []
    engine.dispose()


# ------------------------------------------------------------------ conflicts


def test_conflicts_are_disagreements_not_unchecked_statements(ivig, db_path: Path) -> None:
    conflicts = ivig("conflicts", "-f", "json").json()
    statuses = [c["status"] for c in conflicts]
    order = ["contradicted", "positions differ", "reading differs", "doses differ"]
    assert statuses == sorted(statuses, key=order.index)  # contradicted first
    contradicted = query(db_path, "SELECT count(*) FROM statements WHERE status = 'contradicted'")
    assert statuses.count("contradicted") == contradicted[0][0]
    assert "unconfirmed" not in statuses  # no record could check them: not a conflict
    kaestner = next(c for c in conflicts if c["statement"] == "st-kaestner-2021-text")
    assert kaestner["record_says"] and "539" in kaestner["record_says"]
    assert kaestner["checked_against"].find("https://") >= 0
    # Bodies that differ on the same indication: the FDA (not approved) and the Q&A
    # article (not routine) on RA.
    (ra,) = [c for c in conflicts if c["about"] == "positions on ra"]
    assert "FDA: 6. not approved" in ra["quote"] and "3. not routine" in ra["quote"]
    # A source's figure against its primary record's reading.
    (aosd,) = [c for c in conflicts if c["about"] == "dose aosd-case-series-dose"]
    assert "0.4-2 g/kg/day" in aosd["quote"] and "2 g/kg" in aosd["record_says"]
    everything = ivig("conflicts", "--include-unchecked", "-f", "json").json()
    unchecked = query(db_path, "SELECT count(*) FROM statements WHERE status = 'unconfirmed'")
    assert [c["status"] for c in everything].count("unconfirmed") == unchecked[0][0]
    only = ivig("conflicts", "--status", "contradicted", "-f", "json").json()
    assert {c["status"] for c in only} == {"contradicted"}
    assert ivig("conflicts", "--status", "confirmed").exit_code == 2


# ------------------------------------------------------------------ cite


def test_bibtex_parses_and_carries_the_doi(ivig, db_path: Path) -> None:
    run = ivig("cite", "kanik-1996", "mulhearn-2015", "nba-ivig-criteria-2")
    library = bibtexparser.parse_string(run.stdout)
    assert not library.failed_blocks
    entries = {e.key: e.fields_dict for e in library.entries}
    assert entries["kanik1996"]["doi"].value == "10.1002/art.1780390621"
    assert entries["kanik1996"]["pages"].value == "1027--1029"
    assert entries["mulhearn2015"]["author"].value == "Mulhearn, Ben and Bruce, Ian N"
    assert "doi" not in entries["nbaivigcriteria2"]  # only known fields are written


def test_studies_cite_and_skips(ivig, db_path: Path) -> None:
    run = ivig("studies", "--design", "rct", "--cite", "bibtex")
    keys = {e.key for e in bibtexparser.parse_string(run.stdout).entries}
    # One entry per randomised study's known publication, its key the id run together.
    publications = query(
        db_path,
        "SELECT DISTINCT publication_id FROM studies WHERE publication_id IS NOT NULL AND "
        "design IN ('rct', 'rct_withdrawal', 'rct_crossover')",
    )
    known = {pid.replace("-", "") for (pid,) in publications}
    assert {"silverman1994", "giannini1996", "kanik1996"} <= keys <= known
    skipped = ivig("cite", "ra-high-dose-open", "kanik-1996")
    assert "skipped ra-high-dose-open: its primary publication is unknown" in skipped.stderr


def test_ris_and_csl_json(ivig, db_path: Path) -> None:
    ris = ivig("cite", "silverman-1994", "xu-2021", "-f", "ris").stdout
    assert ris.count("TY  - JOUR") == 2 and ris.count("ER  - ") == 2
    assert "SP  - 2353\nEP  - 2358" in ris and "et al." not in ris.split("N1")[0]
    (item,) = ivig("cite", "xu-2021", "-f", "csl-json").json()
    assert item["type"] == "article-journal" and item["DOI"] == "10.3390/jcm10153289"
    assert item["author"] == [
        {"family": "Xu", "given": "Yingke"},
        {"family": "Wu", "given": "Qing"},
    ]
    assert item["issued"] == {"date-parts": [[2021, 7, 26]]}  # the full date the record gives


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["cite", "nosuch"], 1, "no study or publication: nosuch"),
        (
            ["cite", "xu-2021", "-f", "endnote"],
            2,
            "unknown citation format 'endnote'; did you mean 'ris'?",
        ),
        (["cite"], 2, "give the ids to cite, or --indication SLUG, or --all"),
    ],
)
def test_cite_errors(ivig, db_path: Path, args: list[str], code: int, message: str) -> None:
    run = ivig(*args)
    assert run.exit_code == code and message in run.stderr


# ------------------------------------------------------------------ data release stamp


def test_with_release_stamps_machine_readable_output(ivig, db_path: Path) -> None:
    ((version, released_on),) = query(db_path, "SELECT version, released_on FROM data_release")
    stamped = ivig("--with-release", "studies", "-d", "rct", "-f", "json").json()
    assert stamped["data_release"]["version"] == version
    assert [s["id"] for s in stamped["items"]] == [
        s["id"] for s in ivig("studies", "-d", "rct", "-f", "json").json()
    ]
    first_line = ivig("--with-release", "indications", "-f", "csv").stdout.splitlines()[0]
    assert first_line == f"# ivig-evidence data release {version} ({released_on})"
    rows = ivig("--with-release", "sql", "SELECT 1 AS one", "-f", "json").json()
    assert rows == {"data_release": stamped["data_release"], "items": [{"one": 1}]}
    assert isinstance(ivig("studies", "-f", "json").json(), list)  # unstamped by default
