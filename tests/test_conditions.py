"""Conditions beyond RA (schema revision 0018): the new populations and families, every
alias, the indication tree, and indications that hold nothing yet.

The tree is tested with local studies imported through the real CLI, beside whatever
the release holds (each check compares with the release's own rows); an indication
that holds nothing is a fixture indication written into a copy of the release.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ivig_evidence import vocab

NEW_POPULATIONS = (
    "iim",
    "dermatomyositis",
    "juvenile_dm",
    "polymyositis",
    "imnm",
    "ibm",
    "aav",
    "gpa",
    "mpa",
    "egpa",
    "kawasaki",
    "aps",
)

# What a reader may type, and the one indication it must find.
ALIASES = {
    "DM": "dermatomyositis",
    "dermatomyositis": "dermatomyositis",
    "adult dermatomyositis": "dermatomyositis",
    "JDM": "juvenile-dm",
    "juvenile dermatomyositis": "juvenile-dm",
    "IIM": "iim",
    "myositis": "iim",
    "inflammatory myopathy": "iim",
    "idiopathic inflammatory myopathies": "iim",
    "polymyositis": "polymyositis",
    "PM": "polymyositis",
    "IMNM": "imnm",
    "NAM": "imnm",
    "necrotising myopathy": "imnm",
    "necrotizing myopathy": "imnm",
    "immune-mediated necrotizing myopathy": "imnm",
    "IBM": "ibm",
    "sIBM": "ibm",
    "inclusion body myositis": "ibm",
    "AAV": "aav",
    "ANCA vasculitis": "aav",
    "ANCA-associated vasculitis": "aav",
    "GPA": "gpa",
    "Wegener's granulomatosis": "gpa",
    "Wegener’s granulomatosis": "gpa",
    "granulomatosis with polyangiitis": "gpa",
    "MPA": "mpa",
    "microscopic polyangiitis": "mpa",
    "EGPA": "egpa",
    "Churg-Strauss": "egpa",
    "Churg Strauss syndrome": "egpa",
    "KD": "kawasaki",
    "Kawasaki disease": "kawasaki",
    "mucocutaneous lymph node syndrome": "kawasaki",
    "myositis-ILD": "iim-ild",
}

# The tree as the release files it: (parent, family). IBM and EGPA stand beside
# their groups, not beneath them.
TREE = {
    "iim": (None, "inflammatory_myopathies"),
    "dermatomyositis": ("iim", "inflammatory_myopathies"),
    "juvenile-dm": ("iim", "inflammatory_myopathies"),
    "polymyositis": ("iim", "inflammatory_myopathies"),
    "imnm": ("iim", "inflammatory_myopathies"),
    "iim-ild": ("iim", "inflammatory_myopathies"),
    "ibm": (None, "inflammatory_myopathies"),
    "aav": (None, "vasculitis"),
    "gpa": ("aav", "vasculitis"),
    "mpa": ("aav", "vasculitis"),
    "egpa": (None, "vasculitis"),
    "kawasaki": (None, "kawasaki_disease"),
    "mctd-ild": (None, "other"),
    "ra": (None, "ra_and_relatives"),
    "ra-vasculitis": ("ra", "ra_and_relatives"),
    "rhupus": ("ra", "ra_and_relatives"),
    "aosd": (None, "ra_and_relatives"),
    "sjia": ("jia", "ra_and_relatives"),
}


def rows(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def local_study(study_id: str, population: str, indication: str) -> dict[str, Any]:
    return {
        "id": study_id,
        "first_author": "Local",
        "year": 2020,
        "design": "case_series",
        "population": population,
        "direction": "benefit",
        "n": 5,
        "indications": [indication],
        "sources": [{"document": "ameripharma-ivig-ra", "quote": "A sentence quoted verbatim."}],
    }


def import_studies(ivig: Any, tmp_path: Path, studies: list[dict[str, Any]]) -> None:
    path = tmp_path / "local.json"
    path.write_text(json.dumps(studies), encoding="utf-8")
    run = ivig("import", str(path))
    assert run.exit_code == 0, run.stderr


def ids(run: Any) -> set[str]:
    assert run.exit_code == 0, run.stderr
    return {s["id"] for s in run.json()}


# ------------------------------------------------------------------ vocabulary


def test_every_population_and_family_has_a_meaning() -> None:
    assert set(vocab.POPULATION_MEANINGS) == set(vocab.Population)
    assert set(vocab.FAMILY_MEANINGS) == set(vocab.ConditionFamily)
    assert set(NEW_POPULATIONS) <= set(vocab.values(vocab.Population))


@pytest.mark.parametrize("population", NEW_POPULATIONS)
def test_a_study_of_each_new_population_is_stored_and_found(
    ivig: Any, db_path: Path, tmp_path: Path, population: str
) -> None:
    before = ids(ivig("studies", "-p", population, "-f", "json", "--all"))
    import_studies(ivig, tmp_path, [local_study("local-one", population, "iim")])
    assert rows(db_path, "SELECT population FROM studies WHERE id = 'local-one'") == [(population,)]
    found = ids(ivig("studies", "-p", population, "-f", "json", "--all"))
    assert found == before | {"local-one"}
    assert found == {
        sid for (sid,) in rows(db_path, "SELECT id FROM studies WHERE population = ?", population)
    }


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("DM", "dermatomyositis"),
        ("JDM", "juvenile_dm"),
        ("Churg-Strauss", "egpa"),
        ("KD", "kawasaki"),
    ],
)
def test_a_population_as_people_type_it(ivig: Any, db_path: Path, typed: str, value: str) -> None:
    assert vocab.normalise_choice(typed) == value
    assert ivig("studies", "-p", typed, "-f", "json").exit_code == 0


def test_the_database_refuses_a_population_outside_the_list(db_path: Path) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="ck_studies_population"):
        rows(
            db_path,
            "INSERT INTO studies (id, design, population, direction) "
            "VALUES ('x', 'rct', 'lupus', 'benefit')",
        )
    with pytest.raises(sqlite3.IntegrityError, match="ck_indications_condition_family"):
        rows(
            db_path,
            "INSERT INTO indications (slug, name, relation_to_ra, family) "
            "VALUES ('x', 'X', 'other_disease', 'myopathies')",
        )


# ------------------------------------------------------------------ aliases and tree


@pytest.mark.parametrize(("name", "slug"), sorted(ALIASES.items()))
def test_every_alias_finds_its_indication(ivig: Any, db_path: Path, name: str, slug: str) -> None:
    run = ivig("evidence", "-i", name, "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert run.json()[0]["indication"] == slug


def test_vasculitis_asks_which_never_picks_one(ivig: Any, db_path: Path) -> None:
    run = ivig("studies", "-i", "vasculitis")
    assert run.exit_code == 2
    assert "'vasculitis' can mean more than one indication" in run.stderr
    for choice in ("aav (", "egpa (", "ra-vasculitis ("):
        assert choice in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_the_tree_and_families_are_the_releases(db_path: Path) -> None:
    found = {
        slug: (parent, family)
        for slug, parent, family in rows(
            db_path, "SELECT slug, parent_slug, family FROM indications"
        )
    }
    assert {slug: found[slug] for slug in TREE} == TREE
    # Every subtype is in its parent's family.
    for slug, (parent, family) in found.items():
        if parent is not None:
            assert found[parent][1] == family, slug
    # The conditions beyond RA are other diseases to RA; RA's family keeps its relations.
    beyond = rows(
        db_path,
        "SELECT DISTINCT relation_to_ra FROM indications WHERE family <> 'ra_and_relatives'",
    )
    assert beyond == [("other_disease",)]


def test_a_group_includes_its_subtypes_but_not_what_stands_beside_it(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    filed = {
        "in-iim": ("iim", "iim"),
        "in-dm": ("dermatomyositis", "dermatomyositis"),
        "in-jdm": ("juvenile_dm", "JDM"),
        "in-pm": ("polymyositis", "PM"),
        "in-imnm": ("imnm", "NAM"),
        "in-ild": ("iim", "iim-ild"),
        "in-ibm": ("ibm", "sIBM"),
        "in-gpa": ("gpa", "Wegener's granulomatosis"),
        "in-mpa": ("mpa", "mpa"),
        "in-egpa": ("egpa", "Churg-Strauss"),
        "in-kd": ("kawasaki", "KD"),
    }
    groups = ("iim", "ibm", "dm", "aav", "egpa", "kawasaki", "ra")

    def in_group(name: str) -> set[str]:
        return ids(ivig("studies", "-i", name, "-f", "json", "--all"))

    def series(row: dict[str, Any]) -> int:
        return int(row["case_series"]["studies"])

    before = {name: in_group(name) for name in groups}
    cells_before = {r["indication"]: r["cells"] for r in ivig("map", "-f", "json").json()}
    listed_before = {i["slug"]: i for i in ivig("indications", "-f", "json").json()}
    import_studies(
        ivig,
        tmp_path,
        [local_study(sid, population, where) for sid, (population, where) in filed.items()],
    )
    myopathies = {"in-iim", "in-dm", "in-jdm", "in-pm", "in-imnm", "in-ild"}
    added = {
        "iim": myopathies,
        "ibm": {"in-ibm"},
        "dm": {"in-dm"},
        "aav": {"in-gpa", "in-mpa"},
        "egpa": {"in-egpa"},
        "kawasaki": {"in-kd"},
        "ra": set(),
    }
    for name in groups:
        assert in_group(name) == before[name] | added[name], name
    # The counts roll up the same way, on the map and in the indication list.
    cells = {row["indication"]: row["cells"] for row in ivig("map", "-f", "json").json()}
    for slug, count in (("iim", len(myopathies)), ("ibm", 1), ("aav", 2)):
        assert series(cells[slug]) - series(cells_before[slug]) == count, slug
    listed = {i["slug"]: i for i in ivig("indications", "-f", "json").json()}
    assert listed["iim"]["studies"] - listed_before["iim"]["studies"] == len(myopathies)
    assert listed["iim"]["family"] == "inflammatory_myopathies"
    assert listed["egpa"]["studies"] - listed_before["egpa"]["studies"] == 1
    assert listed["egpa"]["family"] == "vasculitis"


# ------------------------------------------------------------------ nothing recorded yet


@pytest.fixture
def empty_group(db_path: Path) -> Path:
    """An indication group and its subtype with nothing recorded, as a curator's
    database may hold before its rows: antiphospholipid syndrome."""
    rows(
        db_path,
        "INSERT INTO indications (slug, name, relation_to_ra, parent_slug, family, origin) "
        "VALUES ('aps', 'Antiphospholipid syndrome', 'other_disease', NULL, "
        "'antiphospholipid_syndrome', 'local')",
    )
    rows(
        db_path,
        "INSERT INTO indications (slug, name, relation_to_ra, parent_slug, family, origin) "
        "VALUES ('obstetric-aps', 'Obstetric antiphospholipid syndrome', 'other_disease', "
        "'aps', 'antiphospholipid_syndrome', 'local')",
    )
    return db_path


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["studies", "-i", "aps"],
            "no studies recorded yet for aps (Antiphospholipid syndrome) or any "
            "indication beneath it",
        ),
        (["studies", "-i", "aps", "--cite", "bibtex"], "no studies recorded yet for aps ("),
        (["dose", "-i", "obstetric-aps"], "no dose regimens recorded for obstetric-aps"),
        (
            ["dose", "-i", "obstetric-aps", "--weight", "80"],
            "no dose regimens recorded for obstetric-aps",
        ),
        (["positions", "-i", "aps"], "no guideline, regulatory or source positions recorded"),
    ],
)
def test_an_indication_with_nothing_yet_says_so(
    ivig: Any, empty_group: Path, args: list[str], said: str
) -> None:
    run = ivig(*args)
    assert run.exit_code == 0, run.stderr
    assert said in run.stderr


def test_a_filter_that_matches_nothing_still_says_no_match(ivig: Any, db_path: Path) -> None:
    # aosd has studies, none of them randomised: the filter, not the indication, is empty.
    run = ivig("studies", "-i", "aosd", "-d", "rct")
    assert run.exit_code == 0 and run.stderr.strip() == "no studies match"


def test_evidence_and_map_name_what_holds_nothing_yet(ivig: Any, empty_group: Path) -> None:
    run = ivig("evidence", "-i", "obstetric-aps")
    assert run.exit_code == 0, run.stderr
    assert (
        "no studies, positions or dose regimens recorded yet for obstetric-aps "
        "(Obstetric antiphospholipid syndrome)" in run.stdout
    )
    # aps holds a position (on obstetric APS, beneath it) but no study.
    rows(
        empty_group,
        "INSERT INTO positions (id, kind, body, indication_slug, stance, wording, origin) "
        "VALUES ('local-aps', 'guideline', 'Local Body', 'obstetric-aps', 'recommended', "
        "'their words', 'local')",
    )
    run = ivig("evidence", "-i", "aps")
    assert "no studies recorded yet for aps" in run.stdout and "Local Body" in run.stdout
    run = ivig("map")
    assert run.exit_code == 0, run.stderr
    (footer,) = [line for line in run.stdout.splitlines() if "recorded yet" in line]
    named = footer.split(": ", 1)[1].split(", ")
    assert {"aps", "obstetric-aps"} <= set(named)
    assert not {"ra", "aosd", "dermatomyositis", "kawasaki"} & set(named)
    listed = {i["slug"]: i for i in ivig("indications", "-f", "json").json()}
    assert listed["aps"]["studies"] == 0 and listed["aps"]["patients"] is None
    assert ivig("indications").exit_code == 0


# ------------------------------------------------------------------ table files


def test_an_indication_file_without_families_files_them_under_their_parents(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    """Table files written before the family column import: a subtype takes its
    parent's family (one in the database, or one in the same file)."""
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "indications.json").write_text(
        json.dumps(
            [
                {
                    "slug": "dm-ild",
                    "name": "DM with ILD",
                    "relation_to_ra": "other_disease",
                    "parent_slug": "dermatomyositis",
                },
                {"slug": "my-group", "name": "My group", "relation_to_ra": "other_disease"},
                {
                    "slug": "my-sub",
                    "name": "My subgroup",
                    "relation_to_ra": "other_disease",
                    "parent_slug": "my-group",
                },
                {
                    "slug": "my-vasc",
                    "name": "My vasculitis",
                    "relation_to_ra": "other_disease",
                    "family": "vasculitis",
                },
                {
                    "slug": "my-vasc-sub",
                    "name": "Its subtype",
                    "relation_to_ra": "other_disease",
                    "parent_slug": "my-vasc",
                },
            ]
        ),  # fmt: skip
        encoding="utf-8",
    )
    run = ivig("import", str(folder))
    assert run.exit_code == 0, run.stderr
    assert rows(
        db_path,
        "SELECT slug, family, origin FROM indications WHERE origin = 'local' ORDER BY slug",
    ) == [
        ("dm-ild", "inflammatory_myopathies", "local"),
        ("my-group", "other", "local"),
        ("my-sub", "other", "local"),
        ("my-vasc", "vasculitis", "local"),
        ("my-vasc-sub", "vasculitis", "local"),
    ]
    assert rows(
        db_path, "SELECT count(*) FROM study_indications WHERE indication_slug = 'dm-ild'"
    ) == [(0,)]
    shown = ivig("show", "dm-ild", "-f", "json").json()[0]
    assert shown["family"] == "inflammatory_myopathies" and shown["parent"] == "dermatomyositis"


