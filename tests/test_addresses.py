"""Release 2026.12.1's rules: every address public, no status stronger than its record,
every source's standing shown, authors as people.

Each rule is checked on the release and, where the seed cannot show the case, on a small
database built for it (a fixture of table files imported into a copy).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ivig_evidence.addresses import address_problem, mirror_kind

# Addresses of kinds the 2026.12.0 audit found standing in for records.
KNOWN_COPIES = (
    "https://proxy.weglot.com/wg_0/en/es/pubmed.ncbi.nlm.nih.gov/9631752",
    "https://onlinelibrary-wiley-com-443.webvpn.zafu.edu.cn/doi/10.1002/art.1780351004",
    "https://data.zhenzhi.com/details/1/987306853",
    "https://bohrium.dp.tech/paper/arxiv/37507851",
    "https://paperexplained.cn/articles/paper/detail/29a56",
    "https://scilit.net/publications/acf3002ef6defa74d10e58c92fc1213d",
    "https://api-pubmed-ncbi.laibokeji.com/1418003",
    "https://suppr.wilddata.cn/browses/detail/pubmed/21274538",
    "https://ouci.dntb.gov.ua/en/works/4MXj2Dd7",
    "https://ard.bmj.com/lookup/external-ref?access_num=7699642&link_type=MED",
)


def write_rows(path: Path, items: list[dict[str, Any]]) -> None:
    """A table file of one's own, as `ivig import DIR` reads it."""
    path.write_text(json.dumps(items), encoding="utf-8")


def rows(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def text_cells(db: Path) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text value in the database but the copies read."""
    found = []
    with sqlite3.connect(db) as conn:
        tables = [
            t
            for (t,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                "AND name NOT LIKE 'search_index%' AND name NOT IN ('summary_counts')"
            )
        ]
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            for column in columns:
                if (table, column) == ("publications", "read_at"):
                    continue  # provenance: where the copy read lay, never a link
                for (value,) in conn.execute(f'SELECT "{column}" FROM "{table}"'):
                    if isinstance(value, str):
                        found.append((table, column, value))
    return found


@pytest.mark.parametrize("address", KNOWN_COPIES)
def test_every_kind_of_copy_the_audit_found_is_recognised(address: str) -> None:
    assert mirror_kind(f"read at {address} on 2026-11-29")
    assert address_problem(address, None, None)


def test_canonical_addresses_are_not_copies() -> None:
    for address in (
        "https://pubmed.ncbi.nlm.nih.gov/8651966/",
        "https://doi.org/10.1002/art.1780390621",
        "https://www.blood.gov.au/pubs/ivig/conditions-for-which-IVIg-use-is-not-supported.html#cdn-32",
        "https://dailymed.nlm.nih.gov/dailymed/archives/fdaDrugInfo.cfm?archiveid=10743",
    ):
        assert mirror_kind(address) is None, address
    assert address_problem("https://pubmed.ncbi.nlm.nih.gov/8651966/", "8651966", None) is None
    assert "https://pubmed.ncbi.nlm.nih.gov/8651966/" in (
        address_problem("https://www.pubmed.gov/8651966/", "8651966", None) or ""
    )
    assert "https://doi.org/10.1/x" in (
        address_problem("https://x.org/10.1/x", None, "10.1/x") or ""
    )


def test_no_address_in_the_release_is_a_mirror_or_proxy(db_path: Path) -> None:
    cells = text_cells(db_path)
    assert len(cells) > 1000
    offending = [(t, c, v[:80]) for t, c, v in cells if mirror_kind(v)]
    assert offending == []
    # A translation proxy's account token is not kept anywhere, read_at included.
    assert rows(db_path, "SELECT count(*) FROM publications WHERE read_at LIKE '%weglot%'") == [
        (0,)
    ]


def test_every_publication_with_an_identifier_carries_its_canonical_address(
    db_path: Path,
) -> None:
    identified = rows(
        db_path,
        "SELECT id, pmid, doi, url FROM publications WHERE pmid IS NOT NULL OR doi IS NOT NULL",
    )
    assert len(identified) >= 18
    for pid, pmid, doi, url in identified:
        expected = f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else f"https://doi.org/{doi}"
        assert url == expected, pid
    # Records read elsewhere say where, beside the canonical address.
    assert rows(
        db_path, "SELECT read_at IS NOT NULL FROM publications WHERE id = 'silverman-1994'"
    ) == [(1,)]
    # The fragment the reference printed names the RA entry of the Australian criteria.
    (url,) = rows(db_path, "SELECT url FROM publications WHERE id = 'nba-ivig-criteria-2'")[0]
    assert url.endswith("#cdn-32")


def test_a_record_without_a_canonical_address_gives_no_link(ivig: Any, db_path: Path) -> None:
    """The intra-articular pilot was read only at an aggregator: no address is offered."""
    assert rows(
        db_path,
        "SELECT url, read_at LIKE '%scilit%' FROM publications "
        "WHERE id = 'intra-articular-igg-pilot'",
    ) == [(None, 1)]
    shown = ivig("show", "publication:intra-articular-igg-pilot", "-f", "json").json()
    assert shown[0]["url"] is None and "scilit" in shown[0]["read_at"]


def test_an_import_refuses_a_mirror_or_a_non_canonical_address(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    before = rows(db_path, "SELECT count(*) FROM publications")
    write_rows(
        folder / "publications.json",
        [
            {
                "id": "my-copy",
                "kind": "trial_report",
                "title": "A trial",
                "url": "https://scilit.net/publications/abc",
            },
            {
                "id": "my-pubmed",
                "kind": "trial_report",
                "pmid": "123456",
                "url": "https://www.pubmed.gov/123456/",
            },
            {
                "id": "my-people",
                "kind": "review",
                "author_list": '[{"name": "Smith"}]',
            },
        ],
    )
    run = ivig("import", str(folder))
    assert run.exit_code != 0
    assert (
        "publications row 1, url: https://scilit.net/publications/abc is an aggregator"
        in run.stderr
    )
    assert "https://pubmed.ncbi.nlm.nih.gov/123456/" in run.stderr
    assert "author_list[0]" in run.stderr
    assert "Traceback" not in run.stderr
    assert rows(db_path, "SELECT count(*) FROM publications") == before
    # The same rows with their public addresses and people go in.
    write_rows(
        folder / "publications.json",
        [
            {
                "id": "my-pubmed",
                "kind": "trial_report",
                "pmid": "123456",
                "url": "https://pubmed.ncbi.nlm.nih.gov/123456/",
                "read_at": "https://scilit.net/publications/abc",
                "author_list": '[{"family": "Smith", "given": "A."}]',
            }
        ],
    )
    done = ivig("import", str(folder))
    assert done.exit_code == 0, done.stderr
    cited = ivig("cite", "my-pubmed", "--format", "bibtex").stdout
    assert "author = {Smith, A.}" in cited


def test_a_study_imported_with_a_copy_for_its_address_is_refused(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    study = {
        "first_author": "Nowak",
        "year": 2024,
        "design": "rct",
        "population": "ra",
        "direction": "benefit",
        "indications": ["ra"],
        "citation": {"title": "A trial", "doi": "10.1/abc", "url": "https://bohrium.dp.tech/x"},
    }
    path = tmp_path / "study.json"
    path.write_text(json.dumps([study]), encoding="utf-8")
    run = ivig("import", str(path))
    assert run.exit_code != 0
    assert "citation.url" in run.stderr and "an aggregator" in run.stderr
    assert rows(db_path, "SELECT count(*) FROM studies WHERE first_author = 'Nowak'") == [(0,)]


# ------------------------------------------------------------------ statuses


def test_no_status_stronger_than_its_record(db_path: Path) -> None:
    """The four judgements the audit found stronger than their records, each unconfirmed
    with the comparison in its note."""
    judged = dict(
        rows(
            db_path,
            "SELECT id, status FROM statements WHERE id IN ('st-dose-ra-high-dose-open-term', "
            "'st-cl-articular-efficacy-inferior', 'st-pos-nba-australia-ra-1')",
        )
    )
    assert judged == dict.fromkeys(judged, "unconfirmed") and len(judged) == 3
    (term,) = rows(
        db_path, "SELECT status_note FROM statements WHERE id = 'st-dose-ra-high-dose-open-term'"
    )[0]
    assert "Muscat 1995" in term and "high doses" in term
    (note,) = rows(db_path, "SELECT note FROM positions WHERE id = 'nba-australia-ra'")[0]
    assert "recommend no treatment" not in note and "not read" in note
    (seeling,) = rows(
        db_path, "SELECT status_note FROM statements WHERE id = 'st-ref-seeling-2023'"
    )[0]
    assert "unconfirmed: the volume" in seeling


def test_a_record_reading_applies_only_where_its_record_was_read(ivig: Any, db_path: Path) -> None:
    """The Still's disease review's per-course reading is not carried to RA subgroups."""
    assert rows(
        db_path,
        "SELECT DISTINCT ri.indication_slug FROM regimen_indications ri "
        "JOIN dose_regimens r ON r.id = ri.regimen_id WHERE r.record_reading IS NOT NULL "
        "AND r.context = 'suggested'",
    ) == [("aosd",)]
    for slug in ("ra-pregnancy", "ra-infection", "ra-vasculitis", "rhupus"):
        regimens = ivig("dose", "-i", slug, "-w", "70", "-f", "json").json()
        course = [r for r in regimens if r["text"] == "0.4-2 g/kg/day for 2-5 days"]
        assert course and all(r["reading"] == "ambiguous: see readings" for r in course), slug
    aosd = ivig("dose", "-i", "aosd", "-w", "70", "-f", "json").json()
    (reviewed,) = [r for r in aosd if r["id"] == "suggested-high-dose-course"]
    assert reviewed["reading"] != "ambiguous: see readings"
    assert reviewed["course_grams_high"] == 140


def test_a_checked_but_unsettled_term_is_still_shown_beside_the_dose(ivig: Any) -> None:
    regimens = ivig("dose", "-i", "ra", "--weight", "70", "-f", "json", "--all").json()
    (called_high,) = [r for r in regimens if r["id"] == "ra-high-dose-open-dose"]
    notes = [w for w in called_high["warnings"] if "unconfirmed by the records read" in w]
    assert notes and "400 mg/kg/day" in notes[0]


# ------------------------------------------------------------------ standing


def test_every_position_shows_its_standing_and_check(ivig: Any) -> None:
    positions = {p["id"]: p for p in ivig("positions", "-f", "json").json()}
    assert positions["privigen-us-label-ra"]["standing"] == "regulatory label"
    assert positions["privigen-us-label-ra"]["check_status"] == "confirmed"
    assert positions["nba-australia-ra"]["standing"] == "funding criteria"
    assert positions["droracle-ra"]["standing"] == "secondary article"
    assert "pending human review" in positions["droracle-ra"]["standing_note"]
    assert positions["fda-ra"]["standing"] == "reported by a secondary article"
    assert all(p["standing"] != "not recorded" for p in positions.values())
    table = ivig("positions", "-i", "ra", "-f", "csv").stdout.splitlines()
    assert "standing" in table[0] and "check" in table[0]


@pytest.mark.parametrize("slug", ["ra-pregnancy", "ra-infection", "ra-vasculitis", "rhupus"])
def test_where_only_a_secondary_article_speaks_the_bottom_line_says_so(
    ivig: Any, slug: str
) -> None:
    profile = ivig("evidence", "-i", slug, "-f", "json").json()[0]
    assert "Only a secondary article" in profile["standing_warning"]
    assert "droracle-2025" in profile["standing_warning"]
    assert {line["standing"] for line in profile["bottom_line"]} == {"secondary article"}
    shown = ivig("evidence", "-i", slug).stdout
    assert "Only a secondary article" in shown


def test_where_a_body_speaks_there_is_no_such_warning(ivig: Any) -> None:
    for slug in ("ra", "aosd", "ra-ild"):
        profile = ivig("evidence", "-i", slug, "-f", "json").json()[0]
        assert profile["standing_warning"] is None, slug


def test_a_body_added_beside_the_article_lifts_the_warning(
    ivig: Any, db_path: Path, tmp_path: Path
) -> None:
    """The rule, not the seed: a funding body's position on rhupus ends 'only a secondary
    article'."""
    folder = tmp_path / "body"
    folder.mkdir()
    write_rows(
        folder / "publications.json",
        [
            {
                "id": "local-criteria",
                "kind": "funding_criteria",
                "title": "Our criteria",
                "author_list": '[{"literal": "Our Health Board"}]',
            }
        ],
    )
    write_rows(
        folder / "positions.json",
        [
            {
                "id": "local-criteria-rhupus",
                "kind": "funding_criteria",
                "body": "Our Health Board",
                "indication_slug": "rhupus",
                "stance": "not_supported",
                "wording": "Not funded.",
                "publication_id": "local-criteria",
            }
        ],
    )
    write_rows(
        folder / "statements.json",
        [
            {
                "id": "st-local-criteria-rhupus",
                "document_id": "local-criteria",
                "quote": "Not funded.",
                "status": "unconfirmed",
                "position_id": "local-criteria-rhupus",
            }
        ],
    )
    imported = ivig("import", str(folder))
    assert imported.exit_code == 0, imported.stderr
    profile = ivig("evidence", "-i", "rhupus", "-f", "json").json()[0]
    assert profile["standing_warning"] is None
    standings = {p["id"]: p["standing"] for p in profile["positions"]}
    assert standings["local-criteria-rhupus"] == "funding criteria"
    cited = ivig("cite", "local-criteria", "--format", "bibtex").stdout
    assert "author = {{Our Health Board}}" in cited


# ------------------------------------------------------------------ authors


def test_references_name_people_as_the_record_lists_them(ivig: Any) -> None:
    cited = ivig(
        "cite",
        "tumiati-1992",
        "uziel-1996",
        "shen-wang-ra-ild",
        "nba-ivig-criteria-2",
        "droracle-2025",
        "--format",
        "bibtex",
    ).stdout
    assert (
        "author = {Tumiati, Bruno and Casoli, Patrizia and Veneziani, Maura and Rinaldi, Gabriele}"
        in cited
    )
    assert (
        "author = {Uziel, Yosef and Laxer, Ronald M. and Schneider, Rayfel and Silverman, Earl D.}"
        in cited
    )
    assert "author = {Shen, Xiaoxia and Wang, Fei}" in cited
    assert "author = {{National Blood Authority}}" in cited
    assert "author = {{Dr.Oracle}}" in cited  # a web article cited by its publisher
    csl = ivig("cite", "tumiati-1992", "privigen-us-label-archived", "--format", "csl-json").json()
    assert csl[0]["author"][1] == {"family": "Casoli", "given": "Patrizia"}
    assert csl[1]["author"] == [{"literal": "CSL Behring AG"}]


def test_the_dossier_shows_standing_check_and_the_warning(ivig: Any) -> None:
    page = ivig("report", "-i", "rhupus", "--html", "-").stdout
    positions = page[page.index('id="positions"') :]
    assert '<th scope="col">standing</th><th scope="col" class="key">checked</th>' in positions
    unconfirmed = '<span class="status unconfirmed">unconfirmed</span>'  # colour and word
    assert f'<td>secondary article</td><td class="key">{unconfirmed}</td>' in positions
    bottom = page[page.index('id="bottom-line"') : page.index('id="studies"')]
    assert "Only a secondary article takes a position on" in bottom
    assert "(secondary article)" in bottom
    aosd = ivig("report", "-i", "aosd", "--html", "-").stdout
    confirmed = '<span class="status confirmed">confirmed</span>'
    assert f'<td>regulatory label</td><td class="key">{confirmed}</td>' in aosd
    assert "Only a secondary article" not in aosd


def test_indications_name_each_positions_standing(ivig: Any) -> None:
    listed = {i["slug"]: i for i in ivig("indications", "-f", "json").json()}
    aosd = {p["body"]: p for p in listed["aosd"]["positions"]}
    label = aosd["US prescribing information of Privigen (CSL Behring AG)"]
    assert (label["standing"], label["check_status"]) == ("regulatory label", "confirmed")
    assert {p["standing"] for p in listed["rhupus"]["positions"]} == {"secondary article"}
    assert "(secondary article, unconfirmed)" in ivig("indications", "-f", "csv").stdout