def test_the_map_shows_a_family_at_a_time_each_group_above_its_subtypes(
    ivig: Any, db_path: Path
) -> None:
    """Rows of one family together, in the vocabulary's order of families; every
    indication after its parent and before the next top-level row (a local family-less
    group and a subtype of it included: the rule, not the seed's rows)."""
    with sqlite3.connect(db_path) as conn:
        conn.executescript(
            "INSERT INTO indications (slug, name, relation_to_ra, parent_slug, family, origin) "
            "VALUES ('zz-my-group', 'My group', 'other_disease', NULL, 'vasculitis', 'local'), "
            "('zz-my-subtype', 'My subtype', 'other_disease', 'zz-my-group', 'vasculitis', "
            "'local');"
        )
    order = [row["indication"] for row in ivig("map", "-f", "json").json()]
    tree = {slug: (parent, family) for slug, parent, family in rows(
        db_path, "SELECT slug, parent_slug, family FROM indications")}  # fmt: skip
    assert sorted(order) == sorted(tree)
    families = [f.value for f in vocab.ConditionFamily]
    ranks = [families.index(tree[slug][1]) for slug in order]
    assert ranks == sorted(ranks), "a family's rows are together, in the vocabulary's order"
    assert order[0] == "ra"
    for position, slug in enumerate(order):
        parent = tree[slug][0]
        if parent is not None:
            assert order.index(parent) < position
            # Nothing but the parent's own subtree stands between the parent and it.
            between = order[order.index(parent) + 1 : position]
            assert all(tree[other][0] is not None for other in between), (slug, between)


def test_the_dossier_of_an_indication_with_nothing_prints_no_empty_table(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO indications (slug, name, relation_to_ra, parent_slug, family, origin) "
            "VALUES ('zz-nothing', 'A condition with nothing yet', 'other_disease', NULL, "
            "'other', 'local')"
        )
    empty = tmp_path / "empty.html"
    assert ivig("report", "-i", "zz-nothing", "--html", str(empty)).exit_code == 0
    page = empty.read_text(encoding="utf-8")
    assert "<th" not in page  # no headers over nothing
    assert page.count("none recorded yet") >= 3  # studies, positions, regimens
    full = tmp_path / "ra.html"
    assert ivig("report", "-i", "ra", "--html", str(full)).exit_code == 0
    assert "<th" in full.read_text(encoding="utf-8")  # tables where there are rows


def test_a_terminal_shows_no_header_over_nothing(
    db_path: Path, subprocess_env: dict[str, str]
) -> None:
    from tests.conftest import run_on_terminal

    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO indications (slug, name, relation_to_ra, parent_slug, family, origin) "
            "VALUES ('zz-nothing', 'A condition with nothing yet', 'other_disease', NULL, "
            "'other', 'local')"
        )
    env = {**subprocess_env, "IVIG_DB": str(db_path)}
    code, screen = run_on_terminal(["evidence", "-i", "zz-nothing"], env, columns=80)
    assert code == 0, screen
    assert "recorded yet for zz-nothing" in screen
    assert not any(
        line.split()[:3] == ["design", "study", "author"]
        for line in screen.splitlines()
        if line.split()
    )
    # Where there are rows, the header is there.
    code, screen = run_on_terminal(["evidence", "-i", "ra"], env, columns=200)
    assert code == 0 and any(
        line.split()[:3] == ["design", "study", "author"] for line in screen.splitlines()
    )


def test_a_dose_for_an_indication_with_no_regimen_says_there_is_nothing_to_compute(
    ivig: Any, db_path: Path
) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO indications (slug, name, relation_to_ra, parent_slug, family, origin) "
            "VALUES ('zz-nothing', 'A condition with nothing yet', 'other_disease', NULL, "
            "'other', 'local')"
        )
    run = ivig("dose", "-i", "zz-nothing", "--weight", "80")
    assert run.exit_code == 0
    assert "no dose regimens recorded for zz-nothing: nothing to compute at 80 kg" in run.stderr
    assert "dosing weight" not in run.stdout.lower()  # a weight with no dose to apply it to
